//! 结果应用: for 益阳市 and for 湖南省 each of the four views is filled with the rows the API
//! answers for the same region and year, in its order, with the API's headline figures; a
//! row's fund opens that fund's evaluation, whose 历年概况 lists the fund's years with what
//! each next budget did. Screenshots at 1440 and 390 px.

use fundlens_shared::results::View;
use fundlens_shared::results::fund::FundYears;
use fundlens_shared::results::summary::ResultsAnswer;
use serde_json::json;

use crate::support::{Browser, encode};

#[tokio::test]
async fn results_show_every_view_for_the_city_and_the_province_and_rows_open_their_fund() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let years: Vec<i32> = browser.api("/api/years").await;
    let year = *years.last().expect("a year");
    for region in ["益阳市", "湖南省"] {
        browser
            .open(&format!("/results?year={year}&region={}", encode(region)))
            .await;
        browser.wait_loaded().await;
        for view in View::ALL {
            let answer: ResultsAnswer = browser
                .api(&format!(
                    "/api/results/{}?year={year}&region={}&limit=10",
                    view.code(),
                    encode(region)
                ))
                .await;
            assert!(!answer.rows.is_empty(), "{region}: {view:?} has rows");
            let expected: Vec<i64> = answer.rows.iter().map(|r| r.evaluation).collect();
            let shown = browser
                .wait_js(
                    &format!("{region}'s {} rows", view.code()),
                    "const rows = [...document.querySelectorAll(`#results-${arguments[0]} tbody tr[data-code]`)]; \
                     return rows.length === arguments[1].length ? rows.map(r => Number(r.dataset.evaluation)) : null;",
                    vec![json!(view.code()), json!(expected)],
                )
                .await;
            assert_eq!(shown, json!(expected), "{region}: {view:?}");
            for figure in &answer.summary.figures {
                let text = browser
                    .text_of(&format!(
                        "#results-{} .figure[data-key='{}'] dd",
                        view.code(),
                        figure.key
                    ))
                    .await;
                assert_eq!(
                    text,
                    fundlens_shared::format::count(figure.count),
                    "{region}: {}",
                    figure.key
                );
            }
            if let Some(sentence) = &answer.summary.sentence {
                browser
                    .wait_text(&format!("#results-{} .sentence", view.code()), sentence)
                    .await;
            }
        }
        let name = if region == "益阳市" {
            "results-city"
        } else {
            "results-province"
        };
        browser.screenshot(name).await;
        let folder = fundlens_tests::workspace_root()
            .join("target")
            .join("screenshots");
        browser
            .screenshot_at(&folder, &format!("{name}-1440"), (1440, 1000), true)
            .await;
        browser
            .screenshot_at(&folder, &format!("{name}-390"), (390, 844), true)
            .await;
    }
    // A row opens its fund's evaluation.
    let first: ResultsAnswer = browser
        .api(&format!(
            "/api/results/budget?year={year}&region={}&limit=10",
            encode("湖南省")
        ))
        .await;
    let row = &first.rows[0];
    browser.click("#results-budget tbody tr[data-code] a").await;
    browser
        .wait_location(&format!("/evaluations/{}", row.evaluation))
        .await;
    browser.wait_text("main", &row.program).await;
    // Its 历年概况 lists the fund's years as the API answers them, this year marked, and the
    // year before says what this year's budget did after its grade.
    let strip: FundYears = browser
        .api(&format!("/api/evaluations/{}/years", row.evaluation))
        .await;
    let years: Vec<i32> = strip.years.iter().map(|y| y.summary.year).collect();
    assert!(
        years.len() >= 2,
        "a budget row compares two years: {years:?}"
    );
    let shown = browser
        .wait_js(
            "the fund's years",
            "const rows = [...document.querySelectorAll('.fund-years tbody tr[data-year]')]; \
             return rows.length === arguments[0] ? rows.map(r => Number(r.dataset.year)) : null;",
            vec![json!(years.len())],
        )
        .await;
    assert_eq!(shown, json!(years));
    let current = browser.text_of(".fund-years tr.current td").await;
    assert!(current.contains(&row.year.to_string()), "{current}");
    browser
        .wait_text(
            &format!(
                ".fund-years tr[data-year='{}'] td.next-budget",
                row.year - 1
            ),
            row.item.code.label(),
        )
        .await;
    browser.screenshot("evaluation-fund-years").await;
    browser.close().await;
}
