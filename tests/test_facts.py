"""Facts, dates, entities and discrepancies: unit cases, the seeds, and the labelled examples."""
from __future__ import annotations

import json

import pytest
from conftest import DEV, EXAMPLES, SEEDS, art, need

from babelwire.errors import UnknownComponentError
from babelwire.facts.dates import dateline_published, find_dates
from babelwire.facts.discrepancies import find_discrepancies
from babelwire.facts.entities import get_entity_extractor
from babelwire.facts.extract import extract_facts
from babelwire.facts.gazetteer import find_places
from babelwire.facts.grouping import group_entities
from babelwire.facts.number_words import parse_number
from babelwire.facts.numbers import find_numbers
from babelwire.facts.sentences import split_sentences
from babelwire.facts.transliteration import phonetic
from babelwire.models import Article

SEED_LANGS = {"000": "ar", "001": "fr", "002": "hi", "003": "no", "004": "id"}


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
    (n,) = [n for n in find_numbers(hi, "hi") if n.confidence >= 0.5]  # "तीन महीनों" counts nothing known
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


def test_background_is_never_compared():
    # A figure about an earlier quake (another year) is background, not a second magnitude.
    a = art("es", "Un terremoto de magnitud 6,9 sacudió la región de Atacama.", "es", "2025-03-11", "day")
    b = art("de", "Das Beben der Stärke 6,9 ereignete sich am Dienstag.", "de", "2025-03-11", "day")
    c = art("fr", "En 2010, un séisme de magnitude 8,8 avait fait plus de 500 morts.", "fr", "2025-03-11", "day")
    discs, agree = find_discrepancies(_facts(a, b, c), context="2025-03-11")
    assert [d for d in discs if d.kind == "conflict"] == []
    assert [(x.reason, x.b.article_id) for x in agree if x.key == "magnitude"] == [("background", "fr")]
    # In a story about Chile, a toll given for another country is background too.
    cl1 = art("cl1", "El terremoto dejó 14 muertos en Chile.", "es")
    cl2 = art("cl2", "Le séisme a fait 14 morts au Chili.", "fr")
    pe = art("pe", "The quake also killed 3 people in Peru.", "en")
    discs, agree = find_discrepancies(_facts(cl1, cl2, pe))
    assert discs == [] and [(x.reason, x.b.article_id) for x in agree] == [("background", "pe")]


def test_rising_toll_is_an_update_but_a_toll_that_falls_back_conflicts():
    early = art("zh", "The quake killed 9 people, officials said.", "en", "2025-03-11T14:10", "minute")
    mid = art("es", "The quake killed 14 people, officials said.", "en", "2025-03-11T16:40", "minute")
    high = art("de", "The quake killed 19 people, local media said.", "en", "2025-03-11T18:45", "minute")
    late = art("fr", "The quake killed 14 people, officials said.", "en", "2025-03-11T19:30", "minute")
    discs, agree = find_discrepancies(_facts(early, mid))
    assert discs == [] and [x.reason for x in agree] == ["update"]
    assert "2025-03-11 14:10" in agree[0].explanation and "2025-03-11 16:40" in agree[0].explanation
    # 19 at 18:45, yet 14 again at 19:30: the sources disagree; 9 before them all is an update.
    discs, agree = find_discrepancies(_facts(early, mid, high, late))
    conflicts = [d for d in discs if d.kind == "conflict"]
    assert [sorted(s.display for s in d.sides) for d in conflicts] == [["14 deaths", "19 deaths"]]
    assert {x.reason for x in agree} == {"update"}


def test_at_least_is_a_toll_not_an_open_range():
    a = art("a", "Al menos 14 personas murieron en el terremoto.", "es", "2025-03-11T10:00", "minute")
    a2 = art("a2", "Le séisme a fait 14 morts.", "fr", "2025-03-11T12:00", "minute")
    b = art("b", "Das Beben forderte 19 Tote.", "de", "2025-03-11T11:00", "minute")
    c = art("c", "The quake killed 15 people.", "en")
    discs, _ = find_discrepancies(_facts(a, a2, b))  # 14 again at 12:00, after 19 at 11:00
    assert [d.key for d in discs if d.kind == "conflict"] == ["deaths"]
    # Without the times, a larger running count may simply be a later one.
    undated = [art(x.id, x.text, x.language) for x in (a, a2, b)]
    discs, agree = find_discrepancies(_facts(*undated))
    assert discs == [] and [x.reason for x in agree] == ["differs"]
    # One source each, one of them counting "people" (the key came from the verb): differs.
    e1 = art("e1", "Amazon employs 840,000 people worldwide.", "en")
    e2 = art("e2", "Amazon ba sine rundt 500.000 ansatte om å slette appen.", "no")
    discs, agree = find_discrepancies(_facts(e1, e2))
    assert discs == [] and [x.reason for x in agree] == ["differs"]
    discs, agree = find_discrepancies(_facts(a, c))  # "at least 14" covers 15
    assert discs == [] and [x.reason for x in agree] == ["bound"]


