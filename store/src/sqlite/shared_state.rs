//! What several processes on one database share beyond the records (migration 0011): the data
//! generation every committed write of the records moves, and the failed sign-in counts of the
//! login throttle. The throttle's rule (how long to wait) is the server's; this stores counts.

use rusqlite::{OptionalExtension, params};

use super::{Sqlite, StorageError};
use crate::LoginFailures;

impl Sqlite {
    /// The data generation: moved by every committed write of the records (triggers on the
    /// audit log and the regions, in the writing transaction), so every process reading this
    /// file agrees on it.
    ///
    /// # Errors
    /// When the store fails.
    pub fn generation(&self) -> Result<i64, StorageError> {
        self.read(|connection| {
            Ok(connection
                .prepare_cached("SELECT generation FROM store_state WHERE id = 1")?
                .query_row([], |row| row.get(0))?)
        })
    }

    /// The failed sign-ins counted under each of `keys` (absent keys: none).
    ///
    /// # Errors
    /// When the store fails.
    pub fn login_failures(&self, keys: &[String]) -> Result<Vec<LoginFailures>, StorageError> {
        self.read(|connection| {
            let mut statement = connection
                .prepare_cached("SELECT count, last_at_ms FROM login_failures WHERE key = ?1")?;
            keys.iter()
                .map(|key| {
                    Ok(statement
                        .query_row([key], |row| {
                            Ok(LoginFailures {
                                count: row.get(0)?,
                                last_at_ms: row.get(1)?,
                            })
                        })
                        .optional()?
                        .unwrap_or_default())
                })
                .collect()
        })
    }

    /// Counts one failed sign-in under each of `keys` at `now_ms`, and forgets counts last
    /// moved before `forget_before_ms`.
    ///
    /// # Errors
    /// When the store fails.
    pub fn login_failed(
        &self,
        keys: &[String],
        now_ms: i64,
        forget_before_ms: i64,
    ) -> Result<(), StorageError> {
        self.write(|connection| {
            let transaction = connection.transaction()?;
            transaction
                .prepare_cached("DELETE FROM login_failures WHERE last_at_ms < ?1")?
                .execute([forget_before_ms])?;
            let mut count = transaction.prepare_cached(
                "INSERT INTO login_failures (key, count, last_at_ms) VALUES (?1, 1, ?2)
                 ON CONFLICT (key) DO UPDATE SET count = count + 1, last_at_ms = excluded.last_at_ms",
            )?;
            for key in keys {
                count.execute(params![key, now_ms])?;
            }
            drop(count);
            transaction.commit()?;
            Ok(())
        })
    }

    /// Clears the counts of `keys` (a successful sign-in).
    ///
    /// # Errors
    /// When the store fails.
    pub fn login_succeeded(&self, keys: &[String]) -> Result<(), StorageError> {
        self.write(|connection| {
            let mut clear =
                connection.prepare_cached("DELETE FROM login_failures WHERE key = ?1")?;
            for key in keys {
                clear.execute([key])?;
            }
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sqlite::audit_log::Change;

    #[test]
    fn the_generation_moves_with_writes_of_the_records_not_with_sign_ins() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("db.sqlite");
        let one = Sqlite::open(&path).expect("store");
        // A second process on the same file.
        let other = Sqlite::open(&path).expect("store");
        let start = other.generation().expect("generation");
        let change = Change::system("test");
        one.record_event(&change, "login", "user 甲".to_owned(), String::new())
            .expect("login");
        assert_eq!(
            other.generation().expect("generation"),
            start,
            "sign-ins do not count"
        );
        let record = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../data/evaluations/yiyang-2022-advanced-manufacturing.json"),
        )
        .expect("seed");
        let evaluation =
            fundlens_shared::model::Evaluation::from_json(&record).expect("valid record");
        one.import_evaluations(
            &[evaluation],
            &fundlens_shared::scoring::ScoringPolicy::national(),
            false,
            &change,
        )
        .expect("import");
        assert!(
            other.generation().expect("generation") > start,
            "the other process sees the write at once"
        );
    }
}
