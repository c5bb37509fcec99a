"""The numbers the RNN vs LSTM/GRU page states, and the settings they are measured at.

Each function returns the numbers (a dict of format fields, or an outcome
key with its fields) that the en/zh strings format in;
tests/test_claims_rnn.py asserts the relations the sentences state at the
same settings. The page's defaults live here too (the page imports them),
so that a sentence about "the defaults" and the defaults cannot drift apart.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pandas as pd

from core.recurrent import ADDING_BASELINE_MSE, CELLS, FINAL_LOSS_WINDOW, RecurrentSpec, RecurrentTrainConfig, probe_recurrent

# --- the page's settings ------------------------------------------------------------
SEQ_LEN, HIDDEN = 100, 64  # the gradient-over-time section's defaults
RECOMMENDED_FORGET_BIAS = 1.0  # Jozefowicz, Zaremba & Sutskever (2015); Keras's unit_forget_bias
DEFAULT_GATE_BIAS = RECOMMENDED_FORGET_BIAS  # the page's forget- and update-gate bias
RACE_HIDDEN, RACE_BATCH = 32, 64
RACE_SEQ_LEN, RACE_STEPS, RACE_LR, RACE_CLIP = 30, 400, 0.01, 1.0  # the race's defaults
SOLVED_SHARE, STUCK_SHARE = 0.1, 0.9  # of the baseline MSE: the race's outcome words

# --- the presets' settings (tests/test_claims_rnn.py checks ui/presets.py against them) ---
PASCANU_SCALE = 0.9  # orthogonal W_hh: every singular value 0.9
OPEN_GATE_BIAS, OPEN_GATE_SEQ_LEN = 3.0, 200
LONG_RACE_SEQ_LEN, LONG_RACE_STEPS = 50, 600
SIGMA_TOLERANCE = 5e-4  # sigma_max within this of 1 reads "about 1" (it is shown to 3 decimals)


def gate_options(pytorch_biases: bool = False, bias: float = DEFAULT_GATE_BIAS) -> dict:
    """RecurrentSpec's gate-bias fields: PyTorch's random init (None) or exactly `bias`."""
    value = None if pytorch_biases else bias
    return {"forget_bias": value, "update_bias": value}


def per_step(grad_norm: float, steps_back: int) -> float:
    """The factor per step whose steps_back-th power is grad_norm (the gradient
    at the loss is 1): the geometric mean of the per-step shrinkage. 0 if the
    gradient underflowed."""
    return grad_norm ** (1 / steps_back) if steps_back > 0 else 1.0


def decades(grad_norm: float) -> float:
    """Orders of magnitude lost from the loss (where the gradient is 1); inf if it underflowed."""
    return -math.log10(grad_norm) if grad_norm > 0 else math.inf


def far_gradient(probe: pd.DataFrame) -> dict:
    """A probe_recurrent frame's farthest row: far (the gradient there), steps,
    factor (per step), decades and keep_gate (mean forget/update gate, NaN for the RNN)."""
    far, steps = float(probe["state_grad_norm"].iloc[-1]), int(probe["steps_back"].iloc[-1])
    return {"far": far, "steps": steps, "factor": per_step(far, steps), "decades": decades(far), "keep_gate": float(probe["keep_gate"].iloc[0])}


def gradient_at_init(cell: str, seq_len: int = SEQ_LEN, hidden: int = HIDDEN, **options) -> dict:
    """far_gradient of a fresh cell: probe_recurrent at these settings."""
    return far_gradient(probe_recurrent(cell, seq_len, hidden, **options))


def pytorch_init(seq_len: int = SEQ_LEN, hidden: int = HIDDEN) -> dict:
    """Why a fresh LSTM at PyTorch's default init does not beat the tanh RNN.

    forget_gate: the LSTM's mean forget gate (its cell path multiplies the
    gradient by f per step); lstm_factor / rnn_factor / gru_factor: the
    measured gradient's factor per step; lstm_decades / rnn_decades:
    orders lost over `steps`; cell_path_decades: what a path multiplying by
    the mean forget gate alone would lose. All at PyTorch's random gate
    biases and default W_hh."""
    cells = {cell: gradient_at_init(cell, seq_len, hidden, **gate_options(pytorch_biases=True)) for cell in CELLS}
    forget = cells["lstm"]["keep_gate"]
    return {
        "steps": cells["rnn"]["steps"], "forget_gate": forget, "update_gate": cells["gru"]["keep_gate"],
        "cell_path_decades": -cells["rnn"]["steps"] * math.log10(forget),
        **{f"{cell}_{key}": cells[cell][key] for cell in CELLS for key in ("far", "factor", "decades")},
    }


def forget_bias_effect(bias: float = RECOMMENDED_FORGET_BIAS, seq_len: int = SEQ_LEN, hidden: int = HIDDEN) -> dict:
    """The LSTM with forget-gate bias `bias` against PyTorch's random biases
    and against a bias of exactly 0: mean forget gate and the gradient
    `steps` back for each; gained = orders gained over PyTorch's init."""
    biased = gradient_at_init("lstm", seq_len, hidden, forget_bias=bias)
    pytorch = gradient_at_init("lstm", seq_len, hidden, forget_bias=None)
    zero = gradient_at_init("lstm", seq_len, hidden, forget_bias=0.0)
    return {
        "bias": bias, "steps": biased["steps"], "gate": biased["keep_gate"], "far": biased["far"], "factor": biased["factor"],
        "pytorch_gate": pytorch["keep_gate"], "pytorch_far": pytorch["far"], "zero_far": zero["far"],
        "gained": pytorch["decades"] - biased["decades"],
    }


