-- Cached briefs: one per story and reader language, valid while members_hash matches the
-- story's members (ids, content hashes, dates, duplicate links). Sentence vectors are kept
-- apart, by model and sentence hash, so a changed story re-embeds only its new sentences.
CREATE TABLE IF NOT EXISTS briefs (
    story_id     TEXT NOT NULL,
    lang         TEXT NOT NULL,
    members_hash TEXT NOT NULL,
    json         TEXT NOT NULL,
    built_at     TEXT NOT NULL,
    PRIMARY KEY (story_id, lang)
);

CREATE TABLE IF NOT EXISTS brief_sentence_vectors (
    model_id     TEXT NOT NULL,
    sentence_key TEXT NOT NULL,
    vector       BLOB NOT NULL,
    PRIMARY KEY (model_id, sentence_key)
) WITHOUT ROWID;
