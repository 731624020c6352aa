-- Machine translations of what briefs show (headline, summary sentences, evidence quotes),
-- keyed by the text's hash, its language, the reader's language and who translated it, so a
-- second build of a brief, or another reader of the same story, asks the service nothing.
CREATE TABLE IF NOT EXISTS translations (
    text_hash   TEXT NOT NULL,
    source      TEXT NOT NULL,
    target      TEXT NOT NULL,
    backend     TEXT NOT NULL,
    model       TEXT NOT NULL,
    translation TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (text_hash, source, target, backend, model)
) WITHOUT ROWID;
