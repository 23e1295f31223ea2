-- 结果应用's counts per region, and its rows by region in order (schema version 7): as
-- migrations/sqlite/0016_result_counts.sql (the same table and index; the table rewritten for
-- a region-year whenever its rows are, `postgres::results`).

CREATE TABLE result_counts (
    view       TEXT NOT NULL,
    year       INTEGER NOT NULL,
    region_id  BIGINT NOT NULL REFERENCES regions(id),
    is_sample  BOOLEAN NOT NULL,
    code       TEXT NOT NULL,
    class      TEXT NOT NULL,
    flag       BOOLEAN NOT NULL,
    count      BIGINT NOT NULL,
    PRIMARY KEY (view, year, region_id, is_sample, code, class, flag)
);

CREATE INDEX result_counts_region_year ON result_counts(region_id, year);

INSERT INTO result_counts (view, year, region_id, is_sample, code, class, flag, count)
SELECT view, year, region_id, is_sample, code, class, flag, count(*)
FROM result_items
GROUP BY view, year, region_id, is_sample, code, class, flag;

CREATE INDEX result_items_region_order
    ON result_items(view, year, region_id, rank, program_id, is_sample, evaluation_id, position);
