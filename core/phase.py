"""The order-to-chaos phase diagram, measured and predicted.

For Gaussian weights W ~ N(0, sigma_w^2/n) and biases b ~ N(0, sigma_b^2),
mean-field theory says the squared gradient is multiplied by chi_1 per layer:
it vanishes where chi_1 < 1 (ordered phase) and explodes where chi_1 > 1
(chaotic phase). `phase_diagram` measures log10 of the first-to-last layer
gradient ratio on a grid of (sigma_w, sigma_b) with real nets;
`critical_line` draws the theory's boundary chi_1 = 1 through it.
"""

from __future__ import annotations

import math
from typing import Callable, Sequence

import pandas as pd

from . import theory
from .nets import NetSpec
from .probe import probe_gradients


def phase_diagram(
    activation: str,
    depth: int,
    sigma_ws: Sequence[float],
    sigma_bs: Sequence[float],
    width: int = 64,
    seed: int = 0,
    progress: Callable[[int, int], None] | None = None,
) -> pd.DataFrame:
    """One row per (sigma_w, sigma_b): log10_ratio = log10(grad_norm at
    layer 1 / grad_norm at layer `depth`) measured by probe_gradients
    (-inf if layer 1 underflowed to 0), the theory's chi1 at the fixed
    point, and its predicted log10 ratio from
    theory.mean_field_grad_profile (layer-by-layer variances, so it holds
    before q settles; about (depth - 1)/2 * log10(chi_1) once it has)."""
    rows, total = [], len(sigma_ws) * len(sigma_bs)
    for sigma_b in sigma_bs:
        for sigma_w in sigma_ws:
            spec = NetSpec(depth=depth, width=width, activation=activation, init="normal", weight_scale=float(sigma_w), bias_std=float(sigma_b), seed=seed)
            probe = probe_gradients(spec)
            first, last = float(probe["grad_norm"].iloc[0]), float(probe["grad_norm"].iloc[-1])
            chi = theory.chi1(activation, float(sigma_w), float(sigma_b))
            rows.append(
                {
                    "sigma_w": float(sigma_w),
                    "sigma_b": float(sigma_b),
                    "log10_ratio": math.log10(first / last) if first > 0 and last > 0 else -math.inf,
                    "chi1": chi,
                    "theory_log10_ratio": math.log10(theory.mean_field_grad_profile(activation, float(sigma_w), float(sigma_b), depth)[0]),
                }
            )
            if progress is not None:
                progress(len(rows), total)
    return pd.DataFrame(rows)


def critical_line(activation: str, sigma_bs: Sequence[float]) -> pd.DataFrame:
    """(sigma_b, sigma_w) on the theory's boundary chi_1 = 1."""
    return pd.DataFrame({"sigma_b": [float(b) for b in sigma_bs], "sigma_w": [theory.critical_sigma_w(activation, float(b)) for b in sigma_bs]})
