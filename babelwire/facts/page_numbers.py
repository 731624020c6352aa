"""Numbers and dates of the page, not of the story: widgets, idioms, addresses, model names, captions,
stamps, bylines and embedded posts.

A weather widget's "7-day forecast", a view counter, a legal section, "24 heures sur 24", "the 8900
block of Whitcomb", "Kirin 990", "1 美元 = 6.9617 人民币". No library marks these, so they are
patterns written here (the word lists of the idioms in many languages are short and closed);
``find_numbers`` (numbers.py) skips what they match; ``extract_facts`` drops the dates ``page_date`` and
``caption_spans`` name.
"""
from __future__ import annotations

import re

from .dates import is_weekday_name
from .lexicon import word_frequency

# Numbers of the page, not of the story: a weather widget's "7-day forecast", a view counter
# ("leída aproximadamente 1589 veces", "2,345 views"), a legal section ("§ 306", "art. 148").
_WIDGET_AFTER = re.compile(
    r"[-\s]?(?:day|days|hour|hours)[-\s]+(?:forecast|outlook)\b"
    r"|\s(?:views|visualizaciones|visualizzazioni|vues|Aufrufe|wyświetle[nń]\w*|просмотр\w*|görüntülenme)\b"
    r"|\sveces\b(?=.{0,3}$)", re.IGNORECASE)
_WIDGET_BEFORE = re.compile(
    r"(?:\b(?:leída|leído|leida|leido|vista|visto|read|viewed|visualizzato|lu)\s+(?:aproximadamente\s+|about\s+)?"
    r"|§§?\s?|\b(?:art|ust|pkt|par|sec|Abs)\.\s?|\b(?:article|artículo|articolo|artigo|artikel|artykuł\w*"
    r"|статья|статьи|section|paragraph|Paragraf\w*)\s)$", re.IGNORECASE)
# "Around the clock" and "every day of the week" in numbers: "24 heures sur 24", "24 hours a day",
# "24/7", "7 jours sur 7", "24 ore su 24", "rund 24 Stunden am Tag", "24 godziny na dobę",
# "365 días al año", "365 días del año", "365 Tage im Jahr", "7/24", "每天 24 小时": a manner, not a
# quantity (both numbers go).
_ALL_THE_TIME = re.compile(
    r"(?<!\d)(?:24|7|365)\s?(?:h|hours?|heures?|horas?|ore|Stunden|godzin[ay]?|часа|часов|saat|jours?|j|days?|días?"
    r"|giorni|Tage|dni|дней|gün|ساعة|أيام)\s?(?:/|sur|su|de|del|dell['’]|do|da|des|a|al|par|per|pro|am|im|in|of|out of|na|в|из)\s?"
    r"(?:(?:24|7|365)(?:h|j)?|(?:a|the|el|la|le|il|der|die)?\s?(?:day|week|year|jour|semaine|an|année|día|semana|año"
    r"|dia|ano|giorno|settimana|anno|Tag|Woche|Jahr|dobę|tydzień|rok|сутки|день|неделю|год))(?!\w)"
    r"|(?<!\d)24\s?/\s?7(?!\d)|(?<!\d)7\s?/\s?24(?!\d)|(?<!\d)7\s?gün\s?24\s?saat"
    r"|(?:每天|每日|一天|全天|全天候)\s?24\s?(?:小时|小時|時間)|24\s?(?:小时|小時|時間)\s?(?:不间断|不間斷|全天候|365\s?日)"
    r"|(?<!\d)24\s?ساعة\s?(?:في|فى)\s?اليوم",
    re.IGNORECASE)
# Street addresses: "the 8900 block of Whitcomb", "10700 Stringfellow Road", "12 rue de la Paix",
# "Hauptstraße 12", "via Roma 12", "calle Mayor 5", "ul. Długa 10": a place, not a quantity.
_STREET_WORDS = (r"Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Drive|Dr|Lane|Ln|Way|Court|Ct|Place|Pl|Highway|Hwy"
                 r"|Parkway|Pkwy|Terrace|Circle|Square")
