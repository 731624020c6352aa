"""Numbers and dates in every script: each form in its own script, and the labelled real-news readings."""
from __future__ import annotations

from pathlib import Path

import pytest

from babelwire.facts.dates import find_dates
from babelwire.facts.extract import extract_facts
from babelwire.facts.number_eval import SHOWN, evaluate_numbers, load_number_labels
from babelwire.facts.types import CONFIDENT
from babelwire.models import Article

DATA = Path(__file__).parent / "data"


def facts(text, lang, published="2025-03-12"):
    return [f for f in extract_facts(Article(id="t", text=text, language=lang, published=published))
            if f.kind != "date"]


def one(text, lang):
    fs = facts(text, lang)
    assert len(fs) == 1, [(f.display, f.value) for f in fs]
    return fs[0]


# --------------------------------------------------------------------------- compound and scaled numbers

@pytest.mark.parametrize("text,lang,value", [
    ("وبلغ عدد المصابين 950 ألفًا و430 حالة", "ar", 950_430),
    ("وبلغ عدد المصابين ٩٥٠ ألفًا و٤٣٠ حالة", "ar", 950_430),  # Arabic-Indic digits
    ("وتقدر القيمة المالية للمواد المخدرة المضبوطة بحوالي مليون و 300 ألف جنيه.", "ar", 1_300_000),
    ("全国共有3977万人受灾", "zh", 39_770_000),
    ("投资1.2亿元", "zh", 120_000_000),
    ("价值 135 亿美元的和解协议", "zh", 13_500_000_000),  # a space before the scale
    ("被害額は3億円", "ja", 300_000_000),
    ("연간 7억5000만 달러를 절감", "ko", 750_000_000),
    ("직원 4만2000명", "ko", 42_000),
    ("3조 2000억 원", "ko", 3_200_000_000_000),
    ("सरकार ने 75 करोड़ रुपये दिए", "hi", 750_000_000),
    ("The state spent 2.5 lakh rupees on it.", "en", 250_000),
    ("Salgında 25 bin 239 kişi hayatını kaybetti.", "tr", 25_239),
    ("se habían registrado 786 mil 228 casos confirmados", "es", 786_228),
])
def test_compound_and_scaled_numbers(text, lang, value):
    f = one(text, lang)
    assert f.value == pytest.approx(value)
    assert f.confidence >= CONFIDENT


def test_a_comma_or_full_stop_closes_a_compound_number():
    # "6 bin 820, Çin'de", "12 tys. 132.": read whole, not as 6,000 and 12,000 (only a decimal continues)
    assert [f.value for f in facts("İtalya'da 6 bin 820, Çin'de ise 3 bin 285'ten sonra alındı.", "tr")] == [
        6_820, 3_285]
    assert [f.value for f in facts("Liczba przypadków COVID-19 wzrosła do 12 tys. 132.", "pl")] == [12_132]
    assert [f.value for f in facts("Kurs wynosi 4 tys. 2,5 proc. więcej.", "pl")][:1] == [4_000]


def test_currency_names_before_the_amount():
    f = one("Lower Austria recorded +Euro 0.74 bn in imports.", "en")
    assert (f.unit, f.value) == ("EUR", pytest.approx(0.74e9))
    f = one("Il paquete cuesta Rs 1.500 al mese.", "it")
    assert (f.unit, f.value) == ("INR", 1500)


@pytest.mark.parametrize("text,lang,value,upper", [
    ("Chelsea announced losses of nearly £100m for the year.", "en", 100e6, None),
    ("It cost $5bn.", "en", 5e9, None),
    ("Der Konzern legte eine halbe Milliarde Euro für Verluste zurück.", "de", 0.5e9, None),
    ("You will see 15% to 30% lower utility bills.", "en", 15, 30),
])
def test_glued_scales_halves_and_percent_ranges(text, lang, value, upper):
    f = one(text, lang)
    assert (f.value, f.upper) == (pytest.approx(value), upper)


