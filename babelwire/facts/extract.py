"""Facts of one article: numbers and dates with their evidence sentences."""
from __future__ import annotations

import re
from typing import Any

from ..clean import opens_link
from ..models import get_field
from .dates import display_date, find_dates
from .lexicon import is_function_word
from .magnitudes import display_magnitude, display_value
from .numbers import find_numbers
from .page_numbers import caption_spans, getty_caption_date, page_date
from .sentences import Sentence, sentence_at, split_sentences
from .types import Evidence, Fact

_DATELINE_WORDS = 12  # a line this short that holds a date is a dateline, not a statement
# "Roma, 4 Mar (EFE)", "Jan 1 (ANI):", "1 de enero (EFE) .": a date followed by a wire agency's
# tag says when the copy was filed, not when something happened.
# Full-width brackets and the agencies' own names in Chinese and Arabic too: "1 月 1 日（ANI）：".
_AGENCY_TAG = re.compile(
    r"[.,]?\s*[(\[（]\s*(?!(?:UTC|GMT|CET|CEST|EST|EDT|PST|PDT|BST|IST|JST|MSK)\b)"
    r"(?:[A-Z]{2,8}|dpa|Reuters|Xinhua|Sputnik|Anadolu|Bernama|Yonhap|Kyodo|Notimex|Europa Press|Télam|Prensa Latina"
    r"|Adnkronos|Tasnim|Interfax|ТАСС|РИА Новости|Интерфакс"
    r"|新华社|新華社|法新社|路透社|美联社|美聯社|中新社|共同社|韩联社|韓聯社|塔斯社|合众国际社"
    r"|رويترز|أ ف ب|أ\.ف\.ب|د ب أ|واس|الأناضول|سبوتنيك|شينخوا)(?:[-/ ][A-Za-z]{2,8})?\s*[)\]）]")


# "PADANG BESAR, March 15 —", "GNA Winneba (C/R) 1 gennaio, GNA -": a dateline opens the copy with
# the place in capitals (or ends with the agency's tag); it says when the copy was filed.
_DATELINE_BEFORE = re.compile(r"(?:^|[\n.!?]\s*|[—–-]\s)[A-ZÀ-Ž][A-ZÀ-Ž .'’-]{2,40}(?:\s*\([^()]{1,12}\))?,\s*$")
_DATELINE_AFTER = re.compile(r"\s*(?:[—–]|-\s|\(\w)")
_AGENCY_AFTER = re.compile(r",\s*[A-Z]{2,6}\s*[-–—]\s")  # "GNA Winneba (C/R) 1 gennaio, GNA -"
# "SOFIA, January 1. /TASS/.": a sentence of its own; the story's day unless the copy after it tells of
# the day before
_SLASH_AGENCY = re.compile(r"\.?\s*/\s*[A-ZА-ЯЁ]{2,8}\s*/")  # "/TASS/", "/ТАСС/"
# A dateline's date is the story's day unless its sentence tells of the day before.
_YESTERDAY = re.compile(r"\b(?:yesterday|hier|ayer|gestern|ieri|wczoraj|вчера|dün|ontem)\b|昨天|昨日", re.IGNORECASE)
# A privacy or cookie banner ("RODO", "GDPR", "polityka prywatności"): its date is the regulation's.
_BANNER_WORDS = re.compile(
    r"\b(?:RODO|GDPR|RGPD|DSGVO|DS-GVO|cookies?|privacy polic\w*|polityk\w* prywatności|politique de confidentialité"
    r"|Datenschutz\w*|informativa sulla privacy|política de privacidad|политик\w* конфиденциальности"
    r"|gizlilik politika\w*|KVKK)", re.IGNORECASE)
# "W dniu 25 maja 2018 r. Rozporządzenie Rodo weszło w życie": the splitter cut the banner after "r.", so its
# words are looked for just after the date too.
_BANNER_REACH = 40
# An archive widget: "(84) June 2018 (86) May 2018 (64) April 2018": a run of dates with no word between.
# The year's abbreviation may close each entry: "(20) февраль 2018 г. (18) январь 2018 г.", "lipiec 2017 r.".
_RUN_GAP = re.compile(r"(?:\s*(?:г|гг|r|yıl)\.?)?[\s,;|·•/()\d-]{0,12}")
_RUN_LENGTH = 3
_STAMPS_IN_WIDGET = 2  # page dates in one sentence that make it a widget's
_WIDGET_REACH = 40  # a widget's figures before its first stamp ("7 horas2020 Hace 1 día")
# What may stand between a page's date and the next date for that one to be the page's too: its weekday
# is read as part of the date; a clock time or the stamp's garbled digits ("18.02.2020 11: 38.02.2020
# 11 Şubat'ta") are no word of the story.
_STAMP_GAP = re.compile(r"[\s\d,.:;|/–—-]{0,24}")


