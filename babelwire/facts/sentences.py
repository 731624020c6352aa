"""Sentences with their character offsets, in any language.

Paragraphs (lines) are split first, because headlines, bylines and captions carry no final
punctuation and must not be glued to the next sentence; sentencex then splits each line with
its per-language rules (Hindi danda, Arabic question mark, abbreviations).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from sentencex import segment

_WORD = re.compile(r"\w+")
_FINAL = re.compile(r"[.!?…。！？؟।\"'”’»)\]]\s*$")
# "28 tys. 700 osób", "3 тыс. 500": a scale abbreviation before digits ends no sentence
_SCALE_ABBR = re.compile(r"\d\s?(?:tys|mln|mld|тыс|млн|млрд|Mio|Mrd|Tsd)\.\s*$", re.IGNORECASE)
MAX_SENTENCE_CHARS = 600  # a "sentence" longer than this is a run-on paragraph; cut it


@dataclass(slots=True, frozen=True)
class Sentence:
    text: str
    start: int  # offsets into the text that was split
    end: int
    paragraph: int  # index of the line it came from: lead position matters for summaries
    index: int  # position among the article's sentences

    @property
    def words(self) -> int:
        return len(_WORD.findall(self.text))

    @property
    def complete(self) -> bool:
        """Ends like a sentence (not a headline, caption or widget label)."""
        return bool(_FINAL.search(self.text))


@lru_cache(maxsize=64)
def _segmenter(lang: str):
    return lambda text: segment(lang, text)


def _base_lang(language: str | None) -> str:
    base = (language or "en").lower().replace("_", "-").split("-")[0]
    return {"nb": "no", "nn": "no", "und": "en", "": "en"}.get(base, base)


def split_sentences(text: str, language: str | None) -> list[Sentence]:
    """Every sentence of ``text`` with offsets such that ``text[start:end] == sentence.text``."""
    seg = _segmenter(_base_lang(language))
    out: list[Sentence] = []
    pos = 0
    for para_no, line in enumerate(text.split("\n")):
        line_start = pos
        pos += len(line) + 1
        if not line.strip():
            continue
        cursor = 0
        try:
            pieces = list(seg(line))
        except Exception:  # sentencex has no rules for a language: the line is one sentence
            pieces = [line]
        spans: list[list[int]] = []
        for piece in pieces:
            piece = piece.strip()
            if not piece:
                continue
            at = line.find(piece, cursor)
            if at < 0:  # the segmenter normalised something; skip rather than misplace it
                continue
            cursor = at + len(piece)
            # "innen 10. juli": a piece that starts in lower case continues the sentence
            # (ordinals, abbreviations the rules do not know).
            if spans and (piece[0].islower() or (piece[0].isdigit() and _SCALE_ABBR.search(line, 0, at))):
                spans[-1][1] = cursor
            else:
                spans.append([at, cursor])
        for a, b in spans:
            for s, e in _cut_long(line[a:b], a):
                out.append(Sentence(line[s:e], line_start + s, line_start + e, para_no, len(out)))
    return out


def _cut_long(piece: str, at: int) -> list[tuple[int, int]]:
    if len(piece) <= MAX_SENTENCE_CHARS:
        return [(at, at + len(piece))]
    spans, start = [], 0
    while len(piece) - start > MAX_SENTENCE_CHARS:
        cut = piece.rfind(" ", start, start + MAX_SENTENCE_CHARS)
        cut = cut if cut > start else start + MAX_SENTENCE_CHARS
        spans.append((at + start, at + cut))
        start = cut + 1 if piece[cut : cut + 1] == " " else cut
    spans.append((at + start, at + len(piece)))
    return spans


def sentence_at(sentences: list[Sentence], offset: int) -> Sentence | None:
    """The sentence containing character ``offset`` (binary search: sentences are ordered)."""
    lo, hi = 0, len(sentences)
    while lo < hi:
        mid = (lo + hi) // 2
        if sentences[mid].end <= offset:
            lo = mid + 1
        else:
            hi = mid
    if lo < len(sentences) and sentences[lo].start <= offset < sentences[lo].end:
        return sentences[lo]
    return None
