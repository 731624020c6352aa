"""Generate the labelled web-page set for `babelwire eval extraction` (tests/data/webpages/).

Pages are written here, not collected: 12 languages x 10 layouts, each with the page furniture
real news sites carry (navigation, cookie banner, share bar, related links, comments, footer),
a byline, a <title> with the outlet's name at one end, and the publication date kept in one
of the places pages keep it (URL path, article:published_time with a local offset, JSON-LD,
<time>, visible text in the page's language, an HTML comment). Some pages carry traps: a
modified date after the published one, a UTC timestamp whose day differs from the local day,
NUL bytes inside markup, a reprint notice, layouts that precision-mode extraction mishandles
(story in <span>s or list items).

Deterministic: `python benchmarks/webpages/generate.py [OUT_DIR]` writes the same files every
time. labels.jsonl has one line per page: file, language, url, title, date (the day the page
states, local), body (the article's paragraphs), snippets (three of them), kind.
"""
from __future__ import annotations

import json
import random
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

from content import AUTHORS, FURNITURE, LANGS  # this folder's per-language texts

LAYOUTS = ["url", "meta", "jsonld", "time", "visible", "comment", "meta_utc_nextday", "precision_poor", "reprint",
           "blog_list"]
SEPARATORS = [" – ", " | ", " - ", " — ", " :: "]