def test_number_words_are_read_with_text2num():
    f = one("Deux mille emplois seront supprimés.", "fr")
    assert (f.value, f.key) == (2000, "jobs")
    f = one("Diecinueve mil personas huyeron.", "es")
    assert (f.value, f.key) == (19_000, "people")
    assert SHOWN <= f.confidence < 1.0  # words are read a little less surely than digits


@pytest.mark.parametrize("text,lang,value,key", [
    ("BPBD Sulawesi Barat mencatat sembilan orang meninggal dunia.", "id", 9, "deaths"),
    ("Власти эвакуировали жителей шести населённых пунктов.", "ru", 6, "villages"),
    ("Altı yerleşim yeri tahliye edildi.", "tr", 6, "villages"),
    ("Pożar strawił dwa domy.", "pl", 2, "homes"),
    ("放流量を変更する際は少なくとも72時間前に通知する", "ja", 72, "hours"),  # a duration, not a clock time
])
def test_number_words_from_our_table_and_cjk_durations(text, lang, value, key):
    f = one(text, lang)
    assert (f.value, f.key) == (value, key) and f.confidence >= SHOWN


def test_a_number_word_without_a_known_noun_is_not_shown():
    assert shown("Он сказал это три раза.", "ru") == []


@pytest.mark.parametrize("text,lang,lo,hi,key", [
    ("Between 10 and 15 people died.", "en", 10, 15, "deaths"),
    ("10-15 people were injured.", "en", 10, 15, "injured"),
    ("Der Steuersatz liege zwischen 15 und 25 Prozent.", "de", 15, 25, None),
    ("Yarın sıcaklığın 27 – 30 derece dolaylarında seyretmesi bekleniyor.", "tr", 27, 30, "°"),
    ("Entre 2 et 3 millions de personnes sont touchées.", "fr", 2e6, 3e6, "affected"),
])
def test_ranges_are_one_fact_with_an_upper_bound(text, lang, lo, hi, key):
    f = one(text, lang)
    assert (f.value, f.upper, f.key) == (pytest.approx(lo), pytest.approx(hi), key)
    assert "–" in f.display


@pytest.mark.parametrize("text,lang,bound,approx", [
    ("più di 14 milioni di persone", "it", "min", False),
    ("ponad 16,5 tys. testów", "pl", "min", False),
    ("более 9 лет", "ru", "min", False),
    ("yaklaşık 33 milyon kişi", "tr", None, True),
    ("超过 100 万老年人", "zh", "min", False),
    ("100 多名海军陆战队队员", "zh", "min", False),
    ("Около 1360 кг конфетти", "ru", None, True),
    ("15 مليون ريال كحد أقصى", "ar", "max", False),
    ("more than 1.5 million people", "en", "min", False),
])
def test_more_than_and_about_in_many_languages(text, lang, bound, approx):
    f = one(text, lang)
    assert (f.bound, f.approx) == (bound, approx)


# --------------------------------------------------------------------------- glued tokens

def test_a_number_glued_to_a_word_is_never_mangled():
    fs = facts("Le projet de verrouillage2 000 emplois a été annoncé.", "fr")
    assert all(f.value != 0 for f in fs)
    (f,) = fs
    assert f.value == 2000 and f.confidence < SHOWN  # kept for the record, never set against a source
    assert facts("Highs in the upper 20s on Friday.", "en") == []  # a decade, not "20 s"
    assert facts("Il a terminé 5th au classement, la 4G arrive.", "fr") == []


def shown(text, lang):
    return [(f.display, f.confidence) for f in facts(text, lang) if f.confidence >= SHOWN]


def test_what_is_not_a_count():
    assert all(f.value != 10 for f in facts("Neun von zehn Menschen sind betroffen.", "de"))  # the whole
    assert all(f.key != "magnitude" for f in facts("这次旅行对 9-12 年级的学生开放", "zh"))  # school grades
    assert shown("They went 12-4 and won the NFC North.", "en") == []  # a record, not "4"
    assert facts("燃料成本将从 2 月份的低点上涨，上午 8 点", "zh") == []  # a month, a clock time
    assert facts("dozens lit candles just before 10 p.m to celebrate", "en") == []
    assert facts("Thousands of tourists have been told to flee.", "en") == []  # many, not 1,000
    f = one("A 15-year-old passenger also suffered injuries.", "en")
    assert f.confidence < CONFIDENT  # an age written as a compound, not a duration to compare


