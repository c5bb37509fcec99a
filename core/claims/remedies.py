"""The numbers the Remedies page's text states, and the page's settings.

The page fixes a broken network one switch at a time and measures the
order-to-chaos phase diagram. Its settings live here, so that the page, its
sentences and tests/test_claims_remedies.py all use the same ones. Every
function returns plain floats for the en/zh strings to format in; which
sentence uses which field is said at each function.

Ratios are "layer 1 / layer depth" of the RMS gradient dL/dz at
initialisation (core.residual.first_to_last of a probe); a per-layer factor
is the factor of the *squared* gradient, as chi_1 is.
"""

from __future__ import annotations

import inspect
import math
from dataclasses import replace
from functools import lru_cache

import numpy as np
import torch

from .. import isometry, theory
from ..activations import activation_curve, derivative_peak
from ..data import two_spirals
from ..checks import check_int
from ..nets import NetSpec, build_mlp
from ..phase import ASYMPTOTIC, FINITE_DEPTH, critical_lines, sign_change
from ..probe import PROBE_BATCH, probe_gradients
from ..residual import first_to_last
from ..train import TrainConfig

# --- the page's settings ------------------------------------------------------------
DEPTH = 30
WIDTH = 32
ALPHA = 1 / math.sqrt(DEPTH)  # the branch scale when skips are switched on
CLIP_THRESHOLD = 1.0
BROKEN = NetSpec(depth=DEPTH, width=WIDTH, activation="sigmoid", init="normal", weight_scale=1.0, residual_scale=ALPHA)
BROKEN_TRAINING = TrainConfig(optimizer="sgd", lr=0.1, steps=150, layer_every=150)
LEARNING_RATES = (0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0)

PHASE_SIGMA_W = tuple(np.round(np.arange(0.5, 3.001, 0.125), 3).tolist())
PHASE_SIGMA_B = tuple(np.round(np.arange(0.0, 1.001, 0.2), 2).tolist())
PHASE_LINE_SIGMA_B = tuple(np.linspace(0.0, 1.0, 41).tolist())  # where the theory lines are drawn
PHASE_WIDTH = 64
PHASE_DEPTHS = (10, 20, 30)
PHASE_DEPTH = 20  # the default, which the notice talks about
PHASE_ACTIVATIONS = ("tanh", "relu")
PHASE_GUESS_RANGES = 5  # the phase question's answers: the grid's span of sigma_w cut into this many equal ranges


def remedied(activation: str = "sigmoid", init: str = "normal", norm: str = "none", residual: bool = False) -> NetSpec:
    """The broken net with the gradient-changing remedies the page's switches name."""
    return replace(BROKEN, activation=activation, init=init, norm=norm, residual=residual)


def remedied_training(optimizer: str = "sgd", lr: float = BROKEN_TRAINING.lr, clipping: bool = False) -> TrainConfig:
    """The broken net's training with the step-changing remedies."""
    return replace(BROKEN_TRAINING, optimizer=optimizer, lr=lr, clip="norm" if clipping else "none", clip_threshold=CLIP_THRESHOLD)


def ratio(spec: NetSpec) -> float:
    """Layer 1 / layer depth of the RMS gradient at initialisation."""
    return first_to_last(probe_gradients(spec), "grad_norm")  # what the page's chart draws: dL/dz


def per_layer_factor(spec: NetSpec) -> float:
    """The measured factor of the squared gradient per layer:
    ratio ** (2 / (depth - 1)), comparable with chi_1."""
    return ratio(spec) ** (2.0 / (spec.depth - 1))


# --- text fields ----------------------------------------------------------------------
def setting_claims() -> dict:
    """The settings sentences name (intro, captions, controls, presets):
    depth, width, lr (the broken net's), threshold (clipping), chance
    (ln 2: the loss of a constant prediction on balanced classes),
    adam_lr (the Adam preset's), phase_depth."""
    return {
        "depth": DEPTH, "width": WIDTH, "lr": BROKEN_TRAINING.lr, "threshold": CLIP_THRESHOLD, "chance": math.log(2.0),
        "adam_lr": 0.01, "phase_depth": PHASE_DEPTH,
    }


