"""The DET curve of the alerts replay as an SVG file (`babelwire eval alerts --plot`).

A detection error tradeoff plot, as TDT evaluations draw it: miss probability against
false-alarm probability, both on normal-deviate (probit) axes, one point per threshold of
the sweep, the three sensitivities marked. Written as plain SVG because it is one polyline
and a few labels; a plotting library would be a heavy dependency for that.
"""
from __future__ import annotations

from html import escape
from statistics import NormalDist
from typing import Any

TICKS = (0.0001, 0.001, 0.01, 0.05, 0.2, 0.5, 0.8, 0.95)
LOW, HIGH = 0.00005, 0.99  # the probabilities the axes span (0 and 1 have no probit)


def _probit(p: float) -> float:
    return NormalDist().inv_cdf(min(max(p, LOW), HIGH))


def det_svg(report: dict[str, Any], *, width: int = 560, height: int = 420, title: str = "") -> str:
    """``report``: what ``evaluate_alerts`` returns (its ``det`` sweep and the thresholds of the
    sensitivities in the settings)."""
    left, right, top, bottom = 60, 20, 34, 50
    lo, hi = _probit(LOW), _probit(HIGH)

    def x(p_fa: float) -> float:
        return left + (_probit(p_fa) - lo) / (hi - lo) * (width - left - right)

    def y(p_miss: float) -> float:
        return height - bottom - (_probit(p_miss) - lo) / (hi - lo) * (height - top - bottom)

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" font-family="sans-serif" '
           f'font-size="11" role="img" aria-label="DET curve of watchlist alerts">',
           f'<rect width="{width}" height="{height}" fill="white"/>',
           f'<text x="{left}" y="18" font-size="13">{escape(title or "Watchlist alerts: DET curve (threshold sweep)")}</text>']
    for t in TICKS:
        out.append(f'<line x1="{x(t):.1f}" y1="{top}" x2="{x(t):.1f}" y2="{height - bottom}" stroke="#ddd"/>'
                   f'<text x="{x(t):.1f}" y="{height - bottom + 14}" text-anchor="middle">{t:g}</text>')
        out.append(f'<line x1="{left}" y1="{y(t):.1f}" x2="{width - right}" y2="{y(t):.1f}" stroke="#ddd"/>'
                   f'<text x="{left - 4}" y="{y(t) + 4:.1f}" text-anchor="end">{t:g}</text>')
    out.append(f'<text x="{(left + width - right) / 2:.0f}" y="{height - 12}" text-anchor="middle">'
               'false-alarm probability (of stories that should not alert)</text>')
    out.append(f'<text transform="translate(14 {(top + height - bottom) / 2:.0f}) rotate(-90)" text-anchor="middle">'
               'miss probability (of should-alert stories)</text>')
    pts = [(d["p_fa"], d["p_miss"], d["threshold"]) for d in report.get("det", [])
           if d.get("p_fa") is not None and d.get("p_miss") is not None]
    if pts:
        line = " ".join(f"{x(fa):.1f},{y(m):.1f}" for fa, m, _ in pts)
        out.append(f'<polyline points="{line}" fill="none" stroke="#1f77b4" stroke-width="2"/>')
    marks = report.get("pooled_settings", {})
    for i, (sens, colour) in enumerate((("strict", "#2ca02c"), ("balanced", "#d62728"), ("eager", "#ff7f0e"))):
        r = marks.get(sens)
        if not r or r.get("p_miss") is None:
            continue
        cx, cy = x(r["p_fa"] or 0.0), y(r["p_miss"])
        out.append(f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="5" fill="{colour}"><title>{sens}: threshold '
                   f'{r.get("threshold")}, P {r.get("precision")}, R {r.get("recall")}</title></circle>')
        out.append(f'<text x="{width - right - 4}" y="{top + 14 + 14 * i}" text-anchor="end" fill="{colour}">'
                   f'● {sens} (t {r.get("threshold")}): P {r.get("precision")} R {r.get("recall")}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"
