//! API errors as JSON: a status, a message a person can act on, and for rejected imports the
//! list of records and fields at fault. Internal failures are logged, not shown.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::storage::StorageError;
use crate::storage::import::{ImportError, RecordError};

/// Everything a handler can answer instead of data.
#[derive(Debug)]
pub enum ApiError {
    /// 400: a query parameter is wrong.
    BadRequest(String),
    /// 404: nothing at this id or name.
    NotFound(String),
    /// 409: records exist and replacing was not asked for.
    Conflict(Vec<RecordError>),
    /// 422: records are invalid.
    Invalid(Vec<RecordError>),
    /// Any other refusal with its status, stable code and Chinese message (an unreadable or
    /// oversized document, a draft changed meanwhile).
    Refused(StatusCode, &'static str, String),
    /// 500: the store failed.
    Internal(String),
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
            Self::BadRequest(message) => (StatusCode::BAD_REQUEST, "bad_request", message.clone(), &[][..]),
            Self::NotFound(message) => (StatusCode::NOT_FOUND, "not_found", message.clone(), &[][..]),
            Self::Conflict(errors) => (
                StatusCode::CONFLICT,
                "conflict",
                "some records already exist; nothing was written. Send ?replace=true to overwrite them.".to_owned(),
                errors.as_slice(),
            ),
            Self::Invalid(errors) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid",
                format!("{} problem(s) found; nothing was written", errors.len()),
                errors.as_slice(),
            ),
            Self::Refused(status, code, message) => (*status, *code, message.clone(), &[][..]),
            Self::Internal(detail) => {
                tracing::error!(%detail, "request failed");
                (StatusCode::INTERNAL_SERVER_ERROR, "internal", "the server failed; see its log".to_owned(), &[][..])
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
