//! 简报: `GET /api/briefing` (a region's year), `GET /api/evaluations/{id}/briefing` (one fund)
//! and `GET /api/briefing.docx`. The same database gives the same text twice, and every number
//! is the API's own figure for the same question (the list, 年度对比, the metric trends, the
//! evaluation), formatted as the dashboard formats it.

use std::str::FromStr;

use fundlens_shared::chart::views::unit_of;
use fundlens_shared::format;
use fundlens_tests::{TestServer, seed_text};
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
    let rate = year_figure(&years, "execution_rate");
    let executed = year_figure(&years, "executed");
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

/// The figures of `/api/compare/years` by key.
fn year_figure(years: &Value, key: &str) -> Value {
    years["funding"]
        .as_array()
        .into_iter()
        .chain(years["scores"].as_array())
        .flatten()
        .find(|f| f["key"] == key)
        .cloned()
        .unwrap_or_else(|| panic!("{key}"))
}

/// The sentence of `briefing` that contains `words`.
fn sentence<'a>(briefing: &'a Value, words: &str) -> &'a Value {
    briefing["sentences"]
        .as_array()
        .expect("sentences")
        .iter()
        .find(|s| s["text"].as_str().is_some_and(|t| t.contains(words)))
        .unwrap_or_else(|| panic!("no sentence with “{words}”: {briefing}"))
}

fn links(sentence: &Value) -> Vec<&str> {
    sentence["links"]
        .as_array()
        .expect("links")
        .iter()
        .filter_map(Value::as_str)
        .collect()
}

#[test]
fn the_region_briefing_quotes_the_lists_budget_cuts_and_the_metric_trends() {
    let server = TestServer::start_with_default_data();
    let (status, briefing) = server.get("/api/briefing?year=2022&region=益阳市");
    assert_eq!(status, 200, "{briefing}");

    // Budget cuts: every fund of the year from the list, its year-start and adjusted budgets.
    let (_, list) = server.get("/api/evaluations?year=2022&region=益阳市&limit=1000");
    assert!(list["next"].is_null(), "one page holds the year");
    let mut cut_funds = 0;
    let mut total_cut = Decimal::ZERO;
    let mut largest: Option<(Decimal, i64, String, Decimal, Decimal)> = None;
    for item in list["items"].as_array().expect("items") {
        let (Some(start), Some(budget)) = (
            item["year_start_budget"]
                .as_f64()
                .map(|_| decimal(&item["year_start_budget"])),
            item["budget"].as_f64().map(|_| decimal(&item["budget"])),
        ) else {
            continue;
        };
        if budget >= start {
            continue;
        }
        cut_funds += 1;
        total_cut += start - budget;
        let id = item["id"].as_i64().expect("id");
        let bigger = largest.as_ref().is_none_or(|(cut, at, ..)| {
            start - budget > *cut || (start - budget == *cut && id < *at)
        });
        if bigger {
            let program = item["program"].as_str().expect("program").to_owned();
            largest = Some((start - budget, id, program, start, budget));
        }
    }
    let (cut, id, program, start, budget) = largest.expect("the seed record was cut mid-year");
    assert!(cut_funds > 0);
    let (_, years) = server.get("/api/compare/years?a=2021&b=2022&region=益阳市");
    let year_start_total = decimal(&year_figure(&years, "year_start_budget")["b"]);
    let cuts = sentence(&briefing, "年中调减预算");
    let text = cuts["text"].as_str().expect("text");
    assert!(
        text.starts_with(&format!(
            "{}个项目年中调减预算，合计调减{}，占年初预算的{}；",
            format::count(cut_funds),
            format::money(total_cut),
            format::percent(total_cut * Decimal::ONE_HUNDRED / year_start_total)
        )),
        "{text}"
    );
    assert!(
        text.contains(&format!("调减最多的是{program}（"))
            && text.contains(&format!(
                "年初预算{}调整为{}，减少{}",
                format::money(start),
                format::money(budget),
                format::money(cut)
            )),
        "{text}"
    );
    assert!(
        links(cuts).contains(&format!("/evaluations/{id}?row=execution").as_str()),
        "{cuts}"
    );

    // Metrics: the overview's metric trends of the region for the year.
    let metrics = sentence(&briefing, "主要经济指标");
    let text = metrics["text"].as_str().expect("text");
    let mut quoted = 0;
    for code in fundlens_shared::metric::KEY_METRICS {
        let metric = fundlens_shared::metric::by_code(code).expect("a metric");
        let (_, trend) = server.get(&format!("/api/trends/metrics?region=益阳市&metric={code}"));
        let Some(point) = trend["points"]
            .as_array()
            .expect("points")
            .iter()
            .find(|p| p["year"] == 2022 && !p["value"].is_null())
        else {
            assert!(!text.contains(metric.name), "{text}");
            continue;
        };
        quoted += 1;
        let shown = |v: &Value| unit_of(metric.unit).format(decimal(v));
        assert!(
            text.contains(&format!("{}{}", metric.name, shown(&point["value"]))),
            "{text}"
        );
        if !point["benchmark"].is_null() {
            assert!(
                text.contains(&format!("全省平均水平（{}）", shown(&point["benchmark"]))),
                "{text}"
            );
        }
        if let Some(rank) = point["rank"].as_u64() {
            assert!(text.contains(&format!("居全省第{rank}位")), "{text}");
        }
        assert!(
            links(metrics)
                .iter()
                .any(|l| l.starts_with(&format!("/history?metric={code}"))),
            "{metrics}"
        );
    }
    assert!(quoted > 0, "the city's statistics are quoted: {text}");
}

