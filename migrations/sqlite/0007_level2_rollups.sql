-- Indicator rows per region × year × provenance × level-2 group as written (schema version 7),
-- recomputed with the other region rollups at every import: the 区县对比 grid of a province's
-- cities reads a few thousand rows instead of a year's 600,000 indicator rows.

CREATE TABLE level2_year_rollups (
    region_id   INTEGER NOT NULL REFERENCES regions(id),
    year        INTEGER NOT NULL,
    is_sample   INTEGER NOT NULL,
    level2      TEXT NOT NULL,
    rows        INTEGER NOT NULL,
    score_sum   INTEGER NOT NULL,
    weight_sum  INTEGER NOT NULL,
    PRIMARY KEY (year, region_id, is_sample, level2)
) WITHOUT ROWID;
-- Evaluations in id order, each one's rows by primary key: the file is read once, in order.
INSERT INTO level2_year_rollups
    SELECT e.region_id, e.year, e.is_sample, i.level2, count(*), sum(i.score), sum(i.weight)
    FROM evaluations e NOT INDEXED CROSS JOIN indicators i ON i.evaluation_id = e.id
    GROUP BY e.region_id, e.year, e.is_sample, i.level2;
