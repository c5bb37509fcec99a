"""core.probe: per-layer gradient statistics against exact products and mean-field theory."""

import math

import numpy as np
import pandas as pd
import pytest
import torch

from core import NetSpec, build_mlp, probe_gradients, theory
from core.probe import PROBE_BATCH, PROBE_LR, ZERO_CAUSES, _readout_direction, fixed_batch, grad_theory

COLUMNS = [
    "layer", "act_mean", "act_std", "act_q05", "act_q25", "act_q50", "act_q75", "act_q95",
    "saturated_frac", "deriv_rms", "grad_norm", "zero_cause", "out_grad_norm", "in_grad_norm",
    "weight_grad_norm", "weight_norm", "update_ratio",
]


def _identity_net(w, depth, activation="linear", width=16):
    return NetSpec(depth=depth, width=width, activation=activation, init="scaled_identity", weight_scale=w)


def _end_to_end_gain(df):
    """RMS dL/dx over RMS dL/dh_L: the gain of the whole stack of layers."""
    return df["in_grad_norm"].iloc[0] / df["out_grad_norm"].iloc[-1]


# --- frame layout and determinism -------------------------------------------------

def test_columns_and_layers():
    """One row per hidden layer, layer = 1..depth, with the documented columns."""
    df = probe_gradients(NetSpec(depth=7, width=16))
    assert set(COLUMNS) <= set(df.columns)
    assert df["layer"].tolist() == list(range(1, 8))
    assert np.isfinite(df.drop(columns=["layer", "zero_cause"]).to_numpy()).all()
    assert (df["zero_cause"] == "none").all()


def test_same_spec_gives_identical_frame_and_leaves_global_rng_alone():
    """The probe is a pure function of (spec, batch, seed): bit-identical frames;
    another net seed changes it; the global torch RNG is not touched."""
    spec = NetSpec(depth=6, width=32, activation="tanh", bias_std=0.1, seed=3)
    state = torch.random.get_rng_state()
    first = probe_gradients(spec)
    assert torch.equal(state, torch.random.get_rng_state())
    pd.testing.assert_frame_equal(first, probe_gradients(spec), check_exact=True)
    other = probe_gradients(NetSpec(depth=6, width=32, activation="tanh", bias_std=0.1, seed=4))
    assert not np.allclose(first["grad_norm"], other["grad_norm"])


@pytest.mark.parametrize("batch", [0, 4097])
def test_batch_out_of_range(batch):
    """batch must be an integer in [2, 4096] (BatchNorm needs two examples)."""
    with pytest.raises(ValueError, match=r"batch must be an integer in \[2, 4096\]"):
        probe_gradients(NetSpec(depth=2, width=8), batch=batch)


# --- exact products: scaled identity and sigmoid chains -----------------------------

@pytest.mark.parametrize(
    ("w", "depth"),
    [(5.0, 10), (0.5, 10), (2.0, 7), (0.5, 20), (1.1, 10), (0.9, 20), (3.0, 1)],
)
def test_scaled_identity_linear_gain_is_w_to_the_depth(w, depth):
    """W = w I, linear: dL/dx = w^L r exactly, so RMS dL/dx / RMS dL/dh_L = w^L
    (relative 1e-6), and grad_norm(layer i) / grad_norm(layer L) = w^(L-i)."""
    df = probe_gradients(_identity_net(w, depth))
    assert _end_to_end_gain(df) == pytest.approx(w**depth, rel=1e-6)
    assert _end_to_end_gain(df) == pytest.approx(theory.scaled_identity_gain(w, depth), rel=1e-6)
    relative = df["grad_norm"].to_numpy() / df["grad_norm"].iloc[-1]
    expected = np.array([w ** (depth - i) for i in df["layer"]])
    np.testing.assert_allclose(relative, expected, rtol=1e-6)


