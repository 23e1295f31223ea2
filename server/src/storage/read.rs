//! Reads for the catalogue endpoints, the evaluation list and the drill-down. Filters build a
//! WHERE clause from only the conditions given, so SQLite can use the indexes on
//! (year, region), (region, year) and (program, year).

use fundlens_shared::api::{
    EvaluationDetail, EvaluationList, EvaluationSummary, Health, MetricInfo, ProgramInfo,
    RegionInfo,
};
use fundlens_shared::metric::METRICS;
use fundlens_shared::value::Grade;
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Row};

use super::blob::unpack;
use super::convert::{micro_from_db, money_from_db};
use super::{StorageError, Store};

/// A region filter takes the region and every region below it: 益阳市 means the city's own
/// funds and those of its districts and counties.
const REGION_AND_DESCENDANTS: &str = "region_id IN (
    WITH RECURSIVE down(id) AS (
        SELECT id FROM regions WHERE name = :region
        UNION ALL SELECT r.id FROM regions r JOIN down ON r.parent_id = down.id
    ) SELECT id FROM down)";

/// Which provenance to include.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SourceFilter {
    /// Real and sample records.
    #[default]
    All,
    /// Only records transcribed from documents.
    Real,
    /// Only generated sample records.
    Sample,
}

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
    pub source: SourceFilter,
}

/// Order of the evaluation list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ListOrder {
    /// Newest year first, best total first within a year.
    #[default]
    Newest,
    /// Lowest total first (who lags).
    LowestTotal,
    /// Highest total first.
    HighestTotal,
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
        if let Some(year) = filter.year {
            conditions.add(
                &format!("{place}.year = :year"),
                ":year",
                Value::Integer(year.into()),
            );
        }
        if let Some(region) = &filter.region {
            conditions.add(
                &format!("{place}.{REGION_AND_DESCENDANTS}"),
                ":region",
                Value::Text(region.clone()),
            );
        }
        if let Some(program) = &filter.program {
            conditions.add(
                "e.program_id = (SELECT id FROM programs WHERE name = :program)",
                ":program",
                Value::Text(program.clone()),
            );
        }
        if let Some(grade) = filter.grade {
            conditions.add(
                "e.grade = :grade",
                ":grade",
                Value::Text(grade.label().to_owned()),
            );
        }
        match filter.source {
            SourceFilter::All => {}
            SourceFilter::Real => conditions.clauses.push("e.is_sample = 0".to_owned()),
            SourceFilter::Sample => conditions.clauses.push("e.is_sample = 1".to_owned()),
        }
        conditions
    }

    pub(crate) fn add(&mut self, clause: &str, name: &'static str, value: Value) {
        self.clauses.push(clause.to_owned());
        self.params.push((name, value));
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

fn grade_of(text: &str) -> rusqlite::Result<Grade> {
    text.parse()
        .map_err(|e: fundlens_shared::error::ValueError| {
            rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, e.into())
        })
}

impl Store {
    /// Counts for `GET /api/health`.
    ///
    /// # Errors
    /// When the store fails.
    pub fn health(&self) -> Result<Health, StorageError> {
        self.read(|connection| {
            let count = |table: &str| -> rusqlite::Result<i64> {
                connection.query_row(&format!("SELECT count(*) FROM {table}"), [], |row| {
                    row.get(0)
                })
            };
            Ok(Health {
                status: "ok".to_owned(),
                evaluations: count("evaluations")?,
                observations: count("observations")?,
            })
        })
    }

