"""Template helpers: safe links, short dates, inline SVG charts (no JS charting library)."""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, Sequence
from urllib.parse import urlsplit

from markupsafe import Markup, escape

from ..cluster.rows import display_title
from ..outlets import outlet_of
from ..translate import words

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


def _moment(t: str) -> datetime | None:
    """A coverage bucket ("2020-07-10" or "2020-07-10T21") as a moment, or None."""
    try:
        return datetime.strptime(t, "%Y-%m-%dT%H") if "T" in t else datetime.strptime(t[:10], "%Y-%m-%d")
    except ValueError:
        return None


def _bucket_label(t: str) -> str:
    return t.replace("T", " ") + ":00" if "T" in t else t


def coverage_chart(timeline: dict[str, Any] | None, width: int = 640, height: int = 220) -> Markup:
    """Stacked bars of the brief's coverage (by day or hour) on a true time axis with the year;
    articles known only to the month or year, and undated ones, listed apart: never drawn at
    a time they were not published. Scales to the page width (viewBox, CSS width 100%)."""
    tl = timeline or {}
    unit = tl.get("unit") or "day"
    buckets = [(b["t"], moment, b["by_language"]) for b in tl.get("coverage") or []
               if (moment := _moment(b["t"])) is not None]
    parts: list[str] = []
    if buckets:
        langs = sorted({lang for _, _, c in buckets for lang in c})
        colour = {lang: PALETTE[i % len(PALETTE)] for i, lang in enumerate(langs)}
        step = timedelta(hours=1) if unit == "hour" else timedelta(days=1)
        start, end = buckets[0][1], buckets[-1][1]
        slots = int((end - start) / step) + 1
        top = max(sum(c.values()) for _, _, c in buckets) or 1
        left, right, bottom = 30, 10, 44
        plot = width - left - right
        bw = plot / slots
        scale = (height - bottom - 10) / top
        parts.append(f'<svg class="chart" viewBox="0 0 {width} {height}" preserveAspectRatio="xMinYMin meet" '
                     f'role="img" aria-label="coverage over time by language">')
        for t, moment, counts in buckets:
            x = left + int((moment - start) / step) * bw
            y = height - bottom
            for lang in langs:
                n = counts.get(lang, 0)
                if not n:
                    continue
                h = n * scale
                y -= h
                parts.append(f'<rect class="bar" data-t="{escape(t)}" x="{x + 1:.1f}" y="{y:.1f}" '
                             f'width="{max(bw - 2, 1):.1f}" height="{h:.1f}" fill="{colour[lang]}">'
                             f'<title>{escape(_bucket_label(t))} {escape(lang)}: {n}</title></rect>')
        ticks = [buckets[0]] + ([buckets[-1]] if len(buckets) > 1 else [])
        for k, (t, _, _) in enumerate(ticks):  # the first bar's left edge, the last one's right edge
            x, anchor = (left, "start") if k == 0 else (width - right, "end")
            parts.append(f'<text x="{x}" y="{height - 28}" font-size="11" '
                         f'text-anchor="{anchor}">{escape(_bucket_label(t))}</text>')
        parts.append(f'<text x="2" y="14" font-size="10">{top}</text>')
        for j, lang in enumerate(langs):
            parts.append(f'<rect x="{left + j * 60}" y="{height - 12}" width="8" height="8" fill="{colour[lang]}"/>'
                         f'<text x="{left + j * 60 + 11}" y="{height - 4}" font-size="10">{escape(lang)}</text>')
        parts.append("</svg>")
    else:
        parts.append('<p class="muted">No articles dated to the day.</p>')
    apart = []
    for period, counts in sorted((tl.get("coarser") or {}).items()):
        apart.append(f"{escape(period)}: " + ", ".join(f"{escape(k)} {v}" for k, v in sorted(counts.items())))
    if apart:
        parts.append('<p class="chart-apart coarser">Dated less precisely than the axis (shown apart): '
                     + "; ".join(apart) + "</p>")
    undated = tl.get("undated") or {}
    if undated:
        parts.append('<p class="chart-apart undated">No date: '
                     + ", ".join(f"{escape(k)} {v}" for k, v in sorted(undated.items())) + "</p>")
    return Markup("".join(parts))


def install(env: Any) -> None:
    env.filters["safe_url"] = safe_url
    env.globals["sparkline"] = sparkline
    env.globals["coverage_chart"] = coverage_chart

    env.globals["t"] = words.t  # the page's own words in the reader's language
    env.globals["language_in"] = words.language
    env.globals["when"] = words.when
    env.globals["text_dir"] = words.direction  # "rtl" for Arabic etc., else "auto" per paragraph
    env.globals["font_scripts"] = words.font_scripts

    env.globals["outlet"] = lambda a: outlet_of(a) or "unknown outlet"

    env.globals["display_title"] = display_title  # an untitled article: its first line
    env.filters["short"] = lambda s, n=80: (s or "") if len(s or "") <= n else (s or "")[: n - 1] + "…"
