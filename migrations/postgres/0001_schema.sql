-- FundLens schema on PostgreSQL, version 1: the SQLite schema of migrations/sqlite/0001–0010 in
-- one step (the first release on PostgreSQL started from it).
--
-- Money is BIGINT yuan (万元 × 10,000); scores and observation values are BIGINT millionths
-- (value × 1,000,000): sums stay exact in SQL. Flags are BOOLEAN. The whole record and its
-- assessment are zstd-compressed JSON in BYTEA, in `evaluation_documents`, read only by the
-- drill-down, exports and rescoring; `evaluations` is the narrow row every list sorts and counts.
-- Text compares byte by byte (COLLATE "C"), as SQLite's does, so lists sort and names group the
-- same on both backends whatever the database's locale.
-- Only SQL that PostgreSQL 12 has (no identity columns, no generated columns: BIGSERIAL, which
-- the PostgreSQL-derived databases take too). Every ON CONFLICT names its target.

CREATE TABLE regions (
    id                    BIGSERIAL PRIMARY KEY,
    name                  TEXT COLLATE "C" NOT NULL UNIQUE,
    kind                  TEXT COLLATE "C" NOT NULL,
    parent_id             BIGINT REFERENCES regions(id),
    statistics_region_id  BIGINT REFERENCES regions(id)
);
CREATE INDEX regions_parent ON regions(parent_id);

CREATE TABLE sources (
    id         BIGSERIAL PRIMARY KEY,
    kind       TEXT COLLATE "C" NOT NULL CHECK (kind IN ('document', 'sample')),
    title      TEXT COLLATE "C" NOT NULL DEFAULT '',
    issuer     TEXT COLLATE "C" NOT NULL DEFAULT '',
    issued_on  TEXT COLLATE "C" NOT NULL DEFAULT '',
    location   TEXT COLLATE "C" NOT NULL DEFAULT '',
    generator  TEXT COLLATE "C" NOT NULL DEFAULT '',
    UNIQUE (kind, title, issuer, issued_on, location, generator)
);

-- `initials`: the pinyin initials of the name (先进制造业… → xjzzy…) for the fund search, written
-- by the store when it enters the program (SQLite computes them in a SQL function instead).
CREATE TABLE programs (
    id          BIGSERIAL PRIMARY KEY,
    name        TEXT COLLATE "C" NOT NULL UNIQUE,
    department  TEXT COLLATE "C",
    initials    TEXT COLLATE "C" NOT NULL DEFAULT ''
);

-- Ids are given by the store (above every id an evaluation ever had, deleted or not), never by
-- a sequence: a restored evaluation keeps its id.
CREATE TABLE evaluations (
    id                 BIGINT PRIMARY KEY,
    program_id         BIGINT NOT NULL REFERENCES programs(id),
    region_id          BIGINT NOT NULL REFERENCES regions(id),
    year               INTEGER NOT NULL,
    source_id          BIGINT NOT NULL REFERENCES sources(id),
    is_sample          BOOLEAN NOT NULL,
    year_start_budget  BIGINT,
    full_year_budget   BIGINT,
    executed           BIGINT,
    execution_score    BIGINT NOT NULL,
    total              BIGINT NOT NULL,
    grade              TEXT COLLATE "C" NOT NULL CHECK (grade IN ('优', '良', '中', '差')),
    complete           BOOLEAN NOT NULL,
    declared_total     BIGINT,
    finding_count      BIGINT NOT NULL,
    needs_benchmark    BOOLEAN NOT NULL,
    imported_at        TEXT COLLATE "C" NOT NULL,
    UNIQUE (program_id, region_id, year)
);
-- One index per order of the evaluation list (store/src/postgres/list.rs), as on SQLite.
CREATE INDEX evaluations_total ON evaluations(total, id);
CREATE INDEX evaluations_year_total ON evaluations(year, total, id);
CREATE INDEX evaluations_program_year ON evaluations(program_id, year);
CREATE INDEX evaluations_region_year ON evaluations(region_id, year);
CREATE INDEX evaluations_sample_total ON evaluations(is_sample, total, id);
CREATE INDEX evaluations_needs_benchmark ON evaluations(year) WHERE needs_benchmark;
CREATE INDEX evaluations_with_findings ON evaluations(year, region_id) WHERE finding_count > 0;
CREATE INDEX evaluations_findings_order ON evaluations(finding_count DESC, total, id);
CREATE INDEX evaluations_budget_cuts
    ON evaluations(year, is_sample, region_id, program_id, year_start_budget, full_year_budget)
    WHERE full_year_budget < year_start_budget;

