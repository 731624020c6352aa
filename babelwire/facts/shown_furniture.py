"""Sentences of the page, not of the story, whose figures the facts table never shows (sample 10).

A print-edition or e-paper promo ("Mehr dazu lesen Sie in der Ausgabe 14. April … als ePaper", "Lea
más … en la edición impresa de DIARIO EXTRA de mañana sábado 22 de febrero"), a copyright line ("©
Fränkische Nachrichten, Mittwoch, 11.03.2020"), a prompt addressed to the reader ("Hier lernen Sie die
wichtigsten Ereignisse aus der Region - in 120 Sekunden"): the date or number in them is the page's.

Why here and not in the ingest furniture rules (data/furniture/*.toml): those drop whole lines when a page
is stored; these phrases sit inside sentences that ran together with the story (pages flattened to one
line), and stored texts are not cleaned again. Why not by evidence (``boilerplate_lines``): on the dev
store none of sample 10's furniture sentences recurs in a second article (each occurs once; 11 units of
19,600 occur in 3 or more), so the counts cannot tell them. Our own patterns: no library lists them.
"""
from __future__ import annotations

import re

from ._data import base_lang
from .types import Fact

# Print editions and e-papers: the newspaper advertising itself.
_PRINT = {
    "en": r"\b(?:print|printed|digital|e-?paper|tomorrow's|today's)\s+(?:edition|issue)\b|\be-?paper\b",
    "de": r"\b(?:lesen|finden)\s+Sie\b[^.!?]{0,60}\bAusgabe\b|\b(?:Print|Zeitungs|Druck|Wochenend|Sonntags|Samstags)ausgabe"
          r"|\bE-?Paper\b|\bfrisch\s+gedruckt\b",
    "es": r"\bedición\s+(?:impresa|digital|de\s+papel|en\s+papel)\b|\bversión\s+impresa\b|\bquiosco\s+digital\b",
    "pt": r"\bedição\s+(?:impressa|digital)\b|\bversão\s+impressa\b",
    "fr": r"\béditions?\s+(?:papiers?|imprimées?|numériques?|abonnés)\b|\bversion\s+papier\b|\bkiosque\s+numérique\b|\be-?journal\b",
    "it": r"\bedizione\s+(?:cartacea|digitale|in\s+edicola)\b|\bin\s+edicola\b|\bsfogliabile\b",
    "pl": r"\bwydani\w*\s+(?:papierow|drukowan|cyfrow)\w*|\be-wydani\w*|\bw\s+(?:najnowszym|jutrzejszym|piątkowym)\s+(?:numerze|wydaniu)\b",
    "ru": r"\bпечатн\w+\s+(?:верси|выпуск|номер)\w*|\bв\s+(?:свежем|ближайшем|завтрашнем)\s+номере\b",
    "tr": r"\be-?gazete\b|\bgazetemizin\s+(?:yarınki|bugünkü)\b",
    "ar": r"النسخة\s+(?:الورقية|المطبوعة)|العدد\s+الورقي",
    "zh": r"(?:印刷版|纸质版|电子报|数字报)",
}
# A prompt addressed to the reader: what follows is the page's offer, not the story's facts.
_PROMPT = {
    "en": r"\b(?:click\s+here|sign\s+up\s+(?:for|to)|subscribe\s+(?:now|today|here|to\s+our)|read\s+more\s+(?:about|in|on)"
          r"|listen\s+to\s+(?:the|our)\s+(?:podcast|briefing))\b",
    "de": r"\b(?:Hier|Mehr\s+dazu|Mehr)\s+(?:lesen|hören|sehen|erfahren|lernen|finden)\s+Sie\b"
          r"|\b(?:Lesen|Hören|Sehen|Erfahren)\s+Sie\s+(?:hier|mehr|auch|dazu)\b",
    "es": r"\b(?:Lea|Lee|Vea|Escuche)\s+más\b|\bSuscríbete\b|\bHaga\s+clic\b",
    "pt": r"\b(?:Leia|Veja)\s+mais\b|\bAssine\s+(?:já|agora)\b",
    "fr": r"\bAbonnez-vous\b|\bCliquez\s+ici\b|\bLisez\s+(?:la\s+suite|notre)\b|\bRetrouvez\s+(?:tous|toute|notre)\b",
    "it": r"\bLeggi\s+(?:anche|di\s+più|l['’]articolo)\b|\bAbbonati\b|\bClicca\s+qui\b",
    "pl": r"\bCzytaj\s+(?:więcej|też|także|również)\b|\bKliknij\s+tutaj\b",
    "ru": r"\bЧитайте\s+(?:также|подробнее|больше)\b|\bПодпишитесь\b",
    "tr": r"\bAbone\s+ol\b|\btıklay[ıi]n(?:[ıi]z)?\b",
    "ar": r"اضغط\s+هنا|اقرأ\s+أيضا|اقرأ\s+المزيد",
    "zh": r"(?:点击(?:这里|此处|查看)|订阅我们|您(?:现在)?可以下载|立即下载)",
}
# A reading-time widget ("4 min read", "Lesezeit 3 Minuten", "Lea el tiempo 1 minuto", machine-translated), a video
# player's countdown, or a source credit in capitals ("APRIL 2020QUELLE: AFPTV"): the line is the page's.
_WIDGET = re.compile(
    r"\bmin(?:ute)?s?\.?\s+read\b|\bread(?:ing)?\s+time\b|\bLesezeit\b|\btiempo\s+de\s+lectura\b|\bLea\s+el\s+tiempo\b"
    r"|\btemps\s+de\s+lecture\b|\btempo\s+di\s+lettura\b|\bczas\s+czytania\b|\bвремя\s+чтения\b|\bokuma\s+süresi\b"
    r"|(?:QUELLE|SOURCE|FUENTE|FONTE|ŹRÓDŁO|ИСТОЧНИК|KAYNAK)\s*:\s*[A-Z]{2,}"
    # a video player's countdown ("The video will start in 8 Cancel", "Das Video startet in 5 Sekunden")
    r"|\bvideo\s+will\s+(?:start|begin|play)\s+in\b|\bnext\s+video\s+in\b|\bVideo\s+(?:startet|beginnt)\s+in\b"
    r"|\bv[íi]deo\s+(?:comenzará|empezará|começará|começa)\s+en?\b|\bvidéo\s+(?:va\s+commencer|commence|démarre)\s+dans\b"
    r"|\bvideo\s+(?:inizierà|partirà|inizia)\s+(?:tra|fra)\b|\bwideo\s+(?:rozpocznie\s+się|zacznie\s+się)\s+za\b"
    r"|\bвидео\s+начн[её]тся\s+через\b|\bvideo\s+\d+\s+saniye\s+içinde\b|视频将在", re.IGNORECASE)
