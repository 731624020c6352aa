-- Stories: embeddings cache, stories, their aliases after merges, and every membership change.

-- One vector per (content, model): re-runs never recompute, a new model re-embeds.
CREATE TABLE embeddings (
    content_hash TEXT NOT NULL,
    model_id     TEXT NOT NULL,
    vector       BLOB NOT NULL,  -- float32, little-endian, L2-normalised
    PRIMARY KEY (content_hash, model_id)
) WITHOUT ROWID;

CREATE TABLE stories (
    id                TEXT PRIMARY KEY,  -- "s-" + 10 hex of the first article's id hash
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    first_seen        TEXT,  -- earliest published date of a member (else its ingested_at)
    last_seen         TEXT,
    article_count     INTEGER NOT NULL DEFAULT 0,
    languages         TEXT NOT NULL DEFAULT '{}',  -- JSON {"fr": 2, "ar": 1}
    headline          TEXT,  -- provisional: the most central member's title
    headline_language TEXT,
    headline_article  TEXT,
    merged_into       TEXT,  -- set when this story was merged away; its id is then an alias
    seq               INTEGER NOT NULL DEFAULT 0  -- creation order: the older story wins a merge
);
CREATE INDEX stories_last_seen ON stories(last_seen);
CREATE INDEX stories_count ON stories(article_count);
CREATE INDEX stories_seq ON stories(seq);

CREATE TABLE story_aliases (
    alias     TEXT PRIMARY KEY,
    story_id  TEXT NOT NULL,
    merged_at TEXT NOT NULL
);
CREATE INDEX story_aliases_story ON story_aliases(story_id);

CREATE TABLE story_events (
    id         INTEGER PRIMARY KEY,
    at         TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('open', 'assign', 'merge', 'move')),
    article_id TEXT,
    story_id   TEXT NOT NULL,
    from_story TEXT,
    score      REAL
);
CREATE INDEX story_events_article ON story_events(article_id);
CREATE INDEX story_events_story ON story_events(story_id);

-- Dense integer keys of the articles in the vector index (derived file <db>.usearch), so the
-- index can be checked against and rebuilt from this table plus `embeddings`.
CREATE TABLE cluster_slots (
    slot       INTEGER PRIMARY KEY,
    article_id TEXT NOT NULL UNIQUE
);
