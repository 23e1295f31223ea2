-- Region briefings kept at write time (schema version 18; PostgreSQL's migration 0009).
--
-- A region's 简报 gathers a dozen questions (two years compared, the lowest funds, budget cuts,
-- the four views of 结果应用, the key metrics): 5-20 ms of CPU each at province scale, so 32
-- leaders opening 32 different regions' overviews after a write wait on one another. The
-- server keeps each briefing it computes here, as the JSON it answers (`region` is the region
-- asked, '' for the top of the data; `source` the query's code: all, real, sample; `edition`
-- the briefing code that wrote it, so a server whose wording differs never answers another's
-- text), and fills what is missing after every write, so a first answer is one row read.
--
-- A kept briefing is right while nothing it quotes has changed; every write removes the rows
-- it may have changed, in its own transaction:
-- - evaluations of a region-year (any import, replacement, delete, restore): the briefings of
--   that region and every region above it, and the top's, for that year and the year after
--   (a year's briefing compares it with the year before, and its 结果应用 reads both), in
--   `refresh_rollups` (store/src/sqlite/briefings.rs);
-- - observations of a year (the metrics sentence quotes the province's figure and a region's
--   rank; a region without figures quotes its parent's): every briefing of that year and the
--   year after, by the triggers below;
-- - regions (a new region, a merge, a new top of the data): every briefing.
-- A briefing computed from a generation is kept only while the generation is still that one
-- (store/src/sqlite/briefings.rs), so a write that lands during its computation is never
-- hidden behind it. Derived, like the rollups.

CREATE TABLE briefings (
    year     INTEGER NOT NULL,
    region   TEXT NOT NULL,
    source   TEXT NOT NULL,
    edition  TEXT NOT NULL,
    body     TEXT NOT NULL,
    PRIMARY KEY (year, region, source)
) WITHOUT ROWID;

CREATE TRIGGER observations_insert_briefings AFTER INSERT ON observations
BEGIN DELETE FROM briefings WHERE year IN (NEW.year, NEW.year + 1); END;
CREATE TRIGGER observations_update_briefings AFTER UPDATE ON observations
BEGIN DELETE FROM briefings WHERE year IN (OLD.year, OLD.year + 1, NEW.year, NEW.year + 1); END;
CREATE TRIGGER observations_delete_briefings AFTER DELETE ON observations
BEGIN DELETE FROM briefings WHERE year IN (OLD.year, OLD.year + 1); END;
CREATE TRIGGER regions_insert_briefings AFTER INSERT ON regions
BEGIN DELETE FROM briefings; END;
-- Start-up sets every region's parent and merge again: only a change forgets.
CREATE TRIGGER regions_update_briefings AFTER UPDATE ON regions
WHEN OLD.name IS NOT NEW.name OR OLD.kind IS NOT NEW.kind OR OLD.parent_id IS NOT NEW.parent_id
     OR OLD.statistics_region_id IS NOT NEW.statistics_region_id
BEGIN DELETE FROM briefings; END;
CREATE TRIGGER regions_delete_briefings AFTER DELETE ON regions
BEGIN DELETE FROM briefings; END;
