-- A watchlist's query as its user also wrote it in other languages: SQLite migration 0015.
ALTER TABLE watchlists ADD COLUMN also TEXT NOT NULL DEFAULT '[]';
