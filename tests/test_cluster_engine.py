"""The online clustering engine alone (babelwire/cluster/online.py, story_table.py): plain
vectors and tables of pair scores, no store and no model, so each rule of its docstring (window,
merges, support of a story as a whole, merge checks on the event, retrying openers, member chains)
is pinned in isolation. Tests with the real store and model are in test_cluster.py.
"""
from __future__ import annotations

import numpy as np
import pytest

from babelwire.cluster import VectorIndex
from babelwire.cluster.common import day_number
from babelwire.cluster.online import OnlineClusterer
from babelwire.cluster.score import CosineScorer


def test_engine_window_and_merge_rules_on_plain_vectors():
    a, b = np.eye(16, dtype=np.float32)[:2]
    ab = (a + b) / np.linalg.norm(a + b)  # cosine 0.71 with each: above 0.7 for both
    eng = OnlineClusterer(VectorIndex(16, dtype="f32"), CosineScorer(60, 0.7), threshold=0.5,
                          merge_threshold=0.5, cos_floor=0.0, window_days=7)
    d1 = eng.process(np.array([0]), a[None])
    d2 = eng.process(np.array([1]), b[None])
    assert d1[0].kind == d2[0].kind == "open"
    d3 = eng.process(np.array([2]), ab[None])  # between both: joins and merges into the older
    assert d3[0].kind == "assign" and d3[0].story == d1[0].story and d3[0].merged == [d2[0].story]
    assert len(set(eng.labels([0, 1, 2]).tolist())) == 1
    # same vector, dated a month later than everything dated: opens its own story
    lo, hi = day_number("2020-07-10")
    eng2 = OnlineClusterer(VectorIndex(16, dtype="f32"), CosineScorer(60, 0.7), cos_floor=0.0)
    eng2.process(np.array([0]), a[None], np.array([lo], np.float32), np.array([hi], np.float32))
    lo2, hi2 = day_number("2020-08")
    assert eng2.process(np.array([1]), a[None], np.array([lo2], np.float32), np.array([hi2], np.float32))[0].kind == "open"
    assert eng2.process(np.array([2]), a[None])[0].kind == "assign"  # undated: never excluded


class TableScorer:
    """Pair scores from a table (unknown pairs score 0) and unit vectors, for the engine alone."""

    def __init__(self, scores: dict[tuple[int, int], float], vectors: np.ndarray):
        self.scores, self.vecs, self.query = scores, vectors, -1

    def score(self, query, slots, cosines):
        return np.array([self.scores.get((self.query, int(s)), 0.0) for s in slots])

    def vectors(self, slots):
        return self.vecs[np.asarray(slots, dtype=np.int64)]


def _feed(eng, scorer, slot):
    scorer.query = slot
    return eng.process(np.array([slot]), scorer.vecs[slot][None])[0]


def test_a_big_story_is_joined_only_when_two_members_agree():
    v = np.tile(np.eye(8, dtype=np.float32)[:1], (5, 1))
    table = {(1, 0): 0.9, (2, 0): 0.9, (2, 1): 0.9}
    for agree, want in (({(3, 0): 0.8}, "open"),  # one member agrees, the other two do not: a chain
                        ({(3, 0): 0.8, (3, 2): 0.6}, "assign"),  # two members agree
                        ({(3, 0): 0.95}, "assign")):  # one near-certain pair is enough
        sc = TableScorer({**table, **agree}, v)
        eng = OnlineClusterer(VectorIndex(8, dtype="f32"), sc, threshold=0.75, cos_floor=0.0, top=1,
                              support_floor=0.5, support_sure=0.9)
        assert [_feed(eng, sc, s).kind for s in range(3)] == ["open", "assign", "assign"]
        assert _feed(eng, sc, 3).kind == want
    # without support_two a story of two members needs no second voice
    sc = TableScorer({(1, 0): 0.9, (2, 0): 0.8}, v)
    eng = OnlineClusterer(VectorIndex(8, dtype="f32"), sc, threshold=0.75, cos_floor=0.0, top=1, support_floor=0.5)
    assert [_feed(eng, sc, s).kind for s in range(3)] == ["open", "assign", "assign"]


