//! 结果应用: `GET /api/results/{budget,targets,rectification,conflicts}` on a hand-made set of
//! three years of five funds covering every case. Every figure is computed here again from the
//! stored evaluations (each one's record and assessment as `GET /api/evaluations/{id}` gives
//! it), by this file's own reading of the rules README states, and compared with the answer.

use std::collections::{BTreeMap, BTreeSet};

use fundlens_tests::TestServer;
use rust_decimal::Decimal;
use serde_json::{Value, json};

const YEARS: [i32; 3] = [2023, 2024, 2025];

/// A fund's year: a quantitative row (`quantity`: name, target, actual in 家 or 个) when
/// given, and one qualitative row; the total row's year-start budget; a statistic.
struct Year {
    budget: u32,
    quantity: Option<(&'static str, u32, u32)>,
    growth: Option<&'static str>,
}

fn record(program: &str, region: &str, year: i32, y: &Year) -> Value {
    let mut indicators = Vec::new();
    match y.quantity {
        Some((name, target, actual)) => {
            let score = (50 * actual.min(target)) / target;
            indicators.push(
                json!({"level1": "产出指标", "level2": "数量指标", "name": name,
                "target": format!("{target}家"), "actual": format!("{actual}家"),
                "weight": 50, "declared_score": score}),
            );
        }
        None => indicators.push(json!({"level1": "产出指标", "level2": "质量指标",
            "name": "服务质量", "target": "成效明显", "actual": "成效明显",
            "weight": 50, "declared_score": 45})),
    }
    indicators.push(
        json!({"level1": "效益指标", "level2": "社会效益指标", "name": "促进就业",
        "target": "成效明显", "actual": "成效明显", "weight": 40, "declared_score": 40}),
    );
    let statistics: Vec<Value> = y
        .growth
        .iter()
        .map(|v| json!({"metric": "industrial_value_added_growth", "value": v.parse::<f64>().expect("present"), "unit": "%"}))
        .collect();
    json!({
        "program": {"name": program, "department": "测试局"},
        "region": region,
        "year": year,
        "funding": {"total": {"year_start_budget": y.budget, "full_year_budget": y.budget, "executed": y.budget},
                    "weight": 10},
        "indicators": indicators,
        "statistics": statistics,
        "provenance": {"kind": "sample", "generator": "tests/api/results.rs"}
    })
}

fn y(
    budget: u32,
    quantity: Option<(&'static str, u32, u32)>,
    growth: Option<&'static str>,
) -> Year {
    Year {
        budget,
        quantity,
        growth,
    }
}

/// The five funds: A graded 优 (budget raised, then kept within 1%); B 差 then 中 (raised after
/// 差 — two years running 中/差 — then cut); C 中 then 优 (cut, then kept); D's targets (150
/// below last year's 200, achieved at 200% twice, its indicator replaced in 2025) and a
/// statistic differing from A's; E in another district, its 2025 form all qualitative.
fn funds() -> Vec<(&'static str, &'static str, [Year; 3])> {
    vec![
        (
            "结果甲专项资金",
            "赫山区",
            [
                y(100, Some(("新增企业", 100, 100)), None),
                y(110, Some(("新增企业", 100, 100)), Some("6.8")),
                y(110, Some(("新增企业", 100, 100)), None),
            ],
        ),
        (
            "结果乙专项资金",
            "赫山区",
            [
                y(100, Some(("新增企业", 100, 10)), None),
                y(120, Some(("新增企业", 100, 50)), None),
                y(90, Some(("新增企业", 100, 100)), None),
            ],
        ),
        (
            "结果丙专项资金",
            "赫山区",
            [
                y(200, Some(("新增企业", 100, 50)), None),
                y(150, Some(("新增企业", 100, 100)), None),
                y(150, Some(("新增企业", 100, 100)), None),
            ],
        ),
        (
            "结果丁专项资金",
            "赫山区",
            [
                y(50, Some(("新增企业", 100, 200)), None),
                y(50, Some(("新增企业", 150, 300)), Some("7.1")),
                y(50, Some(("新建项目", 10, 10)), None),
            ],
        ),
        (
            "结果戊专项资金",
            "资阳区",
            [
                y(80, Some(("新增企业", 100, 60)), None),
                y(80, Some(("新增企业", 100, 60)), None),
                y(80, None, None),
            ],
        ),
    ]
}

/// One stored evaluation as the API's drill-down gives it.
struct Stored {
    id: i64,
    program: String,
    region: String,
    year: i32,
    detail: Value,
}

fn stored(server: &TestServer) -> Vec<Stored> {
    let (status, list) = server.get("/api/evaluations?limit=100");
    assert_eq!(status, 200, "{list}");
    list["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|item| {
            let id = item["id"].as_i64().expect("id");
            let (status, detail) = server.get(&format!("/api/evaluations/{id}"));
            assert_eq!(status, 200, "{detail}");
            Stored {
                id,
                program: item["program"].as_str().expect("program").to_owned(),
                region: item["region"].as_str().expect("region").to_owned(),
                year: i32::try_from(item["year"].as_i64().expect("year")).expect("year"),
                detail,
            }
        })
        .collect()
}

fn number(value: &Value) -> Decimal {
    value
        .to_string()
        .trim_matches('"')
        .parse()
        .unwrap_or_else(|e| panic!("{value}: {e}"))
}

/// `135家` → 135; anything else (prose) is not a quantity.
fn quantity(text: &str) -> Option<Decimal> {
    text.strip_suffix('家').and_then(|n| n.parse().ok())
}

fn low(grade: &str) -> bool {
    grade == "中" || grade == "差"
}

/// What `later`'s year-start budget did against `earlier`'s: ±1% kept.
fn budget_response(earlier: &Stored, later: &Stored) -> &'static str {
    let budget = |s: &Stored| number(&s.detail["record"]["funding"]["total"]["year_start_budget"]);
    let (before, after) = (budget(earlier), budget(later));
    let change = after - before;
    if change.abs() <= before / Decimal::ONE_HUNDRED {
        "kept"
    } else if change < Decimal::ZERO {
        "cut"
    } else {
        "raised"
    }
}

