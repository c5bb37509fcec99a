"""Every relation the Exploding gradients page states, computed at the stated settings.

Each test names the sentence (text key) it backs. The training tests run the
demo's own nets (about a second each); they are what the page does not
compute before its Train button.
"""

from __future__ import annotations

import json
import math
from dataclasses import replace

import numpy as np
import pytest
import torch

from core import NetSpec, probe_gradients, theory, train_mlp
from core.claims import exploding as claims
from core.probe import grad_theory
from core.train import gradient_at_init, training_data, training_net
from tests.test_pages import run_page
from ui.i18n import LANGUAGES
from ui.presets import PRESETS


def depth_chart(activation: str, init: str, weight_scale: float, depth: int = claims.HEADLINE_DEPTH):
    spec = NetSpec(depth=depth, width=claims.PROBE_WIDTH, activation=activation, init=init, weight_scale=weight_scale)
    probe = probe_gradients(spec)
    measured, curve = claims.with_input_layer(spec, probe, grad_theory(spec, probe))
    gain = float(probe["in_grad_norm"].iloc[0] / probe["out_grad_norm"].iloc[-1])
    return measured, curve, gain


# --- exploding.intro ------------------------------------------------------------------
def test_activation_derivatives_peak_at_about_one():
    peaks = claims.activation_peaks()
    assert peaks["sigmoid"] == 0.25 and peaks["tanh"] == 1.0 and peaks["relu"] == 1.0
    assert 1.0 < peaks["gelu"] < 1.15  # "at most about 1"
    assert max(peaks.values()) < 1.15


@pytest.mark.parametrize("code", sorted(LANGUAGES))
def test_intro_states_every_peak_in_both_languages(code):
    text = LANGUAGES[code]["exploding.intro"].format(**claims.activation_peaks())
    assert all(value in text for value in ("0.25", "1.13")), text


# --- explosion through depth: metric, chart, notice, presets five_to_ten / half_to_ten ----------
def test_five_to_the_ten_is_exact_and_is_the_charts_leftmost_point():
    measured, (kind, curve), gain = depth_chart("linear", "scaled_identity", claims.HEADLINE_W)
    assert gain == 5.0**10 == claims.headline()["gain"]
    assert kind == "power"
    assert measured["layer"].iloc[0] == 0 and measured["grad_norm"].iloc[0] == gain  # the chart's top point is the headline
    assert curve["layer"].iloc[0] == 0 and curve["grad_norm"].iloc[0] == gain  # and the theory line agrees
    assert measured["grad_norm"].max() == gain


def test_half_to_the_ten_vanishes_toward_the_input():
    measured, _, gain = depth_chart("linear", "scaled_identity", claims.SMALL_W)
    assert gain == 0.5**10 == claims.headline()["small_gain"]
    assert np.all(np.diff(measured["grad_norm"]) > 0)  # shrinks toward the input (layer 0)


@pytest.mark.parametrize(("activation", "init"), [("linear", "scaled_identity"), ("tanh", "normal"), ("relu", "normal")])
def test_input_and_first_layers_get_the_largest_gradients(activation, init):
    """exploding.notice: "The input and the first layers get the largest gradients", at the page's w = 5, depth 10."""
    measured, (_, curve), gain = depth_chart(activation, init, claims.HEADLINE_W)
    assert np.all(np.diff(measured["grad_norm"]) < 0)
    assert measured["grad_norm"].iloc[0] == pytest.approx(gain)  # the loss's gradient has RMS 1
    # the layer-0 theory (x w) agrees with the measurement as well as layer 1's does
    ratio = lambda i: measured["grad_norm"].iloc[i] / curve["grad_norm"].iloc[i]  # noqa: E731
    assert ratio(0) == pytest.approx(ratio(1), rel=0.05)
    assert 0.7 < ratio(0) < 1.3


def test_halving_divides_by_two_per_layer():
    halving = claims.halving(claims.HEADLINE_W, claims.HEADLINE_DEPTH)
    assert halving["factor"] == 1024
    assert claims.scaled_identity_gain(claims.HEADLINE_W / 2, claims.HEADLINE_DEPTH) == halving["halved"] == 2.5**10


def test_math_section_shows_the_measured_gain():
    assert claims.math_product() == r"5^{10} = 9\,765\,625"


# --- the matrix lab: power_note, eigen_note, notice, preset article_matrix ------------------------
@pytest.mark.parametrize(("matrix", "vector"), [(claims.DEFAULT_MATRIX, claims.DEFAULT_VECTOR), (claims.ARTICLE_MATRIX, claims.ARTICLE_VECTOR)])
def test_power_norms_follow_the_radius_and_never_beat_the_sigma_bound(matrix, vector):
    lines = claims.power_lines(matrix, vector, 40)  # the slider's largest k
    assert np.all(lines["measured"] <= lines["sigma"] * (1 + 1e-12))
    assert lines["measured"][-1] / lines["radius"][-1] == pytest.approx(1.0, rel=1e-6)