def test_a_story_of_two_is_joined_only_when_both_members_agree():
    v = np.tile(np.eye(8, dtype=np.float32)[:1], (4, 1))
    for agree, want in (({(2, 0): 0.8}, "open"),  # one member vouches, the other says nothing: a chain
                        ({(2, 0): 0.8, (2, 1): 0.05}, "open"),  # the other member disagrees
                        ({(2, 0): 0.8, (2, 1): 0.2}, "assign"),  # both agree, one only a little
                        ({(2, 0): 0.96}, "assign")):  # one near-certain pair is enough
        sc = TableScorer({(1, 0): 0.9, **agree}, v)
        eng = OnlineClusterer(VectorIndex(8, dtype="f32"), sc, threshold=0.75, cos_floor=0.0, top=1,
                              support_floor=0.5, support_sure=0.95, support_two=0.15)
        assert [_feed(eng, sc, s).kind for s in range(2)] == ["open", "assign"]
        assert _feed(eng, sc, 2).kind == want, agree


def test_near_merges_bring_a_split_event_back_together():
    # Two stories of one event (an article between them scores 0.9 with both): with the merge
    # score just above the threshold they fold into one; with the old wide margin they stay two.
    v = np.tile(np.eye(8, dtype=np.float32)[:1], (5, 1))
    table = {(1, 0): 0.9, (3, 2): 0.9, (4, 0): 0.9, (4, 1): 0.9, (4, 2): 0.9, (4, 3): 0.9}
    for margin, stories in ((0.05, 1), (0.35, 2)):
        sc = TableScorer(table, v)
        eng = OnlineClusterer(VectorIndex(8, dtype="f32"), sc, threshold=0.78, merge_threshold=min(0.999, 0.78 + margin),
                              cos_floor=0.0, support_floor=0.5, support_sure=0.95, support_two=0.15, merge_cos=0.85)
        d = [_feed(eng, sc, s) for s in range(5)]
        assert [x.kind for x in d] == ["open", "assign", "open", "assign", "assign"]
        assert len(set(eng.labels(range(5)).tolist())) == stories
        assert bool(d[4].merged) is (stories == 1)


def test_stories_merge_only_when_their_members_agree():
    a, b = np.eye(16, dtype=np.float32)[:2]
    ab = (a + b) / np.linalg.norm(a + b)
    close = (a + 0.3 * b) / np.linalg.norm(a + 0.3 * b)  # cosine 0.96 with a
    for second, merges in ((b, False), (close, True)):
        v = np.stack([a, second, ab])
        sc = TableScorer({(2, 0): 0.9, (2, 1): 0.9}, v)
        eng = OnlineClusterer(VectorIndex(16, dtype="f32"), sc, threshold=0.5, merge_threshold=0.5,
                              cos_floor=0.0, merge_cos=0.85)
        d = [_feed(eng, sc, s) for s in range(3)]
        assert d[2].kind == "assign" and d[2].story == d[0].story  # the older story either way
        assert bool(d[2].merged) is merges
        assert len(set(eng.labels([0, 1, 2]).tolist())) == (1 if merges else 2)
        assert sorted(eng.members(d[2].story)) == ([0, 1, 2] if merges else [0, 2])


class StoredTableScorer(TableScorer):
    """``TableScorer`` that also scores pairs of stored members (the merge check of step 5)."""

    def score_stored(self, pairs):
        return np.array([self.scores.get((int(a), int(b)), self.scores.get((int(b), int(a)), 0.0)) for a, b in pairs])


def test_stories_merge_only_when_their_members_agree_on_the_event():
    # Two stories of one topic (same vectors: the centroid check passes); article 4 scores 0.9
    # with every member of both. They merge only when the members' own cross pairs say so.
    v = np.tile(np.eye(8, dtype=np.float32)[:1], (5, 1))
    inner = {(1, 0): 0.9, (3, 2): 0.9, **{(4, m): 0.9 for m in range(4)}}
    for cross, merges in ((0.05, False), (0.6, True)):
        table = {**inner, **{(a, b): cross for a in (2, 3) for b in (0, 1)}}
        for rule, want in ((0.15, merges), (None, True)):  # without the rule any two stories merge
            sc = StoredTableScorer(table, v)
            eng = OnlineClusterer(VectorIndex(8, dtype="f32"), sc, threshold=0.78, merge_threshold=0.83, cos_floor=0.0,
                                  support_floor=0.5, merge_cos=0.85, merge_pairs=rule)
            d = [_feed(eng, sc, s) for s in range(5)]
            assert [x.kind for x in d] == ["open", "assign", "open", "assign", "assign"]
            assert bool(d[4].merged) is want, (cross, rule)
            assert len(set(eng.labels(range(5)).tolist())) == (1 if want else 2)


