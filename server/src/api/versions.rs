//! Nothing is ever lost: the versions of an evaluation (any of them readable, any two
//! compared row by row), soft delete and an admin's undo, and the audit log for admins.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use fundlens_shared::account::Role;
use fundlens_shared::audit_log::AuditPage;
use fundlens_shared::query::{AuditQuery, DiffQuery};
use fundlens_shared::revision::{self, RevisionDiff, VersionDetail, VersionList};

use super::access::Caller;
use super::extract::ApiQuery;
use super::{ApiError, AppState};
use fundlens_store::Change;

/// An evaluation id from the path, or 404.
fn evaluation_id(text: &str) -> Result<i64, ApiError> {
    text.parse()
        .map_err(|_| ApiError::NotFound(format!("“{text}”不是评价记录编号")))
}

fn no_versions(id: i64) -> ApiError {
    ApiError::NotFound(format!("没有编号为 {id} 的评价记录"))
}

/// `GET /api/evaluations/{id}/versions`, with what the caller may do to the evaluation.
pub(crate) async fn versions(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<VersionList>, ApiError> {
    let id = evaluation_id(&id)?;
    let role = caller.account.as_ref().map(|a| a.role);
    let scope = caller.change().scope;
    let mut list = state
        .store
        .versions(id)
        .await?
        .ok_or_else(|| no_versions(id))?;
    let editor = role.is_some_and(Role::can_edit);
    list.may_delete =
        !list.deleted && editor && state.store.may_write(&scope, &list.region).await?;
    list.may_restore = list.deleted && role == Some(Role::Admin);
    Ok(Json(list))
}

/// `GET /api/evaluations/{id}/versions/{version}`.
pub(crate) async fn version(
    State(state): State<AppState>,
    Path((id, version)): Path<(String, String)>,
) -> Result<Json<VersionDetail>, ApiError> {
    let id = evaluation_id(&id)?;
    let number: u32 = version
        .parse()
        .map_err(|_| ApiError::NotFound(format!("“{version}”不是版本号")))?;
    state
        .store
        .version(id, number)
        .await?
        .map(Json)
        .ok_or_else(|| ApiError::NotFound(format!("评价记录 {id} 没有第 {number} 版")))
}

/// `GET /api/evaluations/{id}/diff?from=&to=`: `to` defaults to the newest version, `from` to
/// the one before it.
pub(crate) async fn diff(
    State(state): State<AppState>,
    Path(id): Path<String>,
    ApiQuery(params): ApiQuery<DiffQuery>,
) -> Result<Json<RevisionDiff>, ApiError> {
    let id = evaluation_id(&id)?;
    let list = state
        .store
        .versions(id)
        .await?
        .ok_or_else(|| no_versions(id))?;
    let newest = list.versions.last().map_or(1, |v| v.version);
    let to = params.to.unwrap_or(newest);
    let from = params.from.unwrap_or(to.saturating_sub(1).max(1));
    let load = async |number: u32| -> Result<VersionDetail, ApiError> {
        state
            .store
            .version(id, number)
            .await?
            .ok_or_else(|| ApiError::BadRequest(format!("评价记录 {id} 没有第 {number} 版")))
    };
    let (before, after) = (load(from).await?, load(to).await?);
    Ok(Json(RevisionDiff {
        evaluation_id: id,
        changes: revision::diff(
            (&before.record, &before.assessment),
            (&after.record, &after.assessment),
        ),
        from: before.info,
        to: after.info,
    }))
}

/// `DELETE /api/evaluations/{id}`: a soft delete (editors within their region, admins).
pub(crate) async fn delete(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let id = evaluation_id(&id)?;
    let change = caller.change();
    state.store.delete_evaluation(id, &change).await?;
    changed(id, &change)
}

/// `POST /api/evaluations/{id}/restore`: undoes a delete (admins).
pub(crate) async fn restore(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let id = evaluation_id(&id)?;
    let change = caller.change();
    state
        .store
        .restore_evaluation(id, &state.policy, &change)
        .await?;
    changed(id, &change)
}

/// The answer to a delete or restore that was written, logged.
#[allow(clippy::unnecessary_wraps)]
fn changed(id: i64, change: &Change) -> Result<StatusCode, ApiError> {
    tracing::info!(id, actor = %change.actor, request = %change.origin, "evaluation changed");
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /api/audit?before=&limit=` (admins): newest first, at most 500 per page.
pub(crate) async fn audit(
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<AuditQuery>,
) -> Result<Json<AuditPage>, ApiError> {
    let limit = params.limit.unwrap_or(100).clamp(1, 500);
    Ok(Json(state.store.audit_log(params.before, limit).await?))
}