_ADDRESS_AFTER = re.compile(
    rf"\s+(?:block|blocks|hundred block)\s+(?:of\s+)?[A-Z0-9]"
    rf"|(?:\s+[NSEW]\.?)?(?:\s+[A-Z][\w'’.-]*){{1,3}}\s+(?:{_STREET_WORDS})\b\.?"
    r"|,?\s+(?:rue|avenue|boulevard|bd|place|allée|impasse|chemin|quai)\s+(?:de\s+|du\s+|des\s+|d['’])?"
    r"(?:la\s+|l['’])?[A-ZÀ-Ž]")
_ADDRESS_BEFORE = re.compile(
    r"(?:[A-ZÄÖÜ][\wäöüß-]*(?:straße|strasse|str\.|gasse|weg|platz|allee|damm|ring|ufer)"
    r"|\b(?:via|viale|piazza|corso|calle|avenida|av\.|rua|ul\.|ulica|ulicy|al\.|ул\.|улица|улице|пр\.)"
    r"(?:\s+[A-ZÀ-ŽА-Я][\w'’.-]*){1,4},?|\b(?:No|Nr|nº|n°|núm)\.?)\s$")


# A model written as maker + number or number + model word: "Boeing 737", "波音737", "737 MAX",
# "Galaxy S20 Ultra", "Tupolev 154": a name, not a quantity (the plain digits of a model only).
_MODEL_AFTER = re.compile(r"\s?(?:MAX|Max|NEO|neo|Pro|PRO|Plus|Ultra|Lite|Mini|XL|Dreamliner|MAX\s?\d)(?![\w-])")
_MAKER_BEFORE = re.compile(
    r"(?:(?<!\w)(?:Boeing|Airbus|Embraer|Bombardier|Tupolev|Tupolew|Туполев|Sukhoi|Suchoi|Сухой|Antonov|Antonow|Ilyushin"
    r"|Iljuschin|Cessna|Fokker|Kirin|Snapdragon|Exynos|ATR|Learjet|Gulfstream)[\s-]?|(?<!\w)(?:Ту|Су|Ан|Ил|Tu|Su|An|Il)-"
    r"|(?:波音|空客|空中客车|麒麟|骁龙)\s?)$")
_MODEL_DIGITS = re.compile(r"\d{2,4}")

# "10 years ago", "10 лет назад", "hace 10 años", "vor 10 Jahren", "il y a 10 ans", "10 yıl önce",
# "10 年前": a time phrase that places something in the past, not a duration of the story.
_AGO_AFTER = re.compile(
    r"\s?(?:years?|months?|weeks?|days?|decades?|hours?|minutes?)\s+ago\b"
    r"|\s?(?:лет|год[а]?|месяц(?:а|ев)?|недел[юьи]|дн(?:я|ей)|день|час(?:а|ов)?|минут[уы]?)\s+назад"
    r"|\s?(?:yıl|ay|hafta|gün|saat|dakika)\s+önce\b|\s?(?:anni|anno|mesi|mese|giorni|settimane|ore)\s+fa\b"
    r"|\s?(?:lat|lata|rok|miesięcy|miesiące|tygodni|dni|godzin)\s+temu\b"
    r"|\s?(?:anos|meses|dias|semanas|horas)\s+atrás|\s?(?:年|个月|個月|天|周|週|小时|小時)前(?![往进])",
    re.IGNORECASE)
_AGO_BEFORE = re.compile(
    r"(?:(?<!desde )\bhace|(?<!\w)há|\bvor|\bil y a)\s+(?:(?:unos|unas|más de|mais de|cerca de|über|mehr als|rund|fast|knapp"
    r"|plus de|près de|environ)\s+)?$", re.IGNORECASE)
_TIME_UNIT = re.compile(
    r"\s?(?:años?|meses?|días?|semanas?|horas?|anos?|dias|Jahr\w*|Monat\w*|Woche\w*|Tag\w*|Stunde\w*|Jahrzehnt\w*"
    r"|ans?|années?|mois|jours?|semaines?|heures?)\b", re.IGNORECASE)


def time_ago(digits: str, start: int, end: int) -> bool:
    """The number of "10 years ago" in any of the languages written here: no duration."""
    return bool(_AGO_AFTER.match(digits, end) or (
        _AGO_BEFORE.search(digits, max(0, start - 20), start) and _TIME_UNIT.match(digits, end)))


def model_number(digits: str, start: int, end: int) -> bool:
    """The digits of a model ("Boeing 737", "737 MAX", "波音737"), not a quantity."""
    if not _MODEL_DIGITS.fullmatch(digits[start:end]):
        return False
    return bool(_MODEL_AFTER.match(digits, end) or _MAKER_BEFORE.search(digits, max(0, start - 24), start))


