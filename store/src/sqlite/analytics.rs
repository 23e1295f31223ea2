//! Leadership's questions as queries: trends over years (funding, scores, economic metrics),
//! regions ranked on one measure for one year, and one indicator's history. Aggregates run in
//! SQL over exact integers; ratios and changes are computed here in decimals.

use std::collections::BTreeMap;

use fundlens_shared::api::{
    Comparison, ComparisonRow, FundingPoint, GradeCounts, GroupAverage, IndicatorHistory,
    IndicatorHistoryRow, IndicatorYear, MetricPoint, ReferenceValue, ScorePoint, Trend,
};
use fundlens_shared::comparison::{FigureKind, change};
use fundlens_shared::metric::Metric;
use fundlens_shared::query::{Measure, Source};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, params};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::convert::{micro_from_db, money_from_db};
use super::cursor::{self, BadCursor};
use super::read::{Conditions, EvaluationFilter, rate};
use super::{Sqlite, StorageError};

fn average(sum: i64, count: i64) -> Decimal {
    if count == 0 {
        Decimal::ZERO
    } else {
        fundlens_shared::format::round(micro_from_db(sum) / Decimal::from(count), 6)
    }
}

/// The region whose statistics stand for `region` (itself, or the region it is merged into),
/// and the province at the root of its tree.
fn statistics_and_province(
    connection: &Connection,
    region: &str,
) -> rusqlite::Result<Option<(i64, String, Option<i64>)>> {
    let found: Option<(i64, String)> = connection
        .prepare_cached(
            "SELECT coalesce(m.id, r.id), coalesce(m.name, r.name) FROM regions r
             LEFT JOIN regions m ON m.id = r.statistics_region_id WHERE r.name = ?1",
        )?
        .query_row([region], |row| Ok((row.get(0)?, row.get(1)?)))
        .optional()?;
    let Some((id, name)) = found else {
        return Ok(None);
    };
    Ok(Some((id, name, root_of(connection, id)?)))
}

fn root_of(connection: &Connection, id: i64) -> rusqlite::Result<Option<i64>> {
    connection
        .prepare_cached(
            "WITH RECURSIVE up(id, parent_id, depth) AS (
                 SELECT id, parent_id, 0 FROM regions WHERE id = ?1
                 UNION ALL SELECT r.id, r.parent_id, up.depth + 1 FROM regions r JOIN up ON r.id = up.parent_id
             ) SELECT id FROM up WHERE depth > 0 ORDER BY depth DESC LIMIT 1",
        )?
        .query_row([id], |row| row.get(0))
        .optional()
}

/// One stored figure: value, provincial rank, and whether it is sample data.
#[derive(Debug, Clone, Copy)]
struct Observed {
    value: Decimal,
    rank: Option<u32>,
    sample: bool,
}

/// Whether a filter can be answered from the region × year rollups: they hold every region
/// and year, but not programs (nor fund searches) or grades.
fn uses_rollups(filter: &EvaluationFilter) -> bool {
    filter.program.is_none() && filter.grade.is_none() && filter.fund.is_none()
}

/// A region's observations of a metric by year, a real figure preferred over a sample one.
fn observations_by_year(
    connection: &Connection,
    region: i64,
    metric: &str,
    source: Source,
) -> rusqlite::Result<BTreeMap<i32, Observed>> {
    let mut statement = connection.prepare_cached(
        "SELECT year, value, rank, is_sample FROM observations WHERE region_id = ?1 AND metric = ?2 ORDER BY year, is_sample DESC",
    )?;
    let rows = statement.query_map(params![region, metric], |row| {
        Ok((
            row.get::<_, i32>(0)?,
            micro_from_db(row.get(1)?),
            row.get::<_, Option<u32>>(2)?,
            row.get::<_, bool>(3)?,
        ))
    })?;
    let mut by_year = BTreeMap::new();
    for row in rows {
        let (year, value, rank, sample) = row?;
        let wanted = match source {
            Source::All => true,
            Source::Real => !sample,
            Source::Sample => sample,
        };
        if wanted {
            // Ordered sample first, so a real figure of the same year overwrites it.
            by_year.insert(
                year,
                Observed {
                    value,
                    rank,
                    sample,
                },
            );
        }
    }
    Ok(by_year)
}