/// A view's expected figures by key, and its rows as (evaluation, code).
type Expected = (BTreeMap<String, i64>, BTreeSet<(i64, String)>);

/// What each view should answer for `year` over `funds` (pairs of the same program and
/// region): expected counts under the API's figure keys, and the rows as (evaluation, code).
fn expected(all: &[Stored], year: i32) -> BTreeMap<&'static str, Expected> {
    let mut views: BTreeMap<&'static str, Expected> = BTreeMap::new();
    let mut add = |view: &'static str, key: &str, row: Option<(i64, &str)>| {
        let entry = views.entry(view).or_default();
        *entry.0.entry(key.to_owned()).or_default() += 1;
        if let Some((id, code)) = row {
            entry.1.insert((id, code.to_owned()));
        }
    };
    for later in all.iter().filter(|s| s.year == year) {
        let record = &later.detail["record"];
        let indicators = record["indicators"].as_array().expect("rows");
        if indicators
            .iter()
            .all(|r| quantity(r["target"].as_str().expect("present")).is_none())
        {
            add(
                "targets",
                "no_quantitative_indicator",
                Some((later.id, "no_quantitative_indicator")),
            );
        }
        let Some(earlier) = all
            .iter()
            .find(|s| s.year == year - 1 && s.program == later.program && s.region == later.region)
        else {
            continue;
        };
        // Budget: the year-start budgets, ±1% kept, by the earlier grade.
        let code = budget_response(earlier, later);
        let grade = earlier.detail["assessment"]["grade"]
            .as_str()
            .expect("present");
        let class = if low(grade) { "low" } else { "high" };
        add("budget", class, Some((later.id, &format!("budget_{code}"))));
        add("budget", &format!("{class}_{code}"), None);
        if low(grade)
            && low(later.detail["assessment"]["grade"]
                .as_str()
                .expect("present"))
        {
            add("budget", "low_twice", None);
        }
        // Targets: the same indicator name in both years, bare counts read as "at least".
        let earlier_rows = earlier.detail["record"]["indicators"]
            .as_array()
            .expect("present");
        for row in indicators {
            let Some(prior) = earlier_rows.iter().find(|r| r["name"] == row["name"]) else {
                continue;
            };
            let (Some(target), Some(actual)) = (
                quantity(row["target"].as_str().expect("present")),
                quantity(row["actual"].as_str().expect("present")),
            ) else {
                continue;
            };
            let last_target =
                quantity(prior["target"].as_str().expect("present")).expect("present");
            let last = quantity(prior["actual"].as_str().expect("present")).expect("present");
            // More than 10% under last year's actual.
            if target * Decimal::TEN < last * Decimal::new(9, 0) {
                add(
                    "targets",
                    "target_below_last_actual",
                    Some((later.id, "target_below_last_actual")),
                );
            }
            let half = Decimal::new(15, 1);
            if actual >= target * half && last >= last_target * half {
                add(
                    "targets",
                    "target_persistently_exceeded",
                    Some((later.id, "target_persistently_exceeded")),
                );
            }
        }
        for prior in earlier_rows {
            if !indicators.iter().any(|r| r["name"] == prior["name"]) {
                add(
                    "targets",
                    "indicator_dropped",
                    Some((later.id, "indicator_dropped")),
                );
            }
        }
        // Rectification: the earlier errors and warnings by (code, indicator name), once each.
        let keys = |stored: &Stored| -> BTreeSet<(String, Option<String>)> {
            let rows = stored.detail["record"]["indicators"]
                .as_array()
                .expect("present");
            stored.detail["assessment"]["findings"]
                .as_array()
                .expect("present")
                .iter()
                .filter(|f| f["severity"] != "info")
                .map(|f| {
                    let indicator = f["indicator"].as_u64().map(|i| {
                        rows[usize::try_from(i).expect("present")]["name"]
                            .as_str()
                            .expect("present")
                            .to_owned()
                    });
                    (f["code"].as_str().expect("present").to_owned(), indicator)
                })
                .collect()
        };
        let now = keys(later);
        for key in keys(earlier) {
            let code = if now.contains(&key) {
                "finding_unfixed"
            } else {
                "finding_fixed"
            };
            add("rectification", "findings", None);
            add("rectification", code, Some((later.id, code)));
        }
    }
    // Conflicts: a region-year's reports, the first stored the reference (no official figure
    // is imported here).
    let mut first: BTreeMap<(String, String), Decimal> = BTreeMap::new();
    let mut reports: Vec<&Stored> = all.iter().filter(|s| s.year == year).collect();
    reports.sort_by_key(|s| s.id);
    for report in reports {
        for statistic in report.detail["record"]["statistics"]
            .as_array()
            .expect("present")
        {
            let key = (
                report.region.clone(),
                statistic["metric"].as_str().expect("present").to_owned(),
            );
            let value = number(&statistic["value"]);
            match first.get(&key) {
                None => {
                    first.insert(key, value);
                }
                Some(reference) if *reference != value => {
                    add(
                        "conflicts",
                        "statistic_conflict",
                        Some((report.id, "statistic_conflict")),
                    );
                    add("conflicts", "between_reports", None);
                }
                Some(_) => {}
            }
        }
    }
    views
}

