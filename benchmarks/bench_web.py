"""The web app under load: 50 concurrent clients on loopback against a store of 10,000 stories.

    .venv/bin/python benchmarks/bench_web.py                  # build (or reuse) the store, then measure
    .venv/bin/python benchmarks/bench_web.py --rebuild        # build the store again from scratch
    .venv/bin/python benchmarks/bench_web.py --only list,story-warm --seconds 10
    .venv/bin/python benchmarks/bench_web.py --think 1          # clients pause ~1 s between requests
    .venv/bin/python benchmarks/bench_web.py --only ''          # only build (or check) the store

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

Results print as a table and go to --json (default /tmp/babelwire-bench-web/last.json).
"""
from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import platform
import random
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import quote, urlsplit

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

STORE_VERSION = 2  # bump when the generator or the default model key changes (v2: embed_chars 500)
ANCHOR = datetime(2026, 11, 20, 12, 0, tzinfo=timezone.utc)  # "now" of the synthetic news

# -- a small multilingual vocabulary ------------------------------------------------------------
# Per language: nouns, verbs (3rd person, past or present), adjectives, place words, "in",
# outlets, and the word joiner (Chinese needs none).
VOCAB: dict[str, dict] = {
    "en": dict(
        n="government parliament workers company court police minister election protest budget "
          "hospital school bridge flood fire storm strike market bank army airport village city "
          "report agreement talks vote law tax price energy water".split(),
        v="announced confirmed denied approved rejected closed opened reported promised warned "
          "cut raised signed blocked delayed ordered".split(),
        a="new national local public emergency final major regional early former".split(),
        loc="capital north south coast border region province valley".split(),
        inn="in", unit="people", src="herald.co.uk tribune.com dailypost.com globe.ie wire.com news.au".split(), sep=" "),
    "fr": dict(
        n="gouvernement parlement salariés entreprise tribunal police ministre élection manifestation "
          "budget hôpital école pont inondation incendie tempête grève marché banque armée aéroport "
          "village ville rapport accord négociations vote loi impôt prix énergie eau".split(),
        v=["a annoncé", "a confirmé", "a démenti", "a approuvé", "a rejeté", "a fermé", "a ouvert",
           "a signalé", "a promis", "a averti", "a réduit", "a signé", "a bloqué", "a reporté"],
        a="nouveau national local public urgent final majeur régional ancien premier".split(),
        loc="capitale nord sud côte frontière région province vallée".split(),
        inn="dans", unit="personnes", src="lemonde.fr liberation.fr lesoir.be letemps.ch ouest-france.fr rfi.fr".split(), sep=" "),
    "de": dict(
        n="Regierung Parlament Beschäftigte Unternehmen Gericht Polizei Minister Wahl Protest Haushalt "
          "Krankenhaus Schule Brücke Hochwasser Brand Sturm Streik Markt Bank Armee Flughafen Dorf Stadt "
          "Bericht Abkommen Gespräche Abstimmung Gesetz Steuer Preis Energie Wasser".split(),
        v="kündigte bestätigte dementierte genehmigte lehnte schloss öffnete meldete versprach warnte "
          "senkte erhöhte unterzeichnete blockierte verschob ordnete".split(),
        a="neue nationale lokale öffentliche dringende letzte große regionale frühere erste".split(),
        loc="Hauptstadt Norden Süden Küste Grenze Region Provinz Tal".split(),
        inn="in", unit="Menschen", src="spiegel.de zeit.de faz.net derstandard.at nzz.ch dw.com".split(), sep=" "),
    "es": dict(
        n="gobierno parlamento trabajadores empresa tribunal policía ministro elección protesta "
          "presupuesto hospital escuela puente inundación incendio tormenta huelga mercado banco "
          "ejército aeropuerto pueblo ciudad informe acuerdo negociaciones votación ley impuesto precio".split(),
        v="anunció confirmó negó aprobó rechazó cerró abrió informó prometió advirtió recortó subió "
          "firmó bloqueó aplazó ordenó".split(),
        a="nuevo nacional local público urgente final mayor regional antiguo primero".split(),
        loc="capital norte sur costa frontera región provincia valle".split(),
        inn="en", unit="personas", src="elpais.es elmundo.es clarin.com.ar eltiempo.com.co lanacion.com.ar abc.es".split(), sep=" "),
    "pt": dict(
        n="governo parlamento trabalhadores empresa tribunal polícia ministro eleição protesto "
          "orçamento hospital escola ponte inundação incêndio tempestade greve mercado banco exército "
          "aeroporto aldeia cidade relatório acordo negociações votação lei imposto preço".split(),
        v="anunciou confirmou negou aprovou rejeitou fechou abriu informou prometeu alertou cortou "
          "aumentou assinou bloqueou adiou ordenou".split(),
        a="novo nacional local público urgente final maior regional antigo primeiro".split(),
        loc="capital norte sul costa fronteira região província vale".split(),
        inn="em", unit="pessoas", src="publico.pt folha.com.br globo.com.br expresso.pt rtp.pt estadao.com.br".split(), sep=" "),
    "it": dict(
        n="governo parlamento lavoratori azienda tribunale polizia ministro elezione protesta bilancio "
          "ospedale scuola ponte alluvione incendio tempesta sciopero mercato banca esercito aeroporto "
          "paese città rapporto accordo trattative voto legge tassa prezzo".split(),
        v="ha annunciato|ha confermato|ha smentito|ha approvato|ha respinto|ha chiuso|ha aperto|"
          "ha segnalato|ha promesso|ha avvertito|ha tagliato|ha firmato|ha bloccato|ha rinviato".split("|"),
        a="nuovo nazionale locale pubblico urgente finale maggiore regionale ex primo".split(),
        loc="capitale nord sud costa confine regione provincia valle".split(),
        inn="a", unit="persone", src="corriere.it repubblica.it lastampa.it ilsole24ore.it ansa.it rai.it".split(), sep=" "),
    "ru": dict(
        n="правительство парламент работники компания суд полиция министр выборы протест бюджет "
          "больница школа мост наводнение пожар шторм забастовка рынок банк армия аэропорт деревня "
          "город доклад соглашение переговоры голосование закон налог цена".split(),
        v="объявило подтвердило опровергло одобрило отклонило закрыло открыло сообщило пообещало "
          "предупредило сократило повысило подписало заблокировало отложило".split(),
        a="новый национальный местный общественный срочный окончательный крупный региональный бывший".split(),
        loc="столица север юг побережье граница регион провинция долина".split(),
        inn="в", unit="человек", src="kommersant.ru vedomosti.ru rbc.ru tass.ru meduza.io novayagazeta.ru".split(), sep=" "),
    "ar": dict(
        n="الحكومة البرلمان العمال الشركة المحكمة الشرطة الوزير الانتخابات الاحتجاج الميزانية "
          "المستشفى المدرسة الجسر الفيضان الحريق العاصفة الإضراب السوق البنك الجيش المطار القرية "
          "المدينة التقرير الاتفاق المفاوضات التصويت القانون الضريبة السعر".split(),
        v="أعلنت أكدت نفت وافقت رفضت أغلقت فتحت أفادت وعدت حذرت خفضت رفعت وقعت منعت أجلت أمرت".split(),
        a="الجديد الوطني المحلي العام العاجل النهائي الكبير الإقليمي السابق الأول".split(),
        loc="العاصمة الشمال الجنوب الساحل الحدود المنطقة المحافظة الوادي".split(),
        inn="في", unit="شخص", src="aljazeera.net alarabiya.net ahram.org.eg aawsat.com annahar.com.lb bbc.co.uk".split(), sep=" "),
    "hi": dict(
        n="सरकार संसद कर्मचारी कंपनी अदालत पुलिस मंत्री चुनाव विरोध बजट अस्पताल स्कूल पुल बाढ़ आग तूफान "
          "हड़ताल बाजार बैंक सेना हवाई अड्डा गांव शहर रिपोर्ट समझौता बातचीत मतदान कानून कर कीमत".split(),
        v="ने घोषणा की|ने पुष्टि की|ने खंडन किया|ने मंजूरी दी|ने खारिज किया|ने बंद किया|ने खोला|"
          "ने बताया|ने वादा किया|ने चेतावनी दी|ने कटौती की|ने हस्ताक्षर किए|ने रोक लगाई|ने टाल दिया".split("|"),
        a="नया राष्ट्रीय स्थानीय सार्वजनिक आपात अंतिम बड़ा क्षेत्रीय पूर्व पहला".split(),
        loc="राजधानी उत्तर दक्षिण तट सीमा क्षेत्र प्रांत घाटी".split(),
        inn="में", unit="लोग", src="bhaskar.com jagran.com amarujala.com navbharattimes.com livehindustan.com aajtak.in".split(), sep=" "),
    "zh": dict(
        n="政府 议会 员工 公司 法院 警方 部长 选举 抗议 预算 医院 学校 大桥 洪水 火灾 风暴 罢工 市场 银行 "
          "军队 机场 村庄 城市 报告 协议 谈判 投票 法律 税收 价格".split(),
        v="宣布 证实 否认 批准 拒绝 关闭 开放 报道 承诺 警告 削减 提高 签署 阻止 推迟 下令".split(),
        a="新的 全国 地方 公共 紧急 最终 重大 地区 前任 首次".split(),
        loc="首都 北部 南部 沿海 边境 地区 省份 山谷".split(),
        inn="在", unit="人", src="people.com.cn xinhuanet.com thepaper.cn caixin.com zaobao.com.sg rfi.fr".split(), sep=""),
}
LANG_WEIGHTS = {"en": 22, "fr": 12, "de": 11, "es": 11, "pt": 7, "it": 7, "ru": 9, "ar": 9, "hi": 6, "zh": 6}
SYLLABLES = "ka ro mi ta ve lu sa no di fe ri ba ko ne zu la mo ti ga pe".split()


