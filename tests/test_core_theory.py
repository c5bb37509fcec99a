"""core.theory: mean-field closed forms, published values, and repeated matrices."""

import math

import numpy as np
import pytest

import torch

from core import NetSpec, build_mlp, probe_gradients, theory

SIGMA_B = math.sqrt(0.05)  # sigma_b^2 = 0.05, the setting of Schoenholz et al. 2017
EULER_GAMMA = 0.5772156649015329


# --- Gaussian expectations and the variance map ---------------------------------------

@pytest.mark.parametrize("q", [0.1, 1.0, 7.5])
def test_gaussian_expectation_moments(q):
    """E[(sqrt(q) z)^2] = q and E[(sqrt(q) z)^4] = 3 q^2 for z ~ N(0, 1)."""
    assert theory.gaussian_expectation(lambda z: z**2, q) == pytest.approx(q, rel=1e-12)
    assert theory.gaussian_expectation(lambda z: z**4, q) == pytest.approx(3 * q**2, rel=1e-12)


@pytest.mark.parametrize(("sigma_w", "sigma_b"), [(1.0, 0.0), (1.3, 0.2), (0.8, 0.5)])
def test_variance_profile_linear_and_relu_closed_forms(sigma_w, sigma_b):
    """Linear: q_{l+1} = sigma_w^2 q_l + sigma_b^2; ReLU: E[relu(sqrt q z)^2] = q/2,
    so q_{l+1} = sigma_w^2 q_l / 2 + sigma_b^2; both from q_1 = sigma_w^2 + sigma_b^2."""
    depth = 8
    linear, relu = [sigma_w**2 + sigma_b**2], [sigma_w**2 + sigma_b**2]
    for _ in range(depth - 1):
        linear.append(sigma_w**2 * linear[-1] + sigma_b**2)
        relu.append(sigma_w**2 * relu[-1] / 2 + sigma_b**2)
    np.testing.assert_allclose(theory.variance_profile("linear", sigma_w, sigma_b, depth), linear, rtol=1e-12)
    np.testing.assert_allclose(theory.variance_profile("relu", sigma_w, sigma_b, depth), relu, rtol=1e-12)


@pytest.mark.parametrize("sigma_w2", [1.0, 1.5, 2.0, 4.0])
def test_fixed_point_solves_the_variance_map(sigma_w2):
    """q* = sigma_w^2 E[tanh(sqrt(q*) z)^2] + sigma_b^2."""
    sigma_w = math.sqrt(sigma_w2)
    q_star = theory.fixed_point_q("tanh", sigma_w, SIGMA_B)
    assert 0 < q_star < math.inf
    assert theory.variance_map("tanh", q_star, sigma_w, SIGMA_B) == pytest.approx(q_star, rel=1e-10)


# --- chi_1: published values and exact cases --------------------------------------

@pytest.mark.parametrize(
    ("sigma_w2", "published"),
    [(1.0, 0.759), (1.5, 0.939), (2.0, 1.048), (4.0, 1.342)],
)
def test_chi1_tanh_published_values(sigma_w2, published):
    """tanh, sigma_b^2 = 0.05: chi_1 = 0.759, 0.939, 1.048, 1.342 at
    sigma_w^2 = 1, 1.5, 2, 4 (to 3 decimals)."""
    assert round(theory.chi1("tanh", math.sqrt(sigma_w2), SIGMA_B), 3) == published


@pytest.mark.parametrize("sigma_w", [0.5, 1.0, math.sqrt(2.0), 2.0])
@pytest.mark.parametrize("sigma_b", [0.0, 0.3])
def test_chi1_relu_and_linear_exact(sigma_w, sigma_b):
    """ReLU: chi_1 = sigma_w^2 / 2 exactly (relu' = 1 on half the line);
    linear: chi_1 = sigma_w^2 (phi' = 1), both independent of q*."""
    assert theory.chi1("relu", sigma_w, sigma_b) == pytest.approx(sigma_w**2 / 2, abs=1e-12)
    assert theory.chi1("linear", sigma_w, sigma_b) == pytest.approx(sigma_w**2, abs=1e-12)


def test_chi1_small_weights_tanh_is_sigma_w_squared():
    """tanh, sigma_b = 0, sigma_w < 1: q* = 0 and tanh'(0) = 1, so chi_1 = sigma_w^2."""
    assert theory.chi1("tanh", 0.5, 0.0) == pytest.approx(0.25, abs=1e-9)


def test_chi1_tanh_critical_point_is_one():
    """tanh, sigma_w = 1, sigma_b = 0 is the edge of chaos: q* = 0, chi_1 = 1 exactly."""
    assert theory.chi1("tanh", 1.0, 0.0) == pytest.approx(1.0, abs=1e-4)