def test_five_to_the_tenth_is_exact():
    """5^10 = 9,765,625 and 0.5^10 are representable in float32, and the
    products with W = 5 I (resp. 0.5 I) and +-1 readout signs are exact."""
    assert _end_to_end_gain(probe_gradients(_identity_net(5.0, 10))) == 9765625.0
    assert _end_to_end_gain(probe_gradients(_identity_net(0.5, 10))) == 0.5**10


def test_scaled_identity_weight_gradient_and_update_ratio_closed_form():
    """W_i = w I, linear, L layers, mean loss (1/B) sum_b r . h_L[b]:
    its gradient is w^(L-1) r (mean_b x_b)^T, so weight_grad_norm =
    w^(L-1) sqrt(N) ||mean_b x_b||, ||W_i|| = w sqrt(N), update_ratio =
    lr w^(L-2) ||mean_b x_b||, and h_i = w^i x."""
    w, depth, width, lr = 2.0, 5, 16, 0.3
    df = probe_gradients(_identity_net(w, depth, width=width), lr=lr)
    x = fixed_batch(width, PROBE_BATCH, seed=0).double()
    col_mean = float(x.mean(dim=0).norm())
    np.testing.assert_allclose(df["weight_grad_norm"], w ** (depth - 1) * math.sqrt(width) * col_mean, rtol=1e-5)
    np.testing.assert_allclose(df["weight_norm"], w * math.sqrt(width), rtol=1e-6)
    np.testing.assert_allclose(df["update_ratio"], lr * w ** (depth - 2) * col_mean, rtol=1e-5)
    np.testing.assert_allclose(df["act_std"], [w**i * float(x.std()) for i in df["layer"]], rtol=1e-5)
    np.testing.assert_allclose(df["act_mean"], [w**i * float(x.mean()) for i in df["layer"]], rtol=1e-4)


@pytest.mark.parametrize("lr", [PROBE_LR, 0.5])
def test_update_ratio_definition(lr):
    """update_ratio = lr * weight_grad_norm / weight_norm (an SGD step's relative size)."""
    df = probe_gradients(NetSpec(depth=8, width=32, activation="relu", init="he_normal"), lr=lr)
    np.testing.assert_allclose(df["update_ratio"], lr * df["weight_grad_norm"] / df["weight_norm"], rtol=1e-12)


def test_update_ratio_is_the_relative_size_of_one_sgd_step_on_the_mean_loss():
    """Take the SGD step the ratio describes, W <- W - lr d(L/B)/dW with L
    the probe's loss summed over the batch: ||W_new - W|| / ||W|| is
    update_ratio, layer by layer (Karpathy's update:data ratio)."""
    spec, lr = NetSpec(depth=6, width=32, activation="tanh", bias_std=0.1), 0.05
    df = probe_gradients(spec, lr=lr)
    net = build_mlp(spec)
    x = fixed_batch(spec.width, PROBE_BATCH, seed=0)
    readout = _readout_direction(spec.width, seed=0)
    ((net(x) @ readout).sum() / PROBE_BATCH).backward()
    steps = [float((lr * block.linear.weight.grad).double().norm() / block.linear.weight.detach().double().norm()) for block in net.blocks]
    np.testing.assert_allclose(df["update_ratio"], steps, rtol=1e-5)


def test_weight_gradient_does_not_grow_with_the_batch():
    """Of the mean loss, the weight gradient keeps its size as the batch
    grows where the examples agree (a sigmoid net's last layer: its inputs
    all have mean 1/2), within 3% from batch 32 to 512, and shrinks where
    they disagree (a linear net's first layer, zero-mean inputs), by about
    sqrt(512/32) = 4; grad_norm, per example, does not change with the batch
    (within 5%)."""
    coherent = [probe_gradients(NetSpec(depth=20, width=64, activation="sigmoid"), batch=b) for b in (32, 512)]
    assert coherent[1]["weight_grad_norm"].iloc[-1] == pytest.approx(coherent[0]["weight_grad_norm"].iloc[-1], rel=0.03)
    assert coherent[1]["grad_norm"].iloc[-1] == pytest.approx(coherent[0]["grad_norm"].iloc[-1], rel=0.05)
    random = [probe_gradients(NetSpec(depth=4, width=64, activation="linear", init="orthogonal"), batch=b) for b in (32, 512)]
    assert random[0]["weight_grad_norm"].iloc[0] / random[1]["weight_grad_norm"].iloc[0] == pytest.approx(4.0, rel=0.35)


