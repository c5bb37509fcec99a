"""The numbers the Residual blocks page's sentences state, computed.

Every function returns a dict whose keys are the format fields of the
en/zh strings (residual.*, preset.residual.*, predict.residual.*); the
settings a sentence names are arguments with the page's values as defaults,
and tests/test_claims_residual.py asserts each stated relation there.

Gradients compared are the stream gradient dL/dh_i (core.residual.GRADIENT)
at block 1 over the last block, of the probe net (width 64, Xavier-normal
weights, zero biases, batch 32) at initialisation.
"""

from __future__ import annotations

import math
from functools import lru_cache

import pandas as pd

from .. import theory
from ..checks import check_int
from ..nets import DEPTH_RANGE, NetSpec
from ..probe import probe_gradients
from ..residual import GRADIENT, branch_scale_gradients, compare_probe, degradation_specs, first_to_last, pair
from ..train import TrainConfig, gradient_at_init
from ..transformer import VARIANTS, TransformerSpec, compare_variants

# The page's settings.
WIDTH = 64
DEPTH = 50  # the flow section's default depth, in blocks
FLAT_BAND = 10.0  # "within 10x": block 1's gradient within this factor of the last block's, either way
LAW_DEPTH = 100  # where the variance law is checked against the measurement
LAW_SEEDS = 10  # nets measured for the finite-width spread
TRAIN_WIDTH = 32
SEEDS_RANGE = (1, 100)  # nets averaged by a claim
SHALLOW_DEPTH = 4
DEEP_DEPTH = 30
DEGRADATION_CONFIG = TrainConfig(steps=100, optimizer="adam", lr=0.01, layer_every=100)  # the effect is complete by step 100 (measured to 200)
CHANCE_LOSS = math.log(2.0)  # binary cross-entropy of predicting 1/2 everywhere
NEAR_CHANCE = 0.05  # "near chance": final loss within this of ln 2
LEARNS = CHANCE_LOSS / 2  # "learns": final loss below half the chance loss


def probe_spec(activation: str, depth: int = DEPTH, alpha: float = 1.0, norm: str = "none", seed: int = 0) -> NetSpec:
    """The flow section's net (the plain and residual nets are core.residual.pair of it)."""
    return NetSpec(depth=depth, width=WIDTH, activation=activation, init="xavier_normal", norm=norm, residual_scale=alpha, seed=seed)


def constants() -> dict[str, float]:
    """The law's constants the help texts state: the bound e^(1/8) on the
    RMS growth at alpha = 1/sqrt(L), and chi of a ReLU branch,
    sigma_w^4 E[relu'^2]^2 = 1/4 at sigma_w = 1."""
    return {"bound": math.exp(1.0 / 8.0), "relu_chi": theory.derivative_second_moment("relu", 1.0) ** 2}


def within_band(ratio: float) -> bool:
    """Block 1's gradient within FLAT_BAND of the last block's, either way."""
    return 1.0 / FLAT_BAND <= ratio <= FLAT_BAND


def law_applies(spec: NetSpec) -> bool:
    """The mean-field law assumes no normalisation and Gaussian-like weights."""
    return spec.norm == "none" and spec.effective_sigma_w is not None


def law(spec: NetSpec) -> dict[str, float] | None:
    """The mean-field law's block 1 / block L ratios for the plain and the
    residual net of `spec` (theory.residual_profile); None where it does
    not apply."""
    if not law_applies(spec):
        return None
    return {
        name: float(theory.residual_profile(spec.activation, spec.effective_sigma_w, spec.bias_std, spec.depth, spec.residual_scale, skip=skip)[1][0])
        for name, skip in (("plain", False), ("residual", True))
    }


def flow(activation: str, depth: int = DEPTH, alpha: float = 1.0, norm: str = "none", seed: int = 0) -> dict[str, float]:
    """Measured block 1 / block L ratios of the plain and residual nets
    (`plain`, `residual`) and the law's (`law_plain`, `law_residual`, NaN
    with normalisation)."""
    spec = probe_spec(activation, depth, alpha, norm, seed)
    probes = compare_probe(spec)
    measured = {name: first_to_last(probes[probes["net"] == name], GRADIENT) for name in ("plain", "residual")}
    predicted = law(spec) or {"plain": math.nan, "residual": math.nan}
    return {**measured, "law_plain": predicted["plain"], "law_residual": predicted["residual"], "depth": depth, "alpha": alpha, "band": FLAT_BAND}


