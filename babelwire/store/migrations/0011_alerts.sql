-- Watchlists and their alerts (babelwire/alerts/). One alert per (watchlist, story): a growing
-- story bumps its version instead of adding rows. The outbox holds what each channel must
-- still be sent, written in the same transaction as the decision, keyed by an idempotency key
-- per (alert, version, channel), so a kill between deciding and sending neither loses nor
-- repeats a delivery.
CREATE TABLE IF NOT EXISTS watchlists (
    name        TEXT PRIMARY KEY,
    query       TEXT NOT NULL,
    languages   TEXT,
    places      TEXT,
    min_sources INTEGER NOT NULL DEFAULT 1,
    sensitivity TEXT NOT NULL DEFAULT 'balanced',
    channels    TEXT,
    created_at  TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS alerts (
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
    UNIQUE (watchlist, story_id)
);
CREATE INDEX IF NOT EXISTS alerts_recent ON alerts (updated_at);
CREATE TABLE IF NOT EXISTS alert_outbox (
    key         TEXT PRIMARY KEY,
    alert_id    TEXT NOT NULL,
    version     INTEGER NOT NULL,
    channel     TEXT NOT NULL,
    payload     TEXT NOT NULL,
    status      TEXT NOT NULL,
    attempts    INTEGER NOT NULL DEFAULT 0,
    next_try_at TEXT NOT NULL,
    last_error  TEXT,
    created_at  TEXT NOT NULL,
    sent_at     TEXT
);
CREATE INDEX IF NOT EXISTS alert_outbox_due ON alert_outbox (status, next_try_at);
