-- Watchlists, alerts and their outbox: SQLite migration 0011 (see there).
CREATE TABLE watchlists (
    name        TEXT PRIMARY KEY,
    query       TEXT COLLATE "C" NOT NULL,
    languages   TEXT,
    places      TEXT,
    min_sources INTEGER NOT NULL DEFAULT 1,
    sensitivity TEXT COLLATE "C" NOT NULL DEFAULT 'balanced',
    channels    TEXT,
    created_at  TEXT COLLATE "C" NOT NULL
);
CREATE TABLE alerts (
    id          TEXT PRIMARY KEY,
    watchlist   TEXT COLLATE "C" NOT NULL,
    story_id    TEXT COLLATE "C" NOT NULL,
    version     INTEGER NOT NULL,
    score       DOUBLE PRECISION NOT NULL,
    data        TEXT COLLATE "C" NOT NULL,
    decided_at  TEXT COLLATE "C" NOT NULL,
    updated_at  TEXT COLLATE "C" NOT NULL,
    sent_version INTEGER NOT NULL DEFAULT 0,
    sent_at     TEXT,
    UNIQUE (watchlist, story_id)
);
CREATE INDEX alerts_recent ON alerts (updated_at);
CREATE TABLE alert_outbox (
    key         TEXT PRIMARY KEY,
    alert_id    TEXT COLLATE "C" NOT NULL,
    version     INTEGER NOT NULL,
    channel     TEXT COLLATE "C" NOT NULL,
    payload     TEXT COLLATE "C" NOT NULL,
    status      TEXT COLLATE "C" NOT NULL,
    attempts    INTEGER NOT NULL DEFAULT 0,
    next_try_at TEXT COLLATE "C" NOT NULL,
    last_error  TEXT,
    created_at  TEXT COLLATE "C" NOT NULL,
    sent_at     TEXT
);
CREATE INDEX alert_outbox_due ON alert_outbox (status, next_try_at);
