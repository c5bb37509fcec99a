"""Plain versus residual nets: the gradient at initialisation, and training.

A residual block computes h_i = h_{i-1} + alpha * F(h_{i-1}) with the
pre-activation branch F(h) = V phi(N(W phi(N(h)))) of He et al. (2016,
"Identity mappings in deep residual networks"); core.nets, block="preact".
Its plain counterpart is the same blocks, same weights, without the skip.
The block's Jacobian is I + alpha dF/dh, so backprop through L blocks
multiplies (I + alpha J_L) ... (I + alpha J_1): expanded, a sum over 2^L
paths, and the path that skips every block carries the gradient to block 1
untouched. The same sum also grows: every branch adds its mean square, so
the gradient grows toward the input by (1 + alpha^2 chi) per block
(theory.residual_profile; ReLU: 1 + alpha^2 / 4, theory.relu_residual_growth)
unless alpha is small.

The page and the claims compare the stream gradient dL/dh_i (the probe's
`out_grad_norm`, RMS over batch and units), which the skip carries; a
branch's weights receive alpha times it.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Callable

import numpy as np
import pandas as pd
import torch

from .cancel import checkpoint
from .nets import DEPTH_RANGE, NetSpec, build_mlp
from .checks import check_choice, check_int
from .probe import PROBE_BATCH, _readout_direction, _rms, check_probe, check_spec, fixed_batch, probe_gradients
from .train import TrainConfig, TrainResult, check_training_work, train_mlp

NETS = ("plain", "residual")
GRADIENT = "out_grad_norm"  # the probe column compared: RMS of dL/dh_i


def pair(spec: NetSpec) -> dict[str, NetSpec]:
    """The plain and the residual net of `spec`: the same pre-activation
    blocks and weights, without and with the identity skip."""
    return {name: replace(spec, block="preact", residual=residual) for name, residual in zip(NETS, (False, True))}


def compare_probe(spec: NetSpec, batch: int = PROBE_BATCH, seed: int = 0) -> pd.DataFrame:
    """probe_gradients for the two nets of pair(spec) (same weights, same
    batch), stacked with a column `net` in NETS. Both nets have
    pre-activation blocks: batch x width x 2 depth <= MAX_PROBE_UNITS."""
    check_probe(pair(check_spec(spec))["plain"], batch, seed)  # both nets, before either is built
    frames = [probe_gradients(net, batch=batch, seed=seed).assign(net=name) for name, net in pair(spec).items()]
    return pd.concat(frames, ignore_index=True)


def stream_gradients_by_depth(spec: NetSpec, depths: tuple[int, int], batch: int = PROBE_BATCH, seed: int = 0) -> pd.DataFrame:
    """compare_probe's GRADIENT for every depth d in depths[0]..depths[1] (spec's own
    depth ignored), long: columns net, depth, layer, GRADIENT; equal to compare_probe of
    replace(spec, depth=d), value for value (tests/test_core_residual.py).

    One forward pass of each deepest net serves every depth: build_mlp draws block
    by block from one generator (the nets here have no readout, and no projection
    shortcut: every block is width x width), so the first d blocks of the deepest
    net are the net of depth d, and their outputs h_1..h_d are the same tensors.
    Then one backward pass per depth, from that depth's loss (h_d @ r).sum(), through
    the same operations as the depth's own probe: 1.1-1.4 s of CPU for depths 2..100
    at width 64, about 0.12x the 99 compare_probe calls it replaces (benchmarks/README.md)."""
    spec = check_spec(spec)
    first, last = (check_int("depth", depth, DEPTH_RANGE) for depth in depths)
    if first > last:
        raise ValueError(f"depths must be (first, last) with first <= last, got {depths}")
    deepest = replace(spec, depth=last)
    batch, seed = check_probe(pair(deepest)["plain"], batch, seed)
    readout = _readout_direction(spec.width, seed)  # (width,)
    frames = []
    for name, net_spec in pair(deepest).items():
        net = build_mlp(net_spec).requires_grad_(False)  # no weight gradients: only dL/dh is asked for
        h = fixed_batch(spec.width, batch, seed).requires_grad_(True)  # (batch, width), as the probe's x
        outputs = []
        for block in net.blocks:
            checkpoint()
            h = block(h)
            outputs.append(h)  # h_i, (batch, width)
        for depth in range(first, last + 1):
            checkpoint()
            grads = torch.autograd.grad((outputs[depth - 1] @ readout).sum(), outputs[:depth], retain_graph=depth < last)
            frames.append(pd.DataFrame({"net": name, "depth": depth, "layer": range(1, depth + 1), GRADIENT: [_rms(g) for g in grads]}))
    return pd.concat(frames, ignore_index=True)


def first_to_last(probe: pd.DataFrame, column: str = "grad_norm") -> float:
    """probe[column] at layer (block) 1 over its value at the last one: < 1
    means the gradient shrinks toward the input, > 1 that it grows. The
    default compares dL/dz, what the MLP pages draw; the Residual page
    compares the stream gradient dL/dh (GRADIENT)."""
    check_choice("column", column, [name for name in probe.columns if name != "zero_cause"])
    last = float(probe[column].iloc[-1])
    return float(probe[column].iloc[0]) / last if last > 0 else float("nan")


def branch_scale_gradients(spec: NetSpec, batch: int = PROBE_BATCH, seed: int = 0) -> np.ndarray:
    """dL/dalpha_i for every block of the residual net `spec`, shape (depth,),
    for the probe's loss and batch (core.probe), as if each block's alpha
    were a trained scalar (ReZero, SkipInit): dL/dalpha_i = sum over the
    batch of dL/dh_i . F_i(h_{i-1}). At alpha = 0 the branches' weights get
    no gradient, but these do not vanish: alpha leaves 0 at the first step."""
    spec = replace(check_spec(spec), block="preact", residual=True)
    batch, seed = check_probe(spec, batch, seed)
    net = build_mlp(spec)
    alphas = torch.full((spec.depth,), float(spec.residual_scale), requires_grad=True)
    h = fixed_batch(spec.width, batch, seed)  # (batch, width)
    for block, alpha in zip(net.blocks, alphas):
        h = block.skip(h) + alpha * block.branch(h)
    (h @ _readout_direction(spec.width, seed)).sum().backward()
    return alphas.grad.double().numpy()


def degradation_specs(spec: NetSpec, shallow_depth: int) -> dict[str, NetSpec]:
    """The degradation experiment's three nets of pre-activation blocks,
    same seed and width: shallow plain, deep plain (spec.depth) and deep
    residual."""
    shallow_depth = check_int("shallow_depth", shallow_depth, (1, check_spec(spec).depth))
    plain, residual = pair(spec).values()
    return {"shallow_plain": replace(plain, depth=shallow_depth), "deep_plain": plain, "deep_residual": residual}


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
    specs = degradation_specs(spec, shallow_depth)
    for net_spec in specs.values():  # all three, before the first trains
        check_training_work(net_spec, config)
    results = {}
    for name, net_spec in specs.items():
        callback = None if progress is None else (lambda step, steps, history, name=name: progress(name, step, steps, history))
        results[name] = train_mlp(net_spec, config, callback)
    return results
