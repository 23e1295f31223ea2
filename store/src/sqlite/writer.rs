//! One evaluation written: checked against what it is stored as, scored and audited, its
//! version kept when it replaces another, its rows, scores and findings stored. The writer
//! caches ids and benchmark figures for one import's transaction.

use std::collections::{BTreeSet, HashMap};

use fundlens_shared::assessment::Assessment;
use fundlens_shared::metric;
use fundlens_shared::model::{Evaluation, Provenance};
use fundlens_shared::scoring::{BenchmarkValue, ScoringPolicy};
use fundlens_shared::target::BenchmarkScope;
use rusqlite::{Connection, OptionalExtension, Transaction, named_params, params};

use super::StorageError;
use super::blob::unpack;
use super::errors::ImportError;
use super::provenance::statistic_source;
use super::regions::RegionCache;
use super::results::Fresh;
use super::rollups::refresh_rollups;
use super::version_rows::{self, Written as WrittenVersion};
use crate::prepared::{Prepared, ScoreCells, Summary, Unstorable, assessed, prepare};

/// The outcome of writing one evaluation.
pub(super) enum Written {
    Stored(WrittenVersion),
    Exists,
    Invalid(String, String),
}

/// Source (provenance) ids, cached for one import.
#[derive(Debug, Default)]
pub(super) struct SourceCache(HashMap<String, i64>);

