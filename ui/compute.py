"""The app's bounded caches around `core`, and its one torch.set_num_threads.

The (frozen, hashable) spec and config are the cache keys, so revisiting a
setting is a dictionary look-up. Caches are bounded by bytes or entries,
and age, so that thirty students cannot grow the server's memory without
limit.

Probes at the largest settings take seconds: they run in the heavy lane
(a `Lane`), at most `HEAVY_SLOTS` at once server-wide and at a lower
priority, so that sessions asking for them take a bounded share of the
machine from the other sessions' light moves, which never wait for them.
A session's newer request (a slider moved on, a rerun) or its disconnect
cancels the heavy computation it waits for, at the next layer boundary,
unless another session waits for the same one (`Flights`, core.cancel);
a section's heavy computation starts once its slider has settled
(SECTION_SETTLE_SECONDS): a drag of twenty largest values, a move every
0.4 s, cost the server 5.1-5.2 s of CPU instead of 9.1-10.1 s
(benchmarks/bench_drag.py, 2026-12-02). The lane's
computations together hold at most `HEAVY_MEMORY_BYTES` of estimated peak
memory (`MemoryBudget`; the estimates are within 0.81-1.30x of measured
peaks, `bench_memory.py --estimates`, 2026-12-02). Probe results are cached server-wide in a `ResultCache` bounded by
bytes.

Training runs take from a second to a minute, so they show a progress bar
with the step count and the time left, estimated from the running job's
own time per step. They are cached in `RunCache` (shared by all sessions,
bounded) rather than `st.cache_data`, so that the progress bar lives
outside the cached function. They train in two lanes by estimated cost
(`Job`): small runs at most `SMALL_TRAINING_SLOTS` at once, large ones one
at a time at a lower priority, each with a visible queue, so a class that
starts thirty runs together does not slow everyone's sliders down and a
default run never waits behind the largest settings. A run stops after its
current step when its reader leaves.
"""

from __future__ import annotations

import contextlib
import contextvars
import ctypes
import ctypes.util
import functools
import os
import pickle
import threading
import time
from collections import OrderedDict, deque
from dataclasses import dataclass, replace
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import wait as wait_for
from typing import Callable, Hashable

import pandas as pd
import streamlit as st
import torch
from streamlit.runtime.scriptrunner import get_script_run_ctx
from streamlit.runtime.scriptrunner_utils.script_requests import ScriptRequestType

from core import (
    NetSpec, RecurrentSpec, RecurrentTrainConfig, RecurrentTrainResult, TrainConfig, TrainResult,
    compare_probe, first_to_last, probe_gradients, probe_recurrent, train_mlp, train_recurrent,
)
from core import symmetry, theory
from core.cancel import Cancelled, stop_when
from core.claims import remedies as remedies_claims_module
from core.claims import residual as residual_claims
from core.phase import critical_lines as _critical_lines
from core.phase import phase_diagram
from core.checks import MAX_PROBE_UNITS
from core.nets import ORTHOGONAL_FACTORS
from core.probe import PROBE_BATCH, grad_theory
from core.recurrent import GATES
from core.residual import GRADIENT, stream_gradients_by_depth
from core.transformer import TransformerSpec, compare_variants
from core.symmetry import SymmetryConfig
from ui import prefetch
from ui.i18n import t
from ui.views import training_history

# Imported once per server process, so this runs once. One intra-op thread:
# these nets are small, so a second thread mostly adds synchronisation (the
# three-cell race: 16 s with one thread, 21 s with two, on 2 cores), and with
# several sessions each one keeps a core busy in its own Streamlit thread
# instead of two sessions fighting over one thread pool. Only the largest
# probe (depth 100, width 512) gains from two threads: 0.62 s instead of 0.47 s.
torch.set_num_threads(1)



CACHE = dict(max_entries=256, ttl=3600, show_spinner=False)
STREAM_EVERY = 20  # steps between redraws of a streaming chart

# glibc keeps the heap a large computation freed for later use, so the
# server's memory only ever grew: after ten depth-100, width-512 probes its
# RSS stayed at 571 MB; handing the free pages back (malloc_trim) brings it
# to 313 MB, for 50 ms after such a probe and under 1 ms after a small one
# (the call releases the GIL). None where there is no glibc (macOS, Windows).
_LIBC_PATH = ctypes.util.find_library("c")
_MALLOC_TRIM = getattr(ctypes.CDLL(_LIBC_PATH), "malloc_trim", None) if _LIBC_PATH else None


# Tensors of 1 MiB and more (a 512 x 512 float32 weight or its gradient, a
# float64 copy) are given their own memory map, returned to the system when
# freed, instead of glibc's heap, whose default threshold grows to 32 MiB
# after the first such free and then keeps freed 1-2 MiB blocks that the
# next computation of another shape cannot reuse: a largest Vanishing link
# after an RNN one peaked at 841-856 MB of server RSS, 594-613 MB with this.
# It costs the largest settings 10-20% more CPU time (depth 100 x width 512
# probe 2.3-2.5 -> 2.5-3.1 s; three training steps 2.5-2.8 -> 2.9-3.2 s);
# default settings' tensors are far smaller and unaffected.
_M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES = -3, 2**20
if _LIBC_PATH and hasattr(ctypes.CDLL(_LIBC_PATH), "mallopt"):
    ctypes.CDLL(_LIBC_PATH).mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES)


def release_memory() -> None:
    """Return the heap's free pages to the operating system."""
    if _MALLOC_TRIM is not None:
        _MALLOC_TRIM(0)


# Idle time gives memory back. core.nets.ORTHOGONAL_FACTORS (up to 101 MiB) serves a slider
# moved on the same orthogonal net (a rebuild at another gain: 1.9 s -> 0.2 s), moves seconds
# apart. It keeps a net's factors only from its second build on, so links with new seeds
# (each built once) no longer fill it (through 200 distinct largest links they held a server
# at 621 MB after 30 s idle, target 600; benchmarks/README.md); the factors of a net whose
# slider was moved and then left are dropped once unused for IDLE_FACTOR_SECONDS.
IDLE_FACTOR_SECONDS, IDLE_CHECK_SECONDS = 20.0, 5.0


@st.cache_resource
def start_idle_trim() -> threading.Thread:
    """Once per server process (dashboard.py): a daemon thread that drops unused
    orthogonal factors and returns the freed pages to the system."""
    def trim() -> None:
        while True:
            time.sleep(IDLE_CHECK_SECONDS)
            if ORTHOGONAL_FACTORS.expire(IDLE_FACTOR_SECONDS):
                release_memory()

    thread = threading.Thread(target=trim, name="idle-trim", daemon=True)
    thread.start()
    return thread


def returns_memory(work: Callable) -> Callable:
    """`work`, then release_memory(): for computations whose tensors and
    autograd graphs are freed when they return."""
    @functools.wraps(work)
    def wrapper(*args, **kwargs):
        try:
            return work(*args, **kwargs)
        finally:
            release_memory()
    return wrapper


