"""Opinion pieces: commentaries, op-eds, editorials, columns. About a topic, not a happening.

A news report tells what happened; a commentary argues about a topic ("the war of words may
escalate"), so it is near, by vector, to reports of several events of that topic and bridges
them. With the setting ``cluster_opinion_leaves`` the clusterer lets an opinion piece join the
story of the reports it agrees with, but never uses it as the link between a report and a story
or between two stories (``cluster/online.py`` step 9; on by default, BENCHMARKS.md says why).

``is_opinion(title, text, language)`` looks for two signs, written by hand: no package we may
install classifies news genre (opinion vs report) offline in these languages (the genre and
zero-shot models are transformer weights to download, mostly English), and two rules find
what matters here:

- a genre label at the head: "Kommentar:", "Commentaire :", "Column:", "Editorial -",
  "Opinion |", "评论：" (the title, or the first characters of the text when the title is not
  stored apart);
- the author's own voice outside quotation marks: a sentence that opens with "I think",
  "je pense", "ich glaube", "creo que", "myślę, że", "я считаю", "我认为" ... in a paragraph
  with no verb of saying and no colon or dash just before it (a speaker quoted without marks,
  as reports often print interviews). One such sentence is enough: reporters do not write it.

Precision first: a report flagged here loses its links in the clusterer, so each rule asks
for a marker a report would not carry.
"""
from __future__ import annotations

import re

HEAD_CHARS = 160  # where a genre label sits when the title is not stored apart
SCAN_CHARS = 4000  # the author's voice shows in the first paragraphs

# Genre labels, any language: a label then a separator, near the head's start or next to a
# separator ("Haaretz Editorial - Israel News", "From Opinion| ...").
_LABELS = (
    "kommentar|leitartikel|gastbeitrag|kolumne|meinung|"
    "opinion|op-ed|editorial|column|commentary|"
    "commentaire|tribune|chronique|éditorial|editorial|point de vue|"
    "opinión|columna|tribuna|"
    "editoriale|commento|opinione|"
    "opinião|coluna|"
    "komentarz|felieton|opinia|"
    "мнение|колонка|комментарий|"
    "görüş|yorum|köşe yazısı|"
    "رأي|مقال رأي"
)
_LABEL_HEAD = re.compile(rf"^[^\n]{{0,40}}?(?<!\w)(?:{_LABELS})(?!\w)\s*[:|｜–—]", re.IGNORECASE)
_LABEL_SEP = re.compile(rf"[|｜–—-]\s*(?:{_LABELS})(?!\w)|(?<!\w)(?:{_LABELS})(?:\s*[|｜]|\s+[-–—]\s)", re.IGNORECASE)
_LABEL_CJK = re.compile(r"^[^\n]{0,20}?(?:【|\[|「)?(?:评论|社论|社評|社评|时评|評論|观点|觀點|专栏|專欄|社説|論説|コラム)(?:】|\]|」|[：:|｜])")

