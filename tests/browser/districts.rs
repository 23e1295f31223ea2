//! 区县对比: the regions in the order the API ranks them, with the city's and the province's
//! values, for a metric and for the score.

use fundlens_shared::api::Comparison;
use fundlens_shared::chart::views::unit_of;

use crate::support::{Browser, encode};

#[tokio::test]
async fn districts_rank_regions_in_the_order_the_api_returns() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let years: Vec<i32> = browser.api("/api/years").await;
    let year = years.last().copied().unwrap_or_else(|| panic!("years"));
    for (measure, shot) in [
        ("metric:industrial_value_added_growth", "districts-metric"),
        ("score", "districts"),
    ] {
        let comparison: Comparison = browser
            .api(&format!(
                "/api/compare?year={year}&measure={}",
                encode(measure)
            ))
            .await;
        assert!(!comparison.rows.is_empty(), "{measure} ranks regions");
        browser
            .open(&format!(
                "/districts?year={year}&measure={}",
                encode(measure)
            ))
            .await;
        let expected: Vec<String> = comparison.rows.iter().map(|r| r.region.clone()).collect();
        let shown = browser
            .wait_js(
                "the ranking table",
                "const rows = [...document.querySelectorAll('table.ranking tbody tr[data-region]')]; \
                 return rows.length === arguments[0] ? rows.map(r => r.dataset.region) : null;",
                vec![serde_json::json!(expected.len())],
            )
            .await;
        assert_eq!(shown, serde_json::json!(expected), "{measure}");
        let unit = unit_of(&comparison.unit);
        let first_value = browser
            .text_of("table.ranking tbody tr[data-region] td:nth-of-type(2)")
            .await;
        assert_eq!(
            first_value,
            unit.format(comparison.rows[0].value),
            "{measure}"
        );
        if let Some(city) = &comparison.city {
            browser
                .wait_text("table.ranking tr.reference", &unit.format(city.value))
                .await;
        }
        if let Some(province) = &comparison.benchmark {
            let row = browser
                .wait_text(
                    "table.ranking tr.reference",
                    &format!("{}（全省）", province.region),
                )
                .await;
            assert!(row.contains(&unit.format(province.value)), "{row}");
        }
        browser.text_of("#grid table.grid-table tbody tr").await;
        browser.wait_loaded().await;
        browser.screenshot(shot).await;
    }

    let program = "先进制造业高质量发展专项资金";
    browser
        .open(&format!(
            "/districts?year={year}&program={}",
            encode(program)
        ))
        .await;
    browser.wait_text("#grid h3", program).await;
    browser.text_of("#grid table.grid-table tbody tr").await;
    browser.wait_loaded().await;
    browser.screenshot("districts-grid-fund").await;
    browser.close().await;
}
