"""core.nets: NetSpec validation and the documented weight initialisations."""

import math
from dataclasses import replace

import pytest
import torch

from core import INITS, NetSpec, build_mlp, theory

WIDE = 512  # 512 x 512 = 262,144 weights: a variance to ~0.3% (one sigma)


def _hidden_weight(init, scale, in_features=None, layer=0, **kw):
    spec = NetSpec(depth=2, width=WIDE, init=init, weight_scale=scale, **kw)
    return build_mlp(spec, in_features=in_features).hidden_linears()[layer].weight.detach().double()


# --- initialisations: empirical variance against the closed forms -------------------

@pytest.mark.parametrize("init", ["xavier_normal", "xavier_uniform"])
@pytest.mark.parametrize("gain", [1.0, 2.5])
@pytest.mark.parametrize("fan_in", [WIDE, 64])  # square hidden layer; 512 x 64 first layer
def test_xavier_variance(init, gain, fan_in):
    """Glorot & Bengio: Var W = gain^2 * 2 / (fan_in + fan_out) (theory.xavier_variance)."""
    w = _hidden_weight(init, gain, in_features=fan_in)
    assert tuple(w.shape) == (WIDE, fan_in)
    expected = theory.xavier_variance(fan_in, WIDE, gain)
    tolerance = 0.02 if fan_in == WIDE else 0.04  # 0.3% / 0.8% sampling error (1 sigma)
    assert float(w.var()) == pytest.approx(expected, rel=tolerance)
    assert abs(float(w.mean())) < 5 * math.sqrt(expected / w.numel())
    if init == "xavier_uniform":  # U(-a, a) with a = gain * sqrt(6 / (fan_in + fan_out))
        bound = gain * math.sqrt(6.0 / (fan_in + WIDE))
        assert float(w.abs().max()) <= bound * (1 + 1e-6)
        assert float(w.abs().max()) >= 0.99 * bound


@pytest.mark.parametrize("scale", [0.5, 1.0, 2.0])
@pytest.mark.parametrize("fan_in", [WIDE, 64])
def test_he_normal_variance(scale, fan_in):
    """he_normal: Var W = weight_scale^2 * 2 / fan_in (He et al. 2015; fan_in, not fan_out)."""
    w = _hidden_weight("he_normal", scale, in_features=fan_in)
    expected = scale**2 * theory.he_variance(fan_in)
    assert float(w.var()) == pytest.approx(expected, rel=0.02 if fan_in == WIDE else 0.04)


@pytest.mark.parametrize("scale", [0.5, 1.0, 3.0])
@pytest.mark.parametrize("fan_in", [WIDE, 64])
def test_normal_variance(scale, fan_in):
    """normal: Var W = weight_scale^2 / fan_in (mean-field sigma_w = weight_scale)."""
    w = _hidden_weight("normal", scale, in_features=fan_in)
    assert float(w.var()) == pytest.approx(scale**2 / fan_in, rel=0.02 if fan_in == WIDE else 0.04)


@pytest.mark.parametrize("init", ["normal", "xavier_normal", "xavier_uniform", "he_normal"])
@pytest.mark.parametrize("scale", [0.7, 2.0])
def test_effective_sigma_w_matches_the_weights(init, scale):
    """NetSpec.effective_sigma_w is sigma_w in Var W = sigma_w^2 / fan_in for
    square layers (he_normal: sqrt(2) * weight_scale)."""
    spec = NetSpec(depth=2, width=WIDE, init=init, weight_scale=scale)
    w = build_mlp(spec).hidden_linears()[1].weight.detach().double()
    assert spec.effective_sigma_w == pytest.approx(scale * (math.sqrt(2) if init == "he_normal" else 1.0), rel=1e-12)
    assert math.sqrt(float(w.var()) * WIDE) == pytest.approx(spec.effective_sigma_w, rel=0.01)


@pytest.mark.parametrize("init", ["scaled_identity", "orthogonal"])
def test_effective_sigma_w_is_none_where_it_does_not_apply(init):
    """Non-Gaussian inits have no mean-field sigma_w."""
    assert NetSpec(init=init).effective_sigma_w is None


