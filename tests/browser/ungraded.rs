//! A record that says nothing is shown 未评级 (issue 19.8): a record without indicator rows,
//! imported beside the default data, has the grey 未评级 chip in the list of funds and on its
//! own page, never a grade.

use serde_json::json;

use crate::support::{Browser, encode};

#[tokio::test]
async fn a_record_without_indicators_is_shown_ungraded() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let record = json!({
        "program": {"name": "未填指标专项资金", "department": "测试局"},
        "region": "赫山区",
        "year": 2023,
        "funding": {"total": {"year_start_budget": 100, "full_year_budget": 100, "executed": 100},
                    "weight": 10, "declared_score": 10},
        "indicators": [],
        "provenance": {"kind": "sample", "generator": "tests/browser/ungraded.rs"}
    });
    let url = browser.server.url("/api/evaluations");
    let id = tokio::task::spawn_blocking(move || {
        let response = reqwest::blocking::Client::new()
            .post(url)
            .bearer_auth(fundlens_tests::token(fundlens_shared::account::Role::Admin))
            .header("content-type", "application/json")
            .body(json!([record]).to_string())
            .send()
            .expect("import");
        assert_eq!(response.status().as_u16(), 201);
        let body: serde_json::Value = response.json().expect("summary");
        body["ids"][0].as_i64().expect("id")
    })
    .await
    .expect("import task");
    browser
        .open(&format!(
            "/evaluations?program={}",
            encode("未填指标专项资金")
        ))
        .await;
    let grade = browser.wait_text("table.funds td.grade", "未评级").await;
    assert!(grade.contains("未评级"), "{grade}");
    browser.screenshot("ungraded-list").await;
    browser.open(&format!("/evaluations/{id}")).await;
    let header = browser.wait_text("[data-field=grade]", "未评级").await;
    assert!(header.contains("未评级"), "{header}");
    browser.screenshot("ungraded-evaluation").await;
    browser.close().await;
}
