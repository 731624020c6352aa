"""Page-furniture removal: share widgets, "read also" links, credits, footers, datelines.

What counts as furniture is data, not code: one TOML file per language under
``babelwire/data/furniture/`` (plus ``_all.toml`` for language-independent rules). Each rule
has a kind that says what a match does:

* ``line``: the whole line matches the pattern -> the line is dropped;
* ``prefix``: the line starts with the pattern ("Read also: ...") -> the line is dropped;
* ``tail``: the pattern ends the text, glued to the last line ("...نشر") -> the token is cut;
* ``block_after``: the whole line is a marker ("Related articles") -> it and everything after
  it is dropped, provided ``min_chars_before`` characters of text precede it and nothing after
  it looks like prose (a line over 300 characters, or a long one ending like a sentence);
  otherwise only the marker line goes;
* ``capture``: the whole line carries metadata -> its named groups are kept in
  ``Cleaned.captured`` and the line is dropped. Groups ``published``/``updated`` are parsed
  as dates; if none of them parses, the line is not furniture and stays.

Every rule has a ``max_len``: longer lines are never tested, so real paragraphs cannot match.
Lines are compared stripped, without leading bullets, in NFC. They are scanned once; one
combined regex rejects the ordinary line before any single rule is tried, which keeps
cleaning at thousands of articles per second. A language gets its own file plus ``_all``;
an unknown language gets ``_all`` plus the rules marked ``safe_any_language``.
"""
from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator, Protocol, Sequence, runtime_checkable

from .dates import parse_text_date
from .errors import ConfigError
from .models import Published
from .registry import cleaners

RULES_DIR = Path(__file__).resolve().parent / "data" / "furniture"
ALL = "_all"
KINDS = ("line", "prefix", "tail", "block_after", "capture")
DATE_FIELDS = ("published", "updated")
# Short by default: furniture is short, and a long line is almost always a real sentence.
DEFAULT_MAX_LEN = {"line": 120, "prefix": 250, "capture": 200, "block_after": 60, "tail": 40}
DEFAULT_MIN_CHARS_BEFORE = 200
# A block after a marker is only furniture while it looks like link titles, not prose:
# no line longer than this, and no long line ending like a sentence.
BLOCK_LINE_MAX = 300
_PROSE_MIN = 60
_SENTENCE_END = (".", "!", "。", "！", "।", "؟")
_CLOSERS = "\"'”’»)]）」"

_FILE_KEYS = {"language", "aliases", "description", "rules"}
_RULE_KEYS = {
    "name", "kind", "pattern", "comment", "max_len", "ignore_case", "safe_any_language",
    "min_chars_before",
}
_NAME = re.compile(r"[a-z0-9][a-z0-9_]*\Z")
_LANG = re.compile(r"(?:_all|[a-z]{2,3})\Z")
_BACKREF = re.compile(r"\\[1-9]|\(\?P=")
_NAMED_GROUP = re.compile(r"\(\?P<[A-Za-z_][A-Za-z0-9_]*>")
# Widgets are often bulleted ("  • Share this:"); bullets are ignored when matching.
_BULLETS = "•·▪▸►◦‣∙*>|"
_LEAD = re.compile(r"[\s" + re.escape(_BULLETS) + r"]+")


class FurnitureRuleError(ConfigError):
    """A furniture rule file cannot be used; the message names the file and the rule."""

    def __init__(self, path: str | Path, rule: str | None, reason: str):
        self.path, self.rule, self.reason = str(path), rule, reason
        where = f"{path}, rule {rule!r}" if rule else str(path)
        super().__init__(f"invalid furniture rules in {where}: {reason}")


@dataclass(slots=True)
class Cleaned:
    text: str
    removed: list[str] = field(default_factory=list)  # dropped lines/tokens, for audit
    # "dateline"/"source"/"author"/… are strings; "published"/"updated" are Published.
    captured: dict[str, str | Published] = field(default_factory=dict)


