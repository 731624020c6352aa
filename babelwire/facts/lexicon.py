"""Word lists that tell names from words, fold inflected names and give their kind.

Every list comes from a package that ships its data (nothing is fetched at run time):

- ``simplemma`` lemma dictionaries (54 languages) store a proper noun's lemma capitalised and
  a common word's in lower case: "Полиция" -> "полиция" is a word, "Iranem" -> "Iran" and
  "Индии" -> "Индия" are names, folded to the form the other articles use.
- ``wordfreq`` frequencies stand in where capitals say nothing: German capitalises every
  noun, so "Anklage" is a word when it is in the German dictionary and next to unheard of in
  English, while "Merkel" is read in English news as much as in German.
- ``gender_guesser`` first names (about 40,000 across countries) mark "Amy Klobuchar" as a
  person; the cities and regions of ``cities.py`` mark places.

Each look-up degrades to "don't know" when its package is missing, so extraction still runs.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ._data import base_lang
from .cities import find_city, is_region
from .gazetteer import country_names_en, gazetteer
from .han_words import han_function_word
from .transliteration import latin_key, norm_form

# Nouns are capitalised in these languages: a capital says nothing about a name.
NOUN_CAPITALISING = {"de", "lb"}
# Lemma dictionaries that keep case (Turkish's does not: "Giresun" -> "giresun").
_CASE_KEEPING = {"ar", "bg", "ca", "cs", "da", "el", "en", "es", "et", "fi", "fr", "ga", "hr", "hu",
                 "id", "it", "lt", "lv", "nb", "nl", "pl", "pt", "ro", "ru", "sk", "sl", "sr", "sv",
                 "uk"}
# Languages whose names take case endings worth folding ("Warszawie" -> "Warszawa").
_INFLECTING = {"pl", "ru", "uk", "cs", "sk", "sl", "hr", "sr", "bg", "lt", "lv", "fi", "et", "hu"}


@lru_cache(maxsize=None)
def _simplemma():
    try:
        # deferred: simplemma is slow to import; paid only when this runs
        import simplemma

        return simplemma
    except ImportError:  # pragma: no cover - optional dependency
        return None


@lru_cache(maxsize=None)
def _zipf():
    try:
        # deferred: wordfreq is slow to import; paid only when this runs
        from wordfreq import zipf_frequency

        return zipf_frequency
    except ImportError:  # pragma: no cover
        return None


@lru_cache(maxsize=200_000)
def _lemma(tok: str, lang: str) -> tuple[bool, str] | None:
    sm = _simplemma()
    if sm is None:
        return None
    try:
        return sm.is_known(tok, lang=lang), sm.lemmatize(tok, lang=lang)
    except Exception:  # a language simplemma does not have
        return None


@lru_cache(maxsize=200_000)
def _freq(word: str, lang: str) -> float:
    z = _zipf()
    if z is None:
        return 0.0
    try:
        return z(word, lang)
    except Exception:
        return 0.0


def word_frequency(word: str, language: str) -> float:
    """wordfreq's Zipf frequency (0 for an unknown word or language)."""
    return _freq(word, base_lang(language))


_FUNCTION_TOP = 150  # a language's most frequent words: articles, prepositions, pronouns, "new", "more"


@lru_cache(maxsize=None)
def _top_words(lang: str) -> frozenset[str]:
    try:
        # deferred: wordfreq is slow to import; paid only when this runs
        from wordfreq import top_n_list

        return frozenset(top_n_list(lang, _FUNCTION_TOP))
    except Exception:  # no wordfreq, or a language it lacks
        return frozenset()


def is_function_word(tok: str, language: str) -> bool:
    """``tok`` is no word a number can count: among the language's 150 most frequent words
    (wordfreq: "en", "las", "w", "już", "der", "on", "new"), or, for a Chinese run glued to
    the number, one whose first jieba word is no noun or classifier ("的新中央", "和多单元",
    "增加到每"). Callers check their own counted nouns ("people", "osób", "人") first, as a
    few of those are this frequent too."""
    lang = base_lang(language)
    word = tok.lower()
    if lang == "zh" and re.match(r"[\u3400-\u9fff]", word):
        function = han_function_word(word)
        if function is not None:
            return function
    if lang in ("zh", "ja") and re.match(r"[\u3040-\u30ff\u3400-\u9fff]", word):
        word = word[:1]
    return word in _top_words(lang)


