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

use fundlens_shared::assessment::{Assessment, assess};
use fundlens_shared::audit::{Finding, FindingCode, Severity};
use fundlens_shared::error::RecordError;
use fundlens_shared::metric;
use fundlens_shared::model::{Evaluation, FundingRow, Observation, Provenance};
use fundlens_shared::region::Region;
use fundlens_shared::scoring::group::level1_of;
use fundlens_shared::scoring::{BenchmarkValue, Benchmarks, ScoringPolicy, Uncomputable};
use fundlens_shared::target::BenchmarkScope;
use rusqlite::{Connection, OptionalExtension, Transaction, named_params, params};
use serde::Serialize;

use super::audit_log::{Change, Event, Scope, append, sha256_hex};
use super::blob::{pack, unpack};
use super::convert::{micro_to_db, money_to_db};
use super::regions::{RegionCache, upsert_catalogue};
use super::versions::{self, Written as WrittenVersion};
use super::{Sqlite, StorageError};

/// Why an import wrote nothing.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// Some records are invalid.
    #[error("{} invalid record(s)", .0.len())]
    Invalid(Vec<RecordError>),
    /// Some records already exist and replacing was not asked for.
    #[error("{} record(s) already exist", .0.len())]
    Conflict(Vec<RecordError>),
    /// Some records are of regions outside the writer's scope.
    #[error("{} record(s) outside the writer's regions", .0.len())]
    Forbidden(Vec<RecordError>),
    /// The store failed.
    #[error(transparent)]
    Storage(#[from] StorageError),
}

impl From<rusqlite::Error> for ImportError {
    fn from(error: rusqlite::Error) -> Self {
        Self::Storage(error.into())
    }
}

impl ImportError {
    /// One problem with one field, not tied to a record of a list.
    pub(crate) fn invalid_field(field: &str, message: String) -> Self {
        Self::Invalid(vec![RecordError {
            record: 0,
            key: None,
            field: field.to_owned(),
            message,
        }])
    }
}

/// The message for a region name the store does not know.
fn unknown_region(name: &str) -> String {
    format!("地区“{name}”不在地区目录中；请管理员先添加该地区（名称与上级地区），再导入")
}

/// Refuses a write to region id `region` (named `name`) outside `change`'s regions.
pub(super) fn check_scope(
    connection: &Connection,
    change: &Change,
    region: i64,
    name: &str,
) -> Result<(), ImportError> {
    let allowed = Allowed::resolve(connection, &change.scope)?;
    match allowed.refuses(connection, &mut RegionCache::default(), region, name)? {
        Some(message) => Err(ImportError::Forbidden(vec![RecordError {
            record: 0,
            key: None,
            field: "region".to_owned(),
            message,
        }])),
        None => Ok(()),
    }
}

/// The region root a change may write below, resolved once per transaction.
enum Allowed {
    Everywhere,
    Below(i64, String),
}

impl Allowed {
    fn resolve(connection: &Connection, scope: &Scope) -> Result<Self, ImportError> {
        match scope {
            Scope::Everywhere => Ok(Self::Everywhere),
            Scope::Subtree(name) => RegionCache::default()
                .id(connection, name)?
                .map(|id| Self::Below(id, name.clone()))
                .ok_or_else(|| ImportError::invalid_field("region", unknown_region(name))),
        }
    }

    /// `None` when `region` may be written, else why not.
    fn refuses(
        &self,
        connection: &Connection,
        regions: &mut RegionCache,
        region: i64,
        name: &str,
    ) -> rusqlite::Result<Option<String>> {
        Ok(match self {
            Self::Everywhere => None,
            Self::Below(root, root_name) => (!regions.within(connection, region, *root)?)
                .then(|| format!("本账号只能填报“{root_name}”及其下级地区，不能写入“{name}”")),
        })
    }
}

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

