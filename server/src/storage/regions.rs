//! The region tree in the store: the catalogue from `shared` entered at start-up, regions met
//! in imports added on the fly, and the lookups imports need (ids, the province above a
//! region for benchmarks).

use std::collections::HashMap;

use fundlens_shared::region::REGIONS;
use rusqlite::{Connection, OptionalExtension, params};

/// Enters the catalogue's regions (idempotent), then links parents and statistical merges.
pub(super) fn ensure_catalogue(connection: &Connection) -> rusqlite::Result<()> {
    let kinds: Vec<(String, String)> = REGIONS
        .iter()
        .map(|region| {
            let kind = serde_json::to_value(region.kind)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default();
            (region.name.to_owned(), kind)
        })
        .collect();
    let links: Vec<(String, Option<String>, Option<String>)> = REGIONS
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
    /// The id of `name`, creating the region (kind `unknown`, no parent) when it is new.
    pub(crate) fn id(&mut self, connection: &Connection, name: &str) -> rusqlite::Result<i64> {
        if let Some(id) = self.ids.get(name) {
            return Ok(*id);
        }
        let existing: Option<i64> = connection
            .prepare_cached("SELECT id FROM regions WHERE name = ?1")?
            .query_row([name], |row| row.get(0))
            .optional()?;
        let id = match existing {
            Some(id) => id,
            None => {
                connection
                    .prepare_cached("INSERT INTO regions (name, kind) VALUES (?1, 'unknown')")?
                    .execute([name])?;
                connection.last_insert_rowid()
            }
        };
        self.ids.insert(name.to_owned(), id);
        Ok(id)
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
