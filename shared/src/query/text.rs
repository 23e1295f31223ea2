//! Query strings as text: the one writer ([`write`], and [`url`] around it) and the one reader
//! ([`read`], and [`read_lenient`] for a page's own URL). Both leave out absent and blank
//! values the same way, so what one writes the other reads back unchanged.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::wire_error::in_chinese;

/// Every byte but the unreserved characters of RFC 3986 (`A–Z a–z 0–9 - _ . ~`).
const RESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// `text` percent-encoded as UTF-8 for a query value, a path segment or a download's file name
/// (Chinese region and fund names): `区 a-1` → `%E5%8C%BA%20a-1`. Query strings are encoded by
/// [`write`] through it; path segments and file names call it themselves.
pub fn percent_encode(text: &str) -> String {
    utf8_percent_encode(text, RESERVED).to_string()
}

/// A value that counts as absent: empty or only spaces (`year=`, a cleared filter).
fn blank(value: &str) -> bool {
    value.trim().is_empty()
}

/// The query string of `value` (a query type of this module, or `(key, value)` pairs), without
/// the `?`: its parameters in the order of the type's fields, keys and values encoded with
/// [`percent_encode`], absent (`None`) and blank values left out — `year=2024&region=%E8%B5%AB…`,
/// or the empty string when nothing is left.
///
/// Only flat values can be written (structs or pairs of scalars, strings and the values of
/// this module); the query types are, and their tests write each of them.
pub fn write<T: Serialize + ?Sized>(value: &T) -> String {
    // serde_urlencoded turns the fields into pairs (form-encoded, and it cannot fail on a flat
    // value); they are read back and encoded the one way every FundLens URL is.
    let form = serde_urlencoded::to_string(value).unwrap_or_default();
    form_urlencoded::parse(form.as_bytes())
        .filter(|(_, value)| !blank(value))
        .map(|(key, value)| format!("{}={}", percent_encode(&key), percent_encode(&value)))
        .collect::<Vec<_>>()
        .join("&")
}

/// `path` followed by `?` and the query string of `value` ([`write`]); just `path` when the
/// query string is empty.
pub fn url<T: Serialize + ?Sized>(path: &str, value: &T) -> String {
    let query = write(value);
    if query.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{query}")
    }
}

/// A query parameter refused: its name and why, in Chinese (with the allowed values, for a
/// parameter that has a list of them).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("查询参数 {parameter}：{message}")]
pub struct QueryError {
    /// The parameter (`year`).
    pub parameter: String,
    /// What is wrong with it (`不是有效的整数`, `取值 bogus 无效，可选：all、real、sample`).
    pub message: String,
}

/// Reads a query string (without the `?`) into `T`. Blank values (`year=`) count as absent,
/// as [`write`] leaves them out; parameters `T` does not name are ignored.
///
/// # Errors
/// [`QueryError`] naming the first parameter refused (in the order written) and why; a required
/// field that is absent is `必填`.
pub fn read<T: DeserializeOwned>(query: &str) -> Result<T, QueryError> {
    let given: String = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(form_urlencoded::parse(query.as_bytes()).filter(|(_, value)| !blank(value)))
        .finish();
    let deserializer =
        serde_urlencoded::Deserializer::new(form_urlencoded::parse(given.as_bytes()));
    serde_path_to_error::deserialize(deserializer).map_err(|error| {
        let inner = error.inner().to_string();
        match inner.strip_prefix("missing field ") {
            Some(name) => QueryError {
                parameter: name.trim_matches('`').to_owned(),
                message: "必填".to_owned(),
            },
            None => QueryError {
                parameter: error.path().to_string(),
                message: in_chinese(&inner),
            },
        }
    })
}

/// Reads a page's own URL into `T` as [`read`] does, except that a refused parameter is left
/// out as if it were absent (the page shows its default for it), so a mistyped or outdated
/// link still opens the page.
pub fn read_lenient<T: DeserializeOwned + Default>(query: &str) -> T {
    let mut pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect();
    loop {
        let text = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(&pairs)
            .finish();
        match read(&text) {
            Ok(value) => return value,
            Err(error) => {
                let before = pairs.len();
                pairs.retain(|(key, _)| *key != error.parameter);
                if pairs.len() == before {
                    return T::default();
                }
            }
        }
    }
}
