"""Vanishing's depth slider in Chromium: the chart follows it in the browser (arrow
keys and a drag), and the server, the headline and the Link follow on release
(ui/scrub.py; tests/test_scrub.py checks the data and the release on the server)."""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Page

from core import compare_probe, first_to_last, probe_gradients, theory
from core.claims import residual as residual_claims
from core.claims import vanishing as claims
from core.residual import GRADIENT
from tests.browser.test_browser import MARK_RUNS, RUN_FINISHED, SKIP, VEGA_VIEW, assert_healthy, expected_charts, open_page, wait_for, wait_until_drawn
from tests.browser.test_classroom import EN, metrics, read_link
from ui import charts, display
from ui.presets import PRESETS

SIGNAL = "scrub_depth"  # pages/vanishing.py's and pages/residual.py's SCRUB_SIGNAL
RESIDUAL_DEPTHS = (2, 100)  # pages/residual.py's DEPTHS
SLIDER = '[data-testid="stMain"] .scrub input[type="range"]'
def drawn_reader(signal: str, column: str, listed: str) -> str:
    """JS: what the family chart whose param is `signal` drew: the param's value and the
    `column` values of the data items it drew (the scene graph: what Vega drew, which the
    canvas's pixels cannot say), as {signal, <listed>: [...]}; null before it exists."""
    return f"""() => {{
    const bound = document.querySelector('input[name="{signal}"]');
    const view = bound && ({VEGA_VIEW})(bound.closest('[data-testid="stVegaLiteChart"]'));
    if (!view) return null;
    const drawn = new Set();
    const visit = node => {{
        for (const item of node.items || []) {{
            if (item.datum && item.datum.{column} !== undefined && item.opacity !== 0) drawn.add(item.datum.{column});
            if (item.items) visit(item);
        }}
    }};
    visit(view.scenegraph().root);
    return {{signal: view.signal('{signal}'), {listed}: [...drawn]}};
}}"""


DRAWN_DEPTHS = drawn_reader(SIGNAL, "depth", "depths")


def drawn_at(depth: int) -> str:
    return f"() => {{ const drawn = ({DRAWN_DEPTHS})(); return !!drawn && drawn.signal === {depth} && drawn.depths.length === 1 && drawn.depths[0] === {depth}; }}"


def headline(depth: int, **settings) -> tuple[str, str]:
    """The first metric the server shows at `depth` (and other `settings` of the net than
    the page's defaults): layer 1's gradient over the last layer's."""
    probe = probe_gradients(replace(claims.DEFAULT_SPEC, depth=depth, **settings))
    return EN["vanishing.metric_ratio"].format(depth=depth), display.number(probe["grad_norm"].iloc[0] / probe["grad_norm"].iloc[-1], 3)


def wait_for_server_at(page: Page, depth: int, label: str = "layer {depth}") -> None:
    """The server's run for the released value has finished and the page shows its numbers
    (the first metric's label, `label` formatted with the depth)."""
    wait_for(page, RUN_FINISHED, "the run for the released value")
    wait_until_drawn(page)
    wait_for(page, f"() => document.querySelector('[data-testid=\"stMetricLabel\"]')?.innerText.includes({label.format(depth=depth)!r})", f"the headline at depth {depth}")


def open_with_family(page: Page, app_url: str, route: str = "vanishing") -> list[str]:
    """Open /`route` at the defaults until it ships the family chart: the first
    visit draws the server's one-depth chart and the server computes the family
    in idle time (ui.compute.ready_depth_family, ready_residual_family); a later run ships it."""
    js_errors = open_page(page, app_url, f"/{route}?{SKIP}", expected_charts(route))
    for _ in range(60):
        if page.evaluate(f"() => !!document.querySelector('input[name=\"{SIGNAL}\"]')"):
            return js_errors
        page.wait_for_timeout(1000)  # the family is computed in the server's idle time: poll for it
        page.reload()
        wait_until_drawn(page, expected_charts(route))
    raise AssertionError("the server never shipped the family chart")


