"""ui.compute: the denormal flush of training runs changes no number, only the time."""

from __future__ import annotations

import time

import pandas as pd
import pytest
import torch

from core import NetSpec, TrainConfig, train_mlp
from ui.compute import train_mlp_flushed

SLOW = NetSpec(depth=60, width=64, activation="sigmoid")  # its first layers' gradients are float32 denormals


def _flushing() -> bool:
    """Is the flush on in this thread? Under it a denormal product reads 0."""
    return float(torch.tensor([1e-39]) * 1.0) == 0.0


def _assert_same(a, b) -> None:
    for name in ("history", "layer_grads", "weight_change"):
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name), check_exact=True)
    assert a.overflow == b.overflow


@pytest.mark.parametrize(
    ("spec", "config"),
    [
        (SLOW, TrainConfig(steps=30, optimizer="adam", lr=0.01, layer_every=10)),
        (NetSpec(depth=30, width=32, activation="sigmoid"), TrainConfig(optimizer="sgd", lr=0.1, steps=40, layer_every=7)),
        (NetSpec(depth=30, width=64, activation="tanh", weight_scale=0.3), TrainConfig(steps=30, optimizer="rmsprop", lr=0.01, layer_every=3)),
        # Weights that start at 0 (the off-diagonal of W = I) keep Adam's 1e-34 steps
        # from denormal gradients: flushed, layer 1 would move 0 instead of 9.6e-34.
        (NetSpec(depth=60, width=32, activation="sigmoid", init="scaled_identity"), TrainConfig(steps=20, optimizer="adam", lr=0.01)),
    ],
)
def test_flush_changes_no_number(spec, config):
    """Loss, accuracy, gradient norms, per-layer weight gradients and weight
    changes are bit for bit those of core.train_mlp without the flush (with
    every step flushed, 31 of the first case's per-layer gradients read 0)."""
    _assert_same(train_mlp_flushed(spec, config), train_mlp(spec, config))


def test_flush_is_on_between_records_and_off_where_pages_draw():
    """On in the steps that record nothing, off during every progress call
    (where a page draws and formats numbers) and after the run."""
    states: list[bool] = []
    train_mlp_flushed(SLOW, TrainConfig(steps=12, layer_every=5), lambda step, steps, history: states.append(_flushing()))
    assert states == [False] * 12
    assert not _flushing()


def test_flush_is_off_after_a_failed_run():
    def fail(step, steps, history):
        if step == 3:
            raise RuntimeError("stop")

    with pytest.raises(RuntimeError):
        train_mlp_flushed(SLOW, TrainConfig(steps=10, layer_every=10), fail)
    assert not _flushing()


def test_progress_text_estimates_from_the_running_jobs_steps():
    """The time left is this job's measured time per step since its first
    step, times the steps left: 10 steps in 2 s, 89 to go: about 18 s."""
    from ui.compute import _progress_text

    assert _progress_text("Training…", 1, 100, time.perf_counter()) == "Training… 1/100"
    assert _progress_text("Training…", 11, 100, time.perf_counter() - 2.0) == "Training… 11/100, about 18 s left"
    assert _progress_text("Training…", 99, 100, time.perf_counter() - 2.0) == "Training… 99/100"


def test_heavy_computations_return_their_memory(monkeypatch):
    """The probes and training runs hand the heap's free pages back to the
    system when they finish (glibc's malloc_trim; benchmarks/bench_memory.py
    measures the effect), and only after the work is done."""
    import sys

    from core import RecurrentSpec
    from ui import compute

    if sys.platform.startswith("linux"):
        assert compute._MALLOC_TRIM is not None, "glibc's malloc_trim was not found"
    calls = []
    monkeypatch.setattr(compute, "_MALLOC_TRIM", lambda pad: calls.append(pad))
    spec = NetSpec(depth=3, width=8, seed=12345)
    compute.probe.clear()
    compute.probe(spec)
    assert calls == [0]
    compute.probe(spec)  # a cache hit computes nothing
    assert calls == [0]
    compute.probe_plain_and_residual(NetSpec(depth=3, width=8, block="preact", residual=True, seed=12345))
    compute.probe_cell(RecurrentSpec(hidden=8, seed=12345), 10)
    assert calls == [0, 0, 0]
    seen = []
    assert compute.returns_memory(lambda: seen.append(len(calls)) or "done")() == "done"
    assert seen == [3] and calls == [0, 0, 0, 0], "released after the work, not before"


