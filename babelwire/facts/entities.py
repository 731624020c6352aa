"""People, organisations and places across scripts, grouped as one entity each.

No multilingual NER model can be had offline, so the built-in extractor ("heuristic") reads
names from cues every language gives:

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
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from functools import lru_cache
from typing import Any, Callable, Protocol, Sequence, runtime_checkable

from anyascii import anyascii
from rapidfuzz import fuzz

from ..registry import Registry
from ..similarity.features import to_key
from ._data import LETTER, base_lang, lib_lang, load
from .types import Entity, Mention

entity_extractors: Registry[Any] = Registry("entity extractor")


@runtime_checkable
class EntityExtractor(Protocol):
    name: str

    def extract_batch(self, articles: Sequence[Any]) -> list[list[Mention]]: ...


def get_entity_extractor(name: str = "heuristic", **options: Any) -> EntityExtractor:
    return entity_extractors.create(name, **options)


# --------------------------------------------------------------------------- scripts

def script_of(ch: str) -> str:
    cp = ord(ch)
    if cp < 0x0250 or 0x1E00 <= cp < 0x1F00:
        return "latin"
    if 0x0370 <= cp < 0x0530 or 0x1F00 <= cp < 0x2000:
        return "cased"  # Greek, Cyrillic, Armenian: capitals mark names as in Latin
    if 0x3040 <= cp < 0xA000 or 0xF900 <= cp < 0xFB00 or 0xAC00 <= cp < 0xD7B0:
        return "han"
    return "uncased"


_TOKEN = re.compile(rf"{LETTER}+(?:[.&]{LETTER}+)*")
_AR_DIACRITICS = re.compile(r"[\u064b-\u065f\u0670\u0640]")
_AR_PREFIX = re.compile(r"^(?:وال|بال|فال|كال|لل|ال|و|ب|ل|ف|ك)")
_SENT_START = re.compile(r"(?:^|[.!?؟।:\n\"«“„”»–—•]|\s-)\s*$")
_ELISION = re.compile(r"^(?:[dlnjmstc]|qu|jusqu|lorsqu|puisqu)['’]", re.IGNORECASE)
_LABIALS = set("पफबभम")


def norm_form(s: str) -> str:
    """Case-, diacritic- and spelling-variant-blind form for dictionary look-ups."""
    s = unicodedata.normalize("NFC", s)
    s = _AR_DIACRITICS.sub("", s)
    s = s.replace("أ", "ا").replace("إ", "ا").replace("آ", "ا").replace("ى", "ي")
    s = s.replace("\u093c", "")  # Devanagari nukta: "अमेज़न" and "अमेजन" are one spelling
    return " ".join(s.lower().replace("-", " ").split())  # "États-Unis" = "états unis"


def _devanagari_nasals(s: str) -> str:
    # Anusvara sounds like the nasal of the consonant after it: "बाइटडांस" is "baitdans".
    out = []
    for i, ch in enumerate(s):
        if ch in "\u0902\u0901":
            nxt = s[i + 1] if i + 1 < len(s) else ""
            out.append("m" if nxt in _LABIALS else "n")
        else:
            out.append(ch)
    return "".join(out)


_DIGRAPHS = (("ph", "f"), ("ck", "k"), ("sh", "s"), ("ch", "k"), ("th", "t"), ("kh", "k"),
             ("gh", "g"), ("dh", "d"), ("bh", "b"), ("qu", "k"))
_SOUNDS = str.maketrans({"c": "k", "q": "k", "x": "ks", "z": "s", "j": "s", "g": "k", "v": "f",
                         "p": "b", "d": "t"})
_VOWELS = re.compile(r"[aeiouyhw]")


@lru_cache(maxsize=200_000)
def translit(s: str) -> str:
    """ASCII letters of any script, lower case: "माइक पोम्पिओ" -> "maik pompio"."""
    if any("\u0900" <= c <= "\u097f" for c in s):
        s = _devanagari_nasals(s)
    a = anyascii(unicodedata.normalize("NFC", s)).lower()
    if any("\u0900" <= c <= "\u097f" for c in s):
        a = a.replace("v", "w")  # व in foreign names is mostly w: "म्वाक्युसा" is Mwakyusa
    return re.sub(r"[^a-z ]", "", a)


@lru_cache(maxsize=200_000)
def phonetic(s: str) -> str:
    """Consonant skeleton that survives transliteration: "TikTok", "تيك توك", "टिकटॉक" -> "tktk".

    Vowels are what scripts write differently (Arabic mostly omits them), so they go; sounds
    that transliterations confuse (p/b, d/t, z/s/j, c/k/q/g) are merged.
    """
    k = translit(s).replace(" ", "")
    k = re.sub(r"c(?=[eiy])", "s", k)
    for a, b in _DIGRAPHS:
        k = k.replace(a, b)
    k = k.translate(_SOUNDS)
    k = _VOWELS.sub("", k)
    return re.sub(r"(.)\1+", r"\1", k)


@lru_cache(maxsize=200_000)
def vowel_shape(s: str) -> str:
    """Consonants as in ``phonetic`` with every vowel run (w, y and the hamza seat included)
    kept as one "a": Arabic "bwmbyw" and "pompeo" both read "bamba", while "fsbk" (no long
    vowel written) does not read "fasabak" (Facebook)."""
    deva = any("\u0900" <= c <= "\u097f" for c in s)
    if deva:
        s = _devanagari_nasals(s)
    k = anyascii(unicodedata.normalize("NFC", s)).lower().replace("'", "a")
    if deva:
        k = k.replace("v", "w")
    k = re.sub(r"[^a-z]", "", k)
    k = re.sub(r"c(?=[eiy])", "s", k)
    for a, b in _DIGRAPHS:
        k = k.replace(a, b)
    k = k.translate(_SOUNDS).replace("h", "")
    k = re.sub(r"[aeiouyw]+", "a", k)
    return re.sub(r"(.)\1+", r"\1", k)


def _uncased_variants(surface: str) -> list[str]:
    out = [surface]
    stripped = _AR_PREFIX.sub("", surface)
    # Only a clitic before a word that stays a word: "وأمازون" -> "أمازون", not "بعض" -> "عض".
    if stripped != surface and len(stripped.split()[0]) >= 3 if stripped.split() else False:
        out.append(stripped)
    return out


def latin_key(s: str) -> str:
    return to_key(s)


# --------------------------------------------------------------------------- gazetteer

@lru_cache(maxsize=None)
def _country_names_en() -> dict[str, str]:
    """ISO code -> readable English name (pycountry's common name when it has one)."""
    out: dict[str, str] = {}
    try:
        import pycountry

        for c in pycountry.countries:
            out[c.alpha_2] = getattr(c, "common_name", None) or c.name
    except Exception:
        pass
    try:
        from babel import Locale

        for code, name in Locale.parse("en").territories.items():
            if len(code) == 2 and code.isalpha():
                out.setdefault(code, name)
    except Exception:
        pass
    out.update({"US": "United States", "GB": "United Kingdom", "HK": "Hong Kong", "KR": "South Korea",
                "RU": "Russia", "IR": "Iran", "SY": "Syria", "TW": "Taiwan", "VN": "Vietnam"})
    return out


def _clean_place_name(name: str) -> str:
    # "हाँग काँग (चीन विशेष प्रशासनिक क्षेत्र)" -> "हाँग काँग"; "Hongkong SAR Kina" -> "Hongkong"
    name = re.sub(r"\s*[(（].*?[)）]", "", name)
    name = re.sub(r"\s+(?:SAR|RAS|DAK)\b.*$", "", name)
    return name.strip(" ,")


@lru_cache(maxsize=None)
def gazetteer(language: str) -> dict[str, str]:
    """Normalised place name -> ISO 3166 code, for one language plus English."""
    names: dict[str, str] = {}
    langs = [lib_lang(language)] + (["en"] if lib_lang(language) != "en" else [])
    for lang in langs:
        try:
            from babel import Locale

            for code, name in Locale.parse(lang).territories.items():
                if len(code) == 2 and code.isalpha() and code not in ("ZZ", "EU", "EZ", "UN", "QO"):
                    for n in {name, _clean_place_name(name)}:
                        if n:
                            names.setdefault(norm_form(n), code)
        except Exception:
            pass
        try:  # pycountry's gettext catalogues add official and common names
            import gettext

            import pycountry

            tr = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang], fallback=True)
            for c in pycountry.countries:
                for attr in ("name", "common_name"):
                    v = getattr(c, attr, None)
                    if v:
                        names.setdefault(norm_form(_clean_place_name(tr.gettext(v))), c.alpha_2)
        except Exception:
            pass
    extra = load("places.json")
    for lang in {base_lang(language), "en"}:
        for n, code in extra.get(lang, {}).items():
            names[norm_form(n)] = code
    return names


