//! Leadership's questions on PostgreSQL — trends, comparisons, one indicator's history — as
//! `sqlite/analytics.rs` answers them: aggregates over exact integers in SQL (cast back to
//! BIGINT, since PostgreSQL sums them as NUMERIC), ratios and changes in decimals here.

use std::collections::{BTreeMap, HashMap};

use deadpool_postgres::GenericClient;
use fundlens_shared::api::{
    Comparison, ComparisonRow, FundingPoint, GradeCounts, GroupAverage, IndicatorHistory,
    IndicatorHistoryRow, IndicatorYear, MetricPoint, ReferenceValue, ScorePoint, Trend,
};
use fundlens_shared::comparison::{FigureKind, change};
use fundlens_shared::metric::Metric;
use fundlens_shared::query::{Measure, Source};
use rust_decimal::Decimal;

use super::Cached;
use super::Postgres;
use super::read::Conditions;
use crate::sqlite::convert::{micro_from_db, money_from_db};
use crate::sqlite::cursor;
use crate::sqlite::read::rate;
use crate::{EvaluationFilter, HistoryPosition, StorageError};

fn average(sum: i64, count: i64) -> Decimal {
    if count == 0 {
        Decimal::ZERO
    } else {
        fundlens_shared::format::round(micro_from_db(sum) / Decimal::from(count), 6)
    }
}

fn uses_rollups(filter: &EvaluationFilter) -> bool {
    filter.program.is_none() && filter.grade.is_none() && filter.fund.is_none()
}

async fn root_of(client: &impl GenericClient, id: i64) -> Result<Option<i64>, StorageError> {
    Ok(client
        .query_opt_cached(
            "WITH RECURSIVE up(id, parent_id, depth) AS (
                 SELECT id, parent_id, 0 FROM regions WHERE id = $1
                 UNION ALL SELECT r.id, r.parent_id, up.depth + 1 FROM regions r JOIN up ON r.id = up.parent_id
             ) SELECT id FROM up WHERE depth > 0 ORDER BY depth DESC LIMIT 1",
            &[&id],
        )
        .await?
        .map(|row| row.get(0)))
}

#[derive(Debug, Clone, Copy)]
struct Observed {
    value: Decimal,
    rank: Option<u32>,
    sample: bool,
}

async fn observations_by_year(
    client: &impl GenericClient,
    region: i64,
    metric: &str,
    source: Source,
) -> Result<BTreeMap<i32, Observed>, StorageError> {
    let statement = client
        .prepare_cached(
            "SELECT year, value, rank, is_sample FROM observations WHERE region_id = $1 AND metric = $2
             ORDER BY year, is_sample DESC",
        )
        .await?;
    let mut by_year = BTreeMap::new();
    for row in client.query(&statement, &[&region, &metric]).await? {
        let sample: bool = row.get(3);
        let wanted = match source {
            Source::All => true,
            Source::Real => !sample,
            Source::Sample => sample,
        };
        if wanted {
            by_year.insert(
                row.get::<_, i32>(0),
                Observed {
                    value: micro_from_db(row.get(1)),
                    rank: row
                        .get::<_, Option<i64>>(2)
                        .and_then(|r| u32::try_from(r).ok()),
                    sample,
                },
            );
        }
    }
    Ok(by_year)
}

