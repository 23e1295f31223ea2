//! Read answers kept per data generation: an unchanged answer is `304` to a browser that has
//! it, and every write (an import, a delete, a restore) is seen by the very next read of the
//! same URL — through the cache, on SQLite and on PostgreSQL.

use fundlens_shared::account::Role;
use fundlens_tests::{TestServer, generated};
use reqwest::Method;
use reqwest::header::HeaderMap;
use serde_json::Value;

const LIST: &str = "/api/evaluations?year=2024&region=%E8%B5%AB%E5%B1%B1%E5%8C%BA";

fn read(server: &TestServer, path: &str, etag: Option<&str>) -> (u16, HeaderMap, Value) {
    let headers: Vec<(&str, &str)> = etag.map(|tag| ("if-none-match", tag)).into_iter().collect();
    let (status, headers, body) = server.send_raw(Method::GET, path, &headers, String::new());
    (
        status,
        headers,
        serde_json::from_str(&body).unwrap_or(Value::Null),
    )
}

fn etag(headers: &HeaderMap) -> String {
    headers
        .get("etag")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_else(|| panic!("no ETag: {headers:?}"))
        .to_owned()
}

fn total(list: &Value) -> i64 {
    list["total_count"]
        .as_i64()
        .unwrap_or_else(|| panic!("no total_count: {list}"))
}

#[test]
fn an_unchanged_answer_is_304_and_every_write_is_seen_by_the_next_read() {
    let server = TestServer::start();
    let first = generated("缓存专项资金", "赫山区", 2024, 100, 90, 95);
    let (status, body) = server.post("/api/evaluations", "application/json", first.to_string());
    assert_eq!(status, 201, "{body}");

    let (status, headers, list) = read(&server, LIST, None);
    assert_eq!((status, total(&list)), (200, 1));
    let tag = etag(&headers);
    assert_eq!(
        headers.get("cache-control").and_then(|v| v.to_str().ok()),
        Some("private, no-cache"),
        "a kept answer is revalidated, not reused unasked"
    );
    // The same question again: the same tag, and nothing sent when the browser has it.
    let (status, headers, again) = read(&server, LIST, None);
    assert_eq!((status, etag(&headers), &again), (200, tag.clone(), &list));
    let (status, headers, _) = read(&server, LIST, Some(&tag));
    assert_eq!((status, etag(&headers)), (304, tag.clone()));
    // Another question has another tag.
    let (_, other, _) = read(&server, "/api/evaluations?year=2024", None);
    assert_ne!(etag(&other), tag);

    // A write: the next read of the same URL sees it, under a new tag.
    let second = generated("缓存第二项专项资金", "赫山区", 2024, 100, 80, 70);
    let (status, body) = server.post("/api/evaluations", "application/json", second.to_string());
    assert_eq!(status, 201, "{body}");
    let (status, headers, list) = read(&server, LIST, Some(&tag));
    assert_eq!(
        (status, total(&list)),
        (200, 2),
        "an import is seen at once"
    );
    let after_import = etag(&headers);
    assert_ne!(after_import, tag);

    // A delete and a restore, each seen by the next read.
    let id = list["items"]
        .as_array()
        .and_then(|items| {
            items
                .iter()
                .find(|item| item["program"] == "缓存第二项专项资金")
        })
        .and_then(|item| item["id"].as_i64())
        .unwrap_or_else(|| panic!("the second record is listed: {list}"));
    let (status, body) = server.as_role(
        Role::Admin,
        Method::DELETE,
        &format!("/api/evaluations/{id}"),
        String::new(),
    );
    assert!(status < 300, "delete: {status} {body}");
    let (status, headers, list) = read(&server, LIST, Some(&after_import));
    assert_eq!((status, total(&list)), (200, 1), "a delete is seen at once");
    let (status, body) = server.as_role(
        Role::Admin,
        Method::POST,
        &format!("/api/evaluations/{id}/restore"),
        String::new(),
    );
    assert!(status < 300, "restore: {status} {body}");
    let (status, _, list) = read(&server, LIST, Some(&etag(&headers)));
    assert_eq!(
        (status, total(&list)),
        (200, 2),
        "a restore is seen at once"
    );
}

#[test]
fn answers_that_are_not_kept_carry_no_tag_and_are_not_stored_by_browsers() {
    let server = TestServer::start();
    // A refusal is computed every time and never kept.
    let (status, headers, _) = read(&server, "/api/evaluations?year=abc", None);
    assert_eq!(status, 400);
    assert!(headers.get("etag").is_none());
    assert_eq!(
        headers.get("cache-control").and_then(|v| v.to_str().ok()),
        Some("no-store")
    );
    // What only a signed-in account may read is not kept either.
    let (status, headers, _) = server.send_raw(
        Method::GET,
        "/api/audit",
        &[(
            "authorization",
            &format!("Bearer {}", fundlens_tests::token(Role::Admin)),
        )],
        String::new(),
    );
    assert_eq!(status, 200);
    assert!(headers.get("etag").is_none());
}