def derivative_claims() -> dict:
    """Largest derivatives (table, ReLU row): sigmoid_peak 0.25, tanh_peak
    1, relu_peak 1, relu_low 0 (ReLU' off the active side), gelu_peak 1.13."""
    return {
        "sigmoid_peak": derivative_peak("sigmoid")[1], "tanh_peak": derivative_peak("tanh")[1], "relu_peak": derivative_peak("relu")[1],
        "relu_low": float(activation_curve("relu")["derivative"].min()), "gelu_peak": derivative_peak("gelu")[1],
    }


def init_claims() -> dict:
    """chi_1 of the menus' inits by activation (table, init row; notice; math):
    he_relu (1), xavier_relu (1/2), xavier_tanh (1, at q* = 0),
    xavier_sigmoid; xavier_relu_measured, the measured per-layer factor
    of this page's ReLU + Xavier net; xavier_tanh_ratio, its tanh + Xavier
    net's layer 1 / layer depth, and xavier_tanh_theory, mean-field
    theory's prediction of it (mean_field_grad_profile); he_sigma_w2 and
    xavier_sigma_w2, the inits' sigma_w^2 for square layers (2 and 1)."""
    he, xavier = remedied("relu", "he_normal"), remedied("relu", "xavier_normal")
    he_sigma_w, xavier_sigma_w = he.effective_sigma_w, xavier.effective_sigma_w
    return {
        "he_relu": theory.chi1("relu", he_sigma_w, 0.0),
        "xavier_relu": theory.chi1("relu", xavier_sigma_w, 0.0),
        "xavier_tanh": theory.chi1("tanh", xavier_sigma_w, 0.0),
        "xavier_sigmoid": theory.chi1("sigmoid", xavier_sigma_w, 0.0),
        "xavier_relu_measured": per_layer_factor(xavier),
        "xavier_tanh_ratio": ratio(remedied("tanh", "xavier_normal")),
        "xavier_tanh_theory": float(theory.mean_field_grad_profile("tanh", xavier_sigma_w, 0.0, DEPTH)[0]),
        "he_sigma_w2": theory.he_variance(WIDTH) * WIDTH,
        "xavier_sigma_w2": theory.xavier_variance(WIDTH, WIDTH) * WIDTH,
    }


BATCHNORM_DEPTH, BATCHNORM_WIDTH, BATCHNORM_SEEDS = 60, 128, 4
BATCHNORM_SKIP_FIRST, BATCHNORM_SKIP_LAST = 5, 10  # transients at the input and at the loss


def batchnorm_growth(batch: int = PROBE_BATCH, depth: int = BATCHNORM_DEPTH, width: int = BATCHNORM_WIDTH, seeds: int = BATCHNORM_SEEDS) -> float:
    """Measured per-layer growth of the squared gradient toward the input in
    plain ReLU nets with BatchNorm at initialisation (Yang et al. 2019's
    gradient explosion): exp(-slope) of a least-squares line through
    ln(grad_norm^2) over the interior layers (the first 5 and last 10 are
    transients), averaged over seeds. At batch 8, 32, 128 it gives 1.80,
    1.51, 1.46 (Yang et al.: 1.79, 1.52, 1.48); 0.35 s."""
    seeds = check_int("seeds", seeds, (1, 100))
    depth = check_int("depth", depth, (BATCHNORM_SKIP_FIRST + BATCHNORM_SKIP_LAST + 2, 100))  # a line through at least 2 layers
    slopes = []
    for seed in range(seeds):
        spec = NetSpec(depth=depth, width=width, activation="relu", init="he_normal", norm="batch", seed=seed)
        log_sq = 2.0 * np.log(probe_gradients(spec, batch=batch)["grad_norm"].to_numpy())
        layers = np.arange(1, depth + 1)[BATCHNORM_SKIP_FIRST:-BATCHNORM_SKIP_LAST]
        slopes.append(np.polyfit(layers, log_sq[BATCHNORM_SKIP_FIRST:-BATCHNORM_SKIP_LAST], 1)[0])
    return math.exp(-float(np.mean(slopes)))


def batchnorm_claims() -> dict:
    """Table, normalisation row: bn_growth (measured at the probe's batch),
    bn_limit (pi / (pi - 1), the large-batch limit), batch, bn_depth,
    bn_width."""
    return {
        "bn_growth": batchnorm_growth(), "bn_limit": theory.batchnorm_relu_growth_limit(), "batch": PROBE_BATCH,
        "bn_depth": BATCHNORM_DEPTH, "bn_width": BATCHNORM_WIDTH,
    }


