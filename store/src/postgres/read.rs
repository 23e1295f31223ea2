//! Filters as SQL conditions with numbered parameters, the catalogue (from small tables and
//! rollups), the drill-down and the evaluation list on PostgreSQL, answering as
//! `sqlite/read.rs` and `sqlite/list.rs` do. The list asks PostgreSQL's planner for one page
//! in the order's index order (the indexes of migration 0001 end in `id`, the tie-breaker of
//! every order), and continues by the same keyset cursors.

use deadpool_postgres::GenericClient;
use fundlens_shared::api::{
    Catalogue, EvaluationDetail, EvaluationList, EvaluationSummary, Health, MetricInfo,
    ProgramInfo, RegionInfo,
};
use fundlens_shared::metric::METRICS;
use fundlens_shared::query::{Sort, Source};
use fundlens_shared::value::Grade;
use tokio_postgres::Row;
use tokio_postgres::types::ToSql;

use super::Cached;
use super::Postgres;
use crate::sqlite::blob::unpack;
use crate::sqlite::convert::{micro_from_db, micro_to_db, money_from_db};
use crate::sqlite::cursor;
use crate::sqlite::read::rate;
use crate::{EvaluationFilter, ListPosition, Start, StorageError};

/// The ids of the region named by parameter `{param}` and every region below it.
pub(crate) fn subtree(param: &str) -> String {
    format!(
        "WITH RECURSIVE down(id) AS (
             SELECT id FROM regions WHERE name = {param}
             UNION ALL SELECT rr.id FROM regions rr JOIN down ON rr.parent_id = down.id
         ) SELECT id FROM down"
    )
}

/// A WHERE clause with its numbered parameters.
#[derive(Debug, Default)]
pub(crate) struct Conditions {
    clauses: Vec<String>,
    params: Vec<Box<dyn ToSql + Sync + Send>>,
}

impl Conditions {
    /// The conditions of `filter` on `evaluations e` (or a table aliased `e` with the same
    /// region, year and provenance columns).
    pub(crate) fn of(filter: &EvaluationFilter) -> Self {
        Self::with_place_from(filter, "e")
    }

    /// As [`Conditions::of`], region and year read from the table aliased `place`.
    pub(crate) fn with_place_from(filter: &EvaluationFilter, place: &str) -> Self {
        let mut conditions = Self::default();
        conditions.year(filter, place);
        conditions.region(filter, &format!("{place}.region_id"));
        conditions.program(filter, "e.program_id");
        conditions.fund(filter, "e.program_id");
        conditions.grade(filter, "e.total");
        conditions.source(filter, "e.is_sample");
        conditions.findings(filter, "e.finding_count");
        conditions
    }

    /// Adds a parameter; returns its placeholder (`$3`).
    pub(crate) fn param(&mut self, value: impl ToSql + Sync + Send + 'static) -> String {
        self.params.push(Box::new(value));
        format!("${}", self.params.len())
    }

    pub(crate) fn clause(&mut self, clause: String) {
        self.clauses.push(clause);
    }

    pub(crate) fn year(&mut self, filter: &EvaluationFilter, place: &str) {
        if let Some(year) = filter.year {
            let p = self.param(year);
            self.clause(format!("{place}.year = {p}"));
        }
    }

    pub(crate) fn region(&mut self, filter: &EvaluationFilter, column: &str) {
        if let Some(region) = &filter.region {
            if region.contains('\0') {
                // No name holds a NUL on PostgreSQL: nothing matches, as on SQLite.
                self.clause("false".to_owned());
                return;
            }
            let p = self.param(region.clone());
            self.clause(format!("{column} IN ({})", subtree(&p)));
        }
    }

    pub(crate) fn program(&mut self, filter: &EvaluationFilter, column: &str) {
        if let Some(program) = &filter.program {
            if program.contains('\0') {
                self.clause("false".to_owned());
                return;
            }
            let p = self.param(program.clone());
            self.clause(format!(
                "{column} = (SELECT id FROM programs WHERE name = {p})"
            ));
        }
    }