fn load(server: &TestServer) {
    let records: Vec<Value> = funds()
        .iter()
        .flat_map(|(program, region, years)| {
            YEARS
                .iter()
                .zip(years)
                .map(|(year, y)| record(program, region, *year, y))
        })
        .collect();
    let (status, body) = server.post(
        "/api/evaluations",
        "application/json",
        Value::Array(records).to_string(),
    );
    assert_eq!(status, 201, "{body}");
}

#[test]
fn every_view_answers_the_figures_computed_from_the_stored_evaluations() {
    let server = TestServer::start();
    load(&server);
    let all = stored(&server);
    assert_eq!(all.len(), 15);
    let mut seen_codes = BTreeSet::new();
    for year in [2024, 2025] {
        let expected = expected(&all, year);
        for view in ["budget", "targets", "rectification", "conflicts"] {
            let path = format!("/api/results/{view}?year={year}&region=益阳市&limit=500");
            let (status, answer) = server.get(&path);
            assert_eq!(status, 200, "{path}: {answer}");
            let (counts, rows) = expected.get(view).cloned().unwrap_or_default();
            for figure in answer["summary"]["figures"].as_array().expect("figures") {
                let key = figure["key"].as_str().expect("present");
                assert_eq!(
                    figure["count"].as_i64().expect("present"),
                    counts.get(key).copied().unwrap_or(0),
                    "{path}: {key} in {answer}"
                );
            }
            let got: BTreeSet<(i64, String)> = answer["rows"]
                .as_array()
                .expect("rows")
                .iter()
                .map(|r| {
                    (
                        r["evaluation"].as_i64().expect("present"),
                        r["item"]["code"].as_str().expect("present").to_owned(),
                    )
                })
                .collect();
            assert_eq!(got, rows, "{path}: {answer}");
            assert_eq!(
                answer["total"].as_i64().expect("present"),
                i64::try_from(answer["rows"].as_array().expect("present").len()).expect("present")
            );
            assert_eq!(
                answer["has_sample"],
                answer["total"].as_i64() > Some(0),
                "sample rows are marked: {answer}"
            );
            seen_codes.extend(got.into_iter().map(|(_, code)| code));
        }
    }
    // The hand-made set covers every case.
    for code in [
        "budget_cut",
        "budget_kept",
        "budget_raised",
        "target_below_last_actual",
        "target_persistently_exceeded",
        "indicator_dropped",
        "no_quantitative_indicator",
        "finding_fixed",
        "finding_unfixed",
        "statistic_conflict",
    ] {
        assert!(seen_codes.contains(code), "no {code} row: {seen_codes:?}");
    }
    // The briefing's sentence, as the issue words it.
    let (_, budget) = server.get("/api/results/budget?year=2024&region=益阳市");
    assert_eq!(
        budget["summary"]["sentence"],
        "2023年评价为中、差的2项资金中，2024年核减预算1项，持平0项，增加1项"
    );
    let (_, briefing) = server.get("/api/briefing?year=2024&region=益阳市");
    let text = briefing["text"].as_str().expect("text");
    assert!(
        text.contains("2023年评价为中、差的2项资金中，2024年核减预算1项，持平0项，增加1项；"),
        "{text}"
    );
    // Every view with something to say is in the briefing as its page says it.
    for view in ["targets", "rectification", "conflicts"] {
        let (_, answer) = server.get(&format!("/api/results/{view}?year=2024&region=益阳市"));
        let sentence = answer["summary"]["sentence"]
            .as_str()
            .expect("a year's sentence");
        assert_eq!(
            text.contains(sentence),
            answer["total"].as_i64() > Some(0),
            "{view}: {sentence} in {text}"
        );
    }
}

