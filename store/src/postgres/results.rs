//! 结果应用 on PostgreSQL: the rows of the four views kept at write time and read back, as
//! `sqlite/results.rs` — the same computation between loading and storing
//! (`sqlite::results::rows_of`), one region at a time (its affected years loaded in one query,
//! its rows stored in one statement), so a bulk load holds one region's records at once.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use deadpool_postgres::GenericClient;
use fundlens_shared::model::Evaluation;
use fundlens_shared::results::View;
use fundlens_shared::results::conflicts::Published;
use fundlens_shared::results::summary::Count;

use super::Cached;
use super::Postgres;
use super::read::Conditions;
use crate::sqlite::blob::unpack;
use crate::sqlite::results::{
    Fresh, Loaded, Numbered, Owner, ResultsPage, StoredRow, affected, count_of, counted_from,
    published_figure, result_row, rows_of, view_filter,
};
use crate::{EvaluationFilter, StorageError};

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

/// The region-years `pairs` grouped by region.
fn by_region(pairs: impl IntoIterator<Item = (i64, i32)>) -> BTreeMap<i64, BTreeSet<i32>> {
    let mut grouped: BTreeMap<i64, BTreeSet<i32>> = BTreeMap::new();
    for (region, year) in pairs {
        grouped.entry(region).or_default().insert(year);
    }
    grouped
}

/// Recomputes the rows of the region-years `touched` and the year after each (the records
/// just written, `fresh`, taken as they are rather than read back).
pub(crate) async fn refresh_results(
    client: &impl GenericClient,
    touched: &BTreeSet<(i64, i32)>,
    fresh: &Fresh<'_>,
) -> Result<(), StorageError> {
    let written: Vec<i64> = fresh.keys().copied().collect();
    for (region, years) in by_region(affected(touched)) {
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
                 FROM evaluations e LEFT JOIN evaluation_documents d
                   ON d.evaluation_id = e.id AND NOT e.id = ANY($3)
                 WHERE e.region_id = $1 AND e.year = ANY($2) ORDER BY e.id",
                &[&region, &needed, &written],
            )
            .await?
        {
            let corrupt = |e: String| StorageError::Corrupt(format!("evaluation: {e}"));
            let owner = (row.get(0), row.get(1), row.get(2));
            let stored = || Ok((row.get(3), row.get(4)));
            loaded
                .entry(row.get(5))
                .or_default()
                .push(Loaded::of(owner, fresh, stored, corrupt)?);
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
            columns.extend(year, rows_of(earlier, later, figures));
        }
        columns.insert(client, region).await?;
        recount(client, region, &touched_years).await?;
    }
    Ok(())
}

/// Rewrites the counts of `region` in `years` (`result_counts`, migration 0007) from its rows.
async fn recount(
    client: &impl GenericClient,
    region: i64,
    years: &[i32],
) -> Result<(), StorageError> {
    client
        .execute_cached(
            "DELETE FROM result_counts WHERE region_id = $1 AND year = ANY($2)",
            &[&region, &years],
        )
        .await?;
    client
        .execute_cached(
            "INSERT INTO result_counts (view, year, region_id, is_sample, code, class, flag, count)
             SELECT view, year, region_id, is_sample, code, class, flag, count(*)
             FROM result_items WHERE region_id = $1 AND year = ANY($2)
             GROUP BY view, year, region_id, is_sample, code, class, flag",
            &[&region, &years],
        )
        .await?;
    Ok(())
}

/// Recomputes 交叉核对's rows of exactly `region_years` from their records alone, as
/// `sqlite::results::recompute_conflicts` (what new official figures can change).
pub(crate) async fn recompute_conflicts(
    client: &impl GenericClient,
    region_years: &BTreeSet<(i64, i32)>,
) -> Result<(), StorageError> {
    for (region, years) in by_region(region_years.iter().copied()) {
        let years: Vec<i32> = years.into_iter().collect();
        client
            .execute_cached(
                "DELETE FROM result_items WHERE region_id = $1 AND year = ANY($2) AND view = 'conflicts'",
                &[&region, &years],
            )
            .await?;
        let mut records: BTreeMap<i32, Vec<(Owner, Evaluation)>> = BTreeMap::new();
        for row in client
            .query_cached(
                "SELECT e.id, e.program_id, e.is_sample, d.record, e.year
                 FROM evaluations e JOIN evaluation_documents d ON d.evaluation_id = e.id
                 WHERE e.region_id = $1 AND e.year = ANY($2) ORDER BY e.id",
                &[&region, &years],
            )
            .await?
        {
            let record: Vec<u8> = row.get(3);
            let evaluation =
                unpack(&record).map_err(|e| StorageError::Corrupt(format!("evaluation: {e}")))?;
            records
                .entry(row.get(4))
                .or_default()
                .push(((row.get(0), row.get(1), row.get(2)), evaluation));
        }
        let mut positions: BTreeMap<i32, HashMap<i64, i64>> = BTreeMap::new();
        for row in client
            .query_cached(
                "SELECT year, evaluation_id, max(position) FROM result_items
                 WHERE region_id = $1 AND year = ANY($2) GROUP BY year, evaluation_id",
                &[&region, &years],
            )
            .await?
        {
            positions
                .entry(row.get(0))
                .or_default()
                .insert(row.get(1), row.get(2));
        }
        let published = published(client, region, &years).await?;
        let mut columns = Columns::default();
        for (year, records) in records {
            let mut numbered = Numbered::after(positions.remove(&year).unwrap_or_default());
            let reports: Vec<_> = records
                .iter()
                .map(|(owner, record)| (*owner, record))
                .collect();
            let figures = published.get(&year).map_or(&[][..], Vec::as_slice);
            numbered.push_conflicts(&reports, figures);
            columns.extend(year, numbered.rows);
        }
        columns.insert(client, region).await?;
        recount(client, region, &years).await?;
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
    refresh_results(&transaction, &pending, &Fresh::new()).await?;
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

impl Columns {
    /// Adds `rows` of `year`.
    fn extend(&mut self, year: i32, rows: Vec<StoredRow>) {
        for row in rows {
            self.year.push(year);
            self.view.push(row.view.to_owned());
            self.evaluation.push(row.evaluation_id);
            self.position.push(row.position);
            self.program.push(row.program_id);
            self.sample.push(row.is_sample);
            self.code.push(row.code.to_owned());
            self.class.push(row.class);
            self.flag.push(row.flag);
            self.rank.push(row.rank);
            self.item.push(row.item);
        }
    }

    /// Stores the rows as rows of `region`, in one statement.
    async fn insert(self, client: &impl GenericClient, region: i64) -> Result<(), StorageError> {
        if self.year.is_empty() {
            return Ok(());
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
                    &self.year,
                    &self.view,
                    &self.evaluation,
                    &self.position,
                    &self.program,
                    &self.sample,
                    &self.code,
                    &self.class,
                    &self.flag,
                    &self.rank,
                    &self.item,
                ],
            )
            .await?;
        Ok(())
    }
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
        let asked = view_filter(filter);
        let mut conditions = Conditions::of(&asked);
        let view_param = conditions.param(view.code().to_owned());
        let scope = format!("e.view = {view_param} AND {}", conditions.sql());
        let (counts_table, count) = counted_from(&asked);
        let client = self.reader().await?;
        let counts: Vec<Count> = client
            .query_cached(
                &format!(
                    "SELECT e.code, e.class, e.flag, ({count})::BIGINT FROM {counts_table} e
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
                    "SELECT EXISTS (SELECT 1 FROM {counts_table} e WHERE {scope} AND e.is_sample)"
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