# --- the heavy lane ---------------------------------------------------------------------
# Five students moving sliders at default settings: p95 0.32-0.45 s; beside
# three sessions opening distinct largest configurations, 0.9-1.8 s (2.96-4.96x;
# with the lane 1.10-2.28x: benchmarks/README.md): every computation ran at
# once, each heavy one in its session's thread, taking a core from the light
# ones. Now a computation estimated over HEAVY_SECONDS runs in the heavy
# lane: HEAVY_SLOTS worker threads (half the cores), at a lower scheduling
# priority (HEAVY_NICENESS: the kernel runs the light work first), first
# come, first served; light computations never wait. A session has one
# script run at a time, so it waits for at most one heavy computation, and
# sessions asking for the same one share it (Flights). A waiting run that
# Streamlit interrupts leaves at its next check (every POLL_SECONDS): a
# full rerun of the page (a link, a control outside the sections, a preset)
# raises RerunException there, a disconnect StopException; a slider moved
# again in a section, which Streamlit would fold into one run after the
# current one, is made to interrupt it (preempt_by_newer_section_run). A
# computation whose last waiter has left is cancelled: out of the queue,
# or stopped at its next layer, block or time step (core.cancel), so
# dragging a slider through twenty values costs one computation, not two
# (or twenty), and a closed page's costs nothing more.
HEAVY_SECONDS = 0.3  # a computation estimated over this (on one core) takes the heavy lane (see mlp_probe_seconds)
HEAVY_SLOTS = max(1, (os.cpu_count() or 2) // 2)  # heavy computations at once, server-wide
# A light task (five default probes and a JSON table) took 63-77 ms alone,
# 143-244 ms beside an LSTM 300 x 256 probe in a thread of the same process at
# the same priority, 66-91 ms beside it at niceness +10 (the GIL costs little).
HEAVY_NICENESS = 10  # added to the lane's threads' nice value (Linux; 19 is the lowest priority)
POLL_SECONDS = 0.2  # a queued run checks this often whether it was superseded or stopped
# A section's heavy computation starts only after this long without a newer
# move of the section: a drag sends a move every 0.1-0.2 s, and a probe
# started for each, then cancelled by the next, cost as much as the moves
# Streamlit would fold (bench_drag.py, 20 moves 0.15 s apart: 3.4 s of CPU
# against main's 2.6-2.8 s; with this, 2.2-2.5 s against 2.5-3.2 s). Moves
# further apart still start a probe each, cancelled 0.15 s later.
SECTION_SETTLE_SECONDS = 0.25


class NotPrefetched(RuntimeError):
    """Heavy work asked for outside a script run (the prefetch thread): it is
    computed only for a page that asks for it."""


def _name_and_lower_priority(name: str, niceness: int) -> None:
    """Name the calling thread for the operating system (so that `top -H`
    and tests can tell a lane's threads apart) and lower its scheduling
    priority (on Linux both belong to the thread; elsewhere, or if
    refused, nothing)."""
    libc = ctypes.CDLL(_LIBC_PATH) if _LIBC_PATH else None
    if libc is not None and hasattr(libc, "prctl"):
        libc.prctl(15, name.encode()[:15], 0, 0, 0)  # PR_SET_NAME: at most 15 bytes
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), os.getpriority(os.PRIO_PROCESS, 0) + niceness)
    except (AttributeError, OSError):
        pass


class Lane:
    """`slots` worker threads computing what callers hand them, first come,
    first served. A caller whose work is still queued calls `check()` every
    `poll` seconds: an exception from it (Streamlit interrupting the run)
    cancels the queued work and reaches the caller. Work that can stop
    part-way (a training run, between two steps) is checked while it runs
    too, and told to stop by `cancel()`."""

    def __init__(self, slots: int, niceness: int = HEAVY_NICENESS, name: str = "lab-heavy") -> None:
        self._pool = ThreadPoolExecutor(slots, thread_name_prefix=name, initializer=_name_and_lower_priority, initargs=(name, niceness))
        self.slots = slots
        self._lock = threading.Lock()
        self._in_lane = 0  # queued or running

    def busy(self) -> bool:
        with self._lock:
            return self._in_lane >= self.slots

    def run(self, work: Callable[[], object], on_wait: Callable[[], None] = lambda: None,
            on_start: Callable[[], None] = lambda: None, check: Callable[[], None] = lambda: None,
            poll: float = POLL_SECONDS, on_poll: Callable[[], None] = lambda: None, cancel: Callable[[], None] | None = None):
        """`work()` in the lane; its result or exception. `on_wait()` is called once if the
        work has to wait for a slot, `on_start()` when it then starts,
        `on_poll()` every `poll` seconds in the caller's thread (to draw
        progress). With `cancel`, started work is checked too and cancelled
        by it; without, started work is waited for."""
        future = self.submit(work)
        queued = False  # on_wait() called, on_start() not yet
        try:
            while not wait_for([future], timeout=poll).done:
                on_poll()
                if future.running() or future.done():
                    if queued:
                        queued = False
                        on_start()
                    if cancel is None:
                        continue
                elif not queued:
                    queued = True
                    on_wait()
                check()
        # Superseded or stopped (Streamlit's control exceptions are BaseExceptions), raised by
        # check() or by any drawing (on_poll, on_wait, on_start: Streamlit raises them wherever
        # the page draws): a training run that kept going after its page's progress bar raised
        # one was the bug the browser test found.
        except BaseException:
            if not future.cancel() and cancel is not None:  # started: stop it at its next step
                cancel()
            raise  # work that cannot stop finishes and is discarded
        if queued:
            on_start()
        return future.result()

    def submit(self, work: Callable[[], object]) -> Future:
        """`work()` queued in the lane; its Future (cancel() takes it out of the queue)."""
        with self._lock:
            self._in_lane += 1
        future = self._pool.submit(work)
        future.add_done_callback(self._left)
        return future

    def _left(self, _future: Future) -> None:
        with self._lock:
            self._in_lane -= 1


@st.cache_resource
def _lane() -> Lane:
    return Lane(HEAVY_SLOTS)


# The context of the page's call into a cached function (see shows_waiting):
# what the heavy lane draws there is drawn in the page, not recorded into the
# cached result (st.cache_data replays what a cached function draws).
_PAGE_CONTEXT: contextvars.ContextVar[contextvars.Context | None] = contextvars.ContextVar("page_context", default=None)


def shows_waiting(cached: Callable) -> Callable:
    """Outermost decorator of a cached function that may take the heavy
    lane: keeps the caller's context, where the waiting notice is drawn."""
    @functools.wraps(cached)
    def call(*args):
        if _PAGE_CONTEXT.get() is not None:  # called from another such function: the page's context is kept
            return cached(*args)
        token = _PAGE_CONTEXT.set(contextvars.copy_context())
        try:
            return cached(*args)
        finally:
            _PAGE_CONTEXT.reset(token)

    call.clear = cached.clear
    return call


# The heavy lane's computations together may hold at most HEAVY_MEMORY_BYTES
# of estimated peak memory (the *_probe_bytes estimates below): with one slot
# (2 cores) the slot binds first, the budget on larger machines (8 slots
# could otherwise hold eight largest probes, 1.6 GB). Training runs have
# their own lanes and are not budgeted: the largest (850 MB) would then run
# alone and hold every heavy probe back for its 110 s.
HEAVY_MEMORY_BYTES = 400 * 2**20


