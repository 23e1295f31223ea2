//! Imports on PostgreSQL: evaluations and observations in, one transaction per call under the
//! write lock, with the same guarantees as `sqlite/import.rs` — every record scored and audited
//! by `shared`, refused record by record (invalid, outside the writer's regions, existing), the
//! replaced version kept, the import's audit entry and versions and the rollups written in the
//! same transaction. The checks and the stored integers are the SQLite backend's own functions
//! (`sqlite::writer`), so both backends store the same numbers.

use std::collections::{BTreeSet, HashMap, HashSet};

use deadpool_postgres::GenericClient;
use fundlens_shared::account::NewRegion;
use fundlens_shared::assessment::Assessment;
use fundlens_shared::audit::Finding;
use fundlens_shared::error::RecordError;
use fundlens_shared::metric;
use fundlens_shared::model::{Evaluation, Observation, Provenance};
use fundlens_shared::scoring::{BenchmarkValue, ScoringPolicy};
use fundlens_shared::target::BenchmarkScope;

use super::audit_log::{NOW_S, append};
use super::briefings::forget_briefings;
use super::regions::{kind_code, upsert_regions};
use super::results::{recompute_conflicts, refresh_results};
use super::{Cached, Postgres, write_transaction};
use crate::prepared::{ScoreCells, Summary, Unstorable, assessed, prepare};
use crate::sqlite::audit_log::{Change, Event, Scope, sha256_hex};
use crate::sqlite::blob::unpack;
use crate::sqlite::convert::{micro_from_db, micro_to_db};
use crate::sqlite::import::key_of;
use crate::sqlite::initials::initials;
use crate::sqlite::provenance::statistic_source;
use crate::sqlite::results::Fresh;
use crate::sqlite::scope::unknown_region;
use crate::sqlite::version_rows::{combined, record_hash};
use crate::{ImportError, ImportSummary, RecordFinding, StorageError};

impl From<tokio_postgres::Error> for ImportError {
    fn from(error: tokio_postgres::Error) -> Self {
        Self::Storage(error.into())
    }
}

impl From<tokio_postgres::Error> for crate::AccountError {
    fn from(error: tokio_postgres::Error) -> Self {
        Self::Storage(error.into())
    }
}

fn corrupt(error: impl std::fmt::Display) -> StorageError {
    StorageError::Corrupt(error.to_string())
}

fn int(value: usize) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

/// Region ids and ancestors, cached for one transaction.
#[derive(Debug, Default)]
pub(crate) struct Regions {
    ids: HashMap<String, i64>,
    parents: HashMap<i64, Option<i64>>,
}

impl Regions {
    pub(crate) async fn id(
        &mut self,
        client: &impl GenericClient,
        name: &str,
    ) -> Result<Option<i64>, StorageError> {
        if let Some(id) = self.ids.get(name) {
            return Ok(Some(*id));
        }
        if name.contains('\0') {
            // PostgreSQL text holds no NUL, so no region is named so (SQLite finds none either).
            return Ok(None);
        }
        let statement = client
            .prepare_cached("SELECT id FROM regions WHERE name = $1")
            .await?;
        let found: Option<i64> = client
            .query_opt(&statement, &[&name])
            .await?
            .map(|row| row.get(0));
        if let Some(id) = found {
            self.ids.insert(name.to_owned(), id);
        }
        Ok(found)
    }

    async fn parent(
        &mut self,
        client: &impl GenericClient,
        id: i64,
    ) -> Result<Option<i64>, StorageError> {
        if let Some(parent) = self.parents.get(&id) {
            return Ok(*parent);
        }
        let statement = client
            .prepare_cached("SELECT parent_id FROM regions WHERE id = $1")
            .await?;
        let parent: Option<i64> = client.query_one(&statement, &[&id]).await?.get(0);
        self.parents.insert(id, parent);
        Ok(parent)
    }

    /// The ancestors of a region, nearest first.
    pub(crate) async fn ancestors(
        &mut self,
        client: &impl GenericClient,
        id: i64,
    ) -> Result<Vec<i64>, StorageError> {
        let mut chain = Vec::new();
        let mut current = id;
        while let Some(parent) = self.parent(client, current).await? {
            if chain.contains(&parent) || chain.len() > 8 {
                break;
            }
            chain.push(parent);
            current = parent;
        }
        Ok(chain)
    }
}

/// The region root a change may write below.
pub(crate) enum Allowed {
    Everywhere,
    Below(i64, String),
}

impl Allowed {
    pub(crate) async fn resolve(
        client: &impl GenericClient,
        scope: &Scope,
    ) -> Result<Self, ImportError> {
        match scope {
            Scope::Everywhere => Ok(Self::Everywhere),
            Scope::Subtree(name) => Regions::default()
                .id(client, name)
                .await?
                .map(|id| Self::Below(id, name.clone()))
                .ok_or_else(|| ImportError::invalid_field("region", unknown_region(name))),
        }
    }

    /// `None` when `region` may be written, else why not.
    pub(crate) async fn refuses(
        &self,
        client: &impl GenericClient,
        regions: &mut Regions,
        region: i64,
        name: &str,
    ) -> Result<Option<String>, StorageError> {
        Ok(match self {
            Self::Everywhere => None,
            Self::Below(root, root_name) => {
                let within =
                    region == *root || regions.ancestors(client, region).await?.contains(root);
                (!within)
                    .then(|| format!("本账号只能填报“{root_name}”及其下级地区，不能写入“{name}”"))
            }
        })
    }
}

/// Source (provenance) ids, cached for one import.
#[derive(Debug, Default)]
struct Sources(HashMap<String, i64>);

impl Sources {
    async fn id(
        &mut self,
        client: &impl GenericClient,
        provenance: &Provenance,
    ) -> Result<i64, StorageError> {
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
        let key = [kind, title, issuer, date, location, generator].join("\u{1f}");
        if let Some(id) = self.0.get(&key) {
            return Ok(*id);
        }
        let statement = client
            .prepare_cached(
                "INSERT INTO sources (kind, title, issuer, issued_on, location, generator)
                 VALUES ($1, $2, $3, $4, $5, $6)
                 ON CONFLICT (kind, title, issuer, issued_on, location, generator) DO NOTHING",
            )
            .await?;
        client
            .execute(
                &statement,
                &[&kind, &title, &issuer, &date, &location, &generator],
            )
            .await?;
        let statement = client
            .prepare_cached(
                "SELECT id FROM sources WHERE kind = $1 AND title = $2 AND issuer = $3
                 AND issued_on = $4 AND location = $5 AND generator = $6",
            )
            .await?;
        let id: i64 = client
            .query_one(
                &statement,
                &[&kind, &title, &issuer, &date, &location, &generator],
            )
            .await?
            .get(0);
        self.0.insert(key, id);
        Ok(id)
    }
}

