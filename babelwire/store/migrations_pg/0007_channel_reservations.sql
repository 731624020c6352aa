-- Channel reservations for the per-channel cooldown across workers (SQLite migration 0014,
-- see there); each channel keeps its last delivery.
ALTER TABLE alert_channels ALTER COLUMN last_sent_at DROP NOT NULL;
ALTER TABLE alert_channels ADD COLUMN reserved_at TEXT COLLATE "C";