@pytest.mark.parametrize("gain", [1.0, 1.5])
def test_orthogonal_rows_are_orthonormal_times_gain(gain):
    """orthogonal: W W^T = gain^2 I for a square layer; a tall 512 x 64 first
    layer has orthonormal columns: W^T W = gain^2 I."""
    square = _hidden_weight("orthogonal", gain, layer=1)
    torch.testing.assert_close(square @ square.T, gain**2 * torch.eye(WIDE, dtype=torch.float64), rtol=0, atol=1e-4 * gain**2)
    tall = _hidden_weight("orthogonal", gain, in_features=64, layer=0)
    torch.testing.assert_close(tall.T @ tall, gain**2 * torch.eye(64, dtype=torch.float64), rtol=0, atol=1e-4 * gain**2)


@pytest.mark.parametrize("w", [0.5, 1.0, 5.0])
def test_scaled_identity_is_exactly_w_times_identity(w):
    """scaled_identity: W = w I exactly (I is eye(fan_out, fan_in) for a
    non-square first layer) and the biases are exactly 0 when bias_std = 0."""
    net = build_mlp(NetSpec(depth=3, width=16, init="scaled_identity", weight_scale=w), in_features=4)
    first, *rest = net.hidden_linears()
    assert torch.equal(first.weight, w * torch.eye(16, 4))
    for linear in rest:
        assert torch.equal(linear.weight, w * torch.eye(16))
    for linear in net.hidden_linears():
        assert torch.equal(linear.bias, torch.zeros(16))


def test_bias_std_gives_gaussian_biases():
    """Biases ~ N(0, bias_std^2): 20 layers x 512 biases give the variance to ~3%."""
    net = build_mlp(NetSpec(depth=20, width=WIDE, bias_std=0.3))
    biases = torch.cat([linear.bias.detach().double() for linear in net.hidden_linears()])
    assert float(biases.var()) == pytest.approx(0.09, rel=0.1)
    assert abs(float(biases.mean())) < 0.3 * 5 / math.sqrt(biases.numel())


def test_pytorch_default_linear_variance():
    """nn.Linear's own init is U(+-1/sqrt(fan_in)): Var = 1 / (3 fan_in)
    (theory.pytorch_default_variance), a third of LeCun's 1 / fan_in."""
    with torch.random.fork_rng():
        torch.manual_seed(0)
        w = torch.nn.Linear(WIDE, WIDE).weight.detach().double()
    assert float(w.var()) == pytest.approx(theory.pytorch_default_variance(WIDE), rel=0.02)


@pytest.mark.parametrize("scale", [1.0, 0.5])
def test_standard_uniform_is_glorots_standard_init(scale):
    """standard_uniform: W ~ U(-a, a), a = scale / sqrt(fan_in) (Glorot &
    Bengio 2010, eq. 1; nn.Linear's default at scale 1): every weight
    within a, Var W = a^2 / 3 = scale^2 / (3 fan_in), and the mean-field
    sigma_w is scale / sqrt(3)."""
    spec = NetSpec(depth=2, width=WIDE, init="standard_uniform", weight_scale=scale)
    w = build_mlp(spec).hidden_linears()[1].weight.detach().double()
    bound = scale / math.sqrt(WIDE)
    assert float(w.abs().max()) <= bound
    assert float(w.abs().max()) > 0.99 * bound
    assert float(w.var()) == pytest.approx(scale**2 * theory.pytorch_default_variance(WIDE), rel=0.02)
    assert spec.effective_sigma_w == pytest.approx(scale / math.sqrt(3), rel=1e-12)


# --- forward pass closed forms ------------------------------------------------------

@pytest.mark.parametrize(("w", "alpha"), [(0.5, 1.0), (0.5, 0.5), (2.0, 0.25)])
def test_residual_linear_net_multiplies_by_one_plus_alpha_w_squared_per_block(w, alpha):
    """A pre-activation block h + alpha * V phi(W phi(h)) with W = V = w I
    and a linear phi multiplies by (1 + alpha w^2) per block (e.g. 4 blocks,
    w = 0.5, alpha = 1: 1.25^4 = 2.44140625); its plain counterpart (same
    blocks, no skip) by w^2 per block; the one-layer plain net by w per layer."""
    kw = dict(depth=4, width=16, activation="linear", init="scaled_identity", weight_scale=w)
    x = torch.randn(5, 16, generator=torch.Generator().manual_seed(0))
    residual = NetSpec(residual=True, residual_scale=alpha, **kw)
    assert residual.block == "preact"
    torch.testing.assert_close(build_mlp(residual)(x), (1 + alpha * w**2) ** 4 * x, rtol=1e-6, atol=0)
    torch.testing.assert_close(build_mlp(NetSpec(block="preact", **kw))(x), w**8 * x, rtol=1e-6, atol=0)
    torch.testing.assert_close(build_mlp(NetSpec(**kw))(x), w**4 * x, rtol=1e-6, atol=0)