class MemoryBudget:
    """Computations whose estimated peak bytes add up to at most `max_bytes`
    at once: a computation waits, first come first served, until its
    estimate fits beside those running; one estimated over the whole budget
    counts as the whole budget, so it runs alone (never refused).
    `peak_held` (for tests) is the most ever held at once."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.held = self.peak_held = 0
        self._condition = threading.Condition()
        self._queue: deque[object] = deque()  # tickets of the waiting computations, first come first

    @contextlib.contextmanager
    def hold(self, peak_bytes: float, should_stop: Callable[[], bool] = lambda: False, poll: float = POLL_SECONDS):
        """Within the block, `peak_bytes` of the budget are held; waiting for
        them raises Cancelled once `should_stop()` (checked every `poll` s)."""
        nbytes, ticket = min(int(peak_bytes), self.max_bytes), object()
        with self._condition:
            self._queue.append(ticket)
            try:
                while self._queue[0] is not ticket or self.held + nbytes > self.max_bytes:
                    if should_stop():
                        raise Cancelled
                    self._condition.wait(poll)
            finally:
                self._queue.remove(ticket)
                self._condition.notify_all()
            self.held += nbytes
            self.peak_held = max(self.peak_held, self.held)
        try:
            yield
        finally:
            with self._condition:
                self.held -= nbytes
                self._condition.notify_all()


class Flight:
    """One computation in a lane and the number of callers waiting for it."""

    def __init__(self) -> None:
        self.waiters = 1
        self.cancelled = threading.Event()  # set when its last waiter left before it finished
        self.future: Future | None = None


class Flights:
    """Computations in `lane`, one per key at a time, shared: a caller asking
    for a key that is queued or running waits for that computation instead
    of starting another. A waiter leaves when its check() (or any drawing)
    raises, Streamlit interrupting its run; when the last waiter leaves, the
    computation is cancelled: taken out of the queue, or stopped at its next
    core.cancel.checkpoint() (a layer, a block, a time step) if running.
    `started` counts the computations begun (tests)."""

    def __init__(self, lane: Lane, budget: MemoryBudget | None = None) -> None:
        self.lane, self.budget = lane, budget
        self.started = 0
        # Reentrant: a Future runs its done callback (_forget, which takes it) at once in the thread
        # that adds it to a finished Future, or that cancels it.
        self._lock = threading.RLock()
        self._flights: dict[Hashable, Flight] = {}

    def wait(self, key: Hashable, work: Callable[[], object], on_wait: Callable[[], None] = lambda: None,
             on_start: Callable[[], None] = lambda: None, check: Callable[[], None] = lambda: None,
             poll: float = POLL_SECONDS, peak_bytes: float = 0.0):
        """`work()`'s result, computed in the lane once for all callers of `key`,
        within the memory budget (its estimated peak: `peak_bytes`).
        `on_wait()` once if it waits for a slot, `on_start()` when it then starts."""
        flight = self._join(key, work, peak_bytes)
        try:
            queued = False  # on_wait() called, on_start() not yet
            while not wait_for([flight.future], timeout=poll).done:
                if flight.future.running():
                    if queued:
                        queued = False
                        on_start()
                elif not queued:
                    queued = True
                    on_wait()
                check()
            if queued:
                on_start()
            return flight.future.result()
        finally:
            self._leave(key, flight)

    def _join(self, key: Hashable, work: Callable[[], object], peak_bytes: float) -> Flight:
        with self._lock:
            flight = self._flights.get(key)
            if flight is not None and not flight.cancelled.is_set():
                flight.waiters += 1
                return flight
            flight = self._flights[key] = Flight()
            self.started += 1

            def run() -> object:
                with stop_when(flight.cancelled.is_set):
                    if self.budget is None:
                        return work()
                    with self.budget.hold(peak_bytes, flight.cancelled.is_set):
                        return work()

            flight.future = self.lane.submit(run)
            flight.future.add_done_callback(lambda _: self._forget(key, flight))
            return flight

    def _leave(self, key: Hashable, flight: Flight) -> None:
        with self._lock:
            flight.waiters -= 1
            if flight.waiters > 0 or flight.future.done():
                return
            flight.cancelled.set()  # running: it stops at its next checkpoint
            if self._flights.get(key) is flight:
                del self._flights[key]
        flight.future.cancel()  # queued: it never starts. Outside the lock: cancel() runs _forget, which takes it

    def _forget(self, key: Hashable, flight: Flight) -> None:
        with self._lock:
            if self._flights.get(key) is flight:
                del self._flights[key]


@st.cache_resource
def _flights() -> Flights:
    return Flights(_lane(), MemoryBudget(HEAVY_MEMORY_BYTES))


# --- Streamlit private API: one function, tested against Streamlit's own classes
# (tests/test_compute.py::test_a_pending_section_rerun_is_made_to_preempt), so an upgrade
# that changes it fails there, not silently in a classroom.


def preempt_by_newer_section_run() -> bool:
    """In a run of a page section (a fragment), if the session has already
    asked to rerun that section again (the student moved its slider on),
    make that request preempt this run, as st.rerun(scope="fragment") does,
    and return True: the next yield point (any st call, reading session
    state) raises RerunException. Streamlit otherwise lets a section's run
    finish and folds the moves made meanwhile into one run after it: a
    largest probe then finished for a value the student had already left.
    False, and nothing changed, in a run of the whole page (a newer section
    run does not replace the rest of the page) or with no newer request."""
    ctx = get_script_run_ctx(suppress_warning=True)
    if ctx is None or not ctx.fragment_ids_this_run or ctx.script_requests is None:
        return False
    requests = ctx.script_requests
    with requests._lock:
        pending = requests._rerun_data
        if requests._state != ScriptRequestType.RERUN or not set(ctx.fragment_ids_this_run) <= set(pending.fragment_id_queue):
            return False
        requests._rerun_data = replace(pending, is_fragment_scoped_rerun=True)
    return True


def run_heavy(key: Hashable, work: Callable[[], object], peak_bytes: float = 0.0):
    """`work()` in the heavy lane, shared by every session asking for `key`
    meanwhile (Flights). In a script run a queued caller sees a notice; a
    caller leaves when Streamlit interrupts its run (a full rerun, a
    disconnect) or when its section has a newer run pending
    (preempt_by_newer_section_run), and the computation is cancelled when
    no caller is left. Elsewhere (the prefetch thread) heavy work is not
    started (NotPrefetched): a prefetched largest probe (300 MB for a few
    seconds) overlapped the next page's work and took the server's peak
    over 800 MB, and its CPU from everyone else, for a move that may never
    come."""
    page = _PAGE_CONTEXT.get()
    if page is None or get_script_run_ctx(suppress_warning=True) is None:
        raise NotPrefetched
    notice = []

    def on_wait() -> None:
        notice.append(page.run(st.empty))
        page.run(notice[0].info, t("frame.heavy_queued"), icon=":material/hourglass_top:")

    def on_start() -> None:  # the page's spinner says what happens now
        page.run(notice[0].empty)

    def check() -> None:  # reading session state is where Streamlit raises a pending rerun or stop
        page.run(preempt_by_newer_section_run)
        page.run(st.session_state.__contains__, "_")

    if get_script_run_ctx(suppress_warning=True).fragment_ids_this_run:  # a section's run: a slider may be moving on
        settled_at = time.monotonic() + SECTION_SETTLE_SECONDS
        while time.monotonic() < settled_at:
            check()
            time.sleep(SECTION_SETTLE_SECONDS / 5)
    return _flights().wait(key, work, on_wait=on_wait, on_start=on_start, check=check, peak_bytes=peak_bytes)


# Estimated seconds on one core, fitted on this 2-core machine (loaded) to
# probes of depth 10-100 x width 64-512 (within 30%) and of RNN, LSTM and GRU
# cells of 32-256 units over 100-300 steps. The recurrent estimate sits
# between the fast case and a long sequence whose gradients become float32
# denormals (20x slower to multiply): LSTM 100 steps x 256 units measured
# 0.13 s, estimated 0.43 s; 300 x 256 measured 3.0 s, estimated 1.3 s. The
# slider sweeps at default settings stay below HEAVY_SECONDS (Residual depth
# 100: 0.11 s; LSTM over 300 steps with 64 units: 0.18 s, measured 0.26 s);
# the largest settings are above it (MLP depth 100 x width 512: 0.34 s, 1.3 s
# with orthogonal weights).
_SECONDS_PER_LAYER, _SECONDS_PER_WEIGHT, _SECONDS_PER_QR = 5e-4, 1.1e-8, 7e-11  # x depth, x depth*width^2, x depth*width^3 (orthogonal init)
_SECONDS_PER_STEP = {"rnn": 1.5e-4, "lstm": 3.5e-4, "gru": 4e-4}  # x seq_len, per cell
_SECONDS_PER_RECURRENT_WEIGHT = 1.5e-8  # x seq_len*gates*hidden^2 (core.recurrent.GATES: hidden^2 matrices per cell)


def mlp_probe_seconds(spec: NetSpec) -> float:
    qr = _SECONDS_PER_QR * spec.width ** 3 if spec.init == "orthogonal" else 0.0
    return spec.depth * (_SECONDS_PER_LAYER + _SECONDS_PER_WEIGHT * spec.width ** 2 + qr)


def recurrent_probe_seconds(spec: RecurrentSpec, seq_len: int) -> float:
    return seq_len * (_SECONDS_PER_STEP[spec.cell] + _SECONDS_PER_RECURRENT_WEIGHT * GATES[spec.cell] * spec.hidden ** 2)


class ResultCache:
    """A thread-safe LRU of results, pickled, bounded by their total bytes
    and their age, shared by all sessions. Each hit unpickles a copy (as
    st.cache_data does), so no session can change another's result."""

    def __init__(self, max_bytes: int, ttl: float) -> None:
        self.max_bytes, self.ttl = max_bytes, ttl
        self.nbytes = 0
        self._entries: OrderedDict[Hashable, tuple[bytes, float]] = OrderedDict()  # key -> (pickled, stored at)
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> bytes | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            if time.monotonic() - entry[1] > self.ttl:
                self._drop(key)
                return None
            self._entries.move_to_end(key)
            return entry[0]

    def put(self, key: Hashable, pickled: bytes) -> None:
        with self._lock:
            if key in self._entries:
                self._drop(key)
            if len(pickled) > self.max_bytes:
                return
            self._entries[key] = (pickled, time.monotonic())
            self.nbytes += len(pickled)
            while self.nbytes > self.max_bytes:
                self._drop(next(iter(self._entries)))

    def clear(self, name: str) -> None:
        """Drop the results of the function called `name` (keys are (name, args))."""
        with self._lock:
            for key in [key for key in self._entries if key[0] == name]:
                self._drop(key)

    def _drop(self, key: Hashable) -> None:
        pickled, _ = self._entries.pop(key)
        self.nbytes -= len(pickled)


