"""Closed forms that the overlays and the tests compare measurements with.

Mean-field theory of deep random nets (Poole et al. 2016; Schoenholz et al.
2017). With W_ij ~ N(0, sigma_w^2 / N) and b_i ~ N(0, sigma_b^2), the
pre-activation variance q of a wide layer follows the map

    q_{l+1} = sigma_w^2 E_z[ phi(sqrt(q_l) z)^2 ] + sigma_b^2,   z ~ N(0, 1),

towards a fixed point q*, and the squared back-propagated gradient is
multiplied per layer by

    chi_1 = sigma_w^2 E_z[ phi'(sqrt(q*) z)^2 ].

chi_1 < 1: ordered phase, gradients vanish; chi_1 > 1: chaotic phase,
gradients explode. How deep a net still trains is set by the correlation
depth scale xi_c (depth_scale): about 6 xi_c layers.
Expectations are quadratures over z ~ N(0, 1) (normal_grid).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import torch

from .activations import ACTIVATIONS, activation_derivative
from .checks import check_array, check_choice, check_int, check_number

# Caches are typed (lru_cache(typed=True)) here and elsewhere in core: True == 1
# and hash alike, so an untyped cache answered chi1(..., sigma_b=True) from an
# earlier chi1(..., sigma_b=1) without running the argument checks.

_Q_MAX = 1e12  # beyond this the variance map is said to diverge

# What the public functions accept (core.checks; ValueError naming the field
# otherwise). Generous: the theory is cheap, these only keep out NaN, signs
# that mean nothing, and sizes that would run for minutes.
SIGMA_RANGE = (0.0, 100.0)  # sigma_w, sigma_b (standard deviations) and a residual alpha
Q_RANGE = (0.0, _Q_MAX)  # a pre-activation variance
THEORY_DEPTH_RANGE = (1, 10_000)  # layers of a layer-by-layer recursion
MAX_GRID = 10_000  # entries of an array of sigma_w or sigma_b
FAN_RANGE = (1, 1_000_000)  # fan-in, fan-out, matrix size n
MATRIX_SIZE_RANGE = (1, 256)  # n of an n x n matrix
POWER_STEPS_RANGE = (0, 10_000)
MATRIX_ENTRY_RANGE = (-1e6, 1e6)


def _check_net(activation, sigma_w, sigma_b) -> tuple[str, float, float]:
    """The (activation, sigma_w, sigma_b) triple most functions here take."""
    return check_choice("activation", activation, ACTIVATIONS), check_number("sigma_w", sigma_w, SIGMA_RANGE), check_number("sigma_b", sigma_b, SIGMA_RANGE)


def _check_bracket(low, high) -> tuple[float, float]:
    """The search interval [low, high] for sigma_w: 0 < low < high."""
    low, high = check_number("low", low, SIGMA_RANGE), check_number("high", high, SIGMA_RANGE)
    if not 0 < low < high:
        raise ValueError(f"low and high must satisfy 0 < low < high, got low={low!r}, high={high!r}")
    return low, high


def _check_matrix(matrix) -> np.ndarray:
    """A square n x n matrix of finite numbers, n in MATRIX_SIZE_RANGE."""
    w = check_array("matrix", matrix, MATRIX_SIZE_RANGE[1] ** 2, MATRIX_ENTRY_RANGE, ndim=2)
    if w.shape[0] != w.shape[1] or w.shape[0] < MATRIX_SIZE_RANGE[0]:
        raise ValueError(f"matrix must be square, n x n with n in {list(MATRIX_SIZE_RANGE)}, got shape {w.shape}")
    return w


def _check_vector(vector, n: int) -> np.ndarray:
    """A vector of n finite numbers (n = the matrix's size)."""
    v = check_array("vector", vector, MATRIX_SIZE_RANGE[1], MATRIX_ENTRY_RANGE, ndim=1)
    if v.shape != (n,):
        raise ValueError(f"vector must have {n} entries (the matrix's size), got shape {v.shape}")
    return v


@lru_cache(maxsize=64, typed=True)
def _midpoint_grid(nodes: int) -> tuple[np.ndarray, np.ndarray]:
    step = 20.0 / nodes
    z = -10.0 + (np.arange(nodes) + 0.5) * step
    return z, step * np.exp(-0.5 * z * z) / math.sqrt(2.0 * math.pi)


def normal_grid(q: float, max_nodes: int = 20_000) -> tuple[np.ndarray, np.ndarray]:
    """Nodes z_k and weights w_k with E_z[f(sqrt(q) z)] ~ sum_k w_k f(sqrt(q) z_k).

    The midpoint rule on [-10, 10] with spacing min(0.25, 0.2 / sqrt(q)):
    for an integrand analytic in a strip (tanh: poles at distance pi/2 in
    u = sqrt(q) z; sigmoid: pi) its error falls like exp(-2 pi d / h),
    so a spacing proportional to 1/sqrt(q) keeps it near 1e-20 at any q,
    where a fixed Gauss-Hermite rule missed the bump phi'(sqrt(q) z) of
    width 1/sqrt(q) (200 nodes: E[tanh'^2] 6% low at q = 27). The nodes are
    symmetric and an even number, so z = 0 (ReLU's kink) is not one of them
    and E[relu'(z)^2] is exactly half the total weight. At most `max_nodes`
    nodes: beyond q = (0.2 max_nodes / 20)^2 (4 * 10^4 by default) the
    spacing stops shrinking and accuracy degrades gently.
    """
    q = check_number("q", q, Q_RANGE)
    max_nodes = check_int("max_nodes", max_nodes, (2, 200_000))
    spacing = min(0.25, 0.2 / math.sqrt(q)) if q > 0 else 0.25
    nodes = min(max_nodes, 2 * math.ceil(10.0 / spacing))
    return _midpoint_grid(nodes)


def gaussian_expectation(fn, q: float) -> float:
    """E_z[fn(sqrt(q) z)] for z ~ N(0, 1); fn maps a float64 tensor elementwise."""
    q = max(q, 0.0)
    nodes, weights = normal_grid(q)
    values = fn(torch.from_numpy(math.sqrt(q) * nodes))
    return float(np.dot(weights, values.detach().numpy()))


def gaussian_pair_expectation(fn, q: float, c: float) -> float:
    """E[fn(u_1) fn(u_2)] for u_1, u_2 ~ N(0, q) with correlation c in [-1, 1]:
    u_1 = sqrt(q) z_1, u_2 = sqrt(q) (c z_1 + sqrt(1 - c^2) z_2), on the
    product of two normal_grid rules (at most 1,500 nodes each: accurate up
    to q ~ 225, tanh's q* at sigma_w ~ 15)."""
    q = max(q, 0.0)
    nodes, weights = normal_grid(q, max_nodes=1_500)
    root = math.sqrt(q)
    first = fn(torch.from_numpy(root * nodes)).detach().numpy()  # (n,)
    u2 = root * (c * nodes[:, None] + math.sqrt(max(1.0 - c * c, 0.0)) * nodes[None, :])  # (n, n): z_1 down, z_2 across
    second = fn(torch.from_numpy(u2)).detach().numpy()
    return float(weights @ (first[:, None] * second) @ weights)


def _phi(activation: str):
    module = ACTIVATIONS[activation]()
    return lambda z: module(z)


# Pure functions of a few floats, evaluated layer by layer: cached so that a
# profile one layer deeper costs one new quadrature, not `depth` of them.
@lru_cache(maxsize=16384, typed=True)
def variance_map(activation: str, q: float, sigma_w: float, sigma_b: float) -> float:
    """One layer of the mean-field variance map q -> q'."""
    activation, sigma_w, sigma_b = _check_net(activation, sigma_w, sigma_b)
    q = check_number("q", q, Q_RANGE)
    phi = _phi(activation)
    return sigma_w**2 * gaussian_expectation(lambda z: phi(z) ** 2, q) + sigma_b**2


def variance_profile(activation: str, sigma_w: float, sigma_b: float, depth: int, q_input: float = 1.0) -> list[float]:
    """q_1 .. q_depth for inputs with E[x^2] = q_input (q_1 = sigma_w^2 q_input + sigma_b^2)."""
    activation, sigma_w, sigma_b = _check_net(activation, sigma_w, sigma_b)
    depth = check_int("depth", depth, THEORY_DEPTH_RANGE)
    q_input = check_number("q_input", q_input, Q_RANGE)
    q = sigma_w**2 * q_input + sigma_b**2
    profile = [q]
    for _ in range(depth - 1):
        q = min(variance_map(activation, q, sigma_w, sigma_b), _Q_MAX)
        profile.append(q)
    return profile


@lru_cache(maxsize=4096, typed=True)
def fixed_point_q(activation: str, sigma_w: float, sigma_b: float, iterations: int = 1000) -> float:
    """q*, by iterating the variance map from q = 1 (inf if it diverges).

    Linear and ReLU nets have no finite nonzero fixed point unless
    sigma_w^2 = 1 (resp. 2); chi_1 of those does not depend on q anyway.
    Near the order-to-chaos transition the iteration converges only like
    1/n (tanh, sigma_w = 1, sigma_b = 0: q_n ~ 1/(2n)), so when it has not
    converged we finish by bisection on q' - q between 0 and the last q.
    """
    activation, sigma_w, sigma_b = _check_net(activation, sigma_w, sigma_b)
    iterations = check_int("iterations", iterations, (1, 100_000))
    q = 1.0
    for _ in range(iterations):
        new_q = variance_map(activation, q, sigma_w, sigma_b)
        if new_q > _Q_MAX:
            return math.inf
        if abs(new_q - q) < 1e-13 * max(1.0, q):
            return new_q
        q = new_q
    gap = lambda x: variance_map(activation, x, sigma_w, sigma_b) - x  # noqa: E731
    if gap(q) >= 0:  # still rising: no bracket below, keep the iterate
        return q
    low, high = 0.0, q  # gap(0) = sigma_b^2 + sigma_w^2 phi(0)^2 >= 0 > gap(q)
    tiny = 1e-200
    if gap(low) == 0 and gap(tiny) <= 1e-9 * tiny:  # relative: the quadrature's rounding is not growth
        return 0.0  # q = 0 is the attracting fixed point (no bias, phi(0) = 0)
    for _ in range(200):
        middle = 0.5 * (low + high)
        low, high = (middle, high) if gap(middle) > 0 else (low, middle)
    return 0.5 * (low + high)


@lru_cache(maxsize=16384, typed=True)
def derivative_second_moment(activation: str, q: float) -> float:
    """E_z[phi'(sqrt(q) z)^2]."""
    check_choice("activation", activation, ACTIVATIONS)
    q = check_number("q", _Q_MAX if q == math.inf else q, Q_RANGE)  # inf: fixed_point_q of a diverging map
    if math.isinf(q):
        q = _Q_MAX
    return gaussian_expectation(lambda z: activation_derivative(activation, z) ** 2, q)


@lru_cache(maxsize=4096, typed=True)
def chi1(activation: str, sigma_w: float, sigma_b: float) -> float:
    """Per-layer factor of the squared gradient norm at the fixed point.

    sigma_w and sigma_b are standard deviations (W ~ N(0, sigma_w^2 / n),
    b ~ N(0, sigma_b^2)). tanh, sigma_b = sqrt(0.05): sigma_w^2 = 1, 1.5,
    2, 4 give 0.759, 0.939, 1.048, 1.342; ReLU: sigma_w^2 / 2 exactly;
    linear: sigma_w^2.
    """
    activation, sigma_w, sigma_b = _check_net(activation, sigma_w, sigma_b)
    q_star = fixed_point_q(activation, float(sigma_w), float(sigma_b))
    return sigma_w**2 * derivative_second_moment(activation, q_star)


def mean_field_grad_profile(activation: str, sigma_w: float, sigma_b: float, depth: int, q_input: float = 1.0) -> np.ndarray:
    """Predicted RMS of dL/dz_l for l = 1..depth, relative to layer `depth`.

    With delta_l = dL/dz_l = phi'(z_l) * (W_{l+1}^T delta_{l+1}) and square
    layers, E[delta_l^2] = sigma_w^2 E[phi'(z_l)^2] E[delta_{l+1}^2], so

        delta_l^2 / delta_depth^2 = prod_{k=l}^{depth-1} sigma_w^2 E[phi'(sqrt(q_k) z)^2].

    It uses the layer-by-layer variances q_k rather than only q*, so it also
    holds in the first layers while q_k is still settling.
    """
    activation, sigma_w, sigma_b = _check_net(activation, sigma_w, sigma_b)
    depth = check_int("depth", depth, THEORY_DEPTH_RANGE)
    q_input = check_number("q_input", q_input, Q_RANGE)
    qs = variance_profile(activation, sigma_w, sigma_b, depth, q_input)  # q_1 .. q_depth
    log_sq = np.zeros(depth)  # index k-1 holds layer k
    for k in range(depth - 2, -1, -1):
        factor = sigma_w**2 * derivative_second_moment(activation, qs[k])
        log_sq[k] = log_sq[k + 1] + math.log(max(factor, 1e-300))
    return np.exp(0.5 * log_sq)


# --- the order-to-chaos boundary ------------------------------------------------
# chi_1 = 1 solved for sigma_w, per sigma_b: in closed form where E[phi'^2]
# does not depend on q, else by a bracketed root-find on whole arrays of
# sigma_b at once: a few milliseconds of CPU per curve for chi_1 = 1, tens
# for the finite-depth line, where a bisection on chi1 took 11 s for tanh
# and 210 s for ReLU's constant sqrt(2).

# phi(c z) = c phi(z) for c > 0, so E[phi'(sqrt(q) z)^2] is the same for every
# q > 0 and chi_1 = sigma_w^2 E[phi'(z)^2] whatever q* is.
POSITIVELY_HOMOGENEOUS = ("linear", "relu", "leaky_relu")


def _moments(activation: str, qs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(E_z[phi(sqrt(q) z)^2], E_z[phi'(sqrt(q) z)^2]) for every q of qs
    (shape (n,)): the quadratures of variance_map and
    derivative_second_moment, one autograd call over (n, nodes) on the
    normal_grid rule of the largest q, which is fine enough for all of them."""
    qs = np.clip(qs, 0.0, _Q_MAX)
    nodes, weights = normal_grid(float(np.max(qs, initial=0.0)), max_nodes=4_000)
    z = torch.from_numpy(np.sqrt(qs)[:, None] * nodes).requires_grad_(True)  # (n, nodes)
    value = _phi(activation)(z)
    (derivative,) = torch.autograd.grad(value.sum(), z)
    return value.detach().numpy() ** 2 @ weights, derivative.numpy() ** 2 @ weights


def _bracketed_root(f, low: np.ndarray, high: np.ndarray, xtol: float = 1e-12, ftol: float = 1e-12, iterations: int = 100) -> np.ndarray:
    """Roots of an increasing f (arrays in, arrays out), one per element, by
    the Illinois variant of regula falsi: as safe as bisection (the root
    stays bracketed), superlinear on smooth f (about 10 calls of f). An
    element is done when its bracket is narrower than xtol (relative) or
    |f| <= ftol. NaN where f(low) and f(high) have the same sign."""
    low, high = np.array(low, dtype=float), np.array(high, dtype=float)
    f_low, f_high = f(low), f(high)
    root = np.where(f_low == 0, low, np.where(f_high == 0, high, np.nan))
    active = (f_low < 0) & (f_high > 0)
    side = np.zeros_like(low)  # +1: the last two steps moved `low`, -1: `high`
    for _ in range(iterations):
        if not active.any():
            break
        guess = np.where(active, (low * f_high - high * f_low) / np.where(active, f_high - f_low, 1.0), low)
        f_guess = f(guess)
        below = active & (f_guess < -ftol)
        above = active & (f_guess > ftol)
        hit = active & (np.abs(f_guess) <= ftol)
        root[hit] = guess[hit]
        # Illinois: halve the value kept at the end that did not move twice running.
        f_high = np.where(below & (side > 0), f_high / 2, f_high)
        f_low = np.where(above & (side < 0), f_low / 2, f_low)
        low, f_low = np.where(below, guess, low), np.where(below, f_guess, f_low)
        high, f_high = np.where(above, guess, high), np.where(above, f_guess, f_high)
        side = np.where(below, 1.0, np.where(above, -1.0, side))
        active &= ~hit
        done = active & (high - low <= xtol * np.maximum(1.0, np.abs(high)))
        root[done] = (0.5 * (low + high))[done]
        active &= ~done
    root[active] = (0.5 * (low + high))[active]
    return root


def critical_sigma_ws(activation: str, sigma_bs, low: float = 0.05, high: float = 8.0) -> np.ndarray:
    """The sigma_w at which chi_1 = 1, for each sigma_b: the order-to-chaos
    boundary of infinitely deep nets (Poole et al. 2016; Schoenholz et al.
    2017). NaN where it lies outside [low, high].

    linear, ReLU, leaky ReLU: 1 / sqrt(E[phi'(z)^2]) for every sigma_b
    (1, sqrt 2, sqrt(2 / (1 + 0.01^2))).
    tanh: on the boundary q* and sigma_w solve q* = sigma_w^2 E[phi^2](q*) +
    sigma_b^2 and sigma_w^2 E[phi'^2](q*) = 1, so sigma_w = E[phi'^2](q)^(-1/2)
    where q solves q - E[phi^2](q) / E[phi'^2](q) = sigma_b^2 (a function
    that rises from 0 at q = 0; tanh's variance map has one fixed point, so
    this q is q*). sigma_b = 0 gives q* = 0 and sigma_w = 1.
    Other activations: bisection on chi1 - 1 (slow: chi1 iterates the
    variance map; the app never asks).
    """
    check_choice("activation", activation, ACTIVATIONS)
    sigma_bs = check_array("sigma_bs", sigma_bs, MAX_GRID, SIGMA_RANGE)
    low, high = _check_bracket(low, high)
    sigma_bs = np.atleast_1d(np.asarray(sigma_bs, dtype=float))
    if activation in POSITIVELY_HOMOGENEOUS:
        critical = np.full(sigma_bs.shape, 1.0 / math.sqrt(derivative_second_moment(activation, 1.0)))
    elif activation == "tanh":
        def excess(q):  # q - E[phi^2]/E[phi'^2] - sigma_b^2, increasing in q
            value, slope = _moments(activation, q)
            return q - value / slope - sigma_bs**2
        q_high = 1.0 + 4.0 * sigma_bs**2
        for _ in range(40):  # excess(q) ~ q for large q: a few doublings at most
            if np.all(excess(q_high) > 0):
                break
            q_high = 4.0 * q_high
        q_star = _bracketed_root(excess, np.zeros_like(sigma_bs), q_high)  # sigma_b = 0: excess(0) = 0, q* = 0
        critical = _moments(activation, q_star)[1] ** -0.5
    else:
        critical = np.array([_critical_sigma_w_by_bisection(activation, b, low, high) for b in sigma_bs])
    return np.where((critical >= low) & (critical <= high), critical, np.nan)
# --- pre-activation residual blocks ------------------------------------------

def residual_profile(
    activation: str, sigma_w: float, sigma_b: float, depth: int, alpha: float, skip: bool = True, q_input: float = 1.0,
) -> tuple[np.ndarray, np.ndarray]:
    """Mean-field law of `depth` pre-activation blocks (core.nets, block="preact"):
    (q, g) with q[i] = E[h_i^2] for i = 0..depth (q[0] = q_input) and
    g[i-1] = RMS of dL/dh_i over RMS of dL/dh_depth for i = 1..depth.

    Block i computes a_i = phi(h_{i-1}) (a_1 = x), z_i = W a_i + b,
    F_i = V phi(z_i) + c and h_i = h_{i-1} + alpha F_i (skip) or F_i (plain),
    with W, V ~ N(0, sigma_w^2 / n) and b, c ~ N(0, sigma_b^2). V is
    independent of h_{i-1} and has mean zero, so the branch adds to the mean
    square with no cross term:

        s_i = sigma_w^2 E[a_i^2] + sigma_b^2            (E z_i^2)
        q_i = q_{i-1} + alpha^2 (sigma_w^2 E[phi(sqrt(s_i) xi)^2] + sigma_b^2)

    Backward, dL/dh_{i-1} = (I + alpha J_i^T) dL/dh_i with J_i = V D W D'
    (D, D' the derivatives phi'(z_i), phi'(h_{i-1})), and
    E|J_i^T v|^2 = chi_i |v|^2 with

        chi_i = sigma_w^4 E[phi'(sqrt(s_i) xi)^2] E[phi'(sqrt(q_{i-1}) xi)^2]

    (the last factor is 1 for i = 1), so the mean-square gradient is
    multiplied by (1 + alpha^2 chi_i) per block toward the input (plain:
    by chi_i). For ReLU, sigma_w = 1, sigma_b = 0 this is
    relu_residual_growth. Infinite width, no normalisation.
    """
    activation, sigma_w, sigma_b = _check_net(activation, sigma_w, sigma_b)
    depth = check_int("depth", depth, THEORY_DEPTH_RANGE)
    alpha = check_number("alpha", alpha, SIGMA_RANGE)
    q_input = check_number("q_input", q_input, Q_RANGE)
    phi_sq = lambda q: variance_map(activation, q, 1.0, 0.0)  # noqa: E731  E[phi(sqrt(q) xi)^2]
    q, s = [float(q_input)], []
    for i in range(1, depth + 1):
        s_i = min(sigma_w**2 * (q[-1] if i == 1 else phi_sq(q[-1])) + sigma_b**2, _Q_MAX)
        branch = variance_map(activation, s_i, sigma_w, sigma_b)
        s.append(s_i)
        q.append(min(q[-1] + alpha**2 * branch if skip else branch, _Q_MAX))
    log_sq = np.zeros(depth)  # index i-1 holds block i, relative to block `depth`
    for i in range(depth - 1, 0, -1):  # dL/dh_i from dL/dh_{i+1} through block i + 1
        chi = sigma_w**4 * derivative_second_moment(activation, s[i]) * derivative_second_moment(activation, q[i])
        factor = 1.0 + alpha**2 * chi if skip else chi
        log_sq[i - 1] = log_sq[i] + math.log(max(factor, 1e-300))
    return np.array(q), np.exp(0.5 * log_sq)


def relu_residual_growth(alpha: float, depth: int) -> float:
    """RMS of dL/dh_1 over RMS of dL/dh_depth for ReLU pre-activation blocks
    with Var W = Var V = 1/n, no biases, no normalisation: each block after
    the first multiplies the mean-square gradient by 1 + alpha^2 / 4 (phi
    halves the mean square twice), so (1 + alpha^2 / 4)^((depth - 1) / 2).
    The signal: q_depth = (1 + alpha^2 / 2)(1 + alpha^2 / 4)^(depth - 1) q_0
    (the first block reads the data, which is not halved)."""
    alpha = check_number("alpha", alpha, SIGMA_RANGE)
    depth = check_int("depth", depth, (1, 1_000_000))
    return (1.0 + alpha**2 / 4.0) ** ((depth - 1) / 2.0)


def relu_residual_growth_bound(alpha: float, depth: int) -> float:
    """exp(alpha^2 (depth - 1) / 8) >= relu_residual_growth (1 + x <= e^x);
    at alpha = 1/sqrt(depth) it is below e^(1/8) = 1.133 at any depth."""
    alpha = check_number("alpha", alpha, SIGMA_RANGE)
    depth = check_int("depth", depth, (1, 1_000_000))
    return math.exp(alpha**2 * (depth - 1) / 8.0)


def critical_sigma_w(activation: str, sigma_b: float, low: float = 0.05, high: float = 8.0) -> float:
    """critical_sigma_ws for one sigma_b. tanh, sigma_b = 0: exactly 1;
    ReLU: sqrt(2) for any sigma_b."""
    sigma_b = check_number("sigma_b", sigma_b, SIGMA_RANGE)
    return float(critical_sigma_ws(activation, [sigma_b], low, high)[0])


def _critical_sigma_w_by_bisection(activation: str, sigma_b: float, low: float, high: float) -> float:
    gap = lambda sigma_w: chi1(activation, sigma_w, float(sigma_b)) - 1.0  # noqa: E731
    if gap(low) > 0 or gap(high) < 0:
        return math.nan
    for _ in range(50):
        middle = 0.5 * (low + high)
        low, high = (middle, high) if gap(middle) < 0 else (low, middle)
    return 0.5 * (low + high)


def log_first_layer_gain(activation: str, sigma_ws, sigma_bs, depth: int, q_input: float = 1.0) -> np.ndarray:
    """ln of mean_field_grad_profile(...)[0], the predicted RMS gradient at
    layer 1 over layer `depth`, for arrays of (sigma_w, sigma_b) at once:
    the same recursion (q_1 = sigma_w^2 q_input + sigma_b^2, then the
    variance map; half the sum of ln(sigma_w^2 E[phi'^2](q_k)) over
    k = 1..depth-1), one vectorised quadrature per layer."""
    check_choice("activation", activation, ACTIVATIONS)
    depth = check_int("depth", depth, THEORY_DEPTH_RANGE)
    q_input = check_number("q_input", q_input, Q_RANGE)
    sigma_ws, sigma_bs = check_array("sigma_ws", sigma_ws, MAX_GRID, SIGMA_RANGE), check_array("sigma_bs", sigma_bs, MAX_GRID, SIGMA_RANGE)
    sigma_ws, sigma_bs = np.broadcast_arrays(np.asarray(sigma_ws, dtype=float), np.asarray(sigma_bs, dtype=float))
    q = sigma_ws**2 * q_input + sigma_bs**2
    log_sq = np.zeros(q.shape)
    for _ in range(depth - 1):
        value, slope = _moments(activation, q.ravel())
        log_sq += np.log(np.maximum(sigma_ws**2 * slope.reshape(q.shape), 1e-300))
        q = np.minimum(sigma_ws**2 * value.reshape(q.shape) + sigma_bs**2, _Q_MAX)
    return 0.5 * log_sq


def finite_depth_critical_sigma_ws(activation: str, sigma_bs, depth: int, q_input: float = 1.0, low: float = 0.05, high: float = 8.0) -> np.ndarray:
    """The sigma_w at which the mean-field theory predicts layer 1 of a
    `depth`-layer net to get exactly the gradient of layer `depth`
    (mean_field_grad_profile(...)[0] = 1), for each sigma_b; NaN outside
    [low, high].

    This is where a measured phase diagram of `depth`-layer nets changes
    colour. For tanh with inputs of variance q_input = 1 (the probe's), it
    lies to the right of the chi_1 = 1 line: q_1 = sigma_w^2 + sigma_b^2 is
    above q* (tanh^2 < 1) and q_k falls toward q* only slowly (like 1/k at
    sigma_b = 0); meanwhile E[phi'^2](q_k) < E[phi'^2](q*), so on chi_1 = 1
    the gradient still shrinks. For linear, ReLU and leaky ReLU E[phi'^2]
    does not depend on q, so the two lines coincide at every depth.
    """
    check_choice("activation", activation, ACTIVATIONS)
    sigma_bs = check_array("sigma_bs", sigma_bs, MAX_GRID, SIGMA_RANGE)
    q_input = check_number("q_input", q_input, Q_RANGE)
    low, high = _check_bracket(low, high)
    depth = check_int("depth", depth, (2, THEORY_DEPTH_RANGE[1]))
    sigma_bs = np.atleast_1d(np.asarray(sigma_bs, dtype=float))
    if activation in POSITIVELY_HOMOGENEOUS:
        return critical_sigma_ws(activation, sigma_bs, low, high)
    # In ln sigma_w, where the gain is nearly linear: about 12 calls, each one quadrature per layer.
    log_root = _bracketed_root(
        lambda log_sigma_ws: log_first_layer_gain(activation, np.exp(log_sigma_ws), sigma_bs, depth, q_input),
        np.full(sigma_bs.shape, math.log(low)), np.full(sigma_bs.shape, math.log(high)),
    )
    return np.exp(log_root)


# --- depth scales: how deep a net still trains (Schoenholz et al. 2017) --------------

TRAINABLE_DEPTH_FACTOR = 6  # Schoenholz et al. 2017: nets train up to about 6 xi_c layers
CRITICAL_TOLERANCE = 1e-9  # |chi_1 - 1| below this is chi_1 = 1 (He init's sigma_w^2 / 2 is 1.0000000000000002)


def _is_fixed_point(activation: str, q: float, sigma_w: float, sigma_b: float) -> bool:
    """q is a finite, nonzero fixed point of the variance map (fixed_point_q
    returns its last iterate when the map keeps rising, e.g. a ReLU just above
    sigma_w^2 = 2)."""
    return 0.0 < q < math.inf and abs(variance_map(activation, q, sigma_w, sigma_b) - q) <= 1e-9 * q


def correlation_map(activation: str, c: float, sigma_w: float, sigma_b: float) -> float:
    """One layer of the correlation map at the variance fixed point q*:
    c' = (sigma_w^2 E[phi(u_1) phi(u_2)] + sigma_b^2) / q*, with u_1, u_2 ~
    N(0, q*) correlated c: how the correlation of two inputs' pre-activations
    changes per layer. c = 1 is always a fixed point."""
    activation, sigma_w, sigma_b = _check_net(activation, sigma_w, sigma_b)
    c = check_number("c", c, (-1.0, 1.0))
    q_star = fixed_point_q(activation, float(sigma_w), float(sigma_b))
    phi = _phi(activation)
    return (sigma_w**2 * gaussian_pair_expectation(phi, q_star, c) + sigma_b**2) / q_star


def correlation_slope(activation: str, c: float, sigma_w: float, sigma_b: float) -> float:
    """d c' / d c = sigma_w^2 E[phi'(u_1) phi'(u_2)] (Price's theorem); at
    c = 1 it is chi_1, at the fixed point c* it is chi_c."""
    activation, sigma_w, sigma_b = _check_net(activation, sigma_w, sigma_b)
    c = check_number("c", c, (-1.0, 1.0))
    q_star = fixed_point_q(activation, float(sigma_w), float(sigma_b))
    return sigma_w**2 * gaussian_pair_expectation(lambda z: activation_derivative(activation, z), q_star, c)


@lru_cache(maxsize=1024, typed=True)
def correlation_fixed_point(activation: str, sigma_w: float, sigma_b: float) -> float:
    """c*, the correlation that two inputs' pre-activations settle at, deep
    in the chaotic phase (chi_1 > 1), where c = 1 repels; 1 elsewhere.

    The map is increasing in c, so c* is the root of c' - c in [0, 1) that
    iteration from c = 0 reaches: 0 itself for an odd phi without bias
    (tanh, sigma_b = 0) when 0 attracts. Safeguarded Newton on c' - c with
    the slope from correlation_slope.
    """
    activation, sigma_w, sigma_b = _check_net(activation, sigma_w, sigma_b)
    q_star = fixed_point_q(activation, sigma_w, sigma_b)
    if not _is_fixed_point(activation, q_star, sigma_w, sigma_b) or chi1(activation, sigma_w, sigma_b) <= 1.0 + CRITICAL_TOLERANCE:
        return 1.0
    gap = lambda c: correlation_map(activation, c, sigma_w, sigma_b) - c  # noqa: E731
    low, high = 0.0, 1.0 - 1e-6
    if gap(high) >= 0:
        return 1.0  # so close to chi_1 = 1 that c* cannot be told from 1
    if abs(gap(low)) <= 1e-14:
        if correlation_slope(activation, 0.0, sigma_w, sigma_b) < 1.0:
            return 0.0
        low = 1e-6  # 0 repels: the attracting root lies above it
    c = 0.5 * (low + high)
    for _ in range(100):
        value = gap(c)
        if value > 0:
            low = c
        else:
            high = c
        if abs(value) < 1e-13 or high - low < 1e-13:
            break
        slope = correlation_slope(activation, c, sigma_w, sigma_b) - 1.0
        newton = c - value / slope if slope != 0 else math.nan
        c = newton if low < newton < high else 0.5 * (low + high)
    return c


@dataclass(frozen=True)
class DepthScale:
    """How many layers signals and gradients travel (Schoenholz et al. 2017).

    phase            "ordered" (chi_1 < 1: gradients vanish toward the input),
                     "critical" (chi_1 = 1 within CRITICAL_TOLERANCE) or
                     "chaotic" (chi_1 > 1: gradients explode toward the input)
    chi_1            per-layer factor of the squared gradient
    c_star, chi_c    the correlation fixed point and the correlation map's
                     slope there: 1 and chi_1 in the ordered phase, c* < 1
                     and chi_c < 1 in the chaotic phase; NaN where the
                     variance has no fixed point (see `basis`)
    xi               depth scale: -1 / ln chi_c (correlations, and in the
                     ordered phase the gradient, change by e per xi layers);
                     inf at chi_1 = 1
    trainable_depth  TRAINABLE_DEPTH_FACTOR * xi, about the deepest net that
                     still trains
    basis            "correlation", or "gradient" where the signal's variance
                     has no finite, nonzero fixed point (it grows or shrinks
                     without bound: linear and ReLU nets off chi_1 = 1, tanh
                     below sigma_w = 1 without bias): such a net has no
                     correlation depth of its own, and xi = 1 / |ln chi_1|,
                     the depth over which the squared gradient changes by e
    """

    phase: str
    chi_1: float
    c_star: float
    chi_c: float
    xi: float
    trainable_depth: float
    basis: str


@lru_cache(maxsize=1024, typed=True)
def depth_scale(activation: str, sigma_w: float, sigma_b: float) -> DepthScale:
    """The depth scales of a net with W ~ N(0, sigma_w^2 / n), b ~ N(0, sigma_b^2).

    In the ordered phase c* = 1 and xi_c = -1 / ln chi_1, the depth over
    which the gradient vanishes. In the chaotic phase the gradient grows by
    chi_1 per layer, while the trainable depth comes from chi_c at c* < 1:
    tanh, sigma_w = 1.5, sigma_b = 0 has chi_1 = 1.139 but c* = 0,
    chi_c = 0.943, 6 xi_c = 102 layers (6 / ln chi_1 would say 46).
    """
    activation, sigma_w, sigma_b = _check_net(activation, sigma_w, sigma_b)
    sigma_w, sigma_b = float(sigma_w), float(sigma_b)
    chi = chi1(activation, sigma_w, sigma_b)
    if abs(chi - 1.0) <= CRITICAL_TOLERANCE:
        return DepthScale("critical", chi, 1.0, chi, math.inf, math.inf, "correlation")
    phase = "ordered" if chi < 1.0 else "chaotic"
    q_star = fixed_point_q(activation, sigma_w, sigma_b)
    if not _is_fixed_point(activation, q_star, sigma_w, sigma_b):
        xi = 1.0 / abs(math.log(chi))
        return DepthScale(phase, chi, math.nan, math.nan, xi, TRAINABLE_DEPTH_FACTOR * xi, "gradient")
    c_star = 1.0 if phase == "ordered" else correlation_fixed_point(activation, sigma_w, sigma_b)
    chi_c = chi if c_star == 1.0 else correlation_slope(activation, c_star, sigma_w, sigma_b)
    xi = -1.0 / math.log(chi_c) if chi_c < 1.0 else 1.0 / abs(math.log(chi))
    return DepthScale(phase, chi, c_star, chi_c, xi, TRAINABLE_DEPTH_FACTOR * xi, "correlation")


def batchnorm_relu_growth_limit() -> float:
    """pi / (pi - 1) ~ 1.467: the factor by which the squared gradient grows
    per layer toward the input in a plain ReLU net with BatchNorm at
    initialisation, in the limit of large batches (Yang et al. 2019); smaller
    batches grow faster (about 1.52 at batch 32)."""
    return math.pi / (math.pi - 1.0)


# --- products of layers -----------------------------------------------------

SIGMOID_MAX_DERIVATIVE = 0.25


def sigmoid_chain_bound(length: int, weight_norm: float = 1.0) -> float:
    """Upper bound on the gain of `length` sigmoid layers whose weights have
    spectral norm <= weight_norm: (0.25 * weight_norm)^length (0.25^10 ~ 9.5e-7)."""
    length = check_int("length", length, POWER_STEPS_RANGE)
    weight_norm = check_number("weight_norm", weight_norm, (0.0, 1e6))
    return (SIGMOID_MAX_DERIVATIVE * weight_norm) ** length


def scaled_identity_gain(weight: float, length: int) -> float:
    """A linear net with W = weight * I multiplies by weight^length (5^10 = 9,765,625)."""
    weight = check_number("weight", weight, (-1e6, 1e6))
    length = check_int("length", length, POWER_STEPS_RANGE)
    return float(weight) ** length


# --- initialisations ----------------------------------------------------------

def xavier_variance(fan_in: int, fan_out: int, gain: float = 1.0) -> float:
    """Glorot & Bengio 2010 (normalized init): Var W = gain^2 * 2 / (fan_in + fan_out)."""
    fan_in, fan_out = check_int("fan_in", fan_in, FAN_RANGE), check_int("fan_out", fan_out, FAN_RANGE)
    gain = check_number("gain", gain, (0.0, 1e6))
    return gain**2 * 2.0 / (fan_in + fan_out)


def he_variance(fan_in: int) -> float:
    """He et al. 2015: Var W = 2 / fan_in keeps ReLU signals' variance."""
    fan_in = check_int("fan_in", fan_in, FAN_RANGE)
    return 2.0 / fan_in


def pytorch_default_variance(fan_in: int) -> float:
    """nn.Linear's default U(+-1/sqrt(fan_in)): Var W = 1 / (3 fan_in)."""
    fan_in = check_int("fan_in", fan_in, FAN_RANGE)
    return 1.0 / (3.0 * fan_in)


# --- one matrix, applied again and again ----------------------------------------

def eigenvalues(matrix) -> np.ndarray:
    """Eigenvalues, largest modulus first ([[2,3],[4,5]]: (7 +- sqrt 57)/2)."""
    matrix = _check_matrix(matrix)
    values = np.linalg.eigvals(np.asarray(matrix, dtype=float))
    return values[np.argsort(-np.abs(values))]


def singular_values(matrix) -> np.ndarray:
    """Singular values, largest first ([[2,3],[4,5]]: 7.343, 0.272)."""
    matrix = _check_matrix(matrix)
    return np.linalg.svd(np.asarray(matrix, dtype=float), compute_uv=False)


def power_norms(matrix, vector, steps: int) -> np.ndarray:
    """||W^k x|| for k = 0..steps, in float64.

    It grows like |lambda_max|^k (the spectral radius) for almost every x and
    never faster than sigma_max^k ||x||.
    """
    matrix = _check_matrix(matrix)
    vector = _check_vector(vector, len(matrix))
    steps = check_int("steps", steps, POWER_STEPS_RANGE)
    w = np.asarray(matrix, dtype=float)
    v = np.asarray(vector, dtype=float)
    norms = [np.linalg.norm(v)]
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(steps):
            v = w @ v
            norms.append(np.linalg.norm(v))
    return np.array(norms)


def power_asymptote(matrix, vector) -> tuple[float, float]:
    """(rate, c) with ||W^k x|| ~ c * rate^k for large k: rate = |lambda_max|,
    c = |a_1| ||v_1|| where x = sum_i a_i v_i in W's (unit) eigenvectors.

    Exact for a diagonalisable W with one eigenvalue of largest modulus; for a
    complex pair ||W^k x|| oscillates around this line. c is NaN when the
    eigenvectors are (numerically) not a basis.
    """
    matrix = _check_matrix(matrix)
    vector = _check_vector(vector, len(matrix))
    w = np.asarray(matrix, dtype=float)
    values, vectors = np.linalg.eig(w)
    top = int(np.argmax(np.abs(values)))
    if np.linalg.cond(vectors) > 1e12:
        return float(np.abs(values[top])), math.nan
    coefficients = np.linalg.solve(vectors, np.asarray(vector, dtype=complex))
    return float(np.abs(values[top])), float(np.abs(coefficients[top]) * np.linalg.norm(vectors[:, top]))


def lyapunov_gaussian(n: int) -> float:
    """Top Lyapunov exponent of products of n x n N(0,1) matrices (Newman 1986):
    (ln 2 + digamma(n/2)) / 2; n = 4 gives 0.558."""
    n = check_int("n", n, FAN_RANGE)
    return 0.5 * (math.log(2.0) + float(torch.special.digamma(torch.tensor(n / 2.0, dtype=torch.float64))))
