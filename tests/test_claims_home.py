"""Every relation the Home page's text states, computed at its settings.

The page cards (core.claims.home), the chain rule's caption, and the six
myths (core.myths): each disproof's direction, as myth.<name>.fact says it.
"""

import math

import numpy as np
import pytest
import torch
from torch import nn

from core import NetSpec, build_mlp, myths, probe_gradients, theory, two_spirals
from core.claims.home import exploding_headline
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
    assert values["largest_mean_square"] <= 1.0 and values["above_mean_square"] < 0.6
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
