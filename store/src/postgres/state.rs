//! The data generation and the login throttle's counts on PostgreSQL (migration 0002), as
//! `sqlite/shared_state.rs` keeps them on SQLite.

use super::Postgres;
use crate::{LoginFailures, StorageError};

impl Postgres {
    /// The data generation (see [`crate::Store::generation`]). Read where the dashboard's
    /// questions are read (the replica when there is one): an answer kept under the generation
    /// read before it is then never older than that generation, however far the replica lags.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn generation(&self) -> Result<i64, StorageError> {
        let client = self.reader().await?;
        let statement = client
            .prepare_cached("SELECT generation FROM store_state WHERE id = 1")
            .await?;
        Ok(client.query_one(&statement, &[]).await?.get(0))
    }

    /// See [`crate::Store::login_failures`].
    ///
    /// # Errors
    /// When the database fails.
    pub async fn login_failures(
        &self,
        keys: &[String],
    ) -> Result<Vec<LoginFailures>, StorageError> {
        let client = self.client().await?;
        let statement = client
            .prepare_cached("SELECT count, last_at_ms FROM login_failures WHERE key = $1")
            .await?;
        let mut found = Vec::with_capacity(keys.len());
        for key in keys {
            found.push(
                client
                    .query_opt(&statement, &[key])
                    .await?
                    .map(|row| LoginFailures {
                        count: row.get(0),
                        last_at_ms: row.get(1),
                    })
                    .unwrap_or_default(),
            );
        }
        Ok(found)
    }

    /// See [`crate::Store::login_failed`]. Counted by one statement per key (an upsert that
    /// adds one), so attempts on several servers at once all count.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn login_failed(
        &self,
        keys: &[String],
        now_ms: i64,
        forget_before_ms: i64,
    ) -> Result<(), StorageError> {
        let client = self.client().await?;
        client
            .execute(
                "DELETE FROM login_failures WHERE last_at_ms < $1",
                &[&forget_before_ms],
            )
            .await?;
        let statement = client
            .prepare_cached(
                "INSERT INTO login_failures AS f (key, count, last_at_ms) VALUES ($1, 1, $2)
                 ON CONFLICT (key) DO UPDATE SET count = f.count + 1, last_at_ms = excluded.last_at_ms",
            )
            .await?;
        for key in keys {
            client.execute(&statement, &[key, &now_ms]).await?;
        }
        Ok(())
    }

    /// See [`crate::Store::login_succeeded`].
    ///
    /// # Errors
    /// When the database fails.
    pub async fn login_succeeded(&self, keys: &[String]) -> Result<(), StorageError> {
        let client = self.client().await?;
        client
            .execute("DELETE FROM login_failures WHERE key = ANY($1)", &[&keys])
            .await?;
        Ok(())
    }
}