def notice() -> dict[str, float]:
    """Fields of residual.notice: the sigmoid and ReLU nets at depth DEPTH,
    ReLU with alpha = 1 and with alpha = 1/sqrt(DEPTH), and the degradation
    experiment's deep plain net's first-step gradient."""
    sigmoid, relu = flow("sigmoid"), flow("relu")
    scaled_alpha = 1.0 / math.sqrt(DEPTH)
    scaled = flow("relu", alpha=scaled_alpha)
    return {
        "depth": DEPTH,
        "band": FLAT_BAND,
        "sigmoid_plain": sigmoid["plain"],
        "sigmoid_law": sigmoid["law_plain"],
        "sigmoid_residual": sigmoid["residual"],
        "relu_plain": relu["plain"],
        "relu_residual": relu["residual"],
        "relu_law": relu["law_residual"],
        "scaled_alpha": scaled_alpha,
        "scaled_residual": scaled["residual"],
        "scaled_law": scaled["law_residual"],
        **degradation_gradients(),
    }


def variance_law(depth: int = LAW_DEPTH, seeds: int = LAW_SEEDS) -> dict[str, float]:
    """Fields of residual.math_variance: ReLU at alpha = 1/sqrt(depth), the
    law (1 + alpha^2/4)^((depth-1)/2), its bound e^(1/8) at any depth, the
    measured ratio at seed 0 and its range over `seeds` nets."""
    depth, seeds = check_int("depth", depth, DEPTH_RANGE), check_int("seeds", seeds, SEEDS_RANGE)
    alpha = 1.0 / math.sqrt(depth)
    nets = [pair(probe_spec("relu", depth, alpha, seed=seed))["residual"] for seed in range(seeds)]
    measured = [first_to_last(probe_gradients(net, seed=net.seed), GRADIENT) for net in nets]
    return {
        "depth": depth,
        "width": WIDTH,
        "alpha": alpha,
        "law": theory.relu_residual_growth(alpha, depth),
        "bound": constants()["bound"],
        "measured": measured[0],
        "low": min(measured),
        "high": max(measured),
        "seeds": seeds,
    }


def degradation_base(activation: str = "tanh", depth: int = DEEP_DEPTH, alpha: float = 1.0) -> NetSpec:
    """The degradation experiment's deep net (degradation_specs gives all three)."""
    return NetSpec(depth=depth, width=TRAIN_WIDTH, activation=activation, init="xavier_normal", residual_scale=alpha)


def first_step_ratio(spec: NetSpec, config: TrainConfig = DEGRADATION_CONFIG) -> float:
    """Block 1 / last block of the gradient that the first training step of
    `spec` receives (core.train.gradient_at_init, blocks 1..L)."""
    return first_to_last(gradient_at_init(spec, config).iloc[1:], GRADIENT)


def degradation_gradients(activation: str = "tanh", depth: int = DEEP_DEPTH, alpha: float = 1.0) -> dict[str, float]:
    """Fields about the degradation experiment that need no training: the
    first-step gradient ratio of the deep plain net, and the chance loss."""
    specs = degradation_specs(degradation_base(activation, depth, alpha), SHALLOW_DEPTH)
    return {
        "deep_depth": depth,
        "shallow_depth": SHALLOW_DEPTH,
        "deep_plain_gradient": first_step_ratio(specs["deep_plain"]),
        "chance": CHANCE_LOSS,
    }


def alpha_zero(spec: NetSpec) -> dict[str, float]:
    """At alpha = 0: the RMS over blocks of dL/dalpha_i, which is not zero
    (ReZero and SkipInit train alpha from 0)."""
    grads = branch_scale_gradients(spec)
    return {"alpha_grad": float(math.sqrt((grads**2).mean()))}


