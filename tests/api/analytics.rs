//! Trends, comparisons and indicator history on generated multi-year data and the seed.

use fundlens_tests::{TestServer, generated, seed_text};
use serde_json::json;

fn server_with_years() -> TestServer {
    let server = TestServer::start();
    let records = json!([
        generated("专项甲", "赫山区", 2021, 200, 180, 100),
        generated("专项甲", "赫山区", 2022, 250, 250, 80),
        generated("专项乙", "赫山区", 2022, 50, 25, 100),
        generated("专项甲", "安化县", 2022, 100, 100, 60),
        generated("专项甲", "赫山区", 2023, 300, 270, 100),
    ]);
    let (status, answer) = server.post("/api/evaluations", "application/json", records.to_string());
    assert_eq!(status, 201, "{answer}");
    server
}

#[test]
fn funding_trend_sums_by_year_with_rates_and_changes() {
    let server = server_with_years();
    let (status, trend) = server.get("/api/trends/funding?region=赫山区");
    assert_eq!(status, 200);
    let points = trend["points"].as_array().expect("points");
    assert_eq!(points.len(), 3);
    assert_eq!(points[0]["year"], 2021);
    assert_eq!(points[0]["execution_rate"], 90);
    assert_eq!(points[1]["budget"], 300);
    assert_eq!(points[1]["executed"], 275);
    // 275 ÷ 300 = 91.666667%; executed 180 → 275 is +52.777778%
    assert_eq!(points[1]["execution_rate"], 91.666667);
    assert_eq!(points[1]["executed_change"], 52.777778);
    assert_eq!(points[2]["budget_change"], 0);
}

#[test]
fn score_trend_averages_totals_and_groups() {
    let server = server_with_years();
    let (_, trend) = server.get("/api/trends/scores?region=赫山区&program=专项甲");
    let points = trend["points"].as_array().expect("points");
    assert_eq!(points.len(), 3);
    // 2021: 10 × 0.9 + 50 + 40 = 99; 2022: 10 + 40 + 40 = 90
    assert_eq!(points[0]["average_total"], 99);
    assert_eq!(points[1]["average_total"], 90);
    assert_eq!(points[1]["change"], -9);
    let output = points[1]["groups"]
        .as_array()
        .expect("groups")
        .iter()
        .find(|g| g["group"] == "output")
        .expect("output group");
    assert_eq!(output["average_score"], 40);
    assert_eq!(points[1]["grades"]["excellent"], 1);
}

#[test]
fn two_years_side_by_side_carry_every_change_once() {
    let server = server_with_years();
    let (status, answer) = server.get("/api/compare/years?a=2021&b=2023&region=赫山区");
    assert_eq!(status, 200, "{answer}");
    let figure = |key: &str| {
        answer["funding"]
            .as_array()
            .into_iter()
            .chain(answer["scores"].as_array())
            .flatten()
            .find(|f| f["key"] == key)
            .cloned()
            .unwrap_or_else(|| panic!("{key} in {answer}"))
    };
    // executed 180 → 270 is +50%; the rate 90% → 90% is 0 points; the total 99 → 99.
    assert_eq!(figure("executed")["a"], 180);
    assert_eq!(figure("executed")["b"], 270);
    assert_eq!(figure("executed")["change"], 50);
    assert_eq!(figure("execution_rate")["change"], 0);
    assert_eq!(figure("evaluations")["change"], 0);
    assert_eq!(figure("average_total")["change"], 0);
    assert_eq!(figure("findings")["better"], "lower");
    // The year before is the default for a; one fund in one region pairs its indicators.
    let (_, last_year) = server.get("/api/compare/years?b=2022&region=赫山区&program=专项甲");
    assert_eq!(last_year["a"], 2021);
    let rows = last_year["indicators"]["rows"]
        .as_array()
        .expect("indicator rows");
    let added = rows
        .iter()
        .find(|r| r["name"] == "新增企业")
        .expect("新增企业");
    // 2021: 100家 of 100 → 50 points; 2022: 80家 → 40 points.
    assert_eq!(added["a"]["score"], 50);
    assert_eq!(added["b"]["score"], 40);
    assert_eq!(added["change"], -10);
    assert_eq!(last_year["grades"]["differences"]["excellent"], 0);
    let (status, refused) = server.get("/api/compare/years?a=2021");
    assert_eq!(status, 400);
    assert_eq!(refused["error"], "bad_parameter");
}

