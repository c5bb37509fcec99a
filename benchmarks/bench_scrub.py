"""A depth slider scrubbed in the browser (Vanishing's or Residual's), against the trivial reference.

    python benchmarks/bench_scrub.py [--page residual] [--moves 30] [--query "&width=16"] [--port 8700]

Starts `streamlit run dashboard.py` and benchmarks/reference_app.py, opens one
headless Chromium (Debian's, as the browser tests do) with two tabs, the app's
page (/vanishing or /residual, questions skipped) and the reference, and presses
an arrow key on each tab's slider in turn, move by move (app, reference, app, ...;
right to the sweep's top depth, then left to its bottom, ...: Vanishing 20-40,
Residual 40-60), so both see the same machine load.

A move is timed in the page, from the keydown to the first animation frame
after its end (checked on every frame in the page, so that no round trip to
this script is timed):
- app: a Vega canvas of the chart whose bound depth input holds the new value
  has been cleared (Vega's canvas renderer starts every redraw with
  clearRect(), hooked here), i.e. the chart has redrawn with the new depth.
  No server round trip is waited for: the press also sends the value to the
  server (the slider reports on release, and a key press is one), whose run
  is let finish before the next move.
- reference: the server has finished the run the press asked for
  (script_finished) and its chart has redrawn since the press (a clearRect
  on its canvas, the same hook).

After every app move (untimed) the end signal is verified: the drawn chart's
Vega view holds the new depth in its param and every data item it drew is of
that depth (the scene graph, not the canvas's pixels). A move whose check
fails is reported and the run exits non-zero.

Prints each side's median and p90 in ms, the ratio of medians (target: app
<= 0.5x the reference) and the load average before and after.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.bench_browser import skipping, start, wait_healthy  # noqa: E402
from tests.browser.conftest import RUN_COUNTER, VIEWPORT, chromium_path  # noqa: E402
from tests.browser.test_browser import CHARTS_DRAWN, MARK_RUNS, RUN_FINISHED, RUNS_DONE, RUNS_SETTLED, VEGA_VIEW  # noqa: E402
from tests.browser.test_scrub_browser import DRAWN_DEPTHS  # noqa: E402  what the family chart drew: its param and depths

DRAWN = f"() => ({RUNS_DONE})() && ({CHARTS_DRAWN})()"  # the page has run and drawn every chart

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SIGNAL = "scrub_depth"  # pages/vanishing.py's and pages/residual.py's SCRUB_SIGNAL
SWEEPS = {"vanishing": (20, 40), "residual": (40, 60)}  # the depths each page's slider sweeps between (around its default)

# Every clearRect on a chart's canvas: when, and the value of the chart's bound
# scrub input then (null for a chart without one); the last keydown's time.
# The reference draws on a canvas too (benchmarks/reference_app.py), so the
# same hook sees its redraws.
RENDER_HOOK = """(() => {
    window.__renders = [];
    window.__keydown = 0;
    const clear = CanvasRenderingContext2D.prototype.clearRect;
    CanvasRenderingContext2D.prototype.clearRect = function (...args) {
        const chart = this.canvas.isConnected ? this.canvas.closest('[data-testid="stVegaLiteChart"]') : null;
        if (chart) {
            const bound = chart.querySelector('input[name^="scrub_"]');
            window.__renders.push({t: performance.now(), value: bound ? bound.value : null});
        }
        return clear.apply(this, args);
    };
    document.addEventListener('keydown', () => { window.__keydown = performance.now(); window.__renders = []; }, true);
})()"""
APP_REDRAWN = "target => window.__renders.some(r => r.t > window.__keydown && r.value === String(target))"
REFERENCE_REDRAWN = f"() => ({RUN_FINISHED})() && window.__renders.some(r => r.t > window.__keydown)"
# Armed before the key press: checks `done` on every animation frame from the keydown on, and
# records the time of the first frame at which it holds (so no round trip to the benchmark is timed).
WATCH = """([done, arg]) => {
    const holds = eval(done);
    window.__keydown = 0;
    window.__moveEnd = 0;
    const check = () => {
        if (window.__keydown && holds(arg)) window.__moveEnd = performance.now();
        else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
}"""
ELAPSED = "() => window.__moveEnd - window.__keydown"


def load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def move(page, slider, key: str, done: str, arg=None) -> float:
    """ms from the keydown to the first animation frame at which `done(arg)` holds."""
    page.bring_to_front()
    page.wait_for_function(RUNS_SETTLED, timeout=120_000)
    page.evaluate(MARK_RUNS)
    slider.focus()
    page.evaluate(WATCH, [done, arg])
    slider.press(key)
    try:
        page.wait_for_function("() => window.__moveEnd > 0", timeout=60_000)
    except PlaywrightTimeout:
        raise SystemExit(f"{page.url}: no redraw after {key} (target {arg}); renders since the keydown: "
                         f"{page.evaluate('() => window.__renders')}, slider at {slider.input_value()}")
    return page.evaluate(ELAPSED)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--page", choices=sorted(SWEEPS), default="vanishing", help="the page whose depth slider is moved")
    parser.add_argument("--moves", type=int, default=30, help="moves per tab")
    parser.add_argument("--query", default="", help="more of the app's link, e.g. '&width=16'")
    parser.add_argument("--port", type=int, default=8700, help="the app's port; the reference's is the next")
    args = parser.parse_args()
    low, high = SWEEPS[args.page]
    scripts = {"dashboard.py": args.port, "benchmarks/reference_app.py": args.port + 1}
    servers = [start(script, port) for script, port in scripts.items()]
    app_url, reference_url = (f"http://127.0.0.1:{port}" for port in scripts.values())
    try:
        for url in (app_url, reference_url):
            wait_healthy(url)
        with sync_playwright() as playwright:
            context = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS).new_context(viewport=VIEWPORT)
            for script in (RUN_COUNTER, RENDER_HOOK):
                context.add_init_script(script)
            app, reference = context.new_page(), context.new_page()
            # The first visit draws the server's chart; the family follows once the server has
            # computed it in idle time (ui.compute.ready_depth_family): reload until it is there.
            for attempt in range(60):
                app.goto(f"{app_url}{skipping('/' + args.page)}&depth={low}{args.query}")
                app.wait_for_function(DRAWN, timeout=180_000)
                if app.locator(f'input[name="{SIGNAL}"]').count():
                    break
                app.wait_for_timeout(1000)
            else:
                raise SystemExit("the app never shipped the family chart")
            reference.goto(reference_url)
            reference.wait_for_function(DRAWN, timeout=180_000)
            app_slider = app.locator(".scrub input[type=range]")
            reference_slider = reference.get_by_test_id("stSlider").first.get_by_role("slider")
            print(f"page: /{args.page}, depth {low} -> {high} -> {low} ...")
            print(f"load average before: {load()}")
            app_times, reference_times, failures = [], [], []
            depth, step = low, 1
            for _ in range(args.moves):
                if not low <= depth + step <= high:
                    step = -step
                depth += step
                key = "ArrowRight" if step > 0 else "ArrowLeft"
                app_times.append(move(app, app_slider, key, APP_REDRAWN, depth))
                drawn = app.evaluate(DRAWN_DEPTHS)
                if drawn["signal"] != depth or drawn["depths"] != [depth]:
                    failures.append((depth, drawn))
                reference_times.append(move(reference, reference_slider, key, REFERENCE_REDRAWN))
            print(f"load average after:  {load()}")
            context.browser.close()
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=10)
    print(f"\n{'':10s} {'median ms':>10s} {'p90 ms':>8s}")
    for name, times in (("app", app_times), ("reference", reference_times)):
        print(f"{name:10s} {statistics.median(times):10.1f} {statistics.quantiles(times, n=10)[-1]:8.1f}")
    print(f"ratio app / reference (medians): {statistics.median(app_times) / statistics.median(reference_times):.2f}  (moves per side: {args.moves})")
    if failures:
        print(f"END SIGNAL CHECK FAILED on {len(failures)} moves, e.g. depth {failures[0][0]}: drew {failures[0][1]}")
        raise SystemExit(1)
    print(f"end signal verified on every app move: the chart's param and every item drawn at the new depth")


if __name__ == "__main__":
    main()
