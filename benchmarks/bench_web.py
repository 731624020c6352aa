"""The web app under load: 50 concurrent clients on loopback against a store of 10,000 stories.

    .venv/bin/python benchmarks/bench_web.py                  # build (or reuse) the store, then measure
    .venv/bin/python benchmarks/bench_web.py --rebuild        # build the store again from scratch
    .venv/bin/python benchmarks/bench_web.py --only list,story-warm --seconds 10
    .venv/bin/python benchmarks/bench_web.py --think 1          # clients pause ~1 s between requests
    .venv/bin/python benchmarks/bench_web.py --only ''          # only build (or check) the store
    .venv/bin/python benchmarks/bench_web.py --stories 2000 --seconds 10 --clients 20 \
        --only list,story-warm --writer               # each group alone and beside a busy writer,
                                                      # for web_cache_stale 0 and 2 (--stale)
    .venv/bin/python benchmarks/bench_web.py … --postgres     # then all of it again on the same store
                                                      # in a throwaway PostgreSQL (tests/pgserver.py)

The store (cached under /tmp/babelwire-bench-web/; ~10 minutes to build on 2 busy cores, 7 of
them the 200 warm briefs) is synthetic but written through the real code paths: ~32,000
articles in 10 languages (~2% wire copies) go through
``Workspace.ingest_docs(..., cluster=False)`` (cleaning, hashing, MinHash near-duplicate
search, the FTS trigram index), then 10,000 stories through the store's
own methods (``story_aggregates``, ``put_story``, ``set_article_stories``,
``add_story_events``) and one vector per article through ``put_embeddings`` under the
embedder's real ``model_key`` — random unit vectors around a per-story centre instead of the
model (embedding 32,000 articles would take hours on two cores). ``--warm-briefs`` stories
get their brief built once with the real ``brief_for_story`` (sentence vectors from the real
model) and cached in the store, as a reader's first visit would.

The server is ``babelwire serve --db … --port …`` in its own process. The load generator is
a minimal HTTP/1.1 GET client on asyncio streams (on uvloop when installed), not httpx: httpx
spent 2.6-5 ms of CPU a request, more than the server spends on a cached page, so on shared
cores it capped the rate it was measuring; this one spends ~0.1 ms. It runs in ``--procs``
processes (default 1: in smoke runs one loop kept up with ~4,900 list requests/s on a third of a
core, and two processes were no faster), ``--clients`` workers in all, each sending its next
request as soon as the last one returned (a closed loop, no think time: the hardest reading of
"50 concurrent clients"; ``--think S`` gives each client a mean pause instead), one keep-alive
connection per client (a GET is sent again, once, on a new connection when the server had
closed the idle one), 127.0.0.1 only. Each endpoint group runs for
``--seconds``; requests still in flight at the end are waited for (up to ``--drain``) and
counted in the latencies but not in requests/s. Everything shares the machine's cores: on
2 cores, server, load generator and anything else running compete, so the table reports the
load average and the CPU each side spent per request.

Groups:
  floor       ``/static/style.css`` (1.6 KB, no store access): what uvicorn + FastAPI + the
              load generator manage on this machine at this moment, the ceiling for the rest
  list        ``/`` (HTML, 25 a page) and ``/api/stories`` (JSON, 50 a page), mixed 50/50:
              60% the default first page, 20% a deeper page, 10% sort=size, 5% sort=growth,
              5% a language filter (``--variants`` prints each)
  story-warm  ``/stories/{id}`` of random stories whose brief is already cached
  story-cold  ``/stories/{id}`` of random stories never viewed: each request builds the brief
              (sentence embeddings with the real model) and caches it; every run starts from
              the same pristine copy of the store, so these are cold every time
  search      ``/api/search?q=…`` with 2–4 random words of a random language, a third with a
              story's made-up entity name (so keyword hits exist); the query is embedded with
              the real model on every request

``--writer``: for each ``web_cache_stale`` in ``--stale`` (default ``0,2``) the server starts
on a fresh copy of the store with that setting (``BABELWIRE_WEB_CACHE_STALE``), and each group
runs twice: alone, then while a writer process ingests synthetic articles (new URLs, the
generator's own text) into the same store through ``Workspace.ingest_docs(..., cluster=False)``
with ``batch_size`` 16, so it commits every 16 articles as fast as it can, stopping by itself
after the group's seconds or ``--writer-max`` articles. The rows are labelled ``stale=S`` and
``+writer``; the writer's articles and commits go to the results.

``--postgres``: the same store is built again (``build_store`` writes through the store's
methods only) in a PostgreSQL server started for the run like tests/pgserver.py does (initdb
in a temporary directory, 127.0.0.1, fsync on), each phase's server gets a fresh copy
(``CREATE DATABASE … TEMPLATE``), and every row is run there too, labelled ``postgresql``
beside ``sqlite``, in the same run.

Results print as a table and go to --json (default /tmp/babelwire-bench-web/last.json).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import signal
import socket
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from loadgen import _loop_name, run_group  # noqa: E402  (after the sys.path line above)
from web_store import STORE_VERSION, VOCAB, build_store, warm_story_ids  # noqa: E402


# -- the server --------------------------------------------------------------------------------
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _cpu_seconds(pid: int) -> float:
    """User + system CPU of a process and its finished children, from /proc."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return sum(int(x) for x in fields[11:15]) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return float("nan")