def test_residual_flow_is_the_residual_pages_probes_and_laws():
    """What pages/residual.py's first section draws, in one call the prefetcher can make."""
    import numpy as np

    from core import compare_probe, theory
    from core.claims import residual as claims
    from ui import compute

    spec = claims.probe_spec("tanh", 6, 0.37)
    probes, laws = compute.residual_flow(spec)
    pd.testing.assert_frame_equal(probes, compare_probe(spec), check_exact=True)
    for name, skip in (("plain", False), ("residual", True)):
        expected = theory.residual_profile("tanh", spec.effective_sigma_w, spec.bias_std, 6, 0.37, skip=skip)[1]
        np.testing.assert_array_equal(laws[name], expected)
    assert laws["residual"][0] != laws["plain"][0]
    assert compute.residual_flow(claims.probe_spec("tanh", 6, 0.37, "layer"))[1] is None  # no law with normalisation


# --- the heavy lane ---------------------------------------------------------------------


def _held(lane):
    """Occupy `lane`'s one slot until the returned event is set; returns (release, holder thread)."""
    import threading

    started, release = threading.Event(), threading.Event()
    holder = threading.Thread(target=lane.run, args=(lambda: started.set() or release.wait(),))
    holder.start()
    started.wait()
    return release, holder


def test_a_light_computation_does_not_wait_while_a_heavy_one_holds_the_lane(monkeypatch):
    """Work estimated at or under HEAVY_SECONDS runs at once in the caller's
    thread, whatever the lane holds; work over it is never started outside
    a script run (the prefetch thread), busy lane or free."""
    import threading

    from ui import compute

    lane = compute.Lane(1)
    monkeypatch.setattr(compute, "_flights", lambda: compute.Flights(lane))
    release, holder = _held(lane)
    try:
        ran_in = []

        @compute.cached_probe(lambda n: compute.HEAVY_SECONDS * n, lambda n: 1e6)
        def work(n: int) -> str:
            ran_in.append(threading.current_thread())
            return f"done {n}"

        work.clear()
        assert work(1) == "done 1" and ran_in == [threading.current_thread()]
        assert lane.busy(), "the heavy computation still holds the lane"
        with pytest.raises(compute.NotPrefetched):
            work(2)  # outside a script run, as the prefetch thread is
    finally:
        release.set()
        holder.join()
    assert not lane.busy()
    with pytest.raises(compute.NotPrefetched):
        work(2)  # a free lane does not take it either
    assert len(ran_in) == 1, "heavy work ran outside a script run"


def test_a_newer_run_supersedes_the_sessions_queued_computation():
    """A queued caller whose check() raises (Streamlit's RerunException when
    the page reruns in full, StopException when its reader left) leaves
    the queue: its work never runs, and the next caller gets the slot."""
    from ui import compute

    class Rerun(BaseException):
        pass

    lane = compute.Lane(1)
    release, holder = _held(lane)
    told, ran = [], []

    def superseded() -> None:
        raise Rerun

    try:
        with pytest.raises(Rerun):
            lane.run(lambda: ran.append("old"), on_wait=lambda: told.append("waiting"), check=superseded, poll=0.01)
    finally:
        release.set()
        holder.join()
    assert told == ["waiting"], "the caller was told once that it waits"
    assert lane.run(lambda: ran.append("new") or "new") == "new"
    assert ran == ["new"], "the superseded computation never ran"
    assert not lane.busy()


def test_queued_callers_are_served_in_the_order_they_asked():
    import threading

    from ui import compute

    lane = compute.Lane(1)
    release, holder = _held(lane)
    order, queued = [], threading.Semaphore(0)
    callers = [threading.Thread(target=lane.run, args=(lambda n=n: order.append(n),), kwargs={"on_wait": queued.release, "poll": 0.01})
               for n in range(3)]
    for caller in callers:  # each one queued before the next asks
        caller.start()
        queued.acquire()
    release.set()
    for caller in [holder, *callers]:
        caller.join()
    assert order == [0, 1, 2]


class _Rerun(BaseException):
    """Stands for Streamlit's RerunException / StopException (BaseExceptions)."""


