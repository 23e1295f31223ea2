//! The remaining dashboard questions on PostgreSQL: the 区县对比 grid, the indicator
//! catalogue, mid-year budget cuts and the provenance line of downloads — the same SQL as the
//! SQLite backend's where the dialects agree, the same Rust around it (`sqlite::grid::assemble`,
//! `sqlite::provenance::source_label`).

use std::collections::HashMap;

use deadpool_postgres::GenericClient;
use fundlens_shared::api::{
    GridLink, IndicatorCatalogue, IndicatorCount, ScoreGrid, TableProvenance,
};
use fundlens_shared::scoring::group::Level1;
use fundlens_shared::scoring::labels::level2_display;

use super::Cached;
use super::Postgres;
use super::read::{Conditions, subtree};
use crate::sqlite::budget_cuts::LargestCut;
use crate::sqlite::convert::money_from_db;
use crate::sqlite::grid::{Counts, Summed, assemble, level2_order};
use crate::sqlite::provenance::{NAMED_SOURCES, source_label};
use crate::{BudgetCuts, CatalogueError, EvaluationFilter, IndicatorSearch, StorageError};

impl From<tokio_postgres::Error> for CatalogueError {
    fn from(error: tokio_postgres::Error) -> Self {
        Self::Storage(error.into())
    }
}

/// The regions below `$1` with the row each belongs to (see `sqlite::grid`).
const SUBTREE_ROWS: &str = "WITH RECURSIVE down(id, row_id) AS (
        SELECT $1::bigint, $1::bigint
        UNION ALL SELECT r.id, CASE WHEN down.id = $1 THEN r.id ELSE down.row_id END
        FROM regions r JOIN down ON r.parent_id = down.id
    )";

async fn id_of(
    client: &impl GenericClient,
    table: &str,
    name: &str,
) -> Result<Option<i64>, StorageError> {
    Ok(client
        .query_opt_cached(&format!("SELECT id FROM {table} WHERE name = $1"), &[&name])
        .await?
        .map(|row| row.get(0)))
}

impl Postgres {
    /// See [`crate::sqlite::Sqlite::score_grid`].
    ///
    /// # Errors
    /// When the store fails.
    pub async fn score_grid(
        &self,
        parent: &str,
        year: i32,
        program: Option<&str>,
    ) -> Result<Option<ScoreGrid>, StorageError> {
        let client = self.reader().await?;
        let Some(parent_id) = id_of(&client, "regions", parent).await? else {
            return Ok(None);
        };
        let row_of: HashMap<i64, i64> = client
            .query_cached(
                &format!("{SUBTREE_ROWS} SELECT id, row_id FROM down"),
                &[&parent_id],
            )
            .await?
            .iter()
            .map(|row| (row.get(0), row.get(1)))
            .collect();
        let (summed, evaluations) = match program {
            None => level2_sums(&client, parent_id, year).await?,
            Some(program) => indicator_sums(&client, parent_id, year, program).await?,
        };
        let mut regions: Vec<(i64, String)> = client
            .query_cached(
                "SELECT id, name FROM regions WHERE parent_id = $1 ORDER BY id",
                &[&parent_id],
            )
            .await?
            .iter()
            .map(|row| (row.get(0), row.get(1)))
            .collect();
        regions.push((parent_id, parent.to_owned()));
        Ok(Some(assemble(
            (parent_id, parent, year, program),
            &row_of,
            summed,
            evaluations,
            regions,
        )))
    }

