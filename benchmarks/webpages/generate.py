"""Generate the labelled web-page set for `babelwire eval extraction` (tests/data/webpages/).

Pages are written here, not collected: 12 languages x 10 layouts, each with the page furniture
real news sites carry (navigation, cookie banner, share bar, related links, comments, footer),
a byline, a <title> with the outlet's name at one end, and the publication date kept in one
of the places pages keep it (URL path, article:published_time with a local offset, JSON-LD,
<time>, visible text in the page's language, an HTML comment). Some pages carry traps: a
modified date after the published one, a UTC timestamp whose day differs from the local day,
NUL bytes inside markup, a reprint notice, layouts that precision-mode extraction mishandles
(story in <span>s or list items).

Deterministic: `python benchmarks/webpages/generate.py [OUT_DIR]` writes the same files every
time. labels.jsonl has one line per page: file, language, url, title, date (the day the page
states, local), body (the article's paragraphs), snippets (three of them), kind.
"""
from __future__ import annotations

import json
import random
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

# Per language: outlets (name, domain), UTC offset in hours, month names, "by", visible-date
# pattern, and articles (headline, paragraphs).
LANGS: dict[str, dict] = {
    "en": {
        "outlets": [("The Harbour Herald", "harbourherald.co.uk"), ("TechCrunch", "techcrunch.com"), ("MoreBikes", "morebikes.co.uk")],
        "offset": -5, "by": "By",
        "months": "January February March April May June July August September October November December".split(),
        "visible": "{month} {d}, {y}",
        "articles": [
            ("City council approves new flood barrier after heated debate", [
                "The city council voted 31 to 12 on Tuesday night to fund a movable flood barrier across the mouth of the river, ending two years of argument over the cost.",
                "Engineers say the barrier will protect about 40,000 homes from the kind of storm surge that flooded the lower town in 2019.",
                "Opponents argued that the money, estimated at 180 million pounds, would be better spent on raising the existing embankments.",
                "Work is expected to begin next spring and to take four years, during which the harbour will remain open to shipping.",
                "The mayor said the decision was the most important the council had taken in a generation.",
            ]),
            ("Start-up raises 45 million dollars to build cheaper battery packs", [
                "A battery start-up founded by three former car engineers has raised 45 million dollars in a funding round led by a European investment fund.",
                "The company says its packs use a simpler cooling design that cuts assembly costs by nearly a third.",
                "It plans to open a pilot factory in Ohio next year and to hire around 200 workers.",
                "Analysts cautioned that several similar firms have struggled to move from prototypes to mass production.",
                "The chief executive said the first customers would be makers of delivery vans and buses.",
            ]),
            ("Cyclists welcome new coastal route linking three villages", [
                "A 22-kilometre cycle path along the coast opened on Saturday, linking three villages that until now could only be reached by a busy main road.",
                "Local cycling groups had campaigned for the route for more than a decade.",
                "The path follows an old railway line and includes two restored viaducts.",
                "Officials hope it will bring more visitors to the area outside the summer season.",
                "Hundreds of riders took part in the opening ride despite strong winds.",
            ]),
        ],
    },
    "de": {
        "outlets": [("Rheinische Rundschau", "rheinische-rundschau.de"), ("Tagesblick", "tagesblick.de")],
        "offset": 1, "by": "Von",
        "months": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember".split(),
        "visible": "{d}. {month} {y}",
        "articles": [
            ("Stadtrat beschließt Ausbau des Nahverkehrs bis 2030", [
                "Der Stadtrat hat am Donnerstagabend mit großer Mehrheit beschlossen, das Straßenbahnnetz bis zum Jahr 2030 um drei neue Linien zu erweitern.",
                "Die Kosten werden auf rund 600 Millionen Euro geschätzt, den größten Teil sollen Bund und Land übernehmen.",
                "Kritiker bemängeln, dass die Pläne für die östlichen Stadtteile noch immer zu vage seien.",
                "Der Oberbürgermeister sprach von einem historischen Tag für die Stadt und ihre Pendler.",
                "Die ersten Bauarbeiten sollen bereits im kommenden Herbst beginnen.",
            ]),
            ("Hochwasser: Pegel der Mosel steigt weiter", [
                "Nach tagelangem Regen ist der Pegel der Mosel in der Nacht auf über acht Meter gestiegen.",
                "Mehrere Uferstraßen wurden gesperrt, in einigen Orten stehen Keller unter Wasser.",
                "Die Feuerwehr ist mit mehr als 300 Einsatzkräften im Dienst und verteilt Sandsäcke.",
                "Der Deutsche Wetterdienst erwartet erst zum Wochenende eine Entspannung der Lage.",
                "Die Schifffahrt auf dem Fluss wurde vorübergehend eingestellt.",
            ]),
            ("Forscher entwickeln Batterie aus Natrium statt Lithium", [
                "Ein Forschungsteam aus Karlsruhe hat eine Batterie vorgestellt, die Natrium statt Lithium nutzt.",
                "Natrium ist weltweit reichlich vorhanden und deutlich günstiger als Lithium.",
                "Die neue Zelle erreicht nach Angaben der Forscher etwa achtzig Prozent der Energiedichte heutiger Akkus.",
                "Besonders für stationäre Speicher von Solarstrom sei die Technik interessant.",
                "Ein Industriepartner will noch in diesem Jahr erste Muster fertigen.",
            ]),
        ],
    },
    "fr": {
        "outlets": [("Le Courrier du Sud", "courrierdusud.fr"), ("Actu Lyon", "actulyon.fr")],
        "offset": 1, "by": "Par",
        "months": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split(),
        "visible": "{d} {month} {y}",
        "articles": [
            ("La ville inaugure une nouvelle médiathèque dans le quartier nord", [
                "La municipalité a inauguré samedi une médiathèque de 3 000 mètres carrés dans le quartier nord, attendue depuis près de dix ans.",
                "Le bâtiment accueille une salle de spectacle, un espace numérique et plus de 80 000 ouvrages.",
                "Le projet a coûté 14 millions d'euros, financés en partie par la région et l'État.",
                "Les habitants ont salué un lieu ouvert le dimanche, une première dans la ville.",
                "La maire a promis d'étendre les horaires d'ouverture dès la rentrée.",
            ]),
            ("Grève dans les transports : le trafic fortement perturbé lundi", [
                "Les syndicats ont appelé à une grève reconductible à partir de lundi dans les transports en commun de l'agglomération.",
                "Seul un métro sur deux devrait circuler aux heures de pointe, selon la direction.",
                "Les salariés réclament une revalorisation des salaires et de meilleures conditions de travail.",
                "La direction affirme avoir déjà proposé une hausse de trois pour cent.",
                "Les usagers sont invités à privilégier le télétravail lorsque c'est possible.",
            ]),
            ("Des archéologues découvrent une villa romaine sous un parking", [
                "Des fouilles préventives menées sous un ancien parking ont mis au jour les vestiges d'une villa romaine du IIe siècle.",
                "Les archéologues ont dégagé des mosaïques presque intactes et un système de chauffage par le sol.",
                "Le chantier d'immeubles prévu sur le site est suspendu pendant six mois.",
                "Une partie des mosaïques sera exposée au musée municipal.",
                "Les chercheurs espèrent identifier le propriétaire grâce aux inscriptions retrouvées.",
            ]),
        ],
    },
    "es": {
        "outlets": [("Diario del Valle", "diariodelvalle.es"), ("Noticias Andinas", "noticiasandinas.pe")],
        "offset": -5, "by": "Por",
        "months": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre".split(),
        "visible": "{d} de {month} de {y}",
        "articles": [
            ("El Gobierno aprueba un plan para modernizar los puertos del Pacífico", [
                "El Consejo de Ministros aprobó este martes un plan de inversión de 1.200 millones de dólares para modernizar tres puertos del Pacífico.",
                "El proyecto incluye nuevas grúas, el dragado de los canales de acceso y una conexión ferroviaria con el interior.",
                "Los gremios de exportadores celebraron la medida, que llevaban años reclamando.",
                "Las obras comenzarán el próximo año y durarán al menos cinco años.",
                "El ministro de Transportes aseguró que se crearán unos 8.000 empleos directos.",
            ]),
            ("Una sequía histórica obliga a restringir el agua en la capital", [
                "La empresa de aguas anunció cortes programados de suministro en varios distritos de la capital a partir del lunes.",
                "Los embalses que abastecen a la ciudad se encuentran al 18 por ciento de su capacidad.",
                "Las autoridades piden a los vecinos reducir el consumo y evitar el riego de jardines.",
                "Es la peor sequía registrada en la región en más de medio siglo.",
                "Los agricultores de la zona ya han perdido buena parte de la cosecha.",
            ]),
            ("Investigadores descubren una nueva especie de rana en la selva", [
                "Un equipo de biólogos ha descrito una nueva especie de rana en una zona remota de la selva amazónica.",
                "El animal mide apenas dos centímetros y tiene un color naranja intenso.",
                "Los científicos creen que vive solo en unas pocas hectáreas de bosque nuboso.",
                "Por ello piden que la zona sea declarada área protegida cuanto antes.",
                "El hallazgo se publicó en una revista especializada en herpetología.",
            ]),
        ],
    },
    "it": {
        "outlets": [("Il Gazzettino del Lago", "gazzettinodellago.it"), ("Cronache Romane", "cronacheromane.it")],
        "offset": 1, "by": "Di",
        "months": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre".split(),
        "visible": "{d} {month} {y}",
        "articles": [
            ("Il Comune approva il nuovo piano per le piste ciclabili", [
                "Il consiglio comunale ha approvato ieri sera il piano che prevede 60 chilometri di nuove piste ciclabili entro il 2027.",
                "L'investimento complessivo è di 35 milioni di euro, in parte finanziati con fondi europei.",
                "Le associazioni dei commercianti temono la perdita di posti auto nel centro storico.",
                "L'assessore alla mobilità ha assicurato che saranno creati nuovi parcheggi di scambio.",
                "I primi cantieri partiranno in primavera lungo il lungolago.",
            ]),
            ("Maltempo, allerta rossa in tre regioni del Nord", [
                "La Protezione civile ha diramato un'allerta rossa per piogge intense in Lombardia, Veneto e Friuli.",
                "Nelle ultime ventiquattro ore sono caduti fino a 200 millimetri di pioggia in alcune zone.",
                "Diverse scuole resteranno chiuse e alcune strade provinciali sono state interrotte da frane.",
                "I sindaci invitano la popolazione a evitare gli spostamenti non necessari.",
                "Il miglioramento è atteso soltanto per la giornata di venerdì.",
            ]),
            ("Scoperto un affresco del Quattrocento in una chiesa di campagna", [
                "Durante i lavori di restauro di una piccola chiesa di campagna è riemerso un affresco del Quattrocento.",
                "L'opera raffigura una Madonna con il Bambino circondata da angeli musicanti.",
                "Gli esperti la attribuiscono alla bottega di un pittore attivo nella zona.",
                "Il restauro completo richiederà almeno due anni di lavoro.",
                "La parrocchia ha avviato una raccolta fondi per sostenere le spese.",
            ]),
        ],
    },
    "pt": {
        "outlets": [("Jornal do Litoral", "jornaldolitoral.com.br"), ("Diário da Serra", "diariodaserra.pt")],
        "offset": -3, "by": "Por",
        "months": "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro".split(),
        "visible": "{d} de {month} de {y}",
        "articles": [
            ("Prefeitura anuncia novo hospital na zona leste da cidade", [
                "A prefeitura anunciou nesta segunda-feira a construção de um hospital com 300 leitos na zona leste da cidade.",
                "A obra deve custar cerca de 400 milhões de reais e ficar pronta em três anos.",
                "Moradores da região reclamam há anos da distância até os hospitais do centro.",
                "O secretário de Saúde afirmou que a unidade terá um pronto-socorro aberto dia e noite.",
                "A licitação será publicada ainda neste mês.",
            ]),
            ("Chuvas fortes provocam deslizamentos no litoral norte", [
                "As chuvas intensas do fim de semana provocaram deslizamentos de terra em quatro cidades do litoral norte.",
                "A Defesa Civil registrou mais de 250 milímetros de chuva em apenas um dia.",
                "Centenas de famílias foram retiradas de áreas de risco e levadas para abrigos.",
                "Algumas estradas continuam interditadas e o abastecimento de água foi afetado.",
                "O governo estadual prometeu liberar recursos emergenciais.",
            ]),
            ("Pesquisadores criam tinta que reduz a temperatura de telhados", [
                "Pesquisadores de uma universidade federal desenvolveram uma tinta branca que reduz a temperatura de telhados em até dez graus.",
                "O produto reflete a maior parte da radiação solar e custa pouco mais que uma tinta comum.",
                "Testes em escolas públicas mostraram salas de aula mais frescas durante o verão.",
                "A equipe agora procura empresas interessadas em fabricar a tinta em grande escala.",
                "O estudo foi publicado em uma revista internacional de engenharia.",
            ]),
        ],
    },
    "nl": {
        "outlets": [("Het Noorderblad", "noorderblad.nl"), ("Dagkrant Utrecht", "dagkrantutrecht.nl")],
        "offset": 1, "by": "Door",
        "months": "januari februari maart april mei juni juli augustus september oktober november december".split(),
        "visible": "{d} {month} {y}",
        "articles": [
            ("Gemeente wil duizend nieuwe woningen bouwen aan de rand van de stad", [
                "De gemeente wil de komende tien jaar duizend nieuwe woningen bouwen op een voormalig industrieterrein aan de rand van de stad.",
                "Een derde van de huizen moet in de sociale huur vallen, zo staat in het plan.",
                "Omwonenden maken zich zorgen over het verkeer en het verdwijnen van groen.",
                "De wethouder belooft dat er een nieuw park en een fietsbrug bij komen.",
                "De gemeenteraad neemt in het voorjaar een besluit.",
            ]),
            ("Storm zorgt voor vertragingen op het spoor", [
                "Door de zware storm reden dinsdag op veel trajecten minder treinen dan normaal.",
                "Omgewaaide bomen kwamen op het spoor terecht bij onder meer Amersfoort en Zwolle.",
                "Reizigers werd aangeraden hun reis uit te stellen als dat mogelijk was.",
                "Het KNMI had code oranje afgegeven voor de kustprovincies.",
                "Woensdag moet de dienstregeling weer grotendeels normaal zijn.",
            ]),
            ("Studenten bouwen zonneauto die zonder te laden door Europa rijdt", [
                "Een team van studenten heeft een zonneauto gebouwd die duizend kilometer kan rijden zonder te laden.",
                "De auto weegt slechts 400 kilo en heeft zonnepanelen op het hele dak.",
                "Komende zomer wil het team ermee van Eindhoven naar Rome rijden.",
                "Verschillende bedrijven hebben interesse getoond in de technologie.",
                "Het project werd twee jaar geleden gestart als afstudeeropdracht.",
            ]),
        ],
    },
    "ru": {
        "outlets": [("Северный вестник", "severvestnik.ru"), ("Городские новости", "gorodnovosti.ru")],
        "offset": 3, "by": "Автор:",
        "months": "января февраля марта апреля мая июня июля августа сентября октября ноября декабря".split(),
        "visible": "{d} {month} {y}",
        "articles": [
            ("Власти города утвердили план строительства новой линии метро", [
                "Городские власти утвердили план строительства новой линии метро, которая соединит спальные районы с центром.",
                "На первом этапе будет построено семь станций общей протяжённостью около пятнадцати километров.",
                "Стоимость проекта оценивается в 120 миллиардов рублей.",
                "Жители северных районов давно жаловались на переполненные автобусы.",
                "Первые станции планируется открыть через четыре года.",
            ]),
            ("Сильный снегопад парализовал движение на трассах региона", [
                "Сильный снегопад, начавшийся в ночь на понедельник, парализовал движение на нескольких федеральных трассах.",
                "Сотни грузовиков застряли в пробках, которые растянулись на десятки километров.",
                "Спасатели развернули пункты обогрева и раздают горячий чай водителям.",
                "Синоптики обещают, что снег будет идти ещё как минимум сутки.",
                "Власти призвали жителей отказаться от поездок на личном транспорте.",
            ]),
            ("Учёные нашли в Сибири останки древнего мамонта", [
                "Группа палеонтологов обнаружила на берегу сибирской реки почти полный скелет мамонта.",
                "По предварительной оценке, возраст находки составляет около тридцати тысяч лет.",
                "Кости хорошо сохранились благодаря вечной мерзлоте.",
                "Скелет доставят в региональный музей для дальнейшего изучения.",
                "Учёные надеются получить образцы ДНК животного.",
            ]),
        ],
    },
    "ja": {
        "outlets": [("東都新報", "totoshinpo.jp"), ("みなと経済新聞", "minato-keizai.jp")],
        "offset": 9, "by": "記者:",
        "months": None,
        "visible": "{y}年{m}月{d}日",
        "articles": [
            ("市が新しい図書館の建設計画を発表", [
                "市は十五日、駅前に新しい中央図書館を建設する計画を発表した。",
                "延べ床面積は約八千平方メートルで、百万冊の蔵書を収容できる規模になる。",
                "総事業費は約九十億円で、二〇二八年の開館を目指す。",
                "市長は記者会見で、子どもから高齢者まで誰もが集える場所にしたいと述べた。",
                "住民からは駐車場の不足を心配する声も上がっている。",
            ]),
            ("大雨で各地に避難指示、鉄道も運転見合わせ", [
                "活発な前線の影響で、西日本を中心に記録的な大雨となった。",
                "気象庁は複数の県に大雨特別警報を出し、最大級の警戒を呼びかけている。",
                "各地で川の氾濫や土砂崩れが相次ぎ、数万人に避難指示が出された。",
                "新幹線や在来線の一部区間で運転の見合わせが続いている。",
                "雨は明日の朝まで降り続く見込みだという。",
            ]),
            ("新型の蓄電池を開発、充電時間を半分に", [
                "国内の研究チームが、充電時間を従来の半分に短縮できる新型の蓄電池を開発したと発表した。",
                "電極に新しい材料を使うことで、劣化も抑えられるという。",
                "電気自動車への搭載を想定しており、五年以内の実用化を目指す。",
                "複数の自動車メーカーが共同研究に関心を示している。",
                "研究成果は国際的な学術誌に掲載された。",
            ]),
        ],
    },
    "zh": {
        "outlets": [("南方时报", "nanfangshibao.cn"), ("东海新闻网", "donghainews.cn")],
        "offset": 8, "by": "记者",
        "months": None,
        "visible": "{y}年{m}月{d}日",
        "articles": [
            ("市政府公布新地铁线路建设计划", [
                "市政府日前公布了一条新地铁线路的建设计划，线路全长约二十八公里。",
                "新线路将连接城市东部的居住区和中心商务区，共设十九座车站。",
                "项目总投资约为二百亿元，预计五年内建成通车。",
                "不少市民表示，新线路开通后上下班通勤时间将大大缩短。",
                "相关部门表示，施工期间将尽量减少对交通的影响。",
            ]),
            ("强台风逼近沿海地区多地停课停工", [
                "今年第九号台风正向沿海地区逼近，预计将于明天凌晨登陆。",
                "气象部门已发布台风红色预警，提醒公众做好防范。",
                "沿海多个城市宣布停课停工，航班和高铁也大面积停运。",
                "渔船已全部回港避风，危险区域人员已经转移。",
                "专家提醒市民不要前往海边观浪。",
            ]),
            ("科研团队研发出新型海水淡化膜", [
                "一支科研团队研发出一种新型海水淡化膜，能耗比现有技术降低约三成。",
                "这种膜材料成本较低，而且不容易被污染。",
                "研究人员表示，该技术有望用于缺水的海岛和沿海城市。",
                "目前团队正与企业合作建设示范工程。",
                "相关论文已发表在国际学术期刊上。",
            ]),
        ],
    },
    "ar": {
        "outlets": [("صحيفة الخليج اليوم", "khaleejtoday.ae"), ("أخبار النيل", "nilenews.eg")],
        "offset": 4, "by": "بقلم",
        "months": "يناير فبراير مارس أبريل مايو يونيو يوليو أغسطس سبتمبر أكتوبر نوفمبر ديسمبر".split(),
        "visible": "{d} {month} {y}",
        "articles": [
            ("الحكومة تعلن خطة لتوسيع شبكة النقل العام في العاصمة", [
                "أعلنت الحكومة يوم الأحد عن خطة لتوسيع شبكة النقل العام في العاصمة بتكلفة تبلغ نحو ملياري دولار.",
                "وتشمل الخطة إنشاء ثلاثة خطوط جديدة للحافلات السريعة ومد خط المترو إلى الضواحي الشرقية.",
                "وقال وزير النقل إن المشروع سيخفف من الازدحام المروري الذي تعاني منه المدينة.",
                "ومن المتوقع أن تبدأ أعمال البناء مطلع العام المقبل.",
                "ورحب سكان الضواحي بالخطة التي طال انتظارها.",
            ]),
            ("موجة حر شديدة تضرب المنطقة ودعوات لتجنب الخروج ظهرا", [
                "تشهد المنطقة موجة حر شديدة تجاوزت فيها درجات الحرارة خمسين درجة مئوية في عدة مدن.",
                "ودعت السلطات المواطنين إلى تجنب الخروج في ساعات الظهيرة وشرب كميات كافية من المياه.",
                "وسجلت المستشفيات ارتفاعا في حالات الإجهاد الحراري.",
                "وتوقعت هيئة الأرصاد أن تستمر الموجة حتى نهاية الأسبوع.",
                "كما تم تعديل ساعات العمل في المواقع الخارجية.",
            ]),
            ("باحثون يطورون تقنية لري المزارع باستخدام الطاقة الشمسية", [
                "طور فريق من الباحثين تقنية جديدة لري المزارع الصغيرة باستخدام مضخات تعمل بالطاقة الشمسية.",
                "وتقلل التقنية استهلاك المياه بنحو الثلث مقارنة بطرق الري التقليدية.",
                "وجرى اختبار النظام في عشرين مزرعة خلال الموسم الماضي.",
                "ويأمل الباحثون في نشر التقنية على نطاق واسع في المناطق الريفية.",
                "وحصل المشروع على تمويل من صندوق دولي لدعم الابتكار.",
            ]),
        ],
    },
    "tr": {
        "outlets": [("Ege Postası", "egepostasi.com.tr"), ("Anadolu Gündem", "anadolugundem.com")],
        "offset": 3, "by": "Yazan:",
        "months": "Ocak Şubat Mart Nisan Mayıs Haziran Temmuz Ağustos Eylül Ekim Kasım Aralık".split(),
        "visible": "{d} {month} {y}",
        "articles": [
            ("Belediye yeni tramvay hattı için ihaleye çıkıyor", [
                "Büyükşehir belediyesi, kent merkezini üniversite kampüsüne bağlayacak yeni tramvay hattı için ihaleye çıkacağını açıkladı.",
                "On iki kilometre uzunluğundaki hatta on altı durak yer alacak.",
                "Projenin maliyetinin yaklaşık iki milyar lira olacağı tahmin ediliyor.",
                "Belediye başkanı, hattın iki yıl içinde hizmete girmesini hedeflediklerini söyledi.",
                "Öğrenciler ise yeni hattın ulaşım sorununu büyük ölçüde çözeceğini belirtti.",
            ]),
            ("Şiddetli yağış sonrası sel uyarısı yapıldı", [
                "Meteoroloji, Karadeniz kıyısındaki illerde şiddetli yağış nedeniyle sel uyarısında bulundu.",
                "Bazı ilçelerde dereler taştı ve birçok ev ile iş yerini su bastı.",
                "Ekipler mahsur kalan vatandaşları botlarla kurtardı.",
                "Yağışların hafta sonuna kadar aralıklarla devam etmesi bekleniyor.",
                "Valilik, okulların bir gün tatil edildiğini duyurdu.",
            ]),
            ("Türk mühendisler yerli elektrikli traktör geliştirdi", [
                "Bir grup Türk mühendis, tamamen yerli imkanlarla elektrikli bir traktör geliştirdi.",
                "Traktör tek şarjla sekiz saate kadar çalışabiliyor.",
                "Geliştiriciler, yakıt maliyetlerinin yüzde yetmiş oranında azalacağını söylüyor.",
                "Seri üretime gelecek yıl başlanması planlanıyor.",
                "Çiftçiler yeni traktörü tarım fuarında yakından inceleme fırsatı buldu.",
            ]),
        ],
    },
}

