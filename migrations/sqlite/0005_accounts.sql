-- Accounts, sessions and API tokens; the append-only audit log; evaluation versions and
-- deleted evaluations. Secrets are never stored: passwords as argon2id PHC strings, session
-- cookies and API tokens as SHA-256 digests of the random value handed out once.

CREATE TABLE accounts (
    id                   INTEGER PRIMARY KEY,
    name                 TEXT NOT NULL UNIQUE,
    role                 TEXT NOT NULL CHECK (role IN ('viewer', 'editor', 'admin')),
    -- An editor writes for this region and every region below it.
    region_id            INTEGER REFERENCES regions(id),
    password_hash        TEXT NOT NULL,
    disabled             INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    created_at           TEXT NOT NULL,
    password_changed_at  TEXT NOT NULL,
    CHECK (role <> 'editor' OR region_id IS NOT NULL)
);

-- Times are Unix seconds: expiry is arithmetic on them.
CREATE TABLE sessions (
    token_hash    BLOB PRIMARY KEY,
    account_id    INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    created_at    INTEGER NOT NULL,
    last_seen_at  INTEGER NOT NULL,
    address       TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX sessions_account ON sessions(account_id);

CREATE TABLE api_tokens (
    id          INTEGER PRIMARY KEY,
    token_hash  BLOB NOT NULL UNIQUE,
    account_id  INTEGER NOT NULL REFERENCES accounts(id),
    label       TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    revoked_at  TEXT
);

-- Every write and every login attempt, in order. Each entry carries the digest of the one
-- before it, so a row changed or removed behind the program's back breaks the chain; the
-- triggers refuse updates and deletes through SQL.
CREATE TABLE audit_log (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    at             TEXT NOT NULL,
    actor          TEXT NOT NULL,
    address        TEXT NOT NULL,
    action         TEXT NOT NULL,
    target         TEXT NOT NULL,
    origin         TEXT NOT NULL,
    before_hash    TEXT,
    after_hash     TEXT,
    detail         TEXT NOT NULL DEFAULT '',
    previous_hash  TEXT NOT NULL,
    entry_hash     TEXT NOT NULL
);
CREATE INDEX audit_log_target ON audit_log(target);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

-- One row per content version of an evaluation, written by the audit entry `audit_id` (NULL
-- for a version imported before this table existed, entered when it is first replaced). The
-- live version's record and assessment are in `evaluations`; every other version (replaced,
-- or the last one of a deleted evaluation) keeps its own here. No foreign key to
-- `evaluations`: a deleted evaluation's versions stay.
CREATE TABLE evaluation_versions (
    evaluation_id  INTEGER NOT NULL,
    version        INTEGER NOT NULL,
    audit_id       INTEGER REFERENCES audit_log(id),
    record_hash    TEXT NOT NULL,
    record         BLOB,
    assessment     BLOB,
    PRIMARY KEY (evaluation_id, version)
) WITHOUT ROWID;

-- Evaluations taken out of every list, rollup and trend until an admin restores them.
CREATE TABLE deleted_evaluations (
    evaluation_id  INTEGER PRIMARY KEY,
    program        TEXT NOT NULL,
    region         TEXT NOT NULL,
    year           INTEGER NOT NULL,
    audit_id       INTEGER NOT NULL REFERENCES audit_log(id)
);
