"""What a watchlist matches and when it may fire: query expressions, story scores, relevance
feedback, sources counted over an event, and the replay's scoring. The matcher runs on a real
store with query vectors set by hand, so each rule is seen alone."""
from __future__ import annotations

import numpy as np
import pytest

import babelwire
from babelwire.alerts.decide import why
from babelwire.alerts.match import FEEDBACK_K, Matcher, StoryView
from babelwire.alerts.query import fold, parse
from babelwire.errors import InputError
from babelwire.evaluate.alerts import counts_at, miss_reasons, pick, separable, summarise, told
from babelwire.models import Article
from babelwire.store.base import Watchlist


def hand_made_query(bw, q: str, min_sources: int = 1) -> tuple[Matcher, Watchlist]:
    """The workspace's matcher with the query's vector set to the first axis."""
    m = bw.alert_matcher()
    m._queries[q] = np.array([1.0, 0.0, 0.0], np.float32)
    return m, Watchlist("w", q, [], [], min_sources, "balanced", [], "2020-01-01T00:00:00Z")


def test_query_expressions_fold_scripts():
    q = parse('"David Stern" AND (NBA OR basketball) NOT trade')
    assert q.text == "David Stern NBA basketball" and q.terms() == ["david stern", "nba", "basketball"]
    assert q.holds(fold("Former NBA commissioner David Stern dies"))
    assert not q.holds(fold("David Stern NBA trade rumours")) and not q.holds(fold("Stern David, NBA"))
    assert parse("Солеймани").expression is None  # plain words: meaning only
    assert parse('"Солеймани"').holds(fold("Генерал Солеймани убит"))
    assert parse('"Soleimani"').holds(fold("Kassem Soleimani getötet")) and fold("Ünal") == " unal "
    for bad in ("", "(a OR b", "a AND", "OR b"):
        with pytest.raises(InputError):
            parse(bad)


def test_a_story_scores_what_half_its_members_reach_and_cities_widen_the_country_veto(tmp_path):
    with babelwire.open(str(tmp_path / "m.db"), alert_deliver=False) as bw:
        q = "Erdbeben in Chile"
        m, w = hand_made_query(bw, q)

        def view(*sims: float) -> StoryView:
            rows = np.array([[s, (1 - s * s) ** 0.5, 0.0] for s in sims], np.float32)
            ids = [f"a{i}" for i in range(len(sims))]
            return StoryView("s", [Article(id=i, text="x") for i in ids], rows, ids)

        # one member on the query, two about something else: a mixed story scores low
        assert m.score(w, view(0.9, 0.1, 0.2)) == (pytest.approx(0.2), "a0")
        assert m.score(w, view(0.9, 0.7, 0.1))[0] == pytest.approx(0.7)  # most of it is on the query
        assert m.score(w, view(0.9, 0.1))[0] == pytest.approx(0.9)  # one or two: the best member
        # a query naming a country and a city vetoes neither country; a city alone starts no veto
        assert m.query_countries("Asalto a la embajada de Estados Unidos en Bagdad") == {"US", "IQ"}
        assert m.query_countries("ビクトリア湖でフェリーが転覆") == frozenset()


def test_feedback_widens_the_query_with_its_best_matches_only(tmp_path):
    with babelwire.open(str(tmp_path / "f.db"), alert_deliver=False) as bw:
        q = "Kemmerich eletto governatore della Turingia"
        m, w = hand_made_query(bw, q)

        def view(sid: str, *rows: tuple[float, float, float]) -> StoryView:
            mat = np.array([np.array(r) / np.linalg.norm(r) for r in rows], np.float32)
            ids = [f"{sid}-{i}" for i in range(len(rows))]
            return StoryView(sid, [Article(id=i, text="x") for i in ids], mat, ids)

        # a follow-up in another language: reads like the event's reports (axis 2), barely like the query
        follow = view("f", (0.3, 0.1, 0.95))
        alone = m.score(w, follow)[0]
        seeded: list[int] = []
        event = view("e", (0.6, 0.0, 0.8), (0.7, 0.0, 0.71))  # the event's first reports: 0.6, 0.7 on the query
        noise = view("n", (0.3, 0.95, 0.0))  # under the floor: never feedback
        m.learn(w, [event, noise], seed=lambda: seeded.append(1) or [])
        m.learn(w, [], seed=lambda: seeded.append(1) or [])
        assert seeded == [1] and set(m._feedback[q]) == {"e-0", "e-1"}  # seeded once per query
        widened = m.score(w, follow)[0]
        assert alone < 0.44 <= widened  # the follow-up now reaches balanced
        assert m.score(w, noise)[0] < alone + 0.05  # what is unlike the event gains nothing
        # a story is not widened by its own members: the event's reports score by the query alone
        assert m.score(w, event)[0] == pytest.approx(0.702, abs=1e-3)
        m.self_feedback = True  # the old way: its own reports pulled the query onto it
        assert m.score(w, event)[0] > 0.85
        m.self_feedback = False
        # only the best FEEDBACK_K stay, chosen by the query alone (the feedback cannot drift)
        m.learn(w, [view(f"b{i}", (0.9, 0.0, 0.44)) for i in range(FEEDBACK_K)])
        assert len(m._feedback[q]) == FEEDBACK_K and not {"e-0", "e-1"} & set(m._feedback[q])
        m.feedback = False
        m._profiles.clear()
        assert m.score(w, follow)[0] == pytest.approx(alone)


