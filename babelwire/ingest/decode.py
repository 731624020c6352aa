"""Bytes to text. BOM, then strict UTF-8, then a declared charset, then detection (detect.py).

Anything that would come out as mojibake is refused with a reason instead: binary data,
input whose best decoding still looks garbled, UTF-8 mixed with another encoding.
"""
from __future__ import annotations

import codecs
import re

from .common import Decoded, DecodeError, normalise
from .detect import MAX_CHAOS, detect, mess

# UTF-32 before UTF-16: the UTF-32-LE BOM starts with the UTF-16-LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Magic numbers, only to tell the person what the file actually is.
_MAGIC = (
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (.docx, .xlsx, .epub, .zip, ...)"),
    (b"\x1f\x8b", "gzip-compressed data; decompress it first"),
    (b"\xfd7zXZ\x00", "xz-compressed data; decompress it first"),
    (b"BZh91AY", "bzip2-compressed data; decompress it first"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document (.doc, .xls)"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\x7fELF", "an executable"),
)

# C0 controls that never appear in text (tab, newlines, form feed, ESC are allowed).
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13, 27))
_SAMPLE = 8192
_MAX_CONTROL_RATIO = 0.05
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_DECL = re.compile(rb"""^\s*<\?xml[^>]{0,100}?encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.I)
_UTF8_MULTI = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")

# WHATWG-style labels: what pages that declare these are really written in.
_ALIASES = {
    "iso-8859-1": "cp1252", "iso8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252",
    "l1": "cp1252", "us-ascii": "cp1252", "ascii": "cp1252", "windows-1252": "cp1252",
    "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030",
    "shift_jis": "cp932", "shift-jis": "cp932", "sjis": "cp932", "x-sjis": "cp932",
    "ms_kanji": "cp932", "windows-31j": "cp932", "euc-kr": "cp949", "ks_c_5601-1987": "cp949",
    "iso-8859-9": "cp1254", "tis-620": "cp874", "iso-8859-11": "cp874", "big5": "big5hkscs",
}

def declared_charset(data: bytes) -> str | None:
    """The charset an HTML/XML head declares, as a Python codec name (None if absent/unknown)."""
    head = data[:4096]
    m = _XML_DECL.match(head) or _META_CHARSET.search(head)
    return codec_for(m.group(1).decode("ascii")) if m else None


def codec_for(label: str) -> str | None:
    label = label.strip().lower()
    label = _ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def binary_reason(data: bytes) -> str | None:
    """Why ``data`` is not text, or None. Looks at magic numbers, NULs and control bytes."""
    for magic, what in _MAGIC:
        if data.startswith(magic):
            return f"binary file (not text): looks like {what}"
    if b"\x00" in data:
        return "binary file (not text)"
    sample = data[:_SAMPLE]
    if sample:
        controls = len(sample) - len(sample.translate(None, _CONTROL))
        if controls / len(sample) > _MAX_CONTROL_RATIO:
            return "binary file (not text)"
    return None


# A page whose markup carries a few NUL bytes (some CMS exports put them inside tags) is
# still a page; text with NULs all through it is binary or UTF-16 and stays refused.
_MAX_STRAY_NULS = 0.001


def _without_stray_nuls(data: bytes) -> bytes:
    nuls = data.count(0)
    if not nuls or nuls > max(8, len(data) * _MAX_STRAY_NULS) or any(data.startswith(m) for m, _ in _MAGIC):
        return data
    return data.replace(b"\x00", b"")


def decode(data: bytes, *, declared: str | None = None, html: bool = False) -> Decoded:
    """Decode ``data`` to normalised text (\\n newlines, NFC) or raise DecodeError.

    ``declared`` is a charset the input states; with ``html`` it is read from the page.
    """
    declared = codec_for(declared) if declared else None
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(normalise(data[len(bom):].decode(enc)), enc)
            except UnicodeDecodeError as e:
                raise DecodeError(f"starts with a {enc.upper()} byte-order mark but is not valid {enc.upper()} "
                                  f"(bad bytes at offset {e.start + len(bom)})") from None
    utf16 = _bomless_utf16(data)
    if utf16 is not None:
        return utf16
    if html:
        data = _without_stray_nuls(data)
    why = binary_reason(data)
    if why:
        raise DecodeError(why)
    iso2022 = _iso2022(data)
    if iso2022 is not None:
        return iso2022
    try:
        return Decoded(normalise(data.decode("utf-8")), "utf-8")
    except UnicodeDecodeError as e:
        err = e
    # A download cut inside the last character: drop the partial character only.
    if err.reason == "unexpected end of data" and err.start >= len(data) - 3:
        try:
            return Decoded(normalise(data[: err.start].decode("utf-8")), "utf-8", 1)
        except UnicodeDecodeError:
            pass
    mostly = _mostly_utf8(data, err)
    if mostly is not None:
        return mostly
    if html and declared is None:
        declared = declared_charset(data)
    if declared and declared not in ("utf-8", "utf-16", "utf-32"):
        text = _try_declared(data, declared)
        if text is not None:
            return Decoded(normalise(text), declared)
    return detect(data)


# ISO-2022 text is 7-bit: it passes as ASCII (so as UTF-8) with escape sequences inside.
_ISO2022 = ((re.compile(rb"\x1b\$[@B]|\x1b\$\(D|\x1b\(J"), "iso2022_jp_2"),
            (re.compile(rb"\x1b\$\)C"), "iso2022_kr"))


def _iso2022(data: bytes) -> Decoded | None:
    if b"\x1b" not in data[:_SAMPLE] or not data.isascii():
        return None
    for pattern, codec in _ISO2022:
        if pattern.search(data[:_SAMPLE]):
            try:
                return Decoded(normalise(data.decode(codec)), codec)
            except UnicodeDecodeError:
                raise DecodeError(f"has {codec.upper()} escape sequences but is not valid {codec.upper()}") from None
    return None


def _bomless_utf16(data: bytes) -> Decoded | None:
    """UTF-16 without a BOM: NULs on every other byte of mostly-ASCII text."""
    sample = data[: _SAMPLE & ~1]
    if len(sample) < 4 or b"\x00" not in sample:
        return None
    even, odd = sample[0::2], sample[1::2]
    ze, zo = even.count(0) / len(even), odd.count(0) / len(odd)
    enc = "utf-16-le" if zo > 0.4 and ze < 0.05 else "utf-16-be" if ze > 0.4 and zo < 0.05 else None
    if enc is None:
        return None
    try:
        text = data[: len(data) & ~1].decode(enc)
    except UnicodeDecodeError:
        return None
    if "\x00" in text or mess(text) > MAX_CHAOS:
        return None
    return Decoded(normalise(text), enc)


def _mostly_utf8(data: bytes, err: UnicodeDecodeError) -> Decoded | None:
    """UTF-8 with a few stray bad bytes is UTF-8; a real mix of encodings is refused."""
    valid = len(_UTF8_MULTI.findall(data))
    if valid == 0:
        return None
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - len(re.findall(rb"\xef\xbf\xbd", data))
    # a few stray bytes in clearly UTF-8 text: keep it, the bad bytes show as U+FFFD
    if valid >= 5 * bad and (bad <= 3 or bad * 1000 <= len(data)):
        return Decoded(normalise(text), "utf-8", bad)
    if valid >= bad:
        raise DecodeError(
            f"mixes UTF-8 with another encoding ({bad} invalid UTF-8 sequences, the first at byte "
            f"{err.start}); re-save the file as UTF-8"
        )
    return None  # CJK legacy text forms accidental UTF-8 pairs; let detection decide


def _try_declared(data: bytes, codec: str) -> str | None:
    try:
        text = data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None
    return text if mess(text) <= MAX_CHAOS else None
