//! Handlers for the catalogue, the evaluation list, the drill-down and the two imports.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use fundlens_shared::api::{
    Catalogue, EvaluationDetail, EvaluationList, Health, MetricInfo, ProgramInfo, RegionInfo,
};
use serde::Deserialize;

use super::params::{FilterParams, PageParams};
use super::{ApiError, AppState, blocking};
use crate::intake;
use crate::storage::import::ImportSummary;

pub(crate) async fn health(State(state): State<AppState>) -> Result<Json<Health>, ApiError> {
    blocking(move || Ok(Json(state.store.health()?))).await
}

pub(crate) async fn regions(
    State(state): State<AppState>,
) -> Result<Json<Vec<RegionInfo>>, ApiError> {
    blocking(move || Ok(Json(state.store.regions()?))).await
}

pub(crate) async fn programs(
    State(state): State<AppState>,
) -> Result<Json<Vec<ProgramInfo>>, ApiError> {
    blocking(move || Ok(Json(state.store.programs()?))).await
}

pub(crate) async fn years(State(state): State<AppState>) -> Result<Json<Vec<i32>>, ApiError> {
    blocking(move || Ok(Json(state.store.years()?))).await
}

pub(crate) async fn metrics(
    State(state): State<AppState>,
) -> Result<Json<Vec<MetricInfo>>, ApiError> {
    blocking(move || Ok(Json(state.store.metrics()?))).await
}

pub(crate) async fn list(
    State(state): State<AppState>,
    Query(filter): Query<FilterParams>,
    Query(page): Query<PageParams>,
) -> Result<Json<EvaluationList>, ApiError> {
    let filter = filter.filter()?;
    let (order, limit) = (page.order()?, page.limit()?);
    let start = page.start(order)?;
    blocking(move || {
        Ok(Json(
            state
                .store
                .list_evaluations(&filter, order, limit, &start)?,
        ))
    })
    .await
}

pub(crate) async fn catalogue(State(state): State<AppState>) -> Result<Json<Catalogue>, ApiError> {
    blocking(move || Ok(Json(state.store.catalogue()?))).await
}

pub(crate) async fn detail(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<EvaluationDetail>, ApiError> {
    let id: i64 = id
        .parse()
        .map_err(|_| ApiError::NotFound(format!("'{id}' is not an evaluation id")))?;
    blocking(move || {
        state
            .store
            .evaluation(id)?
            .map(Json)
            .ok_or_else(|| ApiError::NotFound(format!("no evaluation with id {id}")))
    })
    .await
}

#[derive(Debug, Deserialize)]
pub(crate) struct ImportParams {
    #[serde(default)]
    replace: bool,
}

pub(crate) async fn import_evaluations(
    State(state): State<AppState>,
    Query(params): Query<ImportParams>,
    body: String,
) -> Result<(StatusCode, Json<ImportSummary>), ApiError> {
    blocking(move || {
        let evaluations = intake::evaluations(&body).map_err(ApiError::Invalid)?;
        let summary =
            state
                .store
                .import_evaluations(&evaluations, &state.policy, params.replace)?;
        tracing::info!(
            imported = summary.imported,
            replaced = summary.replaced,
            "evaluations imported"
        );
        Ok((StatusCode::CREATED, Json(summary)))
    })
    .await
}

pub(crate) async fn import_observations(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: String,
) -> Result<(StatusCode, Json<ImportSummary>), ApiError> {
    let csv = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/csv"));
    blocking(move || {
        let observations = if csv {
            intake::observations_csv(&body)
        } else {
            intake::observations_json(&body)
        }
        .map_err(ApiError::Invalid)?;
        let summary = state
            .store
            .import_observations(&observations, &state.policy)?;
        tracing::info!(
            imported = summary.imported,
            rescored = summary.rescored,
            "observations imported"
        );
        Ok((StatusCode::CREATED, Json(summary)))
    })
    .await
}
