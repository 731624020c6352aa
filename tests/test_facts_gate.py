"""The brief's display gate (babelwire/facts/shown_gate.py) and the error classes fixed with it
(samples 6-7 reread with the current code): each rule with a control that must stay shown."""
from __future__ import annotations

import pytest

from babelwire.facts import shown_gate
from babelwire.facts._data import load
from babelwire.facts.extract import extract_facts
from babelwire.models import Article
from tests.shown_facts import read, shown


def _facts(text, lang):
    return extract_facts(Article(id="t", text=text, language=lang, published="2020-05-28"))


def test_a_figure_in_an_if_clause_is_no_fact():
    gates = ("He said: ‘If anything kills over 10 million people in the next few decades, it’s most "
             "likely to be a highly infectious virus rather than a war.")
    assert [f.value for f in _facts(gates, "en") if f.kind == "count"] == [10_000_000]  # read, kept in facts
    assert not [f for f in shown(gates, "en") if f.kind == "count"]
    assert not shown("„Wenn man bei 300 Kilometern pro Stunde eine Vollbremsung macht, wird das nicht gut "
                     "ausgehen“, sagt er.", "de")
    assert not shown("如果超过 500 人感染，学校将关闭。", "zh")
    # controls: the clause ends before the figure, or there is no "if"
    assert [f.display for f in shown("Even if it rains, 300 people will march.", "en")] == ["300 people"]
    assert [f.key for f in shown("The virus killed over 10 million people in the last decades.", "en")] == ["deaths"]


def test_points_with_no_subject_are_not_shown():
    lead = ("Il conteggio rapido, al 95,6% dei voti verificati, mette Morales davanti a Mesa con un vantaggio "
            "di 9,33 punti percentuali.")
    assert 9.33 in [f.value for f in _facts(lead, "it")]
    assert 9.33 not in [f.value for f in shown(lead, "it")]
    for text, lang in (("Decidió reducir la tasa en 25 puntos básicos al 0,25 por ciento.", "es"),
                       ("The bank cut rates by 25 basis points to 0.25 per cent.", "en")):
        assert "25 bp" in [f.display for f in _facts(text, lang)]  # read as written (sample 4 read "25 rate")
        assert "25 bp" not in [f.display for f in shown(text, lang)]


def test_a_fractions_digits_count_nothing():
    line = ("西雅图海鹰队和费城老鹰队之间的 NFC 外卡比赛预览时间：1 月 5 日星期日，下午 4:40 ET 线路：海鹰队 11⁄2 受伤："
            "两支球队在进入这支球队时都相对受到冲击。")
    assert not [f for f in shown(line, "zh") if f.kind != "date"]
    assert [f.display for f in shown("Bei dem Unfall wurden 2 Menschen verletzt.", "de")] == ["2 injured"]


def test_killed_people_are_deaths_not_people():
    it = "Nemmeno mezz'ora dopo, tre persone sono state trovate uccise a colpi di arma da fuoco in un incrocio."
    assert [(f.value, f.key) for f in shown(it, "it")] == [(3, "deaths")]
    ru = "1 человек убит, еще один ранен в результате поножовщины в Северном Миннеаполисе."
    assert (1, "deaths") in [(f.value, f.key) for f in shown(ru, "ru")]
    # controls: the wounded and the arrested are no deaths
    assert [f.key for f in shown("Tre persone sono state ferite nell'incidente.", "it")] == ["injured"]
    assert "deaths" not in [f.key for f in shown("3 человека задержаны полицией.", "ru")]


def test_the_model_is_a_probability_over_known_features():
    model = load("shown_gate.json")
    assert set(model["weights"]) <= set(shown_gate.FEATURES)
    assert 0.5 <= model["threshold"] < 1
    for f in _facts("The storm killed 12 people on 3 March 2020 and caused damage of $15 million.", "en"):
        assert 0.0 < shown_gate.score(f) < 1.0
        assert set(shown_gate.features(f)) <= set(shown_gate.FEATURES)


def test_the_gate_keeps_dates_counts_and_amounts_and_hides_a_turkish_amount_keyed_from_its_clause():
    text = "The quake on 3 March 2020 killed 12 people and destroyed 40 homes."
    assert {f.display for f in _facts(text, "en") if shown_gate.is_shown(f)} == {
        "Tue 3 March 2020", "12 people", "40 homes"}
    fine = [f for f in _facts("The regulator fined the company €530 million on Tuesday.", "en") if f.kind == "money"]
    assert [f.display for f in fine if shown_gate.is_shown(f)] == ["EUR 530 million fine"]
    # money is the kind the judges found wrong most often (17 of 26 right), Turkish rows too (30 of 39):
    # "2 milyar dolarlık maliyet aşımına" (a cost overrun) read as a cost is below the threshold
    tr = [f for f in _facts("Raporda, SLS'yi geliştirmek için sözleşmelerin her biri, 2 milyar dolarlık maliyet "
                            "aşımına neden oldu.", "tr") if f.kind == "money"]
    assert tr and all(shown_gate.displayable(f) for f in tr)  # still in the brief's facts, for comparisons
    assert not any(shown_gate.is_shown(f) for f in tr)


