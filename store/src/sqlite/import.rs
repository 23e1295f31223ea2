//! Imports: evaluations and economic observations enter the store here, one transaction per
//! call. Every record is scored and audited by `shared` on the way in (with the benchmark
//! figures the store holds), and the scores, explanations and findings are stored so queries
//! never recompute them. Observations that supply a missing benchmark rescore the evaluations
//! waiting for it, in the same transaction.
//!
//! Every import takes a [`Change`] (who, from where, how, and the regions they may write): a
//! record of a region outside the change's scope is refused, and so is a region the store
//! does not know. The import's audit entry and the new versions are written in the same
//! transaction; replacing keeps the evaluation's id and keeps the version it replaces.

use std::collections::{BTreeSet, HashMap, HashSet};

use fundlens_shared::audit::{Finding, FindingCode, Severity};
use fundlens_shared::error::RecordError;
use fundlens_shared::model::{Evaluation, Observation};
use fundlens_shared::region::Region;
use fundlens_shared::scoring::{BenchmarkValue, ScoringPolicy};
use rayon::prelude::*;
use rusqlite::{Transaction, named_params};
use serde::Serialize;

use super::audit_log::{Change, Event, Scope, append, sha256_hex};
use super::convert::micro_to_db;
use super::errors::ImportError;
use super::regions::{RegionCache, upsert_catalogue};
use super::results::Fresh;
use super::results::recompute_conflicts;
use super::rollups::refresh_rollups;
use super::scope::{Allowed, unknown_region};
use super::version_rows::{self};
use super::writer::{EvaluationWriter, SourceCache, Written, rescore_waiting};
use super::{Sqlite, StorageError};
use crate::prepared::{Prepared, Unstorable, prepare};

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportSummary {
    /// Records written.
    pub imported: usize,
    /// Of those, records that replaced an existing one.
    pub replaced: usize,
    /// Evaluations rescored because new observations supplied their benchmarks.
    pub rescored: usize,
    /// Ids of the evaluations written, in request order (empty for observations).
    pub ids: Vec<i64>,
    /// Findings about how the forms are written — weights that do not add up, cells that could
    /// not be read, rows that do not apply. Earlier versions refused such records; they are
    /// stored as written, and these findings are kept with them as well as listed here.
    pub findings: Vec<RecordFinding>,
}

/// A finding about how one imported record's form is written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecordFinding {
    /// Position of the record in the request (0-based).
    pub record: usize,
    /// The record's key (`program / region / year`).
    pub key: String,
    /// The finding's stable code (`weight_sum_mismatch`).
    pub code: FindingCode,
    /// Its severity.
    pub severity: Severity,
    /// The indicator row concerned (0-based), when one is.
    pub indicator: Option<usize>,
    /// What the audit says, in Chinese.
    pub message: String,
}

impl RecordFinding {
    /// `finding` about record `record` of an import, `evaluation`.
    pub(crate) fn of(record: usize, evaluation: &Evaluation, finding: Finding) -> Self {
        Self {
            record,
            key: key_of(evaluation),
            code: finding.code,
            severity: finding.severity,
            indicator: finding.indicator,
            message: finding.message,
        }
    }
}

pub(crate) fn key_of(evaluation: &Evaluation) -> String {
    format!(
        "{} / {} / {}",
        evaluation.program.name, evaluation.region, evaluation.year
    )
}

impl Sqlite {
    /// Why `scope` may not write to the region named `region`, or `None` when it may (or the
    /// region is unknown here: the import that writes it names that problem itself).
    ///
    /// # Errors
    /// When the store fails or the scope's own region is unknown.
    pub fn refuses_region(
        &self,
        scope: &Scope,
        region: &str,
    ) -> Result<Option<String>, ImportError> {
        self.read(|connection| {
            let allowed = Allowed::resolve(connection, scope)?;
            let mut regions = RegionCache::default();
            match regions.id(connection, region)? {
                Some(id) => Ok(allowed.refuses(connection, &mut regions, id, region)?),
                None => Ok(None),
            }
        })
    }

