"""Page-furniture removal on the real seed articles, plus guards against eating real prose."""
from __future__ import annotations

from pathlib import Path

import pytest

from babelwire.clean import (
    ALL,
    RULES_DIR,
    Cleaned,
    Cleaner,
    FurnitureRuleError,
    RulesCleaner,
    get_cleaner,
    load_rule_file,
)
from babelwire.errors import ConfigError
from babelwire.models import Published
from babelwire.registry import cleaners

SEED_LANG = {"000": "ar", "001": "fr", "002": "hi", "003": "no", "004": "id"}
HI_HEADLINE = "अमेजन ने TikTok डिलीट करने का दिया आदेश, 5 घंटे बाद कहा-गलती से ईमेल चला गया"

# The furniture each seed really carries: whole lines (stripped) or, for "نشر", a glued token.
FURNITURE = {
    "ar": ["نشر"],
    "fr": [],
    "hi": [
        "• Share this:",
        "ये भी पढ़ें:\xa0दुनिया में 24 घंटे में कोरोना के 2.28 लाख मामले दर्ज, ट्रंप ने मास्क ना पहनने का फैसला किया",
        "अमेरिका ने चीन के 3 अधिकारियों पर लगाया बैन, VISA पर भी लगाई पाबंदी, जानें क्यों...",
        "अगली ख़बर",
        "फोटो",
        "टॉप स्टोरीज",
        "corona virus btn",
        "corona virus btn",
        "Loading",
        HI_HEADLINE,  # printed twice; one copy is furniture
    ],
    "no": [
        "Sikkerheten rundt videoappen Tiktok er stadig mer omstridt Vis mer OLIVIER DOULIERY / AFP",
        "Publisert: Oppdatert: 11. juli 2020 00:05 , Publisert: 10. juli 2020 21:06",
    ],
    "id": [
        "Baca juga: Facebook hingga TikTok, medsos populer di Indonesia",
        "Baca juga: India blokir TikTok, WeChat dan aplikasi seluler asal China lainnya",
        "Pewarta: Suryanto",
        "Editor : Riza Mulyadi",
        "COPYRIGHT © ANTARA News Sumatera Utara 2020",
    ],
}

# Real sentences (verbatim) that must survive, several per seed, first and last ones included.
REAL = {
    "ar": [
        "بينما قال المتحدث باسم الشركة، في بيان، إن الرسالة تم إرسالها عن طريق الخطأ، مؤكدًا أنه لا تغييرات في سياسات أمازون تجاه التطبيق.",
        "وتيك توك مملوك من قبل أكثر شركة صينية قيمة في العالم، وهي شركة صينية تسمى ByteDance، لكن تيك توك لا تعمل في الصين وتعمل كشركة تابعة مستقلة.",
        "حيث يعمل كمنصة لمقاطع الفيديو الفيروسية الساخرة والهجاء السياسي والأنشطة اليومية.",
    ],
    "fr": [
        "Après Walmart, Amazon est le deuxième plus grand employeur privé des États-Unis, avec plus de 840 000 employés dans le monde.",
        "TikTok a tenté de rassurer les critiques aux États-Unis et de prendre ses distances par rapport à ses racines chinoises, mais il se retrouve pris dans une toile géopolitique de plus en plus compliquée.",
        "Vendredi matin, Amazon a demandé à ses employés de retirer la populaire application vidéo TikTok",
    ],
    "hi": [
        "अमेजन ने TikTok डिलीट करने का दिया आदेश, 5 घंटे बाद कहा-गलती से ईमेल चला गया",
        "10 जुलाई तक ऐप हटाने का दिया था आदेश",
        "अमेजन की चिंता की वजह समझ नहीं आ रही है: टिकटॉक",
        "कंपनी ने जनवरी में कहा था कि दुनिया का कोई डाटा स्टोरेज सिस्टम 100 फीसदी सुरक्षा की गारंटी नहीं दे सकता.",
    ],
    "no": [
        "Amazon trekker beskjed om Tiktok-forbud",
        "Amazon ba fredag sine rundt 500.000 ansatte om å slette Tiktok-appen fra mobilen innen 10. juli i en epost, ifølge flere amerikanske medier.",
        "Noen timer senere sier en talsperson for selskapet at eposten ble sendte ved et uhell.",
        "Videoappen ble også forbudt i India forrige uke.",
    ],
    "id": [
        "Perwakilan perusahaan, Jaci Anderson menolak menjawab pertanyaan lebih lanjut soal eror tersebut.",
        "Amazon tidak segera menanggapi permintaan komentar.",
        "\"Kami tidak pernah memberikan data pengguna kepada pemerintah China, kami juga tidak akan melakukannya jika ditanya,\" kata seorang juru bicara, belum lama lalu.",
    ],
}


