"""No typed numbers in on-screen text.

Every number a sentence shows is computed (core, or core.claims) and
formatted into a `{field}`; a digit typed into an en or zh string can go
stale the day the model changes, and a teacher who catches one wrong
sentence stops trusting every chart. This test fails on any digit in a
string that is neither inside a format field, nor notation (a year in a
citation, a subscript of a symbol, float32), nor a constant allow-listed
below for that key with the reason it is not a claim (a definition, a
setting the text names, a paper's own numbering).
"""

from __future__ import annotations

import re
import string

import pytest

from ui.i18n import LANGUAGES

DIGIT = re.compile(r"[0-9⁰¹²³⁴⁵⁶⁷⁸⁹₀₁₂₃₄₅₆₇₈₉]")

# Notation, not numbers: removed from every string before the check.
NOTATION = [
    r"\b(?:19|20)\d\d[a-z]?\b",  # a citation's year
    r"§\d+(?:\.\d+)*",  # a book's section
    r"(?:\bTable|\bFig\.|表|图) ?\d+",  # a paper's own numbering (no \b before CJK: 的图 2 is one word to re)
    r"\bfloat(?:32|64)\b",  # the number formats
    r"(?<=[A-Za-zα-ωχσφδψθλ′)\]ₜₖᵢ_])[₀-₉⁰¹²³⁴⁵⁶⁷⁸⁹]+",  # a subscript or power of a symbol: χ₁, σ_w², log₁₀, W₀
    r"\b[Ll]og ?₁₀",
    r"\bN\(0, ",  # a normal distribution's mean: N(0, σ²/n)
    r"\bU\[0, 1\]",  # the adding problem's uniform numbers
    r"CIFAR-10",  # a data set's name
]

