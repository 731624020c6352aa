-- The per-channel cooldown across workers (babelwire/alerts/deliver.py): a worker reserves a
-- channel for one single delivery in one conditional upsert (``reserved_at``) before sending,
-- so two workers on one store cannot both send to it within the cooldown. A channel reserved
-- before its first delivery has no ``last_sent_at`` yet: SQLite cannot drop NOT NULL in place,
-- so the table is copied into its new shape; each channel keeps its last delivery.
CREATE TABLE alert_channels_0014 (
    id          TEXT PRIMARY KEY,
    last_sent_at TEXT,
    reserved_at TEXT
);
INSERT INTO alert_channels_0014 (id, last_sent_at) SELECT id, last_sent_at FROM alert_channels;
DROP TABLE alert_channels;
ALTER TABLE alert_channels_0014 RENAME TO alert_channels;
