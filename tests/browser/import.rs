//! 导入 in Chromium: an .xlsx made by another program is uploaded, one cell corrected, the
//! draft confirmed, and the evaluation opens with the corrected value.

use fantoccini::Locator;
use fundlens_shared::account::Role;
use fundlens_shared::api::EvaluationDetail;
use fundlens_shared::draft::DraftSummary;
use fundlens_tests::workspace_root;

use crate::support::Browser;

#[tokio::test]
async fn an_uploaded_workbook_is_corrected_confirmed_and_opens_as_the_evaluation() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let workbook = workspace_root().join("documents/tests/fixtures/county-form-openpyxl.xlsx");
    // The form is 桃江县's: the admin brings it in (the test editor writes for 赫山区 only).
    browser.sign_in(Role::Admin).await;
    browser.open("/import").await;
    let input = browser
        .client
        .wait()
        .for_element(Locator::Css("input[data-field='upload']"))
        .await
        .unwrap_or_else(|e| panic!("the file chooser: {e}"));
    input
        .send_keys(&workbook.display().to_string())
        .await
        .unwrap_or_else(|e| panic!("choosing the file: {e}"));
    browser.wait_location("draft=").await;
    let drafts: Vec<DraftSummary> = browser.api("/api/drafts").await;
    assert_eq!(
        drafts[0].program.as_deref(),
        Some("桃江县中小企业发展专项资金")
    );
    let cell = "input[data-field='indicators[4].actual']";
    browser
        .wait_js(
            "the draft's cells",
            "return document.querySelector(arguments[0])?.value || null;",
            vec![serde_json::json!(cell)],
        )
        .await;
    assert_eq!(
        browser
            .js(
                "return document.querySelector(arguments[0]).value;",
                vec![serde_json::json!(cell)]
            )
            .await,
        "1.6",
        "the actual as the form writes it, in the 度量单位 column's unit"
    );
    browser.screenshot("import-draft").await;
    let field = browser
        .client
        .find(Locator::Css(cell))
        .await
        .unwrap_or_else(|e| panic!("the cell: {e}"));
    field
        .clear()
        .await
        .unwrap_or_else(|e| panic!("clearing: {e}"));
    field
        .send_keys("1.8亿元\u{E004}")
        .await
        .unwrap_or_else(|e| panic!("typing: {e}"));
    browser
        .wait_js(
            "the correction saved and marked",
            "const input = document.querySelector(arguments[0]);
             return input && input.parentElement.classList.contains('corrected') ? true : null;",
            vec![serde_json::json!(cell)],
        )
        .await;
    browser.screenshot("import-corrected").await;
    browser.click("button[data-action='confirm']").await;
    browser.wait_location("/evaluations/").await;
    let location = browser.location().await;
    let id: i64 = location
        .rsplit('/')
        .next()
        .and_then(|tail| tail.split('?').next())
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("an evaluation address: {location}"));
    let detail: EvaluationDetail = browser.api(&format!("/api/evaluations/{id}")).await;
    assert_eq!(detail.record.indicators[4].actual.raw(), "1.8亿元");
    let heading = browser
        .wait_text("h2[data-field='program']", "桃江县中小企业发展专项资金")
        .await;
    assert!(heading.contains("桃江县"));
    browser.wait_loaded().await;
    browser.screenshot("import-confirmed").await;
    browser.close().await;
}

#[tokio::test]
async fn a_viewer_is_told_to_sign_in_with_an_editing_account_and_cannot_upload() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    browser.sign_in(Role::Viewer).await;
    browser.open("/import").await;
    let note = browser
        .wait_text("[data-field='import-sign-in']", "填报或管理账号")
        .await;
    assert!(note.contains("请先登录"), "{note}");
    let upload = browser
        .js(
            "return document.querySelector(\"input[data-field='upload']\") !== null;",
            vec![],
        )
        .await;
    assert_eq!(
        upload,
        serde_json::json!(false),
        "no file chooser for a viewer"
    );
    let nav = browser
        .js(
            "return [...document.querySelectorAll('nav a')].map(a => a.textContent).join(' ');",
            vec![],
        )
        .await;
    assert!(
        !nav.to_string().contains("导入"),
        "no 导入 link for a viewer: {nav}"
    );
    browser.close().await;
}