    /// The fund search: the name contains the text, or the stored pinyin initials do.
    pub(crate) fn fund(&mut self, filter: &EvaluationFilter, column: &str) {
        if let Some(text) = &filter.fund {
            if text.contains('\0') {
                self.clause("false".to_owned());
                return;
            }
            let p = self.param(text.clone());
            let lower = self.param(text.to_lowercase());
            self.clause(format!(
                "{column} IN (SELECT id FROM programs
                 WHERE strpos(name, {p}) > 0 OR strpos(initials, {lower}) > 0)"
            ));
        }
    }

    /// The grade as the range of totals that earn it; a record left ungraded has no grade to
    /// match.
    pub(crate) fn grade(&mut self, filter: &EvaluationFilter, column: &str) {
        let Some(grade) = filter.grade else { return };
        self.clause(format!(
            "{}.grade IS NOT NULL",
            crate::sqlite::read::table_of(column)
        ));
        let (from, below) = grade.total_range();
        if let Some(from) = from.and_then(|f| micro_to_db(f).ok()) {
            let p = self.param(from);
            self.clause(format!("{column} >= {p}"));
        }
        if let Some(below) = below.and_then(|b| micro_to_db(b).ok()) {
            let p = self.param(below);
            self.clause(format!("{column} < {p}"));
        }
    }

    pub(crate) fn source(&mut self, filter: &EvaluationFilter, column: &str) {
        match filter.source {
            Source::All => {}
            Source::Real => self.clause(format!("NOT {column}")),
            Source::Sample => self.clause(column.to_owned()),
        }
    }

    pub(crate) fn findings(&mut self, filter: &EvaluationFilter, column: &str) {
        if filter.with_findings {
            self.clause(format!("{column} > 0"));
        }
    }

    pub(crate) fn sql(&self) -> String {
        if self.clauses.is_empty() {
            "true".to_owned()
        } else {
            self.clauses.join(" AND ")
        }
    }

    pub(crate) fn params(&self) -> Vec<&(dyn ToSql + Sync)> {
        self.params
            .iter()
            .map(|value| value.as_ref() as &(dyn ToSql + Sync))
            .collect()
    }
}

fn money(row: &Row, index: usize) -> Option<rust_decimal::Decimal> {
    row.get::<_, Option<i64>>(index).map(money_from_db)
}

fn grade_of(text: &str) -> Result<Grade, StorageError> {
    text.parse()
        .map_err(|e: fundlens_shared::error::ValueError| StorageError::Corrupt(e.to_string()))
}

async fn evaluation_counts(client: &impl GenericClient) -> Result<(i64, i64), StorageError> {
    let row = client
        .query_one_cached(
            "SELECT coalesce(sum(evaluations), 0)::bigint,
                    coalesce(sum(evaluations) FILTER (WHERE is_sample), 0)::bigint
             FROM region_year_rollups",
            &[],
        )
        .await?;
    Ok((row.get(0), row.get(1)))
}

async fn data_as_of(client: &impl GenericClient) -> Result<Option<String>, StorageError> {
    Ok(client
        .query_opt_cached(
            "SELECT at FROM audit_log
             WHERE action IN ('import', 'replace', 'delete', 'restore', 'import_observations')
             ORDER BY id DESC LIMIT 1",
            &[],
        )
        .await?
        .map(|row| row.get(0)))
}

async fn regions(client: &impl GenericClient) -> Result<Vec<RegionInfo>, StorageError> {
    let rows = client
        .query_cached(
            "SELECT r.name, r.kind, p.name, m.name,
                    (SELECT coalesce(sum(u.evaluations), 0)::bigint FROM region_year_rollups u WHERE u.region_id = r.id)
             FROM regions r LEFT JOIN regions p ON p.id = r.parent_id LEFT JOIN regions m ON m.id = r.statistics_region_id
             ORDER BY r.parent_id IS NOT NULL, r.parent_id, r.id",
            &[],
        )
        .await?;
    Ok(rows
        .iter()
        .map(|row| {
            RegionInfo {
                name: row.get(0),
                kind: row.get(1),
                parent: row.get(2),
                statistics_merged_into: row.get(3),
                evaluations: row.get(4),
                code: None,
            }
            .with_code()
        })
        .collect())
}

