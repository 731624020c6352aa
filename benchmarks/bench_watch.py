"""Watch throughput: F feeds x N items served from this machine, one full cycle, then a cycle
with nothing new.

A separate server process (its own interpreter, so it does not share our GIL) listens on
10 loopback addresses (127.0.0.1 … 127.0.0.10, one "host" each, so the per-host limits work as
they would across sites) and serves RSS feeds plus one HTML article page per item. Article
texts are word-shuffled from the multilingual test fixtures, so extraction, cleaning, MinHash
and SQLite do realistic work and no two pages are near-duplicates.

Measured: wall time of the first cycle (every feed new: feed + robots.txt + every page
fetched, extracted and stored), articles/s, and the second cycle's requests, which must all
be conditional GETs answered 304 (counted by the server).

    .venv/bin/python benchmarks/bench_watch.py [--feeds 200] [--items 50] [--cluster]

The politeness delay is 0 here (the default 1 s per host would make this a benchmark of
sleeping); --cluster also embeds and clusters every article (off by default: embedding
dominates and is measured by the clustering benchmarks).
"""
from __future__ import annotations

import argparse
import hashlib
import html
import json
import multiprocessing as mp
import os
import platform
import random
import resource
import sys
import tempfile
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
FIXTURES = REPO / "tests" / "fixtures" / "live" / "articles.json"
HOSTS = 10
LAST_MODIFIED = "Tue, 10 Jun 2025 08:00:00 GMT"


# -- the server process ------------------------------------------------------------------------
def _vocab() -> list[tuple[str, list[str]]]:
    arts = json.loads(FIXTURES.read_text(encoding="utf-8"))
    by_lang: dict[str, list[str]] = {}
    for a in arts.values():
        by_lang.setdefault(a["lang"], []).extend(" ".join(a["paras"]).split())
    return sorted(by_lang.items())


def _page(feed: int, item: int, vocab) -> tuple[str, str, bytes]:
    lang, words = vocab[feed % len(vocab)]
    rng = random.Random(feed * 100_003 + item)
    paras = []
    for _ in range(4):
        body = [rng.choice(words) for _ in range(rng.randint(60, 90))]
        paras.append(" ".join(body) + ".")
    title = " ".join(rng.choice(words) for _ in range(8))
    doc = (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{html.escape(title)} | Bench</title></head>'
           f'<body><nav><a href="/">Home</a> <a href="/world">World</a></nav><article><h1>{html.escape(title)}</h1>'
           + "".join(f"<p>{html.escape(p)}</p>" for p in paras)
           + "</article><footer><p>Bench News</p></footer></body></html>")
    return lang, title, doc.encode("utf-8")


def _feed(feed: int, items: int, host: str, port: int, vocab) -> bytes:
    lang = vocab[feed % len(vocab)][0]
    parts = ['<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
             f"<title>Bench feed {feed}</title><link>http://{host}:{port}/</link><language>{lang}</language>"]
    for j in range(items):
        _, title, _ = _page(feed, j, vocab)
        parts.append(f"<item><title>{html.escape(title)}</title><link>http://{host}:{port}/f{feed}/{j}.html</link>"
                     f"<guid>f{feed}-{j}</guid><pubDate>Tue, 10 Jun 2025 {j % 24:02d}:00:00 GMT</pubDate></item>")
    parts.append("</channel></rss>")
    return "".join(parts).encode("utf-8")


