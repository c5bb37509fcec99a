"""The Vanishing page's depth slider scrubs in the browser: the family chart it ships,
and the value it reports on release (ui/scrub.py, charts.gradient_flow_family_chart,
compute.depth_family). tests/browser/test_scrub_browser.py drags it in Chromium."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from streamlit.proto.WidgetStates_pb2 import WidgetStates
from streamlit.testing.v1 import AppTest

from core import probe_gradients
from core.claims import vanishing as claims
from core.probe import grad_theory
from ui import charts, compute, scrub
from ui.i18n import t
from ui.predict import SKIP_OPTION

ROOT = Path(__file__).resolve().parents[1]
SIGNAL = "scrub_depth"
DEPTHS = (1, claims.DEEPEST)  # pages/vanishing.py's


@pytest.fixture(autouse=True, scope="module")
def default_family():
    """The page ships a family once the server has computed it (in idle time, by the
    prefetcher, which is off in AppTest): computed here, as the prefetcher would."""
    compute.depth_family(claims.DEFAULT_SPEC, DEPTHS)


def open_vanishing(**params: str) -> AppTest:
    app = AppTest.from_file(str(ROOT / "pages/vanishing.py"), default_timeout=180)
    app.query_params.update({SKIP_OPTION: "true", **params})
    return app.run()


def family_chart(app: AppTest):
    """(spec, {table name: frame}) of the chart whose depth param the slider drives."""
    [chart] = [chart for chart in app.get("vega_lite_chart") if any(p.get("name") == SIGNAL for p in json.loads(chart.proto.spec).get("params", []))]
    tables = {d.name: pa.ipc.open_stream(d.data.data).read_all().to_pandas() for d in chart.proto.datasets}
    return json.loads(chart.proto.spec), tables


def scrub_data(app: AppTest) -> dict:
    [element] = [e for e in app.get("bidi_component") if e.proto.component_name == "gradient_flow_lab.scrub"]
    return json.loads(element.proto.json)


def follower_data(app: AppTest) -> dict:
    [element] = [e for e in app.get("bidi_component") if e.proto.component_name == "gradient_flow_lab.scrub_follow"]
    return json.loads(element.proto.json)


def release(app: AppTest, value) -> AppTest:
    """What the browser sends when the slider is let go at `value`: the component's state "value"."""
    [element] = [e for e in app.get("bidi_component") if e.proto.component_name == "gradient_flow_lab.scrub"]
    states = WidgetStates()
    states.widgets.extend(app._tree.get_widget_states().widgets)
    state = states.widgets.add()
    state.id = element.proto.id
    state.json_value = json.dumps({"value": value})
    return app._run(states)


def test_family_holds_each_depths_probe_and_theory():
    """Every depth's measured gradient and mean-field theory as the probe of that depth gives
    them (values as shipped: the dtype of the column), at the ends and the default."""
    app = open_vanishing()
    assert not app.exception, [e.message for e in app.exception]
    spec, tables = family_chart(app)
    assert spec["params"][0]["value"] == claims.DEFAULT_SPEC.depth
    assert spec["params"][0]["bind"] == {"input": "range", "min": 1, "max": claims.DEEPEST, "step": 1}
    measured_label = t("common.measured")
    shipped = pd.concat([tables["measured"], tables.get("events", pd.DataFrame())], ignore_index=True)
    shipped = shipped[shipped["curve"] == measured_label]
    assert sorted(shipped["depth"].unique()) == list(range(1, claims.DEEPEST + 1))
    for depth in (1, 7, claims.DEFAULT_SPEC.depth, claims.DEEPEST):
        net = replace(claims.DEFAULT_SPEC, depth=depth)
        probe = probe_gradients(net)
        rows = shipped[shipped["depth"] == depth].sort_values("layer")
        assert rows["layer"].tolist() == probe["layer"].tolist()
        assert np.array_equal(rows["grad_norm"].to_numpy(), probe["grad_norm"].to_numpy().astype(rows["grad_norm"].dtype))
        kind, theory = grad_theory(net, probe)
        drawn = tables["theory"][tables["theory"]["depth"] == depth].sort_values("layer")
        assert kind == "mean_field" and np.array_equal(drawn["grad_norm"].to_numpy(), theory["grad_norm"].to_numpy().astype(drawn["grad_norm"].dtype))
    # The deepest default net underflows: its zeros are event markers at that depth only.
    zeros = tables["events"]
    assert set(zeros["depth"]) <= {d for d in range(1, claims.DEEPEST + 1) if (probe_gradients(replace(claims.DEFAULT_SPEC, depth=d))["grad_norm"] == 0).any()}
    assert (zeros["depth"] == claims.DEEPEST).any()


