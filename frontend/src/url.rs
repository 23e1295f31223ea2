//! Building URLs: percent-encoding of query values (Chinese region and fund names) and query
//! strings from `(key, value)` pairs, for API requests and in-app links alike.
//!
//! Pure string work, unit-tested on the host; reading the current URL is [`crate::query`]'s job.

/// `text` percent-encoded for a query value or a path segment (shared with the server).
pub(crate) use fundlens_shared::query::percent_encode as encode;

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
