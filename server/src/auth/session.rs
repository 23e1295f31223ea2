//! The session cookie and how long a session lives.
//!
//! A session ends [`IDLE`] after its last request (2 hours: a dashboard left open over lunch
//! survives, one left overnight does not) and [`ABSOLUTE`] after its login (12 hours: one
//! working day, whatever the activity), at logout, and when its account is disabled or its
//! password changed. The cookie is `HttpOnly` (scripts cannot read it), `SameSite=Strict`
//! (other sites' pages never send it), `Path=/`, and with an https `--public-url` also
//! `Secure` and named with the `__Host-` prefix (no other host or path can set it).

use std::time::{SystemTime, UNIX_EPOCH};

use axum::http::HeaderMap;
use axum::http::header::COOKIE;
use cookie::{Cookie, SameSite};

/// Seconds a session lives after its last request.
pub const IDLE: i64 = 2 * 60 * 60;
/// Seconds a session lives after its login, at most.
pub const ABSOLUTE: i64 = 12 * 60 * 60;
/// The last-seen time is written at most once per this many seconds of a session's requests.
pub const REFRESH_AFTER: i64 = 60;

/// How the cookie is set: `Secure` and `__Host-` only when the server is reached over https.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CookiePolicy {
    /// Whether the public URL is https.
    pub secure: bool,
}

impl CookiePolicy {
    /// The cookie's name.
    pub fn name(self) -> &'static str {
        if self.secure {
            "__Host-fundlens_session"
        } else {
            "fundlens_session"
        }
    }

    /// The `Set-Cookie` value that starts a session.
    pub fn start(self, value: &str) -> String {
        self.build(value.to_owned(), ABSOLUTE)
    }

    /// The `Set-Cookie` value that removes the cookie.
    pub fn clear(self) -> String {
        self.build(String::new(), 0)
    }

    fn build(self, value: String, max_age: i64) -> String {
        Cookie::build((self.name(), value))
            .http_only(true)
            .same_site(SameSite::Strict)
            .secure(self.secure)
            .path("/")
            .max_age(cookie::time::Duration::seconds(max_age))
            .build()
            .to_string()
    }

    /// The session cookie's value in a request, if it carries one.
    pub fn read(self, headers: &HeaderMap) -> Option<String> {
        headers
            .get_all(COOKIE)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(Cookie::split_parse)
            .filter_map(Result::ok)
            .find(|cookie| cookie.name() == self.name())
            .map(|cookie| cookie.value().to_owned())
            .filter(|value| !value.is_empty())
    }
}

/// Now, in Unix seconds.
pub fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// Whether a session created at `created` and last seen at `last_seen` has ended by `now`.
pub fn expired(created: i64, last_seen: i64, now: i64) -> bool {
    now - last_seen > IDLE || now - created > ABSOLUTE
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn the_cookie_is_http_only_strict_and_secure_behind_https() {
        let plain = CookiePolicy { secure: false }.start("abc");
        assert!(plain.starts_with("fundlens_session=abc"));
        assert!(plain.contains("HttpOnly") && plain.contains("SameSite=Strict"));
        assert!(!plain.contains("Secure"));
        let secure = CookiePolicy { secure: true }.start("abc");
        assert!(secure.starts_with("__Host-fundlens_session=abc") && secure.contains("Secure"));
    }

    #[test]
    fn the_cookie_is_read_among_others_and_sessions_expire_idle_or_old() {
        let mut headers = HeaderMap::new();
        headers.insert(
            COOKIE,
            HeaderValue::from_static("a=1; fundlens_session=xyz; b=2"),
        );
        assert_eq!(
            CookiePolicy { secure: false }.read(&headers).as_deref(),
            Some("xyz")
        );
        assert_eq!(CookiePolicy { secure: true }.read(&headers), None);
        assert!(!expired(0, 0, IDLE));
        assert!(expired(0, 0, IDLE + 1));
        assert!(expired(0, ABSOLUTE, ABSOLUTE + 1));
    }
}
