//! Finding things on the default data: the indicator catalogue (`GET /api/indicators`) with
//! counts equal to each indicator's history, the fund search of the evaluation list by name and
//! pinyin initials, and the list sorted by findings — each walked page by page.

use fundlens_tests::TestServer;
use serde_json::Value;

/// Every page of `path` (which has no `after`), following `next`: the items in order and the
/// total the first page gave.
fn walk_list(server: &TestServer, path: &str) -> (Vec<Value>, i64) {
    let (status, first) = server.get(path);
    assert_eq!(status, 200, "{path}: {first}");
    let total = first["total_count"].as_i64().expect("total_count");
    let mut items = first["items"].as_array().expect("items").clone();
    let mut page = first;
    while let Some(next) = page["next"].as_str() {
        let (status, answer) = server.get(&format!("{path}&after={next}"));
        assert_eq!(status, 200, "{answer}");
        assert_eq!(
            answer["total_count"], total,
            "the total stays on every page"
        );
        items.extend(answer["items"].as_array().expect("items").iter().cloned());
        page = answer;
    }
    (items, total)
}

/// Every name of the catalogue for `query`, walked with `offset`, and the total it gave.
fn walk_catalogue(server: &TestServer, query: &str) -> (Vec<(String, i64, bool)>, i64) {
    let mut names = Vec::new();
    loop {
        let path = format!("/api/indicators?{query}&limit=9&offset={}", names.len());
        let (status, page) = server.get(&path);
        assert_eq!(status, 200, "{path}: {page}");
        let items = page["items"].as_array().expect("items");
        names.extend(items.iter().map(|item| {
            (
                item["name"].as_str().expect("name").to_owned(),
                item["rows"].as_i64().expect("rows"),
                item["sample"].as_bool().expect("sample"),
            )
        }));
        if items.len() < 9 {
            return (names, page["total_count"].as_i64().expect("total_count"));
        }
    }
}

fn encode(text: &str) -> String {
    fundlens_shared::query::percent_encode(text)
}

#[test]
fn the_indicator_catalogue_counts_what_each_history_holds_most_first() {
    let server = TestServer::start_with_default_data();
    let (_, programs) = server.get("/api/programs");
    let program = programs[0]["name"].as_str().expect("a program").to_owned();
    for filter in [
        String::new(),
        "region=赫山区".to_owned(),
        "region=益阳市&year=2022".to_owned(),
        format!("program={}", encode(&program)),
        "source=real".to_owned(),
    ] {
        let (names, total) = walk_catalogue(&server, &filter);
        assert_eq!(
            usize::try_from(total).expect("fits"),
            names.len(),
            "{filter}"
        );
        assert!(!names.is_empty(), "{filter}");
        assert!(
            names.windows(2).all(|w| w[0].1 >= w[1].1),
            "most rows first: {filter}"
        );
        for (name, rows, sample) in names.iter().take(4).chain(names.last()) {
            let path = format!(
                "/api/indicators/history?name={}&{filter}&limit=1",
                encode(name)
            );
            let (status, history) = server.get(&path);
            assert_eq!(status, 200, "{history}");
            assert_eq!(history["total_count"], *rows, "{path}");
            if filter == "source=real" {
                assert!(!sample, "real rows only: {path}");
            }
        }
    }
}

#[test]
fn the_catalogue_search_matches_part_of_a_name() {
    let server = TestServer::start_with_default_data();
    let (everything, all) = walk_catalogue(&server, "");
    let (found, total) = walk_catalogue(&server, &format!("q={}", encode("企业")));
    let expected: Vec<_> = everything
        .iter()
        .filter(|(name, _, _)| name.contains("企业"))
        .cloned()
        .collect();
    assert!(!expected.is_empty() && total < all);
    assert_eq!(
        found, expected,
        "the same names and counts, in the same order"
    );
    let (none, zero) = walk_catalogue(&server, &format!("q={}", encode("没有这样的指标")));
    assert!(none.is_empty());
    assert_eq!(zero, 0);
}

