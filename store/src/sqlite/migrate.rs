//! Schema migrations: the numbered SQL files of `migrations/sqlite/`, embedded at compile time and
//! applied by `rusqlite_migration`, the schema version kept in SQLite's `user_version` (the
//! scheme the store has always used, so existing databases carry on from their version).
//!
//! Every pending migration runs in one transaction: a database is either at its old version or
//! at the newest, never between. Foreign keys are switched off while migrating (SQLite's own
//! procedure for rebuilding a table that others refer to, which `0004` and `0013` do). They copy
//! every id as it is, so no reference can break; `PRAGMA foreign_key_check` on a migrated
//! database is asserted by `server/tests/upgrade.rs` rather than run at every upgrade, where at
//! province scale it would read the whole file once more.

use rusqlite::Connection;
use rusqlite_migration::{M, Migrations};

/// The migration files, in order; the schema version is the number applied.
pub(crate) const FILES: &[(&str, &str)] = &[
    (
        "0001_schema.sql",
        include_str!("../../../migrations/sqlite/0001_schema.sql"),
    ),
    (
        "0002_rollups.sql",
        include_str!("../../../migrations/sqlite/0002_rollups.sql"),
    ),
    (
        "0003_indicator_place.sql",
        include_str!("../../../migrations/sqlite/0003_indicator_place.sql"),
    ),
    (
        "0004_narrow_evaluations.sql",
        include_str!("../../../migrations/sqlite/0004_narrow_evaluations.sql"),
    ),
    (
        "0005_accounts.sql",
        include_str!("../../../migrations/sqlite/0005_accounts.sql"),
    ),
    (
        "0006_drafts.sql",
        include_str!("../../../migrations/sqlite/0006_drafts.sql"),
    ),
    (
        "0007_level2_rollups.sql",
        include_str!("../../../migrations/sqlite/0007_level2_rollups.sql"),
    ),
    (
        "0008_findings_index.sql",
        include_str!("../../../migrations/sqlite/0008_findings_index.sql"),
    ),
    (
        "0009_indicator_catalogue.sql",
        include_str!("../../../migrations/sqlite/0009_indicator_catalogue.sql"),
    ),
    (
        "0010_budget_cuts_index.sql",
        include_str!("../../../migrations/sqlite/0010_budget_cuts_index.sql"),
    ),
    (
        "0011_shared_state.sql",
        include_str!("../../../migrations/sqlite/0011_shared_state.sql"),
    ),
    (
        "0012_draft_queue.sql",
        include_str!("../../../migrations/sqlite/0012_draft_queue.sql"),
    ),
    (
        "0013_ungraded.sql",
        include_str!("../../../migrations/sqlite/0013_ungraded.sql"),
    ),
    (
        "0014_results.sql",
        include_str!("../../../migrations/sqlite/0014_results.sql"),
    ),
    (
        "0015_official_observations.sql",
        include_str!("../../../migrations/sqlite/0015_official_observations.sql"),
    ),
    (
        "0016_result_counts.sql",
        include_str!("../../../migrations/sqlite/0016_result_counts.sql"),
    ),
    (
        "0017_region_year_provenance.sql",
        include_str!("../../../migrations/sqlite/0017_region_year_provenance.sql"),
    ),
    (
        "0018_kept_briefings.sql",
        include_str!("../../../migrations/sqlite/0018_kept_briefings.sql"),
    ),
];

/// Why the schema could not be brought up to date.
#[derive(Debug, thiserror::Error)]
pub enum MigrationError {
    /// The file was written by a newer FundLens.
    #[error("the database is at schema version {found}, newer than this program's {known}")]
    NewerThanProgram {
        /// The database's version.
        found: usize,
        /// The newest version this program knows.
        known: usize,
    },
    /// A migration failed; the database stays at its previous version.
    #[error("migrating the database failed (nothing was changed): {0}")]
    Failed(#[from] rusqlite_migration::Error),
    /// SQLite failed around the migrations (reading the version, switching foreign keys).
    #[error("database error while migrating: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// A PostgreSQL migration failed (the file and the error); the database stays at its
    /// previous version.
    #[error("migrating the database failed (nothing was changed): {0}")]
    Postgres(String),
}

fn migrations() -> Migrations<'static> {
    Migrations::new(FILES.iter().map(|(_, sql)| M::up(sql)).collect())
}

/// The schema version of the database (`user_version`).
pub(crate) fn version(connection: &Connection) -> rusqlite::Result<usize> {
    connection.query_row("PRAGMA user_version", [], |row| row.get(0))
}