def test_residual_net_and_its_plain_counterpart_share_every_weight():
    """Same seed, with and without skips: W, V and the readout are equal even
    when the first block needs a projection shortcut (drawn last)."""
    spec = NetSpec(depth=3, width=8, activation="relu", init="xavier_normal", residual=True, seed=4)
    residual, plain = build_mlp(spec, 2, 1), build_mlp(replace(spec, residual=False), 2, 1)
    assert residual.blocks[0].shortcut is not None and plain.blocks[0].shortcut is None
    shared = {name: p for name, p in residual.named_parameters() if "shortcut" not in name}
    assert shared.keys() == dict(plain.named_parameters()).keys()
    for name, parameter in plain.named_parameters():
        assert torch.equal(parameter, shared[name]), name


def test_layer_norm_normalises_each_example():
    """norm="layer" on a linear net: each output row has mean 0 and variance 1."""
    net = build_mlp(NetSpec(depth=3, width=64, activation="linear", norm="layer", weight_scale=3.0))
    y = net(torch.randn(8, 64, generator=torch.Generator().manual_seed(1))).detach()
    torch.testing.assert_close(y.mean(dim=1), torch.zeros(8), rtol=0, atol=1e-5)
    torch.testing.assert_close(y.var(dim=1, unbiased=False), torch.ones(8), rtol=0, atol=1e-3)


def test_readout_and_shapes():
    """build_mlp(spec, 2, 1) maps (n, 2) to (n, 1); without a readout to (n, width)."""
    spec = NetSpec(depth=3, width=8)
    x = torch.zeros(5, 2)
    assert build_mlp(spec, 2, 1)(x).shape == (5, 1)
    assert build_mlp(spec, 2)(x).shape == (5, 8)
    assert len(build_mlp(spec).hidden_linears()) == 3


# --- determinism ------------------------------------------------------------------

@pytest.mark.parametrize("init", INITS)
def test_same_spec_same_weights_and_global_rng_untouched(init):
    """The same spec gives bit-identical weights, another seed different ones
    (except for the deterministic scaled_identity), and build_mlp leaves
    the global torch RNG untouched."""
    spec = NetSpec(depth=3, width=16, init=init, bias_std=0.1, seed=7)
    state = torch.random.get_rng_state()
    a, b = build_mlp(spec), build_mlp(spec)
    assert torch.equal(state, torch.random.get_rng_state())
    for la, lb in zip(a.hidden_linears(), b.hidden_linears()):
        assert torch.equal(la.weight, lb.weight) and torch.equal(la.bias, lb.bias)
    other = build_mlp(NetSpec(depth=3, width=16, init=init, bias_std=0.1, seed=8))
    same_weights = torch.equal(a.hidden_linears()[1].weight, other.hidden_linears()[1].weight)
    assert same_weights == (init == "scaled_identity")


# --- NetSpec validation -----------------------------------------------------------

