"""The numbers the Vanishing gradients page states, with their computations.

Each function returns what the page's sentences (ui/lang: vanishing.*,
common.*) format in; tests/test_claims_vanishing.py asserts the relations
those sentences state, at the settings they name.
"""

from __future__ import annotations

import math
from dataclasses import replace
from functools import lru_cache

import numpy as np
import pandas as pd
import torch

from .. import symmetry, theory
from ..activations import activation_derivative
from ..cancel import checkpoint
from ..checks import MAX_PROBE_UNITS, check_choice
from ..nets import NetSpec, build_mlp
from ..probe import SATURATION_LEVEL, _readout_direction, check_probe, fixed_batch, probe_gradients
from ..residual import first_to_last

# The page's defaults (its widgets start here) and the deepest net its slider
# reaches, which the "what to notice" sentences talk about.
DEFAULT_SPEC = NetSpec(depth=20, width=64, activation="sigmoid", init="normal", weight_scale=1.0, seed=0)
DEEPEST = 100

# "Vanishing without saturation" is said of a sigmoid net with fewer than
# this share of saturated units whose gradient falls below this ratio.
FEW_SATURATED = 0.05
VANISHED = 1e-2

# Finite-depth theory within this factor of 1 counts as flat at chi_1 = 1.
FLAT = 1.1
# At chi_1 = 1 a measured layer 1 / layer L this many times off the finite-depth theory (either
# way) is said to stray from it: one net of finite width, not the wide-net limit the theory is.
STRAY = 2.0


def zero_layers(probe: pd.DataFrame) -> dict[str, int]:
    """How many layers have a gradient of exactly 0, per cause
    (core.probe's zero_cause; causes with no layer left out)."""
    counts = probe.loc[probe["zero_cause"] != "none", "zero_cause"].value_counts()
    return {str(cause): int(count) for cause, count in counts.items()}


def per_layer_factor(probe: pd.DataFrame) -> float:
    """The measured gradient's mean factor per layer: the geometric mean of
    grad_norm[i] / grad_norm[i + 1] over the layers whose gradient is not 0
    (NaN with fewer than two of them)."""
    nonzero = probe.loc[probe["grad_norm"] > 0, ["layer", "grad_norm"]]
    if len(nonzero) < 2:
        return math.nan
    first, last = nonzero.iloc[0], nonzero.iloc[-1]
    return float((first["grad_norm"] / last["grad_norm"]) ** (1.0 / (last["layer"] - first["layer"])))


def depth_claim(spec: NetSpec, probe: pd.DataFrame) -> tuple[str, dict] | None:
    """(case, fields) of the sentence under the metrics: which phase the
    mean-field theory puts `spec` in and its trainable depth
    (theory.depth_scale); None where the theory does not apply.

    case: "ordered", "chaotic" (a correlation fixed point c* < 1 exists),
    "chaotic_unbounded" (the signal's variance grows without bound),
    "critical_flat" (chi_1 = 1 and the finite-depth theory is flat to within
    FLAT) or "critical_settling" (chi_1 = 1, but the layers' variances are
    still on their way to q*, and the finite-depth theory is not flat). At
    chi_1 = 1, fields["stray"] is (direction, factor) when the measurement
    is more than STRAY times below or above the finite-depth theory
    (critical_settling only), else None.
    """
    sigma_w = spec.effective_sigma_w
    if sigma_w is None or spec.norm != "none" or spec.residual:
        return None
    scale = theory.depth_scale(spec.activation, sigma_w, float(spec.bias_std))
    fields = {
        "chi": scale.chi_1, "xi": scale.xi, "depth": scale.trainable_depth, "factor": theory.TRAINABLE_DEPTH_FACTOR,
        "c_star": scale.c_star, "chi_c": scale.chi_c, "layers": spec.depth,
    }
    if scale.phase == "critical":
        predicted = float(theory.mean_field_grad_profile(spec.activation, sigma_w, float(spec.bias_std), spec.depth)[0])
        measured = first_to_last(probe)
        fields |= {"theory": predicted, "measured": measured, "stray": None}
        if 1 / FLAT <= predicted <= FLAT:
            return "critical_flat", fields  # its sentence already names the finite net's spread
        if 0 < measured < math.inf and max(measured / predicted, predicted / measured) > STRAY:
            fields["stray"] = ("below" if measured < predicted else "above", max(measured / predicted, predicted / measured))
        return "critical_settling", fields
    if scale.phase == "chaotic":
        if scale.basis == "gradient":
            return "chaotic_unbounded", fields
        fields["naive"] = theory.TRAINABLE_DEPTH_FACTOR / math.log(scale.chi_1)
        return "chaotic", fields
    return "ordered", fields


