//! Bulk imports on PostgreSQL: a list of new evaluations (the sample, `fundlens import` of a
//! large file, a long JSON list through the API) is checked and scored as
//! `import::import_within` does, record by record in Rust, but its rows are not inserted one
//! statement at a time: they go through binary `COPY` into staging tables (temporary, dropped
//! at commit) and from there into the tables with one `INSERT … SELECT` each. The rollups, the
//! versions and the audit entry follow as for any import, in the same transaction.
//!
//! Replacing, or a list that meets an existing evaluation, takes the row-by-row path, whose
//! answers (conflicts listed record by record) are the same.

use std::collections::{BTreeMap, HashSet};

use deadpool_postgres::Transaction;
use fundlens_shared::error::RecordError;
use fundlens_shared::model::Evaluation;
use fundlens_shared::scoring::ScoringPolicy;
use futures_util::pin_mut;
use tokio_postgres::binary_copy::BinaryCopyInWriter;
use tokio_postgres::types::{ToSql, Type};

use super::audit_log::NOW_S;
use super::import::{Allowed, Version, Writer, next_id, record_import, refresh_rollups};
use crate::prepared::{Prepared, Unstorable, prepare_all};
use crate::sqlite::audit_log::Change;
use crate::sqlite::import::key_of;
use crate::sqlite::results::Fresh;
use crate::sqlite::scope::unknown_region;
use crate::{ImportError, ImportSummary, RecordFinding, StorageError};

/// A list this long or longer is imported in bulk.
pub(crate) const BULK_FROM: usize = 64;

type Value = Box<dyn ToSql + Sync + Send>;
/// An observation's key: region id, metric code, year, whether sample data.
type ObservationKey = (i64, String, i32, bool);
/// An observation's value, rank and source id.
type ObservationValue = (i64, Option<i64>, i64);

/// Rows bound for one table, staged by `COPY`.
struct Stage {
    table: &'static str,
    columns: &'static str,
    types: Vec<Type>,
    rows: Vec<Vec<Value>>,
}

impl Stage {
    fn new(table: &'static str, columns: &'static str, types: &[Type]) -> Self {
        Self {
            table,
            columns,
            types: types.to_vec(),
            rows: Vec::new(),
        }
    }

    fn push(&mut self, row: Vec<Value>) {
        self.rows.push(row);
    }

    /// Copies the rows into a staging table and inserts them with one statement (`tail`
    /// after it, an `ON CONFLICT` clause for instance).
    async fn load(self, transaction: &Transaction<'_>, tail: &str) -> Result<(), StorageError> {
        if self.rows.is_empty() {
            return Ok(());
        }
        let (table, columns) = (self.table, self.columns);
        transaction
            .batch_execute(&format!(
                "DROP TABLE IF EXISTS stage_{table};
                 CREATE TEMP TABLE stage_{table} (LIKE {table} INCLUDING DEFAULTS) ON COMMIT DROP"
            ))
            .await?;
        let sink = transaction
            .copy_in(&format!(
                "COPY stage_{table} ({columns}) FROM STDIN (FORMAT binary)"
            ))
            .await?;
        let writer = BinaryCopyInWriter::new(sink, &self.types);
        pin_mut!(writer);
        for row in &self.rows {
            let values: Vec<&(dyn ToSql + Sync)> = row
                .iter()
                .map(|value| value.as_ref() as &(dyn ToSql + Sync))
                .collect();
            writer.as_mut().write(&values).await?;
        }
        writer.finish().await?;
        transaction
            .batch_execute(&format!(
                "INSERT INTO {table} AS t ({columns}) SELECT {columns} FROM stage_{table} {tail}"
            ))
            .await?;
        Ok(())
    }
}

fn int(value: usize) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

fn corrupt(error: impl std::fmt::Display) -> StorageError {
    StorageError::Corrupt(error.to_string())
}