def test_the_first_visit_draws_the_servers_chart_and_the_slider_still_works(page: Page, app_url: str) -> None:
    """A setting whose family nobody has asked for yet (here: seed 7) draws the server's
    one-depth chart at once, and the slider moves it through the server on release."""
    js_errors = open_page(page, app_url, f"/vanishing?seed=7&{SKIP}", expected_charts("vanishing"))
    assert page.locator(f'input[name="{SIGNAL}"]').count() == 0, "no family on the first visit: the page does not wait for it"
    slider = page.locator(SLIDER)
    slider.focus()
    page.evaluate(MARK_RUNS)
    page.keyboard.press("ArrowRight")
    wait_for_server_at(page, claims.DEFAULT_SPEC.depth + 1)
    assert parse_qs(urlparse(page.url).query)["depth"] == [str(claims.DEFAULT_SPEC.depth + 1)]
    assert_healthy(page, js_errors)


def three_steps_right(page: Page, app_url: str, route: str, start: int, label: str, headline_label: str = "layer {depth}"):
    """Open /`route` with its family chart at the default depth `start` (the slider labelled
    `label`), press the right arrow three times: the chart draws start + 3, and the server's
    run follows. Returns the page's JS errors and the slider."""
    js_errors = open_with_family(page, app_url, route)
    wait_for(page, drawn_at(start), "the family chart at the default depth")
    slider = page.locator(SLIDER)
    assert slider.get_attribute("aria-valuetext") == str(start)
    assert slider.evaluate("input => input.labels[0].innerText") == label, "labelled"
    page.evaluate(MARK_RUNS)
    slider.focus()
    for _ in range(3):
        slider.press("ArrowRight")
    wait_for(page, drawn_at(start + 3), f"the chart to draw depth {start + 3}")
    wait_for_server_at(page, start + 3, headline_label)
    return js_errors, slider


def test_arrow_keys_redraw_the_chart_and_the_server_follows(page: Page, app_url: str) -> None:
    start = claims.DEFAULT_SPEC.depth
    js_errors, slider = three_steps_right(page, app_url, "vanishing", start, EN["common.depth"])
    assert metrics(page)[0] == headline(start + 3)
    assert page.evaluate("() => document.activeElement?.closest('.scrub') !== null"), "the slider keeps the focus across the server's run"
    assert parse_qs(urlparse(page.url).query)["depth"] == [str(start + 3)]
    assert parse_qs(urlparse(read_link(page)).query)["depth"] == [str(start + 3)]
    slider.press("End")
    wait_for(page, drawn_at(claims.DEEPEST), "the chart to draw the deepest net")
    wait_for_server_at(page, claims.DEEPEST)
    assert metrics(page)[0] == headline(claims.DEEPEST)
    assert_healthy(page, js_errors)


def release_drag(page: Page, x: float, y: float, held: int) -> int:
    """Drag on from the held depth to (x, y) and let go: the depth released, past the held
    one, once the family chart has drawn it (the server's run for it is then under way)."""
    page.evaluate(MARK_RUNS)
    page.mouse.move(x, y, steps=8)
    page.mouse.up()
    released = int(page.locator(SLIDER).input_value())
    assert released > held
    wait_for(page, drawn_at(released), "the chart at the released depth")
    return released