/// The findings an import lists beside the records it stores: the form as written could not be
/// fully read or does not add up.
const FORM_FINDINGS: [FindingCode; 4] = [
    FindingCode::WeightSumMismatch,
    FindingCode::TargetUnreadable,
    FindingCode::ActualUnreadable,
    FindingCode::NotApplicable,
];

fn key_of(evaluation: &Evaluation) -> String {
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
/// evaluations of those years that were waiting for a benchmark.
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
                "INSERT INTO observations (region_id, metric, year, is_sample, value, rank, source_id)
                 VALUES (:region, :metric, :year, :sample, :value, :rank, :source)
                 ON CONFLICT (region_id, metric, year, is_sample)
                 DO UPDATE SET value = excluded.value, rank = excluded.rank, source_id = excluded.source_id",
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
    }
    if !forbidden.is_empty() {
        return Err(ImportError::Forbidden(forbidden));
    }
    if !errors.is_empty() {
        return Err(ImportError::Invalid(errors));
    }
    let rescored = rescore_waiting(transaction, policy, &years)?;
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
            errors.push(RecordError {
                record: index,
                key: Some(key_of(evaluation)),
                field: String::new(),
                message: "同一项目、地区、年度在本次导入中出现了两次".to_owned(),
            });
        }
    }
    let allowed = Allowed::resolve(transaction, &change.scope)?;
    let mut writer = EvaluationWriter::new(policy, versions::next_id(transaction)?);
    let mut summary = ImportSummary::default();
    let mut conflicts = Vec::new();
    let mut forbidden = Vec::new();
    let mut versions = Vec::new();
    for (index, evaluation) in evaluations.iter().enumerate() {
        let problem = |field: &str, message: String| RecordError {
            record: index,
            key: Some(key_of(evaluation)),
            field: field.to_owned(),
            message,
        };
        let Some(region) = writer.regions.id(transaction, &evaluation.region)? else {
            errors.push(problem("region", unknown_region(&evaluation.region)));
            continue;
        };
        if let Some(message) =
            allowed.refuses(transaction, &mut writer.regions, region, &evaluation.region)?
        {
            forbidden.push(problem("region", message));
            continue;
        }
        let written = writer.write(transaction, evaluation, region, replace)?;
        summary
            .findings
            .extend(writer.form_findings.drain(..).map(|finding| RecordFinding {
                record: index,
                key: key_of(evaluation),
                code: finding.code,
                severity: finding.severity,
                indicator: finding.indicator,
                message: finding.message,
            }));
        match written {
            Written::Stored(version) => {
                summary.ids.push(version.id);
                summary.replaced += usize::from(version.before_hash.is_some());
                versions.push(version);
            }
            Written::Exists => conflicts.push(problem(
                "",
                "该项目、地区、年度的评价已存在；如需覆盖，请以替换方式（replace）重新导入"
                    .to_owned(),
            )),
            Written::Invalid(field, message) => errors.push(problem(&field, message)),
        }
    }
    if !forbidden.is_empty() {
        return Err(ImportError::Forbidden(forbidden));
    }
    if !errors.is_empty() {
        return Err(ImportError::Invalid(errors));
    }
    if !conflicts.is_empty() {
        return Err(ImportError::Conflict(conflicts));
    }
    refresh_rollups(transaction, &writer.touched)?;
    versions::record_import(transaction, change, &versions)?;
    summary.imported = summary.ids.len();
    Ok(summary)
}

