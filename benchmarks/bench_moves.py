"""What does one slider move cost the server, step by step, with idle time between moves?

    python benchmarks/bench_moves.py --reference /tmp/main-copy [--route /residual --key alpha] [--moves 12] [--rounds 3]

Starts `streamlit run dashboard.py` from this checkout and, with
`--reference`, from another checkout of the app; the two alternate, round
by round, so both see the same machine load. Each round opens the route in
a new session (questions skipped) at a link of its own (`--links`, one per
round: values not visited before, so no move finds the result of an
earlier round in the cache), then moves the slider `--key` one step
`--moves` times as a teacher does: a move, its run to the end, then
`--think` seconds of idle time (in which ui/prefetch.py may compute the
next move's result). Per move it records the server's CPU during the run
(all threads, /proc) and the run's wall time, and the server's CPU in the
idle time after it (the prefetcher's work). Prints each round's medians
and the load average, then the variant / reference ratios of the medians.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.bench_drag import serving  # noqa: E402
from benchmarks.bench_load import LOAD_WAIT_S, Session, cpu_seconds  # noqa: E402

# Residual's α from five starting points, one per round (the section's other controls at their defaults).
LINKS = ("alpha=1.0", "alpha=0.8", "alpha=0.6", "alpha=0.4", "alpha=0.2")


async def moves(url: str, pid: int, route: str, key: str, link: str, count: int, think: float) -> list[tuple[float, float, float]]:
    """(run CPU s, run wall s, idle CPU s) per move of one session."""
    figures = []
    async with Session(url, route, link) as session:
        errors = await session.run(wait=LOAD_WAIT_S)
        assert not errors, errors
        await asyncio.sleep(think)
        for _ in range(count):
            widget, _ = session.step(key, 1)
            cpu, started = cpu_seconds(pid), time.perf_counter()
            errors = await session.run(widget.fragment_id)
            assert not errors, errors
            run_cpu, wall = cpu_seconds(pid) - cpu, time.perf_counter() - started
            cpu = cpu_seconds(pid)
            await asyncio.sleep(think)
            figures.append((run_cpu, wall, cpu_seconds(pid) - cpu))
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--route", default="/residual")
    parser.add_argument("--key", default="alpha")
    parser.add_argument("--links", default=",".join(LINKS), help="comma-separated link queries, one per round")
    parser.add_argument("--moves", type=int, default=12)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--think", type=float, default=1.0, help="idle seconds after each move's run")
    parser.add_argument("--reference", type=Path, help="another checkout of the app, run alternately")
    parser.add_argument("--port", type=int, help="the variant's port; the reference takes the next (default: free ports)")
    args = parser.parse_args()
    links = args.links.split(",")
    if args.rounds > len(links):
        parser.error(f"--rounds {args.rounds}: only {len(links)} links")
    checkouts = {"variant": REPO, **({"reference": args.reference} if args.reference else {})}
    with serving(checkouts, args.port) as servers:
        medians: dict[str, list[tuple[float, float, float]]] = {name: [] for name in servers}
        for round_ in range(args.rounds):
            order = list(servers.items()) if round_ % 2 == 0 else list(servers.items())[::-1]
            for name, (server, url) in order:
                figures = asyncio.run(moves(url, server.pid, args.route, args.key, links[round_], args.moves, args.think))
                median = tuple(statistics.median(f[i] for f in figures) for i in range(3))
                medians[name].append(median)
                print(f"round {round_ + 1} {name:9s} ({links[round_]}): per move, median of {len(figures)}: run CPU {1000 * median[0]:4.0f} ms, "
                      f"run wall {1000 * median[1]:4.0f} ms, idle CPU after it {1000 * median[2]:4.0f} ms; load average {os.getloadavg()[0]:.1f}", flush=True)
        if "reference" in medians:
            for index, what in enumerate(("run CPU", "run wall", "idle CPU")):
                variant = statistics.median(m[index] for m in medians["variant"])
                reference = statistics.median(m[index] for m in medians["reference"])
                print(f"median {what}: variant {1000 * variant:.0f} ms / reference {1000 * reference:.0f} ms = {variant / reference:.2f}")


if __name__ == "__main__":
    main()
