"""A classroom on one server: N sessions moving sliders at once.

    python benchmarks/bench_load.py [--sessions 30] [--seconds 120] [--trainers 0]

Starts `streamlit run dashboard.py` on loopback and opens `--sessions`
sessions that speak Streamlit's own websocket protocol (the messages the
browser sends and receives), spread over the five lab pages. Each session
loads its page, then moves the page's main slider one step every 0.5-1.5
times `--think` seconds (default 1) for `--seconds`, sweeping to the slider's end and back, as the frontend
would (a fragment rerun when the slider sits in a fragment). `--trainers`
of the sessions instead sit on Vanishing and, each time, move the depth
and press "Train this network" (a new training run every time).

Headless browsers were tried first: on this 2-core machine thirty
Chromiums starve the server they measure (no page finished loading in
180 s), so the clients here leave the drawing out and measure the server.

Prints the interactions, errors (exception elements, timeouts, closed
connections), the median and p95 latency (message sent to the run's
"finished" message) for the slider moves (also per page) and for the
training presses, the server's resident memory every 10 s, and the CPU time
the server and these clients used (they share the machine). Everything is
bounded: the session count (at most 60), the run time (at most 600 s), and
each wait (60 s for a move, 180 s for a page load).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.bench_browser import SLIDERS, rss_mb, start, wait_healthy  # noqa: E402
from tests.browser.conftest import free_port  # noqa: E402

WAIT_S = 60  # longest wait for any one message of a slider move
LOAD_WAIT_S = 180  # ... of a page load (the first visitors compute what later ones find cached)
FINISHED = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY, ForwardMsg.FINISHED_WITH_COMPILE_ERROR}


@dataclass
class Widget:
    id: str
    fragment_id: str
    kind: str  # "slider", "select_slider" or "button"
    options: list[str] = field(default_factory=list)  # a select slider's labels
    low: float = 0.0
    high: float = 0.0
    step: float = 1.0


@dataclass
class Results:
    moves: list[float] = field(default_factory=list)
    moves_by_page: dict[str, list[float]] = field(default_factory=dict)
    trainings: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


class Session:
    """One browser tab, as the server sees it."""

    def __init__(self, url: str, route: str, link: str = "") -> None:
        self.url, self.page = url.replace("http", "ws") + "/_stcore/stream", route.strip("/")
        # the address's query string: questions skipped, so every chart is computed and drawn, and the Train buttons shown
        self.query = "&".join(filter(None, (link, "skip_predictions=true")))
        self.widgets: dict[str, Widget] = {}  # by label (sliders: the page's first of that label) or key (buttons: an id ends with "-<key>")
        self.states: dict[str, object] = {}  # widget id -> value sent

    async def __aenter__(self) -> "Session":
        self.ws = await websockets.connect(self.url, subprotocols=["streamlit"], max_size=None, open_timeout=WAIT_S)
        return self

    async def __aexit__(self, *exc) -> None:
        await self.ws.close()

    async def run(self, fragment_id: str = "", trigger: str | None = None, wait: float = WAIT_S) -> list[str]:
        """Send a rerun with the current widget values; wait for it to
        finish. Returns the messages of the exceptions it drew."""
        await self.ws.send(self.rerun_message(fragment_id, trigger))
        exceptions = []
        while True:
            incoming = ForwardMsg()
            incoming.ParseFromString(await asyncio.wait_for(self.ws.recv(), wait))
            kind = incoming.WhichOneof("type")
            if kind == "delta" and incoming.delta.WhichOneof("type") == "new_element":
                self._read(incoming.delta.new_element, incoming.delta.fragment_id, exceptions)
            elif kind == "script_finished" and incoming.script_finished in FINISHED:
                return exceptions

    def rerun_message(self, fragment_id: str = "", trigger: str | None = None) -> bytes:
        """The BackMsg asking for a rerun (of `fragment_id`'s section, or the page) with the current widget values."""
        message = BackMsg()
        state = message.rerun_script
        state.page_name, state.fragment_id = self.page, fragment_id
        state.query_string = self.query
        for widget_id, value in self.states.items():
            widget = state.widget_states.widgets.add()
            widget.id = widget_id
            if isinstance(value, float):
                widget.double_array_value.data.append(value)
            else:
                widget.string_array_value.data.append(value)
        if trigger:
            widget = state.widget_states.widgets.add()
            widget.id, widget.trigger_value = trigger, True
        return message.SerializeToString()

    def _read(self, element, fragment_id: str, exceptions: list[str]) -> None:
        kind = element.WhichOneof("type")
        if kind == "exception":
            exceptions.append(element.exception.message[:200])
        elif kind == "slider":
            slider = element.slider
            # A label's first slider: Vanishing's symmetry section has a second "Depth (hidden layers)",
            # drawn later, whose every move trains six nets (the students moved it from its merge to 2026-12-02).
            if self.widgets.get(slider.label, slider).id == slider.id:
                self.widgets[slider.label] = Widget(
                    slider.id, fragment_id, "select_slider" if slider.options else "slider", list(slider.options),
                    slider.min, slider.max, slider.step,
                )
            if slider.set_value and slider.raw_value:  # a select slider set by the server (from a link) sends its option's text
                current = slider.raw_value[0]
            else:
                index = (slider.value if slider.set_value else slider.default)[0]
                current = slider.options[int(index)] if slider.options else float(index)
            self.states.setdefault(slider.id, current)
        elif kind == "button" and element.button.id:
            self.widgets[element.button.id.rsplit("-", 1)[-1]] = Widget(element.button.id, fragment_id, "button")

    def step(self, label: str, direction: int) -> tuple[Widget, int]:
        """Move the slider one step; returns it and the direction it went."""
        widget, value = self.widgets[label], self.states[self.widgets[label].id]
        if widget.kind == "select_slider":
            index = widget.options.index(value)
            if not 0 <= index + direction < len(widget.options):
                direction = -direction
            self.states[widget.id] = widget.options[index + direction]
        else:
            if not widget.low <= value + direction * widget.step <= widget.high:
                direction = -direction
            self.states[widget.id] = round(value + direction * widget.step, 6)
        return widget, direction


async def student(url: str, route: str, label: str, deadline: float, think: float, results: Results, seed: int) -> None:
    rng = random.Random(seed)
    try:
        async with Session(url, route) as session:
            results.errors += await session.run(wait=LOAD_WAIT_S)
            direction = 1
            while time.monotonic() < deadline:
                await asyncio.sleep(rng.uniform(0.5, 1.5) * think)
                widget, direction = session.step(label, direction)
                started = time.perf_counter()
                results.errors += await session.run(widget.fragment_id)
                results.moves.append(time.perf_counter() - started)
                results.moves_by_page.setdefault(route.strip("/"), []).append(results.moves[-1])
    except Exception as error:  # noqa: BLE001 - every failure is a reported error
        results.errors.append(f"{route}: {type(error).__name__}: {error}"[:200])


async def trainer(url: str, deadline: float, think: float, results: Results, seed: int) -> None:
    """Vanishing: a new depth, then "Train this network", over and over."""
    rng = random.Random(seed)
    try:
        async with Session(url, "/vanishing") as session:
            results.errors += await session.run(wait=LOAD_WAIT_S)
            direction = 1
            while time.monotonic() < deadline:
                await asyncio.sleep(rng.uniform(0.5, 1.5) * think)
                widget, direction = session.step("Depth (hidden layers)", direction)
                results.errors += await session.run(widget.fragment_id)
                button = session.widgets["_train_start"]
                started = time.perf_counter()
                results.errors += await session.run(button.fragment_id, trigger=button.id)
                results.trainings.append(time.perf_counter() - started)
    except Exception as error:  # noqa: BLE001
        results.errors.append(f"trainer: {type(error).__name__}: {error}"[:200])


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def summary(seconds: list[float]) -> str:
    if not seconds:
        return "none"
    p95 = statistics.quantiles(seconds, n=20, method="inclusive")[-1] if len(seconds) > 1 else seconds[0]
    return f"{len(seconds)}, median {statistics.median(seconds) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, max {max(seconds) * 1000:.0f} ms"


async def main(sessions: int, seconds: float, trainers: int, think: float) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    server = start("dashboard.py", port)
    try:
        wait_healthy(url)
        results = Results()
        deadline = time.monotonic() + seconds
        started = time.monotonic()
        server_cpu, client_cpu = cpu_seconds(server.pid), time.process_time()
        tasks = [asyncio.create_task(trainer(url, deadline, think, results, seed)) for seed in range(trainers)]
        tasks += [
            asyncio.create_task(student(url, *SLIDERS[seed % len(SLIDERS)], deadline, think, results, seed))
            for seed in range(trainers, sessions)
        ]
        memory = []
        while not all(task.done() for task in tasks):
            await asyncio.sleep(10)
            memory.append((time.monotonic() - started, rss_mb(server.pid)))
            print(f"  {memory[-1][0]:4.0f} s: {memory[-1][1]:.0f} MB, {len(results.moves)} moves", flush=True)
        print(f"\n{sessions} sessions ({trainers} training), a move every {think:g} s on average, for {seconds:.0f} s on one server")
        wall = time.monotonic() - started
        server_cpu, client_cpu = cpu_seconds(server.pid) - server_cpu, time.process_time() - client_cpu
        print(f"slider moves: {summary(results.moves)}")
        for page in sorted(results.moves_by_page):
            print(f"  {page:10s} {summary(results.moves_by_page[page])}")
        print(f"training presses: {summary(results.trainings)}")
        print(f"errors: {len(results.errors)}" + "".join(f"\n  {error}" for error in results.errors[:10]))
        print("server RSS (MB) every 10 s: " + ", ".join(f"{mb:.0f}" for _, mb in memory))
        print(f"CPU over {wall:.0f} s: server {server_cpu:.0f} s ({server_cpu / wall:.2f} cores on average), "
              f"these clients {client_cpu:.0f} s ({client_cpu / wall:.2f} cores), on {os.cpu_count()} cores")
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=30)
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--trainers", type=int, default=0)
    parser.add_argument("--think", type=float, default=1.0, help="mean seconds between a session's moves")
    args = parser.parse_args()
    if not (1 <= args.sessions <= 60 and 1 <= args.seconds <= 600 and 0 <= args.trainers <= args.sessions and 0.1 <= args.think <= 60):
        raise SystemExit("bounds: 1-60 sessions, 1-600 s, 0-sessions trainers, 0.1-60 s think time")
    asyncio.run(main(args.sessions, args.seconds, args.trainers, args.think))
