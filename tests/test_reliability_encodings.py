"""Legacy encodings, built here: every file is decoded right or refused, never stored as
mojibake (issue 17). Short texts are one sentence, long ones a paragraph."""
from __future__ import annotations

import random

import pytest

from babelwire.ingest.common import DecodeError, normalise
from babelwire.ingest.decode import decode

TEXTS = {
    "pl": ("Rząd przyjął nowy budżet na przyszły rok.",
           "Rząd przyjął w czwartek projekt budżetu na przyszły rok. Minister finansów powiedział, że deficyt "
           "spadnie do trzech procent. Opozycja skrytykowała plan, twierdząc, że podwyżki podatków uderzą w "
           "najuboższych. Posłowie zajmą się ustawą w przyszłym tygodniu, a głosowanie odbędzie się w grudniu. "
           "Ekonomiści zwracają uwagę na rosnące koszty obsługi długu i spowolnienie gospodarcze w Europie."),
    "cs": ("Vláda schválila nový rozpočet na příští rok.",
           "Vláda ve čtvrtek schválila návrh rozpočtu na příští rok. Ministr financí řekl, že schodek klesne na tři "
           "procenta. Opozice plán kritizovala a tvrdí, že zvýšení daní dopadne na nejchudší domácnosti. Poslanci "
           "se zákonem budou zabývat příští týden a hlasování proběhne v prosinci. Ekonomové upozorňují na rostoucí "
           "náklady na obsluhu dluhu a zpomalení hospodářství v Evropě."),
    "he": ("הממשלה אישרה את התקציב החדש לשנה הבאה.",
           "הממשלה אישרה ביום חמישי את הצעת התקציב לשנה הבאה. שר האוצר אמר כי הגירעון ירד לשלושה אחוזים. "
           "האופוזיציה מתחה ביקורת על התוכנית וטענה כי העלאת המסים תפגע בשכבות החלשות. חברי הכנסת ידונו בחוק "
           "בשבוע הבא, וההצבעה תתקיים בדצמבר. כלכלנים מצביעים על העלייה בעלויות החוב ועל ההאטה הכלכלית באירופה."),
    "el": ("Η κυβέρνηση ενέκρινε τον νέο προϋπολογισμό.",
           "Η κυβέρνηση ενέκρινε την Πέμπτη το σχέδιο προϋπολογισμού για το επόμενο έτος. Ο υπουργός Οικονομικών "
           "δήλωσε ότι το έλλειμμα θα μειωθεί στο τρία τοις εκατό. Η αντιπολίτευση επέκρινε το σχέδιο, λέγοντας ότι "
           "οι αυξήσεις φόρων θα πλήξουν τους φτωχότερους. Η ψηφοφορία θα γίνει τον Δεκέμβριο."),
    "tr": ("Hükümet gelecek yılın bütçesini onayladı.",
           "Hükümet perşembe günü gelecek yılın bütçe tasarısını onayladı. Maliye bakanı, açığın yüzde üçe "
           "düşeceğini söyledi. Muhalefet planı eleştirerek vergi artışlarının en yoksul kesimi vuracağını öne "
           "sürdü. Milletvekilleri yasayı gelecek hafta görüşecek ve oylama aralık ayında yapılacak. Ekonomistler "
           "borç maliyetlerindeki artışa ve Avrupa'daki ekonomik yavaşlamaya dikkat çekiyor."),
    "th": ("รัฐบาลอนุมัติงบประมาณใหม่สำหรับปีหน้า",
           "รัฐบาลอนุมัติร่างงบประมาณสำหรับปีหน้าเมื่อวันพฤหัสบดี รัฐมนตรีว่าการกระทรวงการคลังกล่าวว่าการขาดดุลจะลดลง"
           "เหลือร้อยละสาม ฝ่ายค้านวิจารณ์แผนดังกล่าวว่าการขึ้นภาษีจะกระทบคนจนที่สุด สมาชิกสภาจะพิจารณากฎหมาย"
           "ในสัปดาห์หน้า และการลงมติจะมีขึ้นในเดือนธันวาคม"),
    "ja": ("政府は来年度の予算案を承認した。",
           "政府は木曜日、来年度の予算案を閣議決定した。財務大臣は、財政赤字が三パーセントまで縮小すると述べた。"
           "野党は増税が最も貧しい世帯に打撃を与えると批判している。国会は来週から法案の審議に入り、採決は十二月に"
           "行われる見通しだ。経済学者は債務の利払い費の増加と欧州の景気減速に注意を促している。"),
    "ko": ("정부가 내년도 예산안을 승인했다.",
           "정부는 목요일 내년도 예산안을 의결했다. 재무부 장관은 재정 적자가 3퍼센트로 줄어들 것이라고 말했다. "
           "야당은 세금 인상이 가장 가난한 가구에 타격을 줄 것이라며 계획을 비판했다. 국회는 다음 주 법안 심의에 "
           "들어가며 표결은 12월에 이뤄질 예정이다. 경제학자들은 부채 비용 증가와 유럽의 경기 둔화를 우려하고 있다."),
    "zh": ("政府批准了明年的预算草案。",
           "政府周四批准了明年的预算草案。财政部长表示，财政赤字将降至百分之三。反对党批评该计划，称增税将打击最贫困"
           "的家庭。议会将于下周开始审议该法案，表决将在十二月举行。经济学家提醒人们注意债务成本上升和欧洲经济放缓。"),
    "zh-hant": ("政府批准了明年的預算草案。",
                "政府週四批准了明年的預算草案。財政部長表示，財政赤字將降至百分之三。反對黨批評該計劃，稱增稅將打擊"
                "最貧困的家庭。議會將於下週開始審議該法案，表決將在十二月舉行。經濟學家提醒人們注意債務成本上升。"),
    "ru": ("Правительство одобрило новый бюджет на следующий год.",
           "В четверг правительство одобрило проект бюджета на следующий год. Министр финансов заявил, что дефицит "
           "сократится до трёх процентов. Оппозиция раскритиковала план, утверждая, что повышение налогов ударит по "
           "беднейшим семьям. Депутаты рассмотрят закон на следующей неделе, а голосование пройдёт в декабре."),
    "uk": ("Уряд схвалив новий бюджет на наступний рік.",
           "У четвер уряд схвалив проєкт бюджету на наступний рік. Міністр фінансів заявив, що дефіцит скоротиться "
           "до трьох відсотків. Опозиція розкритикувала план, стверджуючи, що підвищення податків вдарить по "
           "найбідніших родинах. Депутати розглянуть закон наступного тижня, а голосування відбудеться в грудні."),
    "ar": ("وافقت الحكومة على الميزانية الجديدة للعام المقبل.",
           "وافقت الحكومة يوم الخميس على مشروع الميزانية للعام المقبل. وقال وزير المالية إن العجز سينخفض إلى ثلاثة "
           "في المئة. وانتقدت المعارضة الخطة قائلة إن زيادة الضرائب ستضر بالأسر الأشد فقرا. وسيناقش النواب القانون "
           "الأسبوع المقبل، على أن يجري التصويت في ديسمبر."),
}
CASES = [
    ("pl", "iso8859_2"), ("pl", "cp1250"), ("cs", "iso8859_2"), ("cs", "cp1250"),
    ("he", "cp1255"), ("he", "iso8859_8"), ("el", "iso8859_7"), ("el", "cp1253"),
    ("tr", "iso8859_9"), ("tr", "cp1254"), ("th", "cp874"), ("th", "tis_620"),
    ("ja", "shift_jis"), ("ja", "euc_jp"), ("ja", "iso2022_jp"), ("ko", "euc_kr"), ("ko", "cp949"),
    ("zh", "gb18030"), ("zh", "gbk"), ("zh-hant", "big5"), ("ru", "koi8_r"), ("ru", "cp1251"),
    ("ru", "iso8859_5"), ("uk", "koi8_u"), ("ar", "cp1256"), ("ar", "iso8859_6"),
]

