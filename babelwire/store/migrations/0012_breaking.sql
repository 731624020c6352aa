-- Breaking-news alerts (babelwire/alerts/breaking.py). A watchlist may opt in to breaking
-- stories (``breaking``), and an alert gets a ``kind`` (match | breaking), so one story can
-- raise one match alert and one breaking alert per watchlist. SQLite cannot change a UNIQUE
-- constraint in place, so the alerts table is copied into its new shape; existing alerts keep
-- their ids and become kind 'match'.
ALTER TABLE watchlists ADD COLUMN breaking INTEGER NOT NULL DEFAULT 0;
CREATE TABLE alerts_0012 (
    id          TEXT PRIMARY KEY,
    watchlist   TEXT NOT NULL,
    story_id    TEXT NOT NULL,
    version     INTEGER NOT NULL,
    score       REAL NOT NULL,
    data        TEXT NOT NULL,
    decided_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    sent_version INTEGER NOT NULL DEFAULT 0,
    sent_at     TEXT,
    kind        TEXT NOT NULL DEFAULT 'match',
    UNIQUE (watchlist, story_id, kind)
);
INSERT INTO alerts_0012 (id, watchlist, story_id, version, score, data, decided_at, updated_at, sent_version,
                         sent_at, kind)
    SELECT id, watchlist, story_id, version, score, data, decided_at, updated_at, sent_version, sent_at, 'match'
    FROM alerts;
DROP TABLE alerts;
ALTER TABLE alerts_0012 RENAME TO alerts;
CREATE INDEX alerts_recent ON alerts (updated_at);
CREATE INDEX alerts_kind_recent ON alerts (kind, updated_at);