async fn programs(client: &impl GenericClient) -> Result<Vec<ProgramInfo>, StorageError> {
    let rows = client
        .query_cached(
            "SELECT p.name, p.department,
                    (SELECT coalesce(sum(u.evaluations), 0)::bigint FROM program_year_rollups u WHERE u.program_id = p.id)
             FROM programs p ORDER BY p.name",
            &[],
        )
        .await?;
    Ok(rows
        .iter()
        .map(|row| ProgramInfo {
            name: row.get(0),
            department: row.get(1),
            evaluations: row.get(2),
        })
        .collect())
}

async fn years(client: &impl GenericClient) -> Result<Vec<i32>, StorageError> {
    let rows = client
        .query_cached(
            "SELECT year FROM region_year_rollups WHERE evaluations > 0
             UNION SELECT DISTINCT year FROM observations ORDER BY 1",
            &[],
        )
        .await?;
    Ok(rows.iter().map(|row| row.get(0)).collect())
}

async fn metrics(client: &impl GenericClient) -> Result<Vec<MetricInfo>, StorageError> {
    // Every metric's years in one question (covered by the index on (metric, year)).
    let mut by_metric: std::collections::HashMap<String, Vec<(i32, i64)>> =
        std::collections::HashMap::new();
    for row in client
        .query_cached(
            "SELECT metric, year, count(*) FROM observations GROUP BY metric, year ORDER BY metric, year",
            &[],
        )
        .await?
    {
        by_metric
            .entry(row.get(0))
            .or_default()
            .push((row.get(1), row.get(2)));
    }
    Ok(METRICS
        .iter()
        .map(|metric| {
            let years = by_metric.remove(metric.code).unwrap_or_default();
            MetricInfo {
                code: metric.code.to_owned(),
                name: metric.name.to_owned(),
                unit: metric.unit.to_owned(),
                observations: years.iter().map(|(_, count)| count).sum(),
                years: years.into_iter().map(|(year, _)| year).collect(),
            }
        })
        .collect())
}

impl Postgres {
    /// See [`crate::sqlite::Sqlite::health`].
    ///
    /// # Errors
    /// When the store fails.
    pub async fn health(&self) -> Result<Health, StorageError> {
        let client = self.reader().await?;
        Ok(Health {
            status: "ok".to_owned(),
            evaluations: evaluation_counts(&client).await?.0,
            observations: client
                .query_one_cached("SELECT count(*) FROM observations", &[])
                .await?
                .get(0),
        })
    }