impl Sqlite {
    /// Budget (year-start, adjusted) and execution by year for the evaluations matching `filter`.
    ///
    /// # Errors
    /// When the store fails.
    pub fn funding_trend(
        &self,
        filter: &EvaluationFilter,
    ) -> Result<Trend<FundingPoint>, StorageError> {
        let conditions = Conditions::of(&EvaluationFilter {
            year: None,
            ..filter.clone()
        });
        self.read(|connection| {
            let sql = if uses_rollups(filter) {
                format!(
                    "SELECT e.year, total(e.evaluations), total(e.year_start_budget), total(e.full_year_budget), total(e.executed), max(e.is_sample)
                     FROM region_year_rollups e WHERE {} GROUP BY e.year ORDER BY e.year",
                    conditions.sql()
                )
            } else {
                format!(
                    "SELECT e.year, count(*), total(e.year_start_budget), total(e.full_year_budget), total(e.executed), max(e.is_sample)
                     FROM evaluations e WHERE {} GROUP BY e.year ORDER BY e.year",
                    conditions.sql()
                )
            };
            let mut statement = connection.prepare_cached(&sql)?;
            let rows = statement.query_map(conditions.params().as_slice(), |row| {
                Ok((row.get::<_, i32>(0)?, row.get::<_, f64>(1)? as i64, row.get::<_, f64>(2)?, row.get::<_, f64>(3)?, row.get::<_, f64>(4)?, row.get::<_, bool>(5)?))
            })?;
            let mut points: Vec<FundingPoint> = Vec::new();
            for row in rows {
                let (year, evaluations, start, budget, executed, sample) = row?;
                // total() returns a float; sums of whole yuan below 2^53 are exact.
                let [start, budget, executed] = [start, budget, executed].map(|v| money_from_db(v as i64));
                let previous = points.last().filter(|p| p.year == year - 1);
                points.push(FundingPoint {
                    year,
                    evaluations,
                    year_start_budget: start,
                    budget,
                    executed,
                    execution_rate: rate(Some(executed), Some(budget)),
                    executed_change: change(FigureKind::Money, previous.map(|p| p.executed), Some(executed)),
                    budget_change: change(FigureKind::Money, previous.map(|p| p.budget), Some(budget)),
                    sample,
                });
            }
            Ok(Trend { region: filter.region.clone(), program: filter.program.clone(), metric: None, unit: "万元".to_owned(), points })
        })
    }

