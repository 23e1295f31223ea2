//! API errors as JSON `{error, message, errors?}`: a status, a stable English `error` code, a
//! Chinese `message` a person can act on, and the records or fields at fault. Internal failures
//! are logged, not shown. Refusals of a request as a whole (a header, the body) name the
//! header or `body` in `errors[].field`, as record problems name their field.

use std::time::Duration;

use axum::Json;
use axum::http::header::RETRY_AFTER;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::storage::StorageError;
use crate::storage::accounts::AccountError;
use crate::storage::history::HistoryError;
use crate::storage::import::{ImportError, RecordError};

/// Everything a handler can answer instead of data.
#[derive(Debug)]
pub enum ApiError {
    /// 400: a query parameter is wrong.
    BadRequest(String),
    /// 401: the caller must sign in (or their session ended).
    Unauthorized(String),
    /// 403: signed in, but this account may not do this (or the request came from another
    /// site); the errors name the field or header.
    Forbidden(String, Vec<RecordError>),
    /// 404: nothing at this id or name.
    NotFound(String),
    /// 409: records exist and replacing was not asked for.
    Conflict(Vec<RecordError>),
    /// 413: the body is larger than the limit.
    TooLarge(usize),
    /// 415: a write's body is not of a type it accepts.
    UnsupportedType(String),
    /// 421: the `Host` is not this server's (DNS rebinding).
    WrongHost(String),
    /// 422: records are invalid.
    Invalid(Vec<RecordError>),
    /// 429: too many failed logins; try again after this long.
    TooManyAttempts(Duration),
    /// 503: the database stayed busy with another write; try again.
    Busy,
    /// 503: writes wait until an admin account exists.
    NoAdmin,
    /// 500: the store failed.
    Internal(String),
}

impl ApiError {
    /// A 403 naming one field or header.
    pub(crate) fn forbidden(field: &str, message: String) -> Self {
        Self::Forbidden(message.clone(), vec![field_error(field, message)])
    }
}

/// A problem with the request as a whole, named by its field or header.
pub(crate) fn field_error(field: &str, message: String) -> RecordError {
    RecordError {
        record: 0,
        key: None,
        field: field.to_owned(),
        message,
    }
}

#[derive(Debug, Serialize)]
struct ErrorBody<'a> {
    error: &'a str,
    message: String,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    errors: &'a [RecordError],
}

impl From<StorageError> for ApiError {
    fn from(error: StorageError) -> Self {
        match error {
            StorageError::Busy => Self::Busy,
            other => Self::Internal(other.to_string()),
        }
    }
}

impl From<ImportError> for ApiError {
    fn from(error: ImportError) -> Self {
        match error {
            ImportError::Invalid(errors) => Self::Invalid(errors),
            ImportError::Conflict(errors) => Self::Conflict(errors),
            ImportError::Forbidden(errors) => Self::Forbidden(
                format!(
                    "{} 条记录超出本账号可填报的地区；未写入任何数据",
                    errors.len()
                ),
                errors,
            ),
            ImportError::Storage(error) => error.into(),
        }
    }
}

impl From<HistoryError> for ApiError {
    fn from(error: HistoryError) -> Self {
        match error {
            HistoryError::NotFound => Self::NotFound("没有这条评价记录".to_owned()),
            HistoryError::Import(error) => error.into(),
        }
    }
}

impl From<AccountError> for ApiError {
    fn from(error: AccountError) -> Self {
        match error {
            AccountError::Exists(name) => {
                Self::Conflict(vec![field_error("name", format!("账号“{name}”已存在"))])
            }
            AccountError::NotFound(name) => Self::NotFound(format!("没有名为“{name}”的账号")),
            AccountError::UnknownRegion(name) => Self::Invalid(vec![field_error(
                "region",
                format!("地区“{name}”不在地区目录中"),
            )]),
            AccountError::Storage(error) => error.into(),
        }
    }
}

/// Seconds a client is told to wait before trying a busy write again.
const RETRY_BUSY: Duration = Duration::from_secs(5);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut retry_after = None;
        let one = |field: &str, message: &str| vec![field_error(field, message.to_owned())];
        let (status, code, message, errors) = match self {
            Self::BadRequest(message) => (StatusCode::BAD_REQUEST, "bad_request", message, vec![]),
            Self::Unauthorized(message) => (StatusCode::UNAUTHORIZED, "unauthorized", message, vec![]),
            Self::Forbidden(message, errors) => (StatusCode::FORBIDDEN, "forbidden", message, errors),
            Self::NotFound(message) => (StatusCode::NOT_FOUND, "not_found", message, vec![]),
            Self::Conflict(errors) => (
                StatusCode::CONFLICT,
                "conflict",
                "部分记录已存在，未写入任何数据；如需覆盖，请以替换方式（replace=true）重新提交".to_owned(),
                errors,
            ),
            Self::TooLarge(limit) => {
                let message = format!("请求内容超过 {} MB 的上限，未写入任何数据；请分批提交", limit / (1024 * 1024));
                (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large", message.clone(), one("body", &message))
            }
            Self::UnsupportedType(message) => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                message.clone(),
                one("Content-Type", &message),
            ),
            Self::WrongHost(message) => (
                StatusCode::MISDIRECTED_REQUEST,
                "host_not_allowed",
                message.clone(),
                one("Host", &message),
            ),
            Self::Invalid(errors) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid",
                format!("发现 {} 处问题，未写入任何数据", errors.len()),
                errors,
            ),
            Self::TooManyAttempts(wait) => {
                let seconds = wait.as_secs().max(1);
                retry_after = Some(seconds);
                (
                    StatusCode::TOO_MANY_REQUESTS,
                    "too_many_attempts",
                    format!("登录失败次数过多，请 {seconds} 秒后再试"),
                    vec![],
                )
            }
            Self::Busy => {
                retry_after = Some(RETRY_BUSY.as_secs());
                (
                    StatusCode::SERVICE_UNAVAILABLE,
                    "busy",
                    "数据库正忙于另一项写入，未写入任何数据；请稍后重试".to_owned(),
                    vec![],
                )
            }
            Self::NoAdmin => (
                StatusCode::SERVICE_UNAVAILABLE,
                "no_admin",
                "尚未创建管理员账号，暂不接受写入；请在服务器上运行 fundlens user add 名称 --role admin".to_owned(),
                vec![],
            ),
            Self::Internal(detail) => {
                tracing::error!(%detail, "request failed");
                (StatusCode::INTERNAL_SERVER_ERROR, "internal", "服务器内部错误，详情见服务器日志".to_owned(), vec![])
            }
        };
        let mut response = (
            status,
            Json(ErrorBody {
                error: code,
                message,
                errors: &errors,
            }),
        )
            .into_response();
        if let Some(seconds) = retry_after {
            response
                .headers_mut()
                .insert(RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}