def _name(rng: random.Random, parts: int = 3) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts)).capitalize()


@dataclass
class StoryPlan:
    key: int
    start: datetime
    entity: str
    person: str
    number: int
    topic: list[str] = field(default_factory=list)  # indices into the nouns
    docs: list = field(default_factory=list)


def _sentence(rng: random.Random, lang: str, plan: StoryPlan, with_number: bool) -> str:
    v = VOCAB[lang]
    sep = v["sep"]
    n = v["n"]
    words = [plan.entity if rng.random() < 0.5 else plan.person, rng.choice(v["v"])]
    words += [rng.choice(v["a"]), n[rng.choice(plan.topic) % len(n)]]
    if with_number:
        words += [f"{plan.number:,}".replace(",", " " if lang in ("fr", "ru") else ","), v["unit"]]
    words += [v["inn"], rng.choice(v["loc"]), rng.choice(n)]
    for _ in range(rng.randint(0, 4)):
        words.append(rng.choice(n) if rng.random() < 0.6 else rng.choice(v["a"]))
    end = "。" if lang == "zh" else "।" if lang == "hi" else "."
    return sep.join(words) + end


def _article_count(rng: random.Random) -> int:
    r = rng.random()
    if r < 0.55:
        return rng.randint(1, 2)
    if r < 0.88:
        return rng.randint(3, 4)
    if r < 0.98:
        return rng.randint(5, 10)
    return rng.randint(11, 40)