/// One evaluation written: its id and the digests of the record it replaced and now holds.
pub(crate) struct Version {
    pub(crate) id: i64,
    pub(crate) before_hash: Option<String>,
    pub(crate) after_hash: String,
}

pub(crate) enum Written {
    Stored(Version),
    Exists,
    Invalid(String, String),
}

/// Writes evaluations within one transaction, caching ids and benchmark figures.
pub(crate) struct Writer<'p> {
    policy: &'p ScoringPolicy,
    pub(crate) regions: Regions,
    sources: Sources,
    programs: HashMap<String, i64>,
    benchmarks: HashMap<(i64, i32), Vec<BenchmarkValue>>,
    pub(crate) touched: BTreeSet<(i64, i32)>,
    next_id: i64,
    pub(crate) form_findings: Vec<Finding>,
}

impl<'p> Writer<'p> {
    pub(crate) fn new(policy: &'p ScoringPolicy, next_id: i64) -> Self {
        Self {
            policy,
            regions: Regions::default(),
            sources: Sources::default(),
            programs: HashMap::new(),
            benchmarks: HashMap::new(),
            touched: BTreeSet::new(),
            next_id,
            form_findings: Vec::new(),
        }
    }

    /// The id the next new evaluation gets.
    pub(crate) fn next(&mut self) -> i64 {
        self.next_id += 1;
        self.next_id - 1
    }

    /// The id of a record's source (provenance), entered when new.
    pub(crate) async fn source_id(
        &mut self,
        client: &impl GenericClient,
        provenance: &Provenance,
    ) -> Result<i64, StorageError> {
        self.sources.id(client, provenance).await
    }

    pub(crate) async fn program_id(
        &mut self,
        client: &impl GenericClient,
        evaluation: &Evaluation,
    ) -> Result<i64, StorageError> {
        let name = &evaluation.program.name;
        if let Some(id) = self.programs.get(name) {
            return Ok(*id);
        }
        let statement = client
            .prepare_cached(
                "INSERT INTO programs (name, department, initials) VALUES ($1, $2, $3)
                 ON CONFLICT (name) DO NOTHING",
            )
            .await?;
        client
            .execute(
                &statement,
                &[name, &evaluation.program.department, &initials(name)],
            )
            .await?;
        let statement = client
            .prepare_cached("SELECT id FROM programs WHERE name = $1")
            .await?;
        let id: i64 = client.query_one(&statement, &[name]).await?.get(0);
        self.programs.insert(name.clone(), id);
        Ok(id)
    }

    /// Takes the benchmark figures looked up so far (by region id and year), for preparing
    /// records together.
    pub(crate) fn take_figures(&mut self) -> HashMap<(i64, i32), Vec<BenchmarkValue>> {
        std::mem::take(&mut self.benchmarks)
    }

    pub(crate) async fn benchmarks_for(
        &mut self,
        client: &impl GenericClient,
        region: i64,
        year: i32,
    ) -> Result<Vec<BenchmarkValue>, StorageError> {
        if let Some(found) = self.benchmarks.get(&(region, year)) {
            return Ok(found.clone());
        }
        let ancestors = self.regions.ancestors(client, region).await?;
        let mut scoped = Vec::new();
        if let Some(province) = ancestors.last() {
            scoped.push((*province, BenchmarkScope::Province));
        }
        if ancestors.len() >= 2 {
            scoped.push((ancestors[0], BenchmarkScope::City));
        }
        let statement = client
            .prepare_cached(
                "SELECT o.metric, o.value, o.is_sample, r.name, s.title
                 FROM observations o JOIN regions r ON r.id = o.region_id JOIN sources s ON s.id = o.source_id
                 WHERE o.region_id = $1 AND o.year = $2 ORDER BY o.is_sample",
            )
            .await?;
        let mut figures = Vec::new();
        for (ancestor, scope) in scoped {
            for row in client.query(&statement, &[&ancestor, &year]).await? {
                let code: String = row.get(0);
                let Some(metric) = metric::by_code(&code) else {
                    continue;
                };
                let (value, sample, region_name, title): (i64, bool, String, String) =
                    (row.get(1), row.get(2), row.get(3), row.get(4));
                let origin = statistic_source(sample, title);
                figures.push(BenchmarkValue {
                    metric,
                    scope,
                    value: micro_from_db(value),
                    source: format!("{region_name}{year}年统计（{origin}）"),
                    sample,
                });
            }
        }
        self.benchmarks.insert((region, year), figures.clone());
        Ok(figures)
    }

    pub(crate) async fn assess(
        &mut self,
        client: &impl GenericClient,
        evaluation: &Evaluation,
        region: i64,
    ) -> Result<Assessment, StorageError> {
        let figures = self
            .benchmarks_for(client, region, evaluation.year.value())
            .await?;
        Ok(assessed(evaluation, self.policy, &figures))
    }

    /// Writes `evaluation` of region id `region`: a new id, or the id of the evaluation of the
    /// same program, region and year it replaces.
    pub(crate) async fn write(
        &mut self,
        client: &impl GenericClient,
        evaluation: &Evaluation,
        region: i64,
        replace: bool,
    ) -> Result<Written, StorageError> {
        let program = self.program_id(client, evaluation).await?;
        let year = evaluation.year.value();
        let statement = client
            .prepare_cached(
                "SELECT id FROM evaluations WHERE program_id = $1 AND region_id = $2 AND year = $3",
            )
            .await?;
        let existing: Option<i64> = client
            .query_opt(&statement, &[&program, &region, &year])
            .await?
            .map(|row| row.get(0));
        if existing.is_some() && !replace {
            return Ok(Written::Exists);
        }
        let id = existing.unwrap_or_else(|| {
            self.next_id += 1;
            self.next_id - 1
        });
        self.store(
            client,
            evaluation,
            (id, region, program),
            existing.is_some(),
        )
        .await
    }

