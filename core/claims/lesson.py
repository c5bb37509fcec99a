"""The numbers a lesson puts on the board (lessons/*.toml: a step's `board`).

BOARD[page][name] is a small function of the step's state (the page's link
parameters, {key: text}, e.g. {"depth": "30", "activation": "relu"}) that
computes one number from core at those settings; a control the state does
not name has its page's default. A step's text formats these numbers in by
name ({ratio:.3g}): it never types them (tests/test_text_numbers.py), and
tests/test_lesson.py computes every relation a step's text states.

The probes are cached (functools.lru_cache on the settings): a lesson step
and its neighbours share them, and the page itself computes the same net.
"""

from __future__ import annotations

import math
from dataclasses import replace
from functools import lru_cache
from typing import Callable

import numpy as np

from ..activations import derivative_peak
from ..nets import NetSpec
from ..probe import probe_gradients
from . import exploding, remedies, residual, rnn, vanishing

State = dict[str, str]


def _float(state: State, key: str, default: float) -> float:
    return float(state.get(key, default))


def _int(state: State, key: str, default: int) -> int:
    return int(state.get(key, default))


# --- Vanishing: the page's explore section (depth, width, activation, init, weight_scale, seed) ----
def vanishing_spec(state: State) -> NetSpec:
    d = vanishing.DEFAULT_SPEC
    return replace(d, depth=_int(state, "depth", d.depth), width=_int(state, "width", d.width), activation=state.get("activation", d.activation),
                   init=state.get("init", d.init), weight_scale=_float(state, "weight_scale", d.weight_scale), seed=_int(state, "seed", d.seed))


@lru_cache(maxsize=32)
def _probe(spec: NetSpec):
    return probe_gradients(spec)


def _layer_ratio(spec: NetSpec) -> float:
    """Layer 1's RMS dL/dz over the last layer's (what the page's first chart and metric show)."""
    grads = _probe(spec)["grad_norm"]
    return float(grads.iloc[0] / grads.iloc[-1])


def _peak(state: State) -> float:
    """The activation's largest slope phi'(z) (sigmoid 1/4, tanh 1)."""
    return derivative_peak(vanishing_spec(state).activation)[1]


def _depth(state: State) -> int:
    return vanishing_spec(state).depth


VANISHING: dict[str, Callable[[State], float]] = {
    "depth": _depth,
    "ratio": lambda s: _layer_ratio(vanishing_spec(s)),
    # the measured mean factor per layer (geometric mean over the layers not exactly 0)
    "factor": lambda s: vanishing.per_layer_factor(_probe(vanishing_spec(s))),
    "peak": _peak,
    # the activation's best slope over the depth - 1 steps from the last layer to layer 1
    "peak_power": lambda s: _peak(s) ** (_depth(s) - 1),
    # layers whose gradient is exactly 0 in float32
    "zero_layers": lambda s: sum(vanishing.zero_layers(_probe(vanishing_spec(s))).values()),
    "float32_tiny": lambda s: float(np.nextafter(np.float32(0), np.float32(1))),  # the smallest positive float32
    # ReLU with Var W = 1/n halves E[g^2] per layer: the RMS gradient falls by sqrt(1/2) per layer
    "half_power": lambda s: 0.5 ** ((_depth(s) - 1) / 2),
}


# --- Exploding: the scaled identity and the 2 x 2 matrix ---------------------------------------
def _identity(state: State) -> tuple[float, int]:
    return _float(state, "weight_scale", exploding.HEADLINE_W), _int(state, "depth", exploding.HEADLINE_DEPTH)


def _matrix(state: State) -> tuple[np.ndarray, tuple[float, float]]:
    (w11, w12), (w21, w22) = exploding.DEFAULT_MATRIX
    x1, x2 = exploding.DEFAULT_VECTOR
    matrix = np.array([[_float(state, "w11", w11), _float(state, "w12", w12)], [_float(state, "w21", w21), _float(state, "w22", w22)]])
    return matrix, (_float(state, "x1", x1), _float(state, "x2", x2))


def _matrix_growth(state: State) -> float:
    """||W^k x|| / ||W^(k-1) x|| at the last step k the page draws (the growth per step once the transient is gone)."""
    matrix, vector = _matrix(state)
    norms = exploding.power_lines(matrix, vector, _int(state, "powers", exploding.DEFAULT_POWERS))["measured"]
    return float(norms[-1] / norms[-2])


EXPLODING: dict[str, Callable[[State], float]] = {
    "weight": lambda s: _identity(s)[0],
    "depth": lambda s: _identity(s)[1],
    "gain": lambda s: exploding.scaled_identity_gain(*_identity(s)),  # autograd, float32
    "weight_power": lambda s: _identity(s)[0] ** _identity(s)[1],  # the closed form w^depth
    "lambda_max": lambda s: float(np.max(np.abs(np.linalg.eigvals(_matrix(s)[0])))),
    "sigma_max": lambda s: float(np.linalg.svd(_matrix(s)[0], compute_uv=False)[0]),
    "growth": _matrix_growth,
    "steps": lambda s: _int(s, "powers", exploding.DEFAULT_POWERS),
}


