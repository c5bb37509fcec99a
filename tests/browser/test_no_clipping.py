"""No text a reader needs is cut: on every page, in English and Chinese, at
1400 px with the sidebar open and in presentation mode at 1280x720, with
every training demo and the phase diagram drawn, no text is wider than its
box (metric labels, buttons, selectbox values, widget labels, notes) and no
chart text is cut by Vega or drawn outside its chart (titles, subtitles,
legends, axis labels, notes on the plot)."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Page

from tests.browser.layout import CUT_CHART_TEXT, OVERFLOWING_TEXT, start_demos
from tests.browser.test_browser import ROUTES, SKIP, expected_charts, open_page

pytestmark = pytest.mark.browser

MODES = {"1400px": ({"width": 1400, "height": 900}, ""), "present": ({"width": 1280, "height": 720}, "present=true")}
# Every page at its defaults, and settings that draw what the defaults do
# not: underflow markers and their legend, huge values on a linear axis.
CASES = ROUTES + [("vanishing-underflow", f"/vanishing?depth=100&{SKIP}"), ("vanishing-huge", f"/vanishing?activation=relu&weight_scale=2.5&depth=60&{SKIP}")]


@pytest.mark.parametrize("mode", list(MODES))
@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(("name", "route"), CASES, ids=[name for name, _ in CASES])
def test_no_text_is_cut(page: Page, app_url: str, name: str, route: str, lang: str, mode: str) -> None:
    viewport, option = MODES[mode]
    page.set_viewport_size(viewport)
    query = "&".join(part for part in (route.partition("?")[2], option, "lang=zh" if lang == "zh" else "") if part)
    open_page(page, app_url, route.partition("?")[0] + (f"?{query}" if query else ""), expected_charts(name.split("-")[0]))
    start_demos(page)
    cut = page.evaluate(OVERFLOWING_TEXT) + page.evaluate(CUT_CHART_TEXT)
    assert not cut, "text cut or overflowing its box:\n" + "\n".join(json.dumps(item, ensure_ascii=False) for item in cut)


METRIC_LINES = """() => [...document.querySelectorAll('[data-testid="stMain"] [data-testid="stMetricValue"]')].map(value => {
    const range = document.createRange();
    range.selectNodeContents(value);
    const tops = new Set([...range.getClientRects()].filter(rect => rect.width > 0).map(rect => Math.round(rect.top)));
    return {text: value.innerText, lines: tops.size, overflow: value.scrollWidth - value.clientWidth,
            size: parseFloat(getComputedStyle(value).fontSize), full: parseFloat(getComputedStyle(document.documentElement).fontSize) * 2.25};
})"""


@pytest.mark.parametrize("route", [f"/vanishing?depth=95&activation=tanh&{SKIP}", f"/exploding?weight_scale=5.2&{SKIP}", f"/residual?{SKIP}"])
def test_metric_values_are_never_split_inside_a_number(page: Page, app_url: str, route: str) -> None:
    """At 1280 x 720 with the sidebar open, metric columns are 117-174 px wide: wrapping
    anywhere split 0.00991 into "0.0099" / "1" and 1.44555e+07 into "1.44555e" / "+07".
    Every value is now on one line inside its box, shrunk to at least frame.METRIC_FIT_FLOOR
    of its size (ui/frame.py's FIT_METRICS); only a value with a space may wrap, at the space."""
    from ui.frame import METRIC_FIT_FLOOR

    page.set_viewport_size({"width": 1280, "height": 720})
    open_page(page, app_url, route, expected_charts(route.strip("/").split("?")[0]))
    page.wait_for_timeout(300)  # the fitter runs on the next animation frame after a change
    values = page.evaluate(METRIC_LINES)
    assert values, "no metric on the page"
    for value in values:
        assert value["overflow"] <= 1, value
        assert value["lines"] == 1 or " " in value["text"], value
        assert value["size"] >= METRIC_FIT_FLOOR * value["full"] - 0.5, value
    assert any(value["size"] < value["full"] - 0.5 for value in values), "the narrow columns' long values were shrunk"
