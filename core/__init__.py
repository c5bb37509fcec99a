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
from .recurrent import (
    ADDING_BASELINE_MSE, CELLS, RECURRENT_INITS, RecurrentSpec, RecurrentTrainConfig, RecurrentTrainResult,
    adding_problem, build_recurrent, probe_recurrent, train_recurrent,
)
from .residual import compare_probe, degradation_runs, degradation_specs, first_to_last
from .train import CLIPPING, OPTIMIZERS, Overflow, TrainConfig, TrainResult, train_mlp

__all__ = [
    "ACTIVATIONS", "ADDING_BASELINE_MSE", "CELLS", "CLIPPING", "INITS", "NORMS", "OPTIMIZERS", "RECURRENT_INITS",
    "NetSpec", "Overflow", "RecurrentSpec", "RecurrentTrainConfig", "RecurrentTrainResult", "TrainConfig", "TrainResult",
    "activation_curve", "activation_derivative", "adding_problem", "build_mlp", "build_recurrent", "compare_probe",
    "degradation_runs", "degradation_specs", "derivative_peak", "derivative_peak_range", "first_to_last",
    "probe_gradients", "probe_recurrent", "theory", "train_mlp", "train_recurrent", "two_spirals",
]
