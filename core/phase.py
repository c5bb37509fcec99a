"""The order-to-chaos phase diagram, measured and predicted.

For Gaussian weights W ~ N(0, sigma_w^2/n) and biases b ~ N(0, sigma_b^2),
mean-field theory says the squared gradient is multiplied by chi_1 per layer
once the pre-activation variance has settled on its fixed point q*: it
vanishes where chi_1 < 1 (ordered phase) and explodes where chi_1 > 1
(chaotic phase). `phase_diagram` measures log10 of the first-to-last layer
gradient ratio on a grid of (sigma_w, sigma_b) with real nets;
`critical_lines` gives theory's two boundaries through it: chi_1 = 1 (nets
of any depth, once q has settled) and the finite-depth line where a net of
this depth is predicted to pass layer 1 exactly its last layer's gradient;
`sign_change` finds where the measured colour changes sign.
"""

from __future__ import annotations

import math
from typing import Callable, Sequence

import numpy as np
import pandas as pd

from . import theory
from .activations import ACTIVATIONS
from .checks import check_array, check_choice, check_int
from .nets import BIAS_STD_RANGE, DEPTH_RANGE, WEIGHT_SCALE_RANGE, NetSpec
from .probe import probe_gradients

ASYMPTOTIC, FINITE_DEPTH = "asymptotic", "finite_depth"  # the `line` of critical_lines
MAX_CELLS = 1024  # (sigma_w, sigma_b) cells of one phase_diagram: one probe each (the app's grid has 126)


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
    point, and its predicted log10 ratio from the mean-field recursion
    (theory.log_first_layer_gain = ln mean_field_grad_profile(...)[0]:
    layer-by-layer variances, so it holds before q settles; about
    (depth - 1)/2 * log10(chi_1) once it has). At most MAX_CELLS cells;
    every net is a NetSpec (its ranges) probed at the default batch."""
    check_choice("activation", activation, ACTIVATIONS)
    depth = check_int("depth", depth, DEPTH_RANGE)
    sigma_ws = check_array("sigma_ws", sigma_ws, MAX_CELLS, WEIGHT_SCALE_RANGE, ndim=1)
    sigma_bs = check_array("sigma_bs", sigma_bs, MAX_CELLS, BIAS_STD_RANGE, ndim=1)
    if len(sigma_ws) * len(sigma_bs) > MAX_CELLS:
        raise ValueError(f"sigma_ws x sigma_bs must be at most {MAX_CELLS} cells, got {len(sigma_ws)} x {len(sigma_bs)}")
    NetSpec(depth=depth, width=width, seed=seed)  # checks width and seed before the first cell
    if progress is not None and not callable(progress):
        raise ValueError(f"progress must be callable or None, got {progress!r}")
    cells = [(float(sigma_w), float(sigma_b)) for sigma_b in sigma_bs for sigma_w in sigma_ws]
    ws, bs = np.array(cells).T
    theory_log10 = theory.log_first_layer_gain(activation, ws, bs, depth) / math.log(10.0)  # all cells in one pass
    rows = []
    for (sigma_w, sigma_b), predicted in zip(cells, theory_log10):
        spec = NetSpec(depth=depth, width=width, activation=activation, init="normal", weight_scale=sigma_w, bias_std=sigma_b, seed=seed)
        probe = probe_gradients(spec)
        first, last = float(probe["grad_norm"].iloc[0]), float(probe["grad_norm"].iloc[-1])
        rows.append(
            {
                "sigma_w": sigma_w,
                "sigma_b": sigma_b,
                "log10_ratio": math.log10(first / last) if first > 0 and last > 0 else -math.inf,
                "chi1": theory.chi1(activation, sigma_w, sigma_b),
                "theory_log10_ratio": float(predicted),
            }
        )
        if progress is not None:
            progress(len(rows), len(cells))
    return pd.DataFrame(rows)


def critical_lines(activation: str, sigma_bs: Sequence[float], depth: int) -> pd.DataFrame:
    """Theory's boundaries, long format (sigma_b, sigma_w, line): line =
    ASYMPTOTIC for chi_1 = 1, FINITE_DEPTH for mean_field_grad_profile's
    layer-1 value = 1 in `depth`-layer nets. NaN where a line leaves
    sigma_w in [0.05, 8]. Tens of milliseconds (theory.critical_sigma_ws)."""
    sigma_bs = np.asarray(sigma_bs, dtype=float)
    return pd.concat(
        [
            pd.DataFrame({"sigma_b": sigma_bs, "sigma_w": theory.critical_sigma_ws(activation, sigma_bs), "line": ASYMPTOTIC}),
            pd.DataFrame({"sigma_b": sigma_bs, "sigma_w": theory.finite_depth_critical_sigma_ws(activation, sigma_bs, depth), "line": FINITE_DEPTH}),
        ],
        ignore_index=True,
    )


def sign_change(grid: pd.DataFrame, column: str = "log10_ratio") -> pd.DataFrame:
    """Per sigma_b of a phase_diagram grid, the sigma_w where `column` first
    turns from negative to non-negative along sigma_w, by linear
    interpolation between the two grid cells around it (-inf, an underflow,
    counts as negative); NaN if it never does. Columns sigma_b, sigma_w."""
    rows = []
    for sigma_b, row in grid.sort_values("sigma_w").groupby("sigma_b", sort=True):
        w, v = row["sigma_w"].to_numpy(), row[column].to_numpy()
        crossing = math.nan
        for i in range(1, len(w)):
            if v[i - 1] < 0 <= v[i]:
                crossing = w[i] if math.isinf(v[i - 1]) else w[i - 1] + (w[i] - w[i - 1]) * -v[i - 1] / (v[i] - v[i - 1])
                break
        rows.append({"sigma_b": float(sigma_b), "sigma_w": float(crossing)})
    return pd.DataFrame(rows, columns=["sigma_b", "sigma_w"])
