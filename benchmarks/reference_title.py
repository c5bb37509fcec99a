"""The floor of `bench_browser.py --links`: a Streamlit page that draws only a
title. Its time from navigation start to the painted title is what loading
Streamlit's frontend, opening the websocket and one trivial script run cost on
this machine, before any of the app's own work."""

import streamlit as st

st.title("Reference")