def _gated_probe(monkeypatch, gate_layer: int):
    """probe_gradients, whose net's block `gate_layer` (1 = first) waits in
    its forward pass until the returned `gate` is set; `reached` is set when
    it gets there, `forwarded` lists the blocks run, per net built."""
    import threading

    import core.probe

    reached, gate, forwarded = threading.Event(), threading.Event(), []
    build = core.probe.build_mlp

    def gated_build(spec):
        net, layers = build(spec), []
        forwarded.append(layers)
        for index, block in enumerate(net.blocks, start=1):
            def record(_module, _inputs, index=index):
                layers.append(index)
                if index == gate_layer:
                    reached.set()
                    gate.wait()
            block.register_forward_pre_hook(record)
        return net

    monkeypatch.setattr(core.probe, "build_mlp", gated_build)
    return reached, gate, forwarded


def _waiter(flights, key, work, leave, results: list):
    """A session's thread waiting for `work` under `key`; it leaves (its run
    interrupted) once `leave` is set. Appends its result or exception."""
    import threading

    def check() -> None:
        if leave.is_set():
            raise _Rerun

    def wait() -> None:
        try:
            results.append(flights.wait(key, work, check=check, poll=0.01))
        except BaseException as error:  # noqa: BLE001 - the test inspects it
            results.append(error)

    thread = threading.Thread(target=wait)
    thread.start()
    return thread


def _outcome(work, outcomes: list):
    """`work`, recording its result or exception (raised in the lane's thread) in `outcomes`."""
    def recorded():
        try:
            outcomes.append(work())
        except BaseException as error:
            outcomes.append(error)
            raise
        return outcomes[-1]
    return recorded


def test_a_sessions_newer_request_cancels_its_running_probe_at_a_layer_boundary(monkeypatch):
    """A student's first probe (depth 12) is running when the student asks
    for another value: the first run is interrupted (its check raises), its
    computation, which no one else waits for, stops at the next layer
    boundary (core.cancel.Cancelled after exactly the 3 blocks it had
    entered, of 12), and the new request is computed: two probes started,
    one finished."""
    import threading

    from core import probe_gradients
    from core.cancel import Cancelled
    from ui import compute

    reached, gate, forwarded = _gated_probe(monkeypatch, gate_layer=3)
    flights = compute.Flights(compute.Lane(1, niceness=0))
    first, second = NetSpec(depth=12, width=16, seed=1), NetSpec(depth=5, width=16, seed=2)
    outcomes, results, newer = [], [], threading.Event()
    session = _waiter(flights, ("probe", first), _outcome(lambda: probe_gradients(first), outcomes), newer, results)
    assert reached.wait(30)
    newer.set()  # the session's next run is pending: its check() raises
    session.join()
    assert isinstance(results[0], _Rerun)
    gate.set()
    latest = flights.wait(("probe", second), lambda: probe_gradients(second))
    assert len(latest) == 5
    assert isinstance(outcomes[0], Cancelled), "the first probe was cancelled"
    assert forwarded[0] == [1, 2, 3], "it stopped at the boundary after the block it was in"
    assert forwarded[1] == [1, 2, 3, 4, 5]
    assert flights.started == 2


def test_a_shared_computation_is_cancelled_only_when_its_last_waiter_leaves(monkeypatch):
    """Two sessions asking for the same probe wait for one computation; the
    first one leaving does not stop it (the other gets its result); a
    computation whose every waiter leaves stops at its next layer."""
    import threading

    from core import probe_gradients
    from core.cancel import Cancelled
    from ui import compute

    spec = NetSpec(depth=8, width=16, seed=3)
    reached, gate, forwarded = _gated_probe(monkeypatch, gate_layer=2)
    flights = compute.Flights(compute.Lane(1, niceness=0))
    outcomes, results = [], [[], []]
    leave = [threading.Event(), threading.Event()]
    work = _outcome(lambda: probe_gradients(spec), outcomes)
    a = _waiter(flights, ("probe", spec), work, leave[0], results[0])
    assert reached.wait(30)
    b = _waiter(flights, ("probe", spec), work, leave[1], results[1])
    while flights._flights[("probe", spec)].waiters < 2:
        time.sleep(0.01)
    leave[0].set()
    a.join()
    assert isinstance(results[0][0], _Rerun)
    assert not flights._flights[("probe", spec)].cancelled.is_set(), "one session still waits for it"
    gate.set()
    b.join()
    assert len(results[1][0]) == 8 and flights.started == 1, "one computation served both"
    assert forwarded == [list(range(1, 9))]

    # Both leave: the computation stops after the block it is in.
    reached.clear(), gate.clear()
    spec = NetSpec(depth=8, width=16, seed=4)
    leave = [threading.Event(), threading.Event()]
    work = _outcome(lambda: probe_gradients(spec), outcomes)
    waiters = [_waiter(flights, ("probe", spec), work, leave[k], results[k]) for k in range(2)]
    assert reached.wait(30)
    while flights._flights[("probe", spec)].waiters < 2:
        time.sleep(0.01)
    for event, waiter in zip(leave, waiters):
        event.set()
        waiter.join()
    gate.set()
    while len(outcomes) < 2:
        time.sleep(0.01)
    assert isinstance(outcomes[1], Cancelled)
    assert forwarded[1] == [1, 2] and flights.started == 2
    assert ("probe", spec) not in flights._flights


