//! API errors as JSON, one contract for every refusal: `{error, message, errors?}` with a stable
//! English `error` code, a Chinese `message` a person can act on (the dashboard shows it as is),
//! and for rejected imports the list of records and fields at fault. Internal failures are
//! logged, not shown.
//!
//! [`json_errors`] is the safety net behind the handlers: a refusal produced outside them (an
//! unknown method, a layer's own answer) is rewritten into the same shape.

use axum::Json;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::storage::StorageError;
use crate::storage::import::{ImportError, RecordError};

/// Everything a handler can answer instead of data.
#[derive(Debug)]
pub enum ApiError {
    /// 400: the request as a whole is wrong (its body, a combination of parameters).
    BadRequest(String),
    /// 400: one query parameter is missing or wrong; the message names it.
    BadParameter {
        /// The parameter's name (`year`).
        name: String,
        /// What is wrong with it, in Chinese.
        message: String,
    },
    /// 404: nothing at this id or name.
    NotFound(String),
    /// 409: records exist and replacing was not asked for.
    Conflict(Vec<RecordError>),
    /// 413: the body is larger than the limit.
    PayloadTooLarge {
        /// The limit in bytes.
        limit: usize,
    },
    /// 422: records are invalid.
    Invalid(Vec<RecordError>),
    /// 500: the store failed.
    Internal(String),
}

impl ApiError {
    /// A missing or wrong query parameter.
    pub(crate) fn parameter(name: impl Into<String>, message: impl Into<String>) -> Self {
        Self::BadParameter {
            name: name.into(),
            message: message.into(),
        }
    }

    /// A required query parameter that was not given.
    pub(crate) fn missing(name: &str, what: &str) -> Self {
        Self::parameter(name, format!("必填，应为{what}"))
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
        Self::Internal(error.to_string())
    }
}

impl From<ImportError> for ApiError {
    fn from(error: ImportError) -> Self {
        match error {
            ImportError::Invalid(errors) => Self::Invalid(errors),
            ImportError::Conflict(errors) => Self::Conflict(errors),
            ImportError::Storage(error) => error.into(),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code, message, errors) = match &self {
            Self::BadRequest(message) => (
                StatusCode::BAD_REQUEST,
                "bad_request",
                message.clone(),
                &[][..],
            ),
            Self::BadParameter { name, message } => (
                StatusCode::BAD_REQUEST,
                "bad_parameter",
                format!("查询参数 {name}：{message}"),
                &[][..],
            ),
            Self::NotFound(message) => {
                (StatusCode::NOT_FOUND, "not_found", message.clone(), &[][..])
            }
            Self::Conflict(errors) => (
                StatusCode::CONFLICT,
                "conflict",
                format!(
                    "{} 条记录已存在，未写入任何数据；如要覆盖，请加 ?replace=true 重新提交",
                    errors.len()
                ),
                errors.as_slice(),
            ),
            Self::PayloadTooLarge { limit } => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload_too_large",
                format!(
                    "请求内容超过上限 {} MB，未写入任何数据；请分批提交",
                    limit / (1024 * 1024)
                ),
                &[][..],
            ),
            Self::Invalid(errors) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid",
                format!("发现 {} 处问题，未写入任何数据", errors.len()),
                errors.as_slice(),
            ),
            Self::Internal(detail) => {
                tracing::error!(%detail, "request failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal",
                    "服务器内部错误，详情见服务器日志".to_owned(),
                    &[][..],
                )
            }
        };
        (
            status,
            Json(ErrorBody {
                error: code,
                message,
                errors,
            }),
        )
            .into_response()
    }
}

/// Rewrites a refusal that is not already JSON (an unknown method under `/api`, a layer's own
/// answer) into the error shape, with a code and a Chinese message for its status.
pub(crate) async fn json_errors(response: Response) -> Response {
    let status = response.status();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("application/json"));
    if !(status.is_client_error() || status.is_server_error()) || is_json {
        return response;
    }
    let (code, message) = match status {
        StatusCode::METHOD_NOT_ALLOWED => ("method_not_allowed", "此接口不支持该请求方法"),
        StatusCode::NOT_FOUND => ("not_found", "没有这个接口，请参阅 README 的“API”一节"),
        StatusCode::PAYLOAD_TOO_LARGE => ("payload_too_large", "请求内容超过上限，未写入任何数据"),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => ("unsupported_media_type", "不支持该内容类型"),
        status if status.is_server_error() => ("internal", "服务器内部错误，详情见服务器日志"),
        _ => ("bad_request", "请求无效"),
    };
    let body = ErrorBody {
        error: code,
        message: message.to_owned(),
        errors: &[],
    };
    (status, Json(body)).into_response()
}
