"""Numbers the Home page's text states (ui/lang: home.*).

The myths panel's numbers come from core.myths, one function per myth.
"""

from __future__ import annotations

from .. import theory


def exploding_headline(weight: float, depth: int) -> dict:
    """The Exploding page's headline (its preset "five_to_ten": W = 5 I, 10
    layers): a linear net with W = weight I multiplies the gradient by
    weight^depth on its way from the last layer to the input, exactly
    (the page measures it with autograd in float32)."""
    return {"weight": weight, "depth": depth, "gain": theory.scaled_identity_gain(weight, depth)}
