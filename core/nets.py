"""Multilayer perceptrons whose gradient flow we want to look at.

A net of `depth` blocks maps x = h_0 to h_L. With block="layer" (a plain
MLP, the default) each block is one layer:

    z_i = W_i h_{i-1} + b_i            (pre-activation, shape (batch, width))
    h_i = phi(N(z_i))

With block="preact" each block is the pre-activation residual unit of He et
al. (2016, "Identity mappings in deep residual networks"), two weight layers:

    a_i = phi(N'(h_{i-1}))             (a_1 = x: the data is not activated)
    z_i = W_i a_i + b_i
    F_i = V_i phi(N(z_i)) + c_i
    h_i = h_{i-1} + alpha * F_i        residual=True (identity skip)
    h_i = F_i                          residual=False: the same blocks, no skip

N, N' are an optional BatchNorm/LayerNorm and phi the activation. F_i ends
in a zero-mean random linear layer, so the branch adds no common offset to
the signal (a branch ending in phi, as in h + alpha * relu(W h), adds a
positive mean at every block). The weights are initialised by
`NetSpec.init`; everything is drawn from the net's own torch.Generator
seeded with `NetSpec.seed` (never from torch's process-wide generator), so
the same spec always gives the same net, in any thread, with no lock.
"""

from __future__ import annotations

import hashlib
import math
import threading
import time
from collections import OrderedDict
from dataclasses import asdict, dataclass
from typing import Callable

import numpy as np
import torch
from torch import nn

from .activations import ACTIVATIONS
from .cancel import checkpoint
from .checks import check_choice, check_int, check_number

INITS = ("normal", "standard_uniform", "scaled_identity", "xavier_normal", "xavier_uniform", "he_normal", "orthogonal")
NORMS = ("none", "batch", "layer")
BLOCKS = ("layer", "preact")

DEPTH_RANGE = (1, 100)
WIDTH_RANGE = (2, 512)
WEIGHT_SCALE_RANGE = (0.0, 10.0)
BIAS_STD_RANGE = (0.0, 5.0)
RESIDUAL_SCALE_RANGE = (0.0, 2.0)
SEED_RANGE = (0, 2**31 - 1)


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
    block is "layer" (one layer per block) or "preact" (a pre-activation
    residual unit, two weight layers; see the module docstring).
    residual=True adds the identity skip h_i = h_{i-1} + alpha * F_i(h_{i-1})
    to pre-activation blocks (block="layer" is taken as "preact" then: a
    skip is only ever added around a zero-mean branch); residual_scale is
    alpha (only used when residual=True). The plain counterpart of a
    residual net, same weights, is replace(spec, residual=False).
    """

    depth: int = 10
    width: int = 64
    activation: str = "tanh"
    init: str = "normal"
    weight_scale: float = 1.0
    bias_std: float = 0.0
    norm: str = "none"
    block: str = "layer"
    residual: bool = False
    residual_scale: float = 1.0
    seed: int = 0

    def __post_init__(self) -> None:
        # Checked, and numpy scalars stored as the equal Python numbers (so a
        # spec from np.int64(10) is equal to, and hashes like, one from 10).
        # Frozen dataclass: set once, before anyone hashes it.
        for name, bounds in (("depth", DEPTH_RANGE), ("width", WIDTH_RANGE), ("seed", SEED_RANGE)):
            object.__setattr__(self, name, check_int(name, getattr(self, name), bounds))
        for name, choices in (("activation", ACTIVATIONS), ("init", INITS), ("norm", NORMS), ("block", BLOCKS)):
            check_choice(name, getattr(self, name), choices)
        for name, bounds in (("weight_scale", WEIGHT_SCALE_RANGE), ("bias_std", BIAS_STD_RANGE), ("residual_scale", RESIDUAL_SCALE_RANGE)):
            object.__setattr__(self, name, check_number(name, getattr(self, name), bounds))
        if not isinstance(self.residual, (bool, np.bool_)):
            raise ValueError(f"residual must be True or False, got {self.residual!r}")
        object.__setattr__(self, "residual", bool(self.residual))
        if self.residual and self.block == "layer":
            object.__setattr__(self, "block", "preact")

    def to_dict(self) -> dict:
        return asdict(self)

    @property
    def weight_layers(self) -> int:
        """Weight layers whose activations a pass keeps: depth, twice that
        for pre-activation blocks (W and V); the work caps count these."""
        return self.depth * (2 if self.block == "preact" else 1)

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
    and biases from the net's generator (the default init draws from the
    process-wide one, and it dominated build time at depth 100). Not
    nn.utils.skip_init: that runs the init on the meta device through
    PyTorch's Python reference ops, 0.4 ms per layer."""

    def reset_parameters(self) -> None:
        pass


