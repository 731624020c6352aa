"""Pages that are not articles: anti-bot blocks, consent walls, paywalls, logins, 404s.

A site that blocks a crawler still answers 200 with a page of text; stored as an article it
joins every other block page into one "story" of unrelated articles. ``check(text)`` names
what such a page is, so ingest rejects it with that reason instead of storing it.

The patterns are data (``babelwire/data/not_article.toml``, one table for every language,
since a block page rarely comes in the language of the article it replaces). A page is
rejected only when a notice dominates it: the text outside notice sentences must be shorter
than the notice and than ``max_prose_chars``; an article that merely carries a notice
("enable JavaScript to watch this video") keeps its body and stays.

Forms (a report's trial registration, a share-by-email box) are found two ways: notices in
the form's own words ("enter your details below"), and a run of field labels with nothing but
punctuation between them ("Email address First Name Last Name Organisation Job Title"): at
least ``[form] min_labels`` different labels in a row is a form in any language, while prose
that names a label or two ("send your name and email to …") is not a run. The labels are
data too, one list for every language.

A kind may have a lower prose limit (``[max_prose_chars_by_kind]``): an ad-blocker notice
under a real headline still names the event (readers judged such stubs part of a story), so
only one with nothing but the site's name above it is rejected.

Speed: every notice must hold one of the file's ``triggers`` (checked on load from the
patterns' parse trees), so an ordinary article costs one Aho-Corasick pass (ahocorasick_rs)
over its lower-cased text and no regex at all.
"""
from __future__ import annotations

import re
import re._constants as C  # the regex parser checks that every match holds a trigger
import re._parser as _parser
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import ahocorasick_rs

from .boilerplate import segments
from .errors import ConfigError

RULES_FILE = Path(__file__).resolve().parent / "data" / "not_article.toml"
SCAN_CHARS = 20_000  # a notice page is short; a long text is an article whatever it quotes


@dataclass(frozen=True, slots=True)
class Rules:
    kinds: dict[str, str]  # kind -> what a person reads in the rejection
    notices: tuple[tuple[str, re.Pattern[str]], ...]  # (kind, pattern)
    by_trigger: dict[str, tuple[int, ...]]  # trigger -> the notices that may hold it
    context: re.Pattern[str] | None
    triggers: tuple[str, ...]  # every notice holds one: the fast "no" for articles
    finder: Any  # an Aho-Corasick automaton over the triggers and labels (None: plain substring tests)
    max_prose_chars: int
    prose_by_kind: dict[str, int]  # kinds with a lower prose limit than max_prose_chars
    labels: frozenset[str]  # form field labels ("first name", "e-mail", "телефон")
    label_run: re.Pattern[str] | None  # min_labels labels in a row, only separators between
    label_one: re.Pattern[str] | None  # one label, to count the different ones in a run
    min_labels: int
    form_kind: str  # the kind a run of labels votes for


def _compile(pattern: str, where: str) -> re.Pattern[str]:
    # Patterns are lower case and meet lower-cased text: case-blind matching is twice as slow.
    pattern = unicodedata.normalize("NFC", pattern)
    if pattern != pattern.lower():
        raise ConfigError(f"pattern in {where} must be written in lower case")
    try:
        return re.compile(pattern)
    except re.error as e:
        raise ConfigError(f"invalid pattern in {where}: {e}") from None


def _parts(items: list) -> list[tuple[str, Any]]:
    """The parts every match of a parsed pattern must contain: literal runs and alternations."""
    out: list[tuple[str, Any]] = []
    run: list[str] = []
    for op, av in items:
        if op is C.LITERAL:
            run.append(chr(av))
            continue
        if run:
            out.append(("literal", "".join(run)))
            run = []
        if op is C.SUBPATTERN:
            out.extend(_parts(list(av[3])))
        elif op is C.BRANCH:
            out.append(("branch", [_parts(list(b)) for b in av[1]]))
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT) and av[0] >= 1:
            out.extend(_parts(list(av[2])))
    if run:
        out.append(("literal", "".join(run)))
    return out


def _has_trigger(parts: list[tuple[str, Any]], triggers: tuple[str, ...]) -> bool:
    for kind, value in parts:
        if kind == "literal" and any(t in value for t in triggers):
            return True
        if kind == "branch" and all(_has_trigger(b, triggers) for b in value):
            return True
    return False


def _check_triggers(rx: re.Pattern[str], triggers: tuple[str, ...], where: str) -> None:
    """Every match of ``rx`` must hold a trigger, or the fast "no" would hide its pages."""
    if not triggers:
        return
    parts = _parts(list(_parser.parse(rx.pattern)))
    # one alternative of the whole pattern after another, to name the one that lacks a trigger
    alternatives = parts[0][1] if len(parts) == 1 and parts[0][0] == "branch" else [parts]
    for alt in alternatives:
        if not _has_trigger(alt, triggers):
            shown = " … ".join(v for k, v in alt if k == "literal") or rx.pattern[:60]
            raise ConfigError(f"{where}: matches of '{shown}' need not hold any trigger; add one")


def _finder(needles: tuple[str, ...]) -> Any:
    """One pass for every trigger (ahocorasick_rs): four times faster than 100 ``in`` tests."""
    if not needles:
        return None
    return ahocorasick_rs.AhoCorasick(list(dict.fromkeys(needles)))


def _present(rules: Rules, text: str) -> set[str]:
    if rules.finder is not None:
        return set(rules.finder.find_matches_as_strings(text, overlapping=True))
    return {t for t in (*rules.triggers, *rules.labels) if t in text}


# Between two labels of a form only separators: spaces, line breaks, "*", ":", "/", "(optional)".
_LABEL_GAP = r"(?:[\s*:/|,.·•()\[\]–—-]|optional|required){1,12}"


