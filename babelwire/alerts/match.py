"""Does a story match a watchlist, and how well: the score an alert is decided on.

The query is embedded once with the store's own embedder (the clusterer's, so it lives in the
same space as the cached article vectors; in its query form where the model has one), and both sides have their language's mean vector
taken out (``similarity.centroids``) before the cosine: a multilingual encoder otherwise ranks
any article in the query's language above a report of the event in another one. A story
scores what at least half its members reach (``Matcher.score``). On the dev set the centred cosine separates the watched events from
the rest far better than the raw one (benchmarks/alerts_replay.py).

Relevance feedback (Rocchio's, pseudo): the articles that already match the query well
(``alert_feedback_floor`` by the query alone: beside its wordings or translation, without
feedback; the ``FEEDBACK_K`` best) are the event as the
store tells it, in its own languages and names; their mean is added to the query
(``alert_feedback_weight``) before stories are scored, so a follow-up that the query reaches
weakly across languages but that reads like the event's first reports still scores. Chosen
by the query alone, the feedback cannot drift away from it. A story is scored against the
feedback of the other stories only (``profile``'s ``without``): an article just over the floor
would otherwise pull the query onto itself and score far above it (a report at 0.41 by the
query alone scores 0.71 against the query plus itself), the false alerts of a watchlist whose
feedback is still that one article.

The user's own wordings (``Watchlist.also``: the query as they would also write it, most
often in English): a member in a wording's language meets the query beside that wording, as a
translation would give it; a member in a language with no wording meets the query beside all of
them, a known language bridging to the others (e5 aligns most languages best with English). On
the replay with no translator, each query's English wording given this way took balanced recall
0.596 -> 0.755 at precision 0.918 -> 0.910 (67 watchlists; BENCHMARKS.md). Names, keywords and the country veto
read the query as written only: the wordings' names lifted recall a little more but cost
precision under 0.9.

Names across scripts: a report in another script meets a short query weakly in the bundled
embedder, but the query's names survive transliteration ("Сулеймани" / "Soleimani",
"Kramp-Karrenbauer" in a Polish query and a German report). Each member also scores the
share of the query's names it carries (``similarity.features``: the pair scorer's entity
candidates, ASCII keys and consonant skeletons, weighted by the shipped document-frequency
prior only: counting the store would make a watched event's own name common as it grows),
added with ``alert_name_weight``. Names alone are no match: on the replay, a rule alerting
on most of the query's names found raised more false alerts than right ones (other stories
of the same people); as a bonus beside the cosine, recall with the query as written went
0.576 -> 0.606 at precision >= 0.9 on the rounds it was chosen on (leave one watchlist out:
precision 0.826 -> 0.894), translated queries held 0.803; on the held-out fourth round it was
no gain (as written the same, translated one more false alert; BENCHMARKS.md).

Filters come before the score: the story's languages, the places it names (an ISO country
code is found in any language by the gazetteer, a name as a folded keyword), its outlets (an
independent member from one of the watchlist's: its domain or a subdomain, or its outlet's
name), its independent sources (copies and translations count once; distinct outlets), the
keyword expression, and
the countries: a query that names a country does not match a story naming only other ones.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Iterable, Sequence

import numpy as np
from rapidfuzz import fuzz

from ..embed import get_embedder, prepare_text
from ..models import Article
from ..outlets import domain, outlet_of
from ..similarity.centroids import LanguageCentroids
from ..similarity.cities import cities_named, city_countries
from ..similarity.docfreq import DocFreq
from ..similarity.features import ArticleFeatures, extract, match_entities
from ..similarity.places import countries_named
from ..store.base import Watchlist
from .query import fold, parse
from .variants import QueryVariants

if TYPE_CHECKING:
    from ..cluster.service import StoryClusterer
    from ..language.ensemble import Detector
    from ..settings import Settings

SENSITIVITIES = ("strict", "balanced", "eager")
SENSITIVITY_NAMES = {"low": "strict", "high": "eager"}  # the words monitoring tools use for fewer / more alerts
KEYWORD_CHARS = 3000  # of each member's title and text, for keyword and place checks
FEEDBACK_K = 10  # best-matching articles a query is widened with
SEED_ALERTS = 20  # a watchlist's latest alerts whose stories seed its feedback in a new process
# a spelling match across scripts, as strict as the pair scorer's within one: its looser bound
# (50) let "Salman" stand for "Сулеймани" and "Ukraine" for "كورونا"; on the replay, 70 kept
# every figure and drops such names from alerts
NAME_FUZZ = 70
FEATURE_CACHE = 50_000  # articles whose names (and countries) a long-running process keeps extracted


@dataclass
class StoryView:
    """What matching needs of one story, read once per batch."""

    story_id: str
    articles: list[Article]
    vectors: np.ndarray  # centred, unit length; one row per member with a cached vector
    vector_ids: list[str]
    headline: str | None = None
    vector_languages: list[str] = field(default_factory=list)  # of each row's article
    _folded: str | None = field(default=None, repr=False)

    @property
    def languages(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for a in self.articles:
            out[a.language or "und"] = out.get(a.language or "und", 0) + 1
        return out

    def independent(self) -> list[Article]:
        """Members that are not copies or translations of another member."""
        return [a for a in self.articles if not a.duplicate_of]

    def sources(self) -> int:
        return len(set(self.outlets().values()))

    def outlets(self) -> dict[str, str]:
        """Article id -> its outlet (its own id where none is known), independent members only."""
        return {a.id: outlet_of(a) or f"#{a.id}" for a in self.independent()}

    def folded(self) -> str:
        if self._folded is None:
            self._folded = " ".join(fold(f"{a.title or ''} {a.text[:KEYWORD_CHARS]}") for a in self.articles)
        return self._folded



@dataclass
class Match:
    score: float
    threshold: float
    passed: bool
    best_article: str | None
    why_not: str | None = None  # the filter that failed
    keywords: list[str] = field(default_factory=list)
    sources: int = 0  # independent sources of the event (``Matcher.sources``)
    names: list[str] = field(default_factory=list)  # the query's names the story carries


def outlet_key(value: str) -> str:
    """A watchlist's outlet as compared: a domain (from a URL too) lower-cased without "www.",
    else the folded name."""
    v = value.strip()
    host = domain(v if "://" in v else f"http://{v}") if " " not in v and "." in v else None
    return host.lower() if host else fold(v).strip()


def from_outlets(view: StoryView, wanted: Sequence[str]) -> bool:
    """Has the story an independent member from one of these outlets (``outlet_key``s)? A
    domain takes its subdomains ("bbc.co.uk": "www.bbc.co.uk", "news.bbc.co.uk")."""
    want = set(wanted)
    for a in view.independent():
        names = {outlet_key(x) for x in (outlet_of(a), domain(a.url)) if x}
        if names & want or any(n.endswith(f".{w}") for n in names for w in want if "." in w):
            return True
    return False


def longest_runs(names: Iterable[str]) -> list[str]:
    """The names a reader is shown: those that are no run of words of another one found
    ("Касема Сулеймани", not also "Касема" and "Сулеймани"; "Сулеймани" when only it is found)."""
    words = {n: tuple(re.findall(r"\w+", n.casefold())) for n in names}

    def within(part: tuple[str, ...], whole: tuple[str, ...]) -> bool:
        return len(part) < len(whole) and any(whole[i:i + len(part)] == part for i in range(len(whole)))

    return [n for n, w in words.items() if not any(within(w, other) for other in words.values())]


def threshold(settings: Any, sensitivity: str) -> float:
    return float(settings[f"alert_threshold_{sensitivity}"])


class Matcher:
    """Holds the embedder, the language means and the query vectors between batches."""

    def __init__(self, settings: Settings, clusterer: StoryClusterer, detector: Detector):
        self.settings = settings
        self.clusterer = clusterer
        self.detector = detector
        self.centroids = LanguageCentroids(self.clusterer.model_key)
        # every per-query cache below is keyed by the query's text (not the watchlist's name):
        # an edited query starts afresh and the old one's entries are no longer read
        self._queries: dict[str, np.ndarray] = {}
        self._query_embedder: Any = None
        # called as observer(watchlist, view, match, alert written or None) for every pair judged
        self.observers: list[Callable[..., None]] = []
        self.query_form = "query"  # "passage": embed queries as articles are (the benchmark's baseline)
        self.country_veto = True  # off: the benchmark's baseline
        self._countries: dict[str, frozenset[str]] = {}  # per article id: countries its text names
        self._query_countries: dict[str, frozenset[str]] = {}  # per query text
        # per query and wordings (``_key``): article id -> (similarity to the query without
        # feedback, centred vector, outlet or None
        # for a copy or translation), the best FEEDBACK_K
        self._feedback: dict[str, dict[str, tuple[float, np.ndarray, str | None]]] = {}
        self._profiles: dict[str, np.ndarray] = {}
        self.feedback = True  # off: the query alone (the benchmark's baseline)
        self.event_sources = True  # off: min_sources counts the story's own outlets only
        self.self_feedback = False  # on: a story's own members widen the query it is scored by (the old baseline)
        # the query in each member's language (``variants.py``); None: the query as written only
        self.variants: QueryVariants | None = None
        self._query_lang: dict[str, str] = {}
        self.names = True  # off: the cosine alone (the benchmark's baseline)
        self._idf = DocFreq(prior=True)
        self._features: dict[str, ArticleFeatures] = {}  # per article id
        self._query_features: dict[str, ArticleFeatures] = {}  # per query text

    def sibling(self) -> Matcher:
        """A matcher with this one's parts, switches and query translations, sharing its caches
        of what each article says alone (names, countries) but nothing kept per query (its
        feedback, names, countries): a preview's (``preview.py``), which must leave this one's
        as it is, and whose queries must not stay in a long-running server's caches."""
        m = Matcher(self.settings, self.clusterer, self.detector)
        m._query_embedder = self.query_embedder  # built here once: a model loaded per preview costs seconds
        for k in ("centroids", "query_form", "country_veto", "feedback", "event_sources",
                  "self_feedback", "variants", "names", "_idf", "_features", "_countries"):
            setattr(m, k, getattr(self, k))
        return m

    @property
    def query_embedder(self) -> Any:
        """The store's embedder, in its query form where it has one (E5's "query: " prefix):
        a short query embedded as a passage sits near every short page (menus, teasers). On
        the replay benchmark, story recall at precision >= 0.9 went 0.50 -> 0.75 with it."""
        if self._query_embedder is None:
            emb = self.clusterer.embedder
            self._query_embedder = emb
            if getattr(emb, "prefix", None) == "passage" and self.query_form == "query":
                self._query_embedder = get_embedder(self.settings.embedder, prefix="query")
        return self._query_embedder

    def query_vector(self, query: str, language: str | None = None, also: Sequence[str] = ()) -> np.ndarray:
        """The query's centred vector; given a language, the unit mean of the query's vector
        and its wording in that language: the user's own (``also``, a watchlist's other
        wordings), else the translator's (``variants``); where neither has that language, the
        user's wordings in other languages all stand beside it (a second language, most often
        English, bridges to the rest). On the replay benchmark with translations written by a
        person, the mean kept precision where the translation alone lost it (balanced 0.900 /
        0.706 against 0.884 / 0.745 at 0.44, recall ceiling 0.745 against 0.725; the query
        alone 0.963 / 0.510); the English wording alone beside every member: BENCHMARKS.md."""
        if query not in self._queries:
            self._queries[query] = self._embed_query(parse(query).text, self.query_language(query))
        if language is None or (self.variants is None and not also):
            return self._queries[query]
        key = "\0".join((language, query, *also))
        if key in self._queries:
            return self._queries[key]
        text, source = parse(query).text, self.query_language(query)
        # each wording embedded once, as a query is (cached under its own text)
        mine = [self.query_vector(t) for t in also if self.query_language(t) == language]
        settled = True
        if not mine and language != source:
            got = self.variants.get(text, source, language) if self.variants is not None else None
            mine = [self._embed_query(got, language)] if got is not None else [self.query_vector(t) for t in also]
            settled = self.variants is None or self.variants.settled(text, source, language)
        v = self._queries[query]
        for other in mine:  # beside the query as written: one poor wording costs a share only
            v = v + other
        v = (v / (np.linalg.norm(v) or 1.0)).astype(np.float32)
        if settled:  # a failed request is asked again later
            self._queries[key] = v
        return v

    def query_language(self, query: str) -> str:
        """The language of the query's text, detected once."""
        if query not in self._query_lang:
            self._query_lang[query] = self.detector.detect_batch([parse(query).text])[0].code
        return self._query_lang[query]

    def _embed_query(self, text: str, lang: str) -> np.ndarray:
        vec = self.query_embedder.embed_batch([prepare_text(None, text, self.clusterer.embed_chars)])[0]
        return self.centroids.center(vec, lang)[0].astype(np.float32)

    def prepare(self, watchlists: Iterable[Watchlist], views: Iterable[StoryView]) -> None:
        """Translate the queries into the languages these stories bring, before the decision's
        transaction (a translator is a network call)."""
        if self.variants is None:
            return
        langs = {lang for v in views for lang in v.vector_languages}
        for w in watchlists:
            if not w.query:  # a breaking-only watchlist has nothing to translate
                continue
            for lang in sorted(langs):
                self.query_vector(w.query, lang, w.also)

    def _similarities(self, view: StoryView, profile: Callable[[str], np.ndarray], also: Sequence[str] = ()) -> np.ndarray:
        """Each member row against ``profile(language)``: the query in the member's language."""
        if (self.variants is None and not also) or not view.vector_languages:
            return view.vectors @ profile("")
        out = np.empty(len(view.vector_ids), dtype=np.float32)
        for lang in set(view.vector_languages):
            rows = [i for i, x in enumerate(view.vector_languages) if x == lang]
            out[rows] = view.vectors[rows] @ profile(lang)
        return out

    def learn(self, watchlist: Watchlist, views: Iterable[StoryView], *, seed: Callable[[], Iterable[StoryView]] | None = None) -> None:
        """Keep the articles of these stories that match the query alone best as its feedback.

        ``seed``: called once per query (and wordings) in this process, the stories it already alerted on
        (what a restart would otherwise forget)."""
        if not self.feedback:
            return
        q, also, key = watchlist.query, watchlist.also, self._key(watchlist.query, watchlist.also)
        if key not in self._feedback:
            self._feedback[key] = {}
            if seed is not None:
                self.learn(watchlist, seed())
        floor = float(self.settings.alert_feedback_floor)
        fb = self._feedback[key]
        before = set(fb)
        for view in views:
            if not len(view.vector_ids):
                continue
            sims = self._similarities(view, lambda lang: self.query_vector(q, lang or None, also), also)
            outlets = view.outlets()
            for aid, s, row in zip(view.vector_ids, sims, view.vectors):
                if s >= floor:
                    fb[aid] = (float(s), row, outlets.get(aid))
        if len(fb) > FEEDBACK_K:
            for aid in sorted(fb, key=lambda k: (-fb[k][0], k))[FEEDBACK_K:]:
                del fb[aid]
        if set(fb) != before:
            for k in [k for k in self._profiles if k.split("\0", 1)[1] == key]:
                del self._profiles[k]

    def profile(self, query: str, without: Iterable[str] = (), language: str = "", also: Sequence[str] = ()) -> np.ndarray:
        """The query (in ``language`` where ``also`` or ``variants`` word it) widened with its
        feedback: unit(q + weight * unit(mean of the feedback)), the feedback articles in
        ``without`` (the scored story's members) left out."""
        key = self._key(query, also)
        fb = self._feedback.get(key) if self.feedback else None
        skip = set(without) & set(fb) if fb and not self.self_feedback else set()
        pkey = f"{language}\0{key}"
        if not skip and pkey in self._profiles:
            return self._profiles[pkey]
        q = self.query_vector(query, language or None, also)
        rows = [row for aid, (_, row, _) in (fb or {}).items() if aid not in skip]
        if rows:
            c = np.mean(rows, axis=0)
            p = q + float(self.settings.alert_feedback_weight) * c / (np.linalg.norm(c) or 1.0)
            q = (p / (np.linalg.norm(p) or 1.0)).astype(np.float32)
        if not skip and (not language or "\0".join((language, query, *also)) in self._queries):
            self._profiles[pkey] = q
        return q

    @staticmethod
    def _key(query: str, also: Sequence[str] = ()) -> str:
        """What a query's feedback and profiles are kept under: its text, and its other
        wordings where it has some (two watchlists of one query may word it differently)."""
        return "\0".join((query, *also))

    def views(self, story_ids: Sequence[str]) -> dict[str, StoryView]:
        """Each story's members and their centred cached vectors (no embedding here: the
        clusterer has just cached them)."""
        store = self.clusterer.store
        out: dict[str, StoryView] = {}
        key = self.clusterer.model_key
        for sid in dict.fromkeys(story_ids):
            arts = store.get_articles(store.story_member_ids(sid))
            have = store.get_embeddings([a.content_hash for a in arts], key)
            rows, ids, langs = [], [], []
            for a in arts:
                v = have.get(a.content_hash)
                if v is not None:
                    rows.append(self.centroids.center(np.asarray(v, dtype=np.float32), a.language)[0])
                    ids.append(a.id)
                    langs.append(a.language or "und")
            mat = np.vstack(rows).astype(np.float32) if rows else np.zeros((0, 1), np.float32)
            st = store.get_story(sid)
            out[sid] = StoryView(sid, arts, mat, ids, headline=st.headline if st else None, vector_languages=langs)
        return out

    def _query_names(self, query: str) -> tuple[ArticleFeatures, dict[str, float]]:
        """The query's entity candidates and the weight of each that counts as a name: a
        capitalised one in a cased script, any in an uncased one (names cannot be told there)."""
        if query not in self._query_features:
            self._query_features[query] = extract({"title": "", "text": parse(query).text,
                                                   "language": self.query_language(query)})
        f = self._query_features[query]
        return f, {k: self._idf(k) for k, c in f.entities.items() if c.strong or c.script not in ("latin", "cased")}

    def name_shares(self, query: str, view: StoryView) -> tuple[np.ndarray, list[str]]:
        """Per member row, the weighted share of the query's names it carries (0..1), and the
        names found in any member as the query writes them, the longest runs only
        (``longest_runs``: the share still counts a run and its parts, as it was calibrated)."""
        qf, names = self._query_names(query)
        out = np.zeros(len(view.vector_ids), dtype=np.float32)
        total = sum(names.values())
        if not total:
            return out, []
        if len(self._features) > FEATURE_CACHE:
            self._features.clear()  # in place: a sibling shares it (and may be reading it)
        arts = {a.id: a for a in view.articles}
        found: dict[str, None] = {}
        for i, aid in enumerate(view.vector_ids):
            af = self._features.get(aid)  # one read: a sibling may clear it between two
            if af is None:  # the text the pair scorer reads: no page furniture's names
                af = self._features[aid] = extract(arts[aid], text=self.clusterer.body(arts[aid]))
            hits = [m for m in match_entities(qf, af, self._idf)
                    if m.key_a in names and (m.exact or fuzz.ratio(m.key_a, m.key_b) >= NAME_FUZZ)]
            out[i] = min(1.0, sum(m.weight for m in hits) / total)
            found.update((qf.entities[m.key_a].display, None) for m in hits)
        return out, longest_runs(found)

    def score(self, watchlist: Watchlist, view: StoryView) -> tuple[float, str | None]:
        """The centred cosine with the query (widened by its feedback, ``profile``) that at
        least half the story's members reach (the best one's for a story of one or two), and
        the best member.

        A story is worth an alert when it is mostly about the query, not when one of its
        members is: the best member alone let stories the clusterer mixed (the Baghdad embassy
        storming with five reports of Soleimani's killing; a COVID news blog with Italy's school
        closure) set off the other event's watchlist. On the replay benchmark (46 should-alert
        stories), those alerted at the calibrated thresholds went 8 -> 13 with no false alert
        and 17 -> 23 at precision >= 0.9."""
        if not len(view.vector_ids):
            return -1.0, None
        sims = self._similarities(view, lambda lang: self.profile(watchlist.query, view.vector_ids, lang, watchlist.also),
                                  watchlist.also)
        if self.names:
            sims = sims + float(self.settings.alert_name_weight) * self.name_shares(watchlist.query, view)[0]
        i = int(np.argmax(sims))
        half = float(np.sort(sims)[::-1][(len(sims) + 1) // 2 - 1])
        return half, view.vector_ids[i]

    def match(self, watchlist: Watchlist, view: StoryView, *, at: float | None = None) -> Match:
        """``at``: a threshold other than the watchlist's sensitivity (the benchmark's sweep)."""
        th = threshold(self.settings, watchlist.sensitivity) if at is None else at
        s, best = self.score(watchlist, view)
        why = self.filters(watchlist, view)
        q = parse(watchlist.query)
        passed = why is None and s >= th
        names = self.name_shares(watchlist.query, view)[1] if passed and self.names else []
        return Match(s, th, passed, best, why, q.terms(), self.sources(watchlist, view), names)

    def sources(self, watchlist: Watchlist, view: StoryView) -> int:
        """Independent sources of the event, not only of the story: the story's outlets and
        those of the articles the query matches best anywhere (its feedback). An event the
        clusterer split into a story of one report and one of two still reaches min_sources
        (``event_sources``: off, the story's own outlets only: the benchmark's baseline)."""
        own = set(view.outlets().values())
        if self.event_sources and self.feedback:
            own |= {o for _, _, o in self._feedback.get(self._key(watchlist.query, watchlist.also), {}).values() if o}
        return len(own)

    def countries(self, view: StoryView) -> frozenset[str]:
        """ISO codes of the countries the story's members name (gazetteer, any language)."""
        found: set[str] = set()
        if len(self._countries) > FEATURE_CACHE:
            self._countries.clear()  # in place, as ``_features``: a sibling shares it
        for a in view.articles:
            got = self._countries.get(a.id)  # one read: a sibling may clear it between two
            if got is None:
                text = f"{a.title or ''}\n{a.text[:KEYWORD_CHARS]}"
                got = self._countries[a.id] = countries_named(text, a.language or "und")[1]
            found |= got
        return frozenset(found)

    def query_countries(self, query: str) -> frozenset[str]:
        if query not in self._query_countries:
            text = parse(query).text
            named = countries_named(text, self.query_language(query))[1]
            if named:  # widened by the countries of the cities it names ("... en Bagdad": IQ),
                # never started by them: "ビクトリア" is a Canadian city to the gazetteer
                named |= {c for c in city_countries(cities_named(text)[1]) if c}
            self._query_countries[query] = frozenset(named)
        return self._query_countries[query]

    def filters(self, w: Watchlist, view: StoryView) -> str | None:
        """The first filter the story fails (None: it passes them all); a watchlist without a
        query (breaking stories only) has the language, source and place filters only."""
        if w.languages and not set(view.languages) & set(w.languages):
            return "language"
        if w.outlets and not from_outlets(view, w.outlets):
            return "outlet"
        if w.min_sources > 1 and self.sources(w, view) < w.min_sources:
            return "sources"
        if w.places:
            codes = {p.upper() for p in w.places if len(p) == 2 and p.isalpha()}
            names = [fold(p).strip() for p in w.places if p.upper() not in codes]
            if not (codes & self.countries(view) or any(n and f" {n}" in view.folded() for n in names)):
                return "place"
        if not w.query:
            return None
        if not parse(w.query).holds(view.folded()):
            return "keywords"
        if self.country_veto and self.query_countries(w.query):
            # a query naming a country does not match a story that names only others (the
            # pair scorer's place veto, similarity/places.py): a rate cut in Korea is not
            # one in Japan, however alike the two reports read
            named = self.countries(view)
            if named and not named & self.query_countries(w.query):
                return "other countries"
        return None
