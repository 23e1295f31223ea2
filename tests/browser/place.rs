//! Keeping the leader's place: from the overview, scrolled down to the lowest-scoring funds,
//! into a fund, open one of its indicator rows, on to that indicator's history — and back
//! lands on the fund with the row open, and back to the overview at the same scroll position.

use serde_json::json;

use crate::support::Browser;

/// The page's vertical scroll position, in whole pixels.
const SCROLL_Y: &str = "return Math.round(window.scrollY);";

#[tokio::test]
async fn back_from_an_indicator_history_lands_where_the_overview_was_left() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    browser.open("/").await;
    browser.wait_loaded().await;
    // Scroll so the first fund of the lowest-scoring table sits at the top of the window.
    let left_at = browser
        .wait_js(
            "the lowest-scoring funds",
            "const link = document.querySelector('.lowest-funds tr[data-evaluation] a'); \
             if (!link) return null; \
             window.scrollTo(0, link.getBoundingClientRect().top + window.scrollY - 80); \
             return Math.round(window.scrollY);",
            vec![],
        )
        .await
        .as_i64()
        .unwrap_or_default();
    assert!(
        left_at > 200,
        "the overview is tall enough to scroll to its funds table ({left_at} px)"
    );

    browser.click(".lowest-funds tr[data-evaluation] a").await;
    browser.wait_location("/evaluations/").await;
    browser.click("tr[data-name]").await;
    browser.wait_location("row=").await;
    let with_row = browser.location().await;
    browser.click(".indicator-detail a[href^='/history']").await;
    browser.wait_location("/history?name=").await;
    browser.wait_loaded().await;

    browser.back().await;
    browser.wait_location(&with_row).await;
    browser
        .wait_js(
            "the fund's open row to show again",
            "return document.querySelector('.indicator-detail') !== null;",
            vec![],
        )
        .await;

    // Opening the row was a step of its own: back once more to the fund as first opened, and
    // once more to the overview.
    for _ in 0..2 {
        browser.back().await;
    }
    let back_at = browser
        .wait_js(
            "the overview back at its scroll position",
            "return location.pathname === '/' \
                 && document.querySelector('.lowest-funds tr[data-evaluation]') !== null \
                 && Math.abs(window.scrollY - arguments[0]) <= 2 ? Math.round(window.scrollY) : null;",
            vec![json!(left_at)],
        )
        .await;
    assert_eq!(
        browser.js(SCROLL_Y, vec![]).await,
        back_at,
        "the position holds once the page has loaded"
    );
    browser.close().await;
}
