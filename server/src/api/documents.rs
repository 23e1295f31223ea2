//! Handlers for documents: uploading a file into drafts (`POST /api/drafts`, multipart), the
//! drafts list and detail, corrections (`PUT`), confirmation into an evaluation, the stored
//! original, and an evaluation exported as a 自评表 workbook.
//!
//! Who may call each route is decided by the access layer in front (editors and admins write);
//! what is decided here is whose drafts they are: a draft belongs to the account that uploaded
//! it, which alone (or an admin) sees, corrects and confirms it; an upload whose form names a
//! region outside an editor's own is refused, and confirmation imports within the caller's
//! regions like any other import.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Multipart, Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use fundlens_shared::assessment::assess;
use fundlens_shared::audit_log::refusal_detail;
use fundlens_shared::draft::{DraftCorrections, DraftDetail, DraftSummary, UploadResult};
use fundlens_shared::query::ImportQuery;
use fundlens_shared::scoring::{Benchmarks, ScoringPolicy};

use super::access::Caller;
use super::extract::ApiQuery;
use super::{ApiError, AppState, blocking};
use fundlens_documents::{self as documents, DocumentError, review};
use fundlens_shared::error::RecordError;
use fundlens_store::{DraftChangeError, NewDocument, StoredDraft};
use fundlens_store::{ImportError, ImportSummary};

/// Largest request body of an upload: the file limit plus room for the multipart envelope.
pub(crate) const UPLOAD_BODY_LIMIT: usize = documents::limits::MAX_FILE + 64 * 1024;

fn id_of(text: &str) -> Result<i64, ApiError> {
    text.parse()
        .map_err(|_| ApiError::NotFound(format!("“{text}”不是草稿编号")))
}

pub(crate) fn document_error(error: &DocumentError) -> ApiError {
    let status = match error {
        DocumentError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
        _ => StatusCode::UNPROCESSABLE_ENTITY,
    };
    ApiError::Refused(status, error.code(), error.to_string())
}

/// The account name drafts are kept under for `caller`, and whether it sees everyone's.
fn owner_of(caller: &Caller) -> (Option<String>, bool) {
    match &caller.account {
        Some(account) => (
            Some(account.name.clone()),
            account.role == fundlens_shared::account::Role::Admin,
        ),
        None => (None, false),
    }
}

/// The draft `id` if `caller` may see it: its owner, or an admin.
pub(crate) async fn own_draft(
    state: &AppState,
    caller: &Caller,
    id: i64,
) -> Result<StoredDraft, ApiError> {
    let found = stored(state, id).await?;
    let (name, admin) = owner_of(caller);
    if admin || (name.is_some() && found.summary.owner == name) {
        Ok(found)
    } else {
        Err(ApiError::NotFound(format!("没有编号为 {id} 的草稿")))
    }
}

fn change_error(error: DraftChangeError) -> ApiError {
    match error {
        DraftChangeError::NotFound => ApiError::NotFound("没有这个草稿".to_owned()),
        DraftChangeError::Confirmed => ApiError::Refused(
            StatusCode::CONFLICT,
            "draft_confirmed",
            "这个草稿已经确认导入，不能再修改".to_owned(),
        ),
        DraftChangeError::Stale => ApiError::Refused(
            StatusCode::CONFLICT,
            "draft_changed",
            "草稿在你读取后已被修改，请刷新后再操作".to_owned(),
        ),
        DraftChangeError::Import(error) => error.into(),
    }
}

/// `POST /api/drafts`: the first file of a multipart body, read into one draft per form found;
/// the file and its drafts are stored together, or nothing is when the file is refused.
pub(crate) async fn upload(
    State(state): State<AppState>,
    caller: Caller,
    mut multipart: Multipart,
) -> Result<(StatusCode, Json<UploadResult>), ApiError> {
    let (name, bytes) = next_file(&mut multipart, documents::limits::MAX_FILE)
        .await?
        .ok_or_else(|| {
            ApiError::BadRequest("请求中没有文件（multipart 的 file 字段）".to_owned())
        })?;
    let result = take_file(&state, &caller, name, bytes).await?;
    Ok((StatusCode::CREATED, Json(result)))
}

/// The next file part of a multipart body (parts without a file name are skipped), or `None`
/// after the last; `limit` names the upload limit in the refusal of a body beyond it.
///
/// # Errors
/// A body that is not multipart, is cut off, or is larger than the route's limit.
pub(crate) async fn next_file(
    multipart: &mut Multipart,
    limit: usize,
) -> Result<Option<(String, Vec<u8>)>, ApiError> {
    let too_large = || {
        ApiError::Refused(
            StatusCode::PAYLOAD_TOO_LARGE,
            "document_too_large",
            format!("文件超过上限 {} MB", limit / 1_048_576),
        )
    };
    while let Some(field) = multipart.next_field().await.map_err(|error| {
        if error.status() == StatusCode::PAYLOAD_TOO_LARGE {
            too_large()
        } else {
            ApiError::BadRequest(format!(
                "上传内容不是有效的 multipart/form-data：{}",
                error.body_text()
            ))
        }
    })? {
        let Some(name) = field.file_name().map(str::to_owned) else {
            continue;
        };
        let bytes = field.bytes().await.map_err(|error| {
            if error.status() == StatusCode::PAYLOAD_TOO_LARGE {
                too_large()
            } else {
                ApiError::BadRequest(format!("文件没有传完：{}", error.body_text()))
            }
        })?;
        return Ok(Some((name, bytes.to_vec())));
    }
    Ok(None)
}

