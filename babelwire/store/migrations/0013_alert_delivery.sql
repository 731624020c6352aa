-- Alert delivery (babelwire/alerts/deliver.py, digest.py): a watchlist's outlet filter and
-- digest mode; the digests themselves; when each channel last received a delivery (the
-- per-channel cooldown). Stores from before keep working: new columns have defaults.
ALTER TABLE watchlists ADD COLUMN outlets TEXT;
ALTER TABLE watchlists ADD COLUMN digest TEXT NOT NULL DEFAULT 'off';
-- an outbox row of a digest watchlist names its digest; it is sent only inside it
ALTER TABLE alert_outbox ADD COLUMN digest TEXT;
CREATE INDEX IF NOT EXISTS alert_outbox_digest ON alert_outbox (digest);
-- one row per (watchlist, channel, period), written with the first alert of the period; the
-- first claim seals it (no alert joins it afterwards: a later one goes to the next period),
-- so a resend after a kill carries the same alerts under the same key
CREATE TABLE IF NOT EXISTS alert_digests (
    key         TEXT PRIMARY KEY,
    watchlist   TEXT NOT NULL,
    channel     TEXT NOT NULL,
    period_start TEXT NOT NULL,
    period_end  TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'pending',
    sealed      INTEGER NOT NULL DEFAULT 0,
    attempts    INTEGER NOT NULL DEFAULT 0,
    next_try_at TEXT NOT NULL,
    last_error  TEXT,
    sent_at     TEXT
);
CREATE INDEX IF NOT EXISTS alert_digests_due ON alert_digests (status, next_try_at);
CREATE TABLE IF NOT EXISTS alert_channels (
    id          TEXT PRIMARY KEY,
    last_sent_at TEXT NOT NULL
);
