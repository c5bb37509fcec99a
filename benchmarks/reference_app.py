"""The trivial reference for bench_browser.py: one slider, one Altair line
chart of 20 points. Its interaction latency is the floor any page pays for a
Streamlit rerun plus a chart repaint on this machine."""

import altair as alt
import numpy as np
import pandas as pd
import streamlit as st

scale = st.slider("Scale", 1, 100, 50)
x = np.arange(20)
st.altair_chart(alt.Chart(pd.DataFrame({"x": x, "y": scale * np.sin(x / 3)})).mark_line().encode(x="x:Q", y="y:Q"), width="stretch")