/// Reads one file into one draft per form found and stores the file and its drafts with the
/// upload's audit entry, in one transaction.
///
/// # Errors
/// An unreadable or hostile file (413/422), or a form naming a region outside the caller's
/// (403): nothing is stored then.
pub(crate) async fn take_file(
    state: &AppState,
    caller: &Caller,
    name: String,
    bytes: Vec<u8>,
) -> Result<UploadResult, ApiError> {
    let regions: Vec<String> = state
        .store
        .regions()
        .await?
        .into_iter()
        .map(|r| r.name)
        .collect();
    let (sha256, with_facts, bytes, name) = blocking(move || {
        let sha256 = review::sha256_hex(&bytes);
        let location = format!("上传文件“{name}”（SHA-256 {}）", &sha256[..16]);
        let drafts = documents::read(&bytes, &name, &location, &regions)
            .map_err(|error| document_error(&error))?;
        let with_facts: Vec<_> = drafts
            .into_iter()
            .map(|draft| {
                let facts = review::facts(&draft);
                (draft, facts)
            })
            .collect();
        Ok((sha256, with_facts, bytes, name))
    })
    .await?;
    let change = caller.change();
    let mut outside = Vec::new();
    for (index, (_, facts)) in with_facts.iter().enumerate() {
        if let Some(region) = &facts.region
            && let Some(message) = state.store.refuses_region(&change.scope, region).await?
        {
            outside.push(RecordError {
                record: index,
                key: facts.program.clone(),
                field: "region".to_owned(),
                message,
            });
        }
    }
    if !outside.is_empty() {
        return Err(ApiError::Forbidden(
            "文件中的自评表属于本账号无权填报的地区，未保存任何内容".to_owned(),
            outside,
        ));
    }
    let (owner, _) = owner_of(caller);
    let document = NewDocument {
        name: name.clone(),
        bytes,
        sha256,
        uploaded_by: owner,
    };
    let result = state
        .store
        .add_drafts(document, with_facts, &change)
        .await?;
    tracing::info!(file = %name, drafts = result.drafts.len(), "document read into drafts");
    Ok(result)
}

/// `GET /api/drafts`.
pub(crate) async fn list(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<Vec<DraftSummary>>, ApiError> {
    let (name, admin) = owner_of(&caller);
    let drafts = match (admin, name) {
        (true, _) => state.store.drafts(None).await?,
        (false, Some(name)) => state.store.drafts(Some(&name)).await?,
        (false, None) => Vec::new(),
    };
    Ok(Json(drafts))
}

fn detail_of(policy: &ScoringPolicy, stored: StoredDraft) -> DraftDetail {
    let (assessment, problem) = match review::record_of(&stored.content) {
        Ok(record) => (
            Some(assess(&record, policy, &Benchmarks::from_record(&record))),
            None,
        ),
        Err(problem) => (None, Some(problem)),
    };
    DraftDetail {
        summary: stored.summary,
        content: stored.content,
        corrections: stored.corrections,
        assessment,
        problem,
    }
}

async fn stored(state: &AppState, id: i64) -> Result<StoredDraft, ApiError> {
    state
        .store
        .draft(id)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("没有编号为 {id} 的草稿")))
}

