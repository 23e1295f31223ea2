//! 结果应用 on PostgreSQL: the rows of the four views kept at write time and read back, as
//! `sqlite/results.rs` — the same computation between loading and storing
//! (`sqlite::results::rows_of`), one region at a time (its affected years loaded in one query,
//! its rows stored in one statement), so a bulk load holds one region's records at once.

use std::collections::{BTreeMap, BTreeSet};

use deadpool_postgres::GenericClient;
use fundlens_shared::results::View;
use fundlens_shared::results::conflicts::Published;
use fundlens_shared::results::summary::Count;

use super::Cached;
use super::Postgres;
use super::read::Conditions;
use crate::sqlite::blob::unpack;
use crate::sqlite::results::{
    Loaded, ResultsPage, affected, count_of, published_figure, result_row, rows_of, view_filter,
};
use crate::{EvaluationFilter, StorageError};

/// Recomputes the rows of the region-years `touched` and the year after each.
pub(crate) async fn refresh_results(
    client: &impl GenericClient,
    touched: &BTreeSet<(i64, i32)>,
) -> Result<(), StorageError> {
    recompute_results(client, &affected(touched)).await
}

/// The official figures of `region` in `years`: its observations not taken from a report.
async fn published(
    client: &impl GenericClient,
    region: i64,
    years: &[i32],
) -> Result<BTreeMap<i32, Vec<Published>>, StorageError> {
    let mut figures: BTreeMap<i32, Vec<Published>> = BTreeMap::new();
    for row in client
        .query_cached(
            "SELECT o.year, o.metric, o.value, o.is_sample, s.title
             FROM observations o JOIN sources s ON s.id = o.source_id
             WHERE o.region_id = $1 AND o.year = ANY($2) AND NOT o.from_report",
            &[&region, &years],
        )
        .await?
    {
        if let Some(figure) = published_figure((row.get(1), row.get(2), row.get(3), row.get(4))) {
            figures.entry(row.get(0)).or_default().push(figure);
        }
    }
    Ok(figures)
}

/// Recomputes the rows of exactly the region-years `region_years`.
pub(crate) async fn recompute_results(
    client: &impl GenericClient,
    region_years: &BTreeSet<(i64, i32)>,
) -> Result<(), StorageError> {
    let mut by_region: BTreeMap<i64, BTreeSet<i32>> = BTreeMap::new();
    for &(region, year) in region_years {
        by_region.entry(region).or_default().insert(year);
    }
    for (region, years) in by_region {
        let needed: Vec<i32> = years
            .iter()
            .flat_map(|&year| [year - 1, year])
            .collect::<BTreeSet<i32>>()
            .into_iter()
            .collect();
        let mut loaded: BTreeMap<i32, Vec<Loaded>> = BTreeMap::new();
        for row in client
            .query_cached(
                "SELECT e.id, e.program_id, e.is_sample, d.record, d.assessment, e.year
                 FROM evaluations e JOIN evaluation_documents d ON d.evaluation_id = e.id
                 WHERE e.region_id = $1 AND e.year = ANY($2) ORDER BY e.id",
                &[&region, &needed],
            )
            .await?
        {
            let corrupt = |e: String| StorageError::Corrupt(format!("evaluation: {e}"));
            let record: Vec<u8> = row.get(3);
            let assessment: Vec<u8> = row.get(4);
            loaded.entry(row.get(5)).or_default().push(Loaded {
                id: row.get(0),
                program_id: row.get(1),
                is_sample: row.get(2),
                evaluation: unpack(&record).map_err(corrupt)?,
                assessment: unpack(&assessment).map_err(corrupt)?,
            });
        }
        let touched_years: Vec<i32> = years.iter().copied().collect();
        let published = published(client, region, &touched_years).await?;
        client
            .execute_cached(
                "DELETE FROM result_items WHERE region_id = $1 AND year = ANY($2)",
                &[&region, &touched_years],
            )
            .await?;
        let mut columns = Columns::default();
        for year in years {
            let none = Vec::new();
            let earlier = loaded.get(&(year - 1)).unwrap_or(&none);
            let later = loaded.get(&year).unwrap_or(&none);
            let figures = published.get(&year).map_or(&[][..], Vec::as_slice);
            for row in rows_of(earlier, later, figures) {
                columns.year.push(year);
                columns.view.push(row.view.to_owned());
                columns.evaluation.push(row.evaluation_id);
                columns.position.push(row.position);
                columns.program.push(row.program_id);
                columns.sample.push(row.is_sample);
                columns.code.push(row.code.to_owned());
                columns.class.push(row.class);
                columns.flag.push(row.flag);
                columns.rank.push(row.rank);
                columns.item.push(row.item);
            }
        }
        if columns.year.is_empty() {
            continue;
        }
        client
            .execute_cached(
                "INSERT INTO result_items (region_id, year, view, evaluation_id, position,
                    program_id, is_sample, code, class, flag, rank, item)
                 SELECT $1, * FROM unnest($2::integer[], $3::text[], $4::bigint[], $5::bigint[],
                    $6::bigint[], $7::boolean[], $8::text[], $9::text[], $10::boolean[],
                    $11::bigint[], $12::text[])",
                &[
                    &region,
                    &columns.year,
                    &columns.view,
                    &columns.evaluation,
                    &columns.position,
                    &columns.program,
                    &columns.sample,
                    &columns.code,
                    &columns.class,
                    &columns.flag,
                    &columns.rank,
                    &columns.item,
                ],
            )
            .await?;
    }
    Ok(())
}

