"""Template helpers: safe links, short dates, inline SVG charts (no JS charting library)."""
from __future__ import annotations

from typing import Any, Sequence
from urllib.parse import urlsplit

from markupsafe import Markup, escape

PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
           "#7f7f7f", "#bcbd22", "#17becf"]


def safe_url(url: str | None) -> str:
    """Only http(s) links reach an href; javascript:, data: and the like become '#'."""
    if not url:
        return "#"
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return "#"
    return url.strip() if scheme in ("http", "https") else "#"


def sparkline(values: Sequence[int], width: int = 120, height: int = 24) -> Markup:
    if not values:
        return Markup("")
    top = max(values) or 1
    step = width / max(len(values) - 1, 1)
    pts = " ".join(f"{i * step:.1f},{height - 2 - (v / top) * (height - 4):.1f}" for i, v in enumerate(values))
    return Markup(
        f'<svg class="spark" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="coverage"><polyline fill="none" stroke="#1f77b4" stroke-width="1.5" '
        f'points="{pts}"/></svg>'
    )


def coverage_chart(series: dict[str, dict[str, int]], width: int = 640, height: int = 220) -> Markup:
    """Stacked bars: articles per day (or hour) by language. series = {bucket: {lang: n}}."""
    buckets = sorted(series)
    if not buckets:
        return Markup('<p class="muted">No dated articles yet.</p>')
    langs = sorted({lang for b in buckets for lang in series[b]})
    colour = {lang: PALETTE[i % len(PALETTE)] for i, lang in enumerate(langs)}
    top = max(sum(series[b].values()) for b in buckets) or 1
    left, bottom = 30, 30
    bw = (width - left - 10) / len(buckets)
    parts = [f'<svg class="chart" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" '
             f'aria-label="coverage over time by language">']
    scale = (height - bottom - 10) / top
    for i, b in enumerate(buckets):
        y = height - bottom
        for lang in langs:
            n = series[b].get(lang, 0)
            if not n:
                continue
            h = n * scale
            y -= h
            parts.append(f'<rect x="{left + i * bw + 1:.1f}" y="{y:.1f}" width="{max(bw - 2, 1):.1f}" '
                         f'height="{h:.1f}" fill="{colour[lang]}"><title>{escape(b)} {escape(lang)}: {n}</title></rect>')
        if len(buckets) <= 14 or i % max(len(buckets) // 7, 1) == 0:
            parts.append(f'<text x="{left + i * bw + bw / 2:.1f}" y="{height - 12}" font-size="10" '
                         f'text-anchor="middle">{escape(b[5:] if len(b) >= 10 else b)}</text>')
    parts.append(f'<text x="2" y="14" font-size="10">{top}</text>')
    for j, lang in enumerate(langs):
        parts.append(f'<rect x="{left + j * 60}" y="{height - 8}" width="8" height="8" fill="{colour[lang]}"/>'
                     f'<text x="{left + j * 60 + 11}" y="{height}" font-size="10">{escape(lang)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def install(env: Any) -> None:
    env.filters["safe_url"] = safe_url
    env.globals["sparkline"] = sparkline
    env.globals["coverage_chart"] = coverage_chart
    from ..translate import words

    env.globals["t"] = words.t  # the page's own words in the reader's language
    env.globals["language_in"] = words.language
    env.globals["when"] = words.when
    from ..outlets import outlet_of

    env.globals["outlet"] = lambda a: outlet_of(a) or "unknown outlet"
    env.filters["short"] = lambda s, n=80: (s or "") if len(s or "") <= n else (s or "")[: n - 1] + "…"
