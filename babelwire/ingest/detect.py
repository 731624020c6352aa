"""Which legacy encoding a non-UTF-8 input is in, or a refusal when no reading is clean.

charset-normalizer proposes decodings; its mess ratio ("chaos") alone is noisy between
single-byte code pages (French in cp1250 reads as clean as in cp1252), so each proposal is
also scored by the letters a real language would use, how common they are, and its
coherence. Short input read as CJK gets a second opinion, so a few Greek or Arabic bytes
never come out as plausible-looking Korean.
"""
from __future__ import annotations

import re
from collections import Counter

from .common import DecodeError, Decoded, normalise

# A decoding whose mess ratio exceeds this is refused ...
MAX_CHAOS = 0.15
# ... and one whose accented Latin letters fit no language this badly ...
_MIN_COVERAGE = 0.6
# ... or that is mostly half-width katakana (what other bytes look like in cp932).
_MAX_HALFWIDTH = 0.2
_SHORT = 64  # high bytes below which a CJK reading needs a second opinion
_SCORE_SAMPLE = 100_000  # characters; letter statistics settle long before that

_C1 = re.compile("[\x80-\x9f]")
_HIGH = bytes(range(0x80, 0x100))
_HALFWIDTH = re.compile("[\uff61-\uff9f]")
_ACCENTED = re.compile("[\u00c0-\u024f\u0259\u1e00-\u1eff]")
_MULTIBYTE = frozenset((
    "cp932", "shift_jis", "shift_jis_2004", "shift_jisx0213", "euc_jp", "euc_jis_2004",
    "euc_jisx0213", "cp949", "euc_kr", "johab", "big5", "big5hkscs", "cp950", "gb18030",
    "gb2312", "gbk", "hz", "iso2022_jp", "iso2022_kr",
))

# Most used on the web first: the last tie-break between decodings that score the same.
_PREFERENCE = (
    "utf_8", "cp1252", "cp1251", "gb18030", "cp932", "shift_jis", "euc_jp", "cp949", "euc_kr",
    "big5", "big5hkscs", "cp1250", "cp1256", "koi8_r", "koi8_u", "cp1253", "cp1254", "cp1255",
    "cp1257", "cp1258", "cp874", "iso8859_2", "iso8859_5", "iso8859_7", "iso8859_9",
    "iso8859_15", "latin_1", "iso8859_6", "iso8859_8", "iso8859_4", "iso8859_13", "iso8859_16",
    "iso8859_3", "iso8859_10", "iso8859_14", "mac_roman",
)
_RANK = {name: i for i, name in enumerate(_PREFERENCE)}


def mess(text: str) -> float:
    """charset-normalizer's mess ratio of decoded text: 0 clean, 1 garbage."""
    from charset_normalizer.md import mess_ratio

    return mess_ratio(text[:20000], maximum_threshold=1.0)


def detect(data: bytes) -> Decoded:
    """Decode non-UTF-8 ``data`` with the most plausible legacy encoding, or raise DecodeError."""
    _, best, text, cov = _best(data)
    kana = _halfwidth_share(text)
    if best.chaos > MAX_CHAOS or cov < _MIN_COVERAGE or kana > _MAX_HALFWIDTH:
        raise DecodeError(
            f"text encoding is unclear (best guess {best.encoding}, "
            f"{max(best.chaos, 1.0 - cov, kana):.0%} of it looks garbled); re-save the file as UTF-8"
        )
    if best.encoding in _MULTIBYTE and len(data) - len(data.translate(None, _HIGH)) < _SHORT:
        # A few high bytes read as some CJK text whatever they were (Greek, Arabic, ...):
        # only trust the guess if no single-byte code page reads them cleanly too.
        other = _best(data, exclude=_MULTIBYTE)
        if other is not None and other[1].chaos <= MAX_CHAOS and other[3] >= _MIN_COVERAGE:
            raise DecodeError(
                f"too little text to tell its encoding (could be {best.encoding} or "
                f"{other[1].encoding}); re-save the file as UTF-8"
            )
    if "\u00a4" in text and best.encoding in ("cp1252", "latin_1", "iso8859_1"):
        # ¤ is next to unused; at the same byte ISO-8859-15 has €, which is everywhere.
        try:
            return Decoded(normalise(data.decode("iso8859_15")), "iso8859_15")
        except UnicodeDecodeError:
            pass
    return Decoded(normalise(text), best.encoding)


