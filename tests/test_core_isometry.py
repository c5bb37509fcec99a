"""core.isometry against closed forms: orthogonal linear nets are exact
isometries, Gaussian linear nets follow the Fuss-Catalan moments (exactly,
at finite width, by Wick's theorem), and the free-probability spreads of
Pennington, Schoenholz & Ganguli (2017) match what is measured."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch

from core import isometry, theory
from core.nets import init_weight_
from core.isometry import IsometryConfig, free_moments, linear_gaussian_moments, singular_values, summary


def seeds_mean(configs, statistic) -> tuple[float, float]:
    """Mean of statistic(sigmas) over configs and its standard error."""
    values = np.array([statistic(singular_values(config)) for config in configs])
    return float(values.mean()), float(values.std(ddof=1) / math.sqrt(len(values)))


def test_a_product_of_orthogonal_matrices_keeps_every_singular_value_at_one():
    sigmas = singular_values(IsometryConfig(depth=100, width=64, activation="linear", init="orthogonal"))
    assert np.abs(sigmas - 1.0).max() < 1e-10


def test_the_jacobian_is_the_autograd_jacobian_of_the_same_net():
    """J = D_L W_L ... D_1 W_1 is dh_L/dh_0: rebuild the net from the same
    generator and differentiate it with torch.autograd.functional.jacobian."""
    config = IsometryConfig(depth=6, width=16, activation="tanh", init="normal", seed=3)
    sigma_w, sigma_b, _ = isometry.critical_point("tanh")
    generator = torch.Generator().manual_seed(config.seed)
    layers = []
    for _ in range(config.depth):
        weight = torch.empty(config.width, config.width, dtype=torch.float64)
        init_weight_(weight, "normal", sigma_w, generator)
        bias = torch.zeros(config.width, dtype=torch.float64)
        torch.nn.init.normal_(bias, 0.0, sigma_b, generator=generator)
        layers.append((weight, bias))

    def net(h):
        for weight, bias in layers:
            h = torch.tanh(weight @ h + bias)
        return h

    expected = torch.autograd.functional.jacobian(net, isometry.input_vector(config))
    assert torch.allclose(isometry.jacobian(config), expected, rtol=0, atol=1e-12)


def test_linear_gaussian_moments_are_fuss_catalan_in_the_wide_limit():
    """E[m_1^2] -> 1 and E[m_2] -> L + 1 (the Fuss-Catalan second moment
    of a product of L Ginibre matrices), so Var(lambda) -> L."""
    for depth in (1, 5, 50):
        mean_square, second = linear_gaussian_moments(depth, isometry.MAX_THEORY_WIDTH)
        assert mean_square == pytest.approx(1.0, abs=1e-6)
        assert second == pytest.approx(depth + 1.0, rel=1e-3)
    # one layer at width n: E[(1/n) tr (W W^T)^2] = 2 + 1/n for real Gaussian W
    assert linear_gaussian_moments(1, 10) == pytest.approx((1.0 + 2.0 / 100, 2.1), abs=1e-12)


@pytest.mark.parametrize("depth, width, seeds", [(10, 128, 200), (5, 32, 300)])
def test_linear_gaussian_nets_measure_the_finite_width_moments(depth, width, seeds):
    """Averaged over draws: the mean of lambda is 1 and its second moment
    the exact finite-width E[m_2], within 4 standard errors of the draws.
    At these widths E[m_2] sits above the wide limit L + 1 by about
    L(L+1)/(2n) (0.43 at L = 10, n = 128; 0.47 at L = 5, n = 32), the
    same size as the sampling error of 40 draws, hence the many seeds."""
    configs = [IsometryConfig(depth, width, "linear", "normal", seed) for seed in range(seeds)]
    mean, mean_error = seeds_mean(configs, lambda s: np.mean(s**2))
    second, second_error = seeds_mean(configs, lambda s: np.mean(s**4))
    _, expected = linear_gaussian_moments(depth, width)
    assert abs(mean - 1.0) < 4 * mean_error
    assert abs(second - expected) < 4 * second_error
    assert second_error < 0.1 * depth  # the test can tell L + 1 from, say, L


def test_free_probability_closed_forms():
    """Linear: Var = L (Gaussian), 0 (orthogonal); ReLU with He init:
    mu_2 / mu_1^2 = 2, so Var = 2L and L; the mean E[lambda] = 1 for every
    critical net and does not depend on the init."""
    for depth in (1, 10, 100):
        assert free_moments("linear", "normal", depth) == pytest.approx((1.0, depth), rel=1e-12)
        assert free_moments("linear", "orthogonal", depth) == pytest.approx((1.0, 0.0), abs=1e-12)
        assert free_moments("relu", "normal", depth) == pytest.approx((1.0, 2.0 * depth), rel=1e-9)
        assert free_moments("relu", "orthogonal", depth) == pytest.approx((1.0, depth), rel=1e-9)
        tanh_gauss, tanh_orth = free_moments("tanh", "normal", depth), free_moments("tanh", "orthogonal", depth)
        assert tanh_gauss[0] == pytest.approx(1.0, abs=1e-6) and tanh_orth[0] == tanh_gauss[0]
        assert tanh_gauss[1] - tanh_orth[1] == pytest.approx(depth * isometry.GAUSSIAN_EXCESS, rel=1e-6)


def test_tanh_critical_point_is_on_the_chi1_line_at_its_fixed_point():
    sigma_w, sigma_b, q_star = isometry.critical_point("tanh")
    assert q_star == isometry.TANH_Q_STAR
    assert sigma_w**2 * theory.derivative_second_moment("tanh", q_star) == pytest.approx(1.0, abs=1e-12)
    assert theory.variance_map("tanh", q_star, sigma_w, sigma_b) == pytest.approx(q_star, rel=1e-10)
    # the input puts layer 1 at q*: E[(W h_0 + b)^2] = sigma_w^2 E[h_0^2] + sigma_b^2
    h0 = torch.cat([isometry.input_vector(IsometryConfig(width=256, seed=seed)) for seed in range(200)])
    assert sigma_w**2 * float(h0.pow(2).mean()) + sigma_b**2 == pytest.approx(q_star, rel=0.02)  # 51,200 draws: 0.6% error


def test_wishart_excess_is_the_spread_of_one_gaussian_layer():
    """GAUSSIAN_EXCESS is Var of W W^T's eigenvalues (Marchenko-Pastur, ratio 1), measured at width 256."""
    configs = [IsometryConfig(1, 256, "linear", "normal", seed) for seed in range(20)]
    variance, error = seeds_mean(configs, lambda s: np.var(s**2))
    mean_square, second = linear_gaussian_moments(1, 256)
    assert second - mean_square == pytest.approx(isometry.GAUSSIAN_EXCESS, abs=1.0 / 256 + 1e-9)  # exactly 1 + 1/n - 2/n^2
    assert abs(variance - isometry.GAUSSIAN_EXCESS) < 1.0 / 256 + 4 * error


