"""Every relation the Remedies page's text states, computed at the settings
it names (core.claims.remedies; the strings are remedies.*,
preset.remedies.*, predict.remedies.* in ui/lang)."""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
import pytest
import torch

from core import NetSpec, build_mlp, isometry, probe_gradients, theory, train_mlp
from core.claims import remedies as claims
from core.claims.remedies import BROKEN, BROKEN_TRAINING, DEPTH, remedied, remedied_training
from core.phase import phase_diagram
from core.train import clip_gradients
from tests.test_pages import run_page
from ui.i18n import LANGUAGES
from ui.presets import PRESETS

LN2 = math.log(2.0)
# the isometry section's own fields (pages/remedies.py formats them in from compute.isometry_view)
ISOMETRY_PAGE_FIELDS = ("depth", "width", "gauss", "orth", "floor", "g_min", "g_max", "g_within", "g_mean", "o_min", "o_max", "o_within", "o_mean", "theory_mean")
SPEC_KEYS, TRAINING_KEYS = ("activation", "init", "norm", "residual"), ("optimizer", "lr", "clipping")


@pytest.fixture(scope="module")
def text():
    return claims.text_claims()


@lru_cache(maxsize=None)
def trained(spec: NetSpec, config=BROKEN_TRAINING):
    return train_mlp(spec, config)


def preset(key: str):
    """(spec, training config) that a Remedies preset sets, through the page's own builders."""
    values = next(p.values for p in PRESETS["remedies"] if p.key == key)
    assert set(values) <= set(SPEC_KEYS + TRAINING_KEYS)
    return (remedied(**{k: v for k, v in values.items() if k in SPEC_KEYS}),
            remedied_training(**{k: v for k, v in values.items() if k in TRAINING_KEYS}))


def test_every_remedies_string_formats_with_the_computed_fields(text):
    """The static texts take their numbers from text_claims() (the page adds
    its own few: steps, nets, activation, ratio, value, step, error, worst, and the
    questions' question, loss, broken, sigma_b, low, high)."""
    page_fields = dict(steps=1, nets=1, activation="tanh", ratio="1×", value=1.0, step=1, error=0.1, worst=0.2,
                       question="?", loss=0.5, broken=0.7, sigma_b=0.0, low=0.5, high=1.0)
    phase = claims.phase_theory_claims("relu") | claims.phase_measured_claims(phase_diagram("relu", 3, [1.0, 2.0], [0.0], width=8))
    isometry = claims.isometry_claims() | claims.isometry_preset() | dict.fromkeys(ISOMETRY_PAGE_FIELDS, 0.5)
    for strings in LANGUAGES.values():
        for key, string in strings.items():
            if key.startswith(("remedies.", "preset.remedies.", "predict.remedies.")):
                string.format(**(text | page_fields | phase | isometry))  # a KeyError names a field nothing computes


# --- intro, notice ---------------------------------------------------------------------------------
def test_the_broken_net_passes_its_first_layer_almost_no_gradient(text):
    assert text["broken_ratio"] < 1e-15
    assert text["chance"] == pytest.approx(0.6931, abs=1e-4)
    result = trained(BROKEN)
    assert abs(result.final_loss - LN2) < 1e-3 and result.history["loss"].min() > LN2 - 1e-3  # stays at chance


def test_relu_alone_still_halves_the_squared_gradient_and_he_init_makes_it_flow(text):
    """Notice: ReLU alone raises the ratio but chi_1 = sigma_w^2 / 2 = 1/2; He init: chi_1 = 1."""
    assert text["broken_ratio"] < text["relu_ratio"] < 1e-3
    assert text["xavier_relu"] == pytest.approx(0.5, abs=1e-12) and text["he_relu"] == pytest.approx(1.0, abs=1e-12)
    assert text["he_sigma_w2"] == 2.0 and text["xavier_sigma_w2"] == 1.0
    assert 0.1 < text["he_ratio"] < 10


