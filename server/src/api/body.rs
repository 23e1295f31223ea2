//! Request bodies for writes: read only after the handler is ready for them (an import first
//! waits for its turn, so queued requests hold no bodies), limited to [`BODY_LIMIT`] (413 in
//! the JSON error shape beyond it), UTF-8 (400 naming `body` otherwise) with a leading BOM
//! dropped, and JSON bodies deserialised with the path of a bad field named.

use axum::body::Body;
use http_body_util::LengthLimitError;
use serde::de::DeserializeOwned;

use super::ApiError;
use super::error::field_error;

/// Largest request body accepted (an import of a few thousand evaluations).
pub const BODY_LIMIT: usize = 64 * 1024 * 1024;

/// The body as text.
///
/// # Errors
/// 413 beyond [`BODY_LIMIT`]; 400 when it is not UTF-8 or the connection fails mid-body.
pub(crate) async fn text(body: Body) -> Result<String, ApiError> {
    let bytes = axum::body::to_bytes(body, BODY_LIMIT)
        .await
        .map_err(|error| {
            let inner = error.into_inner();
            if inner.downcast_ref::<LengthLimitError>().is_some() {
                ApiError::PayloadTooLarge { limit: BODY_LIMIT }
            } else {
                ApiError::BadBody(format!("请求内容未能完整接收：{inner}"))
            }
        })?;
    let mut text = String::from_utf8(bytes.into()).map_err(|error| {
        ApiError::BadBody(format!(
            "请求内容不是 UTF-8 文本（第 {} 个字节起无法解码）；请以 UTF-8 编码提交",
            error.utf8_error().valid_up_to() + 1
        ))
    })?;
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    Ok(text)
}

/// The body as JSON of type `T`, a bad field named by its path.
///
/// # Errors
/// As [`text`]; 422 naming the field when the JSON does not fit `T`.
pub(crate) async fn json<T: DeserializeOwned>(body: Body) -> Result<T, ApiError> {
    let text = text(body).await?;
    let deserializer = &mut serde_json::Deserializer::from_str(&text);
    serde_path_to_error::deserialize(deserializer).map_err(|error| {
        let path = error.path().to_string();
        let field = if path == "." { String::new() } else { path };
        ApiError::Invalid(vec![field_error(
            &field,
            format!("无法读取：{}", error.inner()),
        )])
    })
}