    /// See [`crate::sqlite::Sqlite::catalogue`]: read in one repeatable-read transaction, so
    /// its parts agree with one another.
    ///
    /// # Errors
    /// When the store fails.
    pub async fn catalogue(&self) -> Result<Catalogue, StorageError> {
        let mut client = self.reader().await?;
        let transaction = client
            .build_transaction()
            .isolation_level(tokio_postgres::IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()
            .await?;
        let (evaluations, sample_evaluations) = evaluation_counts(&transaction).await?;
        let catalogue = Catalogue {
            evaluations,
            sample_evaluations,
            years: years(&transaction).await?,
            regions: regions(&transaction).await?,
            programs: programs(&transaction).await?,
            metrics: metrics(&transaction).await?,
            data_as_of: data_as_of(&transaction).await?,
        };
        transaction.commit().await?;
        Ok(catalogue)
    }

    /// See [`crate::sqlite::Sqlite::regions`].
    ///
    /// # Errors
    /// When the store fails.
    pub async fn regions(&self) -> Result<Vec<RegionInfo>, StorageError> {
        regions(&self.reader().await?).await
    }

    /// See [`crate::sqlite::Sqlite::programs`].
    ///
    /// # Errors
    /// When the store fails.
    pub async fn programs(&self) -> Result<Vec<ProgramInfo>, StorageError> {
        programs(&self.reader().await?).await
    }

    /// See [`crate::sqlite::Sqlite::years`].
    ///
    /// # Errors
    /// When the store fails.
    pub async fn years(&self) -> Result<Vec<i32>, StorageError> {
        years(&self.reader().await?).await
    }

    /// See [`crate::sqlite::Sqlite::metrics`].
    ///
    /// # Errors
    /// When the store fails.
    pub async fn metrics(&self) -> Result<Vec<MetricInfo>, StorageError> {
        metrics(&self.reader().await?).await
    }

    /// See [`crate::sqlite::Sqlite::data_as_of`]. From the primary, so it follows writes at
    /// once.
    ///
    /// # Errors
    /// When the store fails.
    pub async fn data_as_of(&self) -> Result<Option<String>, StorageError> {
        data_as_of(&self.client().await?).await
    }

    /// See [`crate::sqlite::Sqlite::evaluation`].
    ///
    /// # Errors
    /// When the store fails or the stored record cannot be read back.
    pub async fn evaluation(&self, id: i64) -> Result<Option<EvaluationDetail>, StorageError> {
        let client = self.reader().await?;
        let Some(row) = client
            .query_opt_cached(
                "SELECT e.is_sample, e.imported_at, d.record, d.assessment
                 FROM evaluations e JOIN evaluation_documents d ON d.evaluation_id = e.id WHERE e.id = $1",
                &[&id],
            )
            .await?
        else {
            return Ok(None);
        };
        let (record, assessment): (Vec<u8>, Vec<u8>) = (row.get(2), row.get(3));
        Ok(Some(EvaluationDetail {
            id,
            sample: row.get(0),
            imported_at: row.get(1),
            record: unpack(&record)
                .map_err(|e| StorageError::Corrupt(format!("evaluation {id}: {e}")))?,
            assessment: unpack(&assessment)
                .map_err(|e| StorageError::Corrupt(format!("assessment {id}: {e}")))?,
        }))
    }

    /// See [`crate::sqlite::Sqlite::list_evaluations`].
    ///
    /// # Errors
    /// When the store fails.
    pub async fn list_evaluations(
        &self,
        filter: &EvaluationFilter,
        sort: Sort,
        limit: u32,
        start: &Start,
    ) -> Result<EvaluationList, StorageError> {
        let client = self.reader().await?;
        let total_count = count(&client, filter).await?;
        let mut conditions = Conditions::of(filter);
        let offset = match start {
            Start::Offset(offset) => *offset,
            Start::After(position) => {
                after(position, &mut conditions);
                0
            }
        };
        let sql = format!(
            "SELECT e.id, p.name, r.name, e.year, e.total, e.grade, e.complete, e.year_start_budget,
                    e.full_year_budget, e.executed, e.finding_count, e.is_sample
             FROM evaluations e JOIN programs p ON p.id = e.program_id JOIN regions r ON r.id = e.region_id
             WHERE {} ORDER BY {} LIMIT {} OFFSET {offset}",
            conditions.sql(),
            order_by(sort),
            limit + 1
        );
        let rows = client.query_cached(&sql, &conditions.params()).await?;
        let mut items = Vec::new();
        let mut next = None;
        for row in &rows {
            if items.len() == limit as usize {
                next = items
                    .last()
                    .map(|(_, position): &(EvaluationSummary, ListPosition)| {
                        cursor::encode(position)
                    });
                break;
            }
            items.push((summary_from_row(row)?, position_of(sort, row)));
        }
        Ok(EvaluationList {
            total_count,
            items: items.into_iter().map(|(summary, _)| summary).collect(),
            next,
        })
    }
}

fn order_by(sort: Sort) -> &'static str {
    match sort {
        Sort::Newest => "e.year DESC, e.total DESC, e.id DESC",
        Sort::Lowest => "e.total, e.id",
        Sort::Highest => "e.total DESC, e.id DESC",
        Sort::Program => "p.name, e.year DESC, e.id DESC",
        Sort::Region => "r.name, e.year DESC, e.id DESC",
        Sort::Findings => "e.finding_count DESC, e.total, e.id",
    }
}

fn position_of(sort: Sort, row: &Row) -> ListPosition {
    let (id, year, total): (i64, i32, i64) = (row.get(0), row.get(3), row.get(4));
    match sort {
        Sort::Newest => ListPosition::Newest(year, total, id),
        Sort::Lowest => ListPosition::Lowest(total, id),
        Sort::Highest => ListPosition::Highest(total, id),
        Sort::Program => ListPosition::Program(row.get(1), year, id),
        Sort::Region => ListPosition::Region(row.get(2), year, id),
        Sort::Findings => ListPosition::Findings(row.get(10), total, id),
    }
}

