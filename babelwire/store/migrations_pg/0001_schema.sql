-- The PostgreSQL schema: the tables of the SQLite migrations 0001-0010 as they stand, in one
-- step (this backend starts at that point). Text columns use the "C" collation so that rows
-- sort exactly as they do in SQLite (byte order), whatever the database's locale.
CREATE TABLE articles (
    rowid               BIGSERIAL UNIQUE,  -- arrival order, as SQLite's rowid
    id                  TEXT COLLATE "C" PRIMARY KEY,
    url                 TEXT COLLATE "C",
    source              TEXT COLLATE "C",
    title               TEXT COLLATE "C",
    text                TEXT COLLATE "C" NOT NULL,
    language            TEXT COLLATE "C" NOT NULL DEFAULT 'und',
    language_confidence DOUBLE PRECISION NOT NULL DEFAULT 0,
    language_source     TEXT COLLATE "C" NOT NULL DEFAULT 'detector',
    published           TEXT COLLATE "C",
    published_precision TEXT COLLATE "C",
    published_source    TEXT COLLATE "C",
    ingested_at         TEXT COLLATE "C" NOT NULL,
    content_hash        TEXT COLLATE "C" NOT NULL,
    duplicate_of        TEXT COLLATE "C",
    story_id            TEXT COLLATE "C",
    metadata            TEXT COLLATE "C" NOT NULL DEFAULT '{}',
    copy_kind           TEXT COLLATE "C"
);
CREATE INDEX articles_url ON articles(url) WHERE url IS NOT NULL;
CREATE INDEX articles_hash ON articles(content_hash);
CREATE INDEX articles_language ON articles(language);
CREATE INDEX articles_source ON articles(source);
CREATE INDEX articles_published ON articles(published);
CREATE INDEX articles_story ON articles(story_id);
CREATE INDEX articles_ingested ON articles(ingested_at);
CREATE INDEX articles_language_story ON articles(language, story_id);
CREATE INDEX articles_source_story ON articles(source, story_id);
CREATE INDEX articles_story_ingested ON articles(story_id, ingested_at);

CREATE TABLE article_signatures (
    article_id TEXT COLLATE "C" PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    minhash    BYTEA NOT NULL
);

CREATE TABLE minhash_bands (
    band       BIGINT NOT NULL,
    hash       BIGINT NOT NULL,
    article_id TEXT COLLATE "C" NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    PRIMARY KEY (band, hash, article_id)
);
CREATE INDEX minhash_bands_article ON minhash_bands(article_id);

CREATE TABLE embeddings (
    content_hash TEXT COLLATE "C" NOT NULL,
    model_id     TEXT COLLATE "C" NOT NULL,
    vector       BYTEA NOT NULL,  -- float32, little-endian, L2-normalised
    PRIMARY KEY (content_hash, model_id)
);
CREATE INDEX embeddings_model ON embeddings(model_id);

