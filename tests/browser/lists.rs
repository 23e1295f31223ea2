//! 评价详情's chooser and 指标历史 show their first page of rows, say how many rows match in
//! all (the API's `total_count`), and page on with the API's cursor; a fund is found by typing
//! its pinyin initials, an indicator by typing part of its name. The time from navigation
//! to the first row is printed; `FUNDLENS_BROWSER_DB=<province database>` measures it at scale.

use fundlens_shared::api::{EvaluationList, IndicatorCatalogue, IndicatorHistory};
use fundlens_shared::format;
use serde_json::json;

use crate::support::{Browser, encode};

/// Waits for the first row matching `css` and returns the browser's time since navigation.
async fn first_row_after(browser: &Browser, css: &str) -> f64 {
    browser
        .wait_js(
            css,
            "return document.querySelector(arguments[0]) ? performance.now() : null;",
            vec![json!(css)],
        )
        .await
        .as_f64()
        .unwrap_or_default()
}

async fn pager_total(browser: &Browser) -> String {
    let total = browser
        .wait_js(
            "the count of rows",
            "const p = document.querySelector('.pager'); return p ? p.dataset.total : null;",
            vec![],
        )
        .await;
    total.as_str().unwrap_or_default().to_owned()
}

#[tokio::test]
async fn the_chooser_shows_its_first_rows_and_the_count_and_pages_on() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    // The chooser's own default: every evaluation, lowest total first, 100 a page.
    let first: EvaluationList = browser.api("/api/evaluations?sort=lowest&limit=100").await;
    browser.open("/evaluations").await;
    let ms = first_row_after(&browser, "table.funds tr[data-evaluation]").await;
    println!(
        "评价详情 chooser: first rows {ms:.0} ms after navigation ({} evaluations in all)",
        first.total_count
    );
    assert_eq!(pager_total(&browser).await, first.total_count.to_string());
    let pager = browser.text_of(".pager").await;
    assert!(
        pager.contains(&format!("共 {} 条", format::count(first.total_count))),
        "{pager}"
    );
    let top = browser
        .js(
            "return document.querySelector('table.funds tr[data-evaluation]').dataset.evaluation;",
            vec![],
        )
        .await;
    assert_eq!(top, json!(first.items[0].id.to_string()));
    browser.screenshot("evaluations-page-1").await;

    let next = first.next.expect("the default data fills more than a page");
    let second: EvaluationList = browser
        .api(&format!(
            "/api/evaluations?sort=lowest&limit=100&after={}",
            encode(&next)
        ))
        .await;
    browser.click(".pager button[data-page='next']").await;
    browser.wait_location("after=").await;
    browser
        .wait_js(
            "the second page",
            "const r = document.querySelector('table.funds tr[data-evaluation]'); \
             return r && r.dataset.evaluation === arguments[0];",
            vec![json!(second.items[0].id.to_string())],
        )
        .await;
    assert_eq!(pager_total(&browser).await, second.total_count.to_string());
    browser.click(".pager button[data-page='first']").await;
    browser
        .wait_js(
            "the first page again",
            "const r = document.querySelector('table.funds tr[data-evaluation]'); \
             return !location.search.includes('after=') && r && r.dataset.evaluation === arguments[0];",
            vec![json!(first.items[0].id.to_string())],
        )
        .await;
    browser.close().await;
}

#[tokio::test]
async fn an_indicator_history_shows_its_first_rows_and_the_count() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    // The catalogue lists the most common indicator first.
    let catalogue: IndicatorCatalogue = browser.api("/api/indicators?limit=1").await;
    let busiest = catalogue
        .items
        .first()
        .expect("the default data has indicators");
    let history: IndicatorHistory = browser
        .api(&format!(
            "/api/indicators/history?name={}&limit=100",
            encode(&busiest.name)
        ))
        .await;
    assert_eq!(history.total_count, busiest.rows);
    assert!(
        history.next.is_some(),
        "the busiest indicator fills more than a page: {}",
        history.total_count
    );
    browser
        .open(&format!("/history?name={}", encode(&history.name)))
        .await;
    let ms = first_row_after(&browser, "#history table tbody tr").await;
    println!(
        "指标历史 “{}”: first rows {ms:.0} ms after navigation ({} rows in all)",
        history.name, history.total_count
    );
    assert_eq!(pager_total(&browser).await, history.total_count.to_string());
    browser.text_of("#history svg.fundlens-chart").await;
    let first_region = browser
        .text_of("#history table tbody tr td:nth-child(2)")
        .await;
    assert_eq!(first_region, history.rows[0].region);
    browser.wait_loaded().await;
    browser.screenshot("history-paged").await;
    browser.close().await;
}

