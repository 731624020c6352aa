"""Each number and date form of issue 11 in the scripts it is written in: Arabic, Devanagari,
Chinese, Japanese, Korean and Cyrillic news sentences, read through the public extraction API.

Where a form cannot be read with confidence the test says it is not misread instead.
"""
from __future__ import annotations

import pytest

from babelwire.facts.dates import find_dates
from babelwire.facts.extract import extract_facts
from babelwire.facts.number_eval import SHOWN
from babelwire.facts.types import CONFIDENT
from babelwire.models import Article

PUB = "2025-03-12"  # a Wednesday: Friday ahead is the 14th, Friday past the 7th


def facts(text, lang, published=PUB):
    return [f for f in extract_facts(Article(id="t", text=text, language=lang, published=published))
            if f.kind != "date"]


def one(text, lang):
    fs = facts(text, lang)
    assert len(fs) == 1, [(f.display, f.value, f.key) for f in fs]
    return fs[0]


# --------------------------------------------------------------------------- compound and scaled numbers

@pytest.mark.parametrize("text,lang,value", [
    ("बाढ़ से राज्य में 2 लाख लोग प्रभावित हुए हैं।", "hi", 200_000),
    ("सरकार ने पीड़ितों को 2.5 लाख रुपये का मुआवजा दिया।", "hi", 250_000),
    ("इस योजना पर 1,200 करोड़ रुपये खर्च होंगे।", "hi", 12_000_000_000),
    ("約4万5000人が避難した。", "ja", 45_000),
    ("日本の人口は1億2000万人を下回った。", "ja", 120_000_000),
    ("全国人口约为14亿1000万人。", "zh", 1_410_000_000),
    ("وبلغ عدد سكان المدينة 3 ملايين و500 ألف نسمة.", "ar", 3_500_000),
    ("정부는 1조 5000억 원의 예산을 편성했다.", "ko", 1_500_000_000_000),
    ("이번 지진으로 3만 명이 대피했다.", "ko", 30_000),
])
def test_compound_and_scaled_numbers_in_their_scripts(text, lang, value):
    f = one(text, lang)
    assert f.value == pytest.approx(value)
    assert f.confidence >= CONFIDENT


# --------------------------------------------------------------------------- number words

@pytest.mark.parametrize("text,lang,value,key", [
    ("نزح ثلاثة آلاف شخص من منازلهم بسبب الفيضانات.", "ar", 3000, "displaced"),
    ("أسفر الهجوم عن مقتل ثلاثة أشخاص.", "ar", 3, "deaths"),
    ("बाढ़ के कारण दो लाख लोग बेघर हो गए।", "hi", 200_000, "displaced"),
    ("सड़क हादसे में पांच लोगों की मौत हो गई।", "hi", 5, "deaths"),
    ("이번 사고로 세 명이 숨졌다.", "ko", 3, "deaths"),
    ("事故で三人が死亡した。", "ja", 3, "deaths"),
    ("事故造成三人死亡。", "zh", 3, "deaths"),
])
def test_number_words_in_their_scripts(text, lang, value, key):
    f = one(text, lang)
    assert (f.value, f.key) == (value, key)
    assert f.confidence >= SHOWN


@pytest.mark.parametrize("text,lang,value", [
    ("تظاهر مئات المحتجين أمام السفارة.", "ar", 100),
    ("数百人が避難した。", "ja", 100),
    ("सैकड़ों प्रदर्शनकारी सड़कों पर उतरे।", "hi", 100),
])
def test_order_of_magnitude_words_in_their_scripts(text, lang, value):
    f = one(text, lang)
    assert (f.value, f.precision) == (value, "magnitude")


# --------------------------------------------------------------------------- ranges

@pytest.mark.parametrize("text,lang,lo,hi", [
    ("事故造成3至5人受伤。", "zh", 3, 5),
    ("预计将有3-5万人参加集会。", "zh", 30_000, 50_000),
    ("قتل ما بين 10 و20 شخصا في الاشتباكات.", "ar", 10, 20),
    ("В результате аварии пострадали от 10 до 20 человек.", "ru", 10, 20),
    ("हादसे में 10 से 20 लोग घायल हुए।", "hi", 10, 20),
    ("地震で3〜5人がけがをした。", "ja", 3, 5),
])
def test_ranges_in_their_scripts(text, lang, lo, hi):
    f = one(text, lang)
    assert (f.value, f.upper) == (pytest.approx(lo), pytest.approx(hi))


# --------------------------------------------------------------------------- more than / about