#[test]
fn districts_rank_on_scores_execution_and_metrics_with_references() {
    let server = server_with_years();
    let (_, scores) = server.get("/api/compare?year=2022&measure=score");
    let rows = scores["rows"].as_array().expect("rows");
    assert_eq!(rows[0]["region"], "赫山区");
    assert_eq!(rows[1]["region"], "安化县");
    // 赫山区 2022: (90 + 95) ÷ 2 = 92.5; 安化县: 10 + 30 + 40 = 80
    assert_eq!(rows[0]["value"], 92.5);
    assert_eq!(rows[1]["value"], 80);
    let (_, execution) = server.get("/api/compare?year=2022&measure=execution_rate");
    assert_eq!(execution["rows"][0]["region"], "安化县");
    assert_eq!(execution["rows"][0]["value"], 100);
    let csv = "region,year,metric,value,rank,source\n湖南省,2022,industrial_value_added_growth,7.2,,公报\n益阳市,2022,industrial_value_added_growth,6.8,9,公报\n赫山区,2022,industrial_value_added_growth,8.1,3,公报\n安化县,2022,industrial_value_added_growth,5.0,60,公报\n南县,2022,industrial_value_added_growth,7.5,20,公报\n";
    server.post("/api/observations", "text/csv", csv.to_owned());
    let (_, metric) =
        server.get("/api/compare?year=2022&measure=metric:industrial_value_added_growth");
    let order: Vec<&str> = metric["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| r["region"].as_str().expect("name"))
        .collect();
    assert_eq!(order, vec!["赫山区", "南县", "安化县"]);
    assert_eq!(metric["city"]["value"], 6.8);
    assert_eq!(metric["benchmark"]["region"], "湖南省");
    assert_eq!(metric["benchmark"]["value"], 7.2);
    assert_eq!(metric["rows"][0]["provincial_rank"], 3);
    let (status, _) = server.get("/api/compare?year=2022&measure=metric:nope");
    assert_eq!(status, 400);
    let (status, _) = server.get("/api/compare?measure=score");
    assert_eq!(status, 400);
}

#[test]
fn metric_trends_carry_the_benchmark_and_follow_merges() {
    let server = TestServer::start();
    let csv = "region,year,metric,value,rank,source\n湖南省,2021,industrial_value_added_growth,8.4,,公报\n湖南省,2022,industrial_value_added_growth,7.2,,公报\n赫山区,2021,industrial_value_added_growth,9.0,2,公报\n赫山区,2022,industrial_value_added_growth,8.1,3,公报\n";
    server.post("/api/observations", "text/csv", csv.to_owned());
    let (_, trend) =
        server.get("/api/trends/metrics?region=益阳高新区&metric=industrial_value_added_growth");
    assert_eq!(
        trend["region"], "赫山区",
        "高新区's statistics are merged into 赫山区"
    );
    let points = trend["points"].as_array().expect("points");
    assert_eq!(points[1]["value"], 8.1);
    assert_eq!(points[1]["benchmark"], 7.2);
    assert_eq!(points[1]["change"], -0.9);
    assert_eq!(points[1]["rank"], 3);
    let (status, _) =
        server.get("/api/trends/metrics?region=火星&metric=industrial_value_added_growth");
    assert_eq!(status, 404);
}

#[test]
fn a_metric_set_answers_each_metric_as_its_own_trend_does() {
    let server = TestServer::start();
    let csv = "region,year,metric,value,rank,source\n湖南省,2022,industrial_value_added_growth,7.2,,公报\n赫山区,2022,industrial_value_added_growth,8.1,3,公报\n赫山区,2022,industrial_investment_growth,12.5,1,公报\n";
    server.post("/api/observations", "text/csv", csv.to_owned());
    let codes = [
        "industrial_investment_growth",
        "industrial_value_added_growth",
    ];
    let (status, set) = server.get(&format!(
        "/api/trends/metric-set?region=益阳高新区&metrics={}",
        codes.join(",")
    ));
    assert_eq!(status, 200, "{set}");
    let set = set.as_array().expect("an array of trends");
    assert_eq!(set.len(), codes.len());
    for (code, trend) in codes.iter().zip(set) {
        let (_, alone) = server.get(&format!(
            "/api/trends/metrics?region=益阳高新区&metric={code}"
        ));
        assert_eq!(trend, &alone, "{code} in the set equals its own trend");
    }
    assert_eq!(set[0]["points"][0]["value"], 12.5, "in the order asked");
    for (path, status) in [
        ("/api/trends/metric-set?region=赫山区", 400),
        ("/api/trends/metric-set?region=赫山区&metrics=", 400),
        (
            "/api/trends/metric-set?region=赫山区&metrics=gdp_growth,no_such",
            400,
        ),
        (
            "/api/trends/metric-set?region=火星&metrics=industrial_value_added_growth",
            404,
        ),
    ] {
        let (got, body) = server.get(path);
        assert_eq!(got, status, "{path}: {body}");
        if status == 400 {
            assert_eq!(body["errors"][0]["field"], "metrics", "{path}: {body}");
        }
    }
}

#[test]
fn the_metric_catalogue_names_the_years_each_metric_has_statistics_for() {
    let server = TestServer::start();
    let csv = "region,year,metric,value,rank,source\n湖南省,2021,industrial_investment_growth,7.2,,公报\n赫山区,2023,industrial_investment_growth,8.1,3,公报\n安化县,2023,industrial_investment_growth,6.5,9,公报\n";
    server.post("/api/observations", "text/csv", csv.to_owned());
    let (_, catalogue) = server.get("/api/catalogue");
    let metrics = catalogue["metrics"].as_array().expect("metrics");
    let of = |code: &str| {
        metrics
            .iter()
            .find(|m| m["code"] == code)
            .unwrap_or_else(|| panic!("{code} in the catalogue"))
            .clone()
    };
    let investment = of("industrial_investment_growth");
    assert_eq!(investment["years"], json!([2021, 2023]), "{investment}");
    assert_eq!(investment["observations"], 3);
    let growth = of("industrial_value_added_growth");
    assert_eq!(
        growth["years"],
        json!([]),
        "no statistics, no years: {growth}"
    );
}

#[test]
fn an_indicator_history_answers_why_it_lost_points() {
    let server = server_with_years();
    server.post("/api/evaluations", "application/json", seed_text());
    let (_, history) =
        server.get("/api/indicators/history?name=新增企业&region=赫山区&program=专项甲");
    let rows = history["rows"].as_array().expect("rows");
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[1]["year"], 2022);
    assert_eq!(rows[1]["actual"], "80家");
    assert_eq!(rows[1]["computed_score"], 40);
    assert_eq!(rows[1]["rule"], "at_least_proportional");
    let (_, seed_row) = server.get("/api/indicators/history?name=规模以上工业增加值");
    assert_eq!(seed_row["rows"][0]["declared_score"], 4);
    let (status, _) = server.get("/api/indicators/history");
    assert_eq!(status, 400);
}