impl Postgres {
    /// See [`crate::sqlite::Sqlite::funding_trend`].
    ///
    /// # Errors
    /// When the store fails.
    pub async fn funding_trend(
        &self,
        filter: &EvaluationFilter,
    ) -> Result<Trend<FundingPoint>, StorageError> {
        let conditions = Conditions::of(&EvaluationFilter {
            year: None,
            ..filter.clone()
        });
        let sql = if uses_rollups(filter) {
            format!(
                "SELECT e.year, coalesce(sum(e.evaluations), 0)::bigint, coalesce(sum(e.year_start_budget), 0)::bigint,
                        coalesce(sum(e.full_year_budget), 0)::bigint, coalesce(sum(e.executed), 0)::bigint, bool_or(e.is_sample)
                 FROM region_year_rollups e WHERE {} GROUP BY e.year ORDER BY e.year",
                conditions.sql()
            )
        } else {
            format!(
                "SELECT e.year, count(*), coalesce(sum(e.year_start_budget), 0)::bigint,
                        coalesce(sum(e.full_year_budget), 0)::bigint, coalesce(sum(e.executed), 0)::bigint, bool_or(e.is_sample)
                 FROM evaluations e WHERE {} GROUP BY e.year ORDER BY e.year",
                conditions.sql()
            )
        };
        let client = self.reader().await?;
        let mut points: Vec<FundingPoint> = Vec::new();
        for row in client.query_cached(&sql, &conditions.params()).await? {
            let year: i32 = row.get(0);
            let [start, budget, executed] = [2, 3, 4].map(|i| money_from_db(row.get::<_, i64>(i)));
            let previous = points.last().filter(|p| p.year == year - 1);
            points.push(FundingPoint {
                year,
                evaluations: row.get(1),
                year_start_budget: start,
                budget,
                executed,
                execution_rate: rate(Some(executed), Some(budget)),
                executed_change: change(
                    FigureKind::Money,
                    previous.map(|p| p.executed),
                    Some(executed),
                ),
                budget_change: change(FigureKind::Money, previous.map(|p| p.budget), Some(budget)),
                sample: row.get(5),
            });
        }
        Ok(Trend {
            region: filter.region.clone(),
            program: filter.program.clone(),
            metric: None,
            unit: "万元".to_owned(),
            points,
        })
    }

    /// See [`crate::sqlite::Sqlite::score_trend`].
    ///
    /// # Errors
    /// When the store fails.
    pub async fn score_trend(
        &self,
        filter: &EvaluationFilter,
    ) -> Result<Trend<ScorePoint>, StorageError> {
        let conditions = Conditions::of(&EvaluationFilter {
            year: None,
            ..filter.clone()
        });
        let rollups = uses_rollups(filter);
        let sql = if rollups {
            format!(
                "SELECT e.year, sum(e.evaluations)::bigint, sum(e.total_sum)::bigint,
                        coalesce(min(e.total_min), 0), coalesce(max(e.total_max), 0),
                        sum(e.excellent)::bigint, sum(e.good)::bigint, sum(e.fair)::bigint, sum(e.poor)::bigint,
                        sum(e.findings)::bigint, bool_or(e.is_sample)
                 FROM region_year_rollups e WHERE {} GROUP BY e.year ORDER BY e.year",
                conditions.sql()
            )
        } else {
            format!(
                "SELECT e.year, count(*), coalesce(sum(e.total) FILTER (WHERE e.grade IS NOT NULL), 0)::bigint,
                        coalesce(min(e.total) FILTER (WHERE e.grade IS NOT NULL), 0),
                        coalesce(max(e.total) FILTER (WHERE e.grade IS NOT NULL), 0),
                        count(*) FILTER (WHERE e.grade = '优'), count(*) FILTER (WHERE e.grade = '良'),
                        count(*) FILTER (WHERE e.grade = '中'), count(*) FILTER (WHERE e.grade = '差'),
                        sum(e.finding_count)::bigint, bool_or(e.is_sample)
                 FROM evaluations e WHERE {} GROUP BY e.year ORDER BY e.year",
                conditions.sql()
            )
        };
        let client = self.reader().await?;
        let mut points: Vec<ScorePoint> = client
            .query_cached(&sql, &conditions.params())
            .await?
            .iter()
            .map(|row| {
                let count: i64 = row.get(1);
                let grades = GradeCounts::of_evaluations(
                    count,
                    [row.get(5), row.get(6), row.get(7), row.get(8)],
                );
                ScorePoint {
                    year: row.get(0),
                    evaluations: count,
                    average_total: average(row.get(2), grades.total()),
                    min_total: micro_from_db(row.get(3)),
                    max_total: micro_from_db(row.get(4)),
                    change: None,
                    grades,
                    findings: row.get(9),
                    groups: Vec::new(),
                    sample: row.get(10),
                }
            })
            .collect();
        let group_sql = if rollups {
            format!(
                "SELECT e.year, e.group_key, min(e.label), sum(e.score_sum)::bigint, sum(e.weight_sum)::bigint,
                        sum(e.count)::bigint
                 FROM region_year_group_rollups e
                 WHERE {} GROUP BY e.year, e.group_key ORDER BY e.year, min(e.first_position), e.group_key",
                conditions.sql()
            )
        } else {
            format!(
                "SELECT e.year, coalesce(c.group_key, c.name), min(c.name), sum(c.score)::bigint,
                        sum(c.weight)::bigint, count(*)
                 FROM category_scores c JOIN evaluations e ON e.id = c.evaluation_id
                 WHERE {} GROUP BY e.year, coalesce(c.group_key, c.name)
                 ORDER BY e.year, min(c.position), coalesce(c.group_key, c.name)",
                conditions.sql()
            )
        };
        for row in client
            .query_cached(&group_sql, &conditions.params())
            .await?
        {
            let count: i64 = row.get(5);
            let year: i32 = row.get(0);
            if let Some(point) = points.iter_mut().find(|p| p.year == year) {
                point.groups.push(GroupAverage {
                    group: row.get(1),
                    label: row.get(2),
                    average_score: average(row.get(3), count),
                    average_weight: average(row.get(4), count),
                });
            }
        }
        for index in 1..points.len() {
            if points[index - 1].year == points[index].year - 1 {
                points[index].change = change(
                    FigureKind::Score,
                    Some(points[index - 1].average_total),
                    Some(points[index].average_total),
                );
            }
        }
        Ok(Trend {
            region: filter.region.clone(),
            program: filter.program.clone(),
            metric: None,
            unit: "分".to_owned(),
            points,
        })
    }

