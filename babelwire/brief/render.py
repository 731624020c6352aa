"""A Brief as text for a terminal (rich), Markdown, HTML or JSON.

Article text is hostile input: in HTML everything from an article is escaped (and marked
``dir="auto"`` so Arabic reads right to left); in Markdown it is escaped so that no link,
image, heading or raw HTML can come through; in the terminal it is a rich ``Text``, never
markup.
"""
from __future__ import annotations

import html
import json
import re
from typing import Any

from .model import Brief, Pickup

FORMATS = ("text", "md", "html", "json")
_MAX_FACTS = 40


def render(brief: Brief, fmt: str = "md", *, width: int = 100) -> str:
    if fmt == "json":
        return json.dumps(brief.to_dict(), ensure_ascii=False, indent=2, default=str)
    if fmt == "md":
        return to_markdown(brief)
    if fmt == "html":
        return to_html(brief)
    if fmt == "text":
        import io

        from rich.console import Console

        c = Console(width=width, record=True, file=io.StringIO(), color_system=None)
        c.print(to_rich(brief))
        return c.export_text()
    raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


# --------------------------------------------------------------------------- shared words

def _who(outlet: str | None, language: str, article_id: str | None = None) -> str:
    name = outlet or (f"article {article_id[:12]}" if article_id else "unknown outlet")
    return f"{name} ({language})"


def _when(p: Pickup | None) -> str:
    if p is None or not p.published:
        return "date unknown"
    v = p.published.replace("T", " ")
    return f"{v} ({p.precision} precision, from {p.source or 'input'})"


def _headline_line(b: Brief) -> str:
    h = b.headline
    if h is None:
        return "(no headline)"
    return h.text


def _headline_note(b: Brief) -> str:
    h = b.headline
    if h is None:
        return ""
    parts = []
    if not h.in_reader_language:
        parts.append(f"headline in {h.language}; none in {b.lang}")
    if h.from_sentence:
        parts.append("no article had a headline: lead sentence")
    parts.append(f"from {_who(h.outlet, h.language, h.article_id)}")
    return "; ".join(parts)


def _overview(b: Brief) -> str:
    s = b.sources
    langs = ", ".join(f"{g.language} {g.articles}" for g in s.languages)
    first = _when(b.timeline.first_report)
    return (f"{s.articles} articles ({s.independent} independent) in {len(s.languages)} languages "
            f"[{langs}]; first report {first}")


def _facts_by_key(b: Brief) -> list[tuple[str, list[Any]]]:
    groups: dict[str, list[Any]] = {}
    for f in b.facts:
        groups.setdefault(f.key or f.kind, []).append(f)
    order = sorted(groups.items(), key=lambda kv: (-len({x.article_id for x in kv[1]}), kv[0]))
    return order


# --------------------------------------------------------------------------- markdown

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~>-])")


def md_escape(s: str | None) -> str:
    """Plain text for Markdown: no emphasis, links, images, headings, tables or raw HTML."""
    s = " ".join((s or "").split())
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", s)


