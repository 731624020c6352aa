"""Spelling cues that tell look-alike languages apart, used by the default ensemble.

Letters that exist in only one language of a family (і/ї/є/ґ, ј/љ/њ, پ/چ/ژ/گ, ř/ů/ě, æ/ø, ...)
veto or boost languages, and short lists of diagnostic words and endings re-split the vote
inside no/da/sv, id/ms, hi/mr/ne, cs/sk and hr/bs/sr.  These are hand-written data tables and
rules rather than detector machinery, and they make up most of the language code by size, so
they sit in their own module.
"""
from __future__ import annotations

import re

# --------------------------------------------------------------------------------------
# Spelling cues for look-alike languages: characters that exist in only one language of a
# family veto or boost languages; short word lists re-weigh the vote inside a family.

# stripped from both ends of a token; combining marks (Indic vowel signs) must stay
_PUNCT = "\"'`´‘’‚“”„«»‹›()[]{}<>.,;:!?¡¿…·•–—-_/\\|*#%&+=~^。、，：；！？「」『』【】《》،؛؟۔।॥"


def _lex(s: str) -> frozenset[str]:
    return frozenset(s.split())


# Words frequent in one language of a look-alike group and rare or impossible in the others.
_LEXICON: dict[str, dict[str, frozenset[str]]] = {
    "nordic": {
        "no": _lex(
            "ikkje eg ein eit frå kva korleis berre meir noko vore blei vart etter ble noen "
            "nå mye hva seg meg deg sier sa blir gjennom mellom uke uker tusen fikk enn ut opp "
            "oss gjøre kjøpe regjeringen prosent fjor hvordan kveld stortinget nrk å "
            "fylke høyre arbeiderpartiet forteller nei sine"
        ),
        "da": _lex(
            "af efter blev nogen nu meget hvad sig mig dig siger sagde bliver gennem mellem uge "
            "uger tusind fik end ud op os gøre købe regeringen procent hvordan aften "
            "folketinget hedder oplyser ritzau nej sine"
        ),
        "sv": _lex(
            "inte och att är för från till också mycket kommer säger enligt hade efter "
            "regeringen procent någon några något hur vad kväll riksdagen måndag lördag "
            "söndag kommun uppger blev eller bara sedan mot nej sina"
        ),
    },
    "malay": {
        "id": _lex(
            "bisa karena uang kantor polisi kemarin pemerintah rupiah mengatakan karyawan "
            "pekan warga terkait sejumlah agar persen provinsi kabupaten mantan ponsel "
            "telepon sakit pengadilan diperkirakan saja mau nggak tak kunjung "
            "diperbaiki keuangan korban diduga pertandingan kalahkan naikkan resmikan tangkap "
            "periksa keluhkan menkeu dpr kpk polri tni bbm ojek jakarta indonesia "
            "selasa kamis jumat sabtu"
        ),
        "ms": _lex(
            "kerajaan boleh kerana wang pejabat polis semalam berkata turut pekerja daripada "
            "kenderaan selepas iaitu kes jabatan syarikat peratus negeri lelaki kanak ramai "
            "baharu jumaat bilion ringgit malaysia kuala lumpur selangor johor sabah sarawak "
            "kelantan dijangka hospital mahkamah mahu sahaja telefon bimbit tiada amaran mangsa "
            "disyaki samun perlawanan tewaskan paras rosak dibaiki kewangan dinasihatkan "
            "supaya berkenaan memadam dihantar penganalisis jangkaan selaras "
            "khamis ahad isnin"
        ),
    },
    "indic": {
        "hi": _lex(
            "है हैं और में की के से ने को का यह था थे थी गया गई गए किया लिए पर भी नहीं कहा "
            "दिया दी हुआ हुई रहा रही रहे करेंगे करने इस उस कई बाद"
        ),
        "mr": _lex(
            "आहे आहेत आणि झाला झाली झाले केली केले केला नाही होते होता होती असे असा अशी या "
            "त्या हे ही मध्ये साठी पण व यांनी त्यांनी आपल्या करण्यात येणार होणार जाहीर दिला "
            "दिली सांगितले"
        ),
        "ne": _lex(
            "छ छन् हो र गरेको भएको गर्न पनि लागि गरी गरिएको छैन थियो थिए हुने गर्‍यो गरे गर्ने "
            "भने भन्ने यो ती उनी उनले आज बताए जनायो दियो गरेका भएका रहेको रहेका नयाँ सम्म "
            "तथा अनुसार"
        ),
    },
    "czsk": {
        "cs": _lex(
            "se není jako který která které pro nebo když byl byla byli bylo jsou také jen "
            "jsem podle mezi před přes však což jejich"
        ),
        "sk": _lex(
            "sa nie ako ktorý ktorá ktoré pre alebo keď bol bola boli bolo sú tiež len som "
            "podľa medzi pred cez však čo ich"
        ),
    },
    "bcs": {
        "hr": _lex(
            "tisuća tisuću tjedan tjedna tvrtka tvrtke tvrtki tijekom sabor sabora županija "
            "županije nogomet zrakoplov vlak zaposlenik zaposlenika mobitel mobitela obitelj "
            "glazba sveučilište kazalište izvješće priopćenje sukladno uvjet uvjeti jučer "
            "hrvatska hrvatske hrvatski zagreb zagrebu"
        ),
        "bs": _lex(
            "hiljada hiljadu sedmica sedmice historija hljeb kahva sarajevo bih bosne bosna "
            "federacije kantona"
        ),
        "sr": _lex(
            "hiljada nedelja nedelje vreme mleko reka beograd srbija srbije pozorište opština "
            "opštine"
        ),
    },
}
# Word endings that only one language of a group glues onto nouns (Hindi writes its
# postpositions as separate words, which the word list above counts instead).
_SUFFIXES: dict[str, dict[str, tuple[str, ...]]] = {
    "indic": {
        "mr": ("च्या", "ाचा", "ाची", "ाचे", "ांचा", "ांची", "ांचे", "ांना", "ांनी", "साठी", "मध्ये"),
        "ne": ("लाई", "हरू", "हरु", "बाट", "सँग", "एको", "िएको", "ेको", "को", "छन्", "दै"),
    },
}
LEX_GROUPS = {lang: group for group, langs in _LEXICON.items() for lang in langs}
_LEX_ALL = frozenset().union(*(lex for g in _LEXICON.values() for lex in g.values()))