@lru_cache(maxsize=None)
def _gazetteer_index(language: str) -> dict[str, tuple[int, ...]]:
    """First word of every name -> the word counts of names starting with it (longest first)."""
    idx: dict[str, set[int]] = defaultdict(set)
    for name in gazetteer(language):
        words = name.split()
        if words:
            idx[words[0]].add(len(words))
    return {w: tuple(sorted(ns, reverse=True)) for w, ns in idx.items()}


@lru_cache(maxsize=100_000)
def _norm_token(tok: str) -> str:
    return norm_form(tok)


_HAN_KANA = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


@lru_cache(maxsize=None)
def _cjk_place_regex(language: str) -> re.Pattern[str] | None:
    names = sorted((n for n in gazetteer(language) if _HAN_KANA.search(n) and " " not in n), key=len, reverse=True)
    return re.compile("|".join(re.escape(n) for n in names)) if names else None


def find_places(text: str, language: str) -> list[tuple[int, int, str]]:
    """(start, end, ISO code) of country names in ``text``; longest match wins."""
    if _HAN_KANA.search(text):
        # Chinese and Japanese write no spaces: names are found inside runs of characters.
        rx = _cjk_place_regex(language)
        found = [(m.start(), m.end(), gazetteer(language)[m.group(0)]) for m in rx.finditer(text)] if rx else []
        if base_lang(language) in ("zh", "ja"):
            return found
    else:
        found = []
    return sorted(found + _find_spaced_places(text, language))