def to_markdown(b: Brief) -> str:
    e = md_escape
    out: list[str] = [f"# {e(_headline_line(b))}", "", f"*{e(_headline_note(b))}*", "",
                      e(_overview(b)), ""]
    if b.discrepancies:
        out += ["## Where sources disagree", ""]
        for d in b.discrepancies:
            label = "Self-contradiction" if d.kind == "self-contradiction" else "Conflict"
            out.append(f"- **{label} — {e(d.key)}:** {e(d.explanation)}")
            for side in d.sides:
                for f in side.facts[:3]:
                    out.append(f"    - {e(side.display)}: “{e(f.evidence.sentence)}” — "
                               f"{e(_who(f.evidence.outlet, f.evidence.language, f.article_id))}")
        out.append("")
    out += ["## Summary", ""]
    for s in b.summary:
        out.append(f"- {e(s.text)} — *{e(_who(s.outlet, s.language, s.article_id))}*")
        if s.translation:
            out.append(f"    - ({e(b.lang)}) {e(s.translation)}")
    if not b.summary:
        out.append("(no sentences to summarise)")
    out += ["", "## Timeline", "", f"- First report: {e(_pickup_text(b.timeline.first_report))}"]
    if b.timeline.first_exact:
        out.append(f"- Earliest exact date: {e(_pickup_text(b.timeline.first_exact))}")
    out.append("- Picked up, by language: " + e("; ".join(
        f"{p.who} {p.published or 'date unknown'}" for p in b.timeline.languages)))
    out.append("- Picked up, by outlet: " + e("; ".join(
        f"{p.who} ({p.language}) {p.published or 'date unknown'}" for p in b.timeline.outlets)))
    out += ["", f"Coverage by {b.timeline.unit}:", "", "| when | articles | by language |", "|---|---|---|"]
    for c in b.timeline.coverage:
        out.append(f"| {e(c.t)} | {c.total} | {e(', '.join(f'{k} {v}' for k, v in c.by_language.items()))} |")
    for t, langs in b.timeline.coarser.items():
        out.append(f"| {e(t)} (no finer date) | {sum(langs.values())} | "
                   f"{e(', '.join(f'{k} {v}' for k, v in langs.items()))} |")
    if b.timeline.undated:
        out.append(f"| undated | {sum(b.timeline.undated.values())} | "
                   f"{e(', '.join(f'{k} {v}' for k, v in b.timeline.undated.items()))} |")
    out += ["", "## Sources", "",
            f"{b.sources.articles} articles, {b.sources.independent} independent "
            f"({b.sources.duplicates} republished copies count once).", ""]
    for g in b.sources.languages:
        outlets = ", ".join(
            f"{o.name or 'unknown outlet'}{' [' + o.country + ']' if o.country else ''} ×{len(o.articles)}"
            for o in g.outlets)
        out.append(f"- **{e(g.language_name)} ({e(g.language)})**: {e(outlets)}")
    out += ["", "## Who is named", "", "| name | kind | languages | forms | mentions |", "|---|---|---|---|---|"]
    for ent in b.entities[:30]:
        forms = "; ".join(f"{l}: {', '.join(list(fs)[:3])}" for l, fs in ent.forms.items())
        out.append(f"| {e(ent.name)} | {e(ent.kind)} | {e(', '.join(ent.languages))} | {e(forms)} | {ent.mentions} |")
    out += ["", "## Facts", ""]
    shown = 0
    for key, facts in _facts_by_key(b):
        out.append(f"- **{e(key)}**")
        for f in facts:
            if shown >= _MAX_FACTS:
                break
            shown += 1
            scope = _scope_text(f)
            out.append(f"    - {e(f.display)}{e(scope)}: “{e(f.evidence.sentence)}” — "
                       f"{e(_who(f.evidence.outlet, f.evidence.language, f.article_id))}")
    if b.agreements:
        out += ["", "## Differences that are not conflicts", ""]
        for a in b.agreements:
            out.append(f"- {e(a.explanation)} — {e(_who(a.a.evidence.outlet, a.a.language, a.a.article_id))} / "
                       f"{e(_who(a.b.evidence.outlet, a.b.language, a.b.article_id))}")
    if b.notes:
        out += ["", "## Notes", ""] + [f"- {e(n)}" for n in b.notes]
    out.append("")
    return "\n".join(out)


def _pickup_text(p: Pickup | None) -> str:
    if p is None:
        return "no article carries a date"
    return f"{_when(p)} — {_who(p.outlet, p.language, p.article_id)}"


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


