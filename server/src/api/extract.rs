//! Extractors whose refusals speak the API's error contract: query parameters read into typed
//! structs (a wrong value names the parameter and lists the allowed ones, in Chinese). Bodies
//! are read by [`super::body`], after a write's turn has come.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use fundlens_shared::wire_error::in_chinese;
use serde::de::DeserializeOwned;

use super::ApiError;

/// Query parameters deserialised into `T`. An empty value (`year=`) counts as absent, the way
/// a cleared filter in a URL reads.
#[derive(Debug)]
pub(crate) struct ApiQuery<T>(pub(crate) T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, ApiError> {
        parse_query(parts.uri.query().unwrap_or_default()).map(Self)
    }
}

/// Reads a query string into `T`, naming the parameter at fault.
fn parse_query<T: DeserializeOwned>(query: &str) -> Result<T, ApiError> {
    let given: String = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(
            form_urlencoded::parse(query.as_bytes()).filter(|(_, value)| !value.trim().is_empty()),
        )
        .finish();
    let deserializer =
        serde_urlencoded::Deserializer::new(form_urlencoded::parse(given.as_bytes()));
    serde_path_to_error::deserialize(deserializer).map_err(|error| {
        let path = error.path().to_string();
        let inner = error.inner().to_string();
        match inner.strip_prefix("missing field ") {
            Some(name) => ApiError::parameter(name.trim_matches('`'), "必填"),
            None => ApiError::parameter(path, in_chinese(&inner)),
        }
    })
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::*;

    #[derive(Debug, Deserialize)]
    struct Params {
        year: Option<i32>,
        source: Option<fundlens_shared::query::Source>,
    }

    fn message(error: ApiError) -> String {
        match error {
            ApiError::BadParameter { name, message } => format!("{name}: {message}"),
            other => panic!("not a parameter error: {other:?}"),
        }
    }

    #[test]
    fn a_wrong_parameter_is_named_and_explained_in_chinese() {
        let error = parse_query::<Params>("year=abc").expect_err("refused");
        assert_eq!(message(error), "year: 不是有效的整数");
        let error = parse_query::<Params>("source=bogus").expect_err("refused");
        assert_eq!(
            message(error),
            "source: 取值 bogus 无效，可选：all、real、sample"
        );
    }

    #[test]
    fn empty_values_are_absent_and_good_values_read() {
        let params: Params = parse_query("year=&source=real").expect("reads");
        assert_eq!(params.year, None);
        assert_eq!(params.source, Some(fundlens_shared::query::Source::Real));
    }
}