    /// Stores `evaluation` as evaluation `id` (replacing the stored one when `replacing`).
    pub(crate) async fn store(
        &mut self,
        client: &impl GenericClient,
        evaluation: &Evaluation,
        (id, region, program): (i64, i64, i64),
        replacing: bool,
    ) -> Result<Written, StorageError> {
        let year = evaluation.year.value();
        let figures = self.benchmarks_for(client, region, year).await?;
        let ready = match prepare(evaluation, self.policy, &figures) {
            Ok(ready) => ready,
            Err(Unstorable::Invalid(field, message)) => {
                return Ok(Written::Invalid(field, message));
            }
            Err(Unstorable::Unencodable(message)) => return Err(corrupt(message)),
        };
        self.form_findings = ready.form_findings().cloned().collect();
        let (money, summary) = (&ready.money, &ready.summary);
        let before_hash = if replacing {
            let before = supersede(client, id).await?;
            client
                .execute("DELETE FROM evaluations WHERE id = $1", &[&id])
                .await?;
            Some(before)
        } else {
            None
        };
        let source = self.sources.id(client, &evaluation.provenance).await?;
        let total_row = &money[0];
        let sample = evaluation.provenance.is_sample();
        let statement = client
            .prepare_cached(&format!(
                "INSERT INTO evaluations (id, program_id, region_id, year, source_id, is_sample,
                    year_start_budget, full_year_budget, executed, execution_score, total, grade, complete,
                    declared_total, finding_count, needs_benchmark, imported_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, {NOW_S})"
            ))
            .await?;
        client
            .execute(
                &statement,
                &[
                    &id,
                    &program,
                    &region,
                    &year,
                    &source,
                    &sample,
                    &total_row.1[0],
                    &total_row.1[1],
                    &total_row.1[2],
                    &summary.execution,
                    &summary.total,
                    &summary.grade,
                    &summary.complete,
                    &summary.declared,
                    &int(summary.findings),
                    &summary.needs_benchmark,
                ],
            )
            .await?;
        let statement = client
            .prepare_cached(
                "INSERT INTO evaluation_documents (evaluation_id, record, assessment) VALUES ($1, $2, $3)",
            )
            .await?;
        client
            .execute(&statement, &[&id, &ready.record, &summary.packed])
            .await?;
        self.touched.insert((region, year));
        let statement = client
            .prepare_cached(
                "INSERT INTO funding_rows (evaluation_id, row_kind, year_start_budget, full_year_budget, executed)
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .await?;
        for (kind, cells) in money {
            client
                .execute(&statement, &[&id, kind, &cells[0], &cells[1], &cells[2]])
                .await?;
        }
        let statement = client
            .prepare_cached(
                "INSERT INTO allocations (evaluation_id, position, name, category, amount, recipient_region)
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .await?;
        for (position, (line, amount)) in evaluation
            .allocations
            .iter()
            .zip(&ready.allocations)
            .enumerate()
        {
            client
                .execute(
                    &statement,
                    &[
                        &id,
                        &int(position),
                        &line.name,
                        &line.category,
                        amount,
                        &line.recipient_region,
                    ],
                )
                .await?;
        }
        write_scores(
            client,
            id,
            (region, year),
            (&ready.assessment, &ready.scores),
        )
        .await?;
        let statement = client
            .prepare_cached(
                "INSERT INTO observations AS o (region_id, metric, year, is_sample, value, rank, source_id, from_report)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, true)
                 ON CONFLICT (region_id, metric, year, is_sample)
                 DO UPDATE SET value = excluded.value, rank = excluded.rank, source_id = excluded.source_id
                 WHERE o.from_report",
            )
            .await?;
        // A report's figures never replace an official one (as `sqlite::writer`).
        for (statistic, value) in evaluation.statistics.iter().zip(&ready.statistics) {
            let rank = statistic.rank.map(|r| i64::from(r.value()));
            client
                .execute(
                    &statement,
                    &[
                        &region,
                        &statistic.metric.metric().code,
                        &year,
                        &sample,
                        value,
                        &rank,
                        &source,
                    ],
                )
                .await?;
        }
        Ok(Written::Stored(Version {
            id,
            before_hash,
            after_hash: ready.hash.clone(),
        }))
    }
}

/// Stores the per-row scores, category totals and findings of an assessment (with `cells`,
/// its stored cells).
pub(crate) async fn write_scores(
    client: &impl GenericClient,
    id: i64,
    (region, year): (i64, i32),
    (assessment, cells): (&Assessment, &ScoreCells),
) -> Result<(), StorageError> {
    let statement = client
        .prepare_cached(
            "INSERT INTO category_scores (evaluation_id, position, name, group_key, weight, declared_score, score)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .await?;
    for (position, (scored, stored)) in assessment
        .categories
        .iter()
        .zip(&cells.categories)
        .enumerate()
    {
        client
            .execute(
                &statement,
                &[
                    &id,
                    &int(position),
                    &scored.name,
                    &stored.group,
                    &stored.weight,
                    &stored.declared,
                    &stored.score,
                ],
            )
            .await?;
    }
    let statement = client
        .prepare_cached(
            "INSERT INTO indicators (evaluation_id, position, level1, level2, name, target, actual, weight,
                declared_score, computed_score, score, rule, region_id, year)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
        )
        .await?;
    for (row, stored) in assessment.indicators.iter().zip(&cells.indicators) {
        client
            .execute(
                &statement,
                &[
                    &id,
                    &int(row.index),
                    &row.level1,
                    &row.level2,
                    &row.name,
                    &row.target,
                    &row.actual,
                    &stored.weight,
                    &stored.declared,
                    &stored.computed,
                    &stored.score,
                    &stored.rule,
                    &region,
                    &year,
                ],
            )
            .await?;
    }
    let statement = client
        .prepare_cached(
            "INSERT INTO findings (evaluation_id, position, code, severity, indicator_position)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .await?;
    for (position, (found, (code, severity))) in
        assessment.findings.iter().zip(&cells.findings).enumerate()
    {
        client
            .execute(
                &statement,
                &[
                    &id,
                    &int(position),
                    code,
                    severity,
                    &found.indicator.map(int),
                ],
            )
            .await?;
    }
    Ok(())
}

/// The id for the next new evaluation: above every id an evaluation ever had.
pub(crate) async fn next_id(client: &impl GenericClient) -> Result<i64, StorageError> {
    Ok(client
        .query_one(
            "SELECT greatest(coalesce((SELECT max(id) FROM evaluations), 0),
                             coalesce((SELECT max(evaluation_id) FROM evaluation_versions), 0)) + 1",
            &[],
        )
        .await?
        .get(0))
}

/// Keeps the live version of evaluation `id` before it is replaced or deleted (see
/// `sqlite::version_rows::supersede`); returns the record's digest.
pub(crate) async fn supersede(
    client: &impl GenericClient,
    id: i64,
) -> Result<String, StorageError> {
    let row = client
        .query_one(
            "SELECT record, assessment FROM evaluation_documents WHERE evaluation_id = $1",
            &[&id],
        )
        .await?;
    let (record, assessment): (Vec<u8>, Vec<u8>) = (row.get(0), row.get(1));
    let latest = client
        .query_opt(
            "SELECT version, record_hash FROM evaluation_versions WHERE evaluation_id = $1
             ORDER BY version DESC LIMIT 1",
            &[&id],
        )
        .await?
        .map(|row| (row.get::<_, i64>(0), row.get::<_, String>(1)));
    let (version, hash) = match latest {
        Some(found) => found,
        None => {
            let evaluation: Evaluation = unpack(&record).map_err(corrupt)?;
            let hash = record_hash(&evaluation);
            client
                .execute(
                    "INSERT INTO evaluation_versions (evaluation_id, version, audit_id, record_hash)
                     VALUES ($1, 1, NULL, $2)",
                    &[&id, &hash],
                )
                .await?;
            (1, hash)
        }
    };
    client
        .execute(
            "UPDATE evaluation_versions SET record = $1, assessment = $2
             WHERE evaluation_id = $3 AND version = $4",
            &[&record, &assessment, &id, &version],
        )
        .await?;
    Ok(hash)
}

/// Writes an import's audit entry and a new version row for each evaluation it wrote.
pub(crate) async fn record_import(
    client: &impl GenericClient,
    change: &Change,
    written: &[Version],
) -> Result<(), StorageError> {
    if written.is_empty() {
        return Ok(());
    }
    let replaced = written.iter().filter(|w| w.before_hash.is_some()).count();
    let ids: Vec<String> = written.iter().take(20).map(|w| w.id.to_string()).collect();
    let more = written.len().saturating_sub(ids.len());
    let target = match written {
        [one] => format!("evaluation {}", one.id),
        _ => format!("evaluations {}", written.len()),
    };
    let audit = append(
        client,
        change,
        &Event {
            action: if replaced > 0 { "replace" } else { "import" },
            target,
            before_hash: combined(
                written
                    .iter()
                    .filter_map(|w| Some((w.id, w.before_hash.as_deref()?))),
            ),
            after_hash: combined(written.iter().map(|w| (w.id, w.after_hash.as_str()))),
            detail: format!(
                "{} evaluation(s), {replaced} replaced; ids {}{}",
                written.len(),
                ids.join(","),
                if more > 0 {
                    format!(" and {more} more")
                } else {
                    String::new()
                }
            ),
        },
    )
    .await?;
    let ids: Vec<i64> = written.iter().map(|w| w.id).collect();
    let hashes: Vec<&str> = written.iter().map(|w| w.after_hash.as_str()).collect();
    client
        .execute(
            "INSERT INTO evaluation_versions (evaluation_id, version, audit_id, record_hash)
             SELECT w.id, coalesce((SELECT max(v.version) FROM evaluation_versions v WHERE v.evaluation_id = w.id), 0) + 1,
                    $3, w.hash
             FROM unnest($1::bigint[], $2::text[]) AS w(id, hash)",
            &[&ids, &hashes, &audit],
        )
        .await?;
    Ok(())
}

/// Recomputes the region × year rollups of `touched` and moves the indicator catalogue of the
/// regions above by the difference (as `sqlite/rollups.rs`), set-based: a dozen statements
/// for any number of region-years (the touched pairs travel as two arrays), not a dozen per
/// pair, which over a socket would cost a round trip each.
pub(crate) async fn refresh_rollups(
    client: &impl GenericClient,
    touched: &BTreeSet<(i64, i32)>,
    fresh: &Fresh<'_>,
) -> Result<(), StorageError> {
    if touched.is_empty() {
        return Ok(());
    }
    let regions: Vec<i64> = touched.iter().map(|(region, _)| *region).collect();
    let years: Vec<i32> = touched.iter().map(|(_, year)| *year).collect();
    const TOUCHED: &str = "unnest($1::bigint[], $2::integer[]) AS t(region_id, year)";
    shift_indicator_catalogue(client, &regions, &years, -1).await?;
    for table in [
        "region_year_rollups",
        "region_year_group_rollups",
        "indicator_year_rollups",
        "level2_year_rollups",
    ] {
        client
            .execute_cached(
                &format!(
                    "DELETE FROM {table} u USING {TOUCHED}
                     WHERE u.region_id = t.region_id AND u.year = t.year"
                ),
                &[&regions, &years],
            )
            .await?;
    }
    for sql in [
        format!(
            "INSERT INTO region_year_rollups
             SELECT e.region_id, e.year, e.is_sample, count(*), coalesce(sum(e.year_start_budget), 0)::bigint,
                    coalesce(sum(e.full_year_budget), 0)::bigint, coalesce(sum(e.executed), 0)::bigint,
                    coalesce(sum(e.total) FILTER (WHERE e.grade IS NOT NULL), 0)::bigint,
                    min(e.total) FILTER (WHERE e.grade IS NOT NULL), max(e.total) FILTER (WHERE e.grade IS NOT NULL),
                    count(*) FILTER (WHERE e.grade = '优'), count(*) FILTER (WHERE e.grade = '良'),
                    count(*) FILTER (WHERE e.grade = '中'), count(*) FILTER (WHERE e.grade = '差'),
                    sum(e.finding_count)::bigint
             FROM {TOUCHED} JOIN evaluations e ON e.region_id = t.region_id AND e.year = t.year
             GROUP BY e.region_id, e.year, e.is_sample"
        ),
        format!(
            "INSERT INTO region_year_group_rollups
             SELECT e.region_id, e.year, e.is_sample, coalesce(c.group_key, c.name), min(c.name), min(c.position),
                    sum(c.score)::bigint, sum(c.weight)::bigint, count(*)
             FROM {TOUCHED} JOIN evaluations e ON e.region_id = t.region_id AND e.year = t.year
             JOIN category_scores c ON c.evaluation_id = e.id
             GROUP BY e.region_id, e.year, e.is_sample, coalesce(c.group_key, c.name)"
        ),
        format!(
            "INSERT INTO indicator_year_rollups
             SELECT i.name, e.region_id, e.year, e.is_sample, count(*), sum(i.score)::bigint, sum(i.weight)::bigint
             FROM {TOUCHED} JOIN evaluations e ON e.region_id = t.region_id AND e.year = t.year
             JOIN indicators i ON i.evaluation_id = e.id
             GROUP BY i.name, e.region_id, e.year, e.is_sample"
        ),
        format!(
            "INSERT INTO level2_year_rollups
             SELECT e.region_id, e.year, e.is_sample, i.level2, count(*), sum(i.score)::bigint, sum(i.weight)::bigint
             FROM {TOUCHED} JOIN evaluations e ON e.region_id = t.region_id AND e.year = t.year
             JOIN indicators i ON i.evaluation_id = e.id
             GROUP BY e.region_id, e.year, i.level2, e.is_sample"
        ),
    ] {
        client.execute_cached(&sql, &[&regions, &years]).await?;
    }
    shift_indicator_catalogue(client, &regions, &years, 1).await?;
    forget_briefings(client, touched).await?;
    refresh_results(client, touched, fresh).await
}

/// Adds (`sign` 1) or takes off (`sign` -1) the indicator rollups of the touched region-years
/// to the catalogue of each region and every region above it, then drops the names no row
/// carries any more (summed per target row first: touched regions share ancestors).
async fn shift_indicator_catalogue(
    client: &impl GenericClient,
    regions: &[i64],
    years: &[i32],
    sign: i64,
) -> Result<(), StorageError> {
    const ANCESTORS: &str = "WITH RECURSIVE
         t(region_id, year) AS (SELECT * FROM unnest($1::bigint[], $2::integer[])),
         up(region_id, year, id) AS (
             SELECT region_id, year, region_id FROM t
             UNION ALL
             SELECT up.region_id, up.year, r.parent_id FROM regions r JOIN up ON r.id = up.id
             WHERE r.parent_id IS NOT NULL
         )";
    client
        .execute_cached(
            &format!(
                "{ANCESTORS}
                 INSERT INTO indicator_catalogue_rollups AS c (region_id, year, is_sample, name, rows)
                 SELECT up.id, u.year, u.is_sample, u.name, sum($3 * u.rows)::bigint
                 FROM indicator_year_rollups u JOIN up ON u.region_id = up.region_id AND u.year = up.year
                 GROUP BY up.id, u.year, u.is_sample, u.name
                 ON CONFLICT (region_id, year, is_sample, name) DO UPDATE SET rows = c.rows + excluded.rows"
            ),
            &[&regions, &years, &sign],
        )
        .await?;
    client
        .execute_cached(
            &format!(
                "{ANCESTORS}
                 DELETE FROM indicator_catalogue_rollups c USING (SELECT DISTINCT id, year FROM up) a
                 WHERE c.region_id = a.id AND c.year = a.year AND c.rows = 0"
            ),
            &[&regions, &years],
        )
        .await?;
    Ok(())
}

/// Rescores evaluations of `years` that lack a benchmark.
pub(crate) async fn rescore_waiting(
    client: &impl GenericClient,
    policy: &ScoringPolicy,
    years: &BTreeSet<i32>,
) -> Result<usize, ImportError> {
    let mut writer = Writer::new(policy, 0);
    let mut rescored = 0;
    for year in years {
        let waiting = client
            .query(
                "SELECT e.id, d.record FROM evaluations e JOIN evaluation_documents d ON d.evaluation_id = e.id
                 WHERE e.needs_benchmark AND e.year = $1",
                &[year],
            )
            .await?;
        for row in waiting {
            let (id, packed): (i64, Vec<u8>) = (row.get(0), row.get(1));
            let evaluation: Evaluation = unpack(&packed)
                .map_err(|e| StorageError::Corrupt(format!("evaluation {id}: {e}")))?;
            let Some(region) = writer.regions.id(client, &evaluation.region).await? else {
                continue;
            };
            let assessment = writer.assess(client, &evaluation, region).await?;
            for table in ["indicators", "category_scores", "findings"] {
                client
                    .execute(
                        &format!("DELETE FROM {table} WHERE evaluation_id = $1"),
                        &[&id],
                    )
                    .await?;
            }
            update_summary(client, id, &assessment).await?;
            let cells = ScoreCells::of(&assessment).map_err(corrupt)?;
            write_scores(
                client,
                id,
                (region, evaluation.year.value()),
                (&assessment, &cells),
            )
            .await?;
            writer.touched.insert((region, evaluation.year.value()));
            rescored += 1;
        }
    }
    refresh_rollups(client, &writer.touched, &Fresh::new()).await?;
    Ok(rescored)
}

async fn update_summary(
    client: &impl GenericClient,
    id: i64,
    assessment: &Assessment,
) -> Result<(), StorageError> {
    let summary = Summary::of(assessment).map_err(corrupt)?;
    client
        .execute(
            "UPDATE evaluations SET execution_score = $1, total = $2, grade = $3, complete = $4,
                declared_total = $5, finding_count = $6, needs_benchmark = $7
             WHERE id = $8",
            &[
                &summary.execution,
                &summary.total,
                &summary.grade,
                &summary.complete,
                &summary.declared,
                &int(summary.findings),
                &summary.needs_benchmark,
                &id,
            ],
        )
        .await?;
    client
        .execute(
            "UPDATE evaluation_documents SET assessment = $1 WHERE evaluation_id = $2",
            &[&summary.packed, &id],
        )
        .await?;
    Ok(())
}

/// Imports observations within the caller's transaction, then rescores the evaluations of
/// those years that were waiting for a benchmark and sets the reports of each region-year
/// against its official figures (as `sqlite::import`).
async fn observations_within(
    client: &impl GenericClient,
    observations: &[Observation],
    policy: &ScoringPolicy,
    change: &Change,
) -> Result<ImportSummary, ImportError> {
    let allowed = Allowed::resolve(client, &change.scope).await?;
    let mut regions = Regions::default();
    let mut sources = Sources::default();
    let mut errors = Vec::new();
    let mut forbidden = Vec::new();
    let mut years = BTreeSet::new();
    let mut observed = BTreeSet::new();
    let statement = client
        .prepare_cached(
            "INSERT INTO observations AS o (region_id, metric, year, is_sample, value, rank, source_id, from_report)
             VALUES ($1, $2, $3, $4, $5, $6, $7, false)
             ON CONFLICT (region_id, metric, year, is_sample)
             DO UPDATE SET value = excluded.value, rank = excluded.rank, source_id = excluded.source_id,
                 from_report = false",
        )
        .await?;
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
        let Some(region) = regions.id(client, &observation.region).await? else {
            errors.push(problem("region", unknown_region(&observation.region)));
            continue;
        };
        if let Some(message) = allowed
            .refuses(client, &mut regions, region, &observation.region)
            .await?
        {
            forbidden.push(problem("region", message));
            continue;
        }
        let source = sources.id(client, &observation.source).await?;
        let rank = observation.rank.map(|r| i64::from(r.value()));
        client
            .execute(
                &statement,
                &[
                    &region,
                    &observation.metric.metric().code,
                    &observation.year.value(),
                    &observation.source.is_sample(),
                    &value,
                    &rank,
                    &source,
                ],
            )
            .await?;
        years.insert(observation.year.value());
        observed.insert((region, observation.year.value()));
    }
    if !forbidden.is_empty() {
        return Err(ImportError::Forbidden(forbidden));
    }
    if !errors.is_empty() {
        return Err(ImportError::Invalid(errors));
    }
    let rescored = rescore_waiting(client, policy, &years).await?;
    // The reports of those region-years are set against the official figures anew (交叉核对).
    recompute_conflicts(client, &observed).await?;
    append(
        client,
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
    )
    .await?;
    Ok(ImportSummary {
        imported: observations.len(),
        replaced: 0,
        rescored,
        ..ImportSummary::default()
    })
}