def start_server(db: str, port: int, log: Path, stale: float | None = None,
                 extra_env: dict[str, str] | None = None) -> subprocess.Popen:
    env = {**os.environ, "BABELWIRE_CONFIG": "/nonexistent/babelwire-bench/config.toml", **(extra_env or {})}
    if stale is not None:
        env["BABELWIRE_WEB_CACHE_STALE"] = str(stale)
    env.pop("BABELWIRE_TOKEN", None)
    cmd = [sys.executable, "-m", "babelwire", "serve", "--db", str(db), "--host", "127.0.0.1", "--port", str(port)]
    proc = subprocess.Popen(cmd, cwd=str(REPO), env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT)
    import httpx

    deadline = time.time() + 120
    while time.time() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited with {proc.returncode}; see {log}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/stories?limit=1", timeout=5).status_code == 200:
                return proc
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    proc.kill()
    raise SystemExit(f"server did not answer within 120 s; see {log}")



def make_list_picker(languages: list[str]):
    """Half HTML (25 a page), half JSON (50 a page); the mix of sorts and filters in the docstring."""
    def pick(rng: random.Random) -> tuple[str, str, str]:
        api = rng.random() < 0.5
        r = rng.random()
        if r < 0.60:
            q, variant = "", "recent, first page"
        elif r < 0.80:
            q = f"page={rng.randint(2, 40)}" if not api else f"offset={50 * rng.randint(1, 20)}"
            variant = "recent, deeper page"
        elif r < 0.90:
            q, variant = "sort=size", "sort=size"
        elif r < 0.95:
            q, variant = "sort=growth", "sort=growth"
        else:
            q, variant = f"language={rng.choice(languages)}", "language filter"
        endpoint = "/api/stories" if api else "/"
        return endpoint + (f"?{q}" if q else ""), endpoint, variant
    return pick


def make_search_picker(entities: list[str]):
    langs = list(VOCAB)

    def pick(rng: random.Random) -> tuple[str, str, str]:
        from urllib.parse import quote

        v = VOCAB[rng.choice(langs)]
        words = [rng.choice(v["n"] + v["a"] + v["loc"]) for _ in range(rng.randint(2, 4))]
        if rng.random() < 1 / 3:
            words[0] = rng.choice(entities)
        return "/api/search?q=" + quote(" ".join(words)), "/api/search", ""
    return pick