# Constants a sentence may type, per key, each a literal substring of the
# key's text in some language (list the en and the zh spelling).
# Definitions and named settings only: a measured or computed value never
# belongs here, it is formatted in from core.
ALLOWED: dict[str, list[str]] = {
    # layer 1 is a name (layers are numbered from the input), not a measurement
    "common.layer": ["(1 =", "（1 ="],
    # exactly 0 is what underflow, dead units and a zero scale mean
    "common.underflow": ["0 in", "恰为 0"],
    "common.underflow_short": ["0 (", "0（"],
    "common.underflow_note": ["exactly 0", "恰好 0", "恰为 0"],
    "common.dead": ["exactly 0", "恰为 0"],
    "common.dead_short": ["0 (", "0（"],
    "common.dead_note": ["exactly 0", "ReLU′ = 0", "恰为 0", "都为 0"],
    "common.zero_scale": ["by 0: exactly 0", "乘以 0：恰为 0"],
    "common.zero_scale_short": ["0 (multiplied by 0)", "0（乘以 0）"],
    "common.zero_scale_note": ["exactly 0", "by 0", "α of 0", "恰为 0", "乘以了 0", "为 0"],
    # the definitions of the inits and activations the menus name
    "common.weight_scale_help": ["2/fan_in"],
    "act.leaky_relu": ["0.01"],
    "opt.momentum": ["0.9"],
    "init.normal": [],
    # a gain below / above 1: the chain rule's threshold, a definition; ₖ₋₁ the subscript k − 1
    "home.chain_caption": ["below 1", "above 1", "小于 1", "大于 1", "ₖ₋₁"],
    # the worked chain: ₖ₋₁ the subscript k − 1; ReLU′ is 1 above 0 and 0 at or below it, and z = 0 is
    # where sigmoid and tanh are steepest (definitions); a factor of 0 gives exactly 0, sizes multiplying to 1
    # keep the gradient's size: what the verdict's case means, not a measurement
    "home.chain.intro": ["ₖ₋₁"],
    "home.chain.z_help": ["z = 0", "1 above 0", "exactly 0", "0 以上为 1", "0 及以下恰为 0"],
    "home.chain.same": ["exactly 1", "恰为 1"],
    "home.chain.zero": ["exactly 0", "by 0", "z ≤ 0", "w = 0", "that 0", "恰为 0", "乘以 0", "这个 0"],
    # the Home myths: a claim quotes the article's own words and formula (its numbers are formatted in
    # from core.myths where the computation uses them); 1 is the threshold the claim is about; the
    # formulas 1 − tanh² and tanh(1 − tanh) are the two derivatives compared; ᵢ₋₁ the subscript i − 1
    "myth.later.fact": ["ᵢ₋₁"],
    "myth.derivative.claim": ["exceeds 1", "大于 1"],
    "myth.derivative.fact": ["exceeds 1", "超过 1"],
    "myth.tanh.claim": ["tanh(x)(1 − tanh(x))", "approaches 1", "趋近于 1"],
    "myth.tanh.fact": ["1 − tanh²", "tanh(1 − tanh)"],
    # the spectral norm's subscript: notation
    "home.card.vanishing": ["‖W‖₂"],
    "vanishing.theory_bound": ["‖W‖₂"],
    "vanishing.theory_none": ["‖W‖₂"],
    # chi_1 = 1 is the order-to-chaos threshold: a definition
    "vanishing.intro": ["below 1", "小于 1"],
    "vanishing.metric_ratio": ["Layer 1 ", "第 1 层"],
    "vanishing.metric_chi_help": ["< 1", "> 1"],
    "vanishing.phase.ordered": ["< 1"],
    "vanishing.phase.chaotic": ["> 1"],
    "vanishing.phase.chaotic_unbounded": ["> 1"],
    "vanishing.phase.critical_flat": ["χ₁ = 1", "layer 1 ÷", "第 1 层"],
    "vanishing.phase.critical_settling": ["χ₁ = 1", "from 1", "layer 1 ÷", "第 1 层", "不等于 1"],
    "vanishing.not_saturation": ["layer 1 ", "z = 0", "第 1 层"],
    "vanishing.xavier_line_gain": ["layer 1", "第 1 层"],  # layer 1 is a name: its z is Gaussian because the inputs are
    # the ranges of sigmoid and tanh, and the quantiles the chart draws: definitions
    "vanishing.dist_subtitle": ["0 or 1", "±1", "0 或 1"],
    "vanishing.dist_outer": ["5–95%"],
    "vanishing.dist_inner": ["25–75%"],
    "vanishing.math_sigmoid": ["‖W‖₂"],
    # exploding: a factor of 1 neither grows nor shrinks (a definition); layer 0 is a name;
    # the quadratic formula's /2; a popular article's claimed eigenvalues (the quote the page corrects);
    # the presets' named settings and halving's 2
    "exploding.intro": ["about 1", "1 左右"],
    "exploding.layer_axis": ["(0 =", "（0 ="],
    "exploding.eigen_note": [")/2", "7 and 1", "7 和 1"],
    "exploding.depth_vs_step": ["near 1", "接近 1"],
    # the products lab: Newman's closed form (ln 2, ψ(n/2)); a vector that is exactly 0; λ₁ = 0 and ρ(W) = 1 are the
    # thresholds between growth and decay, σ = 1 the setting that keeps E‖Wx‖² = ‖x‖² (definitions)
    "exploding.metric_lyapunov_theory_help": ["ln 2", "ψ(n/2)"],
    "exploding.product_zero": ["exactly 0", "Wᵏx = 0"],
    "exploding.product_point": ["λ₁ = 0", "ρ(W) > 1", "ρ(W) < 1", "σ = 1", "E‖Wx‖² = ‖x‖²"],
    "preset.exploding.five_to_ten.name": ["5¹⁰", "W = 5·I"],
    "preset.exploding.five_to_ten.what": ["by 5", "连乘十次 5", "5¹⁰"],
    "preset.exploding.half_to_ten.name": ["0.5¹⁰"],
    "preset.exploding.half_to_ten.what": ["W = 0.5·I", "0.5¹⁰", "below 1", "side of 1", "小于 1", "位于 1"],
    "preset.exploding.article_matrix.what": ["[[2, 3], [4, 5]]", "(1, 1)", "7 and 1", "7 和 1"],
    "preset.exploding.divergence.what": ["w = 1", "rate 0.3", "at 1", "学习率 0.3", "裁剪到 1"],
    "preset.exploding.deep_explosion.what": ["w = 3", "rate 0.01", "学习率 0.01"],
    "predict.exploding.answer": ["by 2", "缩小 2"],
    # RNN page: PyTorch's init range and the GRU's update rule (definitions); the thresholds of
    # Pascanu et al.'s sigma_max conditions; the adding problem's inputs, mean target and the
    # loss's normalisation (definitions); a subscript; preset settings, which
    # tests/test_claims_rnn.py checks against ui/presets.py
    "rnn.init.default": ["±1/√H"],
    "rnn.pytorch_biases_help": ["U(−1/√H, 1/√H)", "b_hh = 0", "bias of 0", "偏置为 0"],
    "rnn.update_bias_help": ["(1 − z)"],
    "rnn.flow_subtitle": ["to 1 there", "归一化为 1"],
    "rnn.metric_sigma_help": ["≤ 1", "< 1", "> 1"],
    "rnn.sigma.below": ["Below 1", "小于 1"],
    "rnn.sigma.about": ["About 1", "near 1", "约等于 1", "接近 1"],
    "rnn.sigma.above": ["Above 1", "大于 1"],
    "rnn.race_caption": ["[0, 1]", "constant 1", "常数 1"],
    "rnn.baseline": ["predict 1", "预测 1"],
    "rnn.notice": ["exactly 0", "≤ 1", "below 1", "恰好为 0", "小于 1"],
    "rnn.math_bptt": ["hₜ₋₁"],
    "preset.rnn.pascanu.name": ["= 0.9"],
    "preset.rnn.pascanu.what": ["times 0.9", "乘以 0.9", "< 1"],
    "preset.rnn.irnn.what": ["σ_max = 1"],
    "preset.rnn.open_gates.name": ["biases 3", "length 200", "偏置 3", "长度 200"],
    "preset.rnn.race_long.name": ["length 50", "长度 50"],
    # Remedies: layer 1 is a name; N(0, 1/n), He's sigma_w^2 formula, alpha = 1/sqrt(depth), ln 2 (chance
    # level), pi/(pi - 1) and chi_1 = 1 (the edge of chaos) are definitions; sigma_b = 0 and alpha = 1 are
    # settings the sentence names; "like 1/n" is a rate law; exactly 0 is what underflow means.
    "remedies.intro": ["1/n", "layer 1", "第 1 层"],
    "remedies.broken_caption": ["1/n"],
    "remedies.residual": ["1/√depth"],
    "remedies.metric_ratio": ["Layer 1 ", "第 1 层"],
    "remedies.metric_ratio_help": ["to 1", "接近 1", "离 1", "10 的幂"],
    "remedies.train_subtitle": ["ln 2"],
    "remedies.phase_caption": ["layer 1", "第 1 层", "χ₁ = 1"],
    "remedies.phase_finding_apart": ["σ_b = 0", "χ₁ = 1", "layer 1", "第 1 层", "1/n"],
    "remedies.phase_finding_same": ["σ_b = 0", "layer 1", "第 1 层"],
    "remedies.phase_subtitle": ["layer 1 ", "第 1 层", "χ₁ = 1"],
    "remedies.phase_boundary": ["χ₁ = 1"],
    "remedies.phase_finite": ["layer 1 ", "第 1 层"],
    "remedies.table": ["χ₁ = 1", "layer 1 ", "第 1 层", "π/(π − 1)", "α = 1/√depth", "α = 1", "exactly 0", "下溢为 0"],
    "remedies.notice": ["1/n", "layer 1", "第 1 层", "χ₁ = σ_w²/2", "χ₁ = 1", "σ_b = 0"],
    "remedies.math_chi": ["χ₁ = 1"],
    "remedies.math_he": ["χ₁ = σ_w²/2"],
    "remedies.math_adam": ["exactly 0", "恰好为 0"],
    # dynamical isometry: sigma = 1 is what an isometry means, chi_1 = 1 criticality, mu_2/mu_1^2 - 1 the free-probability
    # formula's relative variance; sigma_b = 0 and sigma_w = 1 the settings the caption names; a value
    # below float64's resolution cannot be told from 0
    "remedies.iso_header": ["near 1", "接近 1"],
    "remedies.iso_caption": ["χ₁ = 1 only", "χ₁ = 1 line", "σ_b = 0", "σ_w = 1", "χ₁ = 1 只", "χ₁ = 1 线"],
    "remedies.iso_metric_theory_help": ["μ₂/μ₁² − 1"],
    "remedies.iso_subtitle": ["σ = 1"],
    "remedies.iso_unresolved": ["from 0", "与 0"],
    "remedies.iso_point": ["μ₂/μ₁² − 1", "σ near 1", "σ 都接近 1"],
    "preset.remedies.he_fix.what": ["1/n", "layer 1", "第 1 层", "ln 2"],
    "preset.remedies.batchnorm.what": ["layer 1", "第 1 层"],
    "preset.remedies.everything.what": ["layer 1", "第 1 层"],
    "predict.remedies.answer": ["layer 1", "第 1 层"],
    # Residual blocks. Blocks are numbered from the input ("block 1" is a
    # name); α = 0 and α = 1 are named settings (ReZero's start, He et al.'s
    # block); the law's formulas 1 + α²/4, 1/√L, e^(1/8), 2ᴸ, Fixup's
    # L^(−1/(2m−2)) are derivations the page states and tests, not measured
    # values; "10×" in a preset is the page's band core.claims.residual.FLAT_BAND
    # (tests/test_claims_residual.py checks it); depth 50 and 30/4 blocks are
    # the presets' settings; plain-56/-20 are the paper's net names.
    "residual.alpha_help": ["α = 1", "1 + α²/4", "1/√depth", "L^(−1/(2m−2))"],
    "residual.alpha_hint": ["1/√depth"],
    "residual.metric_plain": ["block 1", "第 1 块"],
    "residual.metric_residual": ["block 1", "第 1 块"],
    "residual.metric_law": ["block 1", "第 1 块"],
    "residual.metric_help": ["block 1", "give 1", "第 1 块", "比值为 1"],
    "residual.metric_law_help": ["1 + α²χ"],
    "residual.block": ["(1 =", "（1 ="],
    "residual.verdict_off": ["α = 0", "block 1", "第 1 块"],
    "residual.verdict_grows": ["1/√depth"],
    "residual.verdict_flat": ["block 1", "第 1 块"],
    "residual.degradation_caption": ["plain-56", "plain-20", "block 1", "第 1 块"],
    "residual.train_subtitle": ["ln 2"],
    "residual.run_caption": ["block 1", "第 1 块"],
    "residual.notice": ["α = 1", "block 1", "第 1 块", "1/√", "ln 2"],
    "residual.math_product": ["2ᴸ"],
    "residual.math_variance": ["1/n", "1 + α²/4", "1 + α²/2", "α = 1", "1/√L", "e^(1/8)"],
    "residual.reading": ["1/√L"],
    "preset.residual.sigmoid_skips.name": ["depth 50", "深度 50"],
    "preset.residual.sigmoid_skips.what": ["block 1", "10×", "第 1 块", "10 倍"],
    "preset.residual.relu_skips.name": ["depth 50", "深度 50", "α = 1"],
    "preset.residual.relu_skips.what": ["α = 1", "10×", "10 倍", "1 + α²/4"],
    "preset.residual.scaled_skips.name": ["depth 50", "深度 50", "1/√50"],
    "preset.residual.scaled_skips.what": ["1/√depth", "block 1", "第 1 块", "10×", "10 倍", "e^(1/8)"],
    "preset.residual.alpha_zero.name": ["α = 0"],
    "preset.residual.alpha_zero.what": ["α = 0", "block 1", "第 1 块"],
    "preset.residual.degradation.what": ["30-block", "4-block", "30 个块", "4 个块"],
    "predict.residual.question": ["block 1", "第 1 块"],
    # block 1 is a name; 1/RMS the law's form; "falls to {pre} of block 1's" names the block
    "residual.ln_metric_ratio": ["block 1", "第 1 块"],
    "residual.ln_metric_ratio_help": ["below 1", "小于 1"],
    "residual.ln_theory": ["1/RMS"],
    "residual.ln_subtitle": ["1/RMS"],
    "residual.ln_why": ["(RMS 1)", "1/RMS", "RMS 为 1"],
    "residual.ln_warmup": ["Theorem 1", "定理 1"],
    "preset.residual.xiong.what": ["block 1", "第 1 块", "1/RMS"],
    "predict.residual.answer": ["Block 1", "第 1 块"],
    "predict.remedies.phase_question": ["layer 1", "第 1 层"],
    "predict.remedies.phase_answer": ["layer 1", "第 1 层"],
    # the chance level's definition (the value is formatted in)
    "vanishing.train_loss_subtitle": ["ln 2"],
    "vanishing.notice": ["‖W‖₂", "exactly 0", "χ₁ = 1", "close to 1", "恰好 0", "接近 1"],
    # zero init and symmetry: the inits' definitions (W = 0, Xavier's and He's variances), the backward step and
    # its zero, theory's ReLU factor; ln 2 is the chance level's definition (its value is formatted in)
    "vanishing.sym_zero": ["exactly 0", "W = 0", "恰为 0"],
    "vanishing.sym_caption": ["W = 0", "2/(n_in + n_out)", "2/n_in"],
    "vanishing.sym_note": ["exactly 0", "δᵢ = Wᵢ₊₁ᵀδᵢ₊₁ ⊙ φ′(zᵢ)", "Wᵢ₊₁ = 0", "δ·φ(0)", "恰为 0"],
    "vanishing.sym_point": ["√(n·Var(W)/2)", "Var(W) = 2/n", "Var(W) = 1/n"],
    "vanishing.sym_metric_zero_help": ["ln 2"],
    "vanishing.sym_chance": ["ln 2"],
    "vanishing.sym_result": ["ln 2"],
    "preset.vanishing.deeplearning_ai.what": ["ln 2"],
    # the presets' settings and the inits' definitions
    "preset.vanishing.glorot_standard.what": [
        "5 sigmoid layers", "512 units", "1,000", "U[−1/√n, 1/√n]", "1/(3n)", "Layer 1 ÷ layer 5",
        "第 1 层 ÷ 第 5 层", "5 层", "512 个单元",
    ],
    "preset.vanishing.glorot_normalized.what": [
        "5 × 512", "2/(n_in + n_out) = 1/n", "Layer 1 ÷ layer 5", "closer to 1", "Var W = 1/n", "χ₁ = 1",
        "第 1 层 ÷ 第 5 层", "更接近 1",
    ],
    "preset.vanishing.he_xavier.name": ["30-layer", "30 层"],
    "preset.vanishing.he_xavier.what": ["1/n", "30 layers", "30-layer", "这 30 层", "30 层"],
    "preset.vanishing.he_he.name": ["30-layer", "30 层"],
    "preset.vanishing.he_he.what": ["2/n", "χ₁ = 1", "layer 1 ", "layer 30", "factor 2", "第 1 层", "第 30 层", "2 倍"],
    "preset.vanishing.underflow.name": ["100 sigmoid", "exactly 0", "100 层", "精确的 0"],
    "preset.vanishing.underflow.what": ["‖W‖₂", "exactly 0", "恰好为 0", "恰为 0"],
    "predict.vanishing.question": ["layer 1's", "第 1 层", "10 的幂"],
    "predict.vanishing.answer": ["Layer 1 ", "第 1 层"],
}


