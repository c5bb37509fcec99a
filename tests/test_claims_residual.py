"""Every relation the Residual blocks page states, computed at the settings
the sentence names (core.claims.residual; ui/lang residual.*,
preset.residual.*, predict.residual.*)."""

from __future__ import annotations

import math

import pytest

from core import NORMS, compare_probe, degradation_runs, first_to_last, probe_gradients, theory
from core.claims import residual as claims
from core.residual import GRADIENT, pair
from ui.i18n import LANGUAGES
from ui.presets import PRESETS

SMALLEST_FLOAT32 = 1.401298464324817e-45  # the smallest subnormal: anything below is exactly 0


@pytest.fixture(scope="module")
def notice():
    return claims.notice()


def test_sigmoid_plain_net_underflows_and_skips_keep_block_one_within_the_band(notice):
    """residual.notice, first bullet: measured exactly 0 (the law says
    3.6e-62, below float32's smallest subnormal: an underflow); with skips
    0.964, within 10x."""
    assert notice["sigmoid_plain"] == 0.0
    assert notice["sigmoid_law"] < SMALLEST_FLOAT32
    assert claims.within_band(notice["sigmoid_residual"])


def test_relu_alpha_one_grows_and_scaled_alpha_is_within_the_band(notice):
    """residual.notice, second bullet: plain 1.4e-16 (vanishes), residual
    118x (grows; the law's 237 lies within the scatter of 10 nets,
    118-259), alpha = 1/sqrt(50): 1.08, law 1.13, within 10x."""
    assert notice["relu_plain"] < 1e-10
    assert notice["relu_residual"] > claims.FLAT_BAND
    scatter = [claims.flow("relu", seed=seed)["residual"] for seed in range(10)]
    assert min(scatter) <= notice["relu_law"] <= max(scatter)
    assert claims.within_band(notice["scaled_residual"]) and claims.within_band(notice["scaled_law"])
    assert notice["scaled_alpha"] == pytest.approx(1 / math.sqrt(claims.DEPTH))


def test_variance_law_bound_and_scatter():
    """residual.math_variance at depth 100, alpha = 0.1: the law 1.132 is
    below e^(1/8) = 1.133 (at any depth: tests/test_core_residual.py); the
    measured 1.107 is within that bound, and the law lies within the scatter
    of the 10 nets (1.069-1.172) that the sentence quotes."""
    law = claims.variance_law()
    assert law["alpha"] == pytest.approx(0.1)
    assert law["law"] < law["bound"] == pytest.approx(math.exp(1 / 8))
    assert law["measured"] <= law["bound"]
    assert law["low"] <= law["law"] <= law["high"]
    assert law["low"] <= law["measured"] <= law["high"]
    assert law["law"] == pytest.approx(theory.relu_residual_growth(0.1, 100))


def test_relu_chi_is_a_quarter():
    """residual.metric_law_help: chi of a ReLU branch with Var W = 1/n."""
    assert claims.constants()["relu_chi"] == pytest.approx(0.25, abs=1e-12)


@pytest.mark.parametrize("depth", [10, 50, 100])
@pytest.mark.parametrize("norm", NORMS)
@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu"])
def test_the_advice_try_one_over_sqrt_depth_lands_within_the_band(activation, norm, depth):
    """residual.verdict_grows advises alpha = 1/sqrt(depth): with every
    activation and normalisation of the page, block 1 is then within 10x
    of the last block."""
    spec = claims.probe_spec(activation, depth, 1 / math.sqrt(depth), norm)
    assert claims.within_band(first_to_last(probe_gradients(pair(spec)["residual"]), GRADIENT))


def test_alpha_zero_is_the_identity_with_dead_branch_weights_but_live_alphas():
    """residual.verdict_off and preset alpha_zero: ratio exactly 1, every
    branch weight gradient exactly 0, dL/dalpha not zero (RMS 100)."""
    spec = claims.probe_spec("relu", alpha=0.0)
    flow = claims.flow("relu", alpha=0.0)
    assert flow["residual"] == 1.0
    probes = compare_probe(spec)
    assert (probes.loc[probes["net"] == "residual", "weight_grad_norm"] == 0).all()
    assert claims.alpha_zero(spec)["alpha_grad"] > 0


