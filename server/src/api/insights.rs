//! Handlers for trends, comparisons and indicator history, as JSON and as SVG charts drawn by
//! `shared`'s chart code (the same the browser uses).

use axum::Json;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use fundlens_shared::api::{
    Comparison, FundingPoint, IndicatorHistory, MetricPoint, ScorePoint, Trend,
};
use fundlens_shared::chart::{bar_chart_svg, line_chart_svg, views};
use fundlens_shared::metric::MetricCode;
use fundlens_shared::query::{Measure, Source};
use serde::Deserialize;

use super::download::{FormatParams, Scope, respond};
use super::extract::ApiQuery;
use super::params::{FilterParams, bad_cursor, limit, source_filter};
use super::records::{evaluation_id, no_evaluation};
use super::{ApiError, AppState, blocking, tables};
use crate::storage::analytics::HistoryPosition;
use crate::storage::read::EvaluationFilter;
use crate::year_comparison::compare_years as compare_years_of;

/// `w` and `h` of a chart in pixels.
#[derive(Debug, Deserialize)]
pub(crate) struct SizeParams {
    w: Option<u32>,
    h: Option<u32>,
}

impl SizeParams {
    fn size(&self) -> (u32, u32) {
        (
            self.w.unwrap_or(900).min(4000),
            self.h.unwrap_or(420).min(3000),
        )
    }
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
    params: &FilterParams,
) -> Result<Trend<FundingPoint>, ApiError> {
    let filter = params.filter();
    blocking(move || Ok(state.store.funding_trend(&filter)?)).await
}

pub(crate) async fn funding_trend(
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<FilterParams>,
    ApiQuery(download): ApiQuery<FormatParams>,
) -> Result<Response, ApiError> {
    let trend = funding_data(state.clone(), &params).await?;
    let scope = Scope::Evaluations(params.filter());
    respond(state, trend, download.format, scope, tables::funding_trend).await
}

pub(crate) async fn funding_chart(
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<FilterParams>,
    ApiQuery(size): ApiQuery<SizeParams>,
) -> Result<Svg, ApiError> {
    let trend = funding_data(state, &params).await?;
    let (w, h) = size.size();
    Ok(Svg(line_chart_svg(&views::funding_chart(&trend), w, h)))
}

async fn score_data(state: AppState, params: &FilterParams) -> Result<Trend<ScorePoint>, ApiError> {
    let filter = params.filter();
    blocking(move || Ok(state.store.score_trend(&filter)?)).await
}

pub(crate) async fn score_trend(
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<FilterParams>,
    ApiQuery(download): ApiQuery<FormatParams>,
) -> Result<Response, ApiError> {
    let trend = score_data(state.clone(), &params).await?;
    let scope = Scope::Evaluations(params.filter());
    respond(state, trend, download.format, scope, tables::score_trend).await
}

pub(crate) async fn score_chart(
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<FilterParams>,
    ApiQuery(size): ApiQuery<SizeParams>,
) -> Result<Svg, ApiError> {
    let trend = score_data(state, &params).await?;
    let (w, h) = size.size();
    Ok(Svg(line_chart_svg(&views::score_chart(&trend), w, h)))
}

#[derive(Debug, Deserialize)]
pub(crate) struct MetricParams {
    region: Option<String>,
    metric: Option<MetricCode>,
    source: Option<Source>,
}

async fn metric_data(
    state: AppState,
    params: MetricParams,
) -> Result<(Trend<MetricPoint>, &'static fundlens_shared::metric::Metric), ApiError> {
    let metric = params
        .metric
        .ok_or_else(|| ApiError::missing("metric", "经济指标代码（见 GET /api/metrics）"))?
        .metric();
    let region = params
        .region
        .unwrap_or_else(|| fundlens_shared::region::YIYANG.to_owned());
    let source = source_filter(params.source);
    let trend = blocking(move || {
        state
            .store
            .metric_trend(&region, metric, source)?
            .ok_or_else(|| ApiError::NotFound(format!("没有名为“{region}”的地区")))
    })
    .await?;
    Ok((trend, metric))
}