    /// Enters regions (and their parents and merges) that the store does not know yet.
    ///
    /// # Errors
    /// When the store fails.
    pub fn add_regions(&self, entries: &[Region]) -> Result<(), StorageError> {
        self.write(|connection| {
            let transaction = connection.transaction()?;
            upsert_catalogue(&transaction, entries)?;
            transaction.commit()?;
            Ok(())
        })
    }

    /// Imports evaluations in one transaction: all of them or none, with the import's audit
    /// entry and a new version of each evaluation written.
    ///
    /// # Errors
    /// [`ImportError::Invalid`] listing every invalid record (amounts finer than a yuan,
    /// duplicates within the request, a region the store does not know);
    /// [`ImportError::Forbidden`] listing records outside `change`'s regions;
    /// [`ImportError::Conflict`] when a program × region × year exists and `replace` is false;
    /// storage failures.
    pub fn import_evaluations(
        &self,
        evaluations: &[Evaluation],
        policy: &ScoringPolicy,
        replace: bool,
        change: &Change,
    ) -> Result<ImportSummary, ImportError> {
        self.write(|connection| {
            let transaction = connection.transaction()?;
            let summary = import_within(&transaction, evaluations, policy, replace, change)?;
            transaction.commit()?;
            Ok(summary)
        })
    }

    /// Imports economic observations in one transaction, then rescores the evaluations of
    /// those years that were waiting for a benchmark. A later observation of the same region,
    /// metric, year and provenance kind replaces the earlier one.
    ///
    /// # Errors
    /// [`ImportError::Invalid`] listing every invalid observation (a region the store does not
    /// know among them); [`ImportError::Forbidden`] listing observations outside `change`'s
    /// regions; storage failures.
    pub fn import_observations(
        &self,
        observations: &[Observation],
        policy: &ScoringPolicy,
        change: &Change,
    ) -> Result<ImportSummary, ImportError> {
        self.write(|connection| {
            let transaction = connection.transaction()?;
            let summary = observations_within(&transaction, observations, policy, change)?;
            transaction.commit()?;
            Ok(summary)
        })
    }

    /// Imports observations and evaluations together in one transaction: the observations
    /// first, so the evaluations are scored against the benchmarks that come with them. Either
    /// everything is stored or nothing is.
    ///
    /// # Errors
    /// As [`Sqlite::import_observations`] and [`Sqlite::import_evaluations`].
    pub fn import_together(
        &self,
        observations: &[Observation],
        evaluations: &[Evaluation],
        policy: &ScoringPolicy,
        replace: bool,
        change: &Change,
    ) -> Result<(ImportSummary, ImportSummary), ImportError> {
        self.write(|connection| {
            let transaction = connection.transaction()?;
            let observed = if observations.is_empty() {
                ImportSummary::default()
            } else {
                observations_within(&transaction, observations, policy, change)?
            };
            let evaluated = if evaluations.is_empty() {
                ImportSummary::default()
            } else {
                import_within(&transaction, evaluations, policy, replace, change)?
            };
            transaction.commit()?;
            Ok((observed, evaluated))
        })
    }
}

