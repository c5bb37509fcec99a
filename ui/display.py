"""Numbers as a reader expects them: 9,765,625 rather than 9.76562e+06."""

import math


def number(value: float, digits: int = 4) -> str:
    """Whole numbers up to 1e12 with thousands separators, others in
    `digits` significant figures; inf/NaN spelled out."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "∞" if value > 0 else "−∞"
    if value == int(value) and abs(value) < 1e12:
        return f"{int(value):,}"
    return f"{value:.{digits}g}"


def ratio(value: float) -> str:
    """A gradient ratio: 3 significant figures, "0 (underflow)" for an exact 0."""
    if value == 0:
        return "0 (underflow)"
    return number(value, 3) + "×"
