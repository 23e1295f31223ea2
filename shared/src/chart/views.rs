//! The dashboard's charts built from API answers: one function per view, used by the server's
//! `…/chart.svg` endpoints and by the browser, so both draw the same chart from the same data.

use rust_decimal::Decimal;

use super::{
    Bar, BarChart, DataMark, EVALUATION_SOURCE, LineChart, METRIC_SOURCE, Orientation, Series,
    ValueUnit,
};
use crate::api::{Comparison, FundingPoint, IndicatorHistory, MetricPoint, ScorePoint, Trend};
use crate::query::Measure;
use crate::scoring::grade::score_share;

fn year_points<P>(
    points: &[P],
    year: impl Fn(&P) -> i32,
    value: impl Fn(&P) -> Option<Decimal>,
) -> Vec<(String, Option<Decimal>)> {
    points
        .iter()
        .map(|p| (year(p).to_string(), value(p)))
        .collect()
}

fn scope(trend_region: Option<&str>, trend_program: Option<&str>) -> String {
    match (trend_region, trend_program) {
        (Some(region), Some(program)) => format!("{region} · {program}"),
        (Some(region), None) => region.to_owned(),
        (None, Some(program)) => program.to_owned(),
        (None, None) => "全部".to_owned(),
    }
}

/// The unit of a metric's values as a chart unit.
pub fn unit_of(unit: &str) -> ValueUnit {
    match unit {
        "%" => ValueUnit::Percent,
        "万元" => ValueUnit::WanYuan,
        "分" => ValueUnit::Score,
        "" => ValueUnit::Plain,
        other => ValueUnit::Count(other.to_owned()),
    }
}

/// Year-start budget, adjusted budget and executed over the years.
pub fn funding_chart(trend: &Trend<FundingPoint>) -> LineChart {
    let points = &trend.points;
    LineChart {
        title: format!(
            "预算与执行（{}）",
            scope(trend.region.as_deref(), trend.program.as_deref())
        ),
        y_label: "万元".to_owned(),
        unit: ValueUnit::WanYuan,
        series: vec![
            Series {
                name: "年初预算数".to_owned(),
                points: year_points(points, |p| p.year, |p| Some(p.year_start_budget)),
            },
            Series {
                name: "全年预算数".to_owned(),
                points: year_points(points, |p| p.year, |p| Some(p.budget)),
            },
            Series {
                name: "全年执行数".to_owned(),
                points: year_points(points, |p| p.year, |p| Some(p.executed)),
            },
        ],
        benchmark: None,
        mark: DataMark::of(
            points.iter().any(|p| p.sample),
            EVALUATION_SOURCE,
            points.iter().map(|p| p.year),
        ),
    }
}

/// The average total over the years, in points (the axis starts near the data and says so).
/// The level-1 groups, worth 10 to 50 points each, are drawn by [`group_share_chart`] as shares
/// of their full marks: one axis per unit and scale.
pub fn score_chart(trend: &Trend<ScorePoint>) -> LineChart {
    let points = &trend.points;
    LineChart {
        title: format!(
            "自评得分趋势（{}）",
            scope(trend.region.as_deref(), trend.program.as_deref())
        ),
        y_label: "分".to_owned(),
        unit: ValueUnit::Score,
        series: vec![Series {
            name: "平均总分".to_owned(),
            points: year_points(points, |p| p.year, |p| Some(p.average_total)),
        }],
        benchmark: None,
        mark: score_mark(points),
    }
}

fn score_mark(points: &[ScorePoint]) -> DataMark {
    DataMark::of(
        points.iter().any(|p| p.sample),
        EVALUATION_SOURCE,
        points.iter().map(|p| p.year),
    )
}