def test_a_drag_redraws_the_chart_before_the_release_and_the_link_follows_the_release(page: Page, app_url: str) -> None:
    js_errors = open_with_family(page, app_url)
    wait_for(page, drawn_at(claims.DEFAULT_SPEC.depth), "the family chart at the default depth")
    box = page.locator(SLIDER).bounding_box()
    y = box["y"] + box["height"] / 2
    at = lambda fraction: box["x"] + box["width"] * fraction  # noqa: E731 - a position along the track
    page.mouse.move(at((claims.DEFAULT_SPEC.depth - 1) / (claims.DEEPEST - 1)), y)
    page.mouse.down()
    page.mouse.move(at(0.6), y, steps=8)
    held = int(page.locator(SLIDER).input_value())
    assert held > claims.DEFAULT_SPEC.depth
    wait_for(page, drawn_at(held), "the chart to follow the held slider")
    label, value = headline(held)
    wait_for(page, f"() => document.querySelector('[data-testid=\"stMetricLabel\"]').innerText.includes({label!r})", "the headline to follow")
    assert metrics(page)[0] == (label, value)
    assert "depth=" not in page.url, "nothing reaches the server before the release"
    released = release_drag(page, at(0.8), y, held)
    wait_for_server_at(page, released)
    assert metrics(page)[0] == headline(released)
    assert parse_qs(urlparse(read_link(page)).query)["depth"] == [str(released)]
    assert_healthy(page, js_errors)


def test_the_headline_keeps_the_sliders_depth_when_an_older_run_redraws_it(page: Page, app_url: str) -> None:
    """Each key press reaches the server, so the run for a depth the slider has since
    left redraws the headline at that older depth: the browser shows the slider's depth
    again. Emulated here as the metric's text changing under the follower (React rewrites
    the text node, or replaces it), then checked on real fast key presses."""
    js_errors = open_with_family(page, app_url)
    start = claims.DEFAULT_SPEC.depth
    wait_for(page, drawn_at(start), "the family chart at the default depth")
    label = EN["vanishing.metric_ratio"].format(depth=start)
    older = headline(start - 13)  # what a run for an older depth draws: its label and its number
    shows = "() => document.querySelector('[data-testid=\"stMetricLabel\"]').innerText"
    assert label in page.evaluate(shows)
    for rewrite in (  # a text change, then a replaced node
        "(node, text) => { node.nodeValue = text; }",
        "(node, text) => { node.replaceWith(document.createTextNode(text)); }",
    ):
        for part, text in (("stMetricValue", older[1]), ("stMetricLabel", older[0])):
            page.evaluate(f"""() => {{
                const walker = document.createTreeWalker(document.querySelector('[data-testid="{part}"]'), NodeFilter.SHOW_TEXT,
                    {{ acceptNode: n => (n.nodeValue.trim() ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP) }});
                ({rewrite})(walker.nextNode(), {text!r});
            }}""")
        wait_for(page, f"() => ({shows})().includes({label!r})", "the slider's depth back in the headline")
    slider = page.locator(SLIDER)
    slider.focus()
    page.evaluate(MARK_RUNS)
    for _ in range(12):
        page.keyboard.press("ArrowRight")
    final = int(slider.input_value())  # start + 12 unless the machine dropped a key press
    assert final > start
    wait_for(page, drawn_at(final), "the chart at the last pressed depth")
    wait_for_server_at(page, final)
    assert metrics(page)[0] == headline(final)
    assert_healthy(page, js_errors)


def test_the_headline_is_the_servers_after_a_setting_whose_family_is_another(page: Page, app_url: str) -> None:
    """A lecturer's chain: scrub the depth, then another activation, then a preset of a
    wide net. The follower of the old family stayed on the page until the run ended, and
    it rewrote the new run's headline with the old family's number: "He et al. 2015: 30-layer
    ReLU, He init" read Layer 1 ÷ layer 30 = 9e-19 (sigmoid's) instead of 0.867."""
    from tests.browser.test_classroom import apply_preset

    js_errors = open_with_family(page, app_url)
    slider = page.locator(SLIDER)
    slider.focus()
    for _ in range(3):
        run_and_wait_press(page)
    depth = claims.DEFAULT_SPEC.depth + 3
    wait_for_server_at(page, depth)
    assert metrics(page)[0] == headline(depth)

    box = page.get_by_test_id("stSelectbox").filter(has_text=EN["common.activation"]).first
    page.evaluate(MARK_RUNS)
    box.click()
    page.get_by_role("option", name="tanh", exact=True).click()
    wait_for(page, RUN_FINISHED, "the run for tanh")
    wait_until_drawn(page)
    assert metrics(page)[0] == headline(depth, activation="tanh")

    apply_preset(page, "vanishing", "he_he")
    he = next(preset for preset in PRESETS["vanishing"] if preset.key == "he_he").values
    assert metrics(page)[0] == headline(he["depth"], **{key: he[key] for key in ("width", "activation", "init", "weight_scale")})
    assert_healthy(page, js_errors)