FURNITURE = {
    "en": {"nav": ["Home", "World", "Business", "Tech", "Sport", "Opinion"], "cookie": "We use cookies to improve your experience. By continuing you accept our cookie policy.",
           "share": ["Share on Facebook", "Share on X", "Email"], "related": "Related stories", "comments": "Comments",
           "comment": "Great article, thanks for sharing!", "footer": "All rights reserved.", "read": "Read more",
           "reprint": "This copy is for your personal, non-commercial use only. To order presentation-ready copies for distribution, contact our reprints desk.",
           "updated": "Updated", "published": "Published"},
    "de": {"nav": ["Startseite", "Politik", "Wirtschaft", "Sport", "Kultur"], "cookie": "Wir verwenden Cookies, um Ihnen ein besseres Nutzererlebnis zu bieten. Mit der Nutzung stimmen Sie zu.",
           "share": ["Teilen", "Twittern", "Per E-Mail senden"], "related": "Mehr zum Thema", "comments": "Kommentare",
           "comment": "Endlich passiert hier mal etwas!", "footer": "Alle Rechte vorbehalten.", "read": "Weiterlesen",
           "reprint": "Dieser Artikel ist nur für Ihren persönlichen, nicht-kommerziellen Gebrauch bestimmt. Nachdruck nur mit Genehmigung der Redaktion.",
           "updated": "Aktualisiert", "published": "Veröffentlicht"},
    "fr": {"nav": ["Accueil", "France", "Monde", "Économie", "Sports"], "cookie": "Nous utilisons des cookies pour améliorer votre expérience. En poursuivant, vous acceptez leur utilisation.",
           "share": ["Partager", "Tweeter", "Envoyer par e-mail"], "related": "À lire aussi", "comments": "Commentaires",
           "comment": "Très bonne nouvelle pour le quartier.", "footer": "Tous droits réservés.", "read": "Lire la suite",
           "reprint": "Cet article est réservé à un usage strictement personnel et non commercial. Toute reproduction est interdite sans autorisation.",
           "updated": "Mis à jour le", "published": "Publié le"},
    "es": {"nav": ["Portada", "Nacional", "Mundo", "Economía", "Deportes"], "cookie": "Utilizamos cookies para mejorar su experiencia. Si continúa navegando, acepta su uso.",
           "share": ["Compartir", "Tuitear", "Enviar por correo"], "related": "Noticias relacionadas", "comments": "Comentarios",
           "comment": "Ya era hora de que hicieran algo.", "footer": "Todos los derechos reservados.", "read": "Leer más",
           "reprint": "Esta copia es solo para su uso personal y no comercial. Prohibida su reproducción sin autorización.",
           "updated": "Actualizado", "published": "Publicado"},
    "it": {"nav": ["Home", "Cronaca", "Politica", "Economia", "Sport"], "cookie": "Questo sito utilizza cookie per migliorare la tua esperienza. Continuando accetti il loro utilizzo.",
           "share": ["Condividi", "Twitta", "Invia per email"], "related": "Leggi anche", "comments": "Commenti",
           "comment": "Finalmente una buona notizia!", "footer": "Tutti i diritti riservati.", "read": "Continua a leggere",
           "reprint": "Questa copia è per uso esclusivamente personale e non commerciale. Riproduzione riservata.",
           "updated": "Aggiornato il", "published": "Pubblicato il"},
    "pt": {"nav": ["Início", "Brasil", "Mundo", "Economia", "Esportes"], "cookie": "Usamos cookies para melhorar sua experiência. Ao continuar, você concorda com a nossa política.",
           "share": ["Compartilhar", "Tuitar", "Enviar por e-mail"], "related": "Leia também", "comments": "Comentários",
           "comment": "Muito importante essa notícia.", "footer": "Todos os direitos reservados.", "read": "Leia mais",
           "reprint": "Esta cópia é apenas para uso pessoal e não comercial. Proibida a reprodução sem autorização.",
           "updated": "Atualizado em", "published": "Publicado em"},
    "nl": {"nav": ["Home", "Binnenland", "Buitenland", "Economie", "Sport"], "cookie": "Wij gebruiken cookies om uw ervaring te verbeteren. Door verder te gaan gaat u akkoord.",
           "share": ["Delen", "Tweeten", "Mailen"], "related": "Lees ook", "comments": "Reacties",
           "comment": "Goed nieuws voor de regio.", "footer": "Alle rechten voorbehouden.", "read": "Lees meer",
           "reprint": "Dit artikel is uitsluitend bestemd voor persoonlijk, niet-commercieel gebruik. Overname alleen met toestemming.",
           "updated": "Bijgewerkt", "published": "Gepubliceerd"},
    "ru": {"nav": ["Главная", "Политика", "Экономика", "Общество", "Спорт"], "cookie": "Мы используем файлы cookie, чтобы сайт работал лучше. Продолжая, вы соглашаетесь с этим.",
           "share": ["Поделиться", "ВКонтакте", "Отправить"], "related": "Читайте также", "comments": "Комментарии",
           "comment": "Давно пора было это сделать.", "footer": "Все права защищены.", "read": "Читать далее",
           "reprint": "Материал предназначен только для личного некоммерческого использования. Перепечатка запрещена.",
           "updated": "Обновлено", "published": "Опубликовано"},
    "ja": {"nav": ["ホーム", "国内", "国際", "経済", "スポーツ"], "cookie": "当サイトではクッキーを使用しています。サイトを利用することで同意したものとみなします。",
           "share": ["シェア", "ポスト", "メールで送る"], "related": "関連記事", "comments": "コメント",
           "comment": "とても良いニュースですね。", "footer": "無断転載を禁じます。", "read": "続きを読む",
           "reprint": "この記事は個人的かつ非営利の利用に限ります。無断での転載・複製を禁じます。",
           "updated": "更新", "published": "公開"},
    "zh": {"nav": ["首页", "国内", "国际", "财经", "体育"], "cookie": "本网站使用cookie以改善您的体验。继续浏览即表示您同意。",
           "share": ["分享", "微博", "邮件"], "related": "相关新闻", "comments": "评论",
           "comment": "这是好消息。", "footer": "版权所有，未经授权不得转载。", "read": "阅读全文",
           "reprint": "本文仅供个人非商业用途使用，未经许可不得转载。",
           "updated": "更新", "published": "发布时间"},
    "ar": {"nav": ["الرئيسية", "محليات", "عالم", "اقتصاد", "رياضة"], "cookie": "نستخدم ملفات تعريف الارتباط لتحسين تجربتك. باستمرارك فإنك توافق على ذلك.",
           "share": ["مشاركة", "تغريد", "بريد"], "related": "أخبار ذات صلة", "comments": "التعليقات",
           "comment": "خبر رائع، شكرا.", "footer": "جميع الحقوق محفوظة.", "read": "اقرأ المزيد",
           "reprint": "هذه النسخة للاستخدام الشخصي وغير التجاري فقط. يمنع إعادة النشر دون إذن.",
           "updated": "تم التحديث", "published": "نشر في"},
    "tr": {"nav": ["Ana Sayfa", "Gündem", "Dünya", "Ekonomi", "Spor"], "cookie": "Deneyiminizi geliştirmek için çerezler kullanıyoruz. Devam ederek kabul etmiş olursunuz.",
           "share": ["Paylaş", "Tweetle", "E-posta"], "related": "İlgili haberler", "comments": "Yorumlar",
           "comment": "Çok güzel bir haber.", "footer": "Tüm hakları saklıdır.", "read": "Devamını oku",
           "reprint": "Bu içerik yalnızca kişisel ve ticari olmayan kullanım içindir. İzinsiz çoğaltılamaz.",
           "updated": "Güncellendi", "published": "Yayınlanma"},
}

