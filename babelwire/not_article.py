"""Pages that are not articles: anti-bot blocks, consent walls, paywalls, logins, 404s.

A site that blocks a crawler still answers 200 with a page of text; stored as an article it
joins every other block page into one "story" of unrelated articles. ``check(text)`` names
what such a page is, so ingest rejects it with that reason instead of storing it.

The patterns are data (``babelwire/data/not_article.toml``, one table for every language,
since a block page rarely comes in the language of the article it replaces). A page is
rejected only when a notice dominates it: the text outside notice sentences must be shorter
than the notice and than ``max_prose_chars``; an article that merely carries a notice
("enable JavaScript to watch this video") keeps its body and stays.
"""
from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .boilerplate import segments
from .errors import ConfigError

RULES_FILE = Path(__file__).resolve().parent / "data" / "not_article.toml"
SCAN_CHARS = 20_000  # a notice page is short; a long text is an article whatever it quotes


@dataclass(frozen=True, slots=True)
class Rules:
    kinds: dict[str, str]  # kind -> what a person reads in the rejection
    notices: tuple[tuple[str, re.Pattern[str]], ...]  # (kind, pattern)
    context: re.Pattern[str] | None
    prefilter: re.Pattern[str] | None  # literals every notice needs: the fast "no" for articles
    max_prose_chars: int


def _compile(pattern: str, where: str) -> re.Pattern[str]:
    # Patterns are lower case and meet lower-cased text: case-blind matching is twice as slow.
    pattern = unicodedata.normalize("NFC", pattern)
    if pattern != pattern.lower():
        raise ConfigError(f"pattern in {where} must be written in lower case")
    try:
        return re.compile(pattern)
    except re.error as e:
        raise ConfigError(f"invalid pattern in {where}: {e}") from None


def _required(items: list) -> list[str] | None:
    """Literals of which every match of a parsed pattern holds one (None: none found).

    Read from the parse tree: a run of literal characters outside optional parts, or one per
    branch of an alternation. The longest such guarantee is kept.
    """
    from re import _constants as C

    found: list[list[str]] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            found.append(["".join(run)])
            run.clear()

    for op, av in items:
        if op is C.LITERAL:
            run.append(chr(av))
            continue
        flush()
        if op is C.SUBPATTERN:
            got = _required(list(av[3]))
        elif op is C.BRANCH:
            subs = [_required(list(b)) for b in av[1]]
            got = [x for sub in subs for x in sub] if all(subs) else None  # type: ignore[union-attr]
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT) and av[0] >= 1:
            got = _required(list(av[2]))
        else:
            got = None
        if got:
            found.append(got)
    flush()
    found = [f for f in found if min(len(x.strip()) for x in f) >= 3]
    if not found:
        return None
    return max(found, key=lambda f: (min(len(x.strip()) for x in f), -len(f)))


def _prefilter(patterns: list[re.Pattern[str]]) -> re.Pattern[str] | None:
    """One trie-shaped regex of the literals every notice needs: ten times faster than the
    notices themselves, so the ordinary article costs one scan. None if a pattern has none."""
    try:
        from re import _parser
    except ImportError:  # pragma: no cover - another Python: run the notices themselves
        return None
    words: set[str] = set()
    for rx in patterns:
        got = _required(list(_parser.parse(rx.pattern)))
        if got is None:
            return None
        words.update(x.strip() for x in got)
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        alts = [re.escape(ch) + emit(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return re.compile(emit(trie))


@lru_cache(maxsize=4)
def load_rules(path: str | None = None) -> Rules:
    p = Path(path) if path else RULES_FILE
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise ConfigError(f"not-article rules {p}: {e}") from None
    kinds = dict(data.get("kinds") or {})
    notices = []
    for i, rule in enumerate(data.get("notice") or []):
        kind = rule.get("kind")
        if kind not in kinds:
            raise ConfigError(f"not-article rules {p}, notice {i + 1}: unknown kind {kind!r}; known: {', '.join(kinds)}")
        notices.append((kind, _compile(str(rule.get("pattern") or ""), f"{p}, notice {i + 1}")))
    if not notices:
        raise ConfigError(f"not-article rules {p}: no [[notice]] rules")
    ctx = [str(r.get("pattern") or "") for r in data.get("context") or [] if r.get("pattern")]
    return Rules(
        kinds=kinds,
        notices=tuple(notices),
        context=_compile("|".join(f"(?:{c})" for c in ctx), f"{p}, context") if ctx else None,
        prefilter=_prefilter([n for _, n in notices]),
        max_prose_chars=int(data.get("max_prose_chars", 300)),
    )


def check(text: str, rules: Rules | None = None) -> str | None:
    """What the page is ("anti-bot block page", …) when it is not an article, else None."""
    rules = rules or load_rules()
    if len(text) > SCAN_CHARS:
        return None
    head = text.lower() if text.isascii() else unicodedata.normalize("NFC", text).lower()
    if rules.prefilter is not None and not rules.prefilter.search(head):
        return None
    notice_chars = prose_chars = 0
    votes: dict[str, int] = {}
    context: list[int] = []
    for s, e in segments(head):
        piece = head[s:e].strip()
        kind = None
        if rules.prefilter is None or rules.prefilter.search(piece):
            kind = next((k for k, rx in rules.notices if rx.search(piece)), None)
        if kind is not None:
            votes[kind] = votes.get(kind, 0) + len(piece)
            notice_chars += len(piece)
        elif rules.context is not None and rules.context.search(piece):
            context.append(len(piece))
        else:
            prose_chars += len(piece)
    notice_chars += sum(context)  # site-speak counts once a notice has been seen
    if not votes or prose_chars > rules.max_prose_chars or prose_chars >= notice_chars:
        return None
    kind = max(votes, key=lambda k: votes[k])
    return rules.kinds[kind]