/// Rescores evaluations of `years` that lack a benchmark, now that observations may supply it.
fn rescore_waiting(
    transaction: &Transaction<'_>,
    policy: &ScoringPolicy,
    years: &BTreeSet<i32>,
) -> Result<usize, ImportError> {
    let mut writer = EvaluationWriter::new(policy, 0);
    let mut rescored = 0;
    for year in years {
        let waiting: Vec<(i64, Vec<u8>)> = transaction
            .prepare_cached(
                "SELECT e.id, d.record FROM evaluations e JOIN evaluation_documents d ON d.evaluation_id = e.id
                 WHERE e.needs_benchmark = 1 AND e.year = ?1",
            )?
            .query_map([year], |row| Ok((row.get(0)?, row.get(1)?)))?
            .collect::<Result<_, _>>()?;
        for (id, packed) in waiting {
            let evaluation: Evaluation = unpack(&packed)
                .map_err(|e| StorageError::Corrupt(format!("evaluation {id}: {e}")))?;
            let Some(region) = writer.regions.id(transaction, &evaluation.region)? else {
                continue;
            };
            let assessment = writer.assess(transaction, &evaluation, region)?;
            transaction.execute("DELETE FROM indicators WHERE evaluation_id = ?1", [id])?;
            transaction.execute("DELETE FROM category_scores WHERE evaluation_id = ?1", [id])?;
            transaction.execute("DELETE FROM findings WHERE evaluation_id = ?1", [id])?;
            update_summary(transaction, id, &assessment)?;
            write_scores(
                transaction,
                id,
                (region, evaluation.year.value()),
                &assessment,
            )?;
            writer.touched.insert((region, evaluation.year.value()));
            rescored += 1;
        }
    }
    refresh_rollups(transaction, &writer.touched)?;
    Ok(rescored)
}

/// Recomputes the region × year rollups (evaluations, level-1 groups, indicator rows by name and
/// by level-2 group) of `touched` from the evaluations themselves, so they are right after
/// inserts, replacements and rescoring alike, and moves the indicator catalogue of the regions
/// above by the difference. (Program counts are kept by triggers, see migration 0004.)
pub(super) fn refresh_rollups(
    transaction: &Transaction<'_>,
    touched: &BTreeSet<(i64, i32)>,
) -> rusqlite::Result<()> {
    for (region, year) in touched {
        shift_indicator_catalogue(transaction, *region, *year, -1)?;
        for table in [
            "region_year_rollups",
            "region_year_group_rollups",
            "indicator_year_rollups",
            "level2_year_rollups",
        ] {
            transaction
                .prepare_cached(&format!(
                    "DELETE FROM {table} WHERE region_id = ?1 AND year = ?2"
                ))?
                .execute(params![region, year])?;
        }
        transaction
            .prepare_cached(
                "INSERT INTO region_year_rollups
                 SELECT region_id, year, is_sample, count(*), total(year_start_budget), total(full_year_budget),
                        total(executed), sum(total), min(total), max(total), sum(grade = '优'), sum(grade = '良'),
                        sum(grade = '中'), sum(grade = '差'), sum(finding_count)
                 FROM evaluations WHERE region_id = ?1 AND year = ?2 GROUP BY is_sample",
            )?
            .execute(params![region, year])?;
        transaction
            .prepare_cached(
                "INSERT INTO region_year_group_rollups
                 SELECT e.region_id, e.year, e.is_sample, coalesce(c.group_key, c.name), min(c.name), min(c.position),
                        sum(c.score), sum(c.weight), count(*)
                 FROM category_scores c JOIN evaluations e ON e.id = c.evaluation_id
                 WHERE e.region_id = ?1 AND e.year = ?2 GROUP BY e.is_sample, coalesce(c.group_key, c.name)",
            )?
            .execute(params![region, year])?;
        transaction
            .prepare_cached(
                "INSERT INTO indicator_year_rollups
                 SELECT i.name, e.region_id, e.year, e.is_sample, count(*), sum(i.score), sum(i.weight)
                 FROM evaluations e JOIN indicators i ON i.evaluation_id = e.id
                 WHERE e.region_id = ?1 AND e.year = ?2 GROUP BY i.name, e.is_sample",
            )?
            .execute(params![region, year])?;
        transaction
            .prepare_cached(
                "INSERT INTO level2_year_rollups
                 SELECT e.region_id, e.year, e.is_sample, i.level2, count(*), sum(i.score), sum(i.weight)
                 FROM evaluations e JOIN indicators i ON i.evaluation_id = e.id
                 WHERE e.region_id = ?1 AND e.year = ?2 GROUP BY i.level2, e.is_sample",
            )?
            .execute(params![region, year])?;
        shift_indicator_catalogue(transaction, *region, *year, 1)?;
    }
    Ok(())
}