# A copyright line: "© Fränkische Nachrichten, Mittwoch, 11.03.2020", "Copyright 2020 …", "Alle Rechte vorbehalten".
_COPYRIGHT = re.compile(
    r"©|\(c\)\s*\d{4}|\bCopyright\b|\bAll\s+rights\s+reserved\b|\bAlle\s+Rechte\s+vorbehalten\b|\bTodos\s+los\s+derechos\s+reservados\b"
    r"|\bTous\s+droits\s+réservés\b|\bTutti\s+i\s+diritti\s+riservati\b|\bWszelkie\s+prawa\s+zastrzeżone\b|\bВсе\s+права\s+защищены\b"
    r"|\bTüm\s+hakları\s+saklıdır\b|جميع\s+الحقوق\s+محفوظة|版权所有", re.IGNORECASE)
# An affiliate-link notice ("riceverò una commissione se lo acquisti entro 90 giorni", "pagherà una commissione … dopo
# aver fatto clic"): a commission (lower case: not "the European Commission") and a click, a cart or a link in one
# sentence.
_COMMISSION = re.compile(r"\b(?:commission|commissione|Provision|comisión|comissão|prowizj\w*|комисси\w*|komisyon)\b")
_CLICK = re.compile(r"\b(?:click\w*|clic\w*|klick\w*|kliknię\w*|cart|carrello|carrito|panier|Warenkorb|koszyk\w*|sepet\w*|"
                    r"carrinho|affiliat\w*|affiliazione|afiliad\w*|Amazon)\b", re.IGNORECASE)
_COPYRIGHT_REACH = 100  # a copyright line is short: a figure this far after the mark is the line's
_PROMO_REACH = 150  # a promo's figures follow its words ("Lea más … de mañana sábado 22 de febrero")
# ... up to a clause break: "CLICCA QUI PER L'APP FOX NEWS Nel 2019, St. Louis ha registrato 194 omicidi" is the story's
_BREAK = re.compile(r"[,;:!?\"“”«»()，；：。！？]|\.\s")
_WIDGET_REACH = 40  # a widget's or credit's figures stand right beside it ("APRIL 2020QUELLE: AFPTV")


def _compiled(table: dict[str, str], lang: str) -> re.Pattern[str] | None:
    rx = table.get(lang)
    return re.compile(rx, re.IGNORECASE) if rx else None


def furniture(f: Fact) -> bool:
    """The fact's figure stands in page furniture: after a print or e-paper promo or a prompt to the reader
    (a headline before it, run together on a flattened page, is the story's), in an affiliate-link notice, beside a reading-time widget or
    a source credit, or after a copyright mark."""
    s = f.evidence.sentence
    pos = f.start - f.evidence.start
    if not 0 <= pos <= len(s):
        return False
    lang = base_lang(f.language)
    for table in (_PRINT, _PROMPT):
        rx = _compiled(table, lang)
        if rx is not None and any(m.start() <= pos <= m.end() + _PROMO_REACH and not _BREAK.search(s, m.end(), pos)
                                  for m in rx.finditer(s)):
            return True
    if _COMMISSION.search(s) and _CLICK.search(s):
        return True
    if any(m.start() - _WIDGET_REACH <= pos <= m.end() + _WIDGET_REACH for m in _WIDGET.finditer(s)):
        return True
    return bool(_COPYRIGHT.search(s, max(0, pos - _COPYRIGHT_REACH), pos))
