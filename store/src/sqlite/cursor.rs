//! Opaque page cursors: the sort key of the last row a page showed, as JSON in URL-safe
//! base64, so the next page starts right after it (keyset pagination: page 8,000 costs what
//! page 1 costs). Clients pass them back unchanged and never read them.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Serialize;
use serde::de::DeserializeOwned;

/// A cursor that is not one this server gave out for this question.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("after '{0}' is not a cursor from this list's `next`")]
pub struct BadCursor(pub String);

/// The cursor text of `position`.
pub(crate) fn encode<T: Serialize>(position: &T) -> String {
    // Serialising plain numbers and strings cannot fail.
    let json = serde_json::to_vec(position).unwrap_or_default();
    URL_SAFE_NO_PAD.encode(json)
}

/// The position a cursor text stands for.
pub(crate) fn decode<T: DeserializeOwned>(text: &str) -> Result<T, BadCursor> {
    URL_SAFE_NO_PAD
        .decode(text.trim())
        .ok()
        .and_then(|json| serde_json::from_slice(&json).ok())
        .ok_or_else(|| BadCursor(text.chars().take(80).collect()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_garbage_is_refused() {
        let position = ("益阳市".to_owned(), 2024, 17_i64);
        let text = encode(&position);
        assert!(
            text.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        );
        assert_eq!(decode::<(String, i32, i64)>(&text), Ok(position));
        assert!(decode::<(String, i32, i64)>("not a cursor").is_err());
        assert!(
            decode::<(i64, i64)>(&text).is_err(),
            "another question's cursor"
        );
    }
}
