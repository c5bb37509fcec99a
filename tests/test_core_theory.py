"""core.theory: mean-field closed forms, published values, and repeated matrices."""

import math

import numpy as np
import pytest

from core import NetSpec, probe_gradients, theory

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


def test_trainable_depth():
    """6 / |ln chi_1|: chi_1 = e^-1 -> 6, chi_1 = e^0.5 -> 12, chi_1 = 1 -> inf."""
    assert theory.trainable_depth(math.exp(-1.0)) == pytest.approx(6.0, rel=1e-12)
    assert theory.trainable_depth(math.exp(0.5)) == pytest.approx(12.0, rel=1e-12)
    assert theory.trainable_depth(1.0) == math.inf


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