def test_about_goes_with_the_nearest_figure():
    a = art("a", "The vaccine showed 79.6% efficacy in the trial.", "en")
    b = art("b", "The vaccine showed about 80% efficacy in the trial.", "en")
    c = art("c", "The vaccine showed 76.9% efficacy in the trial.", "en")
    discs, _ = find_discrepancies(_facts(a, b, c))
    (d,) = [d for d in discs if d.kind == "conflict"]
    assert sorted(sorted(f.article_id for f in s.facts) for s in d.sides) == [["a", "b"], ["c"]]


def test_unsure_readings_differ_but_never_conflict():
    a = art("fr", "Amazon emploie plus de 840 000 employés dans le monde.", "fr")
    b = art("no", "Amazon ba sine rundt 500.000 ansatte om å slette appen.", "no")
    fa, fb = _facts(a), _facts(b)
    for f in fb:
        f.confidence = 0.5  # e.g. a glued token
    discs, agree = find_discrepancies(fa + fb)
    assert discs == [] and [x.reason for x in agree] == ["differs"]
    # Two values of one key in one sentence state a change, not two witnesses.
    c = art("en", "The bank cut its rate to 2.50% from 2.75%.", "en")
    d = art("ko", "The central bank lowered the rate to 2.5%.", "en")
    assert [x for x in find_discrepancies(_facts(c, d))[0] if x.kind == "conflict"] == []


def test_translation_is_one_source():
    # Near-identical numbers in two languages: one source translated, never two witnesses.
    fr = art("1567550743fr", "Le séisme de magnitude 6,9 a fait 14 morts et 218 blessés à 38 km de "
                              "profondeur; 3 412 maisons et 27 villages sont touchés, 4 600 personnes évacuées "
                              "et 120 pompiers mobilisés. Amazon emploie 840 000 employés.", "fr")
    en = art("1567550743", "The magnitude 6.9 quake killed 14 people and injured 218 at a depth of 38 km; "
                           "3,412 homes and 27 villages were hit, 4,600 people evacuated and 120 "
                           "firefighters deployed. Amazon employs 500,000 employees.", "en")
    discs, _ = find_discrepancies(_facts(fr, en))
    assert [d for d in discs if d.kind == "conflict"] == []
    # …and a translation named as such by the input is one source whatever its numbers.
    b = art("b", "Amazon employs 500,000 employees.", "en")
    a = art("a", "Amazon emploie 840 000 employés.", "fr")
    assert [d for d in find_discrepancies(_facts(a, b), canonical={"b": "a"})[0] if d.kind == "conflict"] == []


@pytest.mark.slow
def test_dev_translations_never_conflict_with_their_originals():
    """Every dev article with a language-suffixed id (a machine translation) briefed with its
    original: no conflict, although no input field links them."""
    import re

    from babelwire.brief import build_brief

    rows = {}
    for line in (need(DEV) / "articles.jsonl").read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        rows[r["id"]] = r
    pairs = [(i, m.group(1)) for i in rows for m in [re.fullmatch(r"(\d+)([a-z]{2})", i)] if m and m.group(1) in rows]
    assert len(pairs) >= 100
    keyed = 0
    for tr, orig in pairs:
        arts = [Article(id=x, text=rows[x]["text"], language=rows[x]["language"]) for x in (orig, tr)]
        b = build_brief(arts, embedder=None)
        keyed += sum(1 for f in b.facts if f.key)
        assert [d.explanation for d in b.discrepancies if d.kind == "conflict"] == [], (orig, tr)
    assert keyed >= 50  # the pairs do state comparable figures


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
    assert r["facts"]["all"]["recall"] == 1.0 and r["facts_shown"]["all"]["precision"] == 1.0
    assert r["conflicts"]["all"]["recall"] == 1.0 and r["conflicts"]["all"]["precision"] == 1.0
    assert r["non_conflicts"] == {"not_flagged": 3}
    assert r["self_contradictions"]["tp"] == 1 and r["self_contradictions"]["fp"] == 0
    assert r["entities_labelled_groups"]["all"]["precision"] >= 0.9
    assert by_name  # the seeds were read