def test_sigma_and_radius_differ_only_for_a_matrix_that_is_not_normal():
    """power_note: "They differ when W is not symmetric (more precisely, not normal)"."""
    symmetric = np.array([[2.0, 1.0], [1.0, -3.0]])
    assert theory.singular_values(symmetric)[0] == pytest.approx(abs(theory.eigenvalues(symmetric)[0]))
    w = np.array(claims.DEFAULT_MATRIX)
    assert not np.allclose(w @ w.T, w.T @ w)
    assert theory.singular_values(w)[0] > abs(theory.eigenvalues(w)[0])


def test_default_matrix_draws_three_different_curves():
    """The default W is not normal: the three curves must visibly differ."""
    facts = claims.default_matrix()
    lines = claims.power_lines(claims.DEFAULT_MATRIX, claims.DEFAULT_VECTOR, claims.DEFAULT_POWERS)
    assert facts["sigma"] > 1.5 * facts["lam"] > 1
    assert facts["lam"] < facts["first_step"] < facts["sigma"]  # a transient faster than |lambda_max|
    assert lines["radius"][0] / lines["measured"][0] >= 1.5  # measured and radius apart at first ...
    assert facts["settled"] == pytest.approx(1.0, rel=1e-3)  # ... together after k steps
    assert facts["gap"] > 100  # and the bound far above both


def test_the_articles_matrix():
    facts = claims.article_matrix()
    assert facts["matrix"] == "[[2, 3], [4, 5]]"
    assert (facts["trace"], facts["disc"]) == (7.0, 57.0)
    assert facts["l1"] == pytest.approx((7 + math.sqrt(57)) / 2) and facts["l2"] == pytest.approx((7 - math.sqrt(57)) / 2)
    assert not np.allclose(sorted([facts["l1"], facts["l2"]]), [1, 7], atol=0.1)  # not 7 and 1
    assert facts["s1"] == pytest.approx(7.343, abs=5e-4) and facts["s2"] == pytest.approx(0.272, abs=5e-4)
    assert 1 < facts["spread"] < 1.2  # its three curves almost coincide


# --- the training net at initialisation: train_caption, train_scale_help ----------------------
def test_gradient_at_init_is_that_of_the_net_train_mlp_trains():
    spec = claims.training_spec(2.0)
    plain, _ = claims.training_configs(claims.DIVERGENCE["lr"], 1.0)
    net = training_net(spec)
    x, _, target, loss_fn = training_data(plain)
    loss_fn(net(x).squeeze(-1), target).backward()
    total = float(torch.nn.utils.get_total_norm([p.grad for p in net.parameters()]))
    step_one = train_mlp(spec, replace(plain, steps=1)).history["param_grad_norm_before"].iloc[0]
    assert total == pytest.approx(step_one, rel=1e-6)
    # and it is not the square probe net's (64 inputs, other weights): the old caption's number
    probe = probe_gradients(spec)
    assert claims.init_gradient_ratio(2.0) != pytest.approx(probe["grad_norm"].iloc[0] / probe["grad_norm"].iloc[-1], rel=0.05)
    grads = gradient_at_init(spec, plain)
    assert list(grads["layer"]) == list(range(spec.depth + 1))


def test_growth_through_depth_starts_at_the_stated_scale():
    low, high, step = claims.TRAIN_SCALE_RANGE
    scales = np.round(np.arange(low, high + step / 2, step), 1)
    ratios = [claims.init_gradient_ratio(float(w)) for w in scales]
    assert np.all(np.diff(ratios) > 0)  # rises with w over the whole slider
    onset = claims.growth_onset()
    assert claims.init_gradient_ratio(onset - 0.01) < 1 < claims.init_gradient_ratio(onset + 0.01)
    assert claims.init_gradient_ratio(claims.DIVERGENCE["train_scale"]) < 1  # at w = 1 the first layer receives less
    assert claims.init_gradient_ratio(claims.DEEP_W) > 10  # at w = 3 it "grows toward the first layer"


def test_baseline_is_predicting_the_targets_mean():
    facts = claims.baseline(claims.training_configs(0.3, 1.0)[0])
    assert facts["mean"] == 0.0 and facts["mse"] == 1.0  # balanced +-1 targets


