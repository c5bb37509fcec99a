"""Zero, constant and random inits on one net: who breaks the symmetry.

One plain MLP (core.nets' blocks) on the two spirals, x (points, 2) -> depth
hidden layers of `width` units -> one logit, binary cross-entropy, every
weight of every layer (the readout included, as in the deeplearning.ai
initialisation exercise) drawn by one of six inits, biases 0:

  zeros     W = 0
  constant  W = c (every entry)
  small     W ~ N(0, 0.01^2)      (deeplearning.ai: randn * 0.01)
  large     W ~ N(0, 10^2)        (deeplearning.ai: randn * 10)
  xavier    W ~ N(0, 2 / (fan_in + fan_out))   (Glorot & Bengio 2010)
  he        W ~ N(0, 2 / fan_in)               (He et al. 2015)

Why a constant init cannot learn more than one feature per layer: with
z_i = W_i h_{i-1} and every W_i constant, every unit of layer i gets the
same z_i, so the same h_i; backwards, delta_i = W_{i+1}^T delta_{i+1} * phi'(z_i)
gives every unit the same delta_i (delta = dL/dz), and dL/dW_i = delta_i
h_{i-1}^T has identical rows. An update that treats each weight alike (SGD,
Adam: elementwise) keeps the rows identical, step after step: the layer
keeps computing one feature, copied `width` times. Zero init is the case
c = 0, and more: delta_i = W_{i+1}^T delta_{i+1} * phi'(z_i) = 0 for every
hidden layer, so only the readout (whose delta is sigma(logit) - y) can get
a gradient, dL/dW_out = mean_b delta_out phi(0) (0 for tanh and ReLU).

Everything runs in float64, so that "exactly 0" and "identical rows" are
statements about the maths, not about float32 rounding.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
import torch
from torch import nn

from .activations import ACTIVATIONS
from .cancel import checkpoint
from .checks import check_choice, check_int, check_number
from .data import two_spirals
from .nets import MLP, NetSpec, SEED_RANGE, init_weight_
from .train import make_optimizer

INITS = ("zeros", "constant", "small", "large", "xavier", "he")
SMALL_STD, LARGE_STD = 0.01, 10.0  # the deeplearning.ai exercise's randn * 0.01 and randn * 10
INPUTS = 2  # the spirals' x, y

# The ranges bound one net's work: points x width x weight layers is at most
# 512 x 128 x 31 (2 M units, an eighth of core.checks.MAX_TRAIN_UNITS).
DEPTH_RANGE = (1, 30)
WIDTH_RANGE = (2, 128)
CONSTANT_RANGE = (-1.0, 1.0)
POINTS_RANGE = (8, 512)
STEPS_RANGE = (0, 300)
LR_RANGE = (1e-4, 1.0)
# Rows of dL/dW (or of [W | b]) closer than this, relative to the largest
# row, count as the same unit: float64 rounding is ~1e-16, a random init's
# rows differ by O(1).
SAME_ROW = 1e-9


@dataclass(frozen=True)
class SymmetryConfig:
    """One comparison: the net (depth x width, activation), c of the
    constant init, the data (points of the two spirals) and the training
    (steps of Adam at lr; 0 steps: the gradient at init only). The
    defaults are the Vanishing page's section's: ReLU, as in the
    deeplearning.ai exercise, and a c at which the constant net's gradient
    neither vanishes nor explodes (c n = 1.6 per layer)."""

    depth: int = 5
    width: int = 32
    activation: str = "relu"
    constant: float = 0.05
    points: int = 256
    steps: int = 50
    lr: float = 0.01
    seed: int = 0

    def __post_init__(self) -> None:
        for name, bounds in (("depth", DEPTH_RANGE), ("width", WIDTH_RANGE), ("points", POINTS_RANGE), ("steps", STEPS_RANGE), ("seed", SEED_RANGE)):
            object.__setattr__(self, name, check_int(name, getattr(self, name), bounds))
        check_choice("activation", self.activation, ACTIVATIONS)
        for name, bounds in (("constant", CONSTANT_RANGE), ("lr", LR_RANGE)):
            object.__setattr__(self, name, float(check_number(name, getattr(self, name), bounds)))


def linears(net: MLP) -> list[nn.Linear]:
    """Every weight layer, input first: the hidden layers, then the readout."""
    return net.hidden_linears() + [net.readout]


def init_layer_(linear: nn.Linear, init: str, constant: float, generator: torch.Generator) -> None:
    """One layer's W by `init` (see the module docstring), b = 0."""
    check_choice("init", init, INITS)
    weight = linear.weight
    with torch.no_grad():
        if init in ("zeros", "constant"):
            weight.fill_(constant if init == "constant" else 0.0)
        elif init in ("small", "large"):
            nn.init.normal_(weight, 0.0, SMALL_STD if init == "small" else LARGE_STD, generator=generator)
        else:
            init_weight_(weight, "xavier_normal" if init == "xavier" else "he_normal", 1.0, generator)
        linear.bias.zero_()


