"""The error classes of sample 10 of shown facts (tests/data/briefs-dev/shown-facts-judged-10.jsonl), hidden or
read right by general rules per language (facts/shown_furniture.py, facts/shown_vetoes.py, the extractor): each
with the sample's sentence form and a control that must stay shown."""
from __future__ import annotations

from babelwire.facts.extract import extract_facts
from babelwire.facts.shown_gate import vetoed
from babelwire.models import Article
from tests.shown_facts import read, shown


def _shown(text, lang):
    return [f.display for f in shown(text, lang)]


def _read(text, lang):
    """Also the readings known by their counted word alone, which the table no longer shows (facts15):
    the rules of this sample are about reading them right."""
    return [f.display for f in read(text, lang)]


def test_print_edition_and_e_paper_promos_are_furniture():
    assert _shown("Mehr dazu lesen Sie in der Ausgabe 14. April entweder frisch gedruckt oder ab 1 Uhr online als "
                  "ePaper oder schon vorab exklusiv in der MT-App.", "de") == []
    assert _shown("Lea más detalles sobre estas y otras noticias en la edición impresa de DIARIO EXTRA de mañana "
                  "sábado 22 de febrero.", "es") == []
    assert _shown("Read the full story in our print edition of March 12.", "en") == []
    assert _shown("Więcej w piątkowym wydaniu papierowym z 14 lutego.", "pl") == []
    # controls: an edition of a festival, a spending ("Ausgabe") in a story
    assert _shown("Die 14. Ausgabe des Festivals zog am 14. April 20.000 Besucher an.", "de") != []
    assert _shown("La edición del festival atrajo a 20.000 personas el 14 de abril.", "es") != []


def test_prompts_to_the_reader_and_copyright_lines_are_furniture():
    assert _shown("Hier lernen Sie die wichtigsten Ereignisse aus der Region - in 120 Sekunden.", "de") == []
    assert _shown("© Fränkische Nachrichten, Mittwoch, 11.03.2020 untergeladen und soll bei Marliese Ackermann "
                  "abgegeben werden.", "de") == []
    # controls: a headline run together before a prompt is the story's; the same figures in a sentence of the story
    assert _shown("Памятное десятилетие в Девоне Подпишитесь на БЕСПЛАТНЫЕ ежедневные оповещения по электронной почте "
                  "Спасибо за подписку Не удалось подписаться, повторите попытку позже Неверный адрес электронной почты "
                  "Итак, прощайте, безымянное десятилетие, о котором мало кто будет оплакивать», — пишет Мартин Фриман. "
                  "Мы пережили десять лет аскезы и исчезновения насекомых.", "ru") == ["10 years"]
    assert _shown("Die Feuerwehr brauchte am Mittwoch, 11.03.2020, nur 120 Sekunden bis zum Brand.", "de") != []


def test_a_consent_banner_date_is_no_date_of_the_story():
    assert _shown("Siemanko! W dniu 25 maja 2018 r. Rozporządzenie Rodo weszło w życie. Dlatego chcielibyśmy "
                  "poinformować Cię o przetwarzaniu danych.", "pl") == []
    assert _shown("Pożar wybuchł 25 maja 2020 r. w Krakowie. Strażacy gasili go przez 5 godzin.", "pl")[:1] == [
        "Mon 25 May 2020"]


def test_a_postcode_glued_to_its_town_is_no_count():
    text = "Das Formular sollte bei Marliese Ackermann, Obere Hangstraße 17, 74831Walldürn, abgegeben werden."
    assert [d for d in _read(text, "de") if "74" in d] == []
    assert _read("Im Jahr 2019 kamen 74831 Besucher, mehr als je zuvor.", "de") != []


def test_a_scale_word_with_an_ending_or_after_a_complete_number_is_not_read_in_part():
    text = "İlk vaka tespitinden 100 binincisine 67 gün, ikinci 100 bine 11 gün, “100 bin vakaya ise dört günde ulaşıldı."
    out = _read(text, "tr")
    assert "100 cases" not in out and "100,000 cases" in out
    assert _read("W Rosji według ostatnich danych zarejestrowano 242 271 tysięcy chorych w 85 regonach.", "pl") == []
    # controls: a scale after a plain number, and "1.500 millones" (1.5 billion)
    assert _read("W Rosji zarejestrowano 242 tysięcy chorych.", "pl") == ["242,000 chorych"]
    fs = extract_facts(Article(id="t", text="El Gobierno destinará 1.500 millones de euros al plan.", language="es",
                               published="2020-05-28"))
    assert [f.value for f in fs if not vetoed(f)] == [1.5e9]


def test_the_denominator_and_numerator_of_a_rate_are_not_counts():
    assert _shown("Bezogen auf die Bevölkerung entsprach dies zehn Geburten sowie neun Sterbefällen je 1.000 "
                  "Einwohner.", "de") == []
    assert _shown("The death rate is 12 deaths per 100,000 people.", "en") == []
    assert _shown("La tasa es de 12 muertes por cada 100.000 habitantes.", "es") == []
    assert _shown("Wskaźnik wynosi 30 zakażeń na 100 tys. mieszkańców.", "pl") == []
    assert _shown("Na 100 tys. mieszkańców przypada 30 zakażeń.", "pl") == []
    assert _shown("Her 100 bin kişi başına 50 vaka düştü.", "tr") == []
    assert _shown("每10万人中有50人感染。", "zh") == []
    assert _shown("سجلت 12 حالة وفاة لكل 100 ألف نسمة.", "ar") == []
    # controls: "je" that means "each", a count of people with no rate
    assert _shown("Die 200 Mitarbeiter erhalten je 1.000 Euro Prämie.", "de")[:1] == ["200 employees"]
    assert _shown("Die Stadt hat 100.000 Einwohner.", "de") == ["100,000 people"]