def input_spread(spec: NetSpec, config: TrainConfig = BROKEN_TRAINING) -> float:
    """How much the last hidden layer of the net that `train_mlp` builds
    for `spec` varies over the training inputs (the spirals), relative to
    its size: mean over units of the std over inputs, divided by the RMS
    of the activations. Near 0: every input looks the same to the last
    layers (the forward pass's side of the ordered phase)."""
    x, _ = two_spirals(config.points, seed=config.data_seed)  # (points, 2)
    net = build_mlp(spec, in_features=2, out_features=1)
    with torch.no_grad():
        h = x
        for block in net.blocks:
            h = block(h)  # (points, width)
    return float(h.std(dim=0).mean() / h.pow(2).mean().sqrt())


def remedy_claims() -> dict:
    """Layer 1 / layer depth on this page's net, by remedy (intro, notice,
    presets, table): broken_ratio, relu_ratio (ReLU, N(0, 1/n)), he_ratio
    (ReLU + He), bn_ratio (BatchNorm on the broken net), everything_ratio
    (ReLU, He, BatchNorm, skips); broken_factor and bn_factor, the
    per-layer factors of the broken and BatchNorm nets; broken_spread
    (input_spread of the broken net); residual_growth and scaled_growth:
    ReLU + He with skips and no normalisation at alpha = 1 and alpha =
    ALPHA. everything_ratio, residual_growth and scaled_growth depend on
    core.nets' residual block."""
    he_skips = remedied("relu", "he_normal", residual=True)
    return {
        "broken_factor": per_layer_factor(BROKEN),
        "bn_factor": per_layer_factor(remedied(norm="batch")),
        "broken_spread": input_spread(BROKEN),
        "broken_ratio": ratio(BROKEN),
        "relu_ratio": ratio(remedied("relu")),
        "he_ratio": ratio(remedied("relu", "he_normal")),
        "bn_ratio": ratio(remedied(norm="batch")),
        "everything_ratio": ratio(remedied("relu", "he_normal", "batch", residual=True)),
        "residual_growth": ratio(replace(he_skips, residual_scale=1.0)),
        "scaled_growth": ratio(he_skips),
        "alpha": ALPHA,
    }


def first_layer_training_grad(spec: NetSpec = BROKEN, config: TrainConfig = BROKEN_TRAINING) -> float:
    """||dL/dW_1|| of the training loss (BCE on the spirals) at step 1, as
    train_mlp records it in layer_grads, without building an optimiser
    (the first one a process builds imports torch._dynamo: a second)."""
    x, y = two_spirals(config.points, seed=config.data_seed)  # (points, 2), (points,)
    net = build_mlp(spec, in_features=2, out_features=1)
    torch.nn.BCEWithLogitsLoss()(net(x).squeeze(-1), y).backward()
    return float(net.blocks[0].linear.weight.grad.double().norm())


def adam_claims() -> dict:
    """Table, optimiser row; Adam preset; notice: adam_eps (torch.optim.Adam's
    default epsilon) and broken_first_grad (first_layer_training_grad of
    the broken net)."""
    return {
        "adam_eps": inspect.signature(torch.optim.Adam).parameters["eps"].default,
        "broken_first_grad": first_layer_training_grad(),
    }


def phase_theory_claims(activation: str = "tanh", depth: int = PHASE_DEPTH, width: int = PHASE_WIDTH) -> dict:
    """Theory's two lines at sigma_b = 0 and at the top of the grid, and
    the net on the chi_1 = 1 line (phase captions, notice):
    critical / finite (sigma_w of chi_1 = 1 / of the finite-depth line at
    sigma_b = 0), q_star (the fixed point of the variance there: 0 for
    tanh), critical_top / finite_top / sigma_b_top (the same at the
    largest sigma_b), on_line (measured layer 1 / layer depth of the net
    at sigma_w = critical, sigma_b = 0, seed 0) and on_line_theory
    (mean_field_grad_profile's value for it), lines_apart (False where the
    lines coincide: ReLU, linear), phi_slope (E[phi'^2] at q = 1: for
    those activations its value at every q, 1/2 for ReLU)."""
    lines = critical_lines(activation, [PHASE_SIGMA_B[0], PHASE_SIGMA_B[-1]], depth)
    asymptotic = lines.loc[lines["line"] == ASYMPTOTIC, "sigma_w"].to_numpy()
    finite = lines.loc[lines["line"] == FINITE_DEPTH, "sigma_w"].to_numpy()
    on_line = NetSpec(depth=depth, width=width, activation=activation, init="normal", weight_scale=float(asymptotic[0]), bias_std=0.0)
    return {
        "phi_slope": theory.derivative_second_moment(activation, 1.0),
        "critical": float(asymptotic[0]), "finite": float(finite[0]), "q_star": theory.fixed_point_q(activation, float(asymptotic[0]), 0.0),
        "critical_top": float(asymptotic[1]), "finite_top": float(finite[1]), "sigma_b_top": PHASE_SIGMA_B[-1],
        "on_line": ratio(on_line),
        "on_line_theory": float(theory.mean_field_grad_profile(activation, float(asymptotic[0]), 0.0, depth)[0]),
        "lines_apart": bool(np.nanmax(np.abs(asymptotic - finite)) > 1e-6),
    }


