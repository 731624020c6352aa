-- Keyword search over headlines and leads in any script: trigram tokens need no word
-- segmentation (Chinese, Japanese, Thai) and match inside words (German compounds, Arabic
-- clitics). Only the first 1,500 characters are indexed: trigram indexing of whole texts
-- cost more than the rest of ingest together, and the lead is where a story's names are.
CREATE VIRTUAL TABLE article_search USING fts5(title, lead, content='', tokenize='trigram');
INSERT INTO article_search(rowid, title, lead)
    SELECT rowid, coalesce(title, ''), substr(text, 1, 1500) FROM articles;
CREATE TRIGGER article_search_insert AFTER INSERT ON articles BEGIN
    INSERT INTO article_search(rowid, title, lead) VALUES (new.rowid, coalesce(new.title, ''), substr(new.text, 1, 1500));
END;
CREATE TRIGGER article_search_delete AFTER DELETE ON articles BEGIN
    INSERT INTO article_search(article_search, rowid, title, lead)
    VALUES ('delete', old.rowid, coalesce(old.title, ''), substr(old.text, 1, 1500));
END;
CREATE TRIGGER article_search_update AFTER UPDATE OF title, text ON articles BEGIN
    INSERT INTO article_search(article_search, rowid, title, lead)
    VALUES ('delete', old.rowid, coalesce(old.title, ''), substr(old.text, 1, 1500));
    INSERT INTO article_search(rowid, title, lead) VALUES (new.rowid, coalesce(new.title, ''), substr(new.text, 1, 1500));
END;
