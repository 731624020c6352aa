"""Charset detection and decoding: legacy code pages, BOMs, declared HTML charsets, garbled input."""
from __future__ import annotations

import pytest
from test_ingest_readers import only_doc, only_rejection, read

LEGACY = [
    ("cp1256", "أمازون تطلب من موظفيها حذف تيك توك",
     "أصدرت شركة أمازون لتجارة التجزئة عبر الإنترنت تعليماتها إلى موظفيها بإزالة تطبيق الفيديوهات القصيرة "
     "تيك توك من أجهزتهم بشكل فوري، وفقا لشخص مطلع على الأمر.\nوقال المتحدث باسم الشركة في بيان إن الرسالة "
     "تم إرسالها عن طريق الخطأ، مؤكدا أنه لا تغييرات في سياسات أمازون تجاه التطبيق."),
    ("cp1252", "Amazon demande à ses employés de supprimer TikTok",
     "Vendredi matin, Amazon a demandé à ses employés de retirer l’application vidéo TikTok des téléphones "
     "— « par mesure de sécurité », selon le New York Times.\nQuelques heures plus tard, l’entreprise a "
     "déclaré que le courriel avait été envoyé par erreur."),
    ("cp1252", "Venerdì Amazon chiede ai dipendenti di eliminare TikTok",
     "Venerdì Amazon ha chiesto ai dipendenti di eliminare l’applicazione TikTok dai telefoni che accedono "
     "alla posta aziendale, citando rischi per la sicurezza. Poche ore dopo l’azienda ha detto che l’e-mail "
     "era stata inviata per errore… “nessun cambiamento”."),
    ("koi8_r", "Amazon попросила сотрудников удалить TikTok",
     "В пятницу компания Amazon попросила своих сотрудников удалить приложение TikTok с мобильных устройств, "
     "имеющих доступ к корпоративной почте, сославшись на угрозу безопасности.\nЧерез несколько часов "
     "представитель компании заявил, что письмо было отправлено по ошибке."),
    ("gb18030", "亚马逊要求员工删除TikTok",
     "亚马逊周五要求员工从可访问公司电子邮件的手机上删除TikTok应用，理由是存在安全风险。几个小时后，"
     "该公司表示，这封电子邮件是误发的，公司对TikTok的政策没有任何变化。"),
    ("shift_jis", "アマゾン、ティックトック削除を指示",
     "アマゾンは金曜日、社内メールにアクセスできる携帯端末から動画アプリ「ティックトック」を削除するよう"
     "従業員に求めた。数時間後、同社はこのメールは誤って送信されたものだと説明した。"),
    ("iso8859_2", "Amazon każe pracownikom usunąć TikToka",
     "Amazon w piątek poprosił pracowników o usunięcie aplikacji TikTok z telefonów, na których korzystają "
     "ze służbowej poczty, powołując się na zagrożenia dla bezpieczeństwa.\nKilka godzin później rzecznik "
     "firmy oświadczył, że wiadomość wysłano przez pomyłkę."),
    ("iso8859_2", "Az Amazon törölteti a TikTokot",
     "Az Amazon pénteken arra kérte alkalmazottait, hogy töröljék a TikTok alkalmazást a céges levelezéshez "
     "használt telefonjaikról, biztonsági kockázatokra hivatkozva. Néhány órával később a cég szóvivője "
     "közölte, hogy a levelet tévedésből küldték ki."),
    ("iso8859_5", "Amazon попросила удалить TikTok",
     "В пятницу компания Amazon попросила своих сотрудников удалить приложение TikTok с мобильных устройств, "
     "имеющих доступ к корпоративной почте.\nЧерез несколько часов представитель компании заявил, что "
     "письмо было отправлено по ошибке."),
    ("iso8859_7", "Η Amazon ζητά διαγραφή του TikTok",
     "Η Amazon ζήτησε την Παρασκευή από τους υπαλλήλους της να διαγράψουν την εφαρμογή TikTok από τα κινητά "
     "τους τηλέφωνα, επικαλούμενη κινδύνους ασφαλείας.\nΛίγες ώρες αργότερα, η εταιρεία δήλωσε ότι το μήνυμα "
     "στάλθηκε κατά λάθος."),
    ("iso8859_9", "Amazon çalışanlarından TikTok'u silmelerini istedi",
     "Amazon cuma günü çalışanlarından şirket e-postasına erişen telefonlardan TikTok uygulamasını silmelerini "
     "istedi ve güvenlik risklerini gerekçe gösterdi.\nBirkaç saat sonra şirket sözcüsü, e-postanın "
     "yanlışlıkla gönderildiğini açıkladı."),
    ("cp1250", "Amazon chtěl po zaměstnancích smazat TikTok",
     "Společnost Amazon v pátek požádala své zaměstnance, aby z mobilních telefonů odstranili aplikaci TikTok, "
     "kvůli bezpečnostním rizikům. O několik hodin později mluvčí firmy uvedl, že e-mail byl odeslán omylem."),
]