def esc(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def visible_date(lang: str, local: datetime) -> str:
    spec = LANGS[lang]
    months = spec["months"]
    return spec["visible"].format(d=local.day, m=local.month, y=local.year,
                                  month=months[local.month - 1] if months else "")


def page(lang: str, idx: int, rng: random.Random) -> tuple[str, dict, bytes]:
    spec, furn = LANGS[lang], FURNITURE[lang]
    layout = LAYOUTS[idx % len(LAYOUTS)]
    outlet, domain = spec["outlets"][idx % len(spec["outlets"])]
    headline, sentences = spec["articles"][idx % len(spec["articles"])]
    sentences = list(sentences)
    rng.shuffle(sentences)
    paras = [" ".join(sentences[:2]), " ".join(sentences[2:4]), sentences[4]]
    author = rng.choice(AUTHORS)
    tz = timezone(timedelta(hours=spec["offset"]))
    # Local times near midnight make a UTC conversion change the day: the trap issue 15 names.
    day0 = datetime(2019, 1, 1, tzinfo=tz) + timedelta(days=rng.randrange(0, 1800))
    hour = rng.choice([0, 1, 6, 9, 14, 22, 23]) if spec["offset"] != 0 else 12
    local = day0.replace(hour=hour, minute=rng.randrange(60))
    modified = local + timedelta(days=rng.randrange(2, 40), hours=5)
    iso = local.isoformat(timespec="seconds")
    slug = f"article-{lang}-{idx}"
    url = f"https://www.{domain}/{local:%Y/%m/%d}/{slug}" if layout in ("url", "meta_utc_nextday") else f"https://www.{domain}/news/{slug}-{rng.randrange(10**6, 10**7)}"
    sep = SEPARATORS[idx % len(SEPARATORS)]
    title_tag = f"{headline}{sep}{outlet}" if idx % 2 == 0 else f"{outlet}{sep}{headline}"
    head = ['<meta charset="utf-8">', f"<title>{esc(title_tag)}</title>",
            f'<meta property="og:title" content="{esc(title_tag)}">',
            f'<meta property="og:site_name" content="{esc(outlet)}">',
            f'<link rel="canonical" href="{url}">', f'<meta property="og:url" content="{url}">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">']
    # Every page carries the site's modified date, after the published one: a trap for dates.
    head.append(f'<meta property="article:modified_time" content="{modified.isoformat(timespec="seconds")}">')
    date_html = ""
    comment = ""
    if layout == "meta":
        head.append(f'<meta property="article:published_time" content="{iso}">')
    elif layout == "meta_utc_nextday":
        head.append(f'<meta property="article:published_time" content="{local.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")}">')
    elif layout == "jsonld":
        ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": headline,
              "datePublished": iso, "dateModified": modified.isoformat(timespec="seconds"),
              "author": {"@type": "Person", "name": author}, "publisher": {"@type": "Organization", "name": outlet}}
        head.append(f'<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>')
    elif layout in ("time", "reprint"):
        date_html = f'<time datetime="{iso}" class="published">{esc(visible_date(lang, local))}</time>'
    elif layout in ("visible", "precision_poor", "blog_list"):
        date_html = f'<span class="date">{esc(furn["published"])} {esc(visible_date(lang, local))}</span>'
    elif layout == "comment":
        comment = f"<!-- published: {local:%Y-%m-%d %H:%M} -->"
    head_html = "\n".join(head)
    nav = "".join(f'<li><a href="/{n.lower()}">{esc(n)}</a></li>' for n in furn["nav"])
    share = "".join(f'<a class="share" href="#">{esc(s)}</a> ' for s in furn["share"])
    others = [a for a in spec["articles"] if a[0] != headline]
    related = "".join(f'<li><a href="/news/{i}">{esc(h)}</a></li>' for i, (h, _) in enumerate(others))
    byline = f'<p class="byline">{esc(spec["by"])} <a href="/authors/x" rel="author">{esc(author)}</a></p>'
    updated = f'<p class="updated">{esc(furn["updated"])}: {esc(visible_date(lang, modified))}</p>'
    if layout == "precision_poor":
        # No <p>: the story in <span>s, the date line on its own; precision mode finds nothing.
        body = "".join(f'<span class="t">{esc(p)}</span>' for p in paras)
        main = f'<div class="wrap"><div class="col">{date_html}</div><div class="c">{body}</div></div>'
    elif layout == "blog_list":
        # A blog theme that sets paragraphs as list items: precision mode keeps only the date line.
        main = '<ul class="post">' + "".join(f"<li>{esc(p)}</li>" for p in paras) + "</ul>"
    else:
        main = "\n".join(f"<p>{esc(p)}</p>" for p in paras)
        if layout == "reprint":
            main = f'<p class="reprint"><em>{esc(furn["reprint"])}</em></p>\n' + main
    wrapper = "div" if layout in ("precision_poor", "blog_list") else "article"
    klass = "x-col" if wrapper == "div" else "story"
    article = f"""<{wrapper} class="{klass}">
{"" if layout == "precision_poor" else f"<h1>{esc(headline)}</h1>"}
{byline}
<div class="meta">{date_html}</div>
<div class="share-bar">{share}</div>
<div class="{"x-inner" if wrapper == "div" else "story-body"}">
{main}
</div>
{updated}
</{wrapper}>"""
    img = f'<img src="/img/{slug}.jpg" alt="{esc(headline)}">'
    if idx % 4 == 1:  # stray NUL bytes inside markup, as some CMS exports carry
        img = f'<img src="/img/{slug}.jpg"\x00 alt="{esc(headline)}"\x00>'
    html = f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
{head_html}
</head>
<body>
{comment}
<div id="cookie-banner" class="cookie-consent"><p>{esc(furn["cookie"])}</p><button>OK</button></div>
<header><a class="logo" href="/">{esc(outlet)}</a><nav><ul>{nav}</ul></nav></header>
<main>
{img}
{article}
<aside class="related"><h3>{esc(furn["related"])}</h3><ul>{related}</ul></aside>
<section id="comments" class="comments"><h3>{esc(furn["comments"])} (1)</h3>
<div class="comment"><span class="user">reader42</span><p>{esc(furn["comment"])}</p></div></section>
</main>
<footer><p>© {local.year} {esc(outlet)}. {esc(furn["footer"])}</p><a href="/impressum">{esc(furn["read"])}</a></footer>
</body>
</html>
"""
    snippets = [paras[0][:60], paras[1][-60:], paras[2][:50]]
    label = {"file": f"{lang}-{idx:02d}.html", "language": lang, "url": url, "layout": layout,
             "title": headline, "site": outlet, "date": local.strftime("%Y-%m-%d"),
             "body": "\n\n".join(paras), "snippets": snippets, "furniture": [furn["cookie"], furn["comment"], furn["reprint"]]}
    return label["file"], label, html.encode("utf-8")


def main(out: str) -> None:
    rng = random.Random(15)
    root = Path(out)
    (root / "pages").mkdir(parents=True, exist_ok=True)
    labels = []
    for lang in LANGS:
        for idx in range(len(LAYOUTS)):
            name, label, data = page(lang, idx, rng)
            (root / "pages" / name).write_bytes(data)
            labels.append(label)
    with open(root / "labels.jsonl", "w", encoding="utf-8") as f:
        for label in labels:
            f.write(json.dumps(label, ensure_ascii=False) + "\n")
    print(f"{len(labels)} pages in {len(LANGS)} languages -> {root}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "tests/data/webpages")
