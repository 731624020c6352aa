"""Read-side queries for browsing stories (web and API): filtered, sorted, paginated pages.

Kept apart from the write path; every query is one indexed SQL statement so a story list over
10,000 stories stays a few milliseconds. Methods of SQLiteStore (mixed in).
"""
from __future__ import annotations

import json
from datetime import date
from typing import Any, Sequence

from .sqlite_host import SQLiteHost

SORTS = {
    "recent": "s.last_seen IS NULL, s.last_seen DESC, s.seq DESC",
    "size": "s.article_count DESC, s.last_seen DESC",
    "growth": "growth DESC, s.article_count DESC, s.last_seen DESC",
}


class SQLiteBrowseMixin(SQLiteHost):

    def story_page(
        self,
        *,
        sort: str = "recent",
        language: str | None = None,
        source: str | None = None,
        since: str | None = None,
        until: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> tuple[list[dict[str, Any]], int]:
        """Live stories matching the filters, as row dicts, plus the total count."""
        where, params = ["s.merged_into IS NULL", "s.article_count > 0"], []
        member, member_params = [], []
        if language:
            member.append("a.language = ?")
            member_params.append(language)
        if source:
            member.append("a.source = ?")
            member_params.append(source)
        if since:
            where.append("s.last_seen >= ?")
            params.append(since)
        if until:
            where.append("s.first_seen < ?")
            params.append(until + "\uffff")
        # Stories with a member matching the filters: the same set written two ways, because
        # SQLite runs them differently (indexes in migrations/0006_browse_indexes.sql). The total
        # reads the matching members once (IN); the page probes story by story along the sort
        # order and stops after LIMIT + OFFSET hits (EXISTS).
        count_cond = page_cond = " AND ".join(where)
        if member:
            match = " AND ".join(member)
            count_cond += f" AND s.id IN (SELECT a.story_id FROM articles a WHERE {match})"
            page_cond += f" AND EXISTS (SELECT 1 FROM articles a WHERE a.story_id = s.id AND {match})"
        total = int(self._one(f"SELECT COUNT(*) FROM stories s WHERE {count_cond}", params + member_params)[0])
        # growth: members ingested within a day of the story's newest member
        growth = (
            "(SELECT COUNT(*) FROM articles g WHERE g.story_id = s.id AND g.ingested_at >= "
            "(SELECT datetime(MAX(h.ingested_at), '-1 day') FROM articles h WHERE h.story_id = s.id))"
            if sort == "growth" else "0"
        )
        rows = self._all(
            f"SELECT s.*, {growth} AS growth FROM stories s WHERE {page_cond} "
            f"ORDER BY {SORTS.get(sort, SORTS['recent'])} LIMIT ? OFFSET ?",
            params + member_params + [limit, offset],
        )
        out = []
        for r in rows:
            d = dict(r)
            d["languages"] = json.loads(d.get("languages") or "{}")
            out.append(d)
        return out, total


    def member_stats(self, story_ids: Sequence[str], buckets: int = 14) -> dict[str, dict[str, Any]]:
        """Per story: independent sources and a coverage series (articles per day, last `buckets` days)."""
        if not story_ids:
            return {}
        marks = ", ".join("?" * len(story_ids))
        stats: dict[str, dict[str, Any]] = {sid: {"independent_sources": 0, "coverage": []} for sid in story_ids}
        for sid, n in self._all(
            f"SELECT story_id, COUNT(DISTINCT coalesce(source, id)) FROM articles "
            f"WHERE story_id IN ({marks}) AND duplicate_of IS NULL GROUP BY story_id",
            list(story_ids),
        ):
            stats[sid]["independent_sources"] = n
        days: dict[str, dict[str, int]] = {}
        for sid, day, n in self._all(
            f"SELECT story_id, substr(coalesce(published, ingested_at), 1, 10) AS d, COUNT(*) FROM articles "
            f"WHERE story_id IN ({marks}) GROUP BY story_id, d ORDER BY d",
            list(story_ids),
        ):
            if len(day) == 10:
                days.setdefault(sid, {})[day] = n
        for sid, per_day in days.items():
            last = date.fromisoformat(max(per_day))
            # series[i] = articles on day last - (buckets - 1 - i); filled from the few days present
            # rather than by formatting every bucket's date (a page of 50 stories asked 700).
            series = [0] * buckets
            for day, n in per_day.items():
                try:
                    d = date.fromisoformat(day)
                except ValueError:
                    continue
                back = (last - d).days
                if 0 <= back < buckets and d.isoformat() == day:
                    series[buckets - 1 - back] = n
            first_nonzero = next((i for i, v in enumerate(series) if v), 0)
            stats[sid]["coverage"] = series[max(first_nonzero - 1, 0):]
        return stats


    def coverage_by_language(self, story_id: str) -> dict[str, dict[str, int]]:
        """{bucket: {language: n}}: per hour when the story spans under two days, else per day."""
        rows = self._all(
            "SELECT published, language FROM articles WHERE story_id = ? AND published_precision IN ('day', 'minute')",
            (story_id,),  # undated and month-precision articles have no place on a day axis (never the ingest time)
        )
        stamps = [(p, lang) for p, lang in rows if p and len(p) >= 10]
        if not stamps:
            return {}
        days = {p[:10] for p, _ in stamps}
        hourly = len(days) <= 2 and all(len(p) >= 13 for p, _ in stamps)
        out: dict[str, dict[str, int]] = {}
        for p, lang in stamps:
            key = p[:13] + ":00" if hourly else p[:10]
            out.setdefault(key, {}).setdefault(lang, 0)
            out[key][lang] += 1
        return out


    def duplicate_ids(self, article_id: str) -> list[str]:
        return [r[0] for r in self._all("SELECT id FROM articles WHERE duplicate_of = ? ORDER BY ingested_at", (article_id,))]


    def live_stories(self, story_ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        """Live (not merged-away) stories by id, in one query: id, headline, article_count, languages.

        Ids that are aliases of a merged story, or unknown, are left out for the caller to resolve.
        """
        ids = list(dict.fromkeys(story_ids))
        out: dict[str, dict[str, Any]] = {}
        for i in range(0, len(ids), 500):  # stay under SQLite's bound-parameter limit
            chunk = ids[i:i + 500]
            for r in self._all(
                f"SELECT id, headline, article_count, languages FROM stories "
                f"WHERE merged_into IS NULL AND id IN ({', '.join('?' * len(chunk))})",
                chunk,
            ):
                out[r[0]] = {"id": r[0], "headline": r[1], "article_count": r[2],
                             "languages": json.loads(r[3] or "{}")}
        return out


    def article_cards(self, article_ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        """id, title, language, source and story_id of articles by id (search results), in one query
        per 500 ids; unknown ids are left out. Texts are not read."""
        ids = list(dict.fromkeys(article_ids))
        out: dict[str, dict[str, Any]] = {}
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            for r in self._all(
                f"SELECT id, title, language, source, story_id FROM articles "
                f"WHERE id IN ({', '.join('?' * len(chunk))})",
                chunk,
            ):
                out[r[0]] = {"id": r[0], "title": r[1], "language": r[2], "source": r[3], "story_id": r[4]}
        return out


    def first_in_language(self, story_ids: Sequence[str], language: str) -> dict[str, dict[str, Any]]:
        """Per story, its first original (not a copy) in ``language``: titled ones before untitled,
        then earliest published. id, title, the text's first 300 characters, source. One indexed
        query per 500 stories (articles_language_story)."""
        ids = list(dict.fromkeys(story_ids))
        out: dict[str, dict[str, Any]] = {}
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            for r in self._all(
                f"SELECT story_id, id, title, substr(text, 1, 300), source FROM articles WHERE language = ? "
                f"AND story_id IN ({', '.join('?' * len(chunk))}) AND duplicate_of IS NULL "
                f"ORDER BY story_id, title IS NULL OR trim(title) = '', published IS NULL, published, id",
                [language, *chunk],
            ):
                out.setdefault(r[0], {"id": r[1], "title": r[2], "head": r[3], "source": r[4]})
        return out