#[test]
fn every_trend_and_comparison_draws_as_an_svg_chart() {
    let server = server_with_years();
    let csv = "region,year,metric,value,rank,source\n湖南省,2022,industrial_value_added_growth,7.2,,公报\n赫山区,2022,industrial_value_added_growth,8.1,3,公报\n";
    server.post("/api/observations", "text/csv", csv.to_owned());
    let charts = [
        (
            "/api/trends/funding/chart.svg?region=赫山区",
            "预算与执行（赫山区）",
            "275万元",
        ),
        (
            "/api/trends/scores/chart.svg?region=赫山区",
            "自评得分趋势",
            "92.5",
        ),
        (
            "/api/trends/scores/groups/chart.svg?region=赫山区",
            "各类指标得分率",
            "%",
        ),
        (
            "/api/trends/metrics/chart.svg?region=赫山区&metric=industrial_value_added_growth",
            "规模工业增加值增速",
            "8.1%",
        ),
        (
            "/api/compare/chart.svg?year=2022&measure=score&highlight=赫山区",
            "益阳市各下级地区平均自评得分",
            "92.5",
        ),
        (
            "/api/indicators/history/chart.svg?name=新增企业&region=赫山区",
            "“新增企业”得分率历史",
            // 2022: 专项甲 40 of 50 and 专项乙 50 of 50 points, 90 of 100 in all.
            ">90.0%<",
        ),
    ];
    for (path, title, label) in charts {
        let response = reqwest::blocking::get(server.url(path)).expect("GET chart");
        assert_eq!(response.status().as_u16(), 200, "{path}");
        let content_type = response.headers()["content-type"]
            .to_str()
            .expect("header")
            .to_owned();
        assert!(
            content_type.starts_with("image/svg+xml"),
            "{path}: {content_type}"
        );
        let svg = response.text().expect("text");
        assert!(svg.starts_with("<svg"), "{path}");
        assert!(svg.contains(title), "{path}: no title {title}");
        assert!(svg.contains(label), "{path}: no label {label}");
    }
    let response =
        reqwest::blocking::get(server.url("/api/compare/chart.svg?measure=score")).expect("GET");
    assert_eq!(response.status().as_u16(), 400);
}

