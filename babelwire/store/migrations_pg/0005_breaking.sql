-- Breaking-news alerts: SQLite migration 0012 (see there). Existing alerts become kind 'match'.
ALTER TABLE watchlists ADD COLUMN breaking INTEGER NOT NULL DEFAULT 0;
ALTER TABLE alerts ADD COLUMN kind TEXT COLLATE "C" NOT NULL DEFAULT 'match';
ALTER TABLE alerts DROP CONSTRAINT alerts_watchlist_story_id_key;
ALTER TABLE alerts ADD CONSTRAINT alerts_watchlist_story_id_kind_key UNIQUE (watchlist, story_id, kind);
CREATE INDEX alerts_kind_recent ON alerts (kind, updated_at);