class BatchTableScorer(TableScorer):
    """``TableScorer`` for a batch of several articles: row ``query`` is slot ``batch[query]``."""

    batch: list[int] = []

    def score(self, query, slots, cosines):
        return np.array([self.scores.get((self.batch[query], int(s)), 0.0) for s in slots])


def test_an_opener_that_no_later_article_joined_is_decided_again():
    # Story {0, 1}; then one batch [2, 3, 4]: 2 knows nothing of 0 and 1, so it opens a story;
    # 3 and 4 join {0, 1} (their best story; 2's scores 0.8, short of the merge score). At the
    # batch's end 2 meets 3 and 4, scores 0.8 with that story and joins it (step 8).
    v = np.tile(np.eye(8, dtype=np.float32)[:1], (5, 1))
    table = {(1, 0): 0.9, (3, 0): 0.9, (3, 1): 0.9, (3, 2): 0.8, (4, 0): 0.9, (4, 1): 0.9, (4, 3): 0.9, (4, 2): 0.8}
    table.update({(b, a): x for (a, b), x in list(table.items())})  # pair scores are symmetric
    for retry in (True, False):
        sc = BatchTableScorer(table, v)
        eng = OnlineClusterer(VectorIndex(8, dtype="f32"), sc, threshold=0.75, merge_threshold=0.95, cos_floor=0.0,
                              top=2, support_floor=0.5, retry_open=retry)
        sc.batch = [0, 1]
        first = eng.process(np.array([0, 1]), v[:2])
        sc.batch = [2, 3, 4]
        d = eng.process(np.array([2, 3, 4]), v[2:])
        assert [x.kind for x in d] == ["open", "assign", "assign"]
        assert d[1].story == d[2].story == first[0].story
        if retry:
            assert d[0].rejoined == first[0].story and d[0].nearest in (3, 4) and d[0].score == pytest.approx(0.8)
            assert len(set(eng.labels(range(5)).tolist())) == 1
            assert sorted(eng.members(first[0].story)) == [0, 1, 2, 3, 4] and eng.size[d[0].story] == 0
        else:
            assert d[0].rejoined == -1 and len(set(eng.labels(range(5)).tolist())) == 2
    # a story a later article joined is not retried: 2 opens, 3 joins it, both stay
    sc = BatchTableScorer({(3, 2): 0.9, (2, 3): 0.9, (4, 0): 0.9}, v)
    eng = OnlineClusterer(VectorIndex(8, dtype="f32"), sc, threshold=0.75, cos_floor=0.0, top=2, retry_open=True)
    sc.batch = [2, 3, 4]
    d = eng.process(np.array([2, 3, 4]), v[2:])
    assert [x.kind for x in d] == ["open", "assign", "open"] and d[0].rejoined == -1


def test_member_chains_survive_loading_and_merges():
    eng = OnlineClusterer(VectorIndex(4, dtype="f32"), CosineScorer())
    s0, s1, s2 = eng.new_story(), eng.new_story(), eng.new_story()
    eng.place(np.array([0, 1, 2, 3, 4]), np.array([s0, s1, s0, s2, s1]))
    assert sorted(eng.members(s0)) == [0, 2] and sorted(eng.members(s1)) == [1, 4] and eng.members(s2) == [3]
    eng.merge(s0, s1)
    eng.place(np.array([5]), np.array([s1]))  # a member placed under a merged story's number
    assert sorted(eng.members(s0)) == [0, 1, 2, 4, 5] and eng.members(s1) == []
    assert eng.size[s0] == 5 and len(eng.members(s0, limit=2)) == 2


