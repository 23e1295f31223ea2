//! The write path under abuse: malformed, oversized, mistyped and hostile requests never get
//! a 5xx, never write part of anything, and every refusal is the JSON error shape naming the
//! field (or header, or `body`) at fault. Arbitrary JSON numbers in every numeric field of a
//! record get 2xx or 4xx, never 5xx.

use fundlens_shared::account::Role;
use fundlens_tests::{TestServer, seed_text, token};
use proptest::prelude::*;
use reqwest::Method;
use serde_json::{Value, json};

/// Every numeric field of the seed record, as a JSON pointer.
const NUMERIC_FIELDS: &[&str] = &[
    "/year",
    "/funding/total/year_start_budget",
    "/funding/total/full_year_budget",
    "/funding/total/executed",
    "/funding/current_appropriation/executed",
    "/funding/weight",
    "/funding/declared_score",
    "/indicator_groups/0/weight",
    "/indicators/0/weight",
    "/indicators/0/declared_score",
    "/declared/total",
    "/allocations/0/amount",
    "/narrative/claimed_total",
    "/statistics/0/value",
    "/statistics/0/rank",
];

/// The seed with the JSON text `raw` (any JSON, a number as written) at `pointer`.
fn seed_with(pointer: &str, raw: &str) -> String {
    let mut record: Value = serde_json::from_str(&seed_text()).expect("seed json");
    if let Some(slot) = record.pointer_mut(pointer) {
        *slot = json!("__RAW__");
    } else {
        let (parent, key) = pointer.rsplit_once('/').expect("pointer");
        if let Some(Value::Object(object)) = record.pointer_mut(parent) {
            object.insert(key.to_owned(), json!("__RAW__"));
        }
    }
    record.to_string().replace("\"__RAW__\"", raw)
}

fn import(server: &TestServer, path: &str, content_type: &str, body: String) -> (u16, Value) {
    let authorization = format!("Bearer {}", token(Role::Admin));
    server.send(
        Method::POST,
        path,
        &[
            ("content-type", content_type),
            ("authorization", &authorization),
        ],
        body,
    )
}

/// A refusal is 4xx, in the JSON error shape, and names at least one field; nothing changed.
fn assert_clean_refusal(
    what: &str,
    got: (u16, Value),
    before: &[(&str, i64)],
    after: &[(&str, i64)],
) {
    let (status, body) = got;
    assert!((400..500).contains(&status), "{what}: got {status} {body}");
    assert!(
        body["error"].is_string() && body["message"].is_string(),
        "{what}: {body}"
    );
    let named = body["errors"]
        .as_array()
        .is_some_and(|errors| !errors.is_empty() && errors.iter().all(|e| e["field"].is_string()));
    assert!(named, "{what}: no field named in {body}");
    assert_eq!(before, after, "{what}: something was written");
}

#[test]
fn hostile_bodies_are_refused_cleanly_and_write_nothing() {
    let server = TestServer::start();
    let seed: Value = serde_json::from_str(&seed_text()).expect("seed");
    let mut cases: Vec<(String, String)> = vec![
        ("empty body".into(), String::new()),
        ("not JSON".into(), "{not json".into()),
        ("a bare number".into(), "42".into()),
        ("a string".into(), "\"评价\"".into()),
        ("null".into(), "null".into()),
        ("an empty object".into(), "{}".into()),
        ("a list of junk".into(), "[1, true, null]".into()),
        (
            "deep nesting".into(),
            format!("{}{}", "[".repeat(100_000), "]".repeat(100_000)),
        ),
        ("trailing garbage".into(), format!("{}xyz", seed_text())),
        ("unknown field".into(), seed_with("/evil", "1")),
        (
            "unknown region".into(),
            seed_with("/region", "\"不存在县\""),
        ),
        (
            "a region with a NUL".into(),
            seed_with("/region", "\"益阳市\\u0000\""),
        ),
        ("year as text".into(), seed_with("/year", "\"二〇二二\"")),
        ("year far away".into(), seed_with("/year", "99999999999")),
        (
            "a huge integer".into(),
            seed_with("/funding/total/executed", &"9".repeat(400)),
        ),
        (
            "an object as amount".into(),
            seed_with("/funding/total/executed", "{\"a\":1}"),
        ),
        (
            "indicators as object".into(),
            seed_with("/indicators", "{}"),
        ),
        (
            "a negative weight".into(),
            seed_with("/indicators/0/weight", "-10"),
        ),
        (
            "provenance kind unknown".into(),
            seed_with("/provenance", "{\"kind\":\"forged\"}"),
        ),
        (
            "unknown metric".into(),
            seed_with("/statistics/0/metric", "\"no_such\""),
        ),
    ];
    let mut duplicate = seed.clone();
    duplicate["program"]["name"] = json!("重复专项");
    cases.push((
        "the same record twice".into(),
        json!([duplicate.clone(), duplicate]).to_string(),
    ));
    let mut with_bad_second = seed.clone();
    with_bad_second["program"]["name"] = json!("好记录");
    cases.push((
        "a good record before a bad one".into(),
        format!(
            "[{with_bad_second}, {}]",
            seed_with("/indicators/0/weight", "-10")
        ),
    ));
    for (what, body) in cases {
        let before = server.counts();
        let got = import(&server, "/api/evaluations", "application/json", body);
        assert_clean_refusal(&what, got, &before, &server.counts());
    }
    // The wording of a cell never refuses a record: it is stored and the cell flagged.
    for (what, target) in [("an empty target", "\"\""), ("nonsense target", "\"≥abc\"")] {
        let (status, summary) = import(
            &server,
            "/api/evaluations?replace=true",
            "application/json",
            seed_with("/indicators/0/target", target),
        );
        assert_eq!(status, 201, "{what}: {summary}");
        assert!(
            summary["findings"]
                .as_array()
                .is_some_and(|f| f.iter().any(|f| f["code"] == "target_unreadable")),
            "{what}: {summary}"
        );
    }
    // Odd but not structurally broken: the answer may be either, never a 5xx or a partial write.
    for (what, body) in [
        (
            "a comma decimal",
            seed_with("/funding/total/executed", "\"593,04\""),
        ),
        (
            "a long name",
            seed_with("/program/name", &format!("\"{}\"", "专".repeat(200_000))),
        ),
        (
            "a tiny fraction",
            seed_with("/funding/total/executed", "593.040000000000000000000000001"),
        ),
    ] {
        let before = server.counts();
        let got = import(
            &server,
            "/api/evaluations?replace=true",
            "application/json",
            body,
        );
        assert!(got.0 < 500, "{what}: {got:?}");
        if got.0 >= 400 {
            assert_clean_refusal(what, got, &before, &server.counts());
        }
    }
    let before = server.counts();
    let gbk = b"{\"region\": \"\xd2\xe6\xd1\xf4\xca\xd0\"}".to_vec();
    let response = reqwest::blocking::Client::new()
        .post(server.url("/api/evaluations"))
        .header("content-type", "application/json")
        .bearer_auth(token(Role::Admin))
        .body(gbk)
        .send()
        .expect("sent");
    let status = response.status().as_u16();
    let got = (status, response.json().unwrap_or(Value::Null));
    assert_clean_refusal("a GBK body", got, &before, &server.counts());
    for (what, body) in [
        (
            "observation of an unknown region",
            "region,year,metric,value\n不存在县,2022,industrial_value_added_growth,1\n",
        ),
        (
            "observation with an extra cell",
            "region,year,metric,value\n赫山区,2022,industrial_value_added_growth,1,9,9,9,9\n",
        ),
        (
            "observation with a comma decimal",
            "region,year,metric,value\n赫山区,2022,industrial_value_added_growth,\"7,1\"\n",
        ),
    ] {
        let before = server.counts();
        let got = import(&server, "/api/observations", "text/csv", body.to_owned());
        assert!(got.0 < 500, "{what}: {got:?}");
        if got.0 >= 400 {
            assert_clean_refusal(what, got, &before, &server.counts());
        }
    }
}