CREATE TABLE evaluation_documents (
    evaluation_id  BIGINT PRIMARY KEY REFERENCES evaluations(id) ON DELETE CASCADE,
    record         BYTEA NOT NULL,
    assessment     BYTEA NOT NULL
);

CREATE TABLE funding_rows (
    evaluation_id      BIGINT NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
    row_kind           TEXT COLLATE "C" NOT NULL CHECK (row_kind IN ('total', 'current_appropriation', 'carried_over', 'other')),
    year_start_budget  BIGINT,
    full_year_budget   BIGINT,
    executed           BIGINT,
    PRIMARY KEY (evaluation_id, row_kind)
);

CREATE TABLE category_scores (
    evaluation_id   BIGINT NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
    position        BIGINT NOT NULL,
    name            TEXT COLLATE "C" NOT NULL,
    group_key       TEXT,
    weight          BIGINT NOT NULL,
    declared_score  BIGINT NOT NULL,
    score           BIGINT NOT NULL,
    PRIMARY KEY (evaluation_id, position)
);

CREATE TABLE indicators (
    evaluation_id   BIGINT NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
    position        BIGINT NOT NULL,
    level1          TEXT COLLATE "C" NOT NULL,
    level2          TEXT COLLATE "C" NOT NULL,
    name            TEXT COLLATE "C" NOT NULL,
    target          TEXT COLLATE "C" NOT NULL,
    actual          TEXT COLLATE "C" NOT NULL,
    weight          BIGINT NOT NULL,
    declared_score  BIGINT,
    computed_score  BIGINT,
    score           BIGINT NOT NULL,
    rule            TEXT COLLATE "C" NOT NULL,
    region_id       BIGINT REFERENCES regions(id),
    year            INTEGER,
    PRIMARY KEY (evaluation_id, position)
);
CREATE INDEX indicators_name_place ON indicators(name, region_id, year);

CREATE TABLE allocations (
    evaluation_id     BIGINT NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
    position          BIGINT NOT NULL,
    name              TEXT COLLATE "C" NOT NULL,
    category          TEXT,
    amount            BIGINT NOT NULL,
    recipient_region  TEXT,
    PRIMARY KEY (evaluation_id, position)
);

CREATE TABLE findings (
    evaluation_id        BIGINT NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
    position             BIGINT NOT NULL,
    code                 TEXT COLLATE "C" NOT NULL,
    severity             TEXT COLLATE "C" NOT NULL,
    indicator_position   BIGINT,
    PRIMARY KEY (evaluation_id, position)
);
CREATE INDEX findings_code ON findings(code);

CREATE TABLE observations (
    region_id  BIGINT NOT NULL REFERENCES regions(id),
    metric     TEXT COLLATE "C" NOT NULL,
    year       INTEGER NOT NULL,
    is_sample  BOOLEAN NOT NULL,
    value      BIGINT NOT NULL,
    rank       BIGINT,
    source_id  BIGINT NOT NULL REFERENCES sources(id),
    PRIMARY KEY (region_id, metric, year, is_sample)
);
CREATE INDEX observations_metric_year ON observations(metric, year);

-- Rollups kept at every write (store/src/postgres/rollups.rs, as sqlite/rollups.rs).
CREATE TABLE region_year_rollups (
    region_id          BIGINT NOT NULL REFERENCES regions(id),
    year               INTEGER NOT NULL,
    is_sample          BOOLEAN NOT NULL,
    evaluations        BIGINT NOT NULL,
    year_start_budget  BIGINT NOT NULL,
    full_year_budget   BIGINT NOT NULL,
    executed           BIGINT NOT NULL,
    total_sum          BIGINT NOT NULL,
    total_min          BIGINT NOT NULL,
    total_max          BIGINT NOT NULL,
    excellent          BIGINT NOT NULL,
    good               BIGINT NOT NULL,
    fair               BIGINT NOT NULL,
    poor               BIGINT NOT NULL,
    findings           BIGINT NOT NULL,
    PRIMARY KEY (region_id, year, is_sample)
);

CREATE TABLE region_year_group_rollups (
    region_id      BIGINT NOT NULL REFERENCES regions(id),
    year           INTEGER NOT NULL,
    is_sample      BOOLEAN NOT NULL,
    group_key      TEXT COLLATE "C" NOT NULL,
    label          TEXT COLLATE "C" NOT NULL,
    first_position BIGINT NOT NULL,
    score_sum      BIGINT NOT NULL,
    weight_sum     BIGINT NOT NULL,
    count          BIGINT NOT NULL,
    PRIMARY KEY (region_id, year, is_sample, group_key)
);

