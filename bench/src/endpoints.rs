//! The dashboard's questions, each as an HTTP path and as the same store call made directly,
//! with parameters taken from the data just imported (the latest year, the busiest city).

use anyhow::{Result, anyhow};
use fundlens_server::sample::Scale;
use fundlens_server::storage::Store;
use fundlens_server::storage::read::{EvaluationFilter, ListOrder, SourceFilter};
use fundlens_shared::chart::{line_chart_svg, views};
use fundlens_shared::metric;
use fundlens_shared::query::Measure;

/// A direct store call standing for an endpoint.
pub(crate) type RawQuery = Box<dyn Fn(&Store) -> Result<()> + Send + Sync>;

/// One endpoint to measure.
pub(crate) struct Query {
    /// Its name in the report.
    pub(crate) name: String,
    /// Path and query string.
    pub(crate) path: String,
    /// The same question asked of the store directly.
    pub(crate) raw: RawQuery,
}

fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            other => format!("%{other:02X}"),
        })
        .collect()
}

fn filter(year: Option<i32>, region: &str) -> EvaluationFilter {
    EvaluationFilter {
        year,
        region: Some(region.to_owned()),
        ..EvaluationFilter::default()
    }
}

/// The endpoints of the dashboard with parameters drawn from `store`.
pub(crate) fn dashboard(store: &Store, scale: Scale) -> Result<Vec<Query>> {
    let year = *store.years()?.last().ok_or_else(|| anyhow!("no data"))?;
    let city = "益阳市".to_owned();
    let parent = match scale {
        Scale::Province => "湖南省",
        Scale::City => "益阳市",
    };
    let county = "赫山区".to_owned();
    let growth_code = metric::MetricCode::parse("industrial_value_added_growth")
        .map_err(|e| anyhow!("metric: {e}"))?;
    let growth = growth_code.metric();
    let list = store.list_evaluations(&filter(Some(year), &city), ListOrder::LowestTotal, 50, 0)?;
    let id = list
        .items
        .first()
        .map(|item| item.id)
        .ok_or_else(|| anyhow!("no evaluation in {city} {year}"))?;
    let detail = store
        .evaluation(id)?
        .ok_or_else(|| anyhow!("evaluation {id}"))?;
    let indicator = detail
        .record
        .indicators
        .first()
        .map(|row| row.name.clone())
        .ok_or_else(|| anyhow!("no rows"))?;
    let (c, r, i) = (encode(&city), encode(&county), encode(&indicator));
    let mut queries = vec![
        query(
            "evaluation list (year, city, lowest first)",
            format!("/api/evaluations?year={year}&region={c}&sort=lowest&limit=50"),
            {
                let city = city.clone();
                move |s| {
                    s.list_evaluations(&filter(Some(year), &city), ListOrder::LowestTotal, 50, 0)
                        .map(drop)
                        .map_err(Into::into)
                }
            },
        ),
        query(
            "evaluation detail",
            format!("/api/evaluations/{id}"),
            move |s| s.evaluation(id).map(drop).map_err(Into::into),
        ),
        query(
            "funding trend (city)",
            format!("/api/trends/funding?region={c}"),
            {
                let city = city.clone();
                move |s| {
                    s.funding_trend(&filter(None, &city))
                        .map(drop)
                        .map_err(Into::into)
                }
            },
        ),
        query(
            "score trend (city)",
            format!("/api/trends/scores?region={c}"),
            {
                let city = city.clone();
                move |s| {
                    s.score_trend(&filter(None, &city))
                        .map(drop)
                        .map_err(Into::into)
                }
            },
        ),
        query(
            "metric trend (county)",
            format!("/api/trends/metrics?region={r}&metric={}", growth.code),
            {
                let county = county.clone();
                move |s| {
                    s.metric_trend(&county, growth, SourceFilter::All)
                        .map(drop)
                        .map_err(Into::into)
                }
            },
        ),
        query(
            "compare metric (regions of a parent)",
            format!(
                "/api/compare?year={year}&parent={}&measure=metric:{}",
                encode(parent),
                growth.code
            ),
            move |s| {
                s.compare(
                    parent,
                    year,
                    Measure::Metric(growth_code),
                    SourceFilter::All,
                )
                .map(drop)
                .map_err(Into::into)
            },
        ),
        query(
            "compare score (regions of a parent)",
            format!(
                "/api/compare?year={year}&parent={}&measure=score",
                encode(parent)
            ),
            move |s| {
                s.compare(parent, year, Measure::Score, SourceFilter::All)
                    .map(drop)
                    .map_err(Into::into)
            },
        ),
        query(
            "compare execution rate",
            format!(
                "/api/compare?year={year}&parent={}&measure=execution_rate",
                encode(parent)
            ),
            move |s| {
                s.compare(parent, year, Measure::ExecutionRate, SourceFilter::All)
                    .map(drop)
                    .map_err(Into::into)
            },
        ),
        query(
            "indicator history (city)",
            format!("/api/indicators/history?name={i}&region={c}"),
            {
                let (indicator, city) = (indicator.clone(), city.clone());
                move |s| {
                    s.indicator_history(&indicator, &filter(None, &city), 1000)
                        .map(drop)
                        .map_err(Into::into)
                }
            },
        ),
        query(
            "funding chart (SVG)",
            format!("/api/trends/funding/chart.svg?region={c}"),
            {
                let city = city.clone();
                move |s| {
                    let trend = s.funding_trend(&filter(None, &city))?;
                    drop(line_chart_svg(&views::funding_chart(&trend), 900, 420));
                    Ok(())
                }
            },
        ),
    ];
    if scale == Scale::Province {
        queries.push(query(
            "score trend (whole province)",
            "/api/trends/scores".to_owned(),
            move |s| {
                s.score_trend(&EvaluationFilter::default())
                    .map(drop)
                    .map_err(Into::into)
            },
        ));
    }
    Ok(queries)
}

fn query(
    name: &str,
    path: String,
    raw: impl Fn(&Store) -> Result<()> + Send + Sync + 'static,
) -> Query {
    Query {
        name: name.to_owned(),
        path,
        raw: Box::new(raw),
    }
}
