//! 区县对比: the regions in the order the API ranks them, with the city's and the province's
//! values, for a metric and for the score; the children of any chosen region (the province's
//! cities, a city's counties) with the grid filled, chosen through the breadcrumb.

use fundlens_shared::api::{Comparison, ScoreGrid};
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

/// The regions of the ranking table, once it has `count` rows.
async fn ranked_rows(browser: &Browser, count: usize) -> serde_json::Value {
    browser
        .wait_js(
            "the ranking table",
            "const rows = [...document.querySelectorAll('table.ranking tbody tr[data-region]')]; \
             return rows.length === arguments[0] ? rows.map(r => r.dataset.region) : null;",
            vec![serde_json::json!(count)],
        )
        .await
}

#[tokio::test]
async fn any_region_compares_its_children_and_fills_the_grid() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let years: Vec<i32> = browser.api("/api/years").await;
    let year = years.last().copied().unwrap_or_else(|| panic!("years"));
    for (parent, shot) in [
        ("湖南省", "districts-province"),
        ("益阳市", "districts-city"),
    ] {
        let comparison: Comparison = browser
            .api(&format!(
                "/api/compare?year={year}&measure=score&parent={}",
                encode(parent)
            ))
            .await;
        assert!(!comparison.rows.is_empty(), "{parent} has children ranked");
        let grid: ScoreGrid = browser
            .api(&format!(
                "/api/compare/grid?year={year}&parent={}",
                encode(parent)
            ))
            .await;
        browser
            .open(&format!("/districts?year={year}&region={}", encode(parent)))
            .await;
        let expected: Vec<String> = comparison.rows.iter().map(|r| r.region.clone()).collect();
        let shown = ranked_rows(&browser, expected.len()).await;
        assert_eq!(shown, serde_json::json!(expected), "{parent}");
        browser
            .wait_text(".region-chooser .breadcrumb", parent)
            .await;
        // Every row of the server's grid is drawn, with a share in every filled cell.
        let cells = browser
            .wait_js(
                "the grid",
                "const rows = document.querySelectorAll('#grid table.grid-table tbody tr'); \
                 return rows.length === arguments[0] \
                     ? document.querySelectorAll('#grid td.share:not(.none)').length : null;",
                vec![serde_json::json!(grid.rows.len())],
            )
            .await;
        let filled = grid
            .rows
            .iter()
            .flat_map(|r| r.cells.iter())
            .filter(|c| c.is_some())
            .count();
        assert_eq!(cells, serde_json::json!(filled), "{parent}");
        // The downloads beside the grid ask for the same grid as a file.
        let href = browser
            .wait_js(
                "the grid's CSV link",
                "const a = document.querySelector('#grid a.download[data-format=csv]'); \
                 return a ? decodeURIComponent(a.getAttribute('href')) : null;",
                vec![],
            )
            .await;
        let href = href.as_str().unwrap_or_default().to_owned();
        assert!(
            href.starts_with("/api/compare/grid?")
                && href.contains(&format!("parent={parent}"))
                && href.contains("format=csv"),
            "{href}"
        );
        assert!(filled > 0, "{parent}: the grid is filled");
        browser.wait_loaded().await;
        browser.screenshot(shot).await;
        // A region in the ranking opens its own view: one with children (a city) their
        // comparison, one without (a county) its overview.
        let first = &expected[0];
        browser
            .click(&format!("table.ranking tbody tr[data-region='{first}'] a"))
            .await;
        let catalogue: fundlens_shared::api::Catalogue = browser.api("/api/catalogue").await;
        let has_children = catalogue
            .regions
            .iter()
            .any(|r| r.parent.as_deref() == Some(first.as_str()));
        let opened = if has_children {
            format!("/districts?year={year}&region={first}")
        } else {
            format!("/?year={year}&region={first}")
        };
        browser.wait_location(&opened).await;
        browser.back().await;
        browser
            .wait_location(&format!("/districts?year={year}&region={parent}"))
            .await;
        ranked_rows(&browser, expected.len()).await;
    }
    // From the city, the breadcrumb's first step goes back up to the province.
    browser
        .client
        .find(fantoccini::Locator::Css(
            ".region-chooser button.crumb[data-region='湖南省']",
        ))
        .await
        .unwrap_or_else(|e| panic!("the province's crumb: {e}"))
        .click()
        .await
        .unwrap_or_else(|e| panic!("clicking the province: {e}"));
    browser.wait_location("region=湖南省").await;
    browser.wait_text("main h2", "湖南省").await;
    browser.close().await;
}
