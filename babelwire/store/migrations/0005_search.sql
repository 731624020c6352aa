-- Keyword search over titles and texts in any script: trigram tokens need no word segmentation
-- (Chinese, Japanese, Thai) and match inside words (German compounds, Arabic clitics).
CREATE VIRTUAL TABLE article_search USING fts5(
    title, text, content='articles', content_rowid='rowid', tokenize='trigram'
);
INSERT INTO article_search(rowid, title, text) SELECT rowid, coalesce(title, ''), text FROM articles;
CREATE TRIGGER article_search_insert AFTER INSERT ON articles BEGIN
    INSERT INTO article_search(rowid, title, text) VALUES (new.rowid, coalesce(new.title, ''), new.text);
END;
CREATE TRIGGER article_search_delete AFTER DELETE ON articles BEGIN
    INSERT INTO article_search(article_search, rowid, title, text)
    VALUES ('delete', old.rowid, coalesce(old.title, ''), old.text);
END;
CREATE TRIGGER article_search_update AFTER UPDATE OF title, text ON articles BEGIN
    INSERT INTO article_search(article_search, rowid, title, text)
    VALUES ('delete', old.rowid, coalesce(old.title, ''), old.text);
    INSERT INTO article_search(rowid, title, text) VALUES (new.rowid, coalesce(new.title, ''), new.text);
END;
