//! Catalogue, list and drill-down endpoints.

use fundlens_tests::{TestServer, seed_text};

fn with_seed() -> TestServer {
    let server = TestServer::start();
    let (status, body) = server.post("/api/evaluations", "application/json", seed_text());
    assert_eq!(status, 201, "{body}");
    server
}

#[test]
fn health_and_catalogue_endpoints_answer() {
    let server = with_seed();
    let (status, health) = server.get("/api/health");
    assert_eq!(status, 200);
    assert_eq!(health["status"], "ok");
    assert_eq!(health["evaluations"], 1);
    let (_, regions) = server.get("/api/regions");
    let regions = regions.as_array().expect("list");
    let zone = regions
        .iter()
        .find(|r| r["name"] == "益阳高新区")
        .expect("高新区 is known");
    assert_eq!(zone["statistics_merged_into"], "赫山区");
    assert_eq!(zone["parent"], "益阳市");
    let lake = regions
        .iter()
        .find(|r| r["name"] == "大通湖区")
        .expect("大通湖区 is known");
    assert_eq!(lake["statistics_merged_into"], "南县");
    let (_, programs) = server.get("/api/programs");
    assert_eq!(programs[0]["name"], "服务先进制造业高质量发展专项资金");
    assert_eq!(programs[0]["evaluations"], 1);
    let (_, years) = server.get("/api/years");
    assert_eq!(years, serde_json::json!([2022]));
    let (_, metrics) = server.get("/api/metrics");
    assert!(
        metrics
            .as_array()
            .expect("list")
            .iter()
            .any(|m| m["code"] == "industrial_value_added_growth" && m["unit"] == "%")
    );
}

#[test]
fn the_list_filters_and_reports_totals() {
    let server = with_seed();
    let (status, list) = server.get("/api/evaluations?year=2022&region=益阳市&grade=优");
    assert_eq!(status, 200);
    assert_eq!(list["total_count"], 1);
    let item = &list["items"][0];
    assert_eq!(item["total"], 99);
    assert_eq!(item["grade"], "优");
    assert_eq!(item["execution_rate"], 100);
    assert_eq!(item["budget"], 593.04);
    assert_eq!(item["year_start_budget"], 752);
    assert_eq!(item["finding_count"], 6);
    assert_eq!(item["sample"], false);
    let (_, none) = server.get("/api/evaluations?grade=差");
    assert_eq!(none["total_count"], 0);
    let (_, other_year) = server.get("/api/evaluations?year=2021");
    assert_eq!(other_year["total_count"], 0);
    let (_, sample_only) = server.get("/api/evaluations?source=sample");
    assert_eq!(sample_only["total_count"], 0);
    let (status, error) = server.get("/api/evaluations?grade=好");
    assert_eq!(status, 400);
    assert!(
        error["message"]
            .as_str()
            .expect("message")
            .contains("grade")
    );
}

#[test]
fn the_drill_down_explains_every_score() {
    let server = with_seed();
    let (status, detail) = server.get("/api/evaluations/1");
    assert_eq!(status, 200);
    assert_eq!(detail["record"]["year"], 2022);
    assert_eq!(detail["assessment"]["total"], 99);
    assert_eq!(detail["assessment"]["grade"], "优");
    let row = &detail["assessment"]["indicators"][9];
    assert_eq!(row["name"], "规模以上工业增加值");
    assert_eq!(row["declared_score"], 4);
    assert_eq!(row["computed_score"], serde_json::Value::Null);
    assert!(
        row["explanation"]["result"]
            .as_str()
            .expect("result")
            .contains("无法计算")
    );
    let codes: Vec<&str> = detail["assessment"]["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["code"].as_str().expect("code"))
        .collect();
    assert!(codes.contains(&"narrative_category_mismatch"));
    assert!(codes.contains(&"missing_deviation_note"));
    let (status, missing) = server.get("/api/evaluations/999");
    assert_eq!(status, 404);
    assert!(
        missing["message"]
            .as_str()
            .expect("message")
            .contains("999")
    );
    let (status, _) = server.get("/api/evaluations/abc");
    assert_eq!(status, 404);
    let (status, unknown) = server.get("/api/nothing-here");
    assert_eq!(status, 404);
    assert_eq!(unknown["error"], "not_found");
}