    /// Average, lowest and highest totals, grades, findings and per-group averages by year.
    ///
    /// # Errors
    /// When the store fails.
    pub fn score_trend(
        &self,
        filter: &EvaluationFilter,
    ) -> Result<Trend<ScorePoint>, StorageError> {
        let conditions = Conditions::of(&EvaluationFilter {
            year: None,
            ..filter.clone()
        });
        self.read(|connection| {
            let rollups = uses_rollups(filter);
            let sql = if rollups {
                format!(
                    "SELECT e.year, sum(e.evaluations), sum(e.total_sum), coalesce(min(e.total_min), 0), coalesce(max(e.total_max), 0),
                            sum(e.excellent), sum(e.good), sum(e.fair), sum(e.poor), sum(e.findings), max(e.is_sample)
                     FROM region_year_rollups e WHERE {} GROUP BY e.year ORDER BY e.year",
                    conditions.sql()
                )
            } else {
                format!(
                    "SELECT e.year, count(*), coalesce(sum(e.total) FILTER (WHERE e.grade IS NOT NULL), 0),
                            coalesce(min(e.total) FILTER (WHERE e.grade IS NOT NULL), 0), coalesce(max(e.total) FILTER (WHERE e.grade IS NOT NULL), 0),
                            coalesce(sum(e.grade = '优'), 0), coalesce(sum(e.grade = '良'), 0), coalesce(sum(e.grade = '中'), 0), coalesce(sum(e.grade = '差'), 0),
                            sum(e.finding_count), max(e.is_sample)
                     FROM evaluations e WHERE {} GROUP BY e.year ORDER BY e.year",
                    conditions.sql()
                )
            };
            let mut statement = connection.prepare_cached(&sql)?;
            let mut points: Vec<ScorePoint> = statement
                .query_map(conditions.params().as_slice(), |row| {
                    let count: i64 = row.get(1)?;
                    let grades = GradeCounts::of_evaluations(count, [row.get(5)?, row.get(6)?, row.get(7)?, row.get(8)?]);
                    Ok(ScorePoint {
                        year: row.get(0)?,
                        evaluations: count,
                        average_total: average(row.get(2)?, grades.total()),
                        min_total: micro_from_db(row.get(3)?),
                        max_total: micro_from_db(row.get(4)?),
                        change: None,
                        grades,
                        findings: row.get(9)?,
                        groups: Vec::new(),
                        sample: row.get(10)?,
                    })
                })?
                .collect::<Result<_, _>>()?;
            let group_sql = if rollups {
                format!(
                    "SELECT e.year, e.group_key, min(e.label), sum(e.score_sum), sum(e.weight_sum), sum(e.count)
                     FROM region_year_group_rollups e
                     WHERE {} GROUP BY e.year, e.group_key ORDER BY e.year, min(e.first_position)",
                    conditions.sql()
                )
            } else {
                format!(
                    "SELECT e.year, coalesce(c.group_key, c.name), min(c.name), sum(c.score), sum(c.weight), count(*)
                     FROM category_scores c JOIN evaluations e ON e.id = c.evaluation_id
                     WHERE {} GROUP BY e.year, coalesce(c.group_key, c.name) ORDER BY e.year, min(c.position)",
                    conditions.sql()
                )
            };
            let mut groups = connection.prepare_cached(&group_sql)?;
            let rows = groups.query_map(conditions.params().as_slice(), |row| {
                let count: i64 = row.get(5)?;
                Ok((row.get::<_, i32>(0)?, GroupAverage {
                    group: row.get(1)?,
                    label: row.get(2)?,
                    average_score: average(row.get(3)?, count),
                    average_weight: average(row.get(4)?, count),
                }))
            })?;
            for row in rows {
                let (year, group) = row?;
                if let Some(point) = points.iter_mut().find(|p| p.year == year) {
                    point.groups.push(group);
                }
            }
            for index in 1..points.len() {
                if points[index - 1].year == points[index].year - 1 {
                    points[index].change = change(FigureKind::Score, Some(points[index - 1].average_total), Some(points[index].average_total));
                }
            }
            Ok(Trend { region: filter.region.clone(), program: filter.program.clone(), metric: None, unit: "分".to_owned(), points })
        })
    }

