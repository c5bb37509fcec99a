"""A small, honest training loop for the MLPs.

Each step: forward on the whole (generated) dataset, binary cross-entropy
on the logits (or squared error against +-1 targets), backward, optional clipping with torch.nn.utils, optimiser
step. The loop records what a teacher wants to plot and stops at the first
non-finite loss or gradient, saying at which step and what overflowed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable

import pandas as pd
import torch
from torch import nn

from .data import two_spirals
from .checks import MAX_TRAIN_UNITS, check_choice, check_int, check_number, check_work
from .nets import MLP, SEED_RANGE, NetSpec, build_mlp

OPTIMIZERS = ("sgd", "momentum", "rmsprop", "adam")
CLIPPING = ("none", "norm", "value")
LOSSES = ("bce", "mse")
LR_RANGE = (1e-5, 100.0)
STEPS_RANGE = (1, 5000)
CLIP_RANGE = (1e-4, 1e4)
POINTS_RANGE = (8, 4096)


def check_training(config) -> None:
    """The fields every training config has: optimizer, clip, lr, steps,
    clip_threshold, data_seed (TrainConfig and RecurrentTrainConfig)."""
    check_choice("optimizer", config.optimizer, OPTIMIZERS)
    check_choice("clip", config.clip, CLIPPING)
    # Frozen dataclasses: numpy scalars stored as the equal Python numbers.
    for name, bounds in (("lr", LR_RANGE), ("clip_threshold", CLIP_RANGE)):
        object.__setattr__(config, name, check_number(name, getattr(config, name), bounds))
    for name, bounds in (("steps", STEPS_RANGE), ("data_seed", SEED_RANGE)):
        object.__setattr__(config, name, check_int(name, getattr(config, name), bounds))


def check_training_work(spec: NetSpec, config: TrainConfig) -> None:
    """spec is a NetSpec, config a TrainConfig, and the full batch of
    config.points examples through spec's net is at most MAX_TRAIN_UNITS
    (points x width x weight layers); else ValueError naming the field."""
    if not isinstance(spec, NetSpec):
        raise ValueError(f"spec must be a NetSpec, got {type(spec).__name__}")
    if not isinstance(config, TrainConfig):
        raise ValueError(f"config must be a TrainConfig, got {type(config).__name__}")
    check_work("points", config.points, spec.width * spec.weight_layers, MAX_TRAIN_UNITS, "width x weight layers")


@dataclass(frozen=True)
class TrainConfig:
    """How to train. clip="norm" rescales the whole gradient to norm <=
    clip_threshold (Pascanu et al. 2013); clip="value" clamps each entry to
    [-clip_threshold, clip_threshold]."""

    optimizer: str = "adam"
    loss: str = "bce"  # "mse": squared error against +-1 targets; it can overflow, BCE on logits grows only linearly
    lr: float = 0.01
    steps: int = 150
    clip: str = "none"
    clip_threshold: float = 1.0
    points: int = 256
    data_seed: int = 0
    layer_every: int = 1  # record per-layer gradient norms every this many steps

    def __post_init__(self) -> None:
        check_training(self)
        check_choice("loss", self.loss, LOSSES)
        for name, bounds in (("points", POINTS_RANGE), ("layer_every", STEPS_RANGE)):
            object.__setattr__(self, name, check_int(name, getattr(self, name), bounds))


@dataclass
class Overflow:
    """The first non-finite value: at `step` (1-based), `quantity` is
    "loss" or "gradient"."""

    step: int
    quantity: str


@dataclass
class TrainResult:
    """history: one row per completed step (step, loss, param_grad_norm_before,
    param_grad_norm_after, accuracy): the L2 norm over ALL parameters of the
    mean loss's gradient, before and after clipping (what clipping compares
    with its threshold). layer_grads: long table (step, layer,
    weight_grad_norm, the Frobenius norm of one layer's dL/dW). weight_change: per hidden layer,
    ||W_end - W_start|| / ||W_start||. overflow: None if every step was finite."""

    history: pd.DataFrame
    layer_grads: pd.DataFrame
    weight_change: pd.DataFrame
    overflow: Overflow | None = None
    meta: dict = field(default_factory=dict)

    @property
    def final_loss(self) -> float:
        return float(self.history["loss"].iloc[-1]) if len(self.history) else math.nan


def make_optimizer(name: str, params, lr: float) -> torch.optim.Optimizer:
    # foreach: one fused update over all tensors; on CPU PyTorch defaults to a
    # per-tensor loop, which costs as much as the forward pass of these small nets.
    if name == "sgd":
        return torch.optim.SGD(params, lr=lr, foreach=True)
    if name == "momentum":
        return torch.optim.SGD(params, lr=lr, momentum=0.9, foreach=True)
    if name == "rmsprop":
        return torch.optim.RMSprop(params, lr=lr, foreach=True)
    if name == "adam":
        return torch.optim.Adam(params, lr=lr, foreach=True)
    raise ValueError(f"optimizer must be one of {list(OPTIMIZERS)}, got {name!r}")


def clip_gradients(params: list[nn.Parameter], clip: str, threshold: float) -> tuple[float, float]:
    """Clip in place; return (total L2 norm before, after)."""
    if clip == "norm":
        before = float(torch.nn.utils.clip_grad_norm_(params, threshold))
    else:
        before = float(torch.nn.utils.get_total_norm([p.grad for p in params if p.grad is not None]))
        if clip == "value":
            torch.nn.utils.clip_grad_value_(params, threshold)
    if clip == "none":
        return before, before
    after = float(torch.nn.utils.get_total_norm([p.grad for p in params if p.grad is not None]))
    return before, after


def training_data(config: TrainConfig) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, nn.Module]:
    """What train_mlp fits: (x, y, target, loss_fn). x (points, 2) and labels
    y (points,) in {0, 1} from two_spirals; target is what the loss compares
    the logits with (y for BCE, 2y - 1 = +-1 for MSE)."""
    x, y = two_spirals(config.points, seed=config.data_seed)  # (points, 2), (points,)
    if config.loss == "bce":
        return x, y, y, nn.BCEWithLogitsLoss()
    return x, y, 2 * y - 1, nn.MSELoss()  # targets -1 / +1


def training_net(spec: NetSpec) -> MLP:
    """The net train_mlp trains: build_mlp(spec, 2, 1). Its first layer has 2
    inputs, so its weights differ from the square probe net's in every layer."""
    return build_mlp(spec, in_features=2, out_features=1)


def gradient_at_init(spec: NetSpec, config: TrainConfig = TrainConfig()) -> pd.DataFrame:
    """What backpropagation delivers to each layer of train_mlp's net before
    its first step, for its data and loss: one row per layer 0..depth, with
    grad_norm = RMS over points and units of dL/dz_i (z_i the pre-activation
    of hidden layer i) and out_grad_norm = RMS of dL/dh_i (h_i the layer's or
    block's output, the residual stream); at layer 0 both are dL/dx (the input)."""
    check_training_work(spec, config)
    net = training_net(spec)
    x, _, target, loss_fn = training_data(config)
    x = x.clone().requires_grad_(True)
    outputs, h = [], x
    for block in net.blocks:
        h = block(h)  # (points, width)
        h.retain_grad()
        outputs.append(h)
    loss_fn(net.readout(h).squeeze(-1), target).backward()

    def rms(grad: torch.Tensor) -> float:
        return float(grad.double().pow(2).mean().sqrt())  # float64: squares of tiny gradients do not underflow

    return pd.DataFrame({
        "layer": range(spec.depth + 1),
        "grad_norm": [rms(x.grad)] + [rms(block.z.grad) for block in net.blocks],
        "out_grad_norm": [rms(x.grad)] + [rms(h.grad) for h in outputs],
    })


def train_mlp(
    spec: NetSpec,
    config: TrainConfig = TrainConfig(),
    progress: Callable[[int, int, list[dict]], None] | None = None,
) -> TrainResult:
    """Train build_mlp(spec, 2, 1) on two spirals; see TrainResult.

    `progress(step, steps, history)` is called after every step with the
    history rows so far; do not modify them. config.points x spec.width x
    spec.weight_layers is at most core.checks.MAX_TRAIN_UNITS."""
    check_training_work(spec, config)
    if progress is not None and not callable(progress):
        raise ValueError(f"progress must be callable or None, got {progress!r}")
    x, y, target, loss_fn = training_data(config)
    net = training_net(spec)
    params = [p for p in net.parameters() if p.requires_grad]
    optimizer = make_optimizer(config.optimizer, params, config.lr)
    start_weights = [w.detach().clone() for w in (l.weight for l in net.hidden_linears())]

    history, layer_rows = [], []
    overflow: Overflow | None = None
    for step in range(1, config.steps + 1):
        optimizer.zero_grad(set_to_none=True)
        logits = net(x).squeeze(-1)  # (points,)
        loss = loss_fn(logits, target)
        if not torch.isfinite(loss):
            overflow = Overflow(step, "loss")
            break
        loss.backward()
        record_layers = step % config.layer_every == 0 or step == 1
        if record_layers:  # before clipping: what backprop delivered to each layer
            layer_norms = torch.stack([linear.weight.grad.double().norm() for linear in net.hidden_linears()]).tolist()  # float64: no underflow when squaring
        before, after = clip_gradients(params, config.clip, config.clip_threshold)
        if not math.isfinite(before):
            overflow = Overflow(step, "gradient")
            break
        if record_layers:
            layer_rows += [{"step": step, "layer": i, "weight_grad_norm": n} for i, n in enumerate(layer_norms, start=1)]
        accuracy = float(((logits > 0).float() == y).float().mean())
        history.append({"step": step, "loss": float(loss.detach()), "param_grad_norm_before": before, "param_grad_norm_after": after, "accuracy": accuracy})
        optimizer.step()
        if progress is not None:
            progress(step, config.steps, history)

    end_weights = [l.weight.detach() for l in net.hidden_linears()]
    weight_change = pd.DataFrame(
        {
            "layer": range(1, spec.depth + 1),
            "weight_change": [
                float((end - start).double().norm() / start.double().norm()) if float(start.norm()) > 0 else math.nan
                for start, end in zip(start_weights, end_weights)
            ],
        }
    )
    return TrainResult(
        history=pd.DataFrame(history, columns=["step", "loss", "param_grad_norm_before", "param_grad_norm_after", "accuracy"]),
        layer_grads=pd.DataFrame(layer_rows, columns=["step", "layer", "weight_grad_norm"]),
        weight_change=weight_change,
        overflow=overflow,
    )
