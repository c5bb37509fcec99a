"""core.myths: the computations that disprove the source articles' mistakes."""

import math

import pytest

from core import myths


def test_eigenvalues_are_7_pm_sqrt57_over_2_not_7_and_1():
    values = myths.eigenvalues_2357()
    assert values["lambda_1"] == pytest.approx((7 + math.sqrt(57)) / 2, rel=1e-12)
    assert values["lambda_2"] == pytest.approx((7 - math.sqrt(57)) / 2, rel=1e-12)
    assert (values["sigma_1"], values["sigma_2"]) == (pytest.approx(7.3434, abs=1e-4), pytest.approx(0.2724, abs=1e-4))


def test_explosion_hits_the_first_layer_hardest():
    values = myths.where_explosion_hits(depth=10, weight=5.0)
    assert values["first"] / values["last"] == 5.0**9  # dL/dz_1 = 5^(L-1) dL/dz_L, exactly in float32


def test_no_common_activation_has_a_derivative_far_above_one():
    values = myths.largest_derivatives()
    assert values["sigmoid"] == pytest.approx(0.25, abs=1e-9)
    assert max(v for k, v in values.items() if k != "gelu") == pytest.approx(1.0, abs=1e-9)
    assert values["gelu"] == pytest.approx(1.1289, abs=1e-4)


def test_tanh_derivative_is_one_minus_tanh_squared_and_vanishes_far_out():
    values = myths.tanh_derivative(1.0, 5.0)
    assert values["autograd"] == pytest.approx(values["correct"], rel=1e-12)
    assert abs(values["autograd"] - values["wrong"]) > 0.2
    assert values["at_zero"] == 1.0 and values["autograd_far"] < 2e-4


def test_saturation_makes_gradients_vanish_not_explode():
    values = myths.saturation_vanishes()
    assert values["saturated"] > 0.1 and values["ratio"] < 0.05


def test_the_optimiser_does_not_change_the_gradient():
    values = myths.optimiser_does_not_change_the_gradient()
    assert values["sgd"] == values["momentum"] == values["adam"] > 0
