"""Normalised values shown and compared: readable figures and rounding tolerances.

``display_value`` writes a value the same way whatever language it came from ("1.3
billion", "USD 580 million", "12.5%"); ``rounding_tolerance`` says
when two figures agree up to rounding ("about 3,000" covers 2,986). They work on plain
values after extraction and need no language data, so the discrepancy finder and the fact
list use them without the parsing tables of numbers.py and number_words.py.
"""
from __future__ import annotations

import math

# --------------------------------------------------------------------------- display

_NAMES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))


def display_value(value: float, kind: str = "count", unit: str | None = None) -> str:
    if kind == "percent":
        return f"{_plain(value)}%"
    s = None
    for size, name in _NAMES:
        # a float such as 8.8e9 / 1e9 * 100 is 880.0000000000001: compare rounded
        if abs(value) >= size and abs(round(value / size * 100) - value / size * 100) < 1e-6:
            s = f"{_plain(value / size)} {name}"
            break
    if s is None:
        s = _plain(value)
    if kind == "money" and unit:
        # a code before ("USD 5 million"), a currency word no code was found for after ("100 million pesos")
        s = f"{s} {unit}" if unit.islower() else f"{unit} {s}"
    return s


_MAGNITUDE_NAMES = {10: "dozens", 100: "hundreds", 1000: "thousands", 10_000: "tens of thousands",
                    100_000: "hundreds of thousands", 1e6: "millions", 1e7: "tens of millions",
                    1e8: "hundreds of millions", 1e9: "billions"}


def display_magnitude(value: float) -> str:
    """An order of magnitude in words ("hundreds" for 100), whatever language said it."""
    return _MAGNITUDE_NAMES.get(value, f"{_plain(value)}s")


def _plain(v: float) -> str:
    if abs(v - round(v)) < 1e-9:
        return f"{round(v):,}"
    return f"{v:,.2f}".rstrip("0").rstrip(".")


def rounding_tolerance(value: float) -> float:
    """How far a rounded figure may sit from an exact one: "about 3,000" covers 2,986."""
    if value <= 0:
        return 0.0
    digits = int(math.floor(math.log10(value)))
    lead = value / 10 ** digits
    # A round number (few significant digits) covers half a unit of its last digit.
    sig = len(f"{lead:.6g}".replace(".", "").rstrip("0")) or 1
    return min(0.5 * 10 ** (digits - sig + 1) / value, 0.15)
