"""The app in a real browser: every page renders without errors and draws its
charts, and moving a slider reruns the page and redraws the chart.

Screenshots land in screenshots/<page>.png (git-ignored) for a human to look at.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from playwright.sync_api import Page, TimeoutError as PlaywrightTimeout

from tests.browser.conftest import RUN_STOPPED_FOR_RERUN
from ui.nav import PAGES

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"
# Home plus every page in the menu: a page added to ui.nav.PAGES is covered automatically.
# Pages open as a lecturer's link does, questions skipped, so that every chart is drawn at once
# (tests/test_predict_pages.py asks the questions).
SKIP = "skip_predictions=true"
ROUTES = [("home", "/")] + [(page.key, f"/{page.key}?{SKIP}") for page in PAGES]
# The charts each page draws at its defaults before any Train button is
# pressed (a run cached by another session adds its charts).
EXPECTED_CHARTS = {"home": 1, "vanishing": 7, "exploding": 3, "rnn": 1, "residual": 2, "remedies": 2}


def expected_charts(name: str) -> int:
    return EXPECTED_CHARTS.get(name, 1)  # a page added to the menu: at least one chart

# Streamlit marks its root element: data-test-script-state is "notRunning" once a
# run has finished, and element containers left over from the previous run carry
# data-stale="true" until they are replaced.
APP_IDLE = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    return app?.dataset.testConnectionState === 'CONNECTED'
        && app.dataset.testScriptState === 'notRunning'
        && !!document.querySelector('[data-testid="stMain"] [data-testid="stElementContainer"]')
        && !document.querySelector('[data-stale="true"]');
}"""

# The Vega View that Streamlit's chart component keeps in a React ref, found
# by walking the component's hooks (null if Streamlit's frontend changed):
# its scene graph says what was drawn, which pixels on a canvas cannot.
VEGA_VIEW = """chart => {
    const fiberKey = Object.keys(chart).find(key => key.startsWith('__reactFiber$'));
    let fiber = chart[fiberKey];
    for (let depth = 0; fiber && depth < 40; depth++, fiber = fiber.return) {
        for (let hook = fiber.memoizedState; hook; hook = hook.next) {
            const ref = hook.memoizedState;
            if (ref && typeof ref === 'object' && typeof ref.current?.scenegraph === 'function') return ref.current;
        }
    }
    return null;
}"""
# The visible data-mark items of a View's scene graph (axes, legends and the
# invisible _extent/_ticks layers are not data marks).
DATA_ITEMS = """view => {
    const items = [];
    const visit = node => {
        if (node.role === 'mark' && node.marktype) items.push(...(node.items || []).filter(item => item.opacity !== 0));
        for (const child of node.items || []) if (child.items) visit(child);
    };
    visit(view.scenegraph().root);
    return items;
}"""
# Vega-Lite renders asynchronously after the run: per chart, the size of its
# drawing (a canvas, or svg.marks for the reference app) and its number of
# data-mark items (null: no View found).
CHART_SIZES = """() => [...document.querySelectorAll('[data-testid="stMain"] [data-testid="stVegaLiteChart"]')].map(chart => {
    const drawing = chart.querySelector('canvas, svg.marks');
    if (!drawing) return {width: 0, height: 0, marks: 0};
    const box = drawing.getBoundingClientRect();
    const view = (VEGA_VIEW)(chart);
    return {width: box.width, height: box.height, marks: view ? (DATA_ITEMS)(view).length : null};
})""".replace("VEGA_VIEW", VEGA_VIEW).replace("DATA_ITEMS", DATA_ITEMS)

# Runs counted by conftest.RUN_COUNTER. RUNS_SETTLED: the last rerun the
# browser asked for has started and finished, and did not stop early for
# another run (st.rerun). MARK_RUNS before a widget change; RUN_FINISHED is
# then true once a run has finished since the mark and the runs are settled.
# (Counting asks against finishes hung when the server merged two asks into
# one run, as it does on a busy machine.)
MARK_RUNS = "() => { window.__finishedBefore = window.__runsFinished; }"
RUNS_SETTLED = f"""() => window.__lastStart > window.__lastAsk && window.__lastFinish > window.__lastStart
    && window.__lastRunStatus !== {RUN_STOPPED_FOR_RERUN}"""
RUN_FINISHED = f"() => window.__runsFinished > window.__finishedBefore && ({RUNS_SETTLED})()"
# The page's work is done: a run has finished since the page was opened, the
# runs are settled, and the app shows it idle with no element left over from
# an earlier run.
RUNS_DONE = f"() => window.__runsFinished > 0 && ({RUNS_SETTLED})() && ({APP_IDLE})()"
# Every chart the finished run put on the page is drawn. Its elements are all
# in the page when the run is over (they arrive before the run's end); an
# element whose component is still loading shows a skeleton (stSkeleton)
# instead of its stVegaLiteChart, so "no skeleton" comes first: without it,
# "every chart drawn" held on a page whose charts had not appeared yet.
CHARTS_DRAWN = f"""() => !document.querySelector('[data-testid="stMain"] [data-testid="stSkeleton"]')
    && ({CHART_SIZES})().every(c => c.width > 0 && c.height > 0 && c.marks)"""