def test_percentage_points_and_display():
    f = one("Die Arbeitslosenquote lag 0,1 Prozentpunkte unter dem Vorjahresmonat.", "de")
    assert (f.value, f.unit, f.kind) == (0.1, "pp", "count")
    f = one("Rumunia odnotowała spadek o 2,4 p.p.", "pl")
    assert f.unit == "pp"
    f = one("SoftBank ha perso $ 8,8 miliardi nel secondo trimestre.", "it")
    assert f.value == pytest.approx(8.8e9) and f.display.startswith("USD 8.8 billion")


def test_names_phone_numbers_and_times_are_not_quantities():
    assert facts("وصلنا إلى تقييم مفاده أن كوفيد -19 يمكن تصنيفه بأنه وباء", "ar") == []
    assert facts("Звоните (320) 859-2325 для бронирования.", "ru") == []


# --------------------------------------------------------------------------- units

@pytest.mark.parametrize("text,lang,value,unit", [
    ("The fire spread 30 miles north.", "en", 30, "mi"),  # never silently km
    ("El humo sopló 1,200 millas al sureste.", "es", 1200, "mi"),
    ("La ville est à 175 kilomètres au sud-ouest.", "fr", 175, "km"),
    ("Temperatures will be around 50°F at dinner time.", "en", 50, "°F"),
    ("touching almost 20 degrees Celsius in Delhi", "en", 20, "°C"),
    ("quand il fait environ 30 degrés", "fr", 30, "°"),
    ("Порывы ветра могут достигать 40 км/ч.", "ru", 40, "km/h"),
    ("Die Inflation lag bei 2,9 Prozent.", "de", 2.9, "%"),
    ("Taksilerde yüzde 30 zam bekliyoruz.", "tr", 30, "%"),
    ("Na prezydenta oddałoby głos 26,60 proc. badanych.", "pl", 26.6, "%"),
])
def test_units(text, lang, value, unit):
    f = one(text, lang)
    assert (f.value, f.unit) == (pytest.approx(value), unit)


# --------------------------------------------------------------------------- what is counted

def test_key_comes_from_the_counted_noun():
    f = one("He took home $1 million in prize money.", "en")
    assert (f.kind, f.unit, f.key) == ("money", "USD", None)  # money, not homes
    f = one("Las lluvias dejaron 19 mil damnificados en la región.", "es")
    assert (f.value, f.key) == (19_000, "affected")  # people affected, not deaths
    f = one("Roughly 46% of dinner meals are now eaten at diners' homes.", "en")
    assert (f.kind, f.key) == ("percent", None)
    f = one("Causaron inundaciones que obligaron a más de 19 mil personas a dejar sus hogares.", "es")
    assert f.key == "people"  # a head count is not refined into homes
    f = one("Sprawa może trafić do sądu, a wtedy kara wzrośnie do 100 tys. zł.", "pl")
    assert (f.unit, f.key) == ("PLN", "fine")


def test_confidence_follows_how_the_key_was_found():
    near = one("The quake killed 14 people on Tuesday.", "en")
    unknown = one("Il a vendu 6378 bicyclettes.", "fr")
    assert near.confidence >= CONFIDENT
    assert SHOWN <= unknown.confidence < CONFIDENT  # shown, never a conflict


# --------------------------------------------------------------------------- dates