/// The condition "after this row" in the list's order.
fn after(position: &ListPosition, conditions: &mut Conditions) {
    match position {
        ListPosition::Newest(year, total, id) => {
            let (y, t, i) = (
                conditions.param(*year),
                conditions.param(*total),
                conditions.param(*id),
            );
            conditions.clause(format!("(e.year, e.total, e.id) < ({y}, {t}, {i})"));
        }
        ListPosition::Lowest(total, id) => {
            let (t, i) = (conditions.param(*total), conditions.param(*id));
            conditions.clause(format!("(e.total, e.id) > ({t}, {i})"));
        }
        ListPosition::Highest(total, id) => {
            let (t, i) = (conditions.param(*total), conditions.param(*id));
            conditions.clause(format!("(e.total, e.id) < ({t}, {i})"));
        }
        ListPosition::Program(name, year, id) | ListPosition::Region(name, year, id) => {
            let column = if matches!(position, ListPosition::Program(..)) {
                "p.name"
            } else {
                "r.name"
            };
            let (n, y, i) = (
                conditions.param(name.clone()),
                conditions.param(*year),
                conditions.param(*id),
            );
            conditions.clause(format!(
                "{column} >= {n} AND ({column} > {n} OR (e.year, e.id) < ({y}, {i}))"
            ));
        }
        ListPosition::Findings(findings, total, id) => {
            let (f, t, i) = (
                conditions.param(*findings),
                conditions.param(*total),
                conditions.param(*id),
            );
            conditions.clause(format!(
                "e.finding_count <= {f} AND (e.finding_count < {f} OR (e.total, e.id) > ({t}, {i}))"
            ));
        }
    }
}

/// How many evaluations match `filter`, from the rollups where the filter allows (as
/// `sqlite/list.rs` counts).
async fn count(
    client: &impl GenericClient,
    filter: &EvaluationFilter,
) -> Result<i64, StorageError> {
    let column = match filter.grade {
        None => "evaluations",
        Some(Grade::Excellent) => "excellent",
        Some(Grade::Good) => "good",
        Some(Grade::Fair) => "fair",
        Some(Grade::Poor) => "poor",
    };
    let ungraded = EvaluationFilter {
        grade: None,
        ..filter.clone()
    };
    let by_program = filter.program.is_some() || filter.fund.is_some();
    let rollup = match (by_program, &filter.region) {
        _ if filter.with_findings => None,
        (false, _) => Some("region_year_rollups"),
        (true, None) => Some("program_year_rollups"),
        (true, Some(_)) => None,
    };
    let (sql, conditions) = match rollup {
        Some(table) => {
            let conditions = Conditions::of(&ungraded);
            (
                format!(
                    "SELECT coalesce(sum(e.{column}), 0)::bigint FROM {table} e WHERE {}",
                    conditions.sql()
                ),
                conditions,
            )
        }
        None => {
            let conditions = Conditions::of(filter);
            (
                format!(
                    "SELECT count(*) FROM evaluations e WHERE {}",
                    conditions.sql()
                ),
                conditions,
            )
        }
    };
    Ok(client
        .query_one_cached(&sql, &conditions.params())
        .await?
        .get(0))
}

fn summary_from_row(row: &Row) -> Result<EvaluationSummary, StorageError> {
    let budget = money(row, 8);
    let executed = money(row, 9);
    Ok(EvaluationSummary {
        id: row.get(0),
        program: row.get(1),
        region: row.get(2),
        year: row.get(3),
        total: micro_from_db(row.get(4)),
        grade: row
            .get::<_, Option<String>>(5)
            .map(|grade| grade_of(&grade))
            .transpose()?,
        complete: row.get(6),
        year_start_budget: money(row, 7),
        budget,
        executed,
        execution_rate: rate(executed, budget),
        finding_count: row.get(10),
        sample: row.get(11),
    })
}