/// Applies every migration the database has not seen yet, all in one transaction; returns how
/// many were applied. When it applies any, it leaves foreign keys off, the journal in rollback
/// mode and a large cache: the caller configures the connection afterwards.
///
/// # Errors
/// When the database is newer than this program, or a migration fails (the database then
/// stays at its previous version).
pub(crate) fn migrate(connection: &mut Connection) -> Result<usize, MigrationError> {
    let current = version(connection)?;
    if current > FILES.len() {
        return Err(MigrationError::NewerThanProgram {
            found: current,
            known: FILES.len(),
        });
    }
    if current == FILES.len() {
        return Ok(0);
    }
    // Outside any transaction: SQLite ignores this pragma inside one.
    connection.pragma_update(None, "foreign_keys", "OFF")?;
    // A migration may rewrite most of the file (0004 moves every stored document): a large page
    // cache, and a rollback journal instead of the WAL, which would hold a second copy of every
    // page written (the pages a migration appends need no journal at all). The caller sets its
    // own journal mode and cache size afterwards.
    connection.pragma_update(None, "journal_mode", "DELETE")?;
    connection.pragma_update(None, "cache_size", MIGRATION_CACHE_KIB)?;
    migrations().to_latest(connection)?;
    Ok(FILES.len() - current)
}

