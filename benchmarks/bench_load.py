"""A classroom on one server: N sessions moving sliders at once.

    python benchmarks/bench_load.py [--sessions 30] [--seconds 120] [--trainers 0] [--replicas 1] [--port 8650]

Starts `streamlit run dashboard.py` on loopback (with `--replicas N` above
1: `python deploy/serve.py --replicas N`, N replicas behind HAProxy, the
clients connecting through the proxy) and opens `--sessions` sessions that
speak Streamlit's own websocket protocol (the messages the browser sends
and receives), spread over the five lab pages. Every session loads its
page; once all have, each moves the page's main slider one step every
0.5-1.5 times `--think` seconds (default 1) for `--seconds`, sweeping to the slider's end and back, as the frontend
would (a fragment rerun when the slider sits in a fragment). `--trainers`
of the sessions instead sit on Vanishing and, each time, move the depth
and press "Train this network" (a new training run every time).

Headless browsers were tried first: on this 2-core machine thirty
Chromiums starve the server they measure (no page finished loading in
180 s), so the clients here leave the drawing out and measure the server.

Prints the interactions, errors (exception elements, timeouts, closed
connections), the median and p95 latency (message sent to the run's
"finished" message) of the page loads, of the slider moves (also per page)
and of the training presses, each server process's resident memory every
10 s, and the CPU time the server processes (from /proc: every thread of
each replica), the proxy and these clients used over the moving phase (they
share the machine), with the servers' CPU per interaction. Everything is
bounded: the session count (at most 60), the run time (at most 600 s), and
each wait (60 s for a move, 180 s for a page load).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
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
    loads: list[float] = field(default_factory=list)
    moves: list[float] = field(default_factory=list)
    moves_by_page: dict[str, list[float]] = field(default_factory=dict)
    trainings: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


class Class:
    """The sessions' start line: the moving phase (and its clock and CPU
    count) begins once every session has loaded its page or failed."""

    def __init__(self, sessions: int, seconds: float) -> None:
        self.sessions, self.seconds = sessions, seconds
        self.ready: set[int] = set()  # the seeds of the sessions that loaded or failed
        self.all_loaded = asyncio.Event()
        self.deadline = float("inf")
        self.started = float("nan")  # time.monotonic() when the moving phase began

    def loaded(self, seed: int) -> None:
        self.ready.add(seed)
        if len(self.ready) == self.sessions and not self.all_loaded.is_set():
            self.started = time.monotonic()
            self.deadline = self.started + self.seconds
            self.all_loaded.set()


def widget_key(widget_id: str) -> str:
    """The key a page gave a widget: Streamlit's widget id ends with "-<key>".
    Not the label: Vanishing has three sliders labelled "Depth (hidden
    layers)", and a client that took the last one moved the symmetry
    section's depth (a training per move) instead of the page's main slider."""
    return widget_id.rsplit("-", 1)[-1]


SCRUB_COMPONENT = "gradient_flow_lab.scrub"  # ui/scrub.py: a slider drawn by a component, not st.slider


class Session:
    """One browser tab, as the server sees it."""

    def __init__(self, url: str, route: str, link: str = "") -> None:
        self.url, self.page = url.replace("http", "ws") + "/_stcore/stream", route.strip("/")
        # the address's query string: questions skipped, so every chart is computed and drawn, and the Train buttons shown
        self.query = "&".join(filter(None, (link, "skip_predictions=true")))
        self.widgets: dict[str, Widget] = {}  # by key (widget_key)
        self.states: dict[str, object] = {}  # widget id -> value sent
        self.scrubs: set[str] = set()  # ids of ui/scrub.py sliders (Vanishing's depth)

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
            if widget_id in self.scrubs:  # ui/scrub.py's slider: its state as the browser sends it on release
                widget.json_value = json.dumps({"value": int(value)})
            elif isinstance(value, float):
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
            self.widgets[widget_key(slider.id)] = Widget(
                slider.id, fragment_id, "select_slider" if slider.options else "slider", list(slider.options),
                slider.min, slider.max, slider.step,
            )
            if slider.set_value and slider.raw_value:  # a select slider set by the server (from a link) sends its option's text
                current = slider.raw_value[0]
            else:
                index = (slider.value if slider.set_value else slider.default)[0]
                current = slider.options[int(index)] if slider.options else float(index)
            self.states.setdefault(slider.id, current)
        elif kind == "bidi_component" and element.bidi_component.component_name == SCRUB_COMPONENT:
            component, data = element.bidi_component, json.loads(element.bidi_component.json)
            # its key is ui.scrub.state_key(the control's key): "_depth_scrub" -> "depth"
            key = widget_key(component.id).removeprefix("_").removesuffix("_scrub")
            self.widgets[key] = Widget(component.id, fragment_id, "slider", [], data["min"], data["max"], 1)
            self.scrubs.add(component.id)
            self.states.setdefault(component.id, float(data["value"]))
        elif kind == "button" and element.button.id:
            self.widgets[widget_key(element.button.id)] = Widget(element.button.id, fragment_id, "button")

    def step(self, key: str, direction: int) -> tuple[Widget, int]:
        """Move the slider with this key one step; returns it and the direction it went."""
        widget, value = self.widgets[key], self.states[self.widgets[key].id]
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


async def load(session: Session, results: Results, class_: Class, seed: int) -> float:
    """Load the session's page, then wait until every session has loaded;
    returns the moving phase's deadline (time.monotonic())."""
    started = time.perf_counter()
    results.errors += await session.run(wait=LOAD_WAIT_S)
    results.loads.append(time.perf_counter() - started)
    class_.loaded(seed)
    await class_.all_loaded.wait()
    return class_.deadline


