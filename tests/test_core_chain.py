"""core.chain: autograd's product on the four-link chain equals the product
of the closed-form local derivatives, and bad links are refused."""

import math

import numpy as np
import pytest

from core.chain import CHAIN_ACTIVATIONS, LINKS, SCENARIOS, Link, chain_gradients, slope


def closed_slope(activation: str, z: float) -> float:
    """phi'(z) written out once more, independently of core.chain.slope."""
    sigmoid = 1 / (1 + np.exp(-z))
    return {"sigmoid": sigmoid * (1 - sigmoid), "tanh": 1 / np.cosh(z) ** 2, "relu": float(z > 0), "linear": 1.0}[activation]


SETTINGS = {
    "sigmoid_default": SCENARIOS["sigmoid"],
    "unit_gain": SCENARIOS["unit"],
    "mixed": (Link("sigmoid", 1.0, 1.0), Link("tanh", -2.0, 0.5), Link("linear", 3.0, 1.0), Link("sigmoid", 5.0, -6.0)),
    "exploding_tanh": (Link("tanh", 5.0, 0.0),) * LINKS,
    "saturated_sigmoid": (Link("sigmoid", 0.25, 6.0),) * LINKS,
    "negative_weights": (Link("linear", -0.5, 0.0), Link("relu", -5.0, 2.0), Link("tanh", 1.5, -1.0), Link("sigmoid", -1.0, 3.0)),
}


@pytest.mark.parametrize("links", SETTINGS.values(), ids=SETTINGS.keys())
def test_autograd_product_equals_the_closed_form_product(links):
    chain = chain_gradients(links)
    local = [link.weight * closed_slope(link.activation, link.z) for link in links]
    assert chain["local"] == pytest.approx(local, rel=1e-12, abs=0)
    assert chain["autograd"][-1] == chain["closed_form"][-1] == 1.0  # dL/dL
    for i in range(LINKS + 1):  # dL/dh_i = prod_{k > i} w_k phi_k'(z_k)
        assert chain["autograd"][i] == pytest.approx(math.prod(local[i:]), rel=1e-12, abs=0), i
        assert chain["closed_form"][i] == pytest.approx(chain["autograd"][i], rel=1e-12, abs=0), i


def test_the_scenarios_products():
    """Sigmoid at z = 0: a quarter per link, 0.25^4 at x; w = 4: exactly 1 everywhere."""
    default = chain_gradients(SCENARIOS["sigmoid"])
    assert default["local"] == [0.25] * LINKS
    assert default["autograd"] == [0.25**4, 0.25**3, 0.25**2, 0.25, 1.0]
    assert chain_gradients(SCENARIOS["unit"])["autograd"] == [1.0] * (LINKS + 1)


def test_a_dead_relu_link_gives_exactly_zero_below_it():
    chain = chain_gradients(SCENARIOS["dead_relu"])
    assert chain["local"] == [1.0, 0.0, 1.0, 1.0]
    assert chain["autograd"] == [0.0, 0.0, 1.0, 1.0, 1.0]  # exactly 0, not small
    assert chain["closed_form"] == chain["autograd"]
    # ReLU'(0) = 0, as PyTorch defines it, and w = 0 stops the chain the same way
    assert chain_gradients((Link("relu", 1.0, 0.0),) + (Link(),) * 3)["autograd"][0] == 0.0
    assert chain_gradients((Link(),) * 3 + (Link("tanh", 0.0, 0.0),))["autograd"][:LINKS] == [0.0] * LINKS


@pytest.mark.parametrize("activation", CHAIN_ACTIVATIONS)
def test_slope_is_the_derivative(activation):
    # rel 1e-10: 1 - tanh(6)^2 loses about 12 of its 16 digits to cancellation, 1/cosh(6)^2 none
    for z in np.linspace(-6, 6, 49):
        assert slope(activation, float(z)) == pytest.approx(closed_slope(activation, float(z)), rel=1e-10, abs=0)


@pytest.mark.parametrize(("kwargs", "field"), [
    (dict(activation="gelu"), "activation"),
    (dict(activation=3), "activation"),
    (dict(weight=5.5), "weight"),
    (dict(weight=math.nan), "weight"),
    (dict(weight=True), "weight"),
    (dict(weight="1"), "weight"),
    (dict(z=-6.5), "z"),
    (dict(z=math.inf), "z"),
])
def test_bad_links_are_refused(kwargs, field):
    with pytest.raises(ValueError, match=field):
        Link(**kwargs)


def test_bad_chains_are_refused():
    with pytest.raises(ValueError, match="links"):
        chain_gradients((Link(),) * 3)
    with pytest.raises(ValueError, match="links"):
        chain_gradients([("sigmoid", 1.0, 0.0)] * LINKS)
    with pytest.raises(ValueError, match="z"):
        slope("sigmoid", 100.0)
    assert Link(weight=np.float32(2.0)).weight == 2.0 and type(Link(weight=np.int64(2)).weight) is float
