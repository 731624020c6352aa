"""Pages that are not articles are rejected at ingest with what they are; articles that only
carry a notice (a video needing JavaScript, a story about cookie law) are kept."""
from __future__ import annotations

import json

import pytest

import babelwire
from babelwire.errors import ConfigError
from babelwire.not_article import check, load_rules

PAGES = {
    "en-cloudflare": ("anti-bot block page",
                      "Attention Required! | Cloudflare\nPlease complete the security check to access www.example-news.com\n"
                      "Why do I have to complete a CAPTCHA?\nCompleting the CAPTCHA proves you are a human and gives you "
                      "temporary access to the web property.\nCloudflare Ray ID: 5a1b2c3d4e5f6789"),
    "pl-block": ("anti-bot block page",
                 "Przykro nam, ale z adresu IP z którego się łączysz odnotowaliśmy ogromną ilość połączeń.\n\n"
                 "Podejrzewamy, że ktoś nadużył adresu IP, z którego korzystasz.\n\n"
                 "Jeśli chcesz połączyć się z nami zaznacz \"NIE JESTEM ROBOTEM\".\n\nTwój adres IP: 203.0.113.7"),
    "zh-captcha": ("anti-bot block page", "安全验证\n请完成以下安全验证后继续访问。\n我不是机器人\n您的访问存在异常，请稍后再试。"),
    "de-consent": ("cookie or consent page",
                   "Koalition einigt sich auf Klimapaket\nOK\n\nWir verwenden auf unserer Webseite Cookies und pseudonyme "
                   "Analysetechniken, um unseren Internetauftritt möglichst benutzerfreundlich zu gestalten. Zudem messen "
                   "und werten wir die Besuche aus, um unsere Webseite optimal auf Ihre Bedürfnisse anzupassen. Weitere "
                   "Informationen, auch zur Deaktivierung von Cookies, finden Sie in unseren Datenschutzhinweisen.\n\n"
                   "Zur Datenschutzerklärung"),
    "fr-consent": ("cookie or consent page",
                   "Le gouvernement présente son budget\nNous utilisons des cookies pour vous garantir la meilleure "
                   "expérience sur notre site. En poursuivant votre navigation, vous acceptez l'utilisation de cookies "
                   "à des fins de mesure d'audience.\nParamétrer les cookies\nTout accepter"),
    "ar-consent": ("cookie or consent page",
                   "الحكومة تعلن عن خطة جديدة\nنستخدم ملفات تعريف الارتباط لتحسين تجربتك على موقعنا. "
                   "باستمرارك في تصفح الموقع فإنك توافق على سياسة الخصوصية الخاصة بنا."),
    "es-paywall": ("paywall page",
                   "El Gobierno aprueba la reforma\nEste contenido es exclusivo para suscriptores.\n"
                   "Suscríbete para seguir leyendo. Ya soy suscriptor: iniciar sesión."),
    "it-login": ("login page",
                 "Accedi\nAccedi per continuare a leggere.\nEmail\nPassword\nPassword dimenticata?\n"
                 "Non hai un account? Registrati"),
    "en-javascript": ("page that needs JavaScript",
                      "You need to enable JavaScript to run this app.\nPlease enable JavaScript in your browser settings "
                      "and reload the page."),
    "ru-404": ("error page (not found)",
               "Ошибка 404\nСтраница не найдена\nЗапрашиваемая страница не существует или была удалена. "
               "Перейдите на главную страницу сайта."),
    "de-404": ("error page (not found)",
               "Fehler 404 – Seite nicht gefunden\nDie angeforderte Seite wurde nicht gefunden. Vielleicht hilft "
               "Ihnen die Suche weiter."),
    # a research report's trial form, flattened to one line as scrapers leave it
    "en-trial-form": ("sign-up or registration form",
                      "Copper demand to recover in 2021 TAKE A FREE TRIAL Registered users can read up to 3 reports. "
                      "Enter your details below for immediate access. Note our system only accepts work email "
                      "addresses. Email address First Name Last Name Organisation Job Title Telephone Country "
                      "--- select from below --- Albania Algeria Andorra Angola Argentina Armenia Australia Austria "
                      "Submit"),
    # the same kind of form, one field a line, and no sentence of the form's own to go by
    "de-form": ("sign-up or registration form",
                "Whitepaper: Lieferketten nach der Pandemie\nAnrede\nVorname*\nNachname*\nE-Mail-Adresse*\n"
                "Unternehmen\nTelefon (optional)\nAbsenden"),
    "ru-form": ("sign-up or registration form",
                "Вебинар: рынок нефти в 2021 году\nИмя\nФамилия\nЭлектронная почта\nКомпания\nДолжность\n"
                "Отправить"),
    # a share-by-email box left where the post was
    "zh-share-by-email": ("sign-up or registration form",
                          "卫生部门回应新冠肺炎问题\n发送到电子邮件地址\n你的名字\n您的电子邮件地址\n"
                          "帖子未发送 - 请检查您的电子邮件地址！\n电子邮件检查失败，请重试"),
    # an e-mail alert box where the story was
    "es-alert-box": ("sign-up or registration form",
                     "Detenidos dos sospechosos del robo en Pontotoc\nCerrar ¡Recibe notificaciones por correo electrónico "
                     "sobre {{subject}} todos los días!\n\nSu notificación se ha guardado.\n\nHubo un problema al "
                     "guardar su notificación.\n\n{{descripción}}"),
    "tr-consent": ("cookie or consent page",
                   "Kar yağışı İstanbul'da etkili oldu\nSizlere daha iyi bir hizmet sunabilmek için sitemizde "
                   "çerezlerden faydalanıyoruz. Sitemizi kullanmaya devam ederek çerezleri kullanmamıza izin vermiş "
                   "oluyorsunuz.\nTAMAM"),
    # an ad-blocker wall with nothing but the site's name above it
    "pl-adblock": ("ad-blocker wall",
                   "Gazeta.pl\nWyłącz AdBlocka/uBlocka\n\nAby czytać nasze artykuły wyłącz AdBlocka/uBlocka lub "
                   "dodaj wyjątek dla naszej domeny.\n\nSpokojnie, dodanie wyjątku nie wyłączy blokowania reklam."),
}