@pytest.mark.parametrize("lr", [0.001, BROKEN_TRAINING.lr, 1.0])
def test_adam_alone_at_any_learning_rate_leaves_the_broken_net_at_chance(lr):
    """Notice: switch only the optimiser to Adam: the broken net still does not learn, layer 1 does not move."""
    result = trained(BROKEN, remedied_training("adam", lr))
    assert abs(result.final_loss - LN2) < 1e-3
    assert result.weight_change["weight_change"].iloc[0] == 0.0


def test_the_broken_caption_and_which_remedies_change_the_gradient(text):
    """broken_caption names the broken net's settings; the intro: activation, init, normalisation and skips
    change the gradient, clipping, optimiser and learning rate only the step (they are not in the NetSpec)."""
    assert (BROKEN.depth, BROKEN.activation, BROKEN.init, BROKEN.weight_scale, BROKEN.norm, BROKEN.residual) == (text["depth"], "sigmoid", "normal", 1.0, "none", False)
    assert (BROKEN_TRAINING.optimizer, BROKEN_TRAINING.lr, BROKEN_TRAINING.clip) == ("sgd", text["lr"], "none")
    for change in (dict(activation="relu"), dict(init="he_normal"), dict(norm="batch"), dict(residual=True)):
        assert claims.ratio(remedied(**change)) != text["broken_ratio"], change
    assert remedied_training("adam", 1.0, True).clip_threshold == text["threshold"]


# --- the table -----------------------------------------------------------------------------------------
def test_activation_row_small_derivatives_not_saturation_and_explosion_from_the_weights(text):
    assert text["sigmoid_peak"] == 0.25 and text["tanh_peak"] == 1.0 and text["relu_peak"] == 1.0 and text["relu_low"] == 0.0
    assert 1.1 < text["gelu_peak"] < 1.15
    broken = probe_gradients(BROKEN)
    assert broken["saturated_frac"].max() < 0.01  # unsaturated sigmoid layers, yet the gradient vanishes
    # Explosion from the weights: tanh' <= 1 everywhere, yet large weights make the gradient grow toward the input.
    assert claims.ratio(NetSpec(depth=20, width=64, activation="tanh", weight_scale=2.5)) > 10
    assert claims.ratio(NetSpec(depth=20, width=64, activation="tanh", weight_scale=0.5)) < 0.1


def test_init_row_matched_inits_are_critical_mismatched_are_not(text):
    assert text["xavier_tanh"] == pytest.approx(1.0, abs=1e-9)
    assert abs(text["xavier_relu_measured"] - text["xavier_relu"]) < 0.15 * text["xavier_relu"]  # measured 0.456
    assert text["xavier_sigmoid"] < 0.1
    # orthogonal with gain 1 has the same sigma_w as Xavier on square layers: each row of W has unit norm.
    weight = build_mlp(remedied("tanh", "orthogonal")).blocks[1].linear.weight
    assert torch.allclose(weight.pow(2).sum(dim=1), torch.ones(weight.shape[0]), atol=1e-5)
    # Even on chi_1 = 1 the finite tanh net's gradient shrinks, measured and in theory.
    assert text["xavier_tanh_ratio"] < 0.5 and text["xavier_tanh_theory"] < 0.5


@pytest.mark.parametrize(("batch", "yang"), [(8, 1.79), (32, 1.52), (128, 1.48)])
def test_batchnorm_row_growth_per_layer_matches_yang_et_al(batch, yang):
    """Yang et al. 2019 (ReLU, BatchNorm, width -> inf): 1.79, 1.52, 1.48 at batch 8, 32, 128. Width 128
    measures 1.75, 1.51, 1.46 (width 256: 1.81, 1.51, 1.46): within 0.05, the finite-width spread."""
    assert claims.batchnorm_growth(batch) == pytest.approx(yang, abs=0.05)


