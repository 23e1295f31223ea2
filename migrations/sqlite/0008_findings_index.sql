-- The evaluations the audit found something in (schema version 8): a partial index, so the
-- list's 有审核发现 filter (`findings=with`) and its count read only those rows.

CREATE INDEX evaluations_with_findings ON evaluations(year, region_id) WHERE finding_count > 0;