def _without_fields(text: str) -> str:
    return "".join(literal for literal, *_ in string.Formatter().parse(text))


def stray_numbers(key: str, text: str) -> list[str]:
    """The tokens of `text` that hold a digit no rule above accounts for."""
    text = _without_fields(text)
    for constant in ALLOWED.get(key, []):
        text = text.replace(constant, " ")
    for pattern in NOTATION:
        text = re.sub(pattern, " ", text)
    return [token for token in re.findall(r"\S+", text) if DIGIT.search(token)]


@pytest.mark.parametrize("code", sorted(LANGUAGES))
def test_no_string_types_a_number(code):
    stray = {key: tokens for key, text in LANGUAGES[code].items() if (tokens := stray_numbers(key, text))}
    assert not stray, f"{len(stray)} strings type numbers; format computed values in: {stray}"


def test_every_allowed_constant_is_still_used():
    """An allow-list entry whose text is gone would cover the next typed number."""
    stale = [
        (key, constant) for key, constants in ALLOWED.items() for constant in constants
        if not any(constant in strings.get(key, "") for strings in LANGUAGES.values())
    ]
    assert not stale


def test_the_check_catches_a_typed_number():
    assert stray_numbers("x", "the gradient falls 10⁻³¹ over 50 layers") == ["10⁻³¹", "50"]
    assert stray_numbers("x", "χ₁ per layer, {ratio:.3g} measured (Glorot & Bengio 2010)") == []


def test_no_lesson_text_types_a_number():
    """The same rule for lessons/*.toml: a step's text formats its board numbers in (core/claims/lesson.py)."""
    from core import lesson as lessons

    stray = {}
    for name in lessons.names():
        lesson = lessons.load(name)
        for language, title in lesson.title.items():
            if tokens := stray_numbers(f"lesson.{name}.title", title):
                stray[f"{name}: title.{language}"] = tokens
        for k, step in enumerate(lesson.steps, start=1):
            for language, texts in step.text.items():
                for key, text in texts.items():
                    if tokens := stray_numbers(f"lesson.{name}.{key}", text):
                        stray[f"{name}: step {k} {language}.{key}"] = tokens
    assert not stray, f"lesson text types numbers; put them on the step's board: {stray}"