/// The longest name PostgreSQL is asked to index (a B-tree entry holds at most about 2,700
/// bytes; names sit in unique keys and in the rollups' keys).
pub(crate) const LONGEST_NAME: usize = 1_000;

/// The records PostgreSQL cannot store as they are, which SQLite would keep: text with a NUL
/// character (PostgreSQL's text holds none), and names longer than [`LONGEST_NAME`] bytes that
/// its indexes cannot hold. Refused as invalid, naming the record and field.
pub(crate) fn unstorable(evaluations: &[Evaluation]) -> Vec<RecordError> {
    let mut errors = Vec::new();
    for (index, evaluation) in evaluations.iter().enumerate() {
        let problem = |field: String, message: String| RecordError {
            record: index,
            key: Some(key_of(evaluation)),
            field,
            message,
        };
        // A region with a NUL is refused as an unknown region, as on SQLite.
        if !evaluation.region.contains('\0')
            && serde_json::to_string(evaluation).is_ok_and(|json| json.contains("\\u0000"))
        {
            errors.push(problem(
                "record".to_owned(),
                "记录中含有 NUL 控制字符（\\u0000），数据库不能保存；请删除后重新导入".to_owned(),
            ));
            continue;
        }
        let mut names = vec![("program.name".to_owned(), evaluation.program.name.as_str())];
        for (i, row) in evaluation.indicators.iter().enumerate() {
            names.push((format!("indicators[{i}].name"), row.name.as_str()));
            names.push((format!("indicators[{i}].level1"), row.level1.as_str()));
            names.push((format!("indicators[{i}].level2"), row.level2.as_str()));
        }
        if let Some((field, _)) = names
            .into_iter()
            .find(|(_, name)| name.len() > LONGEST_NAME)
        {
            errors.push(problem(
                field,
                format!(
                    "名称过长（超过 {LONGEST_NAME} 字节），数据库不能为它建立索引；请缩短后重新导入"
                ),
            ));
        }
    }
    errors
}

