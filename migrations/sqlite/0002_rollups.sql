-- Per region × year × provenance aggregates of evaluations and their level-1 groups, kept in
-- step by every import (recomputed from `evaluations` for each region and year it touches), so
-- city- and province-wide trends and comparisons read a few thousand rows instead of 400,000.

CREATE TABLE region_year_rollups (
    region_id          INTEGER NOT NULL REFERENCES regions(id),
    year               INTEGER NOT NULL,
    is_sample          INTEGER NOT NULL,
    evaluations        INTEGER NOT NULL,
    year_start_budget  INTEGER NOT NULL,
    full_year_budget   INTEGER NOT NULL,
    executed           INTEGER NOT NULL,
    total_sum          INTEGER NOT NULL,
    total_min          INTEGER NOT NULL,
    total_max          INTEGER NOT NULL,
    excellent          INTEGER NOT NULL,
    good               INTEGER NOT NULL,
    fair               INTEGER NOT NULL,
    poor               INTEGER NOT NULL,
    findings           INTEGER NOT NULL,
    PRIMARY KEY (region_id, year, is_sample)
) WITHOUT ROWID;

CREATE TABLE region_year_group_rollups (
    region_id     INTEGER NOT NULL REFERENCES regions(id),
    year          INTEGER NOT NULL,
    is_sample     INTEGER NOT NULL,
    group_key     TEXT NOT NULL,
    label         TEXT NOT NULL,
    first_position INTEGER NOT NULL,
    score_sum     INTEGER NOT NULL,
    weight_sum    INTEGER NOT NULL,
    count         INTEGER NOT NULL,
    PRIMARY KEY (region_id, year, is_sample, group_key)
) WITHOUT ROWID;

CREATE INDEX evaluations_year_total ON evaluations(year, total);