async def student(url: str, route: str, key: str, class_: Class, think: float, results: Results, seed: int) -> None:
    rng = random.Random(seed)
    try:
        async with Session(url, route) as session:
            deadline = await load(session, results, class_, seed)
            direction = 1
            while time.monotonic() < deadline:
                await asyncio.sleep(rng.uniform(0.5, 1.5) * think)
                widget, direction = session.step(key, direction)
                started = time.perf_counter()
                results.errors += await session.run(widget.fragment_id)
                results.moves.append(time.perf_counter() - started)
                results.moves_by_page.setdefault(route.strip("/"), []).append(results.moves[-1])
    except Exception as error:  # noqa: BLE001 - every failure is a reported error
        results.errors.append(f"{route}: {type(error).__name__}: {error}"[:200])
        class_.loaded(seed)  # a session that failed while loading must not hold the others back


async def trainer(url: str, class_: Class, think: float, results: Results, seed: int) -> None:
    """Vanishing: a new depth, then "Train this network", over and over."""
    rng = random.Random(seed)
    try:
        async with Session(url, "/vanishing") as session:
            deadline = await load(session, results, class_, seed)
            direction = 1
            while time.monotonic() < deadline:
                await asyncio.sleep(rng.uniform(0.5, 1.5) * think)
                widget, direction = session.step("depth", direction)
                results.errors += await session.run(widget.fragment_id)
                button = session.widgets["_train_start"]
                started = time.perf_counter()
                results.errors += await session.run(button.fragment_id, trigger=button.id)
                results.trainings.append(time.perf_counter() - started)
    except Exception as error:  # noqa: BLE001
        results.errors.append(f"trainer: {type(error).__name__}: {error}"[:200])
        class_.loaded(seed)


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far, all its threads (Linux
    /proc); NaN once it has exited."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def summary(seconds: list[float]) -> str:
    if not seconds:
        return "none"
    p95 = statistics.quantiles(seconds, n=20, method="inclusive")[-1] if len(seconds) > 1 else seconds[0]
    return f"{len(seconds)}, median {statistics.median(seconds) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, max {max(seconds) * 1000:.0f} ms"


class Servers:
    """The app on loopback: one `streamlit run` (replicas == 1), or
    `deploy/serve.py --replicas N` (N Streamlit replicas behind HAProxy, as
    tests/browser/test_deploy.py starts it). `url` is where clients
    connect; `replicas` maps each replica's name to its pid, `proxy` is the
    proxy's pid (None without one)."""

    def __init__(self, replicas: int, port: int) -> None:
        self.url = f"http://127.0.0.1:{port}"
        self.proxy: int | None = None
        if replicas == 1:
            self.process = start("dashboard.py", port)
            wait_healthy(self.url)
            self.replicas = {"app": self.process.pid}
            return
        self.log = tempfile.NamedTemporaryFile("w+", prefix="bench_load_serve_", suffix=".log")
        command = [sys.executable, "deploy/serve.py", "--replicas", str(replicas), "--port", str(port), "--bind", "127.0.0.1"]
        self.process = subprocess.Popen(command, cwd=REPO, stdout=self.log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        wait_healthy(self.url, timeout=180)
        self.replicas, self.proxy = {}, None
        for line in Path(self.log.name).read_text().splitlines():  # serve.py's JSON lines
            if line.startswith("{"):
                record = json.loads(line)
                if "replica" in record:
                    self.replicas[record["replica"]] = record["pid"]
                elif "proxy" in record:
                    self.proxy = record["pid"]
        self._wait_for_every_replica(replicas)

    def _wait_for_every_replica(self, count: int, timeout: float = 90) -> None:
        """Fresh requests without the cookie until each replica has answered
        once through the proxy (a replica counts as up there only after its
        first health check)."""
        seen, deadline = set(), time.monotonic() + timeout
        while len(seen) < count:
            if time.monotonic() > deadline:
                raise SystemExit(f"only {sorted(seen)} of {count} replicas answered through the proxy")
            with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=5) as response:
                seen.add(response.headers["x-lab-replica"])
            time.sleep(0.2)

    def cpu(self) -> dict[str, float]:
        """CPU seconds so far per replica name, and the proxy's as "proxy"."""
        return {name: cpu_seconds(pid) for name, pid in self.replicas.items()} | ({"proxy": cpu_seconds(self.proxy)} if self.proxy else {})

    def stop(self) -> None:
        self.process.terminate()  # serve.py stops its replicas and the proxy on SIGTERM
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def flatness(samples: list[tuple[float, float]]) -> str:
    """Is memory flat over a long class? The peak, the median of the first and of the last
    quarter of the samples, and the least-squares slope in MB per minute."""
    if len(samples) < 4:
        return "flatness: too few samples (a run of 40 s or more gives four)"
    times, values = [at for at, _ in samples], [mb for _, mb in samples]
    quarter = len(values) // 4
    mean_t, mean_v = statistics.fmean(times), statistics.fmean(values)
    slope = sum((t - mean_t) * (v - mean_v) for t, v in samples) / sum((t - mean_t) ** 2 for t in times) * 60
    return (f"peak {max(values):.0f} MB; median of the first quarter {statistics.median(values[:quarter]):.0f} MB, "
            f"of the last {statistics.median(values[-quarter:]):.0f} MB; slope {slope:+.1f} MB/min")