# Pickled, a depth-100 probe is 15 KB, the plain and residual pair 32 KB, an
# LSTM over 300 steps 13 KB, the six symmetry runs 14 KB: about 2,000 results.
RESULT_CACHE_BYTES = 32 * 2**20


@st.cache_resource
def _results() -> ResultCache:
    return ResultCache(RESULT_CACHE_BYTES, ttl=CACHE["ttl"])


# Estimated peak bytes of a probe above the process's memory before it
# (MemoryBudget), fitted on this machine to the RSS of fresh processes
# sampled every 2 ms (benchmarks/bench_memory.py --estimates prints the
# estimate / measured ratios): per weight layer, 40 KB plus 1.2x its
# float32 weights plus 46 bytes per batch x width unit (the activations,
# gradients and derivatives kept: 11.5 float32 copies); per time step of a
# recurrent probe, 130 KB plus 16 bytes per batch x gates x hidden unit.
_BYTES_PER_LAYER, _BYTES_PER_WEIGHT, _BYTES_PER_UNIT = 40e3, 1.2 * 4, 46.0
_BYTES_PER_TIME_STEP, _BYTES_PER_GATE_UNIT = 130e3, 16.0


def mlp_bytes(weight_layers: int, width: int, batch: int = PROBE_BATCH) -> float:
    return weight_layers * (_BYTES_PER_LAYER + _BYTES_PER_WEIGHT * width ** 2 + _BYTES_PER_UNIT * batch * width)


def mlp_probe_bytes(spec: NetSpec) -> float:
    return mlp_bytes(spec.weight_layers, spec.width)


def recurrent_probe_bytes(spec: RecurrentSpec, seq_len: int) -> float:
    return seq_len * (_BYTES_PER_TIME_STEP + _BYTES_PER_GATE_UNIT * PROBE_BATCH * GATES[spec.cell] * spec.hidden)


def cached_probe(seconds: Callable[..., float], peak_bytes: Callable[..., float]) -> Callable[[Callable], Callable]:
    """A probe, cached server-wide by its arguments (ResultCache, bounded
    by bytes), its freed memory returned (returns_memory). Computed in the
    caller's thread when `seconds(*args)`, its estimated time on one core,
    is at most HEAVY_SECONDS; else in the heavy lane, shared, cancellable
    and within the lane's memory budget (`peak_bytes(*args)`, its
    estimated peak; run_heavy), with a waiting notice drawn in the page
    (shows_waiting)."""
    def decorate(work: Callable) -> Callable:
        name = f"{work.__module__}.{work.__qualname__}"
        compute = returns_memory(work)

        @functools.wraps(work)
        def cached(*args):
            key = (name, args)
            pickled = _results().get(key)
            if pickled is not None:
                return pickle.loads(pickled)
            if seconds(*args) <= HEAVY_SECONDS:
                result = compute(*args)
                _results().put(key, pickle.dumps(result))
                return result

            def in_lane() -> bytes:  # stored by the lane's thread, so a result finished as its last waiter leaves is kept
                pickled = pickle.dumps(compute(*args))
                _results().put(key, pickled)
                return pickled

            return pickle.loads(run_heavy(key, in_lane, peak_bytes(*args)))

        cached.clear = lambda: _results().clear(name)
        return shows_waiting(cached)
    return decorate


@cached_probe(mlp_probe_seconds, mlp_probe_bytes)
def probe(spec: NetSpec) -> pd.DataFrame:
    return probe_gradients(spec)


@shows_waiting
@st.cache_data(**CACHE)
def theory_curve(spec: NetSpec) -> tuple[str, pd.DataFrame] | None:
    """core.probe.grad_theory for the cached probe of `spec` (up to 25 ms at depth 100: not on every rerun)."""
    return grad_theory(spec, probe(spec))


@st.cache_data(max_entries=1, ttl=3600, show_spinner=False)
def vanishing_notice() -> dict:
    """core.claims.vanishing.notice(): four probes, the same for every session."""
    from core.claims import vanishing

    return vanishing.notice()