def default_linear_init_(linear: nn.Linear, generator: torch.Generator) -> None:
    """PyTorch's default init of nn.Linear (nn.Linear.reset_parameters),
    drawn from `generator` in the same order: W ~ U(+-1/sqrt(fan_in)) (as
    kaiming_uniform_ with a = sqrt(5)), then b ~ U(+-1/sqrt(fan_in)). The
    same generator state gives bit-identical values to reset_parameters
    after torch.manual_seed (tests/test_core_nets.py)."""
    nn.init.kaiming_uniform_(linear.weight, a=math.sqrt(5), generator=generator)
    if linear.bias is not None:
        fan_in = linear.weight.shape[1]
        bound = 1 / math.sqrt(fan_in) if fan_in > 0 else 0
        nn.init.uniform_(linear.bias, -bound, bound, generator=generator)


def _norm(kind: str, width: int) -> nn.Module:
    return {"none": nn.Identity, "batch": lambda: nn.BatchNorm1d(width), "layer": lambda: nn.LayerNorm(width)}[kind]()


class Block(nn.Module):
    """One block (see the module docstring):

      block="layer"   h_out = phi(N(W h_in + b))
      block="preact"  F = V phi(N(W phi(N'(h_in)) + b)) + c  (the first block
                      reads the data: W h_in), h_out = [skip +] alpha * F
                      with skip = h_in, or W_s h_in (a projection, no bias,
                      He et al. 2016) when the width changes

    `linear` is W and `norm` is N in both kinds; keeps its last
    pre-activation z = W(.) + b, shape (batch, width), so a probe can ask
    for dL/dz without hooks.
    """

    def __init__(self, fan_in: int, width: int, spec: NetSpec, first: bool = False) -> None:
        super().__init__()
        self.preact = spec.block == "preact"
        self.linear = _UninitialisedLinear(fan_in, width)
        self.norm = _norm(spec.norm, width)
        self.phi = ACTIVATIONS[spec.activation]()
        self.residual = spec.residual
        self.alpha = float(spec.residual_scale)
        self.z: torch.Tensor | None = None
        if not self.preact:
            return
        # The first block reads the data, not an earlier block's output: W
        # takes x as it is (a ReLU in front would zero every negative input).
        self.in_norm: nn.Module | None = None if first else _norm(spec.norm, fan_in)
        self.out = _UninitialisedLinear(width, width)
        # Projection shortcut (He et al. 2016) when the skip changes width.
        self.shortcut: nn.Module | None = None
        if spec.residual and fan_in != width:
            self.shortcut = _UninitialisedLinear(fan_in, width, bias=False)  # PyTorch's default init, drawn last by build_mlp

    def forward(self, h: torch.Tensor) -> torch.Tensor:
        if not self.preact:
            return self.phi(self.norm(self._pre_activation(h)))
        branch = self.branch(h)
        if not self.residual:
            return branch
        return self.skip(h) + self.alpha * branch

    def _pre_activation(self, a: torch.Tensor) -> torch.Tensor:
        z = self.linear(a)  # (batch, width)
        if z.requires_grad:
            z.retain_grad()
        self.z = z
        return z

    def branch(self, h: torch.Tensor) -> torch.Tensor:
        """F(h) of a pre-activation block, (batch, width)."""
        a = h if self.in_norm is None else self.phi(self.in_norm(h))
        return self.out(self.phi(self.norm(self._pre_activation(a))))

    def skip(self, h: torch.Tensor) -> torch.Tensor:
        """The shortcut of a residual block: h, or W_s h when the width changes."""
        return h if self.shortcut is None else self.shortcut(h)


