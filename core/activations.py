"""The activation functions, their derivatives and where they saturate.

Derivatives come from autograd through the very modules the nets use, so
the chart of phi' and the gradients in the nets cannot disagree.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Callable

import pandas as pd
import torch
from torch import nn

from .checks import check_choice, check_int, check_number

ACTIVATIONS: dict[str, Callable[[], nn.Module]] = {
    "linear": nn.Identity,
    "sigmoid": nn.Sigmoid,
    "tanh": nn.Tanh,
    "relu": nn.ReLU,
    "leaky_relu": lambda: nn.LeakyReLU(0.01),
    "elu": nn.ELU,
    "gelu": nn.GELU,
}
CURVE_Z_RANGE = (-1e4, 1e4)
CURVE_POINTS_RANGE = (2, 100_001)  # derivative_peak uses 20,001


def activation_derivative(activation: str, z: torch.Tensor) -> torch.Tensor:
    """phi'(z) elementwise (same shape and dtype as z)."""
    check_choice("activation", activation, ACTIVATIONS)
    if not isinstance(z, torch.Tensor):
        raise ValueError(f"z must be a torch.Tensor, got {type(z).__name__}")
    z = z.detach().clone().requires_grad_(True)
    (grad,) = torch.autograd.grad(ACTIVATIONS[activation]()(z).sum(), z)
    return grad


def activation_curve(activation: str, lo: float = -6.0, hi: float = 6.0, points: int = 241) -> pd.DataFrame:
    """phi(z) and phi'(z) on a float64 grid: columns z, value, derivative.

    lo < hi within CURVE_Z_RANGE, points in CURVE_POINTS_RANGE."""
    check_choice("activation", activation, ACTIVATIONS)
    lo, hi = check_number("lo", lo, CURVE_Z_RANGE), check_number("hi", hi, CURVE_Z_RANGE)
    if not lo < hi:
        raise ValueError(f"lo must be below hi, got lo={lo!r}, hi={hi!r}")
    points = check_int("points", points, CURVE_POINTS_RANGE)
    z = torch.linspace(lo, hi, points, dtype=torch.float64)
    value = ACTIVATIONS[activation]()(z).detach()
    derivative = activation_derivative(activation, z)
    return pd.DataFrame({"z": z.numpy(), "value": value.numpy(), "derivative": derivative.numpy()})


@lru_cache(maxsize=16, typed=True)
def derivative_peak(activation: str) -> tuple[float, float]:
    """(z at the peak, max_z phi'(z)) on a 0.001 grid over [-10, 10].

    sigmoid: (0, 0.25); tanh: (0, 1); GELU: (~1.41, ~1.129), the one common
    activation whose derivative exceeds 1 (and only slightly).
    """
    check_choice("activation", activation, ACTIVATIONS)
    curve = activation_curve(activation, -10.0, 10.0, 20_001)
    best = int(curve["derivative"].to_numpy().argmax())
    # Round z to the grid step: linspace puts "0" at -2e-16.
    return round(float(curve["z"].iloc[best]), 3) + 0.0, float(curve["derivative"].iloc[best])


@lru_cache(maxsize=16, typed=True)
def derivative_peak_range(activation: str) -> tuple[float, float]:
    """(lowest z, highest z) on the [-10, 10] grid where phi'(z) is within
    1e-6 of its maximum: a single point for sigmoid/tanh/GELU, the plateau
    (0, 10] for ReLU-like units, all of [-10, 10] for linear."""
    check_choice("activation", activation, ACTIVATIONS)
    curve = activation_curve(activation, -10.0, 10.0, 20_001)
    derivative = curve["derivative"].to_numpy()
    at_peak = curve["z"].to_numpy()[derivative >= derivative.max() - 1e-6]
    return round(float(at_peak.min()), 3) + 0.0, round(float(at_peak.max()), 3) + 0.0
