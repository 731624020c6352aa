"""What a figure counts, keyed by the counted word in its inflected, plural or two-word forms
(keys17): the facts table shows only keyed figures, so a right figure whose word has no key is lost."""
from __future__ import annotations

import pytest

from tests.shown_facts import shown


def _keys(text, lang):
    return {(f.value, f.key) for f in shown(text, lang) if f.kind != "date"}


@pytest.mark.parametrize("text,lang,value,key", [
    # two-word counters: "miejsc pracy" is jobs, the first word alone is not
    ("Lumetra ogłosiła, że zlikwiduje 3,8 tys. miejsc pracy na całym świecie.", "pl", 3800, "jobs"),
    ("Das Übereinkommen muss noch vom Bundeskongress der Grünen mit fast 300 Delegierten abgesegnet werden.",
     "de", 300, "delegates"),
    ("Auf Lesbos kamen am Sonntagmorgen 400 Migranten an.", "de", 400, "migrants"),
    ("Die Ausstellung zählte 120.000 Besucher.", "de", 120000, "visitors"),
    ("Nel 2019 in Italia sono stati commessi 315 omicidi.", "it", 315, "homicides"),
    ("Filmik z incydentu ma już 3 mln wyświetleń.", "pl", 3000000, "views"),
    ("Sylwestra w TVP2 oglądało średnio 6 mln widzów.", "pl", 6000000, "viewers"),
    ("Según las autoridades hay ya 3.000 infectados en el país.", "es", 3000, "cases"),
    ("Апарат масою 2150 кг має дістатися точки L1.", "uk", 2150, "kg"),
    ("Вартість місії становить 480 млн євро.", "uk", 480_000_000, "cost"),
])
def test_inflected_and_glued_counter_words_are_keyed(text, lang, value, key):
    assert (value, key) in _keys(text, lang)


def test_seats_are_not_jobs():
    # control: "miejsc" alone (places, seats) names no key
    assert not any(f.key == "jobs" for f in shown("Stadion ma 40 tys. miejsc siedzących.", "pl"))


@pytest.mark.parametrize("text,lang,value,key", [
    ("한국은행이 기준금리를 연 2.75%에서 2.50%로 0.25%포인트 인하했다.", "ko", 2.5, "rate"),
    ("금통위는 올해 경제성장률 전망치를 기존 1.5%에서 0.8%로 대폭 낮췄다.", "ko", 0.8, "growth"),
    ("The bank cut its key rate by 25 basis points to 2.50% on Thursday.", "en", 2.5, "rate"),
    # a decimal comma is no clause break: the rate named before "0,25" still reaches "4,25 prosent"
    ("Norges Bank setter ned styringsrenten med 0,25 prosentenheter til 4,25 prosent.", "no", 4.25, "rate"),
])
def test_a_rate_moved_to_a_figure_keeps_its_key(text, lang, value, key):
    assert (value, key) in _keys(text, lang)


def test_a_second_rate_in_the_clause_is_not_the_first_ones():
    # control: "unemployment was 5%" is no inflation
    assert (5.0, "inflation") not in _keys("Inflation rose to 3% while unemployment was 5%.", "en")


def test_a_weight_is_not_a_head_count():
    # control: the visitors in the clause are not what 1360 kg weigh
    fs = shown("Около 1360 кг конфетти обрушилось на море посетителей.", "ru")
    assert not any(f.value == 1360 and f.key == "visitors" for f in fs)
