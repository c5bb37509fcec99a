"""Multilayer perceptrons whose gradient flow we want to look at.

A net of `depth` hidden layers maps x = h_0 to h_L through

    z_i = W_i h_{i-1} + b_i            (pre-activation, shape (batch, width))
    h_i = phi(N(z_i))                  plain
    h_i = h_{i-1} + alpha * phi(N(z_i))   residual (identity skip)

where N is an optional BatchNorm/LayerNorm and phi the activation. The
weights are initialised by `NetSpec.init`; everything is seeded so the same
spec always gives the same net.
"""

from __future__ import annotations

import math
import threading
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from typing import Iterator

import torch
from torch import nn

from .activations import ACTIVATIONS

INITS = ("normal", "standard_uniform", "scaled_identity", "xavier_normal", "xavier_uniform", "he_normal", "orthogonal")
NORMS = ("none", "batch", "layer")

DEPTH_RANGE = (1, 100)
WIDTH_RANGE = (2, 512)
WEIGHT_SCALE_RANGE = (0.0, 10.0)
BIAS_STD_RANGE = (0.0, 5.0)
RESIDUAL_SCALE_RANGE = (0.0, 2.0)
SEED_RANGE = (0, 2**31 - 1)


def check_int(name: str, value, bounds: tuple[int, int]) -> None:
    """An int (not a bool) within bounds, else ValueError naming the field."""
    low, high = bounds
    if isinstance(value, bool) or not isinstance(value, int) or not (low <= value <= high):
        raise ValueError(f"{name} must be an integer in [{low}, {high}], got {value!r}")


def check_number(name: str, value, bounds: tuple[float, float]) -> None:
    """A real number (int or float, not a bool or string) within bounds."""
    low, high = bounds
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not (low <= value <= high):  # rejects NaN too
        raise ValueError(f"{name} must be a number in [{low}, {high}], got {value!r}")


def _check_choice(name: str, value: str, choices) -> None:
    if value not in choices:
        raise ValueError(f"{name} must be one of {sorted(choices)}, got {value!r}")


@dataclass(frozen=True)
class NetSpec:
    """Everything that defines a net at initialisation.

    weight_scale means, by `init`:
      normal           W ~ N(0, weight_scale^2 / fan_in)  (mean-field sigma_w)
      standard_uniform W ~ U(-a, a), a = weight_scale / sqrt(fan_in): at
                       scale 1 Glorot & Bengio's "standard" init and
                       nn.Linear's default, Var W = 1 / (3 fan_in)
      scaled_identity  W = weight_scale * I, so a linear net multiplies by
                       weight_scale^depth exactly
      xavier_*, orthogonal  the `gain` of torch.nn.init
      he_normal        a factor on Kaiming's N(0, 2 / fan_in) weights
    Biases are N(0, bias_std^2) (sigma_b); 0 gives zero biases.
    residual_scale is alpha in h_i = h_{i-1} + alpha * F(h_{i-1}) (only used
    when residual=True).
    """

    depth: int = 10
    width: int = 64
    activation: str = "tanh"
    init: str = "normal"
    weight_scale: float = 1.0
    bias_std: float = 0.0
    norm: str = "none"
    residual: bool = False
    residual_scale: float = 1.0
    seed: int = 0

    def __post_init__(self) -> None:
        check_int("depth", self.depth, DEPTH_RANGE)
        check_int("width", self.width, WIDTH_RANGE)
        _check_choice("activation", self.activation, ACTIVATIONS)
        _check_choice("init", self.init, INITS)
        _check_choice("norm", self.norm, NORMS)
        check_number("weight_scale", self.weight_scale, WEIGHT_SCALE_RANGE)
        check_number("bias_std", self.bias_std, BIAS_STD_RANGE)
        check_number("residual_scale", self.residual_scale, RESIDUAL_SCALE_RANGE)
        if not isinstance(self.residual, bool):
            raise ValueError(f"residual must be True or False, got {self.residual!r}")
        check_int("seed", self.seed, SEED_RANGE)

    def to_dict(self) -> dict:
        return asdict(self)

    @property
    def effective_sigma_w(self) -> float | None:
        """sigma_w of the mean-field theory (Var W = sigma_w^2 / fan_in) for
        Gaussian-like inits of square layers; None where it does not apply."""
        if self.init in ("normal", "xavier_normal", "xavier_uniform"):
            return float(self.weight_scale)  # xavier: gain^2 * 2/(n+n) = gain^2/n
        if self.init == "standard_uniform":
            return float(self.weight_scale) / math.sqrt(3.0)  # Var U(-a, a) = a^2 / 3
        if self.init == "he_normal":
            return float(self.weight_scale) * math.sqrt(2.0)
        return None


class _UninitialisedLinear(nn.Linear):
    """nn.Linear without PyTorch's default init: build_mlp sets the weights
    and biases, so the default init would be wasted work (it dominated build
    time at depth 100), and it draws no random numbers. Not
    nn.utils.skip_init: that runs the init on the meta device through
    PyTorch's Python reference ops, 0.4 ms per layer."""

    def reset_parameters(self) -> None:
        pass


