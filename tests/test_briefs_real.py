"""Briefs and names on real news: the labelled SemEval dev stories (tests/data/briefs-dev), the
entity labels read from real sentences (tests/data/entities-*.jsonl), and the names found in
real-news sentences that readers of the briefs flagged."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import DEV, REPO, art, need

from babelwire.evaluate.briefs import evaluate_briefs, format_briefs_report
from babelwire.evaluate.entities import evaluate_entities
from babelwire.facts.entities import get_entity_extractor
from babelwire.facts.evaluation import evaluate, load_jsonl
from babelwire.facts.grouping import group_entities

BRIEFS_DEV = REPO / "tests" / "data" / "briefs-dev" / "stories.json"


def test_fact_scoring_other_quantities_labelled_not_key():
    """A shown fact that matches a non-key label of its sentence ("key": false) is right, not
    wrong; a wrong value stays wrong; recall counts key facts only."""
    en = "Storm hits coast. The storm killed 12 people and destroyed 300 homes on the coast, officials said."
    de = "Sturm trifft Küste. Der Sturm tötete 12 Menschen und zerstörte 300 Häuser an der Küste, sagten Beamte."
    arts = {"a": art("a", en, "en"), "b": art("b", de, "de")}
    sents = {"a": en.split(". ", 1)[1], "b": de.split(". ", 1)[1]}
    key = {"what": "deaths", "value": 12, "articles": sents}
    story = {"story": "s", "articles": {"a": "en", "b": "de"}, "facts": [key]}

    def score(*others):
        extra = [{"what": "other", "value": v, "articles": sents, "key": False} for v in others]
        r = evaluate([dict(story, facts=[key, *extra])], arts).to_dict()
        return r["facts_shown"]["all"], r["facts"]["all"]

    shown, found = score()
    assert shown["tp"] == 2 and shown["fp"] == 2  # the 300 homes count wrong without a label
    assert found["tp"] == 2 and found["fn"] == 0
    assert score(300) == ({"tp": 4, "fp": 0, "fn": 0, "precision": 1.0, "recall": 1.0}, found)
    assert score(350)[0]["fp"] == 2  # a label of another value does not excuse the reading
    assert score(300, 7)[1] == found  # a non-key label not read is not a miss: recall is over key facts


@pytest.mark.slow
def test_real_news_briefs_scored(capsys):
    """Briefs of the labelled real-news stories (tests/data/briefs-dev, SemEval dev articles):
    no labelled non-conflict flagged, conflicts precise. Floors sit below the measured values
    (conflicts 2 of 4 found, none false: hundreds vs thousands protesters, 78% vs more than 80%
    burns; fact accuracy over the shown facts 0.996 (250 of 251) against key and non-key labels;
    recall 0.450, down from 0.555 since a figure with neither a key nor a counted word ("USD 809",
    "6%") is no longer shown, then 0.440 -> 0.358 when a figure known only by its counted word left
    the table too (facts15: such rows were right 0.60 of the time in judged samples 4-11): precision
    first, see tests/data/briefs-dev/README.md); 0.358 -> 0.381 when keys17 keyed more counted words
    (delegates, migrants, viewers, "miejsc pracy", "infectados"), 214 of 215 shown right."""
    need(BRIEFS_DEV)
    r = evaluate_briefs(BRIEFS_DEV, need(DEV) / "articles.jsonl")
    with capsys.disabled():
        print("\n" + format_briefs_report(r))
    assert r["data"]["articles_found"] == r["data"]["articles_labelled"]
    c = r["conflicts"]["all"]
    assert c["fp"] * 4 <= c["tp"]  # precision >= 0.8 (measured 1.0)
    assert c["tp"] >= 2 and c["recall"] >= 0.5  # the target recall
    assert r["non_conflicts"].get("flagged", 0) == 0  # all 47 labelled non-conflicts stay unflagged
    assert r["facts_shown"]["all"]["precision"] >= 0.97 and r["facts"]["all"]["recall"] >= 0.37
    assert r["entities"]["all"]["precision"] >= 0.5 and r["entity_grouping"]["recall"] >= 0.35


# --------------------------------------------------------------------------- entities on real news

def _names(arts):
    return group_entities(arts, get_entity_extractor().extract_batch(arts))


def test_sentence_start_words_are_not_names_and_inflections_fold():
    arts = [
        art("ru", "Полиция задержала мужчину. Путин говорил об Индии. Потом Путина спросили об Индии.", "ru"),
        art("pl", "Podczas spotkania z Iranem prezydent mówił o Iranie. Rozmowy z Iranem trwają.", "pl"),
        art("de", "FAKTEN: Die Polizei sagt, Merkel habe die Anklage gelesen. Merkel schwieg.", "de"),
        art("en", "According to Reuters, Iran and India talked.", "en"),
    ]
    ents = _names(arts)
    forms = {f for e in ents for fs in e.forms.values() for f in fs}
    assert not forms & {"Полиция", "Podczas", "FAKTEN", "Polizei", "Anklage", "According"}, forms
    by_form = {f: e for e in ents for fs in e.forms.values() for f in fs}
    assert by_form["Путина"].id == by_form["Путин"].id  # one person, two cases
    assert by_form["Iranem"].id == by_form["Iran"].id


def test_one_pope_across_five_languages_and_kinds():
    arts = [
        art("en", "Pope Francis apologised on Wednesday. Francis said he lost patience.", "en"),
        art("it", "Papa Francesco si è scusato mercoledì nella Città del Vaticano.", "it"),
        art("de", "Der Papst Franziskus hat sich entschuldigt, sagte Franziskus.", "de"),
        art("pl", "Papież Franciszek przeprosił. Według papieża Franciszka to był błąd.", "pl"),
        art("es", "El Papa Francisco pidió perdón en Roma.", "es"),
    ]
    ents = _names(arts)
    pope = [e for e in ents if "Francis" in {f for fs in e.forms.values() for f in fs}]
    assert len(pope) == 1 and set(pope[0].languages) == {"en", "it", "de", "pl", "es"}, ents
    assert pope[0].kind == "person"


def test_chinese_names_places_and_aligned_latin():
    arts = [
        art("zh", "总部位于美国的主持人乔伊·里德（Joy Reid）在多伦多抨击迈克·蓬佩奥（Mike Pompeo）。", "zh"),
        art("en", "Joy Reid criticised Mike Pompeo in Toronto on Tuesday.", "en"),
    ]
    ents = {e.name: e for e in _names(arts)}
    for name, kind in (("Joy Reid", "person"), ("Mike Pompeo", "person"), ("Toronto", "place")):
        assert set(ents[name].languages) == {"zh", "en"}, (name, ents.get(name))
        assert ents[name].kind == kind
    assert "乔伊·里德" in ents["Joy Reid"].forms["zh"] and "多伦多" in ents["Toronto"].forms["zh"]


def test_everyday_words_feasts_and_shouted_headlines_are_not_names():
    """What readers of real-news briefs saw as names: German everyday nouns ("Welt", "Uhr"),
    feasts ("New Year's Eve", "Año Nuevo", "Bożego Narodzenia"), words of a headline in capitals,
    nationality and creed words, Chinese places read inside a word."""
    arts = [
        art("de", "Gegen 21.50 Uhr sagte Merkel, die Welt werde das sehen. Das dauerte Tage, sagte Merkel.", "de"),
        art("en", "On New Year's Eve, the Iranians and a Shiite militia marched. Christmas passed. "
                  "Trump spoke to the U.S. Embassy about Kim Jong-un and Adil Abd al-Mahdi.", "en"),
        art("es", "EL TWIT DEL NY TIMES SOBRE EL ASALTO. La víspera de Año Nuevo en EE. UU. fue tranquila.", "es"),
        art("pl", "Papież odprawił mszę w Wigilię Bożego Narodzenia. Nowy Rok powitano w Warszawie.", "pl"),
        art("zh", "一支舰队正前往沿海地区，为居民提供补给。", "zh"),
    ]
    ents = _names(arts)
    forms = {f for e in ents for fs in e.forms.values() for f in fs}
    junk = {"Uhr", "Welt", "Tage", "New Year", "Eve", "Christmas", "Iranians", "Shiite", "EL", "DEL", "SOBRE",
            "EL TWIT DEL NY TIMES", "Año Nuevo", "Wigilię Bożego Narodzenia", "Bożego Narodzenia", "Nowy Rok",
            "海地", "EE", "UU"}
    assert not forms & junk, forms & junk
    assert {"Merkel", "Kim Jong-un", "Adil Abd al-Mahdi"} <= forms, forms
    more = _names([
        art("en2", "The North Korean leader spoke on TV. A Briton received CPR. Then Vatican TV filmed it.", "en"),
        art("pl2", "Po ataku Amerykanie wysłali żołnierzy, a Irakijczycy protestowali. Nowak powiedział to w Warszawie.", "pl"),
        art("de2", "Das Buch handelt vom Islam.", "de"),
    ])
    forms = {f for e in more for fs in e.forms.values() for f in fs}
    assert not forms & {"North Korean", "TV", "Briton", "CPR", "Amerykanie", "Irakijczycy", "Islam"}, forms
    assert "Warszawie" in forms and "TV" not in forms, forms
    us = [e for e in ents if e.id == "place:US"]
    assert us and {"en", "es"} <= set(us[0].languages), us  # "U.S." and "EE. UU."


def test_kinds_from_the_words_around_a_name():
    """A place word or an everyday last word is no person ("Green Zone", "White House"); a
    locative before a lone name makes a place, a verb of saying after it a person."""
    arts = [
        art("en1", "Protesters left the Green Zone. The White House said little. Haftar said he would "
                   "fight on. Fires burned near Mallacoota, and crews stayed in Mallacoota. Haftar said no.", "en"),
    ]
    kinds = {e.name: e.kind for e in _names(arts)}
    assert kinds.get("Green Zone") == "place" and kinds.get("White House") == "org", kinds
    assert kinds.get("Mallacoota") == "place" and kinds.get("Haftar") == "person", kinds


def test_real_news_brief_entities():
    """The names the briefs of tests/data/briefs-dev show (46 real stories, labels revised by
    reading, see its README): precision 0.668 -> 0.908 (the old code scores 0.826 on the revised
    labels), kinds 0.758 -> 0.828, recall 0.82, cross-script grouping 0.55. Floors sit below."""
    stories = json.loads(need(BRIEFS_DEV).read_text(encoding="utf-8"))
    langs = {a: l for s in stories for a, l in s["articles"].items()}
    r = evaluate(stories, load_jsonl(need(DEV) / "articles.jsonl", langs)).to_dict()
    assert r["entities"]["all"]["precision"] >= 0.88 and r["entity_kinds"]["all"]["precision"] >= 0.79
    assert r["entities"]["all"]["recall"] >= 0.79 and r["entity_grouping"]["recall"] >= 0.5
    for lang in ("de", "en", "es", "pl", "zh"):
        assert r["entities"][lang]["precision"] >= 0.8, (lang, r["entities"][lang])


def test_real_news_entities_labelled_by_reading():
    """tests/data/entities-dev.jsonl: 159 real sentences in 10 languages (see its README).
    Floors sit below the measured values (precision 0.95, recall 0.88, kinds 0.85, grouping
    pairs 0.95/0.72; before this work 0.83, 0.76, 0.57, 0.90/0.44)."""
    labels = Path(__file__).parent / "data" / "entities-dev.jsonl"
    r = evaluate_entities(labels, need(DEV / "articles.jsonl"))
    assert r["sentences"] >= 150
    assert r["precision"]["all"]["precision"] >= 0.88
    assert r["kinds_right"]["all"] >= 0.82
    assert r["recall"]["all"]["recall"] >= 0.82 and r["recall"]["ar"]["recall"] >= 0.4
    assert r["grouping"]["precision"] >= 0.9 and r["grouping_cross_language"]["recall"] >= 0.6


@pytest.mark.slow
def test_real_news_entities_held_out(run_cli):
    """tests/data/entities-heldout.jsonl, through `babelwire eval entities`: 53 sentences
    labelled after the rules were written (first run 0.87 precision, 0.86 recall, 0.80 kinds;
    now 0.95, 0.82, 0.87; before this work 0.84, 0.79, 0.44)."""
    labels = Path(__file__).parent / "data" / "entities-heldout.jsonl"
    p = run_cli("eval", "entities", "--labels", str(labels), "--articles", str(need(DEV / "articles.jsonl")),
                "--format", "json", check=True)
    r = json.loads(p.stdout)
    assert r["precision"]["all"]["precision"] >= 0.85
    assert r["kinds_right"]["all"] >= 0.75
    assert r["recall"]["all"]["recall"] >= 0.78
