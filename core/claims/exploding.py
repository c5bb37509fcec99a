"""The numbers the Exploding gradients page states, and the computations behind them.

The settings the text names (the 5^10 net, the matrices, the training
runs) are defined here once; the page's defaults and presets read them from
here, so a sentence and the control it talks about cannot drift apart.
Cheap numbers (one forward/backward pass, a 2x2 eigendecomposition) are
computed when the page asks; the training runs behind the relations the
text states ("overflows", "stays finite", "ends below the baseline") are
computed by `training_outcomes`, which tests/test_claims_exploding.py runs
at the stated settings (the page does not train before its button).
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
import pandas as pd

from core import products, theory
from core.activations import derivative_peak
from core.checks import check_int, check_number
from core.nets import DEPTH_RANGE, WEIGHT_SCALE_RANGE, NetSpec
from core.probe import probe_gradients
from core.train import TrainConfig, gradient_at_init, train_mlp, training_data

# --- settings the text names ---------------------------------------------------
HEADLINE_W, HEADLINE_DEPTH = 5.0, 10  # the linear net W = 5I, 10 layers: 5^10
SMALL_W = 0.5  # the same net with factors below 1
PROBE_WIDTH = 64  # the depth demo's width

# A popular article's example matrix (it claims eigenvalues 7 and 1), with x = (1, 1).
ARTICLE_MATRIX = ((2.0, 3.0), (4.0, 5.0))
ARTICLE_VECTOR = (1.0, 1.0)
# The matrix lab's default: non-normal (upper triangular), so sigma_max = 2.53
# is well above |lambda_max| = 1.5 and x = (0, 1) has a transient faster than
# 1.5 per step: the measured, spectral-radius and sigma_max curves differ.
DEFAULT_MATRIX = ((1.5, 2.0), (0.0, 0.5))
DEFAULT_VECTOR = (0.0, 1.0)
DEFAULT_POWERS = 15

# The products lab: n x n matrices with N(0, sigma^2/n) entries, fresh at
# every step (PRODUCT_SAMPLES products) against one drawn matrix repeated.
# sigma = 1 keeps E||Wx||^2 = ||x||^2 and yet lambda_1 < 0. Draw 3 is the
# first whose rho(W) > 1 at these settings (tests check it): its powers grow
# while the fresh product shrinks.
PRODUCT_N, PRODUCT_SIGMA, PRODUCT_STEPS, PRODUCT_DRAW = 4, 1.0, 60, 3
PRODUCT_SIZES, PRODUCT_SIGMAS, PRODUCT_MAX_STEPS, PRODUCT_DRAWS = (1, 16), (0.1, 4.0, 0.05), 200, (0, 99)  # the sliders' ranges
PRODUCT_SAMPLES = 200
PRODUCT_BAND = (0.1, 0.9)  # the band's quantiles over the samples
NEWMAN = {"product_n": 4, "product_sigma": 2.0}  # entries N(0, 2^2/4) = N(0, 1): Newman's 4 x 4 example
RHO_DRAWS = 1000  # single matrices drawn at the critical scale (radius_spread)

# The training demo: a tanh net W ~ N(0, w^2/n) trained with plain SGD on MSE.
TRAIN_DEPTH, TRAIN_WIDTH, TRAIN_STEPS = 10, 64, 150
TRAIN_SCALE_RANGE = (0.5, 4.0, 0.1)  # the w slider: low, high, step
LEARNING_RATES = (0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0)
CLIP_THRESHOLDS = (0.1, 0.3, 1.0, 3.0, 10.0)
DIVERGENCE = {"train_scale": 1.0, "lr": 0.3, "clip_threshold": 1.0}  # the default, and Pascanu's point
DEEP_W = 3.0  # a net whose gradient grows through depth at init
# overflow at both w = 1 and w = 3 / at neither. 0.1 was risky enough on an Intel machine; on an AMD EPYC
# (other rounding) w = 1 at 0.1 trained to 0.93 without overflow, while 0.3 overflows at steps 19 and 17 on it.
RISKY_LR, SAFE_LR = 0.3, 0.01


def training_spec(weight_scale: float) -> NetSpec:
    return NetSpec(depth=TRAIN_DEPTH, width=TRAIN_WIDTH, activation="tanh", init="normal", weight_scale=float(weight_scale))


def training_configs(lr: float, threshold: float) -> tuple[TrainConfig, TrainConfig]:
    """(without clipping, with norm clipping at `threshold`): same data, same steps."""
    plain = TrainConfig(optimizer="sgd", loss="mse", lr=lr, steps=TRAIN_STEPS)
    return plain, TrainConfig(optimizer="sgd", loss="mse", lr=lr, steps=TRAIN_STEPS, clip="norm", clip_threshold=threshold)


# --- the intro -------------------------------------------------------------------
def activation_peaks() -> dict:
    """max phi' of the activations the intro names (core.activations.derivative_peak)."""
    return {name: derivative_peak(name)[1] for name in ("sigmoid", "tanh", "relu", "gelu")}