def test_a_queued_computation_whose_waiter_leaves_never_starts():
    """A computation still queued behind another one when its only waiter
    leaves is taken out of the queue (it never runs), the waiter's thread
    returns (cancelling it runs the flight's own bookkeeping: a lock taken
    twice hung a server on its way down), and the next caller of the same
    key computes it afresh."""
    import threading

    from ui import compute

    lane = compute.Lane(1, niceness=0)
    flights = compute.Flights(lane)
    release, holder = _held(lane)
    ran, results, leave = [], [], threading.Event()
    waiter = _waiter(flights, "key", lambda: ran.append("queued") or "done", leave, results)
    while "key" not in flights._flights:
        time.sleep(0.01)
    leave.set()
    waiter.join(10)
    assert not waiter.is_alive(), "the waiter hung while leaving"
    assert isinstance(results[0], _Rerun) and "key" not in flights._flights
    release.set()
    holder.join()
    assert flights.wait("key", lambda: ran.append("again") or "done") == "done"
    assert ran == ["again"], "the cancelled computation never ran"


def test_a_sections_heavy_computation_starts_only_once_its_slider_has_settled(monkeypatch):
    """In a section's run, a heavy computation waits SECTION_SETTLE_SECONDS
    for a newer move of the section before it starts: with one pending the
    run is interrupted and nothing is computed (a drag starts no probe per
    move); without, it is computed."""
    import contextvars
    from types import SimpleNamespace

    from ui import compute

    flights = compute.Flights(compute.Lane(1, niceness=0))
    monkeypatch.setattr(compute, "_flights", lambda: flights)
    monkeypatch.setattr(compute, "get_script_run_ctx", lambda suppress_warning=False: SimpleNamespace(fragment_ids_this_run=["section"]))
    newer = []

    def preempt() -> bool:
        if newer:
            raise _Rerun
        return False

    monkeypatch.setattr(compute, "preempt_by_newer_section_run", preempt)
    token = compute._PAGE_CONTEXT.set(contextvars.copy_context())
    try:
        newer.append("moved on")
        with pytest.raises(_Rerun):
            compute.run_heavy("key", lambda: "probed")
        assert flights.started == 0, "nothing was started for a value already left"
        newer.clear()
        began = time.monotonic()
        assert compute.run_heavy("key", lambda: "probed") == "probed"
        assert time.monotonic() - began >= compute.SECTION_SETTLE_SECONDS and flights.started == 1
    finally:
        compute._PAGE_CONTEXT.reset(token)


