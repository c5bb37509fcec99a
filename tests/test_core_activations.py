"""core.activations: derivatives against their closed forms, and the peaks."""

import math

import numpy as np
import pytest
import torch

from core import ACTIVATIONS, activation_curve, activation_derivative, derivative_peak

# float64 grid that avoids z = 0 (ReLU's kink) and covers the saturated tails
Z = torch.linspace(-8.0, 8.0, 1601, dtype=torch.float64)
Z = Z[Z.abs() > 1e-9]


def _std_normal_cdf(z):
    return 0.5 * (1.0 + torch.special.erf(z / math.sqrt(2.0)))


def _std_normal_pdf(z):
    return torch.exp(-0.5 * z**2) / math.sqrt(2.0 * math.pi)


CLOSED_FORMS = {
    "linear": lambda z: torch.ones_like(z),
    "sigmoid": lambda z: torch.sigmoid(z) * (1.0 - torch.sigmoid(z)),
    "tanh": lambda z: 1.0 - torch.tanh(z) ** 2,
    "relu": lambda z: (z > 0).double(),
    "leaky_relu": lambda z: torch.where(z > 0, torch.ones_like(z), torch.full_like(z, 0.01)),
    "elu": lambda z: torch.where(z > 0, torch.ones_like(z), torch.exp(z)),
    "gelu": lambda z: _std_normal_cdf(z) + z * _std_normal_pdf(z),  # exact (erf) GELU
}


def test_every_activation_has_a_closed_form_here():
    """The closed-form table below covers exactly the app's activations."""
    assert set(CLOSED_FORMS) == set(ACTIVATIONS)


@pytest.mark.parametrize("activation", sorted(CLOSED_FORMS))
def test_derivative_matches_closed_form(activation):
    """phi'(z) from autograd equals the textbook formula to 1e-12 on [-8, 8]
    (sigmoid s(1-s), tanh 1 - tanh^2, GELU Phi(z) + z phi(z), ...)."""
    got = activation_derivative(activation, Z)
    assert got.dtype == Z.dtype and got.shape == Z.shape
    torch.testing.assert_close(got, CLOSED_FORMS[activation](Z), rtol=0, atol=1e-12)


def test_tanh_derivative_is_not_the_articles_wrong_formula():
    """Some source articles give tanh'(x) = tanh(x)(1 - tanh(x)), which is
    wrong (it is 0 at x = 0 and negative for x < 0). The app's derivative is
    1 - tanh^2: 1 at 0, positive everywhere, and far from the wrong one."""
    got = activation_derivative("tanh", Z)
    wrong = torch.tanh(Z) * (1.0 - torch.tanh(Z))
    zero = torch.zeros(1, dtype=torch.float64)
    assert float(activation_derivative("tanh", zero)) == 1.0
    assert float(torch.tanh(zero) * (1 - torch.tanh(zero))) == 0.0
    assert bool((got > 0).all())
    assert float((got - wrong).abs().max()) > 0.9


@pytest.mark.parametrize(
    ("activation", "z_peak", "peak"),
    [
        ("sigmoid", 0.0, 0.25),
        ("tanh", 0.0, 1.0),
    ],
)
def test_derivative_peak_sigmoid_tanh(activation, z_peak, peak):
    """max sigmoid' = 1/4 and max tanh' = 1, both at z = 0."""
    z, value = derivative_peak(activation)
    assert z == pytest.approx(z_peak, abs=1e-6)
    assert value == pytest.approx(peak, abs=1e-6)


def test_derivative_peak_gelu():
    """GELU'(z) = Phi(z) + z phi(z) peaks where 2 phi - z^2 phi = 0, i.e. at
    z = sqrt(2), with value Phi(sqrt 2) + sqrt(2) phi(sqrt 2) = 1.12894 > 1."""
    z, value = derivative_peak("gelu")
    exact = 0.5 * (1 + math.erf(1.0)) + math.sqrt(2) * math.exp(-1.0) / math.sqrt(2 * math.pi)
    assert z == pytest.approx(math.sqrt(2.0), abs=1e-3)  # the grid step is 0.001
    assert value == pytest.approx(exact, abs=1e-6)
    assert round(value, 3) == 1.129


@pytest.mark.parametrize("activation", sorted(ACTIVATIONS))
def test_activation_curve_derivative_is_the_slope_of_value(activation):
    """activation_curve's `derivative` column is the slope of its `value`
    column (central finite differences, away from kinks)."""
    curve = activation_curve(activation, -4.0, 4.0, 8001)  # step 0.001
    z, value, derivative = (curve[c].to_numpy() for c in ("z", "value", "derivative"))
    assert list(curve.columns) == ["z", "value", "derivative"]
    slope = (value[2:] - value[:-2]) / (z[2:] - z[:-2])
    mid = z[1:-1]
    away_from_kink = np.abs(mid) > 0.0015
    np.testing.assert_allclose(slope[away_from_kink], derivative[1:-1][away_from_kink], rtol=0, atol=1e-6)
