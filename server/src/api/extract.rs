//! Extractors whose refusals speak the API's error contract: query parameters read into the
//! typed questions of `shared::query` by its one reader (a wrong value names the parameter and
//! lists the allowed ones, in Chinese). Bodies are read by [`super::body`], after a write's
//! turn has come.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use fundlens_shared::query;
use serde::de::DeserializeOwned;

use super::ApiError;

/// Query parameters deserialised into `T` by [`query::read`]. An empty value (`year=`) counts
/// as absent, the way a cleared filter in a URL reads.
#[derive(Debug)]
pub(crate) struct ApiQuery<T>(pub(crate) T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, ApiError> {
        query::read(parts.uri.query().unwrap_or_default())
            .map(Self)
            .map_err(|error| ApiError::parameter(error.parameter, error.message))
    }
}
