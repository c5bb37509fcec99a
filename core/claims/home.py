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


def chain_lesson() -> dict:
    """home.chain.lesson, at the worked chain's default (core.chain.SCENARIOS
    "sigmoid") and its counter-case ("unit"): sigmoid's slope peaks at
    `peak` (¼) at z = `peak_z`, so `links` sigmoid links with weight `w`
    pass on `product` = peak^links of the gradient (autograd); a weight of
    `weight` = 1/peak makes each link `unit` (1) and the product `unit_product`."""
    from ..activations import derivative_peak
    from ..chain import LINKS, SCENARIOS, chain_gradients

    peak_z, peak = derivative_peak("sigmoid")
    default, unit = chain_gradients(SCENARIOS["sigmoid"]), chain_gradients(SCENARIOS["unit"])
    return {
        "peak": peak, "peak_z": peak_z, "links": LINKS, "w": SCENARIOS["sigmoid"][0].weight, "product": default["autograd"][0],
        "weight": SCENARIOS["unit"][0].weight, "unit": unit["local"][0], "unit_product": unit["autograd"][0],
    }
