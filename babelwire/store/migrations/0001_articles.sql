-- Articles, their near-duplicate signatures, and the LSH bands that find candidates.
CREATE TABLE articles (
    id                  TEXT PRIMARY KEY,
    url                 TEXT,
    source              TEXT,
    title               TEXT,
    text                TEXT NOT NULL,
    language            TEXT NOT NULL DEFAULT 'und',
    language_confidence REAL NOT NULL DEFAULT 0,
    language_source     TEXT NOT NULL DEFAULT 'detector',
    published           TEXT,
    published_precision TEXT,
    published_source    TEXT,
    ingested_at         TEXT NOT NULL,
    content_hash        TEXT NOT NULL,
    duplicate_of        TEXT,
    story_id            TEXT,
    metadata            TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX articles_url ON articles(url) WHERE url IS NOT NULL;
CREATE INDEX articles_hash ON articles(content_hash);
CREATE INDEX articles_language ON articles(language);
CREATE INDEX articles_source ON articles(source);
CREATE INDEX articles_published ON articles(published);
CREATE INDEX articles_story ON articles(story_id);
CREATE INDEX articles_ingested ON articles(ingested_at);

CREATE TABLE article_signatures (
    article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    minhash    BLOB NOT NULL
);

CREATE TABLE minhash_bands (
    band       INTEGER NOT NULL,
    hash       INTEGER NOT NULL,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    PRIMARY KEY (band, hash, article_id)
) WITHOUT ROWID;
CREATE INDEX minhash_bands_article ON minhash_bands(article_id);
