"""Briefs in the reader's language: translators over their real wire formats, the store's cache,
faults that must never lose the brief, the LLM writer's citation check, and --lang.

No translation or generative model can run here, so each backend talks to a stand-in: a real
HTTP server on 127.0.0.1 (a thread of this test process) that speaks the LibreTranslate, DeepL
or OpenAI chat-completions wire format and answers with a canned sentence in the asked-for
language (it names the source text by hash, so a test can tell which translation went where).
The language checks use babelwire's own detector on those sentences. Nothing here needs a
network or a model download.
"""
from __future__ import annotations

import hashlib
import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from test_brief import HashEmbedder, seeds

from babelwire.brief import build_brief
from babelwire.brief.model import Brief
from babelwire.language import get_detector
from babelwire.settings import load_settings
from babelwire.store import open_store
from babelwire.translate import TranslationError, get_translator, reader_language
from babelwire.translate.brief import localize
from babelwire.translate.writer import check_claims, evidence_sentences, numbers

# A canned sentence per target language, long enough for the detector to be sure of it.
CANNED = {
    "en": "This is the English translation of text {h}, which the newspaper wrote about the company and its workers.",
    "fr": "Voici la traduction française du texte {h}, que le journal a écrit sur l'entreprise et ses salariés.",
    "de": "Das ist die deutsche Übersetzung des Textes {h}, den die Zeitung über das Unternehmen und seine Mitarbeiter schrieb.",
}


def canned(text: str, target: str) -> str:
    return CANNED[target].format(h=hashlib.sha256(text.encode()).hexdigest()[:8])


class StandIn:
    """A stand-in translation service on 127.0.0.1. ``fault`` changes how it answers:
    None, "timeout", "429", "429-once", "503", "malformed", "wrong-language"."""

    def __init__(self, kind: str, fault: str | None = None):
        self.kind, self.fault = kind, fault
        self.requests: list[dict] = []
        self.chars = 0
        self.writer_answer: str | None = None  # for the LLM writer: the content to send back
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *a):  # quiet
                pass

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers.get("content-length") or 0)) or b"{}")
                outer.requests.append({"path": self.path, "body": body, "headers": dict(self.headers)})
                status, payload, headers = outer.answer(self.path, body)
                if status == "sleep":
                    time.sleep(1.5)
                    status = 200
                data = json.dumps(payload, ensure_ascii=False).encode() if not isinstance(payload, bytes) else payload
                try:
                    self.send_response(status)
                    self.send_header("content-type", "application/json")
                    self.send_header("content-length", str(len(data)))
                    for k, v in headers.items():
                        self.send_header(k, v)
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout test)
                    pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()

    def answer(self, path: str, body: dict):
        f = self.fault
        if f == "timeout":
            return "sleep", {}, {}
        if f == "429" or (f == "429-once" and len(self.requests) == 1):
            return 429, {"error": "Too many requests"}, {"Retry-After": "0"}
        if f == "503":
            return 503, {"error": "overloaded"}, {}
        if self.kind == "libretranslate":
            texts, target = body["q"], body["target"]
        elif self.kind == "deepl":
            texts, target = body["text"], body["target_lang"].split("-")[0].lower()
        else:
            user = body["messages"][1]["content"]
            if self.writer_answer is not None:
                return 200, _chat(self.writer_answer), {}
            texts = [json.loads(m.group(1)) for m in re.finditer(r"^\d+\. (\".*\")$", user, re.M)]
            target = {"English": "en", "French": "fr", "German": "de"}[
                re.search(r"into (\w+)", body["messages"][0]["content"]).group(1)]
        self.chars += sum(len(t) for t in texts)
        out = [canned(t, "de" if f == "wrong-language" else target) for t in texts]
        if f == "malformed":
            out = out[:-1]
        if self.kind == "libretranslate":
            return 200, {"translatedText": out}, {}
        if self.kind == "deepl":
            return 200, {"translations": [{"detected_source_language": "XX", "text": x} for x in out]}, {}
        return 200, _chat("```json\n" + json.dumps(out, ensure_ascii=False) + "\n```"), {}


