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
    # "smaller than 1" / "larger": the chain rule's threshold, a definition
    "home.chain_caption": ["than 1", "小于 1", "大于 1"],
    # the spectral norm's subscript: notation
    "home.card.vanishing": ["‖W‖₂"],
    "vanishing.theory_bound": ["‖W‖₂"],
    "vanishing.theory_none": ["‖W‖₂"],
    "vanishing.math_sigmoid": ["‖W‖₂"],
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
    # the ranges of sigmoid and tanh, and the quantiles the chart draws: definitions
    "vanishing.dist_subtitle": ["0 or 1", "±1", "0 或 1"],
    "vanishing.dist_outer": ["5–95%"],
    "vanishing.dist_inner": ["25–75%"],
    # the chance level's definition (the value is formatted in)
    "vanishing.train_loss_subtitle": ["ln 2"],
    "vanishing.notice": ["‖W‖₂", "exactly 0", "χ₁ = 1", "close to 1", "恰好 0", "接近 1"],
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
