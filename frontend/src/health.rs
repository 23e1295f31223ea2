//! The server's health check (`GET /api/health`) as the page shows it.

use gloo_net::http::Request;

/// Where the server answers its health check.
pub const HEALTH_URL: &str = "/api/health";

/// Asks the server for its health and returns the line to show, or why it could not be had.
pub async fn fetch_health() -> Result<String, String> {
    let response = Request::get(HEALTH_URL)
        .send()
        .await
        .map_err(|error| format!("请求失败：{error}"))?;
    let status = response.status();
    let body = response
        .text()
        .await
        .map_err(|error| format!("读取响应失败：{error}"))?;
    describe_health(status, &body)
}

/// Turns an HTTP status and body into the status line: a JSON object's `status` field when there
/// is one (`{"status":"ok"}` → `ok`), otherwise the trimmed body. A non-2xx status is an error
/// that quotes the JSON `error` field, or else the body.
pub fn describe_health(status: u16, body: &str) -> Result<String, String> {
    let body = body.trim();
    if !(200..300).contains(&status) {
        let detail = match json_field(body, "error") {
            Some(error) => format!("：{}", shorten(&error, 200)),
            None if body.is_empty() => String::new(),
            None => format!("：{}", shorten(body, 200)),
        };
        return Err(format!("服务器返回 HTTP {status}{detail}"));
    }
    match json_field(body, "status") {
        Some(text) => Ok(text),
        None if body.is_empty() => Ok("正常（无返回内容）".to_owned()),
        None => Ok(shorten(body, 200)),
    }
}

/// The field `name` of a JSON object body, as text (strings without their quotes).
fn json_field(body: &str, name: &str) -> Option<String> {
    let value = serde_json::from_str::<serde_json::Value>(body).ok()?;
    match value.get(name)? {
        serde_json::Value::String(text) => Some(text.clone()),
        other => Some(other.to_string()),
    }
}

/// At most `limit` characters of `text`, with `…` when cut.
fn shorten(text: &str, limit: usize) -> String {
    match text.char_indices().nth(limit) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_status_field_is_shown() {
        assert_eq!(
            describe_health(200, r#"{"status":"ok","version":"0.1.0"}"#),
            Ok("ok".to_owned())
        );
    }

    #[test]
    fn plain_body_is_shown_trimmed() {
        assert_eq!(describe_health(200, " ok\n"), Ok("ok".to_owned()));
        assert_eq!(
            describe_health(204, ""),
            Ok("正常（无返回内容）".to_owned())
        );
    }

    #[test]
    fn error_status_is_an_error_with_the_body() {
        assert_eq!(
            describe_health(503, "database locked"),
            Err("服务器返回 HTTP 503：database locked".to_owned())
        );
        assert_eq!(
            describe_health(404, ""),
            Err("服务器返回 HTTP 404".to_owned())
        );
        assert_eq!(
            describe_health(404, r#"{"error":"没有这个接口：/api/health"}"#),
            Err("服务器返回 HTTP 404：没有这个接口：/api/health".to_owned())
        );
    }

    #[test]
    fn long_bodies_are_cut_on_a_character_boundary() {
        let long = "专".repeat(300);
        let shown = describe_health(500, &long).err().unwrap_or_default();
        assert!(shown.ends_with('…'));
        assert_eq!(shown.chars().filter(|c| *c == '专').count(), 200);
    }
}