@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"depth": 0}, r"depth .*\[1, 100\]"),
        ({"depth": 101}, r"depth .*\[1, 100\]"),
        ({"depth": 10.0}, r"depth must be an integer in \[1, 100\]"),
        ({"depth": "10"}, r"depth must be an integer in \[1, 100\]"),
        ({"depth": True}, r"depth must be an integer in \[1, 100\]"),
        ({"width": 1}, r"width .*\[2, 512\]"),
        ({"width": 513}, r"width .*\[2, 512\]"),
        ({"width": 64.0}, r"width must be an integer in \[2, 512\]"),
        ({"activation": "swish"}, r"activation must be one of \['linear', 'sigmoid', 'tanh'.*'gelu'\], got 'swish'"),
        ({"init": "foo"}, r"init must be one of \['normal'.*'xavier_uniform'.*'orthogonal'\], got 'foo'"),
        ({"norm": "x"}, r"norm must be one of \['none', 'batch', 'layer'\], got 'x'"),
        ({"weight_scale": -1}, r"weight_scale must be a number in \[0\.0, 10\.0\], got -1"),
        ({"weight_scale": 10.5}, r"weight_scale must be a number in \[0\.0, 10\.0\]"),
        ({"weight_scale": float("nan")}, r"weight_scale must be a number in \[0\.0, 10\.0\], got nan"),
        ({"weight_scale": float("inf")}, r"weight_scale must be a number in \[0\.0, 10\.0\], got inf"),
        ({"bias_std": -0.1}, r"bias_std must be a number in \[0\.0, 5\.0\]"),
        ({"bias_std": 5.5}, r"bias_std must be a number in \[0\.0, 5\.0\]"),
        ({"bias_std": float("nan")}, r"bias_std must be a number in \[0\.0, 5\.0\]"),
        ({"residual_scale": 2.5}, r"residual_scale must be a number in \[0\.0, 2\.0\]"),
        ({"seed": -1}, r"seed must be an integer in \[0, 2147483647\]"),
        ({"seed": 2**31}, r"seed must be an integer in \[0, 2147483647\]"),
        ({"seed": 1.0}, r"seed must be an integer in \[0, 2147483647\]"),
    ],
)
def test_netspec_rejects_bad_values_naming_field_and_range(kwargs, message):
    """A bad value raises ValueError whose message names the field and the allowed range."""
    with pytest.raises(ValueError, match=message):
        NetSpec(**kwargs)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"depth": 1}, {"depth": 100}, {"width": 2}, {"width": 512},
        {"weight_scale": 0.0}, {"weight_scale": 10.0}, {"bias_std": 0.0}, {"bias_std": 5.0},
        {"residual_scale": 0.0}, {"residual_scale": 2.0}, {"seed": 0}, {"seed": 2**31 - 1},
    ],
)
def test_netspec_range_ends_are_allowed(kwargs):
    """The documented ranges are closed: both ends are valid values."""
    spec = NetSpec(**kwargs)
    (field, value), = kwargs.items()
    assert spec.to_dict()[field] == value


def test_netspec_rejects_string_weight_scale():
    """weight_scale="2" should be rejected like any other non-number."""
    with pytest.raises(ValueError, match="weight_scale"):
        NetSpec(weight_scale="2")


def test_nets_built_at_once_in_several_threads_get_their_seeds_weights():
    """Sessions (and the app's prefetcher) build nets in parallel threads,
    with no lock: each build draws from its own generator, so threads that
    build at the same time, and a thread that reseeds and draws from torch's
    process-wide generator meanwhile, change no build's weights (with
    PyTorch's default inits on the global generator and no lock, 107 of 140
    such builds got other weights)."""
    import threading

    from core import RecurrentSpec, build_recurrent

    mlp_specs = [NetSpec(depth=depth, width=128, activation="tanh", seed=depth) for depth in (10, 11, 12)]
    mlp_specs.append(NetSpec(depth=6, width=128, init="orthogonal", block="preact", residual=True, bias_std=0.1, seed=3))
    recurrent_specs = [RecurrentSpec(cell=cell, hidden=64, recurrent_init="orthogonal", seed=4) for cell in ("rnn", "lstm", "gru")]

    def build(spec) -> dict[str, torch.Tensor]:
        """Every parameter, with a readout (and, for the residual spec, a projection shortcut)."""
        model = build_mlp(spec, 2, 1) if isinstance(spec, NetSpec) else build_recurrent(spec)
        return {name: p.detach().clone() for name, p in model.named_parameters()}

    alone = {spec: build(spec) for spec in [*mlp_specs, *recurrent_specs]}
    wrong, stop = [], threading.Event()

    def build_repeatedly(spec) -> None:
        for _ in range(20):
            weights = build(spec)
            if weights.keys() != alone[spec].keys() or not all(torch.equal(weights[n], alone[spec][n]) for n in weights):
                wrong.append(spec)

    def use_the_global_generator() -> None:
        while not stop.is_set():
            torch.manual_seed(12345)
            torch.rand(10_000)

    state = torch.random.get_rng_state()
    builders = [threading.Thread(target=build_repeatedly, args=(spec,)) for spec in alone]
    disturber = threading.Thread(target=use_the_global_generator)
    disturber.start()
    for thread in builders:
        thread.start()
    for thread in builders:
        thread.join()
    stop.set()
    disturber.join()
    torch.random.set_rng_state(state)
    assert wrong == []


# --- bit-identical to the global-RNG construction ----------------------------------

