"""Post-LN against Pre-LN Transformer blocks: the gradient at initialisation.

Xiong et al. (2020, "On Layer Normalization in the Transformer
Architecture") compare the two places of the layer norm in a Transformer:

    Post-LN (Vaswani et al. 2017)  x_{l+1} = LN(y + FFN(y)),   y = LN(x_l + Attn(x_l))
    Pre-LN                         x_{l+1} = y + FFN(LN(y)),   y = x_l + Attn(LN(x_l)),
                                   and one more LN after the last block.

Both are torch.nn.TransformerEncoderLayer (norm_first=False / True; ReLU
FFN d -> 4d -> d, no dropout). Their weights are drawn here, Xavier-normal
(gain 1) for Q, K, V, the attention's output and both FFN layers, zero
biases, LN scale 1 and shift 0: the initialisation Xiong et al. analyse.

Theorem 1 of the paper bounds the gradient of the last block's second FFN
weight W^{2,L} at initialisation: O(d sqrt(ln d)) for Post-LN, whatever L,
and O(d sqrt(ln d / L)) for Pre-LN, so it shrinks like 1/sqrt(L). The
mechanism, block by block: a block's FFN output enters the stream x, and
the loss sees x only after a layer norm, which divides by the RMS of x.
Post-LN normalises the stream after every block (RMS 1 everywhere); Pre-LN
never does, so every block adds to it and RMS(x_l)^2 grows linearly in l.
In Pre-LN the gradient reaching block l's output is then proportional to
1/RMS(x_l) (the backward pass through the later blocks grows the gradient
by the same factors the forward pass grew the stream, and the final LN
divides by RMS(x_L)): the FFN gradient falls with l, like 1/sqrt(L) at the
last block. `stream_rms` is returned with the gradients to check that.

Inputs are synthetic: `batch` sequences of `seq_len` random token
embeddings N(0, 1) (RMS 1, as a Post-LN stream), a fixed random readout to
CLASSES classes, N(0, 1/d), and a random target class per token; the loss
is the mean cross-entropy over the tokens (the paper's setting: a softmax
cross-entropy on the last representation). Everything random is drawn from
one torch.Generator seeded with the spec's seed, never from torch's
process-wide generator.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
import torch
from torch import nn

from .cancel import checkpoint, checkpoint_hook
from .checks import check_choice, check_int

VARIANTS = ("post", "pre")  # norm_first=False, True
CLASSES = 64  # the readout's classes (the random targets')
FFN_MULT = 4  # dim_feedforward = 4 d_model, as in Vaswani et al.

LAYERS_RANGE = (1, 24)
D_MODEL_RANGE = (8, 128)
HEADS_RANGE = (1, 8)
SEQ_LEN_RANGE = (2, 64)
BATCH_RANGE = (1, 32)
SEEDS_RANGE = (1, 32)
SEED_RANGE = (0, 2**31 - 1)
# batch x seq_len x d_model x layers of one net: the activations backprop
# keeps, and its time (about 0.15 s per million on one core, measured;
# the page's largest, 8 x 16 x 128 x 24 = 0.4 M, takes 2.6 s for 8 seeds of
# both variants). The seeds an average takes multiply it (MAX_SEED_UNITS).
MAX_TOKEN_UNITS = 2**21
MAX_SEED_UNITS = 2**23

COLUMNS = ("w1_grad", "w2_grad", "stream_grad", "stream_rms")


@dataclass(frozen=True)
class TransformerSpec:
    """A stack of `layers` encoder blocks at initialisation and its synthetic batch.

    variant "post" (LN after each residual sum) or "pre" (LN inside each
    branch, and a final LN); d_model must be a multiple of heads.
    """

    layers: int = 12
    d_model: int = 64
    heads: int = 4
    seq_len: int = 16
    batch: int = 8
    variant: str = "post"
    seed: int = 0

    def __post_init__(self) -> None:
        for name, bounds in (("layers", LAYERS_RANGE), ("d_model", D_MODEL_RANGE), ("heads", HEADS_RANGE),
                             ("seq_len", SEQ_LEN_RANGE), ("batch", BATCH_RANGE), ("seed", SEED_RANGE)):
            object.__setattr__(self, name, check_int(name, getattr(self, name), bounds))
        check_choice("variant", self.variant, VARIANTS)
        if self.d_model % self.heads:
            raise ValueError(f"d_model must be a multiple of heads, got d_model={self.d_model}, heads={self.heads}")
        if self.units > MAX_TOKEN_UNITS:
            raise ValueError(f"batch x seq_len x d_model x layers must be at most {MAX_TOKEN_UNITS:,}, got {self.units:,}")

    @property
    def units(self) -> int:
        """batch x seq_len x d_model x layers: what the work caps count."""
        return self.batch * self.seq_len * self.d_model * self.layers

    @property
    def norm_first(self) -> bool:
        return self.variant == "pre"


def build_stack(spec: TransformerSpec, generator: torch.Generator) -> tuple[nn.ModuleList, nn.Module]:
    """The blocks and the last norm (a LayerNorm for Pre-LN, the identity for
    Post-LN, whose last block ends in one), initialised from `generator`.
    nn.utils.skip_init builds the layers without PyTorch's default init,
    which would draw from the process-wide generator."""
    d = spec.d_model
    blocks = nn.ModuleList(
        nn.utils.skip_init(nn.TransformerEncoderLayer, d, spec.heads, FFN_MULT * d, dropout=0.0, batch_first=True, norm_first=spec.norm_first)
        for _ in range(spec.layers)
    )
    with torch.no_grad():
        for block in blocks:
            checkpoint()
            for weight in block.self_attn.in_proj_weight.chunk(3):  # W_Q, W_K, W_V, each (d, d): a view, initialised in place
                nn.init.xavier_normal_(weight, generator=generator)
            for linear in (block.self_attn.out_proj, block.linear1, block.linear2):
                nn.init.xavier_normal_(linear.weight, generator=generator)
                nn.init.zeros_(linear.bias)
            nn.init.zeros_(block.self_attn.in_proj_bias)
            for norm in (block.norm1, block.norm2):
                nn.init.ones_(norm.weight)
                nn.init.zeros_(norm.bias)
    final = nn.LayerNorm(d) if spec.norm_first else nn.Identity()  # LayerNorm's own init: scale 1, shift 0 (no random draw)
    return blocks, final


def synthetic_task(spec: TransformerSpec, generator: torch.Generator) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """(embeddings (batch, seq_len, d) N(0, 1), readout (CLASSES, d) N(0, 1/d),
    targets (batch, seq_len) uniform over the classes), drawn after the weights."""
    d = spec.d_model
    embeddings = torch.randn(spec.batch, spec.seq_len, d, generator=generator)
    readout = torch.randn(CLASSES, d, generator=generator) / math.sqrt(d)  # logits of RMS 1 for a stream of RMS 1
    targets = torch.randint(0, CLASSES, (spec.batch, spec.seq_len), generator=generator)
    return embeddings, readout, targets


def layer_gradients(spec: TransformerSpec) -> pd.DataFrame:
    """One net at initialisation, one backward pass. A row per block
    (`layer` 1 = next to the input): the Frobenius norms of dL/dW1 (linear1)
    and dL/dW2 (linear2) of its FFN, of dL/dx_l at its output (over the
    whole batch), and the RMS of that output x_l."""
    generator = torch.Generator().manual_seed(spec.seed)
    blocks, final = build_stack(spec, generator)
    x, readout, targets = synthetic_task(spec, generator)
    outputs = []
    for block in blocks:
        checkpoint()
        x = block(x)  # (batch, seq_len, d)
        x.retain_grad()
        x.register_hook(checkpoint_hook)  # the backward pass stops at a block too
        outputs.append(x)
    logits = final(x) @ readout.T  # (batch, seq_len, CLASSES)
    nn.functional.cross_entropy(logits.reshape(-1, CLASSES), targets.reshape(-1)).backward()
    return pd.DataFrame({
        "layer": np.arange(1, spec.layers + 1),
        "w1_grad": [block.linear1.weight.grad.norm().item() for block in blocks],
        "w2_grad": [block.linear2.weight.grad.norm().item() for block in blocks],
        "stream_grad": [out.grad.norm().item() for out in outputs],
        "stream_rms": [out.detach().pow(2).mean().sqrt().item() for out in outputs],
    })


def seed_average(spec: TransformerSpec, seeds: int) -> pd.DataFrame:
    """layer_gradients averaged over nets spec.seed .. spec.seed + seeds - 1
    (each column's mean per layer)."""
    seeds = check_int("seeds", seeds, SEEDS_RANGE)
    check_int("last seed", spec.seed + seeds - 1, SEED_RANGE)
    if seeds * spec.units > MAX_SEED_UNITS:
        raise ValueError(f"seeds x batch x seq_len x d_model x layers must be at most {MAX_SEED_UNITS:,}, got {seeds} x {spec.units:,}")
    frames = [layer_gradients(replace(spec, seed=spec.seed + k)) for k in range(seeds)]
    return pd.concat(frames).groupby("layer", as_index=False)[list(COLUMNS)].mean()


def compare_variants(spec: TransformerSpec, seeds: int) -> pd.DataFrame:
    """seed_average for Post-LN and Pre-LN at the settings of `spec` (same
    weights and batch for both: the same seeds draw them), stacked with a
    column `variant` in VARIANTS."""
    return pd.concat([seed_average(replace(spec, variant=v), seeds).assign(variant=v) for v in VARIANTS], ignore_index=True)


def last_layer_gradient(spec: TransformerSpec, seeds: int) -> float:
    """dL/dW2 of the last block (Frobenius), averaged over `seeds` nets: the
    quantity of Xiong et al.'s Theorem 1."""
    return float(seed_average(spec, seeds)["w2_grad"].iloc[-1])


def rms_law(profile: pd.DataFrame) -> np.ndarray:
    """The FFN gradient per block that the 1/RMS law predicts from the
    forward pass alone, anchored at the last block: w2_grad[L] x
    RMS(x_L) / RMS(x_l). `profile` is one variant's seed_average. For
    Post-LN (RMS 1 everywhere) a flat line."""
    rms = profile["stream_rms"].to_numpy()
    return float(profile["w2_grad"].iloc[-1]) * rms[-1] / rms
