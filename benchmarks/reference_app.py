"""The trivial reference for bench_browser.py: one slider, one Altair line
chart of 20 points. Its interaction latency is the floor any page pays for a
Streamlit rerun plus a chart repaint on this machine. Drawn on a canvas, as
the app's charts are (ui/charts.py), so that both pay the same renderer and
bench_browser sees its redraws the same way."""

import altair as alt
import numpy as np
import pandas as pd
import streamlit as st

scale = st.slider("Scale", 1, 100, 50, key="scale")
x = np.arange(20)
chart = alt.Chart(pd.DataFrame({"x": x, "y": scale * np.sin(x / 3)})).mark_line().encode(x="x:Q", y="y:Q")
st.altair_chart(chart.properties(usermeta={"embedOptions": {"renderer": "canvas"}}), width="stretch")
