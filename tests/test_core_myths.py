"""core.myths: the computations behind the Home page's myths panel.

The direction of each disproof, as the panel states it, is asserted in
tests/test_claims_home.py; here: the values themselves, and that the
written-out optimisers are torch.optim's.
"""

import math

import pytest
import torch

from core import myths
from core.train import make_optimizer


def test_eigenvalues_are_7_pm_sqrt57_over_2():
    values = myths.eigenvalues_of_the_article_matrix()
    assert values["lambda_1"] == pytest.approx((7 + math.sqrt(57)) / 2, rel=1e-12)
    assert values["lambda_2"] == pytest.approx((7 - math.sqrt(57)) / 2, rel=1e-12)
    assert (values["trace"], values["det"]) == (pytest.approx(7.0), pytest.approx(-2.0))
    assert (values["sigma_1"], values["sigma_2"]) == (pytest.approx(7.3434, abs=1e-4), pytest.approx(0.2724, abs=1e-4))
    assert (values["claimed_1"], values["claimed_2"]) == myths.ARTICLE_EIGENVALUES == (7.0, 1.0)


def test_scaled_identity_gradients_are_exact_powers():
    values = myths.where_explosion_hits(depth=10, weight=5.0)
    assert values["input_grad"] / values["last_grad"] == 5.0**10  # exactly, in float32
    assert values["weight_grad_spread"] == pytest.approx(1.0, abs=1e-6)


def test_largest_derivatives():
    values = myths.largest_derivatives()
    assert values["peaks"]["sigmoid"] == pytest.approx(0.25, abs=1e-9)
    assert values["peaks"]["gelu"] == pytest.approx(1.1289, abs=1e-4)
    assert values["mean_square"]["linear"] == pytest.approx(1.0, abs=1e-12)  # the quadrature's weights sum to 1 within rounding
    assert values["mean_square"]["relu"] == pytest.approx(0.5, abs=1e-12)
    assert values["mean_square"]["sigmoid"] == pytest.approx(1 / 16, abs=1e-4)  # sigmoid'(0)^2, at small variance
    assert values["mean_square"]["gelu"] == pytest.approx(0.5113, abs=1e-3)  # a 2,000,001-point midpoint integral on [-12, 12] gives 0.51130


def test_tanh_derivative_values():
    values = myths.tanh_derivative(1.0, 5.0)
    assert values["autograd"] == pytest.approx(1 - math.tanh(1.0) ** 2, rel=1e-12)
    assert values["wrong"] == pytest.approx(math.tanh(1.0) * (1 - math.tanh(1.0)), rel=1e-12)
    assert values["autograd_far"] == pytest.approx(1 - math.tanh(5.0) ** 2, rel=1e-9)


def test_saturation_numbers_match_the_issue():
    """Issue 12's measurements: sigmoid sigma_w = 1: 0% saturated, ratio 1.6e-6,
    chi_1 = 0.056; tanh sigma_w = 4: 62% saturated, growth 39x."""
    values = myths.saturation_does_not_decide()
    assert values["sigmoid_ratio"] == pytest.approx(1.55e-6, rel=0.02)
    assert values["sigmoid_chi"] == pytest.approx(0.0557, abs=5e-4)
    assert values["tanh_saturated"] == pytest.approx(0.615, abs=0.01)
    assert values["tanh_ratio"] == pytest.approx(39.0, rel=0.02)


def test_written_out_optimisers_are_torch_optim():
    """Step for step the same weights and gradients as core.train's torch.optim
    optimisers (float32 rounding aside: foreach kernels order operations
    differently)."""
    written = myths.optimiser_steps_and_gradients()
    torch_optim = myths.optimiser_steps_and_gradients(optimizer=make_optimizer)
    assert written.keys() == torch_optim.keys()
    for key, value in torch_optim.items():
        assert written[key] == pytest.approx(value, rel=1e-5), key


def test_written_out_optimiser_rejects_unknown_names():
    with pytest.raises(ValueError):
        myths.WrittenOutOptimizer("rmsprop", [torch.nn.Parameter(torch.ones(1))], 0.1)
