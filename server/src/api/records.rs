//! Handlers for the catalogue, the evaluation list, the drill-down and the two imports.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use fundlens_shared::api::{
    EvaluationDetail, EvaluationList, Health, MetricInfo, ProgramInfo, RegionInfo,
};
use serde::Deserialize;

use super::extract::{ApiQuery, TextBody};
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
    ApiQuery(filter): ApiQuery<FilterParams>,
    ApiQuery(page): ApiQuery<PageParams>,
) -> Result<Json<EvaluationList>, ApiError> {
    let filter = filter.filter();
    let (order, limit, offset) = (page.order(), page.limit()?, page.offset.unwrap_or(0));
    blocking(move || {
        Ok(Json(
            state
                .store
                .list_evaluations(&filter, order, limit, offset)?,
        ))
    })
    .await
}

pub(crate) async fn detail(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<EvaluationDetail>, ApiError> {
    let id: i64 = id
        .parse()
        .map_err(|_| ApiError::NotFound(format!("“{id}”不是评价编号（应为整数）")))?;
    blocking(move || {
        state
            .store
            .evaluation(id)?
            .map(Json)
            .ok_or_else(|| ApiError::NotFound(format!("没有编号为 {id} 的评价")))
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
    ApiQuery(params): ApiQuery<ImportParams>,
    TextBody(body): TextBody,
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
    TextBody(body): TextBody,
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