class MLP(nn.Module):
    """`depth` Blocks followed by an optional linear readout. Its weights are
    left uninitialised: build it with build_mlp."""

    def __init__(self, spec: NetSpec, in_features: int, out_features: int | None) -> None:
        super().__init__()
        self.spec = spec
        fan_ins = [in_features] + [spec.width] * (spec.depth - 1)
        self.blocks = nn.ModuleList(Block(f, spec.width, spec, first=i == 0) for i, f in enumerate(fan_ins))
        self.readout = _UninitialisedLinear(spec.width, out_features) if out_features else None

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = x
        for block in self.blocks:
            h = block(h)
        return h if self.readout is None else self.readout(h)

    def hidden_linears(self) -> list[nn.Linear]:
        """W of every block, one per block (a pre-activation block's second
        layer V is not included)."""
        return [block.linear for block in self.blocks]


class OrthogonalFactors:
    """A thread-safe LRU of nn.init.orthogonal_'s factors, bounded by bytes.

    orthogonal_(W, gain, generator) draws a Gaussian matrix from the
    generator, takes its QR factorisation and writes gain * Q: at depth 100
    x width 512 the hundred 512 x 512 QRs took 1.7-1.9 s of a build, and a
    rebuild with another gain, activation or depth (a slider move) repeated
    them. Q depends only on the generator's state before the draw, the
    weight's shape and dtype, so it is kept under that key with the state
    the draw leaves; a hit writes Q, multiplies by the gain as orthogonal_
    does (bit-identical: tests/test_core_nets.py) and sets the generator to
    the saved after-state, exactly where the draw would have left it. The
    lock guards only the table, never a QR: concurrent builds never wait
    for each other here. `expire` drops the factors no build has used for a
    while (a server calls it in idle time).

    With admit_after=2 a factor is kept only when it is drawn a second time:
    the first draw of a key leaves a 16-byte digest of it (at most
    `max_seen` digests, the least recently drawn forgotten first), so a
    class's links with new seeds, each built once, never fill the table
    with factors no one asks for again, while a net rebuilt (a slider
    moved) keeps its factors on its second build and reads them from the
    third."""

    def __init__(self, max_bytes: int, clock: Callable[[], float] = time.monotonic, admit_after: int = 1,
                 max_seen: int = 4096) -> None:
        if admit_after not in (1, 2):
            raise ValueError(f"admit_after must be 1 or 2, got {admit_after!r}")
        self.max_bytes = max_bytes
        self.bytes = 0
        self.admit_after = admit_after
        self.max_seen = max_seen
        self._clock = clock
        self._entries: OrderedDict[tuple, tuple[torch.Tensor, torch.Tensor]] = OrderedDict()  # key -> (Q, generator state after)
        self._used: dict[tuple, float] = {}  # key -> the clock at its last use
        self._seen: OrderedDict[bytes, None] = OrderedDict()  # digests of keys drawn once and not kept (admit_after=2)
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._entries)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._used.clear()
            self._seen.clear()
            self.bytes = 0

    def expire(self, unused_for: float) -> int:
        """Drop every factor unused for more than `unused_for` seconds; returns how many."""
        now = self._clock()
        with self._lock:
            old = [key for key, used in self._used.items() if now - used > unused_for]
            for key in old:
                self._drop(key)
        return len(old)

    def _drop(self, key: tuple) -> None:  # under the lock
        q, after = self._entries.pop(key)
        del self._used[key]
        self.bytes -= q.numel() * q.element_size() + 2 * after.numel()

    def orthogonal_(self, weight: torch.Tensor, gain: float, generator: torch.Generator) -> None:
        """nn.init.orthogonal_(weight, gain, generator), from the table when it has the factor."""
        before = generator.get_state()
        key = (before.numpy().tobytes(), tuple(weight.shape), weight.dtype)
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
                self._used[key] = self._clock()
        with torch.no_grad():
            if entry is not None:
                q, after = entry
                generator.set_state(after)
                weight.copy_(q)
            else:
                nn.init.orthogonal_(weight, gain=1.0, generator=generator)  # x 1.0 is exact: weight is Q
                self._keep(key, weight.detach().clone(), generator.get_state())
            weight.mul_(gain)  # as orthogonal_ scales its Q

    def _keep(self, key: tuple, q: torch.Tensor, after: torch.Tensor) -> None:
        size = q.numel() * q.element_size() + 2 * after.numel()  # Q, and the two generator states (key, after)
        if size > self.max_bytes:
            return
        with self._lock:
            if key in self._entries:  # another thread drew the same factor meanwhile
                return
            if self.admit_after == 2 and not self._seen_before(key):
                return
            self._entries[key] = (q, after)
            self._used[key] = self._clock()
            self.bytes += size
            while self.bytes > self.max_bytes:
                self._drop(next(iter(self._entries)))

    def _seen_before(self, key: tuple) -> bool:  # under the lock
        """Whether `key` was drawn before (and forget it: it is kept now); if
        not, remember that it was drawn once."""
        state, shape, dtype = key
        digest = hashlib.blake2b(state + repr((shape, dtype)).encode(), digest_size=16).digest()
        if digest in self._seen:
            del self._seen[digest]
            return True
        self._seen[digest] = None
        if len(self._seen) > self.max_seen:
            self._seen.popitem(last=False)
        return False