impl SourceCache {
    pub(super) fn id(
        &mut self,
        connection: &Connection,
        provenance: &Provenance,
    ) -> rusqlite::Result<i64> {
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
    pub(super) fn benchmarks_for(
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
                let origin = statistic_source(sample, title);
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

    pub(super) fn assess(
        &mut self,
        connection: &Connection,
        evaluation: &Evaluation,
        region: i64,
    ) -> rusqlite::Result<Assessment> {
        let figures = self.benchmarks_for(connection, region, evaluation.year.value())?;
        Ok(assessed(evaluation, self.policy, &figures))
    }

    /// Takes the benchmark figures looked up so far (by region id and year), for preparing
    /// records away from the writer.
    pub(super) fn take_figures(&mut self) -> HashMap<(i64, i32), Vec<BenchmarkValue>> {
        std::mem::take(&mut self.benchmarks)
    }

    /// Writes `evaluation` of region id `region`, prepared as `prepared`: a new id, or the id
    /// of the evaluation of the same program, region and year it replaces (whose version it
    /// keeps).
    pub(super) fn write(
        &mut self,
        transaction: &Transaction<'_>,
        (evaluation, prepared): (&Evaluation, &Result<Prepared, Unstorable>),
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
        self.store_prepared(
            transaction,
            (evaluation, prepared),
            (id, region, program),
            existing.is_some(),
        )
    }

    /// Stores `evaluation` as evaluation `id` (replacing the stored one when `replacing`).
    pub(super) fn store(
        &mut self,
        transaction: &Transaction<'_>,
        evaluation: &Evaluation,
        ids: (i64, i64, i64),
        replacing: bool,
    ) -> rusqlite::Result<Written> {
        let figures = self.benchmarks_for(transaction, ids.1, evaluation.year.value())?;
        let prepared = prepare(evaluation, self.policy, &figures);
        self.store_prepared(transaction, (evaluation, &prepared), ids, replacing)
    }

    /// Stores `evaluation`, prepared as `prepared`, as evaluation `id`.
    fn store_prepared(
        &mut self,
        transaction: &Transaction<'_>,
        (evaluation, prepared): (&Evaluation, &Result<Prepared, Unstorable>),
        (id, region, program): (i64, i64, i64),
        replacing: bool,
    ) -> rusqlite::Result<Written> {
        let year = evaluation.year.value();
        let ready = match prepared {
            Ok(ready) => ready,
            Err(Unstorable::Invalid(field, message)) => {
                return Ok(Written::Invalid(field.clone(), message.clone()));
            }
            Err(Unstorable::Unencodable(message)) => return Err(unencodable(message.clone())),
        };
        let (money, summary) = (&ready.money, &ready.summary);
        let before_hash = if replacing {
            let before = version_rows::supersede(transaction, id)?;
            transaction.execute("DELETE FROM evaluations WHERE id = ?1", [id])?;
            Some(before)
        } else {
            None
        };
        let source = self.sources.id(transaction, &evaluation.provenance)?;
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
            .execute(params![id, ready.record, summary.packed])?;
        self.touched.insert((region, year));
        let mut funding = transaction.prepare_cached(
            "INSERT INTO funding_rows (evaluation_id, row_kind, year_start_budget, full_year_budget, executed)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        for (kind, cells) in money {
            funding.execute(params![id, kind, cells[0], cells[1], cells[2]])?;
        }
        let mut allocation = transaction.prepare_cached(
            "INSERT INTO allocations (evaluation_id, position, name, category, amount, recipient_region)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        for (position, (line, amount)) in evaluation
            .allocations
            .iter()
            .zip(&ready.allocations)
            .enumerate()
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
        write_scores(
            transaction,
            id,
            (region, year),
            &ready.assessment,
            &ready.scores,
        )?;
        // The report's own section 四(二) figures are observations of its region and year, from
        // the same source: the region's metric series carries the document's numbers where no
        // official figure was imported, and never replaces one (migration 0015).
        for (statistic, value) in evaluation.statistics.iter().zip(&ready.statistics) {
            transaction
                .prepare_cached(
                    "INSERT INTO observations (region_id, metric, year, is_sample, value, rank, source_id, from_report)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 1)
                     ON CONFLICT (region_id, metric, year, is_sample)
                     DO UPDATE SET value = excluded.value, rank = excluded.rank, source_id = excluded.source_id
                     WHERE observations.from_report = 1",
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
            after_hash: ready.hash.clone(),
        }))
    }
}

/// A preparation's failure as the writers of this backend report it: an invalid cell as the
/// field and why, anything else as a conversion failure.
fn unencodable(message: String) -> rusqlite::Error {
    rusqlite::Error::ToSqlConversionFailure(message.into())
}

fn update_summary(
    connection: &Connection,
    id: i64,
    assessment: &Assessment,
) -> rusqlite::Result<()> {
    let summary = Summary::of(assessment).map_err(unencodable)?;
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

/// Stores the per-row scores, category totals and findings of an assessment (`cells`, its
/// stored cells).
fn write_scores(
    connection: &Connection,
    id: i64,
    place: (i64, i32),
    assessment: &Assessment,
    cells: &ScoreCells,
) -> rusqlite::Result<()> {
    let mut category = connection.prepare_cached(
        "INSERT INTO category_scores (evaluation_id, position, name, group_key, weight, declared_score, score)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for (position, (scored, stored)) in assessment
        .categories
        .iter()
        .zip(&cells.categories)
        .enumerate()
    {
        category.execute(params![
            id,
            position,
            scored.name,
            stored.group,
            stored.weight,
            stored.declared,
            stored.score
        ])?;
    }
    let mut indicator = connection.prepare_cached(
        "INSERT INTO indicators (evaluation_id, position, level1, level2, name, target, actual, weight,
            declared_score, computed_score, score, rule, region_id, year)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    )?;
    for (row, stored) in assessment.indicators.iter().zip(&cells.indicators) {
        indicator.execute(params![
            id,
            row.index,
            row.level1,
            row.level2,
            row.name,
            row.target,
            row.actual,
            stored.weight,
            stored.declared,
            stored.computed,
            stored.score,
            stored.rule,
            place.0,
            place.1
        ])?;
    }
    let mut finding = connection.prepare_cached(
        "INSERT INTO findings (evaluation_id, position, code, severity, indicator_position) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for (position, (found, (code, severity))) in
        assessment.findings.iter().zip(&cells.findings).enumerate()
    {
        finding.execute(params![id, position, code, severity, found.indicator])?;
    }
    Ok(())
}

/// Rescores evaluations of `years` that lack a benchmark, now that observations may supply it.
pub(super) fn rescore_waiting(
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
            let cells = ScoreCells::of(&assessment).map_err(unencodable)?;
            write_scores(
                transaction,
                id,
                (region, evaluation.year.value()),
                &assessment,
                &cells,
            )?;
            writer.touched.insert((region, evaluation.year.value()));
            rescored += 1;
        }
    }
    refresh_rollups(transaction, &writer.touched, &Fresh::new())?;
    Ok(rescored)
}
