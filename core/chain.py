"""The chain rule on four scalars: Home's worked example.

    x = h₀ → h₁ → h₂ → h₃ → h₄ = L,   hₖ = φₖ(zₖ),   zₖ = wₖ·hₖ₋₁ + bₖ

Each link is set by its activation φ, its weight w and its pre-activation
z (where the unit sits on φ; the bias b puts it there, whatever hₖ₋₁ is).
Its local derivative is ∂hₖ/∂hₖ₋₁ = w·φ′(z), and the gradient that reaches
hᵢ is the product of the local derivatives above it:

    ∂L/∂hᵢ = ∏ₖ₌ᵢ₊₁⁴ wₖ·φₖ′(zₖ)

Why (φ, w, z) per link rather than a slider for the local derivative
itself: a slider would make the product the only thing left to see. Set
this way, a student finds why sigmoid links vanish (σ′ is at most ¼, at
z = 0), what escapes it (w = 4 makes a link exactly 1, but only at z = 0),
what saturation does (σ′(4) ≈ 0.018) and why a ReLU below 0 stops
everything (its derivative is exactly 0). Each local derivative is a closed
form; the product is autograd's, measured on the real chain in float64.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch

from .activations import ACTIVATIONS
from .checks import check_choice, check_number

LINKS = 4  # x → h₁ → h₂ → h₃ → h₄ = L
CHAIN_ACTIVATIONS = ("sigmoid", "tanh", "relu", "linear")
WEIGHT_RANGE = (-5.0, 5.0)  # |w·φ′| ≤ 5, so |∂L/∂x| ≤ 5⁴ = 625: always finite
Z_RANGE = (-6.0, 6.0)  # σ′(6) ≈ 0.0025: saturation, without underflow in float64
X = 1.0  # the input; the biases put every unit at its z, so x changes no derivative


@dataclass(frozen=True)
class Link:
    """One link hₖ = φ(zₖ), zₖ = w·hₖ₋₁ + b, with b chosen so that zₖ = z."""

    activation: str = "sigmoid"  # one of CHAIN_ACTIVATIONS
    weight: float = 1.0  # in WEIGHT_RANGE
    z: float = 0.0  # in Z_RANGE

    def __post_init__(self) -> None:
        check_choice("activation", self.activation, CHAIN_ACTIVATIONS)
        object.__setattr__(self, "weight", float(check_number("weight", self.weight, WEIGHT_RANGE)))
        object.__setattr__(self, "z", float(check_number("z", self.z, Z_RANGE)))


def slope(activation: str, z: float) -> float:
    """φ′(z) in closed form (not autograd). ReLU′(0) = 0, as in PyTorch."""
    check_choice("activation", activation, CHAIN_ACTIVATIONS)
    z = float(check_number("z", z, Z_RANGE))
    if activation == "sigmoid":
        s = 1.0 / (1.0 + math.exp(-z))
        return s * (1.0 - s)
    if activation == "tanh":
        return 1.0 - math.tanh(z) ** 2
    if activation == "relu":
        return 1.0 if z > 0 else 0.0
    return 1.0


# Home's buttons: the lesson (sigmoid at its steepest, ¼ per link: the
# default), its counter-case (w = 1/σ′(0) = 4 makes each link exactly 1) and
# a ReLU unit below 0 (link 2), whose exact 0 stops everything below it.
SCENARIOS: dict[str, tuple[Link, ...]] = {
    "sigmoid": (Link(),) * LINKS,
    "unit": (Link(weight=1.0 / slope("sigmoid", 0.0)),) * LINKS,
    "dead_relu": (Link("relu", 1.0, 1.0), Link("relu", 1.0, -1.0), Link("relu", 1.0, 1.0), Link("relu", 1.0, 1.0)),
}


def chain_gradients(links) -> dict[str, list[float]]:
    """The chain built from `links` (LINKS Link objects, from x to the loss),
    backpropagated by autograd in float64.

    Returns lists indexed as the chain is:
      slope[k-1], local[k-1]  φₖ′(zₖ) and wₖ·φₖ′(zₖ) of link k = 1..4 (closed form)
      autograd[i]             ∂L/∂hᵢ for i = 0..4 (h₀ = x, h₄ = L, so autograd[4] = 1)
      closed_form[i]          ∏ₖ₌ᵢ₊₁⁴ local[k-1], the same product multiplied out
    """
    links = tuple(links)
    if len(links) != LINKS or not all(isinstance(link, Link) for link in links):
        raise ValueError(f"links must be {LINKS} Link objects, got {links!r}")
    x = torch.tensor(X, dtype=torch.float64, requires_grad=True)
    hidden = [x]
    for link in links:
        previous = hidden[-1]
        bias = link.z - link.weight * previous.detach()  # a constant: zₖ = z, and ∂zₖ/∂hₖ₋₁ = w
        hidden.append(ACTIVATIONS[link.activation]()(link.weight * previous + bias))
    loss = hidden[-1]
    autograd = [float(g) for g in torch.autograd.grad(loss, hidden)]  # dL/dh_i for h_0 .. h_4
    slopes = [slope(link.activation, link.z) for link in links]
    local = [link.weight * s for link, s in zip(links, slopes)]
    closed_form = [math.prod(local[i:], start=1.0) for i in range(LINKS + 1)]  # 1 at the loss itself
    return {"slope": slopes, "local": local, "autograd": autograd, "closed_form": closed_form}