# Room for the factors of the largest plain net, 100 layers of 512 x 512
# float32 (1 MiB each, plus 10 KB of generator states): a rebuild of it at
# another gain, activation or depth computes no QR (1.9 s -> 0.2 s). Kept
# from a net's second build on (admit_after=2): kept from the first, the
# factors of every new seed's net filled it through a class's distinct
# largest links, and the server's RSS peaked ~100 MB higher (815-826
# against 702-732 MB through 200 such links; 658-663 MB at their end
# against 539-568;
# benchmarks/README.md).
ORTHOGONAL_FACTORS = OrthogonalFactors(max_bytes=DEPTH_RANGE[1] * (WIDTH_RANGE[1] ** 2 * 4 + 2 * 5056), admit_after=2)


def init_weight_(weight: torch.Tensor, init: str, scale: float, generator: torch.Generator) -> None:
    """Initialise one (fan_out, fan_in) weight matrix in place (see NetSpec),
    drawing from `generator`."""
    fan_out, fan_in = weight.shape
    with torch.no_grad():
        if init == "normal":
            nn.init.normal_(weight, 0.0, scale / math.sqrt(fan_in), generator=generator)
        elif init == "standard_uniform":
            bound = scale / math.sqrt(fan_in)
            nn.init.uniform_(weight, -bound, bound, generator=generator)
        elif init == "scaled_identity":
            weight.copy_(scale * torch.eye(fan_out, fan_in))
        elif init == "xavier_normal":
            nn.init.xavier_normal_(weight, gain=scale, generator=generator)
        elif init == "xavier_uniform":
            nn.init.xavier_uniform_(weight, gain=scale, generator=generator)
        elif init == "he_normal":
            nn.init.kaiming_normal_(weight, nonlinearity="relu", generator=generator)
            weight.mul_(scale)
        elif init == "orthogonal":
            ORTHOGONAL_FACTORS.orthogonal_(weight, scale, generator)
        else:  # NetSpec validates; this guards direct callers
            raise ValueError(f"init must be one of {list(INITS)}, got {init!r}")


def build_mlp(spec: NetSpec, in_features: int | None = None, out_features: int | None = None) -> MLP:
    """Build and initialise the net described by `spec`.

    in_features defaults to `spec.width` (square layers, as the mean-field
    theory assumes); out_features=None leaves the net without a readout.
    The readout keeps PyTorch's default init: it is not part of the study.

    Every random number comes from one torch.Generator seeded with
    spec.seed, in the order the nets were first built with torch.manual_seed
    (readout, then W and b [V and c] block by block, then the shortcuts), so
    the weights are those of every figure so far; torch's process-wide
    generator is neither read nor advanced, and concurrent builds in other
    threads cannot disturb each other (no lock).
    """
    generator = torch.Generator().manual_seed(spec.seed)
    net = MLP(spec, in_features or spec.width, out_features)
    if net.readout is not None:
        default_linear_init_(net.readout, generator)  # drawn first: the readout was built before the blocks were initialised
    for block in net.blocks:
        checkpoint()  # an orthogonal init's QR of 512 x 512 takes ~10 ms per layer
        for linear in (block.linear, block.out) if block.preact else (block.linear,):
            init_weight_(linear.weight, spec.init, spec.weight_scale, generator)
            with torch.no_grad():
                if spec.bias_std > 0:
                    nn.init.normal_(linear.bias, 0.0, spec.bias_std, generator=generator)
                else:
                    nn.init.zeros_(linear.bias)
    # Drawn after every W and V, so that a residual net and its plain
    # counterpart (no shortcuts) get the same W, V and readout.
    for block in net.blocks:
        if block.preact and block.shortcut is not None:
            default_linear_init_(block.shortcut, generator)
    return net