# Turkish words a number cannot count: verbs in the past ("arttı", "oldu", "idi", "ulaştı", "gelmiş"),
# the present ("artıyor") and a noun in the dative ("tabloya", "ye"/"ya" after a vowel): the counted
# noun stands bare after its number ("40 bin kişi"), so a suffixed word there is the clause's verb.
# Adjectives in -sal/-sel ("ulusal", "bölgesel", "kişisel") name no thing either.
_TR_NO_COUNT = re.compile(r"(?:[dt][ıiuü]|[dt][ıiuü]r|m[ıiuü]ş|[ıiuü]?yor|[ıiuü]?yordu|[aeıiouöü]y[ae]|s[ae]l)$")
# After an amount only (a count's noun may take them: "230 sporcunun katıldığını", "5 bin insan"): a
# participle in -(y)an/-(y)en ("41,64 dolara kadar çıkan"), a genitive ("41,69 dolar aralığının": of the
# range) or a possessive locative ("41,51 dolar seviyesinde": at the level of) goes on to another word.
_TR_PARTICIPLE = re.compile(r"(?:[^aeıioöuü\W][ae]n|[ıiuü]n[ıiuü]n|[sn][ıiuü]nd[ae])$")
# English adverbs that follow an amount or a share ("$3 nationwide", "5% annually", "$2 apiece").
_EN_PARTICIPLE = re.compile(r"[a-z]{3}[^e]ed$")  # "reported", "earmarked"; not "seed", "speed"
_EN_NO_COUNT = re.compile(r"(?:wide|annually|monthly|weekly|daily|yearly|apiece|each|overall|respectively|alone)$")


# Finite verbs whose endings no noun has: French imperfect and conditional ("attendraient"), past
# historic and future plurals; Spanish and Italian past, imperfect and conditional plurals ("murieron",
# "dicevano", "direbbero"); Arabic past plurals ("أفادوا", "أكدوا"). A share followed by one is a poll's
# answer ("41% attendraient"): its subject went before, or is not said.
_VERB_ENDS = {
    "fr": re.compile(r"\w{2,}(?:aient|èrent|eront|iront)$"),
    "es": re.compile(r"\w{2,}(?:aron|eron|aban|ían|rán)$"),
    "it": re.compile(r"\w{2,}(?:arono|erono|irono|avano|evano|ivano|ebbero)$"),
    "pt": re.compile(r"\w{2,}(?:aram|eram|iram|avam|iam)$"),
    "ar": re.compile(r"\w{2,}وا$"),
}
# Arabic nouns of two letters that a number counts: tonnes ("23.6 ألف طن قمح").
_AR_SHORT_NOUNS = frozenset({"طن"})
# Turkish postpositions and adverbs that follow a figure ("% 67'si yerine": instead of 67%); the most
# frequent ("kadar", "göre", "için") are function words already.
_TR_POSTPOSITIONS = frozenset("yerine rağmen dolayı dolayısıyla boyunca itibaren beri üzere dahil civarında oranında "
                              "nedeniyle sayesinde halinde".split())
# Turkish possessive + accusative ("meclisini": its assembly, as an object): the clause's object, which
# the number before it does not count ("57 milyon 918 bin yeni meclisini").
_TR_POSS_ACC = re.compile(r"\w{3,}s[ıiuü]n[ıiuü]$")
# After an amount, a Turkish locative ("% 50'si cezaevinde": in prison) says where, not what.
_TR_LOCATIVE = re.compile(r"\w{3,}[dt][ae]$")