@runtime_checkable
class Cleaner(Protocol):
    name: str

    def clean_batch(self, texts: Sequence[str], languages: Sequence[str | None]) -> list[Cleaned]: ...


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    kind: str
    pattern: str
    regex: re.Pattern[str]
    max_len: int
    comment: str
    language: str  # the file it came from ("_all" for language-independent rules)
    ignore_case: bool = True
    safe_any_language: bool = False
    min_chars_before: int = DEFAULT_MIN_CHARS_BEFORE
    fields: tuple[str, ...] = ()  # named groups of a capture rule


@dataclass(frozen=True, slots=True)
class RuleFile:
    language: str
    path: str
    rules: tuple[Rule, ...]
    aliases: tuple[str, ...] = ()


# -- loading ---------------------------------------------------------------------------------


def _nfc(s: str) -> str:
    # Patterns and lines are compared in NFC, so "ढ़" typed either way matches.
    return s if s.isascii() else unicodedata.normalize("NFC", s)


def _compile_rule(path: Path, language: str, idx: int, raw: Any) -> Rule:
    label = raw.get("name") if isinstance(raw, dict) and isinstance(raw.get("name"), str) else f"#{idx + 1}"

    def fail(reason: str) -> FurnitureRuleError:
        return FurnitureRuleError(path, label, reason)

    if not isinstance(raw, dict):
        raise fail("each [[rules]] entry must be a table")
    unknown = sorted(set(raw) - _RULE_KEYS)
    if unknown:
        raise fail(f"unknown key(s) {', '.join(unknown)}; allowed: {', '.join(sorted(_RULE_KEYS))}")
    name = raw.get("name")
    if not isinstance(name, str) or not _NAME.match(name):
        raise fail("'name' is required: lower-case letters, digits and '_'")
    kind = raw.get("kind")
    if kind not in KINDS:
        raise fail(f"'kind' must be one of {', '.join(KINDS)}, not {kind!r}")
    pattern = raw.get("pattern")
    if not isinstance(pattern, str) or not pattern.strip():
        raise fail("'pattern' is required (a regular expression)")
    comment = raw.get("comment")
    if not isinstance(comment, str) or not comment.strip():
        raise fail("'comment' is required: say what the rule removes and why it is safe")
    max_len = raw.get("max_len", DEFAULT_MAX_LEN[kind])
    if isinstance(max_len, bool) or not isinstance(max_len, int) or not 0 < max_len <= 1000:
        raise fail("'max_len' must be an integer between 1 and 1000")
    min_before = raw.get("min_chars_before", DEFAULT_MIN_CHARS_BEFORE)
    if isinstance(min_before, bool) or not isinstance(min_before, int) or min_before < 0:
        raise fail("'min_chars_before' must be a non-negative integer")
    if "min_chars_before" in raw and kind != "block_after":
        raise fail("'min_chars_before' only applies to block_after rules")
    flags = {}
    for key in ("ignore_case", "safe_any_language"):
        v = raw.get(key, key == "ignore_case")
        if not isinstance(v, bool):
            raise fail(f"'{key}' must be true or false")
        flags[key] = v
    if _BACKREF.search(pattern):
        raise fail("backreferences are not supported in patterns")
    pattern = _nfc(pattern)
    body = f"(?:{pattern})\\Z" if kind == "tail" else pattern
    try:
        regex = re.compile(body, re.IGNORECASE if flags["ignore_case"] else 0)
    except re.error as e:
        raise fail(f"pattern does not compile: {e}") from None
    fields = tuple(regex.groupindex)
    if kind == "capture":
        if not fields:
            raise fail("a capture rule needs at least one named group, e.g. (?P<author>...)")
    elif fields:
        raise fail("named groups are only meaningful in capture rules")
    if regex.match(""):
        raise fail("pattern matches an empty line; it would drop every blank line")
    return Rule(
        name=name, kind=kind, pattern=pattern, regex=regex, max_len=max_len, comment=comment.strip(),
        language=language, ignore_case=flags["ignore_case"],
        safe_any_language=flags["safe_any_language"], min_chars_before=min_before, fields=fields,
    )


