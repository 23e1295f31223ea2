//! Many forms at once: a batch upload (`POST /api/drafts/batch`: several files, or a .zip of
//! them unpacked one level by `documents::batch`), every clean draft confirmed in one step
//! (`POST /api/drafts/confirm`), and a draft whose evaluation exists already (`GET
//! /api/drafts/{id}/conflict`: which one, whether the caller may replace it, and what would
//! change).
//!
//! Each file of a batch is stored in its own transaction with its own audit entry, and each
//! draft is confirmed in its own: the forms of a batch are independent records, so a file that
//! cannot be read, a form of another region or a record that exists is named in the answer
//! and does not hold back the others (one transaction for all would make one conflict refuse
//! fifty clean forms, leaving the person to find which one).

use axum::Json;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use fundlens_documents::batch::{self as files, MAX_BATCH_FILES};
use fundlens_shared::assessment::assess;
use fundlens_shared::batch::{
    BatchConfirm, BatchUpload, ConfirmDrafts, DraftConfirmation, DraftConflict, FileOutcome,
};
use fundlens_shared::revision::diff;
use fundlens_shared::scoring::Benchmarks;

use super::access::Caller;
use super::documents::{confirm_one, document_error, next_file, own_draft, take_file};
use super::{ApiError, AppState, blocking};

/// Largest request body of a batch upload: the batch limit plus room for the envelopes.
pub(crate) const BATCH_BODY_LIMIT: usize = files::MAX_BATCH + 256 * 1024;

/// A refused file's outcome.
fn refused(name: String, error: &'static str, message: String) -> FileOutcome {
    FileOutcome {
        name,
        document: None,
        drafts: Vec::new(),
        error: Some(error.to_owned()),
        message: Some(message),
    }
}

