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