#[test]
fn an_evaluations_briefing_quotes_its_own_figures_and_last_year() {
    let server = TestServer::start_with_default_data();
    let (_, real) = server.get("/api/evaluations?year=2022&region=益阳市&source=real&limit=1");
    let id = real["items"][0]["id"].as_i64().expect("the seed record");
    let path = format!("/api/evaluations/{id}/briefing");
    let (status, first) = server.get(&path);
    assert_eq!(status, 200, "{first}");
    let (_, second) = server.get(&path);
    assert_eq!(first, second, "the same data gives the same text");

    let (_, detail) = server.get(&format!("/api/evaluations/{id}"));
    let assessment = &detail["assessment"];
    let text = first["text"].as_str().expect("text");
    assert!(!text.contains("示例数据"), "a real record: {text}");
    assert!(
        text.contains(&format!(
            "自评总分{}分",
            format::score(decimal(&assessment["total"]))
        )),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "等级为“{}”",
            assessment["grade"].as_str().expect("grade")
        )),
        "{text}"
    );
    let rate = format::percent(decimal(&assessment["execution_rate"]));
    let execution = sentence(&first, &format!("预算执行率{rate}"));
    assert!(links(execution).contains(&format!("/evaluations/{id}?row=execution").as_str()));

    // The seed's mid-year cut, 752 → 593.04.
    let funding = &detail["record"]["funding"]["total"];
    let (start, adjusted) = (
        decimal(&funding["year_start_budget"]),
        decimal(&funding["full_year_budget"]),
    );
    assert!(adjusted < start, "{funding}");
    sentence(
        &first,
        &format!(
            "年初预算{}，年中调整为{}，调减{}",
            format::money(start),
            format::money(adjusted),
            format::money(start - adjusted)
        ),
    );

    // The row that lost the most points is named first, with its row's link.
    let rows = assessment["indicators"].as_array().expect("indicators");
    let worst = rows
        .iter()
        .max_by_key(|row| {
            (
                decimal(&row["weight"]) - decimal(&row["score"]),
                std::cmp::Reverse(row["index"].as_u64()),
            )
        })
        .expect("a row");
    if decimal(&worst["score"]) < decimal(&worst["weight"]) {
        let lost = sentence(&first, "失分最多的指标：");
        let name = worst["name"].as_str().expect("name");
        assert!(
            lost["text"]
                .as_str()
                .is_some_and(|t| t.starts_with(&format!(
                    "失分最多的指标：{name}得{}分",
                    format::score(decimal(&worst["score"]))
                ))),
            "{lost}"
        );
        assert_eq!(
            links(lost)[0],
            format!("/evaluations/{id}?row={}", worst["index"])
        );
    }

    // Findings: their number, errors named first.
    let findings = assessment["findings"].as_array().expect("findings");
    let found = sentence(&first, &format!("审核发现{}条问题", findings.len()));
    if findings.iter().any(|f| f["severity"] == "error") {
        assert!(
            found["text"]
                .as_str()
                .is_some_and(|t| t.contains("主要是：【错误】")),
            "{found}"
        );
    }

    // A sample fund with an evaluation the year before is set against it, as 年度对比 gives it.
    let (_, list) = server.get("/api/evaluations?year=2024&region=赫山区&limit=50");
    let compared = list["items"]
        .as_array()
        .expect("items")
        .iter()
        .find_map(|item| {
            let (region, program) = (item["region"].as_str()?, item["program"].as_str()?);
            let (_, years) = server.get(&format!(
                "/api/compare/years?a=2023&b=2024&region={}&program={}",
                fundlens_shared::query::percent_encode(region),
                fundlens_shared::query::percent_encode(program)
            ));
            let before = years["indicators"]["a"]["total"].clone();
            (!before.is_null()).then(|| (item["id"].as_i64(), before))
        })
        .expect("a fund evaluated in 2023 and 2024");
    let (status, briefing) = server.get(&format!(
        "/api/evaluations/{}/briefing",
        compared.0.expect("id")
    ));
    assert_eq!(status, 200, "{briefing}");
    let text = briefing["text"].as_str().expect("text");
    assert!(text.starts_with("【示例数据】"), "{text}");
    assert!(
        text.contains(&format!(
            "（2023年{}分，",
            format::score(decimal(&compared.1))
        )),
        "{text}"
    );

    for unknown in ["999999", "abc"] {
        let (status, refused) = server.get(&format!("/api/evaluations/{unknown}/briefing"));
        assert_eq!(status, 404, "{refused}");
        assert_eq!(refused["error"], "not_found");
        assert!(
            refused["message"]
                .as_str()
                .is_some_and(|m| m.contains(unknown)),
            "{refused}"
        );
    }
}

