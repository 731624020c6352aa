"""Who gets in: body limits on the bytes as they arrive, same-origin writes, a Host
allow-list on the loopback server, the upload form's token, and total fetch deadlines
(issue 17). Requests are built here; the server is the real app."""
from __future__ import annotations

import json
import os
import socket
import threading
import time

import pytest
from fastapi.testclient import TestClient

from babelwire.errors import ConfigError
from babelwire.web import create_app
from babelwire.web.app import LOOPBACK_HOSTS, serve

ARTICLE = {"id": "w1", "title": "Harbour strike", "text": "Dock workers began a strike over wages on Monday, "
           "and ships waited outside the harbour while union leaders met the port authority."}
MB = 1024 * 1024


class Pulled:
    """Outermost ASGI layer counting the request body bytes the app pulled from the server."""

    def __init__(self, app):
        self.app, self.bytes = app, 0

    async def __call__(self, scope, receive, send):
        async def counted():
            message = await receive()
            self.bytes += len(message.get("body", b""))
            return message

        await self.app(scope, counted if scope["type"] == "http" else receive, send)


@pytest.fixture
def live_app(tmp_path):
    """The real app behind uvicorn on 127.0.0.1 (a test client would buffer the whole body)."""
    import uvicorn

    servers = []

    def start(**kw):
        app = Pulled(create_app(str(tmp_path / "s.db"), **kw))
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
        threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True).start()
        while not server.started:
            time.sleep(0.02)
        servers.append(server)
        return app, sock.getsockname()[1]

    yield start
    for server in servers:
        server.should_exit = True


def chunked_post(port: int, path: str, content_type: str, total: int, head: bytes = b"") -> tuple[int, bytes]:
    """POST ``total`` bytes chunked, stopping as soon as the server answers: (bytes sent, answer)."""
    import select

    conn = socket.create_connection(("127.0.0.1", port))
    conn.sendall(f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: {content_type}\r\n"
                 "Transfer-Encoding: chunked\r\n\r\n".encode())
    chunk = b"%x\r\n" % 65536 + b"x" * 65536 + b"\r\n"
    if head:
        conn.sendall(b"%x\r\n" % len(head) + head + b"\r\n")
    sent = 0
    try:
        while sent < total:
            if select.select([conn], [], [], 0)[0]:
                break
            conn.sendall(chunk)
            sent += 65536
    except OSError:
        pass
    conn.settimeout(10)
    answer = b""
    try:
        while b"\r\n\r\n" not in answer:
            got = conn.recv(65536)
            if not got:
                break
            answer += got
    except OSError:
        pass
    conn.close()
    return sent, answer


@pytest.fixture
def app_factory(tmp_path):
    def make(**kw):
        return TestClient(create_app(str(tmp_path / "s.db"), **kw))
    return make


FORM_HEAD = (b'--zz\r\nContent-Disposition: form-data; name="files"; filename="a.jsonl"\r\n'
             b"Content-Type: application/octet-stream\r\n\r\n")
CASES = [("/api/compare", "s3cret", b'{"a": "'), ("/api/articles", None, b'{"text": "'),
         ("/ingest", "s3cret", FORM_HEAD), ("/ingest", None, FORM_HEAD)]


@pytest.mark.parametrize("path, token, head", CASES, ids=[f"{p}-{bool(t)}" for p, t, _ in CASES])
def test_chunked_bodies_are_cut_at_the_limit_before_parsing(live_app, path, token, head):
    app, port = live_app(max_body_mb=1, token=token)
    kind = "multipart/form-data; boundary=zz" if path == "/ingest" else "application/json"
    sent, answer = chunked_post(port, path, kind, 300 * MB, head)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert app.bytes <= 2 * MB  # the app pulled about the limit (one read more), not 300 MB
    assert sent < 100 * MB  # and the server stopped the upload long before its 300 MB


def test_api_writes_check_the_token_before_reading_the_body(live_app):
    app, port = live_app(max_body_mb=1, token="s3cret")
    sent, answer = chunked_post(port, "/api/articles", "application/json", 300 * MB, b'{"text": "')
    assert answer.startswith(b"HTTP/1.1 401") and app.bytes <= 2 * MB


def test_content_length_over_the_limit_is_refused_unread(app_factory):
    with app_factory(max_body_mb=1) as c:
        r = c.post("/api/articles", content=b"x" * (2 * MB))
        assert r.status_code == 413 and "1 MB" in r.json()["error"]["message"]


