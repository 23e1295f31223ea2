-- 结果应用's counts per region, and its rows by region in order (schema version 16): how many rows of each view, year, region,
-- provenance, code, class and flag `result_items` holds, rewritten for a region-year whenever
-- its rows are (`store/src/sqlite/results.rs`, `recount`). A view's headline for a province
-- adds up a few hundred of these instead of grouping its ~40,000 rows per question (32 ms of
-- a cold 48 ms answer on the province sample). A program's counts, which this table does not
-- break down, are still grouped from `result_items`. Derived, like the rollups.
--
-- `result_items_region_order` holds a region's rows of a view and year in the view's order,
-- with what a filter checks (program, provenance) and the row's key: a region's page is
-- sorted from these index entries and only its rows are read. Walking `result_items_order`
-- instead passes, within each rank, every region numbered before it (a county's first row:
-- 155 ms on the province sample).

CREATE TABLE result_counts (
    view       TEXT NOT NULL,
    year       INTEGER NOT NULL,
    region_id  INTEGER NOT NULL REFERENCES regions(id),
    is_sample  INTEGER NOT NULL CHECK (is_sample IN (0, 1)),
    code       TEXT NOT NULL,
    class      TEXT NOT NULL,
    flag       INTEGER NOT NULL CHECK (flag IN (0, 1)),
    count      INTEGER NOT NULL,
    PRIMARY KEY (view, year, region_id, is_sample, code, class, flag)
) WITHOUT ROWID;

CREATE INDEX result_counts_region_year ON result_counts(region_id, year);

INSERT INTO result_counts (view, year, region_id, is_sample, code, class, flag, count)
SELECT view, year, region_id, is_sample, code, class, flag, count(*)
FROM result_items
GROUP BY view, year, region_id, is_sample, code, class, flag;

CREATE INDEX result_items_region_order
    ON result_items(view, year, region_id, rank, program_id, is_sample);