def test_batchnorm_row_the_page_batch_grows_faster_than_the_limit(text):
    assert text["batch"] == 32 and text["bn_limit"] == pytest.approx(math.pi / (math.pi - 1))
    assert text["bn_growth"] > text["bn_limit"] > 1


def test_residual_row_unscaled_skips_grow_toward_the_input_and_scaling_helps(text):
    """Depends on core.nets' residual block: recomputed, never typed."""
    assert text["residual_growth"] > 1
    assert text["scaled_growth"] < text["residual_growth"]
    assert text["alpha"] == pytest.approx(1 / math.sqrt(DEPTH))


def test_clipping_row_scales_every_layer_by_the_same_factor():
    net = build_mlp(BROKEN, in_features=2, out_features=1)
    x = torch.randn(64, 2, generator=torch.Generator().manual_seed(0))
    net(x).pow(2).mean().backward()
    params = [p for p in net.parameters()]
    before = torch.stack([b.linear.weight.grad.double().norm() for b in net.blocks])
    total, after_total = clip_gradients(params, "norm", 1e-3)
    after = torch.stack([b.linear.weight.grad.double().norm() for b in net.blocks])
    assert total > 1e-3 and after_total == pytest.approx(1e-3, rel=1e-4)
    shares_before, shares_after = before / before[-1], after / after[-1]
    assert torch.allclose(shares_before, shares_after, rtol=1e-5)  # layer 1's share is as small as before


def test_adam_row_a_gradient_far_below_epsilon_gives_almost_no_step(text):
    assert text["adam_eps"] == 1e-8 == torch.optim.Adam([torch.zeros(1, requires_grad=True)]).defaults["eps"]
    layer_grads = trained(BROKEN).layer_grads
    assert text["broken_first_grad"] == pytest.approx(layer_grads.loc[(layer_grads["step"] == 1) & (layer_grads["layer"] == 1), "weight_grad_norm"].iloc[0], rel=1e-6)
    assert text["broken_first_grad"] < 1e-6 * text["adam_eps"]
    # A gradient of exactly 0 gives no step at all.
    weight = torch.ones(3, requires_grad=True)
    optimiser = torch.optim.Adam([weight], lr=0.1)
    weight.grad = torch.zeros(3)
    optimiser.step()
    assert torch.equal(weight.detach(), torch.ones(3))


def test_learning_rate_row_a_smaller_step_does_not_fix_vanishing():
    result = trained(BROKEN, remedied_training(lr=0.01))
    assert abs(result.final_loss - LN2) < 1e-3


# --- presets ----------------------------------------------------------------------------------------
def test_preset_he_fix(text):
    """The gradient reaches layer 1 again; trained, the loss goes below chance
    (the broken net's stays there), unsteadily with plain SGD."""
    spec, config = preset("he_fix")
    assert config == BROKEN_TRAINING and spec == remedied("relu", "he_normal")
    assert claims.ratio(spec) == text["he_ratio"] and 0.1 < text["he_ratio"] < 10
    loss = trained(spec, config).history["loss"]
    assert loss.min() < LN2 - 0.05
    assert loss.iloc[-1] - loss.min() > 0.05  # unsteady: it climbs back


def test_preset_adam_only(text):
    spec, config = preset("adam_only")
    assert spec == BROKEN and config.optimizer == "adam" and config.lr == text["adam_lr"]
    assert probe_gradients(spec).equals(probe_gradients(BROKEN))  # the gradient chart is identical
    result = trained(spec, config)
    assert abs(result.final_loss - LN2) < 1e-3  # stays at chance
    change = result.weight_change.set_index("layer")["weight_change"]
    assert change[1] == 0.0 and change[DEPTH] > 0.01  # the first layer does not move at all, the last does
    assert text["broken_spread"] < 1e-6  # the input barely reaches the last layers


def test_preset_batchnorm(text):
    spec, config = preset("batchnorm")
    assert spec == remedied(norm="batch") and config == BROKEN_TRAINING
    assert text["bn_ratio"] > 0.1 and text["broken_ratio"] < 1e-15
    assert 0.8 < text["bn_factor"] < 1 and text["broken_factor"] < 0.1
    assert trained(spec, config).final_loss < trained(BROKEN).final_loss - 0.1


