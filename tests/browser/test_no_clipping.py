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