/// Computes the rows of the region-years a database held before it had the table (listed by
/// migration 0003 in `result_items_pending`), once, under the write lock, and empties the list.
pub(crate) async fn backfill(database: &Postgres) -> Result<(), StorageError> {
    let mut client = database.client().await?;
    let transaction = client.transaction().await?;
    transaction
        .execute("SELECT pg_advisory_xact_lock($1)", &[&super::WRITE_LOCK])
        .await?;
    let pending: BTreeSet<(i64, i32)> = transaction
        .query("SELECT region_id, year FROM result_items_pending", &[])
        .await?
        .iter()
        .map(|row| (row.get(0), row.get(1)))
        .collect();
    if pending.is_empty() {
        return Ok(());
    }
    tracing::info!(
        region_years = pending.len(),
        "computing 结果应用 for the stored evaluations"
    );
    refresh_results(&transaction, &pending).await?;
    transaction
        .execute("DELETE FROM result_items_pending", &[])
        .await?;
    transaction.commit().await?;
    Ok(())
}

/// One region's rows as columns, for one `unnest` insert.
#[derive(Default)]
struct Columns {
    year: Vec<i32>,
    view: Vec<String>,
    evaluation: Vec<i64>,
    position: Vec<i64>,
    program: Vec<i64>,
    sample: Vec<bool>,
    code: Vec<String>,
    class: Vec<String>,
    flag: Vec<bool>,
    rank: Vec<i64>,
    item: Vec<String>,
}

impl Postgres {
    /// See [`crate::sqlite::Sqlite::results`].
    ///
    /// # Errors
    /// When the store fails or a stored row cannot be read.
    pub async fn results(
        &self,
        view: View,
        filter: &EvaluationFilter,
        limit: u32,
        offset: u32,
    ) -> Result<ResultsPage, StorageError> {
        let mut conditions = Conditions::of(&view_filter(filter));
        let view_param = conditions.param(view.code().to_owned());
        let scope = format!("e.view = {view_param} AND {}", conditions.sql());
        let client = self.reader().await?;
        let counts: Vec<Count> = client
            .query_cached(
                &format!(
                    "SELECT e.code, e.class, e.flag, count(*) FROM result_items e
                     WHERE {scope} GROUP BY e.code, e.class, e.flag"
                ),
                &conditions.params(),
            )
            .await?
            .iter()
            .filter_map(|row| count_of(row.get(0), row.get(1), row.get(2), row.get(3)))
            .collect();
        let has_sample: bool = client
            .query_one_cached(
                &format!(
                    "SELECT EXISTS (SELECT 1 FROM result_items e WHERE {scope} AND e.is_sample)"
                ),
                &conditions.params(),
            )
            .await?
            .get(0);
        let limit_param = conditions.param(i64::from(limit));
        let offset_param = conditions.param(i64::from(offset));
        let rows = client
            .query_cached(
                &format!(
                    "SELECT e.evaluation_id, p.name, r.name, e.year, e.is_sample, e.item
                     FROM result_items e JOIN programs p ON p.id = e.program_id
                     JOIN regions r ON r.id = e.region_id
                     WHERE {scope}
                     ORDER BY e.rank, e.region_id, e.program_id, e.evaluation_id, e.position
                     LIMIT {limit_param} OFFSET {offset_param}"
                ),
                &conditions.params(),
            )
            .await?
            .into_iter()
            .map(|row| {
                result_row((
                    row.get(0),
                    row.get(1),
                    row.get(2),
                    row.get(3),
                    row.get(4),
                    row.get(5),
                ))
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(ResultsPage {
            counts,
            has_sample,
            rows,
        })
    }
}
