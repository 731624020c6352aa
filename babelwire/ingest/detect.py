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

from .common import Decoded, DecodeError, normalise
from .langcheck import ACCENTED, ALPHABETS, WESTERN, plausibility

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
    # deferred: charset_normalizer is slow to import; paid only when this runs
    from charset_normalizer.md import mess_ratio

    return mess_ratio(text[:20000], maximum_threshold=1.0)


def detect(data: bytes) -> Decoded:
    """Decode non-UTF-8 ``data`` with the most plausible legacy encoding, or raise DecodeError."""
    ranked = _scored(data)
    if not ranked:
        raise DecodeError("not UTF-8, and no known text encoding decodes it cleanly; re-save the file as UTF-8")
    _, best, text, cov = ranked[0]
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
    encoding, text = _language_checked(data, best.encoding, text, ranked)
    if encoding in ("gb2312", "gbk"):  # GB18030 is their superset: same text where they agree
        try:
            text, encoding = data.decode("gb18030"), "gb18030"
        except UnicodeDecodeError:
            pass
    if "\u00a4" in text and encoding in ("cp1252", "latin_1", "iso8859_1"):
        # ¤ is next to unused; at the same byte ISO-8859-15 has €, which is everywhere.
        try:
            return Decoded(normalise(data.decode("iso8859_15")), "iso8859_15")
        except UnicodeDecodeError:
            pass
    return Decoded(normalise(text), encoding)


def _best(data: bytes, exclude: frozenset[str] = frozenset()):
    """(badness, match, text, coverage) of the most plausible decoding, None if none."""
    ranked = _scored(data, exclude)
    return ranked[0] if ranked else None


def _scored(data: bytes, exclude: frozenset[str] = frozenset()) -> list:
    """Every decoding charset-normalizer proposes as (badness, match, text, coverage), best first."""
    # deferred: charset_normalizer is slow to import; paid only when this runs
    from charset_normalizer import from_bytes

    matches = [
        m for m in from_bytes(data, cp_exclusion=sorted(exclude) or None)
        if not m.encoding.startswith(("utf_16", "utf_32")) and m.encoding not in exclude
    ]
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
    return sorted(scored, key=lambda t: t[0])


def _language_checked(data: bytes, encoding: str, text: str, ranked: list) -> tuple[str, str]:
    """The statistical guess, unless its text fails the language checks (langcheck.py). Then
    the one other decoding that reads clearly as a language replaces it; with none, or with
    two such readings that disagree, the input is refused rather than guessed."""
    first = plausibility(text)
    floor = _MIN_LANGUAGE_CJK if encoding in _MULTIBYTE else _MIN_LANGUAGE
    if first is not None and first.score >= floor:
        return encoding, text
    seen = {text}
    clear: list[tuple[str, str, str]] = []
    others = [(m.encoding, t) for _, m, t, _ in ranked[1:]] + [(c, None) for c in _FAMILY]
    for enc, alt in others:
        if alt is None:
            try:
                alt = data.decode(enc)
            except UnicodeDecodeError:
                continue
        if alt in seen:
            continue
        seen.add(alt)
        if mess(alt) > MAX_CHAOS:
            continue
        p = plausibility(alt)
        if p is not None and p.sure:
            clear.append((enc, alt, p.language))
    if len(clear) == 1:
        return clear[0][0], clear[0][1]
    if clear:
        options = ", ".join(f"{enc} read as {lang}" for enc, _, lang in clear[:3])
        raise DecodeError(f"text encoding is unclear (could be {options}); re-save the file as UTF-8")
    raise DecodeError(f"text encoding is unclear (best guess {encoding} does not read as any language); "
                      "re-save the file as UTF-8")


# Legacy code pages tried besides charset-normalizer's proposals (it drops a code page whose
# reading it judges no better than a sibling's: ISO-8859-2 beside cp1250, say).
_FAMILY = ("cp1250", "iso8859_2", "cp1251", "koi8_r", "koi8_u", "iso8859_5", "cp1253", "iso8859_7",
           "cp1254", "cp1255", "iso8859_8", "cp1256", "iso8859_6", "cp874", "cp932", "euc_jp",
           "iso2022_jp", "cp949", "gb18030", "big5hkscs", "cp1252", "cp1257")
_MIN_LANGUAGE = 0.4  # language confidence below which the statistical guess is not trusted
_MIN_LANGUAGE_CJK = 0.6  # any bytes read as some CJK text: ask more of it


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
    latin = Counter(ACCENTED.findall(text[:_SCORE_SAMPLE].lower()))
    latin.pop("\u00d7", None), latin.pop("\u00f7", None)  # × and ÷ sit among the letters
    total = sum(latin.values())
    if not total:
        return 1.0, 0.0
    cov = max(sum(n for ch, n in latin.items() if ch in letters) for letters in _ALPHABETS) / total
    rare = sum(n for ch, n in latin.items() if ch not in WESTERN) / total
    return cov, rare


# Accented letters of Latin-script languages (lower case), for latin_letters().
_ALPHABETS = tuple(frozenset(a) for a in sorted(set(ALPHABETS.values())))
