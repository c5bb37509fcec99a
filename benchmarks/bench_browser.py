"""Interaction latency, memory and cold start, measured in a real browser.

    python benchmarks/bench_browser.py [--moves 12] [--pages vanishing,rnn] [--conditions main,other,largest | --largest] [--port 8640]
    python benchmarks/bench_browser.py --links [--repeat 5]

Starts `streamlit run dashboard.py` and two copies of the trivial reference
app (benchmarks/reference_app.py: one slider, one 20-point line, drawn on a
canvas as the app's charts are), opens one tab per server in one headless
Chromium (Debian's, as the browser tests do) and, per page and condition,
moves a control `--moves` times, alternating move by move between the
app's tab and the two reference tabs (the order rotates each round). The
conditions, per page (PAGES):

- main: the page's main control at default settings;
- other: another control of the page at default settings;
- largest: the main control with every size control at its largest.

A slider moves by one arrow-key press (right to its end, then left, ...),
a toggle by a space-bar press. A move is timed from the key's keydown event
to the end of the next painted frame after (a) the server's
`script_finished` has arrived for every rerun the browser asked for
(conftest.RUN_COUNTER) and (b) every chart the control changes has been
redrawn by Vega since the keydown. Vega clears a chart's canvas at the
start of each render (CanvasRenderer.clear), so RENDER_COUNTER wraps
CanvasRenderingContext2D.clearRect and stamps the canvas with the time;
the charts a control changes are found by a first, untimed move (those
whose canvas redrew by 1 s after its run). A chart that draws again in the
frame after the condition held moves the end to that drawing. Before the
timed moves a calibration move checks the signal: it copies each changed
chart's pixels (canvas.toDataURL) before the move, when the move is
declared over, and after a quiet second; the move passes when every chart
changed and already showed its final pixels when the move ended.

Prints, per page and condition, the median ms of the app and of both
reference copies, the app's ratio to reference A and the A/A ratio (B / A)
of the same moves, how many moves ended on the grace period because an
expected chart never redrew (left out of the medians), and how often the
previous end condition (run finished and app idle: true already for the
old drawing) held before every changed chart had redrawn. Then the
server's resident memory after visiting every page, and the time from
starting the server to the first chart drawn. Record the load average
alongside: the ratios, not the absolute times, compare across runs.

--links: what a link costs the reader (issue 15: any link at most 1 s to
first paint). Opens /vanishing with a plain link, a link with one unknown
key, and three oversized links (999 keys, a 100 KB key, a 5000-digit
value), and the floor, a page of only a title on a server of its own
(benchmarks/reference_title.py), each once to warm the servers, then
`--repeat` times interleaved;
prints the median and max time from navigation start to the first painted
frame that shows (a) the page's title, (b) the "Ignored ..." line, (c) the
first section's answer (its first metric; a link that was not read loses
skip_predictions, so there the question that stands in its place) and
(d) every chart drawn.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Error as PlaywrightError, sync_playwright

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.browser.conftest import RUN_COUNTER, VIEWPORT, chromium_path, free_port, healthy  # noqa: E402
from tests.browser.test_browser import APP_IDLE, CHARTS_DRAWN, RUN_FINISHED, RUNS_DONE, RUNS_SETTLED, SKIP  # noqa: E402

# (route, key of the slider a teacher drags first) per page, for bench_load and
# bench_fairness (their websocket clients move sliders only; Remedies' learning rate).
SLIDERS = [
    ("/vanishing", "depth"),
    ("/exploding", "weight_scale"),
    ("/rnn", "seq_len"),
    ("/residual", "depth"),
    ("/remedies", "lr"),
]


@dataclass(frozen=True)
class PageBench:
    """What bench_browser moves on one page: controls by their key (the
    widget's container carries the class st-key-<key>)."""
    route: str
    main: str
    other: str
    largest: str  # the link's query: every size control at its largest


# Remedies' main control is the "Residual connections" toggle (the remedy the
# page teaches; it redraws the gradient-flow chart). Its only slider in that
# section, the learning rate, changes only the training, which waits for its
# button, so no chart: the other control is the isometry section's depth.
# Remedies has no size control in the toggle's section: "largest" there
# moves the toggle with the isometry section at its largest.
PAGES = [
    PageBench("/vanishing", "depth", "weight_scale", "depth=100&width=512"),
    PageBench("/exploding", "weight_scale", "depth", "depth=30"),
    PageBench("/rnn", "seq_len", "hidden", "seq_len=300&hidden=256"),
    PageBench("/residual", "depth", "alpha", "depth=100"),
    PageBench("/remedies", "residual", "iso_depth", "iso_depth=100&iso_width=256"),
]
REFERENCE_KEY = "scale"  # reference_app.py's slider
CONDITIONS = ("main", "other", "largest")

# Installed before Vega loads: every canvas clear (Vega's CanvasRenderer
# clears its canvas at the start of each render) stamps that canvas with
# the time (canvas.__renderedAt, performance.now()) and counts it; a
# keydown stamps the window (__keyAt), the start of a move.
RENDER_COUNTER = """(() => {
    const clearRect = CanvasRenderingContext2D.prototype.clearRect;
    CanvasRenderingContext2D.prototype.clearRect = function (...args) {
        const canvas = this.canvas;
        if (canvas) { canvas.__renderedAt = performance.now(); canvas.__renders = (canvas.__renders || 0) + 1; }
        return clearRect.apply(this, args);
    };
    document.addEventListener('keydown', () => { window.__keyAt = performance.now(); }, true);
})()"""
# The canvases of the main area's charts, in page order (null: no canvas).
CANVASES = """() => [...document.querySelectorAll('[data-testid="stMain"] [data-testid="stVegaLiteChart"]')].map(chart => chart.querySelector('canvas'))"""
# Before a move: the run count (RUN_FINISHED), no keydown yet, and, when
# calibrating, each expected chart's pixels.
MARK_MOVE = f"""(calibrate) => {{
    window.__finishedBefore = window.__runsFinished; window.__keyAt = null;
    window.__pixelsBefore = calibrate ? calibrate.map(i => ({CANVASES})()[i]?.toDataURL()) : null;
}}"""
# After the key press: resolves when the move is over (see the module's
# docstring) with {ms, finishMs, oldMs, oldEarly, missing} or {timeout}.
# One frame per check (requestAnimationFrame); `expected`: the indices of the
# charts the control redraws; `graceMs`: how long after the run's end an
# expected chart may stay undrawn before the move ends without it.
WAIT_MOVE = f"""async ({{expected, graceMs, timeoutMs, calibrate}}) => {{
    const frame = () => new Promise(resolve => requestAnimationFrame(resolve));
    const renderedAt = i => ({CANVASES})()[i]?.__renderedAt ?? -1;
    const started = performance.now();
    let finishedAt = null, oldAt = null, oldEarly = false;
    for (;;) {{
        await frame();
        const now = performance.now(), keyAt = window.__keyAt;
        if (now - started > timeoutMs) return {{timeout: true, keyAt, finishedAt}};
        if (keyAt == null) continue;
        const finished = ({RUN_FINISHED})();
        if (finished && finishedAt === null) finishedAt = now;
        const missing = expected.filter(i => !(renderedAt(i) > keyAt));
        if (oldAt === null && finished && ({APP_IDLE})()) {{ oldAt = now; oldEarly = missing.length > 0; }}
        if (!finished || (missing.length && now - finishedAt < graceMs)) continue;
        const heldAt = now;
        if (calibrate) window.__pixelsAtEnd = expected.map(i => ({CANVASES})()[i]?.toDataURL());
        await frame();  // the frame holding that drawing has been painted
        if (expected.some(i => renderedAt(i) > heldAt)) continue;  // drawn again since: not over yet
        return {{ms: performance.now() - keyAt, finishMs: finishedAt - keyAt, oldMs: oldAt === null ? null : oldAt - keyAt, oldEarly, missing}};
    }}
}}"""
# Resolves once the runs are settled and no chart canvas has been drawn for
# `quietMs`; returns the indices of the charts drawn since the last keydown.
SETTLE = f"""async (quietMs) => {{
    const frame = () => new Promise(resolve => requestAnimationFrame(resolve));
    const started = performance.now();
    for (;;) {{
        await frame();
        const last = Math.max(-1, ...({CANVASES})().map(canvas => canvas?.__renderedAt ?? -1));
        if (performance.now() - started > 120000) throw new Error('the page did not settle in 120 s');
        if (({RUNS_SETTLED})() && ({APP_IDLE})() && performance.now() - last > quietMs) break;
    }}
    const keyAt = window.__keyAt ?? Infinity;
    return ({CANVASES})().map((canvas, i) => (canvas?.__renderedAt ?? -1) > keyAt ? i : -1).filter(i => i >= 0);
}}"""
# After a calibration move has settled: per expected chart, whether its
# pixels changed and whether the end of the move already showed the final ones.
CALIBRATION = f"""(expected) => expected.map((i, n) => {{
    const final = ({CANVASES})()[i]?.toDataURL();
    return {{chart: i, changed: final !== window.__pixelsBefore[n], finalAtEnd: final === window.__pixelsAtEnd[n]}};
}})"""
GRACE_MS = 3000
MOVE_TIMEOUT_MS = 180_000
SETTLE_QUIET_MS = 1000


def skipping(route: str) -> str:
    """The route with its questions skipped (?skip_predictions=true), so that
    every chart is drawn as the page loads and each move redraws them."""
    return route + ("&" if "?" in route else "?") + SKIP


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


class Tab:
    """One browser tab on one server, moving one control at a time."""

    def __init__(self, browser, url: str, name: str) -> None:
        self.context = browser.new_context(viewport=VIEWPORT)
        self.context.add_init_script(RUN_COUNTER)
        self.context.add_init_script(RENDER_COUNTER)
        self.page = self.context.new_page()
        self.url, self.name = url, name
        self.key, self.direction, self.expected = "", "ArrowRight", []

    def open(self, route: str) -> None:
        self.page.goto(self.url + skipping(route))
        self.page.wait_for_function(f"() => ({RUNS_DONE})() && ({CHARTS_DRAWN})()", timeout=180_000, polling="raf")
        self.page.evaluate(SETTLE, SETTLE_QUIET_MS)

    def choose(self, key: str) -> None:
        """Move the control with this key from now on: one untimed move
        finds the charts it redraws."""
        self.key = key
        self.page.evaluate(MARK_MOVE, None)
        self._press()
        self.page.wait_for_function(RUN_FINISHED, timeout=MOVE_TIMEOUT_MS)  # else the page can look settled before the rerun is asked for
        self.expected = self.page.evaluate(SETTLE, SETTLE_QUIET_MS)

    def calibrate(self) -> str:
        """One move whose end is checked against the pixels; a one-line verdict."""
        if not self.expected:
            self.move()
            return "no chart redraws: the move ends with its run"
        result = self.move(calibrate=True)
        self.page.evaluate(SETTLE, SETTLE_QUIET_MS)
        charts = self.page.evaluate(CALIBRATION, self.expected)
        changed = sum(chart["changed"] for chart in charts)
        final = sum(chart["finalAtEnd"] for chart in charts)
        verdict = "ok" if changed == final == len(charts) and not result["missing"] else "FAILED"
        return f"{verdict}: {len(charts)} chart(s) redrawn, {changed} changed pixels, {final} showed their final pixels at the move's end"

    def _control(self):
        container = self.page.locator(f'[data-testid="stMain"] .st-key-{self.key}').first
        slider = container.get_by_role("slider")
        return (slider, True) if slider.count() else (container.locator("input[type=checkbox]"), False)

    def _press(self) -> None:
        self.page.wait_for_function(f"() => ({RUNS_SETTLED})()", timeout=180_000)
        control, is_slider = self._control()
        key = " "
        if is_slider:
            now = float(control.input_value())  # a visually hidden <input type="range">
            if now >= float(control.get_attribute("max")):
                self.direction = "ArrowLeft"
            elif now <= float(control.get_attribute("min")):
                self.direction = "ArrowRight"
            key = self.direction
        control.focus()
        control.press(key)

    def move(self, calibrate: bool = False) -> dict:
        """One timed move (see the module's docstring): {ms, finishMs, oldMs, oldEarly, missing}."""
        self.page.wait_for_function(f"() => ({RUNS_SETTLED})()", timeout=180_000)
        self.page.evaluate(MARK_MOVE, self.expected if calibrate else None)
        self._press()
        result = self.page.evaluate(WAIT_MOVE, {"expected": self.expected, "graceMs": GRACE_MS, "timeoutMs": MOVE_TIMEOUT_MS, "calibrate": calibrate})
        if result.get("timeout"):
            raise SystemExit(f"{self.name} {self.key}: no run finished within {MOVE_TIMEOUT_MS / 1000:.0f} s of the key press: {result}")
        return result


def _median(moves: list[dict]) -> float:
    counted = [move["ms"] for move in moves if not move["missing"]]
    return statistics.median(counted) if counted else float("nan")


def bench_condition(app: Tab, references: list[Tab], moves: int) -> dict:
    """`moves` moves of each tab's chosen control, alternating tabs move by
    move (order rotating each round): the medians and counts of one row."""
    tabs = [app, *references]
    results = {tab.name: [] for tab in tabs}
    for round_ in range(moves):
        order = tabs[round_ % len(tabs):] + tabs[:round_ % len(tabs)]
        for tab in order:
            results[tab.name].append(tab.move())
    mine = results[app.name]
    return {
        "app": _median(mine), "a": _median(results[references[0].name]), "b": _median(results[references[1].name]),
        "missed": sum(bool(move["missing"]) for move in mine),
        "early": sum(move["oldEarly"] for move in mine),
        "finish": statistics.median(move["finishMs"] for move in mine),
        "n": len(mine),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=int, default=12, help="timed moves per page, condition and tab")
    parser.add_argument("--links", action="store_true", help="time to first paint of plain and oversized links instead")
    parser.add_argument("--repeat", type=int, default=5, help="--links: openings of each link (after one to warm up)")
    parser.add_argument("--pages", help="comma-separated routes to measure, e.g. vanishing,rnn (default: all)")
    parser.add_argument("--conditions", default=",".join(CONDITIONS), help="comma-separated, of " + ", ".join(CONDITIONS))
    parser.add_argument("--largest", action="store_true", help="the largest condition only (--conditions largest)")
    parser.add_argument("--port", type=int, help="the app's port; the reference copies take the next two (default: free ports)")
    args = parser.parse_args()
    ports = [args.port + offset for offset in range(3)] if args.port else [free_port() for _ in range(3)]
    if args.links:
        return main_links(args.repeat, ports[0])
    conditions = ["largest"] if args.largest else args.conditions.split(",")
    if not 1 <= args.moves <= 200 or not set(conditions) <= set(CONDITIONS):
        raise SystemExit(f"bounds: 1-200 moves; conditions among {CONDITIONS}")
    chosen = [bench for bench in PAGES if not args.pages or bench.route.strip("/") in args.pages.split(",")]

    cold_start = time.perf_counter()
    servers = [start("dashboard.py", ports[0]), start("benchmarks/reference_app.py", ports[1]), start("benchmarks/reference_app.py", ports[2])]
    app_url, *reference_urls = (f"http://127.0.0.1:{port}" for port in ports)
    try:
        for url in (app_url, *reference_urls):
            wait_healthy(url)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium_path(), args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
            app = Tab(browser, app_url, "app")
            app.open("/vanishing")
            print(f"cold start: `streamlit run` to the first chart drawn on /vanishing: {time.perf_counter() - cold_start:.1f} s", flush=True)
            references = [Tab(browser, url, name) for url, name in zip(reference_urls, ("reference A", "reference B"))]
            for reference in references:
                reference.open("/")
                reference.choose(REFERENCE_KEY)
                print(f"calibration, {reference.name}: {reference.calibrate()}", flush=True)
            print(f"load average at start: {' '.join(f'{value:.2f}' for value in os.getloadavg())}", flush=True)

            rows = []
            for bench in chosen:
                for condition in conditions:
                    route = f"{bench.route}?{bench.largest}" if condition == "largest" else bench.route
                    app.open(route)
                    app.choose(bench.other if condition == "other" else bench.main)
                    verdict = app.calibrate()
                    row = bench_condition(app, references, args.moves)
                    rows.append((bench.route.strip("/"), condition, app.key, verdict, row, os.getloadavg()[0]))
                    print(f"{rows[-1][0]:10s} {condition:8s} {app.key:12s} app {row['app']:6.0f} ms  A {row['a']:5.0f}  B {row['b']:5.0f}  "
                          f"x A {row['app'] / row['a']:5.2f}  A/A {row['b'] / row['a']:4.2f}  charts {len(app.expected)}  "
                          f"load {rows[-1][5]:.1f}  calibration {verdict}", flush=True)

            print(f"\n{moves_note(args.moves)}")
            print(f"{'page':10s} {'condition':9s} {'control':12s} {'app ms':>7s} {'ref A':>6s} {'ref B':>6s} {'x ref':>6s} {'A/A':>5s} "
                  f"{'run end':>8s} {'no redraw':>9s} {'old early':>9s} {'load':>5s}")
            for name, condition, key, _, row, load in rows:
                print(f"{name:10s} {condition:9s} {key:12s} {row['app']:7.0f} {row['a']:6.0f} {row['b']:6.0f} {row['app'] / row['a']:6.2f} "
                      f"{row['b'] / row['a']:5.2f} {row['finish']:8.0f} {row['missed']:5d}/{row['n']:<3d} {row['early']:5d}/{row['n']:<3d} {load:5.1f}")
            spread = [row["b"] / row["a"] for *_, row, _ in rows]
            print(f"A/A (reference B / reference A, same moves): {min(spread):.2f}-{max(spread):.2f}")
            for bench in PAGES:
                app.open(bench.route)
            print(f"\nserver memory (RSS) after visiting every page: {rss_mb(servers[0].pid):.0f} MB")
            print(f"load average at the end: {' '.join(f'{value:.2f}' for value in os.getloadavg())}")
            browser.close()
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=10)