def is_verb_form(tok: str, language: str) -> bool:
    """``tok`` is a finite verb (in German any verb form: "steigen", "sollten") or, in English, an -ing
    form of a verb ("quoting": its lemma is another word, "quote"; "building" and "morning" are their
    own), so no number counts it."""
    lang = base_lang(language)
    w = tok.lower()
    if lang == "de":  # its lemma is written small and ends as infinitives do: "steigen", "sollten" -> "sollen";
        got = _lemma(tok, "de")  # as written: "Folgen" (a noun, "Folge") is no "folgen"
        return bool(got and got[0] and got[1][:1].islower() and re.search(r"(?:[^e]en|ern|eln|sein|tun)$", got[1]))
    if lang == "en":
        if not (w.endswith("ing") and len(w) > 5 and w.isalpha()):
            return False
        got = _lemma(w, "en")
        return bool(got and got[0] and got[1] != w)
    rx = _VERB_ENDS.get(lang)
    return bool(rx and tok[:1].islower() and rx.match(w)) if lang != "ar" else bool(rx and rx.match(w))


def is_nationality_adjective(tok: str, language: str) -> bool:
    """An Arabic nisba of a country ("مصرياً" of مصر, "أمريكي" of أمريكا, "تركية" of تركيا): after a currency
    it names the currency's country ("جنيهاً مصرياً"), not what the amount is of."""
    if base_lang(language) != "ar":
        return False
    w = norm_form(tok)
    w = w[2:] if w.startswith("ال") else w
    m = re.match(r"(\w{2,}?)(?:يين|يون|يه|ية|يا|ي)$", w)
    if not m:
        return False
    stem = m.group(1)
    return any(_ar_country_stem(n) == stem for n in gazetteer("ar") if " " not in n)


def _ar_country_stem(name: str) -> str:
    n = name[2:] if name.startswith("ال") else name
    return re.sub(r"(?:يه|ية|يا|ا|ة|ه)$", "", n) or n


def is_no_noun(tok: str, language: str, *, amount: bool = False) -> bool:
    """``tok`` cannot be what a number counts though it is no frequent word: a finite verb
    (``is_verb_form``: "41% attendraient", "20% أفادوا", "101 quoting"), a German word
    written small (nouns are capitalised: "1000 kommen", "10.000 davon"), a Turkish verb, dative
    or -sal adjective or genitive ("39 bin 904 arttı", "40 bin tabloya", "% 20 ulusal", "aralığının") or
    an English adverb ("$3 nationwide"), a Turkish postposition or object ("yerine", "meclisini") or an
    Arabic letter ("800 سي سي"); after an ``amount`` (money, a share) an English or Turkish participle too
    ("11.1% reported", "$5 million earmarked", "41,64 dolara kadar çıkan"), a Turkish locative
    ("% 50'si cezaevinde") or an Arabic nationality adjective ("جنيهاً مصرياً"). Callers check units and
    counter nouns first."""
    lang = base_lang(language)
    if lang == "de":
        return tok[:1].islower() and tok.isalpha()
    w = tok.lower()
    if lang == "tr":
        return bool(_TR_NO_COUNT.search(w) or w in _TR_POSTPOSITIONS or _TR_POSS_ACC.match(w)
                    or amount and (_TR_PARTICIPLE.search(w) or _TR_LOCATIVE.match(w)))
    if lang == "en":
        return bool(_EN_NO_COUNT.search(w) or amount and _EN_PARTICIPLE.search(w) or is_verb_form(tok, lang))
    if lang == "ar" and len(norm_form(tok)) <= 2 and norm_form(tok) not in _AR_SHORT_NOUNS:
        return True  # a letter or a cut word: "800 سي سي" (cc), a year cut in two ("٢٠١ته")
    return is_verb_form(tok, lang) or amount and is_nationality_adjective(tok, lang)


def is_common_word(tok: str, language: str) -> bool:
    """True when a capitalised ``tok`` is an ordinary word of the language ("Polizei",
    "According", "Полиция", "FAKTEN"), so a capital at a sentence start proves nothing."""
    lang = base_lang(language)
    word = tok.title() if tok.isupper() and len(tok) > 3 else tok
    if lang in NOUN_CAPITALISING:
        if _proper_elsewhere(word) or _is_place(word, lang):
            return False  # "Kourou", "Athen"
        got = _lemma(word, lang)
        if got and got[0] and _freq(word.lower(), "en") < 2.0:
            return True
        return _english_word(word)  # cognates: "Version", "Tablets", "Euro"
    if lang not in _CASE_KEEPING:
        return False
    got = _lemma(word, lang)
    return bool(got and got[0] and got[1][:1].islower())