class NamesTableScorer(TableScorer):
    """A table scorer that also says which stories leave a slot's headline subject unnamed."""

    def __init__(self, scores, vectors, unnamed: set[int]):
        super().__init__(scores, vectors)
        self.unnamed = unnamed  # slots whose headline names someone no member names

    def headline_unnamed(self, slot, members, min_weight):
        return slot in self.unnamed


def test_a_big_story_that_never_names_an_articles_headline_subject_is_not_joined():
    # Trump's "Soleimani planned attacks on four embassies" scored 0.84 with the Baghdad-embassy
    # story (best members 0.86, 0.85), none of whose members names Soleimani.
    v = np.tile(np.eye(8, dtype=np.float32)[:1], (6, 1))
    table = {(i, j): 0.9 for i in range(1, 4) for j in range(i)}
    table.update({(4, 0): 0.86, (4, 1): 0.85, (4, 2): 0.8, (5, 0): 0.96, (5, 1): 0.85, (5, 2): 0.8})
    want = {None: ["assign", "assign"], 0.6: ["open", "assign"]}  # 5: one member is near-certain
    for rule, kinds in want.items():
        sc = NamesTableScorer(table, v, unnamed={4, 5})
        eng = OnlineClusterer(VectorIndex(8, dtype="f32"), sc, threshold=0.75, cos_floor=0.0, top=3,
                              support_floor=0.5, support_sure=0.95, headline_names=rule)
        assert [_feed(eng, sc, s).kind for s in range(4)] == ["open", "assign", "assign", "assign"]
        assert [_feed(eng, sc, s).kind for s in (4, 5)] == kinds


def test_headline_names_are_read_from_real_texts():
    from babelwire.cluster.score import FeatureScorer

    embassy = [
        "Protesters storm US embassy in Baghdad\nSupporters of the Kataib Hezbollah militia broke into the "
        "compound of the US embassy in Baghdad on Tuesday, setting fire to a reception area. " * 3,
        "Iraq: demonstrators leave the US embassy\nThe demonstrators who besieged the US embassy in Baghdad "
        "withdrew on Wednesday after militia leaders called them off, Iraqi officials said. " * 3,
        "Trump sends 750 troops after embassy attack\nPresident Donald Trump ordered about 750 soldiers to the "
        "Middle East after the attack on the American embassy in Baghdad, blaming Iran. " * 3,
        "Proteste in Bagdad: US-Botschaft gestürmt\nAnhänger der Miliz Kataib Hisbollah sind in die "
        "US-Botschaft in Bagdad eingedrungen und haben ein Gebäude angezündet, berichtet die dpa. " * 3,
    ]
    article = ("“Soleimani planeaba ataque contra embajadas de EU”: Trump – Las Noticias\nEl presidente Donald "
               "Trump dijo que el general Qasem Soleimani planeaba ataques contra cuatro embajadas de Estados "
               "Unidos antes de su muerte, informó la agencia AFP. ") * 3
    named = embassy[:3] + ["Trump: Soleimani wanted to strike four embassies\nPresident Trump said Qasem "
                           "Soleimani was planning attacks on four US embassies before he was killed. " * 3]
    russian = ("Протестующие ворвались в посольство США в Багдаде\nСторонники шиитских ополченцев прорвались "
               "на территорию посольства США в Багдаде и подожгли приёмную, сообщили иракские военные. ") * 3
    arts = [{"id": str(i), "title": "", "text": t, "language": "es" if i == 9 else "en"}
            for i, t in enumerate(embassy + named[3:] + [russian] + [""] * 3 + [article])]
    vecs = np.tile(np.eye(4, dtype=np.float32)[:1], (len(arts), 1))
    sc = FeatureScorer(lambda slots: {})
    sc.observe(arts)
    sc.preload(range(len(arts)), arts, vecs)
    assert [name[0] for _, name in sc._headline(9, 0.6)] == ["soleimani"]  # not "Trump", "Noticias"
    assert sc.headline_unnamed(9, [0, 1, 2, 3], 0.6)  # no member names Soleimani
    assert not sc.headline_unnamed(9, [0, 1, 2, 4], 0.6)  # one does
    assert not sc.headline_unnamed(9, [0, 1, 5], 0.6)  # only two members write Latin
