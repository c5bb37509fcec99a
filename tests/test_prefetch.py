"""ui.prefetch: neighbouring slider values computed only while no script runs."""

import threading
import time

from ui.prefetch import Prefetcher, around


class Recorder:
    """A stand-in for a cached function: records its calls."""

    def __init__(self) -> None:
        self.calls: list[int] = []
        self.called = threading.Event()

    def __call__(self, value: int) -> None:
        self.calls.append(value)
        self.called.set()


def wait_until(condition, timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def test_around_stays_within_the_slider():
    assert around(20, 1, 1, 100) == [21, 19]
    assert around(1, 1, 1, 100) == [2]
    assert around(300, 10, 10, 300) == [290]
    assert around(5, 10, 1, 10) == []


def test_disabled_prefetcher_computes_nothing():
    prefetcher, recorder = Prefetcher(), Recorder()
    prefetcher.request(recorder, [(1,), (2,)])
    assert prefetcher.pending() == 0
    assert not recorder.called.wait(0.2)


def test_waits_for_running_scripts_then_computes_newest_first():
    prefetcher, recorder = Prefetcher(), Recorder()
    prefetcher.enable()
    with prefetcher.foreground():
        prefetcher.request(recorder, [(1,), (2,), (3,)])
        assert not recorder.called.wait(0.3), "computed while a script was running"
        assert prefetcher.pending() == 3
    assert wait_until(lambda: len(recorder.calls) == 3)
    assert recorder.calls == [3, 2, 1]
    assert prefetcher.pending() == 0


def test_keeps_only_the_newest_requests_and_each_once():
    prefetcher, recorder = Prefetcher(max_pending=2), Recorder()
    prefetcher.enable()
    with prefetcher.foreground():
        prefetcher.request(recorder, [(1,), (2,), (3,)])
        prefetcher.request(recorder, [(2,)])  # asked again: moves to the front, not a second entry
        assert prefetcher.pending() == 2
    assert wait_until(lambda: len(recorder.calls) == 2)
    time.sleep(0.1)
    assert recorder.calls == [2, 3]


def test_a_failing_request_does_not_stop_the_worker():
    prefetcher, recorder = Prefetcher(), Recorder()
    prefetcher.enable()

    def broken(value: int) -> None:
        raise ValueError(value)

    with prefetcher.foreground():
        prefetcher.request(recorder, [(7,)])
        prefetcher.request(broken, [(1,)])
    assert wait_until(lambda: recorder.calls == [7])


def test_a_busy_server_prefetches_nothing_until_it_calms_down(monkeypatch):
    import ui.prefetch as prefetch_module

    monkeypatch.setattr(prefetch_module, "BUSY_SECONDS", 0.5)
    prefetcher, recorder = Prefetcher(), Recorder()
    prefetcher.enable()
    for _ in range(prefetch_module.BUSY_RUNS + 1):  # a class moving sliders together
        with prefetcher.foreground():
            pass
    prefetcher.request(recorder, [(1,)])
    assert not recorder.called.wait(0.3), "prefetched on a busy server"
    assert recorder.called.wait(2.0), "never prefetched once the server was quiet"


def test_around_a_float_step_gives_the_values_the_browser_sends():
    """The browser's slider rounds a move to the step's decimals (k / 100 for
    a step of 0.01); a neighbour off by one ulp would be a cache miss."""
    for k in range(151):
        expected = [n / 100 for n in (k + 1, k - 1) if 0 <= n <= 150]
        assert around(k / 100, 0.01, 0.0, 1.5) == expected
    assert around(0.05, 0.01, 0.0, 1.5) == [0.06, 0.04] and 0.05 + 0.01 != 0.06
    assert around(0.5, 0.25, 0.0, 1.0) == [0.75, 0.25]
    assert all(type(n) is int for n in around(20, 1, 1, 100))


def test_moved_names_the_slider_that_changed_else_all():
    from streamlit.testing.v1 import AppTest

    def page():
        import streamlit as st
        from ui.prefetch import moved

        st.write(",".join(moved("section", depth=st.session_state.get("d", 50), alpha=st.session_state.get("a", 1.0))))

    app = AppTest.from_function(page).run()
    assert app.markdown[0].value == "depth,alpha"  # a first run: either may move next
    app.session_state["a"] = 1.01
    assert app.run().markdown[0].value == "alpha"
    assert app.run().markdown[0].value == "depth,alpha"  # nothing moved (another control did)
    app.session_state["d"] = 51
    assert app.run().markdown[0].value == "depth"