FILES = [(lang, enc, size) for lang, enc in CASES for size in ("short", "long")]


def test_the_matrix_is_big_enough():
    assert len(FILES) >= 50
    assert {lang for lang, _, _ in FILES} >= {"pl", "cs", "he", "el", "tr", "th", "ja", "ko", "zh", "ru", "ar"}


@pytest.mark.parametrize("lang, enc, size", FILES, ids=[f"{lang}-{enc}-{size}" for lang, enc, size in FILES])
def test_decoded_right_or_refused(lang, enc, size):
    text = TEXTS[lang][0 if size == "short" else 1]
    try:
        got = decode(text.encode(enc))
    except DecodeError as e:
        assert "UTF-8" in e.reason  # refused with advice
        return
    assert got.text == normalise(text), f"mojibake: {enc} read as {got.encoding}"


def test_long_texts_are_decoded_not_just_refused():
    right = 0
    for lang, enc in CASES:
        try:
            right += decode(TEXTS[lang][1].encode(enc)).text == normalise(TEXTS[lang][1])
        except DecodeError:
            pass
    assert right >= len(CASES) - 1


@pytest.mark.parametrize("seed", range(6))
def test_random_bytes_are_refused(seed):
    rng = random.Random(seed)
    for size in (30, 80, 300, 2000):
        kinds = [bytes(rng.randrange(0x20, 0x100) for _ in range(size)),
                 bytes(rng.randrange(0xA0, 0x100) if rng.random() < 0.8 else 0x20 for _ in range(size)),
                 bytes(rng.randrange(0x80, 0x100) if rng.random() < 0.3 else rng.choice(b"abcdefgh  ")
                       for _ in range(size))]
        for data in kinds:
            with pytest.raises(DecodeError):
                got = decode(data)
                print(got.encoding, got.text[:40])


def test_iso2022_jp_is_not_taken_for_ascii():
    text = TEXTS["ja"][1]
    got = decode(text.encode("iso2022_jp"))
    assert got.text == normalise(text) and got.encoding.startswith("iso2022_jp")