/// SQLite's page cache while migrating: 256 MiB (a negative `cache_size` is in KiB).
const MIGRATION_CACHE_KIB: i64 = -262_144;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_migration_list_is_valid() {
        migrations().validate().expect("valid migrations");
    }

    #[test]
    fn every_file_of_the_migrations_folder_is_listed_in_order() {
        let folder = concat!(env!("CARGO_MANIFEST_DIR"), "/../migrations/sqlite");
        let mut files: Vec<String> = std::fs::read_dir(folder)
            .expect("migrations folder")
            .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
            .filter(|name| name.ends_with(".sql"))
            .collect();
        files.sort();
        let listed: Vec<&str> = FILES.iter().map(|(name, _)| *name).collect();
        assert_eq!(files, listed);
    }

    #[test]
    fn migrations_apply_to_an_empty_database_and_twice_is_a_no_op() {
        let mut connection = Connection::open_in_memory().expect("memory db");
        assert_eq!(migrate(&mut connection).expect("migrates"), FILES.len());
        assert_eq!(version(&connection).expect("version"), FILES.len());
        assert_eq!(migrate(&mut connection).expect("no-op"), 0);
        let tables: i64 = connection
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table'",
                [],
                |row| row.get(0),
            )
            .expect("count");
        // 15 of the evaluations (0001–0004), 6 of accounts and history (0005) with SQLite's
        // own `sqlite_sequence`, 3 of documents and drafts (0006), the level-2 rollups (0007),
        // the indicator catalogue (0009), the generation and the login failures (0011), and
        // 结果应用's rows with the list of region-years pending (0014), and their counts
        // per region (0016), and the kept briefings (0018).
        assert_eq!(tables, 33);
        let check: String = connection
            .query_row("PRAGMA integrity_check", [], |row| row.get(0))
            .expect("check");
        assert_eq!(check, "ok");
    }

    /// Version 15 marks the figures reports wrote among a version-14 database's observations
    /// by their source, and lists the region-years with an official figure for 结果应用.
    #[test]
    fn the_reports_figures_are_told_from_official_ones_on_upgrade() {
        let mut connection = Connection::open_in_memory().expect("memory db");
        Migrations::new(FILES[..14].iter().map(|(_, sql)| M::up(sql)).collect())
            .to_latest(&mut connection)
            .expect("version 14");
        connection
            .execute_batch(
                "INSERT INTO regions (id, name, kind) VALUES (1, '赫山区', 'district'), (2, '资阳区', 'district');
                 INSERT INTO sources (id, kind, title) VALUES (1, 'document', '自评报告'), (2, 'document', '统计公报');
                 INSERT INTO programs (id, name) VALUES (1, '专项资金');
                 INSERT INTO evaluations (id, program_id, region_id, year, source_id, is_sample,
                     execution_score, total, complete, finding_count, needs_benchmark, imported_at)
                 VALUES (1, 1, 1, 2024, 1, 0, 0, 0, 1, 0, 0, '2026-01-01');
                 DELETE FROM result_items_pending;
                 INSERT INTO observations VALUES
                     (1, 'industrial_value_added_growth', 2024, 0, 6800000, NULL, 1),
                     (1, 'industrial_investment_growth', 2024, 0, 12000000, NULL, 2),
                     (2, 'industrial_value_added_growth', 2024, 0, 7000000, NULL, 1);",
            )
            .expect("a version-14 database");
        assert_eq!(
            migrate(&mut connection).expect("migrates"),
            FILES.len() - 14
        );
        let marks: Vec<(i64, String, bool)> = connection
            .prepare("SELECT region_id, metric, from_report FROM observations ORDER BY 1, 2")
            .expect("query")
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
            .expect("rows")
            .collect::<rusqlite::Result<_>>()
            .expect("rows");
        assert_eq!(
            marks,
            [
                (1, "industrial_investment_growth".to_owned(), false),
                (1, "industrial_value_added_growth".to_owned(), true),
                // The report's source, but no report of that region: an official figure.
                (2, "industrial_value_added_growth".to_owned(), false),
            ]
        );
        let pending: Vec<(i64, i32)> = connection
            .prepare("SELECT region_id, year FROM result_items_pending")
            .expect("query")
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
            .expect("rows")
            .collect::<rusqlite::Result<_>>()
            .expect("rows");
        assert_eq!(pending, [(1, 2024)]);
    }

    #[test]
    fn the_views_rows_are_counted_per_region_on_upgrade() {
        let mut connection = Connection::open_in_memory().expect("memory db");
        Migrations::new(FILES[..15].iter().map(|(_, sql)| M::up(sql)).collect())
            .to_latest(&mut connection)
            .expect("version 15");
        connection
            .execute_batch(
                "INSERT INTO regions (id, name, kind) VALUES (1, '赫山区', 'district'), (2, '资阳区', 'district');
                 INSERT INTO programs (id, name) VALUES (1, '专项资金'), (2, '产业资金');
                 INSERT INTO result_items (region_id, year, view, evaluation_id, position, program_id,
                     is_sample, code, class, flag, rank, item) VALUES
                     (1, 2024, 'budget', 10, 0, 1, 0, 'budget_cut', 'low', 0, 0, '{}'),
                     (1, 2024, 'budget', 11, 0, 2, 0, 'budget_cut', 'low', 0, 0, '{}'),
                     (1, 2024, 'budget', 12, 0, 2, 1, 'budget_cut', 'low', 0, 0, '{}'),
                     (1, 2024, 'targets', 10, 1, 1, 0, 'target_below_last_actual', '', 1, 0, '{}'),
                     (2, 2024, 'budget', 13, 0, 1, 0, 'budget_cut', 'low', 0, 0, '{}'),
                     (2, 2023, 'budget', 14, 0, 1, 0, 'budget_kept', 'high', 0, 0, '{}');",
            )
            .expect("a version-15 database");
        assert_eq!(
            migrate(&mut connection).expect("migrates"),
            FILES.len() - 15
        );
        let counts: Vec<(String, i32, i64, bool, String, i64)> = connection
            .prepare(
                "SELECT view, year, region_id, is_sample, code, count FROM result_counts
                 ORDER BY region_id, year, view, is_sample",
            )
            .expect("query")
            .query_map([], |row| row.try_into())
            .expect("rows")
            .collect::<rusqlite::Result<_>>()
            .expect("rows");
        let row = |view: &str, year, region, sample, code: &str, count| {
            (
                view.to_owned(),
                year,
                region,
                sample,
                code.to_owned(),
                count,
            )
        };
        assert_eq!(
            counts,
            [
                row("budget", 2024, 1, false, "budget_cut", 2),
                row("budget", 2024, 1, true, "budget_cut", 1),
                row("targets", 2024, 1, false, "target_below_last_actual", 1),
                row("budget", 2023, 2, false, "budget_kept", 1),
                row("budget", 2024, 2, false, "budget_cut", 1),
            ]
        );
    }

    #[test]
    fn a_database_from_a_newer_program_is_refused_untouched() {
        let mut connection = Connection::open_in_memory().expect("memory db");
        connection
            .pragma_update(None, "user_version", FILES.len() + 1)
            .expect("set version");
        let error = migrate(&mut connection).expect_err("refused");
        assert!(
            matches!(error, MigrationError::NewerThanProgram { found, .. } if found == FILES.len() + 1),
            "{error}"
        );
        let tables: i64 = connection
            .query_row("SELECT count(*) FROM sqlite_master", [], |row| row.get(0))
            .expect("count");
        assert_eq!(tables, 0);
    }
}