_RE_UK = re.compile(r"[ієїґІЄЇҐ]")
_RE_RU_ONLY = re.compile(r"[ыэёЫЭЁ]")
_RE_BE = re.compile(r"[ўЎ]")
_RE_SR_MK = re.compile(r"[јљњџЈЉЊЏ]")
_RE_SR = re.compile(r"[ђћЂЋ]")
_RE_MK = re.compile(r"[ѓќѕЃЌЅ]")
_RE_SHCH_YER = re.compile(r"[щъЩЪ]")
_RE_BG_YER = re.compile(r"[^\W\d_]ъ[^\W\d_]")  # hard sign inside a word: Bulgarian
_RE_URDU = re.compile(r"[ٹڈڑںےۓہ]")
_RE_PERSIANISH = re.compile(r"[پچژگیک]")  # letters Arabic orthography does not use
_RE_ARABIC_ONLY = re.compile(r"[ةيكى]")
_RE_PASHTO = re.compile(r"[ټځڅډړږښګڼېۍ]")
_RE_SORANI = re.compile(r"[ەێۆڵڕ]")
_RE_MR_LLA = re.compile("ळ")
# Yiddish ligatures (װ ױ ײ) and pointed alef/pe; Hebrew news is written unpointed
_RE_YIDDISH = re.compile("[\u05f0-\u05f2]|[אפ][\u05b7\u05b8\u05bf]")
_RE_CS = re.compile(r"[řůěŘŮĚ]")
_RE_SK = re.compile(r"[äľĺŕôÄĽĹŔÔ]")
_RE_AE_OE = re.compile(r"[æøÆØ]")
_RE_A_O_UML = re.compile(r"[äöÄÖ]")


