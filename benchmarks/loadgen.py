"""The load generator of benchmarks/bench_web.py: a minimal HTTP/1.1 keep-alive GET client on
asyncio streams (``_Conn``, with error classes named as httpx names them, as httpx itself cost
more CPU a request than the server), the closed-loop per-client request loop (``_load``), and
``run_group``, which spreads the clients over forked load-generator processes (on uvloop when
installed) and merges their latencies into per-endpoint and per-variant statistics.
"""
from __future__ import annotations

import asyncio
import random
import resource
import statistics
import time
from urllib.parse import quote, urlsplit


# -- the load generator ------------------------------------------------------------------------
def _pct(xs: list[float], q: float) -> float:
    if not xs:
        return float("nan")
    xs = sorted(xs)
    return xs[min(len(xs) - 1, max(0, int(round(q / 100 * len(xs) + 0.5)) - 1))]


def _stats(xs: list[float], n_window: int, seconds: float, errors: int) -> dict:
    return {
        "requests": len(xs), "errors": errors,
        "p50_ms": round(_pct(xs, 50), 1), "p95_ms": round(_pct(xs, 95), 1), "p99_ms": round(_pct(xs, 99), 1),
        "max_ms": round(max(xs), 1) if xs else None,
        "mean_ms": round(statistics.fmean(xs), 1) if xs else None,
        "req_per_s": round(n_window / seconds, 1),
    }


class HTTPError(Exception):
    """A request that got no complete response; subclasses named as httpx names them, so the
    error kinds read the same as in results taken with the httpx load generator."""


class ConnectError(HTTPError):
    pass


class ReadError(HTTPError):
    pass


class RemoteProtocolError(HTTPError):
    pass


# What a broken connection or a malformed response raises here (uvloop: RuntimeError on a
# write to a transport it has closed); OSError and RuntimeError read as httpx's ReadError.
_BROKEN = (OSError, RuntimeError, EOFError, ValueError, asyncio.LimitOverrunError)


def _failed(e: Exception) -> HTTPError:
    return (ReadError if isinstance(e, OSError | RuntimeError) else RemoteProtocolError)(repr(e))


class _Conn:
    """One keep-alive HTTP/1.1 connection for GETs, on plain asyncio streams: only what the
    benchmark needs, as httpx cost more CPU a request than the server (see this module's docstring)."""

    __slots__ = ("host", "port", "tail", "reader", "writer")

    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.tail = f" HTTP/1.1\r\nHost: {host}:{port}\r\nAccept-Encoding: identity\r\n\r\n".encode()
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None

    async def get(self, path: str) -> int:
        """The status of ``GET path`` once its body is read in full; HTTPError otherwise."""
        # at_eof / is_closing: the server closed it (or reset it) while it was idle
        fresh = self.reader is None or self.reader.at_eof() or self.writer.is_closing()
        if fresh:
            self.close()
            try:
                self.reader, self.writer = await asyncio.open_connection(self.host, self.port, limit=1 << 20)
            except OSError as e:
                raise ConnectError(str(e)) from e
        r = self.reader
        try:
            target = path.encode("ascii")
        except UnicodeEncodeError:  # as httpx would send it
            target = quote(path, safe="/?&=%:@!$'()*+,;~").encode("ascii")
        try:
            # A request is far below the write buffer's limit: no drain(), one await less.
            self.writer.write(b"GET " + target + self.tail)
            head = await r.readuntil(b"\r\n\r\n")
        except _BROKEN as e:
            self.close()
            if not fresh and isinstance(e, OSError | RuntimeError | asyncio.IncompleteReadError) \
                    and not getattr(e, "partial", b""):
                # The server dropped a kept-alive connection before reading the request (its
                # keep-alive timeout racing our send): a GET is safe to send again, once.
                return await self.get(path)
            raise _failed(e) from e
        try:
            return await self._body(r, head)
        except _BROKEN as e:
            self.close()
            raise _failed(e) from e

    async def _body(self, r: asyncio.StreamReader, head: bytes) -> int:
        lines = head.split(b"\r\n")
        version, _, rest = lines[0].partition(b" ")
        if not version.startswith(b"HTTP/1."):
            raise ValueError(f"not an HTTP/1.x status line: {lines[0][:80]!r}")
        status = int(rest[:3])
        length = None
        chunked = False
        close = version == b"HTTP/1.0"
        for line in lines[1:]:
            name, _, value = line.partition(b":")
            name = name.lower()
            if name == b"content-length":
                length = int(value)
            elif name == b"transfer-encoding":
                chunked = value.strip().lower().endswith(b"chunked")
            elif name == b"connection":
                tokens = [t.strip() for t in value.lower().split(b",")]
                close = b"close" in tokens or (close and b"keep-alive" not in tokens)
        if 100 <= status < 200 and status != 101:  # interim: the real response follows
            return await self._body(r, await r.readuntil(b"\r\n\r\n"))
        if status in (101, 204, 304):
            close = close or status == 101
        elif chunked:  # takes precedence over Content-Length (RFC 9112 6.3)
            while True:
                size = int((await r.readuntil(b"\r\n")).split(b";", 1)[0], 16)
                if not size:
                    while await r.readuntil(b"\r\n") != b"\r\n":  # trailers
                        pass
                    break
                if (await r.readexactly(size + 2))[-2:] != b"\r\n":
                    raise ValueError("chunk not followed by CRLF")
        elif length is not None:
            await r.readexactly(length)
        else:  # neither: the body runs to the end of the connection
            await r.read()
            close = True
        if close:
            self.close()
        return status


