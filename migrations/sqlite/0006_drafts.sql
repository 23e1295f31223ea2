-- Documents brought in through the review step (issue "Real documents in"): the original file
-- as uploaded (bytes, SHA-256, name, size; kept so the source is never lost, stored once per
-- content), the drafts read from it (one per form found; the draft with its per-field sources as
-- zstd-compressed JSON), and every correction a person made before confirming.

CREATE TABLE documents (
    id           INTEGER PRIMARY KEY,
    sha256       TEXT NOT NULL UNIQUE,
    name         TEXT NOT NULL,
    size         INTEGER NOT NULL,
    content      BLOB NOT NULL,
    uploaded_by  TEXT,
    uploaded_at  TEXT NOT NULL
);

CREATE TABLE drafts (
    id             INTEGER PRIMARY KEY,
    document_id    INTEGER NOT NULL REFERENCES documents(id),
    form           TEXT NOT NULL,
    state          TEXT NOT NULL CHECK (state IN ('open', 'confirmed')),
    -- The region the draft writes to, as read or corrected: what authorisation checks.
    region         TEXT,
    program        TEXT,
    year           INTEGER,
    missing        INTEGER NOT NULL,
    uncertain      INTEGER NOT NULL,
    owner          TEXT,
    content        BLOB NOT NULL,
    version        INTEGER NOT NULL DEFAULT 1,
    evaluation_id  INTEGER REFERENCES evaluations(id) ON DELETE SET NULL,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);
CREATE INDEX drafts_owner ON drafts(owner, updated_at);
CREATE INDEX drafts_document ON drafts(document_id);
CREATE INDEX drafts_evaluation ON drafts(evaluation_id) WHERE evaluation_id IS NOT NULL;

CREATE TABLE draft_corrections (
    draft_id      INTEGER NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    field         TEXT NOT NULL,
    before        TEXT NOT NULL,
    after         TEXT NOT NULL,
    corrected_by  TEXT,
    corrected_at  TEXT NOT NULL,
    PRIMARY KEY (draft_id, position)
) WITHOUT ROWID;
