"""Every chart a page draws is a valid Vega-Lite spec whose tables are all
sent, and a slider changes a chart's tables but not its spec (so the
browser updates the drawn chart in place instead of embedding a new one).

The app converts charts without Altair's schema validation (it doubles the
cost of a chart: benchmarks/README.md), so the validation happens here: each
page is run with the spec caches cleared and every chart it builds goes
through Altair's validating to_dict().
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from tests.test_pages import PAGE_PATHS, page_test, run_page
from ui import charts, compute, frame

LABELS = dict(title="t", subtitle="s", x_title="x", y_title="y", series_title="series", underflow_text="u", overflow_text="o", value_title="v")


@pytest.fixture
def validated(monkeypatch):
    """The titles of the charts whose specs passed schema validation."""
    titles: list[str] = []
    convert = charts.to_vega_lite

    def validate_then_convert(chart):
        chart.to_dict(validate=True)  # raises on any schema error
        text = chart.title.text if hasattr(chart.title, "text") else "?"
        titles.append(" ".join(text) if isinstance(text, list) else text)  # a wrapped title is a list of lines
        return convert(chart)

    frame._chart_payload.clear()
    charts.clear_templates()
    monkeypatch.setattr(charts, "to_vega_lite", validate_then_convert)
    yield titles
    frame._chart_payload.clear()
    charts.clear_templates()


@pytest.mark.parametrize("path", PAGE_PATHS)
def test_every_chart_on_the_page_is_valid_vega_lite(path, validated):
    app = run_page(path)
    for key in ("_train_start", "_phase_start", "_race_start"):  # the demos that wait for a button draw charts too
        if [button for button in app.button if button.key == key]:
            app.button(key=key).click().run()
    assert not app.exception, [e.message for e in app.exception]
    assert validated, "no chart went through charts.to_vega_lite"
    assert len(app.get("vega_lite_chart")) >= len(set(validated))
    for chart in app.get("vega_lite_chart"):
        spec, sent = json.loads(chart.proto.spec), {dataset.name for dataset in chart.proto.datasets}
        assert _table_names(spec) == sent, "every table the spec draws is sent, and nothing else"


def _table_names(spec) -> set[str]:
    """The names of the tables a spec's layers draw."""
    if isinstance(spec, dict):
        found = {spec["data"]["name"]} if isinstance(spec.get("data"), dict) and "name" in spec["data"] else set()
        return found.union(*(_table_names(value) for value in spec.values()))
    if isinstance(spec, list):
        return set().union(*(_table_names(value) for value in spec))
    return set()


# (page, slider, first value, next value): the main sliders benchmarks/bench_browser.py moves (Remedies'
# learning rate changes only the training, which waits for its button).
MAIN_SLIDERS = [("vanishing", "depth", 20, 21), ("exploding", "weight_scale", 5.0, 4.9), ("rnn", "seq_len", 100, 110), ("residual", "depth", 50, 51)]


@pytest.mark.parametrize(("page", "key", "first", "then"), MAIN_SLIDERS)
def test_a_main_slider_changes_the_tables_but_not_the_specs(page, key, first, then):
    def charts_at(value):
        compute._runs.clear()  # a training run another test cached would draw its charts too
        compute._families.clear()  # and a scrubbing family another test computed, a family chart (every value at once)
        app = page_test(f"pages/{page}.py")
        app.query_params[key] = str(value)  # a page reads its controls from the link when it is entered
        app.run()
        assert not app.exception, [e.message for e in app.exception]
        return [(chart.proto.spec, [d.data.data for d in chart.proto.datasets]) for chart in app.get("vega_lite_chart")]

    before, after = charts_at(first), charts_at(then)
    assert len(before) == len(after) > 0
    assert [spec for spec, _ in before] == [spec for spec, _ in after]
    assert [tables for _, tables in before] != [tables for _, tables in after]


def test_the_spec_holds_no_value_of_the_data():
    """Two gradient flows with different ranges and lengths: same spec; the
    axis range and ticks travel in the tables."""
    short = pd.DataFrame({"layer": np.arange(1, 11), "grad_norm": np.logspace(0, -7, 10), "curve": "measured"})
    long = pd.DataFrame({"layer": np.arange(1, 41), "grad_norm": np.logspace(2, -30, 40), "curve": "measured"})
    first, second = (charts.gradient_flow_chart(frame_, x="layer", y="grad_norm", series="curve", **LABELS) for frame_ in (short, long))
    assert first.spec is second.spec
    assert first.tables["_ticks"]["tick"].tolist() == [1e-8, 1e-6, 1e-4, 1e-2, 1.0, 1e2][: len(first.tables["_ticks"])]
    assert first.tables["_extent"]["plot_value"].tolist() == pytest.approx([1e-8, 10.0])
    assert second.tables["_extent"]["plot_value"].tolist() == pytest.approx([1e-31, 1e3])


