"""The error classes of sample 12 of shown facts (two blind readers, /work/scratch/s12judge), hidden or read right by
general rules per language (facts/shown_furniture.py, facts/shown_vetoes.py, data/counters.json): each with the
sample's sentence form and a control that must stay shown."""
from __future__ import annotations

from tests.shown_facts import shown


def _shown(text, lang):
    return [f.display for f in shown(text, lang)]


def test_identifiers_are_no_counts():
    assert _shown("Georgia House Bill 481, which passed by a small margin in 2019, bans abortions at around six weeks.",
                  "en") == ["6 weeks"] or "481" not in " ".join(_shown("Georgia House Bill 481 bans abortions.", "en"))
    assert [d for d in _shown("Georgia House Bill 481 bans abortions at six weeks.", "en") if "481" in d] == []
    assert _shown("Jeśli przystanek zostanie przeniesiony, to piesi będą musieli przecisnąć się przy budynku "
                  "Radzymińska 150.", "pl") == []
    assert [d for d in _shown("Der Artikel 5 gilt seit Jahren, 300 Menschen protestierten.", "de") if d.startswith("5 ")] == []
    assert [d for d in _shown("La Ley 27 protege a 300 trabajadores.", "es") if d.startswith("27")] == []
    assert [d for d in _shown("Das Formular liegt in der Obere Hangstraße 17 aus, sagten 40 Bewohner.", "de")
            if d.startswith("17")] == []
    # controls: the same numbers counting something
    assert _shown("The flood destroyed 481 homes in Georgia.", "en") == ["481 homes"]
    assert _shown("W pożarze zginęło 150 osób.", "pl") != []


def test_affiliate_notices_and_plural_print_editions_are_furniture():
    assert _shown("Oppure, se tieni il tuo acquisto nel carrello, riceverò una commissione se lo acquisti entro 90 giorni!",
                  "it") == []
    assert _shown("Non preoccuparti: tutto ciò che acquisti tramite esso per 24 ore dopo aver fatto clic pagherà una "
                  "commissione a Daily Pundit!", "it") == []
    assert _shown("Retrouvez un dossier complet dans les éditions papiers du jeudi 26 mars ou sur notre application.",
                  "fr") == []
    # controls: a commission of the story; an edition of a festival
    assert _shown("La Commissione europea acquisterà 300 milioni di dosi entro 90 giorni.", "it") != []
    assert _shown("Les éditions du festival ont attiré 20 000 personnes le jeudi 26 mars.", "fr") != []


def test_an_index_base_period_is_no_date():
    s = "Der Index erreichte den neuen Stand von 97,6 Punkten (Dezember 2015 = 100)."
    assert [d for d in _shown(s, "de") if "2015" in d] == []
    assert _shown("Im Dezember 2015 stieg der Index auf 100 Punkte.", "de") != []


def test_relative_times_and_clock_hours_are_no_durations():
    assert _shown("We’re three days into the new year.", "en") == []
    assert _shown("He would reconstruct the same Nifty, which it was five years back.", "en") == []
    assert _shown("Cinco años atrás, el caso seguía abierto.", "es") == []
    assert [d for d in _shown("En las 00 horas de este miércoles, cuatro sujetos armados entraron.", "es") if "hours" in d] == []
    assert [d for d in _shown("El ataque comenzó a las 10 horas.", "es") if "hours" in d] == []
    # controls: durations
    assert _shown("The strike lasted three days.", "en") == ["3 days"]
    assert "48 hours" in _shown("La búsqueda duró 48 horas.", "es")
    # "later" is read as a duration between two events (the labelled stories)
    assert _shown("Rückblickend bereitete er der drei Jahre später gegründeten AfD den Weg.", "de") == ["3 years"]


def test_a_compound_duration_is_not_read_in_part():
    assert [d for d in _shown("这是一个计划飞行时间为 17 小时 40 分钟的长途航班。", "zh") if d == "17 hours"] == []
    assert [d for d in _shown("The flight takes 17 hours 40 minutes.", "en") if d in ("17 hours", "40 minutes")] == []
    assert "17 hours" in _shown("The flight takes 17 hours.", "en")


def test_counts_keyed_by_what_happened_to_people():
    assert _shown("Concluyó 2019 con más de 28 mil personas asesinadas.", "es")[-1:] == ["more than 28,000 deaths"]
    assert "32 injured" in _shown("Un choque múltiple dejó a 32 personas lesionadas en la carretera.", "es")
    assert "32 people" not in _shown("Un choque múltiple dejó a 32 personas lesionadas en la carretera.", "es")
    assert "5 deaths" in _shown("Five people were murdered in the attack.", "en") or \
        "5 deaths" in _shown("5 people were murdered in the attack.", "en")


def test_wrong_keys_seats_and_turkish_business_compounds():
    assert [d for d in _shown("La struttura da 40.000 posti è stata presentata a maggio.", "it") if "jobs" in d] == []
    assert [d for d in _shown("Kuralları ihlal eden toplam 82 iş operatöründe uygulandı.", "tr") if "jobs" in d] == []
    assert [d for d in _shown("KızılayTekirdağ, 65 yaşından büyük vatandaşlara gıda teslim ediyor.", "tr") if "65" in d] == []
    # controls: jobs said in Turkish, an age
    assert _shown("Şirket 500 iş kaybetti.", "tr") == ["500 jobs"]
    assert _shown("65 yaşındaki adam öldü.", "tr") == ["65 years"]


def test_a_fractional_head_count_is_garbled():
    s = "Sind Fälle in Kärnten 416.13 Personen bestätigt, die das Virus gestorben sein."
    assert [d for d in _shown(s, "de") if "416" in d] == []
    assert "416 cases" in _shown("In Kärnten gibt es 416 bestätigte Fälle.", "de") or \
        _shown("In Kärnten wurden 416 Fälle bestätigt.", "de") != []
