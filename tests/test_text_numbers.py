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
    "preset.remedies.he_fix.what": ["1/n", "layer 1", "第 1 层", "ln 2"],
    "preset.remedies.batchnorm.what": ["layer 1", "第 1 层"],
    "preset.remedies.everything.what": ["layer 1", "第 1 层"],
    "predict.remedies.answer": ["layer 1", "第 1 层"],
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
