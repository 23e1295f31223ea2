//! The server's JSON API as async functions returning the `shared` types (`fundlens_shared::api`),
//! with failures turned into an [`ApiError`] whose text a reader can act on (in Chinese): a
//! refusal is read as the server wrote it, [`ErrorBody`] with the fields at fault.
//!
//! Only fetching and decoding live here; what a page does with the answer is the page's.

use std::fmt;

use fundlens_shared::account::{LoginRequest, Me};
use fundlens_shared::api::{
    Briefing, Catalogue, Comparison, EvaluationDetail, EvaluationList, FundingPoint,
    IndicatorCatalogue, IndicatorHistory, MetricPoint, ScoreGrid, ScorePoint, Trend,
};
use fundlens_shared::audit_log::AuditPage;
use fundlens_shared::batch::{BatchConfirm, BatchUpload, ConfirmDrafts, DraftConflict};
use fundlens_shared::comparison::YearComparison;
use fundlens_shared::draft::{DraftCorrections, DraftDetail, DraftSummary, FieldChange};
use fundlens_shared::error::{ErrorBody, RecordError};
use fundlens_shared::query::{
    AuditQuery, BriefingQuery, CatalogueQuery, CompareQuery, DetailQuery, DiffQuery, FilterQuery,
    GridQuery, HistoryQuery, ImportQuery, ListQuery, MetricQuery, MetricSetQuery, ResultsQuery,
    Source, YearsQuery, url,
};
use fundlens_shared::results::View;
use fundlens_shared::results::fund::FundYears;
use fundlens_shared::results::summary::ResultsAnswer;
use fundlens_shared::revision::{RevisionDiff, VersionList};
use gloo_net::http::{Request, RequestBuilder, Response};
use serde::de::DeserializeOwned;

/// Why an API answer could not be had.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ApiError {
    /// The request did not reach the server (it is down, or the network is).
    Network(String),
    /// The server has no such record (HTTP 404), in its words.
    NotFound(ErrorBody),
    /// Any other refusal or failure, with its HTTP status and the server's error body.
    Status(u16, ErrorBody),
    /// The answer was not the JSON expected.
    Decode(String),
}

impl ApiError {
    /// A 404 of the page's own, for a URL that cannot name a record.
    pub(crate) fn not_found(message: String) -> Self {
        Self::NotFound(ErrorBody {
            error: "not_found".to_owned(),
            message,
            errors: Vec::new(),
        })
    }

    /// The server's or the browser's own words, for a "技术信息" note under the message.
    pub(crate) fn detail(&self) -> &str {
        match self {
            Self::Network(detail) | Self::Decode(detail) => detail,
            Self::NotFound(body) | Self::Status(_, body) => &body.message,
        }
    }

    /// The server's stable code of a refusal (`conflict`, `invalid`, …).
    pub(crate) fn code(&self) -> Option<&str> {
        match self {
            Self::NotFound(body) | Self::Status(_, body) => Some(&body.error),
            Self::Network(_) | Self::Decode(_) => None,
        }
    }

    /// The records, fields, parameters or headers the server named as at fault (its
    /// `errors[]`); empty when it named none or never answered.
    pub(crate) fn errors(&self) -> &[RecordError] {
        match self {
            Self::NotFound(body) | Self::Status(_, body) => &body.errors,
            Self::Network(_) | Self::Decode(_) => &[],
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Network(_) => f.write_str("无法连接服务器，请确认服务正在运行后刷新页面。"),
            Self::NotFound(_) => f.write_str("未找到所请求的数据。"),
            Self::Status(401, _) => f.write_str("需要登录：请先登录，或会话已过期请重新登录。"),
            Self::Status(403 | 409 | 422 | 429 | 503, body) => f.write_str(&body.message),
            Self::Status(status, _) if *status < 500 => {
                write!(f, "请求的条件有误，服务器未能处理（HTTP {status}）。")
            }
            Self::Status(status, _) => {
                write!(f, "服务器内部错误（HTTP {status}），请稍后重试。")
            }
            Self::Decode(_) => f.write_str(
                "服务器返回的数据无法识别，请刷新页面（可能是页面与服务器版本不一致）。",
            ),
        }
    }
}

/// What an API call gives.
pub(crate) type ApiResult<T> = Result<T, ApiError>;

/// GET `url` and decode its JSON body as `T`.
async fn get<T: DeserializeOwned>(url: &str) -> ApiResult<T> {
    let body = fetch_text(url).await?;
    serde_json::from_str(&body).map_err(|error| ApiError::Decode(error.to_string()))
}