def _date_runs(spans: list[tuple[int, int]], text: str) -> set[int]:
    """Indexes of the dates that stand in a run of three or more with no word between."""
    out: set[int] = set()
    run = [0] if spans else []
    for i in range(1, len(spans) + 1):
        if i < len(spans) and _RUN_GAP.fullmatch(text[spans[i - 1][1]:spans[i][0]]):
            run.append(i)
            continue
        if len(run) >= _RUN_LENGTH:
            out.update(run)
        run = [i]
    return out


# Where a link's title runs on into the story with no stop between ("… la quinta tormenta invernal Desde el
# pasado 15 de diciembre"): a frequent word written with a capital after a word written small.
_RESTART = re.compile(r"(?<!\w)[a-zà-ÿа-я][\w'’-]*\s+([A-ZÀ-ÝА-Я][a-zà-ÿа-я]+)")


def _link_end(sent: Sentence, lang: str) -> int:
    """The end of a "read also" link that opens ``sent``: the sentence's end, or where the story restarts."""
    for m in _RESTART.finditer(sent.text):
        if is_function_word(m.group(1), lang):
            return sent.start + m.start(1)
    return sent.end


def _is_dateline(text: str, at: int) -> bool:
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    line = text[start:end if end >= 0 else len(text)].strip()
    return len(line.split()) <= _DATELINE_WORDS and not line.endswith((".", "!", "?", "।", "؟"))


def evidence_for(article: Any, sent: Sentence | None, start: int, end: int, outlet: str | None = None) -> Evidence:
    text = get_field(article, "text") or ""
    if sent is None:
        s, e = max(0, start - 80), min(len(text), end + 80)
        snippet = text[s:e]
    else:
        s, e, snippet = sent.start, sent.end, sent.text
    return Evidence(
        article_id=get_field(article, "id"),
        sentence=snippet,
        start=s,
        end=e,
        language=get_field(article, "language") or "und",
        outlet=outlet if outlet is not None else get_field(article, "source"),
        published=get_field(article, "published"),
    )


