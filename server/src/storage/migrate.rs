//! Schema migrations: the numbered SQL files of `migrations/`, embedded at compile time and
//! applied in order at start-up, the schema version kept in SQLite's `user_version`.

use rusqlite::Connection;

/// The migrations, in order; the schema version is the number applied.
pub(crate) const MIGRATIONS: &[(&str, &str)] = &[
    (
        "0001_schema.sql",
        include_str!("../../../migrations/0001_schema.sql"),
    ),
    (
        "0002_rollups.sql",
        include_str!("../../../migrations/0002_rollups.sql"),
    ),
    (
        "0003_indicator_place.sql",
        include_str!("../../../migrations/0003_indicator_place.sql"),
    ),
    (
        "0005_accounts.sql",
        include_str!("../../../migrations/0005_accounts.sql"),
    ),
    (
        "0006_drafts.sql",
        include_str!("../../../migrations/0006_drafts.sql"),
    ),
];

/// Applies every migration the database has not seen yet, each in its own transaction.
///
/// # Errors
/// When a migration fails (the database then stays at the last good version) or the database
/// is newer than this program.
pub(crate) fn migrate(connection: &mut Connection) -> rusqlite::Result<usize> {
    let current: usize = connection.query_row("PRAGMA user_version", [], |row| row.get(0))?;
    if current > MIGRATIONS.len() {
        return Err(rusqlite::Error::InvalidParameterName(format!(
            "the database is at schema version {current}, newer than this program's {}",
            MIGRATIONS.len()
        )));
    }
    for (version, (_, sql)) in MIGRATIONS.iter().enumerate().skip(current) {
        let transaction = connection.transaction()?;
        transaction.execute_batch(sql)?;
        transaction.pragma_update(None, "user_version", version + 1)?;
        transaction.commit()?;
    }
    Ok(MIGRATIONS.len() - current)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_of_the_migrations_folder_is_listed_in_order() {
        let folder = concat!(env!("CARGO_MANIFEST_DIR"), "/../migrations");
        let mut files: Vec<String> = std::fs::read_dir(folder)
            .expect("migrations folder")
            .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
            .filter(|name| name.ends_with(".sql"))
            .collect();
        files.sort();
        let listed: Vec<&str> = MIGRATIONS.iter().map(|(name, _)| *name).collect();
        assert_eq!(files, listed);
    }

    #[test]
    fn migrations_apply_to_an_empty_database_and_twice_is_a_no_op() {
        let mut connection = Connection::open_in_memory().expect("memory db");
        assert_eq!(
            migrate(&mut connection).expect("migrates"),
            MIGRATIONS.len()
        );
        assert_eq!(migrate(&mut connection).expect("no-op"), 0);
        let tables: i64 = connection
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table'",
                [],
                |row| row.get(0),
            )
            .expect("count");
        // 12 of the evaluations, 6 of accounts and history, SQLite's own `sqlite_sequence`,
        // 3 of documents and drafts.
        assert_eq!(tables, 22);
        let check: String = connection
            .query_row("PRAGMA integrity_check", [], |row| row.get(0))
            .expect("check");
        assert_eq!(check, "ok");
    }
}
