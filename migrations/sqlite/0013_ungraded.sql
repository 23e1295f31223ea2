-- Records that say nothing are not graded (schema version 13, issue 19.8): an evaluation
-- without indicator rows or without its funding block is kept with a finding (`no_indicators`,
-- `no_funding`) and no grade, so `evaluations.grade` may be NULL (未评级).
--
-- 1. `evaluations` is rebuilt by SQLite's procedure for changing a column (as 0004 did): the
--    new table, every row copied with its id, the old dropped, the new renamed; its indexes and
--    triggers made again. The program counts' triggers compare with `IS`, so an ungraded record
--    counts among the evaluations and in no grade.
-- 2. `region_year_rollups` keeps the totals of graded records only (an ungraded record's total
--    is a part of a score): its lowest and highest total are NULL where no record is graded.
--    The table is derived, so it is made again from `evaluations` (nothing is lost).

CREATE TABLE evaluations_ungraded (
    id                 INTEGER PRIMARY KEY,
    program_id         INTEGER NOT NULL REFERENCES programs(id),
    region_id          INTEGER NOT NULL REFERENCES regions(id),
    year               INTEGER NOT NULL,
    source_id          INTEGER NOT NULL REFERENCES sources(id),
    is_sample          INTEGER NOT NULL CHECK (is_sample IN (0, 1)),
    year_start_budget  INTEGER,
    full_year_budget   INTEGER,
    executed           INTEGER,
    execution_score    INTEGER NOT NULL,
    total              INTEGER NOT NULL,
    grade              TEXT CHECK (grade IN ('优', '良', '中', '差')),
    complete           INTEGER NOT NULL CHECK (complete IN (0, 1)),
    declared_total     INTEGER,
    finding_count      INTEGER NOT NULL,
    needs_benchmark    INTEGER NOT NULL CHECK (needs_benchmark IN (0, 1)),
    imported_at        TEXT NOT NULL,
    UNIQUE (program_id, region_id, year)
);
INSERT INTO evaluations_ungraded
    SELECT id, program_id, region_id, year, source_id, is_sample, year_start_budget,
           full_year_budget, executed, execution_score, total, grade, complete, declared_total,
           finding_count, needs_benchmark, imported_at
    FROM evaluations ORDER BY id;
DROP TABLE evaluations;
ALTER TABLE evaluations_ungraded RENAME TO evaluations;

CREATE INDEX evaluations_total ON evaluations(total);
CREATE INDEX evaluations_year_total ON evaluations(year, total);
CREATE INDEX evaluations_program_year ON evaluations(program_id, year);
CREATE INDEX evaluations_region_year ON evaluations(region_id, year);
CREATE INDEX evaluations_sample_total ON evaluations(is_sample, total);
CREATE INDEX evaluations_needs_benchmark ON evaluations(year) WHERE needs_benchmark = 1;
CREATE INDEX evaluations_with_findings ON evaluations(year, region_id) WHERE finding_count > 0;
CREATE INDEX evaluations_findings_order ON evaluations(finding_count DESC, total);
CREATE INDEX evaluations_budget_cuts
    ON evaluations(year, is_sample, region_id, program_id, year_start_budget, full_year_budget)
    WHERE full_year_budget < year_start_budget;

CREATE TRIGGER evaluations_count_insert AFTER INSERT ON evaluations BEGIN
    INSERT INTO program_year_rollups
        VALUES (NEW.program_id, NEW.year, NEW.is_sample, 1, NEW.grade IS '优', NEW.grade IS '良',
                NEW.grade IS '中', NEW.grade IS '差')
        ON CONFLICT (program_id, year, is_sample) DO UPDATE SET
            evaluations = evaluations + 1,
            excellent = excellent + (NEW.grade IS '优'),
            good = good + (NEW.grade IS '良'),
            fair = fair + (NEW.grade IS '中'),
            poor = poor + (NEW.grade IS '差');
END;
CREATE TRIGGER evaluations_count_delete AFTER DELETE ON evaluations BEGIN
    UPDATE program_year_rollups SET
        evaluations = evaluations - 1,
        excellent = excellent - (OLD.grade IS '优'),
        good = good - (OLD.grade IS '良'),
        fair = fair - (OLD.grade IS '中'),
        poor = poor - (OLD.grade IS '差')
    WHERE program_id = OLD.program_id AND year = OLD.year AND is_sample = OLD.is_sample;
END;
CREATE TRIGGER evaluations_count_update AFTER UPDATE OF program_id, year, is_sample, grade ON evaluations BEGIN
    UPDATE program_year_rollups SET
        evaluations = evaluations - 1,
        excellent = excellent - (OLD.grade IS '优'),
        good = good - (OLD.grade IS '良'),
        fair = fair - (OLD.grade IS '中'),
        poor = poor - (OLD.grade IS '差')
    WHERE program_id = OLD.program_id AND year = OLD.year AND is_sample = OLD.is_sample;
    INSERT INTO program_year_rollups
        VALUES (NEW.program_id, NEW.year, NEW.is_sample, 1, NEW.grade IS '优', NEW.grade IS '良',
                NEW.grade IS '中', NEW.grade IS '差')
        ON CONFLICT (program_id, year, is_sample) DO UPDATE SET
            evaluations = evaluations + 1,
            excellent = excellent + (NEW.grade IS '优'),
            good = good + (NEW.grade IS '良'),
            fair = fair + (NEW.grade IS '中'),
            poor = poor + (NEW.grade IS '差');
END;

CREATE TABLE region_year_rollups_ungraded (
    region_id          INTEGER NOT NULL REFERENCES regions(id),
    year               INTEGER NOT NULL,
    is_sample          INTEGER NOT NULL,
    evaluations        INTEGER NOT NULL,
    year_start_budget  INTEGER NOT NULL,
    full_year_budget   INTEGER NOT NULL,
    executed           INTEGER NOT NULL,
    total_sum          INTEGER NOT NULL,
    total_min          INTEGER,
    total_max          INTEGER,
    excellent          INTEGER NOT NULL,
    good               INTEGER NOT NULL,
    fair               INTEGER NOT NULL,
    poor               INTEGER NOT NULL,
    findings           INTEGER NOT NULL,
    PRIMARY KEY (region_id, year, is_sample)
) WITHOUT ROWID;
INSERT INTO region_year_rollups_ungraded SELECT * FROM region_year_rollups;
DROP TABLE region_year_rollups;
ALTER TABLE region_year_rollups_ungraded RENAME TO region_year_rollups;