/// Adds (`sign` 1) or takes off (`sign` -1) the indicator rollups of `region` in `year` to the
/// indicator catalogue of the region and every region above it (migration 0009), then drops the
/// names no row carries any more: called before the rollups of a region and year are
/// recomputed and after, it moves the catalogue by the difference, reading a few hundred rows.
fn shift_indicator_catalogue(
    transaction: &Transaction<'_>,
    region: i64,
    year: i32,
    sign: i64,
) -> rusqlite::Result<()> {
    const ANCESTORS: &str = "WITH RECURSIVE up(id) AS (
             SELECT ?1 UNION ALL
             SELECT r.parent_id FROM regions r JOIN up ON r.id = up.id WHERE r.parent_id IS NOT NULL
         )";
    transaction
        .prepare_cached(&format!(
            "{ANCESTORS}
             INSERT INTO indicator_catalogue_rollups (region_id, year, is_sample, name, rows)
             SELECT up.id, u.year, u.is_sample, u.name, ?3 * u.rows
             FROM indicator_year_rollups u CROSS JOIN up WHERE u.region_id = ?1 AND u.year = ?2
             ON CONFLICT (region_id, year, is_sample, name) DO UPDATE SET rows = rows + excluded.rows"
        ))?
        .execute(params![region, year, sign])?;
    transaction
        .prepare_cached(&format!(
            "{ANCESTORS}
             DELETE FROM indicator_catalogue_rollups
             WHERE region_id IN (SELECT id FROM up) AND year = ?2 AND rows = 0"
        ))?
        .execute(params![region, year])?;
    Ok(())
}

/// The outcome of writing one evaluation.
pub(super) enum Written {
    Stored(WrittenVersion),
    Exists,
    Invalid(String, String),
}

/// Source (provenance) ids, cached for one import.
#[derive(Debug, Default)]
struct SourceCache(HashMap<String, i64>);

impl SourceCache {
    fn id(&mut self, connection: &Connection, provenance: &Provenance) -> rusqlite::Result<i64> {
        let (kind, title, issuer, date, location, generator) = match provenance {
            Provenance::Document {
                title,
                issuer,
                date,
                location,
            } => (
                "document",
                title.as_str(),
                issuer.as_deref().unwrap_or(""),
                date.as_deref().unwrap_or(""),
                location.as_deref().unwrap_or(""),
                "",
            ),
            Provenance::Sample { generator } => ("sample", "", "", "", "", generator.as_str()),
        };
        let cache_key = [kind, title, issuer, date, location, generator].join("\u{1f}");
        if let Some(id) = self.0.get(&cache_key) {
            return Ok(*id);
        }
        connection
            .prepare_cached(
                "INSERT INTO sources (kind, title, issuer, issued_on, location, generator)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING",
            )?
            .execute(params![kind, title, issuer, date, location, generator])?;
        let id = connection
            .prepare_cached(
                "SELECT id FROM sources WHERE kind = ?1 AND title = ?2 AND issuer = ?3
                 AND issued_on = ?4 AND location = ?5 AND generator = ?6",
            )?
            .query_row(
                params![kind, title, issuer, date, location, generator],
                |row| row.get(0),
            )?;
        self.0.insert(cache_key, id);
        Ok(id)
    }
}

/// Writes evaluations within one transaction, caching ids and benchmark figures.
pub(super) struct EvaluationWriter<'p> {
    policy: &'p ScoringPolicy,
    pub(super) regions: RegionCache,
    sources: SourceCache,
    programs: HashMap<String, i64>,
    benchmarks: HashMap<(i64, i32), Vec<BenchmarkValue>>,
    /// Region × year pairs written, whose rollups must be refreshed before commit.
    pub(super) touched: BTreeSet<(i64, i32)>,
    /// The id the next new evaluation gets: never one an evaluation had before, deleted or not.
    next_id: i64,
    /// The [`FORM_FINDINGS`] of the record last written.
    form_findings: Vec<Finding>,
}

