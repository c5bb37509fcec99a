"""Every relation the Home page's text states, computed at its settings.

The page cards (core.claims.home), the chain rule's caption, the worked
chain (core.chain: home.chain.*), and the six myths (core.myths): each
disproof's direction, as myth.<name>.fact says it.
"""

import math

import numpy as np
import pytest
import torch
from torch import nn

from core import NetSpec, build_mlp, myths, probe_gradients, theory, two_spirals
from core.chain import LINKS, SCENARIOS, Z_RANGE, Link, chain_gradients, slope
from core.claims.home import chain_lesson, exploding_headline
from core.train import clip_gradients
from ui.presets import PRESETS


# --- the page cards and the chain rule ------------------------------------------------

def test_exploding_card_quotes_the_headline_the_page_measures():
    """home.card.exploding: "Reproduce w^L = gain exactly", at the Exploding page's five_to_ten preset."""
    preset = next(p.values for p in PRESETS["exploding"] if p.key == "five_to_ten")
    claim = exploding_headline(preset["weight_scale"], preset["depth"])
    assert claim["gain"] == 5.0**10 == 9_765_625
    probe = probe_gradients(NetSpec(depth=preset["depth"], width=64, activation="linear", init="scaled_identity",
                                    weight_scale=preset["weight_scale"]))
    assert probe["in_grad_norm"].iloc[0] / probe["out_grad_norm"].iloc[-1] == claim["gain"]


@pytest.mark.parametrize("spec", [
    NetSpec(depth=10, activation="linear", init="scaled_identity", weight_scale=5.0),  # gain above 1
    NetSpec(depth=10, activation="linear", init="scaled_identity", weight_scale=0.5),  # gain below 1
    NetSpec(depth=10, activation="sigmoid", init="normal", weight_scale=1.0),  # vanishing
    NetSpec(depth=10, activation="tanh", init="normal", weight_scale=4.0),  # exploding
])
def test_the_gradient_differs_most_from_the_loss_at_the_input(spec):
    """home.chain_caption: either way dL/dh_i is furthest from its value at the loss nearest the input."""
    probe = probe_gradients(spec)
    dl_dh = np.r_[probe["in_grad_norm"].iloc[0], probe["out_grad_norm"].to_numpy()]  # dL/dx, dL/dh_1 .. dL/dh_L
    distance = np.abs(np.log(dl_dh / dl_dh[-1]))
    assert np.all(np.diff(distance) < 0), distance  # shrinks layer by layer toward the loss


# --- the worked chain ------------------------------------------------------------------

Z_GRID = np.arange(Z_RANGE[0], Z_RANGE[1] + 0.25, 0.5)  # the z slider's values


def test_chain_lesson_sigmoid_quarter_per_link_and_the_unit_counter_case():
    """home.chain.lesson: sigma' is at most {peak} at z = {peak_z}; with w = {w} on every link, {links}
    sigmoid links pass on at most {peak}^{links} = {product}, wherever their units sit; w = {weight} makes
    each link exactly {unit} and the product {unit_product}, only at z = {peak_z}: any z moved, below {unit}."""
    lesson = chain_lesson()
    assert (lesson["peak"], lesson["peak_z"], lesson["links"], lesson["w"]) == (0.25, 0.0, LINKS, 1.0)
    assert max(slope("sigmoid", float(z)) for z in Z_GRID) == lesson["peak"] == slope("sigmoid", lesson["peak_z"])
    assert lesson["product"] == lesson["peak"] ** LINKS == 0.00390625 and f"{lesson['product']:.3g}" == "0.00391"
    rng = np.random.default_rng(0)
    for _ in range(200):  # wherever the units sit: random z per link, w = 1
        chain = chain_gradients([Link("sigmoid", lesson["w"], float(z)) for z in rng.choice(Z_GRID, LINKS)])
        assert 0 < chain["autograd"][0] <= lesson["product"]
    assert lesson["weight"] * lesson["peak"] == lesson["unit"] == lesson["unit_product"] == 1.0
    for k in range(LINKS):  # move any one z away from the peak
        for z in Z_GRID[Z_GRID != lesson["peak_z"]]:
            links = list(SCENARIOS["unit"])
            links[k] = Link("sigmoid", lesson["weight"], float(z))
            assert chain_gradients(links)["autograd"][0] < lesson["unit"], (k, z)