def _seed(seeds_dir: Path, lang: str) -> str:
    prefix = next(k for k, v in SEED_LANG.items() if v == lang)
    (path,) = seeds_dir.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def _chars(s: str) -> int:
    return len("".join(s.split()))


@pytest.fixture(scope="module")
def cleaner() -> RulesCleaner:
    return RulesCleaner()


@pytest.mark.parametrize("lang", sorted(FURNITURE))
def test_seed_furniture_removed_and_prose_kept(seeds_dir: Path, cleaner: RulesCleaner, lang: str):
    raw = _seed(seeds_dir, lang)
    out = cleaner.clean_batch([raw], [lang])[0]
    lines = [ln.strip() for ln in out.text.split("\n")]

    for junk in FURNITURE[lang]:
        if junk == HI_HEADLINE:
            continue  # one copy must stay: checked in test_seed_specific_furniture
        assert junk.strip() not in lines, f"{lang}: furniture line kept: {junk!r}"
    for sentence in REAL[lang]:
        assert sentence in out.text, f"{lang}: real sentence lost: {sentence!r}"

    # Everything that is not furniture is still there (whitespace aside).
    expected = _chars(raw) - sum(_chars(j) for j in FURNITURE[lang])
    assert _chars(out.text) > 0.85 * expected
    assert _chars(out.text) <= expected

    # What went is reported, and nothing else went.
    assert sorted(_chars(r) for r in out.removed) == sorted(_chars(j) for j in FURNITURE[lang])


def test_seed_specific_furniture(seeds_dir: Path, cleaner: RulesCleaner):
    ar = cleaner.clean(_seed(seeds_dir, "ar"), "ar").text
    assert not ar.endswith("نشر") and ar.endswith("والأنشطة اليومية.")

    hi = cleaner.clean(_seed(seeds_dir, "hi"), "hi").text
    for gone in ("Share this", "ये भी पढ़ें", "अगली ख़बर", "टॉप स्टोरीज", "corona virus btn", "Loading", "जानें क्यों"):
        assert gone not in hi
    assert hi.count(HI_HEADLINE) == 1
    assert "\n\n\n" not in hi

    no = cleaner.clean(_seed(seeds_dir, "no"), "no").text
    for gone in ("Vis mer", "OLIVIER DOULIERY", "Publisert", "Oppdatert"):
        assert gone not in no
    assert "Sikkerheten rundt videoappen" not in no  # the whole caption line, not just the credit

    id_ = cleaner.clean(_seed(seeds_dir, "id"), "id").text
    for gone in ("Baca juga", "Pewarta", "Editor", "COPYRIGHT", "©"):
        assert gone not in id_

    fr_raw = _seed(seeds_dir, "fr")
    fr = cleaner.clean(fr_raw, "fr")
    assert fr.removed == [] and fr.text == fr_raw.strip()


def test_seed_norwegian_dateline(seeds_dir: Path, cleaner: RulesCleaner):
    out = cleaner.clean(_seed(seeds_dir, "no"), "no")
    assert out.captured["published"] == Published("2020-07-10T21:06", "minute", "dateline")
    assert out.captured["updated"] == Published("2020-07-11T00:05", "minute", "dateline")
    assert out.captured["dateline"] == "Publisert: Oppdatert: 11. juli 2020 00:05 , Publisert: 10. juli 2020 21:06"