pub(crate) async fn metric_trend(
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<MetricParams>,
    ApiQuery(download): ApiQuery<FormatParams>,
) -> Result<Response, ApiError> {
    let (trend, metric) = metric_data(state.clone(), params).await?;
    let scope = Scope::Observations {
        region: trend.region.clone().unwrap_or_default(),
        metric: metric.code.to_owned(),
    };
    respond(state, trend, download.format, scope, |trend| {
        tables::metric_trend(trend, metric.name)
    })
    .await
}

pub(crate) async fn metric_chart(
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<MetricParams>,
    ApiQuery(size): ApiQuery<SizeParams>,
) -> Result<Svg, ApiError> {
    let (trend, metric) = metric_data(state, params).await?;
    let (w, h) = size.size();
    Ok(Svg(line_chart_svg(
        &views::metric_chart(&trend, metric.name),
        w,
        h,
    )))
}

#[derive(Debug, Deserialize)]
pub(crate) struct CompareParams {
    year: Option<i32>,
    parent: Option<String>,
    measure: Option<Measure>,
    source: Option<Source>,
}

async fn compare_data(state: AppState, params: CompareParams) -> Result<Comparison, ApiError> {
    let year = params
        .year
        .ok_or_else(|| ApiError::missing("year", "年份"))?;
    let measure = params.measure.unwrap_or(Measure::Score);
    let parent = params
        .parent
        .unwrap_or_else(|| fundlens_shared::region::YIYANG.to_owned());
    let source = source_filter(params.source);
    blocking(move || {
        state
            .store
            .compare(&parent, year, measure, source)?
            .ok_or_else(|| ApiError::NotFound(format!("没有名为“{parent}”的地区")))
    })
    .await
}

pub(crate) async fn compare(
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<CompareParams>,
    ApiQuery(download): ApiQuery<FormatParams>,
) -> Result<Response, ApiError> {
    let source = source_filter(params.source);
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
        tables::comparison,
    )
    .await
}

/// `year` (required), `parent` (default 益阳市) and `program` (its indicators as columns).
#[derive(Debug, Deserialize)]
pub(crate) struct GridParams {
    year: Option<i32>,
    parent: Option<String>,
    program: Option<String>,
}

pub(crate) async fn compare_grid(
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<GridParams>,
    ApiQuery(download): ApiQuery<FormatParams>,
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
    let store = state.clone();
    let grid = blocking(move || {
        store
            .store
            .score_grid(&parent, year, program.as_deref())?
            .ok_or_else(|| ApiError::NotFound(format!("没有名为“{parent}”的地区")))
    })
    .await?;
    respond(state, grid, download.format, scope, tables::grid).await
}

#[derive(Debug, Deserialize)]
pub(crate) struct HighlightParams {
    highlight: Option<String>,
}

pub(crate) async fn compare_chart(
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<CompareParams>,
    ApiQuery(size): ApiQuery<SizeParams>,
    ApiQuery(highlight): ApiQuery<HighlightParams>,
) -> Result<Svg, ApiError> {
    let comparison = compare_data(state, params).await?;
    let (w, h) = size.size();
    let chart = views::comparison_chart(&comparison, highlight.highlight.as_deref());
    Ok(Svg(bar_chart_svg(&chart, w, h)))
}

#[derive(Debug, Deserialize)]
pub(crate) struct NamesParams {
    program: Option<String>,
}

pub(crate) async fn indicator_names(
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<NamesParams>,
) -> Result<Json<Vec<String>>, ApiError> {
    let program = params.program.filter(|p| !p.trim().is_empty());
    blocking(move || Ok(Json(state.store.indicator_names(program.as_deref())?))).await
}

/// `name` (required), `limit` (default 100, ≤ 1000) and `after` (the `next` of the previous
/// page).
#[derive(Debug, Deserialize)]
pub(crate) struct HistoryParams {
    name: Option<String>,
    limit: Option<u32>,
    after: Option<String>,
}

