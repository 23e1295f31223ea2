//! API errors as JSON, one contract for every refusal: [`ErrorBody`] (`{error, message,
//! errors?}`, shared with the dashboard that reads it) with a stable English `error` code, a
//! Chinese `message` a person can act on (the dashboard shows it as is), and for rejected
//! imports the list of records and fields at fault. Internal failures are logged, not shown.
//!
//! [`json_errors`] is the safety net behind the handlers: a refusal produced outside them (an
//! unknown method, a layer's own answer) is rewritten into the same shape.
//!
//! Refusals of a request as a whole name what is at fault in `errors[].field` as record
//! problems do: the query parameter, the header (`Origin`, `X-CSRF-Token`, `Content-Type`,
//! `Host`) or `body`.

use std::time::Duration;

use axum::Json;
use axum::http::header::RETRY_AFTER;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use fundlens_shared::error::{ErrorBody, RecordError};
use fundlens_store::AccountError;
use fundlens_store::ImportError;
use fundlens_store::StorageError;
use fundlens_store::VersionError;

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
    /// 400: the body cannot be read (not UTF-8, cut off); `errors` names `body`.
    BadBody(String),
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
    PayloadTooLarge {
        /// The limit in bytes.
        limit: usize,
    },
    /// 415: a write's body is not of a type it accepts.
    UnsupportedType(String),
    /// 421: the `Host` is not this server's (DNS rebinding).
    WrongHost(String),
    /// 422: records are invalid.
    Invalid(Vec<RecordError>),
    /// Any other refusal with its status, stable code and Chinese message (an unreadable or
    /// oversized document, a draft changed meanwhile).
    Refused(StatusCode, &'static str, String),
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

    /// A refusal of what was asked, as the audit log writes it: the stable code, the first
    /// field named (may be empty) and the Chinese message of its first record; `None` for
    /// what is not a refusal of the request's content (a failure, a busy store, an unknown
    /// id, a malformed request).
    pub(crate) fn refusal(&self) -> Option<(&'static str, String, String)> {
        let first = |code, errors: &[RecordError], fallback: &str| {
            let (field, message) = errors.first().map_or_else(
                || (String::new(), fallback.to_owned()),
                |error| (error.field.clone(), error.message.clone()),
            );
            Some((code, field, message))
        };
        match self {
            Self::Invalid(errors) => first("invalid", errors, ""),
            Self::Conflict(errors) => first("conflict", errors, ""),
            Self::Forbidden(message, errors) => first("forbidden", errors, message),
            Self::Refused(_, code, message) => Some((code, String::new(), message.clone())),
            _ => None,
        }
    }

    /// A 403 naming one field or header.
    pub(crate) fn forbidden(field: &str, message: String) -> Self {
        Self::Forbidden(message.clone(), vec![field_error(field, message)])
    }
}

/// A problem with the request as a whole, named by its field, parameter or header.
pub(crate) fn field_error(field: &str, message: String) -> RecordError {
    RecordError {
        record: 0,
        key: None,
        field: field.to_owned(),
        message,
    }
}

impl From<fundlens_documents::write::WriteError> for ApiError {
    fn from(error: fundlens_documents::write::WriteError) -> Self {
        Self::Internal(error.to_string())
    }
}

impl From<StorageError> for ApiError {
    fn from(error: StorageError) -> Self {
        match error {
            StorageError::Busy | StorageError::Collision => Self::Busy,
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

impl From<VersionError> for ApiError {
    fn from(error: VersionError) -> Self {
        match error {
            VersionError::NotFound => Self::NotFound("没有这条评价记录".to_owned()),
            VersionError::Import(error) => error.into(),
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

/// How long a client is told to wait before trying a busy write again.
const RETRY_BUSY: Duration = Duration::from_secs(5);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut retry_after = None;
        let named = |field: &str, message: &str| vec![field_error(field, message.to_owned())];
        let (status, code, message, errors) = match self {
            Self::BadRequest(message) => (StatusCode::BAD_REQUEST, "bad_request", message, vec![]),
            Self::BadBody(message) => {
                let errors = named("body", &message);
                (StatusCode::BAD_REQUEST, "bad_request", message, errors)
            }
            Self::BadParameter { name, message } => {
                let errors = named(&name, &message);
                (
                    StatusCode::BAD_REQUEST,
                    "bad_parameter",
                    format!("查询参数 {name}：{message}"),
                    errors,
                )
            }
            Self::Unauthorized(message) => {
                (StatusCode::UNAUTHORIZED, "unauthorized", message, vec![])
            }
            Self::Forbidden(message, errors) => {
                (StatusCode::FORBIDDEN, "forbidden", message, errors)
            }
            Self::NotFound(message) => (StatusCode::NOT_FOUND, "not_found", message, vec![]),
            Self::Conflict(errors) => (
                StatusCode::CONFLICT,
                "conflict",
                format!(
                    "{} 条记录已存在，未写入任何数据；如要覆盖，请加 ?replace=true 重新提交",
                    errors.len()
                ),
                errors,
            ),
            Self::PayloadTooLarge { limit } => {
                let message = format!(
                    "请求内容超过上限 {} MB，未写入任何数据；请分批提交",
                    limit / (1024 * 1024)
                );
                let errors = named("body", &message);
                (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large", message, errors)
            }
            Self::UnsupportedType(message) => {
                let errors = named("Content-Type", &message);
                (
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    "unsupported_media_type",
                    message,
                    errors,
                )
            }
            Self::WrongHost(message) => {
                let errors = named("Host", &message);
                (
                    StatusCode::MISDIRECTED_REQUEST,
                    "host_not_allowed",
                    message,
                    errors,
                )
            }
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
                "尚未创建管理员账号，暂不接受写入；请在服务器上运行 fundlens user add 名称 --role admin"
                    .to_owned(),
                vec![],
            ),
            Self::Refused(status, code, message) => (status, code, message, vec![]),
            Self::Internal(detail) => {
                tracing::error!(%detail, "request failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal",
                    "服务器内部错误，详情见服务器日志".to_owned(),
                    vec![],
                )
            }
        };
        let mut response = (
            status,
            Json(ErrorBody {
                error: code.to_owned(),
                message,
                errors,
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
        error: code.to_owned(),
        message: message.to_owned(),
        errors: Vec::new(),
    };
    (status, Json(body)).into_response()
}

#[cfg(test)]
mod tests {
    use axum::body::to_bytes;

    use super::*;

    async fn body_of(response: Response) -> String {
        let bytes = to_bytes(response.into_body(), usize::MAX)
            .await
            .expect("a body");
        String::from_utf8(bytes.to_vec()).expect("UTF-8")
    }

    #[tokio::test]
    async fn refusals_are_written_as_the_shared_error_body() {
        let invalid = ApiError::Invalid(vec![RecordError::field("year", "“二〇二二”不是年份")]);
        assert_eq!(
            body_of(invalid.into_response()).await,
            r#"{"error":"invalid","message":"发现 1 处问题，未写入任何数据","errors":[{"record":0,"key":null,"field":"year","message":"“二〇二二”不是年份"}]}"#
        );
        let missing = ApiError::NotFound("没有这条评价记录".to_owned());
        assert_eq!(
            body_of(missing.into_response()).await,
            r#"{"error":"not_found","message":"没有这条评价记录"}"#
        );
        let plain = (StatusCode::METHOD_NOT_ALLOWED, "").into_response();
        assert_eq!(
            body_of(json_errors(plain).await).await,
            r#"{"error":"method_not_allowed","message":"此接口不支持该请求方法"}"#
        );
    }
}
