-- 结果应用 (schema version 14): the rows of the four views — grades against the next year's
-- budget, targets set too low, findings rectified or not, statistics that disagree across
-- reports — kept at write time for the region-years a write touches and the year after each
-- (`store/src/sqlite/results.rs`), so a province's view is counted from an index instead of
-- comparing two years of records per question. `year` is the later year of the two compared;
-- `item` is the row as `shared::results::ResultItem` JSON. Rows are derived, like the rollups:
-- recomputed from the evaluations, never the only copy of anything.

CREATE TABLE result_items (
    region_id      INTEGER NOT NULL REFERENCES regions(id),
    year           INTEGER NOT NULL,
    view           TEXT NOT NULL CHECK (view IN ('budget', 'targets', 'rectification', 'conflicts')),
    evaluation_id  INTEGER NOT NULL,
    position       INTEGER NOT NULL,
    program_id     INTEGER NOT NULL REFERENCES programs(id),
    is_sample      INTEGER NOT NULL CHECK (is_sample IN (0, 1)),
    code           TEXT NOT NULL,
    class          TEXT NOT NULL,
    flag           INTEGER NOT NULL CHECK (flag IN (0, 1)),
    rank           INTEGER NOT NULL,
    item           TEXT NOT NULL,
    PRIMARY KEY (region_id, year, evaluation_id, position)
) WITHOUT ROWID;

-- The counts of a view: one range of the index per region of the subtree.
CREATE INDEX result_items_counts
    ON result_items(view, year, region_id, is_sample, program_id, code, class, flag);
-- A page of a view in its order.
CREATE INDEX result_items_order
    ON result_items(view, year, rank, region_id, program_id, evaluation_id, position);

-- The region-years of a database that held evaluations before this version: their rows are
-- computed once at the next start (`sqlite::results::backfill`), then the list is emptied.
CREATE TABLE result_items_pending (
    region_id  INTEGER NOT NULL,
    year       INTEGER NOT NULL,
    PRIMARY KEY (region_id, year)
) WITHOUT ROWID;
INSERT INTO result_items_pending SELECT DISTINCT region_id, year FROM evaluations;