# --- explosion through depth ---------------------------------------------------------
def with_input_layer(spec: NetSpec, probe: pd.DataFrame, grad_theory: tuple[str, pd.DataFrame] | None) -> tuple[pd.DataFrame, tuple[str, pd.DataFrame] | None]:
    """The probe's per-layer RMS of dL/dz (layers 1..L) with layer 0 added:
    the RMS of dL/dx, the gradient that reaches the input (the probe's
    in_grad_norm of layer 1). The loss's gradient dL/dh_L has RMS 1 (random
    signs), so layer 0 is the gain from loss to input: w^L for W = wI.

    The theory (core.probe.grad_theory) gets layer 0 too: dL/dx = W_1^T dL/dz_1,
    and a square W with Var W = w^2/n (or W = wI) multiplies the RMS by w.
    Returns (measured frame[layer, grad_norm], theory as (kind, frame) or None)."""
    measured = pd.concat(
        [pd.DataFrame({"layer": [0], "grad_norm": [float(probe["in_grad_norm"].iloc[0])]}), probe[["layer", "grad_norm"]]],
        ignore_index=True,
    )
    if grad_theory is None:
        return measured, None
    kind, curve = grad_theory
    first = float(curve["grad_norm"].iloc[0])
    curve = pd.concat([pd.DataFrame({"layer": [0], "grad_norm": [first * float(spec.weight_scale)]}), curve[["layer", "grad_norm"]]], ignore_index=True)
    return measured, (kind, curve)


def identity_spec(weight: float, depth: int) -> NetSpec:
    return NetSpec(depth=depth, width=PROBE_WIDTH, activation="linear", init="scaled_identity", weight_scale=float(weight))


@lru_cache(maxsize=64, typed=True)
def scaled_identity_gain(weight: float, depth: int) -> float:
    """The gain from loss to input of W = weight*I over `depth` layers, measured by autograd (float32)."""
    probe = probe_gradients(identity_spec(weight, depth))
    return float(probe["in_grad_norm"].iloc[0] / probe["out_grad_norm"].iloc[-1])


def halving(weight: float, depth: int) -> dict:
    """The prediction: halve w and the gain falls by 2^depth."""
    weight, depth = check_number("weight", weight, WEIGHT_SCALE_RANGE), check_int("depth", depth, DEPTH_RANGE)
    return {"factor": 2**depth, "halved": theory.scaled_identity_gain(weight / 2, depth)}


# --- one matrix, again and again ---------------------------------------------------------
def power_lines(matrix, vector, powers: int) -> dict[str, np.ndarray]:
    """||W^k x|| for k = 0..powers, measured (float64) and as theory draws it:
    "radius" c |lambda_max|^k (None where c is undefined) and the bound
    "sigma" sigma_max^k ||x||."""
    powers = check_int("powers", powers, theory.POWER_STEPS_RANGE)
    k = np.arange(powers + 1)
    rate, constant = theory.power_asymptote(matrix, vector)
    sigma = theory.singular_values(matrix)[0]
    with np.errstate(over="ignore", invalid="ignore"):
        radius = constant * rate**k if np.isfinite(constant) and constant > 0 else None
        bound = sigma**k * np.linalg.norm(vector)
    return {"k": k, "measured": theory.power_norms(matrix, vector, powers), "radius": radius, "sigma": bound}