def test_seed_norwegian_alias_codes(seeds_dir: Path, cleaner: RulesCleaner):
    raw = _seed(seeds_dir, "no")
    for code in ("nb", "nn", "NO", "nb-NO", "no_NO"):
        assert cleaner.clean(raw, code).captured["published"].value == "2020-07-10T21:06"


def test_seed_indonesian_credits(seeds_dir: Path, cleaner: RulesCleaner):
    out = cleaner.clean(_seed(seeds_dir, "id"), "id")
    assert out.captured["source"] == "ANTARA News Sumatera Utara"
    assert out.captured["author"] == "Suryanto"
    assert out.captured["editor"] == "Riza Mulyadi"


@pytest.mark.parametrize("lang", sorted(FURNITURE))
def test_seed_unknown_language_only_safe_rules(seeds_dir: Path, cleaner: RulesCleaner, lang: str):
    raw = _seed(seeds_dir, lang)
    for code in (None, "und", "xx"):
        out = cleaner.clean(raw, code)
        for sentence in REAL[lang]:
            assert sentence in out.text
        assert "corona virus btn" not in out.text and "COPYRIGHT" not in out.text
    out = cleaner.clean(_seed(seeds_dir, "id"), None)
    assert "Baca juga" not in out.text  # marked safe_any_language
    assert "Pewarta: Suryanto" in out.text  # language-specific, not applied blind


# -- false positives: real sentences that look a little like furniture ----------------------

PROSE = [
    ("en", "Read the statement in full on the company's website, the spokesperson said."),
    ("en", "Share prices fell 3% on Monday after the announcement."),
    ("en", "Shares in Amazon rose 2% in early trading."),
    ("en", "Loading of containers at the port of Rotterdam resumed on Monday after the strike."),
    ("en", 'The court heard that the label read "© Disney 2019" in small print.'),
    ("en", "Copyright holders say the new rules are unfair to artists."),
    ("en", "Copyright 2020 was a bad year for musicians, the report said, as venues closed."),
    ("en", "By Friday the company had deleted the memo."),
    ("en", "Subscribers to the service rose by 10 million in the quarter."),
    ("en", "Register to vote at your local office before October."),
    ("en", "Editor says the paper will appeal."),
    ("en", "Advertising revenue fell sharply in the second quarter."),
    ("en", "Photos of the event were widely shared online."),
    ("en", "Related companies were also fined."),
    ("en", "Facebook and Twitter removed the posts on Friday."),
    ("fr", "Publié le 10 juillet, le rapport montre une hausse de la pauvreté."),
    ("fr", "Par ailleurs, Amazon a démenti toute décision."),
    ("fr", "Partager les données des utilisateurs avec Pékin serait illégal, selon TikTok."),
    ("fr", "Lire un livre sur TikTok est devenu une tendance."),
    ("fr", "Le copyright © appartient à l'auteur, rappelle la loi."),
    ("no", "Av hensyn til sikkerheten ble appen slettet."),
    ("no", "Del av avtalen er at appen slettes innen fredag."),
    ("no", "Publisert av Dagbladet i fjor, fikk saken stor oppmerksomhet."),
    ("de", "Von Berlin aus koordiniert das Team die Arbeit."),
    ("de", "Teilen der Bevölkerung ist das nicht bewusst."),
    ("es", "Compartir datos con China está prohibido, dijo el ministro."),
    ("es", "Por ejemplo, la aplicación recopila la ubicación."),
    ("it", "Di Maio e Salvini"),
    ("it", "Leggi severe impediscono il trasferimento dei dati."),
    ("pt", "Por exemplo, o aplicativo coleta a localização."),
    ("ru", "По теме переговоров высказался министр."),
    ("el", "Σχετικά νέα μέτρα ανακοίνωσε η κυβέρνηση."),
    ("vi", "Tin liên quan đến vụ việc đã được công bố."),
    ("vi", "Theo Bộ Y tế, số ca mắc mới giảm."),
    ("zh", "分享经济发展迅速。"),
    ("id", "Editor senior itu mengatakan kebijakan belum berubah."),
    ("id", "Bacaan itu populer di kalangan remaja."),
    ("ar", "نشر الجيش قواته في المنطقة."),
    ("ar", "كتب الرئيس على تويتر: لا للحرب"),
    ("ar", "وقالت الوزارة إن القرار لم ينشر"),
    ("hi", "फोटो खींचने पर रोक लगा दी गई है."),
    ("pl", "Źródło zbliżone do rządu powiedziało, że decyzja zapadła."),
    ("sv", "Av säkerhetsskäl stängdes appen."),
    ("nl", "Door de storm viel de stroom uit."),
    ("tr", "Son dakika gelişmesinde bakanlık açıklama yaptı."),
    ("cs", "Tisk informoval o rozhodnutí vlády."),
    ("fi", "Jaa-äänestyksessä ehdotus hyväksyttiin."),
    ("hu", "Kép és hang is készült az eseményről."),
    ("ms", "Kongsi maklumat itu dengan polis, kata jurucakap."),
]


