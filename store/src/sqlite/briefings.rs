//! Region briefings kept at write time (migration 0018): the JSON a server computed for a
//! year of a region, read back instead of computed again, forgotten by every write that may
//! change it, and listed where missing so the server can fill them after a write.
//!
//! The store keeps the text and knows when it goes stale; what a briefing says is the
//! server's (`server/src/briefing`), which also decides which briefings are kept.

use std::collections::BTreeSet;
use std::time::Duration;

use fundlens_shared::query::Source;
use rusqlite::{OptionalExtension, Transaction, params};

use super::{Sqlite, StorageError};

/// One briefing as kept: its year, the region asked (`None`: the top of the data) and the
/// records it counts.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct BriefingKey {
    /// The year.
    pub year: i32,
    /// The region asked; `None` for the briefing of the top of the data.
    pub region: Option<String>,
    /// The records counted.
    pub source: Source,
}

impl BriefingKey {
    /// The region as the table keeps it ('' for the top of the data).
    pub(crate) fn region_column(&self) -> &str {
        self.region.as_deref().unwrap_or_default()
    }

    /// The key of a row: its year, its region column, the records counted.
    pub(crate) fn of_row(year: i32, region: String, source: Source) -> Self {
        Self {
            year,
            region: (!region.is_empty()).then_some(region),
            source,
        }
    }
}

/// How long keeping a briefing waits for the writer: long enough for the briefings kept beside
/// it (a row each), far shorter than an import.
const KEEP_WAIT: Duration = Duration::from_millis(250);

/// The kept briefing of a year (`$1`), region (`$2`), source (`$3`) and edition (`$4`). The
/// statements here are both backends' (`$n` binds by position on SQLite too).
pub(crate) const KEPT: &str = "SELECT body FROM briefings
     WHERE year = $1 AND region = $2 AND source = $3 AND edition = $4";

/// The briefings worth keeping that the source `$1` and edition `$2` lack: every region with
/// evaluations in a year, with every region above it, and the top of the data (''), per year,
/// latest year first, the top first.
pub(crate) const MISSING: &str = "WITH RECURSIVE up(id, year) AS (
         SELECT DISTINCT region_id, year FROM region_year_rollups
         UNION
         SELECT r.parent_id, up.year FROM regions r JOIN up ON r.id = up.id
         WHERE r.parent_id IS NOT NULL
     ),
     asked(year, region) AS (
         SELECT up.year, r.name FROM up JOIN regions r ON r.id = up.id
         UNION
         SELECT DISTINCT year, '' FROM region_year_rollups
     )
     SELECT a.year, a.region FROM asked a
     WHERE NOT EXISTS (
         SELECT 1 FROM briefings b
         WHERE b.year = a.year AND b.region = a.region AND b.source = $1 AND b.edition = $2
     )
     ORDER BY a.year DESC, a.region";

impl Sqlite {
    /// The briefing kept for `key` by the code `edition`, as JSON, if it is kept.
    ///
    /// # Errors
    /// When the store fails.
    pub fn kept_briefing(
        &self,
        key: &BriefingKey,
        edition: &str,
    ) -> Result<Option<String>, StorageError> {
        self.read(|connection| {
            Ok(connection
                .prepare_cached(KEPT)?
                .query_row(
                    params![key.year, key.region_column(), key.source.code(), edition],
                    |row| row.get(0),
                )
                .optional()?)
        })
    }

    /// Keeps `body`, the briefing of `key` by `edition` computed from the data of
    /// `generation`, if that generation is still the store's (a write since may have changed
    /// what it says), its region exists and its year has evaluations (a reader asking every
    /// year there is must not fill the disk); whether it was kept. Waits for the writer only as
    /// long as other briefings take to keep ([`KEEP_WAIT`]): while a write holds it (an import
    /// of minutes) the briefing is not kept — the write will move the generation anyway — and
    /// it is filled after.
    ///
    /// # Errors
    /// When the store fails.
    pub fn keep_briefing(
        &self,
        key: &BriefingKey,
        edition: &str,
        generation: i64,
        body: &str,
    ) -> Result<bool, StorageError> {
        let Some(connection) = self.writer.try_lock_for(KEEP_WAIT) else {
            return Ok(false);
        };
        {
            // Alone on the writer connection: no write can land between the check and the row.
            let kept = connection
                .prepare_cached(
                    "INSERT INTO briefings (year, region, source, edition, body)
                     SELECT ?1, ?2, ?3, ?4, ?5
                     WHERE (SELECT generation FROM store_state WHERE id = 1) = ?6
                       AND (?2 = '' OR EXISTS (SELECT 1 FROM regions WHERE name = ?2))
                       AND EXISTS (SELECT 1 FROM region_year_rollups WHERE year = ?1)
                     ON CONFLICT (year, region, source)
                     DO UPDATE SET edition = excluded.edition, body = excluded.body",
                )?
                .execute(params![
                    key.year,
                    key.region_column(),
                    key.source.code(),
                    edition,
                    body,
                    generation
                ])?;
            Ok(kept > 0)
        }
    }

    /// The briefings of `source` worth keeping (every region with evaluations in a year and
    /// every region above it, and the top of the data) that `edition` has not kept, latest
    /// year first.
    ///
    /// # Errors
    /// When the store fails.
    pub fn briefings_missing(
        &self,
        source: Source,
        edition: &str,
    ) -> Result<Vec<BriefingKey>, StorageError> {
        self.read(|connection| {
            let mut statement = connection.prepare_cached(MISSING)?;
            let rows = statement.query_map(params![source.code(), edition], |row| {
                Ok(BriefingKey::of_row(row.get(0)?, row.get(1)?, source))
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }
}

/// Forgets the briefings the evaluations of `touched` region-years may have changed: those of
/// each region and every region above it, and the top of the data's, for the year and the year
/// after (a year's briefing compares it with the year before; its 结果应用 reads both).
pub(super) fn forget_briefings(
    transaction: &Transaction<'_>,
    touched: &BTreeSet<(i64, i32)>,
) -> rusqlite::Result<()> {
    let mut forget = transaction.prepare_cached(
        "WITH RECURSIVE up(id) AS (
             SELECT ?1 UNION ALL
             SELECT r.parent_id FROM regions r JOIN up ON r.id = up.id WHERE r.parent_id IS NOT NULL
         )
         DELETE FROM briefings WHERE year IN (?2, ?2 + 1)
           AND (region = '' OR region IN (SELECT r.name FROM regions r JOIN up ON r.id = up.id))",
    )?;
    for (region, year) in touched {
        forget.execute(params![region, year])?;
    }
    Ok(())
}
