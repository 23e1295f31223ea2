-- Narrow hot tables (schema version 4).
--
-- 1. The compressed record and assessment leave `evaluations` for `evaluation_documents`, read
--    only by the drill-down, exports and rescoring: lists, sorts, counts and rollup refreshes
--    then read about a hundred bytes per evaluation instead of kilobytes (at province scale a
--    scan of every evaluation reads tens of megabytes, not the whole 3 GB file).
--    `evaluations` is rebuilt by SQLite's procedure for changing a table that others refer to
--    (create the new table, copy, drop the old, rename); the migration runner switches foreign
--    keys off around it. Every id is copied as it is, so every reference still holds (the
--    upgrade test checks it with PRAGMA foreign_key_check).
-- 2. One index per sort of the evaluation list (see storage/list.rs): total (lowest, highest),
--    year + total (newest), program + year and region + year (by program, by region, and the
--    program and region filters), provenance + total (the source filter).
-- 3. Rollups for the questions every page asks: evaluations per program × year × provenance
--    (the program catalogue and counts of program filters, kept by triggers on every write), and
--    indicator rows per name × region × year × provenance (an indicator's history by year).

CREATE TABLE evaluation_documents (
    evaluation_id  INTEGER PRIMARY KEY REFERENCES evaluations(id) ON DELETE CASCADE,
    record         BLOB NOT NULL,
    assessment     BLOB NOT NULL
);
INSERT INTO evaluation_documents (evaluation_id, record, assessment)
    SELECT id, record, assessment FROM evaluations ORDER BY id;

CREATE TABLE evaluations_narrow (
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
    grade              TEXT NOT NULL CHECK (grade IN ('优', '良', '中', '差')),
    complete           INTEGER NOT NULL CHECK (complete IN (0, 1)),
    declared_total     INTEGER,
    finding_count      INTEGER NOT NULL,
    needs_benchmark    INTEGER NOT NULL CHECK (needs_benchmark IN (0, 1)),
    imported_at        TEXT NOT NULL,
    UNIQUE (program_id, region_id, year)
);
INSERT INTO evaluations_narrow
    SELECT id, program_id, region_id, year, source_id, is_sample, year_start_budget,
           full_year_budget, executed, execution_score, total, grade, complete, declared_total,
           finding_count, needs_benchmark, imported_at
    FROM evaluations ORDER BY id;
DROP TABLE evaluations;
ALTER TABLE evaluations_narrow RENAME TO evaluations;

CREATE INDEX evaluations_total ON evaluations(total);
CREATE INDEX evaluations_year_total ON evaluations(year, total);
CREATE INDEX evaluations_program_year ON evaluations(program_id, year);
CREATE INDEX evaluations_region_year ON evaluations(region_id, year);
CREATE INDEX evaluations_sample_total ON evaluations(is_sample, total);
CREATE INDEX evaluations_needs_benchmark ON evaluations(year) WHERE needs_benchmark = 1;

CREATE TABLE program_year_rollups (
    program_id  INTEGER NOT NULL REFERENCES programs(id),
    year        INTEGER NOT NULL,
    is_sample   INTEGER NOT NULL,
    evaluations INTEGER NOT NULL,
    excellent   INTEGER NOT NULL,
    good        INTEGER NOT NULL,
    fair        INTEGER NOT NULL,
    poor        INTEGER NOT NULL,
    PRIMARY KEY (program_id, year, is_sample)
) WITHOUT ROWID;
INSERT INTO program_year_rollups
    SELECT program_id, year, is_sample, count(*), sum(grade = '优'), sum(grade = '良'),
           sum(grade = '中'), sum(grade = '差')
    FROM evaluations GROUP BY program_id, year, is_sample;

-- Counts move with every insert, delete and change of an evaluation, whichever code writes it.
CREATE TRIGGER evaluations_count_insert AFTER INSERT ON evaluations BEGIN
    INSERT INTO program_year_rollups
        VALUES (NEW.program_id, NEW.year, NEW.is_sample, 1, NEW.grade = '优', NEW.grade = '良',
                NEW.grade = '中', NEW.grade = '差')
        ON CONFLICT (program_id, year, is_sample) DO UPDATE SET
            evaluations = evaluations + 1,
            excellent = excellent + (NEW.grade = '优'),
            good = good + (NEW.grade = '良'),
            fair = fair + (NEW.grade = '中'),
            poor = poor + (NEW.grade = '差');
END;
CREATE TRIGGER evaluations_count_delete AFTER DELETE ON evaluations BEGIN
    UPDATE program_year_rollups SET
        evaluations = evaluations - 1,
        excellent = excellent - (OLD.grade = '优'),
        good = good - (OLD.grade = '良'),
        fair = fair - (OLD.grade = '中'),
        poor = poor - (OLD.grade = '差')
    WHERE program_id = OLD.program_id AND year = OLD.year AND is_sample = OLD.is_sample;
END;
CREATE TRIGGER evaluations_count_update AFTER UPDATE OF program_id, year, is_sample, grade ON evaluations BEGIN
    UPDATE program_year_rollups SET
        evaluations = evaluations - 1,
        excellent = excellent - (OLD.grade = '优'),
        good = good - (OLD.grade = '良'),
        fair = fair - (OLD.grade = '中'),
        poor = poor - (OLD.grade = '差')
    WHERE program_id = OLD.program_id AND year = OLD.year AND is_sample = OLD.is_sample;
    INSERT INTO program_year_rollups
        VALUES (NEW.program_id, NEW.year, NEW.is_sample, 1, NEW.grade = '优', NEW.grade = '良',
                NEW.grade = '中', NEW.grade = '差')
        ON CONFLICT (program_id, year, is_sample) DO UPDATE SET
            evaluations = evaluations + 1,
            excellent = excellent + (NEW.grade = '优'),
            good = good + (NEW.grade = '良'),
            fair = fair + (NEW.grade = '中'),
            poor = poor + (NEW.grade = '差');
END;

CREATE TABLE indicator_year_rollups (
    name        TEXT NOT NULL,
    region_id   INTEGER NOT NULL REFERENCES regions(id),
    year        INTEGER NOT NULL,
    is_sample   INTEGER NOT NULL,
    rows        INTEGER NOT NULL,
    score_sum   INTEGER NOT NULL,
    weight_sum  INTEGER NOT NULL,
    PRIMARY KEY (name, region_id, year, is_sample)
) WITHOUT ROWID;
CREATE INDEX indicator_year_rollups_place ON indicator_year_rollups(region_id, year);
-- Evaluations in id order, each one's rows by primary key: the file is read once, in order
-- (left to itself SQLite walks the name index and looks every row up at random).
INSERT INTO indicator_year_rollups
    SELECT i.name, e.region_id, e.year, e.is_sample, count(*), sum(i.score), sum(i.weight)
    FROM evaluations e NOT INDEXED CROSS JOIN indicators i ON i.evaluation_id = e.id
    GROUP BY i.name, e.region_id, e.year, e.is_sample;
