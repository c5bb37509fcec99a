"""The numbers the Vanishing gradients page states, with their computations.

Each function returns what the page's sentences (ui/lang: vanishing.*,
common.*) format in; tests/test_claims_vanishing.py asserts the relations
those sentences state, at the settings they name.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from .. import theory
from ..nets import NetSpec
from ..probe import SATURATION_LEVEL, probe_gradients
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
    still on their way to q*, and the finite-depth theory is not flat).
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
        fields |= {"theory": predicted, "measured": first_to_last(probe)}
        return ("critical_flat" if 1 / FLAT <= predicted <= FLAT else "critical_settling"), fields
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
