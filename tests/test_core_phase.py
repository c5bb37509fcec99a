"""core.phase and the order-to-chaos boundaries of core.theory."""

import math

import numpy as np
import pandas as pd
import pytest

from core import theory
from core.phase import ASYMPTOTIC, FINITE_DEPTH, critical_lines, phase_diagram, sign_change


def test_critical_sigma_w_closed_forms():
    assert theory.critical_sigma_w("tanh", 0.0) == pytest.approx(1.0, abs=1e-9)
    assert theory.critical_sigma_w("relu", 0.0) == pytest.approx(math.sqrt(2), abs=1e-12)
    assert theory.critical_sigma_w("relu", 0.7) == pytest.approx(math.sqrt(2), abs=1e-12)  # chi_1 = sigma_w^2 / 2
    assert theory.critical_sigma_w("linear", 0.3) == pytest.approx(1.0, abs=1e-12)
    assert theory.critical_sigma_w("leaky_relu", 0.3) == pytest.approx(math.sqrt(2 / (1 + 0.01**2)), abs=1e-9)


def test_critical_sigma_w_puts_chi1_at_one_and_rises_with_bias():
    sigma_bs = [0.0, 0.25, 0.5, 1.0]
    line = theory.critical_sigma_ws("tanh", sigma_bs)
    assert list(line) == sorted(line)
    for sigma_b, sigma_w in zip(sigma_bs, line):
        assert theory.chi1("tanh", float(sigma_w), sigma_b) == pytest.approx(1.0, abs=1e-9)
    # Schoenholz et al.: sigma_b^2 = 0.05 has chi_1 = 1 between sigma_w^2 = 1.5 (0.939) and 2.0 (1.048).
    assert 1.5 < theory.critical_sigma_w("tanh", math.sqrt(0.05)) ** 2 < 2.0


def test_sigmoid_has_no_critical_point_in_range():
    """sigmoid' <= 1/4, so chi_1 <= sigma_w^2 / 16 < 1 for every sigma_w < 4."""
    assert math.isnan(theory.critical_sigma_w("sigmoid", 0.0, high=3.0))


def test_the_critical_lines_cost_a_bounded_number_of_quadratures(monkeypatch):
    """The ReLU line is a closed form; tanh's lines, 41 sigma_b at once, take
    a few vectorised quadratures (asymptotic) and about 12 per layer
    (finite depth): tens of milliseconds, where bisection on chi1 took
    210 s (ReLU) and 11 s (tanh)."""
    calls = []
    moments = theory._moments
    monkeypatch.setattr(theory, "_moments", lambda activation, qs: calls.append(len(qs)) or moments(activation, qs))
    sigma_bs = np.linspace(0.0, 1.0, 41)
    relu = critical_lines("relu", sigma_bs, 20)
    assert calls == [] and np.allclose(relu["sigma_w"], math.sqrt(2), atol=1e-12)
    theory.critical_sigma_ws("tanh", sigma_bs)
    assert len(calls) <= 40
    calls.clear()
    theory.finite_depth_critical_sigma_ws("tanh", sigma_bs, 20)
    assert len(calls) <= 20 * 19 and set(calls) == {41}  # <= 20 root-finder steps, one quadrature per layer for all 41


def test_log_first_layer_gain_is_mean_field_grad_profile():
    for activation in ("tanh", "relu", "sigmoid"):
        for sigma_w, sigma_b in [(0.7, 0.0), (1.0, 0.0), (1.3, 0.4), (2.5, 1.0)]:
            expected = math.log(theory.mean_field_grad_profile(activation, sigma_w, sigma_b, 20)[0])
            assert theory.log_first_layer_gain(activation, [sigma_w], [sigma_b], 20)[0] == pytest.approx(expected, rel=1e-12, abs=1e-12)