def _best(data: bytes, exclude: frozenset[str] = frozenset()):
    """(badness, match, text, coverage) of the most plausible decoding, None if none."""
    from charset_normalizer import from_bytes

    matches = [
        m for m in from_bytes(data, cp_exclusion=sorted(exclude) or None)
        if not m.encoding.startswith(("utf_16", "utf_32")) and m.encoding not in exclude
    ]
    if not matches:
        if exclude:
            return None
        raise DecodeError("not UTF-8, and no known text encoding decodes it cleanly; re-save the file as UTF-8")
    scored = []
    for m in matches:
        text = str(m)
        cov, rare = latin_letters(text)
        # chaos alone is noisy (±0.1 between right and wrong single-byte codecs); the
        # letters a real language uses, how common they are on the web, and
        # charset-normalizer's coherence separate them.
        bad = (m.chaos + 1.5 * (1.0 - cov) + 0.2 * rare + 0.5 * (1.0 - m.coherence)
               + 0.002 * _RANK.get(m.encoding, 60))
        if _C1.search(text):  # C1 controls: a Windows code page read as ISO-8859
            bad += 0.5
        bad += 2.0 * _halfwidth_share(text)
        scored.append((bad, m, text, cov))
    return min(scored, key=lambda t: t[0])


def _halfwidth_share(text: str) -> float:
    """Half-width katakana among non-ASCII characters: what other bytes look like in cp932."""
    sample = text[:_SCORE_SAMPLE]
    high = len(sample) - len(sample.encode("ascii", "ignore"))
    return len(_HALFWIDTH.findall(sample)) / high if high else 0.0


def latin_letters(text: str) -> tuple[float, float]:
    """(coverage, rarity) of the accented Latin letters in ``text``.

    coverage: share that one real language's alphabet explains. A wrong single-byte codec
    turns a language's letters into a mix no language uses (Czech ě ř ů read as cp1252
    gives ì ø ù). rarity: share outside the common Western European letters, which decides
    between two decodings that both look like some language (Italian ì vs Czech ě).
    Both are neutral (1.0, 0.0) when there are no accented Latin letters.
    """
    latin = Counter(_ACCENTED.findall(text[:_SCORE_SAMPLE].lower()))
    latin.pop("\u00d7", None), latin.pop("\u00f7", None)  # × and ÷ sit among the letters
    total = sum(latin.values())
    if not total:
        return 1.0, 0.0
    cov = max(sum(n for ch, n in latin.items() if ch in letters) for letters in _ALPHABETS) / total
    rare = sum(n for ch, n in latin.items() if ch not in _WESTERN) / total
    return cov, rare


# Accented letters of Latin-script languages (lower case), for latin_letters().
_ALPHABETS = tuple(
    frozenset(a)
    for a in (
        "àâæçéèêëîïôœùûüÿ", "äöüß", "áéíñóúü", "áâãàçéêíóôõú", "àèéìíîòóùú", "àçèéíïòóúü",
        "áéëïóöüèà", "æøåéèóòôü", "åäöéü", "äöåšž", "áðéíóúýþæö", "ąćęłńóśźż",
        "áčďéěíňóřšťúůýž", "áäčďéíĺľňóôŕšťúýž", "čćđšž", "áéíóöőúüű", "ăâîșțşţ",
        "çğıöşüâîû", "ąčęėįšųūž", "āčēģīķļņšūž", "äöõüšž", "ċġħżàèìòù", "çë",
        "âêîôûŵŷäëïöüáéíóú", "çəğıöşü", "ĉĝĥĵŝŭ",
    )
)
_WESTERN = frozenset("àáâãäåæçèéêëìíîïñòóôõöøùúûüýÿœß")