def load_rule_file(path: str | Path) -> RuleFile:
    """Read and compile one rule file; raises FurnitureRuleError naming the file and rule."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as e:
        raise FurnitureRuleError(path, None, f"cannot be read: {e.strerror or e}") from None
    except UnicodeDecodeError:
        raise FurnitureRuleError(path, None, "is not UTF-8") from None
    except tomllib.TOMLDecodeError as e:
        raise FurnitureRuleError(path, None, f"is not valid TOML: {e}") from None
    unknown = sorted(set(data) - _FILE_KEYS)
    if unknown:
        raise FurnitureRuleError(path, None, f"unknown top-level key(s) {', '.join(unknown)}")
    language = data.get("language", path.stem)
    if language != path.stem or not _LANG.match(language):
        raise FurnitureRuleError(
            path, None, f"'language' ({language!r}) must equal the file name ({path.stem!r})"
        )
    aliases = data.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) and _LANG.match(a) for a in aliases):
        raise FurnitureRuleError(path, None, "'aliases' must be a list of language codes")
    raw_rules = data.get("rules", [])
    if not isinstance(raw_rules, list):
        raise FurnitureRuleError(path, None, "'rules' must be an array of tables ([[rules]])")
    rules: list[Rule] = []
    seen: set[str] = set()
    for idx, raw in enumerate(raw_rules):
        rule = _compile_rule(path, language, idx, raw)
        if rule.name in seen:
            raise FurnitureRuleError(path, rule.name, "the name is used twice in this file")
        seen.add(rule.name)
        rules.append(rule)
    return RuleFile(language, str(path), tuple(rules), tuple(aliases))


@lru_cache(maxsize=8)
def load_rules(directory: str | Path = RULES_DIR) -> dict[str, RuleFile]:
    """Every ``*.toml`` in ``directory`` by language; loaded once per directory."""
    d = Path(directory)
    if not d.is_dir():
        raise FurnitureRuleError(d, None, "is not a directory of rule files")
    files = {f.stem: load_rule_file(f) for f in sorted(d.glob("*.toml"))}
    owner: dict[str, str] = {}
    for rf in files.values():
        for alias in rf.aliases:
            if alias in files or alias in owner:
                raise FurnitureRuleError(rf.path, None, f"alias {alias!r} is already a language or alias")
            owner[alias] = rf.language
    return files


# -- matching --------------------------------------------------------------------------------


def _alternative(rule: Rule) -> str:
    # Group names would clash across rules; the prefilter only needs to know "some rule".
    body = _NAMED_GROUP.sub("(?:", rule.pattern)
    flag = "i" if rule.ignore_case else "-i"
    tail = "" if rule.kind == "prefix" else r"\Z"
    return f"(?{flag}:{body}){tail}"


class _RuleSet:
    """The rules for one language, split by kind, with one prefilter for all line rules."""

    def __init__(self, rules: Sequence[Rule]):
        self.tail = [r for r in rules if r.kind == "tail"]
        self.line_rules = [r for r in rules if r.kind != "tail"]
        # Order matters: metadata is taken before a plainer rule would just drop the line.
        order = {"capture": 0, "block_after": 1, "line": 2, "prefix": 3}
        self.line_rules.sort(key=lambda r: order[r.kind])
        self.max_len = max((r.max_len for r in self.line_rules), default=0)
        self.prefilter: re.Pattern[str] | None = None
        if self.line_rules:
            try:
                self.prefilter = re.compile("|".join(_alternative(r) for r in self.line_rules))
            except re.error:  # never expected; the single rules still work, only slower
                self.prefilter = None

    def matches(self, key: str) -> Iterator[tuple[Rule, re.Match[str]]]:
        """The rules that match ``key``, in order; usually none, decided by one regex call."""
        if self.prefilter is not None and not self.prefilter.match(key):
            return
        n = len(key)
        for r in self.line_rules:
            if n > r.max_len:
                continue
            m = r.regex.match(key) if r.kind == "prefix" else r.regex.fullmatch(key)
            if m:
                yield r, m


def _key(line: str) -> str:
    s = line.strip()
    return _LEAD.sub("", s, count=1) if s and s[0] in _BULLETS else s


def _language_code(language: str | None) -> str | None:
    if not language:
        return None
    base = language.strip().lower().replace("_", "-").split("-")[0]
    return base or None


class RulesCleaner:
    """Removes page furniture with the data-file rules of the article's language."""

    name = "rules"

    def __init__(self, rules_dir: str | Path | None = None):
        self.rules_dir = Path(rules_dir) if rules_dir is not None else RULES_DIR
        self.files = load_rules(self.rules_dir.resolve())
        self._alias = {a: rf.language for rf in self.files.values() for a in rf.aliases}
        self._sets: dict[str | None, _RuleSet] = {}

    def languages(self) -> list[str]:
        return sorted(k for k in self.files if k != ALL)

    def resolve(self, language: str | None) -> str | None:
        """The rule-file language for a language code, or None when there is no file."""
        code = _language_code(language)
        code = self._alias.get(code, code) if code else None
        return code if code in self.files and code != ALL else None

    def _ruleset(self, lang: str | None) -> _RuleSet:
        rs = self._sets.get(lang)
        if rs is None:
            base = list(self.files[ALL].rules) if ALL in self.files else []
            if lang is not None:
                rules = base + list(self.files[lang].rules)
            else:  # unknown language: only what is safe whatever the language
                rules = base + [
                    r for k, rf in sorted(self.files.items()) if k != ALL
                    for r in rf.rules if r.safe_any_language
                ]
            rs = self._sets[lang] = _RuleSet(rules)
        return rs

    def clean_batch(self, texts: Sequence[str], languages: Sequence[str | None]) -> list[Cleaned]:
        if len(texts) != len(languages):
            raise ValueError(f"{len(texts)} texts but {len(languages)} languages")
        return [self.clean(t, lang) for t, lang in zip(texts, languages)]

    def clean(self, text: str, language: str | None = None) -> Cleaned:
        lang = self.resolve(language)
        rs = self._ruleset(lang)
        # Dates on a language's own rule lines are read in that language; "_all" ones in the article's.
        date_lang = lang or _language_code(language)
        removed: list[str] = []
        captured: dict[str, Any] = {}
        if "\r" in text:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        if rs.tail:
            text = _cut_tails(text, rs.tail, removed)
        lines = text.split("\n")
        kept: list[str] = []
        prev_key: str | None = None
        chars_kept = 0
        for i, raw in enumerate(lines):
            line = raw.rstrip()
            if not line:
                kept.append("")
                continue
            key = _key(line) or line.strip()  # a "* * *" break is a line like any other
            action = None
            if len(key) <= rs.max_len:
                for hit in rs.matches(_nfc(key)):
                    action = self._apply(hit, line, lines, i, chars_kept, date_lang, removed, captured)
                    if action is not None:
                        break
            if action == "stop":
                break
            if action == "drop":
                continue
            if key == prev_key:  # the same line twice in a row (repeated headline, widget)
                removed.append(line.strip())
                continue
            kept.append(line)
            prev_key = key
            chars_kept += len(key)
        return Cleaned(_tidy(kept), removed, captured)

    def _apply(
        self, hit: tuple[Rule, re.Match[str]], line: str, lines: list[str], i: int,
        chars_kept: int, date_lang: str | None, removed: list[str], captured: dict[str, Any],
    ) -> str | None:
        """Act on a matched rule: "drop" the line, "stop" (drop the rest), or None to keep it."""
        rule, m = hit
        stripped = line.strip()
        if rule.kind == "capture":
            found: dict[str, Any] = {}
            dates_asked = False
            lang = rule.language if rule.language != ALL else date_lang
            for name, value in m.groupdict().items():
                value = " ".join((value or "").split()).strip(" ,;|-–—。")
                if not value:
                    continue
                if name in DATE_FIELDS:
                    dates_asked = True
                    parsed = parse_text_date(value, lang, source="dateline")
                    if parsed is not None:
                        found[name] = parsed
                else:
                    found[name] = value
            if dates_asked and not any(k in found for k in DATE_FIELDS):
                return None  # shaped like a dateline but holds no date: not furniture
            if dates_asked:
                captured.setdefault("dateline", stripped)
            for k, v in found.items():
                captured.setdefault(k, v)
            removed.append(stripped)
            return "drop"
        removed.append(stripped)
        if rule.kind == "block_after":
            rest = [ln.strip() for ln in lines[i + 1:] if ln.strip()]
            if chars_kept >= rule.min_chars_before and not any(_looks_like_prose(ln) for ln in rest):
                removed.extend(rest)
                return "stop"
        return "drop"  # a block marker whose guard failed is still furniture itself