/// Imports evaluations within the caller's transaction (see `sqlite::import::import_within`).
pub(crate) async fn import_within(
    client: &impl GenericClient,
    evaluations: &[Evaluation],
    policy: &ScoringPolicy,
    replace: bool,
    change: &Change,
) -> Result<ImportSummary, ImportError> {
    let mut errors = Vec::new();
    let mut seen = HashSet::new();
    let refused = unstorable(evaluations);
    if !refused.is_empty() {
        return Err(ImportError::Invalid(refused));
    }
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
    let allowed = Allowed::resolve(client, &change.scope).await?;
    let mut writer = Writer::new(policy, next_id(client).await?);
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
        let Some(region) = writer.regions.id(client, &evaluation.region).await? else {
            errors.push(problem("region", unknown_region(&evaluation.region)));
            continue;
        };
        if let Some(message) = allowed
            .refuses(client, &mut writer.regions, region, &evaluation.region)
            .await?
        {
            forbidden.push(problem("region", message));
            continue;
        }
        let written = writer.write(client, evaluation, region, replace).await?;
        summary.findings.extend(
            writer
                .form_findings
                .drain(..)
                .map(|finding| RecordFinding::of(index, evaluation, finding)),
        );
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
    refresh_rollups(client, &writer.touched, &Fresh::new()).await?;
    record_import(client, change, &versions).await?;
    summary.imported = summary.ids.len();
    Ok(summary)
}