def _find_spaced_places(text: str, language: str) -> list[tuple[int, int, str]]:
    gz = gazetteer(language)
    index = _gazetteer_index(language)
    toks = [(m.start(), m.end(), m.group(0)) for m in _TOKEN.finditer(text)]
    norms = [_norm_token(t[2]) for t in toks]
    out: list[tuple[int, int, str]] = []
    i = 0
    while i < len(toks):
        s0, _e0, tok = toks[i]
        firsts = [(norms[i], 0)]
        if script_of(tok[0]) == "uncased":
            # Arabic clitics: "بالصين" is "ب" + "الصين", "والصين" is "و" + "الصين".
            stripped = tok
            for _ in range(2):  # "وبالصين" = "و" + "بال" + "صين"
                nxt = _AR_PREFIX.sub("", stripped)
                if nxt == stripped or len(nxt) < 2:
                    break
                stripped = nxt
                shift = len(tok) - len(stripped)
                firsts += [(_norm_token(stripped), shift), (_norm_token("ال" + stripped), shift)]
        elif not tok[0].isupper():
            i += 1
            continue  # "chad", "turkey": Latin place names are capitalised
        hit = None
        for first, shift in firsts:
            for n in index.get(first, ()):
                if i + n > len(toks):
                    continue
                if n > 1 and any(text[toks[j][1]:toks[j + 1][0]].strip(" -") for j in range(i, i + n - 1)):
                    continue  # words of a name are separated by spaces or hyphens only
                code = gz.get(" ".join([first] + norms[i + 1:i + n]))
                if code is None:
                    continue
                start, end = s0 + shift, toks[i + n - 1][1]
                if end - start <= 3 and script_of(tok[0]) != "uncased" and not text[start:end].isupper():
                    continue  # "as" is not "AS" (Amerika Serikat)
                hit = (start, end, code, n)
                break
            if hit:
                break
        if hit:
            out.append(hit[:3])
            i += hit[3]
        else:
            i += 1
    return out


