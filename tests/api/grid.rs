//! `GET /api/compare/grid` against the default data: every cell's score and weight equal the
//! sums of the stored evaluations' own scores, read one by one from `GET /api/evaluations/{id}`
//! and added up here, for a city's districts and for the province's cities.

use std::collections::{BTreeMap, HashMap};
use std::str::FromStr;

use fundlens_shared::scoring::labels::level2_display;
use fundlens_tests::TestServer;
use rust_decimal::Decimal;
use serde_json::Value;

const YEAR: i32 = 2023;

fn decimal(value: &Value) -> Decimal {
    Decimal::from_str(&value.to_string()).unwrap_or_else(|e| panic!("{value}: {e}"))
}

/// The region each region's evaluations count for under `parent`: a child of `parent` for
/// everything below it, `parent` itself for its own.
fn rows_of(server: &TestServer, parent: &str) -> HashMap<String, String> {
    let (_, regions) = server.get("/api/regions");
    let parents: HashMap<String, Option<String>> = regions
        .as_array()
        .expect("regions")
        .iter()
        .map(|r| {
            (
                r["name"].as_str().expect("name").to_owned(),
                r["parent"].as_str().map(str::to_owned),
            )
        })
        .collect();
    let mut rows = HashMap::new();
    for name in parents.keys() {
        let mut at = name.clone();
        loop {
            if at == parent {
                rows.insert(name.clone(), parent.to_owned());
                break;
            }
            match parents.get(&at).cloned().flatten() {
                Some(up) if up == parent => {
                    rows.insert(name.clone(), at);
                    break;
                }
                Some(up) => at = up,
                None => break,
            }
        }
    }
    rows
}

/// (row, column) → (Σ score, Σ weight) over every evaluation of the year below `parent`.
fn expected(server: &TestServer, parent: &str) -> BTreeMap<(String, String), (Decimal, Decimal)> {
    let rows = rows_of(server, parent);
    let mut sums: BTreeMap<(String, String), (Decimal, Decimal)> = BTreeMap::new();
    let mut after: Option<String> = None;
    loop {
        let mut path = format!("/api/evaluations?year={YEAR}&region={parent}&limit=1000");
        if let Some(after) = &after {
            path.push_str(&format!("&after={after}"));
        }
        let (status, list) = server.get(&path);
        assert_eq!(status, 200, "{list}");
        for item in list["items"].as_array().expect("items") {
            let (_, detail) = server.get(&format!("/api/evaluations/{}", item["id"]));
            let region = detail["record"]["region"].as_str().expect("region");
            let row = rows.get(region).expect("region under the parent").clone();
            let assessment = &detail["assessment"];
            let mut add = |column: String, score: &Value, weight: &Value| {
                let sum = sums.entry((row.clone(), column)).or_default();
                sum.0 += decimal(score);
                sum.1 += decimal(weight);
            };
            add(
                "预算执行".to_owned(),
                &assessment["execution"]["score"],
                &assessment["execution"]["weight"],
            );
            for indicator in assessment["indicators"].as_array().expect("indicators") {
                add(
                    level2_display(indicator["level2"].as_str().expect("level2")),
                    &indicator["score"],
                    &indicator["weight"],
                );
            }
        }
        match list["next"].as_str() {
            Some(next) => after = Some(next.to_owned()),
            None => break,
        }
    }
    sums
}

fn grid_sums(grid: &Value) -> BTreeMap<(String, String), (Decimal, Decimal)> {
    let columns: Vec<&str> = grid["columns"]
        .as_array()
        .expect("columns")
        .iter()
        .map(|c| c.as_str().expect("column"))
        .collect();
    let mut sums = BTreeMap::new();
    for row in grid["rows"].as_array().expect("rows") {
        for (column, cell) in columns.iter().zip(row["cells"].as_array().expect("cells")) {
            if cell.is_null() {
                continue;
            }
            let (score, weight) = (decimal(&cell["score"]), decimal(&cell["weight"]));
            if !weight.is_zero() {
                let share = decimal(&cell["share"]);
                let exact = score / weight * Decimal::ONE_HUNDRED;
                assert!((share - exact).abs() < Decimal::new(1, 6), "{cell}");
            }
            sums.insert(
                (
                    row["region"].as_str().expect("region").to_owned(),
                    (*column).to_owned(),
                ),
                (score, weight),
            );
        }
    }
    sums
}

#[test]
fn the_grid_sums_the_stored_scores_of_each_child_and_its_subtree() {
    let server = TestServer::start_with_default_data();
    for parent in ["益阳市", "湖南省"] {
        let (status, grid) = server.get(&format!("/api/compare/grid?year={YEAR}&parent={parent}"));
        assert_eq!(status, 200, "{grid}");
        assert_eq!(
            grid["sample"], true,
            "the default data holds sample records"
        );
        assert_eq!(grid["columns"][0], "预算执行");
        let found = grid_sums(&grid);
        assert!(!found.is_empty(), "{parent}: an empty grid");
        assert_eq!(found, expected(&server, parent), "{parent}");
    }
    // The province's row is its one city with the whole city's funds.
    let (_, province) = server.get(&format!("/api/compare/grid?year={YEAR}&parent=湖南省"));
    let regions: Vec<&str> = province["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| r["region"].as_str().expect("region"))
        .collect();
    assert_eq!(regions, vec!["益阳市"]);
}

#[test]
fn one_fund_gives_its_indicators_with_links_to_single_rows() {
    let server = TestServer::start_with_default_data();
    let (_, list) = server.get(&format!(
        "/api/evaluations?year={YEAR}&region=赫山区&limit=1"
    ));
    let program = list["items"][0]["program"].as_str().expect("program");
    let id = list["items"][0]["id"].clone();
    let (status, grid) = server.get(&format!(
        "/api/compare/grid?year={YEAR}&parent=益阳市&program={program}"
    ));
    assert_eq!(status, 200, "{grid}");
    let (_, detail) = server.get(&format!("/api/evaluations/{id}"));
    let row = grid["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .find(|r| r["region"] == "赫山区")
        .expect("赫山区");
    let first = &detail["assessment"]["indicators"][0];
    let column = grid["columns"]
        .as_array()
        .expect("columns")
        .iter()
        .position(|c| *c == first["name"])
        .expect("the first indicator is a column");
    let cell = &row["cells"][column];
    assert_eq!(decimal(&cell["score"]), decimal(&first["score"]));
    assert_eq!(cell["link"]["evaluation_id"], id);
    assert_eq!(cell["link"]["row"], first["index"]);

    let (status, refused) = server.get("/api/compare/grid?parent=益阳市");
    assert_eq!(status, 400, "{refused}");
    assert!(
        refused["message"]
            .as_str()
            .expect("message")
            .contains("year")
    );
    let (status, _) = server.get(&format!("/api/compare/grid?year={YEAR}&parent=火星"));
    assert_eq!(status, 404);
}