/// `GET /api/drafts/{id}`: the draft, its corrections, and the audit of the record it stands
/// for (or why it is not a valid record yet).
pub(crate) async fn detail(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<DraftDetail>, ApiError> {
    let id = id_of(&id)?;
    let found = own_draft(&state, &caller, id).await?;
    let policy = Arc::clone(&state.policy);
    blocking(move || Ok(Json(detail_of(&policy, found)))).await
}

/// `PUT /api/drafts/{id}`: corrections, applied in order and each recorded.
pub(crate) async fn correct(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(request): Json<DraftCorrections>,
) -> Result<Json<DraftDetail>, ApiError> {
    let id = id_of(&id)?;
    let (name, _) = owner_of(&caller);
    let mut found = own_draft(&state, &caller, id).await?;
    let corrections = review::apply(&mut found.content, &request.changes, name.as_deref())
        .map_err(|e| ApiError::Invalid(vec![RecordError::field(&e.field, e.message)]))?;
    let facts = review::facts(&found.content);
    state
        .store
        .correct_draft(
            (id, found.version),
            found.content,
            facts,
            corrections,
            &caller.change(),
        )
        .await
        .map_err(change_error)?;
    let corrected = stored(&state, id).await?;
    let policy = Arc::clone(&state.policy);
    blocking(move || Ok(Json(detail_of(&policy, corrected)))).await
}

/// `POST /api/drafts/{id}/confirm[?replace=true]`: imports the draft as an evaluation with the
/// document as its provenance, in one transaction with the draft's new state; or 422 naming
/// the field (a required field missing, or the indicator rows still 待核对 until a person
/// accepts or corrects them), or 409 when the evaluation exists (`GET
/// /api/drafts/{id}/conflict` then says which, and what replacing it would change).
pub(crate) async fn confirm(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiQuery(params): ApiQuery<ImportQuery>,
) -> Result<(StatusCode, Json<ImportSummary>), ApiError> {
    let id = id_of(&id)?;
    let summary = confirm_one(&state, &caller, id, params.replace).await?;
    Ok((StatusCode::CREATED, Json(summary)))
}

/// Confirms draft `id` of `caller` in its own transaction. A refusal (the record invalid or
/// 待核对, existing, outside the caller's regions, the draft confirmed or changed meanwhile) is
/// written in the audit log, in a transaction of its own since the refused one wrote nothing.
///
/// # Errors
/// As [`confirm`]; 404 for a draft the caller may not see.
pub(crate) async fn confirm_one(
    state: &AppState,
    caller: &Caller,
    id: i64,
    replace: bool,
) -> Result<ImportSummary, ApiError> {
    let change = caller.change();
    let found = own_draft(state, caller, id).await?;
    let attempt = async {
        let mut record = review::record_of(&found.content).map_err(|e| {
            ApiError::Invalid(vec![RecordError {
                record: 0,
                key: found.summary.program.clone(),
                field: e.field,
                message: e.message,
            }])
        })?;
        super::divisions::learn_region(state, &change.scope, &mut record).await?;
        let key = (
            record.program.name.clone(),
            record.region.clone(),
            record.year.value(),
        );
        let confirmed = state
            .store
            .confirm_draft(id, found.version, record, &state.policy, replace, &change)
            .await;
        match confirmed {
            Ok(summary) => Ok(summary),
            Err(DraftChangeError::Import(ImportError::Conflict(mut errors))) => {
                if let Some(existing) = state.store.evaluation_of(&key.0, &key.1, key.2).await? {
                    for error in &mut errors {
                        error.message = format!(
                            "{}年{}“{}”的评价已存在（评价 {existing}）",
                            key.2, key.1, key.0
                        );
                    }
                }
                Err(ApiError::Conflict(errors))
            }
            Err(DraftChangeError::Import(ImportError::Invalid(errors))) => {
                Err(ApiError::Invalid(errors))
            }
            Err(other) => Err(change_error(other)),
        }
    };
    match attempt.await {
        Ok(summary) => {
            tracing::info!(draft = id, evaluation = ?summary.ids.first(), "draft confirmed");
            Ok(summary)
        }
        Err(refusal) => {
            if let Some((code, field, message)) = refusal.refusal() {
                state
                    .store
                    .record_event(
                        &change,
                        "draft_confirm_refused",
                        format!("draft {id}"),
                        refusal_detail(code, &field, &message),
                    )
                    .await?;
            }
            Err(refusal)
        }
    }
}

/// An attachment: the bytes with their type and a UTF-8 file name.
fn attachment(bytes: Vec<u8>, content_type: &'static str, name: &str) -> Response {
    let encoded: String = name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"document\"; filename*=UTF-8''{encoded}"),
            ),
        ],
        bytes,
    )
        .into_response()
}

/// `GET /api/drafts/{id}/document`: the original file the draft was read from.
pub(crate) async fn original(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let id = id_of(&id)?;
    let found = own_draft(&state, &caller, id).await?;
    let (info, bytes) = state
        .store
        .document(found.summary.document.id)
        .await?
        .ok_or_else(|| ApiError::NotFound("原始文件不存在".to_owned()))?;
    Ok(attachment(bytes, "application/octet-stream", &info.name))
}

/// `GET /api/evaluations/{id}/export.xlsx`: the evaluation as a 自评表 workbook with its
/// computed scores, findings and explanations.
pub(crate) async fn export(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let id: i64 = id
        .parse()
        .map_err(|_| ApiError::NotFound(format!("“{id}”不是评价编号")))?;
    let detail = state
        .store
        .evaluation(id)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("没有编号为 {id} 的评价")))?;
    blocking(move || {
        let bytes = documents::write::workbook::workbook(&detail.record, &detail.assessment)
            .map_err(|e| ApiError::Internal(format!("export of evaluation {id}: {e}")))?;
        let name = format!(
            "{}-{}-{}{}.xlsx",
            detail.record.region,
            detail.record.year,
            detail.record.program.name,
            if detail.sample { "-示例数据" } else { "" }
        );
        Ok(attachment(
            bytes,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            &name,
        ))
    })
    .await
}