# --------------------------------------------------------------------------- the extractor

@lru_cache(maxsize=None)
def _entity_words() -> tuple[set[str], set[str], list[str], set[str]]:
    d = load("entities.json")
    return (set(d["titles"]), set(d["org_words"]), [c.lower() for c in d["person_cues"]],
            set(d["not_names"]))


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
            for s, e, code in places:
                ms.append(Mention(text[s:e], s, e, f"place:{code}", script_of(text[s]), "place",
                                  source="gazetteer"))
            busy = bytearray(len(text) + 1)
            for s, e, _ in places:
                busy[s:e] = b"\x01" * (e - s)
            for run, embedded in rs:
                while run and run[0][3] and latin_key(run[0][2]) not in mid and not _odd_caps(run[0][2]):
                    run = run[1:]
                if not run:
                    continue
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
                for piece in pieces:
                    s, e = piece[0][0], piece[-1][1]
                    surface = text[s:e]
                    key = latin_key(surface)
                    if any(busy[s:e]) or len(key) < 2:
                        continue
                    if embedded and not own_latin[key] and not _odd_caps(surface):
                        continue
                    ms.append(Mention(surface, s, e, key, script_of(surface[0]),
                                      source="embedded" if embedded else "shape"))
            out.append(ms)
        # Pass 2: non-Latin spellings of the batch's Latin names.
        anchors = self._anchors(out)
        for ms in out:
            for m in ms:
                if m.script == "cased":  # "Маджене" is Majene when the batch writes it so
                    hit = self._match(m.text, anchors)
                    if hit:
                        m.key, m.latin, m.source = hit[0], hit[1], "transliteration"
        for i, (text, lang) in enumerate(docs):
            if any(script_of(c) == "uncased" for c in text[:2000] if c.isalpha()):
                out[i].extend(self._uncased_mentions(text, lang, out[i], anchors))
            out[i].sort(key=lambda m: m.start)
        return out

    # -- pass 1 ---------------------------------------------------------------------------
    def _shape_runs(self, text: str, lang: str):
        """[(tokens, embedded)] capitalised runs; a token is (start, end, text, initial)."""
        titles, _orgs, _cues, not_names = _entity_words()
        calendar = _calendar_words(lang)
        out = []
        run: list[tuple[int, int, str, bool]] = []
        embedded_run = False

        def flush():
            nonlocal run, embedded_run
            while run and (run[0][2] in titles or run[0][2] in not_names):
                run.pop(0)
            while run and run[-1][2] in not_names:
                run.pop()
            if run:
                out.append((run, embedded_run))
            run = []
            embedded_run = False

        prev_end = 0
        for m in _TOKEN.finditer(text):
            tok = m.group(0)
            s, e = m.start(), m.end()
            gap = text[prev_end:s]
            prev_end = e
            if script_of(tok[0]) not in ("latin", "cased"):
                flush()
                continue
            if not tok[0].isupper() or tok.lower() in calendar:
                flush()
                continue
            if run and (gap.strip(" ") not in ("", "-", "&") or "\n" in gap):
                flush()
            initial = s == 0 or bool(_SENT_START.search(text[max(0, s - 4):s]))
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


def _get(obj: Any, name: str, default: Any = None) -> Any:
    if isinstance(obj, dict):
        return obj.get(name, default)
    return getattr(obj, name, default)


entity_extractors.register("heuristic", HeuristicExtractor,
                           help="shape, aligned pairs, transliteration and a country gazetteer (offline)")


# --------------------------------------------------------------------------- grouping