    /// A region's values of a metric by year, with provincial rank, the province's value and
    /// the change against the previous year. A region whose statistics are merged into another
    /// reports that region's series (named in `region`). `None` when the region is unknown.
    ///
    /// # Errors
    /// When the store fails.
    pub fn metric_trend(
        &self,
        region: &str,
        metric: &'static Metric,
        source: Source,
    ) -> Result<Option<Trend<MetricPoint>>, StorageError> {
        self.read(|connection| {
            let Some((statistics_region, statistics_name, province)) =
                statistics_and_province(connection, region)?
            else {
                return Ok(None);
            };
            let values = observations_by_year(connection, statistics_region, metric.code, source)?;
            let benchmarks = match province {
                Some(province) => observations_by_year(connection, province, metric.code, source)?,
                None => BTreeMap::new(),
            };
            let years: std::collections::BTreeSet<i32> =
                values.keys().chain(benchmarks.keys()).copied().collect();
            let points = years
                .into_iter()
                .map(|year| {
                    let own = values.get(&year);
                    MetricPoint {
                        year,
                        value: own.map(|v| v.value),
                        rank: own.and_then(|v| v.rank),
                        benchmark: benchmarks.get(&year).map(|v| v.value),
                        change: own
                            .and_then(|v| values.get(&(year - 1)).map(|p| v.value - p.value)),
                        sample: own.is_some_and(|v| v.sample)
                            || (own.is_none() && benchmarks.get(&year).is_some_and(|v| v.sample)),
                    }
                })
                .collect();
            let shown = if statistics_name == region {
                region.to_owned()
            } else {
                statistics_name
            };
            Ok(Some(Trend {
                region: Some(shown),
                program: None,
                metric: Some(metric.code.to_owned()),
                unit: metric.unit.to_owned(),
                points,
            }))
        })
    }

