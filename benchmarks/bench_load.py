"""A classroom on one server: N browser sessions moving sliders at once.

    python benchmarks/bench_load.py [--sessions 30] [--seconds 120]

Starts `streamlit run dashboard.py` on loopback, opens `--sessions` pages in
headless Chromium (Debian's), spread over the five lab pages, and lets each
move its page's main slider every 1-3 s for `--seconds`. Prints the number of
interactions, errors (exception elements, timeouts), the median and p95
latency (key press to the rerun finished and its charts drawn), and the
server's resident memory sampled every 5 s (warm-up versus the end).
Everything is bounded: the session count, the run time, and each wait (60 s).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import time
from pathlib import Path

from playwright.async_api import async_playwright

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.bench_browser import DRAWN, FIRST_CHART, RERUN_DONE, SLIDERS, rss_mb, start, wait_healthy  # noqa: E402
from tests.browser.conftest import VIEWPORT, chromium_path, free_port  # noqa: E402
from tests.browser.test_browser import WATCH_RERUN  # noqa: E402

WAIT_MS = 60_000


async def session(browser, url: str, route: str, label: str, deadline: float, latencies: list[float], errors: list[str], seed: int) -> None:
    rng = random.Random(seed)
    context = await browser.new_context(viewport=VIEWPORT)
    page = await context.new_page()
    try:
        await page.goto(url + route)
        await page.wait_for_function(DRAWN, timeout=WAIT_MS * 3)
        slider = page.get_by_test_id("stMain").get_by_test_id("stSlider").filter(has=page.get_by_text(label, exact=True)).first.get_by_role("slider")
        move = 0
        while time.monotonic() < deadline:
            await page.evaluate(WATCH_RERUN)
            await page.evaluate(f"() => {{ window.__chartBefore = ({FIRST_CHART})(); }}")
            await slider.focus()
            started = time.perf_counter()
            await slider.press("ArrowRight" if move % 2 == 0 else "ArrowLeft")
            try:
                await page.wait_for_function(RERUN_DONE, timeout=WAIT_MS)
                latencies.append((time.perf_counter() - started) * 1000)
            except Exception as error:  # a timeout is an error of the app under load
                errors.append(f"{route}: {type(error).__name__}")
            if await page.get_by_test_id("stException").count():
                errors.append(f"{route}: exception element")
            move += 1
            await asyncio.sleep(rng.uniform(1.0, 3.0))
    except Exception as error:
        errors.append(f"{route}: {type(error).__name__} while opening")
    finally:
        await context.close()


async def sample_memory(pid: int, deadline: float, samples: list[tuple[float, float]], began: float) -> None:
    while time.monotonic() < deadline:
        samples.append((time.monotonic() - began, rss_mb(pid)))
        await asyncio.sleep(5)


async def run(sessions: int, seconds: float) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    server = start("dashboard.py", port)
    try:
        wait_healthy(url)
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=chromium_path(), args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
            began = time.monotonic()
            deadline = began + seconds
            latencies: list[float] = []
            errors: list[str] = []
            memory: list[tuple[float, float]] = []
            tasks = [
                session(browser, url, *SLIDERS[index % len(SLIDERS)], deadline, latencies, errors, index)
                for index in range(sessions)
            ]
            await asyncio.gather(sample_memory(server.pid, deadline, memory, began), *tasks)
            await browser.close()
        print(f"{sessions} sessions for {seconds:.0f} s: {len(latencies)} interactions, {len(errors)} errors {sorted(set(errors))[:5]}")
        if len(latencies) >= 2:
            p95 = statistics.quantiles(latencies, n=20)[-1]
            print(f"latency: median {statistics.median(latencies):.0f} ms, p95 {p95:.0f} ms")
        if memory:
            warm = [mb for t, mb in memory if t >= seconds / 3]
            print(f"server RSS: {memory[0][1]:.0f} MB at start, {min(warm):.0f}-{max(warm):.0f} MB after the first third, {memory[-1][1]:.0f} MB at the end")
    finally:
        server.terminate()
        server.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=30, choices=range(1, 61), metavar="1..60")
    parser.add_argument("--seconds", type=float, default=120.0)
    args = parser.parse_args()
    asyncio.run(run(args.sessions, min(args.seconds, 600.0)))


if __name__ == "__main__":
    main()