class Block(nn.Module):
    """One hidden layer: h_out = [h_in +] alpha * phi(N(W h_in + b)).

    Keeps its last pre-activation z (batch, width) so a probe can ask for
    dL/dz without hooks.
    """

    def __init__(self, fan_in: int, width: int, spec: NetSpec) -> None:
        super().__init__()
        self.linear = _UninitialisedLinear(fan_in, width)
        self.norm: nn.Module = {
            "none": nn.Identity,
            "batch": lambda: nn.BatchNorm1d(width),
            "layer": lambda: nn.LayerNorm(width),
        }[spec.norm]()
        self.phi = ACTIVATIONS[spec.activation]()
        self.residual = spec.residual
        self.alpha = float(spec.residual_scale)
        # Projection shortcut (He et al. 2016) when the skip changes width.
        self.shortcut: nn.Module | None = None
        if spec.residual and fan_in != width:
            self.shortcut = nn.Linear(fan_in, width, bias=False)  # PyTorch's default init
        self.z: torch.Tensor | None = None

    def forward(self, h: torch.Tensor) -> torch.Tensor:
        z = self.linear(h)  # (batch, width)
        if z.requires_grad:
            z.retain_grad()
        self.z = z
        branch = self.phi(self.norm(z))
        if not self.residual:
            return branch
        skip = h if self.shortcut is None else self.shortcut(h)
        return skip + self.alpha * branch


class MLP(nn.Module):
    """`depth` Blocks followed by an optional linear readout."""

    def __init__(self, spec: NetSpec, in_features: int, out_features: int | None) -> None:
        super().__init__()
        self.spec = spec
        fan_ins = [in_features] + [spec.width] * (spec.depth - 1)
        self.blocks = nn.ModuleList(Block(f, spec.width, spec) for f in fan_ins)
        self.readout = nn.Linear(spec.width, out_features) if out_features else None

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = x
        for block in self.blocks:
            h = block(h)
        return h if self.readout is None else self.readout(h)

    def hidden_linears(self) -> list[nn.Linear]:
        return [block.linear for block in self.blocks]


def init_weight_(weight: torch.Tensor, init: str, scale: float) -> None:
    """Initialise one (fan_out, fan_in) weight matrix in place (see NetSpec)."""
    fan_out, fan_in = weight.shape
    with torch.no_grad():
        if init == "normal":
            nn.init.normal_(weight, 0.0, scale / math.sqrt(fan_in))
        elif init == "standard_uniform":
            bound = scale / math.sqrt(fan_in)
            nn.init.uniform_(weight, -bound, bound)
        elif init == "scaled_identity":
            weight.copy_(scale * torch.eye(fan_out, fan_in))
        elif init == "xavier_normal":
            nn.init.xavier_normal_(weight, gain=scale)
        elif init == "xavier_uniform":
            nn.init.xavier_uniform_(weight, gain=scale)
        elif init == "he_normal":
            nn.init.kaiming_normal_(weight, nonlinearity="relu")
            weight.mul_(scale)
        elif init == "orthogonal":
            nn.init.orthogonal_(weight, gain=scale)
        else:  # NetSpec validates; this guards direct callers
            raise ValueError(f"init must be one of {list(INITS)}, got {init!r}")


# PyTorch's layers draw their default init from the process-wide generator.
# Building two nets at once in different threads (two sessions, or a
# session and the app's prefetcher) interleaved their draws: 107 of 140
# concurrent builds got weights other than their seed's
# (tests/test_core_nets.py). One net is seeded and built at a time.
_GLOBAL_RNG_LOCK = threading.Lock()


@contextmanager
def seeded(seed: int) -> Iterator[None]:
    """The global RNG seeded with `seed` for this block only, one thread at a
    time; the global RNG is left as it was."""
    with _GLOBAL_RNG_LOCK:
        state = torch.random.get_rng_state()
        torch.manual_seed(seed)
        try:
            yield
        finally:
            torch.random.set_rng_state(state)


def build_mlp(spec: NetSpec, in_features: int | None = None, out_features: int | None = None) -> MLP:
    """Build and initialise the net described by `spec`.

    in_features defaults to `spec.width` (square layers, as the mean-field
    theory assumes); out_features=None leaves the net without a readout.
    The readout keeps PyTorch's default init: it is not part of the study.
    """
    with seeded(spec.seed):
        net = MLP(spec, in_features or spec.width, out_features)
        for block in net.blocks:
            init_weight_(block.linear.weight, spec.init, spec.weight_scale)
            with torch.no_grad():
                if spec.bias_std > 0:
                    nn.init.normal_(block.linear.bias, 0.0, spec.bias_std)
                else:
                    nn.init.zeros_(block.linear.bias)
    return net
