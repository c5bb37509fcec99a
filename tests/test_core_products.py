"""core.products: products of fresh random matrices against the closed form
of their Lyapunov exponent, and one matrix's powers against its spectral radius.

Tolerances are derived, not tuned: for Gaussian matrices ||W v||/||v|| is
s chi_n for every v, independent from step to step, so the measured
exponent (the mean of samples x steps i.i.d. ln(s chi_n)) has standard
error sqrt(trigamma(n/2)/4 / (samples x steps)); the tests allow 4 of them.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from core import products, theory

EULER_GAMMA = 0.5772156649015329
Z = 4.0  # standard errors allowed


def standard_error(n: int, steps: int, samples: int) -> float:
    return math.sqrt(products.log_step_variance(n) / (steps * samples))


# --- the closed form ----------------------------------------------------------------
def test_newman_four_by_four_standard_normal():
    """4 x 4 N(0, 1) entries (sigma = 2 with n = 4): (ln 2 + 1 - gamma)/2 = 0.558."""
    lam = products.lyapunov_exponent(4, 2.0)
    assert lam == pytest.approx((math.log(2) + 1 - EULER_GAMMA) / 2, rel=1e-12)
    assert round(lam, 3) == 0.558
    assert lam == pytest.approx(theory.lyapunov_gaussian(4), rel=1e-12)


@pytest.mark.parametrize("n", [1, 2, 4, 16, 32])
def test_scale_shifts_the_exponent_by_its_log(n):
    """lambda_1 = ln(sigma/sqrt(n)) + lambda_1 of N(0, 1) entries; n = 1 is E ln|s z|."""
    for sigma in (0.1, 1.0, 3.0):
        assert products.lyapunov_exponent(n, sigma) == pytest.approx(math.log(sigma / math.sqrt(n)) + theory.lyapunov_gaussian(n), abs=1e-12)
    assert products.lyapunov_exponent(1, 1.0) == pytest.approx(-(EULER_GAMMA + math.log(2)) / 2, rel=1e-12)


@pytest.mark.parametrize("n", [1, 2, 4, 8, 32])
def test_variance_preserving_scale_still_shrinks_and_the_critical_scale_is_level(n):
    """sigma = 1 keeps E||Wx||^2 = ||x||^2, but E ln||Wx|| < ln||x|| (Jensen);
    critical_scale is where lambda_1 = 0, just above 1 and falling toward it as n grows."""
    assert products.lyapunov_exponent(n, 1.0) < 0
    sigma_c = products.critical_scale(n)
    assert products.lyapunov_exponent(n, sigma_c) == pytest.approx(0.0, abs=1e-12)
    assert 1.0 < sigma_c < products.critical_scale(max(n // 2, 1)) or n == 1


# --- measured against the closed form ---------------------------------------------------
@pytest.mark.parametrize(("n", "sigma"), [(4, 2.0), (4, 1.0), (1, 1.0), (2, 0.5), (8, 3.0), (16, 1.0), (32, 1.0)])
def test_fresh_products_grow_at_the_lyapunov_exponent(n, sigma):
    steps, samples = 100, 200
    logs = products.fresh_products(n, sigma, steps, samples)
    assert logs.shape == (samples, steps + 1) and np.all(logs[:, 0] == 0.0)
    measured = products.running_exponent(logs)[-1]
    assert measured == pytest.approx(logs[:, -1].mean() / steps)
    assert abs(measured - products.lyapunov_exponent(n, sigma)) < Z * standard_error(n, steps, samples)


@pytest.mark.parametrize("n", [1, 4, 16])
def test_each_step_is_an_independent_log_chi(n):
    """The increments' variance is trigamma(n/2)/4 (within 5%, about 4 standard
    errors of a variance from 40,000 draws with ln chi's tails), whatever sigma."""
    logs = products.fresh_products(n, 1.7, 200, 200, seed=5)
    steps = np.diff(logs, axis=1)
    assert steps.var() == pytest.approx(products.log_step_variance(n), rel=0.05)
    assert abs(np.corrcoef(steps[:, :-1].ravel(), steps[:, 1:].ravel())[0, 1]) < Z / math.sqrt(steps[:, 1:].size)


