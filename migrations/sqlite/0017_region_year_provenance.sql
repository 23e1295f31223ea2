-- Where a region-year's evaluations come from, read from the index alone (schema version 17):
-- `evaluations_region_year` also holds each row's provenance kind and source. Every table's
-- provenance line (a download's, a briefing's) asks whether the scope has sample rows and which
-- sources its real rows come from; with only (region_id, year) indexed, SQLite walked
-- `evaluations_sample_total` through the sample rows until one lay in the region-year — a
-- county's early year read a few thousand rows, a region without sample rows all of them, and
-- the provenance was 28% of a region briefing's time on the province sample. The wider index
-- serves every query the old one served (the same leading columns) and costs no extra index
-- on a write.

DROP INDEX evaluations_region_year;
CREATE INDEX evaluations_region_year ON evaluations(region_id, year, is_sample, source_id);