def build_net(config: SymmetryConfig, init: str) -> MLP:
    """The comparison's net with `init`, float64. Every random init draws
    from the same seed, layer after layer, so small and large are the same
    draws at two scales."""
    spec = NetSpec(depth=config.depth, width=config.width, activation=config.activation, seed=config.seed)
    net = MLP(spec, INPUTS, 1).double()  # core.nets' blocks, left uninitialised; float64 before c is written
    generator = torch.Generator().manual_seed(config.seed)
    for linear in linears(net):
        init_layer_(linear, init, config.constant, generator)
    return net


def data(config: SymmetryConfig) -> tuple[torch.Tensor, torch.Tensor]:
    """The two spirals, float64: x (points, 2), y (points,) in {0, 1}."""
    x, y = two_spirals(config.points, seed=config.seed)
    return x.double(), y.double()


def distinct_rows(matrix: torch.Tensor) -> int:
    """How many different rows `matrix` has: rows within SAME_ROW x the
    largest row's norm of each other count once (an all-zero matrix has one)."""
    rows = matrix.detach().double()
    scale = float(rows.norm(dim=1).max())
    if scale == 0.0:
        return 1
    # (units, units); exact differences, not cdist's faster |a|^2 + |b|^2 - 2ab (off by ~1e-8 relative)
    close = torch.cdist(rows, rows, compute_mode="donot_use_mm_for_euclid_dist") <= SAME_ROW * scale
    left = torch.ones(len(rows), dtype=torch.bool)
    groups = 0
    while left.any():  # take the first unit left and every unit equal to it
        first = int(left.nonzero()[0])
        left &= ~close[first]
        left[first] = False
        groups += 1
    return groups


def row_spread(matrix: torch.Tensor) -> float:
    """max_j ||row_j - row_1|| / max_j ||row_j||: 0 exactly when every row
    is the same (0 also for an all-zero matrix; against the first row, not
    the mean, whose rounding would make equal rows differ), order 1 for random rows."""
    rows = matrix.detach().double()
    scale = float(rows.norm(dim=1).max())
    return 0.0 if scale == 0.0 else float((rows - rows[0]).norm(dim=1).max()) / scale


def _rows(linear: nn.Linear, gradient: bool) -> torch.Tensor:
    """[W | b] (or its gradient), one row per unit: (fan_out, fan_in + 1)."""
    if gradient:
        return torch.cat([linear.weight.grad, linear.bias.grad[:, None]], dim=1)
    return torch.cat([linear.weight, linear.bias[:, None]], dim=1).detach()


