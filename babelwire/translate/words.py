"""The renderers' own words in the reader's language, and dates and numbers in their locale.

A small table rather than gettext catalogues: some forty short phrases in four languages,
kept in one place where a reviewer reads them side by side. Any other language, or a phrase
missing from a column, falls back to English. Dates and numbers go through babel (CLDR).
"""
from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from typing import Any

# English phrase -> {language: phrase}. Placeholders in braces are filled by t(**kw).
_WORDS: dict[str, dict[str, str]] = {
    "Where sources disagree": {"fr": "Où les sources divergent", "de": "Wo die Quellen abweichen", "es": "Donde las fuentes discrepan"},
    "Conflict": {"fr": "Conflit", "de": "Widerspruch", "es": "Conflicto"},
    "Self-contradiction": {"fr": "Contradiction interne", "de": "Selbstwiderspruch", "es": "Contradicción interna"},
    "What happened": {"fr": "Ce qui s'est passé", "de": "Was geschah", "es": "Qué pasó"},
    "Summary": {"fr": "Résumé", "de": "Zusammenfassung", "es": "Resumen"},
    "Timeline": {"fr": "Chronologie", "de": "Zeitverlauf", "es": "Cronología"},
    "First report": {"fr": "Premier article", "de": "Erste Meldung", "es": "Primera noticia"},
    "Earliest exact date": {"fr": "Première date exacte", "de": "Früheste genaue Angabe", "es": "Primera fecha exacta"},
    "Picked up, by language": {"fr": "Reprise, par langue", "de": "Aufgegriffen, nach Sprache", "es": "Difusión, por idioma"},
    "Picked up, by outlet": {"fr": "Reprise, par média", "de": "Aufgegriffen, nach Medium", "es": "Difusión, por medio"},
    "Coverage by {unit}": {"fr": "Couverture par {unit}", "de": "Berichte pro {unit}", "es": "Cobertura por {unit}"},
    "day": {"fr": "jour", "de": "Tag", "es": "día"},
    "hour": {"fr": "heure", "de": "Stunde", "es": "hora"},
    "when": {"fr": "quand", "de": "wann", "es": "cuándo"},
    "articles": {"fr": "articles", "de": "Artikel", "es": "artículos"},
    "by language": {"fr": "par langue", "de": "nach Sprache", "es": "por idioma"},
    "Sources": {"fr": "Sources", "de": "Quellen", "es": "Fuentes"},
    "Who is named": {"fr": "Qui est cité", "de": "Wer genannt wird", "es": "Quién aparece"},
    "name": {"fr": "nom", "de": "Name", "es": "nombre"},
    "kind": {"fr": "type", "de": "Art", "es": "tipo"},
    "languages": {"fr": "langues", "de": "Sprachen", "es": "idiomas"},
    "forms": {"fr": "formes", "de": "Schreibweisen", "es": "formas"},
    "mentions": {"fr": "mentions", "de": "Nennungen", "es": "menciones"},
    "Facts": {"fr": "Faits", "de": "Fakten", "es": "Datos"},
    "Differences that are not conflicts": {"fr": "Écarts qui ne sont pas des conflits", "de": "Unterschiede, die keine Widersprüche sind", "es": "Diferencias que no son conflictos"},
    "Notes": {"fr": "Remarques", "de": "Hinweise", "es": "Notas"},
    "(no headline)": {"fr": "(pas de titre)", "de": "(keine Überschrift)", "es": "(sin titular)"},
    "(no sentences to summarise)": {"fr": "(aucune phrase à résumer)", "de": "(keine Sätze zum Zusammenfassen)", "es": "(ninguna frase que resumir)"},
    "date unknown": {"fr": "date inconnue", "de": "Datum unbekannt", "es": "fecha desconocida"},
    "undated": {"fr": "sans date", "de": "ohne Datum", "es": "sin fecha"},
    "no finer date": {"fr": "pas de date plus précise", "de": "kein genaueres Datum", "es": "sin fecha más precisa"},
    "no article carries a date": {"fr": "aucun article n'est daté", "de": "kein Artikel trägt ein Datum", "es": "ningún artículo tiene fecha"},
    "unknown outlet": {"fr": "média inconnu", "de": "unbekanntes Medium", "es": "medio desconocido"},
    "{n} articles ({independent} independent) in {languages} languages": {
        "fr": "{n} articles ({independent} indépendants) en {languages} langues",
        "de": "{n} Artikel ({independent} unabhängige) in {languages} Sprachen",
        "es": "{n} artículos ({independent} independientes) en {languages} idiomas"},
    "first report {when}": {"fr": "premier article {when}", "de": "erste Meldung {when}", "es": "primera noticia {when}"},
    "{n} articles, {independent} independent ({duplicates} republished copies count once).": {
        "fr": "{n} articles, {independent} indépendants ({duplicates} reprises comptées une fois).",
        "de": "{n} Artikel, {independent} unabhängige ({duplicates} Übernahmen einmal gezählt).",
        "es": "{n} artículos, {independent} independientes ({duplicates} copias cuentan una vez)."},
    "original headline in {language}; no headline in {reader}": {
        "fr": "titre original en {language} ; aucun titre en {reader}",
        "de": "Originalüberschrift auf {language}; keine Überschrift auf {reader}",
        "es": "titular original en {language}; ningún titular en {reader}"},
    "no article had a headline: lead sentence": {"fr": "aucun article n'avait de titre : première phrase", "de": "kein Artikel hatte eine Überschrift: erster Satz", "es": "ningún artículo tenía titular: primera frase"},
    "from {who}": {"fr": "de {who}", "de": "von {who}", "es": "de {who}"},
    "transliteration": {"fr": "translittération", "de": "Transliteration", "es": "transliteración"},
    "machine translation ({by})": {"fr": "traduction automatique ({by})", "de": "maschinelle Übersetzung ({by})", "es": "traducción automática ({by})"},
    "written by {by} from the cited sentences only; unsupported claims removed": {
        "fr": "rédigé par {by} à partir des seules phrases citées ; affirmations non étayées retirées",
        "de": "von {by} nur aus den zitierten Sätzen geschrieben; unbelegte Aussagen entfernt",
        "es": "redactado por {by} solo a partir de las frases citadas; afirmaciones sin respaldo eliminadas"},
    "{precision} precision": {"fr": "précision : {precision}", "de": "Genauigkeit: {precision}", "es": "precisión: {precision}"},
    "year": {"fr": "année", "de": "Jahr", "es": "año"},
    "month": {"fr": "mois", "de": "Monat", "es": "mes"},
    "minute": {"fr": "minute", "de": "Minute", "es": "minuto"},
    "second": {"fr": "seconde", "de": "Sekunde", "es": "segundo"},
    "from {source}": {"fr": "d'après {source}", "de": "laut {source}", "es": "según {source}"},
    "worldwide": {"fr": "dans le monde", "de": "weltweit", "es": "en todo el mundo"},
    "No disagreements found.": {"fr": "Aucune divergence trouvée.", "de": "Keine Abweichungen gefunden.", "es": "No se encontraron discrepancias."},
    "Who and where": {"fr": "Qui et où", "de": "Wer und wo", "es": "Quién y dónde"},
    "Coverage over time": {"fr": "Couverture dans le temps", "de": "Berichte im Zeitverlauf", "es": "Cobertura en el tiempo"},
    "Articles by language": {"fr": "Articles par langue", "de": "Artikel nach Sprache", "es": "Artículos por idioma"},
    "Reader's language": {"fr": "Langue de lecture", "de": "Lesesprache", "es": "Idioma de lectura"},
}

