"""Cold start: `streamlit run dashboard.py` to the first chart drawn, per route.

    python benchmarks/bench_cold.py [--repeat 5] [--routes /,/vanishing] [--trees .,/tmp/main-copy] [--port 8610]

Each trial starts a fresh server (a new Python process: nothing imported,
no cache), opens the route in a fresh headless Chromium context (Debian's,
as the browser tests do; empty browser cache) as soon as the server answers
its health check, and prints the seconds from starting the process to
(a) the health check answering, (b) the page's websocket open (the browser
has loaded Streamlit's frontend; the script starts now), (c) the first chart
element in the page (the script has sent it), (d) the first chart drawn (a
Vega-Lite chart with a non-zero size and marks in its scene graph) and (e)
every chart drawn with the script finished. Routes open with ?skip_predictions=true, as
bench_browser.py does, so the page draws its charts without waiting for
answers. The browser is launched once, before the first trial, and is not
counted.

--trees compares checkouts in one run (e.g. this branch and an export of
main: `git archive main | tar -x -C /tmp/main-copy`): trials alternate
tree by tree and route by route, and the ratio of medians to the first
tree is printed. The load average (1 min) is printed with every trial: the
machine is shared, so only ratios within one run compare.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.bench_browser import skipping  # noqa: E402
from tests.browser.conftest import VIEWPORT, chromium_path, healthy  # noqa: E402
from tests.browser.test_browser import APP_IDLE, CHART_SIZES  # noqa: E402

# At least one chart drawn: a non-zero box and marks in its Vega scene graph.
FIRST_CHART = f"() => ({CHART_SIZES})().some(c => c.width > 0 && c.height > 0 && c.marks)"
# Every chart drawn and the script finished (bench_browser.py's DRAWN).
ALL_CHARTS = f"() => ({APP_IDLE})() && ({CHART_SIZES})().every(c => c.width > 0 && c.marks)"
TIMEOUT_MS = 180_000
# Marks, in ms since the navigation started: the websocket's opening, the first chart element.
MARKS = """
window.__marks = {};
const NativeWebSocket = window.WebSocket;
window.WebSocket = function (...args) {
    const socket = new NativeWebSocket(...args);
    socket.addEventListener('open', () => { window.__marks['websocket'] ??= performance.now(); });
    return socket;
};
window.WebSocket.prototype = NativeWebSocket.prototype;
Object.assign(window.WebSocket, NativeWebSocket);
new MutationObserver(() => {
    if (document.querySelector('[data-testid="stVegaLiteChart"]')) window.__marks['chart element'] ??= performance.now();
}).observe(document, {subtree: true, childList: true});
"""
EVENTS = ("health", "websocket", "chart element", "first chart", "all charts")


def load_average() -> float:
    return os.getloadavg()[0]


def trial(browser, tree: Path, route: str, port: int) -> dict[str, float]:
    """One cold start of `tree`'s dashboard on `port`: seconds from the process's start to each event."""
    url = f"http://127.0.0.1:{port}"
    started = time.perf_counter()
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.headless", "true", "--server.port", str(port), "--browser.gatherUsageStats", "false"],
        cwd=tree, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL,
    )
    try:
        while not healthy(url):
            if server.poll() is not None:
                raise RuntimeError(f"the server in {tree} exited with {server.returncode}")
            if time.perf_counter() - started > TIMEOUT_MS / 1000:
                raise TimeoutError(f"the server in {tree} did not answer its health check")
            time.sleep(0.05)
        times = {"health": time.perf_counter() - started}
        context = browser.new_context(viewport=VIEWPORT)
        context.add_init_script(MARKS)
        try:
            page = context.new_page()
            navigated = time.perf_counter() - started
            page.goto(url + skipping(route))
            page.wait_for_function(FIRST_CHART, timeout=TIMEOUT_MS, polling="raf")
            first_chart = time.perf_counter() - started
            page.wait_for_function(ALL_CHARTS, timeout=TIMEOUT_MS, polling="raf")
            times["all charts"] = time.perf_counter() - started
            marks = page.evaluate("window.__marks")
            times |= {event: navigated + marks[event] / 1000 for event in ("websocket", "chart element")}
            times["first chart"] = first_chart
        finally:
            context.close()
        return {event: times[event] for event in EVENTS}
    finally:
        server.terminate()
        server.wait(timeout=20)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="cold starts per route and tree")
    parser.add_argument("--routes", default="/,/vanishing,/exploding,/rnn,/residual,/remedies", help="comma-separated routes")
    parser.add_argument("--trees", default=str(REPO), help="comma-separated checkouts to compare, the first the reference of the ratios")
    parser.add_argument("--port", type=int, default=8610, help="the server's port (one server runs at a time)")
    args = parser.parse_args()
    routes = args.routes.split(",")
    trees = [Path(tree).resolve() for tree in args.trees.split(",")]
    results = {(tree, route): [] for tree in trees for route in routes}
    loads = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        for repeat in range(args.repeat):
            for route in routes:
                for tree in trees:  # interleaved: each tree's trial of a route right after the other's
                    load = load_average()
                    times = trial(browser, tree, route, args.port)
                    loads.append(load)
                    results[tree, route].append(times)
                    print(f"trial {repeat + 1} {tree.name:14s} {route:11s} load {load:4.2f}  "
                          + "  ".join(f"{event} {seconds:5.2f} s" for event, seconds in times.items()), flush=True)
        browser.close()
    print(f"\nseconds from `streamlit run` to each event, median (min-max) of {args.repeat}; load average (1 min) {min(loads):.2f}-{max(loads):.2f}")
    for route in routes:
        reference = statistics.median(run["first chart"] for run in results[trees[0], route])
        for tree in trees:
            runs = results[tree, route]
            cells = []
            for event in EVENTS:
                values = [run[event] for run in runs]
                cells.append(f"{event} {statistics.median(values):5.2f} ({min(values):5.2f}-{max(values):5.2f})")
            ratio = statistics.median(run["first chart"] for run in runs) / reference
            print(f"{route:11s} {tree.name:14s} " + "  ".join(cells) + (f"  first chart x {ratio:.2f}" if len(trees) > 1 else ""))


if __name__ == "__main__":
    main()
