"""What a number in a sentence counts, and in which scope: the key and the place/period.

``find_numbers`` (numbers.py) reads a number and its qualifiers; these two steps then look
around it in its clause: the counted word after it (or a specific key nearby, "165 مليون مرة …
تحميل" counts downloads) and the place or period that bounds it ("in Italy", "this quarter").
They are apart from the reading of digits and scales because they ask about the sentence,
not the number, with their own word tables (counters.json, cues.json). The readings that turn
a figure into something other than a level (a change, a rate, a weight, a local dollar) live in
number_cues.py.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from ..text import ascii_digits
from ._data import cue_regex, cue_words, load
from .dates import is_month_name, is_weekday_name
from .lexicon import NOUN_CAPITALISING, is_common_word, is_demonym, is_function_word, is_no_noun, word_frequency
from .number_forms import AREA_UNITS, degree_scale
from .number_words import (
    CJK_CHAR,
    ELISION,
    NUMBER_TOKEN,
    counter_key,
    currency_tables,
    factors,
    keys_in,
    money_keys,
    percent_keys,
    thing_keys,
    tr_price_at,
)

if TYPE_CHECKING:
    from .numbers import NumberMention

_LINK_WORDS = {"de", "d'", "d’", "of", "di", "des", "del", "von"}
_RANGE = re.compile(r"\s*(?:to|à|til|hingga|sampai|bis|and|et|og|dan|y|a|से|إلى|الى|-|–)\s*\d[\d.,]*\s*",
                    re.IGNORECASE)


# Below this Zipf frequency a small German word before a noun is a cut-off fragment ("2,2 Millionen nachge
# Land": 1.78), not an adjective ("unbestätigte" 2.29, "geimpfte" 2.39, "bekannte" 4.66)
_FRAGMENT_ZIPF = 2.0


def what_counted(nm: NumberMention, text: str, tail: int, left: int, right: int, lang: str) -> None:
    """The counted word right after the number, and a language-independent key for it.

    A generic counter ("people", "times") or a measure ("km") gives way to a specific key in
    the same clause: "165 مليون مرة … تحميل" counts downloads, "depth of 42 km" a depth.
    Durations ("5 hours later") keep their own key. An amount takes only a money key ("took
    home $1 million" is no count of homes), a percentage only a rate's key.
    """
    rng = _RANGE.match(ascii_digits(text[tail:right]))
    if rng:  # "15 hingga 60 detik": the counted word follows the range's second number
        tail += rng.end()
    counted, linked = None, False
    tail = _past_bound_words(text, tail, right, lang)  # "10 से अधिक लोगों", "10 or more people"
    if tail < len(text) and CJK_CHAR.match(text[tail:tail + 1]):
        counted = text[tail:min(right, tail + 4)]  # CJK: no spaces; the next few characters
    else:
        for m in NUMBER_TOKEN.finditer(text, tail, right):
            if m.group(0).lower() in _LINK_WORDS:
                linked = True  # "61 percent of Russians": a capital after "of" is what is counted
                continue
            if re.search(r"[，。；：、！？]", text[tail:m.start()]):
                break  # "4.52 亿美元，令人印象深刻": past a CJK comma the words say something else
            if not m.group(0)[0].isdigit():  # "Image 1 of / 1": another number counts nothing
                counted = _noun_after_modifiers(text, m, right, lang)
            break
    # "650 amerikanische Fallschirmjäger": a German word written small before a noun is its adjective (a
    # count keeps it; "50 Prozent des wöchentlichen Umsatzes" and "370 Millionen Euro erhoben" show none)
    before_noun = lang == "de" and bool(counted) and bool(re.search(
        rf"(?<!\w){re.escape(counted or '')}\s+[A-ZÄÖÜ]", text[tail:right]))
    amount = nm.kind in ("money", "percent")
    if (lang == "en" and counted and nm.kind == "count" and nm.value != 1 and counted.islower()
            and not counted.endswith("s") and not counter_key(counted, lang)[1]
            and not (nm.raw.isdigit() and len(nm.raw) == 4 and 1800 <= nm.value <= 2100)):  # "2020 parade"
        counted = _head_noun(text, tail, counted, right, lang)  # "10,000 beverage containers"
    # "11.4 penalty minutes": a counter word before a plural modifies it; the plural is counted, and where
    # we know no key for it the count is left unread (not "11.4 fine")
    stacked = False
    if (lang == "en" and counted and nm.kind == "count" and nm.value != 1 and counted.islower()
            and not counted.endswith("s") and counter_key(counted, lang)[1] == "specific"):
        at = text.find(counted, tail) + len(counted)
        nxt = NUMBER_TOKEN.match(text, at + 1) if text[at:at + 1] == " " else None
        plural = nxt.group(0) if nxt is not None and nxt.end() <= right else None
        if (plural and re.fullmatch(r"[a-z]{3,}s", plural) and plural not in _EN_NOT_PLURAL
                and not plural.endswith(("ss", "us", "is"))):
            stacked = not counter_key(plural, lang)[1]
            counted = plural
    # "THE four Haitians who were rescued … back home": a people counts persons, never a key before it
    demonym = lang == "en" and nm.kind == "count" and (counted or "").endswith("s") and is_demonym(counted or "")
    if counted and (stacked or not counter_key(counted, lang)[1] and (
            is_function_word(counted, lang) or (amount or not before_noun) and is_no_noun(counted, lang, amount=amount)
            or nm.kind == "money" and ELISION.sub("", counted.lower()) in currency_tables(lang)[0]
            or nm.kind == "money" and lang == "tr" and tr_price_at(nm.raw)
            or amount and counted.isupper() and len(counted) > 3  # "1,11 US-Dollar FRANKFURT (dpa-AFX)": a dateline
            or is_month_name(counted, lang) or is_weekday_name(counted, lang)
            or lang == "de" and counted.islower() and counted.isalpha() and word_frequency(counted, lang) < _FRAGMENT_ZIPF
            or amount and not linked and counted[:1].isupper() and lang not in NOUN_CAPITALISING
            and is_common_word(re.sub(r"^\w{1,4}['’](?=\w)", "", counted).capitalize(), lang))):
        # "104 en CDI", "291 w Chinach", "6750 万美元的新中央": a function word (or the
        # currency again, "milliards de dollars"), a day ("8% lundi") or, after an amount, an everyday
        # word written with a capital, which opens the next sentence ("$ 500.000 Un'attrice") or a
        # headline's next word ("£96.6m Financial Loss"), says nothing of what is counted ("16,54 proc.
        # Polaków" does: a people, no everyday word)
        counted, noise = None, True
    else:
        noise = False
        # "1,9 Millionen bekannte Fälle": the adjective's noun is counted (a cut-off word, "2,2 Millionen
        # nachge Land", is no adjective: it is none of the language's words and counts nothing, above)
        head = before_noun and counted and counted.islower() and counted.endswith(("e", "en", "er", "es", "em")) and re.search(
            rf"(?<!\w){re.escape(counted)}\s+([A-ZÄÖÜ]\w+(?:-\w+)*)", text[tail:right])  # "Corona-Infektionen" whole
        if head:
            counted = head.group(1)
    key, kind = (None, "")
    if nm.unit and nm.kind == "count":  # written on the number: "50°F", "40 км/ч"
        key, kind = nm.unit, "measure"
    elif counted:
        nm.counts = counted
        key, kind = counter_key(counted, lang)
        if demonym and not kind:
            key, kind = "people", "generic"
        if not key:  # "3,8 tys. miejsc pracy", "100 рабочих мест": the counter word is two words
            key, kind = _two_word_key(text, tail, right, counted, lang)
        if not key and lang == "de" and "-" in counted.strip("-"):  # "Corona-Fälle": the last part is the head
            key, kind = counter_key(counted.rsplit("-", 1)[1], lang)
        if lang == "de" and nm.value == 16 and counted == "Länder":  # "der 16 Länder": Germany's states
            key = "states"
        factor = factors().get(counted.lower()) or next(
            (v for w, v in factors().items() if counted.lower().startswith(w)), None)
        if factor:  # "28.000 στρέμματα" is 2,800 hectares
            nm.value *= factor[1]
            nm.unit = "ha" if factor[0] == "area" else nm.unit
            if nm.upper is not None:
                nm.upper *= factor[1]
    allowed = money_keys() if nm.kind == "money" else percent_keys() if nm.kind == "percent" else None
    if allowed is not None and key not in allowed:
        key, kind = None, ""
    if key in ("people", "times"):  # a head count is refined by who they are, not by what they lost; a
        # number of times by what was done, not by what it was done to ("Das Video hat 2,5 Millionen Mal
        # angeschaut" counts views, no videos)
        allowed = frozenset(_counter_keys()) - thing_keys()
    elif allowed is None:  # a count takes no amount's key from its clause ("成本，其中包括8名新警察"), nor a
        # rate's unless it is in percentage points ("wzrost o 4 punkty procentowe" is growth)
        allowed = frozenset(_counter_keys()) - money_keys() - (percent_keys() if nm.unit != "pp" else frozenset())
    if kind in ("specific", "unit"):
        nm.key = key
        return
    if kind == "measure":
        # "1360 кг конфетти … на море посетителей": a weight or a length is of a thing ("depth … 42 km"),
        # never a head count
        allowed = allowed & thing_keys()
        if key == "°":  # "20 degrees Celsius"
            key = degree_scale(text, tail)
        nm.unit = nm.unit or key
        key = nm.unit
        if key in AREA_UNITS:  # "2,000 square feet" measures the house, it counts no houses
            nm.key = key
            nm.doubts.append("key not known")  # the area of what is not said: shown, never set against another
            return
    # CJK around the number (a sentence may open with it: "数千名抗议者")
    cjk = bool(CJK_CHAR.search(text[max(left, nm.start - 4):nm.start]) or (counted and CJK_CHAR.match(counted)))
    reach = 10 if cjk else 40
    if nm.kind in ("money", "percent") or kind in ("generic", "measure"):
        # "Стоимость миссии … оценивается в 580 млн евро", "Число погибших … 12 человек":
        # the whole clause may name what an amount or a head count is of.
        reach = len(text)
    elif (counted or noise) and not kind and not cjk:
        # The number counts a word we do not know ("68 οχήματα") or a function word ("Seven of
        # the dead were in Majene": a part, not the toll): only a key written right before the
        # number can say what it is ("magnitud 6,9 en la costa").
        lo = max(left, nm.start - _NEAR_BEFORE)
        before = [(p, k) for p, k, kd in keys_in(text, lo, nm.start, lang)
                  if kd == "specific" and not _anothers(text, nm.start, tail, p, lang)
                  and not CLAUSE_BREAK.search(text, p, nm.start) and not _list_item_before(text, p, lang)]
        nm.key = before[-1][1] if before else None
        if nm.key:
            nm.doubts.append("key before the number")
        return
    best: tuple[int, str] | None = None
    for pos, k, kd in keys_in(text, max(left, nm.start - reach), min(right, tail + reach), lang):
        # A key word right after another number is that number's ("Nueve muertos y miles más
        # evacuados": "muertos" counts the nine, not the thousands).
        # nor, in CJK, a key before a full-width comma ("7 人在大火中丧生，176 所房屋被毁")
        if kd == "specific" and (allowed is None or k in allowed) \
                and (not _anothers(text, nm.start, tail, pos, lang) or _rate_moved_to(text, pos, nm, k)) \
                and not (cjk and pos < nm.start and re.search("[，；。]", text[pos:nm.start])):
            d = abs(pos - nm.start)
            if best is None or d < best[0]:
                best = (d, k)
    if best and best[0] > (_NEAR_CJK if cjk else _NEAR):
        nm.doubts.append("key far from the number")
    nm.key = best[1] if best else None if demonym else key  # "millions of Americans": who, not how many people


def _noun_after_modifiers(text: str, m: re.Match[str], right: int, lang: str) -> str:
    """The word a number counts, past up to two modifiers: "228 nuevos casos", "54 percent of
    registered American voters", "1200 neue Fälle". A modifier is a word of cues.json
    ``modifiers`` or an English demonym adjective; an unknown word is never skipped ("30 monos
    murieron" does not count deaths), nor is a word skipped into a unit ("15.000 bambini
    nell'anno")."""
    word = m.group(0)
    pos, found = m.end(), word
    for _ in range(2):
        nxt = NUMBER_TOKEN.match(text, pos + 1) if text[pos:pos + 1] == " " else None
        if not (_is_modifier(found, lang) or nxt is not None and _pl_adjective(found, nxt.group(0), lang)):
            break
        if nxt is None or nxt.end() > right or len(nxt.group(0)) < 3 or is_function_word(nxt.group(0), lang):
            break
        found, pos = nxt.group(0), nxt.end()
        if not _is_modifier(found, lang):
            return word if counter_key(found, lang)[1] in ("unit", "measure") else found
    return word


# English words ending in s that are no plural noun a count could be of.
_EN_NOT_PLURAL = frozenset("was has is its this thus as us yes plus less unless across always sometimes perhaps "
                           "besides towards afterwards whereas".split())


def _head_noun(text: str, tail: int, counted: str, right: int, lang: str) -> str | None:
    """English stacks nouns: a singular word after a count above one, with a plural right after it, is
    that plural's modifier ("10,000 beverage containers", "1,000 police officers"): the plural is counted."""
    at = text.find(counted, tail)
    nxt = NUMBER_TOKEN.match(text, at + len(counted) + 1) if text[at + len(counted):at + len(counted) + 1] == " " else None
    if nxt is None or nxt.end() > right:
        return counted
    w = nxt.group(0)
    if re.fullmatch(r"[a-z]{3,}s", w) and w not in _EN_NOT_PLURAL and not w.endswith(("ss", "us", "is")):
        return w
    # "115 southern corroboree frogs": an adjective and a noun before the plural, which is counted
    third = NUMBER_TOKEN.match(text, nxt.end() + 1) if text[nxt.end():nxt.end() + 1] == " " else None
    if (third is not None and third.end() <= right and re.fullmatch(r"[a-z]{3,}", w)
            and re.fullmatch(r"[a-z]{3,}s", third.group(0)) and third.group(0) not in _EN_NOT_PLURAL
            and not third.group(0).endswith(("ss", "us", "is"))):
        return third.group(0)
    return counted


def _is_modifier(word: str, lang: str) -> bool:
    w = word.lower()
    if lang == "en" and word[:1].isupper():
        return not word.endswith("s") and is_demonym(word)  # "American voters", not "Russians"
    for stem in _modifiers(lang):
        if w == stem or lang != "en" and w.startswith(stem) and len(w) <= len(stem) + 4:
            return True
    return False


def _pl_adjective(word: str, nxt: str, lang: str) -> bool:
    """A Polish adjective in the genitive plural before a masculine noun's "-ów" or a counter noun
    ("9,7 proc. pełnoletnich pracowników"); one used as a noun ("2,2 proc. ankietowanych wskazało",
    "1200 zakażonych") is what is counted."""
    w = word.lower()
    return (lang == "pl" and len(w) > 5 and w.endswith(("ych", "ich")) and not counter_key(word, lang)[0]
            and nxt[:1].islower() and (nxt.endswith("ów") or bool(counter_key(nxt, lang)[0])))


@lru_cache(maxsize=None)
def _modifiers(lang: str) -> tuple[str, ...]:
    return tuple(x.lower() for x in cue_words("modifiers", lang))


def _past_bound_words(text: str, tail: int, right: int, lang: str) -> int:
    """Past a bound or "about" written after the number (min_after, max_after, approx_after):
    the counted word follows it."""
    lead = tail + len(text[tail:right]) - len(text[tail:right].lstrip())
    for table in ("min_after", "max_after", "approx_after"):
        if lang in ("zh", "ja", "ko"):  # written against the digits: "100多人", "100여 명"
            for p in sorted(cue_words(table, lang), key=len, reverse=True):
                if text.startswith(p, lead):
                    return lead + len(p)
            continue
        rx = cue_regex(table, lang)
        m = rx.match(text, lead, right) if rx is not None else None
        if m:
            return m.end()
    return tail


_LAST_WORD = re.compile(r"(\w+)[\s\u00a0]*$")
# Between a key written before a number and the number: a quote, a line break, a headline's
# double space or a sentence mark ends the key's clause ('Kolejne ofiary  "Mamy 69 nowych').
CLAUSE_BREAK = re.compile(r"[\"“”„«»\n.!?;:]|\s{2,}")


def _list_item_before(text: str, pos: int, lang: str) -> bool:
    """The key word at ``pos`` ends another number's item, a word or two after it ("16 presos
    muertos y cinco lesionados": "muertos" is the sixteen's, not the five's)."""
    words = re.findall(r"\w+", text[max(0, pos - 30):pos])[-2:]
    return any(w[:1].isdigit() or _is_number_word(w.lower(), lang) for w in words)


# "기준금리를 연 2.75%에서 2.50%로", "styringsrenten med 0,25 prosentenheter til 4,25 prosent", "下调25个
#基点至2.50%": a rate moved from one percentage, or by some points, to ours is still that rate.
_MOVED_TO = re.compile(
    r"(?:%|\bprosent\w*|\bpercent\w*|\bper cent|\bprozent\w*|\bproc\.?|\bprocent\w*|\bпроцент\w*|\bpunkt\w*|"
    r"\bpoints?|\bpoint de pourcentage|\bbp|\bpp|基点|个基点|ポイント|포인트|%p)\s*"
    r"(?:에서|\bto|\btil|\bà|\ba|\bauf|\bal|\bdo|\baté|\bдо|至|xuống còn|,\s*xuống còn)\s*$", re.IGNORECASE)


def _rate_moved_to(text: str, pos: int, nm: NumberMention, key: str) -> bool:
    """The percent key before another percentage is ours too when ours is where that rate went."""
    return (nm.kind == "percent" and key in percent_keys() and pos < nm.start
            and _MOVED_TO.search(text, max(pos, nm.start - 40), nm.start) is not None
            and not re.search(r"[\"“”„«»\n!?;:]|\.(?!\d)", text[pos:nm.start]))


def _two_word_key(text: str, tail: int, right: int, counted: str, lang: str) -> tuple[str | None, str]:
    """The key of the counted word with the word after it, where counters.json names the pair
    ("miejsc pracy" is jobs, "miejsc" alone is places or seats)."""
    at = text.find(counted, tail, right)
    nxt = NUMBER_TOKEN.match(text, at + len(counted) + 1) if at >= 0 and text[at + len(counted):][:1] == " " else None
    if nxt is None or nxt.end() > right:
        return None, ""
    return counter_key(f"{counted} {nxt.group(0)}", lang)  # counted alone has none: the stem spans both


def _anothers(text: str, start: int, tail: int, pos: int, lang: str) -> bool:
    """Does the key word at ``pos`` belong to another number: one right before it ("Nueve
    muertos y miles más evacuados") or one between it and ours ("87 people … murder of nine …
    stoned to death")?"""
    lo, hi = (tail, pos) if pos >= tail else (pos, start)
    between = text[lo:hi]
    if pos >= tail and not between.strip(" \u00a0"):
        return False  # our own counted word
    if pos >= tail and CJK_CHAR.match(text[pos:pos + 1]) and len(between.strip()) <= 1:
        return False  # "9 人死亡": our number, a classifier, the key
    if pos >= tail and "\uac00" <= text[pos:pos + 1] <= "\ud7af" and len(between.split()) <= 1 \
            and not re.search(r"\d", between):
        return False  # "세 명이 숨졌다": our number, its counter and particle, the key
    if re.search(r"\d", between) or any(_is_number_word(w.lower(), lang) for w in re.findall(r"\w+", between)):
        return True
    return _number_before(text, pos, lang)


def _number_before(text: str, pos: int, lang: str) -> bool:
    """Is the word before ``pos`` a number ("Nueve muertos", "9 Tote")? Then the key word at
    ``pos`` is that number's own counted word, not what another number in the clause counts."""
    if "\uac00" <= text[pos:pos + 1] <= "\ud7af":  # Korean spaces words: "두 명이 숨지고", "2명이 숨지고"
        words = text[max(0, pos - 24):pos].split()[-2:]
        return any(w[:1].isdigit() or _is_number_word(w, lang) for w in words)
    if CJK_CHAR.match(text[pos:pos + 1]):  # "造成9人死亡": a digit and at most a classifier before
        return bool(re.search(r"\d\s?\S?$", text[max(0, pos - 3):pos]))
    m = _LAST_WORD.search(text, max(0, pos - 24), pos)
    if not m or m.end() != pos and text[m.end():pos].strip():
        return False
    w = m.group(1)
    if any(c.isdigit() for c in w):
        return True
    return _is_number_word(w.lower(), lang)


@lru_cache(maxsize=4096)
def _is_number_word(word: str, lang: str) -> bool:
    if word in load("number_words.json").get(lang, {}):
        return True
    if lang not in ("en", "fr", "es", "pt", "de", "nl", "it", "da"):
        return False
    try:
        # optional: text_to_num reads numbers in words; without it only our own word lists do
        from text_to_num import alpha2digit
    except ImportError:
        return False
    read = alpha2digit(word, lang, threshold=0)
    return read != word and read != "1"  # "una", "eine", "un": articles more often than "one"


@lru_cache(maxsize=1)
def _counter_keys() -> tuple[str, ...]:
    return tuple(load("counters.json"))


_NEAR = 40  # characters: a key farther than this from its number is a guess
_NEAR_CJK = 15  # CJK packs a clause into fewer characters
_NEAR_BEFORE = 24  # a key written just before the number it names ("magnitud 6,9", "depth of")


@lru_cache(maxsize=None)
def _period_regexes(lang: str) -> list[tuple[str, re.Pattern[str]]]:
    out = []
    for period in ("day", "week", "quarter", "month", "year"):
        rx = cue_regex("scope_period", lang, sub=period)
        if rx is not None:
            out.append((period, rx))
    return out


def scope_of_number(nm: NumberMention, text: str, digits: str, start: int, tail: int, left: int, right: int,
           lang: str, places_all: list[tuple[int, int, str]]) -> None:
    scope: dict = {"place": None, "period": None, "cues": []}
    window = digits[left:right]
    places: list[tuple[int, str, str]] = []
    world = cue_regex("scope_world", lang)
    if world is not None:
        for m in world.finditer(window):
            places.append((left + m.start(), "world", m.group(0)))
    for s, e, code in places_all:
        if left <= s and e <= right:
            places.append((s, code, text[s:e]))
    if places:
        pos, place, cue = min(places, key=lambda p: abs(p[0] - start))
        scope["place"] = place
        scope["cues"].append(cue)
    for period, rx in _period_regexes(lang):
        pm = rx.search(window)
        if pm:
            scope["period"] = period
            scope["cues"].append(pm.group(0))
            break
    # A bare year near a number ("by the end of 2027") dates it rather than scoping it.
    nm.scope = scope