def run_and_wait_press(page: Page) -> None:
    page.evaluate(MARK_RUNS)
    page.keyboard.press("ArrowRight")
    wait_for(page, RUN_FINISHED, "the run for the pressed depth")


# --- Residual's depth slider (pages/residual.py): the same slider, three numbers and a caption follow it
RESIDUAL = residual_claims.probe_spec("sigmoid")  # the page's defaults
RESIDUAL_LABEL = EN["residual.metric_plain"]  # the first metric's label, "... {depth}"


def residual_numbers(depth: int) -> list[tuple[str, str]]:
    """The three metrics the server shows at `depth`: block 1 over the last block of the
    plain and the residual net, and of the residual net's mean-field law."""
    net = replace(RESIDUAL, depth=depth)
    probes = compare_probe(net)
    law = theory.residual_profile(net.activation, net.effective_sigma_w, net.bias_std, depth, net.residual_scale)[1][0]
    ratios = [first_to_last(probes[probes["net"] == name], GRADIENT) for name in ("plain", "residual")] + [law]
    keys = ("residual.metric_plain", "residual.metric_residual", "residual.metric_law")
    return [(EN[key].format(depth=depth), display.ratio(ratio, EN["common.underflow_short"])) for key, ratio in zip(keys, ratios)]


def alpha_hint(page: Page) -> str:
    hint = EN["residual.alpha_hint"].split("{")[0]  # "For depth "
    return page.get_by_test_id("stCaptionContainer").filter(has_text=hint).first.inner_text()


def test_residual_arrow_keys_redraw_the_chart_and_the_server_follows(page: Page, app_url: str) -> None:
    start = residual_claims.DEPTH
    js_errors, slider = three_steps_right(page, app_url, "residual", start, EN["residual.depth"], RESIDUAL_LABEL)
    assert metrics(page)[:3] == residual_numbers(start + 3)
    assert alpha_hint(page) == EN["residual.alpha_hint"].format(depth=start + 3, value=(start + 3) ** -0.5)
    assert parse_qs(urlparse(page.url).query)["depth"] == [str(start + 3)]
    assert parse_qs(urlparse(read_link(page)).query)["depth"] == [str(start + 3)]
    slider.focus()
    slider.press("Home")
    wait_for(page, drawn_at(2), "the chart to draw the shallowest pair")
    wait_for_server_at(page, 2, RESIDUAL_LABEL)
    assert metrics(page)[:3] == residual_numbers(2)
    assert_healthy(page, js_errors)