async fn history_data(
    params: HistoryParams,
    filter: FilterParams,
    state: AppState,
) -> Result<IndicatorHistory, ApiError> {
    let name = params
        .name
        .filter(|n| !n.trim().is_empty())
        .ok_or_else(|| ApiError::missing("name", "三级指标名称"))?;
    let filter = filter.filter();
    let limit = limit(params.limit, 100)?;
    let after = params
        .after
        .as_deref()
        .map(HistoryPosition::decode)
        .transpose()
        .map_err(bad_cursor)?;
    blocking(move || {
        Ok(state
            .store
            .indicator_history(&name, &filter, limit, after.as_ref())?)
    })
    .await
}

pub(crate) async fn indicator_history(
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<HistoryParams>,
    ApiQuery(filter): ApiQuery<FilterParams>,
    ApiQuery(download): ApiQuery<FormatParams>,
) -> Result<Response, ApiError> {
    let scope = Scope::Evaluations(filter.filter());
    let history = history_data(params, filter, state.clone()).await?;
    respond(state, history, download.format, scope, tables::history).await
}

pub(crate) async fn history_chart(
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<HistoryParams>,
    ApiQuery(filter): ApiQuery<FilterParams>,
    ApiQuery(size): ApiQuery<SizeParams>,
) -> Result<Svg, ApiError> {
    let history = history_data(params, filter, state).await?;
    let (w, h) = size.size();
    Ok(Svg(line_chart_svg(&views::history_chart(&history), w, h)))
}

#[derive(Debug, Deserialize)]
pub(crate) struct YearsParams {
    a: Option<i32>,
    b: Option<i32>,
}

pub(crate) async fn compare_years(
    State(state): State<AppState>,
    ApiQuery(years): ApiQuery<YearsParams>,
    ApiQuery(filter): ApiQuery<FilterParams>,
    ApiQuery(download): ApiQuery<FormatParams>,
) -> Result<Response, ApiError> {
    let b = years
        .b
        .ok_or_else(|| ApiError::missing("b", "年份（本年度）"))?;
    let a = years.a.unwrap_or(b - 1);
    let filter = filter.filter();
    let scope = Scope::Evaluations(EvaluationFilter {
        year: None,
        ..filter.clone()
    });
    let store = state.clone();
    let comparison = blocking(move || Ok(compare_years_of(&store.store, a, b, &filter)?)).await?;
    respond(state, comparison, download.format, scope, tables::years).await
}

/// `year` (required), `region` and `program` of a region's briefing.
#[derive(Debug, Deserialize)]
pub(crate) struct BriefingParams {
    year: Option<i32>,
    region: Option<String>,
    program: Option<String>,
}

impl BriefingParams {
    /// The year, region and program asked for (an empty region or program counts as absent).
    pub(crate) fn scope(self) -> Result<(i32, Option<String>, Option<String>), ApiError> {
        let year = self.year.ok_or_else(|| ApiError::missing("year", "年份"))?;
        let given = |value: Option<String>| value.filter(|v| !v.trim().is_empty());
        Ok((year, given(self.region), given(self.program)))
    }
}

/// The briefing of a year of a region.
pub(crate) async fn region_briefing(
    state: &AppState,
    (year, region, program): (i32, Option<String>, Option<String>),
) -> Result<fundlens_shared::api::Briefing, ApiError> {
    let state = state.clone();
    blocking(move || {
        Ok(crate::briefing::region_briefing(
            &state.store,
            year,
            region.as_deref(),
            program.as_deref(),
        )?)
    })
    .await
}

pub(crate) async fn briefing(
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<BriefingParams>,
) -> Result<Json<fundlens_shared::api::Briefing>, ApiError> {
    Ok(Json(region_briefing(&state, params.scope()?).await?))
}

pub(crate) async fn evaluation_briefing(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<fundlens_shared::api::Briefing>, ApiError> {
    let id = evaluation_id(&id)?;
    blocking(move || {
        crate::briefing::fund_briefing(&state.store, id)?
            .map(Json)
            .ok_or_else(|| no_evaluation(id))
    })
    .await
}