impl<'p> EvaluationWriter<'p> {
    pub(super) fn new(policy: &'p ScoringPolicy, next_id: i64) -> Self {
        Self {
            policy,
            regions: RegionCache::default(),
            sources: SourceCache::default(),
            programs: HashMap::new(),
            benchmarks: HashMap::new(),
            touched: BTreeSet::new(),
            next_id,
            form_findings: Vec::new(),
        }
    }

    pub(super) fn program_id(
        &mut self,
        connection: &Connection,
        evaluation: &Evaluation,
    ) -> rusqlite::Result<i64> {
        let name = &evaluation.program.name;
        if let Some(id) = self.programs.get(name) {
            return Ok(*id);
        }
        connection
            .prepare_cached("INSERT INTO programs (name, department) VALUES (?1, ?2) ON CONFLICT(name) DO NOTHING")?
            .execute(params![name, evaluation.program.department])?;
        let id = connection
            .prepare_cached("SELECT id FROM programs WHERE name = ?1")?
            .query_row([name], |row| row.get(0))?;
        self.programs.insert(name.clone(), id);
        Ok(id)
    }

    /// The benchmark figures of `region`'s ancestors for `year`: the nearest ancestor as the
    /// city, the farthest as the province; real figures before sample ones.
    fn benchmarks_for(
        &mut self,
        connection: &Connection,
        region: i64,
        year: i32,
    ) -> rusqlite::Result<Vec<BenchmarkValue>> {
        if let Some(found) = self.benchmarks.get(&(region, year)) {
            return Ok(found.clone());
        }
        let ancestors = self.regions.ancestors(connection, region)?;
        let mut scoped = Vec::new();
        if let Some(province) = ancestors.last() {
            scoped.push((*province, BenchmarkScope::Province));
        }
        if ancestors.len() >= 2 {
            scoped.push((ancestors[0], BenchmarkScope::City));
        }
        let mut figures = Vec::new();
        for (ancestor, scope) in scoped {
            let mut statement = connection.prepare_cached(
                "SELECT o.metric, o.value, o.is_sample, r.name, s.title
                 FROM observations o JOIN regions r ON r.id = o.region_id JOIN sources s ON s.id = o.source_id
                 WHERE o.region_id = ?1 AND o.year = ?2 ORDER BY o.is_sample",
            )?;
            let rows = statement.query_map(params![ancestor, year], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, i64>(1)?,
                    row.get::<_, bool>(2)?,
                    row.get::<_, String>(3)?,
                    row.get::<_, String>(4)?,
                ))
            })?;
            for row in rows {
                let (code, value, sample, region_name, title) = row?;
                let Some(metric) = metric::by_code(&code) else {
                    continue;
                };
                let origin = if sample {
                    "示例数据".to_owned()
                } else {
                    title
                };
                figures.push(BenchmarkValue {
                    metric,
                    scope,
                    value: super::convert::micro_from_db(value),
                    source: format!("{region_name}{year}年统计（{origin}）"),
                    sample,
                });
            }
        }
        self.benchmarks.insert((region, year), figures.clone());
        Ok(figures)
    }

    fn assess(
        &mut self,
        connection: &Connection,
        evaluation: &Evaluation,
        region: i64,
    ) -> rusqlite::Result<Assessment> {
        let mut benchmarks = Benchmarks::from_record(evaluation);
        for figure in self.benchmarks_for(connection, region, evaluation.year.value())? {
            benchmarks.add(figure);
        }
        Ok(assess(evaluation, self.policy, &benchmarks))
    }

    /// Writes `evaluation` of region id `region`: a new id, or the id of the evaluation of the
    /// same program, region and year it replaces (whose version it keeps).
    fn write(
        &mut self,
        transaction: &Transaction<'_>,
        evaluation: &Evaluation,
        region: i64,
        replace: bool,
    ) -> rusqlite::Result<Written> {
        let program = self.program_id(transaction, evaluation)?;
        let year = evaluation.year.value();
        let existing: Option<i64> = transaction
            .prepare_cached(
                "SELECT id FROM evaluations WHERE program_id = ?1 AND region_id = ?2 AND year = ?3",
            )?
            .query_row(params![program, region, year], |row| row.get(0))
            .optional()?;
        if existing.is_some() && !replace {
            return Ok(Written::Exists);
        }
        let id = existing.unwrap_or_else(|| {
            self.next_id += 1;
            self.next_id - 1
        });
        self.store(
            transaction,
            evaluation,
            (id, region, program),
            existing.is_some(),
        )
    }

    /// Stores `evaluation` as evaluation `id` (replacing the stored one when `replacing`).
    pub(super) fn store(
        &mut self,
        transaction: &Transaction<'_>,
        evaluation: &Evaluation,
        (id, region, program): (i64, i64, i64),
        replacing: bool,
    ) -> rusqlite::Result<Written> {
        let year = evaluation.year.value();
        if let Err((field, message)) = score_cells(evaluation) {
            return Ok(Written::Invalid(field, message));
        }
        let assessment = self.assess(transaction, evaluation, region)?;
        self.form_findings = assessment
            .findings
            .iter()
            .filter(|finding| FORM_FINDINGS.contains(&finding.code))
            .cloned()
            .collect();
        let money = match funding_cells(evaluation) {
            Ok(money) => money,
            Err((field, message)) => return Ok(Written::Invalid(field, message)),
        };
        let allocations = match evaluation
            .allocations
            .iter()
            .enumerate()
            .map(|(i, a)| {
                money_to_db(a.amount.value()).map_err(|m| (format!("allocations[{i}].amount"), m))
            })
            .collect::<Result<Vec<i64>, _>>()
        {
            Ok(amounts) => amounts,
            Err((field, message)) => return Ok(Written::Invalid(field, message)),
        };
        let statistics = match evaluation
            .statistics
            .iter()
            .enumerate()
            .map(|(i, stat)| {
                micro_to_db(stat.value).map_err(|m| (format!("statistics[{i}].value"), m))
            })
            .collect::<Result<Vec<i64>, _>>()
        {
            Ok(values) => values,
            Err((field, message)) => return Ok(Written::Invalid(field, message)),
        };
        let before_hash = if replacing {
            let before = versions::supersede(transaction, id)?;
            transaction.execute("DELETE FROM evaluations WHERE id = ?1", [id])?;
            Some(before)
        } else {
            None
        };
        let source = self.sources.id(transaction, &evaluation.provenance)?;
        let record =
            pack(evaluation).map_err(|e| rusqlite::Error::ToSqlConversionFailure(e.into()))?;
        let summary = Summary::of(&assessment)?;
        let total_row = &money[0];
        transaction
            .prepare_cached(
                "INSERT INTO evaluations (id, program_id, region_id, year, source_id, is_sample,
                    year_start_budget, full_year_budget, executed, execution_score, total, grade, complete,
                    declared_total, finding_count, needs_benchmark, imported_at)
                 VALUES (:id, :program, :region, :year, :source, :sample, :start, :budget, :executed, :execution,
                    :total, :grade, :complete, :declared, :findings, :needs,
                    strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
            )?
            .execute(named_params! {
                ":id": id,
                ":program": program,
                ":region": region,
                ":year": year,
                ":source": source,
                ":sample": evaluation.provenance.is_sample(),
                ":start": total_row.1[0],
                ":budget": total_row.1[1],
                ":executed": total_row.1[2],
                ":execution": summary.execution,
                ":total": summary.total,
                ":grade": summary.grade,
                ":complete": summary.complete,
                ":declared": summary.declared,
                ":findings": summary.findings,
                ":needs": summary.needs_benchmark,
            })?;
        transaction
            .prepare_cached(
                "INSERT INTO evaluation_documents (evaluation_id, record, assessment) VALUES (?1, ?2, ?3)",
            )?
            .execute(params![id, record, summary.packed])?;
        self.touched.insert((region, year));
        let mut funding = transaction.prepare_cached(
            "INSERT INTO funding_rows (evaluation_id, row_kind, year_start_budget, full_year_budget, executed)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        for (kind, cells) in &money {
            funding.execute(params![id, kind, cells[0], cells[1], cells[2]])?;
        }
        let mut allocation = transaction.prepare_cached(
            "INSERT INTO allocations (evaluation_id, position, name, category, amount, recipient_region)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        for (position, (line, amount)) in
            evaluation.allocations.iter().zip(&allocations).enumerate()
        {
            allocation.execute(params![
                id,
                position,
                line.name,
                line.category,
                amount,
                line.recipient_region
            ])?;
        }
        write_scores(transaction, id, (region, year), &assessment)?;
        // The report's own section 四(二) figures are observations of its region and year, from
        // the same source: the region's metric series then carries the document's numbers.
        for (statistic, value) in evaluation.statistics.iter().zip(statistics) {
            transaction
                .prepare_cached(
                    "INSERT INTO observations (region_id, metric, year, is_sample, value, rank, source_id)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                     ON CONFLICT (region_id, metric, year, is_sample)
                     DO UPDATE SET value = excluded.value, rank = excluded.rank, source_id = excluded.source_id",
                )?
                .execute(params![
                    region,
                    statistic.metric.metric().code,
                    year,
                    evaluation.provenance.is_sample(),
                    value,
                    statistic.rank.map(|r| r.value()),
                    source
                ])?;
        }
        Ok(Written::Stored(WrittenVersion {
            id,
            before_hash,
            after_hash: versions::record_hash(evaluation),
        }))
    }
}