def test_residual_drag_redraws_the_chart_and_its_numbers_before_the_release(page: Page, app_url: str) -> None:
    js_errors = open_with_family(page, app_url, "residual")
    low, high = RESIDUAL_DEPTHS
    wait_for(page, drawn_at(residual_claims.DEPTH), "the family chart at the default depth")
    page.locator(SLIDER).scroll_into_view_if_needed()  # below the page's intro: the mouse acts in the viewport
    box = page.locator(SLIDER).bounding_box()
    y = box["y"] + box["height"] / 2
    at = lambda fraction: box["x"] + box["width"] * fraction  # noqa: E731 - a position along the track
    page.mouse.move(at((residual_claims.DEPTH - low) / (high - low)), y)
    page.mouse.down()
    page.mouse.move(at(0.75), y, steps=8)
    held = int(page.locator(SLIDER).input_value())
    assert held > residual_claims.DEPTH
    wait_for(page, drawn_at(held), "the chart to follow the held slider")
    numbers = residual_numbers(held)
    wait_for(page, f"() => document.querySelector('[data-testid=\"stMetricLabel\"]').innerText.includes({numbers[0][0]!r})", "the numbers to follow")
    assert metrics(page)[:3] == numbers, "all three numbers, with the server's formatting"
    assert alpha_hint(page) == EN["residual.alpha_hint"].format(depth=held, value=held ** -0.5)
    assert "depth=" not in page.url, "nothing reaches the server before the release"
    released = release_drag(page, at(0.95), y, held)
    wait_for_server_at(page, released, RESIDUAL_LABEL)
    assert metrics(page)[:3] == residual_numbers(released)
    assert parse_qs(urlparse(read_link(page)).query)["depth"] == [str(released)]
    assert_healthy(page, js_errors)


Y_AXIS_READER = f"""() => {{
    const view = ({VEGA_VIEW})(document.querySelector('input[name="{SIGNAL}"]').closest('[data-testid="stVegaLiteChart"]'));
    const depth = view.signal('{SIGNAL}'), labels = [], firstBlock = {{}};
    const visit = (node, orient) => {{
        for (const item of node.items || []) {{
            if (node.role === 'axis-label' && orient === 'left') labels.push(item.text);
            if (node.marktype === 'symbol' && item.datum && item.datum.layer === 1 && item.opacity !== 0) firstBlock[item.datum.curve] = item.y;
            if (item.items) visit(item, node.role === 'axis' ? item.orient : orient);
        }}
    }};
    visit(view.scenegraph().root, null);
    const ticks = view.data('_ticks').filter(row => row.depth === depth);
    return {{
        depth, labels, firstBlock, origin: view.origin()[0], domain: view.scale('y').domain(), height: view.height(),
        ticks: ticks.map(row => row.tick), format: ticks[0].format,
        extent: view.data('_extent').filter(row => row.depth === depth).map(row => row.plot_value),
    }};
}}"""


def test_residual_each_depth_has_its_own_y_axis_and_the_plot_stays_put(page: Page, app_url: str) -> None:
    """At depth 2 the y axis spans depth 2's values (its extent rows and ticks, which
    tests/test_scrub.py checks are the one-depth chart's), so plain's and residual's first
    blocks are far apart on screen; at depth 100 it spans 1e-120; the plot does not move
    sideways between the two (the axis keeps the family's widest labels' room)."""
    js_errors = open_with_family(page, app_url, "residual")
    slider = page.locator(SLIDER)
    drawn = {}
    for key, depth in (("Home", 2), ("End", 100)):
        slider.focus()
        slider.press(key)
        wait_for(page, drawn_at(depth), f"the chart at depth {depth}")
        drawn[depth] = axis = page.evaluate(Y_AXIS_READER)
        low, high = axis["domain"]
        assert sorted(axis["labels"]) == sorted(charts._log_label(tick, axis["format"]) for tick in axis["ticks"] if low <= tick <= high), depth
        assert [min(axis["extent"]), max(axis["extent"])] == pytest.approx(axis["domain"], rel=1e-6), depth
    shallow, deep = drawn[2], drawn[100]
    plain, residual = EN["residual.net.plain"], EN["residual.net.residual"].format(alpha=RESIDUAL.residual_scale)
    assert abs(shallow["firstBlock"][plain] - shallow["firstBlock"][residual]) > shallow["height"] / 4, shallow["firstBlock"]
    assert shallow["domain"][0] > 1e-3 and deep["domain"][0] < 1e-120
    assert shallow["origin"] == deep["origin"], "the plot moved sideways"
    assert_healthy(page, js_errors)
