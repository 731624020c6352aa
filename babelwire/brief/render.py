"""A Brief as text for a terminal (rich), Markdown, HTML or JSON.

Article text is hostile input: in HTML everything from an article is escaped (and marked
``dir="auto"`` so Arabic reads right to left); in Markdown it is escaped so that no link,
image, heading or raw HTML can come through; in the terminal it is a rich ``Text``, never
markup.
"""
from __future__ import annotations

import html
import io
import json
import re
from typing import Any

from ..errors import ConfigError
from ..facts.discrepancies import REASONS
from ..terminal import safe
from ..translate.words import language, number, t, when
from .disputed import disputed_figures
from .model import Brief, Pickup

FORMATS = ("text", "md", "html", "json")


def render(brief: Brief, fmt: str = "md", *, width: int = 100) -> str:
    if fmt == "json":
        return json.dumps(brief.to_dict(), ensure_ascii=False, indent=2, default=str)
    if fmt == "md":
        return to_markdown(brief)
    if fmt == "html":
        return to_html(brief)
    if fmt == "text":
        # deferred: rich is slow to import; paid only when this runs
        from rich.console import Console

        c = Console(width=width, record=True, file=io.StringIO(), color_system=None)
        c.print(to_rich(brief))
        return c.export_text()
    raise ConfigError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


# --------------------------------------------------------------------------- shared words

def _who(outlet: str | None, language: str, article_id: str | None = None) -> str:
    name = outlet or "unknown outlet"  # briefs name every article (outlets.py); never a hash
    return f"{name} ({language})"


def _when(p: Pickup | None, lang: str = "en") -> str:
    if p is None or not p.published:
        return t(lang, "date unknown")
    v = when(p.published, p.precision, lang) or p.published
    prec = t(lang, "{precision} precision", precision=t(lang, p.precision or "?"))
    return f"{v} ({prec}, {t(lang, 'from {source}', source=p.source or 'input')})"


def _headline_line(b: Brief) -> str:
    """The headline, with any figure in it the brief lists as disputed marked (brief/disputed.py)."""
    h = b.headline
    if h is None:
        return t(b.lang, "(no headline)")

    marks = disputed_figures(h.text, [d.to_dict() for d in b.discrepancies])
    return h.text + "".join(f" [{t(b.lang, '{figure} is disputed', figure=m['figure'])}: {' / '.join(m['sides'])}]"
                            for m in marks)


def _headline_note(b: Brief) -> str:
    h = b.headline
    if h is None:
        return ""
    parts = []
    if not h.in_reader_language:
        parts.append(t(b.lang, "original headline in {language}; no headline in {reader}",
                       language=language(h.language, b.lang), reader=language(b.lang, b.lang)))
    if h.from_sentence:
        parts.append(t(b.lang, "no article had a headline: lead sentence"))
    parts.append(t(b.lang, "from {who}", who=_who(h.outlet, h.language, h.article_id)))
    return "; ".join(parts)


def _headline_extra(b: Brief) -> list[str]:
    """Lines under a headline the reader may not read: its translation, else its transliteration."""
    h = b.headline
    if h is None or h.in_reader_language:
        return []
    if h.translation:
        return [f"{h.translation} [{_mt(b)}]"]
    if h.transliteration:
        return [f"{h.transliteration} [{t(b.lang, 'transliteration')}]"]
    return []


def _mt(b: Brief) -> str:
    return t(b.lang, "machine translation ({by})", by=b.translated_by or "?")


def _overview(b: Brief) -> str:
    s, lang = b.sources, b.lang
    langs = ", ".join(f"{g.language} {number(g.articles, lang)}" for g in s.languages)
    first = _when(b.timeline.first_report, lang)
    return (t(lang, "{n} articles ({independent} independent) in {languages} languages", n=number(s.articles, lang),
              independent=number(s.independent, lang), languages=number(len(s.languages), lang))
            + f" [{langs}]; " + t(lang, "first report {when}", when=first))


def _sources_line(b: Brief) -> str:
    s, lang = b.sources, b.lang
    return t(lang, "{n} articles, {independent} independent ({duplicates} republished copies count once).",
             n=number(s.articles, lang), independent=number(s.independent, lang), duplicates=number(s.duplicates, lang))


def _mark_text(marks: dict[str, str], f: Any) -> str:
    m = marks.get(f.id)
    return f" ({m})" if m else ""