@pytest.mark.parametrize("depth", [1, 5, 10, 20, 30])
def test_sigmoid_chain_stays_under_quarter_to_the_depth(depth):
    """W = I, sigmoid: dL/dx = prod_i sigmoid'(z_i) r with sigmoid' <= 1/4, so
    the gain is <= 0.25^L (theory.sigmoid_chain_bound); it is about
    0.2247^L here, so it is also above 0.2^L (not trivially tiny)."""
    gain = _end_to_end_gain(probe_gradients(_identity_net(1.0, depth, "sigmoid")))
    assert gain <= theory.sigmoid_chain_bound(depth)
    assert theory.sigmoid_chain_bound(depth) == 0.25**depth
    assert gain > 0.2**depth


def test_sigmoid_chain_matches_exact_product():
    """W = I, sigmoid, no bias: z_1 = x, z_{i+1} = sigmoid(z_i), and the gain is
    RMS over the batch of prod_i s(z_i)(1 - s(z_i)) (computed here in float64)."""
    depth, width = 12, 16
    gain = _end_to_end_gain(probe_gradients(_identity_net(1.0, depth, "sigmoid", width=width)))
    z = fixed_batch(width, PROBE_BATCH, seed=0).double().numpy()
    product = np.ones_like(z)
    for _ in range(depth):
        s = 1.0 / (1.0 + np.exp(-z))
        product *= s * (1.0 - s)
        z = s
    assert gain == pytest.approx(float(np.sqrt(np.mean(product**2))), rel=1e-5)


def test_sigmoid_chain_per_layer_factor_is_derivative_at_fixed_point():
    """Deep in a W = I sigmoid chain z_i -> h* with h* = sigmoid(h*) = 0.659046...,
    so one more layer multiplies the gain by sigmoid'(h*) = h*(1 - h*) = 0.224704..."""
    h = 0.5
    for _ in range(200):
        h = 1.0 / (1.0 + math.exp(-h))
    gains = [_end_to_end_gain(probe_gradients(_identity_net(1.0, d, "sigmoid"))) for d in (24, 25)]
    assert h * (1 - h) == pytest.approx(0.224704, abs=1e-6)
    assert gains[1] / gains[0] == pytest.approx(h * (1 - h), rel=1e-5)


# --- underflow and saturation ----------------------------------------------------

def test_deep_sigmoid_gradient_underflows_to_exact_zero():
    """50 sigmoid layers, init="normal", weight_scale=0.25: each layer scales
    the gradient by about sigma_w * 1/4 ~ 1/16, so by layer 1 it is below the
    smallest float32 subnormal (1.4e-45) and is exactly 0.0 (the app's
    "underflow" marker). Note: LARGE weight_scale (4..10) does not do this;
    sigmoid gradients there are larger (2e-11 .. 1e-2 at layer 1, see the
    monotonicity test below)."""
    df = probe_gradients(NetSpec(depth=50, width=64, activation="sigmoid", init="normal", weight_scale=0.25))
    first = df.iloc[0]
    assert first["grad_norm"] == 0.0
    assert first["zero_cause"] == "underflow"
    assert first["in_grad_norm"] == 0.0
    assert first["weight_grad_norm"] == 0.0
    assert first["update_ratio"] == 0.0
    assert df["grad_norm"].iloc[-1] > 1e-3  # the top of the net still gets a gradient
    zero_layers = df.loc[df["grad_norm"] == 0.0, "layer"]
    assert zero_layers.tolist() == list(range(1, len(zero_layers) + 1))  # a contiguous bottom block