# What a timed-out wait reports, so a CI failure says where the app was stuck.
APP_STATE = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    return {script: app?.dataset.testScriptState, connection: app?.dataset.testConnectionState,
            stale: document.querySelectorAll('[data-stale="true"]').length, runsAsked: window.__runsAsked, runsFinished: window.__runsFinished,
            lastRunStatus: window.__lastRunStatus, lastAsk: window.__lastAsk, lastStart: window.__lastStart, lastFinish: window.__lastFinish, skeletons: document.querySelectorAll('[data-testid="stSkeleton"]').length};
}"""


def chart_sizes(page: Page) -> list[dict]:
    return page.evaluate(CHART_SIZES)


def wait_for(page: Page, condition: str, what: str) -> None:
    """page.wait_for_function, failing with the app's state instead of a bare timeout."""
    try:
        page.wait_for_function(condition)
    except PlaywrightTimeout:
        state = page.evaluate(APP_STATE)
        pytest.fail(f"timed out waiting for {what}; app state: {state}, charts: {chart_sizes(page)}", pytrace=False)


def wait_until_drawn(page: Page, charts: int = 0) -> None:
    """Wait until the page's runs are done (RUNS_DONE) and every chart they
    put on the page, at least `charts`, is drawn with its data
    (CHARTS_DRAWN). Conditions, not delays: on a busy machine a run can
    take a minute, and a chart's component can load long after the run's
    last message."""
    wait_for(page, RUNS_DONE, "the app to finish running")
    page.evaluate("document.fonts.ready")
    drawn = CHARTS_DRAWN if not charts else f"() => ({CHART_SIZES})().length >= {charts} && ({CHARTS_DRAWN})()"
    wait_for(page, drawn, f"every chart ({charts} or more) to be drawn")


def open_page(page: Page, app_url: str, route: str, charts: int = 0) -> list[str]:
    """Open a page, wait until it and at least `charts` charts are drawn;
    returns the list uncaught JS errors are collected in."""
    js_errors: list[str] = []
    page.on("pageerror", lambda error: js_errors.append(str(error)))
    page.goto(app_url + route)
    wait_until_drawn(page, charts)
    return js_errors


def assert_healthy(page: Page, js_errors: list[str]) -> None:
    exceptions = page.get_by_test_id("stException")
    assert exceptions.count() == 0, f"the page shows an exception:\n{exceptions.first.inner_text()}"
    for alert in page.get_by_test_id("stAlert").all():
        text = alert.inner_text()
        assert "Error" not in text and "Traceback" not in text, f"the page shows an error alert:\n{text}"
    for index, size in enumerate(chart_sizes(page)):
        assert size["width"] > 0 and size["height"] > 0, f"chart {index} is not drawn: {size}"
        assert size["marks"] is not None, "no Vega View found for the chart (has Streamlit's chart component changed?)"
        assert size["marks"] > 0, f"chart {index} has axes but no data drawn"
    assert not js_errors, f"uncaught JavaScript errors: {js_errors}"


def full_page_screenshot(page: Page, name: str) -> None:
    """Streamlit scrolls inside stMain, not the document, so Playwright's full_page
    would only capture one screen: grow the viewport to the content instead."""
    viewport = page.viewport_size
    height = page.evaluate("document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": viewport["width"], "height": max(viewport["height"], height)})
    wait_until_drawn(page)
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)
    page.set_viewport_size(viewport)


PAGE_NOT_FOUND = "() => [...document.querySelectorAll('[role=dialog]')].map(dialog => dialog.innerText)"


@pytest.mark.parametrize(("route", "title"), [("/residual", "Residual blocks"), ("/lesson?lesson=intro&step=1", "Vanishing gradients")], ids=["page", "lesson-step"])
def test_deep_link_on_a_fresh_server_runs_inside_the_app(page: Page, tmp_path, route: str, title: str) -> None:
    """A shared link to a page, opened before anyone has visited the home page
    (the first visit after a redeploy), must show the app's menu (titles, not
    the pages/ folder's file names) and no "Page not found" dialog: the Lesson
    page, a function until then, drew that dialog over the lesson's first step."""
    from tests.browser.conftest import streamlit_server

    with streamlit_server(tmp_path) as url:
        page.goto(url + route)
        wait_until_drawn(page)
        wait_for(page, RUNS_DONE, "the step's page to finish running")
        menu = page.get_by_test_id("stSidebarNav").inner_text()
        assert title in menu and "Home" in menu and "Lesson" in menu, menu
        assert "dashboard" not in menu, menu
        assert page.locator("h1").first.inner_text() == title
        assert page.evaluate(PAGE_NOT_FOUND) == []