def plan_corpus(n_stories: int, seed: int = 7):
    """Stories with their RawDocs; ~3% of articles are exact copies (wire copy) of a sibling."""
    from babelwire.models import Published, RawDoc

    rng = random.Random(seed)
    langs, weights = zip(*LANG_WEIGHTS.items())
    plans = []
    for k in range(n_stories):
        plan = StoryPlan(
            key=k, start=ANCHOR - timedelta(days=rng.uniform(0, 120)), entity=_name(rng, 3),
            person=_name(rng, 2) + " " + _name(rng, 3), number=rng.choice([12, 40, 150, 840, 2300, 15000, 500000]),
            topic=[rng.randrange(30) for _ in range(3)],
        )
        for j in range(_article_count(rng)):
            if plan.docs and rng.random() < 0.03:  # a wire copy: same words, another outlet
                orig = rng.choice(plan.docs)
                v = VOCAB[orig.language]
                src = rng.choice(v["src"])
                plan.docs.append(RawDoc(text=orig.text, title=orig.title, url=f"https://{src}/copy/{k}-{j}",
                                        source=src, published=orig.published, language=orig.language))
                continue
            lang = rng.choices(langs, weights)[0]
            v = VOCAB[lang]
            src = rng.choice(v["src"])
            when = plan.start + timedelta(hours=rng.expovariate(1 / 18) if j else 0)
            sents = [_sentence(rng, lang, plan, with_number=(i < 2)) for i in range(rng.randint(4, 9))]
            title = v["sep"].join([plan.entity, rng.choice(v["v"]), rng.choice(v["a"]),
                                   v["n"][plan.topic[0] % len(v["n"])]])
            paras = [v["sep"].join(sents[i:i + 3]) for i in range(0, len(sents), 3)]
            plan.docs.append(RawDoc(
                text="\n\n".join(paras), title=title,
                url=f"https://{src}/{when:%Y/%m/%d}/{k}-{j}-{hashlib.md5(title.encode()).hexdigest()[:6]}",
                source=src, language=lang,
                published=Published(when.strftime("%Y-%m-%dT%H:%M"), "minute", "field"),
            ))
        plans.append(plan)
    return plans


