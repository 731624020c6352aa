"""Numbers, amounts and percentages in any digit system, normalised, with what they count.

"840 000", "840,000", "500.000", "2 milliarder", "165 मिलियन", "315 juta", "2,5 millones"
and Arabic-Indic or Devanagari digits all become plain values. Whether "," or "." is the
decimal mark comes from Babel's number symbols for the article's language; scale words
from Babel's compact number formats plus our scales.json. Qualifiers ("more than",
"rundt", "لنحو") and scope cues ("dans le monde", "in the US", "in one quarter") come from
cues.json; what a number counts from counters.json.

The code is split along its seams; import each name from its home:

``number_words``    ``parse_number``, decimal marks, scale words, currencies and counters per language
``number_forms``    what extends a number past its digits: CJK and Arabic compounds, ranges, units,
                    numbers in words (text2num)
``number_context``  what a number counts (its key) and its scope (place, period); changes ("from 255
                    to 256", "10 proc. … więcej"), rates per day, weights in pounds
``page_numbers``    numbers of the page, not of the story: widgets, idioms, addresses, model names
``qualifiers``      "more than", "at most", "about" before or after a number, negated bounds
``magnitudes``      ``display_value``, ``rounding_tolerance``
this module         ``find_numbers``: numbers in text with qualifiers, key, scope and confidence
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..text import ascii_digits
from ._data import LETTER, NOT_AFTER, base_lang
from .ages_and_clocks import age_bracket, age_form, clock_time
from .dates import is_month_name
from .gazetteer import find_places
from .han_words import first_han_word
from .number_context import scope_of_number, what_counted
from .number_cues import change_after, infected, is_change, is_weight, local_dollar, per_period
from .number_forms import (
    cjk_chain,
    cjk_scale_at,
    compound_rest,
    glued_suffix,
    magnitude_words,
    range_after,
    range_joiner_end,
    unit_on,
    word_numbers,
)
from .number_words import (
    ambiguous_decimal,
    counter_key,
    currency_tables,
    decimal_mark,
    money_form,
    parse_number,
    scale_regex,
    scale_words,
)
from .page_numbers import all_the_time_spans, model_name_before, page_number
from .qualifiers import qualify

_NUM = re.compile(
    # Latin, Greek and Cyrillic letters glued to digits make codes ("S20", "COVID-19"); CJK
    # text writes numbers against letters ("发生6.9级地震").
    r"(?<![0-9A-Za-z\u00c0-\u024f\u0370-\u04ff.,/:_])(?<![^\W\d]-)(?<![^\W\d]\s-)(?<!\d[-–])"
    # the Arabic comma "،" groups thousands too ("630،000"), only before exactly three digits
    r"(?P<n>\d{1,3}(?P<sep>[.,\u00a0\u202f\u2009' \u060c])\d{3}(?:(?P=sep)\d{3})*(?:[.,]\d+)?"
    r"|\d+(?:[.,]\d+)?)"
    r"(?![\d])(?![.,]\d)(?!\s?[:/]\s?\d)"
)
# Clock times are not quantities: "4 h 17", "21.42 WITA", "9:42 p.m.".
_TIME = re.compile(
    r"(?<!\d)\d{1,2}\s?(?:h|uhr)\s?\d{2}(?!\d)"
    r"|(?<!\d)\d{1,2}[:.]\d{2}\s*(?:a\.?m\.?|p\.?m\.?|uhr|h\b|wib|wita|wit|gmt|utc|cet|cest|msk|heures?)"
    r"|(?<!\d)\d{1,2}\s?(?:a\.m\.?|p\.m\.?)",
    re.IGNORECASE,
)
_PERCENT_WORDS = ["percent", "per cent", "pour cent", "prosent", "persen", "por ciento", "prozent", "per cento",
                  "por cento", "procent", "procentów", "procenta", "proc.", "proc", "процентов", "процента",
                  "процент", "проц.",
                  "प्रतिशत", "फीसदी", "फ़ीसदी", "फीसद", "بالمئة", "بالمائة", "في المئة", "في المائة"]
_ORDINAL_CJK = re.compile(r"第\s?(?:\d+\s?(?:和|、|至|及|或|,|，)\s?)*$")
_MAGNITUDE = -2.0  # the scale mark of an order-of-magnitude word in find_numbers' candidates
_GLUED_SCALE = re.compile(r"(?:bn|mn|tn|m|b|k)(?![A-Za-z])", re.IGNORECASE)
_GLUED_MULT = {"k": 1e3, "m": 1e6, "mn": 1e6, "b": 1e9, "bn": 1e9, "tn": 1e12}
_DENOMINATOR = re.compile(
    r"(?:\d|(?<!\w)(?:one|two|three|four|five|six|seven|eight|nine|uno|una|dos|tres|un|une|deux|trois|ein|eine|zwei|drei"
    r"|vier|fünf|neun|один|одна|два|три|jeden|jedna|dwa|trzy|bir|iki|üç))\S*\s+"
    r"(?:of|in|out of|von|sur|su|de cada|de|z|из|na|на)\s+(?:every\s+|je\s+|chaque\s+)?$", re.IGNORECASE)
# The part before its whole: "1 giorno su 5", "one in five", "1 dzień na 5", "uno de cada cinco" (a
# ratio; shown as none). A word may sit between only before a preposition that means "out of".
_RATIO_AFTER = re.compile(
    r"\s+(?:(?:[^\W\d_]+\s+)?(?:su|sur|out of|de cada|von|z|na|из|на)|of|in|de)\s+(?:every\s+|je\s+|chaque\s+)?",
    re.IGNORECASE)
# Languages that count thousands of millions in millions ("1.100 millones"); elsewhere a grouped number
# before "million" is more often a translation's decimal ("3.020 milioni" for 3.020 million): not shown.
_THOUSANDS_OF_MILLIONS = {"es", "pt", "ca", "gl"}
_CAPITALISED_NOUNS = {"de", "lb"}  # languages that capitalise every noun
# a month, a clock time, a day or an age; "72時間", "30分钟", "3日間" are durations and stay
_CJK_TIME = re.compile(r"\s?(?:[月点點号號岁歳살]|[时時日](?![间間])|分(?![钟鐘間间])|秒(?![钟鐘間间]))")
# Languages that write ordinals as "13." ("13. emerytura", "3. sæson"): a lower-case word after
# the dot; a sentence that ends there goes on with a capital. (German capitalises nouns: not here.)
_DOT_ORDINALS = {"pl", "cs", "sk", "sl", "hr", "sr", "da", "no", "nb", "fi", "hu", "tr", "et", "lv"}
_KILOS = r"(?:kilos?|kilogramos?|kilogrammes?|kilograms?|kg|Kilo(?:gramm)?|kilogramów|кг|килограмм\w*)"
_AND = r"(?:y\s+|et\s+|and\s+|und\s+|i\s+|e\s+)?"
_GRAMS = r"\s*(?:gramos?|grammes?|grams?|g|Gramm|gramów|грамм\w*)(?!\w)"
_COMPOUND_WEIGHT = re.compile(rf"\s+{_KILOS}\s+{_AND}\d+{_GRAMS}", re.IGNORECASE)
_KILOS_BEFORE = re.compile(rf"(?<!\w){_KILOS}\s+{_AND}$", re.IGNORECASE)
_GRAMS_AFTER = re.compile(_GRAMS, re.IGNORECASE)
_ORDINAL_MARK = re.compile(r"[°º]\s?(?:de\s+)?([^\W\d_]+)")
# Languages that write an ordinal with a raised o ("12° round", "3º lugar"), and the words that make
# it degrees after all ("30° all'ombra" in a clause on the heat).
_DEGREE_ORDINALS = {"it", "es", "pt", "ca", "gl"}
_WARMTH = re.compile(r"temperatur|grad[io]s?|graus|cald[oa]|fredd[oa]|calor|fr[ií]o|quente|massim|minim|máxim|mínim"
                     r"|ombra|sombra|sol[e]?\b|celsius|fahrenheit|term[oó]metr|gelo|hielo|clima", re.IGNORECASE)
_DOT_ORDINAL = re.compile(r"\.\s?[a-zà-žа-я]")
_CJK_SECTION = re.compile(r"\s?[条條款项項章节節]")
# Telephone numbers: "(320) 859-2325", "0800 123 4567".
_PHONE = re.compile(r"\(\d{2,4}\)\s?\d{3}[\s.-]\d{4}(?!\d)|(?<![\d.,])\d{3}-(?:\d{3}-)?\d{4}(?!\d)")
_PERCENT_BEFORE = re.compile(r"(?:yüzde|%|百分之)\s?$", re.IGNORECASE)
_PERCENT = re.compile(r"\s?[%٪％]|\s+(?:" + "|".join(re.escape(w) for w in _PERCENT_WORDS) + r")" + NOT_AFTER,
                      re.IGNORECASE)
# Clause boundaries: cues on the far side of a comma or semicolon qualify something else.
# "* 15 dead * four in 24 hours": list bullets too; a comma between digits is a number's own ("med 0,25
# prosentenheter til 4,25 prosent"), no clause break
_CLAUSE = re.compile(r"(?<!\d),|,(?!\d)|[;:،؛()\[\]–—•]|\s-\s|\s\*\s")


@dataclass(slots=True)
class NumberMention:
    start: int
    end: int
    raw: str
    value: float
    kind: str = "count"  # count | money | percent
    unit: str | None = None
    scale_word: str | None = None
    approx: bool = False
    bound: str | None = None
    inclusive: bool = False  # a bound that may be the number itself: "at least 9", "at most 9", not "more than 9"
    counts: str | None = None
    key: str | None = None
    scope: dict = field(default_factory=dict)
    upper: float | None = None  # top of a range
    magnitude: bool = False  # an order of magnitude in words ("hundreds"): from 2× to 10× the value
    per: str | None = None  # a rate's denominator: "$0.63 per kWh", "每吨 30 美元"
    confidence: float = 1.0
    doubts: list[str] = field(default_factory=list)  # why the confidence is lowered


# How much each doubt about a reading costs (confidence is the product of what is left).
_DOUBT = {
    "glued to a word": 0.35,  # "verrouillage2 000": the text lost a space; the digits may be cut
    "number words": 0.85,
    "key not known": 0.65,  # we cannot say what it counts
    "key far from the number": 0.65,
    "nothing counted": 0.75,
    "hyphenated compound": 0.65,
    "small and unknown": 0.7,
    "counts a name": 0.7,
    "key before the number": 0.8,  # the noun after is unknown; "magnitud 6,9" names it before
    "decimal mark unclear": 0.8,
    "grouped before a scale": 0.45,  # "3.020 milioni" where the language has its own word for a billion
    "a rate": 0.65,  # "$0.63 per kWh" is no amount: shown with its "per", never set against an amount
    "value before a change": 0.45,  # "rose from 255 to 256": 255 is what it was, not what it is
    "a change": 0.45,  # "10 proc. wyborców więcej", "54 percent more": a rise, not a level
}
# A rate's denominator after an amount ("$0.63 per kWh", "€30/t", "30 Euro pro Tonne") or, in
# Chinese and Japanese, before it ("每千瓦时 0.63 美元", "每吨排放量从 20 美元").
_PER_AFTER = re.compile(r"\s*(?:per|pro|/)\s*(?P<w>[^\W\d_]+(?:[-\s]hour)?)", re.IGNORECASE)
_PER_CJK = re.compile(r"每(?P<w>[^\d\s从從为為是到至]{1,4})[^\d。，,]{0,6}$")


# --------------------------------------------------------------------------- extraction

def _clause_bounds(text: str, start: int, end: int, sent_start: int, sent_end: int) -> tuple[int, int]:
    left = sent_start
    for m in _CLAUSE.finditer(text, sent_start, start):
        left = m.end()
    after = _CLAUSE.search(text, end, sent_end)
    right = after.start() if after else sent_end
    return left, right


# A number whose first digits are glued to a word: "verrouillage2 000 emplois".
_GLUED_NUM = re.compile(r"(?<=[a-zà-ÿß]{4})(?P<n>\d{1,3}(?P<sep>[.\u00a0\u202f\u2009 ])\d{3}(?:(?P=sep)\d{3})*)(?![\d.,]\d)")
# The tail of such a number, which _NUM would read alone ("000 emplois" as 0).
_AFTER_GROUP = re.compile(r"\d[.,\u00a0\u202f\u2009' \u060c]$")


_FRACTION_SLASH = "\u2044"


def find_numbers(
    text: str,
    language: str,
    *,
    sentences: list[tuple[int, int]] | None = None,
    skip: list[tuple[int, int]] | None = None,
) -> list[NumberMention]:
    """Every number worth reporting in ``text``: with a counted thing, a unit, or ≥ 100.

    ``sentences`` are (start, end) spans that bound the cue windows; ``skip`` spans (dates,
    times) are not numbers. Each mention carries a confidence and the doubts behind it.
    """
    lang = base_lang(language)
    digits = ascii_digits(text)
    skip = sorted(skip or [])
    times = [(m.start(), m.end()) for m in _TIME.finditer(digits)]
    times += [(m.start(), m.end()) for m in _PHONE.finditer(digits)]
    times += all_the_time_spans(digits)

    ctx = _Ctx(text, digits, lang, sorted(sentences or [(0, len(text))]), find_places(text, lang))
    starts: list[tuple[int, int, str, float, float]] = []  # start, digits end, raw, value, scale
    for m in _NUM.finditer(digits):
        start, end = m.start("n"), m.end("n")
        if _AFTER_GROUP.search(digits[max(0, start - 2):start]):
            continue  # "2 000" glued to a word: its tail "000" is no number of its own
        value = parse_number(m.group("n"), lang)
        if value is not None:
            starts.append((start, end, m.group("n"), value, 0.0))
    for m in _GLUED_NUM.finditer(digits):
        value = parse_number(m.group("n"), lang)
        if value is not None:
            starts.append((m.start("n"), m.end("n"), m.group("n"), value, -1.0))
    for s, e, value, scale in word_numbers(text, digits, lang):
        starts.append((s, e, text[s:e], value, scale))
    for s, e, value in magnitude_words(text, digits, lang):
        starts.append((s, e, text[s:e], value, _MAGNITUDE))
    starts.sort(key=lambda t: (t[0], -t[1]))  # at one start, the longest reading ("tens of thousands")
    out: list[NumberMention] = []
    consumed = 0
    wholes = {s: v for s, _, _, v, _ in starts}
    words = {s: (v, e) for s, e, _, v, sc in starts if sc == 1}  # numbers in words, by start
    for start, end, raw, value, scale in starts:
        if start < consumed:
            continue  # read as part of the number before (a range's second number, a compound)
        rm = _RATIO_AFTER.match(text, end)
        if rm and value < wholes.get(rm.end(), 0) < 1000:
            continue  # "1 giorno su 5": a ratio, not one day
        if _DENOMINATOR.search(text, max(0, start - 30), start):
            continue  # "neun von zehn", "one in five", "uno de cada cinco": the whole, not a count
        if any(s <= start < e for s, e in skip) or any(s <= start < e for s, e in times):
            continue
        if _FRACTION_SLASH in digits[max(0, start - 1):start] + digits[end:end + 1]:
            continue  # "11⁄2" (1½, a betting line): a fraction's digits count nothing
        if page_number(digits, start, end):
            continue  # a forecast's length, a view counter, a section, an address, an exchange rate
        if _COMPOUND_WEIGHT.match(digits, end) or (_GRAMS_AFTER.match(digits, end) and _KILOS_BEFORE.search(
                digits, max(0, start - 20), start)):
            continue  # "tres kilos 160 gramos": 3.16 kg, not 3 kg (its grams count nothing alone)
        om = _ORDINAL_MARK.match(digits, end)
        if om and is_month_name(om.group(1), lang):
            continue  # "1° gennaio", "1º de enero": the first of the month, not one degree
        if (om and lang in _DEGREE_ORDINALS and om.group(1)[:1].islower() and (digits[end] == "º" or not _WARMTH.search(
                digits, max(0, start - 80), end + 40))):
            continue  # "nel 12° round", "el 3º puesto": an ordinal before its noun, not degrees
        if lang in _DOT_ORDINALS and _DOT_ORDINAL.match(digits, end):
            continue  # "13. emerytura", "3. Liga": an ordinal, not a quantity
        if lang in ("zh", "ja") and _CJK_SECTION.match(digits, end) and "第" in digits[max(0, start - 24):start]:
            continue  # "第 417 和 420 条 … 和 306 条": a list of legal sections goes on without its 第
        if lang in ("zh", "ja") and _ORDINAL_CJK.search(digits[max(0, start - 16):start]):
            continue  # "第 309 条", "第 417 和 420 条": ordinals (article 309, the 5th), not quantities
        prev = out[-1] if out and "value before a change" in out[-1].doubts and start - out[-1].end < 16 else None
        j = range_joiner_end(digits, end, start, lang) if scale == 1 else None
        second = words.get(j) if j is not None else None
        # "three to four years": a range in words, 3–4, not 4 read alone
        upper = second if second and value < second[0] <= 10 * value else None
        nm = _read(ctx, start, end, raw, value, scale, changed=prev, word_upper=upper)
        if nm is None:
            if scale == _MAGNITUDE:
                consumed = end  # "mehrere Hundert Meisen" left out: its "Hundert" is no 100 of its own
            elif scale == 0 and (rng := range_after(digits, end, start, lang)):
                consumed = rng[2]  # "im Alter zwischen 25 und 30 Jahren" left out: its 30 is no age alone
            continue
        consumed = nm.end
        out.append(nm)
    return out



@dataclass(slots=True)
class _Ctx:
    text: str
    digits: str
    lang: str
    spans: list[tuple[int, int]]
    places: list[tuple[int, int, str]]

    def sentence(self, pos: int) -> tuple[int, int]:
        for s, e in self.spans:
            if s <= pos < e:
                return s, e
        return 0, len(self.text)


def _scaled(ctx: _Ctx, raw: str, value: float, tail: int) -> tuple[float, str | None, int, bool | str]:
    """Apply the scale word or CJK scale after the digits: (value, scale word, new end, unclear);
    unclear is "million" when the scale is a million ("3.020 milioni")."""
    digits, lang = ctx.digits, ctx.lang
    cjk = cjk_scale_at(digits, tail)
    if cjk:  # "13亿" = 1.3e9; "7억5000만" = 750,000,000; "135 亿"
        cjk_mult, after = cjk
        word = ctx.text[tail:after].strip()
        value, after = cjk_chain(digits, after, value * cjk_mult, cjk_mult)
        return value, word, after, False
    sm = scale_regex(lang).match(digits, tail)
    if not sm:
        return value, None, tail, False
    word = sm.group("w").lower()
    scales = scale_words(lang)
    mult = scales.get(" ".join(word.split()), scales.get(word))
    if not mult:
        return value, None, tail, False
    unclear: bool | str = False
    if ambiguous_decimal(raw, lang, True):
        value = float(ascii_digits(raw).replace(decimal_mark(lang), "."))
    elif re.fullmatch(r"\d{1,3}[.,]\d{3}", ascii_digits(raw).strip()):
        # "1.100 millones": grouping here, but "1,100 million" could be a decimal elsewhere
        unclear = "million" if mult == 1e6 else True
    added, after = compound_rest(digits, sm.end(), mult, lang, scale_regex(lang), scales)
    return value * mult + added, ctx.text[sm.start("w"):sm.end("w")], after, unclear


def _read(ctx: _Ctx, start: int, end: int, raw: str, value: float, scale: float,
          changed: NumberMention | None = None,
          word_upper: tuple[float, int] | None = None) -> NumberMention | None:
    """One number at ``start``; ``changed``: the "from" value of a change this one ends
    ("stieg von 12 auf 15"), whose key it takes when it names none of its own."""
    text, digits, lang = ctx.text, ctx.digits, ctx.lang
    s_start, s_end = ctx.sentence(start)
    nm = NumberMention(start, end, text[start:end], value)
    if scale == _MAGNITUDE:  # "Hunderte", "数百": no digits, scale or range of its own
        nm.magnitude, nm.approx = True, True
        nm.doubts.append("number words")
    elif scale < 0:
        nm.doubts.append("glued to a word")
    elif scale > 0:  # a number in words
        if scale > 1:  # Arabic "مليون و 300 ألف": the compound continues after the word
            added, end = compound_rest(digits, end, scale, lang, scale_regex(lang), scale_words(lang))
            nm.value += added
        else:
            nm.doubts.append("number words")
    tail = end
    if 0 <= scale <= 1:
        nm.value, nm.scale_word, tail, unclear = _scaled(ctx, raw, nm.value, tail)
        if unclear:  # "3.020 milioni": Italian would say "3,02 miliardi"; a translation's 3.02 million
            nm.doubts.append("grouped before a scale" if unclear == "million" and lang not in _THOUSANDS_OF_MILLIONS
                             else "decimal mark unclear")
    if word_upper and nm.scale_word is None:  # the top of a range in words: (its value, its end)
        nm.upper, tail = word_upper
    rng = range_after(digits, tail, start, lang) if scale == 0 else None
    if scale == 0 and is_change(digits, start, tail, s_start, nm.value, lang):
        nm.doubts.append("value before a change")  # "من 255 إلى 256": the second number is read alone
        rng = None
    if rng:
        second, r_start, r_end = rng
        hi = parse_number(second, lang)
        if hi is not None:
            hi_v, hi_word, hi_tail, _ = _scaled(ctx, second, hi, r_end)
            if hi_word and not nm.scale_word:  # "2 to 3 million": the scale covers both
                nm.value *= hi_v / hi
            if hi_v > nm.value:
                nm.upper, tail = hi_v, hi_tail
    if scale == 0 and nm.scale_word is None and glued_suffix(digits, tail):
        return None  # "upper 20s", "5th", "4G": a decade, an ordinal or a name, not a quantity
    if lang in ("zh", "ja", "ko") and _CJK_TIME.match(digits, tail):
        return None  # "2 月份", "8 点", "30 分", "50 岁": a month, a clock time or an age, not a quantity
    unit = unit_on(digits, tail, lang)
    if unit:
        nm.unit, tail = unit
    if lang == "tr":  # Turkish case endings after an apostrophe: "25 bin 239'a"
        tm = re.match(r"['’][a-zçğıöşü]+", digits[tail:tail + 8])
        if tm:
            tail += tm.end()
    gs = _GLUED_SCALE.match(digits, tail) if re.search(r"[$£€¥₹]\s?$", digits[max(0, start - 3):start]) else None
    if gs and not nm.scale_word:  # "£100m", "$5bn", "€3k"
        nm.value *= _GLUED_MULT[gs.group(0).lower()]
        nm.scale_word, tail = gs.group(0), gs.end()
    pm = _PERCENT.match(digits, tail)
    if pm and not unit:
        nm.kind, nm.unit = "percent", "%"
        tail = pm.end()
        rng = range_after(digits, tail, start, lang) if nm.upper is None else None
        pm_hi = _PERCENT.match(digits, rng[2]) if rng else None
        if rng and pm_hi:  # "15% to 30%"
            hi = parse_number(rng[0], lang)
            if hi is not None and hi > nm.value:
                nm.upper, tail = hi, pm_hi.end()
    elif _PERCENT_BEFORE.search(digits[max(0, start - 8):start]) and not unit:
        nm.kind, nm.unit = "percent", "%"  # Turkish "yüzde 5", "%5"; Chinese "百分之5"
    elif not unit:
        currency, currency_words = currency_tables(lang)
        money_form(nm, digits, start, tail, currency, currency_words, lang)
        rest = digits[tail:].lstrip().lower()
        words = [w for w, c in currency.items() if c == nm.unit and w.replace("-", "").isalpha() and rest.startswith(w)]
        if nm.kind == "money" and nm.unit and words:
            w = max(words, key=len)
            # CJK runs on without spaces: take the currency word, not the clause ("75 万卢比的珠宝"); a
            # compound is the currency's too ("1000 US-Dollar-Marke")
            mw = re.match(rf"\s*{re.escape(w)}" if "\u3040" <= w[0] <= "\u9fff"
                          else rf"\s*{re.escape(w)}{LETTER}*(?:-{LETTER}+)*", digits[tail:], re.IGNORECASE)
            tail += mw.end() if mw else 0
    if nm.kind == "money" and nm.unit is not None and (nm.unit == "USD" or nm.unit.islower()):
        nm.unit = local_dollar(text, start, tail, s_start, s_end, ctx.places, lang, nm.unit) or nm.unit
    if nm.kind == "money" and nm.unit == "GBP" and is_weight(digits, start, tail, s_start, s_end, lang):
        return None  # "six pounds nine ounces", "weighed 7 pounds": a weight (and only part of it)
    if nm.kind == "money":
        pm_ = _PER_AFTER.match(text, tail)
        pc = _PER_CJK.search(text, max(0, start - 12), start) if lang in ("zh", "ja") else None
        if pm_ or pc:
            nm.per = pm_.group("w") if pm_ else first_han_word(pc.group("w")) if pc else None
            nm.doubts.append("a rate")
            tail = pm_.end() if pm_ else tail
    nm.end = tail
    nm.raw = text[start:tail]
    is_year = raw.isdigit() and len(raw) == 4 and 1800 <= value <= 2100 and not nm.scale_word
    left, right = _clause_bounds(digits, start, tail, s_start, s_end)
    qualify(nm, digits, start, tail, left, lang)
    what_counted(nm, text, tail, left, right, lang)
    if changed is not None and nm.key is None and nm.counts is None and nm.kind == changed.kind:
        nm.key, nm.counts = changed.key, changed.counts
        if nm.key:
            nm.doubts.append("key before the number")
    if nm.key == "injured" and infected(text, s_start, s_end, nm.counts, lang):
        nm.key = "cases"  # "المصابين" in a sentence about the virus are the infected
    if change_after(digits, tail, right, lang):
        nm.doubts.append("a change")
    # a duration takes a period only from CJK 每 before it ("每周工作超过 60 小时": 60 hours per week)
    duration = counter_key(nm.counts or "", lang)[1] == "unit" and lang not in ("zh", "ja")
    period = None if nm.kind == "money" or nm.per or duration else per_period(digits, start, tail, left, right, lang)
    if period:  # "9.7 million barrels per day", "400,000 visitors a year": a rate, never set against a total
        nm.per = period
        nm.doubts.append("a rate")
    if (nm.kind == "count" and nm.key is None and not nm.unit and not nm.scale_word and scale == 0
            and not (lang in _CAPITALISED_NOUNS and nm.counts and nm.counts[:1].isupper())
            and model_name_before(text, start, s_start, lang, lang in _CAPITALISED_NOUNS)):
        return None  # "Kirin 990", "iPhone 11", "Xbox 360": a model's name, not a quantity
    if is_year and (nm.counts is None or counter_key(nm.counts, lang)[1] != "specific"):
        return None  # "bis Ende 2026": a year, unless it directly counts something
    if (nm.kind == "count" and nm.counts is None and nm.value < 100 and not nm.scale_word
            and not nm.unit and "key before the number" not in nm.doubts):
        return None  # a small bare number ("top 10", "phase 3") says nothing; "magnitud 6,9 en" does
    if age_bracket(digits, start, tail, left, nm.key):
        return None  # "età inferiore a 15 anni": the bound of an age group, not a span of years
    if age_form(digits, start, tail, nm.key) or clock_time(digits, start, tail, nm.key):
        return None  # "5 yaşındaki" is no count of homes, "около 2 часов ночи" no number of hours
    if nm.magnitude and (nm.key is None or nm.kind == "percent"):
        return None  # "dozens lit candles": a vague number says something only of a known count
    scope_of_number(nm, text, digits, start, tail, left, min(right + 40, s_end), lang, ctx.places)
    if re.match(rf"-{LETTER}", digits[tail:tail + 2]):
        nm.doubts.append("hyphenated compound")  # "8-year-old", "61-Jährige", "29.5-yard average"
    if nm.key is None and nm.kind != "percent" and not nm.unit:
        nm.doubts.append("key not known")
        if nm.counts is None and not nm.scale_word:
            nm.doubts.append("nothing counted")  # "(112) January 2012": a bare figure in a list
        elif nm.value < 100 and not nm.scale_word:
            nm.doubts.append("small and unknown")  # "Season 1 Episode", "4 von 20 Regionen"
        elif (nm.counts and nm.counts[:1].isupper() and lang not in _CAPITALISED_NOUNS
              and not text[s_start:start].strip() == ""):
            nm.doubts.append("counts a name")  # "10700 Stringfellow Road", "737 MAX", "FTSE 100 de Londres"
    nm.confidence = 1.0
    for d in nm.doubts:
        if d != "a rate":
            nm.confidence *= _DOUBT[d]
    if "a rate" in nm.doubts:  # a cap, not a cost: the rate is read as surely as its figure, only never compared
        nm.confidence = min(nm.confidence, _DOUBT["a rate"])
    nm.confidence = round(nm.confidence, 2)
    return nm