@pytest.mark.parametrize(("name", "route"), ROUTES, ids=[name for name, _ in ROUTES])
def test_page_renders(page: Page, app_url: str, name: str, route: str) -> None:
    js_errors = open_page(page, app_url, route, expected_charts(name))
    assert_healthy(page, js_errors)
    assert len(chart_sizes(page)) >= expected_charts(name), "did the page's charts go missing?"
    full_page_screenshot(page, name)


@pytest.mark.parametrize(
    ("route", "label"),
    [(f"/vanishing?{SKIP}", "Depth (hidden layers)"), (f"/exploding?{SKIP}", "Weight scale w"), (f"/rnn?{SKIP}", "Sequence length"), (f"/residual?{SKIP}", "Depth (residual blocks)"),
     ("/", "Weight w")],  # Home's worked chain: link 1's weight
    ids=["vanishing-depth", "exploding-weight-scale", "rnn-sequence-length", "residual-depth", "home-chain-weight"],
)
def test_slider_redraws_first_chart(page: Page, app_url: str, route: str, label: str) -> None:
    js_errors = open_page(page, app_url, route, 1)
    main = page.get_by_test_id("stMain")
    widget = main.get_by_test_id("stSlider").filter(has=page.get_by_test_id("stWidgetLabel").get_by_text(label, exact=True))
    if widget.count() == 0:  # label renamed: still exercise the page through its first slider
        widget = main.get_by_test_id("stSlider")
    slider = widget.first.get_by_role("slider")  # react-aria: a visually hidden <input type="range">
    chart = main.get_by_test_id("stVegaLiteChart").first
    before = chart.screenshot()
    value_before = slider.get_attribute("aria-valuetext")

    page.evaluate(MARK_RUNS)
    slider.focus()
    for _ in range(3):  # quick presses: Streamlit coalesces them into one rerun
        slider.press("ArrowRight")
    wait_for(page, RUN_FINISHED, "the rerun to finish")
    wait_until_drawn(page)

    assert slider.get_attribute("aria-valuetext") != value_before, f"{label!r} did not move (already at its maximum?)"
    assert_healthy(page, js_errors)
    # The chart redraws its new data after the run (Vega updates a canvas
    # asynchronously): wait for the change, up to a deadline.
    deadline = time.monotonic() + 30
    while chart.screenshot() == before and time.monotonic() < deadline:
        page.wait_for_timeout(250)
    assert chart.screenshot() != before, f"moving {label!r} did not change the first chart"


@pytest.mark.parametrize(("name", "route"), ROUTES, ids=[name for name, _ in ROUTES])
def test_page_renders_in_chinese(page: Page, app_url: str, name: str, route: str) -> None:
    """Every page with ?lang=zh: Chinese menu and title, no errors, charts drawn;
    screenshots/<page>-zh.png to check by eye that no glyph is missing (tofu)."""
    from ui.lang.zh import STRINGS as ZH

    js_errors = open_page(page, app_url, route + ("&" if "?" in route else "?") + "lang=zh", expected_charts(name))
    assert_healthy(page, js_errors)
    assert ZH["nav.vanishing"] in page.get_by_test_id("stSidebarNav").inner_text()
    title = ZH["app.title"] if name == "home" else ZH[f"{name}.title"]
    assert page.locator("h1").first.inner_text() == title
    # A CJK font is installed: the title's width is that of real glyphs, not of
    # one fallback box per character (the boxes are all the same narrow width).
    widths = page.evaluate("""() => {
        const text = document.createTreeWalker(document.querySelector('h1'), NodeFilter.SHOW_TEXT).nextNode();
        const range = document.createRange();
        return [...text.textContent].map((c, i) => [c, i]).filter(([c]) => c.charCodeAt(0) > 0x2e80).slice(0, 4)
            .map(([, i]) => { range.setStart(text, i); range.setEnd(text, i + 1); return range.getBoundingClientRect().width; });
    }""")
    assert widths and all(width > 10 for width in widths), widths
    full_page_screenshot(page, f"{name}-zh")


def test_shared_link_shows_the_linked_values(page: Page, app_url: str) -> None:
    """A teacher's link opens with its values in the controls; a student
    opening it is asked the question first (the ratio stays hidden)."""
    link = "/vanishing?depth=37&activation=tanh&init=xavier_normal"
    js_errors = open_page(page, app_url, link, expected_charts("vanishing") - 2)  # the gradient flow and the symmetry training wait for their guesses
    assert_healthy(page, js_errors)
    main = page.get_by_test_id("stMain")
    depth = main.get_by_test_id("stSlider").filter(has=page.get_by_text("Depth (hidden layers)", exact=True)).first.get_by_role("slider")
    assert depth.input_value() == "37"
    text = main.inner_text()
    assert "At depth 37 with tanh" in text and "Layer 1 ÷ layer 37" not in text
    js_errors = open_page(page, app_url, link + f"&{SKIP}", expected_charts("vanishing"))
    assert_healthy(page, js_errors)
    assert "Layer 1 ÷ layer 37" in page.get_by_test_id("stMain").inner_text()