# --- RNN: the tanh RNN's gradient over time -----------------------------------------------------
@lru_cache(maxsize=16)
def _rnn(seq_len: int, hidden: int, recurrent_init: str, recurrent_scale: float) -> dict:
    return rnn.gradient_at_init("rnn", seq_len, hidden, recurrent_init=recurrent_init, recurrent_scale=recurrent_scale)


def _rnn_state(state: State) -> tuple[int, int, str, float]:
    return (_int(state, "seq_len", rnn.SEQ_LEN), _int(state, "hidden", rnn.HIDDEN), state.get("recurrent_init", "default"),
            _float(state, "recurrent_scale", 1.0))


RNN: dict[str, Callable[[State], float]] = {
    "steps": lambda s: _rnn(*_rnn_state(s))["steps"],
    "far": lambda s: _rnn(*_rnn_state(s))["far"],  # ||dL/dh_1||, the loss's gradient being 1
    "factor": lambda s: _rnn(*_rnn_state(s))["factor"],  # per step back
    "decades": lambda s: _rnn(*_rnn_state(s))["decades"],
    "scale": lambda s: _rnn_state(s)[3],
    "bound": lambda s: _rnn_state(s)[3] ** _rnn(*_rnn_state(s))["steps"],  # Pascanu et al.: sigma_max^k for an orthogonal W_hh * scale
    "default_far": lambda s: _rnn(_rnn_state(s)[0], _rnn_state(s)[1], "default", 1.0)["far"],  # PyTorch's default W_hh
}


# --- Residual: plain against residual blocks -----------------------------------------------------
@lru_cache(maxsize=16)
def _flow(activation: str, depth: int, alpha: float, norm: str) -> dict:
    return residual.flow(activation, depth, alpha, norm)


def _residual_state(state: State) -> tuple[str, int, float, str]:
    return state.get("activation", "relu"), _int(state, "depth", residual.DEPTH), _float(state, "alpha", 1.0), state.get("norm", "none")


RESIDUAL: dict[str, Callable[[State], float]] = {
    "depth": lambda s: _residual_state(s)[1],
    "alpha": lambda s: _residual_state(s)[2],
    "plain": lambda s: _flow(*_residual_state(s))["plain"],  # block 1 / block L, measured
    "residual": lambda s: _flow(*_residual_state(s))["residual"],
    "law_plain": lambda s: _flow(*_residual_state(s))["law_plain"],  # the mean-field law's
    "law_residual": lambda s: _flow(*_residual_state(s))["law_residual"],
    "band": lambda s: residual.FLAT_BAND,
}


# --- Remedies: the broken net and its remedies -------------------------------------------------
def remedies_spec(state: State) -> NetSpec:
    return remedies.remedied(state.get("activation", "sigmoid"), state.get("init", "normal"), state.get("norm", "none"),
                             state.get("residual", "false") == "true")


REMEDIES: dict[str, Callable[[State], float]] = {
    "depth": lambda s: remedies.DEPTH,
    "ratio": lambda s: _layer_ratio(remedies_spec(s)),
    "broken_ratio": lambda s: _layer_ratio(remedies.BROKEN),
    "band": lambda s: residual.FLAT_BAND,
}


BOARD: dict[str, dict[str, Callable[[State], float]]] = {
    "vanishing": VANISHING, "exploding": EXPLODING, "rnn": RNN, "residual": RESIDUAL, "remedies": REMEDIES,
}


# A step a lecturer adds from a page ("Add this screen"): the page's headline numbers at its state.
SCREEN_BOARD: dict[str, tuple[str, ...]] = {
    "vanishing": ("depth", "ratio", "factor"),
    "exploding": ("weight", "depth", "gain", "lambda_max"),
    "rnn": ("steps", "far", "factor"),
    "residual": ("depth", "plain", "residual"),
    "remedies": ("depth", "ratio", "broken_ratio"),
}


# Exploding's w, depth and gain are the scaled-identity net's: on a screen showing another net they describe nothing on it.
IDENTITY_ONLY = ("weight", "depth", "gain")


def screen_board(page: str, state: State) -> tuple[str, ...]:
    """SCREEN_BOARD[page], less the numbers that do not describe the screen at `state`."""
    names = SCREEN_BOARD.get(page, ())
    if page == "exploding" and state.get("network", "identity") != "identity":
        names = tuple(name for name in names if name not in IDENTITY_ONLY)
    return names


def board(page: str, names: list[str], state: State) -> dict[str, float]:
    """The named numbers at a step's state, {name: value}."""
    return {name: float(BOARD[page][name](state)) for name in names}

