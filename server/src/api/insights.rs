//! Handlers for trends, comparisons and indicator history, as JSON and as SVG charts drawn by
//! `shared`'s chart code (the same the browser uses).

use axum::Json;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use fundlens_shared::api::{
    Comparison, FundingPoint, IndicatorCatalogue, IndicatorHistory, MetricPoint, ScorePoint, Trend,
};
use fundlens_shared::chart::{LineChart, bar_chart_svg, line_chart_svg, views};
use fundlens_shared::metric::MetricCode;
use fundlens_shared::query::{
    BriefingQuery, CatalogueQuery, CompareQuery, FilterQuery, FormatQuery, GridQuery,
    HighlightQuery, HistoryQuery, Measure, MetricQuery, MetricSetQuery, SizeQuery, Source,
    YearsQuery,
};

use super::download::{Scope, respond};
use super::extract::ApiQuery;
use super::params::{bad_cursor, limit, limit_within};
use super::records::{evaluation_id, no_evaluation};
use super::{ApiError, AppState};
use crate::year_comparison::compare_years as compare_years_of;
use fundlens_documents::write::tables;
use fundlens_store::EvaluationFilter;
use fundlens_store::HistoryPosition;
use fundlens_store::{CatalogueError, IndicatorSearch};

/// A chart's width and height in pixels: 900 × 420 unless asked, at most 4000 × 3000.
fn chart_size(query: &SizeQuery) -> (u32, u32) {
    (
        query.w.unwrap_or(900).min(4000),
        query.h.unwrap_or(420).min(3000),
    )
}

/// An SVG answer.
pub(crate) struct Svg(String);

impl IntoResponse for Svg {
    fn into_response(self) -> Response {
        (
            [(header::CONTENT_TYPE, "image/svg+xml; charset=utf-8")],
            self.0,
        )
            .into_response()
    }
}

async fn funding_data(
    state: AppState,
    params: &FilterQuery,
) -> Result<Trend<FundingPoint>, ApiError> {
    let filter = EvaluationFilter::from(params.clone());
    Ok(state.store.funding_trend(&filter).await?)
}

pub(crate) async fn funding_trend(
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<FilterQuery>,
    ApiQuery(download): ApiQuery<FormatQuery>,
) -> Result<Response, ApiError> {
    let trend = funding_data(state.clone(), &params).await?;
    let scope = Scope::Evaluations(params.clone().into());
    respond(state, trend, download.format, scope, tables::funding_trend).await
}

pub(crate) async fn funding_chart(
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<FilterQuery>,
    ApiQuery(size): ApiQuery<SizeQuery>,
) -> Result<Svg, ApiError> {
    let trend = funding_data(state, &params).await?;
    let (w, h) = chart_size(&size);
    Ok(Svg(line_chart_svg(&views::funding_chart(&trend), w, h)))
}

async fn score_data(state: AppState, params: &FilterQuery) -> Result<Trend<ScorePoint>, ApiError> {
    let filter = EvaluationFilter::from(params.clone());
    Ok(state.store.score_trend(&filter).await?)
}

pub(crate) async fn score_trend(
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<FilterQuery>,
    ApiQuery(download): ApiQuery<FormatQuery>,
) -> Result<Response, ApiError> {
    let trend = score_data(state.clone(), &params).await?;
    let scope = Scope::Evaluations(params.clone().into());
    respond(state, trend, download.format, scope, tables::score_trend).await
}

/// A chart of the score trend drawn by `view`.
async fn score_svg(
    state: AppState,
    params: &FilterQuery,
    size: &SizeQuery,
    view: fn(&Trend<ScorePoint>) -> LineChart,
) -> Result<Svg, ApiError> {
    let trend = score_data(state, params).await?;
    let (w, h) = chart_size(size);
    Ok(Svg(line_chart_svg(&view(&trend), w, h)))
}