def _looks_like_prose(line: str) -> bool:
    if len(line) > BLOCK_LINE_MAX:
        return True
    end = line.rstrip(_CLOSERS)
    if end.endswith(("...", "…")):  # teaser titles trail off; sentences do not
        return False
    return end.endswith(_SENTENCE_END) and (len(line) >= _PROSE_MIN or end.endswith(("。", "！")))


def _cut_tails(text: str, rules: Sequence[Rule], removed: list[str]) -> str:
    t = text.rstrip()
    for _ in range(3):  # a few stacked tokens at most
        for r in rules:
            m = r.regex.search(t, max(0, len(t) - r.max_len - 8))
            if m is not None and _tail_boundary(t, m.start()):
                removed.append(m.group().strip())
                t = t[: m.start()].rstrip()
                break
        else:
            break
    return t


def _tail_boundary(t: str, start: int) -> bool:
    # On its own line or glued after punctuation, never the last word of a real sentence.
    j = start
    while j > 0 and t[j - 1] in " \t\u00a0":
        j -= 1
    return j == 0 or t[j - 1] == "\n" or not t[j - 1].isalnum()


def _tidy(lines: list[str]) -> str:
    out: list[str] = []
    for line in lines:
        if not line and (not out or not out[-1]):
            continue  # drop leading blanks and collapse runs of blank lines to one
        out.append(line)
    return "\n".join(out).strip()


_LINK_RULES = ("read_also", "read_also_bare", "read_more")


@lru_cache(maxsize=None)
def _link_rules(language: str | None) -> tuple[re.Pattern[str], ...]:
    files = load_rules(RULES_DIR.resolve())
    code = _language_code(language)
    chosen = [files[k] for k in (ALL, code) if k and k in files]
    return tuple(r.regex for rf in chosen for r in rf.rules if r.name in _LINK_RULES and r.kind == "prefix")


def opens_link(sentence: str, language: str | None) -> bool:
    """The sentence opens with a "read also" marker ("También te puede interesar: Reportan siete
    muertos …"): it is a link to another story, whose figures are not this one's. Pages whose lines
    ran together keep such links mid-line, where the line rules above cannot drop them."""
    key = _nfc(_key(sentence) or sentence.strip())
    return any(rx.match(key) for rx in _link_rules(language))


def get_cleaner(name: str = "rules", **options: Any) -> Cleaner:
    return cleaners.create(name, **options)


def register_builtins() -> None:
    """The built-in cleaner, loaded by the registry like a plugin's entry point."""
    cleaners.register("rules", RulesCleaner, help="Page furniture removal by per-language rule files.")