def phase_measured_claims(grid) -> dict:
    """From a measured phase_diagram grid (phase caption): measured, the
    sigma_w where the colour changes sign at sigma_b = 0; measured_low /
    measured_high, the range of that sigma_w over all sigma_b (NaN where it
    never changes sign)."""
    crossings = sign_change(grid)
    at_zero = crossings.loc[crossings["sigma_b"] == crossings["sigma_b"].min(), "sigma_w"]
    return {
        "measured": float(at_zero.iloc[0]),
        "measured_low": float(crossings["sigma_w"].min()), "measured_high": float(crossings["sigma_w"].max()),
    }


def phase_guess_ranges() -> list[tuple[float, float]]:
    """The phase question's answers: (low, high) ranges of sigma_w that cut
    the grid's span into PHASE_GUESS_RANGES equal parts."""
    edges = np.linspace(PHASE_SIGMA_W[0], PHASE_SIGMA_W[-1], PHASE_GUESS_RANGES + 1)
    return [(float(low), float(high)) for low, high in zip(edges[:-1], edges[1:])]


def phase_guess_range(sigma_w: float) -> int | None:
    """The index of the phase_guess_ranges() range that holds `sigma_w`
    (each range holds its upper end, the first its lower end too); None
    for NaN (the colour never changes sign) or a sigma_w off the grid."""
    for index, (low, high) in enumerate(phase_guess_ranges()):
        if (low <= sigma_w if index == 0 else low < sigma_w) and sigma_w <= high:
            return index
    return None


def intro_claims() -> dict:
    """The fields of the intro and the presets (shown first): a few probes
    of the page's net and one backward pass, about 0.2 s."""
    return setting_claims() | derivative_claims() | remedy_claims() | adam_claims()


def table_claims() -> dict:
    """The further fields of the table, notice and math (further down the
    page): the inits, BatchNorm and the phase diagram's default, about 0.4 s."""
    return init_claims() | batchnorm_claims() | {key: value for key, value in phase_theory_claims().items() if key != "lines_apart"}


def text_claims() -> dict:
    """Every field the page's static text formats in, in one dict."""
    return intro_claims() | table_claims()


# --- dynamical isometry (Pennington, Schoenholz & Ganguli 2017) ----------------------------
ISO_DEPTHS = (1, 2, 5, 10, 20, 50, 100)
ISO_DEPTH = 50
ISO_WIDTHS = (32, 64, 128, 256)
ISO_WIDTH = 128
ISO_ACTIVATIONS = isometry.ISOMETRY_ACTIVATIONS
ISO_ANSWERS = ("normal", "orthogonal", "both", "neither")  # the question: which init keeps most singular values near 1
ISO_DEEP = {"iso_activation": "tanh", "iso_depth": 100, "iso_width": 128}  # the preset: the deepest tanh net (its name formats in computed fields: kept cheap)
ISO_MAJORITY = 0.5  # "most": more than this share of the singular values within isometry.BAND


@lru_cache(maxsize=32, typed=True)
def isometry_view(activation: str, depth: int, width: int) -> dict:
    """The section at these settings, seed 0: per init (isometry.ISOMETRY_INITS)
    its singular values (largest first) and their isometry.summary, and its
    wide-net theory (E[lambda], Var(lambda)) from isometry.free_moments;
    `answer`, the ISO_ANSWERS key that holds at these settings."""
    depth = check_int("depth", depth, isometry.DEPTH_RANGE)
    views = {}
    for init in isometry.ISOMETRY_INITS:
        sigmas = isometry.singular_values(isometry.IsometryConfig(depth, width, activation, init))
        views[init] = {"sigmas": sigmas, "stats": isometry.summary(sigmas), "theory": isometry.free_moments(activation, init, depth)}
    near = [init for init in isometry.ISOMETRY_INITS if views[init]["stats"]["within"] > ISO_MAJORITY]
    answer = near[0] if len(near) == 1 else "both" if near else "neither"
    return views | {"answer": answer}