@pytest.mark.parametrize("codec, title, body", LEGACY, ids=[f"{c}-{i}" for i, (c, _, _) in enumerate(LEGACY)])
def test_legacy_encodings_round_trip(tmp_path, codec, title, body):
    p = tmp_path / "legacy.txt"
    p.write_bytes((title + "\r\n\r\n" + body.replace("\n", "\r\n")).encode(codec))
    doc = only_doc(read(p))
    assert doc.title == title
    assert doc.text == body  # CRLF normalised, every character right


@pytest.mark.parametrize("codec", ["utf-16", "utf-8-sig", "utf-32"])
def test_unicode_with_bom(tmp_path, codec):
    title, body = LEGACY[0][1], LEGACY[0][2]
    (tmp_path / "u.txt").write_bytes((title + "\n\n" + body).encode(codec))
    doc = only_doc(read(tmp_path / "u.txt"))
    assert (doc.title, doc.text) == (title, body)


def test_html_declared_charset(tmp_path):
    _, title, body = LEGACY[0]
    page = (f'<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1256">'
            f"<title>{title}</title></head><body><article><h1>{title}</h1>"
            + "".join(f"<p>{para}</p>" for para in body.split("\n")) + "</article></body></html>")
    (tmp_path / "ar.htm").write_bytes(page.encode("cp1256"))
    doc = only_doc(read(tmp_path / "ar.htm"))
    assert doc.title == title and doc.text == body and doc.metadata["encoding"] == "cp1256"

    _, title, body = LEGACY[3]
    xhtml = (f'<?xml version="1.0" encoding="koi8-r"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><head>'
             f"<title>{title}</title></head><body><div class=\"article\"><p>{body}</p></div></body></html>")
    (tmp_path / "ru.xhtml").write_bytes(xhtml.encode("koi8_r"))
    doc = only_doc(read(tmp_path / "ru.xhtml"))
    assert doc.title == title and body.split("\n")[0] in doc.text


def test_garbled_input_is_rejected_not_mojibake(tmp_path):
    import random

    rng = random.Random(7)
    noise = bytes(rng.choice(range(0xA0, 0x100)) for _ in range(3000))
    (tmp_path / "noise.txt").write_bytes(noise)
    assert "re-save the file as UTF-8" in only_rejection(read(tmp_path / "noise.txt")).reason
    mixed = ("Zürich, Genève — déjà vu. ".encode() + "Zürich, Genève — déjà vu. ".encode("cp1252")) * 20
    (tmp_path / "mixed.txt").write_bytes(mixed)
    assert "mixes UTF-8 with another encoding" in only_rejection(read(tmp_path / "mixed.txt")).reason
    # a few legacy bytes can be read as CJK whatever they were: refused, not guessed
    for codec, short in (("cp1256", "أخبار اليوم"), ("iso8859_7", "Ειδήσεις"), ("koi8_r", "Новости: TikTok")):
        (tmp_path / "short.txt").write_bytes(short.encode(codec))
        assert "re-save the file as UTF-8" in only_rejection(read(tmp_path / "short.txt")).reason


def test_newlines_and_nfc(tmp_path):
    (tmp_path / "n.txt").write_bytes("Cafe\u0301 news\r\rLine one\rLine two".encode())
    doc = only_doc(read(tmp_path / "n.txt"))
    assert doc.title == "Café news" and doc.text == "Line one\nLine two"
