"""core.train: overflow detection, gradient clipping, a healthy run, TrainConfig validation."""

import math

import numpy as np
import pandas as pd
import pytest
import torch

from core import NetSpec, TrainConfig, build_mlp, train_mlp
from core.train import clip_gradients

HISTORY_COLUMNS = ["step", "loss", "param_grad_norm_before", "param_grad_norm_after", "accuracy"]
# depth-10 tanh with Xavier weights, squared error, plain SGD at lr = 1: the readout blows up
EXPLODING = NetSpec(depth=10, activation="tanh", init="xavier_normal")
EXPLODING_CONFIG = TrainConfig(loss="mse", optimizer="sgd", lr=1.0)


@pytest.fixture(scope="module")
def exploding_run():
    return train_mlp(EXPLODING, EXPLODING_CONFIG)


@pytest.fixture(scope="module")
def norm_clipped_run():
    config = TrainConfig(loss="mse", optimizer="sgd", lr=1.0, clip="norm", clip_threshold=1.0)
    return config, train_mlp(EXPLODING, config)


def _assert_history_finite(history):
    assert list(history.columns) == HISTORY_COLUMNS
    assert np.isfinite(history[HISTORY_COLUMNS].to_numpy(dtype=float)).all()
    assert history["step"].tolist() == list(range(1, len(history) + 1))


# --- overflow ------------------------------------------------------------------

def test_unclipped_run_stops_at_first_non_finite_value(exploding_run):
    """Unclipped MSE + SGD at lr = 1 overflows; training stops there:
    overflow.step = len(history) + 1, and every recorded step is finite."""
    result = exploding_run
    assert result.overflow is not None
    assert result.overflow.quantity in {"loss", "gradient"}
    assert result.overflow.step == len(result.history) + 1
    assert 1 < result.overflow.step < EXPLODING_CONFIG.steps
    _assert_history_finite(result.history)
    assert result.history["loss"].iloc[-1] > 1e20  # it was really running away
    assert result.final_loss == result.history["loss"].iloc[-1]


def test_overflow_step_is_the_first_bad_one(exploding_run):
    """Re-running for overflow.step - 1 steps gives no overflow and the same history,
    so the recorded step is the first non-finite one."""
    bad_step = exploding_run.overflow.step
    short = train_mlp(EXPLODING, TrainConfig(loss="mse", optimizer="sgd", lr=1.0, steps=bad_step - 1))
    assert short.overflow is None
    pd.testing.assert_frame_equal(short.history, exploding_run.history)


def test_norm_clipping_keeps_the_same_run_finite(norm_clipped_run):
    """The same net and lr with clip="norm" runs all 150 steps, all finite."""
    config, result = norm_clipped_run
    assert result.overflow is None
    assert len(result.history) == config.steps
    _assert_history_finite(result.history)


def test_norm_clipping_bounds_post_clip_norm(norm_clipped_run):
    """Pascanu et al.: g <- g * min(1, c / ||g||). After clipping ||g|| <= c on every
    step, = c where ||g|| was above c, and unchanged where it was below."""
    config, result = norm_clipped_run
    before, after = result.history["param_grad_norm_before"], result.history["param_grad_norm_after"]
    c = config.clip_threshold
    assert (after <= c * (1 + 1e-5)).all()
    above = before > c
    assert above.any() and (~above).any()  # both cases occur in this run
    np.testing.assert_allclose(after[above], c, rtol=1e-5)
    np.testing.assert_allclose(after[~above], before[~above], rtol=1e-6)


def test_value_clipping_bounds_each_entry_in_training():
    """clip="value" clamps every entry to [-c, c], so ||g|| <= c sqrt(#params),
    and it never increases the norm."""
    c = 0.01
    config = TrainConfig(loss="mse", optimizer="sgd", lr=1.0, clip="value", clip_threshold=c, steps=60)
    result = train_mlp(EXPLODING, config)
    n_params = sum(p.numel() for p in build_mlp(EXPLODING, 2, 1).parameters())
    after, before = result.history["param_grad_norm_after"], result.history["param_grad_norm_before"]
    assert result.overflow is None
    assert (after <= c * math.sqrt(n_params) * (1 + 1e-6)).all()
    assert (after <= before * (1 + 1e-6)).all()
    assert (after < before).any()