/// GET `url`: the body of a 2xx answer, or the error (one copy of the fetching code for every
/// answer type).
async fn fetch_text(url: &str) -> ApiResult<String> {
    let response = Request::get(url)
        .send()
        .await
        .map_err(|error| ApiError::Network(error.to_string()))?;
    answer_text(response).await
}

/// A write: `request` with a JSON body (`{}` when none) and the session's CSRF token, as the
/// server's access layer requires; the body of a 2xx answer, or the error.
async fn write(
    request: RequestBuilder,
    csrf: Option<&str>,
    body: Option<String>,
) -> ApiResult<String> {
    let mut request = request.header("Content-Type", "application/json");
    if let Some(token) = csrf {
        request = request.header("X-CSRF-Token", token);
    }
    let response = request
        .body(body.unwrap_or_else(|| "{}".to_owned()))
        .map_err(|error| ApiError::Network(error.to_string()))?
        .send()
        .await
        .map_err(|error| ApiError::Network(error.to_string()))?;
    answer_text(response).await
}

/// The body of a 2xx answer, or the error.
async fn answer_text(response: Response) -> ApiResult<String> {
    let status = response.status();
    let body = response
        .text()
        .await
        .map_err(|error| ApiError::Network(error.to_string()))?;
    match status {
        200..=299 => Ok(body),
        404 => Err(ApiError::NotFound(error_body(status, &body))),
        _ => Err(ApiError::Status(status, error_body(status, &body))),
    }
}

/// The server's error body; a body of another shape (a proxy's page, a cut-off answer) reads
/// as a refusal without reasons, code `unknown`, saying so in Chinese with the HTTP status.
fn error_body(status: u16, body: &str) -> ErrorBody {
    serde_json::from_str(body).unwrap_or_else(|_| ErrorBody {
        error: "unknown".to_owned(),
        message: format!("服务器未说明原因（HTTP {status}）"),
        errors: Vec::new(),
    })
}

/// `GET /api/catalogue`: years, regions, programs and metrics with their counts, and how many
/// evaluations are sample data, in one answer.
pub(crate) async fn catalogue() -> ApiResult<Catalogue> {
    get("/api/catalogue").await
}

/// `GET /api/indicators?q=&region=&program=&limit=…`: the indicator names (三级指标)
/// containing the text, most rows first, with their counts and the number of names in all.
pub(crate) async fn indicator_catalogue(query: CatalogueQuery) -> ApiResult<IndicatorCatalogue> {
    get(&url("/api/indicators", &query)).await
}

/// `GET /api/evaluations?…`: a page of the list.
pub(crate) async fn evaluations(query: ListQuery) -> ApiResult<EvaluationList> {
    get(&url("/api/evaluations", &query)).await
}

/// `GET /api/evaluations/{id}`.
pub(crate) async fn evaluation(id: i64) -> ApiResult<EvaluationDetail> {
    get(&format!("/api/evaluations/{id}")).await
}

/// `GET /api/evaluations/{id}/years`: the fund's years side by side.
pub(crate) async fn fund_years(id: i64) -> ApiResult<FundYears> {
    get(&format!("/api/evaluations/{id}/years")).await
}

/// `GET /api/trends/funding?region=&program=…`.
pub(crate) async fn funding_trend(query: FilterQuery) -> ApiResult<Trend<FundingPoint>> {
    get(&url("/api/trends/funding", &query)).await
}

/// `GET /api/compare/years?a=&b=&region=&program=`: two years side by side with every change.
pub(crate) async fn compare_years(query: YearsQuery) -> ApiResult<YearComparison> {
    get(&url("/api/compare/years", &query)).await
}

/// `GET /api/trends/scores?region=&program=…`.
pub(crate) async fn score_trend(query: FilterQuery) -> ApiResult<Trend<ScorePoint>> {
    get(&url("/api/trends/scores", &query)).await
}

/// `GET /api/trends/metrics?region=&metric=`.
pub(crate) async fn metric_trend(query: MetricQuery) -> ApiResult<Trend<MetricPoint>> {
    get(&url("/api/trends/metrics", &query)).await
}

/// `GET /api/trends/metric-set?region=&metrics=a,b,…`: the trends of `metrics` of `region` in
/// one request, in their order.
pub(crate) async fn metric_set(
    region: String,
    metrics: &[&str],
    source: Option<Source>,
) -> ApiResult<Vec<Trend<MetricPoint>>> {
    let query = MetricSetQuery {
        region: Some(region),
        metrics: Some(metrics.join(",")),
        source,
    };
    get(&url("/api/trends/metric-set", &query)).await
}