#[test]
fn a_fund_s_years_stand_side_by_side_with_what_each_next_budget_did() {
    let server = TestServer::start();
    load(&server);
    // The same name in another district is another fund.
    let elsewhere = record("结果乙专项资金", "资阳区", 2024, &y(70, None, None));
    let (status, body) = server.post(
        "/api/evaluations",
        "application/json",
        Value::Array(vec![elsewhere]).to_string(),
    );
    assert_eq!(status, 201, "{body}");
    let all = stored(&server);
    let fund: Vec<&Stored> = {
        let mut years: Vec<&Stored> = all
            .iter()
            .filter(|s| s.program == "结果乙专项资金" && s.region == "赫山区")
            .collect();
        years.sort_by_key(|s| s.year);
        years
    };
    assert_eq!(fund.len(), 3);
    let asked = fund[1].id;
    let (status, strip) = server.get(&format!("/api/evaluations/{asked}/years"));
    assert_eq!(status, 200, "{strip}");
    assert_eq!(strip["evaluation"], asked);
    let years = strip["years"].as_array().expect("years");
    let ids: Vec<i64> = years
        .iter()
        .map(|y| y["summary"]["id"].as_i64().expect("id"))
        .collect();
    assert_eq!(
        ids,
        fund.iter().map(|s| s.id).collect::<Vec<_>>(),
        "{strip}"
    );
    for (shown, stored) in years.iter().zip(&fund) {
        assert_eq!(
            shown["summary"]["grade"], stored.detail["assessment"]["grade"],
            "{}",
            stored.year
        );
        assert_eq!(
            number(&shown["summary"]["year_start_budget"]),
            number(&stored.detail["record"]["funding"]["total"]["year_start_budget"])
        );
    }
    for pair in fund.windows(2) {
        let (earlier, later) = (pair[0], pair[1]);
        let shown = years
            .iter()
            .find(|y| y["summary"]["id"] == earlier.id)
            .expect("listed");
        let next = &shown["next_budget"];
        assert_eq!(next["evaluation"], later.id, "{shown}");
        assert_eq!(next["year"], later.year);
        assert_eq!(
            next["code"],
            format!("budget_{}", budget_response(earlier, later))
        );
        // The strip says what the 结果应用 view says of the same two years.
        let (_, view) = server.get(&format!(
            "/api/results/budget?year={}&program=结果乙专项资金&region=赫山区",
            later.year
        ));
        assert_eq!(
            next["message"], view["rows"][0]["item"]["message"],
            "{view}"
        );
    }
    assert_eq!(
        years[2]["next_budget"],
        Value::Null,
        "the latest year has none"
    );
    // The other district's fund of the same name has only its own year.
    let other = all
        .iter()
        .find(|s| s.program == "结果乙专项资金" && s.region == "资阳区")
        .expect("stored");
    let (_, alone) = server.get(&format!("/api/evaluations/{}/years", other.id));
    assert_eq!(alone["years"].as_array().map(Vec::len), Some(1), "{alone}");
    let (status, missing) = server.get("/api/evaluations/999999/years");
    assert_eq!(status, 404, "{missing}");
    assert_eq!(missing["error"], "not_found");
}

