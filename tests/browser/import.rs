//! 导入 in Chromium: an .xlsx made by another program is uploaded, one cell corrected, the
//! draft confirmed, and the evaluation opens with the corrected value; a .zip of five real
//! forms becomes the queue, a row 待核对 is corrected and every clean draft confirmed at once;
//! a draft whose evaluation exists shows the difference and replaces it, both versions kept.

use fantoccini::Locator;
use fundlens_shared::account::Role;
use fundlens_shared::api::EvaluationDetail;
use fundlens_shared::draft::{DraftState, DraftSummary};
use fundlens_shared::revision::VersionList;
use fundlens_tests::{FIVE_FORMS, TestServer, real_form, workspace_root, zip_of};

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

/// Screenshots of the page at 1440 and 390 px (`<name>-1440.png`, `<name>-390.png`), checking
/// that it does not scroll sideways at either.
async fn at_widths(browser: &Browser, name: &str) {
    let folder = workspace_root().join("target").join("screenshots");
    for width in [1440, 390] {
        browser.resize((width, 900)).await;
        let overflow = browser
            .js(
                "return document.documentElement.scrollWidth - window.innerWidth;",
                vec![],
            )
            .await;
        browser
            .screenshot_at(&folder, &format!("{name}-{width}"), (width, 900), true)
            .await;
        assert!(
            overflow.as_i64().unwrap_or(0) <= 0,
            "{name} at {width} px scrolls sideways by {overflow} px"
        );
    }
    browser.resize((1400, 1000)).await;
}

/// Waits for the queue to list `rows` drafts.
async fn queue_of(browser: &Browser, rows: usize) {
    browser
        .wait_js(
            "the queue's rows",
            "return document.querySelectorAll(\"[data-field='queue'] tbody tr\").length >= arguments[0] || null;",
            vec![serde_json::json!(rows)],
        )
        .await;
}

#[tokio::test]
async fn a_zip_of_five_real_forms_is_queued_a_row_to_check_corrected_and_all_clean_confirmed() {
    let Some(browser) = Browser::start_with(|| TestServer::start_knowing_five_forms(true)).await
    else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let forms: Vec<(String, Vec<u8>)> = FIVE_FORMS
        .iter()
        .map(|name| (format!("{name}.xlsx"), real_form(name)))
        .collect();
    let entries: Vec<(&str, &[u8])> = forms
        .iter()
        .map(|(name, bytes)| (name.as_str(), bytes.as_slice()))
        .collect();
    let zip = dir.path().join("五张自评表.zip");
    std::fs::write(&zip, zip_of(&entries)).expect("zip written");
    browser.sign_in(Role::Admin).await;
    browser.open("/import").await;
    browser
        .type_text("input[data-field='upload']", &zip.display().to_string())
        .await;
    let message = browser
        .wait_text("[data-field='upload-message']", "已读出 5 张自评表")
        .await;
    assert!(message.contains("5 个文件"), "{message}");
    queue_of(&browser, 5).await;
    let button = browser
        .wait_text("button[data-action='confirm-clean']", "4 份")
        .await;
    assert!(button.contains("确认全部无误草稿"), "{button}");
    browser.screenshot("import-queue").await;

    // The form with cells 待核对 (岳阳楼区's, in traditional characters): open it, correct one
    // row and accept the other.
    let drafts: Vec<DraftSummary> = browser.api("/api/drafts").await;
    let to_check = drafts
        .iter()
        .find(|d| d.misfits > 0)
        .unwrap_or_else(|| panic!("a draft 待核对: {drafts:?}"));
    assert_eq!(to_check.misfits, 2);
    browser
        .click(&format!("tr[data-draft='{}'] a", to_check.id))
        .await;
    browser.wait_location("draft=").await;
    let cell = "input[data-field='indicators[0].target']";
    browser
        .wait_js(
            "the row 待核对",
            "return document.querySelector(arguments[0])?.value || null;",
            vec![serde_json::json!(cell)],
        )
        .await;
    // The review and the queue as a person sees them, on a desktop and on a phone: nothing
    // scrolls sideways.
    at_widths(&browser, "import-review").await;
    let field = browser.element(cell).await;
    field
        .clear()
        .await
        .unwrap_or_else(|e| panic!("clearing: {e}"));
    field
        .send_keys("28.8万元\u{E004}")
        .await
        .unwrap_or_else(|e| panic!("typing: {e}"));
    browser
        .wait_js(
            "the correction saved",
            "const input = document.querySelector(arguments[0]);
             return input && input.parentElement.classList.contains('corrected') ? true : null;",
            vec![serde_json::json!(cell)],
        )
        .await;
    browser.click("button[data-action='accept-row']").await;
    browser
        .wait_text("[data-field='review-counts']", "待核对 0 处")
        .await;
    browser.screenshot("import-queue-corrected").await;
    let corrected: Vec<DraftSummary> = browser.api("/api/drafts").await;
    let row = corrected
        .iter()
        .find(|d| d.id == to_check.id)
        .expect("the draft");
    assert_eq!(row.misfits, 0, "{row:?}");
    assert!(
        row.corrections >= 2,
        "the correction and the acceptance recorded: {row:?}"
    );

    // All clean drafts at once; the target-only form still lacks its actuals and waits.
    browser.click("button[data-action='confirm-clean']").await;
    let said = browser
        .wait_text("[data-field='queue-message']", "已导入 4 份")
        .await;
    assert!(!said.contains("未导入"), "{said}");
    let after: Vec<DraftSummary> = browser.api("/api/drafts").await;
    let confirmed = after
        .iter()
        .filter(|d| d.state == DraftState::Confirmed)
        .count();
    assert_eq!(confirmed, 4, "{after:?}");
    browser
        .wait_js(
            "the queue shows them imported",
            "return [...document.querySelectorAll(\"[data-field='queue'] td[data-field='state']\")]
                 .filter(td => td.textContent.includes('已导入')).length === 4 || null;",
            vec![],
        )
        .await;
    browser.screenshot("import-queue-confirmed").await;
    browser.close().await;
}

