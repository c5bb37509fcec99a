"""The Exploding page's weight-scale slider scrubs in the browser: the family chart it
ships (one net per weight scale, keyed by the step number k, w = k x 0.1), the metrics
that follow it, and the value it reports on release (ui/scrub.py with a float step,
compute.weight_scale_family). tests/browser/test_scrub_exploding_browser.py drags it in
Chromium; tests/test_scrub.py does the same for Vanishing's depth slider."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from core import NetSpec, probe_gradients, theory
from core.claims import exploding as claims
from core.probe import grad_theory
from tests import test_scrub as vanishing_scrub  # its helpers (not its module fixture)
from ui import compute, display, scrub
from ui.i18n import t
from ui.predict import SKIP_OPTION

ROOT = Path(__file__).resolve().parents[1]
SIGNAL = "scrub_weight_scale"  # pages/exploding.py's SCRUB_SIGNAL
W_STEPS, W_STEP = (1, 60), 0.1  # pages/exploding.py's: 0.1..6.0
IDENTITY = NetSpec(depth=claims.HEADLINE_DEPTH, width=claims.PROBE_WIDTH, activation="linear", init="scaled_identity", weight_scale=claims.HEADLINE_W)
TANH_30 = NetSpec(depth=30, width=claims.PROBE_WIDTH, activation="tanh", init="normal", weight_scale=claims.HEADLINE_W)
IDENTITY_30 = replace(IDENTITY, depth=30)


@pytest.fixture(autouse=True, scope="module")
def families():
    """The page ships a family once the server has computed it in idle time (the prefetcher is
    off in AppTest): computed here, as the prefetcher would, for the settings tested."""
    for spec in (IDENTITY, IDENTITY_30, TANH_30):
        compute.weight_scale_family(spec, W_STEPS, W_STEP)


def open_exploding(**params: str) -> AppTest:
    app = AppTest.from_file(str(ROOT / "pages/exploding.py"), default_timeout=300)
    app.query_params.update({SKIP_OPTION: "true", **params})
    return app.run()


def gain(spec: NetSpec) -> str:
    """The gain metric's text for `spec` (an identity net), as the page computes it: a whole
    number spelled out only when it is exactly wᴸ."""
    probe = probe_gradients(spec)
    measured = probe["in_grad_norm"].iloc[0] / probe["out_grad_norm"].iloc[-1]
    exact = theory.scaled_identity_gain(spec.weight_scale, spec.depth)
    return display.number(measured, 6, whole_below=1e12 if measured == exact else 0)


def family_chart(app: AppTest):
    """(spec, {table name: frame}) of the chart whose weight-scale param the slider drives, or None."""
    charts = [c for c in app.get("vega_lite_chart") if any(p.get("name") == SIGNAL for p in json.loads(c.proto.spec).get("params", []))]
    if not charts:
        return None
    [chart] = charts
    return json.loads(chart.proto.spec), {d.name: pa.ipc.open_stream(d.data.data).read_all().to_pandas() for d in chart.proto.datasets}


def followers(app: AppTest) -> list[dict]:
    return [json.loads(e.proto.json) for e in app.get("bidi_component") if e.proto.component_name == "gradient_flow_lab.scrub_follow"]


def test_weight_scales_are_the_values_a_link_and_a_release_give():
    scales = compute.weight_scales(W_STEPS, W_STEP)
    assert len(scales) == 60 and scales[0] == 0.1 and scales[2] == 0.3 and scales[24] == 2.5 and scales[-1] == 6.0
    assert [scrub.step_number(w, W_STEP) for w in scales] == list(range(1, 61)), "each scale's step number is its key"
    assert all(scrub.snap(w, None, 0.1, 6.0, 0.1) == w for w in scales)


@pytest.mark.parametrize("spec", [IDENTITY, TANH_30], ids=["identity", "tanh_depth30"])
def test_family_holds_each_scales_probe_with_layer_0_and_its_theory(spec):
    """At several w the shipped rows of step number k are claims.with_input_layer of the probe
    of that w (layer 0 = dL/dx), measured and theory, as the page draws for one w."""
    app = open_exploding(network="identity" if spec.activation == "linear" else "gaussian_tanh", depth=str(spec.depth))
    assert not app.exception, [e.message for e in app.exception]
    chart, tables = family_chart(app)
    assert chart["params"][0]["value"] == 50 and chart["params"][0]["bind"] == {"input": "range", "min": 1, "max": 60, "step": 1}
    assert sorted(tables["measured"]["w_step"].unique()) == list(range(1, 61))
    for w in (0.1, 1.0, 2.5, 6.0):
        net = replace(spec, weight_scale=w)
        probe = probe_gradients(net)
        measured, (kind, curve) = claims.with_input_layer(net, probe, grad_theory(net, probe))
        k = scrub.step_number(w, W_STEP)
        rows = tables["measured"][tables["measured"]["w_step"] == k].sort_values("layer")
        assert rows["layer"].tolist() == list(range(spec.depth + 1))
        assert np.array_equal(rows["grad_norm"].to_numpy(), measured["grad_norm"].to_numpy().astype(rows["grad_norm"].dtype))
        drawn = tables["theory"][tables["theory"]["w_step"] == k].sort_values("layer")
        assert kind == ("power" if spec.activation == "linear" else "mean_field")
        assert np.array_equal(drawn["grad_norm"].to_numpy(), curve["grad_norm"].to_numpy().astype(drawn["grad_norm"].dtype))
    # One fixed y axis over the family (the tilt changes as w moves): every net's extent is the
    # same, and spans the smallest and the largest scale's gradient at the input.
    extent = tables["_extent"].groupby("w_step")["plot_value"].agg(["min", "max"])
    assert extent["min"].nunique() == 1 and extent["max"].nunique() == 1
    small, large = (probe_gradients(replace(spec, weight_scale=w)) for w in (0.1, 6.0))
    assert extent["min"].iloc[0] <= small["in_grad_norm"].iloc[0] and extent["max"].iloc[0] >= large["in_grad_norm"].iloc[0]


def test_release_moves_the_server_scale_and_the_url_in_todays_format():
    app = open_exploding()
    assert vanishing_scrub.scrub_data(app)["value"] == claims.HEADLINE_W
    spec = family_chart(app)[0]
    for sent, kept, text in ((2.5, 2.5, "2.5"), (1, 1.0, "1"), (2.54, 2.5, "2.5"), (0.3000000004, 0.3, "0.3"), (100, 6.0, "6"), (-3, 0.1, "0.1")):
        app = vanishing_scrub.release(app, sent)
        assert not app.exception, [e.message for e in app.exception]
        assert app.session_state["weight_scale"] == kept and app.query_params["weight_scale"] == text, sent
        assert vanishing_scrub.scrub_data(app)["value"] == kept
        assert app.metric[0].value == gain(replace(IDENTITY, weight_scale=kept))
    assert family_chart(app)[0] == spec, "the spec does not follow the scale: the browser keeps the drawn chart"
    for junk in (None, "abc", float("nan")):  # not a number: the value holds
        app = vanishing_scrub.release(app, junk)
        assert not app.exception and app.session_state["weight_scale"] == 0.1 and app.query_params["weight_scale"] == "0.1"


@pytest.mark.parametrize(("network", "spec"), [("identity", IDENTITY_30), ("gaussian_tanh", TANH_30)])
def test_the_metrics_the_browser_shows_at_each_scale_are_the_servers(network, spec):
    """The followers' labels and values at step number k are what the server's metrics show
    when the page runs at w = k x 0.1: the gain, and w^L (identity) or chi_1 (tanh)."""
    shipped = followers(open_exploding(network=network, depth=str(spec.depth)))
    assert [f["signal"] for f in shipped] == [SIGNAL, SIGNAL] and all(f["first"] == 1 and len(f["values"]) == 60 for f in shipped)
    for w in (0.1, 1.0, 2.5, 6.0):
        metrics = open_exploding(network=network, depth=str(spec.depth), weight_scale=f"{w:g}").metric
        k = scrub.step_number(w, W_STEP)
        for follower, metric in zip(shipped, metrics[:2]):
            assert (follower["labels"][k - 1], follower["values"][k - 1]) == (metric.label, metric.value), (w, metric.label)
    # The numbers themselves, for the identity net at depth 30: w^30 at both ends.
    if network == "identity":
        assert shipped[1]["values"][W_STEPS[1] - 1] == display.number(theory.scaled_identity_gain(6.0, 30), 6)
    else:
        assert shipped[1]["labels"][0] == t("vanishing.metric_chi") and shipped[1]["values"][9] == f"{theory.chi1('tanh', 1.0, 0.0):.3f}"


def test_a_setting_whose_family_is_not_computed_draws_the_servers_chart_at_once():
    """The family is never computed on the page's run: until the server has it (the relu net
    at depth 29 here), the page draws the one-scale chart and the slider still works."""
    app = open_exploding(network="gaussian_relu", depth="29")
    assert not app.exception, [e.message for e in app.exception]
    assert family_chart(app) is None and not followers(app)
    spec = NetSpec(depth=29, width=claims.PROBE_WIDTH, activation="relu", init="normal", weight_scale=claims.HEADLINE_W)
    assert compute.ready_weight_scale_family(spec, W_STEPS, W_STEP) is None, "and the page's run did not compute it"
    app = vanishing_scrub.release(app, 1.4)
    assert app.session_state["weight_scale"] == 1.4 and app.query_params["weight_scale"] == "1.4"
    assert app.metric[1].value == f"{theory.chi1('relu', 1.4, 0.0):.3f}"


def test_the_identity_question_names_the_released_scale_and_the_answer_waits_for_the_guess():
    """The prediction asks about the w on the slider: after a release the question names the
    new w and its gain, and nothing answers it (the halved gain) before the guess."""
    app = AppTest.from_file(str(ROOT / "pages/exploding.py"), default_timeout=300).run()
    app = vanishing_scrub.release(app, 2.5)
    question = t("predict.exploding.question", w=2.5, depth=claims.HEADLINE_DEPTH, gain=gain(replace(IDENTITY, weight_scale=2.5)))
    assert any(question in m.value for m in app.markdown), "the question follows the released w"
    halved = display.number(claims.halving(2.5, claims.HEADLINE_DEPTH)["halved"], 6)
    assert not any(halved in m.value for m in [*app.markdown, *app.success]), "the halved gain only in the reveal"


@pytest.mark.parametrize("w", ["5", "5.2", "5.5", "6"])
def test_the_measured_gain_and_w_to_the_l_show_the_same_digits(w):
    """At /exploding?weight_scale=5.2 the gain read "14,455,505" beside wᴸ "1.44555e+07": above
    2²³ every float32 is a whole number, so the measured gain printed 8 digits of a value float32
    holds to about 7 (5.2¹⁰ = 14,455,510.8), and the two metrics read as different numbers. A whole
    number is spelled out only when the measurement is exactly wᴸ (5¹⁰ = 9,765,625; 6¹⁰)."""
    metrics = open_exploding(weight_scale=w).metric
    assert metrics[0].value == metrics[1].value, (w, metrics[0].value, metrics[1].value)
    assert (metrics[0].value == "9,765,625") == (w == "5")