# --- training: notice, depth_vs_step, presets divergence / deep_explosion, no_event -----------------
@pytest.fixture(scope="module")
def outcomes():
    d = claims.DIVERGENCE
    return {
        "default": claims.training_outcomes(d["train_scale"], d["lr"], d["clip_threshold"]),
        ("w1", "safe"): claims.training_outcomes(d["train_scale"], claims.SAFE_LR),
        ("w3", "safe"): claims.training_outcomes(claims.DEEP_W, claims.SAFE_LR),
        ("w1", "risky"): claims.training_outcomes(d["train_scale"], claims.RISKY_LR),
        ("w3", "risky"): claims.training_outcomes(claims.DEEP_W, claims.RISKY_LR),
    }


def test_default_run_climbs_until_it_overflows_and_clipping_learns(outcomes):
    """depth_vs_step, notice, preset divergence: at the critical scale w = 1 (chi_1 = 1) and learning rate 0.3."""
    assert theory.chi1("tanh", claims.DIVERGENCE["train_scale"], 0.0) == pytest.approx(1.0)
    run = outcomes["default"]
    loss = run["plain"].history["loss"].to_numpy()
    assert run["plain_overflow"] is not None
    assert np.all(np.diff(loss[-10:]) > 0) and loss[-1] / loss[0] > 1e30  # climbs step after step
    assert run["clipped_overflow"] is None
    assert run["clipped"].final_loss < run["baseline"]  # ends below always predicting the mean


def test_clipping_bounds_each_step_not_the_backpropagated_gradient(outcomes):
    clipped = outcomes["default"]["clipped"].history
    threshold = claims.DIVERGENCE["clip_threshold"]
    assert (clipped["param_grad_norm_after"] <= threshold * (1 + 1e-5)).all()
    assert (clipped["param_grad_norm_before"] > threshold).any()  # the gradient itself is not bounded


def test_a_smaller_learning_rate_removes_divergence(outcomes):
    for key in [("w1", "safe"), ("w3", "safe")]:
        assert outcomes[key]["plain_overflow"] is None and outcomes[key]["clipped_overflow"] is None, key


def test_explosion_through_depth_is_not_divergence(outcomes):
    """notice: at w = 3 and the safe rate it trains, to a lower loss than w = 1; at the risky rate both overflow.
    preset deep_explosion: both runs far below the baseline."""
    deep, shallow = outcomes[("w3", "safe")], outcomes[("w1", "safe")]
    assert deep["plain"].final_loss < shallow["plain"].final_loss
    assert deep["plain"].final_loss < 0.1 * deep["baseline"] and deep["clipped"].final_loss < 0.1 * deep["baseline"]
    assert outcomes[("w1", "risky")]["plain_overflow"] is not None and outcomes[("w3", "risky")]["plain_overflow"] is not None


def test_the_largest_learning_rate_overflows_at_every_weight_scale():
    """no_event: "Raise the learning rate to make it overflow" must be possible from any setting."""
    low, high, step = claims.TRAIN_SCALE_RANGE
    for w in np.round(np.arange(low, high + step / 2, step), 1):
        plain, _ = claims.training_configs(max(claims.LEARNING_RATES), 1.0)
        assert train_mlp(claims.training_spec(float(w)), plain).overflow is not None, w


# --- presets and the page ---------------------------------------------------------------------------
def test_presets_use_the_settings_the_text_names():
    presets = {preset.key: preset.values for preset in PRESETS["exploding"]}
    assert presets["five_to_ten"] == {"network": "identity", "weight_scale": 5.0, "depth": 10}
    assert presets["half_to_ten"]["weight_scale"] == 0.5
    assert presets["article_matrix"] == {"w11": 2.0, "w12": 3.0, "w21": 4.0, "w22": 5.0, "x1": 1.0, "x2": 1.0}
    assert presets["divergence"] == {"train_scale": 1.0, "lr": 0.3, "clip_threshold": 1.0}
    assert presets["deep_explosion"] == {"train_scale": 3.0, "lr": 0.01, "clip_threshold": 1.0}


def test_page_waits_for_its_train_button_then_shows_the_learning_against_a_baseline():
    from ui import compute

    compute._runs.clear()
    app = run_page("pages/exploding.py")
    assert not app.exception
    assert len(app.get("vega_lite_chart")) == 2, "training must wait for its button"
    assert any("Predict first" in info.value for info in app.info)
    app.button(key="_train_start").click().run()
    assert not app.exception
    assert len(app.get("vega_lite_chart")) == 4
    loss_chart = app.get("vega_lite_chart")[2].proto
    y_scale = json.loads(loss_chart.spec)["layer"][1]["encoding"]["y"]["scale"]
    assert y_scale["domain"][0] == 0 and y_scale["domain"][1] < 3, "the loss axis is cut to the useful range"
    assert "rules" in [dataset.name for dataset in loss_chart.datasets], "the baseline is drawn"
    assert any("below the 1.000 of always predicting 0" in error.value for error in app.error)
