-- Official figures kept (schema version 15): a report's section 四(二) figures fill its
-- region's series only where no official figure was imported, and never replace one; an
-- official figure imported later replaces a report's. `from_report` says which a row is, so
-- 交叉核对 can set each report against the official figure (`shared::results::conflicts`).
--
-- Rows stored before this version are marked as a report's when an evaluation of the same
-- region and year has the row's source (a report's figures are stored under the report's
-- source). Where official and report rows share a source title (the generated sample's), the
-- row counts as a report's: the official figure it replaced was not kept before this version.

ALTER TABLE observations ADD COLUMN from_report INTEGER NOT NULL DEFAULT 0
    CHECK (from_report IN (0, 1));

UPDATE observations SET from_report = 1
WHERE EXISTS (
    SELECT 1 FROM evaluations e
    WHERE e.region_id = observations.region_id AND e.year = observations.year
      AND e.source_id = observations.source_id
);

-- The region-years whose reports can now be set against an official figure: computed once at
-- the next start (`sqlite::results::backfill`).
INSERT OR IGNORE INTO result_items_pending
SELECT DISTINCT e.region_id, e.year
FROM evaluations e JOIN observations o
  ON o.region_id = e.region_id AND o.year = e.year AND o.from_report = 0;