def _chat(content: str) -> dict:
    return {"id": "x", "object": "chat.completion", "model": "stand-in",
            "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}]}


@pytest.fixture(scope="module")
def seed_articles():
    return seeds()


def fresh_brief(arts, lang="en") -> Brief:
    return build_brief(arts, lang=lang, embedder=HashEmbedder())


@pytest.fixture
def store(tmp_path):
    s = open_store(str(tmp_path / "t.db"))
    yield s
    s.close()


def settings(server: StandIn | None, kind: str, **more):
    return load_settings({"db": "/nonexistent/never-opened.db", "translator": kind,
                          "translator_url": server.url if server else None, "translator_timeout": 0.5,
                          "translator_retries": 1, **more}, config_path=None, environ={})


def shown_evidence(b: Brief):
    """Every quote the renderers show: conflicts' sides, facts, agreements."""
    out = [f.evidence for d in b.discrepancies for s in d.sides for f in s.facts]
    out += [f.evidence for f in b.facts]
    out += [f.evidence for a in b.agreements for f in (a.a, a.b)]
    return out


def untranslated_view(b: Brief) -> dict:
    """The brief as built: everything except what the translation step may add."""
    d = b.to_dict()
    for k in ("notes", "translated_by", "what_happened", "what_happened_by", "built_at"):
        d.pop(k)
    if d["headline"]:
        d["headline"]["transliteration"] = None
    return d


@pytest.mark.parametrize("kind,lang", [("libretranslate", "en"), ("deepl", "en"), ("openai", "en"),
                                       ("libretranslate", "fr"), ("openai", "de")])
def test_every_shown_quote_translated_into_target_and_cached(kind, lang, seed_articles, store, monkeypatch):
    monkeypatch.setenv("BABELWIRE_TRANSLATOR_KEY", "secret-key:fx")
    srv = StandIn(kind)
    try:
        s = settings(srv, kind, translator_model="stand-in-model" if kind == "openai" else None,
                     translator_budget_chars=100_000)
        b = localize(fresh_brief(seed_articles, lang), settings=s, store=store)
        det = get_detector("default")
        quotes = [e for e in shown_evidence(b) if e.language != lang]
        assert quotes and b.summary
        texts = [e.translation for e in quotes] + [x.translation for x in b.summary if x.language != lang]
        assert all(texts), "a shown quote or summary sentence without a translation"
        assert {g.code for g in det.detect_batch(texts)} == {lang}
        # each translation belongs to its own original
        assert all(e.translation == canned(e.sentence, lang) for e in quotes)
        if not b.headline.in_reader_language:
            assert b.headline.translation == canned(b.headline.text, lang)
        assert b.translated_by == ("openai stand-in-model" if kind == "openai" else kind)
        if kind == "deepl":
            assert srv.requests[0]["headers"]["Authorization"] == "DeepL-Auth-Key secret-key:fx"
            assert srv.requests[0]["body"]["target_lang"] == "EN-US"
        if kind == "openai":
            assert srv.requests[0]["headers"]["Authorization"] == "Bearer secret-key:fx"
            assert srv.requests[0]["body"]["model"] == "stand-in-model"
        sent = len(srv.requests)
        assert sent >= 1
        # a second build (or another reader) asks nothing: all from the store's cache
        again = localize(fresh_brief(seed_articles, lang), settings=s, store=store)
        assert len(srv.requests) == sent
        assert [e.translation for e in shown_evidence(again)] == [e.translation for e in shown_evidence(b)]
        assert not any("failed" in n for n in again.notes)
    finally:
        srv.close()


def test_translations_shown_beside_originals_in_every_format(seed_articles, store):
    from babelwire.brief.render import render

    srv = StandIn("libretranslate")
    try:
        b = localize(fresh_brief(seed_articles), settings=settings(srv, "libretranslate"), store=store)
    finally:
        srv.close()
    quote = next(e for e in shown_evidence(b) if e.translation)
    for fmt in ("md", "html", "text"):
        out = render(b, fmt, width=400).replace("\\", "")  # Markdown escapes
        assert "machine translation (libretranslate)" in out
        # the original stays, the translation is beside it
        h = quote.translation.split(",")[0]
        assert h[:40] in out and quote.sentence.split()[0] in out
    data = json.loads(render(b, "json"))
    assert data["translated_by"] == "libretranslate"
    assert data["headline"]["translation"] and data["headline"]["text"] == b.headline.text
    ev = [f["evidence"] for f in data["facts"] if f["evidence"]["language"] != "en"]
    assert ev and all(e["translation"] and e["sentence"] for e in ev)


@pytest.mark.parametrize("fault,note", [
    ("timeout", "no answer within"),
    ("429", "HTTP 429"),
    ("503", "HTTP 503"),
    ("malformed", "malformed answer"),
    ("wrong-language", "not in en"),
])
def test_faults_leave_a_complete_untranslated_brief_and_a_note(fault, note, seed_articles, store):
    srv = StandIn("libretranslate", fault)
    try:
        plain = fresh_brief(seed_articles)
        b = localize(fresh_brief(seed_articles), settings=settings(srv, "libretranslate"), store=store)
    finally:
        srv.close()
    assert untranslated_view(b) == untranslated_view(plain)  # nothing lost, nothing half-translated
    assert all(e.translation is None for e in shown_evidence(b))
    assert all(x.translation is None for x in b.summary) and b.headline.translation is None
    assert any(note in n for n in b.notes), b.notes
    if fault in ("429", "503", "timeout"):
        # bounded retries: translator_retries=1 -> two tries per batch, batches by source language
        langs = {e.language for e in shown_evidence(b)} | {x.language for x in b.summary} | {b.headline.language}
        assert len(srv.requests) <= 2 * len(langs - {"en"})
    # and nothing wrong went into the cache: a healthy service is asked again
    ok = StandIn("libretranslate")
    try:
        again = localize(fresh_brief(seed_articles), settings=settings(ok, "libretranslate"), store=store)
    finally:
        ok.close()
    assert ok.requests and all(e.translation for e in shown_evidence(again) if e.language != "en")


def test_retry_after_429_then_success(seed_articles, store):
    srv = StandIn("libretranslate", "429-once")
    try:
        b = localize(fresh_brief(seed_articles), settings=settings(srv, "libretranslate"), store=store)
    finally:
        srv.close()
    assert b.headline.translation and not any("failed" in n for n in b.notes)


def test_budget_caps_characters_per_brief(seed_articles, store):
    srv = StandIn("libretranslate")
    try:
        b = localize(fresh_brief(seed_articles), settings=settings(srv, "libretranslate", translator_budget_chars=600),
                     store=store)
    finally:
        srv.close()
    assert 0 < srv.chars <= 600
    assert b.headline.translation  # most important first
    assert any("budget of 600 characters" in n for n in b.notes)
    assert any(e.translation is None for e in shown_evidence(b) if e.language != "en")


def test_misconfigured_translator_is_a_note_not_an_error(seed_articles):
    s = settings(None, "openai")  # no model
    b = localize(fresh_brief(seed_articles), settings=s, store=None)
    assert any("needs translator_model" in n for n in b.notes) and b.summary
    with pytest.raises(Exception, match="unknown translator 'babelfish'"):
        get_translator(settings(None, "babelfish"))


def test_translation_error_from_backend_directly():
    srv = StandIn("deepl", "malformed")
    try:
        tr = get_translator(settings(srv, "deepl"))
        with pytest.raises(TranslationError, match="malformed"):
            tr.translate_batch(["Bonjour tout le monde", "Au revoir"], "fr", "en")
    finally:
        srv.close()


# --------------------------------------------------------------------------- LLM writer

def _writer_answer(b: Brief) -> tuple[str, int]:
    sents = evidence_sentences(b)
    no = next(i for i, e in enumerate(sents, 1) if "500.000 ansatte" in e.sentence)
    claims = [
        {"text": "Amazon asked its roughly 500,000 employees to delete TikTok by 10 July.", "cites": [no]},
        {"text": "The company later said the e-mail was a mistake.", "cites": []},  # uncited
        {"text": "Amazon has 900,000 employees.", "cites": [no]},  # number not in the cited sentence
        {"text": "The order came from Jeff Bezos himself.", "cites": [no]},  # name not in it
        {"text": "Amazon told staff to delete TikTok.", "cites": [999]},  # cites nothing that exists
    ]
    return json.dumps({"claims": claims}), no


def test_llm_writer_keeps_only_cited_supported_claims(seed_articles, store):
    srv = StandIn("openai")
    b0 = fresh_brief(seed_articles)
    srv.writer_answer, no = _writer_answer(b0)
    try:
        s = settings(None, "none", brief_writer="llm", writer_url=srv.url + "/v1", writer_model="stand-in-llm")
        b = localize(b0, settings=s, store=store)
        assert [c.text for c in b.what_happened] == ["Amazon asked its roughly 500,000 employees to delete TikTok by 10 July."]
        (claim,) = b.what_happened
        assert "500.000 ansatte" in claim.cites[0].sentence and claim.cites[0].article_id
        assert b.what_happened_by == "openai stand-in-llm"
        assert any("4 claims dropped" in n for n in b.notes)
        # the prompt held only the brief's own sentences, numbered
        user = srv.requests[0]["body"]["messages"][1]["content"]
        assert f"[{no}] (no," in user
        # cached: a second build asks nothing
        n = len(srv.requests)
        again = localize(fresh_brief(seed_articles), settings=s, store=store)
        assert len(srv.requests) == n and len(again.what_happened) == 1
        from babelwire.brief.render import render

        md = render(b, "md")
        assert "What happened" in md and "500,000 employees" in md.replace("\\", "")
    finally:
        srv.close()


def test_llm_writer_failure_keeps_extractive_brief(seed_articles):
    srv = StandIn("openai", "503")
    try:
        s = settings(None, "none", brief_writer="llm", writer_url=srv.url, writer_model="m")
        b = localize(fresh_brief(seed_articles), settings=s, store=None)
    finally:
        srv.close()
    assert b.what_happened == [] and b.summary and any("llm writer failed" in n for n in b.notes)
    srv = StandIn("openai")
    srv.writer_answer = "I cannot do that."
    try:
        b = localize(fresh_brief(seed_articles), settings=settings(None, "none", brief_writer="llm",
                                                                   writer_url=srv.url, writer_model="m"), store=None)
    finally:
        srv.close()
    assert b.what_happened == [] and any("malformed" in n for n in b.notes)


def test_claim_checks_numbers_in_any_script_and_separator(seed_articles):
    assert numbers("plus de 840 000 employés, ८४० jours") == {"840000", "840"}
    b = fresh_brief(seed_articles)
    sents = evidence_sentences(b)
    fr = next(i for i, e in enumerate(sents, 1) if "840 000" in e.sentence)
    ok = json.dumps([{"text": "Amazon has more than 840,000 employees worldwide.", "cites": [fr]},
                     {"text": "Amazon has more than 840,001 employees worldwide.", "cites": [fr]}])
    kept, dropped, bad = check_claims(ok, sents, b)
    assert [c.text for c in kept] == ["Amazon has more than 840,000 employees worldwide."] and dropped == 1 and not bad


# --------------------------------------------------------------------------- reader language

def test_reader_language_validated():
    assert reader_language("EN") == "en" and reader_language("pt-BR") == "pt"
    for bad in ("english", "xx", "", "eng"):
        with pytest.raises(Exception, match="unknown reader language"):
            reader_language(bad)


def test_cli_lang_english_is_a_clear_error(run_cli):
    from conftest import SEEDS

    p = run_cli("brief", "--files", *sorted(str(x) for x in SEEDS.glob("*.txt")), "--no-embed", "--lang", "english")
    err = p.stderr.decode().strip()
    assert p.returncode == 2 and len(err.splitlines()) == 1
    assert "unknown reader language 'english'" in err and "did you mean 'en'" in err


def test_cli_seeds_offline_headline_marked_and_transliterated(run_cli):
    from conftest import SEEDS

    files = sorted(str(x) for x in SEEDS.glob("*.txt"))
    p = run_cli("brief", "--files", *files, "--no-embed", "--lang", "en", "--format", "json", check=True)
    h = json.loads(p.stdout)["headline"]
    assert not h["in_reader_language"]
    md = run_cli("brief", "--files", *files, "--no-embed", "--lang", "en", "--format", "md", check=True).stdout.decode()
    assert "none in en" not in md and "no headline in English" in md
    if h["language"] in ("ar", "hi"):
        assert h["transliteration"] and h["transliteration"].isascii() and "transliteration" in md
    # the French reader gets French titles and dates
    fr = run_cli("brief", "--files", *files, "--no-embed", "--lang", "fr", "--format", "md", check=True).stdout.decode()
    assert "## Où les sources divergent" in fr and "## Résumé" in fr and "juillet 2020" in fr


def test_transliteration_of_non_latin_headlines(seed_articles):
    b = localize(fresh_brief(seed_articles, lang="en"), settings=settings(None, "none"), store=None)
    hi = next(a for a in seed_articles if a.language == "hi")
    from babelwire.translate.offline import transliterate

    t = transliterate(hi.title)
    assert t and t.isascii() and "TikTok" in t
    assert transliterate("Amazon trekker beskjed om Tiktok-forbud") is None
    assert b.headline.in_reader_language or b.headline.transliteration == transliterate(b.headline.text)


def test_gazetteer_places_in_the_readers_spelling(seed_articles):
    from babelwire.translate.brief import localize_dict

    for lang, us in (("fr", "États-Unis"), ("de", "Vereinigte Staaten"), ("en", "United States")):
        b = localize(fresh_brief(seed_articles, lang), settings=settings(None, "none"), store=None)
        (ent,) = [e for e in b.entities if e.id == "place:US"]
        assert ent.name == us and ent.forms  # forms as written stay
        d = localize_dict(fresh_brief(seed_articles, lang).to_dict(), settings=settings(None, "none"))
        assert [e["name"] for e in d["entities"] if e["id"] == "place:US"] == [us]
