"""core.residual: plain versus residual gradients (He et al. 2016; branch
scaling as in SkipInit/ReZero/Fixup) and the degradation experiment."""

import math

import pytest

from core import NetSpec, TrainConfig, compare_probe, degradation_runs, degradation_specs, first_to_last

# The setting: depth 50, width 64, Xavier-normal weights, zero biases, batch 128.
DEPTH = 50


def _ratios(activation: str, alpha: float = 1.0) -> tuple[float, float]:
    spec = NetSpec(depth=DEPTH, width=64, activation=activation, init="xavier_normal", residual_scale=alpha)
    probes = compare_probe(spec, batch=128)
    plain, residual = (probes[probes["net"] == net] for net in ("plain", "residual"))
    return first_to_last(plain), first_to_last(residual)


def test_plain_and_residual_share_their_weights():
    probes = compare_probe(NetSpec(depth=5, width=16, activation="tanh", init="xavier_normal"))
    plain, residual = (probes[probes["net"] == net].reset_index(drop=True) for net in ("plain", "residual"))
    assert list(plain["weight_norm"]) == list(residual["weight_norm"])
    assert list(plain["layer"]) == list(residual["layer"]) == [1, 2, 3, 4, 5]


def test_sigmoid_skips_keep_the_first_layer_within_10x_of_the_last():
    """Measured: plain 2.0e-31, residual 6.8 (the issue's lead: 5.5x)."""
    plain, residual = _ratios("sigmoid")
    assert plain < 1e-25
    assert 0.1 < residual < 10


def test_relu_skips_alone_grow_toward_the_input_unless_the_branch_is_scaled():
    """Measured: plain 1.6e-8, residual alpha=1 1.9e7, alpha=1/sqrt(50) 2.8."""
    plain, residual = _ratios("relu")
    assert 1e-10 < plain < 1e-6
    assert residual > 1e5
    _, scaled = _ratios("relu", alpha=1 / math.sqrt(DEPTH))
    assert 0.1 < scaled < 10


def test_first_to_last_is_nan_when_the_last_layer_is_zero():
    import pandas as pd

    assert math.isnan(first_to_last(pd.DataFrame({"grad_norm": [1.0, 0.0]})))
    assert first_to_last(pd.DataFrame({"grad_norm": [0.0, 2.0]})) == 0.0


def test_degradation_specs_differ_only_in_depth_and_skips():
    base = NetSpec(depth=30, width=32, activation="tanh", init="xavier_normal", residual_scale=0.5, seed=3)
    specs = degradation_specs(base, 4)
    assert [s.depth for s in specs.values()] == [4, 30, 30]
    assert [s.residual for s in specs.values()] == [False, False, True]
    assert {(s.width, s.activation, s.init, s.residual_scale, s.seed) for s in specs.values()} == {(32, "tanh", "xavier_normal", 0.5, 3)}


@pytest.fixture(scope="module")
def degradation():
    """The Residual page's default experiment (about 6 s)."""
    base = NetSpec(depth=30, width=32, activation="tanh", init="xavier_normal")
    return degradation_runs(base, 4, TrainConfig(steps=200, optimizer="adam", lr=0.01, layer_every=200))


def test_deeper_plain_net_trains_worse_and_skips_reverse_it(degradation):
    """Measured: shallow plain 0.357, deep plain 0.693 (chance), deep residual 0.0002."""
    losses = {name: result.final_loss for name, result in degradation.items()}
    assert losses["deep_plain"] > 0.65  # stuck at chance, ln 2 = 0.693
    assert losses["shallow_plain"] < losses["deep_plain"] - 0.2
    assert losses["deep_residual"] < 0.05