@pytest.mark.parametrize("lang,sentence", PROSE)
def test_real_sentences_survive(cleaner: RulesCleaner, lang: str, sentence: str):
    body = "The first paragraph of the article is here.\n\n" + sentence + "\n\nAnd a closing paragraph."
    out = cleaner.clean(body, lang)
    assert sentence in out.text.split("\n"), out.removed
    assert out.captured == {}
    # and blind (unknown language) as well
    assert sentence in cleaner.clean(body, None).text.split("\n")


@pytest.mark.parametrize("junk", ["Share", "Share this:", "  • Share this:", "Facebook Twitter Email", "Loading", "Loading…", "ADVERTISEMENT", "#TikTok #Amazon", "https://example.com/a/b", "© AFP"])
def test_language_independent_furniture(cleaner: RulesCleaner, junk: str):
    body = f"Real paragraph one.\n\n{junk}\n\nReal paragraph two."
    for lang in ("en", "sw", None):
        out = cleaner.clean(body, lang)
        assert out.text == "Real paragraph one.\n\nReal paragraph two.", (lang, out.removed)
        assert out.removed == [junk.strip()]


# One typical furniture line per language (the site phrase, as pages print it).
TYPICAL = {
    "en": ["Read more: Amazon says TikTok ban email was a mistake", "Advertisement", "Sign up for our daily newsletter", "Image copyright Getty Images"],
    "fr": ["Lire aussi : TikTok, l'application qui inquiète", "Publicité", "Partager", "Crédit photo : AFP"],
    "de": ["Lesen Sie auch: Was TikTok mit Ihren Daten macht", "Anzeige", "Foto: dpa"],
    "es": ["Lee también: TikTok y la seguridad", "Publicidad", "Compartir en Facebook"],
    "pt": ["Leia também: TikTok e a segurança", "Publicidade", "Compartilhe esta notícia"],
    "it": ["Leggi anche: TikTok e la sicurezza", "Riproduzione riservata ©", "Condividi"],
    "ru": ["Читайте также: TikTok и безопасность", "Поделиться", "Фото: РИА Новости"],
    "uk": ["Читайте також: TikTok і безпека", "Поділитися", "Реклама"],
    "pl": ["Czytaj też: TikTok i bezpieczeństwo", "Udostępnij", "Fot. PAP"],
    "tr": ["İLGİLİ HABER: TikTok yasağı", "Paylaş", "Yükleniyor..."],
    "zh": ["相关阅读：TikTok禁令", "责任编辑：张三", "分享到：微信 微博"],
    "ja": ["関連記事：TikTok禁止", "広告", "写真：ロイター"],
    "ko": ["관련기사 ▶ 틱톡 금지", "[사진=연합뉴스]", "무단 전재 및 재배포 금지"],
    "el": ["Διαβάστε επίσης: Το TikTok", "ΔΙΑΒΑΣΤΕ ΕΠΙΣΗΣ", "Διαφήμιση"],
    "sw": ["Unaweza pia kusoma: TikTok", "Chanzo cha picha, Getty Images", "Tangazo"],
    "vi": ["Xem thêm: TikTok bị cấm", "Quảng cáo", "Chia sẻ"],
    "nl": ["Lees ook: TikTok en privacy", "Advertentie", "Delen"],
    "sv": ["Läs också: TikTok förbjuds", "Annons", "Dela"],
    "da": ["Læs også: TikTok forbydes", "Annonce", "Del"],
    "no": ["Les også: Tiktok forbys", "Annonse", "Foto: NTB"],
    "ar": ["اقرأ أيضا: تيك توك", "إعلان", "جميع الحقوق محفوظة"],
    "hi": ["यह भी पढ़ें: टिकटॉक", "विज्ञापन", "शेयर करें"],
    "id": ["Baca juga: TikTok", "Iklan", "Bagikan artikel ini"],
    "fa": ["بیشتر بخوانید: تیک تاک", "تبلیغات", "عکس: رویترز"],
    "he": ["קראו גם: טיקטוק", "פרסומת", "צילום: רויטרס"],
    "ro": ["Citește și: TikTok", "Publicitate", "Foto: Agerpres"],
    "cs": ["Čtěte také: TikTok", "Sdílet", "Foto: ČTK"],
    "hu": ["Ez is érdekelheti: TikTok", "Hirdetés", "Fotó: MTI"],
    "fi": ["Lue myös: TikTok", "Mainos", "Kuva: Lehtikuva"],
    "bn": ["আরও পড়ুন: টিকটক", "বিজ্ঞাপন", "ছবি: রয়টার্স"],
    "ur": ["یہ بھی پڑھیں: ٹک ٹاک", "اشتہار", "تصویر: رائٹرز"],
    "ms": ["Baca juga: TikTok", "Iklan", "Kongsi"],
}


