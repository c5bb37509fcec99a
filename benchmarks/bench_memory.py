"""Server memory through distinct largest configurations, as a class would
cause it: each probe is new to the cache (a new seed), so nothing is reused.

    python benchmarks/bench_memory.py [--configs 40]
    python benchmarks/bench_memory.py --server --configs 200 [--idle 30]
    python benchmarks/bench_memory.py --estimates

With `--estimates`: each probe of ESTIMATED in a fresh interpreter, its
peak RSS increase (sampled every 2 ms) against ui.compute's estimate of it
(the heavy lane's MemoryBudget counts estimates), and their ratio.

With `--server`: a real `streamlit run dashboard.py` and one client (a
websocket session, as in bench_load) opening `--configs` distinct largest
links one after another (bench_fairness.heavy_link: Vanishing, Residual and
RNN pages at their largest settings, everything the page computes), then
`--idle` seconds of nothing; prints the server's RSS at start, its peak
(sampled every 50 ms), at the end of the links and after the idle time.

Without it:
Runs the app's cached computations (ui.compute) in this process, the way the
server does, and prints the resident set size (RSS) at start, at its peak,
and after the configurations; first with the heap's free pages returned to
the system after each computation (what the app does), then without (the
same computations with ui.compute.release_memory disabled), in two fresh
interpreters so that neither run inherits the other's heap.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = r"""
import logging, os, sys, threading, time
sys.path.insert(0, {root!r})
logging.getLogger("streamlit").setLevel(logging.ERROR)
from ui import compute
from dataclasses import replace
from core import NetSpec, RecurrentSpec
from core.claims import residual
if {disable}:
    compute._MALLOC_TRIM = None
# No script run here: heavy work would raise NotPrefetched (the app computes it
# only for a page that asks). Every estimate counts as light, so each
# computation runs in this thread instead of the heavy lane: the same work
# and memory, without the lane's queue, which shares a server between sessions.
compute.HEAVY_SECONDS = float("inf")

def rss():  # not bench_browser.rss_mb: importing it would load playwright into the process measured
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20

peak, start, stop = [0.0], rss(), threading.Event()
def watch():
    while not stop.is_set():
        peak[0] = max(peak[0], rss())
        time.sleep(0.01)
threading.Thread(target=watch, daemon=True).start()
for seed in range({configs}):
    kind = seed % 3
    if kind == 0:
        compute.probe(NetSpec(depth=100, width=512, activation="tanh", init="orthogonal", seed=seed))
    elif kind == 1:
        compute.probe_plain_and_residual(replace(residual.probe_spec("relu", 100, 1.0, "batch"), seed=seed))
    else:
        compute.probe_cell(RecurrentSpec(cell="lstm", hidden=256, seed=seed), 300)
stop.set()
print(f"{{start:.0f}} {{peak[0]:.0f}} {{rss():.0f}}")
"""


PEAK_CHILD = r"""
import os, sys, threading, time
sys.path.insert(0, {root!r})
import logging; logging.getLogger("streamlit").setLevel(logging.ERROR)
from ui import compute  # its memory maps for tensors of 1 MiB and more, as in the server
from core import NetSpec, RecurrentSpec, compare_probe, probe_gradients, probe_recurrent
def rss():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
probe_gradients(NetSpec(depth=2, width=8)); probe_recurrent("rnn", 3, 4); compute.release_memory()
start = rss(); peak = [start]; stop = threading.Event()
def watch():
    while not stop.is_set():
        peak[0] = max(peak[0], rss()); time.sleep(0.002)
