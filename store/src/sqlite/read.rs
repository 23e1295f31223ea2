//! Filters as SQL conditions, the catalogue (from small tables and rollups: a few thousand rows
//! at province scale, never a scan of the evaluations) and the drill-down. Filters build a
//! WHERE clause from only the conditions given, so SQLite can use the indexes on them.

use fundlens_shared::api::{
    Catalogue, EvaluationDetail, Health, MetricInfo, ProgramInfo, RegionInfo,
};
use fundlens_shared::metric::METRICS;
use fundlens_shared::query::{FilterQuery, Source};
use fundlens_shared::value::Grade;
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Row};

use super::blob::unpack;
use super::convert::{micro_to_db, money_from_db};
use super::{Sqlite, StorageError};

/// The ids of a region and every region below it (`:region` names it): a region filter takes
/// them all, so 益阳市 means the city's own funds and those of its districts and counties.
pub(crate) const SUBTREE: &str = "WITH RECURSIVE down(id) AS (
        SELECT id FROM regions WHERE name = :region
        UNION ALL SELECT r.id FROM regions r JOIN down ON r.parent_id = down.id
    ) SELECT id FROM down";

/// Conditions on evaluations; `None` means any.
#[derive(Debug, Clone, Default)]
pub struct EvaluationFilter {
    /// Year.
    pub year: Option<i32>,
    /// Region name; the region and every region below it.
    pub region: Option<String>,
    /// Program name.
    pub program: Option<String>,
    /// Grade.
    pub grade: Option<Grade>,
    /// Provenance.
    pub source: Source,
    /// Only evaluations the audit found something in.
    pub with_findings: bool,
    /// Only the funds whose name contains this text, or whose name's pinyin initials do.
    pub fund: Option<String>,
}

impl From<FilterQuery> for EvaluationFilter {
    /// The conditions a question's common filters name (a `source` not given: all).
    fn from(query: FilterQuery) -> Self {
        Self {
            year: query.year,
            region: query.region,
            program: query.program,
            grade: query.grade,
            source: query.source.unwrap_or_default(),
            ..Self::default()
        }
    }
}

/// A WHERE clause with its parameters.
#[derive(Debug, Default)]
pub(crate) struct Conditions {
    clauses: Vec<String>,
    params: Vec<(&'static str, Value)>,
}

impl Conditions {
    /// The conditions of `filter` on `evaluations e` (or a table aliased `e` with the same
    /// region, year and provenance columns).
    pub(crate) fn of(filter: &EvaluationFilter) -> Self {
        Self::with_place_from(filter, "e")
    }

    /// As [`Conditions::of`], but region and year are read from the table aliased `place`
    /// (the indicator rows carry their evaluation's region and year, and an index on them).
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

    /// `place.year = :year`, when the filter has a year.
    pub(crate) fn year(&mut self, filter: &EvaluationFilter, place: &str) {
        if let Some(year) = filter.year {
            self.add(
                &format!("{place}.year = :year"),
                ":year",
                Value::Integer(year.into()),
            );
        }
    }

    /// `column` is the filter's region or one below it (`column` an expression of a region id).
    pub(crate) fn region(&mut self, filter: &EvaluationFilter, column: &str) {
        if let Some(region) = &filter.region {
            self.add(
                &format!("{column} IN ({SUBTREE})"),
                ":region",
                Value::Text(region.clone()),
            );
        }
    }

    /// `column` is the id of the filter's program.
    pub(crate) fn program(&mut self, filter: &EvaluationFilter, column: &str) {
        if let Some(program) = &filter.program {
            self.add(
                &format!("{column} = (SELECT id FROM programs WHERE name = :program)"),
                ":program",
                Value::Text(program.clone()),
            );
        }
    }

    /// `column` is the id of a fund whose name contains the filter's fund text, or whose name's
    /// pinyin initials do (`pinyin_initials`, registered on every connection, see
    /// `sqlite::configure`). The programs are a small table (hundreds of funds at province
    /// scale), read whole; the matching ids are then looked up in the evaluations' index.
    pub(crate) fn fund(&mut self, filter: &EvaluationFilter, column: &str) {
        if let Some(text) = &filter.fund {
            self.add(
                &format!(
                    "{column} IN (SELECT id FROM programs
                     WHERE instr(name, :fund) > 0 OR instr(pinyin_initials(name), lower(:fund)) > 0)"
                ),
                ":fund",
                Value::Text(text.clone()),
            );
        }
    }

    /// The grade as the range of totals that earn it (`column`, `e.total` or `+e.total`),
    /// which the total indexes answer; a record left ungraded has no grade to match.
    pub(crate) fn grade(&mut self, filter: &EvaluationFilter, column: &str) {
        let Some(grade) = filter.grade else { return };
        self.clauses
            .push(format!("{}.grade IS NOT NULL", table_of(column)));
        let (from, below) = grade.total_range();
        if let Some(from) = from.and_then(|f| micro_to_db(f).ok()) {
            self.add(
                &format!("{column} >= :grade_from"),
                ":grade_from",
                Value::Integer(from),
            );
        }
        if let Some(below) = below.and_then(|b| micro_to_db(b).ok()) {
            self.add(
                &format!("{column} < :grade_below"),
                ":grade_below",
                Value::Integer(below),
            );
        }
    }