# -- building the store ----------------------------------------------------------------------
def build_store(path: Path, n_stories: int, warm_briefs: int) -> dict:
    """Articles through ingest_docs, stories and vectors through the store's own methods."""
    import babelwire
    from babelwire.pipeline import canonical_url
    from babelwire.store.base import Story, StoryEvent

    tmp = path.with_suffix(".building")
    for p in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
        p.unlink(missing_ok=True)
    t0 = time.perf_counter()
    plans = plan_corpus(n_stories)
    n_docs = sum(len(p.docs) for p in plans)
    print(f"  planned {n_stories:,} stories, {n_docs:,} articles ({time.perf_counter() - t0:.1f} s)", flush=True)
    out: dict = {"stories": n_stories, "articles_planned": n_docs}
    with babelwire.open(str(tmp), progress=False) as ws:
        t = time.perf_counter()
        docs = [d for p in plans for d in p.docs]
        done = [0]

        def progress(n: int) -> None:
            done[0] += n
            if done[0] % 5120 < n:
                print(f"  ingest {done[0]:,}/{n_docs:,}  {time.perf_counter() - t:.0f} s", flush=True)

        report = ws.ingest_docs(iter(docs), cluster=False, progress=progress)
        out["ingest_s"] = round(time.perf_counter() - t, 1)
        out["ingested"] = report.ingested
        out["exact_or_near_duplicates"] = report.near_duplicates
        out["rejected"] = len(report.rejected)
        print(f"  ingested {report.ingested:,} ({report.near_duplicates} linked as copies, "
              f"{len(report.rejected)} rejected) in {out['ingest_s']} s", flush=True)

        # url -> stored article id (ids derive from the canonical URL; copies keep their own)
        t = time.perf_counter()
        store = ws.store
        by_url = {r[0]: (r[1], r[2]) for r in store._all("SELECT url, id, content_hash FROM articles")}
        members: dict[str, list[tuple[str, str]]] = {}
        for p in plans:
            ids = []
            for d in p.docs:
                hit = by_url.get(canonical_url(d.url))
                if hit:
                    ids.append(hit)
            if ids:
                members[f"s-{hashlib.sha256(ids[0][0].encode()).hexdigest()[:10]}"] = ids
        model = ws.clusterer().model_key
        dim = ws.clusterer().embedder.dim
        rng = np.random.default_rng(11)
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        with store.transaction():
            store.set_article_stories((aid, sid) for sid, ids in members.items() for aid, _ in ids)
            vecs = []
            for sid, ids in members.items():
                centre = rng.standard_normal(dim).astype(np.float32)
                centre /= np.linalg.norm(centre)
                for _, h in ids:
                    v = centre + 0.6 * rng.standard_normal(dim).astype(np.float32) / np.sqrt(dim)
                    vecs.append((h, v / np.linalg.norm(v)))
            store.put_embeddings(model, vecs)
            sids = list(members)
            agg = store.story_aggregates(sids)
            titles = {r[0]: (r[1], r[2]) for r in store._all("SELECT id, title, language FROM articles")}
            events = []
            for seq, sid in enumerate(sids, 1):
                a = agg[sid]
                head = members[sid][0][0]
                store.put_story(Story(
                    id=sid, created_at=now, updated_at=now, first_seen=a["first_seen"], last_seen=a["last_seen"],
                    article_count=a["article_count"], languages=a["languages"], headline=titles[head][0],
                    headline_language=titles[head][1], headline_article=head, seq=seq,
                ))
                events.append(StoryEvent("open", sid, head, at=now))
                events += [StoryEvent("assign", sid, aid, score=0.9, at=now) for aid, _ in members[sid][1:]]
            store.add_story_events(events)
        out["stories_s"] = round(time.perf_counter() - t, 1)
        out["stories_written"] = len(members)
        out["embedding_model"] = model
        print(f"  {len(members):,} stories, {len(vecs):,} vectors ({model}) in {out['stories_s']} s", flush=True)

        t = time.perf_counter()
        from babelwire.brief import brief_for_story

        pick = random.Random(5).sample(sids, min(warm_briefs, len(sids)))
        emb = ws.clusterer().embedder
        for i, sid in enumerate(pick, 1):
            brief_for_story(ws, sid, lang="en", embedder=emb)
            if i % 100 == 0:
                print(f"  briefs {i}/{len(pick)}  {time.perf_counter() - t:.0f} s", flush=True)
        out["warm_briefs"] = len(pick)
        out["briefs_s"] = round(time.perf_counter() - t, 1)
        print(f"  {len(pick)} briefs built and cached in {out['briefs_s']} s", flush=True)
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    for suffix in ("-wal", "-shm"):
        Path(f"{tmp}{suffix}").unlink(missing_ok=True)
    usearch = Path(f"{tmp}.usearch")
    usearch.unlink(missing_ok=True)
    os.replace(tmp, path)
    out["build_s"] = round(time.perf_counter() - t0, 1)
    out["size_mb"] = round(path.stat().st_size / 1e6, 1)
    (path.parent / (path.name + ".json")).write_text(json.dumps(out, indent=1))
    return out


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


