-- Indexes for the web app's read paths (store/sqlite_browse.py, browse.py); additive only.
-- Measured on 10,000 stories / 32,660 articles (benchmarks/bench_web.py, BENCHMARKS.md).

-- Story list, sort=recent and sort=size: the live-story filter and the ORDER BY, so a page is
-- an index walk of LIMIT + OFFSET rows instead of a sort of every story (8.6 -> 0.06 ms), and
-- COUNT(*) of live stories counts index entries (3.3 -> 0.6 ms). Expressions and the WHERE
-- clause match sqlite_browse.SORTS and its filter exactly, as SQLite needs for using them.
-- `id` makes the second one cover sort=growth's walk over every live story.
CREATE INDEX stories_live_recent ON stories(last_seen IS NULL, last_seen DESC, seq DESC)
    WHERE merged_into IS NULL AND article_count > 0;
CREATE INDEX stories_live_size ON stories(article_count DESC, last_seen DESC, id)
    WHERE merged_into IS NULL AND article_count > 0;

-- Story list filtered by language or outlet: the page's EXISTS (… a.story_id = s.id AND
-- a.language = ?) is one index probe per story, and the total's s.id IN (SELECT a.story_id …
-- WHERE a.language = ?) one range of the index (count over 10,000 stories: 88 -> 2-8 ms).
CREATE INDEX articles_language_story ON articles(language, story_id);
CREATE INDEX articles_source_story ON articles(source, story_id);

-- sort=growth: newest member and members within a day of it, per story (305 -> ~30-50 ms).
CREATE INDEX articles_story_ingested ON articles(story_id, ingested_at);

-- Search's vector cache counts one model's vectors whenever the store changed since it last
-- looked: without this index a scan of every vector blob (17 -> 6 ms at 32,660 vectors).
CREATE INDEX embeddings_model ON embeddings(model_id);
