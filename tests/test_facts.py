"""Facts, dates, entities and discrepancies: unit cases, the seeds, and the labelled examples."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from babelwire.errors import UnknownComponentError
from babelwire.facts.dates import dateline_published, find_dates
from babelwire.facts.discrepancies import find_discrepancies
from babelwire.facts.entities import find_places, get_entity_extractor, group_entities, phonetic
from babelwire.facts.extract import extract_facts
from babelwire.facts.numbers import find_numbers, parse_number
from babelwire.facts.sentences import split_sentences
from babelwire.models import Article

from conftest import DEV, EXAMPLES, SEEDS, need

SEED_LANGS = {"000": "ar", "001": "fr", "002": "hi", "003": "no", "004": "id"}


def art(id, text, lang, published=None, precision=None, source=None):
    return Article(id=id, text=text, language=lang, published=published,
                   published_precision=precision, source=source or f"outlet-{id}")


# --------------------------------------------------------------------------- numbers

@pytest.mark.parametrize("raw,lang,value", [
    ("840 000", "fr", 840000), ("840,000", "en", 840000), ("500.000", "no", 500000),
    ("2,5", "es", 2.5), ("3.25", "en", 3.25), ("1.234,5", "de", 1234.5), ("1,234.5", "en", 1234.5),
    ("١٦٥", "ar", 165), ("१६५", "hi", 165), ("0,25", "no", 0.25),
])
def test_parse_number(raw, lang, value):
    assert parse_number(raw, lang) == pytest.approx(value)


@pytest.mark.parametrize("text,lang,value", [
    ("Tiktok er en video-app med over 2 milliarder nedlastinger.", "no", 2e9),
    ("लगभग 165 मिलियन लोगों ने डाउनलोड किया", "hi", 165e6),
    ("aplikasi itu diunduh 315 juta kali", "id", 315e6),
    ("un fondo de 2,5 millones de euros", "es", 2.5e6),
    ("وتم تحميل تيك توك لنحو ١٦٥ مليون مرة", "ar", 165e6),
    ("कंपनी हर साल ३ करोड़ खुराक बनाएगी", "hi", 3e7),
    ("全体职员4万2000名", "ja", 42000),
    ("发生6.9级地震", "zh", 6.9),
    ("4 bin 500 kişi", "tr", 4500),
    ("3,8 tys. miejsc pracy", "pl", 3800),
])
def test_numbers_with_scale_words_and_digit_systems(text, lang, value):
    values = [n.value for n in find_numbers(text, lang)]
    assert any(v == pytest.approx(value) for v in values), values


def test_number_qualifiers_scope_and_key():
    fr = "Après Walmart, Amazon est le deuxième plus grand employeur privé des États-Unis, avec plus de 840 000 employés dans le monde."
    (n,) = find_numbers(fr, "fr")
    assert (n.value, n.bound, n.key, n.scope["place"]) == (840000, "min", "employees", "world")
    (n,) = find_numbers("Amazon ba fredag sine rundt 500.000 ansatte om å slette appen.", "no")
    assert (n.value, n.approx, n.key, n.scope["place"]) == (500000, True, "employees", None)
    ar = "وتم تحميل تيك توك لنحو 165 مليون مرة في الولايات المتحدة وأصبح جزءًا رئيسيًا"
    (n,) = find_numbers(ar, "ar")
    assert (n.key, n.approx, n.scope["place"]) == ("downloads", True, "US")
    hi = "इस साल के शुरूआती तीन महीनों में लगभग 315 मिलियन लोगों ने यह ऐप डाउनलोड किया."
    (n,) = find_numbers(hi, "hi")
    assert (n.key, n.scope["period"]) == ("downloads", "quarter")


def test_money_percent_and_what_is_not_a_number():
    ns = find_numbers("Le coût total de la mission s'élève à 480 millions d'euros.", "fr")
    assert [(n.kind, n.unit, n.value, n.key) for n in ns] == [("money", "EUR", 480e6, "cost")]
    ns = find_numbers("Die Inflation stieg auf 2,9 Prozent.", "de")
    assert [(n.kind, n.value) for n in ns] == [("percent", 2.9)]
    # years, clock times and codes are not quantities
    assert find_numbers("Im Jahr 2020 um 21:06 Uhr meldete COVID-19 und Galaxy S20 nichts.", "de") == []


# --------------------------------------------------------------------------- dates

def test_dates_deadlines_and_years_from_context():
    (d,) = find_dates("fjerne det innen 10. juli for å beholde tilgang", "no", published="2020-07-10T21:06")
    assert (d.value.isoformat(), d.deadline, d.year_written) == ("2020-07-10", True, False)
    (d,) = find_dates("आपको इसे 10 जुलाई तक हटा देना होगा.", "hi", context="2020-07")
    assert (d.value.isoformat(), d.deadline) == ("2020-07-10", True)
    (d,) = find_dates("نشر في 10 يوليو 2020", "ar")
    assert d.value.isoformat() == "2020-07-10" and d.year_written
    (d,) = find_dates("Las clases fueron suspendidas hasta el jueves 13 de marzo.", "es", published="2025-03-11")
    assert d.value.isoformat() == "2025-03-13" and not d.weekday_mismatch
    (d,) = find_dates("学校停课至3月13日。", "zh", published="2025-03-11")
    assert d.value.isoformat() == "2025-03-13"


def test_weekday_checked_against_the_date():
    (d,) = find_dates("diberi tenggat waktu hingga Jumat (11/7) untuk", "id", context="2020-07-10")
    assert d.deadline and d.weekday_mismatch and d.value.isoformat() == "2020-07-11"
    assert any("Saturday" in n and "10 July" in n for n in d.notes)
    (d,) = find_dates("pada Jumat (10/7) lalu", "id", context="2020-07-10")
    assert not d.weekday_mismatch
    # "Hingga Sabtu (15/3) siang, …" opens the sentence: "as of", not a deadline
    (d,) = find_dates("Hingga Sabtu (15/3) siang, tercatat 4.612 warga mengungsi.", "id", context="2025-03-14")
    assert not d.deadline and not d.weekday_mismatch


def test_weekday_alone_resolved_against_publication_day():
    (d,) = find_dates("Amazon ba fredag sine ansatte om å slette appen", "no", published="2020-07-10T21:06")
    assert d.value.isoformat() == "2020-07-10"
    (d,) = find_dates("natt til tirsdag", "no", published="2020-07-10")
    assert d.value.isoformat() == "2020-07-07"
    assert find_dates("Presiden AS Donald Trump mengatakan minggu ini", "id", published="2020-07-10") == []


def test_dateline_refines_a_month_to_the_minute():
    text = "Amazon trekker beskjed\n\nPublisert: Oppdatert: 11. juli 2020 00:05 , Publisert: 10. juli 2020 21:06\n\nAmazon ba fredag …"
    p = dateline_published(text, "no", "2020-07")
    assert (p.value, p.precision) == ("2020-07-10T21:06", "minute")
    assert dateline_published(text, "no", "2019-01") is None  # disagrees with what is known


def test_sentences_keep_offsets_and_ordinals():
    t = "Amazon ba ansatte slette appen innen 10. juli i en epost. Noen timer senere kom en ny epost.\nTittel uten punktum"
    ss = split_sentences(t, "no")
    assert [t[s.start:s.end] for s in ss] == [s.text for s in ss]
    assert ss[0].text.endswith("i en epost.") and len(ss) == 3 and not ss[2].complete


# --------------------------------------------------------------------------- entities

def test_places_in_many_scripts():
    assert [c for *_, c in find_places("des États-Unis et de la Chine", "fr")] == ["US", "CN"]
    assert [c for *_, c in find_places("في الولايات المتحدة وبالصين", "ar")] == ["US", "CN"]
    assert [c for *_, c in find_places("अमेरिका और चीन", "hi")] == ["US", "CN"]
    assert [c for *_, c in find_places("智利北部发生地震", "zh")] == ["CL"]
    assert [c for *_, c in find_places("Presiden AS Donald Trump, as usual", "id")] == ["US"]


def test_phonetic_skeleton_crosses_scripts():
    assert phonetic("TikTok") == phonetic("تيك توك") == phonetic("टिकटॉक")
    assert phonetic("Pompeo") == phonetic("पोम्पिओ") == phonetic("بومبيو")
    assert phonetic("ByteDance") == phonetic("बाइटडांस")


def test_aligned_pairs_and_transliteration():
    arts = [
        art("a", "Amazon told staff to delete TikTok. Amazon later said the email was a mistake.", "en"),
        art("b", "अमेज़न (Amazon) ने अपने कर्मचारियों को टिकटॉक (TikTok) ऐप डिलीट करने को कहा. अमेज़न ने कहा.", "hi"),
        art("c", "أصدرت شركة أمازون تعليماتها بإزالة تطبيق تيك توك – TikTok من أجهزتهم.", "ar"),
    ]
    ents = {e.name: e for e in group_entities(arts, get_entity_extractor().extract_batch(arts))}
    assert set(ents["Amazon"].languages) == {"en", "hi", "ar"}
    assert set(ents["TikTok"].languages) == {"en", "hi", "ar"}
    assert "अमेज़न" in ents["Amazon"].forms["hi"] and "أمازون" in ents["Amazon"].forms["ar"]


def test_extractor_registry():
    with pytest.raises(UnknownComponentError):
        get_entity_extractor("no-such-ner")


def _seeds():
    from babelwire.facts.evaluation import load_files

    files = sorted(need(SEEDS).glob("*.txt"))
    return list(load_files(files, {f.name: SEED_LANGS[f.name[:3]] for f in files}).values())


def test_seed_entities_grouped_across_scripts():
    arts = _seeds()
    ents = {e.name: e for e in group_entities(arts, get_entity_extractor().extract_batch(arts))}
    for name in ("Amazon", "TikTok", "ByteDance", "Mike Pompeo"):
        assert name in ents, sorted(ents)
        assert len(ents[name].languages) >= 3, (name, ents[name].languages)
    assert {"ar", "hi"} <= set(ents["Amazon"].languages)
    assert "माइक पोम्पिओ" in ents["Mike Pompeo"].forms["hi"]
    assert "बाइटडांस" in ents["ByteDance"].forms["hi"]


# --------------------------------------------------------------------------- discrepancies

def _facts(*arts, context=None):
    out = []
    for a in arts:
        out += extract_facts(a, context=context)
    return out


def test_conflict_scope_rounding_and_update():
    a = art("fr", "Amazon emploie plus de 840 000 employés dans le monde.", "fr")
    b = art("no", "Amazon ba sine rundt 500.000 ansatte om å slette appen.", "no")
    c = art("ar", "وتم تحميل تيك توك لنحو 165 مليون مرة في الولايات المتحدة.", "ar")
    d = art("nb", "Tiktok er en video-app med over 2 milliarder nedlastinger.", "no")
    discs, agree = find_discrepancies(_facts(a, b, c, d))
    assert [(x.kind, x.key) for x in discs] == [("conflict", "employees")]
    assert {f.article_id for s in discs[0].sides for f in s.facts} == {"fr", "no"}
    assert any(x.reason == "scope" and x.key == "downloads" for x in agree)

    r1 = art("r1", "The fire destroyed about 3,000 homes.", "en")
    r2 = art("r2", "The fire destroyed 2,986 homes.", "en")
    discs, agree = find_discrepancies(_facts(r1, r2))
    assert discs == [] and [x.reason for x in agree] == ["rounding"]

    u1 = art("u1", "The quake killed 14 people, officials said.", "en", "2025-03-11", "day")
    u2 = art("u2", "The quake killed 30 people, officials said.", "en", "2025-03-14", "day")
    discs, agree = find_discrepancies(_facts(u1, u2))
    assert discs == [] and [x.reason for x in agree] == ["update"]


def test_duplicates_are_not_second_witnesses():
    a = art("a", "Amazon emploie 840 000 employés.", "fr")
    b = art("b", "Amazon employs 500,000 employees.", "en")
    discs, _ = find_discrepancies(_facts(a, b), canonical={"b": "a"})
    assert [d for d in discs if d.kind == "conflict"] == []  # one source cannot disagree with a copy


# --------------------------------------------------------------------------- labelled data

def test_seed_labels_scored():
    from babelwire.facts.evaluation import evaluate

    labels = json.loads((EXAMPLES / "facts_labels.json").read_text(encoding="utf-8"))
    by_name = {a.id: a for a in _seeds()}
    files = {f.name: f for f in need(SEEDS).glob("*.txt")}
    from babelwire.facts.evaluation import load_files

    arts = load_files(list(files.values()), labels[0]["articles"])
    r = evaluate(labels, arts).to_dict()
    assert r["facts"]["all"]["recall"] == 1.0 and r["facts"]["all"]["precision"] == 1.0
    assert r["conflicts"]["all"]["recall"] == 1.0 and r["conflicts"]["all"]["precision"] == 1.0
    assert r["non_conflicts"] == {"not_flagged": 3}
    assert r["self_contradictions"]["tp"] == 1 and r["self_contradictions"]["fp"] == 0
    assert r["entities_labelled_groups"]["all"]["precision"] >= 0.9
    assert by_name  # the seeds were read


def test_examples_scored_per_language(capsys):
    """Extraction and discrepancy detection against examples/stories.json, per language.

    Floors sit below the measured values (see the report printed with -s) so a regression
    fails while the numbers themselves are recorded, not asserted.
    """
    from babelwire.facts.evaluation import evaluate, load_examples

    need(EXAMPLES / "stories.json")
    stories, arts = load_examples(EXAMPLES)
    r = evaluate(stories, arts).to_dict()
    with capsys.disabled():
        for block in ("entities", "entities_labelled_groups", "facts", "conflicts"):
            row = ", ".join(f"{l} {v['precision']}/{v['recall']}" for l, v in r[block].items())
            print(f"\n{block} P/R: {row}")
        print(f"grouping {r['entity_grouping']}; non-conflicts {r['non_conflicts']}; "
              f"self-contradictions {r['self_contradictions']}")
    assert r["facts"]["all"]["recall"] >= 0.7
    assert r["entities_labelled_groups"]["all"]["precision"] >= 0.9
    assert r["entities"]["all"]["recall"] >= 0.7
    assert r["self_contradictions"]["recall"] == 1.0
    assert r["conflicts"]["all"]["recall"] >= 0.2
    assert r["non_conflicts"].get("flagged", 0) <= 3


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


def test_real_news_entities_labelled_by_reading():
    """tests/data/entities-dev.jsonl: 159 real sentences in 10 languages (see its README).
    Floors sit below the measured values (precision 0.95, recall 0.88, kinds 0.85, grouping
    pairs 0.95/0.72; before this work 0.83, 0.76, 0.57, 0.90/0.44)."""
    from babelwire.evaluate.entities import evaluate_entities

    labels = Path(__file__).parent / "data" / "entities-dev.jsonl"
    r = evaluate_entities(labels, need(DEV / "articles.jsonl"))
    assert r["sentences"] >= 150
    assert r["precision"]["all"]["precision"] >= 0.88
    assert r["kinds_right"]["all"] >= 0.82
    assert r["recall"]["all"]["recall"] >= 0.82 and r["recall"]["ar"]["recall"] >= 0.4
    assert r["grouping"]["precision"] >= 0.9 and r["grouping_cross_language"]["recall"] >= 0.6


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