#[test]
fn a_body_over_the_limit_is_a_json_413_and_a_bom_is_accepted() {
    let server = TestServer::start();
    let before = server.counts();
    let huge = format!("[{}]", " ".repeat(fundlens_server::api::BODY_LIMIT + 1));
    let got = import(&server, "/api/evaluations", "application/json", huge);
    assert_eq!(got.0, 413, "{:?}", got.1);
    assert_clean_refusal("an oversized body", got, &before, &server.counts());
    let (status, body) = import(
        &server,
        "/api/evaluations",
        "application/json",
        format!("\u{feff}{}", seed_text()),
    );
    assert_eq!(status, 201, "a UTF-8 BOM is accepted: {body}");
}

/// JSON number texts of every shape: long integers, long fractions, exponents far out of
/// range, signs, zeros.
fn number_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "-?[0-9]{1,40}",
        "-?[0-9]{1,20}\\.[0-9]{1,40}",
        "-?[1-9](\\.[0-9]{1,5})?[eE][+-]?[0-9]{1,3}",
        Just("-0".to_owned()),
        Just("0.0".to_owned()),
        any::<i64>().prop_map(|n| n.to_string()),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(|f| format!("{f:e}")),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_numbers_in_any_numeric_field_never_get_a_5xx(
        field in proptest::sample::select(NUMERIC_FIELDS),
        number in number_text(),
    ) {
        thread_local! {
            static SERVER: TestServer = TestServer::start();
        }
        SERVER.with(|server| {
            let before = server.counts();
            let (status, body) = import(server, "/api/evaluations?replace=true", "application/json", seed_with(field, &number));
            prop_assert!(status < 500, "{field} = {number}: {status} {body}");
            if status >= 400 {
                prop_assert_eq!(&before, &server.counts(), "{} = {}: refused but written", field, number);
                prop_assert!(body["errors"].as_array().is_some_and(|e| !e.is_empty()), "{field} = {number}: {body}");
            }
            Ok(())
        })?;
    }
}

#[test]
fn amounts_and_scores_beyond_what_is_stored_are_refused_naming_the_field() {
    let server = TestServer::start();
    for (field, number, path) in [
        ("/funding/total/executed", "1e27", "funding.total.executed"),
        (
            "/funding/total/year_start_budget",
            "1e25",
            "funding.total.year_start_budget",
        ),
        (
            "/indicators/0/declared_score",
            "0.0000001",
            "indicators[0].declared_score",
        ),
        ("/statistics/0/value", "7.3e25", "statistics[0].value"),
    ] {
        let before = server.counts();
        let got = import(
            &server,
            "/api/evaluations",
            "application/json",
            seed_with(field, number),
        );
        assert_eq!(got.0, 422, "{field} = {number}: {:?}", got.1);
        assert!(
            fundlens_tests::fields(&got.1).iter().any(|f| f == path),
            "{field} = {number}: {path} not named in {}",
            got.1
        );
        assert_clean_refusal(number, got, &before, &server.counts());
    }
}