/// `GET /api/compare?year=&parent=&measure=`.
pub(crate) async fn compare(query: CompareQuery) -> ApiResult<Comparison> {
    get(&url("/api/compare", &query)).await
}

/// `GET /api/briefing?year=&region=`.
pub(crate) async fn briefing(query: BriefingQuery) -> ApiResult<Briefing> {
    get(&url("/api/briefing", &query)).await
}

/// `GET /api/evaluations/{id}/briefing`.
pub(crate) async fn evaluation_briefing(id: i64) -> ApiResult<Briefing> {
    get(&format!("/api/evaluations/{id}/briefing")).await
}

/// `GET /api/compare/grid?year=&parent=&program=`.
pub(crate) async fn compare_grid(query: GridQuery) -> ApiResult<ScoreGrid> {
    get(&url("/api/compare/grid", &query)).await
}

/// `GET /api/indicators/history?name=&region=&program=&limit=&after=`: a page of one
/// indicator's history.
pub(crate) async fn indicator_history(query: HistoryQuery) -> ApiResult<IndicatorHistory> {
    get(&url("/api/indicators/history", &query)).await
}

/// A write with a JSON body and the session's CSRF token, decoded as `T`.
async fn write_json<T: DeserializeOwned>(
    request: RequestBuilder,
    csrf: Option<&str>,
    body: &impl serde::Serialize,
) -> ApiResult<T> {
    let body = serde_json::to_string(body).map_err(|error| ApiError::Decode(error.to_string()))?;
    let text = write(request, csrf, Some(body)).await?;
    serde_json::from_str(&text).map_err(|error| ApiError::Decode(error.to_string()))
}

/// `POST /api/drafts/batch`: uploads the files (multipart, with the session's CSRF token; a
/// .zip among them is unpacked by the server) and gets what became of each.
pub(crate) async fn upload(
    files: Vec<web_sys::File>,
    csrf: Option<String>,
) -> ApiResult<BatchUpload> {
    let form = web_sys::FormData::new().map_err(|e| ApiError::Network(format!("{e:?}")))?;
    for file in &files {
        form.append_with_blob_and_filename("file", file, &file.name())
            .map_err(|e| ApiError::Network(format!("{e:?}")))?;
    }
    let mut request = Request::post("/api/drafts/batch");
    if let Some(token) = csrf.as_deref() {
        request = request.header("X-CSRF-Token", token);
    }
    let response = request
        .body(form)
        .map_err(|error| ApiError::Network(error.to_string()))?
        .send()
        .await
        .map_err(|error| ApiError::Network(error.to_string()))?;
    let text = answer_text(response).await?;
    serde_json::from_str(&text).map_err(|error| ApiError::Decode(error.to_string()))
}

/// `POST /api/drafts/confirm`: confirms the drafts, each on its own.
pub(crate) async fn confirm_all(drafts: Vec<i64>, csrf: Option<String>) -> ApiResult<BatchConfirm> {
    write_json(
        Request::post("/api/drafts/confirm"),
        csrf.as_deref(),
        &ConfirmDrafts { drafts },
    )
    .await
}

/// `GET /api/drafts/{id}/conflict`: the evaluation the draft would replace and the difference.
pub(crate) async fn conflict(id: i64) -> ApiResult<DraftConflict> {
    get(&format!("/api/drafts/{id}/conflict")).await
}

/// `GET /api/drafts`.
pub(crate) async fn drafts() -> ApiResult<Vec<DraftSummary>> {
    get("/api/drafts").await
}

/// `GET /api/drafts/{id}`.
pub(crate) async fn draft(id: i64) -> ApiResult<DraftDetail> {
    get(&format!("/api/drafts/{id}")).await
}

/// `PUT /api/drafts/{id}`: one correction.
pub(crate) async fn correct(
    id: i64,
    changes: Vec<FieldChange>,
    csrf: Option<String>,
) -> ApiResult<DraftDetail> {
    let body = DraftCorrections { changes };
    write_json(
        Request::put(&format!("/api/drafts/{id}")),
        csrf.as_deref(),
        &body,
    )
    .await
}

/// `POST /api/drafts/{id}/confirm[?replace=true]`.
pub(crate) async fn confirm(
    id: i64,
    replace: bool,
    csrf: Option<String>,
) -> ApiResult<ImportAnswer> {
    let path = url(
        &format!("/api/drafts/{id}/confirm"),
        &ImportQuery { replace },
    );
    let text = write(Request::post(&path), csrf.as_deref(), None).await?;
    serde_json::from_str(&text).map_err(|error| ApiError::Decode(error.to_string()))
}