def _updates(b: Brief) -> list[Any]:
    return [a for a in b.agreements if a.reason == "update"]


def _others(b: Brief) -> list[Any]:
    return [a for a in b.agreements if a.reason != "update"]


def _reason(a: Any) -> str:
    return REASONS.get(a.reason, a.reason)


# --------------------------------------------------------------------------- markdown

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~>-])")


def md_escape(s: str | None) -> str:
    """Plain text for Markdown: no emphasis, links, images, headings, tables or raw HTML."""
    s = " ".join((s or "").split())
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", s)


def to_markdown(b: Brief) -> str:
    e, L = md_escape, b.lang
    out: list[str] = [f"# {e(_headline_line(b))}", ""]
    out += [f"*{e(x)}*" for x in _headline_extra(b)]
    out += [f"*{e(_headline_note(b))}*", "", e(_overview(b)), ""]
    if b.what_happened:
        out += [f"## {e(t(L, 'What happened'))}", ""]
        out.append(" ".join(f"{e(c.text)} \\[{e('; '.join(_who(x.outlet, x.language, x.article_id) for x in c.cites))}\\]"
                            for c in b.what_happened))
        out += ["", f"*{e(t(L, 'written by {by} from the cited sentences only; unsupported claims removed', by=b.what_happened_by))}*", ""]
    if b.discrepancies:
        out += [f"## {e(t(L, 'Where sources disagree'))}", ""]
        for d in b.discrepancies:
            label = t(L, "Self-contradiction") if d.kind == "self-contradiction" else t(L, "Conflict")
            out.append(f"- **{e(label)} — {e(d.key)}:** {e(d.explanation)}")
            for side in d.sides:
                for f in side.facts[:3]:
                    out.append(f"    - {e(side.display)}: “{e(f.evidence.sentence)}” — "
                               f"{e(_who(f.evidence.outlet, f.evidence.language, f.article_id))}")
                    if f.evidence.translation:
                        out.append(f"        - “{e(f.evidence.translation)}” \\[{e(_mt(b))}\\]")
        out.append("")
    out += [f"## {e(t(L, 'Summary'))}", ""]
    for s in b.summary:
        out.append(f"- {e(s.text)} — *{e(_who(s.outlet, s.language, s.article_id))}*")
        if s.translation:
            out.append(f"    - {e(s.translation)} \\[{e(_mt(b))}\\]")
    if not b.summary:
        out.append(e(t(L, "(no sentences to summarise)")))
    out += ["", f"## {e(t(L, 'Timeline'))}", "", f"- {e(t(L, 'First report'))}: {e(_pickup_text(b.timeline.first_report, L))}"]
    if b.timeline.first_exact:
        out.append(f"- {e(t(L, 'Earliest exact date'))}: {e(_pickup_text(b.timeline.first_exact, L))}")
    out.append(f"- {e(t(L, 'Picked up, by language'))}: " + e("; ".join(
        f"{p.who} {_date(p, L)}" for p in b.timeline.languages)))
    out.append(f"- {e(t(L, 'Picked up, by outlet'))}: " + e("; ".join(
        f"{p.who} ({p.language}) {_date(p, L)}" for p in b.timeline.outlets)))
    out += ["", e(t(L, "Coverage by {unit}", unit=t(L, b.timeline.unit))) + ":", "",
            f"| {e(t(L, 'when'))} | {e(t(L, 'articles'))} | {e(t(L, 'by language'))} |", "|---|---|---|"]
    for c in b.timeline.coverage:
        out.append(f"| {e(c.t)} | {c.total} | {e(', '.join(f'{k} {v}' for k, v in c.by_language.items()))} |")
    for t_, langs in b.timeline.coarser.items():
        out.append(f"| {e(t_)} ({e(t(L, 'no finer date'))}) | {sum(langs.values())} | "
                   f"{e(', '.join(f'{k} {v}' for k, v in langs.items()))} |")
    if b.timeline.undated:
        out.append(f"| {e(t(L, 'undated'))} | {sum(b.timeline.undated.values())} | "
                   f"{e(', '.join(f'{k} {v}' for k, v in b.timeline.undated.items()))} |")
    out += ["", f"## {e(t(L, 'Sources'))}", "", e(_sources_line(b)), ""]
    for g in b.sources.languages:
        outlets = ", ".join(
            f"{o.name or 'unknown outlet'}{' [' + o.country + ']' if o.country else ''} ×{len(o.articles)}"
            for o in g.outlets)
        out.append(f"- **{e(g.language_name)} ({e(g.language)})**: {e(outlets)}")
    out += ["", f"## {e(t(L, 'Who is named'))}", "",
            "| " + " | ".join(e(t(L, w)) for w in ("name", "kind", "languages", "forms", "mentions")) + " |",
            "|---|---|---|---|---|"]
    for ent in b.entities[:30]:
        forms = "; ".join(f"{l}: {', '.join(list(fs)[:3])}" for l, fs in ent.forms.items())
        out.append(f"| {e(ent.name)} | {e(ent.kind)} | {e(', '.join(ent.languages))} | {e(forms)} | {ent.mentions} |")
    out += ["", f"## {e(t(L, 'Facts'))}", ""]
    marks = b.fact_marks()
    for key, facts in b.shown_facts():
        out.append(f"- **{e(key)}**")
        for f in facts:
            scope = _scope_text(f)
            out.append(f"    - {e(f.display)}{e(scope)}{e(_mark_text(marks, f))}: “{e(f.evidence.sentence)}” — "
                       f"{e(_who(f.evidence.outlet, f.evidence.language, f.article_id))}")
            if f.evidence.translation:
                out.append(f"        - “{e(f.evidence.translation)}” \\[{e(_mt(b))}\\]")
    if _updates(b):
        out += ["", f"## {e(t(L, 'Updates'))}", ""]
        for a in _updates(b):
            out.append(f"- **{e(a.key)}:** {e(a.explanation)}")
    if _others(b):
        out += ["", f"## {e(t(L, 'Differences that are not conflicts'))}", ""]
        for a in _others(b):
            out.append(f"- *{e(_reason(a))}:* {e(a.explanation)} — "
                       f"{e(_who(a.a.evidence.outlet, a.a.language, a.a.article_id))} / "
                       f"{e(_who(a.b.evidence.outlet, a.b.language, a.b.article_id))}")
    if b.notes:
        out += ["", f"## {e(t(L, 'Notes'))}", ""] + [f"- {e(n)}" for n in b.notes]
    out.append("")
    return "\n".join(out)