async def _load(base: str, pick, *, clients: int, t_start: float, seconds: float, drain: float,
                think: float, seed: int) -> dict:
    """``clients`` workers from ``t_start`` (perf_counter) for ``seconds``; raw results.

    Each worker sends its next request when the last one returned (after an exponential
    think time of mean ``think`` seconds, when given), on its own keep-alive connection.
    Latency is from just before the request is sent to the end of its body. Requests/s counts
    what finished within the window.
    """
    u = urlsplit(base)
    lat: dict[tuple[str, str], list[float]] = {}
    in_window: dict[tuple[str, str], int] = {}
    errors: dict[tuple[str, str], int] = {}
    kinds: dict[str, int] = {}  # what the errors were
    await asyncio.sleep(max(0.0, t_start - time.perf_counter()))
    t_end = t_start + seconds

    # No timeout per request: the wait below cuts every request off at seconds + drain, which
    # is when httpx's timeout (seconds + drain per connect or read) would have fired at the earliest.
    async def worker(i: int) -> None:
        rng = random.Random(seed * 100_003 + i * 7919 + 1)
        conn = _Conn(u.hostname, u.port)
        try:
            if think:
                await asyncio.sleep(rng.uniform(0, think))  # users do not all arrive at once
            while time.perf_counter() < t_end:
                url, endpoint, variant = pick(rng)
                key = (endpoint, variant)
                t = time.perf_counter()
                try:
                    status = await conn.get(url)
                    why = None if status == 200 else f"HTTP {status}"
                except HTTPError as e:
                    why = type(e).__name__
                done = time.perf_counter()
                if why:
                    errors[key] = errors.get(key, 0) + 1
                    kinds[why] = kinds.get(why, 0) + 1
                else:
                    lat.setdefault(key, []).append((done - t) * 1000)
                    if done <= t_end:
                        in_window[key] = in_window.get(key, 0) + 1
                if think:
                    await asyncio.sleep(rng.expovariate(1 / think))
        finally:
            conn.close()

    tasks = [asyncio.create_task(worker(i)) for i in range(clients)]
    _, pending = await asyncio.wait(tasks, timeout=seconds + drain)
    for t in pending:
        t.cancel()
    await asyncio.gather(*pending, return_exceptions=True)  # their connections closed
    return {"lat": lat, "in_window": in_window, "errors": errors, "kinds": kinds, "cut": len(pending)}


def _loop_name() -> str:
    try:
        import uvloop  # noqa: F401  (imported here, before the fork, so the children need not)
    except ImportError:
        return "asyncio"
    return "uvloop"


def _run(coro):
    """asyncio.run, on uvloop when it is installed (less CPU a request in the generator)."""
    try:
        import uvloop
    except ImportError:
        return asyncio.run(coro)
    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        return runner.run(coro)


def run_group(base: str, make_pick, *, clients: int, procs: int, seconds: float, drain: float,
              think: float = 0.0) -> tuple[dict, float]:
    """The clients spread over ``procs`` load-generator processes (one asyncio loop each, so
    the generator is not what limits the rate); make_pick(p) -> pick(rng) -> (url, endpoint,
    variant). Returns the merged statistics and the generators' CPU seconds."""
    import multiprocessing as mp

    ctx = mp.get_context("fork")
    queue = ctx.Queue()
    t_start = time.perf_counter() + 1.0  # CLOCK_MONOTONIC: the same clock in every process
    shares = [clients // procs + (p < clients % procs) for p in range(procs)]

    def child(p: int) -> None:
        queue.put((p, _run(_load(base, make_pick(p), clients=shares[p], t_start=t_start,
                                 seconds=seconds, drain=drain, think=think, seed=p))))

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    kids = [ctx.Process(target=child, args=(p,)) for p in range(procs) if shares[p]]
    for k in kids:
        k.start()
    parts = [queue.get() for _ in kids]
    for k in kids:
        k.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)

    lat: dict = {}
    in_window: dict = {}
    errors: dict = {}
    kinds: dict = {}
    for _, part in parts:
        for k, xs in part["lat"].items():
            lat.setdefault(k, []).extend(xs)
        for name, into in (("in_window", in_window), ("errors", errors), ("kinds", kinds)):
            for k, n in part[name].items():
                into[k] = into.get(k, 0) + n
    keys = set(lat) | set(errors)
    out: dict = {"endpoints": {}, "variants": {}}
    for endpoint in sorted({k[0] for k in keys}):
        ks = [k for k in keys if k[0] == endpoint]
        out["endpoints"][endpoint] = _stats([x for k in ks for x in lat.get(k, [])],
                                            sum(in_window.get(k, 0) for k in ks), seconds,
                                            sum(errors.get(k, 0) for k in ks))
    for k in sorted(keys):
        if k[1]:
            out["variants"][f"{k[0]} {k[1]}"] = _stats(lat.get(k, []), in_window.get(k, 0), seconds, errors.get(k, 0))
    out["all"] = _stats([x for xs in lat.values() for x in xs], sum(in_window.values()), seconds,
                        sum(errors.values()))
    out["all"].update(error_kinds=kinds, cut_off=sum(part["cut"] for _, part in parts))
    return out, cpu
