"""Every page through streamlit.testing.v1.AppTest.

Pages are discovered from ui.nav.PAGES, and their widgets from the page
itself, so a new page or control is covered without editing this file.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from ui.nav import PAGES
from ui.predict import SKIP_OPTION

TIMEOUT = 180
ROOT = Path(__file__).resolve().parents[1]
ENTRY = str(ROOT / "dashboard.py")
PAGE_PATHS = [page.path for page in PAGES]


def page_test(path: str) -> AppTest:
    """A page as a lecturer's link opens it, ?skip_predictions=true: every
    answer at once (tests/test_predict_pages.py asks the questions)."""
    app = AppTest.from_file(str(ROOT / path), default_timeout=TIMEOUT)
    app.query_params[SKIP_OPTION] = "true"
    return app


def run_page(path: str) -> AppTest:
    return page_test(path).run()


def apply_preset(app: AppTest, key: str) -> AppTest:
    """Open the Presets menu (it builds its buttons only while open, what
    clicking it does) and press the preset `key`."""
    app.session_state["_presets_open"] = True
    app.run()
    return app.button(key=f"_preset_{key}").click().run()


def chart_data(app: AppTest) -> list[bytes]:
    """Each chart's data, in page order: the Arrow bytes of its datasets."""
    return [b"".join(d.data.data for d in chart.proto.datasets) for chart in app.get("vega_lite_chart")]


def assert_healthy(app: AppTest) -> None:
    assert not app.exception, [e.message for e in app.exception]
    assert len(chart_data(app)) > 0, "page drew no chart"


def widget_extremes(widget) -> list:
    """The two ends of a widget's range (or its first and last option)."""
    kind = type(widget).__name__
    if kind == "Slider":
        return [widget.min, widget.max]
    if kind == "NumberInput":
        return [widget.min, widget.max]
    if kind in ("SelectSlider", "Selectbox", "Radio"):
        return [widget.options[0], widget.options[-1]]
    return []


def controls(app: AppTest):
    """The page's enabled value widgets (a disabled one cannot be moved by a user)."""
    widgets = list(app.slider) + list(app.select_slider) + list(app.selectbox) + list(app.radio) + list(app.number_input)
    return [w for w in widgets if not w.disabled and w.key != "lang"]


def test_home_lists_every_page_and_runs():
    app = AppTest.from_file(ENTRY, default_timeout=TIMEOUT).run()
    assert not app.exception
    assert [link.proto.page for link in app.get("page_link")] == [page.key for page in PAGES]
    assert app.title[0].value == "Gradient Flow Lab"


@pytest.mark.parametrize("path", PAGE_PATHS)
def test_page_runs_inside_the_navigation(path):
    """What users see: the entry file's st.navigation running the page."""
    app = page_test(ENTRY).run()
    app.switch_page(path).run()
    assert_healthy(app)
    assert app.title[0].value != "Gradient Flow Lab", "switch_page did not leave the home page"


@pytest.mark.parametrize("path", PAGE_PATHS)
def test_page_runs_at_both_ends_of_every_control(path):
    app = run_page(path)
    assert_healthy(app)
    keys = [w.key for w in controls(app)]
    assert keys, "page has no controls"
    for key in keys:
        for end in widget_extremes(_by_key(app, key)):
            fresh = run_page(path)
            _by_key(fresh, key).set_value(end)
            fresh.run()
            assert not fresh.exception, (key, end, [e.message for e in fresh.exception])
            assert len(chart_data(fresh)) > 0, (key, end)


def _by_key(app: AppTest, key: str):
    for widget in controls(app):
        if widget.key == key:
            return widget
    raise KeyError(key)


@pytest.mark.parametrize("path", PAGE_PATHS)
def test_moving_a_slider_changes_chart_data(path):
    app = run_page(path)
    before = chart_data(app)
    sliders = list(app.slider) + list(app.select_slider)
    slider = sliders[0]
    end = widget_extremes(slider)[1]
    slider.set_value(end if slider.value != end else widget_extremes(slider)[0]).run()
    assert not app.exception
    if [button for button in app.button if button.key == "_train_start"]:
        app.button(key="_train_start").click().run()  # the slider may drive only a training demo, which waits for its button
    after = chart_data(app)
    assert after != before, f"moving {slider.label!r} changed no chart"