    /// See [`crate::sqlite::Sqlite::metric_trend`].
    ///
    /// # Errors
    /// When the store fails.
    pub async fn metric_trend(
        &self,
        region: &str,
        metric: &'static Metric,
        source: Source,
    ) -> Result<Option<Trend<MetricPoint>>, StorageError> {
        let client = self.reader().await?;
        let Some(row) = client
            .query_opt_cached(
                "SELECT coalesce(m.id, r.id), coalesce(m.name, r.name) FROM regions r
                 LEFT JOIN regions m ON m.id = r.statistics_region_id WHERE r.name = $1",
                &[&region],
            )
            .await?
        else {
            return Ok(None);
        };
        let (statistics_region, statistics_name): (i64, String) = (row.get(0), row.get(1));
        let province = root_of(&client, statistics_region).await?;
        let values = observations_by_year(&client, statistics_region, metric.code, source).await?;
        let benchmarks = match province {
            Some(province) => observations_by_year(&client, province, metric.code, source).await?,
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
                    change: own.and_then(|v| values.get(&(year - 1)).map(|p| v.value - p.value)),
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
    }

    /// See [`crate::sqlite::Sqlite::compare`].
    ///
    /// # Errors
    /// When the store fails.
    pub async fn compare(
        &self,
        parent: &str,
        year: i32,
        measure: Measure,
        source: Source,
    ) -> Result<Option<Comparison>, StorageError> {
        let client = self.reader().await?;
        let Some(parent_id) = client
            .query_opt_cached("SELECT id FROM regions WHERE name = $1", &[&parent])
            .await?
            .map(|row| row.get::<_, i64>(0))
        else {
            return Ok(None);
        };
        let children: Vec<(i64, String, bool)> = client
            .query_cached(
                "SELECT id, name, statistics_region_id IS NOT NULL FROM regions WHERE parent_id = $1 ORDER BY id",
                &[&parent_id],
            )
            .await?
            .iter()
            .map(|row| (row.get(0), row.get(1), row.get(2)))
            .collect();
        let province = root_of(&client, parent_id).await?;
        let mut rows = Vec::new();
        let (label, unit, city, benchmark) = match measure {
            Measure::Metric(code) => {
                let metric = code.metric();
                for (id, name, merged) in &children {
                    if *merged {
                        continue;
                    }
                    if let Some(Observed {
                        value,
                        rank,
                        sample,
                    }) = observations_by_year(&client, *id, metric.code, source)
                        .await?
                        .remove(&year)
                    {
                        rows.push(ComparisonRow {
                            position: 0,
                            region: name.clone(),
                            value,
                            provincial_rank: rank,
                            evaluations: None,
                            sample,
                        });
                    }
                }
                let city = observations_by_year(&client, parent_id, metric.code, source)
                    .await?
                    .remove(&year)
                    .map(|v| ReferenceValue {
                        region: parent.to_owned(),
                        value: v.value,
                    });
                let benchmark = match province {
                    Some(province) => {
                        match observations_by_year(&client, province, metric.code, source)
                            .await?
                            .remove(&year)
                        {
                            Some(v) => Some(ReferenceValue {
                                region: client
                                    .query_one_cached(
                                        "SELECT name FROM regions WHERE id = $1",
                                        &[&province],
                                    )
                                    .await?
                                    .get(0),
                                value: v.value,
                            }),
                            None => None,
                        }
                    }
                    None => None,
                };
                (
                    metric.name.to_owned(),
                    metric.unit.to_owned(),
                    city,
                    benchmark,
                )
            }
            Measure::Score | Measure::ExecutionRate => {
                // One question for every child's subtree and the parent's whole one.
                let by_row = subtree_sums(&client, parent_id, year, source).await?;
                let value_of = |sums: &Sums| -> Option<(Decimal, i64, bool)> {
                    if sums.count == 0 {
                        return None;
                    }
                    let value = match measure {
                        // records left ungraded are in no average of totals
                        Measure::Score if sums.graded == 0 => None,
                        Measure::Score => Some(average(sums.total, sums.graded)),
                        _ => rate(
                            Some(money_from_db(sums.executed)),
                            Some(money_from_db(sums.budget)),
                        ),
                    };
                    value.map(|v| (v, sums.count, sums.sample))
                };
                for (id, name, _) in &children {
                    if let Some((value, count, sample)) = by_row.get(id).and_then(value_of) {
                        rows.push(ComparisonRow {
                            position: 0,
                            region: name.clone(),
                            value,
                            provincial_rank: None,
                            evaluations: Some(count),
                            sample,
                        });
                    }
                }
                let whole = by_row.values().fold(Sums::default(), |mut all, sums| {
                    all.count += sums.count;
                    all.graded += sums.graded;
                    all.total += sums.total;
                    all.executed += sums.executed;
                    all.budget += sums.budget;
                    all.sample |= sums.sample;
                    all
                });
                let city = value_of(&whole).map(|v| ReferenceValue {
                    region: parent.to_owned(),
                    value: v.0,
                });
                (
                    measure.label().to_owned(),
                    measure.unit().to_owned(),
                    city,
                    None,
                )
            }
        };
        rows.sort_by(|a, b| b.value.cmp(&a.value).then_with(|| a.region.cmp(&b.region)));
        for (index, row) in rows.iter_mut().enumerate() {
            row.position = u32::try_from(index + 1).unwrap_or(u32::MAX);
        }
        Ok(Some(Comparison {
            year,
            measure,
            label,
            unit,
            parent: parent.to_owned(),
            rows,
            city,
            benchmark,
        }))
    }

    /// See [`crate::sqlite::Sqlite::indicator_history`].
    ///
    /// # Errors
    /// When the store fails.
    pub async fn indicator_history(
        &self,
        name: &str,
        filter: &EvaluationFilter,
        limit: u32,
        after: Option<&HistoryPosition>,
    ) -> Result<IndicatorHistory, StorageError> {
        let client = self.reader().await?;
        let years = history_years(&client, name, filter).await?;
        let mut conditions = Conditions::with_place_from(filter, "i");
        let p = conditions.param(name.to_owned());
        conditions.clause(format!("i.name = {p}"));
        if let Some(position) = after {
            let (region, year, evaluation, row) = position.parts();
            let (a, b, c, d) = (
                conditions.param(region),
                conditions.param(year),
                conditions.param(evaluation),
                conditions.param(row),
            );
            conditions.clause(format!(
                "(i.region_id, i.year, i.evaluation_id, i.position) > ({a}, {b}, {c}, {d})"
            ));
        }
        let sql = format!(
            "SELECT i.evaluation_id, i.year, r.name, p.name, i.target, i.actual, i.weight, i.declared_score,
                    i.computed_score, i.score, i.rule, e.is_sample, i.region_id, i.position
             FROM indicators i JOIN evaluations e ON e.id = i.evaluation_id
             JOIN regions r ON r.id = i.region_id JOIN programs p ON p.id = e.program_id
             WHERE {} ORDER BY i.region_id, i.year, i.evaluation_id, i.position LIMIT {}",
            conditions.sql(),
            limit + 1
        );
        let mut rows = Vec::new();
        let mut last = None;
        let mut next = None;
        for row in client.query_cached(&sql, &conditions.params()).await? {
            if rows.len() == limit as usize {
                next = last.as_ref().map(cursor::encode);
                break;
            }
            last = Some(HistoryPosition::new(
                row.get(12),
                row.get(1),
                row.get(0),
                row.get(13),
            ));
            rows.push(IndicatorHistoryRow {
                evaluation_id: row.get(0),
                year: row.get(1),
                region: row.get(2),
                program: row.get(3),
                target: row.get(4),
                actual: row.get(5),
                weight: micro_from_db(row.get(6)),
                declared_score: row.get::<_, Option<i64>>(7).map(micro_from_db),
                computed_score: row.get::<_, Option<i64>>(8).map(micro_from_db),
                score: micro_from_db(row.get(9)),
                rule: row.get(10),
                sample: row.get(11),
            });
        }
        Ok(IndicatorHistory {
            name: name.to_owned(),
            total_count: years.iter().map(|year| year.rows).sum(),
            years,
            rows,
            next,
        })
    }
}

/// Sums of the region × year rollups of one year.
#[derive(Debug, Default, Clone, Copy)]
struct Sums {
    count: i64,
    /// Evaluations with a grade (the totals summed are theirs).
    graded: i64,
    total: i64,
    executed: i64,
    budget: i64,
    sample: bool,
}

/// The year's rollup sums of each child of `parent` with everything below it, and of the
/// parent's own funds (under the parent's id), in one query.
async fn subtree_sums(
    client: &impl GenericClient,
    parent: i64,
    year: i32,
    source: Source,
) -> Result<HashMap<i64, Sums>, StorageError> {
    let condition = match source {
        Source::All => "",
        Source::Real => "AND NOT e.is_sample",
        Source::Sample => "AND e.is_sample",
    };
    let sql = format!(
        "WITH RECURSIVE down(id, row_id) AS (
             SELECT $1::bigint, $1::bigint
             UNION ALL SELECT r.id, CASE WHEN down.id = $1 THEN r.id ELSE down.row_id END
             FROM regions r JOIN down ON r.parent_id = down.id
         )
         SELECT d.row_id, coalesce(sum(e.evaluations), 0)::bigint, coalesce(sum(e.total_sum), 0)::bigint,
                coalesce(sum(e.executed), 0)::bigint, coalesce(sum(e.full_year_budget), 0)::bigint,
                bool_or(e.is_sample),
                coalesce(sum(e.excellent + e.good + e.fair + e.poor), 0)::bigint
         FROM region_year_rollups e JOIN down d ON d.id = e.region_id
         WHERE e.year = $2 {condition} GROUP BY d.row_id"
    );
    Ok(client
        .query_cached(&sql, &[&parent, &year])
        .await?
        .iter()
        .map(|row| {
            (
                row.get(0),
                Sums {
                    count: row.get(1),
                    graded: row.get(6),
                    total: row.get(2),
                    executed: row.get(3),
                    budget: row.get(4),
                    sample: row.get::<_, Option<bool>>(5).unwrap_or(false),
                },
            )
        })
        .collect())
}