# A sentence in the author's voice (its opening words), per language.
_VOICE = {
    "en": r"I (?:think|believe|suspect|would argue|am convinced|doubt)\b|In my (?:view|opinion)\b",
    "de": r"Ich (?:glaube|denke(?! an)|finde|meine|bin überzeugt|halte es)\b|Meiner Meinung nach\b|Meines Erachtens\b",
    "fr": r"Je (?:pense|crois|trouve|suis convaincue?|doute|considère|estime)\b|À mon avis\b|Selon moi\b",
    "es": r"(?:Yo )?(?:Creo|Pienso|Opino|Considero) que\b|En mi opinión\b|A mi juicio\b",
    "it": r"(?:Io )?(?:Credo|Penso|Ritengo) che\b|Sono convint[oa]\b|A mio (?:avviso|parere)\b|Secondo me\b",
    "pt": r"(?:Eu )?(?:Acho|Penso|Creio|Acredito) que\b|Na minha opinião\b",
    "pl": r"(?:Myślę|Uważam|Sądzę|Wydaje mi się),? że\b|Moim zdaniem\b|Jestem przekonan[ya]\b",
    "ru": r"Я (?:считаю|думаю|уверен|уверена|полагаю)\b|По-моему\b|На мой взгляд\b|По моему мнению\b",
    "tr": r"Bence\b|Kanaatimce\b",
    "ar": r"(?:أعتقد|أظن|في رأيي|برأيي|أرى أن)",
    "zh": r"(?:我认为|我觉得|我相信|在我看来|笔者认为|我以为)",
}
# Verbs of saying: a paragraph holding one quotes someone, marks or not.
_SAYING = {
    "en": r"\b(?:said|says|told|added|asked|explained|according to)\b",
    "de": r"\b(?:sagte|sagt|sagten|erklärte|betonte|fügte|zitiert|so der|so die|laut)\b",
    "fr": r"\b(?:a déclaré|a dit|dit|a affirmé|a ajouté|a expliqué|a souligné|selon)\b",
    "es": r"\b(?:dijo|afirmó|señaló|declaró|aseguró|añadió|explicó|según)\b",
    "it": r"\b(?:ha detto|ha dichiarato|ha affermato|ha spiegato|ha aggiunto|dice|secondo)\b",
    "pt": r"\b(?:disse|afirmou|declarou|explicou|segundo)\b",
    "pl": r"(?:powiedział|powiedziała|mówił|mówiła|dodał|dodała|podkreślił|stwierdził|zaznaczył|ocenił|według)\b",
    "ru": r"(?:сказал|сказала|заявил|заявила|отметил|добавил|по словам)\b",
    "tr": r"\b(?:dedi|söyledi|ifade etti|belirtti|kaydetti|açıkladı)\b",
    "ar": r"(?:قال|وقال|أضاف|وأضاف|أكد|وأكد|صرح)",
    "zh": r"(?:说|表示|称|指出|透露)",
}
_VOICE_RE = {k: re.compile(v) for k, v in _VOICE.items()}
_SAYING_RE = {k: re.compile(v, re.IGNORECASE) for k, v in _SAYING.items()}
# A post embedded from a social network quotes its author.
_EMBED = re.compile(r"pic\.twitter\.com|twitter\.com/|instagram\.com/|\(@\w+\)")
# Quotation marks in the main news languages: their content is someone else's voice.
_QUOTED = re.compile(r'"[^"\n]{0,800}"|“[^”\n]{0,800}”|„[^“”\n]{0,800}[“”]|«[^»]{0,800}»|「[^」]{0,800}」|『[^』]{0,800}』')
_SENTENCE_START = re.compile(r"(?:^|[.!?。！？]\s*|\n)\s*$")
_SPEECH_BEFORE = re.compile(r"[:：–—-]\s*$")


def _base(language: str | None) -> str:
    return (language or "").lower().replace("_", "-").split("-")[0]


def has_label(title: str | None, text: str) -> bool:
    """A genre label at the head: the title's, or the text's first characters."""
    head = (title or "").strip() or text[:HEAD_CHARS]
    return bool(_LABEL_HEAD.search(head) or _LABEL_SEP.search(head) or _LABEL_CJK.search(head))


def has_voice(text: str, language: str | None) -> bool:
    """A sentence in the author's own voice, outside quotes and away from verbs of saying."""
    lang = _base(language)
    voice = _VOICE_RE.get(lang)
    if voice is None:
        return False
    text = text[:SCAN_CHARS]
    body = _QUOTED.sub(lambda m: " " * len(m.group(0)), text)  # same offsets, quotes blanked
    saying = _SAYING_RE[lang]
    for m in voice.finditer(body):
        before = text[: m.start()]
        if not _SENTENCE_START.search(before[-4:] if lang != "zh" else before[-2:]) and lang not in ("zh", "ar"):
            continue  # inside a sentence: often reported speech ("..., I think, ...")
        if _SPEECH_BEFORE.search(before.rstrip()[-2:] if before.strip() else ""):
            continue  # after a colon or dash: a speaker quoted without marks
        start = body.rfind("\n", 0, m.start()) + 1
        end = body.find("\n", m.end())
        paragraph = body[start : end if end >= 0 else len(body)]
        if saying.search(paragraph) or _EMBED.search(paragraph):
            continue
        return True
    return False


def is_opinion(title: str | None, text: str, language: str | None) -> bool:
    """Is this an opinion piece (commentary, op-ed, editorial, column) rather than a report?"""
    return has_label(title, text) or has_voice(text, language)