def all_the_time_spans(digits: str) -> list[tuple[int, int]]:
    """Spans of "24 hours a day"-style idioms, both of whose numbers are no quantity."""
    return [(m.start(), m.end()) for m in _ALL_THE_TIME.finditer(digits)]


# A postcode before its town: "Löwelstraße 18, 1010 Wien, Tel.", "75001 Paris": four or five plain digits,
# then a capitalised name that ends the item (a comma, a bracket, the line's end), with or without a space
# between ("Hangstraße 17, 74831Walldürn," where the page lost it).
_POSTCODE_TOWN = re.compile(r"\s?([A-ZÀ-Ž][\w'’-]+(?:[ -][A-ZÀ-Ž][\w'’-]+)?)\s*(?:[,;)/\n]|$)")
_HOUSE_NUMBER_BEFORE = re.compile(r"[A-Za-zÀ-ž.]\s?\d{1,4}[a-z]?,\s*$")


def _postcode(digits: str, start: int, end: int) -> bool:
    m = _POSTCODE_TOWN.match(digits, end)
    if not (4 <= end - start <= 5 and digits[start:end].isdigit() and m):
        return False
    # deferred: the city list takes a second to load; only a number before a capitalised name needs it
    from .cities import find_city

    return bool(_HOUSE_NUMBER_BEFORE.search(digits, max(0, start - 40), start) or find_city(m.group(1)))


def page_number(digits: str, start: int, end: int) -> bool:
    """The number at digits[start:end] belongs to the page or to a place, not to the story:
    a forecast's length, a view counter, a legal section, an address or postcode, an exchange rate, a
    model, a team's name."""
    return bool(
        _WIDGET_BEFORE.search(digits, max(0, start - 24), start)
        or _WIDGET_AFTER.match(digits[end:min(len(digits), end + 24)])
        or _ADDRESS_AFTER.match(digits, end) or _ADDRESS_BEFORE.search(digits, max(0, start - 48), start)
        or model_number(digits, start, end) or time_ago(digits, start, end)
        # "49 人队", "76 人隊": Chinese for the 49ers and the 76ers, a team's name
        or re.match(r"\s?人[队隊]", digits[end:end + 4])
        # "1 美元 = 6.9617 人民币", "1 € = 1,08 $": an exchange rate or a sum
        or re.search(r"=\s*$", digits[max(0, start - 4):start])
        or _postcode(digits, start, end))


_NAME_TOKEN = re.compile(r"([A-Za-z][A-Za-z-]*[A-Za-z0-9]?)\s+$")


def model_name_before(text: str, start: int, s_start: int, lang: str, nouns_capitalised: bool) -> bool:
    """A product or model name right before a number that counts nothing known: a capitalised
    word inside the sentence ("Xbox 360", "Kirin 990"; in German only a rare one), or one in
    mixed case ("iPhone 11")."""
    m = _NAME_TOKEN.search(text, max(s_start, start - 24), start)
    if not m:
        return False
    word = m.group(1)
    if re.search(r"[a-z][A-Z]", word):
        return True  # iPhone, PlayStation
    if not word[:1].isupper() or not re.search(r"\w", text[s_start:m.start(1)]):
        return False  # lower case, or the sentence's first word ("Insgesamt 500 …", "- Unos 400 …")
    # German capitalises every noun ("die Polizei 300 …"): there only a rare word is a name
    return not nouns_capitalised or word_frequency(word, lang) < 3.0


# A photo's caption or credit: its dates and figures are of the picture (often a file photo), not
# of the story. In the sentence: "FILE PHOTO:", "(Photo: …)", "Foto:", "REUTERS/…", "Getty Images",
# "资料图"; right after it: a credit "(Michael S. Williamson/华盛顿邮报 拍摄)", "| Rajesh Kumar Singh——美联社".
_AGENCIES = r"AP|AFP|Reuters|REUTERS|Getty(?: Images)?|EPA|dpa|Xinhua|美联社|路透社|法新社|新华社|盖蒂图片社|华盛顿邮报"
_CAPTION_OPEN = r"FILE PHOTO|资料图|资料照片|文件照片"
_CAPTION_CLOSE = (
    r"\b(?:Photo|Foto|Bild|Fot|Фото|Zdjęcie|Immagine)\s?:|\((?:AP )?Photo\b|\bPhoto by\b|\bFoto(?:s)? von\b"
    r"|Getty Images|REUTERS/|\bAP Photo\b|图片来源|圖片來源")
