-- Records that say nothing are not graded (schema version 4, issue 19.8; SQLite's 0013): an
-- evaluation without indicator rows or without its funding block is kept with a finding and no
-- grade, so `evaluations.grade` may be NULL (未评级). `program_year_count` already counts a
-- NULL grade in no grade. `region_year_rollups` keeps the totals of graded records only: its
-- lowest and highest total are NULL where no record is graded.
ALTER TABLE evaluations ALTER COLUMN grade DROP NOT NULL;
ALTER TABLE region_year_rollups ALTER COLUMN total_min DROP NOT NULL;
ALTER TABLE region_year_rollups ALTER COLUMN total_max DROP NOT NULL;