@pytest.mark.slow
def test_examples_scored_per_language(capsys):
    """Extraction and discrepancy detection against examples/stories.json, per language.

    Floors sit below the measured values (see the report printed with -s) so a regression
    fails while the numbers themselves are recorded, not asserted.
    """
    from babelwire.facts.evaluation import evaluate, load_examples

    need(EXAMPLES / "stories.json")
    stories, arts = load_examples(EXAMPLES)
    r = evaluate(stories, arts, baseline=True).to_dict()
    with capsys.disabled():
        for block in ("entities", "entities_labelled_groups", "facts_shown", "facts", "conflicts"):
            row = ", ".join(f"{l} {v['precision']}/{v['recall']}" for l, v in r[block].items())
            print(f"\n{block} P/R: {row}")
        print(f"grouping {r['entity_grouping']}; non-conflicts {r['non_conflicts']}; "
              f"self-contradictions {r['self_contradictions']}")
    # of labelled figures, in the brief's facts table: 0.664 -> 0.618 when figures known only by their word
    # left the table (facts15: 7 right ones in no/ko/pl/vi/uk, for 0.60 -> 0.86 accuracy on judged real rows);
    # 0.671 with keys17's keys (ko/no rates moved "to" a figure, pl "miejsc pracy", uk kg and євро)
    assert r["facts"]["all"]["recall"] >= 0.66
    assert r["entities_labelled_groups"]["all"]["precision"] >= 0.9
    assert r["entities"]["all"]["recall"] >= 0.7
    assert r["self_contradictions"]["recall"] == 1.0
    # Precision first (issue 11): measured 1.0 (5 of 11 found); the naive rule gets 0.10.
    assert r["conflicts"]["all"]["precision"] >= 0.8
    assert r["conflicts"]["all"]["recall"] >= 0.4
    assert r["non_conflicts"].get("flagged", 0) == 0  # all 24 labelled non-conflicts stay unflagged
    assert r["baseline"]["non_conflicts"].get("flagged", 0) > 0  # the baseline is a real contrast


def test_hundreds_against_thousands_is_a_conflict_but_not_against_a_figure_they_cover():
    # Two independent sources say hundreds stormed the embassy, a third says thousands: two
    # different words for one crowd, and not 10× apart at their nearest.
    a = art("a", "Am Dienstag hatten Hunderte Demonstranten die Botschaft gestürmt.", "de")
    b = art("b", "Kilkuset demonstrantów protestowało we wtorek przed ambasadą.", "pl")
    c = art("c", "Thousands of protesters attempted to storm the embassy.", "en")
    discs, _ = find_discrepancies(_facts(a, b, c))
    (d,) = [d for d in discs if d.kind == "conflict"]
    assert d.key == "protesters" and sorted(s.display for s in d.sides) == ["hundreds protesters",
                                                                           "thousands protesters"]
    # "hundreds" covers 650; "dozens" of militiamen are another group (different key).
    e = art("e", "About 650 protesters stormed the embassy.", "en")
    f = art("f", "周二，数十名民兵发动袭击。", "zh")
    discs, _ = find_discrepancies(_facts(a, b, e, f))
    assert [d for d in discs if d.kind == "conflict"] == []
    # News writes "thousands" for 19,000 and for "more than 1,000": no conflict either.
    g = art("g", "Más de 19.000 manifestantes marcharon por Madrid.", "es")
    g2 = art("g2", "More than 19,000 protesters marched through Madrid.", "en")
    h = art("h", "Thousands of protesters marched through Madrid.", "en")
    fs = _facts(g, g2, h)
    assert {f.key for f in fs} == {"protesters"}
    discs, agree = find_discrepancies(fs)
    assert [d for d in discs if d.kind == "conflict"] == [] and agree
    k = art("k", "More than 1,000 protesters marched through Madrid.", "en")
    k2 = art("k2", "Plus de 1 000 manifestants ont défilé à Madrid.", "fr")
    discs, _ = find_discrepancies(_facts(k, k2, h))
    assert [d for d in discs if d.kind == "conflict"] == []


def test_burn_percentages_take_a_key_and_can_conflict():
    a = art("a", "她遭受了 78% 的烧伤。", "zh")
    b = art("b", "女人 S. Lokeshwari 遭受了 80% 以上的烧伤。", "zh")
    c = art("c", "She suffered burns on 80% of her body.", "en")
    fa, fb = _facts(a), _facts(b)
    assert [(f.key, f.value, f.bound) for f in fa + fb] == [("burns", 78, None), ("burns", 80, "min")]
    discs, _ = find_discrepancies(fa + fb)
    assert [d.key for d in discs if d.kind == "conflict"] == ["burns (%)"]
    discs, agree = find_discrepancies(_facts(b, c))  # "more than 80%" and 80% can both be said
    assert [d for d in discs if d.kind == "conflict"] == []


def test_one_vague_word_against_another_needs_a_second_source():
    # "Dozens broke in" and "several hundred burned tyres" (one source each) may be two crowds.
    a = art("a", "Decine di manifestanti hanno fatto irruzione nel complesso dell'ambasciata.", "it")
    b = art("b", "Kilkuset demonstrantów podpalało opony.", "pl")
    discs, agree = find_discrepancies(_facts(a, b))
    assert discs == [] and [x.reason for x in agree] == ["differs"]


def test_a_symbol_written_after_the_amount_is_its_currency():
    """"5 million US$" once raised KeyError (a symbol looked up in the language's word table), which
    lost every fact of the article."""
    from babelwire.facts import extract_facts
    for text, lang in (("The market will reach 5 million US$ in 2023, analysts say.", "en"),
                       ("Der Umsatz lag bei 40 Millionen US$ im Jahr 2019.", "de")):
        money = [f for f in extract_facts(art("x", text, lang)) if f.kind == "money"]
        assert [f.unit for f in money] == ["USD"], text
