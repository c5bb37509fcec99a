"""Live computations that disprove the source articles' mistakes
(../shared/CURRICULUM.md, "Mistakes in the seeds"). Each function returns the
numbers a page shows next to the claim; the tests pin them.
"""

from __future__ import annotations

import math

import torch

from . import theory
from .activations import ACTIVATIONS, derivative_peak
from .nets import NetSpec
from .probe import probe_gradients
from .train import TrainConfig, train_mlp


def eigenvalues_2357() -> dict[str, float]:
    """[[2, 3], [4, 5]] has eigenvalues (7 +- sqrt 57)/2, not 7 and 1."""
    eigen = sorted(theory.eigenvalues([[2.0, 3.0], [4.0, 5.0]]).real, reverse=True)
    singular = theory.singular_values([[2.0, 3.0], [4.0, 5.0]])
    return {"lambda_1": float(eigen[0]), "lambda_2": float(eigen[1]), "sigma_1": float(singular[0]), "sigma_2": float(singular[1])}


def where_explosion_hits(depth: int = 10, weight: float = 5.0) -> dict[str, float]:
    """Exploding gradients hit the layers nearest the INPUT hardest: RMS
    dL/dz at layer 1 and at the last layer of a W = w I linear net."""
    probe = probe_gradients(NetSpec(depth=depth, width=16, activation="linear", init="scaled_identity", weight_scale=weight))
    return {"first": float(probe["grad_norm"].iloc[0]), "last": float(probe["grad_norm"].iloc[-1]), "depth": depth}


def largest_derivatives() -> dict[str, float]:
    """max_z phi'(z) of every activation: none is far above 1, so the
    activation's derivative cannot make gradients explode."""
    return {name: derivative_peak(name)[1] for name in ACTIVATIONS}


def tanh_derivative(x: float = 1.0, far: float = 5.0) -> dict[str, float]:
    """tanh'(x) by autograd against the correct 1 - tanh^2 and the article's
    wrong tanh (1 - tanh); and tanh' far out, which goes to 0, not 1."""
    z = torch.tensor([x, far, 0.0], dtype=torch.float64, requires_grad=True)
    torch.tanh(z).sum().backward()
    grads = z.grad.tolist()
    return {
        "x": x, "autograd": grads[0], "correct": 1 - math.tanh(x) ** 2, "wrong": math.tanh(x) * (1 - math.tanh(x)),
        "far": far, "autograd_far": grads[1], "at_zero": grads[2],
    }


def saturation_vanishes(depth: int = 10, weight: float = 4.0) -> dict[str, float]:
    """Large weights saturate sigmoid units, and saturation makes gradients
    VANISH: share of saturated units and first/last gradient ratio."""
    probe = probe_gradients(NetSpec(depth=depth, width=64, activation="sigmoid", init="normal", weight_scale=weight))
    return {"saturated": float(probe["saturated_frac"].mean()), "ratio": float(probe["grad_norm"].iloc[0] / probe["grad_norm"].iloc[-1]), "depth": depth}


def optimiser_does_not_change_the_gradient(lr: float = 0.01) -> dict[str, float]:
    """The gradient norm at step 1 (before any update) of the same net under
    SGD, momentum and Adam: identical, because the optimiser only decides
    the step taken with it."""
    spec = NetSpec(depth=20, width=32, activation="tanh", init="normal", weight_scale=2.0)
    return {
        name: float(train_mlp(spec, TrainConfig(optimizer=name, lr=lr, steps=1)).history["grad_norm_before"].iloc[0])
        for name in ("sgd", "momentum", "adam")
    }