CREATE TABLE program_year_rollups (
    program_id  BIGINT NOT NULL REFERENCES programs(id),
    year        INTEGER NOT NULL,
    is_sample   BOOLEAN NOT NULL,
    evaluations BIGINT NOT NULL,
    excellent   BIGINT NOT NULL,
    good        BIGINT NOT NULL,
    fair        BIGINT NOT NULL,
    poor        BIGINT NOT NULL,
    PRIMARY KEY (program_id, year, is_sample)
);

-- Program counts move with every insert, delete and change of an evaluation, whoever writes it.
CREATE FUNCTION program_year_count(program BIGINT, yr INTEGER, sample BOOLEAN, grade TEXT, step BIGINT)
RETURNS void LANGUAGE sql AS $$
    INSERT INTO program_year_rollups AS u (program_id, year, is_sample, evaluations, excellent, good, fair, poor)
    VALUES (program, yr, sample, step,
            CASE WHEN grade = '优' THEN step ELSE 0 END, CASE WHEN grade = '良' THEN step ELSE 0 END,
            CASE WHEN grade = '中' THEN step ELSE 0 END, CASE WHEN grade = '差' THEN step ELSE 0 END)
    ON CONFLICT (program_id, year, is_sample) DO UPDATE SET
        evaluations = u.evaluations + excluded.evaluations,
        excellent = u.excellent + excluded.excellent,
        good = u.good + excluded.good,
        fair = u.fair + excluded.fair,
        poor = u.poor + excluded.poor;
$$;

CREATE FUNCTION evaluations_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        PERFORM program_year_count(OLD.program_id, OLD.year, OLD.is_sample, OLD.grade, -1);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM program_year_count(NEW.program_id, NEW.year, NEW.is_sample, NEW.grade, 1);
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER evaluations_count_insert AFTER INSERT ON evaluations
    FOR EACH ROW EXECUTE PROCEDURE evaluations_count();
CREATE TRIGGER evaluations_count_delete AFTER DELETE ON evaluations
    FOR EACH ROW EXECUTE PROCEDURE evaluations_count();
CREATE TRIGGER evaluations_count_update AFTER UPDATE OF program_id, year, is_sample, grade ON evaluations
    FOR EACH ROW EXECUTE PROCEDURE evaluations_count();

CREATE TABLE indicator_year_rollups (
    name        TEXT COLLATE "C" NOT NULL,
    region_id   BIGINT NOT NULL REFERENCES regions(id),
    year        INTEGER NOT NULL,
    is_sample   BOOLEAN NOT NULL,
    rows        BIGINT NOT NULL,
    score_sum   BIGINT NOT NULL,
    weight_sum  BIGINT NOT NULL,
    PRIMARY KEY (name, region_id, year, is_sample)
);
CREATE INDEX indicator_year_rollups_place ON indicator_year_rollups(region_id, year);

CREATE TABLE level2_year_rollups (
    region_id   BIGINT NOT NULL REFERENCES regions(id),
    year        INTEGER NOT NULL,
    is_sample   BOOLEAN NOT NULL,
    level2      TEXT COLLATE "C" NOT NULL,
    rows        BIGINT NOT NULL,
    score_sum   BIGINT NOT NULL,
    weight_sum  BIGINT NOT NULL,
    PRIMARY KEY (year, region_id, is_sample, level2)
);

CREATE TABLE indicator_catalogue_rollups (
    region_id  BIGINT NOT NULL REFERENCES regions(id),
    year       INTEGER NOT NULL,
    is_sample  BOOLEAN NOT NULL,
    name       TEXT COLLATE "C" NOT NULL,
    rows       BIGINT NOT NULL,
    PRIMARY KEY (region_id, year, is_sample, name)
);

-- Accounts, sessions and API tokens. Secrets are never stored: passwords as argon2id PHC
-- strings, session cookies and API tokens as SHA-256 digests.
CREATE TABLE accounts (
    id                   BIGSERIAL PRIMARY KEY,
    name                 TEXT COLLATE "C" NOT NULL UNIQUE,
    role                 TEXT COLLATE "C" NOT NULL CHECK (role IN ('viewer', 'editor', 'admin')),
    region_id            BIGINT REFERENCES regions(id),
    password_hash        TEXT COLLATE "C" NOT NULL,
    disabled             BOOLEAN NOT NULL DEFAULT false,
    created_at           TEXT COLLATE "C" NOT NULL,
    password_changed_at  TEXT COLLATE "C" NOT NULL,
    CHECK (role <> 'editor' OR region_id IS NOT NULL)
);

-- Times are Unix seconds: expiry is arithmetic on them.
CREATE TABLE sessions (
    token_hash    BYTEA PRIMARY KEY,
    account_id    BIGINT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    created_at    BIGINT NOT NULL,
    last_seen_at  BIGINT NOT NULL,
    address       TEXT COLLATE "C" NOT NULL
);
CREATE INDEX sessions_account ON sessions(account_id);

