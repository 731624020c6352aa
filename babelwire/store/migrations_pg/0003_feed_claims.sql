-- Several watch processes share one feed list: an open item is claimed by the worker that
-- takes it until this time (store/postgres.py claim_items); a killed worker's claims run out.
ALTER TABLE feed_items ADD COLUMN claimed_until TEXT COLLATE "C";