    /// Every region with its parent, merge and number of evaluations.
    ///
    /// # Errors
    /// When the store fails.
    pub fn regions(&self) -> Result<Vec<RegionInfo>, StorageError> {
        self.read(|connection| {
            let mut statement = connection.prepare_cached(
                "SELECT r.name, r.kind, p.name, m.name,
                        (SELECT count(*) FROM evaluations e WHERE e.region_id = r.id)
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
                })
            })?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
    }

    /// Every program with its number of evaluations.
    ///
    /// # Errors
    /// When the store fails.
    pub fn programs(&self) -> Result<Vec<ProgramInfo>, StorageError> {
        self.read(|connection| {
            let mut statement = connection.prepare_cached(
                "SELECT p.name, p.department, (SELECT count(*) FROM evaluations e WHERE e.program_id = p.id)
                 FROM programs p ORDER BY p.name",
            )?;
            let rows = statement.query_map([], |row| {
                Ok(ProgramInfo {
                    name: row.get(0)?,
                    department: row.get(1)?,
                    evaluations: row.get(2)?,
                })
            })?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
    }

    /// Years with evaluations or observations, oldest first.
    ///
    /// # Errors
    /// When the store fails.
    pub fn years(&self) -> Result<Vec<i32>, StorageError> {
        self.read(|connection| {
            let mut statement = connection.prepare_cached(
                "SELECT DISTINCT year FROM evaluations UNION SELECT DISTINCT year FROM observations ORDER BY 1",
            )?;
            let rows = statement.query_map([], |row| row.get(0))?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
    }

    /// The metric catalogue with the number of observations of each.
    ///
    /// # Errors
    /// When the store fails.
    pub fn metrics(&self) -> Result<Vec<MetricInfo>, StorageError> {
        self.read(|connection| {
            let mut count =
                connection.prepare_cached("SELECT count(*) FROM observations WHERE metric = ?1")?;
            METRICS
                .iter()
                .map(|metric| {
                    Ok(MetricInfo {
                        code: metric.code.to_owned(),
                        name: metric.name.to_owned(),
                        unit: metric.unit.to_owned(),
                        observations: count.query_row([metric.code], |row| row.get(0))?,
                    })
                })
                .collect()
        })
    }

    /// One page of evaluations matching `filter`.
    ///
    /// # Errors
    /// When the store fails.
    pub fn list_evaluations(
        &self,
        filter: &EvaluationFilter,
        order: ListOrder,
        limit: u32,
        offset: u32,
    ) -> Result<EvaluationList, StorageError> {
        let conditions = Conditions::of(filter);
        let order_by = match order {
            ListOrder::Newest => "e.year DESC, e.total DESC, e.id",
            ListOrder::LowestTotal => "e.total ASC, e.id",
            ListOrder::HighestTotal => "e.total DESC, e.id",
        };
        self.read(|connection| {
            let total_count: i64 = connection
                .prepare_cached(&format!("SELECT count(*) FROM evaluations e WHERE {}", conditions.sql()))?
                .query_row(conditions.params().as_slice(), |row| row.get(0))?;
            let sql = format!(
                "SELECT e.id, p.name, r.name, e.year, e.total, e.grade, e.complete, e.year_start_budget,
                        e.full_year_budget, e.executed, e.finding_count, e.is_sample
                 FROM evaluations e JOIN programs p ON p.id = e.program_id JOIN regions r ON r.id = e.region_id
                 WHERE {} ORDER BY {order_by} LIMIT {limit} OFFSET {offset}",
                conditions.sql()
            );
            let mut statement = connection.prepare_cached(&sql)?;
            let items = statement
                .query_map(conditions.params().as_slice(), summary_from_row)?
                .collect::<Result<_, _>>()?;
            Ok(EvaluationList { total_count, items })
        })
    }

    /// The drill-down of one evaluation; `None` when the id is unknown.
    ///
    /// # Errors
    /// When the store fails or the stored record cannot be read back.
    pub fn evaluation(&self, id: i64) -> Result<Option<EvaluationDetail>, StorageError> {
        let found: Option<(bool, String, Vec<u8>, Vec<u8>)> = self.read(|connection: &Connection| {
            connection
                .prepare_cached("SELECT is_sample, imported_at, record, assessment FROM evaluations WHERE id = ?1")?
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

fn summary_from_row(row: &Row<'_>) -> rusqlite::Result<EvaluationSummary> {
    let budget = optional_money(row, 8)?;
    let executed = optional_money(row, 9)?;
    Ok(EvaluationSummary {
        id: row.get(0)?,
        program: row.get(1)?,
        region: row.get(2)?,
        year: row.get(3)?,
        total: micro_from_db(row.get(4)?),
        grade: grade_of(&row.get::<_, String>(5)?)?,
        complete: row.get(6)?,
        year_start_budget: optional_money(row, 7)?,
        budget,
        executed,
        execution_rate: rate(executed, budget),
        finding_count: row.get(10)?,
        sample: row.get(11)?,
    })
}