def test_empty_host_is_every_interface_so_it_needs_a_token(monkeypatch):
    monkeypatch.delenv("BABELWIRE_TOKEN", raising=False)
    with pytest.raises(ConfigError, match="every interface"):
        serve(":memory:", host="")


def test_cross_site_writes_are_refused(app_factory):
    with app_factory() as c:
        body = json.dumps(ARTICLE)
        for headers in ({"Origin": "https://evil.example", "Content-Type": "text/plain"},
                        {"Sec-Fetch-Site": "cross-site"}, {"Origin": "null"}):
            r = c.post("/api/articles", content=body, headers=headers)
            assert r.status_code == 403, (headers, r.text)
        r = c.post("/ingest", files={"files": ("a.jsonl", body.encode(), "application/octet-stream")},
                   headers={"Origin": "https://evil.example"})
        assert r.status_code == 403
        assert c.get("/api/articles").json()["total"] == 0  # nothing was stored
        # the app's own page (same origin) and non-browser clients still write
        r = c.post("/api/articles", content=body, headers={"Origin": "http://testserver",
                                                           "Sec-Fetch-Site": "same-origin"})
        assert r.status_code == 200 and r.json()["ingested"] == 1
        r = c.post("/api/articles", content=json.dumps({**ARTICLE, "id": "w2", "text": ARTICLE["text"] + " Later."}))
        assert r.status_code == 200


def test_loopback_server_answers_only_loopback_host_names(app_factory):
    with app_factory(allowed_hosts=LOOPBACK_HOSTS) as c:
        assert c.get("/api/stories", headers={"Host": "rebound.evil.example:8000"}).status_code == 403
        assert c.get("/", headers={"Host": "rebound.evil.example"}).status_code == 403
        for host in ("127.0.0.1:8000", "localhost:8000", "[::1]:8000", "localhost"):
            assert c.get("/api/stories", headers={"Host": host}).status_code == 200, host


def test_serve_on_loopback_installs_the_host_allow_list(monkeypatch, tmp_path):
    import uvicorn

    seen = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: seen.update(app=app, **kw))
    monkeypatch.setenv("OMP_WAIT_POLICY", os.environ.get("OMP_WAIT_POLICY", "PASSIVE"))  # serve sets it
    serve(str(tmp_path / "s.db"), host="127.0.0.1", port=8123)
    assert seen["app"].state.allowed_hosts >= {"127.0.0.1", "localhost", "::1"}
    serve(str(tmp_path / "s.db"), host="0.0.0.0", port=8123, token="t")
    assert seen["app"].state.allowed_hosts is None  # public: the token guards writes
    monkeypatch.setenv("BABELWIRE_TOKEN", "from-env")  # the `token` setting, as any other
    serve(str(tmp_path / "s.db"), host="0.0.0.0", port=8123)
    assert seen["app"].state.token == "from-env"


def test_upload_form_token_authenticates(app_factory):
    data = (json.dumps(ARTICLE) + "\n").encode()
    with app_factory(token="s3cret") as c:
        r = c.post("/ingest", files={"files": ("a.jsonl", data, "application/octet-stream")},
                   data={"token": "wrong"})
        assert r.status_code == 401
        r = c.post("/ingest", files={"files": ("a.jsonl", data, "application/octet-stream")},
                   data={"token": "s3cret"})
        assert r.status_code == 200 and "w1" in r.text
        assert c.get("/api/articles/w1").status_code == 200


def test_headers_dripping_in_are_cut_at_the_total_deadline():
    from babelwire.live.errors import FetchError
    from babelwire.live.http import HttpConfig, PoliteClient
    from babelwire.live.safety import AddressPolicy

    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(4)
    stop = threading.Event()

    def drip():
        conn, _ = srv.accept()
        with conn:
            conn.recv(4096)
            for b in b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 10000:
                if stop.is_set():
                    return
                try:
                    conn.send(bytes([b]))
                except OSError:
                    return
                time.sleep(0.05)  # every byte well inside the read timeout

    threading.Thread(target=drip, daemon=True).start()
    cfg = HttpConfig(connect_timeout=1, read_timeout=0.5, total_timeout=1.0, retries=0, politeness_delay=0,
                     policy=AddressPolicy(allow_private=True))
    t0 = time.monotonic()
    try:
        with PoliteClient(cfg) as c, pytest.raises(FetchError, match="in all"):
            c.get(f"http://127.0.0.1:{srv.getsockname()[1]}/feed.xml")
        assert time.monotonic() - t0 < 8  # cut at the deadline, not after 10,000 bytes
    finally:
        stop.set()
        srv.close()
