//! The region catalogue on PostgreSQL: `shared`'s regions entered at start-up (idempotent), and
//! regions added later, as `sqlite/regions.rs`.

use deadpool_postgres::GenericClient;
use fundlens_shared::region::{REGIONS, Region, RegionKind};

use super::{Postgres, write_transaction};
use crate::StorageError;

/// The stored code of a region kind (`district`, `county_city`, …).
pub(crate) fn kind_code(kind: RegionKind) -> String {
    serde_json::to_value(kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// Enters `regions` that are missing, then links their parents and statistical merges: two
/// set-based statements whatever the number of regions.
pub(crate) async fn upsert_catalogue(
    client: &impl GenericClient,
    regions: &[Region],
) -> Result<(), StorageError> {
    let names: Vec<&str> = regions.iter().map(|r| r.name).collect();
    let kinds: Vec<String> = regions.iter().map(|r| kind_code(r.kind)).collect();
    let parents: Vec<Option<&str>> = regions.iter().map(|r| r.parent).collect();
    let merges: Vec<Option<&str>> = regions.iter().map(|r| r.statistics_merged_into).collect();
    upsert_regions(client, &names, &kinds, &parents, &merges).await
}

/// Inserts regions that are missing (in the order given, so ids follow it) and sets parents and
/// merges for the given names.
pub(crate) async fn upsert_regions(
    client: &impl GenericClient,
    names: &[&str],
    kinds: &[String],
    parents: &[Option<&str>],
    merges: &[Option<&str>],
) -> Result<(), StorageError> {
    client
        .execute(
            "INSERT INTO regions (name, kind)
             SELECT n.name, n.kind FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS n(name, kind, i)
             WHERE NOT EXISTS (SELECT 1 FROM regions r WHERE r.name = n.name)
             ORDER BY n.i
             ON CONFLICT (name) DO NOTHING",
            &[&names, &kinds],
        )
        .await?;
    client
        .execute(
            "UPDATE regions r SET parent_id = p.id, statistics_region_id = m.id
             FROM unnest($1::text[], $2::text[], $3::text[]) AS n(name, parent, merged)
             LEFT JOIN regions p ON p.name = n.parent LEFT JOIN regions m ON m.name = n.merged
             WHERE r.name = n.name
               AND (r.parent_id IS DISTINCT FROM p.id OR r.statistics_region_id IS DISTINCT FROM m.id)",
            &[&names, &parents, &merges],
        )
        .await?;
    Ok(())
}

impl Postgres {
    /// Enters the catalogue's regions (at start-up).
    pub(crate) async fn ensure_catalogue(&self) -> Result<(), StorageError> {
        self.add_regions(REGIONS).await
    }

    /// See [`crate::sqlite::Sqlite::add_regions`].
    ///
    /// # Errors
    /// When the store fails.
    pub async fn add_regions(&self, entries: &[Region]) -> Result<(), StorageError> {
        write_transaction!(self, StorageError, |transaction| {
            upsert_catalogue(&transaction, entries).await?;
        })
    }
}
