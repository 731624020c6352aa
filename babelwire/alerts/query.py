"""A watchlist's query: free text for the embedding, plus an optional keyword expression.

Plain words ("floods in Indonesia") are matched by meaning only, in every language. Quotes or
the operators AND, OR, NOT (upper case) and parentheses make the query a keyword expression
as well, which a story must satisfy: ``"David Stern" AND NBA NOT trade``. Terms are compared
on an ASCII folding of both sides (anyascii, as entity names are compared across scripts), so
"Soleimani" also finds "Сулеймани" and "Süleymani" when they fold alike; a term matches at
word starts. Written here rather than taken from a search library because it runs on a
handful of story texts in memory, not on an index.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from anyascii import anyascii

from ..errors import InputError

_TOKEN = re.compile(r'"([^"]*)"|(\()|(\))|([^\s()"]+)')
_OPS = {"AND", "OR", "NOT"}


def fold(text: str) -> str:
    """Lower-case ASCII words separated by single spaces, with a space at both ends."""
    a = anyascii(unicodedata.normalize("NFC", text)).lower()
    return " " + " ".join(re.findall(r"[a-z0-9]+", a)) + " "


@dataclass(frozen=True)
class Term:
    text: str  # folded, without the surrounding spaces

    def holds(self, folded: str) -> bool:
        return bool(self.text) and f" {self.text}" in folded


@dataclass(frozen=True)
class Op:
    kind: str  # and | or | not
    parts: tuple["Node", ...]

    def holds(self, folded: str) -> bool:
        if self.kind == "not":
            return not self.parts[0].holds(folded)
        if self.kind == "and":
            return all(p.holds(folded) for p in self.parts)
        return any(p.holds(folded) for p in self.parts)


Node = Term | Op


@dataclass(frozen=True)
class Query:
    text: str  # what is embedded: the query without operators and NOT-terms
    expression: Node | None  # None: meaning only

    def holds(self, folded: str) -> bool:
        return self.expression is None or self.expression.holds(folded)

    def terms(self) -> list[str]:
        """The positive terms (shown in an alert's reason)."""
        out: list[str] = []

        def walk(n: Node, positive: bool) -> None:
            if isinstance(n, Term):
                if positive:
                    out.append(n.text)
            else:
                for p in n.parts:
                    walk(p, positive != (n.kind == "not"))

        if self.expression is not None:
            walk(self.expression, True)
        return out


@lru_cache(maxsize=256)
def parse(query: str) -> Query:
    q = (query or "").strip()
    if not q:
        raise InputError("a watchlist needs a query")
    tokens = [(m.group(1), m.group(2), m.group(3), m.group(4)) for m in _TOKEN.finditer(q)]
    keyword = any(t[0] is not None or t[3] in _OPS or t[1] for t in tokens)
    if not keyword:
        return Query(q, None)
    pos = 0

    def peek() -> Any:  # a token tuple, or None past the end
        return tokens[pos] if pos < len(tokens) else None

    def take() -> tuple:
        nonlocal pos
        pos += 1
        return tokens[pos - 1]

    def or_() -> Node:
        parts = [and_()]
        while peek() and peek()[3] == "OR":
            take()
            parts.append(and_())
        return parts[0] if len(parts) == 1 else Op("or", tuple(parts))

    def and_() -> Node:
        parts = [not_()]
        while peek() and not peek()[2] and peek()[3] != "OR":
            if peek()[3] == "AND":
                take()
            parts.append(not_())
        return parts[0] if len(parts) == 1 else Op("and", tuple(parts))

    def not_() -> Node:
        t = peek()
        if t and t[3] == "NOT":
            take()
            return Op("not", (not_(),))
        return atom()

    def atom() -> Node:
        t = peek()
        if t is None:
            raise InputError(f"query {query!r} ends where a term was expected")
        take()
        if t[1]:
            inner = or_()
            if not peek() or not peek()[2]:
                raise InputError(f"query {query!r}: a parenthesis is not closed")
            take()
            return inner
        if t[2] or t[3] in _OPS:
            raise InputError(f"query {query!r}: a term was expected before {t[2] or t[3]!r}")
        return Term(fold(t[0] if t[0] is not None else t[3]).strip())

    expr = or_()
    if pos != len(tokens):
        raise InputError(f"query {query!r}: unexpected {tokens[pos][2] or tokens[pos][3]!r}")
    text = " ".join(_positive_words(tokens))
    return Query(text or q, expr)


def _positive_words(tokens: list[tuple]) -> list[str]:
    # the embedding reads the query as written, less operators, brackets and what follows NOT
    out: list[str] = []
    skip = False
    for phrase, lp, rp, word in tokens:
        if word == "NOT":
            skip = True
            continue
        if lp or rp or word in _OPS:
            continue
        if skip:
            skip = False
            continue
        out.append(phrase if phrase is not None else word)
    return out