def test_day_of_month_tokens():
    (d,) = find_dates("한국은행은 14일 기준금리를 동결했다.", "ko", published="2025-03-12")
    assert d.value.isoformat() == "2025-03-14" and d.confidence < 1.0
    (d,) = find_dates("As aulas foram suspensas até quinta-feira (13).", "pt", published="2025-03-12")
    assert d.value.isoformat() == "2025-03-13" and not d.weekday_mismatch
    (d,) = find_dates("日本政府は28日に発表した。", "ja", published="2025-03-02")
    assert d.value.isoformat() == "2025-02-28"  # the nearest 28th is last month's
    assert find_dates("3日間の休み", "ja", published="2025-03-12") == []  # a span of days


def test_weekday_in_a_forecast_points_forward():
    pub = "2025-03-12"  # a Wednesday
    (d,) = find_dates("Rain is expected Friday night.", "en", published=pub)
    assert d.value.isoformat() == "2025-03-14"
    (d,) = find_dates("Highs in the upper 20s on Friday.", "en", published=pub)
    assert d.value.isoformat() == "2025-03-14"
    (d,) = find_dates("The quake struck on Friday, officials said.", "en", published=pub)
    assert d.value.isoformat() == "2025-03-07" and d.confidence < CONFIDENT
    (d,) = find_dates("Am kommenden Freitag wird gestreikt.", "de", published=pub)
    assert d.value.isoformat() == "2025-03-14"


# --------------------------------------------------------------------------- labelled real news

@pytest.mark.parametrize("name,floor", [("numbers-dev.jsonl", 0.9), ("numbers-dev-heldout.jsonl", 0.85)])
def test_labelled_dev_readings(name, floor, capsys):
    """Real sentences from the SemEval dev set, labelled by reading (tests/data/README-numbers-dev.md).

    Before this work the same scorer gave 0.47 and 0.51 with 41 and 19 confident errors."""
    r = evaluate_numbers(load_number_labels(DATA / name))
    with capsys.disabled():
        print(f"\n{name}: {r['all']}")
    assert r["all"]["accuracy"] >= floor
    assert r["all"]["confident_wrong"] <= 2


def test_turkish_capital_dotted_i_number_word_is_read_not_a_crash():
    """"İki" lower-cases to "i" + U+0307; it once crashed every brief of a story holding it."""
    from babelwire.facts.number_forms import word_numbers

    text = "İki kişi öldü, üç kişi yaralandı."
    assert [v for _, _, v, _ in word_numbers(text, text, "tr")] == [2.0, 3.0]


def test_a_date_without_a_year_to_place_it_shows_day_and_month():
    """Undated articles (the SemEval dev set has no publication dates): "December 17" was shown
    as "?"; it is now day and month, ISO 8601's --MM-DD, never placed on a timeline."""
    from babelwire.facts.evaluation import value_matches
    from babelwire.facts.extract import extract_facts
    from babelwire.models import Article

    a = Article(id="x", text="The surgery took place on December 17 at a Berlin hospital.", language="en")
    (f,) = [f for f in extract_facts(a) if f.kind == "date"]
    assert f.value == "--12-17" and f.display == "17 December"
    assert value_matches(f.value, "2019-12-17") and not value_matches(f.value, "2019-12-18")
    from babelwire.translate.words import when

    assert when("--12-17", "day", "fr") == "17 décembre" and when("--12-17", "day", "en") == "December 17"


@pytest.mark.parametrize("text,lang,value,key", [
    ("Hundreds of protesters gathered outside the embassy.", "en", 100, "protesters"),
    ("Am Dienstag hatten Hunderte Demonstranten die Zone gestürmt.", "de", 100, "protesters"),
    ("Kilkuset demonstrantów protestowało we wtorek.", "pl", 100, "protesters"),
    ("Des milliers de manifestants ont défilé à Paris.", "fr", 1000, "protesters"),
    ("Miles de manifestantes marcharon en Madrid.", "es", 1000, "protesters"),
    ("Decine di migliaia di manifestanti a Roma.", "it", 10000, "protesters"),
    ("Сотни демонстрантов вышли на улицы.", "ru", 100, "protesters"),
    ("Binlerce gösterici meydanda toplandı.", "tr", 1000, "protesters"),
    ("数千名抗议者聚集在大使馆外。", "zh", 1000, "protesters"),
    ("Tens of thousands of people were evacuated.", "en", 10000, "displaced"),
])
def test_order_of_magnitude_words(text, lang, value, key):
    """Plural number words give an order of magnitude, shown as such, never as a figure."""
    f = one(text, lang)
    assert (f.value, f.key, f.precision) == (value, key, "magnitude"), (f.value, f.key, f.precision)
    assert f.confidence >= CONFIDENT and not f.display.startswith("about")
    assert f.display.split()[0] in ("hundreds", "thousands", "tens")


