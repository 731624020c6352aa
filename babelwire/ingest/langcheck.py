"""Does decoded text read as a language? The check behind refusing a legacy charset guess.

charset-normalizer judges a decoding by how messy its characters look, which cannot tell
Czech in ISO-8859-2 from the same bytes read as cp1250 (both are clean Latin letters), or
short Hebrew from the same bytes read as Cyrillic. A reading is plausible here when:

- a language identifier (py3langid, already used for language detection) names a language
  with confidence: mojibake reads as no language in particular;
- its accented Latin letters are the ones that language (or a close neighbour it is
  confused with) writes: a wrong code page swaps them for a neighbour's letters;
- words do not mix scripts (Latin letters and Arabic ones inside one word).

Written here rather than taken from a library because no maintained one answers "is this
decoding right" rather than "which decoding is least messy".
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..language.engines import py3langid_identifier
from ..text import script_name, script_of

_SAMPLE = 2000
_SURE = 0.9  # language confidence at which the statistical guess is kept unchecked
_MAX_FOREIGN = 0.03  # accented letters outside the language's alphabet, share
_MAX_MIXED = 0.05  # words mixing scripts, share of words with non-ASCII letters
_MAX_MIXED_CASE = 0.2  # words like "уЃЮэ": case flips inside a word, share of words
_MAX_SYMBOLS = 0.05  # symbols (§ ‘ ≠ †) among non-ASCII characters
_WORD = re.compile(r"[^\W\d_]+")
# Accented letters of Western European languages, common in names and loanwords anywhere.
WESTERN = frozenset("àáâãäåæçèéêëìíîïñòóôõöøùúûüýÿœß")
_COMMON_SYMBOLS = frozenset("€£¥¢$°©®™×÷±µ§¬¦¨´¸¯^`~")
# Thai vowel and tone marks sit on a consonant (or on another mark); after anything else
# they are bytes of another language read as cp874.
_THAI_MARK = re.compile("[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]")
_THAI_ODD = re.compile("[\u0e03\u0e05\u0e4e]|(?<=[\u0e01-\u0e2e])[\u0e50-\u0e59]")
_THAI_BASE = re.compile("[\u0e01-\u0e2e\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]")
ACCENTED = re.compile("[\u00c0-\u024f\u0259\u1e00-\u1eff]")  # accented Latin letters
# Japanese and Korean words mix kanji/hanja with kana/hangul: one script here.
_UNSPACED = frozenset(("han", "THAI"))
# Symbols a wrong code page puts where letters were (Polish ą read as ±, ś as ¶), next to a letter.
_INNER = re.compile(r"(?<=[^\W\d_])[±¶¦¬ˇ¤¨¸˘˝˛¯¼½¾]|[±¶¦¬ˇ¤¨¸˘˝˛¯¼½¾](?=[^\W\d_])")

# Accented letters (lower case) each Latin-script language writes; languages a language
# identifier confuses (cs/sk, hr/bs/sr/sl, da/no/sv) are checked against their union.
ALPHABETS = {
    "fr": "àâæçéèêëîïôœùûüÿ", "de": "äöüß", "es": "áéíñóúü", "pt": "áâãàçéêíóôõú", "it": "àèéìíîòóùú",
    "ca": "àçèéíïòóúü", "nl": "áéëïóöüèà", "da": "æøåéèóòôü", "no": "æøåéèóòôü", "nb": "æøåéèóòôü",
    "nn": "æøåéèóòôü", "sv": "åäöéü", "fi": "äöåšž", "is": "áðéíóúýþæö", "pl": "ąćęłńóśźż",
    "cs": "áčďéěíňóřšťúůýž", "sk": "áäčďéíĺľňóôŕšťúýž", "hr": "čćđšž", "bs": "čćđšž", "sr": "čćđšž",
    "sl": "čćđšž", "hu": "áéíóöőúüű", "ro": "ăâîșțşţ", "tr": "çğıöşüâîû", "lt": "ąčęėįšųūž",
    "lv": "āčēģīķļņšūž", "et": "äöõüšž", "mt": "ċġħżàèìòù", "sq": "çë", "cy": "âêîôûŵŷäëïöüáéíóú",
    "az": "çəğıöşü", "eo": "ĉĝĥĵŝŭ", "ga": "áéíóú", "eu": "ñ", "gl": "áéíñóú",
}
_NEIGHBOURS = ({"cs", "sk"}, {"hr", "bs", "sr", "sl"}, {"da", "no", "nb", "nn", "sv"}, {"es", "gl", "ca", "pt"})


@dataclass(frozen=True, slots=True)
class Plausibility:
    language: str
    score: float  # the language identifier's confidence, 0..1

    @property
    def sure(self) -> bool:
        return self.score >= _SURE


def plausibility(text: str) -> Plausibility | None:
    """How clearly ``text`` reads as one language; None when it cannot be text in any."""
    sample = text[:_SAMPLE]
    if (_mixed_scripts(sample) > _MAX_MIXED or _mixed_case(sample) > _MAX_MIXED_CASE
            or _symbols(sample) > _MAX_SYMBOLS or _broken_thai(sample) > _MAX_MIXED):
        return None
    ranked = _identify(sample)
    if not ranked:
        return None
    language, score = ranked[0]
    if _foreign_letters(sample, [lang for lang, p in ranked if p >= 0.05]) > _MAX_FOREIGN:
        return None
    return Plausibility(language, score)


def _identify(sample: str) -> list[tuple[str, float]]:
    """The top languages of the sample's letters: py3langid's own labels and probabilities
    (language detection merges close labels, zh with yue and wuu, which would hide doubt)."""
    letters = " ".join(_WORD.findall(sample))
    if not letters.strip():
        return []

    return [(str(lang), float(p)) for lang, p in py3langid_identifier().rank(letters[:1000])[:3]]


def _foreign_letters(sample: str, languages: list[str]) -> float:
    """Share of accented Latin letters none of ``languages`` (and their neighbours) writes;
    0 when none of them has a known alphabet or the text has no accented letters."""
    wanted = set(languages)
    for group in _NEIGHBOURS:
        if wanted & group:
            wanted |= group
    alphabet = set("".join(ALPHABETS.get(lang, "") for lang in wanted))
    if not alphabet:
        return 0.0
    letters = [ch for ch in ACCENTED.findall(sample.lower()) if ch not in "\u00d7\u00f7"]
    if not letters:
        return 0.0
    # Western European letters turn up in any Latin-script text (Café, José, Müller); a wrong
    # Central European code page yields the others (Czech š read as Polish ą).
    return sum(ch not in alphabet and ch not in WESTERN for ch in letters) / len(letters)


def _mixed_scripts(sample: str) -> float:
    """Share of words with non-ASCII letters whose letters come from two scripts, or with a
    symbol between two letters."""
    words = mixed = 0
    for word in _WORD.findall(sample):
        if word.isascii():
            continue
        scripts = {_script(ch) for ch in word}
        if len(scripts) == 2 and "LATIN" in scripts and scripts & _UNSPACED and _latin_is_ascii(word):
            scripts.discard("LATIN")  # "TikTok应用": no spaces between words in Chinese or Thai
        words += 1
        mixed += len(scripts) > 1
    inner = len(_INNER.findall(sample))
    return (mixed + inner) / (words + inner) if words + inner else 0.0


def _mixed_case(sample: str) -> float:
    """Share of non-ASCII words with a capital after a small letter ("ЯкъОДођ")."""
    words = flips = 0
    for word in _WORD.findall(sample):
        if word.isascii() or len(word) < 2:
            continue
        if any(ch.lower() == ch.upper() for ch in word):
            continue  # letters without case (CJK, Arabic, Thai) beside a Latin name
        words += 1
        rest = word[1:]
        flips += not (rest.islower() or rest.isupper())
    return flips / words if words else 0.0


def _symbols(sample: str) -> float:
    """Share of unusual symbols (≠ † ◊, private use) among non-ASCII characters, once there
    are a few of them."""
    high = [ch for ch in sample if ord(ch) > 0x7F and not ch.isspace()]
    odd = sum(ch not in _COMMON_SYMBOLS and (unicodedata.category(ch)[0] == "S"
                                             or unicodedata.category(ch) in ("Co", "Cn", "Cc"))
              for ch in high)
    return odd / len(high) if odd >= 2 else 0.0


def _broken_thai(sample: str) -> float:
    """Share of Thai marks not on a letter, plus letters out of use (ฃ ฅ) and digits glued to
    letters, which other bytes read as cp874 are full of."""
    marks = [m.start() for m in _THAI_MARK.finditer(sample)]
    odd = len(_THAI_ODD.findall(sample))
    if not marks and not odd:
        return 0.0
    bad = odd + sum(1 for i in marks if i == 0 or not _THAI_BASE.match(sample[i - 1]))
    return bad / (len(marks) + odd)


def _latin_is_ascii(word: str) -> bool:
    return all(ch.isascii() for ch in word if _script(ch) == "LATIN")


def _script(ch: str) -> str:
    # Width forms (ＡＢＣ, ｶﾀｶﾅ) are CJK typography here, whatever letters they show.
    if script_of(ch) == "han" or "\uff00" <= ch <= "\uffef":
        return "han"
    return script_name(ch) or "?"