def article_matrix() -> dict:
    """The article's [[2, 3], [4, 5]]: eigenvalues (trace +- sqrt(disc))/2,
    singular values, and how far apart its three curves end up."""
    w = np.array(ARTICLE_MATRIX)
    trace, det = float(np.trace(w)), float(np.linalg.det(w))
    (l1, l2), (s1, s2) = theory.eigenvalues(w).real, theory.singular_values(w)
    lines = power_lines(w, ARTICLE_VECTOR, DEFAULT_POWERS)
    return {
        "matrix": _matrix_text(ARTICLE_MATRIX), "trace": trace, "disc": trace**2 - 4 * det, "l1": l1, "l2": l2, "s1": s1, "s2": s2,
        "spread": float(np.max(lines["sigma"] / lines["measured"])),  # the bound over the measurement, at most
    }


def _matrix_text(matrix) -> str:
    return "[" + ", ".join("[" + ", ".join(f"{v:g}" for v in row) + "]" for row in matrix) + "]"


def default_matrix() -> dict:
    """The default W and x after DEFAULT_POWERS steps: |lambda_max|, sigma_max,
    the bound sigma_max^k ||x|| over the measured ||W^k x||, and the measured
    over the spectral-radius line (1 once the transient has died out)."""
    lines = power_lines(DEFAULT_MATRIX, DEFAULT_VECTOR, DEFAULT_POWERS)
    return {
        "lam": float(abs(theory.eigenvalues(DEFAULT_MATRIX)[0])), "sigma": float(theory.singular_values(DEFAULT_MATRIX)[0]), "k": DEFAULT_POWERS,
        "gap": float(lines["sigma"][-1] / lines["measured"][-1]), "first_step": float(lines["measured"][1] / lines["measured"][0]),
        "settled": float(lines["measured"][-1] / lines["radius"][-1]),
    }