def serve(port_q, n_feeds: int, n_items: int) -> None:
    vocab = _vocab()
    counts: dict[str, int] = {}
    lock = threading.Lock()
    feeds: dict[tuple[int, str], bytes] = {}  # built once: the server should not be what is measured

    def feed_body(i: int, host: str, port: int) -> bytes:
        if (i, host) not in feeds:
            feeds[(i, host)] = _feed(i, n_items, host, port, vocab)
        return feeds[(i, host)]

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *a) -> None:
            pass

        def _send(self, status: int, body: bytes = b"", ctype: str = "text/html; charset=utf-8", extra=None):
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            for k, v in (extra or {}).items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if status != 304:
                self.wfile.write(body)

        def do_GET(self) -> None:
            host = self.server.server_address[0]
            port = self.server.server_address[1]
            path = self.path
            kind, status = "other", 200
            if path == "/__stats":
                with lock:
                    self._send(200, json.dumps(counts).encode(), "application/json")
                return
            if path == "/robots.txt":
                kind, body, ctype = "robots", b"User-agent: *\nDisallow: /private/\n", "text/plain"
            elif path.startswith("/feeds/"):
                kind = "feed"
                body, ctype = feed_body(int(path[7:].split(".")[0]), host, port), "application/rss+xml"
            elif path.startswith("/f"):
                kind = "page"
                f, j = path[2:].split(".")[0].split("/")
                body, ctype = _page(int(f), int(j), vocab)[2], "text/html; charset=utf-8"
            else:
                body, ctype, status = b"not found", "text/plain", 404
            extra = {}
            if status == 200:
                etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
                extra = {"ETag": etag, "Last-Modified": LAST_MODIFIED}
                if self.headers.get("If-None-Match") == etag:
                    status, body = 304, b""
            with lock:
                key = f"{kind}:{status}:{'conditional' if self.headers.get('If-None-Match') else 'plain'}"
                counts[key] = counts.get(key, 0) + 1
            self._send(status, body, ctype, extra)

    servers = []
    port = 0
    for h in range(1, HOSTS + 1):
        srv = ThreadingHTTPServer((f"127.0.0.{h}", port), Handler)
        srv.daemon_threads = True
        port = srv.server_address[1]  # the same port on every loopback address
        servers.append(srv)
        threading.Thread(target=srv.serve_forever, daemon=True).start()
    port_q.put(port)
    threading.Event().wait()


def stats(port: int) -> dict[str, int]:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/__stats", timeout=10) as r:  # noqa: S310 (loopback)
        return json.loads(r.read())


def delta(after: dict[str, int], before: dict[str, int]) -> dict[str, int]:
    return {k: after[k] - before.get(k, 0) for k in sorted(after) if after[k] - before.get(k, 0)}


# -- the client ------------------------------------------------------------------------------
def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--feeds", type=int, default=200)
    ap.add_argument("--items", type=int, default=50)
    ap.add_argument("--workers", type=int, default=8)
    ap.add_argument("--host-concurrency", type=int, default=4)
    ap.add_argument("--cluster", action="store_true", help="also embed and cluster (slow)")
    args = ap.parse_args()

    q: mp.Queue = mp.Queue()
    proc = mp.Process(target=serve, args=(q, args.feeds, args.items), daemon=True)
    proc.start()
    port = q.get(timeout=30)

    import babelwire
    from babelwire.live.cycle import run_cycle

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["BABELWIRE_CONFIG"] = str(Path(tmp) / "none.toml")
        ws = babelwire.open(str(Path(tmp) / "bench.db"), politeness_delay=0.0, fetch_workers=args.workers,
                            host_concurrency=args.host_concurrency, progress=False)
        for i in range(args.feeds):
            ws.add_feed(f"http://127.0.0.{1 + i % HOSTS}:{port}/feeds/{i}.xml")
        if args.cluster:
            ws.clusterer()  # load the model before the clock starts
        s0 = stats(port)
        cpu0 = resource.getrusage(resource.RUSAGE_SELF)
        with ws.live_session(allow_private=True, interval=0) as session:
            t = time.perf_counter()
            c1 = run_cycle(session, cluster=args.cluster)
            wall1 = time.perf_counter() - t
            cpu1 = resource.getrusage(resource.RUSAGE_SELF)
            s1 = stats(port)
            t = time.perf_counter()
            c2 = run_cycle(session, cluster=args.cluster)
            wall2 = time.perf_counter() - t
            s2 = stats(port)
        n_articles = ws.count_articles()
        ws.close()
    proc.terminate()

    cycle2 = delta(s2, s1)
    conditional_304 = cycle2.get("feed:304:conditional", 0)
    out = {
        "machine": f"{platform.machine()} {os.cpu_count()} CPUs, Python {platform.python_version()}",
        "feeds": args.feeds, "items_per_feed": args.items, "workers": args.workers,
        "host_concurrency": args.host_concurrency, "hosts": HOSTS, "cluster": args.cluster,
        "cycle1": {
            "wall_s": round(wall1, 2), "articles_stored": c1.ingested, "articles_per_s": round(c1.ingested / wall1, 1),
            "requests": c1.requests, "requests_per_s": round(c1.requests / wall1, 1),
            "client_cpu_s": round((cpu1.ru_utime + cpu1.ru_stime) - (cpu0.ru_utime + cpu0.ru_stime), 1),
            "rejected": c1.rejected, "failed": c1.failed, "server_saw": delta(s1, s0),
        },
        "cycle2": {
            "wall_s": round(wall2, 3), "requests": c2.requests, "server_saw": cycle2,
            "all_conditional_304": conditional_304 == args.feeds and sum(cycle2.values()) == args.feeds,
            "ingested": c2.ingested,
        },
        "articles_in_store": n_articles,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