/// Checks that every weight and declared score of the record fits the millionths it is stored
/// as; else the field and why not (a score such as `0.0000001` is refused, never rounded).
fn score_cells(evaluation: &Evaluation) -> Result<(), (String, String)> {
    let funding = &evaluation.funding;
    let mut cells = vec![
        ("funding.weight".to_owned(), Some(funding.weight.value())),
        (
            "funding.declared_score".to_owned(),
            funding.declared_score.map(|s| s.value()),
        ),
        (
            "declared.total".to_owned(),
            evaluation.declared.total.map(|s| s.value()),
        ),
    ];
    for (i, row) in evaluation.indicators.iter().enumerate() {
        cells.push((format!("indicators[{i}].weight"), Some(row.weight.value())));
        cells.push((
            format!("indicators[{i}].declared_score"),
            row.declared_score.map(|s| s.value()),
        ));
    }
    for (field, value) in cells {
        if let Some(value) = value {
            micro_to_db(value).map_err(|message| (field, message))?;
        }
    }
    Ok(())
}

type FundingCells = (&'static str, [Option<i64>; 3]);

/// The funding block as stored integers, or the field whose amount is too fine.
fn funding_cells(evaluation: &Evaluation) -> Result<Vec<FundingCells>, (String, String)> {
    let funding = &evaluation.funding;
    let rows: [(&'static str, &FundingRow); 4] = [
        ("total", &funding.total),
        ("current_appropriation", &funding.current_appropriation),
        ("carried_over", &funding.carried_over),
        ("other", &funding.other),
    ];
    rows.iter()
        .map(|(kind, row)| {
            let cells = [
                ("year_start_budget", row.year_start_budget),
                ("full_year_budget", row.full_year_budget),
                ("executed", row.executed),
            ];
            let mut stored = [None; 3];
            for (slot, (column, cell)) in stored.iter_mut().zip(cells) {
                *slot = cell
                    .map(|money| money_to_db(money.value()))
                    .transpose()
                    .map_err(|message| (format!("funding.{kind}.{column}"), message))?;
            }
            Ok((*kind, stored))
        })
        .collect()
}

fn db_score(value: rust_decimal::Decimal) -> rusqlite::Result<i64> {
    micro_to_db(value).map_err(|message| rusqlite::Error::ToSqlConversionFailure(message.into()))
}

/// The columns of `evaluations` that come from the assessment.
struct Summary {
    execution: i64,
    total: i64,
    grade: &'static str,
    complete: bool,
    declared: Option<i64>,
    findings: usize,
    needs_benchmark: bool,
    packed: Vec<u8>,
}

impl Summary {
    fn of(assessment: &Assessment) -> rusqlite::Result<Self> {
        Ok(Self {
            execution: db_score(assessment.execution.score)?,
            total: db_score(assessment.total)?,
            grade: assessment.grade.label(),
            complete: assessment.complete,
            declared: assessment.declared_total.map(db_score).transpose()?,
            findings: assessment.findings.len(),
            needs_benchmark: assessment.indicators.iter().any(|row| {
                matches!(
                    row.uncomputable,
                    Some(Uncomputable::BenchmarkMissing { .. })
                )
            }),
            packed: pack(assessment)
                .map_err(|e| rusqlite::Error::ToSqlConversionFailure(e.into()))?,
        })
    }
}

fn update_summary(
    connection: &Connection,
    id: i64,
    assessment: &Assessment,
) -> rusqlite::Result<()> {
    let summary = Summary::of(assessment)?;
    connection
        .prepare_cached(
            "UPDATE evaluations SET execution_score = :execution, total = :total, grade = :grade,
                complete = :complete, declared_total = :declared, finding_count = :findings,
                needs_benchmark = :needs
             WHERE id = :id",
        )?
        .execute(named_params! {
            ":execution": summary.execution,
            ":total": summary.total,
            ":grade": summary.grade,
            ":complete": summary.complete,
            ":declared": summary.declared,
            ":findings": summary.findings,
            ":needs": summary.needs_benchmark,
            ":id": id,
        })?;
    connection
        .prepare_cached("UPDATE evaluation_documents SET assessment = ?1 WHERE evaluation_id = ?2")?
        .execute(params![summary.packed, id])?;
    Ok(())
}

/// Stores the per-row scores, category totals and findings of an assessment.
fn write_scores(
    connection: &Connection,
    id: i64,
    place: (i64, i32),
    assessment: &Assessment,
) -> rusqlite::Result<()> {
    let mut category = connection.prepare_cached(
        "INSERT INTO category_scores (evaluation_id, position, name, group_key, weight, declared_score, score)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for (position, scored) in assessment.categories.iter().enumerate() {
        let group = level1_of(&scored.name)
            .and_then(|g| serde_json::to_value(g).ok())
            .and_then(|v| v.as_str().map(str::to_owned));
        category.execute(params![
            id,
            position,
            scored.name,
            group,
            db_score(scored.weight)?,
            db_score(scored.declared_score)?,
            db_score(scored.score)?
        ])?;
    }
    let mut indicator = connection.prepare_cached(
        "INSERT INTO indicators (evaluation_id, position, level1, level2, name, target, actual, weight,
            declared_score, computed_score, score, rule, region_id, year)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    )?;
    for row in &assessment.indicators {
        let rule = serde_json::to_value(row.explanation.rule)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        indicator.execute(params![
            id,
            row.index,
            row.level1,
            row.level2,
            row.name,
            row.target,
            row.actual,
            db_score(row.weight)?,
            row.declared_score.map(db_score).transpose()?,
            row.computed_score.map(db_score).transpose()?,
            db_score(row.score)?,
            rule,
            place.0,
            place.1
        ])?;
    }
    let mut finding = connection.prepare_cached(
        "INSERT INTO findings (evaluation_id, position, code, severity, indicator_position) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for (position, found) in assessment.findings.iter().enumerate() {
        let code = serde_json::to_value(found.code)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        let severity = serde_json::to_value(found.severity)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        finding.execute(params![id, position, code, severity, found.indicator])?;
    }
    Ok(())
}
