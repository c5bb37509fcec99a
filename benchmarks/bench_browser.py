"""Interaction latency, memory and cold start, measured in a real browser.

    python benchmarks/bench_browser.py [--moves 20] [--largest] [--pages vanishing,rnn]
    python benchmarks/bench_browser.py --links [--repeat 5]

Starts `streamlit run dashboard.py` and the trivial reference app
(benchmarks/reference_app.py), drives headless Chromium (Debian's, as the
browser tests do) and, per page, presses the arrow keys on the page's main
slider `--moves` times (right to its end, then left, ...), timing each
press to the end of the rerun it triggers and the next painted frame.
Prints the median and p90 per page, the ratio to the reference's median,
and the medians of moves to a value not shown before (computed) and of
revisits (cached); then the server's
resident memory after visiting every page, and the time from starting the
server to the first chart drawn. Run it on an idle machine.

--links: what a link costs the reader (issue 15: any link at most 1 s to
first paint). Opens /vanishing with a plain link, a link with one unknown
key, and three oversized links (999 keys, a 100 KB key, a 5000-digit
value), each once to warm the server, then `--repeat` times interleaved;
prints the median and max time from navigation start to the first painted
frame that shows (a) the page's title, (b) the "Ignored ..." line, (c) the
first section's answer (its first metric; a link that was not read loses
skip_predictions, so there the question that stands in its place) and
(d) every chart drawn.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.browser.conftest import RUN_COUNTER, VIEWPORT, chromium_path, free_port, healthy  # noqa: E402
from tests.browser.test_browser import APP_IDLE, APP_STATE, CHART_SIZES, CHARTS_DRAWN, MARK_RUNS, RUN_FINISHED, RUNS_DONE, RUNS_SETTLED, SKIP  # noqa: E402

# (route, label of the slider a teacher drags first) per page; the reference last.
SLIDERS = [
    ("/vanishing", "Depth (hidden layers)"),
    ("/exploding", "Weight scale w"),
    ("/rnn", "Sequence length"),
    ("/residual", "Depth (residual blocks)"),
    ("/remedies", "Learning rate"),
]
# The same sliders with every size control at its largest (from the link).
LARGEST = "?depth=100&width=512", "?depth=30", "?seq_len=300&hidden=256", "?depth=100", "?phase_depth=30"
DRAWN = f"() => ({APP_IDLE})() && ({CHART_SIZES})().every(c => c.width > 0 && c.marks)"


def skipping(route: str) -> str:
    """The route with its questions skipped (?skip_predictions=true), so that
    every chart is drawn as the page loads and each move redraws them."""
    return route + ("&" if "?" in route else "?") + SKIP


# A move is over when the server has finished a run since the key press and
# every run asked for, and every chart is drawn.
RERUN_DONE = f"() => ({RUN_FINISHED})() && ({DRAWN})()"


def start(script: str, port: int) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", script, "--server.headless", "true", "--server.port", str(port), "--browser.gatherUsageStats", "false"],
        cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL,
    )


def wait_healthy(url: str, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while not healthy(url):
        if time.monotonic() > deadline:
            raise SystemExit(f"{url} did not come up")
        time.sleep(0.1)


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def time_moves(page, url: str, route: str, label: str | None, moves: int) -> tuple[list[float], list[bool]]:
    """(ms per move, whether the move reached a value not shown before).

    The slider sweeps right until its maximum, then left, and so on: the
    first visit to a value computes, a revisit is a cache hit. A move ends
    when the server has finished the rerun it asked for, every chart is
    drawn and the browser has painted the next frame."""
    page.goto(url + skipping(route))
    page.wait_for_function(DRAWN, timeout=120_000)
    main = page.get_by_test_id("stMain")
    sliders = main.get_by_test_id("stSlider")
    if label:
        sliders = sliders.filter(has=page.get_by_text(label, exact=True))
    slider = sliders.first.get_by_role("slider")
    times, new_value, direction = [], [], "ArrowRight"
    seen = {slider.input_value()}  # a visually hidden <input type="range">
    for _ in range(moves):
        now = float(slider.input_value())
        if now >= float(slider.get_attribute("max")):
            direction = "ArrowLeft"
        elif now <= float(slider.get_attribute("min")):
            direction = "ArrowRight"
        # After the last move's run, if it is still finishing.
        page.wait_for_function(RUNS_SETTLED, timeout=120_000)
        page.evaluate(MARK_RUNS)
        slider.focus()
        start_time = time.perf_counter()
        slider.press(direction)
        try:
            page.wait_for_function(RERUN_DONE, timeout=120_000, polling="raf")
        except PlaywrightTimeout:
            raise SystemExit(f"{route}: no rerun finished after {direction} at {now}; app state {page.evaluate(APP_STATE)}, "
                             f"charts {page.evaluate(CHART_SIZES)}")
        page.evaluate("() => new Promise(resolve => requestAnimationFrame(() => resolve()))")
        times.append((time.perf_counter() - start_time) * 1000)
        value = slider.input_value()
        new_value.append(value not in seen)
        seen.add(value)
    return times, new_value


# Oversized links are not read at all (ui/controls.py): the page opens at its
# defaults, so the first section asks its question (no skip_predictions).
LINKS = {
    "plain": f"/vanishing?depth=21&activation=tanh&{SKIP}",
    "one unknown key": f"/vanishing?depth=21&activation=tanh&colour=red&{SKIP}",
    "999 keys": "/vanishing?" + "&".join(f"k{i:03d}xxxxxx=v" for i in range(999)),
    "100 KB key": "/vanishing?" + "x" * 100_000 + "=1",
    "5000-digit value": "/vanishing?depth=" + "9" * 5000,
}
# Installed before the page's own scripts: on every animation frame, the
# time since navigation start (performance.now()) at which each of the
# title, the "Ignored" line and the first answer is first in the page, so
# painted in that frame.
FIRST_PAINTS = """(() => {
    const seen = window.__firstPaints = {};
    const check = () => {
        const now = performance.now(), main = document.querySelector('[data-testid="stMain"]');
        if (main) {
            if (!seen.title && main.querySelector('h1')?.innerText.trim()) seen.title = now;
            if (!seen.warning && [...main.querySelectorAll('[data-testid="stAlertContentWarning"]')].some(w => w.innerText.includes('Ignored'))) seen.warning = now;
            if (!seen.answer && main.querySelector('[data-testid="stMetricValue"]')?.innerText.trim()) { seen.answer = now; seen.answerIs = 'metric'; }
            if (!seen.answer && main.querySelector('[data-testid="stForm"]')) { seen.answer = now; seen.answerIs = 'question'; }
        }
        requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
})()"""


def time_link(browser, shared, url: str, route: str) -> dict:
    """ms from navigation start to each first paint, and to every chart
    drawn; {"status": code} if the server refused the request. In a new
    page of `shared` (a browser context: warm cache, kept-alive connections)
    or, if None, of a new context (a first visit: empty cache, new connection)."""
    context = shared or browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    try:
        response = page.goto(url + route)
        if response.status != 200:
            return {"status": response.status}
        drawn = page.wait_for_function(f"() => ({RUNS_DONE})() && ({CHARTS_DRAWN})() && performance.now()", timeout=120_000, polling="raf")
        return page.evaluate("() => window.__firstPaints") | {"charts": drawn.json_value()}
    finally:
        page.close()
        if shared is None:
            context.close()


def bench_links(url: str, browser, repeat: int) -> None:
    browser.on("context", lambda context: (context.add_init_script(RUN_COUNTER), context.add_init_script(FIRST_PAINTS)))
    shared = browser.new_context(viewport=VIEWPORT)
    for route in LINKS.values():  # warm the server: every page's code and cache
        time_link(browser, None, url, route)
    for context, how in ((None, "a new browser context each time: empty cache, new connection"),
                         (shared, "one browser context: warm cache, kept-alive connection")):
        runs = {name: [] for name in LINKS}
        for _ in range(repeat):
            for name, route in LINKS.items():
                runs[name].append(time_link(browser, context, url, route))
        print(f"\nms from navigation start to the first frame showing it, median (max) of {repeat}, /vanishing; {how}")
        print(f"{'link':18s} {'chars':>7s} {'(a) title':>12s} {'(b) Ignored':>12s} {'(c) answer':>12s} {'':9s} {'(d) charts':>12s}")
        for name, route in LINKS.items():
            cells = []
            for field in ("title", "warning", "answer", "charts"):
                values = [run[field] for run in runs[name] if run.get(field) is not None]
                cells.append(f"{statistics.median(values):5.0f} ({max(values):4.0f})" if values else "-")
            kind = next((run["answerIs"] for run in runs[name] if "answerIs" in run), "-")
            refused = [run["status"] for run in runs[name] if "status" in run]
            note = f"  HTTP {refused[0]} in {len(refused)} of {repeat}" if refused else ""
            print(f"{name:18s} {len(route.partition('?')[2]):7d} {cells[0]:>12s} {cells[1]:>12s} {cells[2]:>12s} {kind:9s} {cells[3]:>12s}{note}")
    shared.close()


def _summary(times: list[float]) -> str:
    return f"{statistics.median(times):.0f} (n={len(times)})" if times else "-"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=int, default=20)
    parser.add_argument("--largest", action="store_true", help="every size control at its largest")
    parser.add_argument("--links", action="store_true", help="time to first paint of plain and oversized links instead")
    parser.add_argument("--repeat", type=int, default=5, help="--links: openings of each link (after one to warm up)")
    parser.add_argument("--pages", help="comma-separated routes to measure, e.g. vanishing,rnn (default: all)")
    args = parser.parse_args()
    if args.links:
        return main_links(args.repeat)
    moves = args.moves
    queries = LARGEST if args.largest else [""] * len(SLIDERS)
    chosen = set(args.pages.split(",")) if args.pages else {route.strip("/") for route, _ in SLIDERS}

    app_port, reference_port = free_port(), free_port()
    cold_start = time.perf_counter()
    app = start("dashboard.py", app_port)
    reference = start("benchmarks/reference_app.py", reference_port)
    app_url, reference_url = f"http://127.0.0.1:{app_port}", f"http://127.0.0.1:{reference_port}"
    try:
        wait_healthy(app_url)
        wait_healthy(reference_url)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium_path(), args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
            context = browser.new_context(viewport=VIEWPORT)
            context.add_init_script(RUN_COUNTER)
            page = context.new_page()
            page.goto(app_url + skipping("/vanishing"))
            page.wait_for_function(DRAWN, timeout=180_000)
            print(f"cold start: `streamlit run` to the first chart drawn on /vanishing: {time.perf_counter() - cold_start:.1f} s")

            reference_times, _ = time_moves(page, reference_url, "/", None, moves)
            reference_median = statistics.median(reference_times)
            rows = [("reference", (reference_times, [True] * moves))]
            rows += [(route.strip("/"), time_moves(page, app_url, route + query, label, moves))
                     for (route, label), query in zip(SLIDERS, queries) if route.strip("/") in chosen]
            print(f"\n{'page':12s} {'median ms':>10s} {'p90 ms':>8s} {'x ref':>6s} {'new values':>14s} {'revisits':>14s}")
            for name, (times, new_value) in rows:
                median, p90 = statistics.median(times), statistics.quantiles(times, n=10)[-1]
                fresh = [ms for ms, new in zip(times, new_value) if new]
                again = [ms for ms, new in zip(times, new_value) if not new]
                print(f"{name:12s} {median:10.0f} {p90:8.0f} {median / reference_median:6.2f} "
                      f"{_summary(fresh):>14s} {_summary(again):>14s}")
            for route in ["/", *[route for route, _ in SLIDERS]]:
                page.goto(app_url + skipping(route))
                page.wait_for_function(DRAWN, timeout=180_000)
            print(f"\nserver memory (RSS) after visiting every page: {rss_mb(app.pid):.0f} MB")
            browser.close()
    finally:
        for server in (app, reference):
            server.terminate()
            server.wait(timeout=10)


def main_links(repeat: int) -> None:
    port = free_port()
    app = start("dashboard.py", port)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium_path(), args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
            bench_links(url, browser, repeat)
            browser.close()
    finally:
        app.terminate()
        app.wait(timeout=10)


if __name__ == "__main__":
    main()