AUTHORS = ["Anna Keller", "Marco Bellini", "Sofia Ortega", "Jan de Vries", "Olga Petrova", "Kenji Sato",
           "Li Wei", "Omar Haddad", "Elif Yılmaz", "Claire Dubois", "João Pereira", "Tom Hughes"]

# Where each layout keeps the publication date.
LAYOUTS = ["url", "meta", "jsonld", "time", "visible", "comment", "meta_utc_nextday", "precision_poor", "reprint",
           "blog_list"]
SEPARATORS = [" – ", " | ", " - ", " — ", " :: "]


def esc(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def visible_date(lang: str, local: datetime) -> str:
    spec = LANGS[lang]
    months = spec["months"]
    return spec["visible"].format(d=local.day, m=local.month, y=local.year,
                                  month=months[local.month - 1] if months else "")


def page(lang: str, idx: int, rng: random.Random) -> tuple[str, dict, bytes]:
    spec, furn = LANGS[lang], FURNITURE[lang]
    layout = LAYOUTS[idx % len(LAYOUTS)]
    outlet, domain = spec["outlets"][idx % len(spec["outlets"])]
    headline, sentences = spec["articles"][idx % len(spec["articles"])]
    sentences = list(sentences)
    rng.shuffle(sentences)
    paras = [" ".join(sentences[:2]), " ".join(sentences[2:4]), sentences[4]]
    author = rng.choice(AUTHORS)
    tz = timezone(timedelta(hours=spec["offset"]))
    # Local times near midnight make a UTC conversion change the day: the trap issue 15 names.
    day0 = datetime(2019, 1, 1, tzinfo=tz) + timedelta(days=rng.randrange(0, 1800))
    hour = rng.choice([0, 1, 6, 9, 14, 22, 23]) if spec["offset"] != 0 else 12
    local = day0.replace(hour=hour, minute=rng.randrange(60))
    modified = local + timedelta(days=rng.randrange(2, 40), hours=5)
    iso = local.isoformat(timespec="seconds")
    slug = f"article-{lang}-{idx}"
    url = f"https://www.{domain}/{local:%Y/%m/%d}/{slug}" if layout in ("url", "meta_utc_nextday") else f"https://www.{domain}/news/{slug}-{rng.randrange(10**6, 10**7)}"
    sep = SEPARATORS[idx % len(SEPARATORS)]
    title_tag = f"{headline}{sep}{outlet}" if idx % 2 == 0 else f"{outlet}{sep}{headline}"
    head = [f'<meta charset="utf-8">', f"<title>{esc(title_tag)}</title>",
            f'<meta property="og:title" content="{esc(title_tag)}">',
            f'<meta property="og:site_name" content="{esc(outlet)}">',
            f'<link rel="canonical" href="{url}">', f'<meta property="og:url" content="{url}">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">']
    # Every page carries the site's modified date, after the published one: a trap for dates.
    head.append(f'<meta property="article:modified_time" content="{modified.isoformat(timespec="seconds")}">')
    date_html = ""
    comment = ""
    if layout == "meta":
        head.append(f'<meta property="article:published_time" content="{iso}">')
    elif layout == "meta_utc_nextday":
        head.append(f'<meta property="article:published_time" content="{local.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")}">')
    elif layout == "jsonld":
        ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": headline,
              "datePublished": iso, "dateModified": modified.isoformat(timespec="seconds"),
              "author": {"@type": "Person", "name": author}, "publisher": {"@type": "Organization", "name": outlet}}
        head.append(f'<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>')
    elif layout in ("time", "reprint"):
        date_html = f'<time datetime="{iso}" class="published">{esc(visible_date(lang, local))}</time>'
    elif layout in ("visible", "precision_poor", "blog_list"):
        date_html = f'<span class="date">{esc(furn["published"])} {esc(visible_date(lang, local))}</span>'
    elif layout == "comment":
        comment = f"<!-- published: {local:%Y-%m-%d %H:%M} -->"
    head_html = "\n".join(head)
    nav = "".join(f'<li><a href="/{n.lower()}">{esc(n)}</a></li>' for n in furn["nav"])
    share = "".join(f'<a class="share" href="#">{esc(s)}</a> ' for s in furn["share"])
    others = [a for a in spec["articles"] if a[0] != headline]
    related = "".join(f'<li><a href="/news/{i}">{esc(h)}</a></li>' for i, (h, _) in enumerate(others))
    byline = f'<p class="byline">{esc(spec["by"])} <a href="/authors/x" rel="author">{esc(author)}</a></p>'
    updated = f'<p class="updated">{esc(furn["updated"])}: {esc(visible_date(lang, modified))}</p>'
    if layout == "precision_poor":
        # No <p>: the story in <span>s, the date line on its own; precision mode finds nothing.
        body = "".join(f'<span class="t">{esc(p)}</span>' for p in paras)
        main = f'<div class="wrap"><div class="col">{date_html}</div><div class="c">{body}</div></div>'
    elif layout == "blog_list":
        # A blog theme that sets paragraphs as list items: precision mode keeps only the date line.
        main = '<ul class="post">' + "".join(f"<li>{esc(p)}</li>" for p in paras) + "</ul>"
    else:
        main = "\n".join(f"<p>{esc(p)}</p>" for p in paras)
        if layout == "reprint":
            main = f'<p class="reprint"><em>{esc(furn["reprint"])}</em></p>\n' + main
    wrapper = "div" if layout in ("precision_poor", "blog_list") else "article"
    klass = "x-col" if wrapper == "div" else "story"
    article = f"""<{wrapper} class="{klass}">
{"" if layout == "precision_poor" else f"<h1>{esc(headline)}</h1>"}
{byline}
<div class="meta">{date_html}</div>
<div class="share-bar">{share}</div>
<div class="{"x-inner" if wrapper == "div" else "story-body"}">
{main}
</div>
{updated}
</{wrapper}>"""
    img = f'<img src="/img/{slug}.jpg" alt="{esc(headline)}">'
    if idx % 4 == 1:  # stray NUL bytes inside markup, as some CMS exports carry
        img = f'<img src="/img/{slug}.jpg"\x00 alt="{esc(headline)}"\x00>'
    html = f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
{head_html}
</head>
<body>
{comment}
<div id="cookie-banner" class="cookie-consent"><p>{esc(furn["cookie"])}</p><button>OK</button></div>
<header><a class="logo" href="/">{esc(outlet)}</a><nav><ul>{nav}</ul></nav></header>
<main>
{img}
{article}
<aside class="related"><h3>{esc(furn["related"])}</h3><ul>{related}</ul></aside>
<section id="comments" class="comments"><h3>{esc(furn["comments"])} (1)</h3>
<div class="comment"><span class="user">reader42</span><p>{esc(furn["comment"])}</p></div></section>
</main>
<footer><p>© {local.year} {esc(outlet)}. {esc(furn["footer"])}</p><a href="/impressum">{esc(furn["read"])}</a></footer>
</body>
</html>
"""
    snippets = [paras[0][:60], paras[1][-60:], paras[2][:50]]
    label = {"file": f"{lang}-{idx:02d}.html", "language": lang, "url": url, "layout": layout,
             "title": headline, "site": outlet, "date": local.strftime("%Y-%m-%d"),
             "body": "\n\n".join(paras), "snippets": snippets, "furniture": [furn["cookie"], furn["comment"], furn["reprint"]]}
    return label["file"], label, html.encode("utf-8")


def main(out: str) -> None:
    rng = random.Random(15)
    root = Path(out)
    (root / "pages").mkdir(parents=True, exist_ok=True)
    labels = []
    for lang in LANGS:
        for idx in range(len(LAYOUTS)):
            name, label, data = page(lang, idx, rng)
            (root / "pages" / name).write_bytes(data)
            labels.append(label)
    with open(root / "labels.jsonl", "w", encoding="utf-8") as f:
        for label in labels:
            f.write(json.dumps(label, ensure_ascii=False) + "\n")
    print(f"{len(labels)} pages in {len(LANGS)} languages -> {root}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "tests/data/webpages")
