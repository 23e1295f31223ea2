-- The indicator catalogue and the list's order by findings (schema version 9).
--
-- 1. Indicator rows per name counted for the evaluation's region and every region above it
--    (a county's rows count for the county, its city and the province), by year and
--    provenance: the 指标历史 search (`GET /api/indicators?q=&region=`) reads one region's
--    names — a few thousand rows for the whole province — instead of grouping the
--    `indicator_year_rollups` of every region below it (about a million at province scale).
--    Kept in step with `indicator_year_rollups` at every import, replacement, rescoring,
--    delete and restore (storage/import.rs, `refresh_rollups`), by difference: the old counts
--    of a region and year are taken off its ancestors, the new ones added.
-- 2. The list's order by number of findings, most first, lowest total first among equals
--    (`sort=findings`), walked from this index.

CREATE TABLE indicator_catalogue_rollups (
    region_id  INTEGER NOT NULL REFERENCES regions(id),
    year       INTEGER NOT NULL,
    is_sample  INTEGER NOT NULL,
    name       TEXT NOT NULL,
    rows       INTEGER NOT NULL,
    PRIMARY KEY (region_id, year, is_sample, name)
) WITHOUT ROWID;

WITH RECURSIVE up(region_id, ancestor_id) AS (
    SELECT id, id FROM regions
    UNION ALL
    SELECT up.region_id, r.parent_id FROM up JOIN regions r ON r.id = up.ancestor_id
    WHERE r.parent_id IS NOT NULL
)
INSERT INTO indicator_catalogue_rollups (region_id, year, is_sample, name, rows)
    SELECT up.ancestor_id, u.year, u.is_sample, u.name, sum(u.rows)
    FROM indicator_year_rollups u JOIN up ON up.region_id = u.region_id
    GROUP BY up.ancestor_id, u.year, u.is_sample, u.name;

CREATE INDEX evaluations_findings_order ON evaluations(finding_count DESC, total);