def test_rnn_race_reports_each_cell():
    """The race button trains every selected cell and reports an outcome per cell."""
    app = run_page("pages/rnn.py")
    assert len(chart_data(app)) == 1, "the race must wait for its button"
    app.select_slider(key="race_steps").set_value(100)
    app.select_slider(key="race_seq_len").set_value(10)
    app.button(key="_race_start").click().run()
    assert not app.exception
    assert len(chart_data(app)) == 4  # gradient over time, race, clipping, gradient after training
    cells = [m for m in app.metric if m.label in ("tanh RNN", "LSTM", "GRU")]
    assert {m.label for m in cells} == {"tanh RNN", "LSTM", "GRU"}
    assert not [m.label for m in cells if m.proto.delta], "an outcome is a caption, not a delta arrow"
    outcomes = [c.value for c in app.caption if c.value.startswith(("Solved", "Partly learned", "Stuck at the baseline", "Overflowed"))]
    assert len(outcomes) == 3, [c.value for c in app.caption]


def test_residual_degradation_trains_three_nets():
    app = run_page("pages/residual.py")
    app.slider(key="deep_depth").set_value(10)
    app.button(key="_train_start").click().run()
    assert not app.exception
    losses = [float(m.value) for m in app.metric if "blocks" in m.label]
    assert len(losses) == 3 and all(0 <= loss < 1 for loss in losses), losses


def test_remedies_reset_restores_the_broken_network():
    app = run_page("pages/remedies.py")
    broken = chart_data(app)
    app.selectbox(key="activation").set_value("relu")
    app.selectbox(key="init").set_value("he_normal").run()
    assert chart_data(app)[0] != broken[0], "switching remedies left the gradient chart unchanged"
    app.button(key="_reset").click().run()
    assert app.selectbox(key="activation").value == "sigmoid"
    assert chart_data(app)[0] == broken[0]


def test_remedies_phase_diagram_waits_for_its_button_then_agrees_with_theory():
    import re

    from ui import compute

    compute._runs.clear()  # another test may have measured it already
    app = run_page("pages/remedies.py")
    agreement = [c.value for c in app.caption if "agree within" in c.value]
    assert not agreement, "the phase diagram must wait for its button (or its cache)"
    app.button(key="_phase_start").click().run()
    assert not app.exception
    agreement = [c.value for c in app.caption if "agree within" in c.value]
    assert agreement, "no agreement caption after measuring"
    mean_gap, worst_gap = (float(x) for x in re.findall(r"(\d+\.\d+)", agreement[0])[:2])
    assert mean_gap < 0.15 and worst_gap < 0.5, agreement[0]


def test_vanishing_says_why_a_critical_net_strays_from_its_theory():
    """tanh at χ₁ = 1, depth 95, width 64: the headline 0.00991 and the sentence's theory 0.0871
    sat 8.8x apart with nothing saying why; the sentence now names the measurement, as the
    headline shows it, and the factor (tests/test_claims_vanishing.py computes its reasons)."""
    from ui.i18n import LANGUAGES

    for lang in ("en", "zh"):
        app = page_test("pages/vanishing.py")
        app.query_params.update(depth="95", activation="tanh", lang=lang, **{SKIP_OPTION: "true"})
        app.run()
        assert_healthy(app)
        headline = app.metric[0].value
        heading = LANGUAGES[lang]["vanishing.phase.critical_settling"].split("**")[1]
        [sentence] = [block.value for block in app.markdown if heading in block.value]
        stray = LANGUAGES[lang]["vanishing.phase.stray_below"].format(measured=headline, factor="8.8", width=64)
        assert headline == "0.00991" and sentence.endswith(stray), sentence


@pytest.mark.parametrize("key", ["he_fix", "batchnorm", "everything"])
def test_a_remedies_preset_box_states_the_ratio_the_metric_shows(key):
    """The box said "layer 1 ÷ layer 20 is 1.2" beside the metric's 1.15× (Everything on):
    the same number, rounded to 2 figures in one place and 3 in the other."""
    app = apply_preset(run_page("pages/remedies.py"), key)
    assert_healthy(app)
    shown = app.metric[0].value.removesuffix("×")
    [box] = [box.value for box in app.info if "÷" in box.value]
    assert f" {shown}" in box and len(shown.replace(".", "").lstrip("0")) == 3, (shown, box)