def isometry_setting_claims() -> dict:
    """The section's caption: tanh's critical point (tanh_w, tanh_b, q_star,
    its chi_1 tanh_chi = 1), He's relu_w2 = 2, band_low / band_high."""
    sigma_w, sigma_b, q_star = isometry.critical_point("tanh")
    low, high = isometry.BAND
    return {
        "tanh_w": sigma_w, "tanh_b": sigma_b, "q_star": q_star, "tanh_chi": sigma_w**2 * theory.derivative_second_moment("tanh", q_star),
        "relu_w2": isometry.critical_point("relu")[0] ** 2, "band_low": low, "band_high": high,
    }


def isometry_claims() -> dict:
    """The section's takeaway, at ISO_DEPTH x ISO_WIDTH, seed 0: tanh_orth_within /
    tanh_gauss_within (share of sigma within the band), tanh_orth_var /
    tanh_gauss_var (Var lambda measured), tanh_orth_theory / tanh_gauss_theory
    (free probability), relu_orth_var / relu_gauss_var and relu_orth_within,
    tanh_excess (mu_2/mu_1^2 - 1 of tanh at q*: an orthogonal layer's share of
    the relative variance), relu_excess (1), gaussian_excess (what a Gaussian
    W adds per layer, 1), iso_depth, iso_width; and the caption's fields."""
    tanh, relu = isometry_view("tanh", ISO_DEPTH, ISO_WIDTH), isometry_view("relu", ISO_DEPTH, ISO_WIDTH)
    mu1, mu2 = isometry.derivative_moments("tanh", isometry.critical_point("tanh")[2])
    relu_mu1, relu_mu2 = isometry.derivative_moments("relu", 1.0)
    return isometry_setting_claims() | {
        "iso_depth": ISO_DEPTH, "iso_width": ISO_WIDTH,
        "tanh_orth_within": tanh["orthogonal"]["stats"]["within"], "tanh_gauss_within": tanh["normal"]["stats"]["within"],
        "tanh_orth_var": tanh["orthogonal"]["stats"]["variance"], "tanh_gauss_var": tanh["normal"]["stats"]["variance"],
        "tanh_orth_theory": tanh["orthogonal"]["theory"][1], "tanh_gauss_theory": tanh["normal"]["theory"][1],
        "relu_orth_var": relu["orthogonal"]["stats"]["variance"], "relu_gauss_var": relu["normal"]["stats"]["variance"],
        "relu_orth_within": relu["orthogonal"]["stats"]["within"],
        "tanh_excess": mu2 / mu1**2 - 1.0, "relu_excess": relu_mu2 / relu_mu1**2 - 1.0, "gaussian_excess": isometry.GAUSSIAN_EXCESS,
    }


def isometry_preset() -> dict:
    """The numbers of preset.remedies.isometry_deep (ISO_DEEP,
    seed 0): deep_depth, deep_width, deep_orth_within / deep_gauss_within,
    deep_orth_min / deep_orth_max (orthogonal's smallest and largest sigma),
    deep_gauss_max, relu_deep_within (the larger share within the band of
    the two ReLU nets at the same depth and width), band_low / band_high."""
    depth, width = ISO_DEEP["iso_depth"], ISO_DEEP["iso_width"]
    view, relu = isometry_view("tanh", depth, width), isometry_view("relu", depth, width)
    orth, gauss = view["orthogonal"]["stats"], view["normal"]["stats"]
    low, high = isometry.BAND
    return {
        "band_low": low, "band_high": high, "relu_deep_within": max(relu[init]["stats"]["within"] for init in isometry.ISOMETRY_INITS),
        "deep_depth": depth, "deep_width": width, "deep_orth_within": orth["within"], "deep_gauss_within": gauss["within"],
        "deep_orth_min": orth["min"], "deep_orth_max": orth["max"], "deep_gauss_max": gauss["max"],
    }
