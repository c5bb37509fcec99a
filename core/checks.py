"""Argument checks for core's public functions, in one place.

Every public entry point (the names core/__init__.py exports, core.theory,
core.myths, core.claims) checks its arguments up front and raises
ValueError naming the field, the allowed range or choices and the value, so
a notebook user sees what to change instead of a KeyError, a NaN or a
multi-gigabyte allocation.

Numbers: Python ints and floats and numpy scalars (np.int64, np.float32, ...;
anything registered as numbers.Integral / numbers.Real) are accepted; a
numpy scalar is returned as the equal Python int or float, so results and
cache keys are the same as for Python numbers. Rejected: bool (and
np.bool_), strings, arrays (also 0-d ones and tensors: pass x.item()),
NaN and +-inf, and integer-valued floats where an integer is asked for.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

# --- work caps -----------------------------------------------------------------
# Peak memory grows with the activations a computation keeps for backprop,
# examples x width x weight layers (a pre-activation block has two weight
# layers, W and V), on top of the weights themselves (depth x width^2,
# bounded by NetSpec's ranges). Each cap keeps the largest allowed call well
# inside a shared server's memory. Peaks measured on this machine (2 cores,
# torch 2.13 CPU) as ru_maxrss of a fresh process, which holds 286 MB
# (Python, torch, pandas) before the call; "+" is the call's own share:
#   before the caps, probe_gradients at depth 100 x width 512 x batch 1024
#     peaked at 2,619 MB (about 2 MB per example beyond the weights; the
#     issue measured 7.65 GB at batch 4096, compare_probe 9.76 GB)
#   probe_gradients, depth 100 x width 512 x batch 32 (the app's largest,
#     1.6 M units), sigmoid: 697 MB (+411); its float32 gradient underflows,
#     so the probe re-runs the net in float64, the costliest case
#   probe_gradients at the cap, depth 100 x width 512 x batch 40: sigmoid
#     717 MB (+431), tanh 598 MB (+312); depth 1 x width 512 x batch 4096: 409 MB
#   compare_probe at the cap, pre-activation blocks, depth 100 x width 512 x
#     batch 20: sigmoid 981 MB (+695), tanh 783 MB (+497); most of it is the
#     weights in float32 and float64, which the batch does not change
MAX_PROBE_UNITS = 2**21  # batch x width x weight layers of one probe (2,097,152)
#   train_mlp (3 Adam steps) at the cap: depth 100 x width 512 x 320 points,
#     tanh: 1,280 MB (+994); residual depth 50 x width 512 x 320: 1,201 MB
#     (+915). The app's largest, 256 points through depth 100 x width 512
#     (13.1 M units), stays allowed.
MAX_TRAIN_UNITS = 2**24  # points x width x weight layers of one training net (16,777,216)
#   probe_recurrent, LSTM, batch 54 x 300 steps x hidden 256 (at the cap):
#     584 MB (+298); train_recurrent, LSTM, batch 1024 x 16 steps x hidden
#     256 (at the cap, 2 steps): 674 MB (+388). Before the cap, training at
#     256 x 500 x 256 took 2,675 MB (+2,389).
MAX_RECURRENT_UNITS = 2**22  # batch x seq_len x hidden of one recurrent probe or training batch (4,194,304)


def _plain(value):
    """A numpy scalar as the equal Python number; anything else unchanged."""
    return value.item() if isinstance(value, np.generic) else value


def check_int(name: str, value, bounds: tuple[int, int]) -> int:
    """An integer (int or numpy integer, not a bool) within bounds, returned
    as a Python int; else ValueError naming the field."""
    low, high = bounds
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral) or not (low <= value <= high):
        raise ValueError(f"{name} must be an integer in [{low}, {high}], got {value!r}")
    return int(value)


def check_number(name: str, value, bounds: tuple[float, float]) -> float | int:
    """A finite real number (int, float or numpy scalar, not a bool or a
    string) within bounds; a numpy scalar comes back as a Python number, a
    Python number unchanged."""
    low, high = bounds
    if (
        isinstance(value, (bool, np.bool_))
        or not isinstance(value, numbers.Real)
        or not math.isfinite(value)
        or not (low <= value <= high)
    ):
        raise ValueError(f"{name} must be a number in [{low}, {high}], got {value!r}")  # finite: NaN and inf are refused
    return _plain(value)


def check_choice(name: str, value, choices) -> str:
    """One of `choices` (a string), else ValueError listing them in their declared order."""
    if not isinstance(value, str) or value not in choices:
        raise ValueError(f"{name} must be one of {list(choices)}, got {value!r}")
    return value


def check_work(name: str, value: int, per_example: int, limit: int, what: str) -> None:
    """value x per_example <= limit: `name` is the size the caller can
    lower (batch, points), per_example the units each example costs (width x
    layers, seq_len x hidden); `what` spells per_example out for the message."""
    if value * per_example > limit:
        raise ValueError(
            f"{name} x {what} must be at most {limit:,}, got {value} x {per_example:,} = {value * per_example:,}: "
            f"lower {name} to at most {limit // per_example} or make the net smaller"
        )


def check_array(name: str, value, max_size: int, bounds: tuple[float, float] = (-math.inf, math.inf), ndim: int | None = None) -> np.ndarray:
    """A finite float array (a number, list or ndarray) of at most max_size
    elements with every entry in bounds (and `ndim` dimensions if given),
    as a float64 ndarray; else ValueError naming the field."""
    try:
        array = np.asarray(value)
    except (TypeError, ValueError):  # ragged
        raise ValueError(f"{name} must be an array of numbers, got {value!r}") from None
    if array.dtype.kind not in "iuf":  # not strings, bools, objects or complex numbers
        raise ValueError(f"{name} must be an array of real numbers, got {value!r}")
    array = array.astype(float)
    if ndim is not None and array.ndim != ndim:
        raise ValueError(f"{name} must have {ndim} dimension(s), got shape {array.shape}")
    if array.size > max_size:
        raise ValueError(f"{name} must have at most {max_size:,} entries, got {array.size:,}")
    low, high = bounds
    if not np.all(np.isfinite(array)) or not np.all((array >= low) & (array <= high)):
        raise ValueError(f"{name} must hold finite numbers in [{low}, {high}], got {value!r}")
    return array
