"""Live computations that disprove the source articles' mistakes
(../shared/CURRICULUM.md, "Mistakes in the seeds").

Each function computes the mechanism its myth is about and returns the
numbers the Home page's "Myths, disproved live" panel formats into its
sentences (ui/lang: myth.<name>.claim / .fact); tests/test_core_myths.py
asserts the direction of every disproof at these settings.
"""

from __future__ import annotations

import math

import numpy as np
import torch
from torch import nn

from . import theory
from .activations import ACTIVATIONS, derivative_peak
from .data import two_spirals
from .checks import MAX_TRAIN_UNITS, check_choice, check_int, check_number, check_work
from .nets import DEPTH_RANGE, WEIGHT_SCALE_RANGE, NetSpec, build_mlp
from .probe import check_spec, probe_gradients
from .train import LR_RANGE, STEPS_RANGE

# The article's own example (seed 000_*): this matrix, and the eigenvalues it
# says the matrix has. The claim's text formats them in.
ARTICLE_MATRIX = ((2.0, 3.0), (4.0, 5.0))
ARTICLE_EIGENVALUES = (7.0, 1.0)

# A tanh net in the chaotic phase: chi_1 > 1 and most units saturated. Two
# myths look at this same net (where explosion hits; saturation).
CHAOTIC_TANH = NetSpec(depth=10, width=64, activation="tanh", init="normal", weight_scale=4.0)
# A sigmoid net with moderate weights: no unit saturated, gradients vanish.
ORDERED_SIGMOID = NetSpec(depth=10, width=64, activation="sigmoid", init="normal", weight_scale=1.0)

# Pre-activation variances q over which E[phi'(sqrt(q) z)^2] is maximised:
# 1e-4 to 1e4 reaches both limits (phi'(0)^2 for small q, the ReLU-like or
# saturated limit for large q) for every activation in ACTIVATIONS.
VARIANCE_GRID = tuple(float(q) for q in np.logspace(-4.0, 4.0, 81))


def eigenvalues_of_the_article_matrix() -> dict:
    """The article's matrix has eigenvalues (7 +- sqrt 57)/2, not 7 and 1:
    eigenvalues must add up to the trace and multiply to the determinant,
    and 7 and 1 do neither. Also its singular values (largest and smallest
    stretch of one multiplication)."""
    eigen = sorted(theory.eigenvalues(ARTICLE_MATRIX).real, reverse=True)
    singular = theory.singular_values(ARTICLE_MATRIX)
    claimed_1, claimed_2 = ARTICLE_EIGENVALUES
    matrix = np.asarray(ARTICLE_MATRIX)
    return {
        "matrix": ARTICLE_MATRIX, "claimed_1": claimed_1, "claimed_2": claimed_2,
        "lambda_1": float(eigen[0]), "lambda_2": float(eigen[1]),
        "trace": float(np.trace(matrix)), "det": float(np.linalg.det(matrix)),
        "claimed_sum": claimed_1 + claimed_2, "claimed_product": claimed_1 * claimed_2,
        "sigma_1": float(singular[0]), "sigma_2": float(singular[1]),
    }


def where_explosion_hits(depth: int = 10, weight: float = 5.0, chaotic: NetSpec = CHAOTIC_TANH) -> dict:
    """Exploding gradients grow toward the INPUT, not in the later layers.

    In a linear net with W = w I the backpropagated gradient dL/dh is
    multiplied by w per layer on its way to the input: dL/dx = w^depth dL/dh_L
    (`input_grad`, `last_grad`: RMS of dL/dh at the input and at the last
    layer). The weight gradient dL/dW_i = delta_i h_{i-1}^T (delta = dL/dz)
    also carries the forward signal h_{i-1}, which in this net grows by w per
    layer toward the output exactly as delta shrinks: ||dL/dW_i|| is the same
    at every layer (`weight_grad_spread` = largest / smallest, 1 up to float32
    rounding). In a tanh net in the chaotic phase h saturates (bounded), so
    the weight gradients grow toward the input too
    (`chaotic_weight_growth` = ||dL/dW_1|| / ||dL/dW_L||).
    """
    depth, weight = check_int("depth", depth, DEPTH_RANGE), check_number("weight", weight, WEIGHT_SCALE_RANGE)
    check_spec(chaotic)
    identity = probe_gradients(NetSpec(depth=depth, width=64, activation="linear", init="scaled_identity", weight_scale=weight))
    weight_grads = identity["weight_grad_norm"]
    chaos = probe_gradients(chaotic)
    return {
        "depth": depth, "weight": weight,
        "input_grad": float(identity["in_grad_norm"].iloc[0]), "last_grad": float(identity["out_grad_norm"].iloc[-1]),
        "weight_grad_spread": float(weight_grads.max() / weight_grads.min()),
        "chaotic_depth": chaotic.depth, "chaotic_sigma_w": chaotic.weight_scale,
        "chaotic_weight_growth": float(chaos["weight_grad_norm"].iloc[0] / chaos["weight_grad_norm"].iloc[-1]),
    }