def test_finite_depth_line_is_where_layer_one_gets_the_last_layers_gradient():
    sigma_bs = np.array([0.0, 0.2, 0.5, 1.0])
    gaps = []
    for depth in (10, 20, 30):
        finite = theory.finite_depth_critical_sigma_ws("tanh", sigma_bs, depth)
        for sigma_b, sigma_w in zip(sigma_bs, finite):
            assert theory.mean_field_grad_profile("tanh", float(sigma_w), float(sigma_b), depth)[0] == pytest.approx(1.0, abs=1e-9)
        # tanh: right of chi_1 = 1 (q_k has not settled at q*), and closer to it for deeper nets and more bias.
        asymptotic = theory.critical_sigma_ws("tanh", sigma_bs)
        assert (finite > asymptotic).all()
        assert np.all(np.diff(finite - asymptotic) < 0)
        gaps.append(finite - asymptotic)
    assert np.all(np.diff(gaps, axis=0) < 0)
    assert theory.finite_depth_critical_sigma_ws("tanh", [0.0], 20)[0] == pytest.approx(1.2854, abs=1e-4)  # the 1.29
    # ReLU: E[phi'^2] = 1/2 at every q, so the lines coincide at every depth.
    assert np.allclose(theory.finite_depth_critical_sigma_ws("relu", sigma_bs, 10), math.sqrt(2), atol=1e-12)


def test_bracketed_root_finds_roots_and_says_nan_without_a_sign_change():
    roots = theory._bracketed_root(lambda x: x**3 - np.array([1.0, 8.0, 100.0]), np.zeros(3), np.full(3, 3.0))
    assert roots[0] == pytest.approx(1.0, abs=1e-10) and roots[1] == pytest.approx(2.0, abs=1e-10) and math.isnan(roots[2])


def test_critical_lines_long_format():
    lines = critical_lines("tanh", [0.0, 1.0], 20)
    assert list(lines["line"]) == [ASYMPTOTIC, ASYMPTOTIC, FINITE_DEPTH, FINITE_DEPTH]
    assert lines["sigma_w"].iloc[0] == pytest.approx(1.0, abs=1e-9)


def test_sign_change_interpolates_between_cells():
    grid = pd.DataFrame({
        "sigma_w": [1.0, 1.5, 2.0] * 3,
        "sigma_b": [0.0] * 3 + [0.5] * 3 + [1.0] * 3,
        "log10_ratio": [-2.0, -1.0, 1.0, -math.inf, 0.5, 1.0, -3.0, -2.0, -1.0],
    })
    crossings = sign_change(grid)
    assert crossings["sigma_w"].iloc[0] == pytest.approx(1.75)
    assert crossings["sigma_w"].iloc[1] == pytest.approx(1.5)  # from an underflow (-inf): the first non-negative cell
    assert math.isnan(crossings["sigma_w"].iloc[2])


def test_measured_phase_diagram_matches_mean_field_theory():
    """tanh, depth 20, width 64: measured log10(first/last) within 0.5 decades
    of theory everywhere on a coarse grid (measured mean gap 0.08, max 0.29
    on the page's finer grid); the sign flips across chi_1 = 1."""
    grid = phase_diagram("tanh", 20, [0.5, 1.0, 1.5, 2.5], [0.0, 0.6])
    assert len(grid) == 8
    assert (grid["log10_ratio"] - grid["theory_log10_ratio"]).abs().max() < 0.5
    ordered, chaotic = grid[grid["chi1"] < 0.9], grid[grid["chi1"] > 1.1]
    assert (ordered["log10_ratio"] < 0).all() and (chaotic["log10_ratio"] > 0).all()
    assert len(ordered) >= 3 and len(chaotic) >= 2
    for row in grid.itertuples():
        assert row.theory_log10_ratio == pytest.approx(math.log10(theory.mean_field_grad_profile("tanh", row.sigma_w, row.sigma_b, 20)[0]), abs=1e-12)


def test_phase_diagram_reports_progress():
    calls = []
    phase_diagram("relu", 3, [1.0, 2.0], [0.0], width=8, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(1, 2), (2, 2)]