def _fine_expectation(fn, q, points=400_001):
    """E[fn(sqrt(q) z)], z ~ N(0, 1), by a trapezoid on [-12, 12] with 400,001
    points in numpy: an independent reference for the quadratures."""
    z = np.linspace(-12.0, 12.0, points)
    density = np.exp(-0.5 * z * z) / math.sqrt(2.0 * math.pi)
    return float(np.trapezoid(fn(math.sqrt(q) * z) * density, z))


def _tanh_prime(u):
    return 1.0 - np.tanh(u) ** 2


@pytest.mark.parametrize("q", [0.5, 3.0, 12.5, 27.0, 200.0])
def test_expectations_resolve_a_peaked_derivative(q):
    """E[tanh'(sqrt(q) z)^2]: at large q the integrand is a bump of width
    1/sqrt(q) that 200 Hermite nodes missed (6% low at q = 27, tanh at
    sigma_w = 4 sqrt 2); every q agrees with a fine trapezoid to 1e-9."""
    reference = _fine_expectation(lambda u: _tanh_prime(u) ** 2, q)
    assert theory.derivative_second_moment("tanh", q) == pytest.approx(reference, rel=1e-9)


@pytest.mark.parametrize("q", [0.7, 9.0])
@pytest.mark.parametrize("c", [-0.4, 0.0, 0.5, 0.95])
def test_pair_expectation_closed_forms(q, c):
    """E[u_1 u_2] = q c; c = 0 factorises, E[phi(u_1) phi(u_2)] =
    E[phi(u)]^2; ReLU has the arc-cosine kernel (Cho & Saul 2009):
    E[relu(u_1) relu(u_2)] = q (sqrt(1 - c^2) + (pi - arccos c) c) / (2 pi),
    E[relu'(u_1) relu'(u_2)] = (pi - arccos c) / (2 pi), to 1e-2 (a kink
    on a grid) and 1e-3."""
    assert theory.gaussian_pair_expectation(lambda u: u, q, c) == pytest.approx(q * c, abs=1e-12 * q)
    sigmoid = lambda u: 1 / (1 + torch.exp(-u))  # noqa: E731
    if c == 0.0:
        assert theory.gaussian_pair_expectation(sigmoid, q, c) == pytest.approx(theory.gaussian_expectation(sigmoid, q) ** 2, rel=1e-12)
    arc = (math.sqrt(1 - c * c) + (math.pi - math.acos(c)) * c) / (2 * math.pi)
    assert theory.gaussian_pair_expectation(torch.relu, q, c) == pytest.approx(q * arc, abs=1e-3 * q)
    step = lambda u: (u > 0).double()  # noqa: E731
    assert theory.gaussian_pair_expectation(step, q, c) == pytest.approx((math.pi - math.acos(c)) / (2 * math.pi), abs=1e-2)


def test_correlation_map_keeps_one_and_its_slope_there_is_chi1():
    """c = 1 is a fixed point of the correlation map, and its slope there is
    chi_1 (tanh, sigma_b^2 = 0.05, sigma_w^2 = 1.5 and 4)."""
    for sigma_w2 in (1.5, 4.0):
        sigma_w = math.sqrt(sigma_w2)
        assert theory.correlation_map("tanh", 1.0, sigma_w, SIGMA_B) == pytest.approx(1.0, abs=1e-10)
        assert theory.correlation_slope("tanh", 1.0, sigma_w, SIGMA_B) == pytest.approx(theory.chi1("tanh", sigma_w, SIGMA_B), rel=1e-9)


def test_depth_scale_in_the_ordered_phase_is_the_gradient_depth():
    """Ordered phase (tanh, sigma_b^2 = 0.05, sigma_w^2 = 1: chi_1 = 0.759):
    c* = 1, chi_c = chi_1, xi = -1/ln chi_1, trainable depth 6 xi."""
    scale = theory.depth_scale("tanh", 1.0, SIGMA_B)
    assert (scale.phase, scale.basis, scale.c_star) == ("ordered", "correlation", 1.0)
    assert scale.chi_c == scale.chi_1 == theory.chi1("tanh", 1.0, SIGMA_B)
    assert scale.xi == pytest.approx(-1 / math.log(scale.chi_1), rel=1e-12)
    assert scale.trainable_depth == pytest.approx(theory.TRAINABLE_DEPTH_FACTOR * scale.xi, rel=1e-12)