impl Postgres {
    /// See [`crate::sqlite::Sqlite::refuses_region`].
    ///
    /// # Errors
    /// When the store fails or the scope's own region is unknown.
    pub async fn refuses_region(
        &self,
        scope: &Scope,
        region: &str,
    ) -> Result<Option<String>, ImportError> {
        let client = self.client().await?;
        let allowed = Allowed::resolve(&client, scope).await?;
        let mut regions = Regions::default();
        match regions.id(&client, region).await? {
            Some(id) => Ok(allowed.refuses(&client, &mut regions, id, region).await?),
            None => Ok(None),
        }
    }

    /// See [`crate::sqlite::Sqlite::may_write`].
    ///
    /// # Errors
    /// When the store fails.
    pub async fn may_write(&self, scope: &Scope, region: &str) -> Result<bool, StorageError> {
        match self.refuses_region(scope, region).await {
            Ok(refused) => {
                let client = self.client().await?;
                let known = Regions::default().id(&client, region).await?.is_some();
                Ok(known && refused.is_none())
            }
            Err(ImportError::Storage(error)) => Err(error),
            Err(_) => Ok(false),
        }
    }

    /// See [`crate::sqlite::Sqlite::add_region`].
    ///
    /// # Errors
    /// As there.
    pub async fn add_region(&self, region: &NewRegion, change: &Change) -> Result<(), ImportError> {
        let problem = |field: &str, message: String| {
            vec![RecordError {
                record: 0,
                key: Some(region.name.clone()),
                field: field.to_owned(),
                message,
            }]
        };
        write_transaction!(self, ImportError, |transaction| {
            let mut cache = Regions::default();
            if cache.id(&transaction, &region.name).await?.is_some() {
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
                    && cache.id(&transaction, name).await?.is_none()
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
                &[region.name.as_str()],
                std::slice::from_ref(&kind),
                &[Some(region.parent.as_str())],
                &[region.statistics_merged_into.as_deref()],
            )
            .await?;
            append(
                &transaction,
                change,
                &Event {
                    action: "region_add",
                    target: format!("region {}", region.name),
                    detail: format!("kind {kind}, parent {}", region.parent),
                    ..Event::default()
                },
            )
            .await?;
        })
    }

    /// See [`crate::sqlite::Sqlite::import_evaluations`].
    ///
    /// # Errors
    /// As there.
    pub async fn import_evaluations(
        &self,
        evaluations: &[Evaluation],
        policy: &ScoringPolicy,
        replace: bool,
        change: &Change,
    ) -> Result<ImportSummary, ImportError> {
        write_transaction!(self, ImportError, |transaction| {
            let bulk = if !replace && evaluations.len() >= super::bulk::BULK_FROM {
                super::bulk::import_new(&transaction, evaluations, policy, change).await?
            } else {
                None
            };
            match bulk {
                Some(summary) => summary,
                None => import_within(&transaction, evaluations, policy, replace, change).await?,
            }
        })
    }

    /// See [`crate::sqlite::Sqlite::import_observations`].
    ///
    /// # Errors
    /// As there.
    pub async fn import_observations(
        &self,
        observations: &[Observation],
        policy: &ScoringPolicy,
        change: &Change,
    ) -> Result<ImportSummary, ImportError> {
        write_transaction!(self, ImportError, |transaction| {
            observations_within(&transaction, observations, policy, change).await?
        })
    }