_NOUN_CAPITALISING = {"de", "lb"}


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
    titles, org_words, person_cues, _ = _entity_words()
    counts: Counter[str] = Counter(m.key for ms in mentions for m in ms)
    alias: dict[str, str] = {}
    for key in counts:
        if key.endswith("s") and key[:-1] in counts and not key.startswith("place:"):
            alias[key] = key[:-1]
    # Lone surnames and first names of multi-word names.
    multi: dict[str, list[str]] = defaultdict(list)
    for ms in mentions:
        for m in ms:
            parts = m.text.split()
            if m.script == "latin" and len(parts) >= 2 and not m.key.startswith("place:"):
                last = latin_key(parts[-1])
                if m.key not in multi[last]:
                    multi[last].append(m.key)
    for key in counts:
        if key in multi and len(multi[key]) == 1 and multi[key][0] != key:
            alias[key] = multi[key][0]
    # "Fox News TV" is "Fox News": a trailing organisation word or short acronym adds nothing.
    surfaces = {m.key: m.text for ms in mentions for m in ms if m.script == "latin"}
    for key, text in surfaces.items():
        parts = text.split()
        if len(parts) >= 3 and (parts[-1] in org_words or (parts[-1].isupper() and len(parts[-1]) <= 3)):
            shorter = latin_key(" ".join(parts[:-1]))
            if shorter in counts:
                alias.setdefault(key, shorter)

    def canon(k: str) -> str:
        seen = set()
        while k in alias and k not in seen:
            seen.add(k)
            k = alias[k]
        return k

    groups: dict[str, dict[str, Any]] = {}
    for art, ms in zip(articles, mentions):
        lang = base_lang(_get(art, "language"))
        aid = _get(art, "id")
        text = _get(art, "text") or ""
        for m in ms:
            k = canon(m.key)
            g = groups.setdefault(k, {"key": k, "mentions": 0, "langs": Counter(), "forms": defaultdict(Counter),
                                      "articles": [], "latin": Counter(), "kinds": Counter(),
                                      "person_cue": 0, "sources": set()})
            g["mentions"] += 1
            g["sources"].add(m.source)
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
            if any(before.rstrip().endswith(c) for c in person_cues):
                g["person_cue"] += 1

    names = _country_names_en()
    out: list[Entity] = []
    for k, g in groups.items():
        multiword = any(len(f.split()) >= 2 for fs in g["forms"].values() for f in fs) and g["latin"]
        # Names met once are kept when their shape is trustworthy: a gazetteer place, a
        # multi-word name, or a capitalised word mid-sentence in a language that does not
        # capitalise its nouns (German does).
        once_ok = multiword or k.startswith("place:") or (
            g["latin"] and not set(g["langs"]) <= _NOUN_CAPITALISING and g["sources"] <= {"shape"})
        if g["mentions"] < min_mentions and len(g["langs"]) < 2 and not once_ok:
            continue
        if k.startswith("place:"):
            code = k.split(":", 1)[1]
            name, kind, src = names.get(code, code), "place", "gazetteer"
        else:
            name, src = _readable(g)
            kind = _kind(name, g, org_words)
        forms = {l: dict(c.most_common()) for l, c in g["forms"].items()}
        out.append(Entity(id=k, name=name, kind=kind, mentions=g["mentions"], languages=dict(g["langs"]),
                          forms=forms, articles=g["articles"], name_source=src))
    out.sort(key=lambda e: (-len(e.languages), -len(e.articles), -e.mentions, e.name))
    return out


def _readable(g: dict[str, Any]) -> tuple[str, str]:
    latin: Counter[str] = g["latin"]
    if latin:
        # Most frequent Latin spelling; among equals the one with more capitals ("TikTok").
        best = max(latin.items(), key=lambda kv: (kv[1], latin_key(kv[0]) == g["key"],
                                                  sum(c.isupper() for c in kv[0]), kv[0]))
        # A multi-word form of the same name reads better than its lone surname.
        return best[0], "written"
    form = max(((f, n) for fs in g["forms"].values() for f, n in fs.items()), key=lambda kv: kv[1])[0]
    return translit(form).title(), "transliterated"


def _kind(name: str, g: dict[str, Any], org_words: set[str]) -> str:
    if g["kinds"]:
        return g["kinds"].most_common(1)[0][0]
    words = name.split()
    if any(w in org_words for w in words):
        return "org"
    if g["person_cue"] >= max(1, 0.3 * g["mentions"]):
        return "person"
    if 2 <= len(words) <= 3 and all(w[:1].isupper() and w[1:].islower() for w in words if w.isalpha()):
        return "person"
    return "org" if len(words) == 1 else "unknown"