@pytest.mark.parametrize("sigma_w", [1.5, 2.0, 4.0])
def test_depth_scale_of_chaotic_tanh_without_bias(sigma_w):
    """tanh, sigma_b = 0, sigma_w > 1: the map is odd, c* = 0 attracts, and
    chi_c = sigma_w^2 E[tanh'(sqrt(q*) z)]^2 (checked on a fine grid), below
    1 while chi_1 > 1. At sigma_w = 1.5: chi_1 = 1.139 (the gradient
    explodes), chi_c = 0.943, so about 102 trainable layers where the
    ordered phase's 6/|ln chi_1| would say 46."""
    scale = theory.depth_scale("tanh", sigma_w, 0.0)
    q_star = theory.fixed_point_q("tanh", sigma_w, 0.0)
    assert scale.phase == "chaotic" and scale.chi_1 > 1
    assert scale.c_star == 0.0
    assert scale.chi_c == pytest.approx(sigma_w**2 * _fine_expectation(_tanh_prime, q_star) ** 2, rel=1e-8)
    assert scale.chi_c < 1
    assert scale.trainable_depth == pytest.approx(-6 / math.log(scale.chi_c), rel=1e-12)
    if sigma_w == 1.5:
        assert (round(scale.chi_1, 3), round(scale.chi_c, 3)) == (1.139, 0.943)
        assert (round(scale.trainable_depth), round(6 / math.log(scale.chi_1))) == (102, 46)


def test_correlation_fixed_point_with_bias():
    """tanh, sigma_b^2 = 0.05, sigma_w^2 = 4 (chaotic): c* in (0, 1) solves
    the map, and chi_c is the map's slope there (a central difference):
    below 1 while chi_1 = 1.342 is above."""
    sigma_w = 2.0
    scale = theory.depth_scale("tanh", sigma_w, SIGMA_B)
    c = scale.c_star
    assert 0 < c < 1
    assert theory.correlation_map("tanh", c, sigma_w, SIGMA_B) == pytest.approx(c, abs=1e-10)
    h = 1e-5
    difference = (theory.correlation_map("tanh", c + h, sigma_w, SIGMA_B) - theory.correlation_map("tanh", c - h, sigma_w, SIGMA_B)) / (2 * h)
    assert scale.chi_c == pytest.approx(difference, rel=1e-6)
    assert scale.chi_c < 1 < scale.chi_1


def test_trainable_depth_peaks_at_the_order_to_chaos_transition():
    """tanh, sigma_b^2 = 0.05: the trainable depth grows toward the critical
    sigma_w^2 ~ 1.76 from both sides (Schoenholz et al. 2017, Fig. 5)."""
    ordered = [theory.depth_scale("tanh", math.sqrt(s), SIGMA_B).trainable_depth for s in (1.2, 1.5, 1.7)]
    chaotic = [theory.depth_scale("tanh", math.sqrt(s), SIGMA_B).trainable_depth for s in (1.85, 2.2, 3.0)]
    assert ordered == sorted(ordered) and chaotic == sorted(chaotic, reverse=True)
    assert min(ordered[-1], chaotic[0]) > 100 > max(ordered[0], chaotic[-1])


@pytest.mark.parametrize(("activation", "sigma_w"), [("relu", math.sqrt(2.0)), ("tanh", 1.0), ("linear", 1.0)])
def test_chi1_of_one_is_critical_within_rounding(activation, sigma_w):
    """He init for ReLU gives chi_1 = 1.0000000000000002 in floating point:
    still the critical point, with no finite depth scale."""
    scale = theory.depth_scale(activation, sigma_w, 0.0)
    assert scale.phase == "critical"
    assert scale.xi == scale.trainable_depth == math.inf


@pytest.mark.parametrize(("activation", "sigma_w", "chi"), [("relu", 1.0, 0.5), ("relu", 2.0, 2.0), ("linear", 1.2, 1.44), ("tanh", 0.5, 0.25)])
def test_depth_scale_without_a_variance_fixed_point_is_the_gradients(activation, sigma_w, chi):
    """No finite, nonzero q* (the variance shrinks to 0 or grows without
    bound): xi = 1/|ln chi_1|, and c*, chi_c are not defined."""
    scale = theory.depth_scale(activation, sigma_w, 0.0)
    assert scale.basis == "gradient"
    assert scale.phase == ("ordered" if chi < 1 else "chaotic")
    assert scale.chi_1 == pytest.approx(chi, rel=1e-9)
    assert scale.xi == pytest.approx(1 / abs(math.log(chi)), rel=1e-9)
    assert math.isnan(scale.c_star) and math.isnan(scale.chi_c)