# --- the degradation experiment (trains three nets, 100 steps each) ----------------------------

@pytest.fixture(scope="module")
def degradation():
    base = claims.degradation_base()
    return {name: result.final_loss for name, result in degradation_runs(base, claims.SHALLOW_DEPTH, claims.DEGRADATION_CONFIG).items()}


def test_degradation_deep_plain_stays_near_chance_while_its_gradient_does_not_vanish(degradation, notice):
    """residual.notice, third bullet, and preset degradation (tanh, 30 vs 4
    blocks, Adam 0.01, 100 steps): deep plain 0.684-0.693 (ln 2 = 0.693),
    shallow 0.028, deep residual 0.0014 on an Intel machine and 0.153 on an
    AMD EPYC one (the same code and torch build: MKL's kernels round
    differently, and 30 tanh blocks trained at Adam 0.01 amplify it), so
    the text says both learn, not which learns best; the deep plain net's
    first-step gradient, block 1 / block 30, is 0.38: within 10x, not vanished."""
    assert abs(degradation["deep_plain"] - claims.CHANCE_LOSS) < claims.NEAR_CHANCE
    assert degradation["shallow_plain"] < claims.LEARNS  # learns
    assert degradation["deep_residual"] < claims.LEARNS  # learns too
    assert claims.within_band(notice["deep_plain_gradient"])


# --- presets: each "what to look for" at the preset's settings ----------------------------

def _flow(values: dict) -> dict:
    return claims.flow(values["activation"], values["depth"], values["alpha"], values["norm"])


def check_sigmoid_skips(values, _):
    flow = _flow(values)
    assert flow["plain"] == 0.0 and flow["law_plain"] < SMALLEST_FLOAT32  # underflows before block 1
    assert claims.within_band(flow["residual"]) and claims.within_band(flow["law_residual"])  # as the law predicts


def check_relu_skips(values, _):
    flow = _flow(values)
    assert flow["residual"] > claims.FLAT_BAND and flow["plain"] < 1 / claims.FLAT_BAND
    scatter = [claims.flow(values["activation"], values["depth"], values["alpha"], seed=seed)["residual"] for seed in range(10)]
    assert min(scatter) <= flow["law_residual"] <= max(scatter)


def check_scaled_skips(values, _):
    flow = _flow(values)
    assert values["alpha"] == pytest.approx(1 / math.sqrt(values["depth"]), abs=0.005)
    assert claims.within_band(flow["residual"])
    assert theory.relu_residual_growth(values["alpha"], values["depth"]) < math.exp(1 / 8)


def check_alpha_zero(values, _):
    flow = _flow(values)
    assert flow["residual"] == 1.0
    assert claims.alpha_zero(claims.probe_spec(values["activation"], values["depth"], values["alpha"], values["norm"]))["alpha_grad"] > 0


def check_degradation(values, degradation):
    assert (values["train_activation"], values["deep_depth"], values["train_alpha"]) == ("tanh", claims.DEEP_DEPTH, 1.0)  # the fixture's settings
    assert abs(degradation["deep_plain"] - claims.CHANCE_LOSS) < claims.NEAR_CHANCE
    assert degradation["shallow_plain"] < claims.LEARNS and degradation["deep_residual"] < claims.LEARNS
    assert claims.within_band(claims.degradation_gradients()["deep_plain_gradient"])


def check_xiong(values, _):
    """preset.residual.xiong at 24 blocks: Pre-LN's last block gets 0.20 of
    block 1's gradient, Post-LN's blocks within 1.6x, its last block 5.4x
    Pre-LN's."""
    fields = claims.ln_preset()
    assert values == {"ln_layers": fields["layers"], "ln_d_model": claims.LN_D_MODEL} and fields["layers"] == claims.LN_LAYER_RANGE[1]
    assert fields == {**claims.ln_flow(values["ln_layers"], values["ln_d_model"]), "layers": values["ln_layers"]}
    assert fields["pre"] < 0.25 and fields["post_spread"] < 2.0 and fields["last"] > 4.0