def test_no_product_overflows():
    """sigma = 10, n = 1, 500 steps: |w|^500 is far beyond float64, its logarithm is not."""
    logs = products.fresh_products(1, 10.0, 500, 100)
    assert np.all(np.isfinite(logs)) and logs[:, -1].mean() > math.log(np.finfo(float).max)


def test_seeds_repeat_and_differ():
    a, b = products.fresh_products(3, 1.0, 10, 5, seed=1), products.fresh_products(3, 1.0, 10, 5, seed=2)
    np.testing.assert_array_equal(a, products.fresh_products(3, 1.0, 10, 5, seed=1))
    assert not np.array_equal(a, b)


# --- one matrix, repeated ----------------------------------------------------------------
def test_repeated_product_is_the_log_of_the_matrix_powers():
    w = products.random_matrix(4, 1.5, 7)
    np.testing.assert_allclose(products.repeated_product(w, 30), np.log(theory.power_norms(w, products.start_vector(4), 30)), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(products.repeated_product(np.diag([2.0, 0.5]), 50), np.arange(51) * math.log(2.0), rtol=1e-12)


@pytest.mark.parametrize("n", [2, 4, 8])
def test_one_matrix_grows_at_the_log_of_its_spectral_radius(n):
    """Least-squares slope of ln||W^k x|| over k = 250..500 within 0.01 of ln rho(W), for 20 draws
    (the largest gap over 800 draws of n = 2..16 was 0.009: a second eigenvalue of nearly equal modulus)."""
    for seed in range(20):
        w = products.random_matrix(n, 1.0, seed)
        logs = products.repeated_product(w, 500)
        slope = np.polyfit(np.arange(250, 501), logs[250:], 1)[0]
        assert slope == pytest.approx(math.log(products.spectral_radius(w)), abs=0.01), seed


def test_one_matrix_is_not_the_fresh_product():
    """Draws of one W have radii spread around; the fresh product's rate is one number."""
    radii = np.array([products.spectral_radius(products.random_matrix(4, 1.0, seed)) for seed in range(200)])
    assert radii.min() < math.exp(products.lyapunov_exponent(4, 1.0)) < 1.0 < radii.max()


def test_a_nilpotent_matrix_reaches_exactly_zero():
    logs = products.repeated_product([[0.0, 0.0], [1.0, 0.0]], 4)
    assert logs[1] == 0.0 and np.all(logs[2:] == -np.inf)


# --- bounds ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("field", "call", "bad"),
    [
        ("n", lambda v: products.fresh_products(v, 1.0, 10, 10), [0, 33, 2.0, True, "4"]),
        ("sigma", lambda v: products.fresh_products(4, v, 10, 10), [0.0, -1.0, 11.0, math.nan, math.inf, True]),
        ("steps", lambda v: products.fresh_products(4, 1.0, v, 10), [0, 501, 1.5]),
        ("samples", lambda v: products.fresh_products(4, 1.0, 10, v), [0, 1001]),
        ("seed", lambda v: products.random_matrix(4, 1.0, v), [-1, 2**32]),
        ("steps", lambda v: products.repeated_product(np.eye(2), v), [0, 501]),
        ("n", lambda v: products.lyapunov_exponent(v, 1.0), [0, 33]),
    ],
)
def test_bad_arguments_raise_value_error_naming_the_field(field, call, bad):
    for value in bad:
        with pytest.raises(ValueError, match=rf"\b{field}\b"):
            call(value)


def test_work_is_capped():
    with pytest.raises(ValueError, match="samples x steps x n"):
        products.fresh_products(32, 1.0, 500, 1000)
    with pytest.raises(ValueError, match="matrix"):
        products.repeated_product(np.ones((2, 3)), 5)