def test_correlation_map_matches_a_wide_tanh_net():
    """Two inputs with correlation 0.5 through a width-512 tanh net at
    sigma_w = 1.5, sigma_b = 0 (inputs scaled so that q_1 = q*): the
    iterated correlation map follows the measured pre-activation
    correlation (mean over 64 pairs) within 0.05 at each of 30 layers, down
    toward c* = 0."""
    sigma_w, width, pairs, depth = 1.5, 512, 64, 30
    q_star = theory.fixed_point_q("tanh", sigma_w, 0.0)
    net = build_mlp(NetSpec(depth=depth, width=width, activation="tanh", weight_scale=sigma_w))
    generator = torch.Generator().manual_seed(1)
    a, noise = torch.randn(pairs, width, generator=generator), torch.randn(pairs, width, generator=generator)
    h = torch.cat([a, 0.5 * a + math.sqrt(0.75) * noise]) * math.sqrt(q_star) / sigma_w  # (2 pairs, width)
    measured = []
    with torch.no_grad():
        for block in net.blocks:
            h = block(h)
            za, zb = block.z[:pairs], block.z[pairs:]
            measured.append(float(((za * zb).sum(1) / (za.norm(dim=1) * zb.norm(dim=1))).mean()))
    predicted = [measured[0]]
    for _ in range(depth - 1):
        predicted.append(theory.correlation_map("tanh", predicted[-1], sigma_w, 0.0))
    np.testing.assert_allclose(measured, predicted, atol=0.05)
    assert measured[-1] < 0.2


# --- chi_1 and the gradient profile, measured on wide tanh nets ---------------------

@pytest.mark.parametrize(("sigma_w2", "phase"), [(1.0, "ordered"), (4.0, "chaotic")])
def test_measured_chi1_on_wide_tanh_net(sigma_w2, phase):
    """Width 512 tanh net, W ~ N(0, sigma_w^2 / N), b ~ N(0, 0.05): the geometric
    mean of grad_norm_l^2 / grad_norm_{l+1}^2 over layers 6..depth-3 is chi_1
    (0.759 ordered, 1.342 chaotic) within 10%."""
    depth, sigma_w = 30, math.sqrt(sigma_w2)
    df = probe_gradients(NetSpec(depth=depth, width=512, activation="tanh", init="normal", weight_scale=sigma_w, bias_std=SIGMA_B))
    g = df.set_index("layer")["grad_norm"]
    layers = range(6, depth - 2)  # l = 6 .. depth-3, each compared with l + 1
    measured = math.exp(np.mean([2 * math.log(g[l] / g[l + 1]) for l in layers]))
    chi = theory.chi1("tanh", sigma_w, SIGMA_B)
    assert (chi < 1) == (phase == "ordered")
    assert measured == pytest.approx(chi, rel=0.10)


@pytest.mark.parametrize("sigma_w2", [1.0, 1.5, 4.0])
def test_mean_field_grad_profile_on_wide_tanh_net(sigma_w2):
    """theory.mean_field_grad_profile (RMS dL/dz_l relative to the last layer,
    with the layer-by-layer q_l) matches the measured grad_norm profile of a
    width-512 tanh net within 15% at every layer (geometric mean of 4 seeds;
    the profile itself spans a factor 13 (ordered) to 7.5 (chaotic))."""
    depth, sigma_w = 16, math.sqrt(sigma_w2)
    logs = []
    for seed in range(4):
        spec = NetSpec(depth=depth, width=512, activation="tanh", weight_scale=sigma_w, bias_std=SIGMA_B, seed=seed)
        g = probe_gradients(spec)["grad_norm"].to_numpy()
        logs.append(np.log(g / g[-1]))
    measured = np.exp(np.mean(logs, axis=0))
    predicted = theory.mean_field_grad_profile("tanh", sigma_w, SIGMA_B, depth)
    assert predicted[-1] == 1.0
    np.testing.assert_allclose(measured, predicted, rtol=0.15)


# --- chains and inits: the small closed forms ---------------------------------------

def test_small_closed_forms():
    """0.25^10 ~ 9.54e-7, 5^10 = 9,765,625, Glorot 2/(n_in+n_out), He 2/n, PyTorch 1/(3n)."""
    assert theory.sigmoid_chain_bound(10) == 0.25**10
    assert theory.sigmoid_chain_bound(10) == pytest.approx(9.5367e-7, rel=1e-4)
    assert theory.sigmoid_chain_bound(3, weight_norm=2.0) == pytest.approx(0.125, rel=1e-15)
    assert theory.scaled_identity_gain(5, 10) == 9765625.0
    assert theory.xavier_variance(100, 300, gain=2.0) == pytest.approx(4 * 2 / 400, rel=1e-15)
    assert theory.he_variance(50) == pytest.approx(0.04, rel=1e-15)
    assert theory.pytorch_default_variance(100) == pytest.approx(1 / 300, rel=1e-15)