def to_html(b: Brief) -> str:
    h = b.headline
    hl = _src(h.text, h.language) if h else "(no headline)"
    out = ["<!doctype html>", '<html lang="en"><head><meta charset="utf-8">',
           f"<title>{_h(h.text if h else 'babelwire brief')}</title>",
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<style>{_CSS}</style></head><body>",
           f"<h1>{hl}</h1>", f'<p class="meta">{_h(_headline_note(b))}</p>',
           f"<p>{_h(_overview(b))}</p>"]
    if b.discrepancies:
        out.append("<h2>Where sources disagree</h2>")
        for d in b.discrepancies:
            cls = "self" if d.kind == "self-contradiction" else "conflict"
            out.append(f'<div class="{cls}"><p><strong>{_h(d.kind)} — {_h(d.key)}</strong>: {_h(d.explanation)}</p>')
            for side in d.sides:
                for f in side.facts[:3]:
                    out.append(f"<blockquote><strong>{_h(side.display)}</strong>: "
                               f"{_src(f.evidence.sentence, f.evidence.language)} "
                               f'<span class="who">— {_h(_who(f.evidence.outlet, f.evidence.language, f.article_id))}</span></blockquote>')
            out.append("</div>")
    out.append("<h2>Summary</h2><ul>")
    for s in b.summary:
        tr = f'<br><span class="who">({_h(b.lang)}) {_h(s.translation)}</span>' if s.translation else ""
        out.append(f"<li>{_src(s.text, s.language)} <span class=\"who\">— "
                   f"{_h(_who(s.outlet, s.language, s.article_id))}</span>{tr}</li>")
    out.append("</ul><h2>Timeline</h2><ul>")
    out.append(f"<li>First report: {_h(_pickup_text(b.timeline.first_report))}</li>")
    if b.timeline.first_exact:
        out.append(f"<li>Earliest exact date: {_h(_pickup_text(b.timeline.first_exact))}</li>")
    out.append("<li>By language: " + _h("; ".join(f"{p.who} {p.published or 'date unknown'}"
                                                  for p in b.timeline.languages)) + "</li>")
    out.append("<li>By outlet: " + _h("; ".join(f"{p.who} ({p.language}) {p.published or 'date unknown'}"
                                                for p in b.timeline.outlets)) + "</li></ul>")
    out.append(f"<table><tr><th>{_h(b.timeline.unit)}</th><th>articles</th><th>by language</th></tr>")
    rows = [(c.t, c.total, c.by_language) for c in b.timeline.coverage]
    rows += [(f"{t} (no finer date)", sum(v.values()), v) for t, v in b.timeline.coarser.items()]
    if b.timeline.undated:
        rows.append(("undated", sum(b.timeline.undated.values()), b.timeline.undated))
    for t, n, langs in rows:
        out.append(f"<tr><td>{_h(t)}</td><td>{n}</td><td>{_h(', '.join(f'{k} {v}' for k, v in langs.items()))}</td></tr>")
    out.append("</table><h2>Sources</h2>")
    out.append(f"<p>{b.sources.articles} articles, {b.sources.independent} independent "
               f"({b.sources.duplicates} republished copies count once).</p><ul>")
    for g in b.sources.languages:
        outlets = ", ".join(f"{o.name or 'unknown outlet'}{' [' + o.country + ']' if o.country else ''} ×{len(o.articles)}"
                            for o in g.outlets)
        out.append(f"<li><strong>{_h(g.language_name)} ({_h(g.language)})</strong>: {_h(outlets)}</li>")
    out.append("</ul><h2>Who is named</h2><table><tr><th>name</th><th>kind</th><th>forms by language</th><th>mentions</th></tr>")
    for ent in b.entities[:30]:
        forms = "; ".join(f"{_h(l)}: " + ", ".join(_src(f, l) for f in list(fs)[:3]) for l, fs in ent.forms.items())
        out.append(f"<tr><td>{_h(ent.name)}</td><td>{_h(ent.kind)}</td><td>{forms}</td><td>{ent.mentions}</td></tr>")
    out.append("</table><h2>Facts</h2><ul>")
    shown = 0
    for key, facts in _facts_by_key(b):
        out.append(f"<li><strong>{_h(key)}</strong><ul>")
        for f in facts:
            if shown >= _MAX_FACTS:
                break
            shown += 1
            out.append(f"<li>{_h(f.display)}{_h(_scope_text(f))}: {_src(f.evidence.sentence, f.evidence.language)} "
                       f'<span class="who">— {_h(_who(f.evidence.outlet, f.evidence.language, f.article_id))}</span></li>')
        out.append("</ul></li>")
    out.append("</ul>")
    if b.agreements:
        out.append("<h2>Differences that are not conflicts</h2><ul>")
        for a in b.agreements:
            out.append(f"<li>{_h(a.explanation)}</li>")
        out.append("</ul>")
    if b.notes:
        out.append("<h2>Notes</h2><ul>" + "".join(f"<li>{_h(n)}</li>" for n in b.notes) + "</ul>")
    out.append("</body></html>")
    return "\n".join(out)


# --------------------------------------------------------------------------- rich

