-- Alert delivery: outlets and digest per watchlist, digests, channels' last delivery
-- (SQLite migration 0013, see there).
ALTER TABLE watchlists ADD COLUMN outlets TEXT;
ALTER TABLE watchlists ADD COLUMN digest TEXT COLLATE "C" NOT NULL DEFAULT 'off';
ALTER TABLE alert_outbox ADD COLUMN digest TEXT COLLATE "C";
CREATE INDEX alert_outbox_digest ON alert_outbox (digest);
CREATE TABLE alert_digests (
    key         TEXT COLLATE "C" PRIMARY KEY,
    watchlist   TEXT COLLATE "C" NOT NULL,
    channel     TEXT COLLATE "C" NOT NULL,
    period_start TEXT COLLATE "C" NOT NULL,
    period_end  TEXT COLLATE "C" NOT NULL,
    status      TEXT COLLATE "C" NOT NULL DEFAULT 'pending',
    sealed      INTEGER NOT NULL DEFAULT 0,
    attempts    INTEGER NOT NULL DEFAULT 0,
    next_try_at TEXT COLLATE "C" NOT NULL,
    last_error  TEXT,
    sent_at     TEXT
);
CREATE INDEX alert_digests_due ON alert_digests (status, next_try_at);
CREATE TABLE alert_channels (
    id          TEXT COLLATE "C" PRIMARY KEY,
    last_sent_at TEXT COLLATE "C" NOT NULL
);