TEMPLATE_LANGUAGES = ("en", "fr", "de", "es")


def t(lang: str, phrase: str, **kw: Any) -> str:
    """``phrase`` in ``lang`` (English when unknown), placeholders filled from ``kw``."""
    out = _WORDS.get(phrase, {}).get(lang, phrase)
    return out.format(**kw) if kw else out


@lru_cache(maxsize=64)
def cldr_locale(lang: str):
    # deferred: babel is slow to import; paid only when this runs
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse({"no": "nb"}.get(lang, lang))
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


def number(n: float | int, lang: str) -> str:
    """A count or amount with the reader's grouping and decimal signs (840000 -> "840 000" in fr)."""
    # deferred: babel is slow to import; paid only when this runs
    from babel.numbers import format_decimal

    return format_decimal(n, locale=cldr_locale(lang))


def when(value: str | None, precision: str | None, lang: str) -> str | None:
    """An ISO date or timestamp as the reader writes it, no finer than its precision."""
    if not value:
        return None
    # deferred: babel is slow to import; paid only when this runs
    from babel.dates import format_date, format_datetime, format_skeleton

    loc = cldr_locale(lang)
    try:
        if value.startswith("--"):  # "--12-17": day and month, no year (2000 allows 29 February)
            return format_skeleton("MMMMd", date(2000, int(value[2:4]), int(value[5:7])), locale=loc)
        if len(value) == 4:
            return value
        if len(value) == 7:
            return format_skeleton("yMMMM", date.fromisoformat(value + "-01"), locale=loc)
        if len(value) == 10:
            return format_date(date.fromisoformat(value), "long", locale=loc)
        dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
        if precision == "hour" or len(value) == 13:
            return format_skeleton("yMMMMdH", dt, locale=loc)
        return format_datetime(dt, "medium", locale=loc)
    except (ValueError, TypeError):
        return value


def language(code: str, lang: str) -> str:
    """The name of language ``code`` in language ``lang`` ("fr" in de -> "Französisch")."""
    loc = cldr_locale(lang)
    name = loc.languages.get({"no": "nb"}.get(code, code)) or loc.languages.get(code)
    return name or code


@lru_cache(maxsize=256)
def direction(code: str | None) -> str:
    """"rtl" for a right-to-left language (CLDR), else "auto": the browser then reads each
    paragraph's first strong letter. Arabic text that opens with "(CNN Business)" must still
    run right to left, so the detected language decides for RTL ones."""
    # deferred: babel is slow to import; paid only when this runs
    from babel import Locale, UnknownLocaleError

    try:
        return "rtl" if code and Locale.parse(code).character_order == "right-to-left" else "auto"
    except (UnknownLocaleError, ValueError):
        return "auto"


# Scripts every desktop ships fonts for; any other one gets the font notice.
_COMMON_SCRIPTS = frozenset(("Latn", "Cyrl", "Grek"))


@lru_cache(maxsize=256)
def script_name(code: str) -> str | None:
    """The script a language is written in (CLDR likely subtags), by name, when it is one
    whose fonts a machine may lack ("hi" -> "Devanagari", "zh" -> "Simplified Han"); else None."""
    # deferred: babel is slow to import; paid only when this runs
    from babel import Locale
    from babel.core import get_global

    likely = get_global("likely_subtags").get({"no": "nb"}.get(code, code), "")
    parts = likely.split("_")
    script = parts[1] if len(parts) > 1 and len(parts[1]) == 4 else None
    if script is None or script in _COMMON_SCRIPTS:
        return None
    special = {"Hans": "Chinese (simplified)", "Hant": "Chinese (traditional)"}
    return special.get(script) or Locale.parse("en").scripts.get(script, script)


def font_scripts(codes: Any) -> list[str]:
    """The scripts of ``codes`` that may need fonts, each once, sorted."""
    return sorted({n for c in codes if c for n in [script_name(c)] if n})