ARTICLES = {
    # a notice above a real body: the body wins
    "it-video": ("Trump si prepara alla battaglia\nPer visualizzare questo video, abilita JavaScript e considera "
                 "l'aggiornamento a un browser Web che supporti video HTML5\nIl presidente degli Stati Uniti ha ordinato "
                 "che circa 750 soldati americani siano schierati in Medio Oriente, con altri 3.000 pronti a partire nei "
                 "prossimi giorni dopo un attacco al complesso dell'ambasciata statunitense in Iraq. Il segretario alla "
                 "Difesa ha dichiarato che il battaglione di fanteria dell'82a divisione aviotrasportata partirà da Fort "
                 "Bragg, nella Carolina del Nord."),
    # news about cookies and captchas, told in the third person
    "en-cookie-law": ("EU court rules websites need consent for cookies\nThe European Court of Justice ruled on Tuesday "
                      "that websites must obtain active consent before storing cookies on users' devices. Pre-ticked "
                      "boxes are not enough, the judges said in a case brought by a German consumer group against the "
                      "lottery firm Planet49. Privacy campaigners welcomed the decision, while advertisers warned that "
                      "publishers would lose revenue."),
    # a wire flash: short, and it asks readers to call or email, but it is news
    "en-brief": ("Two injured as snowmobile hits tree\nTwo people were hurt when a snowmobile struck a tree in "
                 "Pittsburg on Tuesday night, state police said. Anyone with information is asked to call or "
                 "email the Fish and Game Department."),
    # a press release whose contact block names fields with their values between them
    "de-press-release": ("Acme AG steigert Umsatz um 12 Prozent\nDie Acme AG hat im dritten Quartal 412 Millionen "
                         "Euro umgesetzt, 12 Prozent mehr als im Vorjahr. Das Unternehmen hebt seine Prognose an.\n"
                         "Pressekontakt\nName: Anna Schmidt\nFirma: Acme AG\nTelefon: +49 30 123456\n"
                         "E-Mail: presse@acme.example"),
    # an ad-blocker notice under a real headline: the headline still names the event
    "en-adblock-stub": ("Winning numbers drawn in 'Pick 4 Midday' game\nWe noticed you're blocking ads!\n\n"
                        "Keep supporting great journalism by turning off your ad blocker."),
    # a brief that ends on a newsletter prompt
    "es-brief-newsletter": ("El Banco de España rebaja su previsión de crecimiento\nEl Banco de España rebajó este "
                            "martes su previsión de crecimiento para 2020 al 1,7 %, dos décimas menos que en "
                            "septiembre, por la debilidad del comercio mundial.\nRellena el formulario para recibir "
                            "nuestro boletín."),
    "en-robot": ("Robot vacuum maker shares jump\nShares in the maker of the Roomba robot vacuum rose 12 per cent after "
                 "it raised its sales forecast for the year, citing strong demand in Europe and Japan."),
}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_notice_pages_are_named(name):
    kind, text = PAGES[name]
    assert check(text) == kind