def test_orthogonal_tanh_matches_free_probability_and_spreads_far_less_than_gaussian():
    """Depth 50, width 128, 8 draws: orthogonal tanh's Var(lambda) is the
    wide-net theory's 0.084 within 15% (finite width adds about 8% here:
    0.092 +- 0.002), and the Gaussian nets' spread is over 100 times larger,
    close to the linear closed form L = 50."""
    depth, width = 50, 128
    orth = [IsometryConfig(depth, width, "tanh", "orthogonal", seed) for seed in range(8)]
    gauss = [IsometryConfig(depth, width, "tanh", "normal", seed) for seed in range(8)]
    orth_var, _ = seeds_mean(orth, lambda s: np.var(s**2))
    gauss_var, _ = seeds_mean(gauss, lambda s: np.var(s**2))
    assert orth_var == pytest.approx(free_moments("tanh", "orthogonal", depth)[1], rel=0.15)
    assert gauss_var > 100 * orth_var
    assert gauss_var == pytest.approx(depth, rel=0.5)


def test_relu_spreads_the_spectrum_with_either_init():
    """Depth 10, width 128, 8 draws: Var(lambda) near theory's L (orthogonal)
    and 2L (Gaussian), both far from an isometry."""
    for init, theory_var in (("orthogonal", 10.0), ("normal", 20.0)):
        configs = [IsometryConfig(10, 128, "relu", init, seed) for seed in range(8)]
        variance, error = seeds_mean(configs, lambda s: np.var(s**2))
        assert variance == pytest.approx(theory_var, rel=0.35)
        assert seeds_mean(configs, lambda s: summary(s)["within"])[0] < 0.2


def test_summary_of_known_values():
    stats = summary([2.0, 1.0, 0.5, 0.1])
    assert stats == pytest.approx({"mean": (4 + 1 + 0.25 + 0.01) / 4, "variance": np.var([4, 1, 0.25, 0.01]), "max": 2.0, "min": 0.1, "within": 0.75,
                                   "floor": 2.0 * 4 * 2.0**-52})


def test_singular_values_below_the_resolution_are_round_off():
    """A rank-1 matrix's other singular values are exactly 0; computed in
    float64 they come out as round-off below isometry.resolution."""
    u = torch.from_numpy(np.random.default_rng(0).standard_normal((64, 1)))
    sigmas = torch.linalg.svdvals(u @ u.T * 7.0).numpy()
    assert sigmas[0] == pytest.approx(7.0 * float(u.pow(2).sum()))
    assert np.all(sigmas[1:] < isometry.resolution(sigmas)) and isometry.resolution(sigmas) < 1e-10 * sigmas[0]


@pytest.mark.parametrize("field, value", [("depth", 101), ("depth", 0), ("width", 257), ("width", 1), ("activation", "sigmoid"), ("init", "he_normal"),
                                          ("depth", 2.0), ("seed", -1)])
def test_config_is_bounded(field, value):
    with pytest.raises(ValueError, match=field):
        IsometryConfig(**{field: value})