/// Each level-1 group's score as a share of its full marks (Σ得分 ÷ Σ分值) over the years, so
/// a 10-point group and a 50-point group read on one scale.
pub fn group_share_chart(trend: &Trend<ScorePoint>) -> LineChart {
    let points = &trend.points;
    let mut groups: Vec<(String, String)> = Vec::new();
    for group in points.iter().flat_map(|p| &p.groups) {
        if !groups.iter().any(|(key, _)| *key == group.group) {
            groups.push((group.group.clone(), group.label.clone()));
        }
    }
    let series = groups
        .into_iter()
        .map(|(key, label)| Series {
            name: label,
            points: year_points(
                points,
                |p| p.year,
                |p| {
                    p.groups
                        .iter()
                        .find(|g| g.group == key)
                        .and_then(|g| score_share(g.average_score, g.average_weight))
                },
            ),
        })
        .collect();
    LineChart {
        title: format!(
            "各类指标得分率（{}）",
            scope(trend.region.as_deref(), trend.program.as_deref())
        ),
        y_label: "得分率".to_owned(),
        unit: ValueUnit::Percent,
        series,
        benchmark: None,
        mark: score_mark(points),
    }
}

/// A region's metric over the years against the province's value — no 全省平均 line for the
/// province itself, whose figure the average is.
pub fn metric_chart(trend: &Trend<MetricPoint>, metric_name: &str) -> LineChart {
    let region = trend.region.clone().unwrap_or_default();
    let own = trend
        .points
        .iter()
        .all(|p| p.benchmark.is_none() || p.benchmark == p.value);
    LineChart {
        title: format!("{metric_name}（{region}）"),
        y_label: trend.unit.clone(),
        unit: unit_of(&trend.unit),
        series: vec![Series {
            name: region,
            points: year_points(&trend.points, |p| p.year, |p| p.value),
        }],
        benchmark: (!own).then(|| Series {
            name: "全省平均".to_owned(),
            points: year_points(&trend.points, |p| p.year, |p| p.benchmark),
        }),
        mark: DataMark::of(
            trend.points.iter().any(|p| p.sample),
            METRIC_SOURCE,
            trend
                .points
                .iter()
                .filter(|p| p.value.is_some() || p.benchmark.is_some())
                .map(|p| p.year),
        ),
    }
}

/// Regions ranked on one measure, in rows (a long name such as 湘西土家族苗族自治州 stays
/// readable), the city's value and the province's as reference lines; `highlight` names a
/// region to stress. Scores or rates close together are drawn as a dot plot naming the spread.
pub fn comparison_chart(comparison: &Comparison, highlight: Option<&str>) -> BarChart {
    let mut reference_lines = Vec::new();
    if let Some(benchmark) = &comparison.benchmark {
        reference_lines.push((format!("{}（全省）", benchmark.region), benchmark.value));
    }
    if let Some(city) = &comparison.city {
        reference_lines.push((city.region.clone(), city.value));
    }
    BarChart {
        title: format!(
            "{}年{}各下级地区{}",
            comparison.year, comparison.parent, comparison.label
        ),
        y_label: comparison.unit.clone(),
        unit: unit_of(&comparison.unit),
        bars: comparison
            .rows
            .iter()
            .map(|row| Bar {
                label: row.region.clone(),
                value: Some(row.value),
                highlight: highlight == Some(row.region.as_str()),
            })
            .collect(),
        reference_lines,
        mark: DataMark::of(
            comparison.rows.iter().any(|row| row.sample),
            match comparison.measure {
                Measure::Metric(_) => METRIC_SOURCE,
                Measure::Score | Measure::ExecutionRate => EVALUATION_SOURCE,
            },
            [comparison.year],
        ),
        orientation: Orientation::Rows,
    }
}

/// One indicator's score as a share of its full marks by year (Σ得分 ÷ Σ分值 over every
/// matching row, not only the page of rows shown): programs weigh one indicator differently
/// (5 points in one, 10 in another), so raw points across them would not compare.
pub fn history_chart(history: &IndicatorHistory) -> LineChart {
    let series = vec![Series {
        name: "得分率".to_owned(),
        points: year_points(
            &history.years,
            |y| y.year,
            |y| score_share(y.average_score, y.average_weight),
        ),
    }];
    LineChart {
        title: format!("“{}”得分率历史", history.name),
        y_label: "得分率".to_owned(),
        unit: ValueUnit::Percent,
        series,
        benchmark: None,
        mark: DataMark::of(
            history.years.iter().any(|y| y.sample) || history.rows.iter().any(|row| row.sample),
            EVALUATION_SOURCE,
            history.years.iter().map(|y| y.year),
        ),
    }
}