@pytest.mark.parametrize("text,lang,value,bound,approx", [
    ("قتل أكثر من 200 شخص في الزلزال.", "ar", 200, "min", False),
    ("أصيب حوالي 50 شخصا في الحادث.", "ar", 50, None, True),
    ("地震已造成超过200人死亡。", "zh", 200, "min", False),
    ("约500人被疏散。", "zh", 500, None, True),
    ("В результате землетрясения погибли более 200 человек.", "ru", 200, "min", False),
    ("Около 500 человек были эвакуированы.", "ru", 500, None, True),
    ("1000人以上が避難した。", "ja", 1000, "min", False),
    ("約500人が避難した。", "ja", 500, None, True),
    ("지진으로 1000명 이상이 대피했다.", "ko", 1000, "min", False),
    ("약 500명이 대피했다.", "ko", 500, None, True),
    ("बाढ़ में लगभग 500 लोग फंसे हुए हैं।", "hi", 500, None, True),
    ("हादसे में 100 से अधिक लोग घायल हुए।", "hi", 100, "min", False),
])
def test_more_than_and_about_in_their_scripts(text, lang, value, bound, approx):
    f = one(text, lang)
    assert (f.value, f.bound, f.approx) == (value, bound, approx)


# --------------------------------------------------------------------------- units

@pytest.mark.parametrize("text,lang,value,unit", [
    ("ارتفع معدل التضخم إلى 5.2٪ في يناير.", "ar", 5.2, "%"),
    ("ارتفع معدل التضخم إلى ٥٫٢٪ في يناير.", "ar", 5.2, "%"),
    ("سجلت درجة الحرارة 45 درجة مئوية.", "ar", 45, "°C"),
    ("يقع المطار على بعد 30 كيلومترا من المدينة.", "ar", 30, "km"),
    ("今天最高气温将达到38℃。", "zh", 38, "°C"),
    ("最高气温35度。", "zh", 35, "°"),
    ("失业率上升至5.2%。", "zh", 5.2, "%"),
    ("火势向北蔓延了30英里。", "zh", 30, "mi"),
    ("最高気温は35度に達した。", "ja", 35, "°"),
    ("完全失業率は2.5％だった。", "ja", 2.5, "%"),
    ("최고기온이 33도까지 올랐다.", "ko", 33, "°"),
    ("실업률은 3.5%를 기록했다.", "ko", 3.5, "%"),
    ("Температура воздуха поднимется до 30 градусов.", "ru", 30, "°"),
    ("Инфляция составила 7,5%.", "ru", 7.5, "%"),
    ("Пожар распространился на 30 миль.", "ru", 30, "mi"),
    ("दिल्ली में तापमान 45 डिग्री सेल्सियस दर्ज किया गया।", "hi", 45, "°C"),
    ("महंगाई दर 5 प्रतिशत रही।", "hi", 5, "%"),
    ("आग 20 मील तक फैल गई।", "hi", 20, "mi"),
])
def test_units_in_their_scripts(text, lang, value, unit):
    f = one(text, lang)
    assert (f.value, f.unit) == (pytest.approx(value), unit)


# --------------------------------------------------------------------------- day of the month

@pytest.mark.parametrize("text,lang,iso", [
    ("한국은행은 14일 기준금리를 동결했다.", "ko", "2025-03-14"),
    ("国务院14日召开常务会议。", "zh", "2025-03-14"),
    ("As aulas foram suspensas até quinta-feira (13).", "pt", "2025-03-13"),
])
def test_day_of_month_tokens_in_their_scripts(text, lang, iso):
    (d,) = find_dates(text, lang, published=PUB)
    assert d.value.isoformat() == iso


# --------------------------------------------------------------------------- weekdays against the publication date

@pytest.mark.parametrize("text,lang", [
    ("De fortes pluies sont prévues vendredi soir.", "fr"),
    ("Se espera lluvia el viernes por la noche.", "es"),
    ("В пятницу ожидается сильный дождь.", "ru"),
    ("ومن المتوقع أن تهطل أمطار غزيرة يوم الجمعة.", "ar"),
    ("气象台预计周五将有大雨。", "zh"),
    ("预计星期五将有大雨。", "zh"),
    ("金曜日は大雨になる見込みです。", "ja"),
    ("शुक्रवार को भारी बारिश होने की संभावना है।", "hi"),
    ("금요일에는 많은 비가 내릴 것으로 예상된다.", "ko"),
])
def test_a_forecast_weekday_points_forward_in_every_script(text, lang):
    (d,) = find_dates(text, lang, published=PUB)
    assert d.value.isoformat() == "2025-03-14"


@pytest.mark.parametrize("text,lang", [
    ("Le séisme a frappé vendredi, selon les autorités.", "fr"),
    ("El sismo ocurrió el viernes, según las autoridades.", "es"),
    ("Землетрясение произошло в пятницу.", "ru"),
    ("وقع الزلزال يوم الجمعة.", "ar"),
    ("地震发生在周五。", "zh"),
    ("地震は金曜日に発生した。", "ja"),
    ("भूकंप शुक्रवार को आया था।", "hi"),
    ("지진은 금요일에 발생했다.", "ko"),
])
def test_a_reported_weekday_points_back_in_every_script(text, lang):
    (d,) = find_dates(text, lang, published=PUB)
    assert d.value.isoformat() == "2025-03-07" and d.confidence < CONFIDENT


