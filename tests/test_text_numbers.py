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
    r"\b(?:Table|Fig\.|表|图) ?\d+",  # a paper's own numbering
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
    # exactly 0 is what underflow means
    "common.underflow": ["0 in", "恰为 0"],
    "common.underflow_short": ["0 (", "0（"],
    "common.underflow_note": ["exactly 0", "恰好 0"],
    # the definitions of the inits and activations the menus name
    "common.weight_scale_help": ["2/fan_in"],
    "act.leaky_relu": ["0.01"],
    "opt.momentum": ["0.9"],
    "init.normal": [],
    # "smaller than 1" / "larger": the chain rule's threshold, a definition
    "home.chain_caption": ["than 1", "小于 1", "大于 1"],
    "vanishing.intro": ["below 1"],
    "vanishing.metric_ratio": ["Layer 1 "],
    "vanishing.metric_chi_help": ["< 1", "> 1"],
    "vanishing.metric_saturated_help": ["10%"],
    "vanishing.sat_subtitle": ["10%"],
    "vanishing.dist_subtitle": ["0 or 1", "±1"],
    "vanishing.dist_outer": ["5–95%"],
    "vanishing.dist_inner": ["25–75%"],
    "vanishing.math_sigmoid": ["1/4"],
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
    "predict.residual.answer": ["Block 1", "第 1 块"],
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