@pytest.mark.parametrize("lang", sorted(TYPICAL))
def test_typical_furniture_per_language(cleaner: RulesCleaner, lang: str):
    real = [f"Amazon told staff to delete TikTok, then called it a mistake (paragraph {i})." for i in range(5)]
    lines = [real[0]]
    for i, junk in enumerate(TYPICAL[lang], 1):
        lines += [junk, real[i]]
    out = cleaner.clean("\n\n".join(lines), lang)
    assert out.removed == TYPICAL[lang]
    assert out.text == "\n\n".join(real[: len(TYPICAL[lang]) + 1])


def test_every_required_language_has_a_rule_file(cleaner: RulesCleaner):
    need = "ar fr hi no id en de es pt it ru zh tr pl uk ja ko el sw vi nl sv da fa he ro cs hu fi bn ur ms".split()
    assert set(need) <= set(cleaner.languages())
    assert (RULES_DIR / f"{ALL}.toml").exists()
    for path in RULES_DIR.glob("*.toml"):
        rf = load_rule_file(path)
        assert rf.rules, path
        for rule in rf.rules:
            assert rule.comment and rule.max_len > 0


# -- datelines in other languages -----------------------------------------------------------


@pytest.mark.parametrize(
    "lang,line,key,value,precision",
    [
        ("fr", "Publié le 10 juillet 2020 à 21h06", "published", "2020-07-10T21:06", "minute"),
        ("fr", "Publié le 10 juillet 2020 à 21h06 - Mis à jour le 11 juillet 2020 à 00h05", "updated", "2020-07-11T00:05", "minute"),
        ("de", "Stand: 10.07.2020 21:06 Uhr", "updated", "2020-07-10T21:06", "minute"),
        ("es", "Publicado el 10 de julio de 2020", "published", "2020-07-10", "day"),
        ("en", "Published 10 July 2020", "published", "2020-07-10", "day"),
        ("id", "Jumat, 10 Juli 2020 21:06 WIB", "published", "2020-07-10T21:06", "minute"),
        ("ar", "نشر في 10 يوليو 2020", "published", "2020-07-10", "day"),
        ("vi", "Thứ sáu, 10/7/2020, 21:06 (GMT+7)", "published", "2020-07-10T14:06", "minute"),
        ("ko", "입력 2020.07.10 21:06", "published", "2020-07-10T21:06", "minute"),
    ],
)
def test_dateline_capture(cleaner: RulesCleaner, lang, line, key, value, precision):
    body = f"Headline\n\n{line}\n\nThe first real paragraph of the article."
    out = cleaner.clean(body, lang)
    assert out.text == "Headline\n\nThe first real paragraph of the article."
    assert out.captured[key] == Published(value, precision, "dateline")
    assert out.captured["dateline"] == line


