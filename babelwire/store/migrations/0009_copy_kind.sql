-- What kind of copy `duplicate_of` names: NULL for an exact or near copy found at ingest,
-- 'translation' for a translation linked by the clusterer (babelwire/cluster/copies.py).
ALTER TABLE articles ADD COLUMN copy_kind TEXT;