def test_a_unit_of_measure_stops_a_head_count_key():
    text = ("Das zeigte sie gestern gegen 15 Uhr Ortszeit im etwa 80 Kilometer von der Borno-Hauptstadt Maidu "
            "Entführungen durch Fulbe-Banditen in der Region starben.")
    assert [d for d in _shown(text, "de") if "deaths" in d] == []
    assert _shown("Bei dem Anschlag starben 80 Menschen.", "de") == ["80 deaths"]


def test_survivors_and_workers_are_what_they_are():
    assert _shown("Jahrestag der Befreiung: 60 KZ-Überlebende werden erwartet.", "de") == ["60 survivors"]
    assert _shown("Kocaeli'de her bir fabrikada binlerce işçi dip dibe çalışıyor.", "tr") == ["thousands employees"]
    # control: the rescued stay rescued, jobs stay jobs
    assert _shown("Firefighters rescued 12 people from the flood.", "en") == ["12 rescued"]
    assert _shown("Şirket 500 iş kaybetti.", "tr") != ["500 employees"]


def test_polish_and_russian_to_after_a_change_or_a_preposition_is_no_bound():
    assert _read("Cena zakupu w odniesieniu do 100% udziałów w VMP wynosi 5 mln zł.", "pl")[:1] == ["100% udziałów"]
    assert _read("Liczba zakażonych wzrosła do 500 osób.", "pl") == ["500 cases"]
    assert _read("Банк снизил ставку до 0,25%.", "ru") == ["0.25% rate"]
    # control: "do" alone is "up to"
    assert _read("Kara wynosi do 500 zł.", "pl") == ["less than PLN 500 fine"]


def test_polish_o_gives_a_difference_and_100_percent_after_a_copula_is_a_figure_of_speech():
    assert _read("Liczba chorych wzrosła prawie o 900 osób.", "pl") == []
    assert _read("There are people that don’t feel 100% real.", "en") == []
    assert _read("Ich bin mir zu 100 Prozent sicher, sagte er. Er ist 100 Prozent sicher.", "de") == []
    # controls: the hour after "o", a change keyed as such, a share of 100%
    assert _read("Trzeba było zapłacić 330,8 PLN (wzrost o 0,55 procent).", "pl") == ["0.55% growth"]
    fs = extract_facts(Article(id="t", text="Spotkanie zaczęło się o godzinie 15, przyszło 900 osób.", language="pl",
                               published="2020-05-28"))
    assert any(f.value == 900 for f in fs)
    assert _read("Spółka kupiła 100% udziałów w VMP.", "pl") == ["100% udziałów"]


# Classes found in a self-audit of 150 unjudged shown facts (not blind: read by the session that wrote the rules).

def test_a_unit_word_after_the_number_stops_a_key_from_elsewhere():
    assert _shown("En el video de cuatro minutos, el novio parece estar en un uniforme de paramédico.", "es") == []
    assert _shown("Los jugadores lo apoyan después de la muerte de su hijo de 6 meses.", "es") == []
    assert _shown("A shoulder injury cost him the final three games of the season.", "en") == []
    # controls: a duration under its own key, an amount under a money key
    assert _shown("Murieron 6 personas en seis meses.", "es") == ["6 deaths"]
    assert _shown("The repairs cost $3 million.", "en") == ["USD 3 million cost"]


def test_a_counted_word_that_counts_nothing_is_hidden():
    assert _read("La pagina ha venduto sessioni per Rs 1.000 e Rs 1.500 secondo il periodo di tempo.", "it") == []
    assert _read("Когда менее 50% наших государственных студентов не читают на уровне класса?", "ru") == []
    assert _read("Bien que le rendement du dividende de 1,2% d'Implenia ne soit pas le plus élevé.", "fr") == []
    # control: a noun after the figure stays
    assert _read("Только 32% третьеклассников округа читают на уровне класса.", "ru") == ["32% третьеклассников"]


def test_a_daily_period_before_a_turkish_figure_and_page_widgets():
    assert _shown("Uygulamanın sürücülere günlük 9 saat verdiğini belirtti.", "tr") == []
    assert _shown("Kamyoncular Avrupa'da 9 saatte 800 kilometre yol gidebiliyor.", "tr") != []
    assert _shown("APRIL 2020QUELLE: AFPTV6.7.LYON, RHÔNE, FRANKREICH24.", "en") == []
    assert _shown("Lea el tiempo 1 minuto, 14 Secondjujuy al Day, ya que el Ministerio informó.", "es") == []
    assert _shown("今天，您可以下载未来 30 天的 7 只最佳股票。", "zh") == []


def test_controls_read_in_the_whole_dev_store():
    # Polish "o" that means "about"; Italian "per" that means "for"; a prompt whose clause ends before the story
    assert _read("Chiny raportowały o 27 przypadkach zapalenia płuc o nieznanej przyczynie.", "pl") == ["27 cases"]
    assert _read("Trascinando le bare sul pavimento per otto persone uccise il giorno prima.", "it") == ["8 deaths"]
    # "omicidi" is keyed since keys17
    assert "194 homicides" in _read("CLICCA QUI PER L'APP FOX NEWS Nel 2019, St. Louis ha registrato 194 omicidi, "
                                   "rispetto ai 186 del 2018.", "it")
    assert _read('For details, click here "It is our right to dream" exhibition When: Until January 18, 2020; '
                  "10 am - 10pm.", "en") == ["by Sat 18 January 2020"]
