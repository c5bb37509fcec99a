"""ui.netpic.diagram: the data the network picture receives, against probes with known gradients.

A linear net with W = w*I passes dL/dh_L (random signs, RMS 1) back as
dL/dh_i = w^(L-i) * r exactly (core/probe.py), so every log10 and every colour
position is known; at w = 1/2 or 1/4 the powers of two are exact in float32 down to
2^-149 and exactly 0 below (underflow).
"""

import json
import math
from dataclasses import replace
from pathlib import Path
from unittest.mock import patch

import pytest
from streamlit.testing.v1 import AppTest

from core import CELLS, NetSpec, probe_gradients
from core.claims import rnn, vanishing
from ui.i18n import t
from ui.predict import SKIP_OPTION
from ui.netpic import MAX_NODES, MAX_TICKS, STRIP_NODES, VIRIDIS, decades, diagram, viridis

ROOT = Path(__file__).resolve().parents[1]


def identity_probe(w: float, depth: int):
    return probe_gradients(NetSpec(depth=depth, width=16, activation="linear", init="scaled_identity", weight_scale=w))


def from_probe(probe, width=16):
    return diagram(probe["grad_norm"].tolist(), probe["zero_cause"].tolist(), [width] * (len(probe) + 1), probe["saturated_frac"].tolist())


def test_scaled_identity_log10_domain_and_ticks():
    """w = 1/2, depth 10: layer i gets 2^-(10-i); the scale spans 10^-3 (2^-9 = 0.00195) .. 10^0, a label per decade."""
    data = from_probe(identity_probe(0.5, 10))
    logs = [layer["log10"] for layer in data["layers"]]
    assert logs == pytest.approx([-(10 - i) * math.log10(2) for i in range(1, 11)], abs=1e-12)
    assert data["domain"] == [-3, 0]
    assert [tick["label"] for tick in data["ticks"]] == ["10⁻³", "10⁻²", "10⁻¹", "10⁰"]
    assert [tick["position"] for tick in data["ticks"]] == pytest.approx([0, 1 / 3, 2 / 3, 1])
    assert [layer["state"] for layer in data["layers"]] == ["ok"] * 10 and data["states"] == []
    # Layer 10's gradient is 1 = 10^0, the top of the scale: viridis' last (lightest) colour.
    assert data["layers"][-1]["position"] == pytest.approx(1) and data["layers"][-1]["color"] == VIRIDIS[-1]
    assert data["layers"][0]["position"] == pytest.approx(1 - 9 * math.log10(2) / 3)
    assert [layer["saturated"] for layer in data["layers"]] == [0.0] * 10  # a linear net saturates nothing
    assert data["nodes"] == [MAX_NODES] * 11


def test_underflow_flagged_and_left_off_the_scale():
    """w = 1/4, depth 100: layer i gets 2^-2(100-i), exact in float32 down to 2^-149 and 0 below, so layers
    1..25 underflow; the scale spans the rest, 2^-148 = 2.8e-45 .. 1, that is 10^-45 .. 10^0, with at most
    MAX_TICKS labels."""
    data = from_probe(identity_probe(0.25, 100))
    states = [layer["state"] for layer in data["layers"]]
    assert states == ["underflow"] * 25 + ["ok"] * 75
    assert data["layers"][25]["log10"] == pytest.approx(-148 * math.log10(2))
    assert all(layer["value"] == 0 and layer["log10"] is None and layer["color"] is None for layer in data["layers"][:25])
    assert data["states"] == ["underflow"]
    assert data["domain"] == [-45, 0]
    labels = [tick["label"] for tick in data["ticks"]]
    assert labels == ["10⁻⁴²", "10⁻³⁵", "10⁻²⁸", "10⁻²¹", "10⁻¹⁴", "10⁻⁷", "10⁰"] and len(labels) <= MAX_TICKS