def _label_patterns(labels: frozenset[str], min_labels: int, where: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    alt = "|".join(re.escape(x) for x in sorted(labels, key=len, reverse=True))  # longest first
    one = _compile(f"(?<!\\w)(?:{alt})(?!\\w)", where)
    run = _compile(f"(?<!\\w)(?:{alt})(?:{_LABEL_GAP}(?:{alt})){{{min_labels - 1},}}(?!\\w)", where)
    return run, one


def _form_spans(rules: Rules, text: str, present: set[str]) -> list[tuple[int, int]]:
    """Where ``text`` holds runs of at least ``min_labels`` different field labels."""
    if rules.label_run is None or rules.label_one is None or len(present & rules.labels) < rules.min_labels:
        return []
    return [m.span() for m in rules.label_run.finditer(text)
            if len(set(rules.label_one.findall(m.group()))) >= rules.min_labels]


@lru_cache(maxsize=4)
def load_rules(path: str | None = None) -> Rules:
    p = Path(path) if path else RULES_FILE
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise ConfigError(f"not-article rules {p}: {e}") from None
    kinds = dict(data.get("kinds") or {})
    triggers = tuple(str(t) for t in data.get("triggers") or [])
    if any(t != t.lower() or not t for t in triggers):
        raise ConfigError(f"not-article rules {p}: triggers must be non-empty and in lower case")
    notices = []
    for i, rule in enumerate(data.get("notice") or []):
        kind = rule.get("kind")
        if kind not in kinds:
            raise ConfigError(f"not-article rules {p}, notice {i + 1}: unknown kind {kind!r}; known: {', '.join(kinds)}")
        rx = _compile(str(rule.get("pattern") or ""), f"{p}, notice {i + 1}")
        _check_triggers(rx, triggers, f"not-article rules {p}, notice {i + 1}")
        notices.append((kind, rx))
    if not notices:
        raise ConfigError(f"not-article rules {p}: no [[notice]] rules")
    ctx = [str(r.get("pattern") or "") for r in data.get("context") or [] if r.get("pattern")]
    form = dict(data.get("form") or {})
    labels = frozenset(unicodedata.normalize("NFC", str(x)) for x in form.get("labels") or [])
    if any(x != x.lower() or not x for x in labels):
        raise ConfigError(f"not-article rules {p}: form labels must be non-empty and in lower case")
    if labels and form.get("kind") not in kinds:
        raise ConfigError(f"not-article rules {p}: [form] kind {form.get('kind')!r} is not in [kinds]")
    min_labels = int(form.get("min_labels", 4))
    run, one = _label_patterns(labels, min_labels, f"{p}, form labels") if labels else (None, None)
    prose_by_kind = {str(k): int(v) for k, v in (data.get("max_prose_chars_by_kind") or {}).items()}
    if set(prose_by_kind) - set(kinds):
        raise ConfigError(f"not-article rules {p}: max_prose_chars_by_kind names unknown kinds "
                          f"{', '.join(sorted(set(prose_by_kind) - set(kinds)))}")
    return Rules(
        kinds=kinds,
        notices=tuple(notices),
        context=_compile("|".join(f"(?:{c})" for c in ctx), f"{p}, context") if ctx else None,
        triggers=triggers,
        finder=_finder(triggers + tuple(sorted(labels))),
        by_trigger={t: tuple(i for i, (_, rx) in enumerate(notices) if t in rx.pattern) for t in triggers},
        max_prose_chars=int(data.get("max_prose_chars", 300)),
        prose_by_kind=prose_by_kind,
        labels=labels,
        label_run=run,
        label_one=one,
        min_labels=min_labels,
        form_kind=str(form.get("kind") or ""),
    )


def _is_label(rules: Rules, piece: str) -> bool:
    """A line that is one field label and no more ("E-mail*", "Your name:")."""
    return rules.label_one is not None and rules.label_one.fullmatch(piece.strip(" *:")) is not None


def check(text: str, rules: Rules | None = None) -> str | None:
    """What the page is ("anti-bot block page", …) when it is not an article, else None."""
    rules = rules or load_rules()
    if len(text) > SCAN_CHARS:
        return None
    head = text.lower() if text.isascii() else unicodedata.normalize("NFC", text).lower()
    present = _present(rules, head)
    forms = _form_spans(rules, head, present)
    if rules.triggers and not forms:
        # only the notices that hold a trigger found here, and only if one matches anywhere
        maybe = {i for t in present for i in rules.by_trigger.get(t, ())}
        if not any(rules.notices[i][1].search(head) for i in sorted(maybe)):
            return None
    # First the notices (only sentences holding a trigger can be one), then, if any, the rest.
    votes: dict[str, int] = {}
    others: list[str] = []
    for s, e in segments(head):
        piece = head[s:e].strip()
        kind = None
        if any(s < fe and fs < e for fs, fe in forms):
            kind = rules.form_kind  # a sentence or line that holds (part of) a run of labels
        elif not rules.triggers or any(t in piece for t in present):
            kind = next((k for k, rx in rules.notices if rx.search(piece)), None)
        if kind is None:
            others.append(piece)
        else:
            votes[kind] = votes.get(kind, 0) + len(piece)
    if not votes:
        return None
    kind = max(votes, key=lambda k: votes[k])
    limit = rules.prose_by_kind.get(kind, rules.max_prose_chars)
    notice_chars, prose_chars = sum(votes.values()), 0
    for piece in others:
        if rules.context is not None and rules.context.search(piece) or _is_label(rules, piece):
            notice_chars += len(piece)  # site-speak or a form's field around a notice is part of it
        else:
            prose_chars += len(piece)
            if prose_chars > limit:
                return None
    if prose_chars >= notice_chars:
        return None
    return rules.kinds[kind]
