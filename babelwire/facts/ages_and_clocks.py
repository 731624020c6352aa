"""Numbers that are an age or a time of day, not a quantity: "aged 65 and over", "a 5-year-old boy",
"около 2 часов ночи". The number reader (numbers.py) asks these before it shows a number of years or hours."""
from __future__ import annotations

import re

# --------------------------------------------------------------------------- age brackets

# "di età inferiore a 15 anni", "aged 65 and over", "Kinder unter 15 Jahren", "menores de 5 años": the
# bound of an age group, whose figure is the share or the count beside it, not a number of years.
_AGE_WORDS = (r"età|ages?|aged|Alter|Lebensjahr\w*|edad(?:es)?|âge|âgée?s?|wiek\w*|возраст\w*|yaş\w*|idade"
              r"|children|kids|Kinder[n]?|niñ[oa]s|menores|bambini|enfants|dzieci|дет(?:ей|и)|çocuk\w*")
_AGE_BEFORE = re.compile(
    rf"(?<!\w)(?:{_AGE_WORDS})\s+(?:\w+\s+){{0,2}}?(?:inferiore|superiore|pari o (?:inferiore|superiore)|under|over"
    r"|below|above|less than|more than|younger than|older than|unter|über|ab|bis|menos de|más de|menores de|mayores de"
    r"|de menos de|moins de|plus de|poniżej|powyżej|младше|старше|до|от|from|between|tra|zwischen|entre)"
    r"(?:\s+(?:a|ai|di|de|dei|à|als|than))?\s*$|(?<!\w)(?:menores|mayores|minori|maggiori)\s+(?:de|di)\s*$",
    re.IGNORECASE)
_AGE_AFTER = re.compile(
    r"\s*(?:(?:years?|anni|Jahre|años|ans|lat|лет)\s+)?(?:of age\b|and (?:over|older|above)|or (?:older|over)"
    r"|e (?:più|oltre)|und (?:älter|mehr)|y más|o más|et plus|i (?:więcej|starsz\w*)|и старше|ve üzeri|yaş (?:altı|üstü)"
    r"|ve üstü|岁以上|岁以下)", re.IGNORECASE)


def age_bracket(digits: str, start: int, tail: int, left: int, key: str | None) -> bool:
    """A number of years that bounds an age group ("età inferiore a 15 anni", "aged 65 and over")."""
    if key != "years":
        return False
    before = digits[max(left, start - 40):start]
    return bool(_AGE_BEFORE.search(before)) or bool(
        re.search(rf"(?<!\w)(?:{_AGE_WORDS})\b", before, re.IGNORECASE) and _AGE_AFTER.match(digits, tail))


# "a 5-year-old boy", "5 yaşındaki", "13-jährige", "5-летний", "البالغ من العمر 5": a person's age. Read as
# years when the counter tables say so; never as a count of the people, homes or deaths in its clause.
_AGE_FORM_AFTER = re.compile(
    r"\s*[-‐]\s*(?:years?[-‐\s]olds?|Jährig\w*|jährig\w*|летн\w*|letni\w*|lecie)"
    r"|\s+(?:years?\s+old|ans\b|anni\b|años\b|anos\b|лет(?:\s+от\s+роду)?\b|yaşında\w*|yaşına\w*)|\s*岁",
    re.IGNORECASE)
_AGE_FORM_BEFORE = re.compile(r"(?:(?<!\w)aged|âgée?s?\s+de|البالغة?\s+من\s+العمر|عمره[اـ]?)\s*$", re.IGNORECASE)


def age_form(digits: str, start: int, tail: int, key: str | None) -> bool:
    """A person's age filed under some other key: "5 yaşındaki" beside "evin" is no count of homes."""
    if key == "years":
        return False
    after = _AGE_FORM_AFTER.match(digits, tail)
    if after and after.group(0).strip().lower() in ("ans", "anni", "años", "anos", "лет"):
        after = None if not _AGE_FORM_BEFORE.search(digits[max(0, start - 30):start]) else after
    return bool(after) or bool(_AGE_FORM_BEFORE.search(digits[max(0, start - 30):start]))


# --------------------------------------------------------------------------- clock times

# "около 2 часов ночи", "5 heures du matin", "5 de la madrugada", "5 o'clock", "5 a.m.": a time of day,
# not a number of hours.
_CLOCK_AFTER = re.compile(
    r"\s*(?:час(?:а|ов)?|heures?|h|horas?|ore|godz\w*|hours?)?\.?\s*(?:ночи|утра|дня|вечера|пополудни"
    r"|du (?:matin|soir)|de l['’]après-midi|de la (?:madrugada|mañana|tarde|noche)|da (?:manhã|tarde|noite|madrugada)"
    r"|di (?:notte|mattina|sera|pomeriggio)|del (?:mattino|pomeriggio)|w nocy|rano\b|wieczorem|po południu"
    r"|Uhr\b|o['’]clock|[ap]\.\s?m\.|[ap]m\b)",
    re.IGNORECASE)


# "15.00-24.00 saatleri", "von 9:30 bis 18:00 Uhr": hours written with their minutes are clock times.
_CLOCK_FORM = re.compile(r"\d{1,2}[.:][0-5]\d(?!\d)")


def clock_time(digits: str, start: int, tail: int, key: str | None) -> bool:
    """A number of hours that is a time of day ("в 5 часов утра", "15.00-24.00 saatleri"), not a duration."""
    return key == "hours" and bool(_CLOCK_AFTER.match(digits, tail) or _CLOCK_FORM.match(digits, start))