/// The average total over the years.
pub(crate) async fn score_chart(
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<FilterQuery>,
    ApiQuery(size): ApiQuery<SizeQuery>,
) -> Result<Svg, ApiError> {
    score_svg(state, &params, &size, views::score_chart).await
}

/// Each level-1 group's share of its full marks over the years.
pub(crate) async fn group_share_chart(
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<FilterQuery>,
    ApiQuery(size): ApiQuery<SizeQuery>,
) -> Result<Svg, ApiError> {
    score_svg(state, &params, &size, views::group_share_chart).await
}

/// The region a metric trend is asked for (益阳市 when none is named, as since the first
/// release).
fn metric_region(region: Option<String>) -> String {
    region.unwrap_or_else(|| fundlens_shared::region::YIYANG.to_owned())
}

fn unknown_region(region: &str) -> ApiError {
    ApiError::NotFound(format!("没有名为“{region}”的地区"))
}

async fn metric_data(
    state: AppState,
    params: MetricQuery,
) -> Result<(Trend<MetricPoint>, &'static fundlens_shared::metric::Metric), ApiError> {
    let metric = params
        .metric
        .ok_or_else(|| ApiError::missing("metric", "经济指标代码（见 GET /api/metrics）"))?
        .metric();
    let region = metric_region(params.region);
    let source = params.source.unwrap_or_default();
    let trend = state
        .store
        .metric_trend(&region, metric, source)
        .await?
        .ok_or_else(|| unknown_region(&region))?;
    Ok((trend, metric))
}

/// How many metrics one set may name.
const METRIC_SET_MAX: usize = 12;

/// `GET /api/trends/metric-set?region=&metrics=a,b,…`: several metrics' trends of one region in
/// one answer, in the order named — the overview's key-metric charts in one request instead of
/// one each.
pub(crate) async fn metric_set(
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<MetricSetQuery>,
) -> Result<Json<Vec<Trend<MetricPoint>>>, ApiError> {
    const WHAT: &str = "以逗号分隔的经济指标代码（见 GET /api/metrics）";
    let codes = params
        .metrics
        .as_deref()
        .ok_or_else(|| ApiError::missing("metrics", WHAT))?
        .split([',', '，'])
        .filter(|code| !code.trim().is_empty())
        .map(|code| {
            MetricCode::parse(code).map_err(|e| ApiError::parameter("metrics", e.to_string()))
        })
        .collect::<Result<Vec<_>, _>>()?;
    if codes.is_empty() || codes.len() > METRIC_SET_MAX {
        return Err(ApiError::parameter(
            "metrics",
            format!(
                "应为 1 至 {METRIC_SET_MAX} 个{WHAT}，实际为 {} 个",
                codes.len()
            ),
        ));
    }
    let region = metric_region(params.region);
    let source = params.source.unwrap_or_default();
    let mut trends = Vec::with_capacity(codes.len());
    for code in codes {
        trends.push(
            state
                .store
                .metric_trend(&region, code.metric(), source)
                .await?
                .ok_or_else(|| unknown_region(&region))?,
        );
    }
    Ok(Json(trends))
}

pub(crate) async fn metric_trend(
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<MetricQuery>,
    ApiQuery(download): ApiQuery<FormatQuery>,
) -> Result<Response, ApiError> {
    let (trend, metric) = metric_data(state.clone(), params).await?;
    let scope = Scope::Observations {
        region: trend.region.clone().unwrap_or_default(),
        metric: metric.code.to_owned(),
    };
    respond(state, trend, download.format, scope, |trend, _| {
        tables::metric_trend(trend, metric.name)
    })
    .await
}

pub(crate) async fn metric_chart(
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<MetricQuery>,
    ApiQuery(size): ApiQuery<SizeQuery>,
) -> Result<Svg, ApiError> {
    let (trend, metric) = metric_data(state, params).await?;
    let (w, h) = chart_size(&size);
    Ok(Svg(line_chart_svg(
        &views::metric_chart(&trend, metric.name),
        w,
        h,
    )))
}