def saturation_claim(spec: NetSpec, probe: pd.DataFrame) -> dict | None:
    """Fields of "vanishing without saturation", said of a sigmoid net whose
    gradient vanishes (layer 1 below VANISHED of the last layer, or 0) while
    fewer than FEW_SATURATED of its units are saturated; None otherwise.

    deriv: RMS of sigmoid'(z) over all layers (at most 1/4); factor: the
    measured mean factor per layer (per_layer_factor)."""
    if spec.activation != "sigmoid":
        return None
    saturated = float(probe["saturated_frac"].mean())
    ratio = first_to_last(probe)
    if not (saturated < FEW_SATURATED and ratio < VANISHED):
        return None
    return {
        "saturated": saturated, "ratio": ratio, "layers": spec.depth, "level": SATURATION_LEVEL,
        "deriv": float(np.sqrt((probe["deriv_rms"] ** 2).mean())), "factor": per_layer_factor(probe),
    }


def notice() -> dict:
    """The numbers of the page's "what to notice": the default sigmoid net,
    the same at the deepest setting, tanh with Xavier init and ReLU with He
    init at the default depth and width."""
    default = probe_gradients(DEFAULT_SPEC)
    deepest = probe_gradients(NetSpec(**(DEFAULT_SPEC.to_dict() | {"depth": DEEPEST})))
    tanh = probe_gradients(NetSpec(**(DEFAULT_SPEC.to_dict() | {"activation": "tanh", "init": "xavier_normal"})))
    relu = probe_gradients(NetSpec(**(DEFAULT_SPEC.to_dict() | {"activation": "relu", "init": "he_normal"})))
    return {
        "depth": DEFAULT_SPEC.depth,
        "ratio": first_to_last(default),
        "saturated": float(default["saturated_frac"].mean()),
        "deep": DEEPEST,
        "underflowed": zero_layers(deepest).get("underflow", 0),
        "tanh_ratio": first_to_last(tanh),
        "relu_ratio": first_to_last(relu),
    }


def training_claim(result) -> tuple[str, dict] | None:
    """(case, fields) of the sentence under the training run (a
    core.train.TrainResult): final loss and accuracy, and how far the first
    and last layers' weights moved (||W_end - W_start|| / ||W_start||).
    case "moved", with their ratio last / first, or "still" when the first
    layer did not move at all; None when no step completed."""
    history, change = result.history, result.weight_change["weight_change"]
    if not len(history):
        return None
    fields = {
        "loss": float(history["loss"].iloc[-1]), "accuracy": float(history["accuracy"].iloc[-1]),
        "first": float(change.iloc[0]), "last": float(change.iloc[-1]),
    }
    if fields["first"] > 0:
        return "moved", fields | {"ratio": fields["last"] / fields["first"]}
    return "still", fields


def chance_loss() -> float:
    """Binary cross-entropy of predicting 1/2 for every point: ln 2."""
    return math.log(2.0)


MOVE_BAND = 10  # "about as far": the first layer's weight change within this factor of the last layer's


def first_layer_move(first: float, last: float) -> str:
    """How far the first layer's weights moved next to the last layer's
    (relative changes, as training_claim gives them): "less" (over
    MOVE_BAND times less, or not at all), "same" (within MOVE_BAND) or
    "more" (over MOVE_BAND times more): the answer to the page's training
    question."""
    if first * MOVE_BAND < last or first == 0:
        return "less"
    return "more" if first > MOVE_BAND * last else "same"


# --- deriving Xavier and He: Var(z) = n Var(W) E[h^2], layer by layer ----------------

DERIVATION_INITS = ("xavier_normal", "he_normal", "normal")  # Gaussian weights: the section's choices
DERIVATION_SPEC = NetSpec(depth=30, width=256, activation="relu", init="he_normal", weight_scale=1.0, seed=0)  # the section's defaults
DERIVATION_BATCH = 1024  # inputs, fewer where the probe cap (MAX_PROBE_UNITS) asks for it


