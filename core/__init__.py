"""Gradient Flow Lab's core: nets, probes, closed forms and training loops.

A plain library (no Streamlit): the app's pages, the tests and notebooks all
use these names.

    >>> from core import NetSpec, probe_gradients
    >>> df = probe_gradients(NetSpec(depth=20, activation="sigmoid"))
"""

from . import theory
from .activations import ACTIVATIONS, activation_curve, activation_derivative, derivative_peak, derivative_peak_range
from .data import two_spirals
from .nets import INITS, NORMS, NetSpec, build_mlp
from .probe import probe_gradients
from .train import CLIPPING, OPTIMIZERS, Overflow, TrainConfig, TrainResult, train_mlp

__all__ = [
    "ACTIVATIONS", "CLIPPING", "INITS", "NORMS", "OPTIMIZERS", "NetSpec", "Overflow", "TrainConfig",
    "TrainResult", "activation_curve", "activation_derivative", "build_mlp", "derivative_peak", "derivative_peak_range",
    "probe_gradients", "theory", "train_mlp", "two_spirals",
]
