"""Can one session stall the class? Students beside clients asking for the heaviest work.

    python benchmarks/bench_fairness.py [--students 5] [--heavy 0,1,3] [--seconds 60] [--repeat 1]

For each K in `--heavy`, starts a fresh `streamlit run dashboard.py` (so that
every phase begins with the same empty caches: the students sweep the same
slider values in every phase, and a warm cache would favour the later ones),
opens each student page once (what a teacher does before class), then runs,
for `--seconds`:

- `--students` sessions moving each page's main slider at default settings
  (bench_load's students: a step every 0.5-1.5 s, over the five lab pages);
- K clients that open, one after another, links to distinct largest
  configurations, so that nothing is cached: Vanishing at depth 100 x width
  512 with orthogonal weights and a new seed, Residual at depth 100 with a
  new alpha, RNN at 300 steps x hidden 256 with a new recurrent init/scale.

Prints per phase the students' moves done and median / p95 / max latency
(also per page), the heavy links opened and their median time, the
server's peak resident memory (VmHWM: the phase has its own server) and its
RSS at the end, and the load average (the machine may be shared), then the
ratio of the students' p95 with the largest K to their p95 with K = 0 (the
issue-15 target: at most 2).
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.bench_browser import SLIDERS, rss_mb, start, wait_healthy  # noqa: E402
from benchmarks.bench_load import LOAD_WAIT_S, Class, Results, Session, student, summary  # noqa: E402
from tests.browser.conftest import free_port  # noqa: E402

RNN_INITS = ("orthogonal", "scaled_normal", "identity")  # the recurrent inits with a scale (20..200 in the slider's steps of 0.05)


def heavy_link(n: int) -> tuple[str, str]:
    """The n-th distinct largest configuration: (route, query string)."""
    kind, i = n % 3, n // 3
    if kind == 0:
        return "/vanishing", f"depth=100&width=512&init=orthogonal&seed={i % 10_000}"
    if kind == 1:
        return "/residual", f"depth=100&alpha={i % 151 / 100:g}"
    scale = (2 + i // len(RNN_INITS) % 39) * 5  # 0.10 .. 2.00 in hundredths
    return "/rnn", f"seq_len=300&hidden=256&recurrent_init={RNN_INITS[i % len(RNN_INITS)]}&recurrent_scale={scale / 100:g}"


async def heavy_client(url: str, deadline: float, numbers: itertools.count, opened: list[float], errors: list[str]) -> None:
    """Open distinct largest configurations, one after another, until the deadline."""
    while time.monotonic() < deadline:
        route, link = heavy_link(next(numbers))
        try:
            async with Session(url, route, link) as session:
                began = time.perf_counter()
                errors.extend(await session.run(wait=LOAD_WAIT_S))
                opened.append(time.perf_counter() - began)
        except Exception as error:  # noqa: BLE001 - every failure is a reported error
            errors.append(f"heavy {route}?{link}: {type(error).__name__}: {error}"[:200])


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def load_average() -> str:
    return "/".join(f"{value:.1f}" for value in os.getloadavg())


def p95(seconds: list[float]) -> float:
    if len(seconds) < 2:
        return seconds[0] if seconds else float("nan")
    return statistics.quantiles(seconds, n=20, method="inclusive")[-1]


async def phase(students: int, heavy: int, seconds: float) -> dict:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    server = start("dashboard.py", port)
    try:
        wait_healthy(url)
        for route, _ in SLIDERS[:students]:  # the pages' own claims computed once, as before a class
            async with Session(url, route) as session:
                await session.run(wait=LOAD_WAIT_S)
        load_before = load_average()
        results, opened, numbers = Results(), [], itertools.count()
        deadline = time.monotonic() + seconds
        class_ = Class(students, seconds)  # the students move for `seconds` once all have loaded their pages
        students_done = asyncio.gather(*(
            student(url, *SLIDERS[seed % len(SLIDERS)], class_, 1.0, results, seed) for seed in range(students)
        ))
        heavies = [asyncio.create_task(heavy_client(url, deadline, numbers, opened, results.errors)) for _ in range(heavy)]
        await students_done
        for task in heavies:  # a link still loading is abandoned: the phase is over
            task.cancel()
        await asyncio.gather(*heavies, return_exceptions=True)
        figures = dict(heavy=heavy, moves=results.moves, pages=results.moves_by_page, opened=opened, errors=results.errors,
                       peak=peak_rss_mb(server.pid), end=rss_mb(server.pid), load=f"{load_before} -> {load_average()}")
    finally:
        server.terminate()
        server.wait(timeout=10)
    return figures


def report(figures: dict) -> None:
    opened = figures["opened"]
    print(f"K={figures['heavy']}: students {summary(figures['moves'])}"
          f"\n  heavy links opened: {len(opened)}" + (f", median {statistics.median(opened):.1f} s" if opened else "")
          + f"; server RSS peak {figures['peak']:.0f} MB, end {figures['end']:.0f} MB; load average {figures['load']}")
    for page in sorted(figures["pages"]):
        print(f"    {page:10s} {summary(figures['pages'][page])}")
    if figures["errors"]:
        print(f"  errors: {len(figures['errors'])}" + "".join(f"\n    {error}" for error in figures["errors"][:5]))


async def main(students: int, heavies: list[int], seconds: float, repeat: int) -> None:
    print(f"{students} students (a move every 0.5-1.5 s) beside K clients opening distinct largest configurations, "
          f"{seconds:.0f} s per phase, a fresh server per phase, {os.cpu_count()} cores", flush=True)
    for round_ in range(1, repeat + 1):
        print(f"\nround {round_}", flush=True)
        p95s = {}
        for heavy in heavies:
            figures = await phase(students, heavy, seconds)
            report(figures)
            p95s[heavy] = p95(figures["moves"])
            sys.stdout.flush()
        if 0 in p95s and max(heavies) > 0:
            worst = max(heavies)
            print(f"students' p95 with K={worst} / with K=0: {p95s[worst] / p95s[0]:.2f} (target <= 2)", flush=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=5)
    parser.add_argument("--heavy", default="0,1,3", help="comma-separated numbers of heavy clients, one phase each")
    parser.add_argument("--seconds", type=float, default=60, help="length of each phase")
    parser.add_argument("--repeat", type=int, default=1, help="rounds of all phases")
    args = parser.parse_args()
    heavies = [int(k) for k in args.heavy.split(",")]
    if not (1 <= args.students <= 30 and all(0 <= k <= 10 for k in heavies) and 5 <= args.seconds <= 300 and 1 <= args.repeat <= 5):
        raise SystemExit("bounds: 1-30 students, 0-10 heavy clients per phase, 5-300 s per phase, 1-5 rounds")
    asyncio.run(main(args.students, heavies, args.seconds, args.repeat))
