"""Datasets generated in code (nothing is downloaded)."""

from __future__ import annotations

import math

import torch

from .checks import check_int, check_number

POINTS_RANGE = (2, 1_000_000)  # (1,000,000, 2) float32: 8 MB
NOISE_RANGE = (0.0, 10.0)
TURNS_RANGE = (0.0, 100.0)
SEED_RANGE = (0, 2**31 - 1)


def two_spirals(points: int = 256, noise: float = 0.1, turns: float = 1.5, seed: int = 0) -> tuple[torch.Tensor, torch.Tensor]:
    """Two interleaved spirals, a classic task that needs depth.

    Returns x of shape (points, 2), roughly in [-1, 1]^2, and labels y of
    shape (points,) in {0., 1.}: ceil(points/2) of class 0, the rest class 1.
    Sizes and numbers are checked against the ranges above (ValueError).
    """
    points, seed = check_int("points", points, POINTS_RANGE), check_int("seed", seed, SEED_RANGE)
    noise, turns = check_number("noise", noise, NOISE_RANGE), check_number("turns", turns, TURNS_RANGE)
    generator = torch.Generator().manual_seed(seed)
    first = (points + 1) // 2
    t = torch.sqrt(torch.rand(first, generator=generator))  # uniform along the arc
    angle = t * turns * 2 * math.pi
    arm = torch.stack([t * torch.cos(angle), t * torch.sin(angle)], dim=1)  # (first, 2)
    x = torch.cat([arm, -arm[: points - first]]) + noise * torch.randn(points, 2, generator=generator) * 0.5
    y = torch.cat([torch.zeros(first), torch.ones(points - first)])
    return x, y
