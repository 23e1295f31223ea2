//! Percent-encoding for the URLs and file names the server writes (dashboard links in a
//! briefing, `filename*=` of a download): every byte but ASCII letters, digits and `-_.~`.

/// `text` percent-encoded as UTF-8.
pub(crate) fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|byte| {
            if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
                char::from(byte).to_string()
            } else {
                format!("%{byte:02X}")
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn chinese_and_spaces_are_encoded() {
        assert_eq!(super::percent_encode("区 a-1"), "%E5%8C%BA%20a-1");
    }
}