def test_a_pending_section_rerun_is_made_to_preempt(monkeypatch):
    """preempt_by_newer_section_run, against Streamlit's own ScriptRequests
    (private API: this fails if a Streamlit upgrade changes it). A slider
    move in a section asks to rerun that fragment; Streamlit does not let
    it interrupt the run in progress; once made to, the run's next yield
    point gets the pending request, with its fragment."""
    from types import SimpleNamespace

    from streamlit.runtime.scriptrunner_utils.script_requests import RerunData, ScriptRequests, ScriptRequestType

    from ui import compute

    requests = ScriptRequests()
    run = SimpleNamespace(fragment_ids_this_run=["section"], script_requests=requests)
    monkeypatch.setattr(compute, "get_script_run_ctx", lambda suppress_warning=False: run)
    assert not compute.preempt_by_newer_section_run(), "nothing is pending"
    assert requests.request_rerun(RerunData(fragment_id="section"))
    assert requests.on_scriptrunner_yield() is None, "Streamlit itself lets the section's run finish"
    run.fragment_ids_this_run = None  # a run of the whole page is not superseded by a section's
    assert not compute.preempt_by_newer_section_run()
    run.fragment_ids_this_run = ["another"]
    assert not compute.preempt_by_newer_section_run()
    assert requests.on_scriptrunner_yield() is None
    run.fragment_ids_this_run = ["section"]
    assert compute.preempt_by_newer_section_run()
    request = requests.on_scriptrunner_yield()
    assert request is not None and request.type == ScriptRequestType.RERUN
    assert request.rerun_data.fragment_id_queue == ["section"]


def test_the_result_cache_is_bounded_by_bytes_and_age(monkeypatch):
    """Pickled results of 40 bytes in a 100-byte cache: the third evicts
    the least recently used; one larger than the cache is not kept; an
    entry older than the ttl is gone."""
    from ui import compute

    cache, now = compute.ResultCache(max_bytes=100, ttl=60), [0.0]
    monkeypatch.setattr(compute.time, "monotonic", lambda: now[0])
    cache.put(("f", 1), b"a" * 40)
    cache.put(("f", 2), b"b" * 40)
    assert cache.get(("f", 1)) == b"a" * 40  # now the most recently used
    cache.put(("g", 3), b"c" * 40)
    assert cache.get(("f", 2)) is None and cache.nbytes == 80
    cache.put(("f", 4), b"d" * 101)
    assert cache.get(("f", 4)) is None and cache.nbytes == 80
    cache.clear("f")
    assert cache.get(("f", 1)) is None and cache.get(("g", 3)) == b"c" * 40 and cache.nbytes == 40
    now[0] = 61.0
    assert cache.get(("g", 3)) is None and cache.nbytes == 0


def test_the_memory_budget_is_never_exceeded_and_a_larger_computation_runs_alone():
    """Twelve computations of 10-60 units (one of 250, over the budget of
    100) from six threads: the estimates of those inside the budget at any
    moment (counted by the computations themselves) never add up to more
    than 100; the one over the budget is alone while it runs; all finish."""
    import random
    import threading

    from ui import compute

    budget = compute.MemoryBudget(100)
    inside, most, alone, lock = [], [0], [], threading.Lock()
    sizes = [random.Random(7).randint(10, 60) for _ in range(11)] + [250]

    def compute_one(size: int) -> None:
        with budget.hold(size, poll=0.01):
            with lock:
                inside.append(min(size, 100))
                most[0] = max(most[0], sum(inside))
                if size > 100:
                    alone.append(len(inside) == 1)
            time.sleep(0.02)
            with lock:
                inside.remove(min(size, 100))

    pending = list(sizes)
    threads = []
    for _ in range(6):
        def worker():
            while True:
                with lock:
                    if not pending:
                        return
                    size = pending.pop()
                compute_one(size)
        threads.append(threading.Thread(target=worker))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert most[0] <= 100 and budget.peak_held <= 100
    assert most[0] > 60, "several ran at once"
    assert alone == [True]
    assert budget.held == 0


def test_a_computation_waiting_for_memory_leaves_when_cancelled():
    import threading

    from core.cancel import Cancelled
    from ui import compute

    budget, stop = compute.MemoryBudget(100), threading.Event()
    with budget.hold(80):
        stop.set()
        with pytest.raises(Cancelled):
            with budget.hold(30, stop.is_set, poll=0.01):
                pass
    with budget.hold(100):
        assert budget.held == 100, "the cancelled one holds nothing"