def test_release_moves_the_server_depth_and_the_url():
    app = open_vanishing()
    assert scrub_data(app)["value"] == claims.DEFAULT_SPEC.depth
    app = release(app, 37)
    assert not app.exception, [e.message for e in app.exception]
    assert app.session_state["depth"] == 37 and app.query_params["depth"] == "37"
    assert scrub_data(app)["value"] == 37
    assert family_chart(app)[0] == family_chart(open_vanishing())[0], "the spec does not follow the depth: the browser keeps the drawn chart"
    assert app.metric[0].label == t("vanishing.metric_ratio", depth=37)
    # The browser's number is bounded on the server.
    app = release(app, 1000)
    assert app.session_state["depth"] == claims.DEEPEST and app.query_params["depth"] == str(claims.DEEPEST)


def test_the_headline_the_browser_shows_at_each_depth_is_the_servers():
    """The follower's label and value at depth d are what the server's metric shows when the page runs at d."""
    shipped = follower_data(open_vanishing())
    assert shipped["signal"] == SIGNAL and shipped["first"] == 1 and len(shipped["values"]) == claims.DEEPEST
    for depth in (1, 37, claims.DEEPEST):
        metric = open_vanishing(depth=str(depth)).metric[0]
        assert (shipped["labels"][depth - 1], shipped["values"][depth - 1]) == (metric.label, metric.value)
    assert shipped["values"][claims.DEEPEST - 1] == "0", "the deepest default net underflows at layer 1"


def test_a_link_sets_the_slider_and_wide_nets_keep_the_servers_chart():
    app = open_vanishing(depth="37", width="128")
    assert not app.exception, [e.message for e in app.exception]
    assert scrub_data(app)["value"] == 37 and scrub_data(app)["signal"] == SIGNAL
    assert not [c for c in app.get("vega_lite_chart") if "params" in json.loads(c.proto.spec)], "no family above width 64"
    assert not [e for e in app.get("bidi_component") if e.proto.component_name == "gradient_flow_lab.scrub_follow"]
    app = release(app, 12)
    assert app.session_state["depth"] == 12 and app.query_params["depth"] == "12" and app.metric[0].label == t("vanishing.metric_ratio", depth=12)


def test_family_chart_ships_compact_tables_without_losing_a_value():
    """int16 depth and layer, categorical strings, float32 values while every value is a
    float32 normal number; a value float32 would turn into 0 keeps its column float64."""
    def figure(values):
        frame = pd.DataFrame({"depth": [1, 2, 2], "layer": [1, 1, 2], "grad_norm": values, "curve": "m"})
        return charts.gradient_flow_family_chart(
            frame, initial=2, signal=SIGNAL, x="layer", y="grad_norm", series="curve", title="T", subtitle=None, x_title="x",
            y_title="y", series_title="s", underflow_text="u", overflow_text="o", value_title="v",
        )
    tables = figure([0.5, 1e-3, 2.0]).tables
    measured = tables["measured"]
    assert (measured["depth"].dtype, measured["layer"].dtype, measured["grad_norm"].dtype) == (np.int16, np.int16, np.float32)
    assert isinstance(measured["curve"].dtype, pd.CategoricalDtype)
    assert tables["_extent"][["depth", "layer"]].values.tolist() == [[1, 0.5], [1, 1.5], [2, 0.5], [2, 2.5]]
    legend = next(layer for layer in figure([0.5, 0.0, 2.0]).spec["layer"] if layer["data"]["name"] == "events")["encoding"]["shape"]["legend"]
    assert "indata('events', 'legend_key', scrub_depth + '|' + datum.value)" in legend["labelExpr"], "only the drawn net's events are named"
    assert figure([0.5, 0.0, 2.0]).tables["events"]["legend_key"].tolist() == ["2|u"]
    tiny = figure([0.5, 1e-40, 2.0]).tables["measured"]
    assert tiny["grad_norm"].dtype == np.float64 and tiny["grad_norm"].tolist() == [0.5, 1e-40, 2.0]