@pytest.mark.parametrize("scale", [1.0, 1.3])
def test_a_gradient_flows_spec_is_the_same_whatever_its_names_template_was_built_for(scale):
    """The template is built once for stand-in series names and the names put
    in afterwards (Residual's legend names α, which a slider moves): the spec is
    the one built for the names themselves, quoted names, labels broken into
    lines (a label expression) and CJK included."""
    name_sets = [
        ("Plain", "Residual (α = 1.03)", "Theory: plain", "Theory: residual"),
        ("Plain", "Residual (α = 0.5)", "Theory: plain", "Theory: residual"),
        ("普通网络", "残差网络（α = 1.03）", '"quoted" \\ back', "a label long enough to be broken into several lines of the legend, " * 3),
        ("one",),
    ]
    token = charts._font_scale.set(scale)
    try:
        for names in name_sets:
            args = ("layer", "grad_norm", "curve", names, charts._colors(names), charts._dashes(names, names[2:]), True,
                    (("underflow", "triangle-down"),), "Title", "Subtitle", charts.FULL_WIDTH, "block", "gradient", "series", "value", False)
            built_for_the_names = charts.to_vega_lite(charts._gradient_flow_template.__wrapped__(*args[:4], None, *args[4:]))
            spec = charts._gradient_flow_spec(*args)
            assert spec == built_for_the_names
            assert charts._gradient_flow_spec(*args) is spec
            assert ("datum.label ===" in json.dumps(spec)) == (names is name_sets[2]), "only the long label is broken into lines"
    finally:
        charts._font_scale.reset(token)


def test_points_mark_short_series_and_are_left_out_of_long_ones():
    """Up to 60 layers each measured value gets a dot; past that the dots
    are not drawn at all (not drawn at size 0: Vega would still encode them)."""
    def measured_marks(length: int) -> list[str]:
        probe = pd.DataFrame({"layer": np.arange(1, length + 1), "grad_norm": np.logspace(0, -5, length), "curve": "measured"})
        spec = charts.gradient_flow_chart(probe, x="layer", y="grad_norm", series="curve", **LABELS).spec
        return [layer["mark"]["type"] for layer in spec["layer"] if layer.get("data", {}).get("name") == "measured"]

    assert measured_marks(60) == ["line", "point"]
    assert measured_marks(61) == ["line"]


def test_underflow_points_down_and_overflow_up():
    probe = pd.DataFrame({"layer": np.arange(1, 5), "grad_norm": [np.inf, 1.0, 1e-3, 0.0], "curve": "measured"})
    for rows, shapes in [([0, 1, 2, 3], {"o": "triangle-up", "u": "triangle-down"}), ([0, 1], {"o": "triangle-up"}), ([2, 3], {"u": "triangle-down"})]:
        figure = charts.gradient_flow_chart(probe.iloc[rows], x="layer", y="grad_norm", series="curve", **LABELS)
        shape = next(layer["encoding"]["shape"]["scale"] for layer in figure.spec["layer"] if "shape" in layer.get("encoding", {}))
        assert dict(zip(shape["domain"], shape["range"])) == shapes


def test_the_chart_cache_key_follows_every_value_that_is_drawn():
    probe = pd.DataFrame({"layer": np.arange(1, 21), "grad_norm": np.logspace(0, -9, 20), "curve": "measured"})
    key = frame._fingerprint(((probe,), {"dashed": ["theory"], "rules": None}))
    assert frame._fingerprint(((probe.copy(),), {"dashed": ["theory"], "rules": None})) == key
    changed = [probe.assign(grad_norm=probe["grad_norm"].where(probe["layer"] != 7, 0.0)),  # one value underflows
               probe.assign(grad_norm=probe["grad_norm"].where(probe["layer"] != 7, np.inf)),  # ... or overflows
               probe.assign(curve=probe["curve"].where(probe["layer"] != 3, "theory")),  # one label
               probe.rename(columns={"curve": "series"})]
    for frame_ in changed:
        assert frame._fingerprint(((frame_,), {"dashed": ["theory"], "rules": None})) != key
    assert frame._fingerprint(((probe,), {"dashed": ["Theory"], "rules": None})) != key
    assert frame._fingerprint(((probe,), {"dashed": ["theory"], "rules": 1.0})) != key