def derivation_batch(spec: NetSpec) -> int:
    """DERIVATION_BATCH, or the most examples within MAX_PROBE_UNITS
    (batch x width x depth): 81 at depth 50 x width 512."""
    return max(2, min(DERIVATION_BATCH, MAX_PROBE_UNITS // (spec.width * spec.weight_layers)))


def weight_variance(spec: NetSpec, fan_in: int, fan_out: int) -> float:
    """Var(W) of the init: Xavier gain^2 2/(n_in + n_out), He scale^2 2/n_in,
    normal sigma_w^2/n_in (theory's closed forms)."""
    check_choice("init", spec.init, DERIVATION_INITS)
    if spec.init == "xavier_normal":
        return theory.xavier_variance(fan_in, fan_out, spec.weight_scale)
    if spec.init == "he_normal":
        return spec.weight_scale**2 * theory.he_variance(fan_in)
    return spec.weight_scale**2 / fan_in


def variance_steps(spec: NetSpec) -> pd.DataFrame:
    """Each line of the Xavier/He derivation, measured on one fresh plain net
    (float64, zero biases, derivation_batch(spec) inputs x ~ N(0, 1), the
    probe's loss L = sum_b r . h_L). One row per layer i = 1..depth:

      fan_in, var_w     n_in and the init's Var(W) (weight_variance)
      h_sq_in           E[h_{i-1}^2] (h_0 = x), over batch and units
      var_z             Var(z_i) measured as E[z_i^2] (z_i = W_i h_{i-1}: zero mean)
      var_z_step        n_in Var(W) E[h_{i-1}^2]: the step from the measured
                        E[h^2]. Exact on average over weight draws; one
                        draw of W differs by at most sqrt(2 / n_out) (relative
                        std; reached when the layer's inputs all point the
                        same way, as deep in a ReLU net)
      var_z_theory      the mean-field recursion from the input
                        (theory.variance_profile, E[x^2] = 1)
      h_over_z          E[h_i^2] / Var(z_i); theory: h_over_z_theory, the
                        Gaussian E[phi(sqrt(q) u)^2] / q at q = var_z (1/2 for ReLU)
      var_delta         Var(delta_i), delta_i = dL/dz_i
      deriv_sq          E[phi'(z_i)^2]
      back_ratio        Var(delta_i) / Var(delta_{i+1}); its step
                        back_step = n_out Var(W_{i+1}) E[phi'(z_i)^2]
                        (NaN in the last row)
    """
    check_choice("init", spec.init, DERIVATION_INITS)
    if spec.norm != "none" or spec.block != "layer" or spec.bias_std != 0:
        raise ValueError("spec must be a plain net (norm 'none', block 'layer', bias_std 0) for the derivation")
    batch, seed = check_probe(spec, derivation_batch(spec), spec.seed)
    # float64: Var(z) and Var(delta) change by their factor per layer, and
    # at the section's edges float32 cannot hold them (a linear net at
    # sigma_w = 0.1 takes delta to about 1e-50 by depth 50). The net is drawn
    # in float32, as everywhere, then converted.
    net = build_mlp(spec).double()
    h = fixed_batch(spec.width, batch, seed).double()  # (batch, width)
    inputs, zs = [], []
    for block in net.blocks:
        checkpoint()
        inputs.append(h)
        h = block(h)
        zs.append(block.z)
    loss = (h @ _readout_direction(spec.width, seed).double()).sum()
    deltas = torch.autograd.grad(loss, zs)  # dL/dz_i only: no weight gradients kept
    outputs = inputs[1:] + [h]
    sigma_w = spec.effective_sigma_w  # square layers: Var(W) = sigma_w^2 / n for all three inits
    rows = []
    for block, h_in, z, h_out, delta in zip(net.blocks, inputs, zs, outputs, deltas):
        fan_out, fan_in = block.linear.weight.shape
        var_w = weight_variance(spec, fan_in, fan_out)
        h_sq, var_z = float(h_in.detach().pow(2).mean()), float(z.detach().pow(2).mean())
        rows.append({
            "layer": len(rows) + 1, "fan_in": fan_in, "fan_out": fan_out, "var_w": var_w,
            "h_sq_in": h_sq, "var_z": var_z, "var_z_step": fan_in * var_w * h_sq,
            "h_over_z": float(h_out.detach().pow(2).mean()) / var_z,
            "h_over_z_theory": theory.variance_map(spec.activation, var_z, 1.0, 0.0) / var_z,
            "var_delta": float(delta.pow(2).mean()),
            "deriv_sq": float(activation_derivative(spec.activation, z).pow(2).mean()),
        })
    frame = pd.DataFrame(rows)
    frame["var_z_theory"] = theory.variance_profile(spec.activation, sigma_w, 0.0, spec.depth)
    frame["back_ratio"] = frame["var_delta"] / frame["var_delta"].shift(-1)
    frame["back_step"] = (frame["fan_out"] * frame["var_w"]).shift(-1) * frame["deriv_sq"]
    return frame


def per_layer_ratio(values: pd.Series) -> float:
    """The mean factor per layer of a positive per-layer quantity:
    (last / first)^(1 / (layers - 1)) (NaN for one layer)."""
    if len(values) < 2:
        return math.nan
    return float((values.iloc[-1] / values.iloc[0]) ** (1.0 / (len(values) - 1)))


def derivation_claim(spec: NetSpec, steps: pd.DataFrame) -> dict:
    """The numbers beside the derivation's lines (variance_steps' frame):
    factor / factor_theory: Var(z)'s mean factor per layer, measured and by
    the recursion; step_gap: the largest |var_z / var_z_step - 1| over the
    layers, beside spread = sqrt(2 / n), the most one draw of W moves it;
    gain_first: E[h^2]/Var(z) at layer 1 (z Gaussian, as x is);
    gain_low / gain_high: E[h^2]/Var(z) over the layers, gain_theory_low /
    gain_theory_high its Gaussian value at each layer's Var(z); back / back_theory: Var(delta)'s mean factor
    per layer toward the input, measured and as the product of the steps
    back_step; last: the last layer's row (n, Var(W), E[h^2], ...);
    drift: the last layer's measured Var(z) over the recursion's; glorot /
    lecun: Glorot's 2 / (n_in + n_out) and LeCun's 1 / n_in at this width."""
    last = steps.iloc[-1]
    back_steps = steps["back_step"].dropna()
    return {
        "layers": spec.depth, "batch": derivation_batch(spec), "n": int(last["fan_in"]),
        "factor": per_layer_ratio(steps["var_z"]), "factor_theory": per_layer_ratio(steps["var_z_theory"]),
        "step_gap": float((steps["var_z"] / steps["var_z_step"] - 1).abs().max()), "spread": math.sqrt(2.0 / spec.width),
        "gain_first": float(steps["h_over_z"].iloc[0]), "gain_low": float(steps["h_over_z"].min()), "gain_high": float(steps["h_over_z"].max()),
        "gain_theory_low": float(steps["h_over_z_theory"].min()), "gain_theory_high": float(steps["h_over_z_theory"].max()),
        "back": 1.0 / per_layer_ratio(steps["var_delta"]) if len(steps) > 1 else math.nan,
        "back_theory": float(np.exp(np.log(back_steps).mean())) if len(back_steps) else math.nan,
        "var_w": float(last["var_w"]), "h_sq": float(last["h_sq_in"]), "var_z": float(last["var_z"]),
        "var_z_step": float(last["var_z_step"]), "drift": float(last["var_z"] / last["var_z_theory"]),
        "glorot": theory.xavier_variance(spec.width, spec.width), "lecun": 1.0 / spec.width,
    }


# --- zero init and symmetry: six inits on one net ---------------------------------------

SYMMETRY_DEFAULT = symmetry.SymmetryConfig()  # the section's defaults: ReLU, 5 x 32, c = 0.05, 50 steps
SYMMETRY_DEPTHS, SYMMETRY_WIDTHS = (1, 20), (2, 64)  # the sliders' ranges (training six nets at the largest: about 25 s)
SYMMETRY_CONSTANTS, SYMMETRY_STEPS = (0.01, 1.0, 0.01), (10, 100, 10)  # low, high, step
# The deeplearning.ai initialisation exercise: ReLU hidden layers of 10, then 5 units, a sigmoid output.
DEEPLEARNING_AI_LAYERS = (10, 5)
DEEPLEARNING_AI = {"sym_activation": "relu", "sym_depth": len(DEEPLEARNING_AI_LAYERS), "sym_width": DEEPLEARNING_AI_LAYERS[0], "sym_steps": 100}


def symmetry_ratio(probe: pd.DataFrame) -> float:
    """First hidden layer's gradient over the last hidden layer's (symmetry.probe rows; NaN for one hidden layer)."""
    hidden = probe["grad_norm"].iloc[:-1]
    return float(hidden.iloc[0] / hidden.iloc[-1]) if len(hidden) > 1 else math.nan


def relu_factor(init: str, width: int) -> float:
    """Theory's factor per hidden layer of the gradient's RMS in a ReLU net,
    sqrt(n Var(W) E[relu'(z)^2]) = sqrt(n Var(W) / 2) for n x n layers
    (half the units pass the gradient, whatever Var(z)): too small
    0.01 sqrt(n/2), too large 10 sqrt(n/2), Xavier (Var W = 1/n) sqrt(1/2), He 1."""
    check_choice("init", init, ("small", "large", "xavier", "he"))
    var_w = {"small": symmetry.SMALL_STD**2, "large": symmetry.LARGE_STD**2, "xavier": 1.0 / width, "he": 2.0 / width}[init]
    return math.sqrt(width * var_w / 2)


def symmetry_claim(config: symmetry.SymmetryConfig, probes: dict[str, pd.DataFrame]) -> dict:
    """The numbers under the gradient chart (probes: init -> symmetry.probe):
    zero_hidden, the zero net's largest hidden-layer gradient (0); zero_out,
    its output weights' gradient; distinct / spread, the constant net's most
    distinct gradient rows and largest spread over the hidden layers; and
    per random init its first / last hidden-layer ratio."""
    zeros, constant = probes["zeros"], probes["constant"]
    hidden = slice(0, config.depth)
    return {
        "depth": config.depth, "width": config.width, "out": config.depth + 1,
        "zero_hidden": float(zeros["grad_norm"].iloc[hidden].max()), "zero_out": float(zeros["weight_grad"].iloc[-1]),
        "distinct": int(constant["distinct"].iloc[hidden].max()), "spread": float(constant["spread"].iloc[hidden].max()),
    } | {init: symmetry_ratio(probes[init]) for init in ("small", "large", "xavier", "he")}


def symmetry_point() -> dict:
    """The "per layer" sentence at the section's defaults (ReLU): per random
    init the measured factor per hidden layer, (first / last)^(1 / (depth - 1)),
    beside relu_factor; and the small and large nets' first / last ratio."""
    config = SYMMETRY_DEFAULT
    fields = {"depth": config.depth, "width": config.width, "small_std": symmetry.SMALL_STD, "large_std": symmetry.LARGE_STD}
    for init in ("small", "large", "xavier", "he"):
        ratio = symmetry_ratio(symmetry.probe(config, init))
        fields |= {init: ratio ** (1 / (config.depth - 1)), f"{init}_theory": relu_factor(init, config.width), f"{init}_ratio": ratio}
    return fields


def symmetry_training(config: symmetry.SymmetryConfig, runs: dict[str, symmetry.SymmetryRun]) -> dict:
    """The numbers under the training run (runs: init -> symmetry.train):
    the constant net's most distinct units over its hidden layers (by their
    rows [W | b]) and their largest spread; the zero net's losses (first,
    largest, last) and ln 2; each init's final loss and accuracy, and the
    fewest distinct units over its hidden layers."""
    constant, zeros = runs["constant"], runs["zeros"]
    hidden = slice(0, config.depth)
    fields = {
        "steps": config.steps, "width": config.width, "chance": chance_loss(),
        "distinct": int(constant.layers["distinct"].iloc[hidden].max()), "spread": float(constant.layers["spread"].iloc[hidden].max()),
        "zero_first": float(zeros.history["loss"].iloc[0]), "zero_last": float(zeros.history["loss"].iloc[-1]),
        "zero_spread": float(zeros.history["loss"].max() - zeros.history["loss"].min()),
    }
    for init, run in runs.items():
        fields |= {
            f"{init}_loss": float(run.history["loss"].iloc[-1]), f"{init}_accuracy": float(run.history["accuracy"].iloc[-1]),
            f"{init}_units": int(run.layers["distinct"].iloc[hidden].min()),
        }
    return fields


def symmetry_config(values: dict) -> symmetry.SymmetryConfig:
    """The section's net with a preset's values (control keys sym_<field>)."""
    return replace(SYMMETRY_DEFAULT, **{key.removeprefix("sym_"): value for key, value in values.items()})


@lru_cache(maxsize=1)
def symmetry_preset() -> dict:
    """The numbers of preset.vanishing.deeplearning_ai: its net, the
    exercise's layer widths, and, trained: the large init's first loss, He's
    last, ln 2 (the zero net's loss at every step)."""
    config = symmetry_config(DEEPLEARNING_AI)
    large, he = symmetry.train(config, "large"), symmetry.train(config, "he")
    first, second = DEEPLEARNING_AI_LAYERS
    return {
        "depth": config.depth, "width": config.width, "steps": config.steps, "first": first, "second": second,
        "small": symmetry.SMALL_STD, "large": symmetry.LARGE_STD, "chance": chance_loss(),
        "large_start": float(large.history["loss"].iloc[0]), "he_loss": float(he.history["loss"].iloc[-1]),
    }
