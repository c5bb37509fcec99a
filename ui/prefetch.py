"""Compute the next slider move's result while the server is idle.

A teacher drags a slider one step at a time (arrow keys move it exactly one
step), so the next value asked for is most likely a neighbour of the current
one, of the slider moved last (`moved`). A page names those neighbours
(`around`) with `request(cached_function, args...)`;
one background thread calls the cached function for them, filling the same
bounded `st.cache_data` cache the next script run reads, so the move after
this one is a cache hit (RNN page, default settings: about 150 ms of probes
per move saved; benchmarks/README.md).

It works in idle time. `foreground()` wraps every script run (the whole
page in dashboard.py, a section in frame.fragment); a request starts only
while no run is in progress and the server is not busy (see BUSY_RUNS).
Requests are computed one at a time, newest first (the value just left is
already cached: asking for it again is a look-up), and at most
`MAX_PENDING` wait, the oldest dropped first. A request already started
finishes even if a run begins (at most HEAVY_SECONDS: heavier work is not
prefetched, ui.compute.heavy_when). A request that fails is dropped: the
run that asks for it for real reports the error.

Off until the app's entry point turns it on (`enable()`), so a page run alone
(AppTest, a notebook) computes exactly what it shows and nothing else.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict, deque
from contextlib import contextmanager
from decimal import Decimal
from typing import Callable, Hashable, Iterable, Iterator

MAX_PENDING = 8
# A busy server (a class moving sliders together) has no idle time to spare:
# prefetching then delays the runs students are waiting for (30 sessions
# moving every second: median 0.97 s against 0.71 s without it). So nothing
# starts while more than BUSY_RUNS runs began in the last BUSY_SECONDS (one
# teacher dragging a slider starts about 3 a second), and a request not
# started within STALE_SECONDS is dropped.
BUSY_RUNS, BUSY_SECONDS = 8, 2.0
STALE_SECONDS = 5.0

_log = logging.getLogger(__name__)


class Prefetcher:
    """One background thread computing requests while no script runs."""

    def __init__(self, max_pending: int = MAX_PENDING) -> None:
        self.max_pending = max_pending
        self.enabled = False
        self._condition = threading.Condition()
        self._pending: OrderedDict[tuple, tuple[Callable, tuple, float]] = OrderedDict()  # (function, args) -> (function, args, asked at); newest last
        self._running_scripts = 0
        self._run_starts: deque[float] = deque(maxlen=BUSY_RUNS + 1)  # monotonic times
        self._worker: threading.Thread | None = None

    def enable(self) -> None:
        self.enabled = True

    @contextmanager
    def foreground(self) -> Iterator[None]:
        """Wrap a script run: no prefetching while it runs."""
        with self._condition:
            self._running_scripts += 1
            self._run_starts.append(time.monotonic())
        try:
            yield
        finally:
            with self._condition:
                self._running_scripts -= 1
                self._condition.notify_all()

    def request(self, function: Callable, arg_sets: Iterable[tuple[Hashable, ...]]) -> None:
        """Call `function(*args)` for each args in `arg_sets` when the server
        is idle; `function` is a cached function (or calls some: Residual's
        compute.residual_flow), so its result lands in the cache the next run
        reads."""
        if not self.enabled:
            return
        with self._condition:
            for args in arg_sets:
                key = (function, args)
                self._pending.pop(key, None)
                self._pending[key] = (function, args, time.monotonic())
            while len(self._pending) > self.max_pending:
                self._pending.popitem(last=False)
            if self._worker is None:
                self._worker = threading.Thread(target=self._work, name="prefetch", daemon=True)
                self._worker.start()
            self._condition.notify_all()

    def pending(self) -> int:
        with self._condition:
            return len(self._pending)

    def _idle(self) -> bool:
        now = time.monotonic()
        while self._pending and now - next(iter(self._pending.values()))[2] > STALE_SECONDS:
            self._pending.popitem(last=False)
        busy = len(self._run_starts) > BUSY_RUNS and now - self._run_starts[0] < BUSY_SECONDS
        return bool(self._pending) and self._running_scripts == 0 and not busy

    def _work(self) -> None:
        while True:
            with self._condition:
                while not self._idle():
                    self._condition.wait(timeout=0.25)  # also re-checks as runs age out of the busy window
                _, (function, args, _) = self._pending.popitem(last=True)
            try:
                function(*args)
            except Exception:  # the run that needs it raises it where the user sees it
                _log.debug("prefetch of %r%r failed", function, args, exc_info=True)


def around(value: float, step: float, low: float, high: float) -> list:
    """The values one slider step either side of `value`, within [low, high].
    A float step's neighbours are rounded to the step's decimals, as the
    browser's slider rounds a move (to k / 100 for a step of 0.01, where
    0.05 + 0.01 would be 0.060000000000000005): they are then the very
    cache keys the next move asks for."""
    if isinstance(step, int) and isinstance(value, int):
        neighbours = (value + step, value - step)
    else:
        decimals = max(0, -Decimal(repr(step)).as_tuple().exponent)
        neighbours = (round(value + step, decimals), round(value - step, decimals))
    return [neighbour for neighbour in neighbours if low <= neighbour <= high]


def moved(section: str, **values: Hashable) -> list[str]:
    """The names among `values` (a section's sliders, name=value) whose
    value changed since this session's last run of `section`, or all of
    them when none did (a first visit, another control moved): the sliders
    whose neighbours are worth computing ahead. A teacher drags one slider
    at a time, so a drag asks for one slider's neighbours per move."""
    import streamlit as st

    key = f"_prefetch_last_{section}"
    last = st.session_state.get(key, {})
    st.session_state[key] = values
    return [name for name, value in values.items() if last.get(name) != value] or list(values)


# The server's one prefetcher.
_server = Prefetcher()
enable, foreground, request = _server.enable, _server.foreground, _server.request
