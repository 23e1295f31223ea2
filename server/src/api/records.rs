//! Handlers for the catalogue, the evaluation list, the drill-down and the two imports.

use axum::Json;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use fundlens_shared::api::{
    Catalogue, EvaluationDetail, Health, MetricInfo, ProgramInfo, RegionInfo,
};
use fundlens_shared::query::{FormatQuery, ImportQuery, ListQuery};

use super::access::Caller;
use super::download::{Scope, respond};
use super::extract::ApiQuery;
use super::params::{limit, list_filter, start};
use fundlens_documents::write::tables;

use super::{ApiError, AppState, blocking, body};
use fundlens_documents::records;
use fundlens_store::ImportSummary;

pub(crate) async fn health(State(state): State<AppState>) -> Result<Json<Health>, ApiError> {
    Ok(Json(state.store.health().await?))
}

pub(crate) async fn regions(
    State(state): State<AppState>,
) -> Result<Json<Vec<RegionInfo>>, ApiError> {
    Ok(Json(state.store.regions().await?))
}

pub(crate) async fn programs(
    State(state): State<AppState>,
) -> Result<Json<Vec<ProgramInfo>>, ApiError> {
    Ok(Json(state.store.programs().await?))
}

pub(crate) async fn years(State(state): State<AppState>) -> Result<Json<Vec<i32>>, ApiError> {
    Ok(Json(state.store.years().await?))
}

pub(crate) async fn metrics(
    State(state): State<AppState>,
) -> Result<Json<Vec<MetricInfo>>, ApiError> {
    Ok(Json(state.store.metrics().await?))
}

pub(crate) async fn list(
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<ListQuery>,
    ApiQuery(download): ApiQuery<FormatQuery>,
) -> Result<Response, ApiError> {
    let filter = list_filter(&query);
    let (order, limit) = (query.sort.unwrap_or_default(), limit(query.limit, 100)?);
    let start = start(&query)?;
    let scope = Scope::Evaluations(filter.clone());
    let list = state
        .store
        .list_evaluations(&filter, order, limit, &start)
        .await?;
    respond(state, list, download.format, scope, |list, place| {
        tables::evaluation_list(list, &query, place)
    })
    .await
}

pub(crate) async fn catalogue(State(state): State<AppState>) -> Result<Json<Catalogue>, ApiError> {
    Ok(Json(state.store.catalogue().await?))
}

/// The evaluation id of a path, or 404 saying it is not one.
pub(super) fn evaluation_id(id: &str) -> Result<i64, ApiError> {
    id.parse()
        .map_err(|_| ApiError::NotFound(format!("“{id}”不是评价编号（应为整数）")))
}

/// 404: no evaluation has this id.
pub(super) fn no_evaluation(id: i64) -> ApiError {
    ApiError::NotFound(format!("没有编号为 {id} 的评价"))
}

pub(crate) async fn detail(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<EvaluationDetail>, ApiError> {
    let id = evaluation_id(&id)?;
    state
        .store
        .evaluation(id)
        .await?
        .map(Json)
        .ok_or_else(|| no_evaluation(id))
}

/// `POST /api/evaluations[?replace=true]`: waits for an import slot before reading the body.
pub(crate) async fn import_evaluations(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(params): ApiQuery<ImportQuery>,
    request_body: Body,
) -> Result<(StatusCode, Json<ImportSummary>), ApiError> {
    let _slot = state.import_slot().await?;
    let text = body::text(request_body).await?;
    let change = caller.change();
    let evaluations =
        blocking(move || records::evaluations(&text).map_err(ApiError::Invalid)).await?;
    let summary = state
        .store
        .import_evaluations(evaluations, &state.policy, params.replace, &change)
        .await?;
    tracing::info!(
        imported = summary.imported,
        replaced = summary.replaced,
        "evaluations imported"
    );
    Ok((StatusCode::CREATED, Json(summary)))
}

/// `POST /api/observations`, JSON or CSV: waits for an import slot before reading the body.
pub(crate) async fn import_observations(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    request_body: Body,
) -> Result<(StatusCode, Json<ImportSummary>), ApiError> {
    let csv = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.to_ascii_lowercase().starts_with("text/csv"));
    let _slot = state.import_slot().await?;
    let text = body::text(request_body).await?;
    let change = caller.change();
    let observations = blocking(move || {
        if csv {
            records::observations_csv(&text)
        } else {
            records::observations_json(&text)
        }
        .map_err(ApiError::Invalid)
    })
    .await?;
    let summary = state
        .store
        .import_observations(observations, &state.policy, &change)
        .await?;
    tracing::info!(
        imported = summary.imported,
        rescored = summary.rescored,
        "observations imported"
    );
    Ok((StatusCode::CREATED, Json(summary)))
}
