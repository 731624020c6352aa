-- Live ingestion: the feeds `babelwire watch` polls, with their conditional-GET validators and
-- backoff, and every item already seen, so a restart never fetches the same page twice.
CREATE TABLE feeds (
    id            INTEGER PRIMARY KEY,
    url           TEXT NOT NULL UNIQUE,
    name          TEXT,
    language      TEXT,
    country       TEXT,
    added_at      TEXT NOT NULL,
    title         TEXT,
    kind          TEXT,
    etag          TEXT,
    last_modified TEXT,
    last_fetch    TEXT,
    last_status   TEXT,
    last_error    TEXT,
    error_count   INTEGER NOT NULL DEFAULT 0,
    next_fetch_at TEXT,
    items_seen    INTEGER NOT NULL DEFAULT 0,
    items_failed  INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX feeds_next_fetch ON feeds(next_fetch_at);

-- status: pending (seen, not yet stored), done, failed (transient, retried), rejected, blocked (robots.txt).
-- data holds the feed's own record of the item (JSON) until it is done.
CREATE TABLE feed_items (
    feed_id     INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
    key         TEXT NOT NULL,
    url         TEXT,
    status      TEXT NOT NULL,
    attempts    INTEGER NOT NULL DEFAULT 0,
    article_id  TEXT,
    error       TEXT,
    data        TEXT,
    first_seen  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    next_try_at TEXT,
    PRIMARY KEY (feed_id, key)
) WITHOUT ROWID;
CREATE INDEX feed_items_open ON feed_items(status, next_try_at) WHERE status IN ('pending', 'failed');
CREATE INDEX feed_items_url ON feed_items(url) WHERE url IS NOT NULL;
