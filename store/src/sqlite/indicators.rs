//! The indicator catalogue of 指标历史: the indicator names (三级指标) containing a search text,
//! with how many rows carry each under a region, year, fund and provenance, most rows first.
//!
//! Without a fund it reads the indicator catalogue rollup (migration 0009), where every row is
//! counted for its region and each region above it: one region's names by year and provenance,
//! a few thousand rows even for the whole province. A fund (program) is answered from that
//! fund's own rows instead: a fund runs once per region and year, so a rollup by fund and
//! region would be as large as the indicator rows themselves, while one fund's evaluations are
//! few (one per region and year, about 1,400 at province scale) and indexed by fund.

use fundlens_shared::api::{IndicatorCatalogue, IndicatorCount};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension};

use super::read::{Conditions, EvaluationFilter};
use super::{Sqlite, StorageError};

/// What the catalogue is asked: names containing `text` (all when empty), under `filter`'s
/// region, year, program and provenance (its grade and findings are not used).
#[derive(Debug, Clone, Default)]
pub struct IndicatorSearch {
    /// Part of the name, matched anywhere in it; empty matches every name.
    pub text: String,
    /// Region (and everything below it), year, program, provenance.
    pub filter: EvaluationFilter,
}

/// Why a catalogue question has no answer.
#[derive(Debug, thiserror::Error)]
pub enum CatalogueError {
    /// The region named is not in the region catalogue.
    #[error("unknown region {0}")]
    UnknownRegion(String),
    /// The program named has never been stored.
    #[error("unknown program {0}")]
    UnknownProgram(String),
    /// The store failed.
    #[error(transparent)]
    Storage(#[from] StorageError),
}

impl From<rusqlite::Error> for CatalogueError {
    fn from(error: rusqlite::Error) -> Self {
        Self::Storage(error.into())
    }
}

/// One catalogue question as SQL: the grouped names with their counts and provenance, and its
/// parameters (the page's bounds written in).
pub(super) struct CatalogueQuery {
    /// Names with their rows, whether any is sample and the number of names matching in all,
    /// most rows first, then by name.
    pub(super) page: String,
    /// The number of names matching (for a page past the last name, which has no row to
    /// carry it).
    pub(super) count: String,
    pub(super) conditions: Conditions,
}

/// The query for `search`, `region` and `program` being the ids their names resolved to.
pub(super) fn catalogue_query(
    search: &IndicatorSearch,
    region: Option<i64>,
    program: Option<i64>,
    limit: u32,
    offset: u32,
) -> CatalogueQuery {
    let filter = &search.filter;
    let mut conditions = Conditions::default();
    let (from, name, rows) = match program {
        Some(program) => {
            conditions.add(
                "e.program_id = :program_id",
                ":program_id",
                Value::Integer(program),
            );
            conditions.region(filter, "e.region_id");
            (
                "evaluations e CROSS JOIN indicators i ON i.evaluation_id = e.id",
                "i.name",
                "count(*)",
            )
        }
        None => {
            match region {
                Some(region) => conditions.add(
                    "e.region_id = :region_id",
                    ":region_id",
                    Value::Integer(region),
                ),
                // Every row is counted once at the top of its region's tree.
                None => conditions.add_many(
                    "e.region_id IN (SELECT id FROM regions WHERE parent_id IS NULL)",
                    Vec::new(),
                ),
            }
            ("indicator_catalogue_rollups e", "e.name", "sum(e.rows)")
        }
    };
    conditions.year(filter, "e");
    conditions.source(filter, "e.is_sample");
    if !search.text.is_empty() {
        conditions.add(
            &format!("instr({name}, :text) > 0"),
            ":text",
            Value::Text(search.text.clone()),
        );
    }
    let page = format!(
        "SELECT {name}, {rows}, max(e.is_sample), count(*) OVER () FROM {from} WHERE {}
         GROUP BY {name} ORDER BY {rows} DESC, {name} LIMIT {limit} OFFSET {offset}",
        conditions.sql()
    );
    let count = format!(
        "SELECT count(DISTINCT {name}) FROM {from} WHERE {}",
        conditions.sql()
    );
    CatalogueQuery {
        page,
        count,
        conditions,
    }
}

/// The id of the region or program named, from `table`'s unique name index.
fn id_of(connection: &Connection, table: &str, name: &str) -> rusqlite::Result<Option<i64>> {
    connection
        .prepare_cached(&format!("SELECT id FROM {table} WHERE name = ?1"))?
        .query_row([name], |row| row.get(0))
        .optional()
}

impl Sqlite {
    /// The names matching `search`, at most `limit` from `offset` in the order most rows
    /// first (then by name), and how many match in all.
    ///
    /// # Errors
    /// [`CatalogueError::UnknownRegion`] / [`CatalogueError::UnknownProgram`] when the filter
    /// names one that does not exist; otherwise when the store fails.
    pub fn indicator_catalogue(
        &self,
        search: &IndicatorSearch,
        limit: u32,
        offset: u32,
    ) -> Result<IndicatorCatalogue, CatalogueError> {
        self.read(|connection| {
            let filter = &search.filter;
            let region = match &filter.region {
                Some(name) => Some(
                    id_of(connection, "regions", name)?
                        .ok_or_else(|| CatalogueError::UnknownRegion(name.clone()))?,
                ),
                None => None,
            };
            let program = match &filter.program {
                Some(name) => Some(
                    id_of(connection, "programs", name)?
                        .ok_or_else(|| CatalogueError::UnknownProgram(name.clone()))?,
                ),
                None => None,
            };
            let query = catalogue_query(search, region, program, limit, offset);
            let params = query.conditions.params();
            let mut total_count = 0;
            let items: Vec<IndicatorCount> = connection
                .prepare_cached(&query.page)?
                .query_map(params.as_slice(), |row| {
                    total_count = row.get(3)?;
                    Ok(IndicatorCount {
                        name: row.get(0)?,
                        rows: row.get(1)?,
                        sample: row.get(2)?,
                    })
                })?
                .collect::<Result<_, _>>()?;
            if items.is_empty() && offset > 0 {
                total_count = connection
                    .prepare_cached(&query.count)?
                    .query_row(params.as_slice(), |row| row.get(0))?;
            }
            Ok(IndicatorCatalogue { total_count, items })
        })
    }
}

#[cfg(test)]
mod tests;