/// Imports `evaluations` in bulk within `transaction`; `None` when one of them exists already
/// (the caller then takes the row-by-row path, which lists the conflicts).
///
/// # Errors
/// As `import::import_within`: invalid records, records outside the change's regions, storage
/// failures.
pub(crate) async fn import_new(
    transaction: &Transaction<'_>,
    evaluations: &[Evaluation],
    policy: &ScoringPolicy,
    change: &Change,
) -> Result<Option<ImportSummary>, ImportError> {
    let refused = super::import::unstorable(evaluations);
    if !refused.is_empty() {
        return Err(ImportError::Invalid(refused));
    }
    let mut errors = Vec::new();
    let mut seen = HashSet::new();
    for (index, evaluation) in evaluations.iter().enumerate() {
        if !seen.insert(key_of(evaluation)) {
            errors.push(RecordError {
                record: index,
                key: Some(key_of(evaluation)),
                field: String::new(),
                message: "同一项目、地区、年度在本次导入中出现了两次".to_owned(),
            });
        }
    }
    let allowed = Allowed::resolve(transaction, &change.scope).await?;
    let mut writer = Writer::new(policy, next_id(transaction).await?);
    let mut forbidden = Vec::new();
    // Regions and programs first, then one question: does any of them exist?
    let mut places = Vec::with_capacity(evaluations.len());
    for (index, evaluation) in evaluations.iter().enumerate() {
        let problem = |field: &str, message: String| RecordError {
            record: index,
            key: Some(key_of(evaluation)),
            field: field.to_owned(),
            message,
        };
        let Some(region) = writer.regions.id(transaction, &evaluation.region).await? else {
            errors.push(problem("region", unknown_region(&evaluation.region)));
            places.push(None);
            continue;
        };
        if let Some(message) = allowed
            .refuses(transaction, &mut writer.regions, region, &evaluation.region)
            .await?
        {
            forbidden.push(problem("region", message));
            places.push(None);
            continue;
        }
        let program = writer.program_id(transaction, evaluation).await?;
        writer
            .benchmarks_for(transaction, region, evaluation.year.value())
            .await?;
        places.push(Some((region, program)));
    }
    let (programs, regions, years): (Vec<i64>, Vec<i64>, Vec<i32>) = evaluations
        .iter()
        .zip(&places)
        .filter_map(|(evaluation, place)| {
            place.map(|(region, program)| (program, region, evaluation.year.value()))
        })
        .fold(
            (Vec::new(), Vec::new(), Vec::new()),
            |mut acc, (p, r, y)| {
                acc.0.push(p);
                acc.1.push(r);
                acc.2.push(y);
                acc
            },
        );
    let exists = transaction
        .query_opt(
            "SELECT 1 FROM evaluations e
             JOIN unnest($1::bigint[], $2::bigint[], $3::integer[]) AS k(program_id, region_id, year)
               ON e.program_id = k.program_id AND e.region_id = k.region_id AND e.year = k.year
             LIMIT 1",
            &[&programs, &regions, &years],
        )
        .await?
        .is_some();
    if exists {
        return Ok(None);
    }
    let imported_at: String = transaction
        .query_one(&format!("SELECT {NOW_S}"), &[])
        .await?
        .get(0);
    let (i8, i4, b, t, bytea) = (Type::INT8, Type::INT4, Type::BOOL, Type::TEXT, Type::BYTEA);
    let mut stage_evaluations = Stage::new(
        "evaluations",
        "id, program_id, region_id, year, source_id, is_sample, year_start_budget, full_year_budget,
         executed, execution_score, total, grade, complete, declared_total, finding_count,
         needs_benchmark, imported_at",
        &[
            i8.clone(), i8.clone(), i8.clone(), i4.clone(), i8.clone(), b.clone(), i8.clone(),
            i8.clone(), i8.clone(), i8.clone(), i8.clone(), t.clone(), b.clone(), i8.clone(),
            i8.clone(), b.clone(), t.clone(),
        ],
    );
    let mut stage_documents = Stage::new(
        "evaluation_documents",
        "evaluation_id, record, assessment",
        &[i8.clone(), bytea.clone(), bytea.clone()],
    );
    let mut stage_funding = Stage::new(
        "funding_rows",
        "evaluation_id, row_kind, year_start_budget, full_year_budget, executed",
        &[i8.clone(), t.clone(), i8.clone(), i8.clone(), i8.clone()],
    );
    let mut stage_allocations = Stage::new(
        "allocations",
        "evaluation_id, position, name, category, amount, recipient_region",
        &[
            i8.clone(),
            i8.clone(),
            t.clone(),
            t.clone(),
            i8.clone(),
            t.clone(),
        ],
    );
    let mut stage_categories = Stage::new(
        "category_scores",
        "evaluation_id, position, name, group_key, weight, declared_score, score",
        &[
            i8.clone(),
            i8.clone(),
            t.clone(),
            t.clone(),
            i8.clone(),
            i8.clone(),
            i8.clone(),
        ],
    );
    let mut stage_indicators = Stage::new(
        "indicators",
        "evaluation_id, position, level1, level2, name, target, actual, weight, declared_score,
         computed_score, score, rule, region_id, year",
        &[
            i8.clone(),
            i8.clone(),
            t.clone(),
            t.clone(),
            t.clone(),
            t.clone(),
            t.clone(),
            i8.clone(),
            i8.clone(),
            i8.clone(),
            i8.clone(),
            t.clone(),
            i8.clone(),
            i4.clone(),
        ],
    );
    let mut stage_findings = Stage::new(
        "findings",
        "evaluation_id, position, code, severity, indicator_position",
        &[i8.clone(), i8.clone(), t.clone(), t.clone(), i8.clone()],
    );
    // The reports' own statistics, the last of a key winning as row by row.
    let mut statistics: BTreeMap<ObservationKey, ObservationValue> = BTreeMap::new();
    let mut summary = ImportSummary::default();
    let mut versions = Vec::new();
    let mut fresh = Fresh::new();
    let figures = writer.take_figures();
    let prepared = prepare_all(
        evaluations.iter().zip(&places).map(|(evaluation, place)| {
            let figures =
                place.and_then(|(region, _)| figures.get(&(region, evaluation.year.value())));
            (evaluation, figures.map_or(&[][..], Vec::as_slice))
        }),
        policy,
    );
    for (index, ((evaluation, place), prepared)) in
        evaluations.iter().zip(&places).zip(prepared).enumerate()
    {
        let Some((region, program)) = *place else {
            continue;
        };
        let ready = match prepared {
            Ok(ready) => ready,
            Err(Unstorable::Invalid(field, message)) => {
                errors.push(RecordError {
                    record: index,
                    key: Some(key_of(evaluation)),
                    field,
                    message,
                });
                continue;
            }
            Err(Unstorable::Unencodable(message)) => return Err(corrupt(message).into()),
        };
        let year = evaluation.year.value();
        summary.findings.extend(
            ready
                .form_findings()
                .map(|finding| RecordFinding::of(index, evaluation, finding.clone())),
        );
        if !errors.is_empty() || !forbidden.is_empty() {
            // Nothing will be written: only keep checking.
            continue;
        }
        let id = writer.next();
        let source = writer
            .source_id(transaction, &evaluation.provenance)
            .await?;
        let Prepared {
            assessment,
            summary: scored,
            money,
            allocations,
            statistics: stats,
            record,
            hash,
            scores,
        } = ready;
        let sample = evaluation.provenance.is_sample();
        let total_row = &money[0];
        stage_evaluations.push(vec![
            Box::new(id),
            Box::new(program),
            Box::new(region),
            Box::new(year),
            Box::new(source),
            Box::new(sample),
            Box::new(total_row.1[0]),
            Box::new(total_row.1[1]),
            Box::new(total_row.1[2]),
            Box::new(scored.execution),
            Box::new(scored.total),
            Box::new(scored.grade),
            Box::new(scored.complete),
            Box::new(scored.declared),
            Box::new(int(scored.findings)),
            Box::new(scored.needs_benchmark),
            Box::new(imported_at.clone()),
        ]);
        stage_documents.push(vec![
            Box::new(id),
            Box::new(record),
            Box::new(scored.packed),
        ]);
        for (kind, cells) in money {
            stage_funding.push(vec![
                Box::new(id),
                Box::new(kind),
                Box::new(cells[0]),
                Box::new(cells[1]),
                Box::new(cells[2]),
            ]);
        }
        for (position, (line, amount)) in evaluation.allocations.iter().zip(allocations).enumerate()
        {
            stage_allocations.push(vec![
                Box::new(id),
                Box::new(int(position)),
                Box::new(line.name.clone()),
                Box::new(line.category.clone()),
                Box::new(amount),
                Box::new(line.recipient_region.clone()),
            ]);
        }
        for (position, (category, cells)) in assessment
            .categories
            .iter()
            .zip(scores.categories)
            .enumerate()
        {
            stage_categories.push(vec![
                Box::new(id),
                Box::new(int(position)),
                Box::new(category.name.clone()),
                Box::new(cells.group),
                Box::new(cells.weight),
                Box::new(cells.declared),
                Box::new(cells.score),
            ]);
        }
        for (row, cells) in assessment.indicators.iter().zip(scores.indicators) {
            stage_indicators.push(vec![
                Box::new(id),
                Box::new(int(row.index)),
                Box::new(row.level1.clone()),
                Box::new(row.level2.clone()),
                Box::new(row.name.clone()),
                Box::new(row.target.clone()),
                Box::new(row.actual.clone()),
                Box::new(cells.weight),
                Box::new(cells.declared),
                Box::new(cells.computed),
                Box::new(cells.score),
                Box::new(cells.rule),
                Box::new(region),
                Box::new(year),
            ]);
        }
        for (position, (finding, (code, severity))) in
            assessment.findings.iter().zip(scores.findings).enumerate()
        {
            stage_findings.push(vec![
                Box::new(id),
                Box::new(int(position)),
                Box::new(code),
                Box::new(severity),
                Box::new(finding.indicator.map(int)),
            ]);
        }
        for (statistic, value) in evaluation.statistics.iter().zip(stats) {
            statistics.insert(
                (
                    region,
                    statistic.metric.metric().code.to_owned(),
                    year,
                    sample,
                ),
                (value, statistic.rank.map(|r| i64::from(r.value())), source),
            );
        }
        writer.touched.insert((region, year));
        fresh.insert(id, (evaluation, assessment));
        summary.ids.push(id);
        versions.push(Version {
            id,
            before_hash: None,
            after_hash: hash,
        });
    }
    if !forbidden.is_empty() {
        return Err(ImportError::Forbidden(forbidden));
    }
    if !errors.is_empty() {
        return Err(ImportError::Invalid(errors));
    }
    stage_evaluations.load(transaction, "").await?;
    for stage in [
        stage_documents,
        stage_funding,
        stage_allocations,
        stage_categories,
        stage_indicators,
        stage_findings,
    ] {
        stage.load(transaction, "").await?;
    }
    let mut stage_observations = Stage::new(
        "observations",
        "region_id, metric, year, is_sample, value, rank, source_id, from_report",
        &[
            Type::INT8,
            Type::TEXT,
            Type::INT4,
            Type::BOOL,
            Type::INT8,
            Type::INT8,
            Type::INT8,
            Type::BOOL,
        ],
    );
    for ((region, metric, year, sample), (value, rank, source)) in statistics {
        stage_observations.push(vec![
            Box::new(region),
            Box::new(metric),
            Box::new(year),
            Box::new(sample),
            Box::new(value),
            Box::new(rank),
            Box::new(source),
            Box::new(true),
        ]);
    }
    // A report's figures never replace an official one (as `sqlite::writer`).
    stage_observations
        .load(
            transaction,
            "ON CONFLICT (region_id, metric, year, is_sample)
             DO UPDATE SET value = excluded.value, rank = excluded.rank, source_id = excluded.source_id
             WHERE t.from_report",
        )
        .await?;
    refresh_rollups(transaction, &writer.touched, &fresh).await?;
    record_import(transaction, change, &versions).await?;
    summary.imported = summary.ids.len();
    Ok(Some(summary))
}
