"""The app's bounded caches around `core`, and its one torch.set_num_threads.

Streamlit hashes the (frozen, hashable) spec and config, so revisiting a
setting is a dictionary look-up. Caches are bounded by entries and age so
that thirty students cannot grow the server's memory without limit.

Training runs take about a second, so they show a progress bar while they
run. They are cached in `RunCache` (shared by all sessions, bounded) rather
than `st.cache_data`, so that the progress bar lives outside the cached
function, and at most `TRAINING_SLOTS` runs train at once: a class that
starts thirty runs together waits in a visible queue instead of slowing
everyone's sliders down.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from typing import Callable, Hashable

import pandas as pd
import streamlit as st
import torch

from core import NetSpec, TrainConfig, TrainResult, probe_gradients, train_mlp
from ui.i18n import t

# Imported once per server process, so this runs once. Two threads at most:
# Streamlit Community Cloud gives 2 shared cores, and more threads than cores
# makes PyTorch's thread pool spin against other sessions.
torch.set_num_threads(min(2, os.cpu_count() or 1))

TRAINING_SLOTS = 2  # training runs computed at the same time, server-wide


@st.cache_data(max_entries=256, ttl=3600, show_spinner=False)
def probe(spec: NetSpec) -> pd.DataFrame:
    return probe_gradients(spec)


class RunCache:
    """A thread-safe LRU of finished runs, with at most `slots` computing.

    Two sessions asking for the same run while it trains wait for the one
    computation instead of starting a second.
    """

    def __init__(self, max_entries: int, slots: int) -> None:
        self.max_entries = max_entries
        self._results: OrderedDict[Hashable, object] = OrderedDict()
        self._key_locks: dict[Hashable, threading.Lock] = {}
        self._lock = threading.Lock()
        self._slots = threading.BoundedSemaphore(slots)

    def get(self, key: Hashable):
        with self._lock:
            if key in self._results:
                self._results.move_to_end(key)
                return self._results[key]
        return None

    def compute(self, key: Hashable, work: Callable[[], object], on_wait: Callable[[], None] = lambda: None):
        with self._lock:
            key_lock = self._key_locks.setdefault(key, threading.Lock())
        with key_lock:
            cached = self.get(key)
            if cached is not None:
                return cached
            if not self._slots.acquire(blocking=False):
                on_wait()
                self._slots.acquire()
            try:
                result = work()
            finally:
                self._slots.release()
            with self._lock:
                self._results[key] = result
                while len(self._results) > self.max_entries:
                    self._results.popitem(last=False)
                self._key_locks.pop(key, None)
            return result


@st.cache_resource
def _runs() -> RunCache:
    return RunCache(max_entries=64, slots=TRAINING_SLOTS)


def cached_run(key: Hashable, work: Callable[[Callable[[int, int], None]], object], label: str):
    """`work(progress)` once per `key`, server-wide, with a progress bar.

    `progress(step, steps, history)` is called by the training loop; the
    bar is updated every 5% and removed when the run is done.
    """
    runs = _runs()
    cached = runs.get(key)
    if cached is not None:
        return cached
    bar = st.progress(0.0, text=label)
    last = [-1]

    def progress(step: int, steps: int, history: list[dict]) -> None:
        percent = 100 * step // steps
        if percent // 5 != last[0] // 5:
            last[0] = percent
            bar.progress(step / steps, text=f"{label} {step}/{steps}")

    try:
        return runs.compute(key, lambda: work(progress), on_wait=lambda: bar.progress(0.0, text=t("frame.queued")))
    finally:
        bar.empty()


def train(spec: NetSpec, config: TrainConfig) -> TrainResult:
    return cached_run(("mlp", spec, config), lambda progress: train_mlp(spec, config, progress), t("frame.training"))