def test_min_sources_counts_the_event_split_over_stories(tmp_path):
    with babelwire.open(str(tmp_path / "e.db"), alert_deliver=False) as bw:
        q = "Pożar lasu pod Atenami"
        m, w = hand_made_query(bw, q, min_sources=2)

        def view(sid: str, *members: tuple[str, str | None, float]) -> StoryView:
            arts = [Article(id=i, text="x", source=src, duplicate_of="c0" if src is None else None)
                    for i, src, _ in members]
            mat = np.array([[s, (1 - s * s) ** 0.5, 0.0] for _, _, s in members], np.float32)
            return StoryView(sid, arts, mat, [i for i, _, _ in members])

        # one event, split by the clusterer: a report (and a copy of it) here, another outlet's there
        one = view("s1", ("a1", "ekathimerini", 0.8), ("c1", None, 0.8))
        other = view("s2", ("a2", "reuters", 0.7))
        unrelated = view("s3", ("a3", "ap", 0.2))  # under the feedback floor: not the event
        m.learn(w, [one, unrelated])
        assert m.match(w, one).why_not == "sources"  # one outlet (the copy counts once)
        m.learn(w, [other])
        got = m.match(w, one)
        assert got.why_not is None and got.passed and got.sources == 2
        m.event_sources = False  # the story's own outlets only
        assert m.match(w, one).why_not == "sources" and m.match(w, other).why_not == "sources"


def test_replay_scoring_counts_stories_and_the_tdt_cost():
    run = {"members": {"s1": ["a", "b"], "s2": ["c"], "s3": ["d", "e", "f"]}, "resolve": {"s0": "s1"},
           "seen": [{"w": "w", "story": "s0", "score": 0.5, "filters": True},  # merged into s1 since
                    {"w": "w", "story": "s2", "score": 0.6, "filters": True},
                    {"w": "w", "story": "s3", "score": 0.45, "filters": True},
                    {"w": "w", "story": "s3", "score": 0.9, "filters": False}]}
    w = {"name": "w", "relevant": ["a", "b", "d"], "borderline": ["c"]}
    s = summarise(counts_at(run, w, 0.4))  # s1 should alert, s2 is borderline, s3 is one third relevant
    assert (s["precision"], s["recall"], s["false_alerts"], s["p_fa"]) == (0.5, 1.0, 1, 1.0)
    assert s["cost"] == 4.9  # (C_miss 1 x 0 x 0.02 + C_fa 0.1 x 1 x 0.98) / 0.02
    s = summarise(counts_at(run, w, 0.48))
    assert (s["precision"], s["recall"], s["cost"]) == (1.0, 1.0, 0.0)
    assert summarise(counts_at(run, w, 0.55))["recall"] == 0.0
    # calibration: 0.46 is the lowest threshold clean of s3; raised while s1 still alerts
    assert pick([(run, w)], 0.9) == 0.5
    # the oracle ceiling: s1 (0.5) outscores s3 (0.45); s2 (0.6) is borderline and does not count
    assert separable([(run, w)]) == {"targets": 1, "above_every_other": 1, "above_all_but_one": 1,
                                     "recall_ceiling": 1.0}
    run["seen"].append({"w": "w", "story": "s3", "score": 0.55, "filters": True})
    run.pop("_memo")  # s3 now outscores the should-alert story: no threshold of this watchlist separates them
    assert separable([(run, w)])["above_every_other"] == 0 and separable([(run, w)])["above_all_but_one"] == 1