    /// See [`crate::sqlite::Sqlite::import_together`].
    ///
    /// # Errors
    /// As there.
    pub async fn import_together(
        &self,
        observations: &[Observation],
        evaluations: &[Evaluation],
        policy: &ScoringPolicy,
        replace: bool,
        change: &Change,
    ) -> Result<(ImportSummary, ImportSummary), ImportError> {
        write_transaction!(self, ImportError, |transaction| {
            let observed = if observations.is_empty() {
                ImportSummary::default()
            } else {
                observations_within(&transaction, observations, policy, change).await?
            };
            let evaluated = if evaluations.is_empty() {
                ImportSummary::default()
            } else {
                import_within(&transaction, evaluations, policy, replace, change).await?
            };
            (observed, evaluated)
        })
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use fundlens_sample::{SampleSpec, Scale};
    use fundlens_shared::model::Evaluation;
    use fundlens_shared::scoring::ScoringPolicy;

    use crate::postgres::Postgres;
    use crate::postgres::testing::fresh_database;
    use crate::sqlite::Sqlite;
    use crate::sqlite::audit_log::Change;

    /// Every table the writes keep, as text rows in one order (flags as 0/1 on both).
    const TABLES: &[(&str, &str, &str)] = &[
        (
            "evaluations",
            "id, program_id, region_id, year, source_id, is_sample, year_start_budget, full_year_budget,
             executed, execution_score, total, grade, complete, declared_total, finding_count, needs_benchmark",
            "id",
        ),
        ("funding_rows", "*", "evaluation_id, row_kind"),
        ("category_scores", "*", "evaluation_id, position"),
        ("indicators", "*", "evaluation_id, position"),
        ("allocations", "*", "evaluation_id, position"),
        ("findings", "*", "evaluation_id, position"),
        ("observations", "*", "region_id, metric, year, is_sample"),
        ("region_year_rollups", "*", "region_id, year, is_sample"),
        ("region_year_group_rollups", "*", "region_id, year, is_sample, group_key"),
        ("program_year_rollups", "*", "program_id, year, is_sample"),
        ("indicator_year_rollups", "*", "name, region_id, year, is_sample"),
        ("level2_year_rollups", "*", "year, region_id, is_sample, level2"),
        ("indicator_catalogue_rollups", "*", "region_id, year, is_sample, name"),
        ("evaluation_versions", "evaluation_id, version, record_hash", "evaluation_id, version"),
        ("programs", "id, name, department", "id"),
        ("sources", "*", "id"),
    ];

    fn seed() -> Evaluation {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../data/evaluations/yiyang-2022-advanced-manufacturing.json");
        Evaluation::from_json(&std::fs::read_to_string(path).expect("the seed record"))
            .expect("valid")
    }

    #[tokio::test]
    async fn the_city_sample_is_stored_as_the_same_rows_and_rollups_on_both_backends() {
        let Some(url) = fresh_database("import").await else {
            return;
        };
        let policy = ScoringPolicy::national();
        let change = Change::system("test");
        let spec = SampleSpec {
            scale: Scale::City,
            seed: fundlens_sample::DEFAULT_SEED,
        };
        let evaluations: Vec<Evaluation> = fundlens_sample::evaluations(&spec).collect();
        let observations = fundlens_sample::observations(&spec);
        let regions = fundlens_sample::regions(&spec);
        let dir = tempfile::tempdir().expect("temp dir");
        let sqlite = Sqlite::open(&dir.path().join("db.sqlite")).expect("sqlite");
        let postgres = Postgres::open(&url, None).await.expect("postgres");
        sqlite
            .import_evaluations(&[seed()], &policy, false, &change)
            .expect("seed");
        postgres
            .import_evaluations(&[seed()], &policy, false, &change)
            .await
            .expect("seed");
        sqlite.add_regions(&regions).expect("regions");
        postgres.add_regions(&regions).await.expect("regions");
        sqlite
            .import_observations(&observations, &policy, &change)
            .expect("observations");
        postgres
            .import_observations(&observations, &policy, &change)
            .await
            .expect("observations");
        let on_sqlite = sqlite
            .import_evaluations(&evaluations, &policy, false, &change)
            .expect("sample");
        let on_postgres = postgres
            .import_evaluations(&evaluations, &policy, false, &change)
            .await
            .expect("sample");
        assert_eq!(on_sqlite, on_postgres);
        // A replacement keeps a version and moves the rollups on both.
        let mut changed = evaluations[3].clone();
        changed.program.department = Some("财政局".to_owned());
        sqlite
            .import_evaluations(std::slice::from_ref(&changed), &policy, true, &change)
            .expect("replace");
        postgres
            .import_evaluations(std::slice::from_ref(&changed), &policy, true, &change)
            .await
            .expect("replace");
        let client = postgres.client().await.expect("client");
        for (table, columns, order) in TABLES {
            let sql = format!("SELECT {columns} FROM {table} ORDER BY {order}");
            let expected: Vec<String> = sqlite.read(|connection| {
                let mut statement = connection.prepare(&sql).expect("sql");
                let width = statement.column_count();
                statement
                    .query_map([], |row| {
                        Ok((0..width)
                            .map(|i| match row.get_ref(i).expect("cell") {
                                rusqlite::types::ValueRef::Null => "∅".to_owned(),
                                rusqlite::types::ValueRef::Integer(n) => n.to_string(),
                                rusqlite::types::ValueRef::Real(x) => format!("{x}"),
                                rusqlite::types::ValueRef::Text(t) => {
                                    String::from_utf8_lossy(t).into_owned()
                                }
                                rusqlite::types::ValueRef::Blob(b) => format!("{b:?}"),
                            })
                            .collect::<Vec<_>>()
                            .join("|"))
                    })
                    .expect("rows")
                    .collect::<Result<_, _>>()
                    .expect("rows")
            });
            let rows = client.simple_query(&sql).await.expect("postgres rows");
            let found: Vec<String> = rows
                .iter()
                .filter_map(|message| match message {
                    tokio_postgres::SimpleQueryMessage::Row(row) => Some(
                        (0..row.len())
                            .map(|i| match row.get(i) {
                                None => "∅".to_owned(),
                                Some("t") => "1".to_owned(),
                                Some("f") => "0".to_owned(),
                                Some(text) => text.to_owned(),
                            })
                            .collect::<Vec<_>>()
                            .join("|"),
                    ),
                    _ => None,
                })
                .collect();
            assert_eq!(expected.len(), found.len(), "{table}: row counts");
            assert!(expected == found, "{table}: the rows differ");
        }
        assert!(postgres.audit_log(None, 1).await.expect("log").chain_intact);
        the_answers_are_the_same(&sqlite, &postgres, &evaluations[3]).await;
    }

    /// The reads ported so far answer the same JSON on both backends.
    async fn the_answers_are_the_same(sqlite: &Sqlite, postgres: &Postgres, some: &Evaluation) {
        use crate::{EvaluationFilter, ListPosition, Start};
        use fundlens_shared::query::{Sort, Source};
        let json = |value: &dyn erased::Json| value.json();
        let mut on_sqlite = sqlite.catalogue().expect("catalogue");
        let mut on_postgres = postgres.catalogue().await.expect("catalogue");
        assert!(on_sqlite.data_as_of.is_some() && on_postgres.data_as_of.is_some());
        (on_sqlite.data_as_of, on_postgres.data_as_of) = (None, None);
        assert_eq!(json(&on_sqlite), json(&on_postgres), "catalogue");
        assert_eq!(
            json(&sqlite.health().expect("health")),
            json(&postgres.health().await.expect("health"))
        );
        let filters = [
            EvaluationFilter::default(),
            EvaluationFilter {
                year: Some(some.year.value()),
                ..EvaluationFilter::default()
            },
            EvaluationFilter {
                region: Some(some.region.clone()),
                source: Source::Sample,
                ..EvaluationFilter::default()
            },
            EvaluationFilter {
                program: Some(some.program.name.clone()),
                ..EvaluationFilter::default()
            },
            EvaluationFilter {
                fund: Some("zx".to_owned()),
                with_findings: true,
                ..EvaluationFilter::default()
            },
            EvaluationFilter {
                grade: Some(fundlens_shared::value::Grade::Good),
                source: Source::Real,
                ..EvaluationFilter::default()
            },
        ];
        for filter in &filters {
            for sort in [
                Sort::Newest,
                Sort::Lowest,
                Sort::Highest,
                Sort::Program,
                Sort::Region,
                Sort::Findings,
            ] {
                let mut start = Start::Offset(0);
                for page in 0..3 {
                    let expected = sqlite
                        .list_evaluations(filter, sort, 7, &start)
                        .expect("list");
                    let found = postgres
                        .list_evaluations(filter, sort, 7, &start)
                        .await
                        .expect("list");
                    assert_eq!(
                        json(&expected),
                        json(&found),
                        "{filter:?} {sort:?} page {page}"
                    );
                    let Some(next) = expected.next else { break };
                    start = Start::After(ListPosition::decode(&next, sort).expect("cursor"));
                }
            }
        }
        let id = sqlite
            .list_evaluations(&filters[3], Sort::Newest, 1, &Start::Offset(0))
            .expect("list")
            .items[0]
            .id;
        let mut expected = sqlite.evaluation(id).expect("detail").expect("found");
        let mut found = postgres
            .evaluation(id)
            .await
            .expect("detail")
            .expect("found");
        (expected.imported_at, found.imported_at) = (String::new(), String::new());
        assert_eq!(json(&expected), json(&found), "evaluation {id}");
        for filter in &filters[..4] {
            assert_eq!(
                json(&sqlite.funding_trend(filter).expect("trend")),
                json(&postgres.funding_trend(filter).await.expect("trend")),
                "funding {filter:?}"
            );
            assert_eq!(
                json(&sqlite.score_trend(filter).expect("trend")),
                json(&postgres.score_trend(filter).await.expect("trend")),
                "scores {filter:?}"
            );
            let (mut a, mut b) = (
                sqlite.evaluation_provenance(filter).expect("provenance"),
                postgres
                    .evaluation_provenance(filter)
                    .await
                    .expect("provenance"),
            );
            // The day each backend stored the rows may differ by a midnight.
            (a.data_date, b.data_date) = (None, None);
            assert_eq!(format!("{a:?}"), format!("{b:?}"), "provenance {filter:?}");
            assert_eq!(
                format!("{:?}", sqlite.budget_cuts(filter).expect("cuts")),
                format!("{:?}", postgres.budget_cuts(filter).await.expect("cuts")),
                "cuts {filter:?}"
            );
            let search = crate::IndicatorSearch {
                text: String::new(),
                filter: filter.clone(),
            };
            assert_eq!(
                json(
                    &sqlite
                        .indicator_catalogue(&search, 20, 0)
                        .expect("catalogue")
                ),
                json(
                    &postgres
                        .indicator_catalogue(&search, 20, 0)
                        .await
                        .expect("catalogue")
                ),
                "indicators {filter:?}"
            );
            let name = sqlite
                .indicator_catalogue(&search, 1, 0)
                .expect("catalogue")
                .items
                .first()
                .map(|item| item.name.clone());
            if let Some(name) = name {
                let expected = sqlite
                    .indicator_history(&name, filter, 5, None)
                    .expect("history");
                let found = postgres
                    .indicator_history(&name, filter, 5, None)
                    .await
                    .expect("history");
                assert_eq!(json(&expected), json(&found), "history {name} {filter:?}");
            }
        }
        let parent = sqlite
            .regions()
            .expect("regions")
            .into_iter()
            .find(|r| r.name == some.region)
            .and_then(|r| r.parent)
            .expect("a parent");
        let year = some.year.value();
        for program in [None, Some(some.program.name.as_str())] {
            assert_eq!(
                json(&sqlite.score_grid(&parent, year, program).expect("grid")),
                json(
                    &postgres
                        .score_grid(&parent, year, program)
                        .await
                        .expect("grid")
                ),
                "grid {program:?}"
            );
        }
        for measure in [
            fundlens_shared::query::Measure::Score,
            fundlens_shared::query::Measure::ExecutionRate,
        ] {
            assert_eq!(
                json(
                    &sqlite
                        .compare(&parent, year, measure, Source::All)
                        .expect("compare")
                ),
                json(
                    &postgres
                        .compare(&parent, year, measure, Source::All)
                        .await
                        .expect("compare")
                ),
                "compare {measure:?}"
            );
        }
        for metric in fundlens_shared::metric::METRICS.iter().take(3) {
            assert_eq!(
                json(
                    &sqlite
                        .metric_trend(&some.region, metric, Source::All)
                        .expect("metric")
                ),
                json(
                    &postgres
                        .metric_trend(&some.region, metric, Source::All)
                        .await
                        .expect("metric")
                ),
                "metric {}",
                metric.code
            );
        }
        // Delete and restore: the same versions and answers after each.
        let change = Change::system("test");
        let policy = ScoringPolicy::national();
        sqlite.delete_evaluation(id, &change).expect("delete");
        postgres
            .delete_evaluation(id, &change)
            .await
            .expect("delete");
        let strip = |list: Option<fundlens_shared::revision::VersionList>| {
            let mut list = list.expect("versions");
            for version in &mut list.versions {
                version.at = String::new();
            }
            serde_json::to_string(&list).expect("json")
        };
        assert_eq!(
            strip(sqlite.versions(id).expect("versions")),
            strip(postgres.versions(id).await.expect("versions"))
        );
        assert_eq!(
            json(
                &sqlite
                    .list_evaluations(&filters[3], Sort::Newest, 5, &Start::Offset(0))
                    .expect("list")
            ),
            json(
                &postgres
                    .list_evaluations(&filters[3], Sort::Newest, 5, &Start::Offset(0))
                    .await
                    .expect("list")
            ),
        );
        sqlite
            .restore_evaluation(id, &policy, &change)
            .expect("restore");
        postgres
            .restore_evaluation(id, &policy, &change)
            .await
            .expect("restore");
        assert_eq!(
            strip(sqlite.versions(id).expect("versions")),
            strip(postgres.versions(id).await.expect("versions"))
        );
        assert_eq!(
            json(&sqlite.score_trend(&filters[0]).expect("trend")),
            json(&postgres.score_trend(&filters[0]).await.expect("trend")),
        );
    }

    mod erased {
        /// Any answer as its JSON text.
        pub(super) trait Json {
            fn json(&self) -> String;
        }
        impl<T: serde::Serialize> Json for T {
            fn json(&self) -> String {
                serde_json::to_string(self).expect("json")
            }
        }
    }
}