def probe(config: SymmetryConfig, init: str) -> pd.DataFrame:
    """One forward and backward pass at init on all the points. One row per
    weight layer, layer = 1..depth (hidden) and depth + 1 (the readout):
      grad_norm     RMS over points and units of dL/dz_i for one point's
                    loss (delta_i; the mean loss's times `points`)
      weight_grad   ||dL/dW_i||_F of the mean loss
      distinct      distinct rows of [dL/dW_i | dL/db_i] (distinct_rows):
                    units that will move differently
      spread        row_spread of the same
      units         the layer's units (1 for the readout)
    """
    net = build_net(config, init)
    x, y = data(config)
    logits = net(x).squeeze(-1)  # (points,)
    nn.functional.binary_cross_entropy_with_logits(logits, y).backward()
    layers = linears(net)
    deltas = [block.z.grad * config.points for block in net.blocks]  # z keeps its grad (core.nets.Block)
    deltas.append((torch.sigmoid(logits.detach()) - y)[:, None])  # the readout's delta: sigma(logit) - y, per point
    rows = []
    for index, (linear, delta) in enumerate(zip(layers, deltas)):
        grads = _rows(linear, gradient=True)
        rows.append({
            "layer": index + 1, "grad_norm": float(delta.pow(2).mean().sqrt()), "weight_grad": float(linear.weight.grad.norm()),
            "distinct": distinct_rows(grads), "spread": row_spread(grads), "units": linear.out_features,
        })
    return pd.DataFrame(rows)


@dataclass
class SymmetryRun:
    """One init's training: history (step, loss, accuracy; step 0 = at
    init), and per weight layer after training (layer, distinct units by
    their rows [W | b], spread of those rows, units)."""

    init: str
    history: pd.DataFrame
    layers: pd.DataFrame


def train(config: SymmetryConfig, init: str) -> SymmetryRun:
    """config.steps steps of Adam (elementwise: equal gradients give equal
    steps) on the mean loss over all the points, float64. A non-finite loss
    (a large init overflowing) is recorded and ends the run."""
    net = build_net(config, init)
    x, y = data(config)
    optimizer = make_optimizer("adam", net.parameters(), config.lr)
    history = []
    for step in range(config.steps + 1):
        checkpoint()
        optimizer.zero_grad(set_to_none=True)
        logits = net(x).squeeze(-1)
        loss = nn.functional.binary_cross_entropy_with_logits(logits, y)
        history.append({"step": step, "loss": loss.item(), "accuracy": float(((logits > 0).double() == y).double().mean())})
        if step == config.steps or not math.isfinite(history[-1]["loss"]):
            break
        loss.backward()
        optimizer.step()
    layers = [
        {"layer": index + 1, "distinct": distinct_rows(_rows(linear, False)), "spread": row_spread(_rows(linear, False)), "units": linear.out_features}
        for index, linear in enumerate(linears(net))
    ]
    return SymmetryRun(init, pd.DataFrame(history), pd.DataFrame(layers))


def constant_closed_form(config: SymmetryConfig) -> list[np.ndarray]:
    """dL/dW_i of the constant init, i = 1..depth + 1, by hand (every unit of
    a layer alike, so each layer is one number per point). With s = x_1 + x_2,
    n = width, c = constant, B = points:
      z_1 = c s,  z_i = c n phi(z_{i-1}),  logit = c n phi(z_L)
      delta_out = (sigma(logit) - y) / B            (mean BCE)
      delta_L = c delta_out phi'(z_L),  delta_i = c n delta_{i+1} phi'(z_i)
      dL/dW_1[j, k] = sum_b delta_1 x_k,  dL/dW_i[j, k] = sum_b delta_i phi(z_{i-1})
    Returned as full (fan_out, fan_in) matrices, float64."""
    c, n = config.constant, config.width
    x, y = data(config)
    phi = ACTIVATIONS[config.activation]()
    z = [c * x.sum(dim=1)]  # (points,) per layer
    for _ in range(config.depth - 1):
        z.append(c * n * phi(z[-1]))
    logit = c * n * phi(z[-1])
    delta = (torch.sigmoid(logit) - y) / config.points
    zs = [zi.clone().requires_grad_(True) for zi in z]
    derivs = [torch.autograd.grad(phi(zi).sum(), zi)[0] for zi in zs]  # phi'(z_i)
    grads = [(delta * phi(z[-1])).sum().expand(1, n)]  # the readout, (1, n)
    delta = c * delta * derivs[-1]
    for i in range(config.depth - 1, -1, -1):
        inputs = x if i == 0 else phi(z[i - 1])[:, None].expand(-1, n)
        grads.append((delta[:, None] * inputs).sum(dim=0).expand(n, -1))
        if i:
            delta = c * n * delta * derivs[i - 1]
    return [g.detach().numpy() for g in reversed(grads)]