def test_replay_says_why_each_should_alert_story_was_missed():
    run = {"members": {"s1": ["a"], "s2": ["b"], "s3": ["c"], "s4": ["d"], "s5": ["e"]}, "resolve": {},
           "seen": [{"w": "w", "story": "s1", "score": 0.42, "filters": True},  # outscores every other story
                    {"w": "w", "story": "s2", "score": 0.30, "filters": True},  # two other stories above it
                    {"w": "w", "story": "s3", "score": 0.9, "filters": False, "why_not": "other countries"},
                    {"w": "w", "story": "s4", "score": 0.35, "filters": True},
                    {"w": "w", "story": "s5", "score": 0.31, "filters": True}]}
    w = {"name": "w", "relevant": ["a", "b", "c"], "borderline": []}
    assert miss_reasons(run, w, 0.44) == {"s1": "below the threshold only", "s2": "outranked by 2",
                                          "s3": "filtered: other countries"}
    assert miss_reasons(run, w, 0.4) == {"s2": "outranked by 2", "s3": "filtered: other countries"}


def test_replay_tells_events_and_articles_and_draws_its_det_curve():
    import xml.etree.ElementTree as ET  # only this test parses SVG

    from babelwire.evaluate.det_plot import det_svg

    run = {"members": {"s1": ["a", "b"], "s2": ["c"], "s3": ["d"]}, "resolve": {},
           "seen": [{"w": "w", "story": "s1", "score": 0.5, "filters": True},
                    {"w": "w", "story": "s2", "score": 0.3, "filters": True},
                    {"w": "v", "story": "s3", "score": 0.9, "filters": True}]}
    w = {"name": "w", "relevant": ["a", "b", "c"], "borderline": []}
    v = {"name": "v", "relevant": [], "borderline": []}  # nothing to find: not an event, its alert is false
    assert told([(run, w), (run, v)], 0.44) == {"events": 1, "events_told": 1, "relevant_articles": 3,
                                                "articles_told": 0.667}
    det = [{"threshold": t, "p_fa": fa, "p_miss": m} for t, fa, m in ((0.3, 0.5, 0.0), (0.5, 0.0, 0.5), (0.9, 0.0, 1.0))]
    svg = ET.fromstring(det_svg({"det": det, "pooled_settings": {"balanced": {"threshold": 0.5, "p_fa": 0.0,
                                                                             "p_miss": 0.5, "precision": 1.0,
                                                                             "recall": 0.5}}}))
    ns = "{http://www.w3.org/2000/svg}"
    assert len(svg.find(f"{ns}polyline").get("points").split()) == 3  # one point per threshold
    assert "balanced" in svg.find(f"{ns}circle").find(f"{ns}title").text


class CountingTable:
    """A stand-in translator (no translation model runs in tests): a table of answers, and
    the calls it got."""

    name, model = "table", ""

    def __init__(self, table: dict[str, str], fail: bool = False):
        self.table, self.fail, self.calls = table, fail, []

    def translate_batch(self, texts, source, target):
        self.calls.append((tuple(texts), source, target))
        if self.fail:
            from babelwire.translate.base import TranslationError  # only this stand-in raises it

            raise TranslationError("service down")
        return [self.table[target] for _ in texts]