# --- products of different random matrices ---------------------------------------------
@lru_cache(maxsize=32, typed=True)
def product_lines(n: int, sigma: float, steps: int, draw: int) -> dict:
    """The products lab at these settings (arrays over k = 0..steps, natural logs):
    the fresh products' median and PRODUCT_BAND quantiles of ln||W_k ... W_1 x||
    over PRODUCT_SAMPLES samples, theory k lambda_1; ln||W^k x|| of the one
    matrix of seed `draw` and its asymptote k ln rho(W) + b, b fitted over
    the last half of the steps (the slope is theory, the offset depends on
    x). Scalars: lambda_1 measured (mean over the samples of ln||P_L x||/L)
    and in closed form, rho(W), and the one W's measured slope over the
    last half (its -inf: W^k x hit exactly 0)."""
    logs = products.fresh_products(n, sigma, steps, PRODUCT_SAMPLES)
    w = products.random_matrix(n, sigma, draw)
    single = products.repeated_product(w, steps)
    rho = products.spectral_radius(w)
    k = np.arange(steps + 1)
    half = k >= steps // 2
    lyapunov = products.lyapunov_exponent(n, sigma)
    finite = bool(np.isfinite(single[-1])) and rho > 0
    offset = float(np.mean(single[half] - k[half] * np.log(rho))) if finite else math.nan
    low, high = np.quantile(logs, PRODUCT_BAND, axis=0)
    return {
        "k": k, "median": np.median(logs, axis=0), "low": low, "high": high, "theory": k * lyapunov,
        "single": single, "radius": k * np.log(rho) + offset if finite else None,
        "measured": float(products.running_exponent(logs)[-1]), "lyapunov": lyapunov, "rho": rho,
        "slope": float((single[-1] - single[steps // 2]) / (steps - steps // 2)),
    }


def product_preset() -> dict:
    """The numbers of preset.exploding.newman: n, the entries' variance
    sigma^2/n, lambda_1 in closed form and measured, e^lambda_1 against the
    root mean square growth sigma."""
    n, sigma = NEWMAN["product_n"], NEWMAN["product_sigma"]
    lines = product_lines(n, sigma, PRODUCT_STEPS, PRODUCT_DRAW)
    return {"n": n, "variance": sigma**2 / n, "lam": lines["lyapunov"], "measured": lines["measured"], "growth": math.exp(lines["lyapunov"]), "sigma": sigma}


@lru_cache(maxsize=1, typed=True)
def radius_spread(n: int = PRODUCT_N) -> dict:
    """At the critical scale sigma_c (lambda_1 = 0) for n x n matrices:
    the share of RHO_DRAWS single draws W with rho(W) > 1 (their powers
    explode) and their median rho; and lambda_1 at sigma = 1."""
    sigma_c = products.critical_scale(n)
    radii = np.array([products.spectral_radius(products.random_matrix(n, sigma_c, seed)) for seed in range(RHO_DRAWS)])
    return {
        "n": n, "sigma_c": sigma_c, "draws": RHO_DRAWS, "share": float(np.mean(radii > 1)), "median": float(np.median(radii)),
        "at_one": products.lyapunov_exponent(n, 1.0),
    }


# --- training that overflows -----------------------------------------------------------
@lru_cache(maxsize=128, typed=True)
def init_gradient_ratio(weight_scale: float) -> float:
    """RMS dL/dz at layer 1 over that at the last layer, before any step, of
    the very net, data and loss the training demo trains (core.train.gradient_at_init)."""
    grads = gradient_at_init(training_spec(weight_scale), training_configs(DIVERGENCE["lr"], 1.0)[0])["grad_norm"]
    return float(grads.iloc[1] / grads.iloc[-1])


@lru_cache(maxsize=1, typed=True)
def growth_onset() -> float:
    """The weight scale above which the training net's gradient grows from
    the last layer to the first before any step (ratio > 1), by bisection
    over the w slider's range (tests check the ratio rises with w there)."""
    low, high, _ = TRAIN_SCALE_RANGE
    for _ in range(20):
        middle = 0.5 * (low + high)
        low, high = (middle, high) if init_gradient_ratio(middle) < 1 else (low, middle)
    return 0.5 * (low + high)


def train_scale_help() -> dict:
    w = DIVERGENCE["train_scale"]
    return {"w": w, "ratio": init_gradient_ratio(w), "onset": growth_onset()}


def baseline(config: TrainConfig) -> dict:
    """The loss of always predicting the targets' mean: the line a run must get below to have learned anything."""
    _, _, target, loss_fn = training_data(config)
    mean = float(target.mean())
    return {"mean": mean + 0.0, "mse": float(loss_fn(target.new_full(target.shape, mean), target))}


def training_outcomes(weight_scale: float, lr: float, threshold: float = DIVERGENCE["clip_threshold"]) -> dict:
    """Both demo runs at these settings (about a second): overflow steps
    (None if finite), final losses and the baseline's loss."""
    spec = training_spec(weight_scale)
    plain_config, clipped_config = training_configs(lr, threshold)
    plain, clipped = train_mlp(spec, plain_config), train_mlp(spec, clipped_config)
    return {
        "plain": plain, "clipped": clipped, "baseline": baseline(plain_config)["mse"],
        "plain_overflow": plain.overflow.step if plain.overflow else None, "clipped_overflow": clipped.overflow.step if clipped.overflow else None,
    }


# --- the page's sentences ------------------------------------------------------------------
def headline() -> dict:
    """w, depth and the measured gain of the 5^10 net, and of the same net at w = 0.5."""
    return {
        "w": HEADLINE_W, "depth": HEADLINE_DEPTH, "gain": scaled_identity_gain(HEADLINE_W, HEADLINE_DEPTH),
        "small_w": SMALL_W, "small_gain": scaled_identity_gain(SMALL_W, HEADLINE_DEPTH),
    }


def notice() -> dict:
    """Every number of exploding.notice."""
    matrix = default_matrix()
    return headline() | {
        "lam": matrix["lam"], "sigma": matrix["sigma"], "k": matrix["k"], "gap": matrix["gap"],
        "train_w": DIVERGENCE["train_scale"], "lr": DIVERGENCE["lr"], "tau": DIVERGENCE["clip_threshold"],
        "first_step": matrix["first_step"], "deep_w": DEEP_W, "deep_ratio": init_gradient_ratio(DEEP_W), "risky_lr": RISKY_LR, "safe_lr": SAFE_LR,
    }


def depth_vs_step() -> dict:
    return headline() | {"train_w": DIVERGENCE["train_scale"]}


def math_product() -> str:
    """The LaTeX tail 5^{10} = 9\\,765\\,625 of the math section, from the measured gain."""
    fields = headline()
    return f"{fields['w']:g}^{{{fields['depth']}}} = " + f"{fields['gain']:,.0f}".replace(",", r"\,")