def test_zero_causes():
    """Exact zeros by cause. Depth 100 sigmoid (the Vanishing page's
    preset): 28 layers underflow in float32 and are nonzero in float64.
    Width 2 ReLU: every layer has both units inactive somewhere above it
    for every example, so all 32 layers get exactly 0, in float64 too:
    dead units, not underflow. Weight scale 0 and residual alpha = 0
    multiply by 0. Elsewhere "none"."""
    sigmoid = probe_gradients(NetSpec(depth=100, width=64, activation="sigmoid"))
    underflow = sigmoid.loc[sigmoid["zero_cause"] == "underflow", "layer"].tolist()
    assert underflow == list(range(1, 29))
    assert (sigmoid.loc[sigmoid["grad_norm"] > 0, "zero_cause"] == "none").all()
    narrow = probe_gradients(NetSpec(depth=32, width=2, activation="relu", init="normal"))
    assert (narrow["grad_norm"] == 0).all() and (narrow["zero_cause"] == "dead").all()
    zero_weights = probe_gradients(NetSpec(depth=6, width=16, weight_scale=0.0))
    assert (zero_weights["zero_cause"].iloc[:-1] == "zero_scale").all() and zero_weights["zero_cause"].iloc[-1] == "none"
    no_branch = probe_gradients(NetSpec(depth=6, width=16, activation="relu", residual=True, residual_scale=0.0))
    assert set(no_branch.loc[no_branch["grad_norm"] == 0, "zero_cause"]) <= {"zero_scale"}
    assert set(sigmoid["zero_cause"]) | set(narrow["zero_cause"]) <= set(ZERO_CAUSES)


def test_no_theory_curve_without_a_last_layer_gradient():
    """The theory curve is anchored at the last layer: none when that is 0."""
    spec = NetSpec(depth=32, width=2, activation="relu", init="normal")
    assert grad_theory(spec, probe_gradients(spec)) is None


@pytest.mark.parametrize(("activation", "init", "low", "high"), [("sigmoid", "normal", 0.2, 0.25), ("linear", "normal", 1.0, 1.0), ("relu", "he_normal", 0.66, 0.75)])
def test_derivative_rms(activation, init, low, high):
    """deriv_rms: sigmoid' <= 1/4 everywhere (about 0.23 at sigma_w = 1),
    linear 1, ReLU about sqrt(1/2) = 0.707 (half the units active, to
    within the sampling of 32 examples x 256 units)."""
    df = probe_gradients(NetSpec(depth=8, width=256, activation=activation, init=init))
    assert df["deriv_rms"].between(low - 1e-12, high + 1e-12).all()


def test_sigmoid_gradient_at_layer_one_grows_with_weight_scale():
    """For sigmoid, chi_1 = sigma_w^2 E[sigmoid'^2] grows with sigma_w on [1, 8]
    despite saturation, and so does the layer-1 gradient of a 50-layer net."""
    scales = [1.0, 2.0, 4.0, 8.0]
    chis = [theory.chi1("sigmoid", s, 0.0) for s in scales]
    grads = [probe_gradients(NetSpec(depth=50, width=64, activation="sigmoid", weight_scale=s))["grad_norm"].iloc[0] for s in scales]
    assert all(a < b for a, b in zip(chis, chis[1:]))
    assert all(0 < a < b for a, b in zip(grads, grads[1:]))


def test_saturation_fraction_extremes():
    """saturated_frac: 0 for a linear net (phi' = 1 everywhere), about 1/2 for
    ReLU (the inactive half), high for a sigmoid net with weight_scale = 10."""
    linear = probe_gradients(NetSpec(depth=10, width=64, activation="linear"))
    assert (linear["saturated_frac"] == 0.0).all()
    relu = probe_gradients(NetSpec(depth=10, width=256, activation="relu", init="he_normal"))
    np.testing.assert_allclose(relu["saturated_frac"], 0.5, atol=0.05)
    sigmoid = probe_gradients(NetSpec(depth=20, width=64, activation="sigmoid", weight_scale=10.0))
    assert sigmoid["saturated_frac"].min() > 0.4
    assert sigmoid["saturated_frac"].mean() > 0.5


