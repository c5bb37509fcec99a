"""Products of random matrices: a fresh matrix at every step against one matrix repeated.

A deep net at initialisation multiplies a vector by a different random
matrix per layer, W_L ... W_1 x; a recurrent net multiplies it by the same
W at every time step, W^k x. Both kinds of W here are n x n with i.i.d.
N(0, sigma^2/n) entries (the scale the app's nets use: sigma = 1 keeps
E||W x||^2 = ||x||^2).

- Fresh matrices: (1/L) ln||W_L ... W_1 x|| tends to the top Lyapunov
  exponent lambda_1, the same for almost every draw and every x. For
  Gaussian entries of standard deviation s (here s = sigma/sqrt(n)) it is
  lambda_1 = ln s + (ln 2 + digamma(n/2))/2 (Cohen & Newman 1984; Newman
  1986): ||W v||/||v|| is s chi_n for any v, independent from step to step,
  so ln||W_L ... W_1 x|| is a sum of L i.i.d. ln(s chi_n) (mean lambda_1,
  variance trigamma(n/2)/4). No single W's eigenvalues appear in it.
- One matrix repeated: (1/k) ln||W^k x|| tends to ln rho(W), its spectral
  radius, which differs from one draw of W to the next.

Both are computed in float64 by renormalising the vector after every step
and adding up the logarithms, so no length of product overflows.
"""

from __future__ import annotations

import math

import numpy as np
import torch

from .checks import check_int, check_number
from .theory import eigenvalues, lyapunov_gaussian

SIZE_RANGE = (1, 32)  # n
SCALE_RANGE = (0.01, 10.0)  # sigma
STEPS_RANGE = (1, 500)  # L
SAMPLES_RANGE = (1, 1000)  # independent products of fresh matrices
SEED_RANGE = (0, 2**32 - 1)
# samples x steps x n^2: the normal draws of one call (about a second at the cap, 2 cores)
MAX_DRAWS = 2**25


def _check(n, sigma) -> tuple[int, float]:
    return check_int("n", n, SIZE_RANGE), check_number("sigma", sigma, SCALE_RANGE)


def start_vector(n: int) -> np.ndarray:
    """x = e_1, so that ln||x|| = 0 and every curve starts at 0. For fresh
    Gaussian matrices any unit x gives the same law (rotation invariance)."""
    n = check_int("n", n, SIZE_RANGE)
    x = np.zeros(n)
    x[0] = 1.0
    return x


def lyapunov_exponent(n: int, sigma: float) -> float:
    """lambda_1 of products of n x n N(0, sigma^2/n) matrices:
    ln(sigma/sqrt(n)) + (ln 2 + digamma(n/2))/2. n = 4, sigma = 2 (entries
    N(0, 1)) gives (ln 2 + 1 - gamma)/2 = 0.558."""
    n, sigma = _check(n, sigma)
    return math.log(sigma) - 0.5 * math.log(n) + lyapunov_gaussian(n)


def log_step_variance(n: int) -> float:
    """Var ln(||W v||/||v||) of one step, trigamma(n/2)/4 for any sigma:
    the spread of ln||W_L ... W_1 x|| grows like L times this."""
    n = check_int("n", n, SIZE_RANGE)
    return 0.25 * float(torch.special.polygamma(1, torch.tensor(n / 2.0, dtype=torch.float64)))


def critical_scale(n: int) -> float:
    """The sigma at which lambda_1 = 0: sqrt(n) exp(-(ln 2 + digamma(n/2))/2)."""
    n = check_int("n", n, SIZE_RANGE)
    return math.sqrt(n) * math.exp(-lyapunov_gaussian(n))


def random_matrix(n: int, sigma: float, seed: int) -> np.ndarray:
    """One n x n matrix with i.i.d. N(0, sigma^2/n) entries, drawn from `seed`."""
    n, sigma = _check(n, sigma)
    rng = np.random.default_rng(check_int("seed", seed, SEED_RANGE))
    return rng.standard_normal((n, n)) * (sigma / math.sqrt(n))


def fresh_products(n: int, sigma: float, steps: int, samples: int, seed: int = 0) -> np.ndarray:
    """ln||W_t ... W_1 x|| for t = 0..steps, x = e_1, a fresh N(0, sigma^2/n)
    matrix at every step; one row per independent sample.
    Shape (samples, steps + 1); column 0 is ln||x|| = 0."""
    n, sigma = _check(n, sigma)
    steps, samples = check_int("steps", steps, STEPS_RANGE), check_int("samples", samples, SAMPLES_RANGE)
    if samples * steps * n * n > MAX_DRAWS:
        raise ValueError(f"samples x steps x n^2 must be at most {MAX_DRAWS:,}, got {samples} x {steps} x {n}^2 = {samples * steps * n * n:,}")
    rng = np.random.default_rng(check_int("seed", seed, SEED_RANGE))
    v = np.tile(start_vector(n), (samples, 1))  # (samples, n), unit rows
    logs = np.zeros((samples, steps + 1))
    scale = sigma / math.sqrt(n)
    for t in range(1, steps + 1):
        w = rng.standard_normal((samples, n, n)) * scale
        v = np.einsum("sij,sj->si", w, v)
        norms = np.linalg.norm(v, axis=1)  # > 0 with probability 1
        logs[:, t] = logs[:, t - 1] + np.log(norms)
        v /= norms[:, None]
    return logs


def repeated_product(matrix, steps: int) -> np.ndarray:
    """ln||W^k x|| for k = 0..steps, x = e_1, one matrix W applied again and
    again (renormalised each step). -inf from the step W^k x is exactly 0
    (a nilpotent W), which a Gaussian draw is with probability 0."""
    w = np.asarray(matrix, dtype=float)
    n = len(eigenvalues(w))  # checks the matrix: square, finite, at most 256 x 256
    steps = check_int("steps", steps, STEPS_RANGE)
    v = start_vector(check_int("n", n, SIZE_RANGE))
    logs = np.zeros(steps + 1)
    for k in range(1, steps + 1):
        v = w @ v
        norm = float(np.linalg.norm(v))
        if norm == 0.0:
            logs[k:] = -np.inf
            break
        logs[k] = logs[k - 1] + math.log(norm)
        v /= norm
    return logs


def spectral_radius(matrix) -> float:
    """rho(W) = |lambda_max|: ln rho is the growth rate of W^k x per step."""
    return float(abs(eigenvalues(matrix)[0]))


def running_exponent(logs: np.ndarray) -> np.ndarray:
    """(1/t) ln||W_t ... W_1 x||, averaged over the samples (rows of
    fresh_products), for t = 1..steps: the estimate of lambda_1 after t steps."""
    logs = np.asarray(logs, dtype=float)
    return logs[:, 1:].mean(axis=0) / np.arange(1, logs.shape[1])
