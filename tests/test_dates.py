"""Dates written in article text: precision is what was written, and nothing is guessed."""
from __future__ import annotations

from datetime import datetime

import pytest

from babelwire import dates
from babelwire.dates import parse_published, parse_text_date
from babelwire.models import Published


@pytest.mark.parametrize(
    "text,lang,value,precision",
    [
        # French
        ("10 juillet 2020 à 21h06", "fr", "2020-07-10T21:06", "minute"),
        ("vendredi 10 juillet 2020", "fr", "2020-07-10", "day"),
        ("1er juillet 2020", "fr", "2020-07-01", "day"),
        ("juillet 2020", "fr", "2020-07", "month"),
        # German
        ("10. Juli 2020, 21:06 Uhr", "de", "2020-07-10T21:06", "minute"),
        ("10.07.2020", "de", "2020-07-10", "day"),
        ("Juli 2020", "de", "2020-07", "month"),
        # Norwegian: our code "no" is dateparser's "nb"
        ("10. juli 2020 21:06", "no", "2020-07-10T21:06", "minute"),
        ("fredag 10. juli 2020 kl. 21.06", "no", "2020-07-10T21:06", "minute"),
        ("10. juli 2020", "nb", "2020-07-10", "day"),
        ("juli 2020", "no", "2020-07", "month"),
        # Hindi, with Latin and Devanagari digits
        ("10 जुलाई 2020", "hi", "2020-07-10", "day"),
        ("१० जुलाई २०२०", "hi", "2020-07-10", "day"),
        ("10 जुलाई 2020, 21:06", "hi", "2020-07-10T21:06", "minute"),
        # Indonesian
        ("Jumat, 10 Juli 2020 21:06", "id", "2020-07-10T21:06", "minute"),
        ("10 Juli 2020", "id", "2020-07-10", "day"),
        ("Juli 2020", "id", "2020-07", "month"),
        # Arabic, with Arabic-Indic digits and an evening marker
        ("10 يوليو 2020", "ar", "2020-07-10", "day"),
        ("١٠ يوليو ٢٠٢٠", "ar", "2020-07-10", "day"),
        ("10 يوليو 2020 - 09:06 م", "ar", "2020-07-10T21:06", "minute"),
        # Spanish
        ("10 de julio de 2020", "es", "2020-07-10", "day"),
        ("10 de julio de 2020 a las 21:06", "es", "2020-07-10T21:06", "minute"),
        ("julio de 2020", "es", "2020-07", "month"),
        ("10/07/2020", "es", "2020-07-10", "day"),
        # a year alone is a year
        ("2020", "de", "2020", "year"),
    ],
)
def test_precision_follows_what_was_written(text, lang, value, precision):
    assert parse_text_date(text, lang) == Published(value, precision, "dateline")


@pytest.mark.parametrize(
    "text,lang",
    [
        ("", "fr"),
        ("   ", "fr"),
        ("pas une date", "fr"),
        ("foo bar", "en"),
        ("10 juli", "no"),  # no year written: dateparser alone would say July 2010
        ("10 juillet", "fr"),
        ("vendredi", "fr"),
        ("31. februar 2020", "no"),
        ("il y a 3 jours", "fr"),  # relative, and no base given
        ("10/07/2020", "en"),  # 10 July or 7 October: English sites disagree
        ("10/07/2020", None),
        ("10 juillet 2020", "xx"),  # a language dateparser does not know
        ("x" * 300, "fr"),
    ],
)
def test_unknown_stays_unknown(text, lang):
    assert parse_text_date(text, lang) is None


def test_relative_only_against_a_given_base():
    base = datetime(2020, 7, 11, 12, 0)
    assert parse_text_date("hace 2 horas", "es") is None
    assert parse_text_date("hace 2 horas", "es", relative_base=base) == Published("2020-07-11T10:00", "minute", "dateline")
    assert parse_text_date("il y a 3 jours", "fr", relative_base=base).value == "2020-07-08"


def test_zones_only_when_written_as_offsets():
    # an explicit offset converts to UTC, as parse_published does
    assert parse_text_date("10 July 2020 21:06 +0200", "en").value == "2020-07-10T19:06"
    assert parse_text_date("Thứ sáu, 10/7/2020, 21:06 (GMT+7)", "vi").value == "2020-07-10T14:06"
    # abbreviations differ by site (IST: India or Israel?), so the time stays as written
    assert parse_text_date("10 जुलाई 2020, 21:06 IST", "hi").value == "2020-07-10T21:06"
    assert parse_text_date("Jumat, 10 Juli 2020 21:06 WIB", "id").value == "2020-07-10T21:06"
    # French "et" is not US Eastern time
    assert parse_text_date("10 juillet 2020 à 21h06 et", "fr").value == "2020-07-10T21:06"


def test_source_label_and_language_codes():
    assert parse_text_date("10 juillet 2020", "fr", source="html").source == "html"
    assert parse_text_date("10 juillet 2020", "fr-FR").value == "2020-07-10"
    assert parse_text_date("10. juli 2020", "nn").value == "2020-07-10"


@pytest.mark.parametrize(
    "text,lang",
    [
        ("10. juli 2020 21:06", "no"), ("10 juillet 2020", "fr"), ("juillet 2020", "fr"),
        ("10.07.2020 21:06 Uhr", "de"), ("10 de julio de 2020", "es"), ("mar 2020", "es"),
        ("July 10, 2020 9:06 PM", "en"), ("10 июля 2020 г.", "ru"), ("10 يوليو 2020", "ar"),
        ("2020-07-10 21:06", "sv"), ("10 Temmuz 2020 Cuma 21:06", "tr"),
    ],
)
def test_fast_path_agrees_with_dateparser(monkeypatch, text, lang):
    fast = parse_text_date(text, lang)
    monkeypatch.setattr(dates, "_fast_parse", lambda digits, lang: None)
    assert parse_text_date(text, lang) == fast


def test_parse_published_is_unchanged():
    assert parse_published("2020-07") == Published("2020-07", "month", "field")
    assert parse_published("2020-07-10T21:06:00+02:00") == Published("2020-07-10T19:06", "minute", "field")
    assert parse_published("not a date") is None
