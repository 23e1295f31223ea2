//! Each role in the dashboard: an anonymous reader on loopback sees no write actions; an
//! editor signs in, sees its name and role, and may delete only records of its region; a
//! viewer may delete nothing; an admin sees the audit log and, after a replace, the 修订记录
//! of the record with the changed row.

use fundlens_shared::account::Role;
use fundlens_shared::api::EvaluationList;
use serde_json::{Value, json};

use crate::support::Browser;

/// The id of the first evaluation of `region` in 2024.
async fn evaluation_of(browser: &Browser, region: &str) -> i64 {
    let list: EvaluationList = browser
        .api(&format!(
            "/api/evaluations?year=2024&region={}",
            crate::support::encode(region)
        ))
        .await;
    list.items
        .iter()
        .find(|item| item.region == region)
        .map(|item| item.id)
        .unwrap_or_else(|| panic!("an evaluation of {region} in 2024: {list:?}"))
}

/// Whether the 修订记录 card of the open page offers 删除 (waits for the card to load).
async fn offers_delete(browser: &Browser) -> bool {
    browser
        .wait_js(
            "the 修订记录 card",
            "return document.querySelector(\"[data-section='revisions'] tr[data-version]\") !== null;",
            vec![],
        )
        .await;
    browser
        .js(
            "return document.querySelector(\"[data-action='delete']\") !== null;",
            vec![],
        )
        .await
        == Value::Bool(true)
}

#[tokio::test]
async fn an_anonymous_reader_sees_no_write_actions_and_an_editor_only_its_region() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let heshan = evaluation_of(&browser, "赫山区").await;
    let ziyang = evaluation_of(&browser, "资阳区").await;

    browser.open(&format!("/evaluations/{heshan}")).await;
    browser.wait_loaded().await;
    assert!(
        !offers_delete(&browser).await,
        "anonymous readers cannot delete"
    );
    assert_eq!(browser.text_of(".who[data-role='anonymous']").await, "登录");
    assert!(
        browser
            .js(
                "return document.querySelector(\"a[href='/audit']\") === null;",
                vec![]
            )
            .await
            == Value::Bool(true)
    );

    browser.sign_in(Role::Editor).await;
    let who = browser.text_of(".who").await;
    assert!(
        who.contains("赫山填报") && who.contains("填报·赫山区"),
        "{who}"
    );
    browser.open(&format!("/evaluations/{heshan}")).await;
    assert!(
        offers_delete(&browser).await,
        "an editor may delete in its region"
    );
    browser.screenshot("accounts-editor-own-region").await;
    browser.open(&format!("/evaluations/{ziyang}")).await;
    assert!(!offers_delete(&browser).await, "but not in another region");
    browser.close().await;
}

#[tokio::test]
async fn a_viewer_reads_without_write_actions() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let heshan = evaluation_of(&browser, "赫山区").await;
    browser.sign_in(Role::Viewer).await;
    assert!(browser.text_of(".who").await.contains("查看"));
    browser.open(&format!("/evaluations/{heshan}")).await;
    browser.wait_loaded().await;
    assert!(!offers_delete(&browser).await, "viewers delete nothing");
    browser.close().await;
}

#[tokio::test]
async fn an_admin_sees_the_revisions_of_a_replaced_record_and_the_audit_log() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let id = evaluation_of(&browser, "赫山区").await;
    let detail: Value = browser.api(&format!("/api/evaluations/{id}")).await;
    let mut record = detail["record"].clone();
    record["indicators"][0]["actual"] = json!("0");
    let server_url = browser.server.url("/api/evaluations?replace=true");
    let token = fundlens_tests::token(Role::Admin);
    let status = tokio::task::spawn_blocking(move || {
        reqwest::blocking::Client::new()
            .post(server_url)
            .bearer_auth(token)
            .header("content-type", "application/json")
            .body(record.to_string())
            .send()
            .map(|r| r.status().as_u16())
            .unwrap_or(0)
    })
    .await
    .unwrap_or(0);
    assert_eq!(status, 201, "the replace went through");

    browser.sign_in(Role::Admin).await;
    browser.open(&format!("/evaluations/{id}")).await;
    browser.wait_loaded().await;
    let heading = browser.text_of("[data-diff='1-2']").await;
    assert!(heading.contains("第 1 版 → 第 2 版"), "{heading}");
    let changed = browser.wait_text("table.diff tr", "实际完成值").await;
    assert!(changed.contains('0'), "{changed}");
    assert!(offers_delete(&browser).await, "admins may delete anywhere");
    browser.screenshot("accounts-admin-revisions").await;

    browser.click("a[href='/audit']").await;
    browser.wait_location("/audit").await;
    let replace = browser
        .wait_text("tr[data-action='replace']", "管理员")
        .await;
    // The log reads in Chinese (issue 24): the store's `evaluation 12` is shown as 评价 12.
    assert!(replace.contains(&format!("评价 {id}")), "{replace}");
    assert!(replace.contains("替换"), "{replace}");
    browser.wait_text("tr[data-action='login']", "管理员").await;
    browser.screenshot("accounts-audit-log").await;
    browser.close().await;
}