def test_a_magnitude_word_after_a_number_is_its_scale():
    # "2 Tausende" is not written; "dwa tysiące" (2,000) and "3 thousand" are numbers, not magnitudes.
    assert all(f.precision != "magnitude" for f in facts("Dwa tysiące osób zginęło.", "pl"))
    assert all(f.precision != "magnitude" for f in facts("Around 3 thousands of people died.", "en"))


def test_ordinals_shares_and_conversions_of_other_numbers():
    # "第 309 条", "第 417 和 420 条" name articles of a code; "1 in every 5 days" is a share.
    assert facts("警方将案件从 IPC 的第 309 条更改为第 417 和 420 条。", "zh") == []
    assert all(f.value != 5 for f in facts("He spent '1 in every 5 days' at a golf club.", "en"))
    # Polish writes 28,700 as "28 tys. 700"; the abbreviation's dot ends no sentence.
    (f,) = facts("Z policyjnych danych wynika, że 28 tys. 700 osób witało Nowy Rok.", "pl")
    assert (f.value, f.key) == (28700, "people")


@pytest.mark.parametrize("text,lang,value,unit,raw", [
    ("获得了价值 75 万卢比的珠宝", "zh", 750000, "INR", "75 万卢比"),
    ("以节省约 8100 万列弗，公司表示。", "zh", 81000000, "BGN", "8100 万列弗"),
    ("募集了 3300 万英镑", "zh", 33000000, "GBP", "3300 万英镑"),
    ("Il a récolté 39 millions de francs suisses.", "fr", 39000000, "CHF", "39 millions"),
])
def test_currency_names_in_cjk_and_swiss_francs(text, lang, value, unit, raw):
    f = one(text, lang)
    assert (f.kind, f.value, f.unit, f.raw) == ("money", value, unit, raw)


def test_a_key_word_that_counts_another_number_is_not_taken():
    # "muertos" counts the nine; "stoned to death" belongs to the nine Lesotho nationals.
    fs = facts("Nueve muertos y miles más evacuados tras las inundaciones.", "es")
    assert [(f.value, f.key) for f in fs] == [(9, "deaths")]
    fs = facts("Police said they had taken in 87 people regarding the murder of nine Lesotho "
               "nationals who were stoned to death.", "en")
    assert [(f.value, f.key) for f in fs if f.value == 87] == [(87, "people")]
    assert one("The quake killed 14 people, officials said.", "en").key == "deaths"
    assert one("地震造成 9 人死亡", "zh").key == "deaths"


def test_a_wire_dateline_is_not_a_fact_and_months_score_as_months():
    from babelwire.facts.evaluation import value_matches

    fs = extract_facts(Article(id="t", text="Italia cierra escuelas hasta el 15 de marzo por coronavirus "
                                           "Roma, 4 Mar (EFE) .", language="es"))
    assert [(f.kind, f.value) for f in fs] == [("date", "--03-15")]
    fs = extract_facts(Article(id="t", text="Turkey lifted the curfew on May 3 (Sunday) and on May 10 (UTC).",
                               language="en"))
    assert [f.value for f in fs if f.kind == "date"] == ["--05-03", "--05-10"]
    (f,) = [f for f in extract_facts(Article(id="t", text="Kim hatte im April 2018 verzichtet.", language="de"))
            if f.kind == "date"]
    assert value_matches(f.value, "2018-04") and not value_matches(f.value, "2018-05")


