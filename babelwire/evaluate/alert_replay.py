"""Alert replay streams (`babelwire eval alerts`): timestamped multilingual articles fed
through ingest in time order, one ingest call per simulated watch cycle, alerts decided online.

- ``dev``: the SemEval-2022 dev articles, which carry no dates, given realistic publication
  times: every story of a reference clustering (``vectors_from``, a store with the dev set
  ingested) starts at a random moment of a 14-day window and its articles follow at
  exponential gaps (mean 8 h, at most 3 days);
- ``examples``: the bundled corpus with its own publication times.

``replay`` returns the run (stories, alerts, batches, clock) that ``evaluate.alerts`` scores.
"""
from __future__ import annotations

import json
import random
import time
from collections import defaultdict
from datetime import datetime, timedelta, timezone
from pathlib import Path

from ..alerts.query import parse
from ..alerts.variants import QueryVariants
from ..api import open as open_workspace
from ..store import open_store
from ..translate.base import TranslationError

START = datetime(2020, 1, 1, tzinfo=timezone.utc)


def iso(t: datetime) -> str:
    return t.astimezone(timezone.utc).isoformat(timespec="minutes").replace("+00:00", "Z")


# -- streams -------------------------------------------------------------------------------
def dev_stream(dev_dir: Path, labels: list[dict], vectors_from: str | None, seed: int, limit: int | None,
               gap_hours: float = 8.0) -> list[dict]:
    """``gap_hours``: the mean of a story's articles' exponential gaps from its first."""
    rows = [json.loads(line) for line in (dev_dir / "articles.jsonl").open(encoding="utf-8")]
    groups: dict[str, str] = {}
    if vectors_from:
        src = open_store(vectors_from.split(",")[0], readonly=True)
        groups = {a.id: a.story_id or a.id for a in src.iter_articles()}
        src.close()
    rng = random.Random(seed)
    by_group: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        by_group[groups.get(r["id"], r["id"])].append(r)
    keys = sorted(by_group)
    if limit:
        labelled = {a for w in labels for a in w["relevant"] + w["borderline"]}
        keep = [k for k in keys if any(r["id"] in labelled for r in by_group[k])]
        rest = [k for k in keys if k not in set(keep)]
        rng.shuffle(rest)
        n = sum(len(by_group[k]) for k in keep)
        for k in rest:
            if n >= limit:
                break
            keep.append(k)
            n += len(by_group[k])
        keys = sorted(keep)
    out = []
    for k in keys:
        t0 = START + timedelta(minutes=rng.uniform(0, 14 * 24 * 60))
        arts = by_group[k][:]
        rng.shuffle(arts)
        for i, r in enumerate(arts):
            t = t0 + timedelta(minutes=min(rng.expovariate(1 / (gap_hours * 60)), 3 * 24 * 60) if i else 0.0)
            out.append({"id": r["id"], "text": r["text"], "language": r["language"], "published": iso(t), "_t": t})
    return out


def examples_stream(examples_dir: Path) -> list[dict]:
    rows = [json.loads(line) for line in (examples_dir / "corpus/articles.jsonl").open(encoding="utf-8")]
    story = {}
    for line in (examples_dir / "labels.csv").read_text(encoding="utf-8").splitlines()[1:]:
        a, s = line.split(",")
        story[a] = s

    def parse(p: str | None) -> datetime | None:
        if not p or len(p) < 10:
            return None
        d = datetime.fromisoformat(p.replace("Z", "+00:00")) if "T" in p else datetime.fromisoformat(p + "T12:00:00")
        return d if d.tzinfo else d.replace(tzinfo=timezone.utc)

    dated = defaultdict(list)
    for r in rows:
        t = parse(r.get("published"))
        if t:
            dated[story[r["id"]]].append(t)
    out = []
    for r in rows:
        t = parse(r.get("published"))
        if t is None:  # undated or month only: arrives after its story's last dated report
            t = max(dated[story[r["id"]]]) + timedelta(hours=2)
        out.append({**r, "_t": t})
    return out


def load_labels(path: Path, stream: str) -> list[dict]:
    return [w for w in json.loads(Path(path).read_text(encoding="utf-8"))["watchlists"] if w["stream"] == stream]


# -- replay --------------------------------------------------------------------------------
class TableTranslator:
    """A stand-in translator for the replay: answers with translations written beforehand
    (``--query-translations``: each watchlist query by a person, in each language), so the
    benchmark can measure matching on translated queries offline, where no translation model
    runs. Anything it was not given fails as a real service's outage would."""

    name, model = "table", ""

    def __init__(self, table: dict[str, dict[str, str]]):
        self.table = table

    def translate_batch(self, texts, source: str, target: str) -> list[str]:
        out = []
        for t in texts:
            got = self.table.get(" ".join(t.split()), {}).get(target)
            if not got:
                raise TranslationError(f"no translation of {t[:40]!r} into {target}")
            out.append(got)
        return out