async def main(sessions: int, seconds: float, trainers: int, think: float, replicas: int, port: int) -> None:
    servers = Servers(replicas, port)
    url = servers.url
    try:
        results = Results()
        started = time.monotonic()
        class_ = Class(sessions, seconds)
        tasks = [asyncio.create_task(trainer(url, class_, think, results, seed)) for seed in range(trainers)]
        tasks += [
            asyncio.create_task(student(url, *SLIDERS[seed % len(SLIDERS)], class_, think, results, seed))
            for seed in range(trainers, sessions)
        ]
        await class_.all_loaded.wait()
        cpu_before, client_before = servers.cpu(), time.process_time()
        load_average = os.getloadavg()
        print(f"  {time.monotonic() - started:4.0f} s: every session loaded its page; moving for {seconds:.0f} s; load average {load_average[0]:.2f}", flush=True)
        memory = []
        while not all(task.done() for task in tasks):
            await asyncio.sleep(10)
            memory.append((time.monotonic() - started, {name: rss_mb(pid) for name, pid in servers.replicas.items()}))
            print(f"  {memory[-1][0]:4.0f} s: " + ", ".join(f"{name} {mb:.0f} MB" for name, mb in memory[-1][1].items())
                  + f", {len(results.moves)} moves", flush=True)
        wall = time.monotonic() - class_.started
        cpu_after, client_cpu = servers.cpu(), time.process_time() - client_before
        used = {name: cpu_after[name] - cpu_before[name] for name in cpu_before}
        server_cpu = sum(seconds_ for name, seconds_ in used.items() if name != "proxy")
        interactions = len(results.moves) + len(results.trainings)
        where = "on one server" if replicas == 1 else f"on {replicas} replicas behind HAProxy (deploy/serve.py)"
        print(f"\n{sessions} sessions ({trainers} training), a move every {think:g} s on average, for {seconds:.0f} s {where}")
        print(f"load average when the moves began: {' '.join(f'{value:.2f}' for value in load_average)}; at the end: "
              f"{' '.join(f'{value:.2f}' for value in os.getloadavg())}")
        print(f"page loads: {summary(results.loads)}")
        print(f"slider moves: {summary(results.moves)}")
        for page in sorted(results.moves_by_page):
            print(f"  {page:10s} {summary(results.moves_by_page[page])}")
        print(f"training presses: {summary(results.trainings)}")
        print(f"errors: {len(results.errors)}" + "".join(f"\n  {error}" for error in results.errors[:10]))
        for name in servers.replicas:
            print(f"{name} RSS (MB) every 10 s: " + ", ".join(f"{by_name[name]:.0f}" for _, by_name in memory))
            print(f"{name} RSS {flatness([(at, by_name[name]) for at, by_name in memory])}")
        print(f"CPU over the {wall:.0f} s of moves: servers {server_cpu:.1f} s ({server_cpu / wall:.2f} cores on average; "
              + ", ".join(f"{name} {value:.1f} s" for name, value in used.items()) + f"), these clients {client_cpu:.1f} s "
              f"({client_cpu / wall:.2f} cores), on {os.cpu_count()} cores")
        if interactions:
            print(f"server CPU per interaction: {server_cpu / interactions * 1000:.1f} ms ({interactions} moves and training presses)")
    finally:
        servers.stop()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=30)
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--trainers", type=int, default=0)
    parser.add_argument("--think", type=float, default=1.0, help="mean seconds between a session's moves")
    parser.add_argument("--replicas", type=int, default=1, help="Streamlit processes; above 1, behind HAProxy through deploy/serve.py")
    parser.add_argument("--port", type=int, help="where the clients connect: the server's or the proxy's port (default: a free one)")
    args = parser.parse_args()
    if not (1 <= args.sessions <= 60 and 1 <= args.seconds <= 600 and 0 <= args.trainers <= args.sessions and 0.1 <= args.think <= 60
            and 1 <= args.replicas <= 16):
        raise SystemExit("bounds: 1-60 sessions, 1-600 s, 0-sessions trainers, 0.1-60 s think time, 1-16 replicas")
    asyncio.run(main(args.sessions, args.seconds, args.trainers, args.think, args.replicas, args.port or free_port()))