def to_rich(b: Brief):
    """A rich renderable; every piece of article text goes in as Text, never as markup."""
    from rich.console import Group
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    from ..terminal import safe

    def _text(value: str, **kw) -> Text:  # article text: no control codes reach the terminal
        return Text(safe(value), **kw)

    parts: list[Any] = []
    title = _text(_headline_line(b), style="bold")
    parts.append(Panel(Text.assemble(title, "\n", _text(_headline_note(b), style="dim"), "\n",
                                     _text(_overview(b))), expand=True))
    if b.discrepancies:
        t = Table(title="Where sources disagree", show_lines=True, expand=True, title_justify="left")
        t.add_column("what", style="bold red", no_wrap=True)
        t.add_column("value")
        t.add_column("evidence", ratio=3)
        t.add_column("source")
        for d in b.discrepancies:
            first = True
            for side in d.sides:
                for f in side.facts[:2]:
                    t.add_row(_text(f"{d.key}\n({d.kind})" if first else ""), _text(side.display),
                              _text(f.evidence.sentence), _text(_who(f.evidence.outlet, f.evidence.language, f.article_id)))
                    first = False
        parts.append(t)
    s = Table(title="Summary", show_header=False, expand=True, title_justify="left", box=None)
    s.add_column("sentence", ratio=4)
    s.add_column("source", style="dim")
    for x in b.summary:
        s.add_row(_text("• " + x.text), _text(_who(x.outlet, x.language, x.article_id)))
    parts.append(s)
    tl = Table(title="Timeline", show_header=False, expand=True, title_justify="left", box=None)
    tl.add_column("k", style="bold", no_wrap=True)
    tl.add_column("v")
    tl.add_row("first report", _text(_pickup_text(b.timeline.first_report)))
    if b.timeline.first_exact:
        tl.add_row("earliest exact", _text(_pickup_text(b.timeline.first_exact)))
    tl.add_row("by language", _text("; ".join(f"{p.who} {p.published or '?'}" for p in b.timeline.languages)))
    tl.add_row("by outlet", _text("; ".join(f"{p.who} ({p.language}) {p.published or '?'}" for p in b.timeline.outlets)))
    cov = [f"{c.t}: {c.total} ({', '.join(f'{k} {v}' for k, v in c.by_language.items())})" for c in b.timeline.coverage]
    cov += [f"{t} only: {sum(v.values())}" for t, v in b.timeline.coarser.items()]
    if b.timeline.undated:
        cov.append(f"undated: {sum(b.timeline.undated.values())}")
    tl.add_row(f"per {b.timeline.unit}", _text("; ".join(cov)))
    parts.append(tl)
    src = Table(title=f"Sources — {b.sources.articles} articles, {b.sources.independent} independent",
                show_header=False, expand=True, title_justify="left", box=None)
    src.add_column("language", style="bold", no_wrap=True)
    src.add_column("outlets")
    for g in b.sources.languages:
        src.add_row(_text(f"{g.language_name} ({g.language})"), _text(", ".join(
            f"{o.name or 'unknown outlet'}{' [' + o.country + ']' if o.country else ''} ×{len(o.articles)}" for o in g.outlets)))
    parts.append(src)
    en = Table(title="Who is named", expand=True, title_justify="left")
    for col in ("name", "kind", "forms by language", "mentions"):
        en.add_column(col)
    for ent in b.entities[:20]:
        en.add_row(_text(ent.name), _text(ent.kind),
                   _text("; ".join(f"{l}: {', '.join(list(fs)[:2])}" for l, fs in ent.forms.items())),
                   str(ent.mentions))
    parts.append(en)
    ft = Table(title="Facts", expand=True, title_justify="left", show_lines=False)
    for col in ("what", "value", "evidence", "source"):
        ft.add_column(col, ratio=3 if col == "evidence" else None)
    shown = 0
    for key, facts in _facts_by_key(b):
        for f in facts:
            if shown >= _MAX_FACTS:
                break
            shown += 1
            ft.add_row(_text(key), _text(f.display + _scope_text(f)), _text(f.evidence.sentence),
                       _text(_who(f.evidence.outlet, f.evidence.language, f.article_id)))
    parts.append(ft)
    if b.agreements:
        ag = Table(title="Differences that are not conflicts", show_header=False, expand=True,
                   title_justify="left", box=None)
        ag.add_column("why")
        for a in b.agreements:
            ag.add_row(_text("• " + a.explanation))
        parts.append(ag)
    for n in b.notes:
        parts.append(_text(f"note: {n}", style="dim"))
    return Group(*parts)