#[test]
fn views_follow_region_program_paging_and_files() {
    let server = TestServer::start();
    load(&server);
    let (_, all) = server.get("/api/results/targets?year=2025&region=益阳市");
    let (_, ziyang) = server.get("/api/results/targets?year=2025&region=资阳区");
    // 戊's 2025 form: all qualitative (a warning, listed first), its 新增企业 dropped.
    assert_eq!(ziyang["total"], 2, "{ziyang}");
    assert_eq!(
        ziyang["rows"][0]["item"]["code"],
        "no_quantitative_indicator"
    );
    assert_eq!(ziyang["rows"][1]["item"]["code"], "indicator_dropped");
    assert_eq!(ziyang["rows"][0]["program"], "结果戊专项资金");
    let (_, fund) = server.get("/api/results/budget?year=2024&program=结果乙专项资金");
    assert_eq!(fund["total"], 1, "{fund}");
    assert_eq!(fund["rows"][0]["item"]["code"], "budget_raised");
    assert_eq!(
        fund["rows"][0]["item"]["flag"], true,
        "中/差 two years running"
    );
    let total = all["total"].as_i64().expect("present");
    assert!(total >= 2, "{all}");
    let (_, page) = server.get("/api/results/targets?year=2025&region=益阳市&limit=1&offset=1");
    assert_eq!(page["rows"].as_array().expect("present").len(), 1);
    assert_eq!(
        page["rows"][0], all["rows"][1],
        "the second page holds the second row"
    );
    let (status, refused) = server.get("/api/results/targets?limit=0");
    assert_eq!(status, 400, "{refused}");
    // Without a year: the latest with data.
    let (_, latest) = server.get("/api/results/budget");
    assert_eq!(latest["year"], 2025);
    for format in ["csv", "xlsx"] {
        let (_, disposition, bytes) = server.download(&format!(
            "/api/results/budget?year=2024&region=益阳市&format={format}"
        ));
        assert!(disposition.contains("results-budget-2024"), "{disposition}");
        assert!(!bytes.is_empty());
        if format == "csv" {
            let text = String::from_utf8(bytes).expect("UTF-8");
            assert!(text.contains("示例数据"), "{text}");
            assert!(text.contains("增加预算"), "{text}");
        }
    }
}

#[test]
fn a_replaced_or_deleted_year_moves_the_views() {
    let server = TestServer::start();
    load(&server);
    let (_, before) = server.get("/api/results/budget?year=2025&program=结果乙专项资金");
    assert_eq!(before["rows"][0]["item"]["code"], "budget_cut");
    // 2024 replaced with a 优 year: 2025's budget row now follows a 优.
    let better = record(
        "结果乙专项资金",
        "赫山区",
        2024,
        &y(120, Some(("新增企业", 100, 100)), None),
    );
    let (status, body) = server.post(
        "/api/evaluations?replace=true",
        "application/json",
        better.to_string(),
    );
    assert!(status == 200 || status == 201, "{body}");
    let (_, after) = server.get("/api/results/budget?year=2025&program=结果乙专项资金");
    assert_eq!(after["rows"][0]["item"]["class"], "high", "{after}");
    // 2024 deleted: nothing to compare 2025 with.
    let id = after["rows"][0]["item"]["other"].as_i64().expect("present");
    let (status, body) = server.as_role(
        fundlens_shared::account::Role::Admin,
        reqwest::Method::DELETE,
        &format!("/api/evaluations/{id}"),
        String::new(),
    );
    assert!(status == 200 || status == 204, "{status} {body}");
    let (_, gone) = server.get("/api/results/budget?year=2025&program=结果乙专项资金");
    assert_eq!(gone["total"], 0, "{gone}");
}