#[tokio::test]
async fn an_import_conflict_shows_the_difference_and_is_replaced_from_the_page_keeping_both_versions()
 {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let report = fundlens_tests::data_file("documents/000_d677b793e52480fc.txt");
    browser.sign_in(Role::Admin).await;
    browser.open("/import").await;
    browser
        .type_text("input[data-field='upload']", &report.display().to_string())
        .await;
    browser.wait_location("draft=").await;
    let cell = "input[data-field='indicators[0].actual']";
    browser
        .wait_js(
            "the draft's cells",
            "return document.querySelector(arguments[0])?.value || null;",
            vec![serde_json::json!(cell)],
        )
        .await;
    let field = browser.element(cell).await;
    field
        .clear()
        .await
        .unwrap_or_else(|e| panic!("clearing: {e}"));
    field
        .send_keys("140家\u{E004}")
        .await
        .unwrap_or_else(|e| panic!("typing: {e}"));
    browser
        .wait_js(
            "the correction saved",
            "const input = document.querySelector(arguments[0]);
             return input && input.parentElement.classList.contains('corrected') ? true : null;",
            vec![serde_json::json!(cell)],
        )
        .await;
    // The seed record is in the database already: confirming meets it.
    browser.click("button[data-action='confirm']").await;
    let panel = browser.wait_text("[data-field='conflict']", "已存在").await;
    assert!(
        panel.contains("136家") && panel.contains("140家"),
        "the diff is shown: {panel}"
    );
    let existing = browser
        .js(
            "return document.querySelector(\"[data-field='conflict'] a[data-field='existing']\").getAttribute('href');",
            vec![],
        )
        .await;
    let existing = existing.as_str().unwrap_or_default().to_owned();
    assert!(existing.starts_with("/evaluations/"), "{existing}");
    browser.screenshot("import-conflict").await;
    browser.click("button[data-action='replace']").await;
    browser.wait_location(&existing).await;
    let id = existing.trim_start_matches("/evaluations/");
    let versions: VersionList = browser
        .api(&format!("/api/evaluations/{id}/versions"))
        .await;
    assert_eq!(
        versions.versions.len(),
        2,
        "both versions kept: {versions:?}"
    );
    let detail: EvaluationDetail = browser.api(&format!("/api/evaluations/{id}")).await;
    assert_eq!(detail.record.indicators[0].actual.raw(), "140家");
    browser.wait_loaded().await;
    browser.screenshot("import-replaced").await;
    browser.close().await;
}