def test_preset_everything_flows_and_learns_the_spirals(text):
    spec, config = preset("everything")
    assert config.lr == text["adam_lr"] and spec.residual_scale == pytest.approx(text["alpha"])
    assert claims.ratio(spec) == text["everything_ratio"] and 0.1 < text["everything_ratio"] < 10
    result = trained(spec, config)
    assert result.history["accuracy"].iloc[-1] >= 0.95
    assert result.final_loss < 0.1 * trained(BROKEN).final_loss


# --- the phase diagram ------------------------------------------------------------------------------
@pytest.mark.parametrize("depth", claims.PHASE_DEPTHS)
def test_tanh_changes_colour_near_the_finite_depth_line_not_on_chi1_one(depth):
    grid = phase_diagram("tanh", depth, claims.PHASE_SIGMA_W, [0.0], claims.PHASE_WIDTH)
    found = claims.phase_theory_claims("tanh", depth) | claims.phase_measured_claims(grid)
    assert found["lines_apart"] and found["critical"] == pytest.approx(1.0, abs=1e-9) and found["q_star"] == 0.0
    assert abs(found["measured"] - found["finite"]) < abs(found["measured"] - found["critical"])
    assert found["on_line"] < 1 and found["on_line_theory"] < 1  # on chi_1 = 1 the gradient still shrinks
    assert abs(found["finite_top"] - found["critical_top"]) < abs(found["finite"] - found["critical"])  # lines draw together
    # Near the edge of chaos the gradient changes least: the cell closest to ratio 1 lies near the finite-depth line.
    nearest = grid.loc[grid["log10_ratio"].abs().idxmin(), "sigma_w"]
    assert abs(nearest - found["finite"]) <= 0.25


def test_tanh_variance_approaches_q_star_zero_like_one_over_n():
    profile = theory.variance_profile("tanh", 1.0, 0.0, 2000)
    assert profile[999] * 1000 == pytest.approx(profile[1999] * 2000, rel=0.01)  # n q_n -> constant (1/2)


def test_the_default_depth_numbers_the_issue_quotes():
    found = claims.phase_theory_claims("tanh", 20)
    assert found["finite"] == pytest.approx(1.29, abs=0.01)
    assert found["on_line"] == pytest.approx(0.24, abs=0.01)


def test_relu_lines_coincide_and_the_measured_change_is_near_them():
    grid = phase_diagram("relu", 20, claims.PHASE_SIGMA_W, claims.PHASE_SIGMA_B, claims.PHASE_WIDTH)
    found = claims.phase_theory_claims("relu", 20) | claims.phase_measured_claims(grid)
    assert not found["lines_apart"] and found["critical"] == pytest.approx(math.sqrt(2), abs=1e-12)
    assert found["phi_slope"] == pytest.approx(0.5, abs=1e-12) and theory.derivative_second_moment("relu", 0.01) == pytest.approx(0.5, abs=1e-12)  # at every q
    assert found["critical"] - 0.1 < found["measured_low"] <= found["measured_high"] < found["critical"] + 0.1


@pytest.mark.parametrize("activation", claims.PHASE_ACTIVATIONS)
@pytest.mark.parametrize("depth", claims.PHASE_DEPTHS)
def test_the_phase_reveal_below_the_sign_change_less_above_it_more(activation, depth):
    """predict.remedies.phase_answer: on the bottom row (sigma_b = 0) layer 1 gets less
    gradient than the last layer at every sigma_w below the measured sign change, and
    at least as much above it; and the change lies in one of the question's ranges
    (measured 1.19-1.39 for tanh, 1.40-1.46 for ReLU: the range 1 to 1.5)."""
    row = phase_diagram(activation, depth, claims.PHASE_SIGMA_W, [claims.PHASE_SIGMA_B[0]], claims.PHASE_WIDTH)
    measured = claims.phase_measured_claims(row)["measured"]
    assert (row.loc[row["sigma_w"] < measured, "log10_ratio"] < 0).all()
    assert (row.loc[row["sigma_w"] > measured, "log10_ratio"] >= 0).all()
    assert claims.phase_guess_range(measured) is not None