def _pickup_text(p: Pickup | None, lang: str = "en") -> str:
    if p is None:
        return t(lang, "no article carries a date")
    return f"{_when(p, lang)} — {_who(p.outlet, p.language, p.article_id)}"


def _date(p: Pickup, lang: str) -> str:
    return when(p.published, p.precision, lang) or t(lang, "date unknown")


def _scope_text(f: Any) -> str:
    sc = f.scope or {}
    bits = []
    if sc.get("place"):
        bits.append("worldwide" if sc["place"] == "world" else f"in {sc['place']}")
    if sc.get("period"):
        bits.append(f"period: {sc['period']}")
    return f" [{', '.join(bits)}]" if bits else ""


# --------------------------------------------------------------------------- html

_CSS = """
body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{font-size:1.6rem;margin-bottom:.2rem} h2{margin-top:2rem;border-bottom:1px solid #ddd}
.meta,.who{color:#666;font-size:.9rem} .conflict{border-left:4px solid #c33;padding-left:.8rem}
.self{border-left:4px solid #e90;padding-left:.8rem} blockquote{margin:.3rem 0 .3rem 1rem;color:#333}
table{border-collapse:collapse} td,th{border:1px solid #ddd;padding:.2rem .5rem;text-align:left;vertical-align:top}
"""


def _h(s: Any) -> str:
    return html.escape("" if s is None else str(s), quote=True)


def _src(text: str | None, lang: str) -> str:
    """Article text in its own language and direction; always escaped."""
    return f'<bdi lang="{_h(lang)}" dir="auto">{_h(text)}</bdi>'


def _mt_html(b: Brief, text: str | None) -> str:
    """A machine translation under its original, in the reader's language, marked as such."""
    if not text:
        return ""
    return (f'<br><span class="machine-translation" lang="{_h(b.lang)}">{_h(text)}</span> '
            f'<span class="who">[{_h(_mt(b))}]</span>')