@pytest.mark.parametrize("call, estimate", [
    ("probe_gradients(NetSpec(depth=50, width=512, activation='sigmoid', init='orthogonal'))", "mlp_probe_bytes(NetSpec(depth=50, width=512))"),
    ("probe_gradients(NetSpec(depth=40, width=256, activation='tanh'))", "mlp_probe_bytes(NetSpec(depth=40, width=256))"),
    ("probe_recurrent('lstm', 300, 128)", "recurrent_probe_bytes(RecurrentSpec(cell='lstm', hidden=128), 300)"),
])
def test_the_memory_estimate_is_within_a_factor_of_1_6_of_the_measured_peak(call, estimate):
    """The heavy lane's budget counts estimated peak bytes: each estimate
    is within 1.6x either way of the peak RSS increase measured in a fresh
    process (the fit's ratios here, 2026-12-02: 0.74-1.36)."""
    from benchmarks.bench_memory import estimate_bytes, measured_peak_bytes

    ratio = estimate_bytes(estimate) / measured_peak_bytes(call)
    assert 1 / 1.6 <= ratio <= 1.6, f"estimate / measured = {ratio:.2f}"


def _heavy_page():
    import streamlit as st

    from core import NetSpec
    from ui import compute

    probe = compute.probe(NetSpec(depth=2, width=4, seed=4321))
    st.metric("layers", len(probe))


def test_a_queued_page_shows_the_waiting_notice_then_its_result(monkeypatch):
    """In a script run, a heavy computation behind another one draws
    "waiting for a free computing slot" in the page (not into the cached
    result), removes it when its turn comes, and the page then shows the
    result."""
    from streamlit.testing.v1 import AppTest

    from ui import compute

    lane = compute.Lane(1)
    monkeypatch.setattr(compute, "_flights", lambda: compute.Flights(lane))
    monkeypatch.setattr(compute, "HEAVY_SECONDS", 0.0)  # every probe is heavy
    release, holder = _held(lane)
    asked, text = [], compute.t

    def waiting_text(key, **fields):  # the notice is drawn: the holder may finish
        asked.append(key)
        release.set()
        return text(key, **fields)

    monkeypatch.setattr(compute, "t", waiting_text)
    compute.probe.clear()
    try:
        app = AppTest.from_function(_heavy_page).run(timeout=60)
    finally:
        release.set()
        holder.join()
    assert not app.exception
    assert asked == ["frame.heavy_queued"]
    assert [m.value for m in app.metric] == ["2"]
    assert not app.info, "the notice is gone once the computation runs"


# --- training lanes -----------------------------------------------------------------------

def _page_default_jobs() -> dict:
    """Every training job the pages start at their default settings."""
    from core import NetSpec, TrainConfig, degradation_specs
    from core.claims import exploding, remedies, residual, rnn, vanishing
    from ui import compute

    plain, clipped = exploding.training_configs(exploding.DIVERGENCE["lr"], exploding.DIVERGENCE["clip_threshold"])
    spec = exploding.training_spec(exploding.DIVERGENCE["train_scale"])
    degradation = degradation_specs(residual.degradation_base(), residual.SHALLOW_DEPTH)
    return {
        "vanishing": compute._mlp_job(vanishing.DEFAULT_SPEC, TrainConfig(steps=100, optimizer="adam", lr=0.01, layer_every=100)),
        "exploding plain": compute._mlp_job(spec, plain), "exploding clipped": compute._mlp_job(spec, clipped),
        **{f"race {cell}": job for cell, job in compute.recurrent_jobs(
            {cell: rnn.spec(cell, rnn.RACE_HIDDEN) for cell in ("rnn", "lstm", "gru")}, rnn.race_config()).items()},
        **{f"degradation {key}": compute._mlp_job(net, residual.DEGRADATION_CONFIG) for key, net in degradation.items()},
        "remedies broken": compute._mlp_job(remedies.BROKEN, remedies.BROKEN_TRAINING),
        "phase": compute.phase_job("tanh", remedies.PHASE_DEPTH, remedies.PHASE_SIGMA_W, remedies.PHASE_SIGMA_B, remedies.PHASE_WIDTH),
    }


def test_every_pages_default_training_is_small_and_the_largest_settings_are_large():
    """Job.seconds (estimated on one core) picks the lane: the defaults of
    every page train in the small lane, so a class never queues them behind
    someone's largest settings, which take the large one."""
    from core import NetSpec, TrainConfig
    from core.claims import remedies
    from ui import compute

    jobs = _page_default_jobs()
    assert len(jobs) == 11
    for name, job in jobs.items():
        assert job.lane == "small", f"{name}: estimated {job.seconds:.1f} s"
    largest = compute._mlp_job(NetSpec(depth=100, width=512), TrainConfig(steps=100, layer_every=100))
    assert largest.lane == "large" and largest.seconds > 60
    deep_phase = compute.phase_job("tanh", max(remedies.PHASE_DEPTHS), remedies.PHASE_SIGMA_W, remedies.PHASE_SIGMA_B, remedies.PHASE_WIDTH)
    assert deep_phase.seconds > jobs["phase"].seconds