def largest_derivatives() -> dict:
    """max_z phi'(z) of every activation (`peaks`): only GELU's exceeds 1,
    and only slightly. What multiplies the squared gradient per layer is
    sigma_w^2 E[phi'(z)^2] over the layer's Gaussian pre-activations; the
    largest E[phi'(sqrt(q) z)^2] over VARIANCE_GRID (`mean_square`) is at most
    1 for every activation (GELU's about 0.53), so only sigma_w can lift the
    factor above 1."""
    peaks = {name: derivative_peak(name)[1] for name in ACTIVATIONS}
    mean_square = {name: max(theory.derivative_second_moment(name, q) for q in VARIANCE_GRID) for name in ACTIVATIONS}
    above = [name for name, peak in peaks.items() if peak > 1.0]
    return {
        "peaks": peaks, "mean_square": mean_square, "above": above,
        "excess": max(peaks[name] for name in above) - 1.0 if above else 0.0,
        "largest_mean_square": max(mean_square.values()),
        "above_mean_square": max(mean_square[name] for name in above) if above else math.nan,
        "q_low": VARIANCE_GRID[0], "q_high": VARIANCE_GRID[-1],
    }


def tanh_derivative(x: float = 1.0, far: float = 5.0) -> dict:
    """tanh'(x) by autograd against the correct 1 - tanh^2 and the article's
    wrong tanh (1 - tanh); where it peaks (z = 0, value 1); and tanh' far
    out, which goes to 0 (saturation), not to 1."""
    x, far = check_number("x", x, (-1e4, 1e4)), check_number("far", far, (-1e4, 1e4))
    z = torch.tensor([x, far], dtype=torch.float64, requires_grad=True)
    torch.tanh(z).sum().backward()
    at_x, at_far = z.grad.tolist()
    peak_z, peak = derivative_peak("tanh")
    return {
        "x": x, "autograd": at_x, "correct": 1 - math.tanh(x) ** 2, "wrong": math.tanh(x) * (1 - math.tanh(x)),
        "peak_z": peak_z, "peak": peak, "far": far, "autograd_far": at_far,
    }


def saturation_does_not_decide(ordered: NetSpec = ORDERED_SIGMOID, chaotic: NetSpec = CHAOTIC_TANH) -> dict:
    """Saturation neither causes explosion nor is needed for vanishing: the
    per-layer factor chi_1 = sigma_w^2 E[phi'(z)^2] decides.

    Sigmoid (`sigmoid_*`): no unit saturated, yet phi' <= 1/4 gives chi_1 << 1
    and the gradient vanishes. tanh in the chaotic phase (`tanh_*`): most
    units saturated, which lowers E[phi'^2] far below 1, but sigma_w^2 lifts
    chi_1 above 1 and the gradient grows toward the input. Saturated share:
    mean over layers of the probe's saturated_frac; ratio: RMS dL/dz at layer
    1 / at the last layer. Biases are zero (sigma_b = 0) in both nets.
    """
    check_spec(ordered), check_spec(chaotic)
    low, high = probe_gradients(ordered), probe_gradients(chaotic)
    q_star = theory.fixed_point_q(chaotic.activation, chaotic.weight_scale, chaotic.bias_std)
    return {
        "depth": ordered.depth, "sigmoid_peak": derivative_peak(ordered.activation)[1],
        "sigmoid_sigma_w": ordered.weight_scale, "sigmoid_saturated": float(low["saturated_frac"].mean()),
        "sigmoid_chi": theory.chi1(ordered.activation, ordered.weight_scale, ordered.bias_std),
        "sigmoid_ratio": float(low["grad_norm"].iloc[0] / low["grad_norm"].iloc[-1]),
        "tanh_sigma_w": chaotic.weight_scale, "tanh_sigma_w_squared": chaotic.weight_scale**2,
        "tanh_saturated": float(high["saturated_frac"].mean()),
        "tanh_mean_square": theory.derivative_second_moment(chaotic.activation, q_star),
        "tanh_chi": theory.chi1(chaotic.activation, chaotic.weight_scale, chaotic.bias_std),
        "tanh_ratio": float(high["grad_norm"].iloc[0] / high["grad_norm"].iloc[-1]),
    }


# A sigmoid net whose first layer gets ~1e-3 of the last layer's gradient,
# yet well above Adam's eps = 1e-8 per weight, so that Adam's step shows its
# normalisation rather than eps.
VANISHING_SIGMOID = NetSpec(depth=6, width=32, activation="sigmoid", init="normal", weight_scale=1.0)
MOMENTUM = 0.9  # core.train's "momentum" optimiser
SPIRAL_POINTS = 256  # two_spirals' default, as core.train's TrainConfig
ADAM_BETAS, ADAM_EPS = (0.9, 0.999), 1e-8  # torch.optim.Adam's defaults, as core.train uses it


