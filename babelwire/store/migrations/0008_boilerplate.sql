-- Boilerplate by evidence (babelwire/boilerplate.py): per normalised line or sentence (a
-- 64-bit hash; no text is kept), in how many articles it occurs. Copies (duplicate_of) are not
-- counted. Written in the same transaction as the articles (pipeline.store_batch).
-- first_day/last_day: ordinals of the earliest and latest publication day among the dated
-- articles; other_source_docs: articles from a source other than the first one seen.
CREATE TABLE boilerplate_lines (
    key               INTEGER PRIMARY KEY,
    docs              INTEGER NOT NULL,
    dated_docs        INTEGER NOT NULL DEFAULT 0,
    first_day         INTEGER,
    last_day          INTEGER,
    first_source      TEXT,
    other_source_docs INTEGER NOT NULL DEFAULT 0
);
-- Only units seen twice or more are ever asked for; most units occur once and stay out of it.
CREATE INDEX boilerplate_lines_recurring ON boilerplate_lines(docs) WHERE docs >= 2;
