-- Where a region-year's evaluations come from, read from the index alone (schema version 8;
-- SQLite's migration 0017): `evaluations_region_year` also holds each row's provenance kind
-- and source, so a provenance line (whether the scope has sample rows, which sources its real
-- rows come from) reads index entries of the region-years asked, never the sample rows of the
-- whole table.

DROP INDEX evaluations_region_year;
CREATE INDEX evaluations_region_year ON evaluations(region_id, year, is_sample, source_id);