def open_gates(bias: float = OPEN_GATE_BIAS, seq_len: int = OPEN_GATE_SEQ_LEN, hidden: int = HIDDEN) -> dict:
    """The open-gates preset: each cell's smallest gradient over all steps back
    (<cell>_lowest) and its decades; the mean keep gates at this bias."""
    probes = {cell: probe_recurrent(cell, seq_len, hidden, **gate_options(bias=bias)) for cell in CELLS}
    lowest = {cell: float(probe["state_grad_norm"].min()) for cell, probe in probes.items()}
    return {
        "bias": bias, "steps": seq_len - 1,
        **{f"{cell}_lowest": value for cell, value in lowest.items()},
        **{f"{cell}_decades": decades(value) for cell, value in lowest.items()},
        "forget_gate": float(probes["lstm"]["keep_gate"].iloc[0]), "update_gate": float(probes["gru"]["keep_gate"].iloc[0]),
    }


def bound_excess(probe: pd.DataFrame) -> float:
    """max over steps back k of ||dL/dh_{T-k}|| / sigma_max^k: at most 1 when the
    Pascanu bound holds (1 exactly at k = 0)."""
    k = probe["steps_back"].to_numpy(dtype=float)
    return float((probe["state_grad_norm"].to_numpy() / probe["sigma_max"].to_numpy() ** k).max())


def pascanu(scale: float = PASCANU_SCALE, seq_len: int = SEQ_LEN, hidden: int = HIDDEN) -> dict:
    """The Pascanu preset: sigma_max of the orthogonal W_hh, the bound's
    excess (<= 1), and the gradient `steps` back against sigma^steps."""
    probe = probe_recurrent("rnn", seq_len, hidden, recurrent_init="orthogonal", recurrent_scale=scale)
    sigma = float(probe["sigma_max"].iloc[0])
    return {"sigma": sigma, "excess": bound_excess(probe), **far_gradient(probe), "bound": sigma ** (seq_len - 1)}


def irnn(seq_len: int = SEQ_LEN, hidden: int = HIDDEN) -> dict:
    """The IRNN preset (W_hh = I, tanh) against PyTorch's default W_hh: sigma_max
    and the per-step factor of each; slower = the default's decades over the IRNN's."""
    identity = probe_recurrent("rnn", seq_len, hidden, recurrent_init="identity", recurrent_scale=1.0)
    default = far_gradient(probe_recurrent("rnn", seq_len, hidden))
    ident = far_gradient(identity)
    return {
        "sigma": float(identity["sigma_max"].iloc[0]), "steps": ident["steps"], "far": ident["far"], "factor": ident["factor"],
        "default_far": default["far"], "default_factor": default["factor"], "slower": default["decades"] / ident["decades"],
    }


