"""The synthetic store behind benchmarks/bench_web.py: a small vocabulary in 10 languages, an
article generator that plans stories and their RawDocs (``plan_corpus``), and ``build_store``,
which writes ~32,000 articles through ``Workspace.ingest_docs`` and 10,000 stories, their
events, one vector per article and the warm briefs through the store's own methods (so it
builds a SQLite file or a PostgreSQL database alike), then records what it built in
``<store>.json`` beside a file store (see bench_web.py's docstring).
"""
from __future__ import annotations

import hashlib
import json
import os
import random
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np

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
def story_members(store, plans) -> dict[str, list[tuple[str, str]]]:
    """Story id -> [(article id, content hash)] of its stored articles, in plan order (ids
    derive from the canonical URL; copies keep their own)."""
    from babelwire.pipeline import canonical_url

    by_url = {a.url: (a.id, a.content_hash) for a in store.iter_articles()}
    members: dict[str, list[tuple[str, str]]] = {}
    for p in plans:
        ids = [hit for d in p.docs if (hit := by_url.get(canonical_url(d.url)))]
        if ids:
            members[f"s-{hashlib.sha256(ids[0][0].encode()).hexdigest()[:10]}"] = ids
    return members


def warm_story_ids(db: str, info: dict) -> list[str]:
    """The stories ``build_store`` built a brief for (the same seeded sample, recomputed)."""
    import babelwire

    with babelwire.open(db, progress=False) as ws:
        sids = list(story_members(ws.store, plan_corpus(info["stories"])))
    return random.Random(5).sample(sids, min(info["warm_briefs"], len(sids)))


def build_store(db: str | Path, n_stories: int, warm_briefs: int) -> dict:
    """Articles through ingest_docs, stories and vectors through the store's own methods.

    ``db`` is a SQLite path (built beside it, then renamed into place) or an empty
    PostgreSQL database's URL (built in place)."""
    import babelwire
    from babelwire.store.base import Story, StoryEvent

    is_file = "://" not in str(db)
    path = Path(db) if is_file else None
    target = str(path.with_suffix(".building")) if path else str(db)
    if path:
        for p in (Path(target), Path(f"{target}-wal"), Path(f"{target}-shm")):
            p.unlink(missing_ok=True)
    t0 = time.perf_counter()
    plans = plan_corpus(n_stories)
    n_docs = sum(len(p.docs) for p in plans)
    print(f"  planned {n_stories:,} stories, {n_docs:,} articles ({time.perf_counter() - t0:.1f} s)", flush=True)
    out: dict = {"stories": n_stories, "articles_planned": n_docs}
    with babelwire.open(target, progress=False) as ws:
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

        t = time.perf_counter()
        store = ws.store
        members = story_members(store, plans)
        model = ws.clusterer().model_key
        dim = ws.clusterer().embedder.dim
        rng = np.random.default_rng(11)
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        with store.transaction():
            store.set_article_stories((aid, sid) for sid, ids in members.items() for aid, _ in ids)
            vecs = []
            for ids in members.values():
                centre = rng.standard_normal(dim).astype(np.float32)
                centre /= np.linalg.norm(centre)
                for _, h in ids:
                    v = centre + 0.6 * rng.standard_normal(dim).astype(np.float32) / np.sqrt(dim)
                    vecs.append((h, v / np.linalg.norm(v)))
            store.put_embeddings(model, vecs)
            sids = list(members)
            agg = store.story_aggregates(sids)
            titles = {a.id: (a.title, a.language) for a in store.iter_articles()}
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
        from babelwire.brief.stories import brief_for_story

        pick = random.Random(5).sample(sids, min(warm_briefs, len(sids)))
        emb = ws.clusterer().embedder
        for i, sid in enumerate(pick, 1):
            brief_for_story(ws.store, ws.settings, sid, lang="en", embedder=emb)
            if i % 100 == 0:
                print(f"  briefs {i}/{len(pick)}  {time.perf_counter() - t:.0f} s", flush=True)
        out["warm_briefs"] = len(pick)
        out["briefs_s"] = round(time.perf_counter() - t, 1)
        print(f"  {len(pick)} briefs built and cached in {out['briefs_s']} s", flush=True)
    out["build_s"] = round(time.perf_counter() - t0, 1)
    if path is None:
        return out
    # Closing the last connection checkpointed the WAL into the file; move whatever is left too.
    for suffix in ("-wal", "-shm"):
        if Path(f"{target}{suffix}").exists():
            os.replace(f"{target}{suffix}", f"{path}{suffix}")
    Path(f"{target}.usearch").unlink(missing_ok=True)
    os.replace(target, path)
    out["size_mb"] = round(path.stat().st_size / 1e6, 1)
    (path.parent / (path.name + ".json")).write_text(json.dumps(out, indent=1))
    return out