# --- one matrix applied again and again -------------------------------------------

A = [[2.0, 3.0], [4.0, 5.0]]


def test_eigenvalues_of_2345():
    """[[2, 3], [4, 5]]: lambda = (7 +- sqrt 57) / 2, largest modulus first
    (sum = trace = 7, product = det = -2)."""
    values = theory.eigenvalues(A)
    np.testing.assert_allclose(values, [(7 + math.sqrt(57)) / 2, (7 - math.sqrt(57)) / 2], rtol=1e-12)
    assert values.sum() == pytest.approx(7.0, rel=1e-12)
    assert values.prod() == pytest.approx(-2.0, rel=1e-12)


def test_singular_values_of_2345():
    """sigma^2 are the eigenvalues of A^T A = [[20, 26], [26, 34]]: 27 +- sqrt(725),
    i.e. 7.343 and 0.272, whose product is |det A| = 2."""
    values = theory.singular_values(A)
    np.testing.assert_allclose(values, [math.sqrt(27 + math.sqrt(725)), math.sqrt(27 - math.sqrt(725))], rtol=1e-12)
    assert [round(v, 3) for v in values] == [7.343, 0.272]
    assert values.prod() == pytest.approx(2.0, rel=1e-12)
    assert values[0] >= abs(theory.eigenvalues(A)[0])


def test_power_norms_grow_like_spectral_radius_and_below_sigma_max():
    """||A^k x|| / ||A^(k-1) x|| -> |lambda_max| = 7.27 (not sigma_max = 7.34), and
    ||A^k x|| <= sigma_max^k ||x|| at every k."""
    x = np.array([1.0, 0.0])
    steps = 40
    norms = theory.power_norms(A, x, steps)
    lam, sigma = abs(theory.eigenvalues(A)[0]), theory.singular_values(A)[0]
    assert len(norms) == steps + 1 and norms[0] == 1.0
    assert norms[-1] / norms[-2] == pytest.approx(lam, rel=1e-12)
    bound = sigma ** np.arange(steps + 1) * np.linalg.norm(x)
    assert np.all(norms <= bound * (1 + 1e-12))
    assert norms[-1] < 0.5 * bound[-1]  # sigma_max^k really is a loose bound


def test_power_norms_along_small_eigenvector_decay():
    """Along the eigenvector of lambda_min = (7 - sqrt 57)/2 = -0.275, ||A^k v|| = 0.275^k
    (for the first steps, before rounding leaks into the growing direction)."""
    values, vectors = np.linalg.eig(np.array(A))
    v = vectors[:, np.argmin(np.abs(values))]
    norms = theory.power_norms(A, v, 6)
    np.testing.assert_allclose(norms, abs((7 - math.sqrt(57)) / 2) ** np.arange(7), rtol=1e-6)


def test_lyapunov_gaussian_closed_form():
    """Newman 1986: top Lyapunov exponent of n x n N(0,1) products is
    (ln 2 + digamma(n/2)) / 2: n = 4 -> (ln 2 + 1 - gamma)/2 = 0.558;
    n = 1 -> E ln|z| = -(gamma + ln 2)/2; n = 2 -> (ln 2 - gamma)/2."""
    assert theory.lyapunov_gaussian(4) == pytest.approx((math.log(2) + 1 - EULER_GAMMA) / 2, rel=1e-12)
    assert round(theory.lyapunov_gaussian(4), 3) == 0.558
    assert theory.lyapunov_gaussian(1) == pytest.approx(-(EULER_GAMMA + math.log(2)) / 2, rel=1e-12)
    assert theory.lyapunov_gaussian(2) == pytest.approx((math.log(2) - EULER_GAMMA) / 2, rel=1e-12)


def test_lyapunov_gaussian_matches_random_products():
    """A product of 20,000 random 4 x 4 N(0,1) matrices grows like
    exp(0.558 k) (seeded; renormalised each step; tolerance 0.03)."""
    rng = np.random.default_rng(0)
    steps = 20_000
    mats = rng.standard_normal((steps, 4, 4))
    v = np.ones(4) / 2.0
    log_growth = 0.0
    for m in mats:
        v = m @ v
        n = np.linalg.norm(v)
        log_growth += math.log(n)
        v /= n
    assert log_growth / steps == pytest.approx(theory.lyapunov_gaussian(4), abs=0.03)
