"""Which figures of a headline the brief lists as disputed, so no page shows one unmarked.

A headline "At least 27 dead…" when sources say 27 and more than 31: the 27 gets a mark and
the sides. A figure counts only when it is written in the headline as a side states it (digits,
with the thousands and decimal signs languages use); a rounded "€15 million" for 14.5 and 15.4
is not claimed to be either (precision before recall). Dates are left out: a headline's weekday
rarely is the disputed deadline. Works on brief dicts (``Discrepancy.to_dict``).
"""
from __future__ import annotations

import re
from typing import Any, Iterable, Mapping

_SCALES = (1e12, 1e9, 1e6, 1e3)


def _forms(value: float) -> set[str]:
    """How ``value`` may be written in a headline: 3800, 3,800, 3.800, 3 800; 14.5 and 14,5
    (also as the mantissa of 14.5 million)."""
    out: set[str] = set()
    vals = [value] + [value / s for s in _SCALES if value >= s and (value / s) * 100 == int((value / s) * 100)]
    for v in vals:
        if v == int(v):
            n = int(v)
            out.add(str(n))
            if n >= 1000:
                grouped = f"{n:,}"
                out.update({grouped, grouped.replace(",", "."), grouped.replace(",", " "),
                            grouped.replace(",", "\u00a0"), grouped.replace(",", "\u202f")})
        else:
            s = f"{v:.2f}".rstrip("0")
            out.update({s, s.replace(".", ",")})
    return out


def disputed_figures(text: str | None, discrepancies: Iterable[Mapping[str, Any]] | None) -> list[dict[str, Any]]:
    """[{figure, key, sides: [display, …]}] for each disputed figure written in ``text``."""
    if not text or not discrepancies or not any(ch.isdigit() for ch in text):
        return []
    found: list[dict[str, Any]] = []
    for d in discrepancies:
        if d.get("kind") != "conflict":
            continue
        sides = d.get("sides") or []
        for side in sides:
            for f in side.get("facts") or []:
                v = f.get("value")
                if f.get("kind") == "date" or f.get("precision") == "magnitude" or not isinstance(v, (int, float)):
                    continue
                for form in sorted(_forms(float(v)), key=len, reverse=True):
                    if re.search(rf"(?<![\d.,]){re.escape(form)}(?![\d]|[.,]\d)", text):
                        found.append({"figure": form, "key": d.get("key"),
                                      "sides": [s.get("display") for s in sides]})
                        break
                else:
                    continue
                break
            if found and found[-1].get("key") == d.get("key"):
                break
    return found
