"""Which capitals in cased scripts mark names: capitalised runs and the words taken out of them.

A capital marks a name only where the language would not write one anyway. This module finds
the runs of capitalised words in a text (``shape_runs``) and takes out the words whose capital
says nothing (``split_ambiguous``): a sentence start or a title-case or shouted headline in
front of an ordinary word, German nouns, feasts, titles, nationality words. The word lists
come from ``lexicon`` (simplemma, wordfreq, gender_guesser) and entities.json; the extractor
(entities.py) turns the runs that stay into mentions.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..text import script_of
from ._data import base_lang, dateparser_info
from .gazetteer import entity_words, gazetteer, not_alone_words
from .lexicon import (
    NOUN_CAPITALISING,
    is_common_word,
    is_demonym,
    is_demonym_noun,
    is_everyday_noun,
    is_german_noun,
    is_given_name,
    keeps_case,
    lower_is_word,
    name_lemma,
    word_frequency,
)
from .transliteration import NAME_TOKEN, SENT_START, latin_key, norm_form


@lru_cache(maxsize=None)
def _calendar_words(language: str) -> set[str]:
    info = dateparser_info(language)
    words = set()
    for k in ("january", "february", "march", "april", "may", "june", "july", "august",
              "september", "october", "november", "december", "monday", "tuesday", "wednesday",
              "thursday", "friday", "saturday", "sunday"):
        for w in info.get(k, []) or []:
            words.add(w.lower())
    if base_lang(language) != "en":  # English dates turn up in every language's wires
        words |= _calendar_words("en")
    if base_lang(language) == "id":
        words.update({"minggu", "sabtu", "jumat", "senin", "selasa", "rabu", "kamis"})
    return words



def shape_runs(text: str, lang: str):
    """[(tokens, embedded)] capitalised runs; a token is (start, end, text, initial)."""
    titles, _orgs, cue_list, not_names = entity_words()
    cues = set(cue_list)
    calendar = _calendar_words(lang)
    out = []
    run: list[tuple[int, int, str, int | bool]] = []  # initial 2: a shouted headline word
    embedded_run = False

    def flush():
        nonlocal run, embedded_run
        while run and (run[0][2] in titles or run[0][2] in not_names):
            run.pop(0)
        while run and (run[-1][2] in not_names or (
                len(run) >= 2 and (run[-1][2] in titles or run[-1][2].lower() in cues))):
            run.pop()  # "South Bend Mayor", "Primer Ministro": the title follows the name
        if run:
            out.append((run, embedded_run))
        run = []
        embedded_run = False

    toks = _name_tokens(text)
    headline = _title_case(text, toks, lang)
    shout = _shouted(toks, lang)
    prev_end = 0
    for i, (s, e, tok) in enumerate(toks):
        gap = text[prev_end:s]
        prev_end = e
        if script_of(tok[0]) not in ("latin", "cased") or text[s - 1:s] in ("@", "#") or text[e:e + 1] == "@":
            flush()  # handles, hashtags, e-mail addresses: "@CatholicSat", "#NSWFires"
            continue
        if not (tok[0].isupper() or _ARTICLE_JOIN.match(tok)) or tok.lower() in calendar:
            flush()
            continue
        # Words of a name: "Jean-Luc", "AT&T", "Johnson & Johnson", "St. Peter", "E. Neal";
        # a spaced dash separates ("Vienna - REX").
        abbrev = gap in (". ", ".") and run and (run[-1][2] in _ABBREVIATIONS or len(run[-1][2]) == 1)
        if run and (gap not in ("", " ", "-", "&", " & ") and not abbrev):
            flush()
        # In a title-case headline every capital is as uncertain as a sentence start's.
        initial: int | bool = s == 0 or headline[i] or bool(SENT_START.search(text[max(0, s - 4):s]))
        if shout[i]:
            initial = 2  # a word of a headline in capitals: a name only if no word of the language
        if not run:
            ctx = text[max(0, s - 30):s]
            embedded_run = any(script_of(c) == "uncased" for c in ctx if c.isalpha())
        run.append((s, e, tok, initial))
        # A hyphenated compound ends the name: "Tiktok-appen", "Amazon-email".
        if e + 1 < len(text) and text[e] == "-" and text[e + 1].islower():
            flush()
    flush()
    return out


def odd_caps(s: str) -> bool:
    """"TikTok", "ByteDance", "CNN": internal or all capitals mark a name wherever it stands."""
    letters = [c for c in s if c.isalpha()]
    return len(letters) >= 2 and (any(c.isupper() for c in letters[1:]))


def _title_case(text: str, toks: list[tuple[int, int, str]], lang: str) -> list[bool]:
    """Tokens inside a title-case headline ("Klobuchar Jabs Trump for Spending 1 of 5 Days"):
    from a sentence start, four or more words of four letters or more in a row are all
    capitalised; the short words between them ("Is", "For") belong to it too."""
    flags = [False] * len(toks)
    if not keeps_case(lang):  # German nouns all have capitals; Turkish's dictionary has none
        return flags
    # Long words, and any word of another script (it breaks a stretch: Latin names in Chinese).
    long_ = [i for i, t in enumerate(toks) if not t[2].isdigit()
             and (len(t[2]) >= 4 or script_of(t[2][0]) not in ("latin", "cased"))]
    streak: list[int] = []
    first = 0  # the token after the last word that broke a stretch ("Tom" before "Moore")
    for i in long_ + [None]:
        if i is not None and script_of(toks[i][2][0]) in ("latin", "cased") and toks[i][2][0].isupper():
            streak.append(i)
            continue
        s0 = toks[first][0] if first < len(toks) else 0
        if len(streak) >= 4 and (s0 == 0 or SENT_START.search(text[max(0, s0 - 4):s0])):
            for j in range(first, streak[-1] + 1):
                flags[j] = True
        streak = []
        first = (i or 0) + 1
    return flags


def _shouted(toks: list[tuple[int, int, str]], lang: str) -> list[bool]:
    """Tokens of a stretch written in capitals that holds two or more of the language's most
    frequent words ("EL TWIT DEL NY TIMES SOBRE EL ASALTO", "NOPE FROM THE POPE"): a headline
    or a shout, where capitals say nothing. "FOX NEWS", "PAP/EPA" are no such stretch."""
    flags = [False] * len(toks)
    i = 0
    while i < len(toks):
        j = i
        while j < len(toks) and toks[j][2].isupper() and script_of(toks[j][2][0]) in ("latin", "cased"):
            j += 1
        if j - i >= 2 and sum(_frequent(toks[k][2], lang) >= 5.0 for k in range(i, j)) >= 2:
            for k in range(i, j):
                flags[k] = True
        i = max(j, i + 1)
    return flags


def _frequent(tok: str, lang: str) -> float:
    w = tok.lower()
    return max(word_frequency(w, lang), word_frequency(w, "en"))


# Arabic names' article joined to the next word: "Adil Abd al-Mahdi", "Fayez al-Sarraj".
_ARTICLE_JOIN = re.compile(r"(?:al|el|ad|ash|as|at|az|ar|an)-\w", re.IGNORECASE)


def _name_tokens(text: str) -> list[tuple[int, int, str]]:
    """Word tokens, with two joins that names need: the last syllable of a Korean given name
    after a hyphen ("Kim Jong-un", "Moon Jae-in": a short lower-case part after a capitalised
    word inside a name) and an Arabic article before a capital ("al-Mahdi")."""
    toks = [(m.start(), m.end(), m.group(0)) for m in NAME_TOKEN.finditer(text)]
    out: list[tuple[int, int, str]] = []
    i = 0
    while i < len(toks):
        s, e, tok = toks[i]
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        if nxt and nxt[0] == e + 1 and text[e] == "-":
            prev = out[-1] if out else None
            if (tok.istitle() and len(tok) <= 5 and nxt[2].islower() and 2 <= len(nxt[2]) <= 3
                    and prev and prev[2].istitle() and text[prev[1]:s] == " "
                    and not text[nxt[1]:nxt[1] + 1].isalnum()):
                out.append((s, nxt[1], text[s:nxt[1]]))  # "Jong-un"
                i += 2
                continue
            if tok.lower() in ("al", "el", "ad", "ash", "as", "at", "az", "ar", "an") and nxt[2][:1].isupper() \
                    and tok.islower():
                out.append((s, nxt[1], text[s:nxt[1]]))  # "al-Mahdi"
                i += 2
                continue
        out.append((s, e, tok))
        i += 1
    return out


# Abbreviations a name goes on after: "St. Peter's Square", "Mt. Everest".
_ABBREVIATIONS = {"St", "Mt", "Ft", "Jr", "Sr", "Sta", "Sto", "Pt"}

# Words that begin a name and may stand before a first name: "San Pedro", "Abu Bakr".
_PARTICLES = {"San", "Santa", "Santo", "São", "St", "Saint", "Sainte", "Sankt", "Ste", "De", "Da", "Di",
              "Del", "Della", "Van", "Von", "Der", "Den", "Al", "El", "Bin", "Ibn", "Abu", "Abd", "Mac", "Mc",
              "Le", "La", "Los", "Las", "Ben", "Mount", "Lake", "Fort", "Port", "Cape"}


def _function_word(tok: str, lang: str) -> bool:
    """An ordinary word so frequent ("Una", "Que") that its capital is a slip, not a name."""
    return word_frequency(tok.lower(), lang) >= 6.0 and is_common_word(tok, lang) and not is_given_name(tok)


def split_ambiguous(run, lang: str, mid: set[str]) -> list[list]:
    """The run without capitals that may only mark a sentence start or a headline and belong
    to an ordinary word ("According", "Полиция", "Reacts Angrily"); the rest stay, split
    where a word was taken out."""
    parts: list[list] = [[]]
    nouns = lang in NOUN_CAPITALISING
    # German capitalises its nouns: a run of nothing but dictionary words is no name
    # ("Anklage", "Millionen Pfund"), wherever it stands.
    if nouns and all(is_common_word(t[2], lang) and not odd_caps(t[2]) for t in run):
        return []
    if nouns and len(run) == 1 and is_everyday_noun(run[0][2], lang):
        return []  # "Welt", "Uhr", "Tage"
    if len(run) == 1 and run[0][2] in not_alone_words():
        return []  # "TV", "CEO", "Islam"
    if len(run) == 2 and run[0][2] in ("North", "South", "East", "West") and is_demonym(run[1][2]):
        return []  # "North Korean"
    # ... and a noun before a name is its description: "Videoplattform Tiktok", "Dorf Kalamos".
    org_words = entity_words()[1]
    while nouns and len(run) >= 2 and is_german_noun(run[0][2]) and run[1][2] not in org_words:
        run = run[1:]
    titles = entity_words()[0]
    for i, t in enumerate(run):
        keep = t[2] not in titles  # "Democratic Senator Amy Klobuchar": a title inside splits
        # A first name after a known brand, a place or a German noun starts a new name:
        # "Getty Donald Trump", "Watykanu Franciszek", "Weltkriegsveteran Tom Moore"; not after
        # a rare word ("Deeq Mohammed Farah") or a word of the language ("Casa Blanca").
        prev = run[i - 1][2] if i else ""
        if (keep and i and parts[-1] and is_given_name(t[2]) and not is_given_name(prev)
                and prev not in _PARTICLES
                and (nouns or norm_form(name_lemma(prev, lang)) in gazetteer(lang)
                     or (word_frequency(prev.lower(), "en") >= 3.0 and not is_common_word(prev, lang)))):
            parts.append([])
        if keep and t[3] == 2:
            keep = _frequent(t[2], lang) < 3.0  # "EL", "SOBRE", "TIMES" in a shouted headline
        elif keep and t[2].isupper() and len(t[2]) > 3 and is_common_word(t[2], lang):
            keep = False  # shouted words: "FAKTEN", "[VIDEO]"
        elif keep and not t[3] and keeps_case(lang) and len(run) == 1 and _function_word(t[2], lang):
            keep = False  # "sexual Una demanda": a headline ran into the text
        elif keep and len(run) == 1 and lang == "en" and is_demonym(t[2]):
            keep = False  # "Japanese tennis star"
        elif keep and len(run) == 1 and is_demonym_noun(t[2], lang):
            keep = False  # "Amerykanie wysłali"
        if keep and t[3] and not odd_caps(t[2]):
            if nouns or not keeps_case(lang):
                keep = latin_key(t[2]) in mid and not is_common_word(t[2], lang)
            else:  # a lone "Średnia" at a sentence start, unless the batch writes it mid-sentence too
                keep = not is_common_word(t[2], lang) and (
                    len(run) > 1 or latin_key(t[2]) in mid or not lower_is_word(t[2], lang) or is_given_name(t[2]))
        if keep:
            parts[-1].append(t)
        elif parts[-1]:
            parts.append([])
    cues = set(entity_words()[2])
    for p in parts:  # "South Bend Mayor" (Pete Buttigieg): a title ends no name
        while len(p) >= 2 and (p[-1][2] in titles or p[-1][2].lower() in cues):
            p.pop()
    return [p for p in parts if p]