/// Imports observations within `transaction` (the caller commits), then rescores the
/// evaluations of those years that were waiting for a benchmark and sets the reports of each
/// region-year against its official figures. An official figure replaces a report's figure or
/// an earlier official one of the same region, metric, year and kind.
fn observations_within(
    transaction: &Transaction<'_>,
    observations: &[Observation],
    policy: &ScoringPolicy,
    change: &Change,
) -> Result<ImportSummary, ImportError> {
    let allowed = Allowed::resolve(transaction, &change.scope)?;
    let mut regions = RegionCache::default();
    let mut sources = SourceCache::default();
    let mut errors = Vec::new();
    let mut forbidden = Vec::new();
    let mut years = BTreeSet::new();
    let mut observed = BTreeSet::new();
    for (index, observation) in observations.iter().enumerate() {
        let problem = |field: &str, message: String| RecordError {
            record: index,
            key: None,
            field: field.to_owned(),
            message,
        };
        let value = match micro_to_db(observation.value) {
            Ok(value) => value,
            Err(message) => {
                errors.push(problem("value", message));
                continue;
            }
        };
        let Some(region) = regions.id(transaction, &observation.region)? else {
            errors.push(problem("region", unknown_region(&observation.region)));
            continue;
        };
        if let Some(message) =
            allowed.refuses(transaction, &mut regions, region, &observation.region)?
        {
            forbidden.push(problem("region", message));
            continue;
        }
        let source = sources.id(transaction, &observation.source)?;
        transaction
            .prepare_cached(
                "INSERT INTO observations (region_id, metric, year, is_sample, value, rank, source_id, from_report)
                 VALUES (:region, :metric, :year, :sample, :value, :rank, :source, 0)
                 ON CONFLICT (region_id, metric, year, is_sample)
                 DO UPDATE SET value = excluded.value, rank = excluded.rank, source_id = excluded.source_id,
                     from_report = 0",
            )?
            .execute(named_params! {
                ":region": region,
                ":metric": observation.metric.metric().code,
                ":year": observation.year.value(),
                ":sample": observation.source.is_sample(),
                ":value": value,
                ":rank": observation.rank.map(|r| r.value()),
                ":source": source,
            })?;
        years.insert(observation.year.value());
        observed.insert((region, observation.year.value()));
    }
    if !forbidden.is_empty() {
        return Err(ImportError::Forbidden(forbidden));
    }
    if !errors.is_empty() {
        return Err(ImportError::Invalid(errors));
    }
    let rescored = rescore_waiting(transaction, policy, &years)?;
    // The reports of those region-years are set against the official figures anew (交叉核对).
    recompute_conflicts(transaction, &observed)?;
    append(
        transaction,
        change,
        &Event {
            action: "import_observations",
            target: format!("observations {}", observations.len()),
            after_hash: Some(sha256_hex(
                serde_json::to_string(observations)
                    .unwrap_or_default()
                    .as_bytes(),
            )),
            detail: format!(
                "{} observation(s), {rescored} evaluation(s) rescored",
                observations.len()
            ),
            ..Event::default()
        },
    )?;
    Ok(ImportSummary {
        imported: observations.len(),
        replaced: 0,
        rescored,
        ..ImportSummary::default()
    })
}

/// A problem with record `index` of an import, in `field`.
fn problem(index: usize, evaluation: &Evaluation, field: &str, message: String) -> RecordError {
    RecordError {
        record: index,
        key: Some(key_of(evaluation)),
        field: field.to_owned(),
        message,
    }
}

/// Records prepared on a thread of their own, a few at a time on every core (rayon), at most
/// [`CHUNKS_AHEAD`] chunks ahead of the writer that receives them: preparing (scoring,
/// auditing, packing) is most of an import's work and needs no database, so it runs beside
/// the writer instead of between its statements. Stops when the receiver is dropped.
fn prepare_ahead<'scope, 'env>(
    scope: &'scope std::thread::Scope<'scope, 'env>,
    jobs: &'env [(usize, &'env Evaluation, i64)],
    policy: &'env ScoringPolicy,
    figures: &'env HashMap<(i64, i32), Vec<BenchmarkValue>>,
) -> impl Iterator<Item = Result<Prepared, Unstorable>> {
    let (ready, receiver) = std::sync::mpsc::sync_channel::<Vec<_>>(CHUNKS_AHEAD);
    scope.spawn(move || {
        for chunk in jobs.chunks(PREPARED_TOGETHER) {
            let done: Vec<_> = chunk
                .par_iter()
                .map(|(_, evaluation, region)| {
                    let figures = figures
                        .get(&(*region, evaluation.year.value()))
                        .map_or(&[][..], Vec::as_slice);
                    prepare(evaluation, policy, figures)
                })
                .collect();
            if ready.send(done).is_err() {
                return;
            }
        }
    });
    receiver.into_iter().flatten()
}