fn chart_svg(server: &TestServer, path: &str) -> String {
    let response = reqwest::blocking::get(server.url(path)).expect("GET chart");
    assert_eq!(response.status().as_u16(), 200, "{path}");
    response.text().expect("text")
}

#[test]
fn a_downloaded_chart_says_sample_data_inside_it_and_real_data_its_source() {
    let sample = server_with_years();
    for path in [
        "/api/trends/funding/chart.svg?region=赫山区",
        "/api/trends/scores/chart.svg",
        "/api/compare/chart.svg?year=2022&measure=execution_rate",
        "/api/indicators/history/chart.svg?name=新增企业",
    ] {
        let svg = chart_svg(&sample, path);
        let (heading, drawing) = svg.split_once("</desc>").expect("a <desc>");
        assert!(heading.contains("<title>"), "{path}");
        assert!(
            heading.contains("示例数据"),
            "{path}: the description says so"
        );
        assert!(drawing.contains("示例数据："), "{path}: no visible mark");
        assert!(!svg.contains("数据来源"), "{path}");
    }

    let real = TestServer::start();
    let (status, answer) = real.post("/api/evaluations", "application/json", seed_text());
    assert_eq!(status, 201, "{answer}");
    let svg = chart_svg(&real, "/api/trends/funding/chart.svg");
    assert!(
        svg.contains("数据来源：专项资金绩效自评表；数据期间：2022年"),
        "{svg}"
    );
    assert!(!svg.contains("示例数据"));
}

#[test]
fn trends_follow_replacements_and_cover_descendant_regions() {
    let server = server_with_years();
    let replacement = json!([generated("专项甲", "赫山区", 2022, 250, 200, 100)]);
    let (status, _) = server.post(
        "/api/evaluations?replace=true",
        "application/json",
        replacement.to_string(),
    );
    assert_eq!(status, 201);
    let (_, trend) = server.get("/api/trends/funding?region=赫山区");
    assert_eq!(
        trend["points"][1]["executed"], 225,
        "200 + 25 after the replacement"
    );
    let (_, city) = server.get("/api/trends/funding?region=益阳市");
    let year_2022 = city["points"]
        .as_array()
        .expect("points")
        .iter()
        .find(|p| p["year"] == 2022)
        .cloned()
        .expect("2022");
    assert_eq!(
        year_2022["evaluations"], 3,
        "益阳市 covers 赫山区 and 安化县"
    );
    assert_eq!(year_2022["executed"], 325);
    let (_, list) = server.get("/api/evaluations?region=益阳市&year=2022");
    assert_eq!(list["total_count"], 3);
    let (_, real_only) = server.get("/api/trends/scores?region=益阳市&source=real");
    assert_eq!(real_only["points"], json!([]));
    // The counts and per-year figures follow the replacement: 80家 → 100家 scores 40 → 50.
    let (_, catalogue) = server.get("/api/catalogue");
    let fund = catalogue["programs"]
        .as_array()
        .expect("programs")
        .iter()
        .find(|p| p["name"] == "专项甲")
        .cloned()
        .expect("专项甲");
    assert_eq!(fund["evaluations"], 4, "replacing keeps the count");
    let (_, graded) = server.get("/api/evaluations?program=专项甲&grade=优");
    let (_, listed) = server.get("/api/evaluations?program=专项甲&grade=优&limit=1000");
    assert_eq!(
        graded["total_count"],
        listed["items"].as_array().expect("items").len(),
        "the program rollup's grade count matches the rows"
    );
    let (_, history) = server.get("/api/indicators/history?name=新增企业&region=赫山区&year=2022");
    assert_eq!(history["years"][0]["rows"], 2);
    assert_eq!(
        history["years"][0]["average_score"], 50,
        "甲 and 乙 both 100家 now"
    );
}

