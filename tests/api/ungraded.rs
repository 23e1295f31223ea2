//! A record that says nothing is not graded (issue 19.8): without indicator rows or without its
//! funding block it is stored with a finding and no grade, counted as 未评级 by the list, the
//! grade filter, the score trend and the downloads — on whichever backend the tests run.

use fundlens_tests::{TestServer, generated};
use serde_json::Value;

/// 专项甲 graded 优 (100 points), 专项乙 without indicator rows, 专项丙 without funding.
fn server_with_silent_records() -> TestServer {
    let server = TestServer::start();
    let graded = generated("专项甲", "赫山区", 2022, 100, 100, 100);
    let mut no_indicators = generated("专项乙", "赫山区", 2022, 100, 100, 100);
    no_indicators["indicators"] = serde_json::json!([]);
    let mut no_funding = generated("专项丙", "赫山区", 2022, 100, 100, 100);
    no_funding
        .as_object_mut()
        .expect("a record")
        .remove("funding");
    let records = Value::Array(vec![graded, no_indicators, no_funding]);
    let (status, body) = server.post("/api/evaluations", "application/json", records.to_string());
    assert_eq!(status, 201, "{body}");
    server
}

fn item<'a>(list: &'a Value, program: &str) -> &'a Value {
    list["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|item| item["program"] == program)
        .unwrap_or_else(|| panic!("{program} in {list}"))
}

#[test]
fn records_without_indicators_or_funding_are_kept_ungraded_with_a_finding() {
    let server = server_with_silent_records();
    let (status, list) = server.get("/api/evaluations?year=2022");
    assert_eq!(status, 200, "{list}");
    assert_eq!(list["total_count"], 3, "{list}");
    assert_eq!(item(&list, "专项甲")["grade"], "优");
    for (program, code) in [("专项乙", "no_indicators"), ("专项丙", "no_funding")] {
        let summary = item(&list, program);
        assert!(summary["grade"].is_null(), "{program}: {summary}");
        let id = summary["id"].as_i64().expect("id");
        let (_, detail) = server.get(&format!("/api/evaluations/{id}"));
        let assessment = &detail["assessment"];
        assert!(assessment["grade"].is_null(), "{program}: {assessment}");
        assert!(
            assessment["grade_explanation"]
                .as_str()
                .is_some_and(|text| text.starts_with("未评级")),
            "{assessment}"
        );
        assert!(
            assessment["findings"]
                .as_array()
                .expect("findings")
                .iter()
                .any(|finding| finding["code"] == code),
            "{program}: {assessment}"
        );
    }
    // 专项乙 scored 10 on its funding alone: no grade filter finds it
    for grade in ["优", "良", "中", "差"] {
        let (_, graded) = server.get(&format!("/api/evaluations?year=2022&grade={grade}"));
        let programs: Vec<&str> = graded["items"]
            .as_array()
            .expect("items")
            .iter()
            .filter_map(|item| item["program"].as_str())
            .collect();
        assert!(
            !programs.contains(&"专项乙") && !programs.contains(&"专项丙"),
            "{grade}: {programs:?}"
        );
    }
}

#[test]
fn the_score_trend_counts_ungraded_records_in_no_grade_and_no_average() {
    let server = server_with_silent_records();
    for path in [
        "/api/trends/scores?region=赫山区",
        // a program filter reads the evaluations rather than the rollups
        "/api/trends/scores?region=赫山区&program=专项乙",
    ] {
        let (status, trend) = server.get(path);
        assert_eq!(status, 200, "{trend}");
        let point = &trend["points"][0];
        let grades = &point["grades"];
        let ungraded = grades["ungraded"].as_i64().expect("ungraded");
        let graded = ["excellent", "good", "fair", "poor"]
            .iter()
            .map(|g| grades[*g].as_i64().expect("count"))
            .sum::<i64>();
        assert_eq!(
            point["evaluations"].as_i64(),
            Some(graded + ungraded),
            "{path}: {point}"
        );
        if path.contains("专项乙") {
            assert_eq!((graded, ungraded), (0, 1), "{point}");
        } else {
            assert_eq!((graded, ungraded), (1, 2), "{point}");
            // the average is 专项甲's 100, not pulled down by 专项乙's funding score alone
            assert_eq!(point["average_total"], 100, "{point}");
            assert_eq!(point["min_total"], 100, "{point}");
        }
    }
}

#[test]
fn downloads_show_an_ungraded_record_as_未评级() {
    let server = server_with_silent_records();
    let (status, _, bytes) = server.get_bytes("/api/evaluations?year=2022&format=csv");
    assert_eq!(status, 200);
    let text = String::from_utf8_lossy(&bytes);
    let ungraded = text.lines().filter(|line| line.contains("未评级")).count();
    assert_eq!(ungraded, 2, "{text}");
}