def test_bylines_and_credits(cleaner: RulesCleaner):
    out = cleaner.clean("By Jane Smith, CNN\n\nText of the story.\n\n(Reporting by David Shepardson; Editing by Chris Reese)", "en")
    assert out.text == "Text of the story."
    assert out.captured["author"] == "Jane Smith"
    assert out.captured["editor"] == "Chris Reese"
    out = cleaner.clean("© 2020 Reuters. All rights reserved.\nText.", "de")
    assert out.captured["source"] == "Reuters" and out.text == "Text."


# -- mechanics ------------------------------------------------------------------------------


def test_tail_glued_after_punctuation(cleaner: RulesCleaner):
    out = cleaner.clean("السطر الأول.\nوالسطر الأخير انتهى هنا.نشر", "ar")
    assert out.text == "السطر الأول.\nوالسطر الأخير انتهى هنا."
    assert out.removed == ["نشر"]
    # the same word ending a sentence is prose
    assert cleaner.clean("وقالت الوزارة إن الخبر نشر", "ar").text == "وقالت الوزارة إن الخبر نشر"


def test_block_after_needs_text_before_and_no_prose_after(cleaner: RulesCleaner):
    para = "A real paragraph about the story that goes on for a while to look like an article. " * 3
    links = "First other story\nSecond other story"
    out = cleaner.clean(f"{para}\n\nRelated articles\n{links}", "en")
    assert out.text == para.strip()
    assert out.removed == ["Related articles", "First other story", "Second other story"]
    # too early in the text: only the marker goes
    out = cleaner.clean(f"Short intro.\nRelated articles\n{links}", "en")
    assert out.text == f"Short intro.\n{links}"
    # real prose after the marker: only the marker goes
    long_para = "This paragraph is long real prose. " * 12
    out = cleaner.clean(f"{para}\nRelated articles\n{long_para}", "en")
    assert long_para.strip() in out.text and out.removed == ["Related articles"]
    # short paragraphs that end like sentences are prose too (an inline "Auch interessant")
    prose = "Anschließend versuchte er, die Schuld seiner Adoptivschwester zuzuschieben, was misslang.\nDie Rolle übernahm nun ausgerechnet die frühere Freundin des Prinzen!"
    out = cleaner.clean(f"{para}\nAuch interessant\n{prose}", "de")
    assert out.text == f"{para.strip()}\n{prose}" and out.removed == ["Auch interessant"]


def test_structure_is_kept(cleaner: RulesCleaner):
    text = "Title\r\n\r\nPara one.   \n\n\n\n\nPara two.\nPara two continued.\n\n\n"
    out = cleaner.clean(text, "en")
    assert out.text == "Title\n\nPara one.\n\nPara two.\nPara two continued."
    # consecutive repeats (even across blank lines) collapse to one; distant repeats stay
    out = cleaner.clean("Same line\n\nSame line\nOther\nSame line", "en")
    assert out.text == "Same line\n\nOther\nSame line"
    assert out.removed == ["Same line"]


def test_empty_and_batch_contract(cleaner: RulesCleaner):
    out = cleaner.clean_batch(["", "Share this:", "Real text."], ["en", "en", None])
    assert [o.text for o in out] == ["", "", "Real text."]
    assert all(isinstance(o, Cleaned) for o in out)
    with pytest.raises(ValueError):
        cleaner.clean_batch(["a"], [])


