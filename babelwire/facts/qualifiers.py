"""How a number is qualified: "more than", "at most", "about", written before it or after it.

The phrases are cues.json tables (min_before, max_before, approx_before and their _after twins; at_least
and at_most name the bounds that include the number). A negation a word or two before a bound turns it
round: "haven't paid more than $3" is at most 3, "nicht weniger als 10" at least 10. Chinese, Japanese
and Korean write no spaces, so there a cue is whatever the text ends or starts with.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ._data import cue_regex, cue_words

if TYPE_CHECKING:
    from .numbers import NumberMention

# Japanese and Korean put the bound after the counter: "1000人以上", "1000명 이상".
_CJK_COUNTER = re.compile(r"^(?:人|名|件|棟|戸|世帯|か所|カ所|ヶ所|명|건|곳|채|가구|개)")


def _negated(before: str, lang: str) -> bool:
    """A negation among the two words before a bound phrase ("haven't paid more than", "not more
    than", "nie więcej niż"); an English verb ending in n't counts."""
    words = [w.lower() for w in re.findall(r"[^\W\d_]+(?:['’]t)?", before)[-2:]]
    negs = set(cue_words("negation", lang)) | (set(cue_words("negation", "en")) if lang == "en" else set())
    return any(w in negs or w.endswith(("n't", "n’t")) for w in words)


# Polish "do" is "up to" and also "to" after a compound preposition: "w odniesieniu do 100% udziałów".
_PREPOSITION_DO = {"pl": re.compile(r"\b(?:w\s+)?(?:odniesieniu|stosunku|porównaniu|odpowiedzi|nawiązaniu|dostęp\w*)\s+$",
                                    re.IGNORECASE)}
_CHANGE_REACH = 60


def _to_not_up_to(phrase: str, before: str, lang: str) -> bool:
    """A bare "to" word that is also "up to" ("do", "до", "hasta") reads "to" after a change ("wzrosła do 500",
    "снизил ставку до 0,25%") or in a compound preposition ("w stosunku do 100%"): a level, no bound."""
    p = phrase.lower().strip()
    if " " in p or p not in {w.lower() for w in cue_words("change_to", lang)}:
        return False
    rx = _PREPOSITION_DO.get(lang)
    if rx is not None and rx.search(before):
        return True
    words = re.findall(r"[^\W\d_]+", before[-_CHANGE_REACH:].lower())
    stems = [w.lower() for w in cue_words("change_words", lang)]
    return any(w.startswith(st) for w in words for st in stems)


def qualify(nm: NumberMention, digits: str, start: int, tail: int, left: int, lang: str) -> None:
    """Set ``nm``'s bound (and whether it includes the number) and approx from the phrases around it."""
    window = digits[max(left, start - 40):start]
    cjk = lang in ("zh", "ja", "ko")
    at_least = {w.lower() for w in cue_words("at_least", lang) + cue_words("at_least", "en")}
    at_most = {w.lower() for w in cue_words("at_most", lang) + cue_words("at_most", "en")}

    def mark(attr: str, val: object, phrase: str) -> None:
        setattr(nm, attr, val)
        if attr == "bound":
            said = " ".join(phrase.lower().split())
            nm.inclusive = said in (at_least if val == "min" else at_most)

    for table, attr, val in (("min_before", "bound", "min"), ("max_before", "bound", "max"),
                             ("approx_before", "approx", True)):
        if cjk:  # no spaces between words: a cue is whatever the window ends with
            hit = next((p for p in cue_words(table, lang) if window.rstrip(" $€£¥₹").endswith(p)), None)
            if hit:
                mark(attr, val, hit)
            continue
        rx = cue_regex(table, lang)
        if rx is None:
            continue
        for m in rx.finditer(window):
            gap = window[m.end():]
            # Only what stands right before the number (a currency sign may sit between).
            if len(gap.strip(" $€£¥₹")) == 0:
                if attr == "bound" and val == "max" and _to_not_up_to(m.group(0), digits[max(left, start - 100):start - len(window) + m.start()], lang):
                    continue
                # a capital opens a new clause or headline ("… not posted At least 100 health workers")
                if attr == "bound" and not m.group(0)[:1].isupper() and _negated(window[:m.start()], lang):
                    # "haven't paid more than $3": a ceiling; "nicht weniger als 10": a floor
                    nm.bound, nm.inclusive = ("max" if val == "min" else "min"), True
                    continue
                mark(attr, val, m.group(0))
    after = digits[tail:tail + 30]
    # Japanese and Korean put the bound after the counter: "1000人以上", "1000명 이상".
    counted_after = _CJK_COUNTER.sub("", after.lstrip(), count=1) if lang in ("ja", "ko") else None
    for table, attr, val in (("min_after", "bound", "min"), ("max_after", "bound", "max"),
                             ("approx_after", "approx", True)):
        if cjk:
            hit = next((p for p in cue_words(table, lang) if after.lstrip().startswith(p)), None)
            if hit is None and counted_after:
                hit = next((p for p in cue_words(table, lang) if len(p) > 1 and counted_after.lstrip().startswith(p)),
                           None)
            if hit:
                mark(attr, val, hit)
            continue
        rx = cue_regex(table, lang)
        if rx is not None:
            hit_m = rx.match(after.lstrip())
            if hit_m:
                mark(attr, val, hit_m.group(0))