def test_the_estimate_is_within_a_factor_of_three_of_a_measured_step():
    """The lane is chosen on an estimate: check it against the clock for a
    small and a larger net (the ratio of the two is what decides the lane;
    a loaded machine slows both)."""
    from core import NetSpec, TrainConfig, train_mlp
    from ui import compute

    measured = {}
    for spec in (NetSpec(depth=50, width=64), NetSpec(depth=20, width=512)):
        config = TrainConfig(steps=6, layer_every=100)
        times = []
        train_mlp(spec, config, lambda step, steps, history: times.append(time.perf_counter()))
        measured[spec] = min(b - a for a, b in zip(times[1:], times[2:]))  # steps 3-6: no build, no first-step recording
        estimated = compute.mlp_training_seconds(spec, config) / config.steps
        assert estimated / 3 < measured[spec] < estimated * 3, (spec, measured[spec], estimated)


def _session_page(job_seconds: float):
    """A page that trains a job whose every step sleeps 50 ms (20 steps)."""
    import time as clock

    import streamlit as st

    from ui import compute

    def work(progress):
        for step in range(1, 21):
            clock.sleep(0.05)
            progress(step, 20, [{"step": step}])
        return "trained"

    st.write(compute.cached_run(compute.Job(("test-job", job_seconds, clock.time()), work, job_seconds), "training"))


def test_a_small_run_does_not_queue_behind_a_large_one(monkeypatch):
    """While the large lane is held (someone's largest run), a small run
    trains at once; a large one waits with the queue notice."""
    from streamlit.testing.v1 import AppTest

    from ui import compute

    lanes = {"small": compute.Lane(1, niceness=0), "large": compute.Lane(1, niceness=0)}
    monkeypatch.setattr(compute, "_training_lanes", lambda: lanes)
    release, holder = _held(lanes["large"])
    try:
        started = time.perf_counter()
        app = AppTest.from_function(_session_page, args=(1.0,)).run(timeout=30)
        assert not app.exception and app.markdown[0].value == "trained"
        assert time.perf_counter() - started < 10
        assert lanes["large"].busy(), "the large run still holds its lane"
    finally:
        release.set()
        holder.join()


@pytest.mark.parametrize("interrupted_in", ["check", "on_poll"])
def test_a_run_stops_within_one_step_once_its_page_is_interrupted(interrupted_in):
    """Streamlit interrupts a page's run when its reader leaves (StopException)
    or the page reruns, wherever the page touches Streamlit: in check(), or
    while it draws the progress bar (on_poll; the run went on in the browser
    test when only check() cancelled). The training in the lane's thread
    stops after its current step and frees its slot."""
    import threading

    from ui import compute

    class Stop(BaseException):
        pass

    lane = compute.Lane(1, niceness=0)
    stop, steps_done, left = threading.Event(), [], threading.Event()
    interrupt_at = []

    def work() -> str:
        try:
            for step in range(1, 1001):
                time.sleep(0.01)
                if stop.is_set():
                    raise compute.Cancelled("test")
                steps_done.append(step)
            return "finished"
        finally:
            left.set()

    def interrupt() -> None:
        if len(steps_done) >= 20:
            interrupt_at.append(len(steps_done))
            raise Stop

    with pytest.raises(Stop):
        lane.run(work, cancel=stop.set, poll=0.02, **{interrupted_in: interrupt})
    assert left.wait(1.0), "the run went on after its page was interrupted"
    assert len(steps_done) <= interrupt_at[0] + 2, "it stopped after its current step"
    assert not lane.busy(), "its slot is free"


def test_started_work_that_cannot_stop_is_waited_for():
    """A probe (no cancel) that has started is not interrupted: its caller
    waits for it, so its result is cached, whatever check() says."""
    from ui import compute

    class Stop(BaseException):
        pass

    def check() -> None:
        raise Stop

    lane = compute.Lane(1, niceness=0)
    assert lane.run(lambda: time.sleep(0.1) or "probed", check=check, poll=0.01) == "probed"