/// A .docx as the zip it is, and its `word/document.xml`.
fn package(bytes: Vec<u8>) -> (zip::ZipArchive<std::io::Cursor<Vec<u8>>>, String) {
    let mut package = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    let mut xml = String::new();
    std::io::Read::read_to_string(
        &mut package
            .by_name("word/document.xml")
            .expect("word/document.xml"),
        &mut xml,
    )
    .expect("UTF-8");
    (package, xml)
}

/// The texts of a .docx part's runs (`<w:t>`), XML entities read.
fn word_texts(xml: &str) -> Vec<String> {
    let mut texts = Vec::new();
    let mut rest = xml;
    while let Some(at) = rest.find("<w:t") {
        rest = &rest[at + 4..];
        if !(rest.starts_with('>') || rest.starts_with(' ')) {
            continue;
        }
        let Some(open) = rest.find('>') else { break };
        let Some(close) = rest.find("</w:t>") else {
            break;
        };
        texts.push(
            rest[open + 1..close]
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&apos;", "'")
                .replace("&amp;", "&"),
        );
        rest = &rest[close..];
    }
    texts
}

#[test]
fn the_word_briefing_holds_the_sentences_the_table_and_the_charts() {
    let server = TestServer::start_with_default_data();
    let query = "year=2024&region=益阳市";
    let (content_type, disposition, bytes) =
        server.download(&format!("/api/briefing.docx?{query}"));
    assert_eq!(
        content_type,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    );
    assert!(
        disposition.starts_with("attachment; filename=\"briefing-2024.docx\"; filename*=UTF-8''"),
        "{disposition}"
    );

    let (package, xml) = package(bytes.clone());
    let images = package
        .file_names()
        .filter_map(Result::ok)
        .filter(|n| n.starts_with("word/media/") && n.ends_with(".png"))
        .count();
    assert!(
        images >= 2,
        "the funding and score charts at least: {images}"
    );
    let texts = word_texts(&xml);
    let all = texts.concat();
    assert!(all.contains("益阳市2024年绩效简报"), "the title");
    assert!(
        all.contains("示例数据：本简报含系统生成的示例数据"),
        "sample data is marked inside the file"
    );

    let (_, briefing) = server.get(&format!("/api/briefing?{query}"));
    for sentence in briefing["sentences"].as_array().expect("sentences") {
        let text = sentence["text"].as_str().expect("text");
        assert!(texts.iter().any(|t| t.ends_with(text)), "missing: {text}");
    }
    // The table's rows: the list's lowest-scoring funds, in its order.
    let (_, list) = server.get(&format!("/api/evaluations?{query}&sort=lowest&limit=15"));
    let items = list["items"].as_array().expect("items");
    assert_eq!(items.len(), 15);
    assert!(
        texts.iter().any(|t| t == "序号") && !texts.iter().any(|t| t == "编号"),
        "the table counts its rows and carries no internal id"
    );
    let mut at = 0;
    for (number, item) in (1..).zip(items) {
        // 序号 as the overview's table counts, never the internal id.
        let number = number.to_string();
        let program = item["program"].as_str().expect("program");
        let row = at
            + texts[at..]
                .windows(2)
                .position(|w| w[0] == number && w[1] == program)
                .unwrap_or_else(|| panic!("row {number} {program} in order"));

        // On paper a score has two places (73.240764 → 73.24), as the dashboard writes it.
        assert_eq!(
            texts[row + 4],
            decimal(&item["total"])
                .round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
                .normalize()
                .to_string()
        );
        at = row + 1;
    }

    // It opens: docx-rs reads the package back with its table and images.
    let read = docx_rs::read_docx(&bytes).expect("docx-rs opens it");
    assert!(read.json().contains("益阳市2024年绩效简报"));
    assert!(read.images.len() >= 2, "{}", read.images.len());

    let (status, refused) = server.get("/api/briefing.docx?region=益阳市");
    assert_eq!(status, 400, "{refused}");
}

