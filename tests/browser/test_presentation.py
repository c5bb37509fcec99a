"""Presentation mode (?present=true) on a projector: at 1280x720 and
1920x1080 every lab page shows its first chart and its first metric whole,
without scrolling; the sidebar starts closed; the metrics are larger than
the body text; plots are at least 180 px tall; chart text is at least 18 px; every line is at least 3 px
wide and each line of a chart has a dash pattern of its own (readable in
greyscale and with any colour vision, not by colour alone).

Screenshots of each first screen: screenshots/present-<page>-<size>.png."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.browser.layout import CHART_STYLE, FIRST_SCREEN
from tests.browser.test_browser import EXPECTED_CHARTS, ROUTES, SCREENSHOTS, SKIP, expected_charts, open_page
from ui.i18n import LANGUAGES
from ui.presets import PRESETS

EN = LANGUAGES["en"]

pytestmark = pytest.mark.browser

SIZES = {"1280x720": {"width": 1280, "height": 720}, "1920x1080": {"width": 1920, "height": 1080}}
LAB_ROUTES = [(name, route) for name, route in ROUTES if EXPECTED_CHARTS.get(name, 1) > 0]
# The lab's pages, with a title row of menus and metrics above their first chart (Home's one chart, its worked chain, is further down).
PAGE_ROUTES = [(name, route) for name, route in LAB_ROUTES if name != "home"]
MIN_CHART_TEXT_PX = 18
MIN_LINE_PX = 3
MIN_PLOT_PX = 180  # a chart squeezed to fit the screen (a 79 px plot under its titles) is no chart


def inside(box: dict, viewport: dict) -> bool:
    return box["top"] >= 0 and box["left"] >= 0 and box["bottom"] <= viewport["height"] and box["right"] <= viewport["width"]


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize(("name", "route"), PAGE_ROUTES, ids=[name for name, _ in PAGE_ROUTES])
def test_first_chart_and_metric_fit_the_projected_screen(page: Page, app_url: str, name: str, route: str, size: str) -> None:
    page.set_viewport_size(SIZES[size])
    open_page(page, app_url, route + ("&" if "?" in route else "?") + "present=true", expected_charts(name))
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"present-{name}-{size}.png")
    screen = page.evaluate(FIRST_SCREEN)
    assert not screen["sidebarOpen"], f"the sidebar is open: {screen['sidebar']}"
    assert screen["chart"] and inside(screen["chart"], screen["viewport"]), f"the first chart is not wholly on the first screen: {screen}"
    assert screen["metric"] and inside(screen["metric"], screen["viewport"]), f"the first metric is not wholly on the first screen: {screen}"
    assert screen["metricFont"] > screen["bodyFont"], f"metric values ({screen['metricFont']} px) must be larger than body text ({screen['bodyFont']} px)"


@pytest.mark.parametrize(("name", "route"), LAB_ROUTES, ids=[name for name, _ in LAB_ROUTES])
def test_chart_lines_and_text_read_on_a_projector(page: Page, app_url: str, name: str, route: str) -> None:
    page.set_viewport_size(SIZES["1280x720"])
    open_page(page, app_url, route + ("&" if "?" in route else "?") + "present=true", expected_charts(name))
    charts = page.evaluate(CHART_STYLE)
    assert charts
    for index, chart in enumerate(charts):
        assert chart["plotHeight"] >= MIN_PLOT_PX, f"chart {index}: its plot is {chart['plotHeight']} px tall"
        smallest = chart["smallestText"]
        assert smallest is None or smallest["size"] >= MIN_CHART_TEXT_PX, f"chart {index}: text under {MIN_CHART_TEXT_PX} px: {smallest}"
        for line in chart["lines"]:
            assert line["width"] >= MIN_LINE_PX, f"chart {index}: a line {line['width']} px wide: {line}"
        dashes = [line["dash"] for line in chart["lines"]]
        assert len(set(dashes)) == len(dashes), f"chart {index}: two lines share a dash pattern: {chart['lines']}"


def test_home_page_in_presentation_mode(page: Page, app_url: str) -> None:
    page.set_viewport_size(SIZES["1280x720"])
    open_page(page, app_url, "/?present=true")
    screen = page.evaluate(FIRST_SCREEN)
    assert not screen["sidebarOpen"], screen["sidebar"]
    assert screen["bodyFont"] >= 20, f"body text {screen['bodyFont']} px in presentation mode"


def test_presentation_switch_closes_the_sidebar(page: Page, app_url: str) -> None:
    """Switched on from the sidebar (not from a link): the page reruns in
    presentation mode and the sidebar closes."""
    page.set_viewport_size(SIZES["1280x720"])
    open_page(page, app_url, f"/vanishing?{SKIP}", expected_charts("vanishing"))
    assert page.evaluate(FIRST_SCREEN)["sidebarOpen"]
    page.get_by_test_id("stSidebar").get_by_text("Presentation mode", exact=True).click()
    page.wait_for_function(f"() => !({FIRST_SCREEN})().sidebarOpen")
    assert "present=true" in page.url


@pytest.mark.parametrize(("name", "route"), PAGE_ROUTES, ids=[name for name, _ in PAGE_ROUTES])
def test_title_row_menus_open_on_a_click(page: Page, app_url: str, name: str, route: str) -> None:
    """About, Presets and Link sit under Streamlit's (transparent) header in
    presentation mode: a real click (Playwright checks what is under the
    pointer) must reach each of them, not the header's toolbar box."""
    page.set_viewport_size(SIZES["1280x720"])
    open_page(page, app_url, route + ("&" if "?" in route else "?") + "present=true", expected_charts(name))
    menus = [EN["frame.about"], EN["frame.link"]] + ([EN["frame.presets"]] if PRESETS.get(name) else [])
    for label in menus:
        button = page.get_by_test_id("stPopover").filter(has_text=label).get_by_role("button").first
        button.click(timeout=5_000)
        page.get_by_test_id("stPopoverBody").wait_for(state="visible", timeout=10_000)
        button.click(timeout=5_000)  # and closes it again
        page.get_by_test_id("stPopoverBody").wait_for(state="hidden", timeout=10_000)
