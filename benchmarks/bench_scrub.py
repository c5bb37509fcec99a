"""The sliders that scrub in the browser, against the trivial reference.

    python benchmarks/bench_scrub.py [--moves 30] [--pages vanishing,exploding] [--query "&width=16"] [--port 8700]

Starts `streamlit run dashboard.py` and benchmarks/reference_app.py, opens one
headless Chromium (Debian's, as the browser tests do) with a tab per page
(questions skipped) and one for the reference, and presses an arrow key on
each tab's slider in turn, move by move (vanishing, reference, exploding,
reference, vanishing, ...), so all see the same machine load. Each page's
slider sweeps between two values and back (PAGES): Vanishing's depth 20..40
at its defaults; Exploding's weight scale 2.0..4.0 (step numbers 20..40) on
the identity net at depth 30; Residual's depth 20..40 at its defaults (--pages residual). `--query` is added to every page's link.

A move is timed in the page, from the keydown to the first animation frame
after its end (checked on every frame in the page, so that no round trip to
this script is timed):
- app: a Vega canvas of the chart whose bound scrub input holds the new value
  (the depth; the weight scale's step number) has been cleared (Vega's canvas renderer starts every redraw with
  clearRect(), hooked here), i.e. the chart has redrawn with the new depth.
  No server round trip is waited for: the press also sends the value to the
  server (the slider reports on release, and a key press is one), whose run
  is let finish before the next move.
- reference: the server has finished the run the press asked for
  (script_finished) and its chart has redrawn since the press (a clearRect
  on its canvas, the same hook).

After every app move (untimed) the end signal is verified: the drawn chart's
Vega view holds the new value in its param and every data item it drew is of
that value (the scene graph, not the canvas's pixels). A move whose check
fails is reported and the run exits non-zero.

Prints each page's and the reference's median and p90 in ms, each page's
ratio of medians to the reference's (target: app <= 0.5x the reference) and
the load average before and after.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path

from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.bench_browser import skipping, start, wait_healthy  # noqa: E402
from tests.browser.conftest import RUN_COUNTER, VIEWPORT, chromium_path, stop  # noqa: E402
from tests.browser.test_browser import CHARTS_DRAWN, MARK_RUNS, RUN_FINISHED, RUNS_DONE, RUNS_SETTLED, VEGA_VIEW  # noqa: E402
from tests.browser.test_scrub_browser import DRAWN_DEPTHS  # noqa: E402  what each family chart drew: its param and values
from tests.browser.test_scrub_exploding_browser import DRAWN_STEPS  # noqa: E402

DRAWN = f"() => ({RUNS_DONE})() && ({CHARTS_DRAWN})()"  # the page has run and drawn every chart

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@dataclass(frozen=True)
class ScrubPage:
    route: str  # the page's link at the sweep's start (LOW)
    signal: str  # the family chart's param (pages/*.py SCRUB_SIGNAL)
    drawn: str  # JS: what the family chart drew, {signal, <values>: [...]} (the browser tests' readers)
    values: str  # that object's list of the family values drawn


LOW, HIGH = 20, 40  # the param values every slider sweeps between (a depth; a weight scale's step number)
PAGES = {
    "vanishing": ScrubPage(f"/vanishing?depth={LOW}", "scrub_depth", DRAWN_DEPTHS, "depths"),
    "exploding": ScrubPage(f"/exploding?network=identity&depth=30&weight_scale={LOW / 10:g}", "scrub_weight_scale", DRAWN_STEPS, "steps"),
    "residual": ScrubPage(f"/residual?depth={LOW}", "scrub_depth", DRAWN_DEPTHS, "depths"),
}

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


def open_with_family(tab, url: str, page: ScrubPage) -> None:
    """The first visit draws the server's chart; the family follows once the server has
    computed it in idle time (ui.compute.ready_*_family): reload until it is there."""
    for _ in range(60):
        tab.goto(f"{url}{skipping(page.route)}")
        tab.wait_for_function(DRAWN, timeout=180_000)
        if tab.locator(f'input[name="{page.signal}"]').count():
            return
        tab.wait_for_timeout(1000)
    raise SystemExit(f"{page.route}: the app never shipped the family chart")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=int, default=30, help="moves per page (and as many of the reference's per page)")
    parser.add_argument("--pages", default="vanishing,exploding", help=f"comma-separated, of {', '.join(PAGES)}")
    parser.add_argument("--query", default="", help="more of each page's link, e.g. '&width=16'")
    parser.add_argument("--port", type=int, default=8700, help="the app's port; the reference's is the next")
    args = parser.parse_args()
    pages = {name: replace(PAGES[name], route=PAGES[name].route + args.query) for name in args.pages.split(",")}
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
            tabs = {name: context.new_page() for name in pages}
            for name, page in pages.items():
                open_with_family(tabs[name], app_url, page)
            reference = context.new_page()
            reference.goto(reference_url)
            reference.wait_for_function(DRAWN, timeout=180_000)
            sliders = {name: tab.locator(".scrub input[type=range]") for name, tab in tabs.items()}
            reference_slider = reference.get_by_test_id("stSlider").first.get_by_role("slider")
            print(f"pages: {', '.join(pages)}, slider steps {LOW} -> {HIGH} -> {LOW} ...")
            print(f"load average before: {load()}")
            times = {name: [] for name in [*pages, "reference"]}
            failures = {name: [] for name in pages}
            value, step = LOW, 1
            for _ in range(args.moves):
                if not LOW <= value + step <= HIGH:
                    step = -step
                value += step
                key = "ArrowRight" if step > 0 else "ArrowLeft"
                for name, page in pages.items():
                    times[name].append(move(tabs[name], sliders[name], key, APP_REDRAWN, value))
                    drawn = tabs[name].evaluate(page.drawn)
                    if drawn["signal"] != value or drawn[page.values] != [value]:
                        failures[name].append((value, drawn))
                # The reference once per step, whatever the number of pages: its slider sweeps as theirs do.
                times["reference"].append(move(reference, reference_slider, key, REFERENCE_REDRAWN))
            print(f"load average after:  {load()}")
            context.browser.close()
    finally:
        for server in servers:
            stop(server)  # SIGTERM, then SIGKILL: a server busy computing a family may not stop in time
    print(f"\n{'':10s} {'median ms':>10s} {'p90 ms':>8s}")
    for name, measured in times.items():
        print(f"{name:10s} {statistics.median(measured):10.1f} {statistics.quantiles(measured, n=10)[-1]:8.1f}")
    for name in pages:
        print(f"ratio {name} / reference (medians): {statistics.median(times[name]) / statistics.median(times['reference']):.2f}  "
              f"({args.moves} moves per page, {len(times['reference'])} of the reference)")
    failed = {name: moves for name, moves in failures.items() if moves}
    for name, moves in failed.items():
        print(f"END SIGNAL CHECK FAILED on {len(moves)} {name} moves, e.g. value {moves[0][0]}: drew {moves[0][1]}")
    if failed:
        raise SystemExit(1)
    print("end signal verified on every app move: the chart's param and every item drawn at the new value")


if __name__ == "__main__":
    main()
