//! 评价详情 of the real seed record: total 99, grade 优, the narrative mismatch finding, the
//! explanation of the 规模以上工业增加值 row, and its 简报 with the rows it links.

use fundlens_shared::api::{Briefing, EvaluationDetail, EvaluationList};
use fundlens_shared::model::Provenance;
use serde_json::json;

use crate::support::Browser;

/// The real record transcribed from the seed report.
const SEED_PROGRAM: &str = "服务先进制造业高质量发展专项资金";

async fn seed_id(browser: &Browser) -> i64 {
    let real: EvaluationList = browser.api("/api/evaluations?source=real").await;
    real.items
        .iter()
        .find(|item| item.program == SEED_PROGRAM && item.year == 2022)
        .map(|item| item.id)
        .unwrap_or_else(|| panic!("the seed record is among the real ones: {real:?}"))
}

#[tokio::test]
async fn navigating_to_the_seed_shows_total_99_grade_and_the_narrative_mismatch() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let id = seed_id(&browser).await;
    let detail: EvaluationDetail = browser.api(&format!("/api/evaluations/{id}")).await;

    browser.open("/evaluations?source=real").await;
    browser.wait_loaded().await;
    browser.screenshot("evaluations-real").await;
    browser
        .click(&format!("table.funds tr[data-evaluation='{id}'] a"))
        .await;
    browser.wait_location(&format!("/evaluations/{id}")).await;

    assert_eq!(browser.text_of("[data-field='total']").await, "99");
    assert_eq!(browser.text_of("[data-field='grade']").await, "优");
    assert_eq!(
        browser.text_of("h2[data-field='program']").await,
        SEED_PROGRAM
    );
    let mismatch = browser
        .wait_text("li[data-code='narrative_category_mismatch']", "产出指标类")
        .await;
    assert!(
        mismatch.contains("49") && mismatch.contains("50"),
        "{mismatch}"
    );
    let Provenance::Document { title, .. } = &detail.record.provenance else {
        panic!("the seed is a document");
    };
    let source = browser.text_of("[data-field='provenance']").await;
    assert!(source.contains(title.as_str()), "{source}");
    assert!(!source.contains("示例数据"), "{source}");
    browser.wait_loaded().await;
    browser.screenshot("evaluation-seed").await;
    browser.close().await;
}

#[tokio::test]
async fn clicking_the_industrial_value_added_row_shows_its_explanation() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let id = seed_id(&browser).await;
    let detail: EvaluationDetail = browser.api(&format!("/api/evaluations/{id}")).await;
    let name = "规模以上工业增加值";
    let row = detail
        .assessment
        .indicators
        .iter()
        .find(|row| row.name == name)
        .unwrap_or_else(|| panic!("the seed has the row {name}"));

    browser.open(&format!("/evaluations/{id}")).await;
    browser.click(&format!("tr[data-name='{name}']")).await;
    browser
        .wait_location(&format!("/evaluations/{id}?row={}", row.index))
        .await;
    let panel = format!(".indicator-detail[data-detail='{}']", row.index);
    assert_eq!(
        browser
            .text_of(&format!("{panel} [data-field='rule']"))
            .await,
        row.explanation.rule_text
    );
    assert_eq!(
        browser
            .text_of(&format!("{panel} [data-field='result']"))
            .await,
        row.explanation.result
    );
    let flagged = browser
        .js(
            "return document.querySelector(`tr[data-row='${arguments[0]}']`).className;",
            vec![serde_json::json!(row.index.to_string())],
        )
        .await;
    assert!(
        flagged.as_str().unwrap_or_default().contains("has-finding"),
        "the row the audit flags is highlighted: {flagged}"
    );
    browser.wait_loaded().await;
    browser.screenshot("evaluation-row").await;

    browser.back().await;
    browser
        .wait_js(
            "the explanation to close on back",
            "return document.querySelector('.indicator-detail') === null \
                 && !location.search.includes('row=');",
            vec![],
        )
        .await;
    browser.close().await;
}

#[tokio::test]
async fn the_seeds_briefing_shows_the_api_sentences_with_their_row_links() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let id = seed_id(&browser).await;
    let briefing: Briefing = browser
        .api(&format!("/api/evaluations/{id}/briefing"))
        .await;
    browser.open(&format!("/evaluations/{id}")).await;
    for sentence in &briefing.sentences {
        browser
            .wait_text("#briefing ol.briefing-text li", &sentence.text)
            .await;
    }
    let links = browser
        .wait_js(
            "the briefing's links",
            "const links = [...document.querySelectorAll('#briefing a.source-link')]; \
             return links.length ? links.map(a => a.getAttribute('href')) : null;",
            vec![],
        )
        .await;
    let expected: Vec<&String> = briefing.sentences.iter().flat_map(|s| &s.links).collect();
    assert_eq!(links, json!(expected));
    assert!(
        expected
            .iter()
            .any(|l| l.starts_with(&format!("/evaluations/{id}?row="))),
        "{expected:?}"
    );
    browser.copy_briefing().await;
    browser.wait_loaded().await;
    browser.screenshot("evaluation-briefing").await;
    browser.close().await;
}