def load_translations(path: str | Path) -> dict[str, dict[str, str]]:
    """``{"queries": {name: {"query": ..., "translations": {lang: text}}}}`` -> query text -> lang -> text."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return {" ".join(parse(q["query"]).text.split()): q["translations"] for q in data["queries"].values()}


def with_also(watchlists: list[dict], table: dict[str, dict[str, str]], languages: tuple[str, ...]) -> list[dict]:
    """Each watchlist with its query's wordings in ``languages`` (from ``load_translations``'
    table) as the user's other wordings (``Watchlist.also``): what a user who also writes the
    query in, say, English gets, with no translator configured."""
    out = []
    for w in watchlists:
        words = table.get(" ".join(parse(w["query"]).text.split()), {})
        out.append({**w, "also": [words[x] for x in languages if x != w["query_language"] and words.get(x)]})
    return out


def copy_vectors(ws, vectors_from: str | None) -> None:
    """Cached vectors of these stores into the replay's: it computes none it can reuse."""
    for path in (vectors_from or "").split(","):
        if not path or not Path(path).exists():
            continue
        src = open_store(path, readonly=True)
        key = ws.clusterer().model_key
        hashes = [a.content_hash for a in src.iter_articles()]
        for i in range(0, len(hashes), 500):
            got = src.get_embeddings(hashes[i:i + 500], key)
            with ws.store.transaction():
                ws.store.put_embeddings(key, got.items())
        src.close()


def cycles(records: list[dict], batch_minutes: float) -> list[list[dict]]:
    """The records in time order, cut into watch cycles of ``batch_minutes`` of stream time."""
    records.sort(key=lambda r: (r["_t"], r["id"]))
    batches: list[list[dict]] = []
    window = timedelta(minutes=batch_minutes)
    for r in records:
        if not batches or r["_t"] - batches[-1][0]["_t"] >= window:
            batches.append([])
        batches[-1].append(r)
    return batches


def jsonl(batch: list[dict]) -> bytes:
    """A cycle's records as the JSON lines ingest reads (the harness's ``_`` fields left out)."""
    return "".join(json.dumps({k: v for k, v in r.items() if not k.startswith("_")}, ensure_ascii=False) + "\n"
                   for r in batch).encode("utf-8")


def replay(stream: str, records: list[dict], watchlists: list[dict], *, workdir: Path, vectors_from: str | None,
           batch_minutes: float, ablate: str = "", min_sources: int = 1,
           translations: dict[str, dict[str, str]] | None = None) -> dict:
    db = str(workdir / f"{stream}.db")
    ws = open_workspace(db, alert_deliver=False, progress=False)
    for w in watchlists:
        ws.add_watchlist(w["name"], w["query"], sensitivity="balanced", min_sources=min_sources, also=w.get("also", ()))
    copy_vectors(ws, vectors_from)
    batches = cycles(records, batch_minutes)
    batch_of = {r["id"]: i for i, b in enumerate(batches) for r in b}
    clock_of = [max(r["_t"] for r in b) for b in batches]  # the cycle ends when its last article is in
    seen: list[dict] = []
    state = {"batch": 0}

    def observe(w, view, m, alert):
        seen.append({"w": w.name, "story": view.story_id, "batch": state["batch"], "score": m.score,
                     "filters": m.why_not is None, "why_not": m.why_not, "passed": m.passed,
                     "alert": (alert.id, alert.version) if alert is not None else None,
                     "trigger": list(alert.data.get("first_trigger") or []) if alert is not None else []})

    matcher = ws.alert_matcher()
    matcher.observers.append(observe)
    if "passage" in ablate:  # baselines: the query embedded as an article is; no country veto
        matcher.query_form = "passage"
    if "no-veto" in ablate:
        matcher.country_veto = False
    if "no-feedback" in ablate:  # the query alone, not widened by the articles it matches best
        matcher.feedback = False
    if "self-feedback" in ablate:  # a story's own members widen the query it is scored by
        matcher.self_feedback = True
    if "story-sources" in ablate:  # min_sources counted on the story's own outlets only
        matcher.event_sources = False
    if "no-names" in ablate:  # the cosine alone, no bonus for the query's names
        matcher.names = False
    if translations:  # the query in each member's language, as a translator would give it
        matcher.variants = QueryVariants(TableTranslator(translations), ("table", ""), ws.store)
    t0 = time.perf_counter()
    for i, b in enumerate(batches):
        state["batch"] = i
        ws.ingest_bytes(jsonl(b), name=f"batch-{i}.jsonl", kind="jsonl")
    seconds = time.perf_counter() - t0
    members = {}
    for st in ws.stories():
        members[st["id"]] = st["article_ids"]
    arts = {a.id: a for a in ws.store.iter_articles()}
    heads = {sid: " ".join((arts[ids[0]].title or arts[ids[0]].text)[:70].split()) for sid, ids in members.items() if ids}
    alerts = [a.to_dict() for a in ws.store.alerts().recent_alerts(limit=100000)]
    resolve = {sid: ws.store.resolve_story_id(sid) for sid in {o["story"] for o in seen} | {a["story_id"] for a in alerts}}
    ws.close()
    return {"stream": stream, "seconds": round(seconds, 1), "batches": len(batches), "articles": len(records),
            "stored": len(arts), "members": members, "languages": {k: a.language for k, a in arts.items()},
            "alerts": alerts, "seen": seen, "heads": heads, "resolve": resolve, "batch_of": batch_of,
            "clock": [iso(c) for c in clock_of], "time": {r["id"]: iso(r["_t"]) for r in records},
            "days": max(1.0, (clock_of[-1] - clock_of[0]).total_seconds() / 86400) if clock_of else 1.0}