def extract_facts(
    article: Any,
    *,
    sentences: list[Sentence] | None = None,
    published: str | None = None,
    context: str | None = None,
    outlet: str | None = None,
) -> list[Fact]:
    """Numbers, amounts, percentages, dates and deadlines of one article, in text order.

    ``published`` overrides the article's own date (e.g. one refined from its dateline);
    ``context`` is the story's date, used for years a date leaves out.
    """
    text = get_field(article, "text") or ""
    lang = get_field(article, "language") or "und"
    aid = get_field(article, "id")
    if sentences is None:
        sentences = split_sentences(text, lang)
    pub = published if published is not None else get_field(article, "published")
    facts: list[Fact] = []
    skip: list[tuple[int, int]] = []
    page_end = -1  # where the last date of the page (not of the story) ends
    captions = caption_spans(text, [(s.start, s.end) for s in sentences])
    skip += captions  # a photo's caption: its figures are of the picture
    links = [(s.start, _link_end(s, lang)) for s in sentences if opens_link(s.text, lang)]
    skip += links  # "También te puede interesar: Reportan siete muertos …": another story's figures
    found = find_dates(text, lang, published=pub, context=context)
    runs = _date_runs([(dm.start, dm.end) for dm in found], text)
    stamped: dict[int, list[tuple[int, int]]] = {}  # page dates per sentence (by its start)
    for i, dm in enumerate(found):
        skip.append((dm.start, dm.end))
        sent = sentence_at(sentences, dm.start)
        if i in runs or (sent is not None and _BANNER_WORDS.search(sent.text)) or _BANNER_WORDS.search(
                text, dm.end, dm.end + _BANNER_REACH) or any(
                s <= dm.start < e for s, e in links):
            continue  # an archive widget's months, a cookie banner's "25 maja 2018"
        if _AGENCY_AFTER.match(text, dm.end) or (_DATELINE_AFTER.match(text, dm.end) and _DATELINE_BEFORE.search(
                text, max(0, dm.start - 60), dm.start) and sent is not None and _YESTERDAY.search(sent.text)) or (
                _SLASH_AGENCY.match(text, dm.end) and _YESTERDAY.search(text, dm.end, dm.end + 300)):
            continue  # "PADANG BESAR, March 15 —": when the copy was filed, not what happened
        if any(s < dm.end and dm.start < e for s, e in captions) or getty_caption_date(text, dm.start, dm.end):
            continue  # "FILE PHOTO: … 23 May 2019", "WASHINGTON, DC - MAY 18: police tape …"
        if (dm.year_written and _is_dateline(text, dm.start)) or _AGENCY_TAG.match(text, dm.end) or page_date(
                text, dm.start, dm.end, dm.year_written, lang) or (
                page_end >= 0 and _STAMP_GAP.fullmatch(text, page_end, dm.start)):
            page_end = dm.end  # its weekday ("28 Mayıs 2020 Perşembe") goes with it
            if sent is not None:
                stamped.setdefault(sent.start, []).append((dm.start, dm.end))
            continue  # "Publisert: 10. juli 2020 21:06", "Roma, 4 Mar (EFE)", a tweet's date say when, not what
        if dm.month is None and dm.value is None:
            continue  # a weekday that cannot be placed tells the reader nothing
        inferred = any("inferred" in n for n in dm.notes)
        notes = list(dm.notes)
        facts.append(Fact(
            id=f"{aid}:{dm.start}",
            kind="date",
            # ISO 8601's "--MM-DD" when the year cannot be placed (no publication date to go by)
            value=dm.value.isoformat() if dm.value else (
                f"--{dm.month:02d}-{dm.day:02d}" if dm.month and dm.day else None),
            display=("by " if dm.deadline else "") + display_date(
                dm.value, dm.precision, year_inferred=inferred, weekday_raw=dm.weekday_raw,
                month=dm.month, day=dm.day),
            raw=dm.raw,
            start=dm.start,
            end=dm.end,
            evidence=evidence_for(article, sent, dm.start, dm.end, outlet),
            key="deadline" if dm.deadline else None,
            deadline=dm.deadline,
            precision=dm.precision,
            weekday=dm.weekday_raw,
            notes=notes + (["weekday does not match the date"] if dm.weekday_mismatch else []),
            confidence=dm.confidence,
        ))
    # two page stamps in a sentence make a widget's list ("7 horas2020 Hace 1 día PIX NOW01/01/2020 Hace 1 día PIX
    # NOW01/01/2020 …"): the figures among them and just before the first are the widget's too
    skip += [(max(at, st[0][0] - _WIDGET_REACH), st[-1][1]) for at, st in stamped.items() if len(st) >= _STAMPS_IN_WIDGET]
    spans = [(s.start, s.end) for s in sentences]
    for nm in find_numbers(text, lang, sentences=spans, skip=skip):
        sent = sentence_at(sentences, nm.start)
        disp = display_value(nm.value, nm.kind, nm.unit)
        if nm.magnitude:  # "Hunderte", "数百": shown as an order of magnitude, never as 100
            disp = display_magnitude(nm.value) + (f" ({nm.unit})" if nm.kind == "money" and nm.unit else "")
        if nm.upper is not None:  # "10–15": the range as one figure
            span = f"{display_value(nm.value)}–{display_value(nm.upper)}"
            disp = f"{span}%" if nm.kind == "percent" else f"{nm.unit} {span}" if nm.kind == "money" else span
        if nm.per and nm.kind == "money":  # a rate keeps its "per": "USD 0.63 per 千瓦时"
            disp += f" per {nm.per}"
        if nm.bound == "min":
            disp = ("at least " if nm.inclusive else "more than ") + disp
        elif nm.bound == "max":
            disp = ("at most " if nm.inclusive else "less than ") + disp
        elif nm.approx and not nm.magnitude:
            disp = "about " + disp
        facts.append(Fact(
            id=f"{aid}:{nm.start}",
            kind=nm.kind,
            value=nm.value,
            display=disp + (f" {nm.key}" if nm.key else (f" {nm.counts}" if nm.counts else "")) + (
                f" per {nm.per}" if nm.per and nm.kind != "money" else ""),  # "9.7 million barrels per day"
            raw=nm.raw,
            start=nm.start,
            end=nm.end,
            evidence=evidence_for(article, sent, nm.start, nm.end, outlet),
            counts=nm.counts,
            key=nm.key,
            unit=nm.unit,
            approx=nm.approx,
            bound=nm.bound,
            upper=nm.upper,
            scope=nm.scope,
            precision="magnitude" if nm.magnitude else None,
            confidence=nm.confidence,
            notes=[f"less sure: {d}" for d in nm.doubts],
        ))
    facts.sort(key=lambda f: f.start)
    return facts