def test_list_bullets_bound_what_a_number_counts():
    # "* Два человека погибли * Около 20 горящих лесных пожаров": the 20 are fires, not deaths.
    fs = facts("Новый Южный Уэльс * Два человека погибли * Около 20 горящих лесных пожаров * "
               "Более 60 000 гектаров сожжено", "ru")
    assert [(f.value, f.key) for f in fs if f.value in (2, 20, 60000)] == [(2, "deaths"), (20, None), (60000, "area")]


@pytest.mark.parametrize("text,lang", [
    ("Asimismo, 98 pacientes se encuentran ingresados en hospitales, mientras que otros 104 en CDI.", "es"),
    ("20 stycznia potwierdziły w laboratoriach 295 przypadków, z czego 291 w Chinach.", "pl"),
    ("En concreto, son 153 las personas infectadas fuera de China.", "es"),
    ("Il presidente ha ordinato a circa 750 soldati di partire, con circa 3.000 in più pronti.", "it"),
    ("Nach der Auszählung von 90 Prozent der Stimmen kam der Likud auf 36 Sitze.", "de"),
    ("A family of four, which previously would have received $903 on their income tax return.", "en"),
    ("新费率还将帮助支付价值 6750 万美元的新中央图书馆。", "zh"),
    ("回收计划现在将花费单户每月 7.38 美元和多单元建筑中的 3.71 美元。", "zh"),
    ("Le programme s'élève à 130 milliards d'euros [146 milliards de dollars].", "fr"),
])
def test_a_function_word_never_says_what_is_counted(text, lang):
    # "104 en", "291 w", "153 las", "3,000 in", "90% der", "$903 on", "的新中央", "和多单元", "dollars" again
    from babelwire.facts.lexicon import is_function_word

    bad = [f.display for f in facts(text, lang)
           if f.counts and (is_function_word(f.counts, lang) or f.counts.lower().endswith(("dollars", "euros")))]
    assert bad == []
    assert not is_function_word("infectados", "es") and not is_function_word("抗议者", "zh")


@pytest.mark.parametrize("text,lang", [
    ("SEE BELOW: See our 7-day forecast", "en"),
    ("Esta nota ha sido leída aproximadamente 1589 veces.", "es"),
    ("The article has 2,345 views.", "en"),
    ("He was charged under section 306 of the penal code.", "en"),
    ("Sąd orzekł na podstawie art. 148 kodeksu karnego.", "pl"),
    ("Bezpieczeństwo wzrosło dzięki takim świadczeniom, jak 13. emerytura.", "pl"),
    ("警方将案件从 IPC 的第 309 条（企图自杀）更改为第 417 和 420 条（作弊）和 306 条（教唆自杀）。", "zh"),
])
def test_page_widgets_counters_sections_and_ordinals_are_not_facts(text, lang):
    assert facts(text, lang) == []


def test_a_key_is_not_borrowed_across_a_clause_or_from_another_item():
    # a headline's "ofiary" (victims) does not name the 69 new cases of the quote after it
    fs = facts('Kolejne ofiary  "Mamy 69 nowych i potwierdzonych przypadków zakażenia" - powiedział resort.', "pl")
    assert all(f.key != "deaths" for f in fs), [(f.display, f.key) for f in fs]
    # "muertos" is the sixteen's; the five are injured ("lesionados" is keyed since facts16)
    fs = facts("La riña dejó 16 presos muertos y cinco lesionados, informó el gobierno.", "es")
    assert [f.key for f in fs if f.value == 5] == ["injured"]
    assert one("Se registró un sismo de magnitud 6,9 en la costa.", "es").key == "magnitude"
    # "hogar de unos 30 millones": "unos" is no 1 home
    fs = facts("Las lluvias cortaron la luz en Yakarta, hogar de unos 30 millones de personas.", "es")
    assert [(f.value, f.key) for f in fs] == [(30e6, "people")]
    # "Seven of the dead were in Majene": a part of the toll, no toll of its own
    assert [f.key for f in facts("Seven of the dead were in Majene regency.", "en")] in ([], [None])
