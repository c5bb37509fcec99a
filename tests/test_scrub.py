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