async fn compare_data(state: AppState, params: CompareQuery) -> Result<Comparison, ApiError> {
    let year = params
        .year
        .ok_or_else(|| ApiError::missing("year", "年份"))?;
    let measure = params.measure.unwrap_or(Measure::Score);
    let parent = params
        .parent
        .unwrap_or_else(|| fundlens_shared::region::YIYANG.to_owned());
    let source = params.source.unwrap_or_default();
    state
        .store
        .compare(&parent, year, measure, source)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("没有名为“{parent}”的地区")))
}

pub(crate) async fn compare(
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<CompareQuery>,
    ApiQuery(download): ApiQuery<FormatQuery>,
) -> Result<Response, ApiError> {
    let source = params.source.unwrap_or_default();
    let comparison = compare_data(state.clone(), params).await?;
    let scope = match comparison.measure.metric() {
        Some(code) => Scope::Observations {
            region: comparison.parent.clone(),
            metric: code.metric().code.to_owned(),
        },
        None => Scope::Evaluations(EvaluationFilter {
            year: Some(comparison.year),
            region: Some(comparison.parent.clone()),
            source,
            ..EvaluationFilter::default()
        }),
    };
    respond(
        state,
        comparison,
        download.format,
        scope,
        |comparison, _| tables::comparison(comparison),
    )
    .await
}

pub(crate) async fn compare_grid(
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<GridQuery>,
    ApiQuery(download): ApiQuery<FormatQuery>,
) -> Result<Response, ApiError> {
    let year = params
        .year
        .ok_or_else(|| ApiError::missing("year", "年份"))?;
    let parent = params
        .parent
        .unwrap_or_else(|| fundlens_shared::region::YIYANG.to_owned());
    let program = params.program.filter(|p| !p.trim().is_empty());
    let scope = Scope::Evaluations(EvaluationFilter {
        year: Some(year),
        region: Some(parent.clone()),
        program: program.clone(),
        ..EvaluationFilter::default()
    });
    let grid = state
        .store
        .score_grid(&parent, year, program.as_deref())
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("没有名为“{parent}”的地区")))?;
    respond(state, grid, download.format, scope, |grid, _| {
        tables::grid(grid)
    })
    .await
}

pub(crate) async fn compare_chart(
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<CompareQuery>,
    ApiQuery(size): ApiQuery<SizeQuery>,
    ApiQuery(highlight): ApiQuery<HighlightQuery>,
) -> Result<Svg, ApiError> {
    let comparison = compare_data(state, params).await?;
    let (w, h) = chart_size(&size);
    let chart = views::comparison_chart(&comparison, highlight.highlight.as_deref());
    Ok(Svg(bar_chart_svg(&chart, w, h)))
}

/// The most names one catalogue page holds: a search box lists a screenful.
const CATALOGUE_LIMIT: u32 = 200;

/// `GET /api/indicators?q=&region=&program=&year=&source=&limit=&offset=`: the indicator
/// names containing `q`, most rows first, with the number of names in all.
pub(crate) async fn indicator_catalogue(
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<CatalogueQuery>,
) -> Result<Json<IndicatorCatalogue>, ApiError> {
    let limit = limit_within(params.limit, 20, CATALOGUE_LIMIT)?;
    let search = IndicatorSearch {
        text: params.q.as_deref().unwrap_or_default().trim().to_owned(),
        filter: EvaluationFilter {
            program: params.program.clone().filter(|p| !p.trim().is_empty()),
            grade: None,
            ..params.filter().into()
        },
    };
    let offset = params.offset.unwrap_or(0);
    state
        .store
        .indicator_catalogue(&search, limit, offset)
        .await
        .map(Json)
        .map_err(|error| match error {
            CatalogueError::UnknownRegion(name) => {
                ApiError::NotFound(format!("查询参数 region：没有名为“{name}”的地区"))
            }
            CatalogueError::UnknownProgram(name) => {
                ApiError::NotFound(format!("查询参数 program：没有名为“{name}”的项目"))
            }
            CatalogueError::Storage(error) => error.into(),
        })
}