def sigma_regime(sigma: float, tolerance: float = SIGMA_TOLERANCE) -> str:
    """Pascanu et al.'s reading of sigma_max(W_hh) for a tanh RNN: "below" 1
    (the gradient must vanish), "about" 1 (bounded by about 1: it cannot
    grow much and need not vanish) or "above" 1 (it may explode)."""
    if abs(sigma - 1) <= tolerance:
        return "about"
    return "below" if sigma < 1 else "above"


def baseline() -> dict:
    """The adding problem's baseline MSE, as a fraction and a decimal, and the
    race's outcome thresholds (shares of it) over the final-loss window."""
    fraction = Fraction(ADDING_BASELINE_MSE).limit_denominator(100)
    return {"fraction": f"{fraction.numerator}/{fraction.denominator}", "baseline": ADDING_BASELINE_MSE,
            "solved": SOLVED_SHARE, "stuck": STUCK_SHARE, "window": FINAL_LOSS_WINDOW}


def race_outcome(result) -> tuple[str, dict]:
    """(outcome key, format fields) of a RecurrentTrainResult: "overflow" (at
    step), "solved" (final MSE below SOLVED_SHARE of the baseline), "stuck"
    (above STUCK_SHARE of it) or "learning"; share = final MSE / baseline."""
    if result.overflow is not None:
        return "overflow", {"step": result.overflow.step}
    share = result.final_loss / ADDING_BASELINE_MSE
    if share < SOLVED_SHARE:
        return "solved", {"share": share}
    if share > STUCK_SHARE:
        return "stuck", {"share": share}
    return "learning", {"share": share}


def race_change(result) -> dict:
    """What training did to a race cell, on the probe sequences: the gradient at
    the first step (steps back = T - 1) before and after, their ratio, and for
    a gated cell the most open unit's mean keep gate before and after."""
    before = float(result.grad_before["state_grad_norm"].iloc[-1])
    after = float(result.grad_after["state_grad_norm"].iloc[-1])
    fields = {"before": before, "after": after, "ratio": after / before if before > 0 else math.inf}
    if result.gates_before is not None and result.gates_after is not None:
        fields |= {"gate_before": float(np.max(result.gates_before)), "gate_after": float(np.max(result.gates_after))}
    return fields


def race_config(seq_len: int = RACE_SEQ_LEN, steps: int = RACE_STEPS, lr: float = RACE_LR, clip: str = "norm", threshold: float = RACE_CLIP) -> RecurrentTrainConfig:
    """The race's training settings (Adam, a fresh batch of RACE_BATCH every step)."""
    return RecurrentTrainConfig(seq_len=seq_len, batch=RACE_BATCH, optimizer="adam", lr=lr, steps=steps, clip=clip, clip_threshold=threshold)


def spec(cell: str, hidden: int = HIDDEN, recurrent_init: str = "default", recurrent_scale: float = 1.0,
         pytorch_biases: bool = False, forget_bias: float = DEFAULT_GATE_BIAS, update_bias: float = DEFAULT_GATE_BIAS) -> RecurrentSpec:
    """A cell as the page's controls describe it: `pytorch_biases` (the switch)
    leaves PyTorch's random gate biases (None), otherwise the two biases are set exactly."""
    return RecurrentSpec(
        cell=cell, hidden=hidden, recurrent_init=recurrent_init, recurrent_scale=recurrent_scale,
        forget_bias=None if pytorch_biases else forget_bias, update_bias=None if pytorch_biases else update_bias,
    )


def notice() -> dict:
    """Every number of the page's "what to notice", at the page's settings."""
    explained = pytorch_init()
    effect = forget_bias_effect()
    return {
        **{f"pt_{key}": value for key, value in explained.items()},
        "bias": effect["bias"], "bias_gate": effect["gate"], "bias_far": effect["far"], "bias_gained": effect["gained"],
        "zero_far": effect["zero_far"],
    }