#[test]
fn a_report_s_own_statistics_become_its_region_s_observations() {
    let server = TestServer::start();
    server.post(
        "/api/evaluations",
        "application/json",
        fundlens_tests::seed_text(),
    );
    let (_, trend) =
        server.get("/api/trends/metrics?region=益阳市&metric=industrial_value_added_growth");
    let point = &trend["points"][0];
    assert_eq!(point["year"], 2022);
    assert_eq!(point["value"], 6.8);
    assert_eq!(point["rank"], 9);
    assert_eq!(point["sample"], false);
}

#[test]
fn an_indicator_history_pages_by_cursor_and_counts_every_row_by_year() {
    let server = server_with_years();
    let (_, everything) = server.get("/api/indicators/history?name=新增企业");
    assert_eq!(everything["total_count"], 5);
    let years = everything["years"].as_array().expect("years");
    let per_year: Vec<(i64, i64)> = years
        .iter()
        .map(|y| {
            (
                y["year"].as_i64().expect("year"),
                y["rows"].as_i64().expect("rows"),
            )
        })
        .collect();
    assert_eq!(per_year, [(2021, 1), (2022, 3), (2023, 1)]);
    // 2022: 赫山区 甲 80家 → 40, 乙 100家 → 50, 安化县 60家 → 30: average 40 of 50.
    assert_eq!(years[1]["average_score"], 40);
    assert_eq!(years[1]["average_weight"], 50);

    let mut walked = Vec::new();
    let mut path = "/api/indicators/history?name=新增企业&limit=2".to_owned();
    loop {
        let (status, page) = server.get(&path);
        assert_eq!(status, 200, "{page}");
        assert_eq!(
            page["total_count"], 5,
            "every page says how many rows there are"
        );
        assert_eq!(
            page["years"], everything["years"],
            "the chart's figures cover every row"
        );
        walked.extend(page["rows"].as_array().expect("rows").iter().cloned());
        match page["next"].as_str() {
            Some(next) => {
                path = format!("/api/indicators/history?name=新增企业&limit=2&after={next}")
            }
            None => break,
        }
    }
    assert_eq!(walked, everything["rows"].as_array().expect("rows").clone());

    let (_, program) = server.get("/api/indicators/history?name=新增企业&program=专项乙");
    assert_eq!(program["total_count"], 1);
    assert_eq!(program["years"][0]["average_score"], 50);
    let (status, error) = server.get("/api/indicators/history?name=新增企业&after=xyz");
    assert_eq!(status, 400);
    assert!(
        error["message"]
            .as_str()
            .expect("message")
            .contains("after")
    );
    let (_, names) = server.get("/api/indicators");
    let names: Vec<_> = names["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|item| (item["name"].clone(), item["rows"].clone()))
        .collect();
    assert_eq!(
        names,
        [(json!("促进就业"), json!(5)), (json!("新增企业"), json!(5))],
        "most rows first, then by name"
    );
    let (_, program) = server.get("/api/indicators?program=专项乙&q=企业");
    assert_eq!(program["total_count"], 1);
    assert_eq!(program["items"][0]["name"], "新增企业");
    assert_eq!(program["items"][0]["rows"], 1);
}