#[tokio::test]
async fn the_findings_card_opens_the_funds_with_findings() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let years: Vec<i32> = browser.api("/api/years").await;
    let year = *years.last().expect("a year");
    let with: EvaluationList = browser
        .api(&format!(
            "/api/evaluations?year={year}&findings=with&sort=lowest&limit=100"
        ))
        .await;
    assert!(with.total_count > 0, "the sample plants mistakes");
    assert!(with.items.iter().all(|item| item.finding_count > 0));
    browser.open(&format!("/?year={year}")).await;
    browser.click(".kpi[data-kpi='findings'] a.kpi-link").await;
    browser.wait_location("findings=with").await;
    assert_eq!(pager_total(&browser).await, with.total_count.to_string());
    assert_eq!(browser.select_value("findings").await, "with");
    let top = browser
        .text_of("table.funds tr[data-evaluation] td.findings")
        .await;
    assert_ne!(top, "0", "the first fund listed has findings");
    browser.close().await;
}

#[tokio::test]
async fn typing_part_of_an_indicator_name_lists_it_and_picking_it_draws_its_history() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let region = "益阳市";
    let found: IndicatorCatalogue = browser
        .api(&format!(
            "/api/indicators?q={}&region={}&limit=12",
            encode("企业"),
            encode(region)
        ))
        .await;
    let first = found.items.first().expect("the sample has 企业 indicators");
    browser
        .open(&format!("/history?region={}", encode(region)))
        .await;
    assert_eq!(browser.chosen_region().await, region);
    browser
        .type_text("input[data-search='indicator']", "企业")
        .await;
    let heading = browser
        .wait_text("#indicator-matches .matches-heading", "名称含“企业”")
        .await;
    assert!(
        heading.contains(&format!("共 {} 个", format::count(found.total_count))),
        "{heading}"
    );
    let button = format!(
        "#indicator-matches button.match[data-indicator='{}']",
        first.name
    );
    let label = browser.text_of(&button).await;
    assert!(
        label.contains(&format!("{}条", format::count(first.rows))),
        "the count beside the name: {label}"
    );
    browser.click(&button).await;
    browser.wait_location(&format!("name={}", first.name)).await;
    assert!(
        browser
            .location()
            .await
            .contains(&format!("region={region}"))
    );
    browser.text_of("#history svg.fundlens-chart").await;
    assert_eq!(pager_total(&browser).await, first.rows.to_string());
    browser.wait_loaded().await;
    browser.screenshot("history-search").await;
    browser.close().await;
}

#[tokio::test]
async fn a_fund_is_found_by_its_pinyin_initials_and_funds_sort_by_findings() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let found: EvaluationList = browser
        .api("/api/evaluations?q=xjzz&sort=lowest&limit=100")
        .await;
    let fund = found.items.first().expect("先进制造业… is in the sample");
    browser.open("/evaluations").await;
    browser.type_text("input[data-search='fund']", "xjzz").await;
    browser.wait_location("q=xjzz").await;
    browser
        .wait_js(
            "the list of the fund found",
            "const p = document.querySelector('.pager'); \
             return p && p.dataset.total === arguments[0] ? true : null;",
            vec![json!(found.total_count.to_string())],
        )
        .await;
    let first = browser.text_of("table.funds tr[data-evaluation]").await;
    assert!(first.contains(&fund.program), "{first}");
    browser.screenshot("evaluations-fund-search").await;

    let by_findings: EvaluationList = browser
        .api("/api/evaluations?sort=findings&limit=100")
        .await;
    browser.open("/evaluations?sort=findings").await;
    assert_eq!(browser.select_value("sort").await, "findings");
    let top = browser
        .text_of("table.funds tr[data-evaluation] td.findings")
        .await;
    assert_eq!(top, by_findings.items[0].finding_count.to_string());
    browser.close().await;
}