def _global_rng_weights(spec: NetSpec, in_features: int | None, out_features: int | None) -> dict[str, torch.Tensor]:
    """The weights build_mlp gave when it seeded torch's process-wide generator
    (torch.manual_seed(spec.seed)) under a lock: the readout made by
    nn.Linear first, then W, b (and V, c) block by block as NetSpec.init
    says, then the projection shortcuts by nn.Linear's own init. Every figure
    of the app was computed with these weights. Named as in build_mlp's
    named_parameters()."""
    nn = torch.nn
    weights: dict[str, torch.Tensor] = {}
    state = torch.random.get_rng_state()
    torch.manual_seed(spec.seed)
    try:
        with torch.no_grad():
            width = spec.width
            fan_ins = [in_features or width] + [width] * (spec.depth - 1)
            if out_features:
                readout = nn.Linear(width, out_features)
                weights |= {"readout.weight": readout.weight, "readout.bias": readout.bias}
            for i, fan_in in enumerate(fan_ins):
                for name, shape in [("linear", (width, fan_in))] + ([("out", (width, width))] if spec.block == "preact" else []):
                    w, scale = torch.empty(shape), spec.weight_scale
                    if spec.init == "normal":
                        nn.init.normal_(w, 0.0, scale / math.sqrt(shape[1]))
                    elif spec.init == "standard_uniform":
                        nn.init.uniform_(w, -scale / math.sqrt(shape[1]), scale / math.sqrt(shape[1]))
                    elif spec.init == "scaled_identity":
                        w.copy_(scale * torch.eye(*shape))
                    elif spec.init == "xavier_normal":
                        nn.init.xavier_normal_(w, gain=scale)
                    elif spec.init == "xavier_uniform":
                        nn.init.xavier_uniform_(w, gain=scale)
                    elif spec.init == "he_normal":
                        nn.init.kaiming_normal_(w, nonlinearity="relu").mul_(scale)
                    else:
                        nn.init.orthogonal_(w, gain=scale)
                    b = nn.init.normal_(torch.empty(width), 0.0, spec.bias_std) if spec.bias_std > 0 else torch.zeros(width)
                    weights |= {f"blocks.{i}.{name}.weight": w, f"blocks.{i}.{name}.bias": b}
            for i, fan_in in enumerate(fan_ins):
                if spec.residual and fan_in != width:
                    weights[f"blocks.{i}.shortcut.weight"] = nn.Linear(fan_in, width, bias=False).weight
    finally:
        torch.random.set_rng_state(state)
    return weights


@pytest.mark.parametrize("init", INITS)
@pytest.mark.parametrize("block", [{"block": "layer"}, {"block": "preact"}, {"residual": True, "residual_scale": 0.5}])
def test_weights_are_bit_identical_to_the_global_rng_construction(init, block):
    """build_mlp's per-net generator reproduces, bit for bit, the weights of
    the old construction on the seeded global generator, for every init and
    block kind, with and without biases, readout and a first layer of
    another width (a projection shortcut), at several depths, widths, seeds
    and norms; and it leaves the global generator as it was."""
    cases = [
        (dict(depth=3, width=8, seed=0), None, None),
        (dict(depth=4, width=16, bias_std=0.3, norm="batch", seed=7), 2, 1),
        (dict(depth=5, width=33, activation="relu", norm="layer", seed=2**31 - 1), 5, 3),
        (dict(depth=2, width=WIDE, bias_std=0.1, seed=123), None, 4),
    ]
    for fields, in_features, out_features in cases:
        spec = NetSpec(init=init, weight_scale=1.3, **block, **fields)
        expected = _global_rng_weights(spec, in_features, out_features)
        state = torch.random.get_rng_state()
        built = dict(build_mlp(spec, in_features, out_features).named_parameters())
        assert torch.equal(state, torch.random.get_rng_state())
        linears = {name: p for name, p in built.items() if "norm" not in name}  # N's weights are ones and zeros
        assert linears.keys() == expected.keys(), spec
        for name, weight in expected.items():
            assert torch.equal(linears[name].detach(), weight), (spec, name)


# --- orthogonal factors kept between builds (core.nets.ORTHOGONAL_FACTORS) ---------------

def _orthogonal_reference(spec: NetSpec) -> tuple[list[torch.Tensor], torch.Tensor]:
    """Every W of `spec` drawn by nn.init.orthogonal_ itself from the net's
    generator (biases zero: nothing else is drawn), and the generator's
    state after the last draw."""
    generator = torch.Generator().manual_seed(spec.seed)
    weights = []
    for _ in range(spec.depth):
        weight = torch.empty(spec.width, spec.width)
        torch.nn.init.orthogonal_(weight, gain=spec.weight_scale, generator=generator)
        weights.append(weight)
    return weights, generator.get_state()


