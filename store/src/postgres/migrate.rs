//! Schema migrations on PostgreSQL: the numbered SQL files of `migrations/postgres/`, embedded
//! at compile time, the version kept in `schema_version`. Every pending file runs in one
//! transaction (PostgreSQL's DDL is transactional): a database is at its old version or the
//! newest, never between. A start-up holds an advisory lock while it migrates, so two servers
//! starting at once migrate once. A database from a newer FundLens is refused untouched.

use super::{Client, MIGRATION_LOCK};
use crate::{MigrationError, StorageError};

/// The migration files, in order; the schema version is the number applied.
pub const FILES: &[(&str, &str)] = &[
    (
        "0001_schema.sql",
        include_str!("../../../migrations/postgres/0001_schema.sql"),
    ),
    (
        "0002_shared_state.sql",
        include_str!("../../../migrations/postgres/0002_shared_state.sql"),
    ),
    (
        "0003_draft_queue.sql",
        include_str!("../../../migrations/postgres/0003_draft_queue.sql"),
    ),
    (
        "0004_ungraded.sql",
        include_str!("../../../migrations/postgres/0004_ungraded.sql"),
    ),
    (
        "0005_results.sql",
        include_str!("../../../migrations/postgres/0005_results.sql"),
    ),
    (
        "0006_official_observations.sql",
        include_str!("../../../migrations/postgres/0006_official_observations.sql"),
    ),
    (
        "0007_result_counts.sql",
        include_str!("../../../migrations/postgres/0007_result_counts.sql"),
    ),
    (
        "0008_region_year_provenance.sql",
        include_str!("../../../migrations/postgres/0008_region_year_provenance.sql"),
    ),
    (
        "0009_kept_briefings.sql",
        include_str!("../../../migrations/postgres/0009_kept_briefings.sql"),
    ),
];

/// Applies the files after the database's version up to `target` (all of them: `FILES.len()`),
/// in one transaction; returns how many were applied.
///
/// # Errors
/// [`MigrationError::NewerThanProgram`] for a database newer than this program; a failing
/// migration (nothing is then changed).
pub(crate) async fn migrate_to(client: &mut Client, target: usize) -> Result<usize, StorageError> {
    let transaction = client.transaction().await?;
    transaction
        .execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
        .await?;
    transaction
        .batch_execute(
            "CREATE TABLE IF NOT EXISTS schema_version (
                 id INTEGER PRIMARY KEY CHECK (id = 1),
                 version INTEGER NOT NULL
             )",
        )
        .await?;
    let current: i32 = transaction
        .query_opt("SELECT version FROM schema_version WHERE id = 1", &[])
        .await?
        .map_or(0, |row| row.get(0));
    let current = usize::try_from(current).unwrap_or(0);
    if current > FILES.len() {
        return Err(MigrationError::NewerThanProgram {
            found: current,
            known: FILES.len(),
        }
        .into());
    }
    if current >= target {
        return Ok(0);
    }
    for (name, sql) in &FILES[current..target] {
        transaction.batch_execute(sql).await.map_err(|error| {
            StorageError::from(MigrationError::Postgres(format!("{name}: {error}")))
        })?;
    }
    let version = i32::try_from(target).unwrap_or(i32::MAX);
    transaction
        .execute(
            "INSERT INTO schema_version (id, version) VALUES (1, $1)
             ON CONFLICT (id) DO UPDATE SET version = excluded.version",
            &[&version],
        )
        .await?;
    transaction.commit().await?;
    Ok(target - current)
}

/// Applies every migration the database has not seen yet; see [`migrate_to`].
///
/// # Errors
/// As [`migrate_to`].
pub(crate) async fn migrate(client: &mut Client) -> Result<usize, StorageError> {
    migrate_to(client, FILES.len()).await
}

