-- A counter that moves whenever what a reader can see changes: articles, stories, merges,
-- vectors (search). Caches of rendered pages (web/cache.py) key on it. Unlike SQLite's
-- data_version it ignores writes to derived caches (briefs, sentence vectors, feeds), so a
-- story's first brief does not throw every cached page away. One row; per-row triggers cost
-- a few microseconds per written row.
CREATE TABLE change_counter (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    n  INTEGER NOT NULL
);
INSERT INTO change_counter VALUES (1, 0);

CREATE TRIGGER articles_insert_counts AFTER INSERT ON articles
BEGIN UPDATE change_counter SET n = n + 1 WHERE id = 1; END;

CREATE TRIGGER articles_update_counts AFTER UPDATE ON articles
BEGIN UPDATE change_counter SET n = n + 1 WHERE id = 1; END;

CREATE TRIGGER articles_delete_counts AFTER DELETE ON articles
BEGIN UPDATE change_counter SET n = n + 1 WHERE id = 1; END;

CREATE TRIGGER stories_insert_counts AFTER INSERT ON stories
BEGIN UPDATE change_counter SET n = n + 1 WHERE id = 1; END;

CREATE TRIGGER stories_update_counts AFTER UPDATE ON stories
BEGIN UPDATE change_counter SET n = n + 1 WHERE id = 1; END;

CREATE TRIGGER stories_delete_counts AFTER DELETE ON stories
BEGIN UPDATE change_counter SET n = n + 1 WHERE id = 1; END;

CREATE TRIGGER story_aliases_insert_counts AFTER INSERT ON story_aliases
BEGIN UPDATE change_counter SET n = n + 1 WHERE id = 1; END;

CREATE TRIGGER story_aliases_delete_counts AFTER DELETE ON story_aliases
BEGIN UPDATE change_counter SET n = n + 1 WHERE id = 1; END;

CREATE TRIGGER embeddings_insert_counts AFTER INSERT ON embeddings
BEGIN UPDATE change_counter SET n = n + 1 WHERE id = 1; END;

CREATE TRIGGER embeddings_delete_counts AFTER DELETE ON embeddings
BEGIN UPDATE change_counter SET n = n + 1 WHERE id = 1; END;
