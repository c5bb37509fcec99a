"""One forward and backward pass through a freshly initialised net.

The probe loss is a fixed random projection of the last hidden layer,

    L = sum_b  r . h_L[b],      r_j = +-1 at random (seeded),

summed (not averaged) over the batch so that each example's gradient dL/dz
does not depend on the batch size. A random direction stands in for
"whatever the task's loss asks of the last layer": it has no preferred
units, which is what the mean-field theory assumes. The weight gradients,
which add up over the examples, are reported for the batch's mean loss
L / batch, as training uses them.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import torch

from .activations import activation_derivative, derivative_peak
from .cancel import checkpoint
from .checks import MAX_PROBE_UNITS, check_int, check_number, check_work
from .nets import SEED_RANGE, NetSpec, build_mlp

PROBE_BATCH = 32
PROBE_LR = 0.01  # the learning rate at which `update_ratio` is stated
BATCH_RANGE = (2, 4096)  # BatchNorm needs two examples
LR_RANGE = (0.0, 100.0)
SATURATION_LEVEL = 0.1  # a unit is saturated when phi'(z) < 10% of max phi'
ZERO_CAUSES = ("none", "underflow", "dead", "zero_scale")  # values of the zero_cause column


def fixed_batch(width: int, batch: int, seed: int) -> torch.Tensor:
    """Inputs x ~ N(0, 1), shape (batch, width), the same for a given seed."""
    generator = torch.Generator().manual_seed(10_000 + seed)
    return torch.randn(batch, width, generator=generator)


def _readout_direction(width: int, seed: int) -> torch.Tensor:
    # Random signs: E[r_j^2] = 1 as the theory wants, and products with
    # exact weights stay exact (a W = 5I net gives dL/dx = +-5^depth, exactly).
    generator = torch.Generator().manual_seed(20_000 + seed)
    return torch.randint(0, 2, (width,), generator=generator).float() * 2 - 1


def _rms(t: torch.Tensor) -> float:
    # In float64 so that the RMS of tiny (1e-30) gradients does not underflow
    # while squaring: a zero here means the gradient itself is exactly zero.
    return float(t.detach().double().pow(2).mean().sqrt())


def check_spec(spec) -> NetSpec:
    if not isinstance(spec, NetSpec):
        raise ValueError(f"spec must be a NetSpec, got {type(spec).__name__}")
    return spec


def check_probe(spec: NetSpec, batch, seed) -> tuple[int, int]:
    """The arguments every probe of a NetSpec takes, as Python ints (batch, seed).
    ValueError naming the field when batch or seed is out of range or the
    batch would make the probe's work (batch x width x weight layers) exceed
    MAX_PROBE_UNITS."""
    check_spec(spec)
    batch, seed = check_int("batch", batch, BATCH_RANGE), check_int("seed", seed, SEED_RANGE)
    check_work("batch", batch, spec.width * spec.weight_layers, MAX_PROBE_UNITS, "width x weight layers")
    return batch, seed


def probe_gradients(spec: NetSpec, batch: int = PROBE_BATCH, seed: int = 0, lr: float = PROBE_LR) -> pd.DataFrame:
    """Per-layer statistics of one forward/backward pass at initialisation.

    One row per hidden layer, `layer` = 1 nearest the input, columns:
      act_mean, act_std     mean and std of h_i over batch and units
      act_q05 .. act_q95    5/25/50/75/95% quantiles of h_i (first 4096 values)
      saturated_frac        share of units (over batch and units) whose
                            derivative phi'(z) is below 10% of the
                            activation's largest derivative: they pass almost
                            no gradient back (for ReLU this is the inactive
                            half; a linear net has none)
      deriv_rms             RMS over batch and units of phi'(z_i) (after the
                            norm, if any): with weights of RMS gain sigma_w,
                            the layer scales the gradient by about
                            sigma_w * deriv_rms
      grad_norm             RMS over batch and units of dL/dz_i (z_i the
                            pre-activation)
      zero_cause            why grad_norm is exactly 0 (ZERO_CAUSES):
                            "none" (it is not), "underflow" (float32 cannot
                            hold it: the same net in float64 gives a nonzero
                            gradient), "dead" (0 in float64 too: every path
                            back meets a unit with phi' = 0 exactly, e.g.
                            ReLUs that no example activates), "zero_scale"
                            (0 in float64 too, and the net multiplies by 0:
                            weight_scale = 0, or a residual alpha = 0)
      out_grad_norm         RMS of dL/dh_i, the gradient arriving at the output
      in_grad_norm          RMS of dL/dh_{i-1}, the gradient leaving the layer
                            towards the input (layer 1: dL/dx)
      weight_grad_norm      Frobenius norm of d(L / batch)/dW_i, the
                            gradient of the batch's mean loss: the part the
                            examples agree on does not depend on the batch
                            size, the part where they disagree shrinks like
                            1/sqrt(batch) (as for any minibatch gradient)
      weight_norm           Frobenius norm ||W_i||
      update_ratio          lr * weight_grad_norm / weight_norm at lr = `lr`:
                            the relative size of one SGD step on the mean
                            loss (Karpathy's update:data ratio)
    The probe runs in float32, as training does. batch x width x weight
    layers (NetSpec.weight_layers) is at most core.checks.MAX_PROBE_UNITS.
    """
    (batch, seed), lr = check_probe(spec, batch, seed), check_number("lr", lr, LR_RANGE)
    net = build_mlp(spec)
    rows = _float32_rows(net, spec, batch, seed, lr)  # its graph is freed when it returns
    zero_causes = _zero_causes(net, spec, batch, seed, [row["grad_norm"] for row in rows])
    for row, cause in zip(rows, zero_causes):
        row["zero_cause"] = cause
    return pd.DataFrame(rows)


def _float32_rows(net: torch.nn.Module, spec: NetSpec, batch: int, seed: int, lr: float) -> list[dict]:
    """probe_gradients' rows, with zero_cause still to be filled in."""
    x = fixed_batch(spec.width, batch, seed).requires_grad_(True)  # (batch, width)

    outputs: list[torch.Tensor] = []
    h = x
    for block in net.blocks:
        checkpoint()
        h = block(h)
        h.retain_grad()
        outputs.append(h)
    readout = _readout_direction(spec.width, seed)  # (width,)
    loss = (h @ readout).sum()
    # d(L / batch)/dW_i: the mean loss; float64: squares of 1e-30 underflow in
    # float32. Only the norm is kept, taken as each weight's gradient arrives
    # and then dropped, so the weights' gradients (as many bytes as the
    # weights: 105 MB at depth 100 x width 512) are never all held at once.
    weight_grad_norms = [math.nan] * len(net.blocks)

    def keep_norm(layer: int):
        def hook(weight: torch.Tensor) -> None:
            weight_grad_norms[layer] = float(weight.grad.double().norm()) / batch
            weight.grad = None
            checkpoint()  # the backward pass stops here too, one layer at a time
        return hook

    for layer, block in enumerate(net.blocks):
        block.linear.weight.register_post_accumulate_grad_hook(keep_norm(layer))
    loss.backward()

    _, max_derivative = derivative_peak(spec.activation)
    # Quantiles of up to 4096 activations per layer, all layers in one call:
    # (depth, 4096) -> (depth, 5). Enough for a chart, 10x cheaper than all.
    # numpy partitions where torch.quantile sorts: 3x faster, same values.
    sample = torch.stack([h.detach().flatten()[:4096] for h in outputs]).numpy()
    with np.errstate(invalid="ignore"):  # overflowed layers: between two infs lies NaN, as in torch
        quantiles = np.quantile(sample, [0.05, 0.25, 0.5, 0.75, 0.95], axis=1).T
    # phi'(z) for every layer in one autograd call: (depth, batch, width).
    with torch.no_grad():
        normed = torch.stack([block.norm(block.z) for block in net.blocks])
    derivatives = activation_derivative(spec.activation, normed)  # (depth, batch, width)
    saturated = (derivatives < SATURATION_LEVEL * max_derivative).float().mean(dim=(1, 2))
    deriv_rms = derivatives.double().pow(2).mean(dim=(1, 2)).sqrt()
    grad_norms = [_rms(block.z.grad) for block in net.blocks]
    rows = []
    for i, (block, h_i) in enumerate(zip(net.blocks, outputs), start=1):
        weight = block.linear.weight
        weight_grad_norm = weight_grad_norms[i - 1]
        weight_norm = float(weight.detach().norm())
        in_grad = x.grad if i == 1 else outputs[i - 2].grad
        act = h_i.detach().flatten()
        q05, q25, q50, q75, q95 = quantiles[i - 1].tolist()
        rows.append(
            {
                "layer": i,
                "act_mean": float(act.mean()),
                "act_std": float(act.std()),
                "act_q05": q05,
                "act_q25": q25,
                "act_q50": q50,
                "act_q75": q75,
                "act_q95": q95,
                "saturated_frac": float(saturated[i - 1]),
                "deriv_rms": float(deriv_rms[i - 1]),
                "grad_norm": grad_norms[i - 1],
                "zero_cause": None,  # filled in by probe_gradients
                "out_grad_norm": _rms(h_i.grad),
                "in_grad_norm": _rms(in_grad),
                "weight_grad_norm": weight_grad_norm,
                "weight_norm": weight_norm,
                "update_ratio": lr * weight_grad_norm / weight_norm if weight_norm > 0 else math.nan,
            }
        )
    return rows


class _Float64Linear(torch.autograd.Function):
    """nn.Linear's x W^T + b in float64 on a float32 W, keeping only the
    float32 W for the backward pass: a float64 copy of every weight would
    add twice the weights' memory (210 MB at depth 100 x width 512). Each
    layer's float64 W is written into one scratch tensor per shape, reused
    by every layer: allocating and freeing a 2 MB copy per layer left the
    freed copies in glibc's heap (+360 MB of RSS instead of +46). The same
    float64 operations as the net converted with .double() (addmm, then
    grad @ W), so the same numbers. No weight gradient (None)."""

    @staticmethod
    def forward(ctx, x: torch.Tensor, weight: torch.Tensor, bias: torch.Tensor | None, scratch: dict) -> torch.Tensor:
        ctx.save_for_backward(weight)
        ctx.scratch = scratch
        w = _float64_copy(weight, scratch)  # (out, in)
        return torch.addmm(bias, x, w.t()) if bias is not None else x.mm(w.t())

    @staticmethod
    def backward(ctx, grad: torch.Tensor):
        (weight,) = ctx.saved_tensors
        return grad.mm(_float64_copy(weight, ctx.scratch)), None, None, None


def _float64_copy(weight: torch.Tensor, scratch: dict) -> torch.Tensor:
    """`weight` in float64, in the scratch tensor of its shape (overwritten by the next layer)."""
    if weight.shape not in scratch:
        scratch[weight.shape] = torch.empty(weight.shape, dtype=torch.float64)
    return scratch[weight.shape].copy_(weight)


def _run_in_float64(net: torch.nn.Module) -> None:
    """Make `net` compute in float64, in place: biases, norms and buffers
    (a few KB) become float64; the linear layers keep their float32 weights
    and multiply through _Float64Linear. No parameter requires grad. Undo
    the linears' forward with _stop_float64 when done: it refers to its
    module, a reference cycle that would keep the net (105 MB at the
    largest) alive until Python's cyclic collector runs."""
    net.requires_grad_(False)
    scratch: dict = {}
    for module in net.modules():
        for name, parameter in module.named_parameters(recurse=False):
            if not (isinstance(module, torch.nn.Linear) and name == "weight"):
                module._parameters[name] = torch.nn.Parameter(parameter.detach().double(), requires_grad=False)
        for name, buffer in module.named_buffers(recurse=False):
            if buffer is not None and buffer.is_floating_point():
                module._buffers[name] = buffer.double()
        if isinstance(module, torch.nn.Linear):
            module.forward = lambda x, m=module: _Float64Linear.apply(x, m.weight, m.bias, scratch)


def _stop_float64(net: torch.nn.Module) -> None:
    for module in net.modules():
        module.__dict__.pop("forward", None)


def _zero_causes(net: torch.nn.Module, spec: NetSpec, batch: int, seed: int, grad_norms: list[float]) -> list[str]:
    """zero_cause per layer (see probe_gradients). An exact zero is told
    apart by recomputing the gradients in float64 on the same weights and
    batch (`net`, after its float32 pass, turned to float64 in place), only
    when there is one. Float64 reaches 4.9e-324 where float32
    stops at 1.4e-45: at the app's settings (depth <= 100, weight scale >=
    0.1) a product of nonzero factors stays far above it (sigmoid, scale
    0.1, depth 100: about 1e-158), but a much smaller scale could underflow
    float64 too and read as "dead"."""
    if not any(g == 0 for g in grad_norms):
        return ["none"] * len(grad_norms)
    # Only dL/dz is needed: no weight gradients; the input requires grad so that every z does.
    _run_in_float64(net)
    try:
        h = fixed_batch(spec.width, batch, seed).double().requires_grad_(True)
        for block in net.blocks:
            checkpoint()
            h = block(h)
        (h @ _readout_direction(spec.width, seed).double()).sum().backward()
    finally:
        _stop_float64(net)
    scaled_by_zero = spec.weight_scale == 0 or (spec.residual and spec.residual_scale == 0)
    causes = []
    for g, block in zip(grad_norms, net.blocks):
        if g != 0:
            causes.append("none")
        elif _rms(block.z.grad) > 0:
            causes.append("underflow")
        else:
            causes.append("zero_scale" if scaled_by_zero else "dead")
    return causes


def grad_theory(spec: NetSpec, probe: pd.DataFrame) -> tuple[str, pd.DataFrame] | None:
    """The closed form that applies to `spec`, as (kind, frame[layer, grad_norm]),
    anchored at the measured last layer; None where no closed form applies
    or the last layer's gradient is 0 or not finite.

    kind:
      "power"          linear net with W = w I: exactly w^(L-i) (float32 exact
                       while the numbers are representable)
      "sigmoid_bound"  sigmoid with ||W||_2 = w known (scaled identity,
                       orthogonal): at most (0.25 w)^(L-i), a bound not a fit
      "mean_field"     Gaussian-like weights, no normalisation, no skips:
                       theory.mean_field_grad_profile (inputs have E[x^2] = 1)
    """
    from . import theory

    if spec.norm != "none" or spec.block != "layer":  # residual nets have block "preact"
        return None
    depth = spec.depth
    anchor = float(probe["grad_norm"].iloc[-1])
    if not (0 < anchor < math.inf):
        return None  # nothing to anchor a shape to: the last layer's gradient is 0 or overflowed
    steps_to_last = depth - probe["layer"].to_numpy()  # L - i
    if spec.activation == "linear" and spec.init == "scaled_identity":
        kind, values = "power", anchor * float(spec.weight_scale) ** steps_to_last
    elif spec.activation == "sigmoid" and spec.init in ("scaled_identity", "orthogonal"):
        kind, values = "sigmoid_bound", anchor * (theory.SIGMOID_MAX_DERIVATIVE * float(spec.weight_scale)) ** steps_to_last
    elif spec.effective_sigma_w is not None:
        profile = theory.mean_field_grad_profile(spec.activation, spec.effective_sigma_w, float(spec.bias_std), depth)
        kind, values = "mean_field", anchor * profile
    else:
        return None
    return kind, pd.DataFrame({"layer": probe["layer"], "grad_norm": values})