# --------------------------------------------------------------------------- what these readers leave alone

@pytest.mark.parametrize("text,lang", [
    ("一名男子被警方逮捕。", "zh"),  # "一名" is "a man", not a count of one
    ("统一后，十分重要的会议每周一次召开。", "zh"),  # 统一, 十分: words; 每周一次: once a week, no Monday
    ("该公司3度推迟发布新产品。", "zh"),  # "3度" is three times where no temperature is spoken of
    ("三四人受伤。", "zh"),  # three or four: no single number
    ("白宫会提前通知所谓的八人帮。", "zh"),  # 八人帮, the Gang of Eight: a name
    ("一人で暮らす高齢者が増えている。", "ja"),  # 一人で: alone
    ("第三者委員会が調査した。", "ja"),  # 第三者: a third party
    ("정부는 세 부담을 줄이기로 했다.", "ko"),  # 세: tax, no counter after it
])
def test_words_that_look_like_numbers_are_not_read(text, lang):
    assert [f.display for f in facts(text, lang) if f.confidence >= SHOWN] == []
    assert all(d.value is None or d.value.isoformat() != "2025-03-10" for d in find_dates(text, lang, published=PUB))


def test_next_and_last_week_weekdays_are_not_taken_for_the_nearest_one():
    # 下周五 is Friday of next week (the 21st), 上周五 Friday of last week: not read rather than misread.
    assert find_dates("下周五将召开会议。", "zh", published=PUB) == []
    assert find_dates("上周五发生了地震。", "zh", published=PUB) == []


@pytest.mark.parametrize("text,lang,value,key", [
    ("两千名抗议者聚集在广场。", "zh", 2000, "protesters"),
    ("三万人撤离。", "zh", 30_000, "displaced"),  # a Han numeral takes the scale after it
    ("十二人が負傷した。", "ja", 12, "injured"),
])
def test_han_numerals_with_tens_and_scales(text, lang, value, key):
    f = one(text, lang)
    assert (f.value, f.key) == (value, key)


def test_a_degree_word_keeps_its_meaning():
    # Arabic "درجات" after a quake's strength is its magnitude; after temperature it is degrees.
    assert one("ضرب زلزال بقوة 6 درجات على مقياس ريختر.", "ar").key == "magnitude"
    f = one("وبلغت درجة الحرارة 48 درجة في الظل.", "ar")
    assert (f.value, f.unit) == (48, "°")


def test_a_hindi_se_after_a_number_is_more_than_or_a_range_never_both():
    f = one("हादसे में 100 से अधिक लोग घायल हुए।", "hi")
    assert (f.value, f.upper, f.bound) == (100, None, "min")


@pytest.mark.parametrize("text,lang,expected", [
    # the counted word comes after the bound: "10 से अधिक लोगों", "100여 명", "10 or more people"
    ("पिछले 24 घंटों में 10 से अधिक लोगों की मौत हुई।", "hi", [(10, "deaths", "min")]),
    ("지진으로 10명이 사망하고 100여 명이 부상했다.", "ko", [(10, "deaths", None), (100, "injured", "min")]),
    ("10 or more people died in the crash.", "en", [(10, "deaths", "min")]),
    # each Korean count takes its own verb, written or in words
    ("이번 화재로 두 명이 숨지고 세 명이 다쳤다.", "ko", [(2, "deaths", None), (3, "injured", None)]),
    ("이번 화재로 2명이 숨지고 3명이 다쳤다.", "ko", [(2, "deaths", None), (3, "injured", None)]),
])
def test_what_is_counted_after_a_bound_and_per_korean_clause(text, lang, expected):
    got = [(f.value, f.key, f.bound) for f in facts(text, lang) if f.key not in ("hours",)]
    assert got == expected


def test_a_cjk_key_word_is_found_at_every_place_it_is_written():
    # a headline repeated in the body: the second "4人受伤" is injured too, not the later 遇难者' deaths
    fs = facts("枪击事件造成4人受伤 枪击事件造成4人受伤 没有嫌疑人被捕，遇难者姓名也没有立即公布。", "zh")
    assert [(f.value, f.key) for f in fs] == [(4, "injured"), (4, "injured")]


def test_a_count_takes_no_amount_key_from_its_clause():
    # "成本" (cost) names the money of the clause, not the eight new police officers
    fs = facts("提高财产税以适应不断增加的基础设施成本，其中包括8名新警察。", "zh")
    assert all(f.key != "cost" for f in fs)
    # percentage points still take the rate they move
    f = facts("W Luksemburgu nastąpił wzrost o 4 punkty procentowe.", "pl")[0]
    assert (f.unit, f.key) == ("pp", "growth")