    /// The children of `parent` ranked on `measure` for `year`, with the parent's own value and
    /// the province's. Regions whose statistics are merged into a sibling are left out of metric
    /// rankings (their figures are in the sibling's). `None` when the parent is unknown.
    ///
    /// # Errors
    /// When the store fails.
    pub fn compare(
        &self,
        parent: &str,
        year: i32,
        measure: Measure,
        source: Source,
    ) -> Result<Option<Comparison>, StorageError> {
        self.read(|connection| {
            let parent_id: Option<i64> = connection
                .prepare_cached("SELECT id FROM regions WHERE name = ?1")?
                .query_row([parent], |row| row.get(0))
                .optional()?;
            let Some(parent_id) = parent_id else { return Ok(None) };
            let children: Vec<(i64, String, bool)> = connection
                .prepare_cached("SELECT id, name, statistics_region_id IS NOT NULL FROM regions WHERE parent_id = ?1 ORDER BY id")?
                .query_map([parent_id], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?
                .collect::<Result<_, _>>()?;
            let province = root_of(connection, parent_id)?;
            let mut rows = Vec::new();
            let (label, unit, city, benchmark) = match measure {
                Measure::Metric(code) => {
                    let metric = code.metric();
                    let value_of = |region: i64| -> rusqlite::Result<Option<Observed>> {
                        Ok(observations_by_year(connection, region, metric.code, source)?.remove(&year))
                    };
                    for (id, name, merged) in &children {
                        if *merged {
                            continue;
                        }
                        if let Some(Observed { value, rank, sample }) = value_of(*id)? {
                            rows.push(ComparisonRow { position: 0, region: name.clone(), value, provincial_rank: rank, evaluations: None, sample });
                        }
                    }
                    let city = value_of(parent_id)?.map(|v| ReferenceValue { region: parent.to_owned(), value: v.value });
                    let benchmark = match province {
                        Some(province) => match value_of(province)? {
                            Some(v) => Some(ReferenceValue { region: region_name(connection, province)?, value: v.value }),
                            None => None,
                        },
                        None => None,
                    };
                    (metric.name.to_owned(), metric.unit.to_owned(), city, benchmark)
                }
                Measure::Score | Measure::ExecutionRate => {
                    let aggregate = |region: &str| -> rusqlite::Result<Option<(Decimal, i64, bool)>> {
                        let filter = EvaluationFilter {
                            year: Some(year),
                            region: Some(region.to_owned()),
                            source,
                            ..EvaluationFilter::default()
                        };
                        let conditions = Conditions::of(&filter);
                        let sql = format!(
                            "SELECT total(e.evaluations), total(e.total_sum), total(e.executed), total(e.full_year_budget),
                                    max(e.is_sample), total(e.excellent + e.good + e.fair + e.poor)
                             FROM region_year_rollups e WHERE {}",
                            conditions.sql()
                        );
                        let (count, total, executed, budget, sample, graded): (f64, f64, f64, f64, Option<bool>, f64) = connection
                            .prepare_cached(&sql)?
                            .query_row(conditions.params().as_slice(), |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?, row.get(4)?, row.get(5)?)))?;
                        let (count, graded) = (count as i64, graded as i64);
                        if count == 0 {
                            return Ok(None);
                        }
                        let value = match measure {
                            // records left ungraded are in no average of totals
                            Measure::Score if graded == 0 => None,
                            Measure::Score => Some(average(total as i64, graded)),
                            _ => rate(Some(money_from_db(executed as i64)), Some(money_from_db(budget as i64))),
                        };
                        Ok(value.map(|v| (v, count, sample.unwrap_or(false))))
                    };
                    for (_, name, _) in &children {
                        if let Some((value, count, sample)) = aggregate(name)? {
                            rows.push(ComparisonRow { position: 0, region: name.clone(), value, provincial_rank: None, evaluations: Some(count), sample });
                        }
                    }
                    let city = aggregate(parent)?.map(|v| ReferenceValue { region: parent.to_owned(), value: v.0 });
                    (measure.label().to_owned(), measure.unit().to_owned(), city, None)
                }
            };
            rows.sort_by(|a, b| b.value.cmp(&a.value).then_with(|| a.region.cmp(&b.region)));
            for (index, row) in rows.iter_mut().enumerate() {
                row.position = u32::try_from(index + 1).unwrap_or(u32::MAX);
            }
            Ok(Some(Comparison { year, measure, label, unit, parent: parent.to_owned(), rows, city, benchmark }))
        })
    }

    /// One indicator (by its name) across years and regions: a page of at most `limit` rows
    /// after `after`, the number of rows in all, and per-year figures over all of them (from
    /// the indicator rollups unless a program or grade filter needs the rows themselves).
    ///
    /// # Errors
    /// When the store fails.
    pub fn indicator_history(
        &self,
        name: &str,
        filter: &EvaluationFilter,
        limit: u32,
        after: Option<&HistoryPosition>,
    ) -> Result<IndicatorHistory, StorageError> {
        self.read(|connection| {
            let years = history_years(connection, name, filter)?;
            let mut conditions = Conditions::with_place_from(filter, "i");
            conditions.add("i.name = :name", ":name", Value::Text(name.to_owned()));
            if let Some(HistoryPosition(region, year, evaluation, position)) = after {
                conditions.add_many(
                    "(i.region_id, i.year, i.evaluation_id, i.position) > (:after_region, :after_year, :after_evaluation, :after_position)",
                    vec![
                        (":after_region", Value::Integer(*region)),
                        (":after_year", Value::Integer((*year).into())),
                        (":after_evaluation", Value::Integer(*evaluation)),
                        (":after_position", Value::Integer(*position)),
                    ],
                );
            }
            let from = if filter.program.is_some() {
                "evaluations e CROSS JOIN indicators i ON i.evaluation_id = e.id"
            } else {
                "indicators i CROSS JOIN evaluations e ON e.id = i.evaluation_id"
            };
            let sql = format!(
                "SELECT i.evaluation_id, i.year, r.name, p.name, i.target, i.actual, i.weight, i.declared_score,
                        i.computed_score, i.score, i.rule, e.is_sample, i.region_id, i.position
                 FROM {from} CROSS JOIN regions r ON r.id = i.region_id CROSS JOIN programs p ON p.id = e.program_id
                 WHERE {} ORDER BY i.region_id, i.year, i.evaluation_id, i.position LIMIT {}",
                conditions.sql(),
                limit + 1
            );
            let mut statement = connection.prepare_cached(&sql)?;
            let mut found = statement.query(conditions.params().as_slice())?;
            let mut rows = Vec::new();
            let mut last = None;
            let mut next = None;
            while let Some(row) = found.next()? {
                if rows.len() == limit as usize {
                    next = last.as_ref().map(cursor::encode);
                    break;
                }
                last = Some(HistoryPosition(row.get(12)?, row.get(1)?, row.get(0)?, row.get(13)?));
                rows.push(IndicatorHistoryRow {
                    evaluation_id: row.get(0)?,
                    year: row.get(1)?,
                    region: row.get(2)?,
                    program: row.get(3)?,
                    target: row.get(4)?,
                    actual: row.get(5)?,
                    weight: micro_from_db(row.get(6)?),
                    declared_score: row.get::<_, Option<i64>>(7)?.map(micro_from_db),
                    computed_score: row.get::<_, Option<i64>>(8)?.map(micro_from_db),
                    score: micro_from_db(row.get(9)?),
                    rule: row.get(10)?,
                    sample: row.get(11)?,
                });
            }
            Ok(IndicatorHistory {
                name: name.to_owned(),
                total_count: years.iter().map(|year| year.rows).sum(),
                years,
                rows,
                next,
            })
        })
    }
}

