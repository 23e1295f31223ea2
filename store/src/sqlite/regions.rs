//! The region tree in the store: the catalogue from `shared` entered at start-up, regions an
//! admin adds (with their parent), and the lookups imports need (ids, the province above a
//! region for benchmarks, whether a region lies within an editor's).

use std::collections::HashMap;

use fundlens_shared::account::NewRegion;
use fundlens_shared::region::{REGIONS, Region, RegionKind};
use rusqlite::{Connection, OptionalExtension, params};

use super::Sqlite;
use super::audit_log::{Change, Event, append};
use fundlens_shared::error::RecordError;

use super::errors::ImportError;

impl Sqlite {
    /// Adds a region below an existing parent (and, if given, merged statistically into an
    /// existing region), with its audit entry.
    ///
    /// # Errors
    /// [`ImportError::Conflict`] naming `name` when the region exists;
    /// [`ImportError::Invalid`] naming `parent` or `statistics_merged_into` when that region
    /// does not; storage failures.
    pub fn add_region(&self, region: &NewRegion, change: &Change) -> Result<(), ImportError> {
        let problem = |field: &str, message: String| {
            vec![RecordError {
                record: 0,
                key: Some(region.name.clone()),
                field: field.to_owned(),
                message,
            }]
        };
        self.write(|connection| {
            let transaction = connection.transaction()?;
            let mut cache = RegionCache::default();
            if cache.id(&transaction, &region.name)?.is_some() {
                return Err(ImportError::Conflict(problem(
                    "name",
                    format!("地区“{}”已存在", region.name),
                )));
            }
            let mut missing = Vec::new();
            for (field, name) in [
                ("parent", Some(&region.parent)),
                (
                    "statistics_merged_into",
                    region.statistics_merged_into.as_ref(),
                ),
            ] {
                if let Some(name) = name
                    && cache.id(&transaction, name)?.is_none()
                {
                    missing.extend(problem(field, format!("地区“{name}”不在地区目录中")));
                }
            }
            if !missing.is_empty() {
                return Err(ImportError::Invalid(missing));
            }
            let kind = kind_code(region.kind);
            upsert_regions(
                &transaction,
                &[(region.name.clone(), kind.clone())],
                &[(
                    region.name.clone(),
                    Some(region.parent.clone()),
                    region.statistics_merged_into.clone(),
                )],
            )?;
            append(
                &transaction,
                change,
                &Event {
                    action: "region_add",
                    target: format!("region {}", region.name),
                    detail: format!("kind {kind}, parent {}", region.parent),
                    ..Event::default()
                },
            )?;
            transaction.commit()?;
            Ok(())
        })
    }
}

/// The stored code of a region kind (`district`, `county_city`, …).
fn kind_code(kind: RegionKind) -> String {
    serde_json::to_value(kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// Enters the catalogue's regions (idempotent), then links parents and statistical merges.
pub(super) fn ensure_catalogue(connection: &Connection) -> rusqlite::Result<()> {
    upsert_catalogue(connection, REGIONS)
}

/// Enters `regions` that are missing (idempotent), then links their parents and statistical
/// merges.
pub(super) fn upsert_catalogue(
    connection: &Connection,
    regions: &[Region],
) -> rusqlite::Result<()> {
    let kinds: Vec<(String, String)> = regions
        .iter()
        .map(|region| (region.name.to_owned(), kind_code(region.kind)))
        .collect();
    let links: Vec<(String, Option<String>, Option<String>)> = regions
        .iter()
        .map(|r| {
            (
                r.name.to_owned(),
                r.parent.map(str::to_owned),
                r.statistics_merged_into.map(str::to_owned),
            )
        })
        .collect();
    upsert_regions(connection, &kinds, &links)
}

/// Inserts regions that are missing and sets parents and merges for the given names.
pub(crate) fn upsert_regions(
    connection: &Connection,
    kinds: &[(String, String)],
    links: &[(String, Option<String>, Option<String>)],
) -> rusqlite::Result<()> {
    let mut insert = connection.prepare_cached(
        "INSERT INTO regions (name, kind) VALUES (?1, ?2) ON CONFLICT(name) DO NOTHING",
    )?;
    for (name, kind) in kinds {
        insert.execute(params![name, kind])?;
    }
    let mut link = connection.prepare_cached(
        "UPDATE regions SET
             parent_id = (SELECT id FROM regions WHERE name = :parent),
             statistics_region_id = (SELECT id FROM regions WHERE name = :merged)
         WHERE name = :name",
    )?;
    for (name, parent, merged) in links {
        link.execute(
            rusqlite::named_params! {":name": name, ":parent": parent, ":merged": merged},
        )?;
    }
    Ok(())
}

/// Region ids and ancestors, cached for the length of one import.
#[derive(Debug, Default)]
pub(crate) struct RegionCache {
    ids: HashMap<String, i64>,
    parents: HashMap<i64, Option<i64>>,
}

impl RegionCache {
    /// The id of `name`, or `None` when the store has no such region (regions are added by an
    /// admin, with their parent, before records name them).
    pub(crate) fn id(
        &mut self,
        connection: &Connection,
        name: &str,
    ) -> rusqlite::Result<Option<i64>> {
        if let Some(id) = self.ids.get(name) {
            return Ok(Some(*id));
        }
        let existing: Option<i64> = connection
            .prepare_cached("SELECT id FROM regions WHERE name = ?1")?
            .query_row([name], |row| row.get(0))
            .optional()?;
        if let Some(id) = existing {
            self.ids.insert(name.to_owned(), id);
        }
        Ok(existing)
    }

    /// Whether region `id` is `root` or lies below it.
    pub(crate) fn within(
        &mut self,
        connection: &Connection,
        id: i64,
        root: i64,
    ) -> rusqlite::Result<bool> {
        Ok(id == root || self.ancestors(connection, id)?.contains(&root))
    }

    fn parent(&mut self, connection: &Connection, id: i64) -> rusqlite::Result<Option<i64>> {
        if let Some(parent) = self.parents.get(&id) {
            return Ok(*parent);
        }
        let parent: Option<i64> = connection
            .prepare_cached("SELECT parent_id FROM regions WHERE id = ?1")?
            .query_row([id], |row| row.get(0))?;
        self.parents.insert(id, parent);
        Ok(parent)
    }

    /// The ancestors of a region, nearest first (its city, then its province).
    pub(crate) fn ancestors(
        &mut self,
        connection: &Connection,
        id: i64,
    ) -> rusqlite::Result<Vec<i64>> {
        let mut chain = Vec::new();
        let mut current = id;
        while let Some(parent) = self.parent(connection, current)? {
            if chain.contains(&parent) || chain.len() > 8 {
                break;
            }
            chain.push(parent);
            current = parent;
        }
        Ok(chain)
    }
}
