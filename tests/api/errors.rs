//! One error contract: every refusal, whatever produced it, is JSON `{error, message, errors?}`
//! with a stable English code and a Chinese message that names what is wrong.

use fundlens_tests::{TestServer, seed_text};
use serde_json::Value;

/// Asserts the refusal shape: the status, the code, and a Chinese message containing `names`.
fn assert_refusal(what: &str, status: u16, body: &Value, code: &str, names: &str) {
    assert!(
        (400..500).contains(&status),
        "{what}: expected a 4xx, got {status} {body}"
    );
    assert_eq!(body["error"], code, "{what}: {body}");
    let message = body["message"].as_str().unwrap_or_default();
    assert!(
        message
            .chars()
            .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
        "{what}: the message is not Chinese: {message}"
    );
    assert!(
        message.contains(names),
        "{what}: the message does not name {names}: {message}"
    );
}

/// A request as the admin (so refusals are about the request itself, not who sends it).
fn raw(server: &TestServer, method: reqwest::Method, path: &str, body: Vec<u8>) -> (u16, Value) {
    let response = reqwest::blocking::Client::new()
        .request(method, server.url(path))
        .header("content-type", "application/json")
        .bearer_auth(fundlens_tests::token(fundlens_shared::account::Role::Admin))
        .body(body)
        .send()
        .unwrap_or_else(|e| panic!("{path}: {e}"));
    let status = response.status().as_u16();
    let is_json = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    assert!(is_json, "{path}: the refusal is not JSON");
    (status, response.json().unwrap_or(Value::Null))
}

#[test]
fn every_route_refuses_a_bad_parameter_naming_it() {
    let server = TestServer::start_with_default_data();
    let cases = [
        ("/api/evaluations?year=abc", "year"),
        ("/api/evaluations?source=bogus", "source"),
        ("/api/evaluations?sort=bogus", "sort"),
        ("/api/evaluations?limit=0", "limit"),
        ("/api/evaluations?limit=-3", "limit"),
        ("/api/evaluations?grade=甲", "grade"),
        ("/api/evaluations?offset=x", "offset"),
        ("/api/trends/funding?year=2022x", "year"),
        ("/api/trends/funding/chart.svg?source=nope", "source"),
        ("/api/trends/funding/chart.svg?w=wide", "w"),
        ("/api/trends/scores?grade=A", "grade"),
        ("/api/trends/scores/chart.svg?h=-1", "h"),
        ("/api/trends/metrics", "metric"),
        ("/api/trends/metrics?metric=no_such_metric", "metric"),
        ("/api/trends/metric-set?metrics=no_such_metric", "metrics"),
        (
            "/api/trends/metric-set?metrics=gdp_growth&source=x",
            "source",
        ),
        (
            "/api/trends/metrics/chart.svg?metric=industrial_value_added_growth&source=x",
            "source",
        ),
        ("/api/compare", "year"),
        ("/api/compare?year=2022&measure=bogus", "measure"),
        ("/api/compare?year=2022&measure=metric:nope", "measure"),
        ("/api/compare/chart.svg?year=twenty", "year"),
        ("/api/compare/years?a=2021", "b"),
        ("/api/compare/years?b=2022&a=x", "a"),
        ("/api/indicators/history", "name"),
        ("/api/indicators/history?name=新入规企业&year=y", "year"),
        (
            "/api/indicators/history/chart.svg?name=新入规企业&source=z",
            "source",
        ),
    ];
    for (path, parameter) in cases {
        let (status, body) = raw(&server, reqwest::Method::GET, path, Vec::new());
        assert_eq!(status, 400, "{path}: {body}");
        assert_refusal(path, status, &body, "bad_parameter", parameter);
    }
}

#[test]
fn unknown_routes_wrong_methods_and_ids_answer_the_same_shape() {
    let server = TestServer::start();
    let (status, body) = raw(&server, reqwest::Method::GET, "/api/nope", Vec::new());
    assert_eq!(status, 404);
    assert_refusal("unknown route", status, &body, "not_found", "接口");
    let (status, body) = raw(&server, reqwest::Method::DELETE, "/api/regions", Vec::new());
    assert_eq!(status, 405);
    assert_refusal("wrong method", status, &body, "method_not_allowed", "方法");
    let (status, body) = raw(
        &server,
        reqwest::Method::GET,
        "/api/evaluations/abc",
        Vec::new(),
    );
    assert_eq!(status, 404);
    assert_refusal("bad id", status, &body, "not_found", "abc");
}

#[test]
fn bodies_that_are_too_large_or_not_utf8_are_refused_as_json_writing_nothing() {
    let server = TestServer::start();
    let before = server.counts();
    let too_large = vec![b' '; fundlens_server::api::BODY_LIMIT + 1];
    let (status, body) = raw(
        &server,
        reqwest::Method::POST,
        "/api/evaluations",
        too_large,
    );
    assert_eq!(status, 413, "{body}");
    assert_refusal("oversized body", status, &body, "payload_too_large", "MB");
    let mut latin1 = seed_text().into_bytes();
    latin1.extend_from_slice(b"\xE9t\xE9");
    let (status, body) = raw(&server, reqwest::Method::POST, "/api/evaluations", latin1);
    assert_eq!(status, 400, "{body}");
    assert_refusal("latin-1 body", status, &body, "bad_request", "UTF-8");
    let (status, body) = raw(
        &server,
        reqwest::Method::POST,
        "/api/observations",
        vec![0xff, 0xfe],
    );
    assert_eq!(status, 400, "{body}");
    assert_refusal("binary body", status, &body, "bad_request", "UTF-8");
    assert_eq!(server.counts(), before, "the database changed");
}

#[test]
fn a_json_body_with_a_byte_order_mark_is_read() {
    let server = TestServer::start();
    let mut with_bom = b"\xEF\xBB\xBF".to_vec();
    with_bom.extend_from_slice(seed_text().as_bytes());
    let (status, body) = raw(&server, reqwest::Method::POST, "/api/evaluations", with_bom);
    assert_eq!(status, 201, "{body}");
}