def test_members_meet_the_query_in_their_own_language_asked_once_and_cached(tmp_path):
    from babelwire.alerts.variants import QueryVariants  # the module under test

    with babelwire.open(str(tmp_path / "v.db"), alert_deliver=False) as bw:
        q = "香港元旦大游行"
        m, w = hand_made_query(bw, q)
        m._query_lang[q] = "zh"
        tr = CountingTable({"de": "Neujahrsmarsch in Hongkong", "es": "Marcha de Año Nuevo en Hong Kong"})
        m.variants = QueryVariants(tr, ("table", ""), bw.store)
        # the translations' vectors set by hand: German on axis 2, Spanish on axis 3
        m._queries["de\0" + q] = np.array([0.0, 1.0, 0.0], np.float32)
        m._queries["es\0" + q] = np.array([0.0, 0.0, 1.0], np.float32)
        rows = np.array([[0.2, 0.98, 0.0], [0.2, 0.0, 0.98]], np.float32)
        view = StoryView("s", [Article(id="d", text="x"), Article(id="e", text="x")], rows, ["d", "e"],
                         vector_languages=["de", "es"])
        assert m.score(w, view)[0] == pytest.approx(0.98)  # each member against the query in its language
        m.variants = None
        assert m.score(w, view)[0] == pytest.approx(0.2)  # without a translator: the query as written

        # asked once per (query, language), then from the store's cache in a new process
        v = QueryVariants(tr, ("table", ""), bw.store)
        assert v.get(q, "zh", "de") == "Neujahrsmarsch in Hongkong" and v.get(q, "zh", "de") == v.get(q, "zh", "de")
        assert v.get(q, "zh", "zh") is None and v.asked == 1
        assert v.get(q, "und", "de") is None and v.settled(q, "und", "de") and v.asked == 1  # source unknown: not asked
        again = QueryVariants(CountingTable({}, fail=True), ("table", ""), bw.store)
        assert again.get(q, "zh", "de") == "Neujahrsmarsch in Hongkong" and again.asked == 0
        # a translator that fails leaves the query as written for that language, and is left
        # alone for a while (an outage costs one timeout, not one per query and language) ...
        down = QueryVariants(CountingTable({}, fail=True), ("table", ""), bw.store)
        assert down.get(q, "zh", "es") is None and down.get(q, "zh", "fr") is None and down.asked == 1
        assert not down.settled(q, "zh", "es")
        # ... then asked again: the pair was not written off
        down._paused_until = 0.0
        down.translator = CountingTable({"es": "Marcha de Año Nuevo en Hong Kong"})
        assert down.get(q, "zh", "es") == "Marcha de Año Nuevo en Hong Kong" and down.settled(q, "zh", "es")


def test_the_workspace_translates_queries_only_with_a_translator(tmp_path):
    with babelwire.open(str(tmp_path / "n.db"), alert_deliver=False) as bw:
        assert bw.alert_matcher().variants is None  # translator none: nothing is sent anywhere
    with babelwire.open(str(tmp_path / "t.db"), alert_deliver=False, translator="libretranslate",
                        translator_url="http://127.0.0.1:9") as bw:
        assert bw.alert_matcher().variants is not None
    with babelwire.open(str(tmp_path / "o.db"), alert_deliver=False, translator="libretranslate",
                        translator_url="http://127.0.0.1:9", alert_translate_queries=False) as bw:
        assert bw.alert_matcher().variants is None
    # misconfigured (the openai translator without a model): matched as written, ingest goes on
    with babelwire.open(str(tmp_path / "m.db"), alert_deliver=False, translator="openai") as bw:
        assert bw.alert_matcher().variants is None


def test_a_batch_asks_the_translator_once_per_query_and_language_before_deciding(tmp_path):
    import json
    from pathlib import Path

    from babelwire.alerts.variants import QueryVariants  # the module under test

    rows = [json.loads(x) for x in (Path(__file__).parent.parent / "examples/corpus/articles.jsonl")
            .read_text(encoding="utf-8").splitlines()[:8]]
    with babelwire.open(str(tmp_path / "b.db"), alert_deliver=False, progress=False) as bw:
        bw.add_watchlist("quake", "Erdbeben in Chile")
        bw.add_watchlist("all-breaking", None, breaking=True)  # no query: nothing to translate
        tr = CountingTable({lang: f"earthquake ({lang})" for lang in ("en", "fr", "es", "ar", "zh", "ru", "hi", "ja",
                                                                        "id", "ko", "pt", "pl", "it", "tr", "vi",
                                                                        "no", "sw", "el", "uk", "nb")})
        bw.alert_matcher().variants = QueryVariants(tr, ("table", ""), bw.store)
        data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode()
        bw.ingest_bytes(data, name="a.jsonl", kind="jsonl")
        bw.ingest_bytes(data, name="a.jsonl", kind="jsonl")  # the same batch again: nothing asked twice
        asked = [c[2] for c in tr.calls]
        langs = {a.language for a in bw.store.iter_articles()} - {"de", "und"}
        assert sorted(asked) == sorted(langs) and all(c[0] == ("Erdbeben in Chile",) for c in tr.calls)