def test_each_depths_y_axis_is_the_one_net_charts_and_a_scale_family_keeps_one():
    """y_span="net" (Vanishing, Residual): at each depth the family chart's y extent, its
    ticks and the event markers' edges are those of gradient_flow_chart of that depth alone,
    so a depth-2 net is not drawn flat along the top of depth 100's 1e-120 axis (the defect
    this replaced). y_span="family" (Exploding): one axis, the whole family's."""
    shallow = pd.DataFrame({"depth": 2, "layer": [1, 2, 1, 2], "grad_norm": [0.06, 1.0, 0.995, 1.0], "curve": ["plain", "plain", "res", "res"]})
    deep = pd.DataFrame({"depth": 100, "layer": np.tile(np.arange(1, 101), 2), "curve": np.repeat(["plain", "res"], 100),
                         "grad_norm": np.concatenate([[0.0], 10.0 ** -np.linspace(119, 0, 99), np.full(100, 0.9)])})
    frame = pd.concat([shallow, deep], ignore_index=True)
    labels = dict(x="layer", y="grad_norm", series="curve", title="T", subtitle=None, x_title="x", y_title="y", series_title="s",
                  underflow_text="u", overflow_text="o", value_title="v")

    def axis(tables, depth=None):
        """(y extent, ticks, tick format, event edges) of one net's rows (all rows: depth None)."""
        pick = (lambda table: table[table["depth"] == depth]) if depth is not None else (lambda table: table)
        extent, ticks = pick(tables["_extent"]), pick(tables["_ticks"])
        events = pick(tables["events"]) if "events" in tables else pd.DataFrame({"plot_value": []})
        return (sorted(np.float32(extent["plot_value"]).tolist()), ticks["tick"].tolist(), set(ticks["format"]),
                sorted(np.float32(events["plot_value"]).tolist()))

    per_net = charts.gradient_flow_family_chart(frame, initial=2, signal=SIGNAL, **labels).tables
    for depth, net in ((2, shallow), (100, deep)):
        alone = charts.gradient_flow_chart(net.drop(columns="depth"), **labels).tables
        alone = {name: table.assign(depth=depth) for name, table in alone.items()}
        assert axis(per_net, depth) == axis(alone), depth
    low, high = axis(per_net, 2)[0]
    assert 0.005 < low and high < 11, "depth 2 spans its own two decades, not 1e-120"
    whole = charts.gradient_flow_chart(frame.drop(columns="depth"), **labels).tables
    one_axis = charts.gradient_flow_family_chart(frame, initial=2, signal=SIGNAL, y_span="family", **labels).tables
    for depth in (2, 100):
        assert axis(one_axis, depth)[:3] == axis(whole)[:3], depth
    # The axis reads the drawn net's ticks: the rows of one depth, which are consecutive.
    spec = charts.gradient_flow_family_chart(frame, initial=2, signal=SIGNAL, **labels).spec
    y_axis = next(layer["encoding"]["y"]["axis"] for layer in spec["layer"] if "y" in layer.get("encoding", {}))
    assert f"indexof(pluck(data('_ticks'), 'depth'), {SIGNAL})" in y_axis["values"]["expr"]
    assert f"lastindexof(pluck(data('_ticks'), 'depth'), {SIGNAL})" in y_axis["values"]["expr"]
    assert per_net["_ticks"]["depth"].is_monotonic_increasing
    with pytest.raises(ValueError, match="y_span"):
        charts.gradient_flow_family_chart(frame, initial=2, signal=SIGNAL, y_span="page", **labels)


def test_state_key_is_not_the_controls():
    assert scrub.state_key("depth") != "depth"


def test_a_setting_whose_family_is_not_computed_draws_the_servers_chart_at_once():
    """The family is never computed on the page's run (2.8 s of CPU at width 64 against one
    probe's 9 ms): until the server has it, the page draws the one-depth chart."""
    app = open_vanishing(seed="9")
    assert not app.exception, [e.message for e in app.exception]
    assert not [c for c in app.get("vega_lite_chart") if "params" in json.loads(c.proto.spec)], "no family chart"
    assert not [e for e in app.get("bidi_component") if e.proto.component_name == "gradient_flow_lab.scrub_follow"]
    assert compute.ready_depth_family(replace(claims.DEFAULT_SPEC, seed=9), DEPTHS) is None, "and the page's run did not compute it"
    app = release(app, 30)
    assert app.session_state["depth"] == 30 and app.metric[0].label == t("vanishing.metric_ratio", depth=30)
