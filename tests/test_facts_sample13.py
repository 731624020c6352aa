"""The not-a-fact classes of samples 11-13 of shown facts (two blind readers each), hidden by general rules
(facts/page_numbers.py for the page's dates, facts/shown_furniture.py, facts/shown_vetoes.py, data/counters.json):
each on the dev set's own sentence, with a control in which a date or figure of the news stays shown."""
from __future__ import annotations

from tests.shown_facts import shown


def _shown(text, lang, published="2020-05-28"):
    return [f.display for f in shown(text, lang, published)]


def test_stamps_of_the_page_are_no_dates():
    # an update stamp whose label names the date, cut at the page's end
    assert _shown("Güncelleme Tarihi: 28 Ocak 2020, 11:4", "tr") == []
    assert _shown("Fecha de actualización: 28 de enero de 2020", "es") == []
    assert _shown("Дата публикации: 28 января 2020", "ru") == []
    # a date then its clock time written with spaces, after the headline
    assert _shown("مبادرة ببني سويف 20 يناير 2020 - 3 : 18 بنى سويف- مصطفي عرفة أعلن الدكتور محمد هاني غنيم محافظ "
                  "بني سويف عن إطلاق مبادرة", "ar") == []
    # a live ticker's entry: a date, its clock time, a colon
    assert _shown("Eine Frau und zwei Kinder sterben - selbst ihr drittes Kind stirbt später .update ab dem 7. Januar "
                  "17.45: Wie für das vierte Unfallopfer gibt es eine traurige Sicherheit.", "de") == []
    # a date in figures glued to the headline's words on a flattened page
    assert _shown("Heinz-Christian Strache wird Bürgermeister von Wien  27.02.2020Heinz-Christian Strache wird der "
                  "Bürgermeister von Wien zur Ibiza-Affäre ist.", "de") == []
    # controls: an event's date with its time in words, a date in a news sentence
    assert _shown("Der Unfall geschah am 7. Januar um 17.45 Uhr auf der B2.", "de") == ["Tue 7 January [2020]"]
    assert _shown("Mahkeme 28 Ocak 2020 tarihinde karar verdi.", "tr") == ["Tue 28 January 2020"]


def test_bylines_and_embedded_posts_are_no_dates():
    s = ("Lufthansa retires big jets, says rebound could take years by Associated PressWednesday, April 8th 2020 "
         "FRANKFURT, Germany (AP) — German airline group Lufthansa said it was permanently removing some of its large "
         "aircraft from service.")
    assert [d for d in _shown(s, "en") if "April" in d] == []
    s = ("Auf den Straßen kann es fettig sein! (km) pic.twitter.com/oewxhgac9c - meteonews (@ meteonewsag) 26. Februar, "
         "2020 Benutzer in der Nacht haben wir immer kältere Luft erreicht.")
    assert [d for d in _shown(s, "de") if "February" in d] == []
    # control: a date the news gives, with "by" in the sentence
    s = "The bill was signed by the governor on April 8, 2020, after 300 people protested."
    assert _shown(s, "en") == ["Wed 8 April 2020", "300 people"]


def test_photo_captions_closing_with_place_and_date_are_no_dates():
    s = ("Treasury's Mnuchin to Head U.S. Delegation to Davos Conclave FILE PHOTO: U.S. Treasury Secretary Steven "
         "Mnuchin speaks to reporters outside the White House in Washington, U.S., December 19, 2019. REUTERS/Jonathan "
         "Ernst/File Photo")
    assert [d for d in _shown(s, "en") if "December" in d] == []
    s = ("An expert from bio organic department of Polish Science Academy checks blood samples for the coronavirus "
         "(COVID-19) in a lab in Poznan, Poland, March 20, 2020. Lukasz (Lukasz Cynalewski/Agencja Gazeta via REUTERS )")
    assert [d for d in _shown(s, "en") if "March" in d] == []
    # controls: the news says "on" before its date
    assert _shown("Poland closed its borders in Warsaw on March 20, 2020.", "en") == ["Fri 20 March 2020"]
    assert any("19 December 2019" in d
               for d in _shown("The House impeached the president in Washington on December 19, 2019.", "en"))


