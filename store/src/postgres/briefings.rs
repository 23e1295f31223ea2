//! Region briefings kept at write time on PostgreSQL (migration 0009), as
//! `sqlite/briefings.rs` keeps them on SQLite.

use std::collections::BTreeSet;

use deadpool_postgres::GenericClient;
use fundlens_shared::query::Source;

use super::{Cached, Postgres, write_transaction};
use crate::sqlite::briefings::{KEPT, MISSING};
use crate::{BriefingKey, StorageError};

/// The advisory lock of the server filling the kept briefings ("FLBR").
const FILL_LOCK: i64 = 0x46_4c_42_52;

/// The turn of one server at filling the kept briefings (see `crate::Store::briefing_fill_turn`):
/// a session-level advisory lock held by a connection taken out of the pool, so dropping the
/// turn closes the connection and the lock goes with it, whatever happened meanwhile.
#[derive(Debug)]
pub struct FillTurn {
    _holder: deadpool_postgres::ClientWrapper,
}

impl Postgres {
    /// The turn at filling the kept briefings, unless another server has it.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn briefing_fill_turn(&self) -> Result<Option<FillTurn>, StorageError> {
        let client = self.client().await?;
        let taken: bool = client
            .query_one("SELECT pg_try_advisory_lock($1)", &[&FILL_LOCK])
            .await?
            .get(0);
        Ok(taken.then(|| FillTurn {
            _holder: deadpool_postgres::Object::take(client),
        }))
    }

    /// See [`crate::sqlite::Sqlite::kept_briefing`].
    ///
    /// # Errors
    /// When the database fails.
    pub async fn kept_briefing(
        &self,
        key: &BriefingKey,
        edition: &str,
    ) -> Result<Option<String>, StorageError> {
        let client = self.reader().await?;
        let statement = client.prepare_cached(KEPT).await?;
        Ok(client
            .query_opt(
                &statement,
                &[
                    &key.year,
                    &key.region_column(),
                    &key.source.code(),
                    &edition,
                ],
            )
            .await?
            .map(|row| row.get(0)))
    }

    /// See [`crate::sqlite::Sqlite::keep_briefing`]. Under the writers' lock, so no write can
    /// commit between the generation's check and the row.
    ///
    /// # Errors
    /// When the database fails or is busy with another write.
    pub async fn keep_briefing(
        &self,
        key: &BriefingKey,
        edition: &str,
        generation: i64,
        body: &str,
    ) -> Result<bool, StorageError> {
        write_transaction!(self, StorageError, |transaction| {
            let kept = transaction
                .execute(
                    "INSERT INTO briefings (year, region, source, edition, body)
                     SELECT $1, $2::text, $3, $4, $5
                     WHERE (SELECT generation FROM store_state WHERE id = 1) = $6
                       AND ($2::text = '' OR EXISTS (SELECT 1 FROM regions WHERE name = $2::text))
                       AND EXISTS (SELECT 1 FROM region_year_rollups WHERE year = $1)
                     ON CONFLICT (year, region, source)
                     DO UPDATE SET edition = excluded.edition, body = excluded.body",
                    &[
                        &key.year,
                        &key.region_column(),
                        &key.source.code(),
                        &edition,
                        &body,
                        &generation,
                    ],
                )
                .await?;
            kept > 0
        })
    }

    /// See [`crate::sqlite::Sqlite::briefings_missing`].
    ///
    /// # Errors
    /// When the database fails.
    pub async fn briefings_missing(
        &self,
        source: Source,
        edition: &str,
    ) -> Result<Vec<BriefingKey>, StorageError> {
        let client = self.reader().await?;
        let statement = client.prepare_cached(MISSING).await?;
        Ok(client
            .query(&statement, &[&source.code(), &edition])
            .await?
            .iter()
            .map(|row| BriefingKey::of_row(row.get(0), row.get(1), source))
            .collect())
    }
}

/// See `sqlite/briefings.rs`'s `forget_briefings`: one statement for every touched pair.
pub(crate) async fn forget_briefings(
    client: &impl GenericClient,
    touched: &BTreeSet<(i64, i32)>,
) -> Result<(), StorageError> {
    let regions: Vec<i64> = touched.iter().map(|(region, _)| *region).collect();
    let years: Vec<i32> = touched.iter().map(|(_, year)| *year).collect();
    client
        .execute_cached(
            "WITH RECURSIVE up(id, year) AS (
                 SELECT * FROM unnest($1::bigint[], $2::integer[])
                 UNION
                 SELECT r.parent_id, up.year FROM regions r JOIN up ON r.id = up.id
                 WHERE r.parent_id IS NOT NULL
             ),
             gone(region, year) AS (
                 SELECT r.name, up.year FROM up JOIN regions r ON r.id = up.id
                 UNION SELECT '', year FROM up
             )
             DELETE FROM briefings b USING gone g
             WHERE b.region = g.region AND b.year IN (g.year, g.year + 1)",
            &[
                &regions as &(dyn tokio_postgres::types::ToSql + Sync),
                &years,
            ],
        )
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::postgres::testing::fresh_database;

    /// Two servers on one database: while one fills the briefings the other is told to wait,
    /// and the turn passes once the first gives it up.
    #[tokio::test]
    async fn one_server_at_a_time_has_the_fill_turn() {
        let Some(url) = fresh_database("fill_turn").await else {
            return;
        };
        let first = Postgres::open(&url, None).await.expect("first server");
        let second = Postgres::open(&url, None).await.expect("second server");
        let turn = first
            .briefing_fill_turn()
            .await
            .expect("asked")
            .expect("the first to ask has the turn");
        assert!(second.briefing_fill_turn().await.expect("asked").is_none());
        assert!(
            first.briefing_fill_turn().await.expect("asked").is_none(),
            "the turn is held once, not once per connection"
        );
        drop(turn);
        // Given up as its connection closes.
        for _ in 0..100 {
            if second.briefing_fill_turn().await.expect("asked").is_some() {
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        panic!("the turn was not given up when dropped");
    }
}