#[test]
fn a_word_briefing_of_real_records_names_their_source_and_no_sample_mark() {
    let server = TestServer::start();
    let (status, imported) = server.post("/api/evaluations", "application/json", seed_text());
    assert_eq!(status, 201, "{imported}");
    let (_, _, bytes) = server.download("/api/briefing.docx?year=2022&region=益阳市");
    let (mut package, xml) = package(bytes);
    let all = word_texts(&xml).concat();
    assert!(
        all.contains("数据来源：《"),
        "the seed report is named: {all}"
    );
    assert!(!all.contains("示例数据"), "{all}");
    assert!(
        package.by_name("word/header1.xml").is_err(),
        "no sample header on real data"
    );
    let (_, briefing) = server.get("/api/briefing?year=2022&region=益阳市");
    assert_eq!(briefing["sample"], false, "{briefing}");
}

#[test]
fn without_a_region_the_briefing_is_the_top_of_the_data_s_and_names_it() {
    let server = TestServer::start_with_default_data();
    // The city sample: its top is the city, never the province above it.
    let (_, briefing) = server.get("/api/briefing?year=2024");
    assert_eq!(briefing["region"], "益阳市", "{briefing}");
    let text = briefing["text"].as_str().expect("text");
    assert!(text.contains("2024年益阳市共"), "{text}");
    assert!(!text.contains("全部地区"), "{text}");
    assert!(!text.contains("湖南省主要经济指标"), "{text}");
    let (_, disposition, bytes) = server.download("/api/briefing.docx?year=2024");
    assert!(
        disposition.contains(&fundlens_shared::query::percent_encode(
            "益阳市2024年绩效简报"
        )),
        "{disposition}"
    );
    let (_, xml) = package(bytes);
    assert!(word_texts(&xml).concat().contains("益阳市2024年绩效简报"));
}

#[test]
fn a_fund_named_after_its_region_is_named_once() {
    let server = TestServer::start();
    let record =
        fundlens_tests::generated("桃江县中小企业纾困专项资金", "桃江县", 2024, 100, 90, 90);
    let (status, answer) = server.post(
        "/api/evaluations",
        "application/json",
        serde_json::json!([record]).to_string(),
    );
    assert_eq!(status, 201, "{answer}");
    let id = answer["ids"][0].as_i64().expect("an id");
    let (_, briefing) = server.get(&format!("/api/evaluations/{id}/briefing"));
    let text = briefing["text"].as_str().expect("text");
    assert!(
        text.contains("2024年桃江县中小企业纾困专项资金自评总分"),
        "{text}"
    );
    assert!(!text.contains("桃江县桃江县"), "{text}");
    let (_, briefing) = server.get(&format!(
        "/api/briefing?year=2024&region={}&program={}",
        fundlens_shared::query::percent_encode("桃江县"),
        fundlens_shared::query::percent_encode("桃江县中小企业纾困专项资金")
    ));
    let text = briefing["text"].as_str().expect("text");
    assert!(!text.contains("桃江县桃江县"), "{text}");
}

/// The briefings the kept-briefing test asks: the top of the data and four regions (the city,
/// two of its districts, a county), three years.
fn briefing_paths() -> Vec<String> {
    let mut paths = Vec::new();
    for year in [2023, 2024, 2025] {
        paths.push(format!("/api/briefing?year={year}"));
        for region in ["益阳市", "赫山区", "资阳区", "南县"] {
            paths.push(format!("/api/briefing?year={year}&region={region}"));
        }
    }
    paths
}

/// How many of [`briefing_paths`] the store keeps.
fn kept_of_the_asked(server: &TestServer) -> i64 {
    server.query_count(
        "SELECT count(*) FROM briefings WHERE source = 'all' AND year IN (2023, 2024, 2025)
         AND region IN ('', '益阳市', '赫山区', '资阳区', '南县')",
    )
}

