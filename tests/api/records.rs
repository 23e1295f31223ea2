//! Catalogue, list and drill-down endpoints.

use fundlens_shared::account::Role;
use fundlens_tests::{TestServer, seed_text};
use reqwest::Method;

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
fn the_list_of_funds_with_findings_holds_exactly_those() {
    let server = with_seed();
    let records = serde_json::json!([
        fundlens_tests::generated("专项甲", "赫山区", 2022, 200, 180, 100),
        fundlens_tests::generated("专项乙", "安化县", 2022, 100, 100, 60),
    ]);
    let (status, body) = server.post("/api/evaluations", "application/json", records.to_string());
    assert_eq!(status, 201, "{body}");
    let (_, all) = server.get("/api/evaluations?year=2022&limit=1000");
    let mut want: Vec<i64> = all["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter(|item| item["finding_count"].as_i64().expect("count") > 0)
        .map(|item| item["id"].as_i64().expect("id"))
        .collect();
    want.sort_unstable();
    assert!(
        !want.is_empty() && want.len() < all["items"].as_array().expect("items").len(),
        "some funds have findings and some do not: {all}"
    );
    for sort in ["newest", "lowest", "highest", "program", "region"] {
        let (status, with) = server.get(&format!(
            "/api/evaluations?year=2022&findings=with&sort={sort}"
        ));
        assert_eq!(status, 200, "{with}");
        let mut got: Vec<i64> = with["items"]
            .as_array()
            .expect("items")
            .iter()
            .map(|item| item["id"].as_i64().expect("id"))
            .collect();
        got.sort_unstable();
        assert_eq!(got, want, "sort={sort}");
        assert_eq!(with["total_count"], want.len(), "sort={sort}");
    }
    let (status, error) = server.get("/api/evaluations?findings=some");
    assert_eq!(status, 400);
    assert!(
        error["message"]
            .as_str()
            .expect("message")
            .contains("findings"),
        "{error}"
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

#[test]
fn the_catalogue_answers_every_filter_list_in_one_request() {
    let server = with_seed();
    let records = serde_json::json!([
        fundlens_tests::generated("专项甲", "赫山区", 2021, 200, 180, 100),
        fundlens_tests::generated("专项甲", "安化县", 2023, 100, 100, 60),
    ]);
    let (status, body) = server.post("/api/evaluations", "application/json", records.to_string());
    assert_eq!(status, 201, "{body}");
    let (status, catalogue) = server.get("/api/catalogue");
    assert_eq!(status, 200);
    assert_eq!(catalogue["evaluations"], 3);
    let (_, log) = server.as_role(Role::Admin, Method::GET, "/api/audit", String::new());
    let newest_import = log["entries"]
        .as_array()
        .expect("the audit log lists entries")
        .iter()
        .filter(|entry| entry["action"] == "import")
        .filter_map(|entry| entry["at"].as_str())
        .max()
        .expect("the import is logged")
        .to_owned();
    assert_eq!(
        catalogue["data_as_of"], newest_import,
        "the data's date is the newest import's"
    );
    assert_eq!(
        catalogue["sample_evaluations"], 2,
        "the generated records are sample data"
    );
    assert_eq!(catalogue["years"], serde_json::json!([2021, 2022, 2023]));
    let (_, regions) = server.get("/api/regions");
    assert_eq!(catalogue["regions"], regions);
    let county = regions
        .as_array()
        .expect("regions")
        .iter()
        .find(|r| r["name"] == "赫山区")
        .expect("赫山区");
    assert_eq!(county["evaluations"], 1);
    let (_, programs) = server.get("/api/programs");
    assert_eq!(catalogue["programs"], programs);
    let fund = programs
        .as_array()
        .expect("programs")
        .iter()
        .find(|p| p["name"] == "专项甲")
        .expect("专项甲");
    assert_eq!(fund["evaluations"], 2);
    let (_, health) = server.get("/api/health");
    assert_eq!(health["evaluations"], 3);
}

#[test]
fn every_sort_pages_by_cursor_and_deep_offsets_are_refused() {
    let server = with_seed();
    let records: Vec<_> = (2016..2024)
        .flat_map(|year| {
            ["赫山区", "安化县", "沅江市"]
                .into_iter()
                .map(move |region| {
                    fundlens_tests::generated(
                        "专项甲",
                        region,
                        year,
                        100,
                        90,
                        50 + (year as u32 % 7) * 8,
                    )
                })
        })
        .collect();
    let (status, body) = server.post(
        "/api/evaluations",
        "application/json",
        serde_json::Value::Array(records).to_string(),
    );
    assert_eq!(status, 201, "{body}");
    for sort in ["newest", "lowest", "highest", "program", "region"] {
        let (_, all) = server.get(&format!("/api/evaluations?sort={sort}&limit=1000"));
        assert_eq!(all["total_count"], 25);
        assert!(all["next"].is_null(), "one page holds everything");
        let mut walked = Vec::new();
        let mut path = format!("/api/evaluations?sort={sort}&limit=4");
        loop {
            let (status, page) = server.get(&path);
            assert_eq!(status, 200, "{page}");
            assert_eq!(page["total_count"], 25);
            walked.extend(page["items"].as_array().expect("items").iter().cloned());
            match page["next"].as_str() {
                Some(next) => path = format!("/api/evaluations?sort={sort}&limit=4&after={next}"),
                None => break,
            }
        }
        assert_eq!(&walked, all["items"].as_array().expect("items"), "{sort}");
        let (_, offset) = server.get(&format!("/api/evaluations?sort={sort}&limit=4&offset=8"));
        assert_eq!(
            offset["items"].as_array().expect("items")[..],
            walked[8..12],
            "{sort}"
        );
    }
    let (_, lowest) = server.get("/api/evaluations?sort=lowest&limit=3");
    let totals: Vec<f64> = lowest["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|item| item["total"].as_f64().expect("total"))
        .collect();
    assert!(
        totals.windows(2).all(|pair| pair[0] <= pair[1]),
        "{totals:?}"
    );
    let next = lowest["next"].as_str().expect("more pages");
    let (status, error) = server.get(&format!("/api/evaluations?sort=highest&after={next}"));
    assert_eq!(status, 400, "a cursor of another order: {error}");
    let (status, error) = server.get("/api/evaluations?offset=10001");
    assert_eq!(status, 400);
    assert!(
        error["message"]
            .as_str()
            .expect("message")
            .contains("after"),
        "{error}"
    );
    let (status, _) = server.get(&format!(
        "/api/evaluations?sort=lowest&offset=3&after={next}"
    ));
    assert_eq!(status, 400);
    let (status, _) = server.get("/api/evaluations?sort=sideways");
    assert_eq!(status, 400);
}