class WrittenOutOptimizer:
    """core.train's "sgd", "momentum" and "adam" (torch.optim at their
    defaults), written out; tests/test_core_myths.py checks them against
    torch.optim step for step. The Home page computes its myths on load, and
    the first torch.optim optimiser of a process imports torch._dynamo: 2 s on
    an idle machine, 8-10 s on a busy one. The update per parameter p with
    gradient g at step t:

        sgd       p -= lr g
        momentum  b = 0.9 b + g (b = g at t = 1);  p -= lr b
        adam      m = 0.9 m + 0.1 g;  v = 0.999 v + 0.001 g^2;
                  p -= lr (m / (1 - 0.9^t)) / (sqrt(v / (1 - 0.999^t)) + 1e-8)

    Adam divides by the gradient's own running scale: its step is about lr
    whatever the gradient's size (while |g| >> eps).
    """

    def __init__(self, name: str, params, lr: float) -> None:
        check_choice("name", name, ("sgd", "momentum", "adam"))
        lr = check_number("lr", lr, LR_RANGE)
        self.name, self.params, self.lr, self.t = name, list(params), lr, 0
        self.first = [torch.zeros_like(p) for p in self.params]  # momentum buffer b, or Adam's m
        self.second = [torch.zeros_like(p) for p in self.params]  # Adam's v

    def zero_grad(self, set_to_none: bool = True) -> None:
        for p in self.params:
            p.grad = None

    @torch.no_grad()
    def step(self) -> None:
        self.t += 1
        beta1, beta2 = ADAM_BETAS
        for p, m, v in zip(self.params, self.first, self.second):
            g = p.grad
            if self.name == "sgd":
                p.sub_(self.lr * g)
            elif self.name == "momentum":
                m.copy_(g) if self.t == 1 else m.mul_(MOMENTUM).add_(g)
                p.sub_(self.lr * m)
            else:
                m.mul_(beta1).add_(g, alpha=1 - beta1)
                v.mul_(beta2).addcmul_(g, g, value=1 - beta2)
                denominator = (v.sqrt() / math.sqrt(1 - beta2**self.t)).add_(ADAM_EPS)
                p.addcdiv_(m, denominator, value=-self.lr / (1 - beta1**self.t))


def _rms(t: torch.Tensor) -> float:
    return float(t.detach().double().pow(2).mean().sqrt())  # float64: no underflow when squaring


def optimiser_steps_and_gradients(
    spec: NetSpec = VANISHING_SIGMOID, steps: int = 10, lr: float = 0.01, optimizer=WrittenOutOptimizer,
) -> dict:
    """What an optimiser controls: the step, not the backpropagated gradient.

    The same net (two spirals, BCE on logits, full batch, as core.train) is
    trained `steps` steps with SGD, momentum and Adam at learning rate `lr`
    (`optimizer(name, params, lr)`: WrittenOutOptimizer, or core.train's
    make_optimizer for torch.optim itself).
    Per optimiser, "<name>_grad_first/last": RMS per weight of dL/dW at the
    first and last hidden layer at the last step (what backpropagation
    delivered, before the optimiser used it); "<name>_fraction": first / last;
    "<name>_step_first/last": RMS per weight of the change W_after - W_before,
    averaged over the steps. Adam's step is about lr whatever the gradient's
    scale; SGD's is lr x gradient (and momentum's a sum of past ones).
    Measured in float32 as training runs: SGD's tiny first-layer steps are
    partly rounded away (most of those weights do not move at all).
    """
    steps, lr = check_int("steps", steps, STEPS_RANGE), check_number("lr", lr, LR_RANGE)
    check_work("points", SPIRAL_POINTS, check_spec(spec).width * spec.weight_layers, MAX_TRAIN_UNITS, "width x weight layers")
    if not callable(optimizer):
        raise ValueError(f"optimizer must be callable, got {optimizer!r}")
    x, y = two_spirals(SPIRAL_POINTS, seed=0)  # (points, 2), (points,)
    result: dict = {"depth": spec.depth, "steps": steps, "lr": lr}
    for name in ("sgd", "momentum", "adam"):
        net = build_mlp(spec, in_features=2, out_features=1)
        opt = optimizer(name, net.parameters(), lr)
        first, last = net.hidden_linears()[0].weight, net.hidden_linears()[-1].weight
        step_first = step_last = 0.0
        for _ in range(steps):
            opt.zero_grad(set_to_none=True)
            nn.functional.binary_cross_entropy_with_logits(net(x).squeeze(-1), y).backward()
            grads = _rms(first.grad), _rms(last.grad)
            before = first.detach().clone(), last.detach().clone()
            opt.step()
            step_first += _rms(first.detach() - before[0]) / steps
            step_last += _rms(last.detach() - before[1]) / steps
        result |= {
            f"{name}_grad_first": grads[0], f"{name}_grad_last": grads[1], f"{name}_fraction": grads[0] / grads[1],
            f"{name}_step_first": step_first, f"{name}_step_last": step_last,
        }
    return result