def test_a_rebuild_from_kept_orthogonal_factors_is_bit_identical_and_advances_the_generator_alike():
    """A first build computes the QRs, a second computes and keeps them
    (ORTHOGONAL_FACTORS.admit_after = 2); rebuilds at another gain and at a
    smaller depth (a prefix of the same draws) read them: every
    W equal, bit for bit, to nn.init.orthogonal_'s, and the generator left
    exactly where orthogonal_ leaves it (a draw after the factors, here a
    bias, is the same too)."""
    from core import nets

    spec = NetSpec(depth=6, width=48, init="orthogonal", weight_scale=1.3, seed=2024)
    before = len(nets.ORTHOGONAL_FACTORS)
    for rebuilt in (spec, spec, replace(spec, weight_scale=0.45), replace(spec, depth=3, weight_scale=2.0)):
        expected, expected_state = _orthogonal_reference(rebuilt)
        generator = torch.Generator().manual_seed(rebuilt.seed)
        for want in expected:
            weight = torch.empty(rebuilt.width, rebuilt.width)
            nets.init_weight_(weight, "orthogonal", rebuilt.weight_scale, generator)
            assert torch.equal(weight, want), rebuilt
        assert torch.equal(generator.get_state(), expected_state), rebuilt
        net = build_mlp(rebuilt)
        assert all(torch.equal(linear.weight.detach(), want) for linear, want in zip(net.hidden_linears(), expected, strict=True))
    assert len(nets.ORTHOGONAL_FACTORS) - before <= spec.depth, "one factor per layer: the rebuilds added none"


def test_kept_orthogonal_factors_are_keyed_by_dtype_and_shape():
    """The isometry study draws float64 weights and a net's first layer can be
    rectangular: the same generator state gives each its own factor."""
    from core import nets

    for shape, dtype in (((16, 16), torch.float32), ((16, 16), torch.float64), ((16, 5), torch.float32), ((5, 16), torch.float64)):
        for _ in range(2):  # a miss, then a hit
            weight, want = torch.empty(shape, dtype=dtype), torch.empty(shape, dtype=dtype)
            nets.init_weight_(weight, "orthogonal", 0.9, torch.Generator().manual_seed(5))
            torch.nn.init.orthogonal_(want, gain=0.9, generator=torch.Generator().manual_seed(5))
            assert torch.equal(weight, want), (shape, dtype)


def test_orthogonal_factors_stay_within_their_bytes_evicting_the_least_recently_used():
    from core.nets import OrthogonalFactors

    one = 8 * 8 * 4 + 2 * 5056  # an 8 x 8 float32 factor and its two generator states
    factors = OrthogonalFactors(max_bytes=3 * one)
    seeds = (1, 2, 3, 1, 4)  # 1 is read again before 4 arrives: 2 is the least recently used
    for seed in seeds:
        factors.orthogonal_(torch.empty(8, 8), 1.0, torch.Generator().manual_seed(seed))
        assert factors.bytes <= factors.max_bytes
    assert (len(factors), factors.bytes) == (3, 3 * one)
    kept = {torch.Generator().manual_seed(seed).get_state().numpy().tobytes() for seed in (1, 3, 4)}
    assert {key[0] for key in factors._entries} == kept
    too_small = OrthogonalFactors(max_bytes=one - 1)
    too_small.orthogonal_(torch.empty(8, 8), 1.0, torch.Generator().manual_seed(1))
    assert (len(too_small), too_small.bytes) == (0, 0), "a factor larger than the whole budget is not kept"