_CAPTION_IN = re.compile(_CAPTION_OPEN + "|" + _CAPTION_CLOSE)
_CAPTION_AFTER = re.compile(
    r"\s*(?:[(（][^()（）\n]{0,80}(?:拍摄|拍攝|摄|攝|/\s*(?:" + _AGENCIES + r"))\s*[)）]"
    r"|\|\s*[^|。.!?\n]{1,40}?(?:——|—|–|-|/)\s*(?:" + _AGENCIES + r")"
    r"|" + _CAPTION_CLOSE + ")")
_CAPTION_REACH = 200  # a caption is short: no more than this of a long run-on sentence goes with the credit
# A caption's sentence ends here; "FILE PHOTO:" opens a caption, the other marks close one.
_BOUNDARY = re.compile(r"(?<!\d)[.!?。！？](?:\s+|(?=[\u3000-\u9fff]))")
# A Getty-style caption opens "WASHINGTON, DC - MAY 18:": a place, a dash, the date, a colon.
_GETTY_BEFORE = re.compile(r"\s[-–—]\s*$")
_GETTY_AFTER = re.compile(r"\s*[:：]")


def caption_spans(text: str, sentences: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans of photo captions and credits, whose dates and figures are not facts of the story."""
    out = []
    for s, e in sentences:
        m = _CAPTION_IN.search(text, s, e)
        if m and re.fullmatch(_CAPTION_OPEN, m.group(0)):  # "FILE PHOTO: … 23 May 2019. REUTERS/…": the caption follows
            b = _BOUNDARY.search(text, m.end(), min(e, m.end() + _CAPTION_REACH))
            out.append((m.start(), b.end() if b else min(e, m.end() + _CAPTION_REACH)))
        elif m or _CAPTION_AFTER.match(text, e):  # "… in Berlin. Foto: dpa": the caption precedes its credit
            at = m.start() if m else e
            inner = text[max(s, at - _CAPTION_REACH):at].rstrip()
            cut = max(s, at - _CAPTION_REACH)
            bounds = [b.end() for b in _BOUNDARY.finditer(inner) if b.end() < len(inner)]
            credit = _BOUNDARY.search(text, m.end(), min(e, m.end() + 80)) if m else None  # the credit is short
            end = e if not m else credit.end() if credit else min(e, m.end() + 80)
            out.append((cut + (bounds[-1] if bounds else 0), end))
    return out


# An agency photo's caption closes with a zero-padded day and the place: "… at Prudential Center on March 06,
# 2020 in Newark, New Jersey.", machine-translated "il 06 marzo 2020 a Newark, New Jersey". Prose writes "6".
_PADDED_DAY = re.compile(r"(?<!\d)0[1-9](?!\d)")
_CAPTION_PLACE_AFTER = re.compile(r",?\s+(?:in|a|à|en|em|w|в|im)\s+[A-ZÀ-Ž][\w.'’ -]{1,30},\s+[A-ZÀ-Ž][\w.'’ -]{1,30}")


def getty_caption_date(text: str, start: int, end: int) -> bool:
    """The date of a caption written "WASHINGTON, DC - MAY 18: police tape …" or "… on March 06, 2020
    in Newark, New Jersey."."""
    if _PADDED_DAY.search(text, start, end) and _CAPTION_PLACE_AFTER.match(text, end):
        return True
    return bool(_GETTY_BEFORE.search(text, max(0, start - 4), start) and _GETTY_AFTER.match(text, end))


# Dates of the page, not of the story (``page_date``): an embedded tweet's "— Name (@handle) 5 March 2020", a
# byline "(Eric Frey, ALBUM, 28.12.2019", "Published/Updated/Aktualisiert: …", a stamp's "Güncelleme Tarihi: …".
_PAGE_DATE_BEFORE = re.compile(
    r"(?:@\s?\w{1,15}\)?|pic\.twitter\.com/\w+)\s*[,:]?\s*(?:[^\W\d_]+,?\s+)?$"
    r"|\((?:[A-ZÀ-Ž][\w.'’-]+\s+){1,3}[A-ZÀ-Ž][\w.'’-]+,(?:\s*[^,()\n]{1,30},)*\s*$"
    # a wire's stamp after its name: "Dpa21. 20. April, 10:17 Uhr", "red/epd 22. April 2020"
    r"|(?<![^\W\d_])(?:dpa|afp|apa|epd|kna|ddp|sda|ansa|efe|pti|ians|reuters)(?:/\w+)?[\s\d.,:|/–—-]{0,8}$"
    # a citation after a quote: "… no reason to suspect fraud », The Washington Post, 26 février 2020"
    r"|[»\"”]\s*,\s*(?:[A-ZÀ-Ž][\w.'’-]*\s+){0,4}[A-ZÀ-Ž][\w.'’-]*\s*,\s*$"
    r"|(?<!\w)(?:published|updated|posted|last modified|veröffentlicht|aktualisiert|geändert|publié|mise? à jour"
    r"|modifié|modificato|modificado|modificada|zmieniono|изменено|değiştirildi|güncellendi"
    r"|appears in print|in print|print edition"
    r"|pubblicato|aggiornato|publicado|actualizado|atualizado|opublikowano|aktualizacja|zaktualizowano"
    r"|опубликовано|обновлено|yayınlanma|yayımlanma|güncelleme|güncellenme|نشر في|تم النشر|آخر تحديث|تحديث"
    r"|发布时间|更新时间|发布于|更新于|(?-i:Update|UPDATE)"
    # the stamp's label names the date: "Güncelleme Tarihi:", "Fecha de publicación:", "Дата обновления:"
    r"|(?:publication|update|release|posting)\s+date|date\s+(?:published|updated|posted)|fecha\s+de\s+(?:publicación|actualización)"
    r"|data\s+(?:di\s+|de\s+)?(?:pubblicazione|aggiornamento|publicação|atualização|publikacji|aktualizacji)"
    r"|date\s+de\s+(?:publication|mise\s+à\s+jour)|(?:Veröffentlichungs|Erscheinungs|Aktualisierungs)datum"
    r"|дата\s+(?:публикации|обновления)|(?:yayın(?:lanma)?|güncel(?:leme|lenme)?|haber)\s+tarihi|تاريخ\s+(?:النشر|التحديث)"
    r"|(?-i:Stand(?=\s*:)))(?:\s+(?:on|am|vom|from|le|il|el|em|dnia|du|de|del|في|tarihi))?"
    r"\s*[:：]?\s*$",
    re.IGNORECASE)
# A reprint's note: "This article was originally published on the Russian page of … on January 1, 2020".
_REPRINT_BEFORE = re.compile(r"(?<!\w)(?:originally|first) (?:published|posted|appeared)\b[^.!?\n]{0,120}\bon\s*$",
                             re.IGNORECASE)
# A page's stamp glued to the headline before it ("ConcertationPublié le 25/03/2020"): capitalised, so
# no lower-case word ends in it.
_STAMP_GLUED = re.compile(
    r"(?:Published|Updated|Posted|Publié|Mis à jour|Mise à jour|Veröffentlicht|Aktualisiert|Publicado|Actualizado"
    r"|Pubblicato|Aggiornato|Opublikowano|Опубликовано|Обновлено|Yayınlanma|Güncelleme)"
    r"(?:\s+(?:on|am|le|il|el|em|dnia|du|de))?\s*[:：]?\s*$")
# A widget's "x ago" beside the date: "01/01/2020 Hace 1 día", "5 March 2020 · 3 hours ago".
_STAMP_AGO = re.compile(
    r"\s*[-|·•]?\s*(?:\d+\s*min(?:ute)?s?\.?\s+read\b|hace \d+|vor \d+|il y a \d+|\d+ (?:days?|hours?|minutes?|mins?) ago"
    r"|\d+ (?:giorni|ore|minuti) fa|\d+ (?:dni|godzin\w*|minut\w*) temu|\d+ (?:дн\w*|час\w*|минут\w*) назад"
    r"|\d+ (?:gün|saat|dakika) önce)",
    re.IGNORECASE)
# A byline: "Por Evan Blake y Jerry White 30 de diciembre de 2019", "By Jane Doe, John Roe | March 5":
# the marker, then two to four capitalised names (or two such names joined by "and"), then the date.
_NAME_WORD = r"[A-ZÀ-ÖØ-ÞĀ-ſА-ЯЁ][\w.'’-]+"
_NAMES = rf"{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,3}}"
_BYLINE_BEFORE = re.compile(
    rf"(?<!\w)(?:By|Por|Von|Par|Di|Przez|Autor|Автор|Yazan)\s+{_NAMES}"
    rf"(?:\s*(?:,|y|and|und|et|e|i|и|ve|&)\s+{_NAMES})?\s*[,|–—-]?\s*$"
    # a wire or a desk for the author, "by" in any case, its weekday glued on a flattened page: "by Associated
    # PressWednesday, April 8th 2020", "by Reuters Staff"
    rf"|(?<!\w)(?i:by)\s+(?:the\s+)?(?:{_NAME_WORD}\s+){{0,3}}(?:Press|News|Staff|Wire|Agency|Reporters?|Correspondents?"
    rf"|Editors?|Desk|Newsroom)(?:[A-Z][a-z]+day)?\s*[,|–—-]?\s*$")
# A date followed by a clock time with no word between ("28 Mayıs 2020 Perşembe, 09:27", "28.12.2019 | 11:20",
# "20 يناير 2020 - 3 : 18", a cut "28 Ocak 2020, 11:4" at the page's end): a page's time stamp; an event's time
# takes a word ("at 9:27", "um").
_STAMP_AFTER = re.compile(r"\s*(?:[^\W\d_]{2,12}\s*)?[,|/–—-]?\s*\d{1,2}(?:[:.]\d{2}|\s?:\s?\d{2}|:\d\s*$)(?![\d.,]\d)")
# A live ticker's entry, year or not: a date, its clock time, a colon ("update ab dem 7. Januar 17.45: Wie …").
_TICKER_AFTER = re.compile(r"\s*,?\s*\d{1,2}[:.]\d{2}\s*(?:Uhr|h)?\s*[:：]")
# A date in figures glued to a word ("Wien  27.02.2020Heinz-Christian", "PIX NOW01/01/2020"): page parts run
# together when the page was flattened; prose puts a space around a date.
_NUMERIC_DATE = re.compile(r"\d{1,4}[./-]\d{1,2}[./-]\d{2,4}")
_LETTER = re.compile(r"[A-Za-zÀ-ɏͰ-ӿ]")
# A photo caption's convention (Reuters, AP): the scene, then the place, the country or weekday and the date
# closing the sentence with no preposition ("… outside the White House in Washington, U.S., December 19,
# 2019.", "… in Hong Kong, Saturday, April 18, 2020."); prose says "on".
_CAPTION_WORDS = r"[A-ZÀ-ŽА-Я][\w.'’-]*(?:\s+[A-ZÀ-ŽА-Я][\w.'’-]*){0,2}"
_CAPTION_PLACE_BEFORE = re.compile(rf"(?:^|\s)[a-zà-ÿа-я]+\s+{_CAPTION_WORDS},\s+{_CAPTION_WORDS},\s*$")
_SENTENCE_END = re.compile(r"\s*\.(?:\s|$)")


def page_date(text: str, start: int, end: int, year_written: bool, lang: str) -> bool:
    """The date at text[start:end] is the page's: a tweet's, a byline's, a stamp's, a widget's, a live
    ticker's, a photo caption's, or one glued to a word on a flattened page."""
    if (_PAGE_DATE_BEFORE.search(text, max(0, start - 80), start) or _REPRINT_BEFORE.search(text, max(0, start - 160), start)
            or _BYLINE_BEFORE.search(text, max(0, start - 90), start) or _STAMP_GLUED.search(text, max(0, start - 30), start)):
        return True
    if _STAMP_AGO.match(text, end) or _TICKER_AFTER.match(text, end):
        return True
    if _NUMERIC_DATE.fullmatch(text, start, end) and (
            (start > 0 and _LETTER.match(text, start - 1)) or _LETTER.match(text, end)):
        return True
    if year_written and _SENTENCE_END.match(text, end) and _CAPTION_PLACE_BEFORE.search(text, max(0, start - 80), start):
        return True
    if year_written and _STAMP_AFTER.match(text, end):
        word = re.match(r"\s*([^\W\d_]+)", text[end:end + 16])
        return word is None or is_weekday_name(word.group(1), lang)
    return False