def test_registry_and_protocol():
    assert "rules" in cleaners.names()
    c = get_cleaner()
    assert isinstance(c, RulesCleaner) and isinstance(c, Cleaner) and c.name == "rules"
    assert isinstance(get_cleaner("rules"), Cleaner)


# -- invalid rule files ---------------------------------------------------------------------


def _write(tmp_path: Path, name: str, body: str) -> Path:
    p = tmp_path / name
    p.write_text(body, encoding="utf-8")
    return p


GOOD_RULE = '''
[[rules]]
name = "ok"
kind = "line"
pattern = 'Annonse'
comment = "ad label"
'''


@pytest.mark.parametrize(
    "body,rule,fragment",
    [
        ('[[rules]]\nname = "bad_regex"\nkind = "line"\npattern = "(unclosed"\ncomment = "x"\n', "bad_regex", "does not compile"),
        ('[[rules]]\nname = "no_comment"\nkind = "line"\npattern = "x"\n', "no_comment", "'comment' is required"),
        ('[[rules]]\nname = "odd_kind"\nkind = "lines"\npattern = "x"\ncomment = "x"\n', "odd_kind", "'kind' must be one of"),
        ('[[rules]]\nname = "cap"\nkind = "capture"\npattern = "x"\ncomment = "x"\n', "cap", "named group"),
        ('[[rules]]\nname = "typo"\nkind = "line"\npattern = "x"\ncomment = "x"\nmaxlen = 3\n', "typo", "unknown key"),
        ('[[rules]]\nname = "empty"\nkind = "line"\npattern = "x*"\ncomment = "x"\n', "empty", "empty line"),
        ('[[rules]]\nname = "long"\nkind = "line"\npattern = "x"\ncomment = "x"\nmax_len = "80"\n', "long", "'max_len'"),
        (GOOD_RULE + GOOD_RULE, "ok", "used twice"),
    ],
)
def test_invalid_rule_file_names_file_and_rule(tmp_path: Path, body: str, rule: str, fragment: str):
    path = _write(tmp_path, "xx.toml", body)
    with pytest.raises(FurnitureRuleError) as err:
        load_rule_file(path)
    msg = str(err.value)
    assert str(path) in msg and repr(rule) in msg and fragment in msg
    assert isinstance(err.value, ConfigError)
    with pytest.raises(FurnitureRuleError):
        RulesCleaner(rules_dir=tmp_path)


def test_invalid_toml_and_language_mismatch(tmp_path: Path):
    path = _write(tmp_path, "xx.toml", "[[rules]\nname = ")
    with pytest.raises(FurnitureRuleError, match="xx.toml.*not valid TOML"):
        load_rule_file(path)
    path = _write(tmp_path, "yy.toml", 'language = "zz"\n' + GOOD_RULE)
    with pytest.raises(FurnitureRuleError, match="must equal the file name"):
        load_rule_file(path)


def test_custom_rules_directory(tmp_path: Path):
    _write(tmp_path, "xx.toml", 'aliases = ["xy"]\n' + GOOD_RULE)
    c = RulesCleaner(rules_dir=tmp_path)
    assert c.clean("Real.\nAnnonse", "xy").text == "Real."
    assert c.clean("Real.\nAnnonse", None).text == "Real.\nAnnonse"  # not marked safe


@pytest.mark.timeout(20)  # a hang guard (catastrophic backtracking), not a speed test
@pytest.mark.parametrize(
    "line",
    ["share " * 19 + "x", "Facebook, Twitter, " * 6 + "zzz", "#a " * 60 + ".", "@ab " * 29 + "!",
     "Vis mer " * 30 + "x", "Copyright © " + "a " * 110 + "©", "Publié le " + "10 " * 30, ". " * 120],
)
def test_no_catastrophic_backtracking(cleaner: RulesCleaner, line: str):
    for lang in cleaner.languages() + [None]:
        out = cleaner.clean(f"Real paragraph.\n{line}", lang)
        assert out.text.startswith("Real paragraph.")