def test_bodies_are_not_shown_as_the_living():
    tr = "Afganistan, Pakistan ve Suriyeli milliyette 7 yasadışı göçmenin cesedi buldu."
    assert not [f for f in shown(tr, "tr") if f.kind == "count"]
    assert [(f.value, f.key) for f in shown("Police found the bodies of 3 people who died in the fire.", "en")] == [
        (3, "deaths")]  # bodies filed as deaths are fine
    assert [f.key for f in shown("Sınırda 40 mülteci yakalandı.", "tr")] == ["displaced"]  # control: no bodies


def test_a_german_compound_is_counted_whole_and_keyed_by_its_last_part():
    de = "In den USA gibt es knapp 1,9 Millionen bekannte Corona-Infektionen und mehr als 100.000 Tote."
    assert [(f.display, f.key) for f in shown(de, "de")] == [("about 1.9 million cases", "cases"),
                                                            ("more than 100,000 deaths", "deaths")]
    assert [f.key for f in shown("Es gibt 300 neue Corona-Fälle.", "de")] == ["cases"]
    assert [f.display for f in shown("Das kostet 370 Millionen US-Dollar.", "de")] == ["USD 370 million cost"]


def test_a_polish_adjective_before_its_noun_is_skipped_one_used_as_a_noun_is_counted():
    pl = "W Polsce w badanym roku zagrożonych ubóstwem było 9,7 proc. pełnoletnich pracowników."
    assert [f.counts for f in read(pl, "pl")] == ["pracowników"]
    assert not shown(pl, "pl")  # read right, but no key says what it counts: not in the table
    assert [f.counts for f in read("2,2 proc. ankietowanych wskazało, że pilnej poprawy potrzeba.", "pl")] == [
        "ankietowanych"]
    assert [f.counts for f in read("Badanie na próbie 1038 dorosłych Polaków.", "pl")] == ["dorosłych"]


def test_every_day_before_the_figure_and_cjk_per_week_make_a_rate():
    es = ("El Instituto Mexicano de Seguridad Social en promedio todos los días se otorgan más de 50 mil consultas "
          "de emergencia.")
    assert [f.display for f in read(es, "es")] == ["more than 50,000 consultas per day"]
    assert not shown(es, "es")  # no key
    assert [f.display for f in read("Täglich kommen 300 Menschen über die Grenze.", "de")] == ["300 people per day"]
    assert [f.display for f in read("该医院每周接待超过 500 名患者。", "zh")] == ["more than 500 名患者 per week"]
    assert [f.display for f in read("调查显示，39% 的小企业主每周工作超过 60 小时。", "zh") if f.kind == "count"] == [
        "more than 60 hours per week"]
    assert [f.display for f in read("他们工作了 60 小时。", "zh")] == ["60 hours"]
    # controls: a clause break, or no "every day"
    assert [f.display for f in read("Every day counts: 300 people crossed the border.", "en")] == ["300 people"]
    assert [f.display for f in read("El hospital otorgó más de 50 mil consultas.", "es")] == ["more than 50,000 consultas"]


def test_a_citations_date_after_a_quote_is_no_date_of_the_story():
    assert not shown("Our research found no reason to suspect fraud », The Washington Post, 26 février 2020.", "fr",
                     "2020-03-10")
    assert [f.display for f in shown("« Nous irons jusqu'au bout », a déclaré le ministre le 26 février 2020.", "fr",
                                     "2020-03-10")] == ["Wed 26 February 2020"]


def test_the_briefs_facts_table_applies_the_gate():
    from babelwire.brief import build_brief

    a = Article(id="a", language="en", published="2025-03-12T10:00:00Z",
                text="The storm killed 12 people on 10 March. If anything kills over 10 million people, it is a virus. "
                     "Support rose by 2.4 percentage points.")
    b = build_brief([a], embedder=None)
    shown = [f.display for _, fs in b.shown_facts() for f in fs]
    assert "12 deaths" in shown and not any("10 million" in d or "pp" in d for d in shown), shown
    # hidden from the table, still in the brief's facts
    assert any(f.value == 10_000_000 for f in b.facts) and any(f.display == "2.4 pp" for f in b.facts)


@pytest.mark.parametrize("text,lang,counts", [
    ("Vatandaşlar 55 bin noktada oy verecek.", "tr", "noktada"),
    ("The company has 50,000 followers on Twitter.", "en", "followers"),
    ("Polls indicate that 61 percent of Russians approve.", "en", "Russians"),
    ("W Rosji zarejestrowano 242 tysięcy chorych.", "pl", "chorych"),
    ("Spółka kupiła 100% udziałów w VMP.", "pl", "udziałów"),
])
def test_a_figure_known_only_by_its_word_is_read_but_not_shown(text, lang, counts):
    # facts15: rows showing the source word were right 109 of 182 times (samples 4-11); keyed ones 0.86
    fs = [f for f in read(text, lang) if f.kind != "date"]
    assert [(f.key, f.counts) for f in fs] == [(None, counts)]
    assert not shown_gate.displayable(fs[0]) and not shown_gate.is_shown(fs[0])
    assert not shown(text, lang)


def test_a_keyed_figure_beside_a_word_only_one_is_shown_alone():
    text = "Kazada 5 kişi yaralandı, 55 bin noktada oy verilecek."
    assert [f.display for f in shown(text, "tr")] == ["5 people"]
