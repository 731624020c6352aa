"""Grouping of entity mentions into one Entity each, with its readable name and kind.

``group_entities`` takes the mentions any extractor produced (the heuristic one in
entities.py or a real NER model) and merges their keys: plural/genitive "s" forms, lone
surnames into the one full name ending with them, trailing organisation words; then it
picks the name to show (the most frequent Latin spelling, else a transliteration) and the
kind (person, org, place). It works on mentions alone, never on how they were found, so
it is separate from the extractor.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from functools import lru_cache
from typing import Any, Sequence

from ..models import get_field
from ._data import base_lang, load
from .cities import find_city, is_region
from .gazetteer import country_names_en, entity_words, name_variants, place_words
from .lexicon import NOUN_CAPITALISING, is_common_word, is_everyday_noun, is_given_name, word_frequency
from .transliteration import latin_key, translit
from .types import Entity, Mention

COMMON_ZIPF = 3.5  # wordfreq's Zipf scale: about one use in 300,000 words and more


# --------------------------------------------------------------------------- grouping

_NOUN_CAPITALISING = NOUN_CAPITALISING


def group_entities(
    articles: Sequence[Any],
    mentions: Sequence[Sequence[Mention]],
    *,
    min_mentions: int = 2,
) -> list[Entity]:
    """One Entity per thing named, across languages and scripts, most reported first.

    Keys are merged when one is the other plus a genitive/plural "s" ("Amazons"), and a lone
    surname joins the only full name that ends with it ("Pompeo" → "Mike Pompeo").
    """
    _titles, org_words, _cues, _ = entity_words()
    counts: Counter[str] = Counter(m.key for ms in mentions for m in ms)
    alias: dict[str, str] = {}
    for key in counts:
        if key.endswith("s") and key[:-1] in counts and not key.startswith("place:"):
            alias[key] = key[:-1]
    # Lone surnames and first names of multi-word names.
    multi: dict[str, list[str]] = defaultdict(list)
    places = place_words()
    for ms in mentions:
        for m in ms:
            parts = m.text.split()
            # Only a person's name lends its last word: not "Organización Trump", "Golf Club".
            if (m.script == "latin" and len(parts) >= 2 and m.kind in ("unknown", "person")
                    and not any(p in org_words or p in places for p in parts)):
                last = latin_key(parts[-1])
                if m.key not in multi[last]:
                    multi[last].append(m.key)
    texts = {m.key: m.text for ms in mentions for m in ms if len(m.text.split()) >= 2}
    # A longer run that ends with a full name is that person: "Nissan Chairman Carlos Ghosn",
    # "Milan Cathedral Andrea Bocelli" (a place, brand or title ran into the name).
    people = {" ".join(t.split()): k for k, t in texts.items()
              if len(t.split()) == 2 and is_given_name(t.split()[0]) and k in multi.get(latin_key(t.split()[-1]), [])}
    for key, text in texts.items():
        parts = text.split()
        for n in (2,):
            tail = " ".join(parts[-n:])
            if len(parts) > n and tail in people and people[tail] != key and not any(p in org_words for p in parts):
                alias.setdefault(key, people[tail])
    for key in counts:
        cands = [c for c in multi.get(key, []) if c != key and c not in alias]
        if len(cands) > 1:  # "Donald Trump" over "Twitter Trump": the one that starts with a first name
            cands = [c for c in cands if is_given_name(texts.get(c, "").split()[0])]
        if key in multi and len(cands) == 1:
            alias[key] = cands[0]
    # Lone words that are a person's first or last name in the batch ("Mehta" of Sonny and Gita
    # Mehta) are people even where they stay apart.
    name_parts = {last for last, keys in multi.items()
                  if any(is_given_name(texts.get(k, "").split()[0]) for k in keys)}
    # "Fox News TV" is "Fox News": a trailing organisation word or short acronym adds nothing.
    surfaces = {m.key: m.text for ms in mentions for m in ms if m.script == "latin"}
    for key, text in surfaces.items():
        parts = text.split()
        if len(parts) >= 3 and (parts[-1] in org_words or (parts[-1].isupper() and len(parts[-1]) <= 3)):
            shorter = latin_key(" ".join(parts[:-1]))
            if shorter in counts:
                alias.setdefault(key, shorter)

    # One person's given name in each language's spelling ("Papa Francesco", "Papst Franziskus",
    # "Pope Francis") is one entity when a title or a person cue stands before one of them.
    variants = name_variants()
    titled: set[str] = set()
    for art, ms in zip(articles, mentions):
        text = get_field(art, "text") or ""
        for m in ms:
            if len(m.text.split()) == 1 and m.key in variants:
                before = text[max(0, m.start - 30):m.start].lower().rstrip()
                if _cue_before().search(before):
                    titled.add(variants[m.key])
    for key in counts:
        if key in variants and variants[key] in titled:
            target = latin_key(variants[key])
            if key != target:
                alias.setdefault(key, target)

    def canon(k: str) -> str:
        seen = set()
        while k in alias and k not in seen:
            seen.add(k)
            k = alias[k]
        return k

    groups: dict[str, dict[str, Any]] = {}
    for art, ms in zip(articles, mentions):
        lang = base_lang(get_field(art, "language"))
        aid = get_field(art, "id")
        text = get_field(art, "text") or ""
        for m in ms:
            k = canon(m.key)
            g = groups.setdefault(k, {"key": k, "mentions": 0, "langs": Counter(), "forms": defaultdict(Counter),
                                      "articles": [], "latin": Counter(), "kinds": Counter(),
                                      "person_cue": 0, "said": 0, "place_cue": 0, "sources": set(), "scripts": set(),
                                      "name_part": k in name_parts})
            g["mentions"] += 1
            g["sources"].add(m.source)
            g["scripts"].add(m.script)
            g["langs"][lang] += 1
            g["forms"][lang][m.text] += 1
            if aid not in g["articles"]:
                g["articles"].append(aid)
            if m.script == "latin":
                g["latin"][m.text] += 1
            elif m.latin:
                g["latin"][m.latin] += 0  # known but not written in Latin here
            if m.kind != "unknown":
                g["kinds"][m.kind] += 1
            before = text[max(0, m.start - 30):m.start].lower()
            if _cue_before().search(before):
                g["person_cue"] += 1
            elif _said_after(lang).match(text, m.end):
                g["said"] += 1
            elif _place_before(lang).search(before) and not text.startswith(("'s", "’s"), m.end):
                g["place_cue"] += 1

    names = country_names_en()
    out: list[Entity] = []
    for k, g in groups.items():
        multiword = any(len(f.split()) >= 2 for fs in g["forms"].values() for f in fs) and (
            g["latin"] or "cased" in g["scripts"])  # capitals mark Cyrillic and Greek names too
        # Names met once are kept when their shape is trustworthy: a gazetteer place, a
        # multi-word name, or a capitalised word mid-sentence in a language that does not
        # capitalise its nouns (German does).
        once_ok = multiword or k.startswith("place:") or (
            g["latin"] and not set(g["langs"]) <= _NOUN_CAPITALISING and g["sources"] <= {"shape"})
        if g["mentions"] < min_mentions and len(g["langs"]) < 2 and not once_ok:
            continue
        if not k.startswith(("place:", "city:")) and (_only_words(g) or _common_once(g)):
            continue
        if k.startswith("place:"):
            code = k.split(":", 1)[1]
            name, kind, src = names.get(code, code), "place", "gazetteer"
        elif k.startswith("city:"):
            name, kind, src = max(g["latin"].items(), key=lambda kv: kv[1])[0] if g["latin"] else k, "place", "gazetteer"
        else:
            name, src = _readable(g)
            kind = _kind(name, g, org_words)
        forms = {l: dict(c.most_common()) for l, c in g["forms"].items()}
        out.append(Entity(id=k, name=name, kind=kind, mentions=g["mentions"], languages=dict(g["langs"]),
                          forms=forms, articles=g["articles"], name_source=src))
    out.sort(key=lambda e: (-len(e.languages), -len(e.articles), -e.mentions, e.name))
    return out


def _common_once(g: dict[str, Any]) -> bool:
    """One word, written once in one article, that is an everyday word in English or in its
    own language ("Senior", "Stuff", "Opinie"): too little evidence that it is a name.
    Precision first: a real name met once this way costs less than a word shown as a name."""
    if g["mentions"] > 1 or len(g["articles"]) > 1:
        return False
    forms = [(lang, f) for lang, fs in g["forms"].items() for f in fs]
    if len(forms) != 1:
        return False
    lang, f = forms[0]
    if len(f.split()) != 1 or (f.isupper() and len(f) <= 5) or is_given_name(f) or find_city(f) or is_region(f):
        return False  # acronyms are judged elsewhere; a first name or a city alone may be one
    w = f.lower()
    return word_frequency(w, "en") >= COMMON_ZIPF or word_frequency(w, lang) >= COMMON_ZIPF


def _only_words(g: dict[str, Any]) -> bool:
    """Every form is one ordinary word of its language ("Plaza", "Health", "Ici", "Waffe"):
    a capital somewhere made it look like a name. "Apple" stays where another language
    writes it, since it is no word there."""
    return all(len(f.split()) == 1 and not any(c.isupper() for c in f[1:])
               and (is_common_word(f, lang) or is_everyday_noun(f, lang))
               for lang, fs in g["forms"].items() for f in fs)


@lru_cache(maxsize=None)
def _cue_before() -> re.Pattern[str]:
    """A person cue or title at the end of the (lower-cased) text before a name."""
    titles, _orgs, person_cues, _ = entity_words()
    cues = sorted({c for c in person_cues} | {t.lower() for t in titles}, key=len, reverse=True)
    return re.compile("(?:" + "|".join(re.escape(c) for c in cues) + r")\s*$")


@lru_cache(maxsize=None)
def _said_after(lang: str) -> re.Pattern[str]:
    """A verb of saying right after a name: "Haftar said", "sagte Kemmerich" is not caught."""
    words = load("entities.json").get("person_after", {}).get(lang, [])
    alts = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) or r"(?!)"
    return re.compile(rf"[,]?\s+(?:{alts})(?!\w)")


@lru_cache(maxsize=None)
def _place_before(lang: str) -> re.Pattern[str]:
    """A locative preposition right before a name: "in Mallacoota", "w Zakopanem"."""
    words = load("entities.json").get("place_before", {}).get(lang, [])
    alts = "|".join(re.escape(w) for w in words) or r"(?!)"
    return re.compile(rf"(?<!\w)(?:{alts})\s+$")


def _readable(g: dict[str, Any]) -> tuple[str, str]:
    latin: Counter[str] = g["latin"]
    if latin:
        # Most frequent Latin spelling; among equals the one with more capitals ("TikTok").
        best = max(latin.items(), key=lambda kv: (kv[1], latin_key(kv[0]) == g["key"],
                                                  sum(c.isupper() for c in kv[0]), kv[0]))
        # A multi-word form of the same name reads better than its lone surname.
        longer = [f for f in latin if len(f.split()) >= 2 and latin_key(f.split()[-1]) == latin_key(best[0])]
        if len(best[0].split()) == 1 and longer:
            return max(longer, key=lambda f: latin[f]), "written"
        return best[0], "written"
    form = max(((f, n) for fs in g["forms"].values() for f, n in fs.items()), key=lambda kv: kv[1])[0]
    return translit(form).title(), "transliterated"


def _kind(name: str, g: dict[str, Any], org_words: set[str]) -> str:
    """Person, org or place from what the mentions said, the words of the name, the word
    lists (first names, cities, regions) and what stands before it."""
    if g["kinds"]:
        return g["kinds"].most_common(1)[0][0]
    words = name.split()
    if any(w in org_words for w in words):
        return "org"
    if any(w in place_words() for w in words) or is_region(name) or find_city(name):
        return "place"
    if g["person_cue"] >= max(1, 0.3 * g["mentions"]):
        return "person"
    if len(words) == 1 and g.get("name_part") and not (len(name) <= 6 and name.isupper()):
        return "person"  # "Mehta", "Elara": part of a person's name in the batch
    letters = [c for c in name if c.isalpha()]
    if len(words) == 1 and letters and all(c.isupper() for c in letters) and len(letters) <= 6:
        return "org"  # "CNN", "IBPS", "TVP"
    if len(words) >= 2 and is_given_name(words[0]):
        return "person"
    placed = g["place_cue"] >= max(1, 0.5 * g["mentions"])
    # "Green Zone", "White House", "Islamic Republic": a last word that is an everyday English
    # word names a thing, not a person (surnames come after a first name, caught above).
    if 2 <= len(words) <= 3 and is_common_word(words[-1], "en") and word_frequency(words[-1].lower(), "en") >= 4.0:
        return "place" if placed or any(is_region(w) or find_city(w) for w in words) else "org"
    if g["said"] >= max(1, 0.3 * g["mentions"]):
        return "person"  # "Haftar said"
    if placed or any(find_city(w) or is_region(w) or w in country_names_en().values() for w in words):
        return "place"  # "in Mallacoota", "East Jakarta", "Bundesstaat Texas"
    if 2 <= len(words) <= 3 and all(w[:1].isupper() and w[1:].islower() for w in words if w.isalpha()):
        return "person"
    if len(words) == 1 and is_given_name(name):
        return "person"
    return "org" if len(words) == 1 else "unknown"