    /// See [`crate::sqlite::Sqlite::indicator_catalogue`].
    ///
    /// # Errors
    /// An unknown region or program, or a database failure.
    pub async fn indicator_catalogue(
        &self,
        search: &IndicatorSearch,
        limit: u32,
        offset: u32,
    ) -> Result<IndicatorCatalogue, CatalogueError> {
        let client = self.reader().await?;
        let filter = &search.filter;
        let region = match &filter.region {
            Some(name) => Some(
                id_of(&client, "regions", name)
                    .await?
                    .ok_or_else(|| CatalogueError::UnknownRegion(name.clone()))?,
            ),
            None => None,
        };
        let program = match &filter.program {
            Some(name) => Some(
                id_of(&client, "programs", name)
                    .await?
                    .ok_or_else(|| CatalogueError::UnknownProgram(name.clone()))?,
            ),
            None => None,
        };
        let mut conditions = Conditions::default();
        let (from, name, rows) = match program {
            Some(program) => {
                let p = conditions.param(program);
                conditions.clause(format!("e.program_id = {p}"));
                conditions.region(filter, "e.region_id");
                (
                    "evaluations e JOIN indicators i ON i.evaluation_id = e.id",
                    "i.name",
                    "count(*)",
                )
            }
            None => {
                match region {
                    Some(region) => {
                        let p = conditions.param(region);
                        conditions.clause(format!("e.region_id = {p}"));
                    }
                    None => conditions.clause(
                        "e.region_id IN (SELECT id FROM regions WHERE parent_id IS NULL)"
                            .to_owned(),
                    ),
                }
                (
                    "indicator_catalogue_rollups e",
                    "e.name",
                    "sum(e.rows)::bigint",
                )
            }
        };
        conditions.year(filter, "e");
        conditions.source(filter, "e.is_sample");
        if !search.text.is_empty() {
            let p = conditions.param(search.text.clone());
            conditions.clause(format!("strpos({name}, {p}) > 0"));
        }
        let page = format!(
            "SELECT {name}, {rows}, bool_or(e.is_sample), count(*) OVER () FROM {from} WHERE {}
             GROUP BY {name} ORDER BY {rows} DESC, {name} LIMIT {limit} OFFSET {offset}",
            conditions.sql()
        );
        let found = client.query_cached(&page, &conditions.params()).await?;
        let mut total_count = found.first().map_or(0, |row| row.get::<_, i64>(3));
        let items: Vec<IndicatorCount> = found
            .iter()
            .map(|row| IndicatorCount {
                name: row.get(0),
                rows: row.get(1),
                sample: row.get(2),
            })
            .collect();
        if items.is_empty() && offset > 0 {
            let count = format!(
                "SELECT count(DISTINCT {name}) FROM {from} WHERE {}",
                conditions.sql()
            );
            total_count = client
                .query_one_cached(&count, &conditions.params())
                .await?
                .get(0);
        }
        Ok(IndicatorCatalogue { total_count, items })
    }

    /// See [`crate::sqlite::Sqlite::budget_cuts`].
    ///
    /// # Errors
    /// When the store fails.
    pub async fn budget_cuts(&self, filter: &EvaluationFilter) -> Result<BudgetCuts, StorageError> {
        const CUT: &str = "e.full_year_budget < e.year_start_budget";
        let conditions = Conditions::of(filter);
        let scope = conditions.sql();
        let client = self.reader().await?;
        let totals = client
            .query_one_cached(
                &format!(
                    "SELECT count(*), coalesce(sum(e.year_start_budget - e.full_year_budget), 0)::bigint
                     FROM evaluations e WHERE {scope} AND {CUT}"
                ),
                &conditions.params(),
            )
            .await?;
        let largest = client
            .query_opt_cached(
                &format!(
                    "SELECT e.id, p.name, r.name, e.year_start_budget, e.full_year_budget
                     FROM evaluations e JOIN programs p ON p.id = e.program_id
                     JOIN regions r ON r.id = e.region_id
                     WHERE {scope} AND {CUT}
                     ORDER BY e.year_start_budget - e.full_year_budget DESC, e.id LIMIT 1"
                ),
                &conditions.params(),
            )
            .await?
            .map(|row| LargestCut {
                id: row.get(0),
                program: row.get(1),
                region: row.get(2),
                year_start_budget: money_from_db(row.get(3)),
                budget: money_from_db(row.get(4)),
            });
        Ok(BudgetCuts {
            funds: totals.get(0),
            total: money_from_db(totals.get(1)),
            largest,
        })
    }

    /// See [`crate::sqlite::Sqlite::evaluation_provenance`].
    ///
    /// # Errors
    /// When the store fails.
    pub async fn evaluation_provenance(
        &self,
        filter: &EvaluationFilter,
    ) -> Result<TableProvenance, StorageError> {
        let conditions = Conditions::of(filter);
        let client = self.reader().await?;
        provenance(
            &client,
            ("evaluations e", "e"),
            &conditions.sql(),
            "max(e.imported_at)",
            &conditions,
        )
        .await
    }

    /// See [`crate::sqlite::Sqlite::observation_provenance`].
    ///
    /// # Errors
    /// When the store fails.
    pub async fn observation_provenance(
        &self,
        region: &str,
        metric: &str,
    ) -> Result<TableProvenance, StorageError> {
        let mut conditions = Conditions::default();
        let (r, m) = (
            conditions.param(region.to_owned()),
            conditions.param(metric.to_owned()),
        );
        let scope = format!(
            "o.metric = {m} AND (o.region_id IN ({})
                 OR o.region_id IN (SELECT id FROM regions WHERE parent_id IS NULL))",
            subtree(&r)
        );
        let client = self.reader().await?;
        provenance(
            &client,
            ("observations o", "o"),
            &scope,
            "max(s.issued_on)",
            &conditions,
        )
        .await
    }
}

