"""The public core API is bounded (issue 15, item 10): every size and number
is checked up front with a ValueError naming the field; numpy scalars are
accepted and give what Python numbers give; unknown names raise ValueError
listing the choices; the work of one call (examples x width x weight
layers) is capped (core.checks)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
import torch

from core import (
    NetSpec, RecurrentSpec, RecurrentTrainConfig, TrainConfig, activation_curve, activation_derivative, adding_problem,
    compare_probe, degradation_runs, derivative_peak, derivative_peak_range, first_to_last, myths, probe_gradients,
    probe_recurrent, theory, train_mlp, train_recurrent, two_spirals,
)
from core.checks import MAX_PROBE_UNITS, MAX_RECURRENT_UNITS, MAX_TRAIN_UNITS
from core.claims import exploding as exploding_claims
from core.claims import remedies as remedies_claims
from core.claims import residual as residual_claims
from core.phase import phase_diagram
from core.residual import branch_scale_gradients
from core.transformer import TransformerSpec, seed_average

SMALL = NetSpec(depth=2, width=8)
IDENTITY = [[1.0, 0.0], [0.0, 1.0]]
BAD_KINDS = ("too_large", "negative", "nan", "inf", "bool", "wrong_type")
BAD_VALUES = {"negative": -1, "nan": math.nan, "inf": math.inf, "bool": True, "wrong_type": "3"}

# (field, call(value), too-large value, kinds that are valid values for this field and so not tested)
NUMERIC = {
    "NetSpec.depth": ("depth", lambda v: NetSpec(depth=v), 101, ()),
    "NetSpec.width": ("width", lambda v: NetSpec(width=v), 513, ()),
    "NetSpec.weight_scale": ("weight_scale", lambda v: NetSpec(weight_scale=v), 10.5, ()),
    "NetSpec.bias_std": ("bias_std", lambda v: NetSpec(bias_std=v), 5.5, ()),
    "NetSpec.seed": ("seed", lambda v: NetSpec(seed=v), 2**31, ()),
    "probe_gradients.batch": ("batch", lambda v: probe_gradients(SMALL, batch=v), 4097, ()),
    "probe_gradients.seed": ("seed", lambda v: probe_gradients(SMALL, seed=v), 2**31, ()),
    "probe_gradients.lr": ("lr", lambda v: probe_gradients(SMALL, lr=v), 101.0, ()),
    "compare_probe.batch": ("batch", lambda v: compare_probe(SMALL, batch=v), 4097, ()),
    "branch_scale_gradients.batch": ("batch", lambda v: branch_scale_gradients(SMALL, batch=v), 4097, ()),
    "two_spirals.points": ("points", lambda v: two_spirals(v), 1_000_001, ()),
    "two_spirals.noise": ("noise", lambda v: two_spirals(8, noise=v), 10.5, ()),
    "two_spirals.turns": ("turns", lambda v: two_spirals(8, turns=v), 101.0, ()),
    "two_spirals.seed": ("seed", lambda v: two_spirals(8, seed=v), 2**31, ()),
    "activation_curve.points": ("points", lambda v: activation_curve("tanh", points=v), 100_002, ()),
    "activation_curve.hi": ("hi", lambda v: activation_curve("tanh", hi=v), 2e4, ("negative",)),
    "TrainConfig.points": ("points", lambda v: TrainConfig(points=v), 4097, ()),
    "TrainConfig.lr": ("lr", lambda v: TrainConfig(lr=v), 101.0, ()),
    "TrainConfig.steps": ("steps", lambda v: TrainConfig(steps=v), 5001, ()),
    "TrainConfig.clip_threshold": ("clip_threshold", lambda v: TrainConfig(clip_threshold=v), 1e5, ()),
    "RecurrentSpec.hidden": ("hidden", lambda v: RecurrentSpec(hidden=v), 257, ()),
    "RecurrentSpec.recurrent_scale": ("recurrent_scale", lambda v: RecurrentSpec(recurrent_scale=v), 3.5, ()),
    "RecurrentSpec.forget_bias": ("forget_bias", lambda v: RecurrentSpec(cell="lstm", forget_bias=v), 10.5, ("negative",)),
    "RecurrentTrainConfig.batch": ("batch", lambda v: RecurrentTrainConfig(batch=v), 1025, ()),
    "RecurrentTrainConfig.seq_len": ("seq_len", lambda v: RecurrentTrainConfig(seq_len=v), 501, ()),
    "probe_recurrent.seq_len": ("seq_len", lambda v: probe_recurrent("rnn", v, 8), 501, ()),
    "probe_recurrent.hidden": ("hidden", lambda v: probe_recurrent("rnn", 10, v), 257, ()),
    "probe_recurrent.batch": ("batch", lambda v: probe_recurrent("rnn", 10, 8, batch=v), 1025, ()),
    "adding_problem.batch": ("batch", lambda v: adding_problem(v, 10, torch.Generator()), 1025, ()),
    "theory.chi1.sigma_w": ("sigma_w", lambda v: theory.chi1("tanh", v, 0.0), 101.0, ()),
    "theory.chi1.sigma_b": ("sigma_b", lambda v: theory.chi1("tanh", 1.0, v), 101.0, ()),
    "theory.variance_map.q": ("q", lambda v: theory.variance_map("tanh", v, 1.0, 0.0), 1e13, ()),
    "theory.fixed_point_q.sigma_w": ("sigma_w", lambda v: theory.fixed_point_q("tanh", v, 0.0), 101.0, ()),
    "theory.depth_scale.sigma_b": ("sigma_b", lambda v: theory.depth_scale("tanh", 1.5, v), 101.0, ()),
    "theory.derivative_second_moment.q": ("q", lambda v: theory.derivative_second_moment("tanh", v), 1e13, ("inf",)),
    "theory.mean_field_grad_profile.depth": ("depth", lambda v: theory.mean_field_grad_profile("tanh", 1.0, 0.0, v), 10_001, ()),
    "theory.residual_profile.alpha": ("alpha", lambda v: theory.residual_profile("relu", 1.0, 0.0, 5, v), 101.0, ()),
    "theory.relu_residual_growth.alpha": ("alpha", lambda v: theory.relu_residual_growth(v, 10), 101.0, ()),
    "theory.critical_sigma_w.sigma_b": ("sigma_b", lambda v: theory.critical_sigma_w("tanh", v), 101.0, ()),
    "theory.correlation_map.c": ("c", lambda v: theory.correlation_map("tanh", -1.5 if v == -1 else v, 1.5, 0.0), 1.5, ()),
    "theory.sigmoid_chain_bound.length": ("length", lambda v: theory.sigmoid_chain_bound(v), 10_001, ()),
    "theory.scaled_identity_gain.length": ("length", lambda v: theory.scaled_identity_gain(2.0, v), 10_001, ()),
    "theory.xavier_variance.fan_in": ("fan_in", lambda v: theory.xavier_variance(v, 8), 1_000_001, ()),
    "theory.he_variance.fan_in": ("fan_in", lambda v: theory.he_variance(v), 1_000_001, ()),
    "theory.power_norms.steps": ("steps", lambda v: theory.power_norms(IDENTITY, [1.0, 1.0], v), 10_001, ()),
    "theory.power_norms.matrix": ("matrix", lambda v: theory.power_norms([[v, 0.0], [0.0, 1.0]], [1.0, 1.0], 3), 1e7, ("negative", "bool")),
    "theory.lyapunov_gaussian.n": ("n", lambda v: theory.lyapunov_gaussian(v), 1_000_001, ()),
    "myths.where_explosion_hits.depth": ("depth", lambda v: myths.where_explosion_hits(depth=v), 101, ()),
    "myths.where_explosion_hits.weight": ("weight", lambda v: myths.where_explosion_hits(weight=v), 10.5, ()),
    "myths.tanh_derivative.x": ("x", lambda v: myths.tanh_derivative(x=v), 1e5, ("negative",)),
    "myths.optimiser_steps_and_gradients.steps": ("steps", lambda v: myths.optimiser_steps_and_gradients(steps=v), 5001, ()),
    "claims.exploding.halving.depth": ("depth", lambda v: exploding_claims.halving(5.0, v), 101, ()),
    "claims.exploding.power_lines.powers": ("powers", lambda v: exploding_claims.power_lines(IDENTITY, [1.0, 1.0], v), 10_001, ()),
    "claims.remedies.batchnorm_growth.seeds": ("seeds", lambda v: remedies_claims.batchnorm_growth(seeds=v), 101, ()),
    "claims.residual.variance_law.seeds": ("seeds", lambda v: residual_claims.variance_law(seeds=v), 101, ()),
    "TransformerSpec.layers": ("layers", lambda v: TransformerSpec(layers=v), 25, ()),
    "TransformerSpec.d_model": ("d_model", lambda v: TransformerSpec(d_model=v), 132, ()),
    "TransformerSpec.heads": ("heads", lambda v: TransformerSpec(heads=v), 16, ()),
    "TransformerSpec.seq_len": ("seq_len", lambda v: TransformerSpec(seq_len=v), 65, ()),
    "TransformerSpec.batch": ("batch", lambda v: TransformerSpec(batch=v), 33, ()),
    "TransformerSpec.seed": ("seed", lambda v: TransformerSpec(seed=v), 2**31, ()),
    "seed_average.seeds": ("seeds", lambda v: seed_average(TransformerSpec(layers=1, d_model=8, seq_len=2, batch=1), v), 33, ()),
    "claims.residual.ln_flow.seeds": ("seeds", lambda v: residual_claims.ln_flow(2, 32, seeds=v), 33, ()),
    "phase_diagram.depth": ("depth", lambda v: phase_diagram("tanh", v, [1.0], [0.0]), 101, ()),
    "phase_diagram.sigma_ws": ("sigma_ws", lambda v: phase_diagram("tanh", 5, [v], [0.0]), 10.5, ("bool",)),
}


@pytest.mark.parametrize("kind", BAD_KINDS)
@pytest.mark.parametrize("case", sorted(NUMERIC))
def test_bad_numbers_raise_value_error_naming_the_field(case, kind):
    field, call, too_large, valid_kinds = NUMERIC[case]
    if kind in valid_kinds:
        pytest.skip(f"{kind} is a valid {field}")
    value = too_large if kind == "too_large" else BAD_VALUES[kind]
    with pytest.raises(ValueError, match=rf"\b{field}\b"):
        call(value)


# (field, call(name), one valid choice the message must list)
CHOICES = {
    "NetSpec.activation": ("activation", lambda v: NetSpec(activation=v), "tanh"),
    "NetSpec.init": ("init", lambda v: NetSpec(init=v), "orthogonal"),
    "NetSpec.norm": ("norm", lambda v: NetSpec(norm=v), "batch"),
    "TransformerSpec.variant": ("variant", lambda v: TransformerSpec(variant=v), "pre"),
    "NetSpec.block": ("block", lambda v: NetSpec(block=v), "preact"),
    "activation_curve": ("activation", lambda v: activation_curve(v), "gelu"),
    "activation_derivative": ("activation", lambda v: activation_derivative(v, torch.zeros(3)), "gelu"),
    "derivative_peak": ("activation", lambda v: derivative_peak(v), "sigmoid"),
    "derivative_peak_range": ("activation", lambda v: derivative_peak_range(v), "relu"),
    "theory.chi1": ("activation", lambda v: theory.chi1(v, 1.0, 0.0), "tanh"),
    "theory.depth_scale": ("activation", lambda v: theory.depth_scale(v, 1.0, 0.0), "tanh"),
    "theory.variance_map": ("activation", lambda v: theory.variance_map(v, 1.0, 1.0, 0.0), "tanh"),
    "theory.derivative_second_moment": ("activation", lambda v: theory.derivative_second_moment(v, 1.0), "tanh"),
    "theory.critical_sigma_ws": ("activation", lambda v: theory.critical_sigma_ws(v, [0.0]), "tanh"),
    "theory.mean_field_grad_profile": ("activation", lambda v: theory.mean_field_grad_profile(v, 1.0, 0.0, 5), "tanh"),
    "TrainConfig.optimizer": ("optimizer", lambda v: TrainConfig(optimizer=v), "adam"),
    "TrainConfig.loss": ("loss", lambda v: TrainConfig(loss=v), "mse"),
    "TrainConfig.clip": ("clip", lambda v: TrainConfig(clip=v), "norm"),
    "RecurrentSpec.cell": ("cell", lambda v: RecurrentSpec(cell=v), "lstm"),
    "RecurrentSpec.recurrent_init": ("recurrent_init", lambda v: RecurrentSpec(recurrent_init=v), "orthogonal"),
    "probe_recurrent.cell": ("cell", lambda v: probe_recurrent(v, 10, 8), "gru"),
    "phase_diagram.activation": ("activation", lambda v: phase_diagram(v, 5, [1.0], [0.0]), "tanh"),
    "myths.WrittenOutOptimizer": ("name", lambda v: myths.WrittenOutOptimizer(v, [], 0.01), "adam"),
    "first_to_last.column": ("column", lambda v: first_to_last(probe_gradients(SMALL), v), "grad_norm"),
}


@pytest.mark.parametrize("name", ["swish", "", 3, None])
@pytest.mark.parametrize("case", sorted(CHOICES))
def test_unknown_names_raise_value_error_listing_the_choices(case, name):
    field, call, valid = CHOICES[case]
    with pytest.raises(ValueError, match=rf"{field} must be one of \[.*'{valid}'.*\], got {name!r}"):
        call(name)


def test_arrays_and_tensors_are_not_numbers():
    """A 0-d array or tensor is refused (pass x.item()), naming the field."""
    for value in (np.array(10), torch.tensor(10), [10]):
        with pytest.raises(ValueError, match="depth must be an integer"):
            NetSpec(depth=value)
    with pytest.raises(ValueError, match="matrix must be square"):
        theory.eigenvalues(np.ones((2, 3)))
    with pytest.raises(ValueError, match="matrix must have at most 65,536 entries"):
        theory.eigenvalues(np.eye(257))
    with pytest.raises(ValueError, match="vector must have 2 entries"):
        theory.power_norms(IDENTITY, [1.0, 2.0, 3.0], 3)


# --- numpy scalars -----------------------------------------------------------------


def test_numpy_scalars_are_stored_as_python_numbers():
    spec = NetSpec(depth=np.int64(10), width=np.int32(16), weight_scale=np.float64(1.5), seed=np.int64(3))
    plain = NetSpec(depth=10, width=16, weight_scale=1.5, seed=3)
    assert spec == plain and hash(spec) == hash(plain)
    assert (type(spec.depth), type(spec.width), type(spec.weight_scale), type(spec.seed)) == (int, int, float, int)
    assert TrainConfig(points=np.int64(64), lr=np.float32(0.5)) == TrainConfig(points=64, lr=0.5)
    assert RecurrentSpec(hidden=np.int64(8), forget_bias=np.float64(1.0)) == RecurrentSpec(hidden=8, forget_bias=1.0)
    assert RecurrentTrainConfig(batch=np.int64(8), seq_len=np.int16(20)) == RecurrentTrainConfig(batch=8, seq_len=20)


@pytest.mark.parametrize(
    "numpy_call, python_call",
    [
        (lambda: probe_gradients(NetSpec(depth=np.int64(5), width=np.int64(16), weight_scale=np.float64(1.5)), batch=np.int64(8), seed=np.int64(1), lr=np.float64(0.1)),
         lambda: probe_gradients(NetSpec(depth=5, width=16, weight_scale=1.5), batch=8, seed=1, lr=0.1)),
        (lambda: compare_probe(NetSpec(depth=np.int64(3), width=np.int64(8)), batch=np.int64(4)),
         lambda: compare_probe(NetSpec(depth=3, width=8), batch=4)),
        (lambda: two_spirals(np.int64(16), noise=np.float64(0.2), turns=np.float32(1.5), seed=np.int64(2)),
         lambda: two_spirals(16, noise=0.2, turns=1.5, seed=2)),
        (lambda: activation_curve("tanh", np.float64(-2.0), np.int64(2), np.int64(11)), lambda: activation_curve("tanh", -2.0, 2, 11)),
        (lambda: theory.chi1("tanh", np.float64(1.5), np.float32(0.25)), lambda: theory.chi1("tanh", 1.5, 0.25)),
        (lambda: theory.mean_field_grad_profile("tanh", np.float64(1.2), np.float64(0.0), np.int64(6)),
         lambda: theory.mean_field_grad_profile("tanh", 1.2, 0.0, 6)),
        (lambda: theory.power_norms(np.eye(2) * 2, np.ones(2), np.int64(4)), lambda: theory.power_norms(np.eye(2) * 2, np.ones(2), 4)),
        (lambda: theory.scaled_identity_gain(np.float64(5.0), np.int64(10)), lambda: theory.scaled_identity_gain(5.0, 10)),
        (lambda: train_mlp(NetSpec(depth=np.int64(2), width=np.int64(8)), TrainConfig(steps=np.int64(3), points=np.int64(16), lr=np.float64(0.05))).history,
         lambda: train_mlp(NetSpec(depth=2, width=8), TrainConfig(steps=3, points=16, lr=0.05)).history),
        (lambda: probe_recurrent("lstm", np.int64(10), np.int64(8), seed=np.int64(1), batch=np.int64(4), forget_bias=np.float64(1.0)),
         lambda: probe_recurrent("lstm", 10, 8, seed=1, batch=4, forget_bias=1.0)),
        (lambda: myths.where_explosion_hits(np.int64(5), np.float64(2.0)), lambda: myths.where_explosion_hits(5, 2.0)),
    ],
)
def test_numpy_scalars_give_the_same_result_as_python_numbers(numpy_call, python_call):
    got, expected = numpy_call(), python_call()
    if isinstance(expected, pd.DataFrame):
        pd.testing.assert_frame_equal(got, expected)
    elif isinstance(expected, tuple):  # two_spirals
        assert all(torch.equal(a, b) for a, b in zip(got, expected))
    elif isinstance(expected, np.ndarray):
        np.testing.assert_array_equal(got, expected)
    else:
        assert got == expected


# --- the work caps: the largest allowed call runs, one more example is refused -------------


def test_the_probe_cap_allows_exactly_max_probe_units():
    assert 512 * 4096 == MAX_PROBE_UNITS  # one 512-wide layer at the largest batch sits on the cap
    assert len(probe_gradients(NetSpec(depth=1, width=512), batch=4096)) == 1
    with pytest.raises(ValueError, match=r"batch x width x weight layers must be at most 2,097,152, got 4096 x 1,024 = 4,194,304: lower batch to at most 2048"):
        probe_gradients(NetSpec(depth=2, width=512), batch=4096)


def test_the_issue_s_probe_sizes_are_refused_before_any_work():
    """Depth 100 x width 512 x batch 4096 took 7.65 GB (compare_probe 9.76 GB)."""
    big = NetSpec(depth=100, width=512)
    for call in (probe_gradients, compare_probe, branch_scale_gradients):
        with pytest.raises(ValueError, match="batch x width x weight layers must be at most"):
            call(big, batch=4096)


def test_compare_probe_counts_both_layers_of_a_preact_block():
    one_block = NetSpec(depth=1, width=512)
    assert len(compare_probe(one_block, batch=MAX_PROBE_UNITS // (2 * 512))) == 2
    with pytest.raises(ValueError, match=r"got 2049 x 1,024"):
        compare_probe(one_block, batch=MAX_PROBE_UNITS // (2 * 512) + 1)


def test_the_app_s_largest_settings_stay_allowed():
    """The pages' largest probe (depth 100 x width 512 x the default batch
    32) and training (256 points through the same net) are inside the caps."""
    from core.probe import PROBE_BATCH, check_probe
    from core.train import check_training_work

    largest = NetSpec(depth=100, width=512)
    assert check_probe(largest, PROBE_BATCH, 0) == (PROBE_BATCH, 0)
    check_training_work(largest, TrainConfig())
    assert TrainConfig().points * 512 * 100 <= MAX_TRAIN_UNITS


def test_the_training_cap_allows_exactly_max_train_units():
    config = TrainConfig(points=4096, steps=1, layer_every=1)
    assert 4096 * 512 * 8 == MAX_TRAIN_UNITS
    assert len(train_mlp(NetSpec(depth=8, width=512), config).history) == 1
    with pytest.raises(ValueError, match=r"points x width x weight layers must be at most 16,777,216"):
        train_mlp(NetSpec(depth=9, width=512), config)


def test_degradation_runs_checks_all_three_nets_before_training_any():
    steps = []
    with pytest.raises(ValueError, match="points x width x weight layers"):
        degradation_runs(NetSpec(depth=100, width=512), 2, TrainConfig(steps=1), lambda *args: steps.append(args))
    assert steps == []


def test_the_recurrent_cap_allows_exactly_max_recurrent_units():
    assert 1024 * 16 * 256 == MAX_RECURRENT_UNITS
    assert len(probe_recurrent("rnn", 16, 256, batch=1024)) == 16
    with pytest.raises(ValueError, match=r"batch x seq_len x hidden must be at most 4,194,304"):
        probe_recurrent("rnn", 17, 256, batch=1024)
    spec = RecurrentSpec(hidden=256)
    assert len(train_recurrent(spec, RecurrentTrainConfig(seq_len=16, batch=1024, steps=1)).history) == 1
    with pytest.raises(ValueError, match=r"batch x seq_len x hidden must be at most"):
        train_recurrent(spec, RecurrentTrainConfig(seq_len=17, batch=1024, steps=1))


def test_theory_rejects_nan_and_negative_sigma():
    """The issue's finding: chi1 accepted NaN and a negative sigma."""
    for sigma_w, sigma_b in ((math.nan, 0.0), (-1.0, 0.0), (1.0, math.nan), (1.0, -0.5)):
        with pytest.raises(ValueError, match=r"sigma_[wb] must be a number in \[0.0, 100.0\]"):
            theory.chi1("tanh", sigma_w, sigma_b)
