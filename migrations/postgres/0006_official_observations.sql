-- Official figures kept (schema version 6): as migrations/sqlite/0015_official_observations.sql
-- (a report's figures never replace an imported official one; `from_report` marks a report's).

ALTER TABLE observations ADD COLUMN from_report BOOLEAN NOT NULL DEFAULT false;

UPDATE observations o SET from_report = true
WHERE EXISTS (
    SELECT 1 FROM evaluations e
    WHERE e.region_id = o.region_id AND e.year = o.year AND e.source_id = o.source_id
);

INSERT INTO result_items_pending
SELECT DISTINCT e.region_id, e.year
FROM evaluations e JOIN observations o
  ON o.region_id = e.region_id AND o.year = e.year AND NOT o.from_report
ON CONFLICT (region_id, year) DO NOTHING;
