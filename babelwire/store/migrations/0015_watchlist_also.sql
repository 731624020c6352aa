-- A watchlist's query as its user also wrote it in other languages (``Watchlist.also``, a JSON
-- list of texts): matched beside the query as written (babelwire/alerts/match.py).
ALTER TABLE watchlists ADD COLUMN also TEXT NOT NULL DEFAULT '[]';
