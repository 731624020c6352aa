-- Keyword search over headlines and leads in any script (SQLite: FTS5 trigram, 0005): pg_trgm
-- trigram matching needs no word segmentation either. pg_trgm ships with PostgreSQL and is a
-- trusted extension, so the database owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX articles_search ON articles
    USING gin ((coalesce(title, '') || ' ' || substr(text, 1, 1500)) gin_trgm_ops);