def spelling_cues(cleaned: str, script: str, letters: int) -> tuple[dict[str, float], dict[str, float], set[str]]:
    """(additive bonus, multiplicative factor, vetoed languages) from tell-tale letters."""
    bonus: dict[str, float] = {}
    factor: dict[str, float] = {}
    veto: set[str] = set()
    if script == "CYRILLIC":
        # letters are counted, not just searched: one quoted Russian name in a Ukrainian
        # article must not veto Ukrainian
        uk, ru = len(_RE_UK.findall(cleaned)), len(_RE_RU_ONLY.findall(cleaned))
        sr, mk = len(_RE_SR.findall(cleaned)), len(_RE_MK.findall(cleaned))
        srmk = len(_RE_SR_MK.findall(cleaned)) + sr + mk
        shch = len(_RE_SHCH_YER.findall(cleaned))  # щ/ъ: not in Serbian or Macedonian
        if uk > ru:
            # і/ї/є/ґ: Ukrainian (or Belarusian/Rusyn), never Russian/Bulgarian
            veto |= {"ru", "bg"}
            if uk > srmk:
                veto |= {"sr", "mk"}
                bonus["uk"] = 1.0
        elif ru > uk:
            veto.add("uk")
            if ru > srmk:
                veto |= {"bg", "sr", "mk"}
        if _RE_BE.search(cleaned):
            bonus["be"] = 2.0  # ў: Belarusian (which also has і and ы, so those say little)
        if uk == 0 and letters >= 30:
            factor["uk"] = 0.5  # a whole Ukrainian sentence without і/ї/є is rare
        if sr > max(uk, ru, shch):
            veto |= {"ru", "uk", "bg", "be", "mk"}
            bonus["sr"] = 1.0
        elif mk > max(uk, ru, shch):
            veto |= {"ru", "uk", "bg", "be", "sr"}
            bonus["mk"] = 1.0
        elif srmk > max(uk, ru, shch):
            veto |= {"ru", "uk", "bg", "be"}
        elif shch > srmk:
            veto |= {"sr", "mk"}
        if srmk == 0:
            # no ј/љ/њ/џ (in nearly every Serbian or Macedonian sentence): doubt both
            factor["sr"] = factor["mk"] = 0.5
            if not ru and not uk and _RE_BG_YER.search(cleaned):
                bonus["bg"] = 0.5
    elif script == "ARABIC":
        # counted, not just searched: one transliterated name ("سينرچي") in an Arabic
        # article must not outvote dozens of ة/ي/ك
        arabic = len(_RE_ARABIC_ONLY.findall(cleaned))
        if len(_RE_URDU.findall(cleaned)) > arabic:
            veto |= {"ar", "fa", "ps", "ckb"}
            bonus["ur"] = 0.5
        elif len(_RE_PASHTO.findall(cleaned)) > arabic:
            veto |= {"ar", "ur"}
            bonus["ps"] = 0.5
        elif len(_RE_SORANI.findall(cleaned)) > arabic:
            veto |= {"ar", "ur", "fa"}
            bonus["ckb"] = 0.5
        elif len(_RE_PERSIANISH.findall(cleaned)) > arabic:
            veto |= {"ar"}
            bonus["fa"] = 0.5
        elif arabic:
            bonus["ar"] = 0.5
    elif script == "LATIN":
        cs, sk = len(_RE_CS.findall(cleaned)), len(_RE_SK.findall(cleaned))
        if cs > sk:
            veto.add("sk")
        elif sk > cs:
            veto.add("cs")
        # only a damper, not a veto: Nordic news is full of each other's place names
        ae_oe, a_o = len(_RE_AE_OE.findall(cleaned)), len(_RE_A_O_UML.findall(cleaned))
        if ae_oe > a_o:
            factor["sv"] = 0.25
        elif a_o > ae_oe:
            factor["no"] = factor["da"] = 0.25
    elif script == "DEVANAGARI":
        if _RE_MR_LLA.search(cleaned):
            bonus["mr"] = 0.3
    elif script == "HEBREW":
        if _RE_YIDDISH.search(cleaned):
            veto.add("he")
            bonus["yi"] = 1.0
    return bonus, factor, veto


def cue_tokens(cleaned: str) -> list[str]:
    return [t for t in (w.strip(_PUNCT) for w in cleaned.lower().split()[:400]) if t]


def _word_hits(tokens: list[str], group: str) -> dict[str, int]:
    lexicon = _LEXICON[group]
    suffixes = _SUFFIXES.get(group, {})
    hits = {lang: 0 for lang in lexicon}
    for tok in tokens:
        if tok in _LEX_ALL:
            for lang, lex in lexicon.items():
                if tok in lex:
                    hits[lang] += 1
            continue
        for lang, ends in suffixes.items():
            if any(tok.endswith(e) and len(tok) > len(e) + 1 for e in ends):
                hits[lang] += 1
    return hits


def reweigh_groups(total: dict[str, float], tokens: list[str], strength: float) -> None:
    """Re-split a look-alike group's share of the vote by its diagnostic words.

    The group's total mass stays the same, so word lists can only choose *within* a group
    (no vs da vs sv), never pull a text into the group.
    """
    leaders = sorted(total, key=total.__getitem__, reverse=True)[:3]
    for group in {LEX_GROUPS[c] for c in leaders if c in LEX_GROUPS}:
        hits = _word_hits(tokens, group)
        n = sum(hits.values())
        if n == 0:
            continue
        mass = sum(total.get(lang, 0.0) for lang in hits)
        if mass <= 0:
            continue
        trust = strength * n / (n + 1)  # one word is weak evidence, several are strong
        for lang, h in hits.items():
            share = total.get(lang, 0.0) / mass
            total[lang] = mass * (share + trust * h / n) / (1.0 + trust)