/// A real report of 赫山区 2024 stating 规模工业增加值增速 `growth`.
fn real_report(program: &str, growth: &'static str) -> Value {
    let mut report = record(
        program,
        "赫山区",
        2024,
        &y(100, Some(("新增企业", 100, 100)), Some(growth)),
    );
    report["provenance"] =
        json!({"kind": "document", "title": format!("{program}2024年度绩效自评报告")});
    report
}

/// The official 规模工业增加值增速 of 赫山区 in 2024, from the statistics bulletin.
fn official_growth(value: &str) -> String {
    json!([{"region": "赫山区", "year": 2024, "metric": "industrial_value_added_growth",
            "value": value.parse::<f64>().expect("a number"), "unit": "%", "rank": 3,
            "source": {"kind": "document", "title": "赫山区2024年国民经济和社会发展统计公报"}}])
    .to_string()
}

/// The evaluations a view's rows open.
fn reports_of(answer: &Value) -> BTreeSet<i64> {
    answer["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| r["evaluation"].as_i64().expect("an id"))
        .collect()
}

fn official_series_2024(server: &TestServer) -> Value {
    let (status, trend) =
        server.get("/api/trends/metrics?region=赫山区&metric=industrial_value_added_growth");
    assert_eq!(status, 200, "{trend}");
    trend["points"]
        .as_array()
        .expect("points")
        .iter()
        .find(|p| p["year"] == 2024)
        .cloned()
        .unwrap_or(Value::Null)
}

#[test]
fn a_report_is_set_against_the_official_figure_which_it_never_replaces() {
    let server = TestServer::start();
    let post = |body: String| {
        let (status, answer) = server.post("/api/evaluations", "application/json", body);
        assert_eq!(status, 201, "{answer}");
        answer["ids"][0].as_i64().expect("an id")
    };
    let first = post(real_report("核对甲专项资金", "6.8").to_string());
    let second = post(real_report("核对乙专项资金", "7.1").to_string());
    let conflicts = |server: &TestServer| {
        let (status, answer) = server.get("/api/results/conflicts?year=2024&region=赫山区");
        assert_eq!(status, 200, "{answer}");
        answer
    };
    // No official figure yet: the later report is set against the first.
    let answer = conflicts(&server);
    assert_eq!(answer["total"], 1, "{answer}");
    assert_eq!(answer["rows"][0]["evaluation"], second);
    assert_eq!(answer["rows"][0]["item"]["other"], first);
    // The official figure, imported after the reports, replaces theirs in the series and
    // becomes the reference: now the first report (6.8) is the one that differs.
    let (status, body) = server.post(
        "/api/observations",
        "application/json",
        official_growth("7.1"),
    );
    assert_eq!(status, 201, "{body}");
    assert_eq!(official_series_2024(&server)["value"], 7.1);
    let answer = conflicts(&server);
    assert_eq!(answer["total"], 1, "{answer}");
    let row = &answer["rows"][0];
    assert_eq!(row["evaluation"], first, "{answer}");
    assert_eq!(row["item"]["flag"], true);
    assert_eq!(row["item"]["other"], Value::Null);
    assert_eq!(row["item"]["before"], 7.1);
    assert_eq!(row["item"]["after"], 6.8);
    let message = row["item"]["message"].as_str().expect("a message");
    assert!(
        message.contains("赫山区2024年国民经济和社会发展统计公报") && message.contains("为7.1%"),
        "{message}"
    );
    assert_eq!(
        answer["summary"]["sentence"],
        "2024年自评报告所填统计数据与导入的统计数据不一致1处"
    );
    // A report written after the official figure does not replace it (it used to: the last
    // written stood, and the official figure was gone from the store).
    let third = post(real_report("核对丙专项资金", "5.0").to_string());
    assert_eq!(official_series_2024(&server)["value"], 7.1);
    let answer = conflicts(&server);
    assert_eq!(
        reports_of(&answer),
        BTreeSet::from([first, third]),
        "{answer}"
    );
    // A corrected official figure moves the reference again.
    let (status, body) = server.post(
        "/api/observations",
        "application/json",
        official_growth("6.8"),
    );
    assert_eq!(status, 201, "{body}");
    let answer = conflicts(&server);
    assert_eq!(
        reports_of(&answer),
        BTreeSet::from([second, third]),
        "{answer}"
    );
}