/// `POST /api/drafts/batch`: every file part of a multipart body (a .zip of forms unpacked),
/// each read into drafts and stored on its own; 201 with every file's outcome when any draft
/// was stored, else 200 with the same answer (every file refused, each with its reason). A hostile .zip (a zip bomb, more than
/// [`MAX_BATCH_FILES`] files) refuses the whole request with nothing stored.
pub(crate) async fn upload(
    State(state): State<AppState>,
    caller: Caller,
    mut multipart: Multipart,
) -> Result<(StatusCode, Json<BatchUpload>), ApiError> {
    let mut batch = Vec::new();
    while let Some((name, bytes)) = next_file(&mut multipart, files::MAX_BATCH).await? {
        let entries =
            blocking(move || files::expand(&name, bytes).map_err(|e| document_error(&e))).await?;
        batch.extend(entries);
        if batch.len() > MAX_BATCH_FILES {
            return Err(ApiError::Refused(
                StatusCode::PAYLOAD_TOO_LARGE,
                "too_many_files",
                format!("一次最多上传 {MAX_BATCH_FILES} 个文件；请分批上传"),
            ));
        }
    }
    if batch.is_empty() {
        return Err(ApiError::BadRequest(
            "请求中没有文件（multipart 的 file 字段）".to_owned(),
        ));
    }
    let mut outcomes = Vec::with_capacity(batch.len());
    for entry in batch {
        let file = match entry {
            Ok(file) => file,
            Err((name, error)) => {
                outcomes.push(refused(name, error.code(), error.to_string()));
                continue;
            }
        };
        let name = file.name.clone();
        match take_file(&state, &caller, file.name, file.bytes).await {
            Ok(result) => outcomes.push(FileOutcome {
                name,
                document: Some(result.document),
                drafts: result.drafts,
                error: None,
                message: None,
            }),
            Err(error) => match error.refusal() {
                Some((code, _, message)) => outcomes.push(refused(name, code, message)),
                None => return Err(error),
            },
        }
    }
    let answer = BatchUpload { files: outcomes };
    let status = if answer.drafts().next().is_some() {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    tracing::info!(
        files = answer.files.len(),
        drafts = answer.drafts().count(),
        refused = answer.refused().count(),
        "batch read into drafts"
    );
    Ok((status, Json(answer)))
}

/// `POST /api/drafts/confirm` `{drafts: [ids]}`: each clean draft (open, nothing required
/// missing, nothing 待核对) confirmed in its own transaction, in the order given; a draft that
/// is not clean is left for a person, one the import refuses is named with the reason (and the
/// evaluation that exists, for a conflict) and audited. Never a replacement: that is chosen
/// draft by draft, having seen the difference.
pub(crate) async fn confirm_all(
    State(state): State<AppState>,
    caller: Caller,
    Json(request): Json<ConfirmDrafts>,
) -> Result<Json<BatchConfirm>, ApiError> {
    let mut results = Vec::with_capacity(request.drafts.len());
    for id in request.drafts {
        let mut result = DraftConfirmation {
            draft: id,
            evaluation_id: None,
            error: None,
            message: None,
            existing: None,
        };
        let clean = match own_draft(&state, &caller, id).await {
            Ok(found) => found.summary.is_clean(),
            Err(ApiError::NotFound(message)) => {
                result.error = Some("not_found".to_owned());
                result.message = Some(message);
                results.push(result);
                continue;
            }
            Err(other) => return Err(other),
        };
        if !clean {
            result.error = Some("not_clean".to_owned());
            result.message =
                Some("草稿有缺项、待核对的字段，或已确认；请逐份核对后再确认".to_owned());
            results.push(result);
            continue;
        }
        match confirm_one(&state, &caller, id, false).await {
            Ok(summary) => result.evaluation_id = summary.ids.first().copied(),
            Err(error) => {
                let Some((code, _, message)) = error.refusal() else {
                    return Err(error);
                };
                if code == "conflict" {
                    result.existing = existing_of(&state, &caller, id).await?;
                }
                result.error = Some(code.to_owned());
                result.message = Some(message);
            }
        }
        results.push(result);
    }
    let confirmed = results.iter().filter(|r| r.evaluation_id.is_some()).count();
    Ok(Json(BatchConfirm {
        refused: results.len() - confirmed,
        confirmed,
        results,
    }))
}

/// The evaluation draft `id`'s record would replace, when it exists.
async fn existing_of(state: &AppState, caller: &Caller, id: i64) -> Result<Option<i64>, ApiError> {
    let found = own_draft(state, caller, id).await?;
    let Ok(record) = fundlens_documents::review::record_of(&found.content) else {
        return Ok(None);
    };
    Ok(state
        .store
        .evaluation_of(&record.program.name, &record.region, record.year.value())
        .await?)
}

/// `GET /api/drafts/{id}/conflict`: the evaluation of the same program, region and year as
/// the draft's record, whether the caller may replace it, and the difference row by row (the
/// stored record before, the draft's after). Both sides are scored here the same way (each
/// with the benchmarks it carries), so a difference shown is one of the records, not of the
/// statistics stored since. 404 when no such evaluation exists; 422 while the draft is not a
/// valid record.
pub(crate) async fn conflict(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<DraftConflict>, ApiError> {
    let id: i64 = id
        .parse()
        .map_err(|_| ApiError::NotFound(format!("“{id}”不是草稿编号")))?;
    let found = own_draft(&state, &caller, id).await?;
    let record = fundlens_documents::review::record_of(&found.content)
        .map_err(|e| ApiError::Invalid(vec![super::error::field_error(&e.field, e.message)]))?;
    let none = || ApiError::NotFound("没有同一项目、地区、年度的评价，可以直接确认导入".to_owned());
    let existing = state
        .store
        .evaluation_of(&record.program.name, &record.region, record.year.value())
        .await?
        .ok_or_else(none)?;
    let stored = state.store.evaluation(existing).await?.ok_or_else(none)?;
    let version = state
        .store
        .versions(existing)
        .await?
        .and_then(|list| list.versions.iter().find(|v| v.current).map(|v| v.version))
        .unwrap_or(1);
    let may_replace = state
        .store
        .may_write(&caller.change().scope, &stored.record.region)
        .await?;
    let policy = std::sync::Arc::clone(&state.policy);
    let changes = blocking(move || {
        let scored = |record: &fundlens_shared::model::Evaluation| {
            assess(record, &policy, &Benchmarks::from_record(record))
        };
        let (before, after) = (scored(&stored.record), scored(&record));
        Ok(diff((&stored.record, &before), (&record, &after)))
    })
    .await?;
    Ok(Json(DraftConflict {
        draft: id,
        evaluation_id: existing,
        version,
        may_replace,
        changes,
    }))
}