def test_chain_scenario_buttons_say_what_they_set():
    """home.chain.scenario_*: {local} per link for sigmoid (the peak) and w = {w} (exactly 1); one dead link."""
    lesson = chain_lesson()
    assert chain_gradients(SCENARIOS["sigmoid"])["local"] == [lesson["peak"]] * LINKS
    assert SCENARIOS["unit"][0].weight == lesson["weight"] and chain_gradients(SCENARIOS["unit"])["local"] == [lesson["unit"]] * LINKS
    dead = chain_gradients(SCENARIOS["dead_relu"])["local"]
    assert {link.activation for link in SCENARIOS["dead_relu"]} == {"relu"} and dead.count(0.0) == 1


def test_chain_z_help_where_each_activation_is_steepest():
    """home.chain.z_help: sigmoid and tanh are steepest at z = 0 and flatten away from it; ReLU' is 1 above 0, exactly 0 at or below."""
    for activation in ("sigmoid", "tanh"):
        right = [slope(activation, float(z)) for z in Z_GRID[Z_GRID >= 0]]
        left = [slope(activation, float(z)) for z in Z_GRID[Z_GRID <= 0]]
        assert np.all(np.diff(right) < 0) and np.all(np.diff(left) > 0), activation
    assert all(slope("relu", float(z)) == (1.0 if z > 0 else 0.0) for z in Z_GRID)


def test_chain_zero_every_link_below_the_dead_one_gets_exactly_zero():
    """home.chain.zero: link k multiplies by 0 (ReLU at z <= 0, or w = 0); everything below it is exactly 0."""
    for k in range(1, LINKS + 1):
        for dead in (Link("relu", 1.0, 0.0), Link("relu", 2.0, -3.0), Link("tanh", 0.0, 1.0)):
            links = [Link("tanh", 1.5, 0.5)] * LINKS
            links[k - 1] = dead
            chain = chain_gradients(links)
            assert chain["local"][k - 1] == 0.0
            assert chain["autograd"][:k] == [0.0] * k and all(g != 0 for g in chain["autograd"][k:]), (k, dead)


# --- the myths ---------------------------------------------------------------------------

def test_eigen_the_claimed_eigenvalues_fail_trace_and_determinant():
    values = myths.eigenvalues_of_the_article_matrix()
    assert values["lambda_1"] + values["lambda_2"] == pytest.approx(values["trace"], rel=1e-12)
    assert values["lambda_1"] * values["lambda_2"] == pytest.approx(values["det"], rel=1e-12)
    assert values["claimed_sum"] != values["trace"] and values["claimed_product"] != values["det"]
    assert values["sigma_1"] >= abs(values["lambda_1"]) and values["sigma_2"] <= abs(values["lambda_2"])


def test_later_the_gradient_grows_toward_the_input_and_weight_gradients_do_not_peak_late():
    values = myths.where_explosion_hits()
    assert values["input_grad"] / values["last_grad"] == values["weight"] ** values["depth"]
    assert values["weight_grad_spread"] < 1 + 1e-6  # "the same at all layers"
    assert values["chaotic_weight_growth"] > 10  # "grows from the last layer to the first"
    chaos = probe_gradients(myths.CHAOTIC_TANH)
    assert np.all(np.diff(chaos["weight_grad_norm"].to_numpy()) < 0)  # layer by layer, largest at layer 1
    assert (chaos["act_std"] < 1).all()  # h saturates: tanh is bounded ...
    assert theory.chi1("tanh", myths.CHAOTIC_TANH.weight_scale, 0.0) > 1  # ... in the chaotic phase


def test_derivative_only_gelu_exceeds_one_and_no_mean_square_does():
    values = myths.largest_derivatives()
    assert values["above"] == ["gelu"] and f"{values['excess']:.0%}" == "13%"
    # linear's is 1 exactly in theory; the quadrature's weights sum to 1 within rounding (1 + 2.2e-16 on an AMD EPYC)
    assert values["largest_mean_square"] <= 1.0 + 1e-12 and values["above_mean_square"] < 0.6
    # "the factor exceeds 1 only when sigma_w is large enough": at sigma_w = 1 no activation's does
    assert max(theory.chi1(name, 1.0, 0.0) for name in values["peaks"]) <= 1 + 1e-9
    assert theory.chi1("tanh", 4.0, 0.0) > 1 and theory.chi1("gelu", 4.0, 0.0) > 1