def _english_word(word: str) -> bool:
    en = _lemma(word.lower(), "en")
    return bool(en and en[0] and en[1][:1].islower() and _freq(word.lower(), "en") >= 3.0)


@lru_cache(maxsize=50_000)
def _proper_elsewhere(word: str) -> bool:
    """Another language's dictionary has it as a proper noun: a name, not a German noun."""
    langs = ("en", "fr", "es", "it")
    word_there = False
    for lang in langs:
        got = _lemma(word, lang)
        if got and got[0]:
            if got[1][:1].isupper():
                return True
            word_there = True  # "region" is an English word
    # Read in their news and a word of none of them: "Kourou".
    return not word_there and any(_freq(word.lower(), lang) >= 2.0 for lang in langs)


def _is_place(word: str, lang: str) -> bool:
    return bool(find_city(word) or is_region(word) or norm_form(word) in gazetteer(lang))


@lru_cache(maxsize=50_000)
def lower_is_word(tok: str, language: str) -> bool:
    """The token in lower case is an everyday word of the language, its lemma lower-case too
    ("Średnia" -> "średnia", "Szturm" -> "szturm"). Where a dictionary stores a sentence-start
    capital as if it were a name, this still tells the word; "Iranem" -> "Iran" stays a name."""
    lang = base_lang(language)
    low = tok.lower()
    got = _lemma(low, lang)
    return bool(got and got[0] and got[1][:1].islower() and _freq(low, lang) >= 3.0)


@lru_cache(maxsize=50_000)
def is_everyday_noun(tok: str, language: str) -> bool:
    """A frequent noun of a language that capitalises its nouns ("Welt", "Uhr", "Tage"), so on
    its own it names nothing. ``is_common_word`` lets these through because English news reads
    them (its word list carries stray German); here German must read it a hundred times more
    often than English, French, Spanish or Italian do, which names like "Merkel" or "Berlin"
    are not. Places, first names and acronyms never count."""
    lang = base_lang(language)
    if lang not in NOUN_CAPITALISING or len(tok) < 3 or not tok[:1].isupper() or not tok[1:].islower():
        return False
    got = _lemma(tok, lang)
    if not (got and got[0] and got[1][:1].isupper()):
        return False
    here = _freq(tok.lower(), lang)
    if is_given_name(tok) and here < 5.0:  # "Ulrike"; not "Tage", which is one too
        return False
    if _is_place(tok, lang) or _is_place(got[1], lang):
        return False  # "Deutschlands", "Wien"
    return here >= 4.0 and here - max(_freq(tok.lower(), o) for o in ("en", "fr", "es", "it")) >= 1.5


@lru_cache(maxsize=50_000)
def is_german_noun(tok: str) -> bool:
    """A German common noun: its lemma is capitalised in the German dictionary ("Region",
    "Dorf") or it ends in such a noun ("Regionalhauptstadt"), and no other dictionary has it
    as a name nor is it a place. Adjectives ("Europäische") have lower-case lemmas."""
    if len(tok) < 3 or not tok[:1].isupper() or _proper_elsewhere(tok) or _is_place(tok, "de"):
        return False
    if _freq(tok.lower(), "en") >= 2.0 and not _english_word(tok):
        return False  # read in English news: a name ("Merkel")
    got = _lemma(tok, "de")
    if got and got[0]:
        return got[1][:1].isupper()
    for k in range(4, len(tok) - 4):  # longest known tail of a compound, not "Jou" + "watch"
        tail = tok[k:].capitalize()
        got = _lemma(tail, "de")
        if got and got[0] and got[1][:1].isupper() and _freq(tail.lower(), "en") < 3.0:
            return True
    return False


