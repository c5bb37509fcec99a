"""The Residual page's depth slider scrubs in the browser, as Vanishing's does
(tests/test_scrub.py): the family chart it ships (compute.residual_family), the numbers
that follow the slider, and the value it reports on release.
tests/browser/test_scrub_browser.py drags it in Chromium."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from core import compare_probe, first_to_last, theory
from core.claims import residual as claims
from core.residual import GRADIENT
from tests.test_scrub import SIGNAL, family_chart, release, scrub_data
from ui import charts, compute, display
from ui.i18n import t
from ui.predict import SKIP_OPTION

ROOT = Path(__file__).resolve().parents[1]
DEPTHS = (2, 100)  # pages/residual.py's
DEFAULT = claims.probe_spec("sigmoid")  # the page's defaults: the first activation, alpha 1, no norm
NET_NAMES = {"plain": "residual.net.plain", "residual": "residual.net.residual"}


@pytest.fixture(autouse=True, scope="module")
def default_family():
    """Computed here, as the server's prefetcher would in idle time (it is off in AppTest)."""
    compute.residual_family(DEFAULT, DEPTHS)


def open_residual(**params: str) -> AppTest:
    app = AppTest.from_file(str(ROOT / "pages/residual.py"), default_timeout=180)
    app.query_params.update({SKIP_OPTION: "true", **params})
    return app.run()


def followers(app: AppTest) -> list[dict]:
    return [json.loads(e.proto.json) for e in app.get("bidi_component") if e.proto.component_name == "gradient_flow_lab.scrub_follow"]


def metric_followers(app: AppTest) -> dict[str, dict]:
    """The metrics' followers by the metric's text key (its labels at depth 2 say which)."""
    keys = ("residual.metric_plain", "residual.metric_residual", "residual.metric_law")
    shipped = [data for data in followers(app) if data["target"] == "metric"]
    return {key: data for key in keys for data in shipped if data["labels"][0] == t(key, depth=DEPTHS[0])}


def test_family_holds_each_depths_probes_and_laws():
    """Every depth's plain and residual stream gradient and both laws, as the page's own
    computation at that depth gives them (compare_probe; the law anchored at the last
    block), values as shipped (the column's dtype); the nets' colours shared by their laws."""
    app = open_residual()
    assert not app.exception, [e.message for e in app.exception]
    spec, tables = family_chart(app)
    assert spec["params"][0]["value"] == claims.DEPTH
    assert spec["params"][0]["bind"] == {"input": "range", "min": DEPTHS[0], "max": DEPTHS[1], "step": 1}
    names = {net: t(key, alpha=1.0) for net, key in NET_NAMES.items()}
    laws = {net: t(f"residual.theory.{net}") for net in names}
    shipped = {name: table for name, table in tables.items() if not name.startswith("_")}
    rows = lambda curve, depth: (  # noqa: E731 - the rows of one curve at one depth, drawn or an event marker
        np.concatenate([table[(table["curve"] == curve) & (table["depth"] == depth)].sort_values("layer")[["layer", GRADIENT]].to_numpy() for table in shipped.values()])
    )
    for depth in (2, 3, 17, claims.DEPTH, 99, 100):
        net = replace(DEFAULT, depth=depth)
        probes = compare_probe(net)
        for name in ("plain", "residual"):
            own = probes[probes["net"] == name]
            measured = rows(names[name], depth)
            measured = measured[np.argsort(measured[:, 0], kind="stable")]
            assert measured[:, 0].tolist() == own["layer"].tolist()
            dtype = tables["measured"][GRADIENT].dtype
            assert np.array_equal(measured[:, 1].astype(dtype), own[GRADIENT].to_numpy().astype(dtype))
            profile = theory.residual_profile(net.activation, net.effective_sigma_w, net.bias_std, depth, net.residual_scale, skip=name == "residual")[1]
            law = rows(laws[name], depth)
            law = law[np.argsort(law[:, 0], kind="stable")]
            assert np.array_equal(law[:, 1].astype(dtype), (float(own[GRADIENT].iloc[-1]) * profile).astype(dtype))
    # One colour per net, its law's too; the laws dashed.
    color = next(layer for layer in spec["layer"] if layer.get("data", {}).get("name") == "measured")["encoding"]["color"]["scale"]
    colour_of = dict(zip(color["domain"], color["range"]))
    assert colour_of[names["plain"]] == colour_of[laws["plain"]] != colour_of[names["residual"]] == colour_of[laws["residual"]]
    assert set(tables["theory"]["curve"]) == set(laws.values())
    # The plain sigmoid net underflows deep down: its zeros are event markers at the depths, nets and blocks of its own probe's.
    events = tables["events"]
    for depth in (2, claims.DEPTH, 100):
        probes = compare_probe(replace(DEFAULT, depth=depth))
        zeros, drawn = probes[probes[GRADIENT] == 0], events[events["depth"] == depth]
        assert sorted(zip(drawn["curve"], drawn["layer"])) == sorted(zip(zeros["net"].map(names), zeros["layer"]))
    assert (events["depth"] == DEPTHS[1]).any()