watcher = threading.Thread(target=watch); watcher.start()
{call}
stop.set(); watcher.join()
print(peak[0] - start)
"""

# (the call measured, ui.compute's estimate of its peak bytes): the pages' largest settings and smaller ones
ESTIMATED = [
    ("probe_gradients(NetSpec(depth=100, width=512, activation='sigmoid', init='orthogonal'))", "mlp_probe_bytes(NetSpec(depth=100, width=512))"),
    ("probe_gradients(NetSpec(depth=100, width=512, activation='relu', init='he_normal'))", "mlp_probe_bytes(NetSpec(depth=100, width=512))"),
    ("probe_gradients(NetSpec(depth=50, width=512, activation='sigmoid', init='orthogonal'))", "mlp_probe_bytes(NetSpec(depth=50, width=512))"),
    ("probe_gradients(NetSpec(depth=100, width=256, activation='sigmoid'))", "mlp_probe_bytes(NetSpec(depth=100, width=256))"),
    ("probe_gradients(NetSpec(depth=40, width=256, activation='tanh'))", "mlp_probe_bytes(NetSpec(depth=40, width=256))"),
    ("probe_gradients(NetSpec(depth=100, width=128, activation='sigmoid'))", "mlp_probe_bytes(NetSpec(depth=100, width=128))"),
    ("probe_gradients(NetSpec(depth=10, width=512, activation='tanh'), batch=400)", "mlp_bytes(10, 512, 400)"),
    ("compare_probe(NetSpec(depth=100, width=64, block='preact', residual=True, norm='batch'))", "mlp_probe_bytes(NetSpec(depth=100, width=64, block='preact', residual=True))"),
    ("compare_probe(NetSpec(depth=100, width=256, block='preact', residual=True))", "mlp_probe_bytes(NetSpec(depth=100, width=256, block='preact', residual=True))"),
    ("probe_recurrent('lstm', 300, 256)", "recurrent_probe_bytes(RecurrentSpec(cell='lstm', hidden=256), 300)"),
    ("probe_recurrent('lstm', 300, 128)", "recurrent_probe_bytes(RecurrentSpec(cell='lstm', hidden=128), 300)"),
    ("probe_recurrent('gru', 300, 256)", "recurrent_probe_bytes(RecurrentSpec(cell='gru', hidden=256), 300)"),
    ("probe_recurrent('rnn', 300, 256)", "recurrent_probe_bytes(RecurrentSpec(cell='rnn', hidden=256), 300)"),
]


def measured_peak_bytes(call: str) -> float:
    """The peak RSS increase (bytes, sampled every 2 ms) while `call` (a
    core expression) runs in a fresh interpreter, after a warm-up."""
    code = PEAK_CHILD.format(root=str(ROOT), call=call)
    return float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()[-1])


def estimate_bytes(expression: str) -> float:
    """ui.compute's estimate `expression` (e.g. "mlp_probe_bytes(NetSpec(...))"), in bytes."""
    import logging

    sys.path.insert(0, str(ROOT))
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    from core import NetSpec, RecurrentSpec
    from ui import compute

    return eval(expression, {"NetSpec": NetSpec, "RecurrentSpec": RecurrentSpec, **vars(compute)})


def estimates() -> None:
    print(f"{'call':92s} {'estimate':>9s} {'measured':>9s} ratio  (MB)")
    for call, expression in ESTIMATED:
        estimate, measured = estimate_bytes(expression), measured_peak_bytes(call)
        print(f"{call:92s} {estimate / 2**20:9.0f} {measured / 2**20:9.0f} {estimate / measured:5.2f}", flush=True)


def through_server(configs: int, idle: float) -> None:
    import asyncio
    import threading
    import time

    sys.path.insert(0, str(ROOT))
    from benchmarks.bench_browser import rss_mb, start, wait_healthy
    from benchmarks.bench_fairness import heavy_link
    from benchmarks.bench_load import LOAD_WAIT_S, Session
    from tests.browser.conftest import free_port

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    server = start("dashboard.py", port)
    peak, stop = [0.0], threading.Event()

    def watch() -> None:
        while not stop.is_set():
            peak[0] = max(peak[0], rss_mb(server.pid))
            time.sleep(0.05)

    async def open_links() -> list[str]:
        errors = []
        for n in range(configs):
            route, link = heavy_link(n)
            async with Session(url, route, link) as session:
                errors.extend(await session.run(wait=LOAD_WAIT_S))
            if (n + 1) % 20 == 0:
                print(f"  {n + 1} links: RSS {rss_mb(server.pid):.0f} MB, peak so far {peak[0]:.0f} MB", flush=True)
        return errors

    try:
        wait_healthy(url)
        begin = rss_mb(server.pid)
        threading.Thread(target=watch, daemon=True).start()
        started = time.perf_counter()
        errors = asyncio.run(open_links())
        end = rss_mb(server.pid)
        took = time.perf_counter() - started
        time.sleep(idle)
        stop.set()
        print(f"{configs} distinct largest links through the server in {took:.0f} s ({len(errors)} errors): RSS start {begin:.0f} MB, "
              f"peak {peak[0]:.0f} MB, end {end:.0f} MB, after {idle:.0f} s idle {rss_mb(server.pid):.0f} MB"
              + "".join(f"\n  {error}" for error in errors[:10]))
    finally:
        server.terminate()
        server.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--configs", type=int, default=40)
    parser.add_argument("--server", action="store_true", help="through a running server, one client opening the links")
    parser.add_argument("--idle", type=float, default=30, help="with --server: seconds of idle time measured after the links")
    parser.add_argument("--estimates", action="store_true", help="ui.compute's peak-bytes estimates against the measured peaks")
    args = parser.parse_args()
    if args.estimates:
        estimates()
        return
    if args.server:
        through_server(args.configs, args.idle)
        return
    env = dict(os.environ, OMP_WAIT_POLICY="PASSIVE")
    print(f"{args.configs} distinct largest configurations (the pages' largest: MLP probe, plain+residual probe, LSTM probe in turn); RSS in MB", flush=True)
    for label, disable in (("memory returned (the app)", False), ("memory kept (glibc default)", True)):
        code = CHILD.format(root=str(ROOT), configs=args.configs, disable=disable)
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True).stdout.split()
        start, peak, end = out[-3:]
        print(f"{label:30s} start {start:>5}  peak {peak:>5}  after {end:>5}")


if __name__ == "__main__":
    main()
