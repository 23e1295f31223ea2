//! Building URLs: percent-encoding of query values (Chinese region and fund names) and query
//! strings from `(key, value)` pairs, for API requests and in-app links alike.
//!
//! Pure string work, unit-tested on the host; reading the current URL is [`crate::query`]'s job.

/// `text` percent-encoded for a query value or a path segment: everything but the unreserved
/// characters `A–Z a–z 0–9 - _ . ~` becomes `%XX` of its UTF-8 bytes.
pub(crate) fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0x0f)]));
        }
    }
    out
}

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// `path` followed by `?k=v&…` for the pairs whose value is present and not empty, in the order
/// given; just `path` when none is.
pub(crate) fn with_query<K: AsRef<str>, V: AsRef<str>>(
    path: &str,
    pairs: &[(K, Option<V>)],
) -> String {
    let mut url = path.to_owned();
    let mut first = true;
    for (key, value) in pairs {
        let Some(value) = value.as_ref().map(AsRef::as_ref).filter(|v| !v.is_empty()) else {
            continue;
        };
        url.push(if first { '?' } else { '&' });
        first = false;
        url.push_str(&encode(key.as_ref()));
        url.push('=');
        url.push_str(&encode(value));
    }
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_and_reserved_characters_are_encoded() {
        assert_eq!(encode("赫山区"), "%E8%B5%AB%E5%B1%B1%E5%8C%BA");
        assert_eq!(encode("metric:a_b c&d"), "metric%3Aa_b%20c%26d");
        assert_eq!(encode("2024"), "2024");
    }

    #[test]
    fn empty_and_missing_values_are_left_out() {
        let pairs = [
            ("year", Some("2024".to_owned())),
            ("region", None),
            ("program", Some(String::new())),
            ("measure", Some("score".to_owned())),
        ];
        assert_eq!(
            with_query("/api/compare", &pairs),
            "/api/compare?year=2024&measure=score"
        );
        assert_eq!(with_query::<&str, &str>("/", &[]), "/");
    }
}
