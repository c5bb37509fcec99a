"""Numbers as a reader expects them: 9,765,625 rather than 9.76562e+06."""

import math


def number(value: float, digits: int = 4, whole_below: float = 1e12) -> str:
    """Whole numbers below `whole_below` with thousands separators, others in
    `digits` significant figures; inf/NaN spelled out."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "∞" if value > 0 else "−∞"
    if value == int(value) and abs(value) < whole_below:
        return f"{int(value):,}"
    return f"{value:.{digits}g}"


def ratio(value: float, underflow_label: str) -> str:
    """A gradient ratio: 3 significant figures; `underflow_label` for an exact 0."""
    if value == 0:
        return underflow_label
    return number(value, 3) + "×"


def superscript(exponent: int) -> str:
    """An integer in superscript digits: -12 -> ⁻¹², 10 -> ¹⁰."""
    return str(exponent).translate(str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹"))


def subscript(index: int) -> str:
    """An integer in subscript digits: 3 -> ₃ (h₃)."""
    return str(index).translate(str.maketrans("-0123456789", "₋₀₁₂₃₄₅₆₇₈₉"))


def power(base: float, exponent: int) -> str:
    """5, 10 -> 5¹⁰; 10, -12 -> 10⁻¹²."""
    return f"{base:g}" + superscript(exponent)
