-- FundLens schema, version 1.
-- Money is INTEGER yuan (万元 × 10,000); scores and observation values are INTEGER millionths
-- (value × 1,000,000), matching the six decimals scores are computed to. Integers keep sums
-- exact in SQL; the storage layer converts them back to rust_decimal. The whole record and its
-- assessment are kept as zstd-compressed JSON BLOBs (about a third of their size) for the drill-down.

CREATE TABLE regions (
    id                    INTEGER PRIMARY KEY,
    name                  TEXT NOT NULL UNIQUE,
    kind                  TEXT NOT NULL,
    parent_id             INTEGER REFERENCES regions(id),
    statistics_region_id  INTEGER REFERENCES regions(id)
);
CREATE INDEX regions_parent ON regions(parent_id);

CREATE TABLE sources (
    id         INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL CHECK (kind IN ('document', 'sample')),
    title      TEXT NOT NULL DEFAULT '',
    issuer     TEXT NOT NULL DEFAULT '',
    issued_on  TEXT NOT NULL DEFAULT '',
    location   TEXT NOT NULL DEFAULT '',
    generator  TEXT NOT NULL DEFAULT '',
    UNIQUE (kind, title, issuer, issued_on, location, generator)
);

CREATE TABLE programs (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    department  TEXT
);

CREATE TABLE evaluations (
    id                 INTEGER PRIMARY KEY,
    program_id         INTEGER NOT NULL REFERENCES programs(id),
    region_id          INTEGER NOT NULL REFERENCES regions(id),
    year               INTEGER NOT NULL,
    source_id          INTEGER NOT NULL REFERENCES sources(id),
    is_sample          INTEGER NOT NULL CHECK (is_sample IN (0, 1)),
    year_start_budget  INTEGER,
    full_year_budget   INTEGER,
    executed           INTEGER,
    execution_score    INTEGER NOT NULL,
    total              INTEGER NOT NULL,
    grade              TEXT NOT NULL CHECK (grade IN ('优', '良', '中', '差')),
    complete           INTEGER NOT NULL CHECK (complete IN (0, 1)),
    declared_total     INTEGER,
    finding_count      INTEGER NOT NULL,
    needs_benchmark    INTEGER NOT NULL CHECK (needs_benchmark IN (0, 1)),
    record             BLOB NOT NULL,
    assessment         BLOB NOT NULL,
    imported_at        TEXT NOT NULL,
    UNIQUE (program_id, region_id, year)
);
CREATE INDEX evaluations_year_region ON evaluations(year, region_id);
CREATE INDEX evaluations_region_year ON evaluations(region_id, year);
CREATE INDEX evaluations_program_year ON evaluations(program_id, year);
CREATE INDEX evaluations_needs_benchmark ON evaluations(year) WHERE needs_benchmark = 1;

CREATE TABLE funding_rows (
    evaluation_id      INTEGER NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
    row_kind           TEXT NOT NULL CHECK (row_kind IN ('total', 'current_appropriation', 'carried_over', 'other')),
    year_start_budget  INTEGER,
    full_year_budget   INTEGER,
    executed           INTEGER,
    PRIMARY KEY (evaluation_id, row_kind)
) WITHOUT ROWID;

CREATE TABLE category_scores (
    evaluation_id   INTEGER NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
    position        INTEGER NOT NULL,
    name            TEXT NOT NULL,
    group_key       TEXT,
    weight          INTEGER NOT NULL,
    declared_score  INTEGER NOT NULL,
    score           INTEGER NOT NULL,
    PRIMARY KEY (evaluation_id, position)
) WITHOUT ROWID;

CREATE TABLE indicators (
    evaluation_id   INTEGER NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
    position        INTEGER NOT NULL,
    level1          TEXT NOT NULL,
    level2          TEXT NOT NULL,
    name            TEXT NOT NULL,
    target          TEXT NOT NULL,
    actual          TEXT NOT NULL,
    weight          INTEGER NOT NULL,
    declared_score  INTEGER,
    computed_score  INTEGER,
    score           INTEGER NOT NULL,
    rule            TEXT NOT NULL,
    PRIMARY KEY (evaluation_id, position)
) WITHOUT ROWID;
CREATE INDEX indicators_name ON indicators(name, evaluation_id);

CREATE TABLE allocations (
    evaluation_id     INTEGER NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
    position          INTEGER NOT NULL,
    name              TEXT NOT NULL,
    category          TEXT,
    amount            INTEGER NOT NULL,
    recipient_region  TEXT,
    PRIMARY KEY (evaluation_id, position)
) WITHOUT ROWID;

CREATE TABLE findings (
    evaluation_id        INTEGER NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
    position             INTEGER NOT NULL,
    code                 TEXT NOT NULL,
    severity             TEXT NOT NULL,
    indicator_position   INTEGER,
    PRIMARY KEY (evaluation_id, position)
) WITHOUT ROWID;
CREATE INDEX findings_code ON findings(code);

CREATE TABLE observations (
    region_id  INTEGER NOT NULL REFERENCES regions(id),
    metric     TEXT NOT NULL,
    year       INTEGER NOT NULL,
    is_sample  INTEGER NOT NULL CHECK (is_sample IN (0, 1)),
    value      INTEGER NOT NULL,
    rank       INTEGER,
    source_id  INTEGER NOT NULL REFERENCES sources(id),
    PRIMARY KEY (region_id, metric, year, is_sample)
) WITHOUT ROWID;
CREATE INDEX observations_metric_year ON observations(metric, year);
