"""core.data: the two-spirals dataset."""

import math

import pytest
import torch

from core import two_spirals


def test_shapes_labels_and_determinism():
    """x: (points, 2), y: (points,) with half of each class; same seed, same data."""
    x, y = two_spirals(256, seed=3)
    assert x.shape == (256, 2) and y.shape == (256,)
    assert y.tolist() == [0.0] * 128 + [1.0] * 128
    x2, y2 = two_spirals(256, seed=3)
    assert torch.equal(x, x2) and torch.equal(y, y2)
    assert not torch.equal(x, two_spirals(256, seed=4)[0])


def test_noise_free_spirals_closed_form():
    """Without noise, class 0 lies on r (cos 2 pi T r, sin 2 pi T r), r in [0, 1],
    T = turns, and class 1 is its point reflection -x."""
    turns = 1.5
    x, _ = two_spirals(200, noise=0.0, turns=turns)
    arm, other = x[:100], x[100:]
    r = arm.norm(dim=1)
    angle = 2 * math.pi * turns * r
    expected = torch.stack([r * torch.cos(angle), r * torch.sin(angle)], dim=1)
    torch.testing.assert_close(arm, expected, rtol=0, atol=1e-5)
    assert torch.equal(other, -arm)
    assert float(r.max()) <= 1.0


def test_odd_number_of_points():
    """The docstring promises x of shape (points, 2) for any points."""
    assert two_spirals(9)[0].shape == (9, 2)