def test_tanh_derivative_is_one_minus_tanh_squared_peaks_at_zero_and_vanishes_far_out():
    values = myths.tanh_derivative()
    assert values["autograd"] == pytest.approx(values["correct"], rel=1e-12)
    assert abs(values["autograd"] - values["wrong"]) > 0.2
    assert (values["peak_z"], values["peak"]) == (0.0, 1.0)
    assert values["autograd_far"] < values["autograd"] < values["peak"] and values["autograd_far"] < 1e-3


def test_saturation_sigmoid_vanishes_unsaturated_and_tanh_explodes_saturated():
    values = myths.saturation_does_not_decide()
    steps = values["depth"] - 1  # layer 1 to the last
    assert values["sigmoid_peak"] == pytest.approx(0.25)
    assert values["sigmoid_saturated"] == 0 and values["sigmoid_chi"] < 1 and values["sigmoid_ratio"] < 1e-4
    assert values["tanh_saturated"] > 0.5 and values["tanh_mean_square"] < 0.5
    assert values["tanh_chi"] > 1 and values["tanh_ratio"] > 10
    # chi_1 is the measured per-layer factor of the squared gradient (where the nets sit near q*)
    assert values["sigmoid_ratio"] ** (2 / steps) == pytest.approx(values["sigmoid_chi"], rel=0.15)
    assert values["tanh_ratio"] ** (2 / steps) == pytest.approx(values["tanh_chi"], rel=0.15)
    assert values["tanh_chi"] == pytest.approx(values["tanh_sigma_w_squared"] * values["tanh_mean_square"], rel=1e-12)
    assert myths.ORDERED_SIGMOID.depth == myths.CHAOTIC_TANH.depth == values["depth"]  # "two {depth}-layer nets"
    assert myths.ORDERED_SIGMOID.bias_std == myths.CHAOTIC_TANH.bias_std == 0  # "without biases"


def test_adam_rescales_the_step_not_the_gradient():
    values = myths.optimiser_steps_and_gradients()
    lr = values["lr"]
    assert values["sgd_fraction"] < 0.01 and values["adam_fraction"] < 0.01  # "vanishing under both"
    assert 0.5 * lr < values["adam_step_first"] < 1.5 * lr  # "near the learning rate"
    assert values["adam_step_first"] > values["adam_step_last"]
    # SGD and momentum: "in proportion to their gradient" (momentum sums up to 1 / (1 - 0.9) of them)
    assert 0.5 < values["sgd_step_first"] / (lr * values["sgd_grad_first"]) < 2
    assert 1 < values["momentum_step_first"] / (lr * values["momentum_grad_first"]) < 1 / (1 - myths.MOMENTUM)
    assert values["momentum_step_first"] < 1e-4 * values["adam_step_first"]


def test_clipping_scales_every_layer_by_the_same_factor():
    """myth.adam.fact: clipping leaves the first layer's gradient as small next to the last layer's."""
    net = build_mlp(myths.VANISHING_SIGMOID, in_features=2, out_features=1)
    x, y = two_spirals(seed=0)
    nn.functional.binary_cross_entropy_with_logits(net(x).squeeze(-1), y).backward()
    before = torch.stack([linear.weight.grad.double().norm() for linear in net.hidden_linears()])
    total, after_total = clip_gradients(list(net.parameters()), "norm", 0.1 * total_norm(net))
    after = torch.stack([linear.weight.grad.double().norm() for linear in net.hidden_linears()])
    assert after_total == pytest.approx(0.1 * total, rel=1e-5)
    assert (after / before).tolist() == pytest.approx([0.1] * len(before), rel=1e-5)
    assert float(after[0] / after[-1]) == pytest.approx(float(before[0] / before[-1]), rel=1e-5)


def total_norm(net: nn.Module) -> float:
    return math.sqrt(sum(float(p.grad.double().pow(2).sum()) for p in net.parameters()))