/// The answer of an import: the ids of the evaluations written.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
pub(crate) struct ImportAnswer {
    /// Ids of the evaluations written.
    pub(crate) ids: Vec<i64>,
}

/// `GET /api/me`: who is signed in, and whether reading needs a login.
pub(crate) async fn me() -> ApiResult<Me> {
    get("/api/me").await
}

/// `POST /api/login`.
pub(crate) async fn login(name: String, password: String) -> ApiResult<Me> {
    let body = serde_json::to_string(&LoginRequest { name, password })
        .map_err(|error| ApiError::Decode(error.to_string()))?;
    let text = write(Request::post("/api/login"), None, Some(body)).await?;
    serde_json::from_str(&text).map_err(|error| ApiError::Decode(error.to_string()))
}

/// `POST /api/logout`.
pub(crate) async fn logout(csrf: Option<String>) -> ApiResult<()> {
    write(Request::post("/api/logout"), csrf.as_deref(), None)
        .await
        .map(drop)
}

/// `GET /api/evaluations/{id}/versions`.
pub(crate) async fn versions(id: i64) -> ApiResult<VersionList> {
    get(&format!("/api/evaluations/{id}/versions")).await
}

/// `GET /api/evaluations/{id}/diff?from=&to=`.
pub(crate) async fn diff(id: i64, from: u32, to: u32) -> ApiResult<RevisionDiff> {
    let query = DiffQuery {
        from: Some(from),
        to: Some(to),
    };
    get(&url(&format!("/api/evaluations/{id}/diff"), &query)).await
}

/// `DELETE /api/evaluations/{id}` (a soft delete).
pub(crate) async fn delete_evaluation(id: i64, csrf: Option<String>) -> ApiResult<()> {
    write(
        Request::delete(&format!("/api/evaluations/{id}")),
        csrf.as_deref(),
        None,
    )
    .await
    .map(drop)
}

/// `POST /api/evaluations/{id}/restore`.
pub(crate) async fn restore_evaluation(id: i64, csrf: Option<String>) -> ApiResult<()> {
    write(
        Request::post(&format!("/api/evaluations/{id}/restore")),
        csrf.as_deref(),
        None,
    )
    .await
    .map(drop)
}

/// `GET /api/results/{view}?year=&region=&limit=&offset=`: a view of 结果应用, its headline
/// figures and one page of rows.
pub(crate) async fn results(view: View, query: ResultsQuery) -> ApiResult<ResultsAnswer> {
    get(&url(view.api_path(), &query)).await
}

/// `GET /api/audit?before=`: the newest entries first.
pub(crate) async fn audit(query: AuditQuery) -> ApiResult<AuditPage> {
    get(&url("/api/audit", &query)).await
}

/// The in-app link to one evaluation, optionally with a row selected.
pub(crate) fn evaluation_link(id: i64, row: Option<&str>) -> String {
    let query = DetailQuery {
        row: row.map(str::to_owned),
        ..DetailQuery::default()
    };
    url(&format!("/evaluations/{id}"), &query)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_messages_are_taken_from_json_errors() {
        assert_eq!(
            error_body(
                404,
                r#"{"error":"not_found","message":"no evaluation with id 9"}"#
            )
            .message,
            "no evaluation with id 9"
        );
        assert_eq!(
            error_body(502, "plain").message,
            "服务器未说明原因（HTTP 502）"
        );
    }

    #[test]
    fn the_fields_at_fault_are_read_typed() {
        let body = r#"{"error":"invalid","message":"发现 1 处问题，未写入任何数据","errors":[{"record":0,"key":null,"field":"indicators[2].weight","message":"“五分”不是数值"}]}"#;
        let error = ApiError::Status(422, error_body(422, body));
        assert_eq!(error.to_string(), "发现 1 处问题，未写入任何数据");
        assert_eq!(
            error.errors(),
            [RecordError::field("indicators[2].weight", "“五分”不是数值")]
        );
        assert!(ApiError::Network("offline".to_owned()).errors().is_empty());
    }

    #[test]
    fn errors_read_in_chinese() {
        let error = ApiError::Status(
            500,
            error_body(500, r#"{"error":"internal","message":"boom"}"#),
        );
        assert_eq!(
            error.to_string(),
            "服务器内部错误（HTTP 500），请稍后重试。"
        );
        assert_eq!(error.detail(), "boom");
    }
}