    /// `column` (a provenance flag) matches the source filter.
    pub(crate) fn source(&mut self, filter: &EvaluationFilter, column: &str) {
        match filter.source {
            Source::All => {}
            Source::Real => self.clauses.push(format!("{column} = 0")),
            Source::Sample => self.clauses.push(format!("{column} = 1")),
        }
    }

    /// `column > 0` (the number of findings, `e.finding_count` or `+e.finding_count`) when the
    /// filter asks for evaluations with findings only.
    pub(crate) fn findings(&mut self, filter: &EvaluationFilter, column: &str) {
        if filter.with_findings {
            self.clauses.push(format!("{column} > 0"));
        }
    }

    pub(crate) fn add(&mut self, clause: &str, name: &'static str, value: Value) {
        self.add_many(clause, vec![(name, value)]);
    }

    /// A clause with several parameters.
    pub(crate) fn add_many(&mut self, clause: &str, values: Vec<(&'static str, Value)>) {
        self.clauses.push(clause.to_owned());
        self.params.extend(values);
    }

    pub(crate) fn sql(&self) -> String {
        if self.clauses.is_empty() {
            "1 = 1".to_owned()
        } else {
            self.clauses.join(" AND ")
        }
    }

    pub(crate) fn params(&self) -> Vec<(&str, &dyn rusqlite::ToSql)> {
        self.params
            .iter()
            .map(|(name, value)| (*name, value as &dyn rusqlite::ToSql))
            .collect()
    }
}

pub(crate) fn optional_money(
    row: &Row<'_>,
    index: usize,
) -> rusqlite::Result<Option<rust_decimal::Decimal>> {
    Ok(row.get::<_, Option<i64>>(index)?.map(money_from_db))
}

pub(crate) fn rate(
    numerator: Option<rust_decimal::Decimal>,
    denominator: Option<rust_decimal::Decimal>,
) -> Option<rust_decimal::Decimal> {
    match (numerator, denominator) {
        (Some(n), Some(d)) if !d.is_zero() => Some(fundlens_shared::format::round(
            n * rust_decimal::Decimal::ONE_HUNDRED / d,
            6,
        )),
        _ => None,
    }
}

/// The table alias of a qualified column (`e` of `e.total` or `+e.total`).
pub(crate) fn table_of(column: &str) -> &str {
    column
        .trim_start_matches('+')
        .split_once('.')
        .map_or("e", |(table, _)| table)
}

pub(crate) fn grade_of(text: &str) -> rusqlite::Result<Grade> {
    text.parse()
        .map_err(|e: fundlens_shared::error::ValueError| {
            rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, e.into())
        })
}

/// Evaluations stored, and of those how many are sample data, from the rollups.
fn evaluation_counts(connection: &Connection) -> rusqlite::Result<(i64, i64)> {
    connection
        .prepare_cached(
            "SELECT coalesce(sum(evaluations), 0), coalesce(sum(evaluations * is_sample), 0)
             FROM region_year_rollups",
        )?
        .query_row([], |row| Ok((row.get(0)?, row.get(1)?)))
}

/// The time of the newest write to the records (the audit log is append-only, so its last such
/// entry is found by stepping back from the end).
fn data_as_of(connection: &Connection) -> rusqlite::Result<Option<String>> {
    connection
        .prepare_cached(
            "SELECT at FROM audit_log
             WHERE action IN ('import', 'replace', 'delete', 'restore', 'import_observations')
             ORDER BY id DESC LIMIT 1",
        )?
        .query_row([], |row| row.get(0))
        .optional()
}

fn regions(connection: &Connection) -> rusqlite::Result<Vec<RegionInfo>> {
    let mut statement = connection.prepare_cached(
        "SELECT r.name, r.kind, p.name, m.name,
                (SELECT coalesce(sum(u.evaluations), 0) FROM region_year_rollups u WHERE u.region_id = r.id)
         FROM regions r LEFT JOIN regions p ON p.id = r.parent_id LEFT JOIN regions m ON m.id = r.statistics_region_id
         ORDER BY r.parent_id IS NOT NULL, r.parent_id, r.id",
    )?;
    let rows = statement.query_map([], |row| {
        Ok(RegionInfo {
            name: row.get(0)?,
            kind: row.get(1)?,
            parent: row.get(2)?,
            statistics_merged_into: row.get(3)?,
            evaluations: row.get(4)?,
            code: None,
        }
        .with_code())
    })?;
    rows.collect()
}