def test_the_numbers_the_browser_shows_at_each_depth_are_the_servers():
    """Each follower's label and value at depth d are what the server's metric shows when
    the page runs at d, with its formatting (the underflow's word, ×, three figures); the
    α hint too."""
    app = open_residual()
    shipped = metric_followers(app)
    assert len(shipped) == 3 and all(data["signal"] == SIGNAL and data["first"] == DEPTHS[0] for data in shipped.values())
    [hint] = [data for data in followers(app) if data["target"] == "caption"]
    for depth in (2, 13, claims.DEPTH, 100):
        server = open_residual(depth=str(depth))
        for metric, data in zip(server.metric[:3], shipped.values()):
            assert (data["labels"][depth - DEPTHS[0]], data["values"][depth - DEPTHS[0]]) == (metric.label, metric.value)
        assert hint["values"][depth - DEPTHS[0]] in [caption.value for caption in server.caption]
    assert shipped["residual.metric_plain"]["values"][-1] == t("common.underflow_short"), "the deepest plain sigmoid net underflows at block 1"
    assert hint["values"][100 - DEPTHS[0]] == t("residual.alpha_hint", depth=100, value=0.1)


def test_without_a_law_the_law_metric_follows_with_its_dash():
    """With normalisation no law applies: no dashed lines, and the law metric says — at every depth."""
    spec = replace(DEFAULT, norm="layer")
    compute.residual_family(spec, DEPTHS)
    app = open_residual(norm="layer", depth="7")
    assert not app.exception, [e.message for e in app.exception]
    _, tables = family_chart(app)
    assert tables["theory"].empty
    law = metric_followers(app)["residual.metric_law"]
    assert set(law["values"]) == {"—"} and app.metric[2].value == "—"
    residual = metric_followers(app)["residual.metric_residual"]
    assert residual["values"][7 - DEPTHS[0]] == app.metric[1].value
    probes = compare_probe(replace(spec, depth=7))
    assert app.metric[1].value == display.ratio(first_to_last(probes[probes["net"] == "residual"], GRADIENT), t("common.underflow_short"))


def test_release_moves_the_server_depth_and_the_url():
    app = open_residual()
    assert scrub_data(app)["value"] == claims.DEPTH and scrub_data(app)["signal"] == SIGNAL
    app = release(app, 37)
    assert not app.exception, [e.message for e in app.exception]
    assert app.session_state["depth"] == 37 and app.query_params["depth"] == "37"
    assert scrub_data(app)["value"] == 37
    assert family_chart(app)[0] == family_chart(open_residual())[0], "the spec does not follow the depth: the browser keeps the drawn chart"
    assert app.metric[0].label == t("residual.metric_plain", depth=37)
    assert t("residual.alpha_hint", depth=37, value=37 ** -0.5) in [caption.value for caption in app.caption]
    app = release(app, 1)  # the browser's number is bounded on the server
    assert app.session_state["depth"] == DEPTHS[0] and app.query_params["depth"] == str(DEPTHS[0])


def test_a_setting_whose_family_is_not_computed_draws_the_servers_chart_at_once():
    """The family (1-2 s of CPU) is never computed on the page's run: until the server has
    it, the page draws the one-depth chart, and the slider moves it through the server."""
    app = open_residual(activation="tanh", alpha="0.5")
    assert not app.exception, [e.message for e in app.exception]
    assert not [c for c in app.get("vega_lite_chart") if "params" in json.loads(c.proto.spec)], "no family chart"
    assert not [data for data in followers(app) if data["target"] == "metric"], "no metric follows"
    spec = claims.probe_spec("tanh", alpha=0.5)
    assert compute.ready_residual_family(spec, DEPTHS) is None, "and the page's run did not compute it"
    app = release(app, 30)
    assert app.session_state["depth"] == 30 and app.metric[0].label == t("residual.metric_plain", depth=30)


def test_the_points_share_the_lines_depth_filter():
    """The measured points filter by depth exactly as the measured line does, then by
    charts.FAMILY_POINTS_MAX, so that Vega-Lite shares the first filter between them
    (a redraw 0.70x as long: benchmarks/README.md)."""
    spec, _ = family_chart(open_residual())
    line, points = (next(layer for layer in spec["layer"] if layer.get("data", {}).get("name") == "measured" and layer["mark"]["type"] == kind)
                    for kind in ("line", "point"))
    assert points["transform"][0] == line["transform"][0] == {"filter": f"datum.depth == {SIGNAL}"}
    assert points["transform"][1] == {"filter": f"{SIGNAL} <= {charts.FAMILY_POINTS_MAX}"}