def moves_note(moves: int) -> str:
    return (f"median ms of {moves} moves per tab, keydown to the painted frame after the run's end and every changed chart's redraw; "
            "run end: the app's median to script_finished; no redraw: moves where an expected chart never redrew "
            f"(ended {GRACE_MS} ms after the run, left out); old early: the old end condition held before the redraw")


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
        try:
            response = page.goto(url + route)
        except PlaywrightError as error:  # a refusal with an empty body (Tornado's 400 for a request line over its limit)
            if "ERR_HTTP_RESPONSE_CODE_FAILURE" not in str(error):
                raise
            return {"status": "error page"}
        if response.status != 200:
            return {"status": response.status}
        drawn = page.wait_for_function(f"() => ({RUNS_DONE})() && ({CHARTS_DRAWN})() && performance.now()", timeout=120_000, polling="raf")
        return page.evaluate("() => window.__firstPaints") | {"charts": drawn.json_value()}
    finally:
        page.close()
        if shared is None:
            context.close()


REFERENCE_LINK = "reference: a title"  # benchmarks/reference_title.py, on a server of its own


def bench_links(url: str, reference_url: str, browser, repeat: int) -> None:
    browser.on("context", lambda context: (context.add_init_script(RUN_COUNTER), context.add_init_script(FIRST_PAINTS)))
    shared = browser.new_context(viewport=VIEWPORT)
    links = {REFERENCE_LINK: (reference_url, "/")} | {name: (url, route) for name, route in LINKS.items()}
    for base, route in links.values():  # warm the servers: every page's code and cache
        time_link(browser, None, base, route)
    for context, how in ((None, "a new browser context each time: empty cache, new connection"),
                         (shared, "one browser context: warm cache, kept-alive connection")):
        runs = {name: [] for name in links}
        for _ in range(repeat):
            for name, (base, route) in links.items():  # the reference interleaved with the links
                runs[name].append(time_link(browser, context, base, route))
        print(f"\nms from navigation start to the first frame showing it, median (max) of {repeat}, /vanishing; {how}")
        print(f"{'link':18s} {'chars':>7s} {'(a) title':>12s} {'(b) Ignored':>12s} {'(c) answer':>12s} {'':9s} {'(d) charts':>12s}")
        for name, (_, route) in links.items():
            cells = []
            for field in ("title", "warning", "answer", "charts"):
                values = [run[field] for run in runs[name] if run.get(field) is not None]
                cells.append(f"{statistics.median(values):5.0f} ({max(values):4.0f})" if values else "-")
            kind = next((run["answerIs"] for run in runs[name] if "answerIs" in run), "-")
            refused = [run["status"] for run in runs[name] if "status" in run]
            note = f"  refused ({refused[0]}) in {len(refused)} of {repeat}" if refused else ""
            print(f"{name:18s} {len(route.partition('?')[2]):7d} {cells[0]:>12s} {cells[1]:>12s} {cells[2]:>12s} {kind:9s} {cells[3]:>12s}{note}")
    shared.close()


def main_links(repeat: int, port: int) -> None:
    servers = [start("dashboard.py", port), start("benchmarks/reference_title.py", port + 1)]
    url, reference_url = f"http://127.0.0.1:{port}", f"http://127.0.0.1:{port + 1}"
    try:
        for base in (url, reference_url):
            wait_healthy(base)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium_path(), args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
            bench_links(url, reference_url, browser, repeat)
            browser.close()
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
