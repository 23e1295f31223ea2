//! Links: a URL with query state opened in a fresh session shows the same view (filters and
//! content), and an unknown evaluation or page shows a friendly Chinese error.

use crate::support::{Browser, encode};

#[tokio::test]
async fn a_shared_url_restores_the_same_view() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let (region, program) = ("赫山区", "先进制造业高质量发展专项资金");
    browser
        .open(&format!(
            "/compare-years?a=2020&b=2023&region={}&program={}",
            encode(region),
            encode(program)
        ))
        .await;
    assert_eq!(browser.select_value("a").await, "2020");
    assert_eq!(browser.select_value("b").await, "2023");
    assert_eq!(browser.chosen_region().await, region);
    assert_eq!(browser.chosen_program().await, program);
    let heading = browser.text_of("main h2").await;
    assert!(
        heading.contains("2020年 与 2023年") && heading.contains(region),
        "{heading}"
    );
    browser.text_of("#indicator-compare table tbody tr").await;
    browser.wait_loaded().await;
    browser.screenshot("compare-years").await;

    browser
        .open(&format!("/?year=2021&region={}", encode("沅江市")))
        .await;
    assert_eq!(browser.select_value("year").await, "2021");
    assert_eq!(browser.chosen_region().await, "沅江市");
    browser.wait_text("main h2", "2021年").await;

    let metric = "industrial_investment_growth";
    browser
        .open(&format!(
            "/history?metric={metric}&region={}",
            encode(region)
        ))
        .await;
    assert_eq!(browser.select_value("metric").await, metric);
    assert_eq!(browser.select_value("region").await, region);
    browser.text_of("#history svg.fundlens-chart").await;
    browser.wait_loaded().await;
    browser.screenshot("history-metric").await;

    let name = "新入规企业";
    browser
        .open(&format!(
            "/history?name={}&region={}",
            encode(name),
            encode(region)
        ))
        .await;
    assert_eq!(browser.chosen_region().await, region);
    browser
        .wait_text("#history", &format!("“{name}”得分率历史"))
        .await;
    browser.wait_text("#history table tbody", region).await;
    browser.wait_loaded().await;
    browser.screenshot("history").await;
    browser.close().await;
}

#[tokio::test]
async fn an_unknown_evaluation_shows_a_friendly_error() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    browser.open("/evaluations/999999").await;
    let note = browser
        .wait_text("[data-state='not-found']", "未找到该评价记录")
        .await;
    assert!(note.contains("999999"), "{note}");
    browser.screenshot("not-found").await;
    browser.open("/evaluations/abc").await;
    browser
        .wait_text("[data-state='not-found']", "未找到该评价记录")
        .await;
    browser.open("/no-such-page").await;
    browser.wait_text("main", "页面不存在").await;
    browser.close().await;
}