async fn provenance(
    client: &impl GenericClient,
    (rows, alias): (&str, &str),
    scope: &str,
    day: &str,
    conditions: &Conditions,
) -> Result<TableProvenance, StorageError> {
    let sample: bool = client
        .query_one_cached(
            &format!("SELECT EXISTS (SELECT 1 FROM {rows} WHERE {scope} AND {alias}.is_sample)"),
            &conditions.params(),
        )
        .await?
        .get(0);
    let found = client
        .query_cached(
            &format!(
                "SELECT s.title, s.issuer, s.issued_on, {day}
                 FROM {rows} JOIN sources s ON s.id = {alias}.source_id
                 WHERE {scope} AND NOT {alias}.is_sample GROUP BY s.id ORDER BY s.id LIMIT 50"
            ),
            &conditions.params(),
        )
        .await?;
    let mut provenance = TableProvenance {
        sample,
        ..TableProvenance::default()
    };
    for row in found {
        let label = source_label(row.get(0), row.get(1), row.get(2));
        let day: Option<String> = row.get(3);
        if provenance.sources.len() < NAMED_SOURCES && !provenance.sources.contains(&label) {
            provenance.sources.push(label);
        }
        if let Some(day) = day.map(|d| d.chars().take(10).collect::<String>())
            && provenance.data_date.as_ref().is_none_or(|l| *l < day)
        {
            provenance.data_date = Some(day);
        }
    }
    Ok(provenance)
}

async fn level2_sums(
    client: &impl GenericClient,
    parent: i64,
    year: i32,
) -> Result<(Vec<Summed>, Counts), StorageError> {
    let counts = client
        .query_cached(
            &format!(
                "{SUBTREE_ROWS} SELECT region_id, sum(evaluations)::bigint FROM region_year_rollups
                 WHERE year = $2 AND region_id IN (SELECT id FROM down) GROUP BY region_id"
            ),
            &[&parent, &year],
        )
        .await?
        .iter()
        .map(|row| (row.get(0), row.get(1)))
        .collect();
    let execution = Level1::Execution.short_label();
    let mut summed: Vec<Summed> = client
        .query_cached(
            &format!(
                "{SUBTREE_ROWS} SELECT region_id, sum(count)::bigint, sum(score_sum)::bigint,
                        sum(weight_sum)::bigint, bool_or(is_sample)
                 FROM region_year_group_rollups
                 WHERE year = $2 AND group_key = 'execution' AND region_id IN (SELECT id FROM down)
                 GROUP BY region_id"
            ),
            &[&parent, &year],
        )
        .await?
        .iter()
        .map(|row| Summed {
            region: row.get(0),
            column: execution.to_owned(),
            order: 0,
            rows: row.get(1),
            score: row.get(2),
            weight: row.get(3),
            sample: row.get(4),
            link: None,
        })
        .collect();
    for row in client
        .query_cached(
            &format!(
                "{SUBTREE_ROWS} SELECT region_id, level2, sum(rows)::bigint, sum(score_sum)::bigint,
                        sum(weight_sum)::bigint, bool_or(is_sample)
                 FROM level2_year_rollups
                 WHERE year = $2 AND region_id IN (SELECT id FROM down)
                 GROUP BY region_id, level2"
            ),
            &[&parent, &year],
        )
        .await?
    {
        let label: String = row.get(1);
        summed.push(Summed {
            region: row.get(0),
            column: level2_display(&label),
            order: level2_order(&label),
            rows: row.get(2),
            score: row.get(3),
            weight: row.get(4),
            sample: row.get(5),
            link: None,
        });
    }
    Ok((summed, counts))
}

async fn indicator_sums(
    client: &impl GenericClient,
    parent: i64,
    year: i32,
    program: &str,
) -> Result<(Vec<Summed>, Counts), StorageError> {
    let scope = "FROM evaluations e
         WHERE e.program_id = (SELECT id FROM programs WHERE name = $3) AND e.year = $2
           AND e.region_id IN (SELECT id FROM down)";
    let counts = client
        .query_cached(
            &format!("{SUBTREE_ROWS} SELECT e.region_id, count(*) {scope} GROUP BY e.region_id"),
            &[&parent, &year, &program],
        )
        .await?
        .iter()
        .map(|row| (row.get(0), row.get(1)))
        .collect();
    let summed = client
        .query_cached(
            &format!(
                "{SUBTREE_ROWS} SELECT e.region_id, i.name, min(i.position), count(*), sum(i.score)::bigint,
                        sum(i.weight)::bigint, bool_or(e.is_sample), min(e.id), min(i.position)
                 {} GROUP BY e.region_id, i.name",
                scope.replace(
                    "FROM evaluations e",
                    "FROM evaluations e JOIN indicators i ON i.evaluation_id = e.id"
                )
            ),
            &[&parent, &year, &program],
        )
        .await?
        .iter()
        .map(|row| Summed {
            region: row.get(0),
            column: row.get(1),
            order: row.get(2),
            rows: row.get(3),
            score: row.get(4),
            weight: row.get(5),
            sample: row.get(6),
            link: Some(GridLink {
                evaluation_id: row.get(7),
                row: row.get(8),
            }),
        })
        .collect();
    Ok((summed, counts))
}