def _params_with_grads(*grads):
    params = [torch.nn.Parameter(torch.zeros(len(g))) for g in grads]
    for p, g in zip(params, grads):
        p.grad = torch.tensor(g)
    return params


def test_clip_gradients_exact_values():
    """Gradients (3, 4) and (0,): norm 5. "norm" at 1 gives (0.6, 0.8);
    "value" at 1 gives (1, 1); "none" leaves them; returns (before, after) norms."""
    params = _params_with_grads([3.0, 4.0], [0.0])
    assert clip_gradients(params, "norm", 1.0) == pytest.approx((5.0, 1.0), rel=1e-6)
    torch.testing.assert_close(params[0].grad, torch.tensor([0.6, 0.8]), rtol=1e-6, atol=0)

    params = _params_with_grads([3.0, -4.0, 0.5], [-0.25])
    before, after = clip_gradients(params, "value", 1.0)
    assert params[0].grad.tolist() == [1.0, -1.0, 0.5] and params[1].grad.tolist() == [-0.25]
    assert before == pytest.approx(math.sqrt(9 + 16 + 0.25 + 0.0625), rel=1e-6)
    assert after == pytest.approx(math.sqrt(1 + 1 + 0.25 + 0.0625), rel=1e-6)

    params = _params_with_grads([3.0, 4.0])
    assert clip_gradients(params, "none", 1.0) == pytest.approx((5.0, 5.0), rel=1e-6)
    assert params[0].grad.tolist() == [3.0, 4.0]


def test_non_finite_loss_at_step_one():
    """A deliberately overflowing forward pass: 40 linear layers W = 10 I scale the
    input by 10^40 > float32 max (3.4e38), so the very first loss is non-finite:
    Overflow(step=1, "loss"), empty history, final_loss NaN."""
    spec = NetSpec(depth=40, width=8, activation="linear", init="scaled_identity", weight_scale=10.0)
    result = train_mlp(spec, TrainConfig(steps=5))
    assert (result.overflow.step, result.overflow.quantity) == (1, "loss")
    assert len(result.history) == 0
    assert math.isnan(result.final_loss)


@pytest.mark.parametrize(("loss", "quantity"), [("bce", "loss"), ("mse", "gradient")])
def test_huge_learning_rate_overflow_is_recorded(loss, quantity):
    """SGD at lr = 100 on a ReLU net: a step makes the next loss (BCE) or gradient
    (MSE) non-finite within a few steps; that step is recorded, not appended."""
    spec = NetSpec(depth=10, activation="relu", init="he_normal")
    result = train_mlp(spec, TrainConfig(loss=loss, optimizer="sgd", lr=100.0, steps=50))
    assert result.overflow is not None
    assert result.overflow.quantity == quantity
    assert result.overflow.step == len(result.history) + 1 <= 5
    _assert_history_finite(result.history)


# --- a healthy run ---------------------------------------------------------------

def test_healthy_relu_adam_run_learns_the_spirals():
    """ReLU + He init + Adam learns two spirals: final accuracy > 0.9 and the
    loss falls well below chance (ln 2 = 0.693 for BCE)."""
    spec = NetSpec(depth=4, width=32, activation="relu", init="he_normal")
    steps = 200
    result = train_mlp(spec, TrainConfig(optimizer="adam", lr=0.01, steps=steps))
    assert result.overflow is None
    assert len(result.history) == steps
    assert result.history["accuracy"].iloc[-1] > 0.9
    assert result.history["loss"].iloc[0] == pytest.approx(math.log(2), abs=0.2)
    assert result.final_loss < 0.2
    assert (result.weight_change["weight_change"] > 0).all()
    assert result.weight_change["layer"].tolist() == [1, 2, 3, 4]


