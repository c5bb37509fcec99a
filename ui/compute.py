"""The app's bounded caches around `core`, and its one torch.set_num_threads.

Streamlit hashes the (frozen, hashable) spec and config, so revisiting a
setting is a dictionary look-up. Caches are bounded by entries and age so
that thirty students cannot grow the server's memory without limit.
"""

from __future__ import annotations

import os

import pandas as pd
import streamlit as st
import torch

from core import NetSpec, TrainConfig, TrainResult, probe_gradients, train_mlp

# Imported once per server process, so this runs once. Two threads at most:
# Streamlit Community Cloud gives 2 shared cores, and more threads than cores
# makes PyTorch's thread pool spin against other sessions.
torch.set_num_threads(min(2, os.cpu_count() or 1))

CACHE = dict(max_entries=256, ttl=3600, show_spinner=False)


@st.cache_data(**CACHE)
def probe(spec: NetSpec) -> pd.DataFrame:
    return probe_gradients(spec)


@st.cache_data(max_entries=64, ttl=3600, show_spinner=False)
def train(spec: NetSpec, config: TrainConfig) -> TrainResult:
    return train_mlp(spec, config)
