//! `GET /api/briefing`: the same database gives the same text twice, and its numbers are the
//! API's own figures as the dashboard formats them.

use std::str::FromStr;

use fundlens_shared::format;
use fundlens_tests::TestServer;
use rust_decimal::Decimal;
use serde_json::Value;

fn decimal(value: &Value) -> Decimal {
    Decimal::from_str(&value.to_string()).unwrap_or_else(|e| panic!("{value}: {e}"))
}

#[test]
fn the_briefing_is_deterministic_and_quotes_the_api_figures() {
    let server = TestServer::start_with_default_data();
    let path = "/api/briefing?year=2024&region=益阳市";
    let (status, first) = server.get(path);
    assert_eq!(status, 200, "{first}");
    let (_, second) = server.get(path);
    assert_eq!(first, second, "the same data gives the same text");
    let text = first["text"].as_str().expect("text");
    assert!(text.starts_with("【示例数据】"), "{text}");

    let (_, years) = server.get("/api/compare/years?a=2023&b=2024&region=益阳市");
    let figure = |key: &str| {
        years["funding"]
            .as_array()
            .into_iter()
            .chain(years["scores"].as_array())
            .flatten()
            .find(|f| f["key"] == key)
            .cloned()
            .unwrap_or_else(|| panic!("{key}"))
    };
    let rate = figure("execution_rate");
    let executed = figure("executed");
    let execution = &first["sentences"][0]["text"];
    let execution = execution.as_str().expect("the execution sentence");
    assert!(
        execution.contains(&format!(
            "预算执行率{}",
            format::percent(decimal(&rate["b"]))
        )),
        "{execution}"
    );
    assert!(
        execution.contains(&format!("执行{}", format::money(decimal(&executed["b"])))),
        "{execution}"
    );
    let change = decimal(&rate["change"]);
    if !change.is_zero() {
        assert!(
            execution.contains(&format::percentage_points(change)),
            "{execution}"
        );
    }
    let links = first["sentences"][0]["links"].as_array().expect("links");
    assert!(
        links.iter().any(|l| l
            .as_str()
            .is_some_and(|l| l.starts_with("/compare-years?a=2023&b=2024"))),
        "{links:?}"
    );

    // The lowest-scoring funds are the list's, lowest first.
    let (_, list) = server.get("/api/evaluations?year=2024&region=益阳市&sort=lowest&limit=3");
    let lowest = first["sentences"][2]["text"]
        .as_str()
        .expect("the lowest funds");
    for item in list["items"].as_array().expect("items") {
        let program = item["program"].as_str().expect("program");
        let total = format::score(decimal(&item["total"]));
        assert!(lowest.contains(&format!("{program}（")), "{lowest}");
        assert!(lowest.contains(&format!("{total}分")), "{lowest}");
    }

    let (status, refused) = server.get("/api/briefing?region=益阳市");
    assert_eq!(status, 400, "{refused}");
}