def to_html(b: Brief) -> str:
    h, L = b.headline, b.lang
    hl = _src(h.text, h.language) if h else _h(t(L, "(no headline)"))
    out = ["<!doctype html>", f'<html lang="{_h(L)}"><head><meta charset="utf-8">',
           f"<title>{_h(h.text if h else 'babelwire brief')}</title>",
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<style>{_CSS}</style></head><body>", f"<h1>{hl}</h1>"]
    out += [f'<p class="headline-extra">{_h(x)}</p>' for x in _headline_extra(b)]
    out += [f'<p class="meta">{_h(_headline_note(b))}</p>', f"<p>{_h(_overview(b))}</p>"]
    if b.what_happened:
        out.append(f"<h2>{_h(t(L, 'What happened'))}</h2><p>")
        for c in b.what_happened:
            cites = "; ".join(_who(x.outlet, x.language, x.article_id) for x in c.cites)
            out.append(f'{_h(c.text)} <span class="who">[{_h(cites)}]</span>')
        out.append(f'</p><p class="who">{_h(t(L, "written by {by} from the cited sentences only; unsupported claims removed", by=b.what_happened_by))}</p>')
    if b.discrepancies:
        out.append(f"<h2>{_h(t(L, 'Where sources disagree'))}</h2>")
        for d in b.discrepancies:
            cls = "self" if d.kind == "self-contradiction" else "conflict"
            label = t(L, "Self-contradiction") if d.kind == "self-contradiction" else t(L, "Conflict")
            out.append(f'<div class="{cls}"><p><strong>{_h(label)} — {_h(d.key)}</strong>: {_h(d.explanation)}</p>')
            for side in d.sides:
                for f in side.facts[:3]:
                    out.append(f"<blockquote><strong>{_h(side.display)}</strong>: "
                               f"{_src(f.evidence.sentence, f.evidence.language)} "
                               f'<span class="who">— {_h(_who(f.evidence.outlet, f.evidence.language, f.article_id))}</span>'
                               f"{_mt_html(b, f.evidence.translation)}</blockquote>")
            out.append("</div>")
    out.append(f"<h2>{_h(t(L, 'Summary'))}</h2><ul>")
    for s in b.summary:
        out.append(f"<li>{_src(s.text, s.language)} <span class=\"who\">— "
                   f"{_h(_who(s.outlet, s.language, s.article_id))}</span>{_mt_html(b, s.translation)}</li>")
    out.append(f"</ul><h2>{_h(t(L, 'Timeline'))}</h2><ul>")
    out.append(f"<li>{_h(t(L, 'First report'))}: {_h(_pickup_text(b.timeline.first_report, L))}</li>")
    if b.timeline.first_exact:
        out.append(f"<li>{_h(t(L, 'Earliest exact date'))}: {_h(_pickup_text(b.timeline.first_exact, L))}</li>")
    out.append(f"<li>{_h(t(L, 'Picked up, by language'))}: " + _h("; ".join(
        f"{p.who} {_date(p, L)}" for p in b.timeline.languages)) + "</li>")
    out.append(f"<li>{_h(t(L, 'Picked up, by outlet'))}: " + _h("; ".join(
        f"{p.who} ({p.language}) {_date(p, L)}" for p in b.timeline.outlets)) + "</li></ul>")
    out.append(f"<table><tr><th>{_h(t(L, b.timeline.unit))}</th><th>{_h(t(L, 'articles'))}</th>"
               f"<th>{_h(t(L, 'by language'))}</th></tr>")
    rows = [(c.t, c.total, c.by_language) for c in b.timeline.coverage]
    rows += [(f"{k} ({t(L, 'no finer date')})", sum(v.values()), v) for k, v in b.timeline.coarser.items()]
    if b.timeline.undated:
        rows.append((t(L, "undated"), sum(b.timeline.undated.values()), b.timeline.undated))
    for k, n, langs in rows:
        out.append(f"<tr><td>{_h(k)}</td><td>{_h(number(n, L))}</td><td>{_h(', '.join(f'{c} {v}' for c, v in langs.items()))}</td></tr>")
    out.append(f"</table><h2>{_h(t(L, 'Sources'))}</h2>")
    out.append(f"<p>{_h(_sources_line(b))}</p><ul>")
    for g in b.sources.languages:
        outlets = ", ".join(f"{o.name or t(L, 'unknown outlet')}{' [' + o.country + ']' if o.country else ''} ×{len(o.articles)}"
                            for o in g.outlets)
        out.append(f"<li><strong>{_h(g.language_name)} ({_h(g.language)})</strong>: {_h(outlets)}</li>")
    out.append(f"</ul><h2>{_h(t(L, 'Who is named'))}</h2><table><tr>"
               + "".join(f"<th>{_h(t(L, w))}</th>" for w in ("name", "kind", "forms", "mentions")) + "</tr>")
    for ent in b.entities[:30]:
        forms = "; ".join(f"{_h(l)}: " + ", ".join(_src(f, l) for f in list(fs)[:3]) for l, fs in ent.forms.items())
        out.append(f"<tr><td>{_h(ent.name)}</td><td>{_h(ent.kind)}</td><td>{forms}</td><td>{ent.mentions}</td></tr>")
    out.append(f"</table><h2>{_h(t(L, 'Facts'))}</h2><ul>")
    marks = b.fact_marks()
    for key, facts in b.shown_facts():
        out.append(f"<li><strong>{_h(key)}</strong><ul>")
        for f in facts:
            m = marks.get(f.id)
            tag = f' <span class="mark {_h(m)}">({_h(m)})</span>' if m else ""
            out.append(f"<li>{_h(f.display)}{_h(_scope_text(f))}{tag}: {_src(f.evidence.sentence, f.evidence.language)} "
                       f'<span class="who">— {_h(_who(f.evidence.outlet, f.evidence.language, f.article_id))}</span>'
                       f"{_mt_html(b, f.evidence.translation)}</li>")
        out.append("</ul></li>")
    out.append("</ul>")
    if _updates(b):
        out.append(f"<h2>{_h(t(L, 'Updates'))}</h2><ul>")
        for a in _updates(b):
            out.append(f"<li><strong>{_h(a.key)}</strong>: {_h(a.explanation)}</li>")
        out.append("</ul>")
    if _others(b):
        out.append(f"<h2>{_h(t(L, 'Differences that are not conflicts'))}</h2><ul>")
        for a in _others(b):
            out.append(f"<li><em>{_h(_reason(a))}</em>: {_h(a.explanation)}</li>")
        out.append("</ul>")
    if b.notes:
        out.append(f"<h2>{_h(t(L, 'Notes'))}</h2><ul>" + "".join(f"<li>{_h(n)}</li>" for n in b.notes) + "</ul>")
    out.append("</body></html>")
    return "\n".join(out)


# --------------------------------------------------------------------------- rich

def to_rich(b: Brief):
    """A rich renderable; every piece of article text goes in as Text, never as markup."""
    # deferred: rich is for the terminal only; the web and the API render briefs without it
    from rich.console import Group
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text as RichText

    class Text(RichText):  # article text: no control codes reach the terminal, however assembled
        def __init__(self, text: str = "", *args: Any, **kw: Any) -> None:
            super().__init__(safe(text), *args, **kw)

        def append(self, text: Any, style: Any = None) -> RichText:
            return super().append(safe(text) if isinstance(text, str) else text, style)

    L = b.lang

    def quote(text: str, translation: str | None) -> RichText:
        """The original, and under it its machine translation, marked."""
        if not translation:
            return Text(text)
        return Text.assemble(text, "\n", Text(translation, style="italic"), " ", Text(f"[{_mt(b)}]", style="dim"))

    parts: list[Any] = []
    head: list[str | RichText] = [Text(_headline_line(b), style="bold"), "\n"]
    for extra in _headline_extra(b):
        head += [Text(extra, style="italic"), "\n"]
    head += [Text(_headline_note(b), style="dim"), "\n", Text(_overview(b))]
    parts.append(Panel(Text.assemble(*head), expand=True))
    if b.what_happened:
        w = Text()
        for c in b.what_happened:
            w.append(c.text + " ")
            w.append("[" + "; ".join(_who(x.outlet, x.language, x.article_id) for x in c.cites) + "] ", style="dim")
        w.append("\n")
        w.append(t(L, "written by {by} from the cited sentences only; unsupported claims removed",
                   by=b.what_happened_by), style="dim")
        parts.append(Panel(w, title=t(L, "What happened"), title_align="left", expand=True))
    if b.discrepancies:
        dt = Table(title=t(L, "Where sources disagree"), show_lines=True, show_header=False, expand=True, title_justify="left")
        # two columns, the evidence under its value and outlet: four side by side left the
        # sentence one character wide in an 80-column terminal
        dt.add_column("", style="bold red", overflow="fold", max_width=20)
        dt.add_column("", ratio=1)
        for d in b.discrepancies:
            first = True
            for side in d.sides:
                for f in side.facts[:2]:
                    value = Text(side.display, style="bold")
                    value.append("  — " + _who(f.evidence.outlet, f.evidence.language, f.article_id), style="dim")
                    dt.add_row(Text(f"{d.key}\n({d.kind})" if first else ""),
                               Group(value, quote(f.evidence.sentence, f.evidence.translation)))
                    first = False
        parts.append(dt)
    s = Table(title=t(L, "Summary"), show_header=False, expand=True, title_justify="left", box=None)
    s.add_column("sentence", ratio=4)
    s.add_column("source", style="dim")
    for x in b.summary:
        s.add_row(quote("• " + x.text, x.translation), Text(_who(x.outlet, x.language, x.article_id)))
    parts.append(s)
    tl = Table(title=t(L, "Timeline"), show_header=False, expand=True, title_justify="left", box=None)
    tl.add_column("k", style="bold", no_wrap=True)
    tl.add_column("v")
    tl.add_row(t(L, "First report"), Text(_pickup_text(b.timeline.first_report, L)))
    if b.timeline.first_exact:
        tl.add_row(t(L, "Earliest exact date"), Text(_pickup_text(b.timeline.first_exact, L)))
    tl.add_row(t(L, "Picked up, by language"), Text("; ".join(f"{p.who} {_date(p, L)}" for p in b.timeline.languages)))
    tl.add_row(t(L, "Picked up, by outlet"), Text("; ".join(f"{p.who} ({p.language}) {_date(p, L)}" for p in b.timeline.outlets)))
    cov = [f"{c.t}: {c.total} ({', '.join(f'{k} {v}' for k, v in c.by_language.items())})" for c in b.timeline.coverage]
    cov += [f"{k} ({t(L, 'no finer date')}): {sum(v.values())}" for k, v in b.timeline.coarser.items()]
    if b.timeline.undated:
        cov.append(f"{t(L, 'undated')}: {sum(b.timeline.undated.values())}")
    tl.add_row(t(L, "Coverage by {unit}", unit=t(L, b.timeline.unit)), Text("; ".join(cov)))
    parts.append(tl)
    src = Table(title=f"{t(L, 'Sources')} — {_sources_line(b)}",
                show_header=False, expand=True, title_justify="left", box=None)
    src.add_column("language", style="bold", no_wrap=True)
    src.add_column("outlets")
    for g in b.sources.languages:
        src.add_row(Text(f"{g.language_name} ({g.language})"), Text(", ".join(
            f"{o.name or t(L, 'unknown outlet')}{' [' + o.country + ']' if o.country else ''} ×{len(o.articles)}" for o in g.outlets)))
    parts.append(src)
    en = Table(title=t(L, "Who is named"), expand=True, title_justify="left")
    for col in ("name", "kind", "forms", "mentions"):
        en.add_column(t(L, col))
    for ent in b.entities[:20]:
        en.add_row(Text(ent.name), Text(ent.kind),
                   Text("; ".join(f"{l}: {', '.join(list(fs)[:2])}" for l, fs in ent.forms.items())),
                   str(ent.mentions))
    parts.append(en)
    ft = Table(title=t(L, "Facts"), expand=True, title_justify="left", show_lines=False, show_header=False)
    for col in ("", "", "", ""):
        ft.add_column(col)
    ft.columns[2].ratio = 3
    marks = b.fact_marks()
    for key, facts in b.shown_facts():
        for f in facts:
            ft.add_row(Text(key), Text(f.display + _scope_text(f) + _mark_text(marks, f)),
                       quote(f.evidence.sentence, f.evidence.translation),
                       Text(_who(f.evidence.outlet, f.evidence.language, f.article_id)))
    parts.append(ft)
    if _updates(b):
        up = Table(title=t(L, "Updates"), show_header=False, expand=True, title_justify="left", box=None)
        up.add_column("what", style="bold", no_wrap=True)
        up.add_column("update")
        for a in _updates(b):
            up.add_row(Text(a.key), Text(a.explanation))
        parts.append(up)
    if _others(b):
        ag = Table(title=t(L, "Differences that are not conflicts"), show_header=False, expand=True,
                   title_justify="left", box=None)
        ag.add_column("kind", style="dim", no_wrap=True)
        ag.add_column("why")
        for a in _others(b):
            ag.add_row(Text(_reason(a)), Text(a.explanation))
        parts.append(ag)
    for n in b.notes:
        parts.append(Text(f"{t(L, 'Notes')}: {n}", style="dim"))
    return Group(*parts)
