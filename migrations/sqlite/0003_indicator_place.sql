-- Indicator rows carry their evaluation's region and year, indexed with the indicator's name,
-- so one indicator's history in a city reads only that city's rows (at province scale a common
-- indicator name has tens of thousands of rows, almost all elsewhere).

ALTER TABLE indicators ADD COLUMN region_id INTEGER REFERENCES regions(id);
ALTER TABLE indicators ADD COLUMN year INTEGER;
UPDATE indicators SET
    region_id = (SELECT e.region_id FROM evaluations e WHERE e.id = indicators.evaluation_id),
    year = (SELECT e.year FROM evaluations e WHERE e.id = indicators.evaluation_id);
DROP INDEX indicators_name;
CREATE INDEX indicators_name_place ON indicators(name, region_id, year);
