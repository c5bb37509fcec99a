"""core.symmetry against closed forms: zero init gives every hidden layer
exactly no gradient, a constant init gives every unit of a layer the same
one (the value derived by hand), and training keeps the units equal."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch

from core import symmetry
from core.symmetry import INITS, SymmetryConfig, build_net, constant_closed_form, data, distinct_rows, linears, probe, row_spread, train

SMALL = SymmetryConfig(depth=3, width=8, activation="tanh", points=64, steps=20)  # tanh: no dead unit shares a zero gradient row
ACTIVATIONS = ("tanh", "relu", "sigmoid", "linear")


def gradients(config: SymmetryConfig, init: str) -> list[torch.Tensor]:
    """dL/dW of every weight layer (input first, the readout last), by autograd."""
    net = build_net(config, init)
    x, y = data(config)
    torch.nn.functional.binary_cross_entropy_with_logits(net(x).squeeze(-1), y).backward()
    return [linear.weight.grad for linear in linears(net)]


@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_zero_init_gives_hidden_layers_exactly_no_gradient(activation):
    """delta_i = W_{i+1}^T delta_{i+1} * phi'(z_i) = 0 because W_{i+1} = 0:
    every hidden layer's dL/dz and dL/dW is exactly 0; only the readout's
    delta, sigma(0) - y = +-1/2, is not. Its weights' gradient is
    mean_b delta phi(0): 0 here (phi(0) = 0, or the two classes balance)."""
    config = SymmetryConfig(depth=4, width=8, activation=activation, points=64)
    rows = probe(config, "zeros")
    assert (rows["grad_norm"].iloc[:-1] == 0).all() and (rows["weight_grad"].iloc[:-1] == 0).all()
    assert rows["grad_norm"].iloc[-1] == 0.5  # |sigma(0) - y| = 1/2 for every point
    phi_zero = {"sigmoid": 0.5}.get(activation, 0.0)
    x, y = data(config)
    expected = phi_zero * float((0.5 - y).mean())  # mean_b delta_out phi(0)
    assert rows["weight_grad"].iloc[-1] == pytest.approx(math.sqrt(config.width) * abs(expected), abs=1e-15)


def test_zero_init_readout_gets_phi_zero_times_mean_delta_on_unbalanced_data():
    """With an odd number of points (one more of class 0) and sigmoid
    (phi(0) = 1/2), the readout's weights do get the closed-form gradient
    1/2 (1/2 - mean y) per entry, and only they."""
    config = SymmetryConfig(depth=2, width=4, activation="sigmoid", points=63)
    grads = gradients(config, "zeros")
    x, y = data(config)
    assert all((g == 0).all() for g in grads[:-1])
    np.testing.assert_allclose(grads[-1].numpy(), 0.5 * (0.5 - float(y.mean())), rtol=1e-12)
    assert float(grads[-1].abs().min()) > 0


@pytest.mark.parametrize("activation", ACTIVATIONS)
@pytest.mark.parametrize("constant", [0.05, -0.3])
def test_constant_init_gradient_matches_the_closed_form(activation, constant):
    """Every unit of a layer alike: dL/dW_i has identical rows, equal to the
    scalar recursion z_1 = c s, z_i = c n phi(z_{i-1}), delta_L = c delta_out
    phi'(z_L), delta_i = c n delta_{i+1} phi'(z_i) (constant_closed_form)."""
    config = SymmetryConfig(depth=3, width=8, activation=activation, constant=constant, points=64)
    closed = constant_closed_form(config)
    for grad, expected in zip(gradients(config, "constant"), closed, strict=True):
        assert grad.shape == expected.shape
        np.testing.assert_allclose(grad.numpy(), expected, rtol=1e-10, atol=1e-300)
        assert distinct_rows(grad) == 1


def test_constant_closed_form_by_hand_for_one_tanh_layer():
    """One tanh layer of n units, weights c everywhere: z = c (x_1 + x_2),
    logit = c n tanh(z), delta = (sigma(logit) - y) / B; dL/dW_1[j, k] =
    sum_b c delta (1 - tanh(z)^2) x_k and dL/dW_out[j] = sum_b delta tanh(z)."""
    config = SymmetryConfig(depth=1, width=5, activation="tanh", constant=0.2, points=16)
    x, y = data(config)
    z = 0.2 * x.sum(dim=1)
    delta = (torch.sigmoid(0.2 * 5 * torch.tanh(z)) - y) / 16
    first = (0.2 * delta * (1 - torch.tanh(z) ** 2))[:, None] * x
    grads = gradients(config, "constant")
    np.testing.assert_allclose(grads[0].numpy(), first.sum(dim=0).expand(5, 2).numpy(), rtol=1e-12)
    np.testing.assert_allclose(grads[1].numpy(), float((delta * torch.tanh(z)).sum()) * np.ones((1, 5)), rtol=1e-12)


@pytest.mark.parametrize("activation", ("tanh", "relu"))
def test_constant_units_stay_equal_after_training(activation):
    """Adam is elementwise: equal gradients give equal steps, so after
    training every hidden layer still has one distinct unit (rows of
    [W | b] equal to float64 rounding), and the random inits have all n."""
    config = SymmetryConfig(depth=3, width=8, activation=activation, points=64, steps=40)
    constant = train(config, "constant")
    assert (constant.layers["distinct"] == 1).all()
    assert constant.layers["spread"].max() < 1e-12
    he = train(config, "he")
    assert (he.layers["distinct"].iloc[:-1] == config.width).all()
    assert he.layers["spread"].iloc[:-1].min() > 0.1


def test_zero_net_loss_is_ln2_at_every_step():
    """No gradient reaches any weight (balanced classes), so the logit stays
    0 and the loss is exactly ln 2 at every step."""
    run = train(SymmetryConfig(depth=3, width=8, points=64, steps=20), "zeros")
    assert len(run.history) == 21
    assert (run.history["loss"] == math.log(2)).all()


def test_random_inits_give_every_unit_its_own_gradient():
    rows = probe(SMALL, "xavier")
    assert (rows["distinct"].iloc[:-1] == SMALL.width).all() and (rows["spread"].iloc[:-1] > 0.1).all()


def test_distinct_rows_and_spread():
    a = torch.tensor([[1.0, 2.0], [1.0, 2.0], [3.0, 0.0], [0.0, 0.0]], dtype=torch.float64)
    assert distinct_rows(a) == 3
    assert distinct_rows(torch.zeros(5, 3)) == 1 and row_spread(torch.zeros(5, 3)) == 0.0
    same = torch.ones(6, 4, dtype=torch.float64) * 0.7
    assert distinct_rows(same) == 1 and row_spread(same) == 0.0
    assert distinct_rows(same + 1e-6 * torch.arange(6, dtype=torch.float64)[:, None]) == 6
    # max ||row - row_1|| / max ||row||: (1, 0) and (-1, 0) are 2 apart, the largest row 1 long
    assert row_spread(torch.tensor([[1.0, 0.0], [-1.0, 0.0]])) == pytest.approx(2.0)


def test_small_and_large_are_the_same_draws_at_two_scales():
    small, large = build_net(SMALL, "small"), build_net(SMALL, "large")
    for a, b in zip(linears(small), linears(large)):
        torch.testing.assert_close(b.weight, a.weight * (symmetry.LARGE_STD / symmetry.SMALL_STD))


def test_he_and_xavier_variances():
    """Var(W) of the init at a wide layer: He 2/fan_in, Xavier 2/(fan_in + fan_out)."""
    config = SymmetryConfig(depth=2, width=64)
    he, xavier = (linears(build_net(config, init))[1].weight.detach() for init in ("he", "xavier"))
    assert float(he.var()) == pytest.approx(2 / 64, rel=0.05)
    assert float(xavier.var()) == pytest.approx(2 / 128, rel=0.05)


@pytest.mark.parametrize(("field", "value"), [
    ("depth", 0), ("depth", 31), ("width", 1), ("width", 129), ("points", 7), ("steps", -1), ("steps", 301),
    ("constant", 2.0), ("constant", math.nan), ("constant", "0.5"), ("lr", 0.0), ("activation", "swish"), ("depth", 2.0), ("depth", True),
])
def test_config_is_bounded(field, value):
    with pytest.raises(ValueError, match=field):
        SymmetryConfig(**{field: value})


def test_numpy_scalars_give_the_same_config():
    assert SymmetryConfig(depth=np.int64(4), constant=np.float32(0.5)) == SymmetryConfig(depth=4, constant=0.5)


def test_init_names_are_checked():
    with pytest.raises(ValueError, match="init"):
        probe(SMALL, "orthogonal")
    assert len(INITS) == 6
