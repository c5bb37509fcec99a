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

from core import NetSpec, probe_gradients, products, theory, train_mlp
from core.claims import exploding as claims
from core.probe import grad_theory
from core.train import gradient_at_init, training_data, training_net
from tests.test_pages import chart_data, run_page
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


# --- products of different random matrices: product_note, product_point, metric help, preset newman ----------
def product_tolerance(n: int, steps: int) -> float:
    """4 standard errors of the measured lambda_1: the mean of PRODUCT_SAMPLES x steps i.i.d. ln(s chi_n) (tests/test_core_products.py)."""
    return 4 * math.sqrt(products.log_step_variance(n) / (claims.PRODUCT_SAMPLES * steps))


def test_default_draw_is_the_first_that_grows_while_the_fresh_product_shrinks():
    """The defaults: sigma = 1 gives lambda_1 < 0 (the fresh median falls), and draw PRODUCT_DRAW is the
    first seed whose rho(W) > 1, so its powers grow: the two stories part on the default chart."""
    n, sigma, steps, draw = claims.PRODUCT_N, claims.PRODUCT_SIGMA, claims.PRODUCT_STEPS, claims.PRODUCT_DRAW
    radii = [products.spectral_radius(products.random_matrix(n, sigma, seed)) for seed in range(draw + 1)]
    assert all(r < 1 for r in radii[:-1]) and radii[-1] > 1
    lines = claims.product_lines(n, sigma, steps, draw)
    assert lines["median"][-1] < lines["low"][0] == 0 < lines["single"][-1]


@pytest.mark.parametrize(("n", "sigma", "steps", "draw"), [(claims.PRODUCT_N, claims.PRODUCT_SIGMA, claims.PRODUCT_STEPS, claims.PRODUCT_DRAW),
                                                         (4, 2.0, 200, 0), (1, 1.0, 100, 5), (16, 0.5, 200, 9)])
def test_product_note_measured_exponent_and_slope_match_theory(n, sigma, steps, draw):
    """product_note / the metrics: the measured lambda_1 agrees with Newman's within the samples'
    error; the one W's powers grow at ln rho(W) over the last half of the steps (within 0.02 per step)."""
    lines = claims.product_lines(n, sigma, steps, draw)
    assert abs(lines["measured"] - lines["lyapunov"]) < product_tolerance(n, steps)
    assert lines["theory"][-1] == pytest.approx(steps * products.lyapunov_exponent(n, sigma))
    assert lines["slope"] == pytest.approx(math.log(lines["rho"]), abs=0.02)
    assert np.all(lines["low"] <= lines["median"]) and np.all(lines["median"] <= lines["high"])


def test_eigenvalues_are_the_story_of_one_w():
    """product_point: at sigma_c, lambda_1 = 0 and the fresh product stays level (its measured rate
    within the samples' error of 0 over the slider's most steps), while draws of one W split into
    rho > 1 (powers explode) and rho < 1 (powers vanish); sigma = 1 gives lambda_1 < 0, a shrinking median."""
    facts = claims.radius_spread()
    n, steps = facts["n"], claims.PRODUCT_MAX_STEPS
    assert facts["n"] == claims.PRODUCT_N and products.lyapunov_exponent(n, facts["sigma_c"]) == pytest.approx(0.0, abs=1e-12)
    level = products.running_exponent(products.fresh_products(n, facts["sigma_c"], steps, claims.PRODUCT_SAMPLES))[-1]
    assert abs(level) < product_tolerance(n, steps)
    assert 0.5 < facts["share"] < 0.8 and facts["median"] > 1  # both kinds, most of them growing
    for seed in range(10):  # each kind does what the sentence says
        w = products.random_matrix(n, facts["sigma_c"], seed)
        last = products.repeated_product(w, steps)[-1]
        assert (last > 0) == (products.spectral_radius(w) > 1), seed
    assert facts["at_one"] == products.lyapunov_exponent(n, 1.0) < 0
    assert claims.product_lines(n, 1.0, steps, 0)["median"][-1] < 0