/// One indicator's history: `name` (required), `limit` (default 100, ≤ 1000) and `after` (the
/// `next` of the previous page) under the common filters.
async fn history_data(params: HistoryQuery, state: AppState) -> Result<IndicatorHistory, ApiError> {
    let filter = EvaluationFilter::from(params.filter());
    let name = params
        .name
        .filter(|n| !n.trim().is_empty())
        .ok_or_else(|| ApiError::missing("name", "三级指标名称"))?;
    let limit = limit(params.limit, 100)?;
    let after = params
        .after
        .as_deref()
        .map(HistoryPosition::decode)
        .transpose()
        .map_err(bad_cursor)?;
    Ok(state
        .store
        .indicator_history(&name, &filter, limit, after.as_ref())
        .await?)
}

pub(crate) async fn indicator_history(
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<HistoryQuery>,
    ApiQuery(download): ApiQuery<FormatQuery>,
) -> Result<Response, ApiError> {
    let scope = Scope::Evaluations(params.filter().into());
    let question = params.clone();
    let history = history_data(params, state.clone()).await?;
    respond(state, history, download.format, scope, |history, place| {
        tables::history(history, &question, place)
    })
    .await
}

pub(crate) async fn history_chart(
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<HistoryQuery>,
    ApiQuery(size): ApiQuery<SizeQuery>,
) -> Result<Svg, ApiError> {
    let history = history_data(params, state).await?;
    let (w, h) = chart_size(&size);
    Ok(Svg(line_chart_svg(&views::history_chart(&history), w, h)))
}

pub(crate) async fn compare_years(
    State(state): State<AppState>,
    ApiQuery(years): ApiQuery<YearsQuery>,
    ApiQuery(download): ApiQuery<FormatQuery>,
) -> Result<Response, ApiError> {
    let b = years
        .b
        .ok_or_else(|| ApiError::missing("b", "年份（本年度）"))?;
    let a = years.a.unwrap_or(b - 1);
    let filter = EvaluationFilter::from(years.filter());
    let scope = Scope::Evaluations(EvaluationFilter {
        year: None,
        ..filter.clone()
    });
    let comparison = compare_years_of(&state.store, a, b, &filter).await?;
    respond(state, comparison, download.format, scope, tables::years).await
}

/// What a briefing is asked for: the year (required), region, program (an empty region or
/// program counts as absent) and source.
pub(crate) type BriefingScope = (i32, Option<String>, Option<String>, Source);

/// The year (required), region, program and source a briefing is asked for.
pub(crate) fn briefing_scope(query: BriefingQuery) -> Result<BriefingScope, ApiError> {
    let year = query
        .year
        .ok_or_else(|| ApiError::missing("year", "年份"))?;
    let given = |value: Option<String>| value.filter(|v| !v.trim().is_empty());
    Ok((
        year,
        given(query.region),
        given(query.program),
        query.source.unwrap_or_default(),
    ))
}

/// The briefing of a year of a region.
pub(crate) async fn region_briefing(
    state: &AppState,
    (year, region, program, source): BriefingScope,
) -> Result<fundlens_shared::api::Briefing, ApiError> {
    Ok(crate::briefing::kept::briefing(
        &state.store,
        year,
        region.as_deref(),
        program.as_deref(),
        source,
    )
    .await?)
}

pub(crate) async fn briefing(
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<BriefingQuery>,
) -> Result<Json<fundlens_shared::api::Briefing>, ApiError> {
    Ok(Json(
        region_briefing(&state, briefing_scope(params)?).await?,
    ))
}

pub(crate) async fn evaluation_briefing(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<fundlens_shared::api::Briefing>, ApiError> {
    let id = evaluation_id(&id)?;
    crate::briefing::fund_briefing(&state.store, id)
        .await?
        .map(Json)
        .ok_or_else(|| no_evaluation(id))
}