#[cfg(test)]
#[cfg(test)]
/// The database's schema version (0 for an empty database).
///
/// # Errors
/// When the database fails.
pub(crate) async fn version(client: &Client) -> Result<usize, StorageError> {
    let exists: bool = client
        .query_one("SELECT to_regclass('schema_version') IS NOT NULL", &[])
        .await?
        .get(0);
    if !exists {
        return Ok(0);
    }
    let version: Option<i32> = client
        .query_opt("SELECT version FROM schema_version WHERE id = 1", &[])
        .await?
        .map(|row| row.get(0));
    Ok(version.map_or(0, |v| usize::try_from(v).unwrap_or(0)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::postgres::{Postgres, testing::fresh_database};

    #[test]
    fn every_file_of_the_migrations_folder_is_listed_in_order() {
        let folder = concat!(env!("CARGO_MANIFEST_DIR"), "/../migrations/postgres");
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
    fn every_conflict_clause_names_its_target() {
        for (name, sql) in FILES {
            let sql: String = sql
                .lines()
                .map(|line| line.split("--").next().unwrap_or(""))
                .collect::<Vec<_>>()
                .join("\n");
            for (at, _) in sql.match_indices("ON CONFLICT") {
                let rest = sql[at + "ON CONFLICT".len()..].trim_start();
                assert!(
                    rest.starts_with('('),
                    "{name}: ON CONFLICT without a target"
                );
            }
        }
    }

    #[tokio::test]
    async fn migrations_apply_once_and_a_newer_database_is_refused_untouched() {
        let Some(url) = fresh_database("migrate").await else {
            return;
        };
        let database = Postgres::open(&url, None)
            .await
            .expect("opens and migrates");
        let mut client = database.client().await.expect("client");
        assert_eq!(version(&client).await.expect("version"), FILES.len());
        assert_eq!(migrate(&mut client).await.expect("no-op"), 0);
        client
            .execute("UPDATE schema_version SET version = version + 1", &[])
            .await
            .expect("pretend a newer program wrote it");
        drop(client);
        let error = Postgres::open(&url, None).await.expect_err("refused");
        assert!(
            matches!(
                error,
                StorageError::Migration(MigrationError::NewerThanProgram { found, .. }) if found == FILES.len() + 1
            ),
            "{error}"
        );
    }

    /// The previous release on PostgreSQL is schema version 1 (migrations/postgres/0001): a
    /// database at that version, filled by that release's import path, opened by this program.
    #[tokio::test]
    async fn a_database_of_the_previous_release_is_upgraded_with_its_data() {
        use fundlens_sample::{SampleSpec, Scale};
        use fundlens_shared::scoring::ScoringPolicy;

        use crate::sqlite::audit_log::Change;

        let Some(url) = fresh_database("upgrade").await else {
            return;
        };
        let previous = Postgres {
            pool: crate::postgres::new_pool(&url).expect("pool"),
            readers: None,
        };
        {
            let mut client = previous.client().await.expect("client");
            assert_eq!(migrate_to(&mut client, 1).await.expect("version 1"), 1);
            // This program's import keeps 结果应用's rows, which release 1 did not: the table
            // is there while the records go in and dropped after, as release 1 left its data.
            let results = FILES
                .iter()
                .find(|(name, _)| name.ends_with("_results.sql"))
                .expect("the migration of 结果应用");
            let counts = FILES
                .iter()
                .find(|(name, _)| name.ends_with("_result_counts.sql"))
                .expect("the migration of 结果应用's counts");
            // Nor did it forget kept briefings (migration 0009).
            let briefings = FILES
                .iter()
                .find(|(name, _)| name.ends_with("_kept_briefings.sql"))
                .expect("the migration of the kept briefings");
            client
                .batch_execute(&format!("{}\n{}\n{}", results.1, counts.1, briefings.1))
                .await
                .expect("the rows' tables for the import");
            // Nor did it mark the report's figures among the observations (migration 0006).
            client
                .batch_execute(
                    "ALTER TABLE observations ADD COLUMN from_report BOOLEAN NOT NULL DEFAULT false",
                )
                .await
                .expect("the mark for the import");
        }
        previous.ensure_catalogue().await.expect("regions");
        let spec = SampleSpec {
            scale: Scale::City,
            seed: fundlens_sample::DEFAULT_SEED,
        };
        let policy = ScoringPolicy::national();
        let change = Change::system("release 1");
        previous
            .add_regions(&fundlens_sample::regions(&spec))
            .await
            .expect("regions");
        let evaluations: Vec<_> = fundlens_sample::evaluations(&spec).take(80).collect();
        previous
            .import_evaluations(&evaluations, &policy, false, &change)
            .await
            .expect("release 1 imports");
        let before = previous
            .list_evaluations(
                &crate::EvaluationFilter::default(),
                fundlens_shared::query::Sort::Lowest,
                100,
                &crate::Start::Offset(0),
            )
            .await
            .expect("list");
        previous
            .client()
            .await
            .expect("client")
            .batch_execute(
                "DROP TABLE result_counts; DROP TABLE result_items_pending; DROP TABLE result_items;
                 ALTER TABLE observations DROP COLUMN from_report;
                 DROP TABLE briefings; DROP FUNCTION briefings_forget_observation_years() CASCADE;
                 DROP FUNCTION briefings_forget_all() CASCADE;",
            )
            .await
            .expect("release 1 had no rows of 结果应用, no mark on observations, no briefings");
        drop(previous);

        let current = Postgres::open(&url, None).await.expect("upgraded");
        let client = current.client().await.expect("client");
        assert_eq!(version(&client).await.expect("version"), FILES.len());
        let after = current
            .list_evaluations(
                &crate::EvaluationFilter::default(),
                fundlens_shared::query::Sort::Lowest,
                100,
                &crate::Start::Offset(0),
            )
            .await
            .expect("list");
        assert_eq!(
            serde_json::to_string(&before).expect("json"),
            serde_json::to_string(&after).expect("json"),
            "the data reads the same after the upgrade"
        );
        // The reports' figures stored before the mark are recognised as theirs by their source.
        let (reports, official): (i64, i64) = client
            .query_one(
                "SELECT count(*) FILTER (WHERE from_report), count(*) FILTER (WHERE NOT from_report)
                 FROM observations",
                &[],
            )
            .await
            .map(|row| (row.get(0), row.get(1)))
            .expect("observations");
        assert!(reports > 0, "the sample's reports state statistics");
        assert_eq!(official, 0, "nothing but reports wrote them");
        assert!(current.audit_log(None, 1).await.expect("log").chain_intact);
        // 结果应用's rows computed at the first start of this program, the list emptied.
        let (rows, pending): (i64, i64) = {
            let row = client
                .query_one(
                    "SELECT (SELECT count(*) FROM result_items), (SELECT count(*) FROM result_items_pending)",
                    &[],
                )
                .await
                .expect("counts");
            (row.get(0), row.get(1))
        };
        assert!(rows > 0, "{rows}");
        assert_eq!(pending, 0);
        let uncounted: i64 = client
            .query_one(
                "SELECT count(*) FROM (
                     SELECT view, year, region_id, is_sample, code, class, flag, count(*) AS count
                     FROM result_items GROUP BY 1, 2, 3, 4, 5, 6, 7
                     EXCEPT SELECT view, year, region_id, is_sample, code, class, flag, count
                     FROM result_counts) differing",
                &[],
            )
            .await
            .expect("counts")
            .get(0);
        assert_eq!(uncounted, 0, "the rows are counted per region");
        let generation = current.generation().await.expect("generation");
        current
            .import_evaluations(
                &fundlens_sample::evaluations(&spec)
                    .skip(80)
                    .take(1)
                    .collect::<Vec<_>>(),
                &policy,
                false,
                &change,
            )
            .await
            .expect("the upgraded database takes imports");
        assert!(current.generation().await.expect("generation") > generation);
    }
}