def test_the_phase_question_ranges_cut_the_grid_without_gaps():
    ranges = claims.phase_guess_ranges()
    assert len(ranges) == claims.PHASE_GUESS_RANGES
    assert ranges[0][0] == claims.PHASE_SIGMA_W[0] and ranges[-1][1] == claims.PHASE_SIGMA_W[-1]
    assert all(high == next_low for (_, high), (next_low, _) in zip(ranges, ranges[1:]))
    assert [claims.phase_guess_range(w) for w in (ranges[0][0], ranges[0][1], ranges[1][0] + 1e-9)] == [0, 0, 1]
    assert claims.phase_guess_range(math.nan) is None and claims.phase_guess_range(ranges[-1][1] + 1) is None


# --- the page's metrics ------------------------------------------------------------------------------
def _metrics(app):
    return {m.label: m for m in app.metric}


def test_the_ratio_delta_is_the_change_on_screen_and_green_when_closer_to_one(text):
    app = run_page("pages/remedies.py")
    label = f"Layer 1 ÷ layer {DEPTH}"
    assert not _metrics(app)[label].delta, "the broken net against itself: no delta"
    app.selectbox(key="activation").set_value("relu")
    app.selectbox(key="init").set_value("he_normal").run()
    metric = _metrics(app)[label]
    assert metric.value == f"{text['he_ratio']:.3g}×"
    assert metric.delta == f"{math.log10(text['he_ratio'] / text['broken_ratio']):+.1f} decades vs broken"
    assert "color: GREEN" in str(metric.proto)  # closer to 1 than the broken net


def test_no_delta_where_the_trained_numbers_do_not_change():
    """Adam alone: loss and accuracy end where the broken net's do, so no arrow."""
    app = run_page("pages/remedies.py")
    app.selectbox(key="optimizer").set_value("adam")
    app.select_slider(key="lr").set_value(0.01).run()
    app.button(key="_train_start").click().run()
    assert not app.exception
    metrics = _metrics(app)
    assert metrics["Final training loss"].value == f"{LN2:.3g}"
    assert not metrics["Final training loss"].delta and not metrics["Final accuracy"].delta


# --- dynamical isometry ------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def iso():
    return claims.isometry_claims()


def test_isometry_caption_every_net_is_critical(iso):
    """tanh on the chi_1 = 1 line (sigma_w just above 1, sigma_b just above 0), He's sigma_w^2 = 2 for ReLU."""
    assert iso["tanh_chi"] == pytest.approx(1.0, abs=1e-12)
    assert 1.0 < iso["tanh_w"] < 1.05 and 0.0 < iso["tanh_b"] < 0.01
    assert iso["relu_w2"] == pytest.approx(2.0) and theory.chi1("relu", math.sqrt(iso["relu_w2"]), 0.0) == pytest.approx(1.0)


@pytest.mark.parametrize("activation", claims.ISO_ACTIVATIONS)
def test_isometry_note_theory_mean_is_one_for_both_inits(activation):
    """"Theory's E[lambda] is ... for both: criticality fixes the mean" at every depth of the slider."""
    for depth in claims.ISO_DEPTHS:
        view = claims.isometry_view(activation, depth, claims.ISO_WIDTHS[0])
        assert view["normal"]["theory"][0] == view["orthogonal"]["theory"][0] == pytest.approx(1.0, abs=1e-6)