/// Where an indicator history page starts: the last row shown (region id, year, evaluation
/// id, row position), the order the `(name, region_id, year)` index gives.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryPosition(i64, i32, i64, i64);

impl HistoryPosition {
    /// The position a cursor text names.
    ///
    /// # Errors
    /// [`BadCursor`] for text that is not a history cursor.
    pub fn decode(text: &str) -> Result<Self, BadCursor> {
        cursor::decode(text)
    }

    /// The position after the row of region id `region`, `year`, evaluation id `evaluation`
    /// and row `position`.
    pub(crate) fn new(region: i64, year: i32, evaluation: i64, position: i64) -> Self {
        Self(region, year, evaluation, position)
    }

    /// Region id, year, evaluation id, row position.
    pub(crate) fn parts(&self) -> (i64, i32, i64, i64) {
        (self.0, self.1, self.2, self.3)
    }
}

/// An indicator's rows, average score and average weight by year over everything `filter`
/// matches: from the rollups (a few rows per region and year) unless a program or grade
/// filter needs the rows themselves (then the program's own rows, or the name's).
fn history_years(
    connection: &Connection,
    name: &str,
    filter: &EvaluationFilter,
) -> rusqlite::Result<Vec<IndicatorYear>> {
    let (sql, mut conditions, named) = if uses_rollups(filter) {
        (
            "SELECT e.year, sum(e.rows), sum(e.score_sum), sum(e.weight_sum), max(e.is_sample)
             FROM indicator_year_rollups e WHERE {} GROUP BY e.year ORDER BY e.year",
            Conditions::of(filter),
            "e.name = :name",
        )
    } else {
        (
            if filter.program.is_some() {
                "SELECT i.year, count(*), sum(i.score), sum(i.weight), max(e.is_sample)
                 FROM evaluations e CROSS JOIN indicators i ON i.evaluation_id = e.id
                 WHERE {} GROUP BY i.year ORDER BY i.year"
            } else {
                "SELECT i.year, count(*), sum(i.score), sum(i.weight), max(e.is_sample)
                 FROM indicators i CROSS JOIN evaluations e ON e.id = i.evaluation_id
                 WHERE {} GROUP BY i.year ORDER BY i.year"
            },
            Conditions::with_place_from(filter, "i"),
            "i.name = :name",
        )
    };
    conditions.add(named, ":name", Value::Text(name.to_owned()));
    let sql = sql.replace("{}", &conditions.sql());
    let mut statement = connection.prepare_cached(&sql)?;
    let years = statement.query_map(conditions.params().as_slice(), |row| {
        let rows: i64 = row.get(1)?;
        Ok(IndicatorYear {
            year: row.get(0)?,
            rows,
            average_score: average(row.get(2)?, rows),
            average_weight: average(row.get(3)?, rows),
            sample: row.get(4)?,
        })
    })?;
    years.collect()
}

fn region_name(connection: &Connection, id: i64) -> rusqlite::Result<String> {
    connection
        .prepare_cached("SELECT name FROM regions WHERE id = ?1")?
        .query_row([id], |row| row.get(0))
}
