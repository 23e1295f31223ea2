-- 结果应用 (schema version 5): the rows of the four views kept at write time, as
-- migrations/sqlite/0014_results.sql (the same table, columns and indexes).

CREATE TABLE result_items (
    region_id      BIGINT NOT NULL REFERENCES regions(id),
    year           INTEGER NOT NULL,
    view           TEXT NOT NULL CHECK (view IN ('budget', 'targets', 'rectification', 'conflicts')),
    evaluation_id  BIGINT NOT NULL,
    position       BIGINT NOT NULL,
    program_id     BIGINT NOT NULL REFERENCES programs(id),
    is_sample      BOOLEAN NOT NULL,
    code           TEXT NOT NULL,
    class          TEXT NOT NULL,
    flag           BOOLEAN NOT NULL,
    rank           BIGINT NOT NULL,
    item           TEXT NOT NULL,
    PRIMARY KEY (region_id, year, evaluation_id, position)
);

CREATE INDEX result_items_counts
    ON result_items(view, year, region_id, is_sample, program_id, code, class, flag);
CREATE INDEX result_items_order
    ON result_items(view, year, rank, region_id, program_id, evaluation_id, position);

-- The region-years of a database that held evaluations before this version, computed once at
-- the next start (`postgres::results::backfill`), then the list is emptied.
CREATE TABLE result_items_pending (
    region_id  BIGINT NOT NULL,
    year       INTEGER NOT NULL,
    PRIMARY KEY (region_id, year)
);
INSERT INTO result_items_pending SELECT DISTINCT region_id, year FROM evaluations;