def test_newman_preset():
    """preset newman: entries N(0, 1) for n = 4 (sigma = 2), lambda_1 = 0.558 in its title (computed);
    measured within the samples' error; e^lambda_1 below sigma, the root mean square growth; another
    draw changes rho(W) and nothing of the fresh products."""
    presets = {preset.key: preset for preset in PRESETS["exploding"]}
    assert presets["newman"].values == {"product_n": 4, "product_sigma": 2.0}
    fields = presets["newman"].text_fields()
    assert LANGUAGES["en"]["preset.exploding.newman.name"].format(**fields) == "4×4 N(0, 1): λ₁ = 0.558"
    assert "4×4 N(0, 1)：λ₁ = 0.558" == LANGUAGES["zh"]["preset.exploding.newman.name"].format(**fields)
    assert abs(fields["measured"] - fields["lam"]) < product_tolerance(4, claims.PRODUCT_STEPS)
    assert fields["growth"] < fields["sigma"] == math.sqrt(fields["n"] * fields["variance"])
    one, other = claims.product_lines(4, 2.0, claims.PRODUCT_STEPS, 0), claims.product_lines(4, 2.0, claims.PRODUCT_STEPS, 1)
    assert one["rho"] != pytest.approx(other["rho"], rel=0.01)
    assert one["measured"] == other["measured"] and one["lyapunov"] == other["lyapunov"]


def test_moving_the_scale_and_the_draw():
    """The section's controls: sigma moves every line and metric of the products chart; another draw
    moves the single W's rho(W) and leaves the fresh products' lambda_1 as it was."""
    app = run_page("pages/exploding.py")
    assert not app.exception
    metric = lambda label: next(m.value for m in app.metric if m.label == LANGUAGES["en"][label])  # noqa: E731
    before = chart_data(app)[2], metric("exploding.metric_lyapunov"), metric("exploding.metric_lyapunov_theory"), metric("exploding.metric_radius")
    assert before[2] == f"{products.lyapunov_exponent(claims.PRODUCT_N, claims.PRODUCT_SIGMA):.3f}"
    app.slider(key="product_sigma").set_value(2.0).run()
    assert not app.exception
    assert chart_data(app)[2] != before[0] and metric("exploding.metric_lyapunov_theory") == f"{products.lyapunov_exponent(4, 2.0):.3f}"
    assert metric("exploding.metric_radius") != before[3]
    lyapunov, radius = metric("exploding.metric_lyapunov"), metric("exploding.metric_radius")
    app.slider(key="product_draw").set_value(claims.PRODUCT_DRAW + 1).run()
    assert metric("exploding.metric_lyapunov") == lyapunov and metric("exploding.metric_radius") != radius


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
    assert presets["newman"] == {"product_n": 4, "product_sigma": 2.0}
    assert presets["divergence"] == {"train_scale": 1.0, "lr": 0.3, "clip_threshold": 1.0}
    assert presets["deep_explosion"] == {"train_scale": 3.0, "lr": 0.01, "clip_threshold": 1.0}


def test_page_waits_for_its_train_button_then_shows_the_learning_against_a_baseline():
    from ui import compute

    compute._runs.clear()
    app = run_page("pages/exploding.py")
    assert not app.exception
    assert len(app.get("vega_lite_chart")) == 3, "training must wait for its button"
    assert any("Predict first" in info.value for info in app.info)
    app.button(key="_train_start").click().run()
    assert not app.exception
    assert len(app.get("vega_lite_chart")) == 5
    loss_chart = app.get("vega_lite_chart")[3].proto
    y_scale = json.loads(loss_chart.spec)["layer"][1]["encoding"]["y"]["scale"]
    assert y_scale["domain"][0] == 0 and y_scale["domain"][1] < 3, "the loss axis is cut to the useful range"
    assert "rules" in [dataset.name for dataset in loss_chart.datasets], "the baseline is drawn"
    assert any("below the 1.000 of always predicting 0" in error.value for error in app.error)