def test_a_build_blocked_in_a_qr_does_not_stop_another_build(monkeypatch):
    """No lock is held across a build: while one thread's build is stopped
    inside its first orthogonal factorisation (a cache miss), another thread
    builds a net with orthogonal weights, kept factors and a miss of its
    own, to the end."""
    import threading

    inside, other_done = threading.Event(), threading.Event()
    real_orthogonal = torch.nn.init.orthogonal_
    blocked = NetSpec(depth=3, width=24, init="orthogonal", seed=31337)
    other = NetSpec(depth=4, width=40, init="orthogonal", seed=31338)
    order = []

    def orthogonal_(weight, gain=1.0, generator=None):
        if threading.current_thread().name == "blocked-build" and not inside.is_set():
            inside.set()
            order.append(("blocked build waits", other_done.wait(timeout=60)))
        return real_orthogonal(weight, gain=gain, generator=generator)

    def build_blocked() -> None:
        build_mlp(blocked)
        order.append("blocked build done")

    monkeypatch.setattr(torch.nn.init, "orthogonal_", orthogonal_)
    thread = threading.Thread(target=build_blocked, name="blocked-build")
    thread.start()
    assert inside.wait(timeout=60)
    build_mlp(other)
    order.append("other build done")
    other_done.set()
    thread.join(timeout=60)
    assert order == ["other build done", ("blocked build waits", True), "blocked build done"]


def test_with_admit_after_2_a_factor_is_kept_on_its_second_draw_and_read_from_the_third(monkeypatch):
    """core.nets.ORTHOGONAL_FACTORS' admission rule: a stream of nets built
    once each (links with new seeds) keeps no factor, only a digest per draw,
    at most max_seen of them; a net built again keeps its factors on the
    second build (a QR each, as the first) and reads them from the third
    (no QR), every W bit-identical to nn.init.orthogonal_'s."""
    from core import nets
    from core.nets import OrthogonalFactors

    assert nets.ORTHOGONAL_FACTORS.admit_after == 2
    qrs = []
    real_orthogonal = torch.nn.init.orthogonal_

    def orthogonal_(weight, gain=1.0, generator=None):
        qrs.append(tuple(weight.shape))
        return real_orthogonal(weight, gain=gain, generator=generator)

    monkeypatch.setattr(torch.nn.init, "orthogonal_", orthogonal_)
    factors = OrthogonalFactors(max_bytes=1 << 30, admit_after=2, max_seen=8)
    monkeypatch.setattr(nets, "ORTHOGONAL_FACTORS", factors)

    for seed in range(5):  # five new nets of 3 layers, each built once: 15 QRs, nothing kept
        build_mlp(NetSpec(depth=3, width=16, init="orthogonal", seed=seed))
    assert (len(qrs), len(factors), factors.bytes) == (15, 0, 0)
    assert len(factors._seen) == 8, "only the last 8 draws' digests are remembered"

    spec = NetSpec(depth=3, width=16, init="orthogonal", weight_scale=1.1, seed=4)  # the last net, its 3 digests still remembered
    for build, (new_qrs, kept) in enumerate([(3, 3), (0, 3), (0, 3)], start=2):  # its 2nd build keeps, the 3rd and 4th read
        qrs.clear()
        rebuilt = replace(spec, weight_scale=spec.weight_scale + 0.1 * build)  # a slider moved: another gain
        net = build_mlp(rebuilt)
        assert (len(qrs), len(factors)) == (new_qrs, kept), build
        reference, _ = _orthogonal_reference(rebuilt)
        assert all(torch.equal(linear.weight.detach(), w) for linear, w in zip(net.hidden_linears(), reference, strict=True)), build

    qrs.clear()
    build_mlp(NetSpec(depth=3, width=16, init="orthogonal", seed=0))  # built once long ago: its digests were forgotten
    assert (len(qrs), len(factors)) == (3, 3), "a second build after its digests were forgotten counts as a first"


def test_factors_unused_for_a_while_are_dropped_and_their_bytes_returned():
    """ui.compute's idle trim: a class's links with new seeds must not hold the table full for good."""
    from core.nets import OrthogonalFactors

    clock = [0.0]
    factors = OrthogonalFactors(max_bytes=1 << 30, clock=lambda: clock[0])
    generator = torch.Generator().manual_seed(0)
    for _ in range(3):  # three factors drawn at t = 0
        factors.orthogonal_(torch.empty(8, 8), 1.0, generator)
    assert len(factors) == 3 and factors.bytes > 0
    clock[0] = 15.0
    assert factors.expire(20.0) == 0, "unused for 15 s: kept"
    factors.orthogonal_(torch.empty(8, 8), 1.0, torch.Generator().manual_seed(0))  # the first factor again, at t = 15
    clock[0] = 30.0
    assert factors.expire(20.0) == 2 and len(factors) == 1, "the two unused for 30 s go, the one used at 15 s stays"
    clock[0] = 40.0
    assert factors.expire(20.0) == 1 and len(factors) == 0 and factors.bytes == 0