CHECKS = {
    "sigmoid_skips": check_sigmoid_skips, "relu_skips": check_relu_skips, "scaled_skips": check_scaled_skips,
    "alpha_zero": check_alpha_zero, "degradation": check_degradation, "xiong": check_xiong,
}


def test_every_preset_has_a_check():
    assert [preset.key for preset in PRESETS["residual"]] == list(CHECKS)


@pytest.mark.parametrize("preset", PRESETS["residual"], ids=lambda preset: preset.key)
def test_preset_shows_what_it_says(preset, degradation):
    CHECKS[preset.key](preset.values, degradation)


@pytest.mark.parametrize("code", sorted(LANGUAGES))
def test_the_band_a_preset_types_is_the_pages_band(code):
    """Preset texts cannot format values in; where they say 10x it is FLAT_BAND."""
    band = {"en": f"{claims.FLAT_BAND:g}×", "zh": f"{claims.FLAT_BAND:g} 倍"}[code]
    texts = [text for key, text in LANGUAGES[code].items() if key.startswith("preset.residual.") and key.endswith(".what")]
    assert sum(band in text for text in texts) == 3


# --- Transformers: Post-LN versus Pre-LN ---------------------------------------------------
@pytest.fixture(scope="module")
def ln_default():
    return claims.ln_flow()


@pytest.mark.parametrize("layers", [claims.LN_LAYER_RANGE[0], 6, claims.LN_LAYERS, 18, claims.LN_LAYER_RANGE[1]])
@pytest.mark.parametrize("d_model", [claims.LN_D_MODELS[0], claims.LN_D_MODELS[-1]])
def test_ln_why_holds_across_the_sliders(layers, d_model):
    """residual.ln_why at the sliders' corners and between: Post-LN's blocks
    stay within 2x of each other (measured 1.11-1.66), Pre-LN's spread more,
    and less of it remains once multiplied by the stream's RMS (the 1/RMS
    law: 1.10-1.36 against Pre-LN's 1.28-5.4). Post-LN's last block gets at
    least Pre-LN's gradient (1.2x at 2 blocks, 5.5x at 24)."""
    flow = claims.ln_flow(layers, d_model)
    assert flow["post_spread"] < 2.0
    assert flow["law_spread"] < flow["pre_spread"]
    assert flow["pre"] < 1.0  # Pre-LN's gradient falls toward the output
    assert flow["last"] > 1.0


def test_ln_default_numbers(ln_default):
    """The section's defaults (12 blocks, d = 64): Pre-LN's FFN gradient
    falls 3.3x from block 1 to block 12 (0.31), the stream's RMS reaches
    3.36, Post-LN's last block gets 3.8x Pre-LN's gradient: the question's
    answer is Post-LN."""
    assert ln_default["pre"] < 1 / 3
    assert ln_default["rms"] > 3.0
    assert ln_default["last"] > 3.0
    assert claims.ln_answer(ln_default["last"]) == "post"


def test_ln_answer_bands():
    assert claims.ln_answer(1.0) == claims.ln_answer(claims.SAME_BAND) == claims.ln_answer(1 / claims.SAME_BAND) == "same"
    assert claims.ln_answer(claims.SAME_BAND * 1.01) == "post" and claims.ln_answer(0.5) == "pre"


def test_ln_warmup_theorem_numbers():
    """residual.ln_warmup: from 6 to 24 blocks Pre-LN's last-block gradient
    is divided by 1.83 (the law's sqrt(4) = 2: tests/test_core_transformer.py
    justifies the tolerance), Post-LN's by 0.83 (independent of L, within
    noise: it did not fall), and the stream's RMS grew 2.22x."""
    scaling = claims.ln_scaling()
    assert (scaling["short"], scaling["long"], scaling["factor"], scaling["sqrt"]) == (6, 24, 4, 2.0)
    assert scaling["pre"] == pytest.approx(scaling["sqrt"], abs=0.35)
    assert 0.7 <= scaling["post"] <= 1.15
    assert scaling["rms"] == pytest.approx(scaling["pre"], rel=0.25)