CREATE TABLE stories (
    id                TEXT COLLATE "C" PRIMARY KEY,
    created_at        TEXT COLLATE "C" NOT NULL,
    updated_at        TEXT COLLATE "C" NOT NULL,
    first_seen        TEXT COLLATE "C",
    last_seen         TEXT COLLATE "C",
    article_count     BIGINT NOT NULL DEFAULT 0,
    languages         TEXT COLLATE "C" NOT NULL DEFAULT '{}',
    headline          TEXT COLLATE "C",
    headline_language TEXT COLLATE "C",
    headline_article  TEXT COLLATE "C",
    merged_into       TEXT COLLATE "C",
    seq               BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX stories_last_seen ON stories(last_seen);
CREATE INDEX stories_count ON stories(article_count);
CREATE INDEX stories_seq ON stories(seq);
CREATE INDEX stories_live_recent ON stories((last_seen IS NULL), last_seen DESC, seq DESC)
    WHERE merged_into IS NULL AND article_count > 0;
CREATE INDEX stories_live_size ON stories(article_count DESC, last_seen DESC, id)
    WHERE merged_into IS NULL AND article_count > 0;

CREATE TABLE story_aliases (
    alias     TEXT COLLATE "C" PRIMARY KEY,
    story_id  TEXT COLLATE "C" NOT NULL,
    merged_at TEXT COLLATE "C" NOT NULL
);
CREATE INDEX story_aliases_story ON story_aliases(story_id);

CREATE TABLE story_events (
    id         BIGSERIAL PRIMARY KEY,
    at         TEXT COLLATE "C" NOT NULL,
    kind       TEXT COLLATE "C" NOT NULL CHECK (kind IN ('open', 'assign', 'merge', 'move')),
    article_id TEXT COLLATE "C",
    story_id   TEXT COLLATE "C" NOT NULL,
    from_story TEXT COLLATE "C",
    score      DOUBLE PRECISION
);
CREATE INDEX story_events_article ON story_events(article_id);
CREATE INDEX story_events_story ON story_events(story_id);

CREATE TABLE cluster_slots (
    slot       BIGINT PRIMARY KEY,
    article_id TEXT COLLATE "C" NOT NULL UNIQUE
);

CREATE TABLE feeds (
    id            BIGSERIAL PRIMARY KEY,
    url           TEXT COLLATE "C" NOT NULL UNIQUE,
    name          TEXT COLLATE "C",
    language      TEXT COLLATE "C",
    country       TEXT COLLATE "C",
    added_at      TEXT COLLATE "C" NOT NULL,
    title         TEXT COLLATE "C",
    kind          TEXT COLLATE "C",
    etag          TEXT COLLATE "C",
    last_modified TEXT COLLATE "C",
    last_fetch    TEXT COLLATE "C",
    last_status   TEXT COLLATE "C",
    last_error    TEXT COLLATE "C",
    error_count   BIGINT NOT NULL DEFAULT 0,
    next_fetch_at TEXT COLLATE "C",
    items_seen    BIGINT NOT NULL DEFAULT 0,
    items_failed  BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX feeds_next_fetch ON feeds(next_fetch_at);

CREATE TABLE feed_items (
    feed_id     BIGINT NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
    key         TEXT COLLATE "C" NOT NULL,
    url         TEXT COLLATE "C",
    status      TEXT COLLATE "C" NOT NULL,
    attempts    BIGINT NOT NULL DEFAULT 0,
    article_id  TEXT COLLATE "C",
    error       TEXT COLLATE "C",
    data        TEXT COLLATE "C",
    first_seen  TEXT COLLATE "C" NOT NULL,
    updated_at  TEXT COLLATE "C" NOT NULL,
    next_try_at TEXT COLLATE "C",
    PRIMARY KEY (feed_id, key)
);
CREATE INDEX feed_items_open ON feed_items(status, next_try_at) WHERE status IN ('pending', 'failed');
CREATE INDEX feed_items_url ON feed_items(url) WHERE url IS NOT NULL;

CREATE TABLE briefs (
    story_id     TEXT COLLATE "C" NOT NULL,
    lang         TEXT COLLATE "C" NOT NULL,
    members_hash TEXT COLLATE "C" NOT NULL,
    json         TEXT COLLATE "C" NOT NULL,
    built_at     TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (story_id, lang)
);

CREATE TABLE brief_sentence_vectors (
    model_id     TEXT COLLATE "C" NOT NULL,
    sentence_key TEXT COLLATE "C" NOT NULL,
    vector       BYTEA NOT NULL,
    PRIMARY KEY (model_id, sentence_key)
);

CREATE TABLE boilerplate_lines (
    key               BIGINT PRIMARY KEY,
    docs              BIGINT NOT NULL,
    dated_docs        BIGINT NOT NULL DEFAULT 0,
    first_day         BIGINT,
    last_day          BIGINT,
    first_source      TEXT COLLATE "C",
    other_source_docs BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX boilerplate_lines_recurring ON boilerplate_lines(docs) WHERE docs >= 2;

CREATE TABLE translations (
    text_hash   TEXT COLLATE "C" NOT NULL,
    source      TEXT COLLATE "C" NOT NULL,
    target      TEXT COLLATE "C" NOT NULL,
    backend     TEXT COLLATE "C" NOT NULL,
    model       TEXT COLLATE "C" NOT NULL,
    translation TEXT COLLATE "C" NOT NULL,
    created_at  TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (text_hash, source, target, backend, model)
);

-- What readers can see changed (SQLite migration 0007): articles, stories, merges, vectors.
CREATE TABLE change_counter (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    n  BIGINT NOT NULL
);
INSERT INTO change_counter VALUES (1, 0);

CREATE FUNCTION babelwire_count_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE change_counter SET n = n + 1 WHERE id = 1;
    RETURN NULL;
END $$;

-- per statement, not per row: a batch of 256 articles moves the counter once, not 256 times
CREATE TRIGGER articles_counts AFTER INSERT OR UPDATE OR DELETE ON articles
    FOR EACH STATEMENT EXECUTE FUNCTION babelwire_count_change();
CREATE TRIGGER stories_counts AFTER INSERT OR UPDATE OR DELETE ON stories
    FOR EACH STATEMENT EXECUTE FUNCTION babelwire_count_change();
CREATE TRIGGER story_aliases_counts AFTER INSERT OR DELETE ON story_aliases
    FOR EACH STATEMENT EXECUTE FUNCTION babelwire_count_change();
CREATE TRIGGER embeddings_counts AFTER INSERT OR DELETE ON embeddings
    FOR EACH STATEMENT EXECUTE FUNCTION babelwire_count_change();
