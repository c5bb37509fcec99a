"""core.phase and theory.critical_sigma_w: the order-to-chaos boundary."""

import math

import numpy as np
import pytest

from core import theory
from core.phase import critical_line, phase_diagram


def test_critical_sigma_w_closed_forms():
    assert theory.critical_sigma_w("tanh", 0.0) == pytest.approx(1.0, abs=1e-9)
    assert theory.critical_sigma_w("relu", 0.0) == pytest.approx(math.sqrt(2), abs=1e-9)
    assert theory.critical_sigma_w("relu", 0.7) == pytest.approx(math.sqrt(2), abs=1e-9)  # chi_1 = sigma_w^2 / 2
    assert theory.critical_sigma_w("linear", 0.3) == pytest.approx(1.0, abs=1e-9)


def test_critical_sigma_w_puts_chi1_at_one_and_rises_with_bias():
    line = critical_line("tanh", [0.0, 0.25, 0.5, 1.0])
    assert list(line["sigma_w"]) == sorted(line["sigma_w"])
    for sigma_b, sigma_w in zip(line["sigma_b"], line["sigma_w"]):
        assert theory.chi1("tanh", sigma_w, sigma_b) == pytest.approx(1.0, abs=1e-6)
    # Schoenholz et al.: sigma_b^2 = 0.05 has chi_1 = 1 between sigma_w^2 = 1.5 (0.939) and 2.0 (1.048).
    assert 1.5 < theory.critical_sigma_w("tanh", math.sqrt(0.05)) ** 2 < 2.0


def test_sigmoid_has_no_critical_point_in_range():
    """sigmoid' <= 1/4, so chi_1 <= sigma_w^2 / 16 < 1 for every sigma_w < 4."""
    value = theory.critical_sigma_w("sigmoid", 0.0, high=3.0)
    assert math.isnan(value)


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


def test_phase_diagram_reports_progress():
    calls = []
    phase_diagram("relu", 3, [1.0, 2.0], [0.0], width=8, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(1, 2), (2, 2)]
