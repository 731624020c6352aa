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
    assert load_rules().finder is not None  # the shipped notices all hold a trigger
