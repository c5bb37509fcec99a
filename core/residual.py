"""Plain versus residual nets: the gradient at initialisation, and training.

A residual block computes h_i = h_{i-1} + alpha * F(h_{i-1}) (identity skip;
a projection W_s h_{i-1} when the width changes, He et al. 2016), so its
Jacobian is I + alpha * dF/dh. Backprop through L blocks multiplies
(I + alpha J_L) ... (I + alpha J_1): expanded, a sum over 2^L paths, and the
path that skips every block carries the gradient to layer 1 untouched.
The same sum can also grow: with ReLU and no normalisation each block adds
variance, so the gradient grows toward the input unless alpha is small
(alpha ~ 1/sqrt(L), as in SkipInit, ReZero and Fixup) or the branch is
normalised.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Callable

import pandas as pd

from .nets import NetSpec
from .probe import probe_gradients
from .train import TrainConfig, TrainResult, train_mlp

NETS = ("plain", "residual")


def compare_probe(spec: NetSpec, batch: int = 32, seed: int = 0) -> pd.DataFrame:
    """probe_gradients for `spec` without and with identity skips (same
    weights, same batch), stacked with a column `net` in NETS."""
    frames = [
        probe_gradients(replace(spec, residual=residual), batch=batch, seed=seed).assign(net=name)
        for name, residual in zip(NETS, (False, True))
    ]
    return pd.concat(frames, ignore_index=True)


def first_to_last(probe: pd.DataFrame, column: str = "grad_norm") -> float:
    """probe[column] at layer 1 over its value at the last layer: < 1 means
    the gradient shrinks toward the input, > 1 that it grows."""
    last = float(probe[column].iloc[-1])
    return float(probe[column].iloc[0]) / last if last > 0 else float("nan")


def degradation_specs(spec: NetSpec, shallow_depth: int) -> dict[str, NetSpec]:
    """The degradation experiment's three nets, same seed and width:
    shallow plain, deep plain (spec.depth) and deep residual."""
    return {
        "shallow_plain": replace(spec, depth=shallow_depth, residual=False),
        "deep_plain": replace(spec, residual=False),
        "deep_residual": replace(spec, residual=True),
    }


def degradation_runs(
    spec: NetSpec,
    shallow_depth: int,
    config: TrainConfig,
    progress: Callable[[str, int, int, list[dict]], None] | None = None,
) -> dict[str, TrainResult]:
    """Train the three nets of degradation_specs on two spirals.

    He et al. (2016): the deeper plain net trains to a higher loss than the
    shallow one, although it could copy it and set its extra layers to the
    identity; the deep residual net does not degrade.
    `progress(name, step, steps, history)` is called after every step.
    """
    results = {}
    for name, net_spec in degradation_specs(spec, shallow_depth).items():
        callback = None if progress is None else (lambda step, steps, history, name=name: progress(name, step, steps, history))
        results[name] = train_mlp(net_spec, config, callback)
    return results
