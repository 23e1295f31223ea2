//! 结果应用: one handler per view (`/api/results/budget`, `/targets`, `/rectification`,
//! `/conflicts`), each reading the common filters and a page, asking the store for the view's
//! counts and rows (kept at write time), and answering them with the headline figures and
//! sentence `shared::results::summary` makes of the counts — as JSON or, with `format`, a file.
//! Also one fund's years side by side (`/api/evaluations/{id}/years`, 评价详情's strip).

use axum::Json;
use axum::extract::{Path, State};
use axum::response::Response;
use fundlens_documents::write::tables;
use fundlens_shared::query::{FormatQuery, ResultsQuery, Sort};
use fundlens_shared::results::View;
use fundlens_shared::results::fund::{FundYears, years_of};
use fundlens_shared::results::summary::{ResultsAnswer, Summary};
use fundlens_store::{EvaluationFilter, Start};

use super::download::{Scope, respond};
use super::extract::ApiQuery;
use super::params::limit;
use super::records::{evaluation_id, no_evaluation};
use super::{ApiError, AppState};

/// The deepest page an offset reaches in a view.
const MAX_OFFSET: u32 = 100_000;

/// A view's answer under `query`: its year the one asked, else the latest with data.
pub(crate) async fn answer(
    state: &AppState,
    view: View,
    query: &ResultsQuery,
) -> Result<ResultsAnswer, ApiError> {
    let year = match query.year {
        Some(year) => Some(year),
        None => state.store.years().await?.last().copied(),
    };
    let offset = query.offset.unwrap_or(0);
    if offset > MAX_OFFSET {
        return Err(ApiError::parameter(
            "offset",
            format!("{offset} 超过上限 {MAX_OFFSET}；请缩小地区、年度或项目范围"),
        ));
    }
    let filter = EvaluationFilter {
        year,
        region: query.region.clone(),
        program: query.program.clone(),
        source: query.source.unwrap_or_default(),
        ..EvaluationFilter::default()
    };
    let page = state
        .store
        .results(view, &filter, limit(query.limit, 50)?, offset)
        .await?;
    Ok(ResultsAnswer {
        view,
        year,
        region: query.region.clone(),
        summary: Summary::of(view, year, &page.counts),
        total: page.counts.iter().map(|c| c.count).sum(),
        offset,
        rows: page.rows,
        has_sample: page.has_sample,
    })
}

async fn respond_view(
    state: AppState,
    view: View,
    query: ResultsQuery,
    download: FormatQuery,
) -> Result<Response, ApiError> {
    let answer = answer(&state, view, &query).await?;
    let scope = Scope::Evaluations(EvaluationFilter {
        year: answer.year,
        region: query.region.clone(),
        program: query.program.clone(),
        source: query.source.unwrap_or_default(),
        ..EvaluationFilter::default()
    });
    respond(state, answer, download.format, scope, tables::results).await
}

/// `GET /api/results/budget`: grades against the next year's budget.
pub(crate) async fn budget(
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<ResultsQuery>,
    ApiQuery(download): ApiQuery<FormatQuery>,
) -> Result<Response, ApiError> {
    respond_view(state, View::Budget, query, download).await
}

/// `GET /api/results/targets`: targets set too low.
pub(crate) async fn targets(
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<ResultsQuery>,
    ApiQuery(download): ApiQuery<FormatQuery>,
) -> Result<Response, ApiError> {
    respond_view(state, View::Targets, query, download).await
}

/// `GET /api/results/rectification`: findings fixed or not.
pub(crate) async fn rectification(
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<ResultsQuery>,
    ApiQuery(download): ApiQuery<FormatQuery>,
) -> Result<Response, ApiError> {
    respond_view(state, View::Rectification, query, download).await
}

/// `GET /api/results/conflicts`: figures that disagree across reports.
pub(crate) async fn conflicts(
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<ResultsQuery>,
    ApiQuery(download): ApiQuery<FormatQuery>,
) -> Result<Response, ApiError> {
    respond_view(state, View::Conflicts, query, download).await
}

/// The most evaluations one fund's strip lists (years of the same name in the region and below:
/// a fund has one a year).
const MAX_FUND_ROWS: u32 = 500;

/// `GET /api/evaluations/{id}/years`: the fund's years side by side — grade, total, budgets,
/// execution, and what each next year's budget did — from one page of the list.
pub(crate) async fn fund_years(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<FundYears>, ApiError> {
    let id = evaluation_id(&id)?;
    let detail = state
        .store
        .evaluation(id)
        .await?
        .ok_or_else(|| no_evaluation(id))?;
    // A stored record names its region by the region's stored name (imports resolve it
    // exactly), so the fund's years are one page of the list: its name in its region.
    let filter = EvaluationFilter {
        region: Some(detail.record.region.clone()),
        program: Some(detail.record.program.name.clone()),
        ..EvaluationFilter::default()
    };
    let listed = state
        .store
        .list_evaluations(&filter, Sort::Newest, MAX_FUND_ROWS, &Start::Offset(0))
        .await?
        .items;
    years_of(id, listed)
        .map(Json)
        .ok_or_else(|| no_evaluation(id))
}