def name_lemma(tok: str, language: str) -> str:
    """The dictionary form of an inflected name ("Iranem" -> "Iran", "Путина" -> "Путин"),
    else the token itself. Only a capitalised lemma that keeps the token's stem counts."""
    lang = base_lang(language)
    if lang in NOUN_CAPITALISING:  # genitive s only: "Merkels" -> "Merkel", not "Moore" -> "Moor"
        if tok.endswith("s") and len(tok) > 4:
            got = _lemma(tok, lang)
            if got and got[1] == tok[:-1]:
                return got[1]
        return tok
    if lang not in _INFLECTING:
        return tok
    got = _lemma(tok, lang)
    if not got:
        return tok
    lem = got[1]
    if lem == tok or not lem[:1].isupper() or len(lem) < 3:
        return tok
    stem = min(len(lem), max(3, min(len(lem), len(tok)) - 3))
    return lem if lem[:stem].lower() == tok[:stem].lower() else tok


@lru_cache(maxsize=None)
def _given_names():
    try:
        # deferred: gender_guesser reads its name list on import; paid only when this runs
        import gender_guesser.detector as gd

        return gd.Detector(case_sensitive=False)
    except Exception:  # pragma: no cover
        return None


@lru_cache(maxsize=50_000)
def is_given_name(tok: str) -> bool:
    d = _given_names()
    if d is None or len(tok) < 2 or not tok[:1].isupper() or tok.isupper():
        return False
    return d.get_gender(tok) in ("male", "female", "mostly_male", "mostly_female")


_DEMONYM_ENDS = ("ese", "ian", "ean", "an", "ish", "i", "ic")
_DEMONYMS = {"French", "British", "Dutch", "Greek", "Swiss", "Thai", "Welsh", "Scottish", "Irish", "English",
             "Spanish", "Polish", "Danish", "Swedish", "Finnish", "Flemish", "Arab", "Saudi", "Kurdish", "Filipino",
             # creeds and parties English capitalises the same way
             "Shiite", "Shia", "Sunni", "Muslim", "Catholic", "Protestant", "Jewish", "Hindu", "Sikh", "Buddhist",
             "Islamic", "Democratic", "Republican"}


@lru_cache(maxsize=10_000)
def is_demonym(tok: str) -> bool:
    """An English nationality adjective or noun ("Japanese", "Austrian", "Iranians") or creed
    ("Shiite"), which English capitalises though it names no one: its stem begins an English
    country name."""
    if tok in _DEMONYMS:
        return True
    if tok == "Briton" or tok.endswith("s") and len(tok) > 4 and tok[:-1] in _DEMONYMS | {"Briton"}:
        return True  # "Muslims", "Britons"
    if tok.endswith("ns") and is_demonym(tok[:-1]):
        return True  # "Iranians", "Americans"
    if is_given_name(tok):  # "Christian", "Julian": only "German" (Germany) itself
        return any(n.lower().rstrip("ayio") == tok.lower() for n in country_names_en().values())
    for end in _DEMONYM_ENDS:
        if tok.endswith(end) and len(tok) - len(end) >= 3:
            stem = tok[: len(tok) - len(end)].lower()
            if any(w.startswith(stem[:4]) and len(stem) >= 4 or w.rstrip("ayio") == stem
                   for n in country_names_en().values() for w in n.lower().split()):
                return True  # "Korean": "South Korea"
    return False


# Polish nationality nouns end so ("Amerykanin", "Irakijczyk", "Ukrainiec", "Francuz").
_PL_DEMONYM_ENDS = ("ijczyk", "yjczyk", "czyk", "anin", "iec", "uz", "ec")


@lru_cache(maxsize=10_000)
def is_demonym_noun(tok: str, language: str) -> bool:
    """A nationality noun of a language that capitalises them ("Amerykanie", "Irakijczycy"):
    its lemma is a country's name in that language plus a nationality ending."""
    lang = base_lang(language)
    if lang != "pl":
        return False
    got = _lemma(tok, lang)
    lem = got[1] if got and got[0] else tok
    for end in _PL_DEMONYM_ENDS:
        if lem.lower().endswith(end) and len(lem) - len(end) >= 4:
            stem = latin_key(lem[: len(lem) - len(end)])
            return any(latin_key(n).startswith(stem) for n in gazetteer(lang) if len(n) >= len(stem))
    return False


def keeps_case(language: str) -> bool:
    """The language's lemma dictionary tells proper nouns by their capital."""
    return base_lang(language) in _CASE_KEEPING