async fn history_years(
    client: &impl GenericClient,
    name: &str,
    filter: &EvaluationFilter,
) -> Result<Vec<IndicatorYear>, StorageError> {
    let (template, mut conditions, column) = if uses_rollups(filter) {
        (
            "SELECT e.year, sum(e.rows)::bigint, sum(e.score_sum)::bigint, sum(e.weight_sum)::bigint, bool_or(e.is_sample)
             FROM indicator_year_rollups e WHERE {} GROUP BY e.year ORDER BY e.year",
            Conditions::of(filter),
            "e.name",
        )
    } else {
        (
            "SELECT i.year, count(*), sum(i.score)::bigint, sum(i.weight)::bigint, bool_or(e.is_sample)
             FROM indicators i JOIN evaluations e ON e.id = i.evaluation_id
             WHERE {} GROUP BY i.year ORDER BY i.year",
            Conditions::with_place_from(filter, "i"),
            "i.name",
        )
    };
    let p = conditions.param(name.to_owned());
    conditions.clause(format!("{column} = {p}"));
    let sql = template.replace("{}", &conditions.sql());
    Ok(client
        .query_cached(&sql, &conditions.params())
        .await?
        .iter()
        .map(|row| {
            let rows: i64 = row.get(1);
            IndicatorYear {
                year: row.get(0),
                rows,
                average_score: average(row.get(2), rows),
                average_weight: average(row.get(3), rows),
                sample: row.get(4),
            }
        })
        .collect())
}