/// Records prepared together (a chunk takes a few milliseconds on two cores).
const PREPARED_TOGETHER: usize = 64;
/// Chunks prepared ahead of the writer at most (the memory a long import holds).
const CHUNKS_AHEAD: usize = 2;

/// Imports evaluations within `transaction` (the caller commits): every record checked, scored
/// and written with a new version, the import's audit entry, the rollups refreshed.
///
/// # Errors
/// As [`Sqlite::import_evaluations`].
pub(crate) fn import_within(
    transaction: &Transaction<'_>,
    evaluations: &[Evaluation],
    policy: &ScoringPolicy,
    replace: bool,
    change: &Change,
) -> Result<ImportSummary, ImportError> {
    let mut errors = Vec::new();
    let mut seen = HashSet::new();
    for (index, evaluation) in evaluations.iter().enumerate() {
        if !seen.insert(key_of(evaluation)) {
            errors.push(problem(
                index,
                evaluation,
                "",
                "同一项目、地区、年度在本次导入中出现了两次".to_owned(),
            ));
        }
    }
    let repeated = errors.len();
    let allowed = Allowed::resolve(transaction, &change.scope)?;
    let mut writer = EvaluationWriter::new(policy, version_rows::next_id(transaction)?);
    let mut forbidden = Vec::new();
    // Where each record goes, and the benchmark figures of its region-year, before any record
    // is prepared.
    let mut jobs = Vec::with_capacity(evaluations.len());
    for (index, evaluation) in evaluations.iter().enumerate() {
        let Some(region) = writer.regions.id(transaction, &evaluation.region)? else {
            errors.push(problem(
                index,
                evaluation,
                "region",
                unknown_region(&evaluation.region),
            ));
            continue;
        };
        if let Some(message) =
            allowed.refuses(transaction, &mut writer.regions, region, &evaluation.region)?
        {
            forbidden.push(problem(index, evaluation, "region", message));
            continue;
        }
        writer.benchmarks_for(transaction, region, evaluation.year.value())?;
        jobs.push((index, evaluation, region));
    }
    let figures = writer.take_figures();
    let mut summary = ImportSummary::default();
    let mut conflicts = Vec::new();
    let mut versions = Vec::new();
    let mut fresh = Fresh::new();
    std::thread::scope(|scope| -> Result<(), ImportError> {
        let prepared = prepare_ahead(scope, &jobs, policy, &figures);
        for (&(index, evaluation, region), prepared) in jobs.iter().zip(prepared) {
            match writer.write(transaction, (evaluation, &prepared), region, replace)? {
                Written::Stored(version) => {
                    summary.ids.push(version.id);
                    summary.replaced += usize::from(version.before_hash.is_some());
                    if let Ok(ready) = prepared {
                        summary.findings.extend(
                            ready.form_findings().map(|finding| {
                                RecordFinding::of(index, evaluation, finding.clone())
                            }),
                        );
                        fresh.insert(version.id, (evaluation, ready.assessment));
                    }
                    versions.push(version);
                }
                Written::Exists => conflicts.push(problem(
                    index,
                    evaluation,
                    "",
                    "该项目、地区、年度的评价已存在；如需覆盖，请以替换方式（replace）重新导入"
                        .to_owned(),
                )),
                Written::Invalid(field, message) => {
                    errors.push(problem(index, evaluation, &field, message));
                }
            }
        }
        Ok(())
    })?;
    // Repeated keys first, then each record's problem in request order, as one pass found them.
    errors[repeated..].sort_by_key(|error| error.record);
    if !forbidden.is_empty() {
        return Err(ImportError::Forbidden(forbidden));
    }
    if !errors.is_empty() {
        return Err(ImportError::Invalid(errors));
    }
    if !conflicts.is_empty() {
        return Err(ImportError::Conflict(conflicts));
    }
    refresh_rollups(transaction, &writer.touched, &fresh)?;
    version_rows::record_import(transaction, change, &versions)?;
    summary.imported = summary.ids.len();
    Ok(summary)
}
