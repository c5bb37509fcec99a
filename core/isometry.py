"""Dynamical isometry: the singular values of a deep net's input-output Jacobian.

For a plain net h_l = phi(z_l), z_l = W_l h_{l-1} + b_l, the Jacobian of
the output with respect to the input is a product of layer Jacobians,

    J = dh_L/dh_0 = D_L W_L ... D_1 W_1,     D_l = diag(phi'(z_l))   (width x width)

A gradient sent back through the net is multiplied by J^T, so J's singular
values are the gains of every direction at once. chi_1 = 1 (criticality)
only fixes their mean square, E[lambda] = 1 for lambda = sigma^2 (the
eigenvalues of J J^T); "dynamical isometry" (Saxe et al. 2014; Pennington,
Schoenholz & Ganguli 2017) is all of them near 1.

Free probability gives the spread of lambda in the wide-net limit
(Pennington et al. 2017): the relative variances of free factors add, so

    Var(lambda) / E[lambda]^2 = sum_l (mu_2,l / mu_1,l^2 - 1) + L s,
    mu_k,l = E_z[phi'(sqrt(q_l) z)^(2k)],   E[lambda] = prod_l sigma_w^2 mu_1,l

with s = 1 for Gaussian W (W W^T is Marchenko-Pastur, variance 1) and
s = 0 for orthogonal W (W W^T = I). Linear units have mu_2 = mu_1^2, so
orthogonal weights give exactly lambda = 1 and Gaussian ones Var = L (the
Fuss-Catalan law of a product of L Ginibre matrices, second moment L + 1).
ReLU has phi'^2 in {0, 1} with probability 1/2 each: mu_2 / mu_1^2 = 2, so
Var = L even with orthogonal weights. tanh near q = 0 is almost linear:
mu_2 / mu_1^2 - 1 is about 8 q^2, so orthogonal tanh at a small fixed point
q* stays near isometry at every depth here (q* = 1/64: Var = 0.17 at 100
layers), Gaussian tanh does not (Var about L).

The nets: sigma_b = 0 and sigma_w = 1 for linear units; He's sigma_w^2 = 2
for ReLU (chi_1 = 1); for tanh the point of the chi_1 = 1 line whose fixed
point is q* = TANH_Q_STAR (sigma_w just above 1, sigma_b just above 0), with
the input drawn so that layer 1 already sits at q* (at sigma_b = 0 exactly,
q* = 0 is reached only as a power law in depth and E[lambda] decays like
1/L). Everything is float64: the weights are drawn by core.nets.init_weight_
into float64 tensors from the net's own torch.Generator, so a product of
100 orthogonal matrices keeps its singular values at 1 to 1e-13.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import torch
from torch import nn

from . import theory
from .activations import ACTIVATIONS, activation_derivative
from .cancel import checkpoint
from .checks import check_choice, check_int
from .nets import SEED_RANGE, init_weight_

ISOMETRY_ACTIVATIONS = ("tanh", "relu", "linear")
ISOMETRY_INITS = ("normal", "orthogonal")  # Gaussian N(0, sigma_w^2 / n) and Haar-orthogonal times sigma_w
DEPTH_RANGE = (1, 100)
WIDTH_RANGE = (2, 256)
TANH_Q_STAR = 1 / 64  # tanh's fixed point: small, so tanh works near its linear regime
BAND = (0.5, 2.0)  # a singular value in here is "near 1"
# Var of W W^T's eigenvalues for a wide square Gaussian W with Var W = 1/n
# (Marchenko-Pastur at aspect ratio 1: mean 1, variance 1); an orthogonal
# W W^T = I adds 0. Each Gaussian layer adds this to Var(lambda) / E[lambda]^2.
GAUSSIAN_EXCESS = 1.0
MAX_THEORY_WIDTH = 10**6  # linear_gaussian_moments up to this width (a stand-in for the wide limit)


@dataclass(frozen=True)
class IsometryConfig:
    """One square net of `depth` layers of `width` units at its critical point (critical_point)."""

    depth: int = 50
    width: int = 128
    activation: str = "tanh"
    init: str = "orthogonal"
    seed: int = 0

    def __post_init__(self) -> None:
        for name, bounds in (("depth", DEPTH_RANGE), ("width", WIDTH_RANGE), ("seed", SEED_RANGE)):
            object.__setattr__(self, name, check_int(name, getattr(self, name), bounds))
        check_choice("activation", self.activation, ISOMETRY_ACTIVATIONS)
        check_choice("init", self.init, ISOMETRY_INITS)


@lru_cache(maxsize=8, typed=True)
def critical_point(activation: str) -> tuple[float, float, float]:
    """(sigma_w, sigma_b, q*) of the chi_1 = 1 net: linear (1, 0, 1), ReLU
    (sqrt 2, 0, 1) (their Jacobians do not depend on q); tanh: q* =
    TANH_Q_STAR, sigma_w^2 = 1 / E[phi'(sqrt(q*) z)^2] (chi_1 = 1) and
    sigma_b^2 = q* - sigma_w^2 E[tanh(sqrt(q*) z)^2] (q* a fixed point)."""
    check_choice("activation", activation, ISOMETRY_ACTIVATIONS)
    if activation != "tanh":
        return (math.sqrt(2.0) if activation == "relu" else 1.0), 0.0, 1.0
    q = TANH_Q_STAR
    sigma_w2 = 1.0 / theory.derivative_second_moment("tanh", q)
    sigma_b2 = q - sigma_w2 * theory.gaussian_expectation(lambda z: torch.tanh(z) ** 2, q)
    return math.sqrt(sigma_w2), math.sqrt(sigma_b2), q


def input_vector(config: IsometryConfig) -> torch.Tensor:
    """h_0, shape (width,), float64: phi(sqrt(q*) g) with g ~ N(0, I) for
    tanh, so that layer 1's pre-activations have variance q*, as if h_0 came
    from a layer at the fixed point; g itself for linear and ReLU units. From
    numpy's generator, independent of the weights' torch stream."""
    g = torch.from_numpy(np.random.default_rng((config.seed, 1)).standard_normal(config.width))
    if config.activation != "tanh":
        return g
    return torch.tanh(math.sqrt(critical_point("tanh")[2]) * g)


def jacobian(config: IsometryConfig) -> torch.Tensor:
    """J = D_L W_L ... D_1 W_1 at the input input_vector(config), float64,
    shape (width, width); layer by layer, W_l then b_l drawn from one
    torch.Generator seeded with config.seed (as core.nets.build_mlp draws)."""
    sigma_w, sigma_b, _ = critical_point(config.activation)
    generator = torch.Generator().manual_seed(config.seed)
    phi = ACTIVATIONS[config.activation]()
    h = input_vector(config)  # (width,)
    jac = torch.eye(config.width, dtype=torch.float64)  # (width, width): dh_l/dh_0
    weight, bias = torch.empty(config.width, config.width, dtype=torch.float64), torch.zeros(config.width, dtype=torch.float64)
    for _ in range(config.depth):
        checkpoint()
        init_weight_(weight, config.init, sigma_w, generator)
        if sigma_b > 0:
            nn.init.normal_(bias, 0.0, sigma_b, generator=generator)
        z = weight @ h + bias  # (width,)
        jac = activation_derivative(config.activation, z)[:, None] * (weight @ jac)  # D_l W_l (dh_{l-1}/dh_0)
        h = phi(z)
    return jac


def singular_values(config: IsometryConfig) -> np.ndarray:
    """J's singular values, largest first, shape (width,)."""
    return torch.linalg.svdvals(jacobian(config)).numpy()


def resolution(sigmas) -> float:
    """sigma_max x n x float64's epsilon: singular values computed in float64
    are accurate to about this much in absolute terms, so a smaller one is
    round-off, not a measurement (a product of Gaussian layers has true
    singular values far smaller: its smallest Lyapunov exponent at n = 128
    is about -3 per layer)."""
    sigmas = np.asarray(sigmas, dtype=float)
    return float(sigmas.max() * sigmas.size * np.finfo(np.float64).eps)


def summary(sigmas) -> dict:
    """Of singular values sigma: mean and variance of lambda = sigma^2 (the
    eigenvalues of J J^T), the largest and smallest sigma, the share of
    sigma within BAND, and `floor`, the resolution below which they are
    round-off."""
    sigmas = np.asarray(sigmas, dtype=float)
    lam = sigmas**2
    low, high = BAND
    return {
        "mean": float(lam.mean()), "variance": float(lam.var()), "max": float(sigmas.max()), "min": float(sigmas.min()),
        "within": float(np.mean((sigmas >= low) & (sigmas <= high))), "floor": resolution(sigmas),
    }


def free_moments(activation: str, init: str, depth: int) -> tuple[float, float]:
    """(E[lambda], Var(lambda)) of J J^T's eigenvalues in the wide-net limit
    (free probability; module docstring), for the net of critical_point
    with the input of input_vector."""
    check_choice("activation", activation, ISOMETRY_ACTIVATIONS)
    check_choice("init", init, ISOMETRY_INITS)
    depth = check_int("depth", depth, DEPTH_RANGE)
    sigma_w, sigma_b, q_star = critical_point(activation)
    # E[h_0^2]: tanh's input is tanh(sqrt(q*) g), the others' g
    q_input = theory.gaussian_expectation(lambda z: torch.tanh(z) ** 2, q_star) if activation == "tanh" else 1.0
    mean, relative = 1.0, 0.0
    for q in theory.variance_profile(activation, sigma_w, sigma_b, depth, q_input):
        mu1, mu2 = derivative_moments(activation, q)
        mean *= sigma_w**2 * mu1
        relative += mu2 / mu1**2 - 1.0 + (GAUSSIAN_EXCESS if init == "normal" else 0.0)
    return mean, relative * mean**2


def derivative_moments(activation: str, q: float) -> tuple[float, float]:
    """(mu_1, mu_2) = (E[phi'(sqrt(q) z)^2], E[phi'(sqrt(q) z)^4]), z ~ N(0, 1)."""
    check_choice("activation", activation, ISOMETRY_ACTIVATIONS)
    return tuple(theory.gaussian_expectation(lambda z: activation_derivative(activation, z) ** power, q) for power in (2, 4))


def linear_gaussian_moments(depth: int, width: int) -> tuple[float, float]:
    """(E[m_1^2], E[m_2]) exactly, at finite width n, of the moments
    m_k = (1/n) tr (J J^T)^k of a product J of `depth` n x n real Gaussian
    matrices with Var W = 1/n (E[m_1] = 1 at every depth). With A = J J^T
    of the layers below, one more layer gives W A W^T, and Wick's theorem
    gives E[m_1'^2] = m_1^2 + 2 m_2 / n^2 and E[m_2'] = m_1^2 + (1 + 1/n) m_2.
    As n grows E[m_2] -> depth + 1 (Fuss-Catalan); the variance of lambda
    within one net is E[m_2] - E[m_1^2]."""
    depth = check_int("depth", depth, DEPTH_RANGE)
    n = check_int("width", width, (WIDTH_RANGE[0], MAX_THEORY_WIDTH))
    mean_square, second = 1.0, 1.0  # J = I
    for _ in range(depth):
        mean_square, second = mean_square + 2.0 * second / n**2, mean_square + (1.0 + 1.0 / n) * second
    return mean_square, second