def test_the_query_names_found_across_scripts_add_to_a_member_score_and_say_why(tmp_path):
    with babelwire.open(str(tmp_path / "n.db"), alert_deliver=False) as bw:
        q = "Убийство генерала Касема Сулеймани американским ударом в Багдаде"
        m, w = hand_made_query(bw, q)
        texts = {"de": "Der iranische General Qassem Soleimani ist bei einem US-Angriff in Bagdad getötet worden.",
                 "sa": "König Salman empfing in Riad die Minister der Golfstaaten.",
                 "zh": "美国空袭在巴格达机场附近炸死伊朗将军苏莱曼尼。"}
        arts = [Article(id=k, text=t, language={"sa": "de"}.get(k, k)) for k, t in texts.items()]
        rows = np.array([[0.4, 0.9165, 0.0]] * 3, np.float32)  # the cosine alone cannot tell them apart
        view = StoryView("s", arts, rows, list(texts))
        shares, found = m.name_shares(q, view)
        assert shares[0] > 0.3  # the German report carries the Russian query's names
        assert shares[1] == 0.0  # "Salman" spells like "Сулеймани" only loosely: no name of the query
        assert "Сулеймани" in found and "Багдаде" in found
        base = float(bw.settings.alert_name_weight)
        assert base > 0
        assert m.score(w, view)[1] == "de"  # the named member is the best one
        single = StoryView("t", arts[:1], rows[:1], ["de"])
        named = m.score(w, single)[0]
        m.names = False
        assert m.score(w, single)[0] == pytest.approx(0.4, abs=1e-4)
        assert named == pytest.approx(0.4 + base * shares[0], abs=1e-4)
        m.names = True
        got = m.match(w, single, at=0.41)
        assert got.passed and "Сулеймани" in got.names
        line = why({"query": q, "reason": {"score": got.score, "threshold": 0.41, "sensitivity": "balanced",
                                           "names": got.names}})
        assert "names: " in line and "Сулеймани" in line


def test_the_names_shown_are_the_longest_runs_found_and_the_share_still_counts_their_parts(tmp_path):
    with babelwire.open(str(tmp_path / "n.db"), alert_deliver=False) as bw:
        q = "Убийство генерала Касема Сулеймани американским ударом в Багдаде"
        m, w = hand_made_query(bw, q)
        texts = {"full": ("ru", "Генерала Касема Сулеймани убили."),  # the run and both its parts
                 "latin": ("de", "General Kassem Soleimani wurde in Bagdad getötet."),
                 "one": ("en", "Soleimani was killed.")}
        arts = [Article(id=k, text=t, language=lang) for k, (lang, t) in texts.items()]
        rows = np.array([[0.4, 0.9165, 0.0]] * 3, np.float32)
        view = StoryView("s", arts, rows, list(texts))
        shares, found = m.name_shares(q, view)
        assert found == ["Касема Сулеймани", "Багдаде"]
        # three of the query's four names (the run, "Касема", "Сулеймани"; not "Багдаде"), as
        # calibrated: counting the run alone would make it one of two
        assert shares[0] == pytest.approx(0.75)
        alone = StoryView("t", arts[2:], rows[2:], ["one"])
        assert m.name_shares(q, alone)[1] == ["Сулеймани"]  # a part found alone is shown
        got = m.match(w, StoryView("u", arts[:1], rows[:1], ["full"]), at=0.41)
        assert got.passed and got.names == ["Касема Сулеймани"]


def test_the_per_article_countries_kept_are_bounded(tmp_path, monkeypatch):
    import babelwire.alerts.match as match_module  # the bound under test

    monkeypatch.setattr(match_module, "FEATURE_CACHE", 2)
    with babelwire.open(str(tmp_path / "c.db"), alert_deliver=False) as bw:
        m = bw.alert_matcher()
        arts = [Article(id=f"a{i}", text=t, language="de") for i, t in enumerate(["Erdbeben in Chile", "Streik in Frankreich",
                                                                     "Wahl in Polen", "Flut in Indonesien"])]
        views = [StoryView(f"s{i}", [a], np.zeros((0, 1), np.float32), []) for i, a in enumerate(arts)]
        assert [sorted(m.countries(v)) for v in views] == [["CL"], ["FR"], ["PL"], ["ID"]]
        assert len(m._countries) <= 3  # emptied when over the bound, then filled again
        assert m.countries(views[0]) == {"CL"}
