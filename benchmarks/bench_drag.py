"""What does a student dragging a slider through the largest settings cost the server?

    python benchmarks/bench_drag.py [--moves 20] [--gap 0.15] [--rounds 2] [--reference /work/main]

Starts `streamlit run dashboard.py` from this checkout (and, with
`--reference`, from another checkout of the app: the two alternate, round
by round, so both see the same machine load), opens Vanishing at depth 100
x width 512 with orthogonal weights (each probe about 1.3 s of CPU on one
core, in the heavy lane), then drags its Depth slider down `--moves` steps,
one move every `--gap` seconds without waiting for the runs (what a browser
sends while the slider is dragged), and waits until the server has been
quiet for 2 s. Prints per server and round the server's CPU seconds and
the wall time from the first move to the last finished run, and the
load average; then the medians' ratios (variant / reference).

A section's slider moves are fragment reruns: Streamlit lets the run in
progress finish and folds the moves sent meanwhile into one run after it;
ui/compute.py makes a pending move of the same section interrupt the run
and cancels the probe no one waits for any more. The wall time ends at the
last run that finished (not stopped for a rerun), after which the server
stayed quiet for 2 s.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.bench_browser import wait_healthy  # noqa: E402
from benchmarks.bench_load import FINISHED, LOAD_WAIT_S, Session, cpu_seconds  # noqa: E402
from tests.browser.conftest import free_port  # noqa: E402

from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402

LINK = "depth=100&width=512&init=orthogonal"
QUIET_S = 2.0


def serve(checkout: Path, port: int) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.headless", "true", "--server.port", str(port),
         "--browser.gatherUsageStats", "false"],
        cwd=checkout, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL,
    )


@contextmanager
def serving(checkouts: dict[str, Path], port: int | None = None) -> Iterator[dict[str, tuple[subprocess.Popen, str]]]:
    """A server per checkout (name -> (process, url)), healthy, on free ports
    or on `port`, `port` + 1, ...; stopped on leaving."""
    servers = {}
    try:
        for index, (name, checkout) in enumerate(checkouts.items()):
            server_port = port + index if port else free_port()
            servers[name] = (serve(checkout, server_port), f"http://127.0.0.1:{server_port}")
        for _, url in servers.values():
            wait_healthy(url)
        yield servers
    finally:
        for server, _ in servers.values():
            server.terminate()
            server.wait()


async def drag(url: str, pid: int, moves: int, gap: float, seed: int) -> tuple[float, float]:
    """(server CPU seconds, seconds from the first move to the last finished run) of one drag."""
    async with Session(url, "/vanishing", f"{LINK}&seed={seed}") as session:
        await session.run(wait=LOAD_WAIT_S)
        cpu_before, started = cpu_seconds(pid), time.perf_counter()
        depth = session.widgets["depth"]  # the first section's (a ui/scrub.py slider: sent as on release)
        last_finish = started
        for _ in range(moves):
            session.states[depth.id] -= depth.step
            await session.ws.send(session.rerun_message(depth.fragment_id))
            await asyncio.sleep(gap)
        settled = False  # the last run finished (not stopped for a rerun) and nothing has started since
        while True:  # read until the server has been quiet for QUIET_S after a finished run
            try:
                incoming = ForwardMsg()
                incoming.ParseFromString(await asyncio.wait_for(session.ws.recv(), QUIET_S if settled else LOAD_WAIT_S))
            except asyncio.TimeoutError:
                break
            if incoming.WhichOneof("type") == "script_finished":
                settled, last_finish = incoming.script_finished in FINISHED, time.perf_counter()
            elif incoming.WhichOneof("type") == "new_session":  # a run started
                settled = False
        return cpu_seconds(pid) - cpu_before, last_finish - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--moves", type=int, default=20)
    parser.add_argument("--gap", type=float, default=0.15)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--reference", type=Path, help="another checkout of the app, run alternately")
    args = parser.parse_args()
    checkouts = {"variant": REPO, **({"reference": args.reference} if args.reference else {})}
    with serving(checkouts) as servers:
        figures: dict[str, list[tuple[float, float]]] = {name: [] for name in servers}
        for round_ in range(args.rounds):
            for name, (server, url) in servers.items():
                cpu, wall = asyncio.run(drag(url, server.pid, args.moves, args.gap, seed=100 + round_))
                figures[name].append((cpu, wall))
                print(f"round {round_ + 1} {name:9s}: server CPU {cpu:5.1f} s, first move to last run {wall:5.1f} s, "
                      f"load average {os.getloadavg()[0]:.1f}", flush=True)
        if "reference" in figures:
            for index, what in enumerate(("CPU", "wall")):
                ratio = statistics.median(f[index] for f in figures["variant"]) / statistics.median(f[index] for f in figures["reference"])
                print(f"median {what}: variant / reference = {ratio:.2f}")


if __name__ == "__main__":
    main()