def test_isometry_point_orthogonal_tanh_stays_near_one_gaussian_spreads(iso):
    assert iso["tanh_orth_within"] > 0.9 and iso["tanh_gauss_within"] < 0.1
    assert iso["tanh_gauss_var"] > 100 * iso["tanh_orth_var"]
    assert iso["tanh_orth_var"] == pytest.approx(iso["tanh_orth_theory"], rel=0.15)  # one draw at width 128 (tests/test_core_isometry.py: 8 draws)
    assert iso["tanh_gauss_var"] == pytest.approx(iso["tanh_gauss_theory"], rel=0.5)


@pytest.mark.parametrize("activation", claims.ISO_ACTIVATIONS)
def test_isometry_point_gaussian_spread_grows_in_proportion_to_depth(activation):
    """Var(lambda) with Gaussian weights is at least GAUSSIAN_EXCESS x depth and doubles with depth (theory)."""
    for depth in (10, 50):
        variance = isometry.free_moments(activation, "normal", depth)[1]
        assert variance >= isometry.GAUSSIAN_EXCESS * depth * (1 - 1e-9)
        assert isometry.free_moments(activation, "normal", 2 * depth)[1] == pytest.approx(2 * variance, rel=0.02)


def test_isometry_point_tanh_adds_little_relu_switches_half_its_units_off(iso):
    assert iso["tanh_excess"] < 0.01 and iso["gaussian_excess"] == 1.0
    assert iso["relu_excess"] == pytest.approx(1.0, abs=1e-9)
    assert isometry.derivative_moments("relu", 1.0)[0] == pytest.approx(0.5, abs=1e-9)  # E[relu'^2]: half the units pass
    assert iso["relu_orth_within"] < 0.1 and iso["relu_orth_var"] > 10 * iso["tanh_orth_var"]


def test_isometry_metric_help_one_gaussian_draw_near_theory_when_shallow_mostly_below_when_deep():
    """Linear Gaussian nets, 8 draws: depth 10 of width 128 lands near the
    theory's L; depth 100 of width 128: most draws well below L, one far
    above, and the exact finite-width average over draws above L."""
    def variances(depth):
        return np.array([isometry.summary(isometry.singular_values(isometry.IsometryConfig(depth, 128, "linear", "normal", seed)))["variance"]
                         for seed in range(8)])

    shallow, deep = variances(10), variances(100)
    assert np.median(shallow) == pytest.approx(10, rel=0.2)
    assert np.median(deep) < 0.5 * 100 and deep.max() > 100
    mean_square, second = isometry.linear_gaussian_moments(100, 128)
    assert second - mean_square > 100


@pytest.mark.parametrize("activation, answer", [("tanh", "orthogonal"), ("linear", "orthogonal"), ("relu", "neither")])
def test_isometry_answer_at_the_default_depth(activation, answer):
    view = claims.isometry_view(activation, claims.ISO_DEPTH, claims.ISO_WIDTH)
    assert view["answer"] == answer
    within = {init: view[init]["stats"]["within"] for init in isometry.ISOMETRY_INITS}
    assert all((share > claims.ISO_MAJORITY) == (answer in (init, "both")) for init, share in within.items())


def test_preset_isometry_deep():
    fields = claims.isometry_preset()
    assert fields["deep_orth_within"] > 0.9 and fields["deep_gauss_within"] < 0.1
    assert fields["deep_gauss_max"] > 5 * fields["deep_orth_max"]
    assert fields["relu_deep_within"] < claims.ISO_MAJORITY  # "neither init keeps ... within the band": not most
    assert next(p.values for p in PRESETS["remedies"] if p.key == "isometry_deep") == claims.ISO_DEEP


def test_isometry_metrics_show_the_measured_spreads():
    app = run_page("pages/remedies.py")
    view = claims.isometry_view("tanh", claims.ISO_DEPTH, claims.ISO_WIDTH)
    metrics = _metrics(app)
    assert metrics["Var λ, Gaussian W"].value == f"{view['normal']['stats']['variance']:.3g}"
    assert metrics["Var λ, orthogonal W"].value == f"{view['orthogonal']['stats']['variance']:.3g}"
