"""Exploding's weight-scale slider in Chromium: the chart and the two metrics follow it in
the browser (arrow keys and a drag, in steps of 0.1), and the server, the address and the
Link follow on release (tests/test_scrub_exploding.py checks the data and the release on
the server; tests/browser/test_scrub_browser.py does the same for Vanishing's depth)."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Page

from core import NetSpec, probe_gradients, theory
from core.claims import exploding as claims
from tests.browser.layout import CUT_CHART_TEXT, OVERFLOWING_TEXT
from tests.browser.test_browser import SCREENSHOTS, MARK_RUNS, RUN_FINISHED, SKIP, assert_healthy, expected_charts, open_page, wait_for, wait_until_drawn
from tests.browser.test_scrub_browser import drawn_reader
from tests.browser.test_classroom import EN, metrics, read_link
from ui import display

SIGNAL = "scrub_weight_scale"  # pages/exploding.py's SCRUB_SIGNAL
SLIDER = '[data-testid="stMain"] .scrub input[type="range"]'
DEPTH = 30  # the identity net at depth 30: w^30 spans 10^-30..10^23 over the slider
ROUTE = f"/exploding?network=identity&depth={DEPTH}&{SKIP}"
# What the family chart drew: its param's value (the step number k, w = k x 0.1) and the step numbers of the items it drew.
DRAWN_STEPS = drawn_reader(SIGNAL, "w_step", "steps")


def step(w: float) -> int:
    return round(w * 10)


def drawn_at(w: float) -> str:
    k = step(w)
    return f"() => {{ const drawn = ({DRAWN_STEPS})(); return !!drawn && drawn.signal === {k} && drawn.steps.length === 1 && drawn.steps[0] === {k}; }}"


def server_metrics(w: float) -> list[tuple[str, str]]:
    """The gain and theory metrics the server shows at w (identity net, depth DEPTH)."""
    probe = probe_gradients(NetSpec(depth=DEPTH, width=claims.PROBE_WIDTH, activation="linear", init="scaled_identity", weight_scale=w))
    gain, exact = probe["in_grad_norm"].iloc[0] / probe["out_grad_norm"].iloc[-1], theory.scaled_identity_gain(w, DEPTH)
    whole_below = 1e12 if gain == exact else 0  # a whole number spelled out only when it is exactly wᴸ
    return [(EN["exploding.metric_gain"], display.number(gain, 6, whole_below=whole_below)),
            (EN["exploding.metric_theory"], display.number(exact, 6, whole_below=whole_below))]


def slider_value(page: Page) -> float:
    return round(float(page.locator(SLIDER).input_value()), 1)


def wait_for_server_at(page: Page, w: float) -> None:
    wait_for(page, RUN_FINISHED, "the run for the released value")
    wait_until_drawn(page)
    wait_for(page, f"() => new URLSearchParams(location.search).get('weight_scale') === {f'{w:g}'!r}", f"the address at w = {w:g}")


def open_with_family(page: Page, app_url: str, route: str = ROUTE) -> list[str]:
    """Open the identity net at depth 30 until it ships the family chart (computed by the
    server in idle time after the first visit)."""
    js_errors = open_page(page, app_url, route, expected_charts("exploding"))
    for _ in range(60):
        if page.evaluate(f"() => !!document.querySelector('input[name=\"{SIGNAL}\"]')"):
            return js_errors
        page.wait_for_timeout(1000)
        page.reload()
        wait_until_drawn(page, expected_charts("exploding"))
    raise AssertionError("the server never shipped the family chart")


def test_the_first_visit_draws_the_servers_chart_and_the_slider_still_works(page: Page, app_url: str) -> None:
    js_errors = open_page(page, app_url, f"/exploding?network=gaussian_relu&depth=23&{SKIP}", expected_charts("exploding"))
    assert page.locator(f'input[name="{SIGNAL}"]').count() == 0, "no family on the first visit: the page does not wait for it"
    page.locator(SLIDER).focus()
    page.evaluate(MARK_RUNS)
    page.keyboard.press("ArrowLeft")
    wait_for_server_at(page, claims.HEADLINE_W - 0.1)
    assert_healthy(page, js_errors)


def test_arrow_keys_redraw_the_chart_and_the_server_follows(page: Page, app_url: str) -> None:
    js_errors = open_with_family(page, app_url)
    wait_for(page, drawn_at(claims.HEADLINE_W), "the family chart at the default scale")
    slider = page.locator(SLIDER)
    assert slider.get_attribute("aria-valuetext") == "5.0" and slider.evaluate("input => input.labels[0].innerText") == EN["exploding.weight_scale"]
    page.evaluate(MARK_RUNS)
    slider.focus()
    for _ in range(3):
        slider.press("ArrowRight")
    wait_for(page, drawn_at(5.3), "the chart to draw w = 5.3")
    assert slider.get_attribute("aria-valuetext") == "5.3"
    wait_for_server_at(page, 5.3)
    assert metrics(page)[:2] == server_metrics(5.3)
    assert parse_qs(urlparse(read_link(page)).query)["weight_scale"] == ["5.3"]
    for key, w, text in (("Home", 0.1, "0.1"), ("End", 6.0, "6")):
        page.evaluate(MARK_RUNS)
        slider.press(key)
        wait_for(page, drawn_at(w), f"the chart at w = {w}")
        wait_for_server_at(page, w)
        assert metrics(page)[:2] == server_metrics(w)
        assert parse_qs(urlparse(page.url).query)["weight_scale"] == [text]
    assert_healthy(page, js_errors)


def test_a_drag_redraws_the_chart_and_metrics_before_the_release_and_the_link_follows_the_release(page: Page, app_url: str) -> None:
    js_errors = open_with_family(page, app_url)
    wait_for(page, drawn_at(claims.HEADLINE_W), "the family chart at the default scale")
    box = page.locator(SLIDER).bounding_box()
    y = box["y"] + box["height"] / 2
    at = lambda fraction: box["x"] + box["width"] * fraction  # noqa: E731 - a position along the track
    page.mouse.move(at((claims.HEADLINE_W - 0.1) / 5.9), y)
    page.mouse.down()
    page.mouse.move(at(0.15), y, steps=8)
    held = slider_value(page)
    assert held < claims.HEADLINE_W
    wait_for(page, drawn_at(held), "the chart to follow the held slider")
    gain_text = server_metrics(held)[0][1]
    wait_for(page, f"() => document.querySelector('[data-testid=\"stMetricValue\"]').innerText.includes({gain_text!r})", "the gain to follow")
    assert metrics(page)[:2] == server_metrics(held), "both metrics follow, as the server formats them"
    assert "weight_scale=" not in page.url, "nothing reaches the server before the release"
    page.evaluate(MARK_RUNS)
    page.mouse.move(at(0.4), y, steps=8)
    page.mouse.up()
    released = slider_value(page)
    assert released > held
    wait_for(page, drawn_at(released), "the chart at the released scale")
    wait_for_server_at(page, released)
    assert metrics(page)[:2] == server_metrics(released)
    assert parse_qs(urlparse(read_link(page)).query)["weight_scale"] == [f"{released:g}"]
    assert_healthy(page, js_errors)


@pytest.mark.parametrize(("size", "present"), [({"width": 1600, "height": 1000}, False), ({"width": 1280, "height": 720}, True)], ids=["1600x1000", "present-1280x720"])
def test_no_text_is_cut_while_scrubbing(page: Page, app_url: str, size: dict, present: bool) -> None:
    """At w = 0.1, 1 and 6 (depth 30: gradients from 10^-30 to 10^23 on the family's one
    y axis), reached in the browser only, no chart or metric text is cut. Screenshots:
    screenshots/scrub-exploding-<size>-w<w>.png."""
    page.set_viewport_size(size)
    js_errors = open_with_family(page, app_url, ROUTE + ("&present=true" if present else ""))
    wait_for(page, drawn_at(claims.HEADLINE_W), "the family chart at the default scale")
    if present:  # the section's controls are folded beside its header: unfolded, as a teacher does
        page.get_by_test_id("stExpander").filter(has_text=EN["frame.controls"]).first.locator("summary").click()
    slider = page.locator(SLIDER)
    slider.focus()
    for keys, w in ((["Home"], 0.1), (["ArrowRight"] * 9, 1.0), (["End"], 6.0)):
        for key in keys:  # the chart follows each press
            slider.press(key)
        wait_for(page, drawn_at(w), f"the chart at w = {w}")
        wait_for(page, f"() => document.querySelector('[data-testid=\"stMetricValue\"]').innerText === {server_metrics(w)[0][1]!r}", "the gain to follow")
        cut = page.evaluate(OVERFLOWING_TEXT) + page.evaluate(CUT_CHART_TEXT)
        assert not cut, f"w = {w}: text cut or overflowing its box:\n" + "\n".join(json.dumps(item, ensure_ascii=False) for item in cut)
        # The chart whole on the screen (unfolded controls push it down on a projector).
        page.locator(f'[data-testid="stVegaLiteChart"]:has(input[name="{SIGNAL}"])').scroll_into_view_if_needed()
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"scrub-exploding-{'present-' if present else ''}{size['width']}x{size['height']}-w{w:g}.png"))
    wait_until_drawn(page)
    assert_healthy(page, js_errors)