CREATE TABLE api_tokens (
    id          BIGSERIAL PRIMARY KEY,
    token_hash  BYTEA NOT NULL UNIQUE,
    account_id  BIGINT NOT NULL REFERENCES accounts(id),
    label       TEXT COLLATE "C" NOT NULL,
    created_at  TEXT COLLATE "C" NOT NULL,
    revoked_at  TEXT COLLATE "C"
);

-- Every write and every login attempt, in order, each entry carrying the digest of the one
-- before it. Appends are serialised by the store's write lock, so ids follow the chain.
-- Nobody may change or remove an entry: the privileges are taken away from everyone, the
-- application's own role included (an owner keeps only what it grants itself), and triggers
-- refuse it even to a superuser.
CREATE TABLE audit_log (
    id             BIGSERIAL PRIMARY KEY,
    at             TEXT COLLATE "C" NOT NULL,
    actor          TEXT COLLATE "C" NOT NULL,
    address        TEXT COLLATE "C" NOT NULL,
    action         TEXT COLLATE "C" NOT NULL,
    target         TEXT COLLATE "C" NOT NULL,
    origin         TEXT COLLATE "C" NOT NULL,
    before_hash    TEXT,
    after_hash     TEXT,
    detail         TEXT COLLATE "C" NOT NULL DEFAULT '',
    previous_hash  TEXT COLLATE "C" NOT NULL,
    entry_hash     TEXT COLLATE "C" NOT NULL
);
CREATE INDEX audit_log_target ON audit_log(target);
CREATE INDEX audit_log_data_writes ON audit_log(id)
    WHERE action IN ('import', 'replace', 'delete', 'restore', 'import_observations');
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only' USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
    FOR EACH ROW EXECUTE PROCEDURE audit_log_append_only();
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
    FOR EACH ROW EXECUTE PROCEDURE audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE PROCEDURE audit_log_append_only();
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM PUBLIC;
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM CURRENT_USER;

CREATE TABLE evaluation_versions (
    evaluation_id  BIGINT NOT NULL,
    version        BIGINT NOT NULL,
    audit_id       BIGINT REFERENCES audit_log(id),
    record_hash    TEXT COLLATE "C" NOT NULL,
    record         BYTEA,
    assessment     BYTEA,
    PRIMARY KEY (evaluation_id, version)
);

CREATE TABLE deleted_evaluations (
    evaluation_id  BIGINT PRIMARY KEY,
    program        TEXT COLLATE "C" NOT NULL,
    region         TEXT COLLATE "C" NOT NULL,
    year           INTEGER NOT NULL,
    audit_id       BIGINT NOT NULL REFERENCES audit_log(id)
);

-- Uploaded documents (once per content), their drafts and corrections.
CREATE TABLE documents (
    id           BIGSERIAL PRIMARY KEY,
    sha256       TEXT COLLATE "C" NOT NULL UNIQUE,
    name         TEXT COLLATE "C" NOT NULL,
    size         BIGINT NOT NULL,
    content      BYTEA NOT NULL,
    uploaded_by  TEXT,
    uploaded_at  TEXT COLLATE "C" NOT NULL
);

CREATE TABLE drafts (
    id             BIGSERIAL PRIMARY KEY,
    document_id    BIGINT NOT NULL REFERENCES documents(id),
    form           TEXT COLLATE "C" NOT NULL,
    state          TEXT COLLATE "C" NOT NULL CHECK (state IN ('open', 'confirmed')),
    region         TEXT,
    program        TEXT,
    year           INTEGER,
    missing        BIGINT NOT NULL,
    uncertain      BIGINT NOT NULL,
    owner          TEXT,
    content        BYTEA NOT NULL,
    version        BIGINT NOT NULL DEFAULT 1,
    evaluation_id  BIGINT REFERENCES evaluations(id) ON DELETE SET NULL,
    created_at     TEXT COLLATE "C" NOT NULL,
    updated_at     TEXT COLLATE "C" NOT NULL
);
CREATE INDEX drafts_owner ON drafts(owner, updated_at);
CREATE INDEX drafts_document ON drafts(document_id);
CREATE INDEX drafts_evaluation ON drafts(evaluation_id) WHERE evaluation_id IS NOT NULL;

CREATE TABLE draft_corrections (
    draft_id      BIGINT NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
    position      BIGINT NOT NULL,
    field         TEXT COLLATE "C" NOT NULL,
    before        TEXT COLLATE "C" NOT NULL,
    after         TEXT COLLATE "C" NOT NULL,
    corrected_by  TEXT,
    corrected_at  TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (draft_id, position)
);