def test_a_widget_line_and_a_video_player_are_no_facts():
    s = ("(1-1-20) 7 horas2020 Hace 1 día PIX NOW01/01/2020 Hace 1 día PIX NOW01/01/2020 Hace 1 día PRONÓSTICO DE "
         "ESTA NOCHE: Lo último del equipo meteorológico de KPIX 5")
    assert _shown(s, "es") == []
    assert _shown("The video will start in 8 Cancel", "en") == []
    # controls: hours and a video of the story
    assert "7 hours" in _shown("El rescate duró 7 horas.", "es")
    assert "8 videos" in _shown("The police released 8 videos of the arrest.", "en")


def test_a_figure_heading_a_compound_noun_counts_nothing():
    assert _shown("Toskana, Sizilien, Sardinien: In Italien gibt es noch 1-Euro-Häuser.", "de") == []
    s = ("Diese Woche ließ Niederösterreich 250 Pflegekräfte aus Bulgarien und Rumänien einfliegen, um in der "
         "Coronavirus-Krise einem Mangel bei den 24-Stunden-Betreuern vorzubauen.")
    assert [d for d in _shown(s, "de") if "hours" in d] == []
    # controls: a count of houses, a duration
    assert _shown("Das Feuer zerstörte 3 Häuser.", "de") == ["3 homes"]
    assert "24 hours" in _shown("Die Suche dauerte 24 Stunden.", "de")


def test_an_excess_over_a_limit_is_no_level():
    s = ("Browning was charged with first-degree fleeing or evading police – motor vehicle, second-degree fleeing or "
         "evading police – on foot, speeding – 25 mph over the limit, reckless driving, and resisting arrest.")
    assert [d for d in _shown(s, "en") if "mph" in d] == []
    assert [d for d in _shown("Der Fahrer war mit 50 km/h zu schnell unterwegs.", "de") if "km/h" in d] == []
    assert [d for d in _shown("以超过限速 25 英里/小时的速度行驶。", "zh") if "mph" in d] == []
    assert [d for d in _shown("Er fuhr 25 mi/h zu schnell.", "de") if "mph" in d] == []
    # control: a speed
    assert "95 mph" in _shown("The car was clocked at 95 mph on the highway.", "en")


def test_keys_of_other_words():
    # "50 yıldır hizmet veren" (in service for 50 years) is no count of firefighters
    s = "Zile Belediyesi itfaiyesi bünyesinde 50 yıldır hizmet veren Ford marka araç, Almanya'da 1957 yılında üretildi."
    assert [d for d in _shown(s, "tr") if "firefighters" in d] == []
    # "giornali" (newspapers) are no days
    s = ("QUANDO ero un bambino, crescendo a Birmingham, avevamo tre giornali regolari in casa.")
    assert [d for d in _shown(s, "it") if "days" in d] == []
    # controls
    assert "3 days" in _shown("La protesta è durata tre giorni.", "it")
    assert _shown("Olay yerine 50 itfaiyeci sevk edildi.", "tr") == ["50 firefighters"]


def test_news_dates_in_news_sentences_stay():
    assert _shown("The CDU plans to pick a new leader at a congress on April 25 in hope of resolving a crisis rattling "
                  "its long hold on power.", "en") == ["Sat 25 April [2020]"]
    s = ("La primera cuota de dicha tasa vence el 27 de enero; la segunda, el 16 de marzo; la tercera, el 15 de abril.")
    assert len([d for d in _shown(s, "es") if "January" in d or "March" in d or "April" in d]) == 3
    s = "The company said in a statement Tuesday, April 7, 2020 that it was retiring six Airbus A-380s."
    assert _shown(s, "en") == ["Tue 7 April 2020"]


def test_a_readers_question_about_themself_is_no_fact():
    assert _shown("Can I resign my job here in Kuwait after I finish 1 year of service?", "en") == []
    assert _shown("Kann ich nach 3 Monaten kündigen?", "de") == []
    assert _shown("Czy mogę wyjechać po 14 dniach kwarantanny?", "pl") == []
    # controls: a question about others, a headline before a question
    assert _shown("Mindestens 16 Tote bei Kämpfen in mexikanischem Gefängnis Wie lange ist die frist bei einer "
                  "Kündigung?", "de") == ["at least 16 deaths"]
    assert _shown("He asked whether 40 people died.", "en") == ["40 deaths"]