@pytest.mark.parametrize(
    ("activation", "sigma_w", "sigma_b"),
    [("tanh", 2.0, 0.0), ("tanh", 4.0, 0.3), ("sigmoid", 10.0, 0.0)],
)
def test_saturation_fraction_matches_mean_field(activation, sigma_w, sigma_b):
    """A unit is saturated when phi'(z) < 10% of max phi': |z| > z_c with
    sech^2(z_c) = 0.1 (tanh) or s(1-s)(z_c) = 0.025 (sigmoid). With
    z ~ N(0, q_l) (theory.variance_profile) that is P = erfc(z_c / sqrt(2 q_l))."""
    if activation == "tanh":
        z_c = math.acosh(math.sqrt(10.0))
    else:
        z_c = math.log((1 + math.sqrt(0.9)) / (1 - math.sqrt(0.9)))
    depth = 12
    df = probe_gradients(NetSpec(depth=depth, width=512, activation=activation, weight_scale=sigma_w, bias_std=sigma_b))
    qs = theory.variance_profile(activation, sigma_w, sigma_b, depth)
    predicted = [math.erfc(z_c / math.sqrt(2 * q)) for q in qs]
    np.testing.assert_allclose(df["saturated_frac"], predicted, atol=0.04)


def test_a_probe_leaves_no_layer_alive_without_the_garbage_collector(monkeypatch):
    """The float64 re-run of an underflowing probe turns the net's linear
    layers to float64 in place; none of them may outlive the probe through a
    reference cycle: the server does not collect garbage after each run
    (.streamlit/config.toml), and at depth 100 x width 512 a net's weights
    are 105 MB."""
    import gc
    import weakref

    from core import probe as probe_module

    layers = []
    build = probe_module.build_mlp

    def tracked(spec):
        net = build(spec)
        layers.extend(weakref.ref(block.linear) for block in net.blocks)
        return net

    monkeypatch.setattr(probe_module, "build_mlp", tracked)
    gc.disable()
    try:
        result = probe_module.probe_gradients(NetSpec(depth=100, width=64, activation="sigmoid"))
        assert (result["zero_cause"] == "underflow").sum() > 0, "the float64 re-run did not run"
        alive = sum(layer() is not None for layer in layers)
    finally:
        gc.enable()
    assert alive == 0, f"{alive} of {len(layers)} layers outlived the probe"


def test_a_probe_checks_for_cancellation_once_per_layer_and_stops_there():
    """Under core.cancel.stop_when, probe_gradients asks should_stop() once
    per layer in the build, the forward pass and the backward pass (3 x
    depth calls when no gradient underflows), and raises Cancelled at the
    first layer boundary where it says stop; outside, nothing changes."""
    from core.cancel import Cancelled, stop_when

    spec = NetSpec(depth=7, width=16, activation="tanh", init="xavier_normal", seed=5)
    calls = []
    with stop_when(lambda: calls.append(1) is not None):
        plain = probe_gradients(spec)
    assert len(calls) == 3 * spec.depth
    pd.testing.assert_frame_equal(plain, probe_gradients(spec))
    for stop_at in (1, spec.depth + 2, 2 * spec.depth + 3):  # in the build, the forward pass, the backward pass
        calls = []
        with stop_when(lambda: calls.append(1) is None and len(calls) >= stop_at), pytest.raises(Cancelled):
            probe_gradients(spec)
        assert len(calls) == stop_at, "it stopped at the first boundary told to"


def test_a_recurrent_probe_checks_for_cancellation_at_every_time_step():
    from core import probe_recurrent
    from core.cancel import Cancelled, stop_when

    calls = []
    with stop_when(lambda: calls.append(1) is not None):
        probe_recurrent("lstm", 30, 8, seed=1)
    assert len(calls) == 2 * 30, "each step forward and back"
    calls = []
    with stop_when(lambda: calls.append(1) is None and len(calls) >= 40), pytest.raises(Cancelled):
        probe_recurrent("lstm", 30, 8, seed=1)
    assert len(calls) == 40