# --- Transformers: Post-LN versus Pre-LN (Xiong et al. 2020) ---------------------------
LN_LAYERS = 12  # the section's default depth, in blocks
LN_LAYER_RANGE = (2, 24)
LN_D_MODELS = (32, 64, 128)  # at d = 16 (4 units per head) 8 nets leave Post-LN's per-block curve noisy: spread 1.7-4.2 across depths
LN_D_MODEL = 64
LN_SEEDS = 8  # nets averaged per curve
LN_SCALING = (6, 24)  # L and 4L: the 1/sqrt(L) law of Theorem 1
SAME_BAND = 1.25  # the question's "about the same": the last blocks within this factor


def ln_spec(layers: int = LN_LAYERS, d_model: int = LN_D_MODEL) -> TransformerSpec:
    """The section's stack (variant set by compare_variants)."""
    return TransformerSpec(layers=layers, d_model=d_model)


def ln_summary(profiles: pd.DataFrame) -> dict[str, float]:
    """The numbers the section states, from compare_variants' frame: per
    variant the last block's FFN gradient over block 1's (`post`, `pre`),
    the spread max/min over the blocks (`post_spread`, `pre_spread`), the
    spread of w2_grad x RMS(x_l), constant under the 1/RMS law (`law_spread`),
    Pre-LN's stream RMS at the last block (`rms`), and Post-LN's last-block
    gradient over Pre-LN's (`last`)."""
    post, pre = (profiles[profiles["variant"] == v] for v in VARIANTS)
    law = pre["w2_grad"] * pre["stream_rms"]
    return {
        "layers": len(post),
        "post": float(post["w2_grad"].iloc[-1] / post["w2_grad"].iloc[0]),
        "pre": float(pre["w2_grad"].iloc[-1] / pre["w2_grad"].iloc[0]),
        "post_spread": float(post["w2_grad"].max() / post["w2_grad"].min()),
        "pre_spread": float(pre["w2_grad"].max() / pre["w2_grad"].min()),
        "law_spread": float(law.max() / law.min()),
        "rms": float(pre["stream_rms"].iloc[-1]),
        "last": float(post["w2_grad"].iloc[-1] / pre["w2_grad"].iloc[-1]),
    }


def ln_flow(layers: int = LN_LAYERS, d_model: int = LN_D_MODEL, seeds: int = LN_SEEDS) -> dict[str, float]:
    """ln_summary at these settings."""
    return ln_summary(compare_variants(ln_spec(layers, d_model), seeds))


def ln_answer(last: float) -> str:
    """The question's right choice for Post-LN's last-block gradient over Pre-LN's."""
    if 1 / SAME_BAND <= last <= SAME_BAND:
        return "same"
    return "post" if last > 1 else "pre"


def ln_scaling(d_model: int = LN_D_MODEL, seeds: int = LN_SEEDS) -> dict[str, float]:
    """Theorem 1 measured: the last block's FFN gradient at L = LN_SCALING[0]
    over L = LN_SCALING[1], per variant (`pre`: the law says sqrt(4) = 2 as L
    grows; `post`: 1), Pre-LN's stream RMS at the last block, L = 24 over
    L = 6 (`rms`), and the numbers the sentence names."""
    short, long = LN_SCALING
    profiles = {L: compare_variants(ln_spec(L, d_model), seeds) for L in LN_SCALING}

    def last(L: int, variant: str, column: str) -> float:
        frame = profiles[L]
        return float(frame.loc[frame["variant"] == variant, column].iloc[-1])

    return {
        "short": short, "long": long, "factor": long // short, "sqrt": math.sqrt(long / short), "d_model": d_model, "seeds": seeds,
        "pre": last(short, "pre", "w2_grad") / last(long, "pre", "w2_grad"),
        "post": last(short, "post", "w2_grad") / last(long, "post", "w2_grad"),
        "rms": last(long, "pre", "stream_rms") / last(short, "pre", "stream_rms"),
    }


@lru_cache(maxsize=1)
def ln_preset() -> dict[str, float]:
    """Fields of preset.residual.xiong: the deepest stack the slider allows."""
    layers = LN_LAYER_RANGE[1]
    return {**ln_flow(layers), "layers": layers}