def test_one_sgd_step_weight_change_closed_form():
    """One unclipped SGD step changes W_i by lr * dL/dW_i, so
    weight_change_i = lr * ||dL/dW_i|| / ||W_i|| with ||dL/dW_i|| from layer_grads."""
    spec = NetSpec(depth=3, width=16, activation="tanh", init="xavier_normal")
    lr = 0.1
    result = train_mlp(spec, TrainConfig(optimizer="sgd", lr=lr, steps=1))
    start_norms = np.array([float(l.weight.detach().norm()) for l in build_mlp(spec, 2, 1).hidden_linears()])
    grads = result.layer_grads.set_index("layer")["weight_grad_norm"].to_numpy()
    np.testing.assert_allclose(result.weight_change["weight_change"], lr * grads / start_norms, rtol=1e-5)


def test_layer_every_and_progress():
    """layer_grads has one row per layer on step 1 and every `layer_every`-th
    step; progress(step, steps, history) is called after every step."""
    calls = []

    def record(step, steps, rows):
        calls.append((step, steps, len(rows), rows[-1]["step"]))

    spec = NetSpec(depth=3, width=8)
    result = train_mlp(spec, TrainConfig(steps=10, layer_every=4), progress=record)
    assert calls == [(s, 10, s, s) for s in range(1, 11)]
    assert sorted(set(result.layer_grads["step"])) == [1, 4, 8]
    assert (result.layer_grads.groupby("step")["layer"].apply(list) == pd.Series({1: [1, 2, 3], 4: [1, 2, 3], 8: [1, 2, 3]})).all()


def test_training_is_deterministic():
    """Same spec and config: identical history."""
    spec, config = NetSpec(depth=3, width=16, seed=5), TrainConfig(steps=5, optimizer="momentum", lr=0.05)
    pd.testing.assert_frame_equal(train_mlp(spec, config).history, train_mlp(spec, config).history)


# --- TrainConfig validation -----------------------------------------------------

@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"optimizer": "lbfgs"}, r"optimizer must be one of \['sgd', 'momentum', 'rmsprop', 'adam'\], got 'lbfgs'"),
        ({"loss": "l1"}, r"loss must be one of \['bce', 'mse'\]"),
        ({"clip": "x"}, r"clip must be one of \['none', 'norm', 'value'\]"),
        ({"lr": 0.0}, r"lr must be a number in \[1e-05, 100\.0\], got 0"),
        ({"lr": 101.0}, r"lr must be a number in \[1e-05, 100\.0\]"),
        ({"lr": float("nan")}, r"lr must be a number in \[1e-05, 100\.0\], got nan"),
        ({"steps": 0}, r"steps must be an integer in \[1, 5000\]"),
        ({"steps": 5001}, r"steps must be an integer in \[1, 5000\]"),
        ({"steps": 10.0}, r"steps must be an integer in \[1, 5000\]"),
        ({"clip_threshold": 0.0}, r"clip_threshold must be a number in \[0\.0001, 10000\.0\]"),
        ({"clip_threshold": float("inf")}, r"clip_threshold must be a number in \[0\.0001, 10000\.0\]"),
        ({"points": 7}, r"points must be an integer in \[8, 4096\]"),
        ({"points": 4097}, r"points must be an integer in \[8, 4096\]"),
        ({"layer_every": 0}, r"layer_every must be an integer in \[1, 5000\]"),
    ],
)
def test_trainconfig_rejects_bad_values_naming_field_and_range(kwargs, message):
    """A bad value raises ValueError whose message names the field and the allowed range."""
    with pytest.raises(ValueError, match=message):
        TrainConfig(**kwargs)


@pytest.mark.parametrize(
    "kwargs",
    [{"lr": 1e-5}, {"lr": 100.0}, {"steps": 1}, {"steps": 5000}, {"clip_threshold": 1e-4},
     {"clip_threshold": 1e4}, {"points": 8}, {"points": 4096}],
)
def test_trainconfig_range_ends_are_allowed(kwargs):
    """The documented ranges are closed: both ends are valid."""
    (field, value), = kwargs.items()
    assert getattr(TrainConfig(**kwargs), field) == value


def test_trainconfig_rejects_bad_data_seed():
    """data_seed=1.5 should be a ValueError naming data_seed (today: RuntimeError inside train_mlp)."""
    with pytest.raises(ValueError, match="data_seed"):
        TrainConfig(data_seed=1.5)
