//! Honest states: a year or region in the URL that the data does not have is named, with the
//! nearest valid view one click away.

use crate::support::{Browser, encode};

#[tokio::test]
async fn a_year_or_region_the_data_does_not_have_is_named_with_the_nearest_view_offered() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let years: Vec<i32> = browser.api("/api/years").await;
    let first = *years.first().expect("the default data has years");
    let missing = first - 20;
    browser.open(&format!("/?year={missing}")).await;
    let note = browser.wait_text(".unknown-choice", "没有").await;
    assert!(note.contains(&format!("没有{missing}年的数据")), "{note}");
    assert!(note.contains(&format!("查看{first}年")), "{note}");
    browser.click(".unknown-choice button").await;
    browser.wait_location(&format!("year={first}")).await;
    browser.wait_loaded().await;
    let left = browser
        .js(
            "return document.querySelectorAll('.unknown-choice').length;",
            vec![],
        )
        .await;
    assert_eq!(left, 0, "the nearest year is a valid view");

    browser
        .open(&format!("/districts?region={}", encode("不存在区")))
        .await;
    let note = browser.wait_text(".unknown-choice", "不存在区").await;
    assert!(note.contains("查看全部地区"), "{note}");
    browser.close().await;
}