fn programs(connection: &Connection) -> rusqlite::Result<Vec<ProgramInfo>> {
    let mut statement = connection.prepare_cached(
        "SELECT p.name, p.department,
                (SELECT coalesce(sum(u.evaluations), 0) FROM program_year_rollups u WHERE u.program_id = p.id)
         FROM programs p ORDER BY p.name",
    )?;
    let rows = statement.query_map([], |row| {
        Ok(ProgramInfo {
            name: row.get(0)?,
            department: row.get(1)?,
            evaluations: row.get(2)?,
        })
    })?;
    rows.collect()
}

fn years(connection: &Connection) -> rusqlite::Result<Vec<i32>> {
    let mut statement = connection.prepare_cached(
        "SELECT year FROM region_year_rollups WHERE evaluations > 0
         UNION SELECT DISTINCT year FROM observations ORDER BY 1",
    )?;
    let rows = statement.query_map([], |row| row.get(0))?;
    rows.collect()
}

fn metrics(connection: &Connection) -> rusqlite::Result<Vec<MetricInfo>> {
    // Covered by the index on (metric, year).
    let mut by_year = connection.prepare_cached(
        "SELECT year, count(*) FROM observations WHERE metric = ?1 GROUP BY year ORDER BY year",
    )?;
    METRICS
        .iter()
        .map(|metric| {
            let years = by_year
                .query_map([metric.code], |row| {
                    Ok((row.get::<_, i32>(0)?, row.get::<_, i64>(1)?))
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(MetricInfo {
                code: metric.code.to_owned(),
                name: metric.name.to_owned(),
                unit: metric.unit.to_owned(),
                observations: years.iter().map(|(_, count)| count).sum(),
                years: years.into_iter().map(|(year, _)| year).collect(),
            })
        })
        .collect()
}

impl Sqlite {
    /// Counts for `GET /api/health`.
    ///
    /// # Errors
    /// When the store fails.
    pub fn health(&self) -> Result<Health, StorageError> {
        self.read(|connection| {
            Ok(Health {
                status: "ok".to_owned(),
                evaluations: evaluation_counts(connection)?.0,
                observations: connection.query_row(
                    "SELECT count(*) FROM observations",
                    [],
                    |row| row.get(0),
                )?,
            })
        })
    }

    /// Every catalogue a page's filters need, read together from small tables and rollups.
    ///
    /// # Errors
    /// When the store fails.
    pub fn catalogue(&self) -> Result<Catalogue, StorageError> {
        self.read(|connection| {
            let (evaluations, sample_evaluations) = evaluation_counts(connection)?;
            Ok(Catalogue {
                evaluations,
                sample_evaluations,
                years: years(connection)?,
                regions: regions(connection)?,
                programs: programs(connection)?,
                metrics: metrics(connection)?,
                data_as_of: data_as_of(connection)?,
            })
        })
    }

    /// Every region with its parent, merge and number of evaluations.
    ///
    /// # Errors
    /// When the store fails.
    pub fn regions(&self) -> Result<Vec<RegionInfo>, StorageError> {
        Ok(self.read(regions)?)
    }

    /// Every program with its number of evaluations.
    ///
    /// # Errors
    /// When the store fails.
    pub fn programs(&self) -> Result<Vec<ProgramInfo>, StorageError> {
        Ok(self.read(programs)?)
    }

    /// Years with evaluations or observations, oldest first.
    ///
    /// # Errors
    /// When the store fails.
    pub fn years(&self) -> Result<Vec<i32>, StorageError> {
        Ok(self.read(years)?)
    }

    /// The metric catalogue with the number of observations of each.
    ///
    /// # Errors
    /// When the store fails.
    pub fn metrics(&self) -> Result<Vec<MetricInfo>, StorageError> {
        Ok(self.read(metrics)?)
    }

    /// The time of the newest import, replacement, deletion or restore (the catalogue's
    /// `data_as_of`); `None` for a store never written to.
    ///
    /// # Errors
    /// When the store fails.
    pub fn data_as_of(&self) -> Result<Option<String>, StorageError> {
        self.read(|connection| Ok(data_as_of(connection)?))
    }

    /// The drill-down of one evaluation; `None` when the id is unknown.
    ///
    /// # Errors
    /// When the store fails or the stored record cannot be read back.
    pub fn evaluation(&self, id: i64) -> Result<Option<EvaluationDetail>, StorageError> {
        let found: Option<(bool, String, Vec<u8>, Vec<u8>)> = self.read(|connection: &Connection| {
            connection
                .prepare_cached(
                    "SELECT e.is_sample, e.imported_at, d.record, d.assessment
                     FROM evaluations e JOIN evaluation_documents d ON d.evaluation_id = e.id WHERE e.id = ?1",
                )?
                .query_row([id], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)))
                .optional()
        })?;
        let Some((sample, imported_at, record, assessment)) = found else {
            return Ok(None);
        };
        Ok(Some(EvaluationDetail {
            id,
            sample,
            imported_at,
            record: unpack(&record)
                .map_err(|e| StorageError::Corrupt(format!("evaluation {id}: {e}")))?,
            assessment: unpack(&assessment)
                .map_err(|e| StorageError::Corrupt(format!("assessment {id}: {e}")))?,
        }))
    }
}