#[test]
fn the_catalogue_refuses_unknown_places_and_bad_pages_by_name() {
    let server = TestServer::start_with_default_data();
    for (path, status, field) in [
        ("/api/indicators?region=火星市", 404, "region"),
        ("/api/indicators?program=没有这个项目", 404, "program"),
        ("/api/indicators?limit=0", 400, "limit"),
        ("/api/indicators?limit=201", 400, "limit"),
        ("/api/indicators?source=bogus", 400, "source"),
    ] {
        let (got, answer) = server.get(path);
        assert_eq!(got, status, "{path}: {answer}");
        let message = answer["message"].as_str().expect("message");
        assert!(message.contains(field), "{path}: {message}");
        assert!(
            message
                .chars()
                .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "Chinese: {message}"
        );
    }
}

#[test]
fn the_fund_search_finds_by_name_and_pinyin_initials_page_by_page() {
    let server = TestServer::start_with_default_data();
    let (everything, all) = walk_list(&server, "/api/evaluations?sort=region&limit=1000");
    assert_eq!(usize::try_from(all).expect("fits"), everything.len());
    let ids = |items: &[Value]| -> Vec<i64> {
        items
            .iter()
            .map(|item| item["id"].as_i64().expect("id"))
            .collect()
    };
    let by_name = |part: &str| -> Vec<i64> {
        ids(&everything
            .iter()
            .filter(|item| item["program"].as_str().expect("program").contains(part))
            .cloned()
            .collect::<Vec<_>>())
    };
    let (found, total) = walk_list(
        &server,
        &format!(
            "/api/evaluations?sort=region&limit=7&q={}",
            encode("先进制造")
        ),
    );
    assert!(!found.is_empty());
    assert_eq!(
        ids(&found),
        by_name("先进制造"),
        "every match, in the list's order"
    );
    assert_eq!(usize::try_from(total).expect("fits"), found.len());

    // 先进制造业… is xjzzy… in pinyin initials, typed in either case.
    for initials in ["xjzz", "XJZZ"] {
        let (found, total) = walk_list(
            &server,
            &format!("/api/evaluations?sort=region&limit=7&q={initials}"),
        );
        assert_eq!(ids(&found), by_name("先进制造"), "{initials}");
        assert_eq!(usize::try_from(total).expect("fits"), found.len());
    }
    let (status, nothing) = server.get("/api/evaluations?q=qqqqqq");
    assert_eq!(status, 200);
    assert_eq!(nothing["total_count"], 0);

    // With a region and a year, the count comes from the rows.
    let (found, total) = walk_list(
        &server,
        &format!(
            "/api/evaluations?year=2022&region=益阳市&limit=3&q={}",
            encode("专项")
        ),
    );
    assert!(!found.is_empty());
    assert_eq!(usize::try_from(total).expect("fits"), found.len());
    assert!(
        found.iter().all(|item| item["year"] == 2022
            && item["program"].as_str().expect("program").contains("专项"))
    );
}

#[test]
fn the_list_sorts_by_findings_most_first_and_pages_by_cursor() {
    let server = TestServer::start_with_default_data();
    let (one_page, all) = walk_list(&server, "/api/evaluations?sort=findings&limit=1000");
    let (walked, total) = walk_list(&server, "/api/evaluations?sort=findings&limit=23");
    assert_eq!(total, all);
    assert_eq!(
        walked, one_page,
        "pages walked by cursor give the same rows"
    );
    let key = |item: &Value| {
        (
            -item["finding_count"].as_i64().expect("findings"),
            item["total"].as_f64().expect("total"),
        )
    };
    assert!(
        one_page.windows(2).all(|w| key(&w[0]) <= key(&w[1])),
        "most findings first, lowest total first among equals"
    );
    assert!(one_page[0]["finding_count"].as_i64().expect("findings") > 0);
    let (with, _) = walk_list(
        &server,
        "/api/evaluations?sort=findings&findings=with&year=2022&limit=10",
    );
    assert!(!with.is_empty());
    assert!(
        with.iter()
            .all(|item| item["finding_count"].as_i64() > Some(0))
    );
}