def start_server(db: Path, port: int, log: Path) -> subprocess.Popen:
    env = {**os.environ, "BABELWIRE_CONFIG": "/nonexistent/babelwire-bench/config.toml"}
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
    benchmark needs, as httpx cost more CPU a request than the server (module docstring)."""

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
    args = ap.parse_args()

    cache = Path(args.cache_dir)
    cache.mkdir(parents=True, exist_ok=True)
    db = cache / f"stories-{args.stories}-v{STORE_VERSION}.db"
    pristine = cache / f"stories-{args.stories}-v{STORE_VERSION}.pristine.db"
    if args.rebuild or not pristine.exists():
        print(f"building the store {pristine} …", flush=True)
        info = build_store(pristine, args.stories, args.warm_briefs)
    else:
        info = json.loads((cache / (pristine.name + ".json")).read_text())
        print(f"reusing the store {pristine} (built in {info['build_s']} s; --rebuild to build again)")
    # Every run starts from the same pristine copy, so "cold" stories are cold every time.
    for suffix in ("", "-wal", "-shm", ".usearch"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(pristine, db)

    import sqlite3

    con = sqlite3.connect(str(db))
    warm_ids = [r[0] for r in con.execute("SELECT DISTINCT story_id FROM briefs WHERE lang = 'en' ORDER BY story_id")]
    cold_ids = [r[0] for r in con.execute(
        "SELECT id FROM stories WHERE merged_into IS NULL AND article_count > 0 "
        "AND id NOT IN (SELECT story_id FROM briefs) ORDER BY id")]
    entities = [r[0].split()[0] for r in con.execute("SELECT headline FROM stories ORDER BY seq LIMIT 2000")]
    con.close()

    groups = [g for g in args.only.split(",") if g]
    if not groups:
        return
    port = args.port or _free_port()
    log = cache / "server.log"
    base = f"http://127.0.0.1:{port}"
    results: dict = {
        "when": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "command": " ".join([".venv/bin/python", "benchmarks/bench_web.py", *sys.argv[1:]]),
        "server": f"babelwire serve --db {db} --port {port}",
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "store": info, "clients": args.clients, "procs": args.procs, "seconds": args.seconds, "think_s": args.think,
        "load_generator": f"asyncio streams on {_loop_name()}",
        "loadavg_start": [round(x, 2) for x in os.getloadavg()], "groups": {},
    }
    print(f"server: {results['server']}  (log {log})", flush=True)
    proc = start_server(db, port, log)
    try:
        list_pick = make_list_picker(list(VOCAB))
        if args.warmup > 0:
            run_group(base, lambda p: list_pick, clients=args.clients, procs=args.procs,
                      seconds=args.warmup, drain=args.drain)
        cold = random.Random(3).sample(cold_ids, len(cold_ids))

        def cold_pick(p: int):
            mine = iter(cold[p::args.procs])  # each generator process its own never-viewed stories
            return lambda rng: (f"/stories/{next(mine)}", "/stories/{id} cold", "")

        pickers = {
            "floor": lambda p: lambda rng: ("/static/style.css", "/static/style.css", ""),
            "list": lambda p: list_pick,
            "story-warm": lambda p: lambda rng: (f"/stories/{rng.choice(warm_ids)}", "/stories/{id} warm", ""),
            "story-cold": cold_pick,
            "search": lambda p: make_search_picker(entities),
        }
        for g in groups:
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
            n = max(res["all"]["requests"], 1)
            res["meta"]["server_cpu_ms_per_request"] = round(res["meta"]["server_cpu_s"] * 1000 / n, 2)
            res["meta"]["client_cpu_ms_per_request"] = round(client_cpu * 1000 / n, 2)
            results["groups"][g] = res
            m = res["meta"]
            print(f"{g}: done in {m['wall_s']} s; CPU per request: server {m['server_cpu_ms_per_request']} ms, "
                  f"load generator {m['client_cpu_ms_per_request']} ms; load average "
                  f"{m['loadavg_before'][0]} -> {m['loadavg_after'][0]}", flush=True)
            if proc.poll() is not None:
                raise SystemExit(f"server died; see {log}")
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()

    results["loadavg_end"] = [round(x, 2) for x in os.getloadavg()]
    mode = f"think time {args.think:g} s (exponential)" if args.think else "closed loop, no think time"
    procs = f"{args.procs} process" + ("es" if args.procs != 1 else "")
    print(f"\n{args.clients} clients in {procs} ({mode}), {args.seconds:g} s per group, store of {info['stories']:,} stories / "
          f"{info.get('ingested', '?'):,} articles; {os.cpu_count()} CPUs, load average now "
          f"{', '.join(f'{x:.2f}' for x in os.getloadavg())}\n")
    row = "| {:<11}| {:<36}| {:>8} | {:>6} | {:>8} | {:>8} | {:>8} | {:>7} |"
    print(row.format("group", "endpoint", "requests", "errors", "p50 ms", "p95 ms", "p99 ms", "req/s"))
    print(row.format("-" * 10, "-" * 35, "-" * 8, "-" * 6, "-" * 8, "-" * 8, "-" * 8, "-" * 7).replace(" ", "-"))
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