/// Waits until the server has kept every briefing of [`briefing_paths`] (it fills them at
/// start-up and after every write, and keeps each one it computes).
fn wait_until_kept(server: &TestServer) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    while kept_of_the_asked(server) < i64::try_from(briefing_paths().len()).expect("a count") {
        assert!(
            std::time::Instant::now() < deadline,
            "the briefings were not kept within 120 s"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}

/// Every briefing of [`briefing_paths`], each URL with `suffix` added.
fn briefings(server: &TestServer, suffix: &str) -> Vec<Value> {
    briefing_paths()
        .iter()
        .map(|path| {
            let (status, body) = server.get(&format!("{path}{suffix}"));
            assert_eq!(status, 200, "{path}: {body}");
            body
        })
        .collect()
}

/// A write the kept-briefing test makes through the API.
type Write<'a> = dyn Fn(&TestServer) + 'a;

#[test]
fn kept_briefings_are_answered_and_never_outlive_a_write_they_quote() {
    let server = TestServer::start_with_default_data();
    wait_until_kept(&server);

    // A kept briefing is what is answered: marked behind the server's back, the mark shows.
    server.execute_sql(
        "UPDATE briefings SET body = replace(body, '开展绩效自评', '开展绩效自评（已存）')
         WHERE year = 2024 AND region = '赫山区'",
    );
    let (_, marked) = server.get("/api/briefing?year=2024&region=赫山区&source=all");
    assert!(
        marked["text"]
            .as_str()
            .is_some_and(|t| t.contains("（已存）")),
        "{marked}"
    );
    // A year without evaluations is answered but not kept: asking every year there is must
    // not fill the disk.
    let (status, _) = server.get("/api/briefing?year=1990&region=益阳市");
    assert_eq!(status, 200);
    std::thread::sleep(std::time::Duration::from_secs(1));
    assert_eq!(
        server.query_count("SELECT count(*) FROM briefings WHERE year = 1990"),
        0
    );

    // Removed behind the server's back (no write moves the generation, so no fill follows):
    // the next asker computes it, and it is kept again.
    server.execute_sql("DELETE FROM briefings WHERE year = 2024 AND region = '赫山区'");
    briefings(&server, "&again=1");
    wait_until_kept(&server);

    // After each write, every briefing answered (kept, or computed when the write forgot it)
    // is the one computed afresh from the data: forgetting every kept briefing and asking
    // again (another URL, so not the answer cache's) gives the same text.
    let record =
        fundlens_tests::generated("简报保存专项资金", "赫山区", 2024, 5_000_000, 1_000_000, 40);
    let writes: [(&str, Box<Write<'_>>); 3] = [
        (
            "an import into 赫山区 2024",
            Box::new(|server: &TestServer| {
                let (status, body) =
                    server.post("/api/evaluations", "application/json", record.to_string());
                assert_eq!(status, 201, "{body}");
            }),
        ),
        (
            "its delete",
            Box::new(|server: &TestServer| {
                let (_, list) =
                    server.get("/api/evaluations?year=2024&region=赫山区&q=简报保存&limit=5");
                let id = list["items"][0]["id"]
                    .as_i64()
                    .expect("the record is listed");
                let (status, body) = server.as_role(
                    fundlens_shared::account::Role::Admin,
                    reqwest::Method::DELETE,
                    &format!("/api/evaluations/{id}"),
                    String::new(),
                );
                assert!(status < 300, "delete: {status} {body}");
            }),
        ),
        (
            "observations of 益阳市 and the province in 2024",
            Box::new(|server: &TestServer| {
                let csv = "region,year,metric,value,rank,source\n湖南省,2024,industrial_value_added_growth,3.1,,公报\n益阳市,2024,industrial_value_added_growth,9.9,1,公报\n";
                let (status, body) = server.post("/api/observations", "text/csv", csv.to_owned());
                assert!(status < 300, "observations: {status} {body}");
            }),
        ),
    ];
    for (round, (write, apply)) in writes.iter().enumerate() {
        let before = briefings(&server, &format!("&round={round}"));
        apply(&server);
        let after = briefings(&server, "");
        assert_ne!(before, after, "{write} changes what some briefing says");
        server.execute_sql("DELETE FROM briefings");
        let fresh = briefings(&server, "&source=all");
        for ((path, after), fresh) in briefing_paths().iter().zip(&after).zip(&fresh) {
            assert_eq!(after, fresh, "after {write}: {path}");
        }
        wait_until_kept(&server);
    }
}