# -- the writer ------------------------------------------------------------------------------
def _write(db: str, seconds: float, max_articles: int, seed: int, done) -> None:
    """Ingest synthetic articles, one commit per 16, until ``seconds`` pass or ``max_articles``."""
    import dataclasses

    from web_store import plan_corpus

    import babelwire

    docs = [dataclasses.replace(d, url=f"https://writer.example/{seed}/{i}")
            for i, d in enumerate(d for p in plan_corpus(max(max_articles // 3, 8), seed=seed) for d in p.docs)]
    docs = docs[:max_articles]
    deadline = time.monotonic() + seconds
    with babelwire.open(db, progress=False, batch_size=16, ingest_workers=0) as ws:
        for i in range(0, len(docs), 16):
            if time.monotonic() >= deadline:
                break
            ws.ingest_docs(iter(docs[i:i + 16]), cluster=False, workers=0)
            done[0] += len(docs[i:i + 16])
            done[1] += 1


def start_writer(db: Path, seconds: float, max_articles: int, seed: int):
    import multiprocessing as mp

    done = mp.Array("l", 2)
    proc = mp.get_context("fork").Process(target=_write, args=(str(db), seconds, max_articles, seed, done), daemon=True)
    proc.start()
    return proc, done


# -- the stores ------------------------------------------------------------------------------
class Backend:
    """One store under test: where the server reads (``db``), how a fresh copy of the pristine
    store is made, the server's extra environment, and the story ids the groups pick from."""

    def __init__(self, name: str, db: str, info: dict, fresh_copy, env: dict[str, str] | None = None):
        self.name, self.db, self.info, self.fresh_copy, self.env = name, db, info, fresh_copy, env or {}
        fresh_copy()
        import babelwire

        self.warm_ids = sorted(warm_story_ids(db, info))
        warm = set(self.warm_ids)
        with babelwire.open(db, progress=False) as ws:
            stories = list(ws.store.iter_stories(sort="created"))
        self.cold_ids = sorted(s.id for s in stories if s.id not in warm)
        self.entities = [s.headline.split()[0] for s in stories[:2000] if s.headline]


def sqlite_backend(cache: Path, args) -> Backend:
    db = cache / f"stories-{args.stories}-v{STORE_VERSION}.db"
    pristine = cache / f"stories-{args.stories}-v{STORE_VERSION}.pristine.db"
    if args.rebuild or not pristine.exists():
        print(f"building the store {pristine} …", flush=True)
        info = build_store(pristine, args.stories, args.warm_briefs)
    else:
        info = json.loads((cache / (pristine.name + ".json")).read_text())
        print(f"reusing the store {pristine} (built in {info['build_s']} s; --rebuild to build again)")

    def fresh_copy() -> None:
        # Every server starts on the same pristine copy, so "cold" stories are cold every time.
        for suffix in ("", "-wal", "-shm", ".usearch"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(pristine, db)

    return Backend("sqlite", str(db), info, fresh_copy)


def postgres_backend(cache: Path, args, server) -> Backend:
    """The same synthetic store built in a throwaway PostgreSQL; fresh copies from a template."""
    template = f"pristine_{args.stories}_v{STORE_VERSION}"
    print(f"building the store in PostgreSQL ({template}) …", flush=True)
    info = build_store(server.database(template), args.stories, args.warm_briefs)
    print(f"  built in {info['build_s']} s", flush=True)

    def fresh_copy() -> None:
        server.clone(template, "bench")

    index = cache / "pg-index"
    shutil.rmtree(index, ignore_errors=True)
    return Backend("postgresql", server.clone(template, "bench"), info, fresh_copy,
                   {"BABELWIRE_INDEX_DIR": str(index)})


def run_backends(args, cache: Path, backends: list[Backend], groups: list[str]) -> dict:
    """Every phase on every backend; a server per (backend, web_cache_stale), on a fresh copy."""
    port = args.port or _free_port()
    log = cache / "server.log"
    base = f"http://127.0.0.1:{port}"
    results: dict = {
        "when": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "command": " ".join([".venv/bin/python", "benchmarks/bench_web.py", *sys.argv[1:]]),
        "server": f"babelwire serve --db {{{', '.join(b.db for b in backends)}}} --port {port}",
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "store": backends[0].info, "clients": args.clients, "procs": args.procs, "seconds": args.seconds,
        "think_s": args.think, "load_generator": f"asyncio streams on {_loop_name()}",
        "loadavg_start": [round(x, 2) for x in os.getloadavg()], "groups": {},
    }
    if len(backends) > 1:
        results["stores"] = {b.name: b.info for b in backends}
    print(f"server: {results['server']}  (log {log})", flush=True)
    # phases: (label prefix, web_cache_stale for the server or None for its default, with a writer?)
    phases = [("", None, False)]
    if args.writer:
        phases = [(f"stale={st:g}{w}", st, bool(w)) for st in (float(x) for x in args.stale.split(",")) for w in ("", "+writer")]
        results["writer"] = {"batch_size": 16, "max_articles": args.writer_max, "cluster": False, "groups": {}}
    list_pick = make_list_picker(list(VOCAB))
    seed = 1000
    for backend in backends:
        cold = random.Random(3).sample(backend.cold_ids, len(backend.cold_ids))

        def cold_pick(p: int, cold=cold):
            mine = iter(cold[p::args.procs])  # each generator process its own never-viewed stories
            return lambda rng: (f"/stories/{next(mine)}", "/stories/{id} cold", "")

        warm_ids, entities = backend.warm_ids, backend.entities
        pickers = {
            "floor": lambda p: lambda rng: ("/static/style.css", "/static/style.css", ""),
            "list": lambda p: list_pick,
            "story-warm": lambda p, w=warm_ids: lambda rng: (f"/stories/{rng.choice(w)}", "/stories/{id} warm", ""),
            "story-cold": cold_pick,
            "search": lambda p, e=entities: make_search_picker(e),
        }
        proc = None
        try:
            for i, (prefix, stale, writing) in enumerate(phases):
                if proc is None or stale != phases[i - 1][1]:  # a new server (on a fresh copy) per setting
                    if proc is not None:
                        proc.terminate()
                        proc.wait(timeout=20)
                        backend.fresh_copy()
                    proc = start_server(backend.db, port, log, stale, backend.env)
                    if args.warmup > 0:
                        run_group(base, lambda p: list_pick, clients=args.clients, procs=args.procs,
                                  seconds=args.warmup, drain=args.drain)
                for g in groups:
                    label = " ".join(x for x in (backend.name if len(backends) > 1 else "", prefix, g) if x)
                    writer = start_writer(backend.db, args.seconds, args.writer_max, seed := seed + 1) if writing else None
                    load0 = os.getloadavg()
                    cpu_s0 = _cpu_seconds(proc.pid)
                    t0 = time.perf_counter()
                    res, client_cpu = run_group(base, pickers[g], clients=args.clients, procs=args.procs,
                                                seconds=args.seconds, drain=args.drain, think=args.think)
                    wall = time.perf_counter() - t0
                    res["meta"] = {
                        "wall_s": round(wall, 1),
                        "loadavg_before": [round(x, 2) for x in load0],
                        "loadavg_after": [round(x, 2) for x in os.getloadavg()],
                        "server_cpu_s": round(_cpu_seconds(proc.pid) - cpu_s0, 1),
                        "client_cpu_s": round(client_cpu, 1),
                    }
                    if writer is not None:
                        writer[0].join(timeout=args.drain)
                        written, commits = writer[1][0], writer[1][1]
                        results["writer"]["groups"][label] = {"articles": written, "commits": commits,
                                                              "exit": writer[0].exitcode}
                        print(f"{label}: the writer stored {written} articles in {commits} commits "
                              f"(exit {writer[0].exitcode})", flush=True)
                    n = max(res["all"]["requests"], 1)
                    res["meta"]["server_cpu_ms_per_request"] = round(res["meta"]["server_cpu_s"] * 1000 / n, 2)
                    res["meta"]["client_cpu_ms_per_request"] = round(client_cpu * 1000 / n, 2)
                    results["groups"][label] = res
                    m = res["meta"]
                    print(f"{label}: done in {m['wall_s']} s; CPU per request: server {m['server_cpu_ms_per_request']} ms, "
                          f"load generator {m['client_cpu_ms_per_request']} ms; load average "
                          f"{m['loadavg_before'][0]} -> {m['loadavg_after'][0]}", flush=True)
                    if proc.poll() is not None:
                        raise SystemExit(f"server died; see {log}")
        finally:
            if proc is not None:
                proc.terminate()
                try:
                    proc.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    proc.kill()
    return results


# -- main --------------------------------------------------------------------------------------
def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--stories", type=int, default=10_000)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=30.0, help="per endpoint group")
    ap.add_argument("--drain", type=float, default=60.0, help="longest wait for requests in flight at the end")
    ap.add_argument("--warm-briefs", type=int, default=200, help="stories whose brief is built while building the store")
    ap.add_argument("--cache-dir", default="/tmp/babelwire-bench-web")
    ap.add_argument("--rebuild", action="store_true", help="build the store again even if cached")
    ap.add_argument("--only", default="floor,list,story-warm,search,story-cold",
                    help="groups to run, comma-separated (default: all, in this order)")
    ap.add_argument("--procs", type=int, default=1, help="load-generator processes the clients are spread over")
    ap.add_argument("--warmup", type=float, default=3.0, help="unmeasured seconds of list requests first")
    ap.add_argument("--think", type=float, default=0.0,
                    help="mean seconds each client waits between requests (default 0: a closed loop)")
    ap.add_argument("--variants", action="store_true", help="also print each list variant's row")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--json", default=None, help="results file (default: <cache-dir>/last.json)")
    ap.add_argument("--writer", action="store_true",
                    help="run each group alone and beside a writer committing every 16 articles, per --stale")
    ap.add_argument("--stale", default="0,2", help="web_cache_stale values the --writer run compares")
    ap.add_argument("--writer-max", type=int, default=20_000, help="most articles the writer ingests per group")
    ap.add_argument("--postgres", action="store_true",
                    help="also run everything on the same store in PostgreSQL (a throwaway server on 127.0.0.1, "
                         "fsync on, started as tests/pgserver.py does; built each run)")
    args = ap.parse_args()

    cache = Path(args.cache_dir)
    cache.mkdir(parents=True, exist_ok=True)
    groups = [g for g in args.only.split(",") if g]
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # a kill still stops the PostgreSQL it started
    pg = None
    backends = [sqlite_backend(cache, args)]
    try:
        if args.postgres:
            sys.path.insert(0, str(REPO / "tests"))
            from pgserver import Server

            pg = Server().start(durable=True)
            if pg is None:
                raise SystemExit(f"no PostgreSQL server: {Server().why or 'see tests/pgserver.py'}")
            backends.append(postgres_backend(cache, args, pg))
        if groups:
            results = run_backends(args, cache, backends, groups)
    finally:
        if pg is not None:
            pg.stop()
    if not groups:
        return
    info = backends[0].info
    results["loadavg_end"] = [round(x, 2) for x in os.getloadavg()]
    mode = f"think time {args.think:g} s (exponential)" if args.think else "closed loop, no think time"
    procs = f"{args.procs} process" + ("es" if args.procs != 1 else "")
    print(f"\n{args.clients} clients in {procs} ({mode}), {args.seconds:g} s per group, store of {info['stories']:,} stories / "
          f"{info.get('ingested', '?'):,} articles; {os.cpu_count()} CPUs, load average now "
          f"{', '.join(f'{x:.2f}' for x in os.getloadavg())}\n")
    row = "| {:<38}| {:<36}| {:>8} | {:>6} | {:>8} | {:>8} | {:>8} | {:>7} |"
    print(row.format("group", "endpoint", "requests", "errors", "p50 ms", "p95 ms", "p99 ms", "req/s"))
    print(row.format("-" * 37, "-" * 35, "-" * 8, "-" * 6, "-" * 8, "-" * 8, "-" * 8, "-" * 7).replace(" ", "-"))
    for g, res in results["groups"].items():
        lines = [(e, r) for e, r in res["endpoints"].items()]
        if len(lines) > 1:
            lines.append(("(both)", res["all"]))
        lines += [("  " + v, r) for v, r in res["variants"].items()] if args.variants else []
        for label, r in lines:
            print(row.format(g, label, r["requests"], r["errors"], r["p50_ms"], r["p95_ms"], r["p99_ms"], r["req_per_s"]))
        if res["all"]["error_kinds"]:
            print(f"  errors in {g}: {res['all']['error_kinds']}")
    out = Path(args.json) if args.json else cache / "last.json"
    out.write_text(json.dumps(results, indent=1, ensure_ascii=False))
    print(f"\nresults: {out}")


if __name__ == "__main__":
    main()