@cached_probe(lambda spec: 4 * mlp_probe_seconds(spec),  # float64, up to 1,024 inputs: 3-4x the probe's time
              lambda spec: 2 * mlp_bytes(spec.weight_layers, spec.width, min(1024, MAX_PROBE_UNITS // (spec.width * spec.weight_layers))))
def variance_steps(spec: NetSpec) -> pd.DataFrame:
    """core.claims.vanishing.variance_steps: the Xavier/He derivation measured on `spec`."""
    from core.claims import vanishing

    return vanishing.variance_steps(spec)


def symmetry_seconds(config: SymmetryConfig, passes: int = 1) -> float:
    """Six float64 nets, `passes` forward and backward passes each: fitted
    here to depth 5-20 x width 32-64 x 256 points (20 x 64, 100 steps: 4.4 s per net)."""
    return 6 * passes * config.depth * (5e-5 + 2e-9 * config.width ** 2 * config.points)


@cached_probe(symmetry_seconds, lambda config: 2 * mlp_bytes(config.depth, config.width, config.points))  # float64: twice the bytes
def symmetry_probes(config: SymmetryConfig) -> dict[str, pd.DataFrame]:
    """core.symmetry.probe for each of the six inits, in order."""
    return {init: symmetry.probe(config, init) for init in symmetry.INITS}


@cached_probe(lambda config: symmetry_seconds(config, config.steps + 1), lambda config: 2 * mlp_bytes(config.depth, config.width, config.points))
def symmetry_runs(config: SymmetryConfig) -> dict[str, symmetry.SymmetryRun]:
    """core.symmetry.train for each of the six inits, in order."""
    return {init: symmetry.train(config, init) for init in symmetry.INITS}


@st.cache_data(max_entries=1, ttl=3600, show_spinner=False)
def symmetry_point() -> dict:
    """core.claims.vanishing.symmetry_point(): four small probes, the same for every session."""
    from core.claims import vanishing

    return vanishing.symmetry_point()


@cached_probe(lambda spec: 2 * mlp_probe_seconds(spec), mlp_probe_bytes)  # the plain net and the residual one, one after the other
def probe_plain_and_residual(spec: NetSpec) -> pd.DataFrame:
    return compare_probe(spec)


@st.cache_data(**CACHE)
def residual_law(spec: NetSpec, skip: bool) -> tuple:
    """theory.residual_profile for the nets of pages/residual.py (up to 60 ms at depth 100)."""
    return theory.residual_profile(spec.activation, spec.effective_sigma_w, spec.bias_std, spec.depth, spec.residual_scale, skip=skip)


def residual_flow(spec: NetSpec) -> tuple[pd.DataFrame, dict[str, object] | None]:
    """What pages/residual.py's first section draws for `spec`: the plain and
    residual nets' probes, and the mean-field law's profile of each (block 1
    .. L relative to block L; None where core.claims.residual.law_applies
    does not hold). Prefetched for the neighbouring depths and α."""
    probes = probe_plain_and_residual(spec)
    laws = {name: residual_law(spec, skip)[1] for name, skip in (("plain", False), ("residual", True))} if residual_claims.law_applies(spec) else None
    return probes, laws


@st.cache_data(max_entries=64, show_spinner=False)
def residual_claim(name: str, *args) -> dict | float:
    """core.claims.residual.<name>(*args): the numbers the Residual page's
    sentences format in (up to 2 s for variance_law; they do not change, so
    no time limit)."""
    return getattr(residual_claims, name)(*args)


_SECONDS_PER_TOKEN_UNIT = 4e-7  # x batch*seq_len*d_model*layers, per net (core.transformer: 2.6 s for the page's largest, 16 nets of 0.4 M)


@cached_probe(lambda spec, seeds: 2 * seeds * _SECONDS_PER_TOKEN_UNIT * spec.units,  # Post-LN and Pre-LN, one net at a time
              lambda spec, seeds: 4 * _BYTES_PER_UNIT * spec.units)  # the feed-forward layers are 4x wider
def transformer_variants(spec: TransformerSpec, seeds: int) -> pd.DataFrame:
    """core.transformer.compare_variants: Post-LN and Pre-LN per-block gradients, mean over `seeds` nets."""
    return compare_variants(spec, seeds)


@cached_probe(recurrent_probe_seconds, recurrent_probe_bytes)
def probe_cell(spec: RecurrentSpec, seq_len: int) -> pd.DataFrame:
    options = {k: v for k, v in spec.to_dict().items() if k not in ("cell", "hidden", "seed")}
    return probe_recurrent(spec.cell, seq_len, spec.hidden, seed=spec.seed, **options)


class RunCache:
    """A thread-safe LRU of finished runs.

    Two sessions asking for the same run while it trains wait for the one
    computation instead of starting a second.
    """

    def __init__(self, max_entries: int) -> None:
        self.max_entries = max_entries
        self._results: OrderedDict[Hashable, object] = OrderedDict()
        self._key_locks: dict[Hashable, threading.Lock] = {}
        self._lock = threading.Lock()

    def get(self, key: Hashable):
        with self._lock:
            if key in self._results:
                self._results.move_to_end(key)
                return self._results[key]
        return None

    def compute(self, key: Hashable, work: Callable[[], object]):
        with self._lock:
            key_lock = self._key_locks.setdefault(key, threading.Lock())
        with key_lock:
            cached = self.get(key)
            if cached is not None:
                return cached
            result = work()
            with self._lock:
                self._results[key] = result
                while len(self._results) > self.max_entries:
                    self._results.popitem(last=False)
                self._key_locks.pop(key, None)
            return result


@st.cache_resource
def _runs() -> RunCache:
    return RunCache(max_entries=64)


# --- training lanes ---------------------------------------------------------------------
# Training runs go to one of two lanes by their estimated time on one core
# (Job.seconds): a class's default-sized runs (Vanishing's 100 steps at depth
# 20: under a second; the RNN race: 1-3 s per cell) never queue behind the
# largest settings (depth 100 x width 512: 110 s), which train one at a time,
# at the heavy lane's lower priority, so that they take a bounded share of
# the machine from everybody else. Each run trains in a lane thread and stops
# between two steps once its page's run is interrupted (a disconnect, a full
# rerun); the page's own thread draws its progress.
SMALL_TRAINING_SECONDS = 10.0  # estimated seconds on one core up to which a run is small
SMALL_TRAINING_SLOTS = max(1, os.cpu_count() or 2)  # small runs training at once, server-wide
LARGE_TRAINING_SLOTS = 1  # large runs training at once, server-wide


@st.cache_resource
def _training_lanes() -> dict[str, Lane]:
    return {"small": Lane(SMALL_TRAINING_SLOTS, niceness=0, name="lab-train-small"), "large": Lane(LARGE_TRAINING_SLOTS, name="lab-train-large")}


@dataclass(frozen=True)
class Job:
    """A training run: `work(progress)` computes it, once per `key`
    server-wide; `seconds`, its estimated time on one core, picks its lane."""

    key: Hashable
    work: Callable[[Callable[[int, int, list[dict]], None]], object]
    seconds: float

    @property
    def lane(self) -> str:
        return "small" if self.seconds <= SMALL_TRAINING_SECONDS else "large"


# Seconds per training step on one core, fitted on this machine: an MLP step
# costs a per-layer overhead plus its matrix products (default Vanishing net
# 2.6 ms measured, 6.7 estimated; depth 50 x width 64: 18.5 / 21 ms; depth
# 100 x width 512: 1.10 / 1.10 s); a recurrent step, per time step, an
# overhead plus the gates' products (race, 30 steps of 32 units: RNN 3.9,
# LSTM 2.8, GRU 6.1 ms measured; 100 steps: 10.8, 5.6, 17.9 ms).
_TRAIN_SECONDS_PER_LAYER, _TRAIN_SECONDS_PER_UNIT = 2.5e-4, 1.6e-10  # x weight layers, x points*width^2*weight layers
_TRAIN_SECONDS_PER_TIME_STEP, _TRAIN_SECONDS_PER_GATE_UNIT = 1.5e-4, 1e-10  # x seq_len, x seq_len*batch*gates*hidden^2


def mlp_training_seconds(spec: NetSpec, config: TrainConfig) -> float:
    per_step = spec.weight_layers * (_TRAIN_SECONDS_PER_LAYER + _TRAIN_SECONDS_PER_UNIT * config.points * spec.width ** 2)
    return config.steps * per_step


def recurrent_training_seconds(spec: RecurrentSpec, config: RecurrentTrainConfig) -> float:
    per_time_step = _TRAIN_SECONDS_PER_TIME_STEP + _TRAIN_SECONDS_PER_GATE_UNIT * config.batch * GATES[spec.cell] * spec.hidden ** 2
    return config.steps * config.seq_len * per_time_step


def train_mlp_flushed(spec: NetSpec, config: TrainConfig, progress: Callable[[int, int, list[dict]], None] | None = None) -> TrainResult:
    """core.train_mlp, with denormals flushed in the training steps whose
    numbers nothing records.

    A net whose gradients vanish backpropagates float32 denormals
    (< 1.2e-38), which an Intel CPU multiplies 20x slower: a 60-layer,
    width-256 sigmoid net trained 100 steps in 147 s there, with this in 14 s
    (CPU time); an AMD EPYC pays next to nothing for denormals, and gains
    nothing (benchmarks/bench_core.py prints the gain on the machine). The
    flush is on from the end of one step (after `progress`, where a page
    draws) to the end of the next, and never in a step that records
    per-layer gradients (step 1 and every `layer_every`-th), so every
    recorded gradient is computed exactly. What it does change, the updates
    made from gradients below 1.2e-38, is absorbed by any weight that is
    not exactly 0 (float32 cannot add 1e-34 to 0.01), so it is not used for
    weights that start at 0 (scaled identity, weight scale 0). The loss,
    accuracy, gradient norms, per-layer gradients and weight changes come
    out bit for bit as without it (tests/test_compute.py). The flag belongs
    to the calling thread (Streamlit runs each session in its own), and
    also flushes float64 denormals: it is off whenever this returns.
    """
    flush = spec.init != "scaled_identity" and spec.weight_scale > 0

    def records_layers(step: int) -> bool:  # as core.train.train_mlp decides
        return step % config.layer_every == 0 or step == 1

    def step_done(step: int, steps: int, history: list[dict]) -> None:
        torch.set_flush_denormal(False)
        if progress is not None:
            progress(step, steps, history)
        torch.set_flush_denormal(flush and step < steps and not records_layers(step + 1))

    try:
        return train_mlp(spec, config, step_done)
    finally:
        torch.set_flush_denormal(False)


def _progress_text(label: str, step: int, steps: int, first_step_done: float) -> str:
    """"Training… 40/100, about 12 s left": the time left at this job's own
    time per step, measured since its first step (which also builds the
    net and is not typical)."""
    if step < 2:
        return t("common.progress", label=label, step=step, steps=steps)
    left = (time.perf_counter() - first_step_done) / (step - 1) * (steps - step)
    if left < 1:
        return t("common.progress", label=label, step=step, steps=steps)
    return t("common.progress_eta", label=label, step=step, steps=steps, seconds=left)


def cached_run(job: Job, label: str, on_update: Callable[[list[dict]], None] | None = None):
    """`job` once per key, server-wide, in its training lane, with a progress bar.

    The bar appears before the work starts (or waits for a slot). The work
    reports each step from the lane's thread; the page's thread redraws
    the bar every POLL_SECONDS with the step count and the time left, and
    passes the rows so far to `on_update(history)` whenever STREAM_EVERY
    more steps are done. When Streamlit interrupts the page's run (the
    reader left, or the page reruns), the run stops after its current
    step. The bar is removed when the run is done.
    """
    runs = _runs()
    cached = runs.get(job.key)
    if cached is not None:
        return cached
    bar = st.progress(0.0, text=label)
    stop = threading.Event()
    latest: dict = {}  # the worker's last step, read by the page's thread

    def progress(step: int, steps: int, history: list[dict]) -> None:  # in the lane's thread, after each step
        if stop.is_set():
            raise Cancelled(job.key)
        if step == 1:
            latest["first_step_done"] = time.perf_counter()
        latest["step"] = (step, steps, history)

    drawn = {"step": 0, "streamed": 0}

    def draw() -> None:  # in the page's thread
        if "step" not in latest:
            return
        step, steps, history = latest["step"]
        if step != drawn["step"]:
            drawn["step"] = step
            bar.progress(step / steps, text=_progress_text(label, step, steps, latest["first_step_done"]))
        if on_update is not None and step // STREAM_EVERY > drawn["streamed"]:
            drawn["streamed"] = step // STREAM_EVERY
            on_update(history[:step])

    def check() -> None:  # reading session state is where Streamlit raises a pending rerun or stop
        st.session_state.__contains__("_")

    def train() -> object:
        lane = _training_lanes()[job.lane]
        return lane.run(returns_memory(lambda: job.work(progress)), on_wait=lambda: bar.progress(0.0, text=t("frame.queued")),
                        check=check, on_poll=draw, cancel=stop.set)

    try:
        return runs.compute(job.key, train)
    finally:
        bar.empty()


@st.cache_data(**CACHE)
def critical_lines(activation: str, sigma_bs: tuple[float, ...], depth: int) -> pd.DataFrame:
    """core.phase.critical_lines: closed form for ReLU, a bracketed
    root-find for tanh (tens of milliseconds)."""
    return _critical_lines(activation, sigma_bs, depth)


@st.cache_data(**CACHE)
def phase_theory_claims(activation: str, depth: int, width: int) -> dict:
    return remedies_claims_module.phase_theory_claims(activation, depth, width)


@st.cache_data(max_entries=1, ttl=3600, show_spinner=False)
def remedies_intro_claims() -> dict:
    """core.claims.remedies.intro_claims: a few probes, about 0.2 s."""
    return remedies_claims_module.intro_claims()


@st.cache_data(max_entries=1, ttl=3600, show_spinner=False)
def remedies_table_claims() -> dict:
    """core.claims.remedies.table_claims: about 0.4 s."""
    return remedies_claims_module.table_claims()


def phase_job(activation: str, depth: int, sigma_ws: tuple[float, ...], sigma_bs: tuple[float, ...], width: int) -> Job:
    """The measured phase diagram (one net per grid cell) as a Job for
    `cached_run` (progress bar, shared cache, training lanes)."""
    cells = len(sigma_ws) * len(sigma_bs)
    return Job(("phase", activation, depth, sigma_ws, sigma_bs, width), lambda progress: phase_diagram(
        activation, depth, sigma_ws, sigma_bs, width, progress=lambda done, total: progress(done, total, [])
    ), cells * mlp_probe_seconds(NetSpec(activation=activation, depth=depth, width=width)))


@st.cache_data(max_entries=1, ttl=3600, show_spinner=False)
def myths() -> dict[str, dict]:
    """Every myth's live numbers (core.myths), computed once per hour
    (about 0.5 s on an idle machine: four probes, ten training steps with
    each of three optimisers, a few hundred quadratures)."""
    from core import myths as m

    return {
        "eigen": m.eigenvalues_of_the_article_matrix(), "later": m.where_explosion_hits(),
        "derivative": m.largest_derivatives(), "tanh": m.tanh_derivative(),
        "saturation": m.saturation_does_not_decide(), "adam": m.optimiser_steps_and_gradients(),
    }


def train(spec: NetSpec, config: TrainConfig) -> TrainResult:
    return cached_run(_mlp_job(spec, config), t("frame.training"))


def _mlp_job(spec: NetSpec, config: TrainConfig) -> Job:
    return Job(("mlp", spec, config), lambda progress: train_mlp_flushed(spec, config, progress), mlp_training_seconds(spec, config))


def _recurrent_job(spec: RecurrentSpec, config: RecurrentTrainConfig) -> Job:
    return Job(("recurrent", spec, config), lambda progress: train_recurrent(spec, config, progress), recurrent_training_seconds(spec, config))


def is_cached(jobs: dict[str, Job]) -> bool:
    return all(_runs().get(job.key) is not None for job in jobs.values())


def mlp_jobs(specs: dict[str, NetSpec], config: TrainConfig) -> dict[str, Job]:
    return {name: _mlp_job(spec, config) for name, spec in specs.items()}


def recurrent_jobs(specs: dict[str, RecurrentSpec], config: RecurrentTrainConfig) -> dict[str, Job]:
    return {name: _recurrent_job(spec, config) for name, spec in specs.items()}


def run_streaming(jobs: dict[str, Job], on_update: Callable[[pd.DataFrame], None] | None = None) -> dict[str, TrainResult | RecurrentTrainResult]:
    """Run `jobs` (name -> Job) one after another, cached.

    While a job trains, `on_update(history)` gets every `STREAM_EVERY` steps
    the long history (a `run` column = name) of the finished jobs plus the
    running one's rows so far, so that the page can redraw a growing chart.
    """
    results: dict[str, object] = {}
    for name, job in jobs.items():
        def streamed(rows: list[dict], name: str = name) -> None:
            on_update(pd.concat([training_history(results), pd.DataFrame(rows).assign(run=name)], ignore_index=True))

        results[name] = cached_run(job, f"{t('frame.training')} {name}", on_update=streamed if on_update is not None else None)
    return results


@st.cache_data(max_entries=1, ttl=3600, show_spinner=False)
def rnn_notice() -> dict:
    """core.claims.rnn.notice(): six probes at the RNN page's defaults (about a second), once per hour."""
    from core.claims import rnn

    return rnn.notice()


# Both inits' layers: a QR (orthogonal init) and two width x width products
# in float64 per layer; 1.07 s at depth 100 x width 256, 0.07 s at 50 x 128.
_SECONDS_PER_ISOMETRY_LAYER = 6.5e-10  # x depth*width^3


@cached_probe(lambda activation, depth, width: _SECONDS_PER_ISOMETRY_LAYER * depth * width**3,
              lambda activation, depth, width: 2 * mlp_bytes(depth, width, 1))  # float64 layers, one input vector
def isometry_view(activation: str, depth: int, width: int) -> dict:
    """core.claims.remedies.isometry_view: two Jacobians of depth x width
    float64 layers and their singular values."""
    return remedies_claims_module.isometry_view(activation, depth, width)


@st.cache_data(max_entries=1, ttl=3600, show_spinner=False)
def remedies_isometry_claims() -> dict:
    """core.claims.remedies.isometry_claims: the isometry section's takeaway (about 0.1 s)."""
    return remedies_claims_module.isometry_claims()


# --- a slider's whole family, for scrubbing in the browser ------------------------------
# Vanishing's and Residual's depth sliders redraw their chart in the browser (ui/scrub.py):
# the page ships the gradient of every depth at the other controls' settings, and the
# browser picks one (Residual's family: residual_family, below). The family is 100 probes: 2.8 s of CPU for the default net at
# width 64 (one probe at depth 20: 9 ms; measured 2026-12-02, load average 6), and a
# width-512 family about 33 s, so it is computed only up to FAMILY_MAX_WIDTH, and never
# on a page's critical path: the page asks for it (ready_depth_family), draws the
# server's one-depth chart meanwhile, and the server's prefetcher computes it in idle
# time (ui/prefetch.py); the section's next run after that (the next release of the
# slider, or any control) ships it, and from then on the slider scrubs.
FAMILY_MAX_WIDTH = 64


@dataclass(frozen=True)
class DepthFamily:
    """Every depth's probe, long: measured[depth, layer, grad_norm, zero_cause] and
    theory[depth, layer, grad_norm] (core.probe.grad_theory, kind `theory_kind`; empty
    when no closed form applies at any depth)."""

    measured: pd.DataFrame
    theory: pd.DataFrame
    theory_kind: str | None


@st.cache_resource
def _families() -> RunCache:
    return RunCache(max_entries=16)  # depth, weight-scale and residual families: ~5,000 rows each (Residual's ~20,000, about 1 MB): ~16 MB at most


def _family_key(name: str, spec: NetSpec, depths: tuple[int, int]) -> tuple:
    if spec.width > FAMILY_MAX_WIDTH:
        raise ValueError(f"{name} is computed up to width {FAMILY_MAX_WIDTH}, got {spec.width}")
    return (name, replace(spec, depth=depths[0]), depths)  # spec's own depth plays no part


def depth_family(spec: NetSpec, depths: tuple[int, int]) -> DepthFamily:
    """The probes of replace(spec, depth=d) for d in depths[0]..depths[1] (spec's
    own depth ignored), computed in the caller's thread and cached server-wide.
    Only for width <= FAMILY_MAX_WIDTH (ValueError otherwise)."""
    key = _family_key("depth_family", spec, depths)

    def work() -> DepthFamily:
        members = []
        try:
            for depth in range(depths[0], depths[1] + 1):
                net = replace(spec, depth=depth)
                probed = probe_gradients(net)
                members.append((depth, probed[["layer", "grad_norm", "zero_cause"]], grad_theory(net, probed)))
        finally:
            release_memory()
        return DepthFamily(*_stacked("depth", members, ("zero_cause",)))

    return _families().compute(key, work)


def _stacked(column: str, members: list, extra: tuple[str, ...] = ()) -> tuple[pd.DataFrame, pd.DataFrame, str | None]:
    """(measured, theory, theory kind) of a family's `members` [(value of `column`, measured
    frame, grad_theory's (kind, frame) or None)], long: [column, layer, grad_norm, *extra]
    and [column, layer, grad_norm]; the kind where one applies to every member that has one."""
    columns = [column, "layer", "grad_norm"]
    measured = pd.concat([frame.assign(**{column: value}) for value, frame, _ in members], ignore_index=True)[columns + list(extra)]
    curves = [closed[1].assign(**{column: value}) for value, _, closed in members if closed is not None]
    kinds = {closed[0] for _, _, closed in members if closed is not None}
    theory = pd.concat(curves, ignore_index=True)[columns] if curves else pd.DataFrame(columns=columns)
    return measured, theory, kinds.pop() if len(kinds) == 1 else None


def ready_depth_family(spec: NetSpec, depths: tuple[int, int]) -> DepthFamily | None:
    """depth_family(spec, depths) if it is already computed; else None, and the
    server's prefetcher is asked to compute it in idle time (nothing is asked
    where the prefetcher is off: AppTest, a notebook)."""
    return _ready(depth_family, spec, depths)


def _ready(family: Callable, spec: NetSpec, depths: tuple[int, int]):
    """family(spec, depths) if _families() holds it; else None, and the prefetcher is asked for it."""
    key = _family_key(family.__name__, spec, depths)
    cached = _families().get(key)
    if cached is None:
        prefetch.request(family, [key[1:]])  # (spec at the first depth, depths): one request whatever the depth
    return cached


@dataclass(frozen=True)
class ResidualFamily:
    """What compute.residual_flow gives at every depth, long: probes[net, depth, layer,
    out_grad_norm] (core.residual.stream_gradients_by_depth: the column the page draws)
    and laws[net, depth, layer, law] (the mean-field law's profile, block i relative to
    the last block; None where core.claims.residual.law_applies does not hold); and the
    page's three numbers per depth, ratios[plain, residual(, law)] indexed by depth:
    block 1 over the last block (core.first_to_last) of each net, and of the residual law."""

    probes: pd.DataFrame
    laws: pd.DataFrame | None
    ratios: pd.DataFrame


def residual_family(spec: NetSpec, depths: tuple[int, int]) -> ResidualFamily:
    """residual_flow(replace(spec, depth=d)) for d in depths[0]..depths[1], the probes'
    stream gradient only, computed in the caller's thread and cached server-wide as
    depth_family: one forward pass per net for every depth (1.2 s of CPU for Residual's
    depths 2..100 at its width 64, about 0.12x the same depth by depth; benchmarks/README.md),
    the laws depth by depth (the same function as residual_law: theory's
    Gaussian expectations are cached, ~80 ms for all)."""
    key = _family_key("residual_family", spec, depths)

    def work() -> ResidualFamily:
        try:
            probes = stream_gradients_by_depth(spec, depths)
        finally:
            release_memory()
        laws = None
        if residual_claims.law_applies(spec):
            laws = pd.concat([
                pd.DataFrame({"net": name, "depth": depth, "layer": range(1, depth + 1), "law": profile})
                for name, skip in (("plain", False), ("residual", True))
                for depth in range(depths[0], depths[1] + 1)
                for profile in [theory.residual_profile(spec.activation, spec.effective_sigma_w, spec.bias_std, depth, spec.residual_scale, skip=skip)[1]]
            ], ignore_index=True)
        ratios = probes.groupby(["depth", "net"])[[GRADIENT]].apply(lambda rows: first_to_last(rows, GRADIENT)).unstack("net")
        if laws is not None:
            ratios["law"] = laws[(laws["net"] == "residual") & (laws["layer"] == 1)].set_index("depth")["law"]
        return ResidualFamily(probes, laws, ratios)

    return _families().compute(key, work)


# Exploding's weight-scale slider scrubs as Vanishing's depth slider does: every weight
# scale of the slider (0.1..6.0 in steps of 0.1) at the other controls' settings, keyed by
# the scale's step number k (w = k x step), an integer, so that the browser's chart never
# compares floats. 60 probes of 30 x 64 plus 60 chi_1 integrals: 0.7-1.2 s of CPU on one
# thread (measured 2026-12-02, load average 5-6), computed in idle time as the depth family.
@dataclass(frozen=True)
class WeightScaleFamily:
    """Every weight scale's probe, long, with layer 0 = dL/dx (core.claims.exploding.with_input_layer):
    measured[w_step, layer, grad_norm] and theory[w_step, layer, grad_norm] (kind `theory_kind`;
    empty when no closed form applies at any scale); per step number first..last, the gain
    from loss to input (`gains`) and chi_1 at q* = 0 (`chis`; None for a linear net)."""

    measured: pd.DataFrame
    theory: pd.DataFrame
    theory_kind: str | None
    gains: tuple[float, ...]
    chis: tuple[float, ...] | None


def weight_scales(steps: tuple[int, int], step: float) -> list[float]:
    """The slider's weight scales k x step for k in steps[0]..steps[1], rounded to the step's
    decimals: the very values a released slider and a link give (0.3, not 0.30000000000000004)."""
    from ui.controls import decimals

    return [round(k * step, decimals(step)) for k in range(steps[0], steps[1] + 1)]


def _weight_family_key(spec: NetSpec, steps: tuple[int, int], step: float) -> tuple:
    if spec.width > FAMILY_MAX_WIDTH:
        raise ValueError(f"weight_scale_family is computed up to width {FAMILY_MAX_WIDTH}, got {spec.width}")
    return ("weight_scale_family", replace(spec, weight_scale=weight_scales(steps, step)[0]), steps, step)  # spec's own scale plays no part


def weight_scale_family(spec: NetSpec, steps: tuple[int, int], step: float) -> WeightScaleFamily:
    """The probes of replace(spec, weight_scale=w) for every w of weight_scales(steps, step)
    (spec's own scale ignored), computed in the caller's thread and cached server-wide
    (with the depth families). Only for width <= FAMILY_MAX_WIDTH (ValueError otherwise)."""
    from core.claims.exploding import with_input_layer

    key = _weight_family_key(spec, steps, step)

    def work() -> WeightScaleFamily:
        members, gains, chis = [], [], []
        try:
            for k, scale in zip(range(steps[0], steps[1] + 1), weight_scales(steps, step)):
                net = replace(spec, weight_scale=scale)
                probed = probe_gradients(net)
                gains.append(float(probed["in_grad_norm"].iloc[0] / probed["out_grad_norm"].iloc[-1]))
                if spec.activation != "linear":
                    chis.append(float(theory.chi1(spec.activation, scale, 0.0)))
                members.append((k, *with_input_layer(net, probed, grad_theory(net, probed))))
        finally:
            release_memory()
        measured, curves, kind = _stacked("w_step", members)
        return WeightScaleFamily(measured, curves if kind else curves.iloc[:0], kind, tuple(gains), tuple(chis) if chis else None)

    return _families().compute(key, work)


def ready_residual_family(spec: NetSpec, depths: tuple[int, int]) -> ResidualFamily | None:
    """residual_family(spec, depths) if it is already computed; else None, and the
    server's prefetcher is asked to compute it in idle time (as ready_depth_family)."""
    return _ready(residual_family, spec, depths)


def ready_weight_scale_family(spec: NetSpec, steps: tuple[int, int], step: float) -> WeightScaleFamily | None:
    """weight_scale_family(spec, steps, step) if it is already computed; else None, and the
    server's prefetcher is asked for it (as ready_depth_family)."""
    cached = _families().get(_weight_family_key(spec, steps, step))
    if cached is None:
        prefetch.request(weight_scale_family, [(spec, steps, step)])
    return cached