@pytest.mark.parametrize("name", sorted(ARTICLES))
def test_articles_carrying_a_notice_are_kept(name):
    assert check(ARTICLES[name]) is None


def test_ingest_rejects_them_with_the_reason_and_stores_the_rest(tmp_path, db):
    src = tmp_path / "mixed.jsonl"
    with src.open("w", encoding="utf-8") as f:
        for name, (_, text) in sorted(PAGES.items()):
            f.write(json.dumps({"id": name, "text": text}, ensure_ascii=False) + "\n")
        for name, text in sorted(ARTICLES.items()):
            f.write(json.dumps({"id": name, "text": text}, ensure_ascii=False) + "\n")
    with babelwire.open(db) as bw:
        rep = bw.ingest([str(src)], cluster=False)
        assert rep.ingested == len(ARTICLES)
        assert sorted(r.reason for r in rep.rejected) == sorted(f"not an article: {k}" for k, _ in PAGES.values())
        assert all(r.line for r in rep.rejected)  # where to look in the input
        assert sorted(a.id for a in bw.articles(limit=None)) == sorted(ARTICLES)


def test_rules_are_checked_when_loaded(tmp_path):
    bad = tmp_path / "rules.toml"
    bad.write_text('[kinds]\nblock = "block page"\n[[notice]]\nkind = "paywall"\npattern = "x"\n')
    with pytest.raises(ConfigError, match="unknown kind 'paywall'"):
        load_rules(str(bad))
    bad.write_text('[kinds]\nblock = "block page"\n[[notice]]\nkind = "block"\npattern = "Not A Robot"\n')
    with pytest.raises(ConfigError, match="lower case"):
        load_rules(str(bad))
    bad.write_text('triggers = ["robot"]\n[kinds]\nblock = "block page"\n[[notice]]\nkind = "block"\n'
                   'pattern = "not a robot|unusual traffic"\n')
    with pytest.raises(ConfigError, match="'unusual traffic' need not hold any trigger"):
        load_rules(str(bad))
    bad.write_text('[kinds]\nblock = "block page"\n[[notice]]\nkind = "block"\npattern = "robot"\n'
                   '[max_prose_chars_by_kind]\nform = 10\n')
    with pytest.raises(ConfigError, match="unknown kinds form"):
        load_rules(str(bad))
    bad.write_text('[kinds]\nblock = "block page"\nform = "form"\n[[notice]]\nkind = "block"\npattern = "robot"\n'
                   '[form]\nkind = "form"\nlabels = ["First Name"]\n')
    with pytest.raises(ConfigError, match="form labels must be non-empty and in lower case"):
        load_rules(str(bad))
    assert load_rules().finder is not None  # the shipped notices all hold a trigger


def test_a_run_of_field_labels_is_a_form_and_a_label_or_two_in_prose_is_not():
    labels = "Email address\nFirst name\nLast name\nCompany\nJob title"
    assert check(f"Annual outlook 2020\n{labels}") == "sign-up or registration form"
    # three different labels are not enough, nor one label repeated
    assert check("Annual outlook 2020\nEmail\nFirst name\nLast name") is None
    assert check("Annual outlook 2020\nEmail\nEmail\nEmail\nEmail") is None
    # the labels apart, each in a sentence, are prose
    assert check("Annual outlook 2020\nGive us your first name and last name. Your email is kept private. "
                 "Your company pays for the job title.") is None
    # a form under a long article is the article's furniture: the article stays
    body = ("The central bank cut its main rate by a quarter point on Wednesday, its third cut this year, and said "
            "it was ready to act again if the slowdown in trade deepened. ") * 3
    assert check(f"Rates cut again\n{body}\n{labels}") is None