def test_non_finite_and_other_zero_causes():
    """inf and NaN are "overflow", exact zeros keep their cause; none of them is on the colour scale."""
    data = diagram([math.inf, math.nan, 0.0, 0.0, 1e-3, 10.0], ["none", "none", "dead", "zero_scale", "none", "none"], [2, 4, 8, 16, 32, 64, 3])
    assert [layer["state"] for layer in data["layers"]] == ["overflow", "overflow", "dead", "zero_scale", "ok", "ok"]
    assert data["layers"][0]["value"] is None and data["layers"][2]["value"] == 0
    assert data["states"] == ["dead", "overflow", "zero_scale"]
    assert data["domain"] == [-3, 1]
    assert data["nodes"] == [2, 4, 8, 8, 8, 8, 3]
    assert diagram([1.0], ["none"], [2, 64], max_nodes=3)["nodes"] == [2, 3]  # a recurrent cell's strip
    assert "saturated" not in data["layers"][0]


def test_no_finite_gradient_and_one_value():
    """Every layer 0: a one-decade scale, nothing on it; a single value 10^-2.5 spans 10^-3 .. 10^-2."""
    assert decades([]) == (0, 1, 1)
    assert diagram([0.0, 0.0], ["underflow"] * 2, [4, 4, 4])["states"] == ["underflow"]
    assert decades([-2.5]) == (-3, -2, 1)
    assert decades([-4.0]) == (-4, -3, 1)


def test_widths_must_match_layers():
    with pytest.raises(ValueError, match="3 values, got 2"):
        diagram([1.0, 1.0], ["none"] * 2, [4, 4])


def test_viridis_lightness_rises():
    """The scale reads in greyscale: the luma of the colour rises with the gradient."""
    def luma(color):
        r, g, b = (int(color[k:k + 2], 16) for k in (1, 3, 5))
        return 0.2126 * r + 0.7152 * g + 0.0722 * b
    colors = [viridis(k / 32) for k in range(33)]
    assert colors[0] == VIRIDIS[0] and colors[-1] == VIRIDIS[-1]
    assert all(luma(a) < luma(b) for a, b in zip(colors, colors[1:]))


def netpic_data(app) -> list[dict]:
    """The data of each network picture a page run drew (BidiComponent.json)."""
    return [json.loads(element.proto.json) for element in app.get("bidi_component") if element.proto.component_name == "gradient_flow_lab.netpic"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_vanishing_page_draws_its_probe(lang):
    """The page runs and its picture carries the probe's gradient at depth 100 (the default sigmoid net),
    with the underflowed layers flagged, in the page's language."""
    app = AppTest.from_file(str(ROOT / "pages/vanishing.py"), default_timeout=180)
    app.query_params.update({SKIP_OPTION: "true", "depth": "100", "lang": lang})
    app.run()
    assert not app.exception, [e.message for e in app.exception]
    [data] = netpic_data(app)
    probe = probe_gradients(replace(vanishing.DEFAULT_SPEC, depth=100))
    assert [layer["value"] for layer in data["layers"]] == probe["grad_norm"].tolist()
    assert data["states"] == ["underflow"] and data["layers"][0]["state"] == "underflow"
    assert data["nodes"] == [MAX_NODES] * 101
    with patch("ui.i18n.current_language", return_value=lang):
        assert data["labels"]["play"] == t("netpic.play") and data["labels"]["states"]["underflow"] == t("common.underflow_short")


def test_rnn_page_unrolls_each_cell_on_one_scale():
    """One strip per cell at the default length, time running left to right: the last state's
    ||dL/dh_T|| is 1 (the loss reads h_T along a unit vector), the strips share one colour scale."""
    app = AppTest.from_file(str(ROOT / "pages/rnn.py"), default_timeout=180)
    app.query_params[SKIP_OPTION] = "true"
    app.run()
    assert not app.exception, [e.message for e in app.exception]
    strips = netpic_data(app)
    assert len(strips) == len(CELLS)
    for data in strips:
        assert len(data["layers"]) == rnn.SEQ_LEN and data["nodes"] == [STRIP_NODES] * (rnn.SEQ_LEN + 1)
        assert data["layers"][-1]["value"] == pytest.approx(1, rel=1e-6)
        assert data["domain"] == strips[0]["domain"]
    assert len({data["layers"][0]["value"] for data in strips}) == len(CELLS)  # the cells keep different gradients at the first step
