//! Forms from any county (issue 19.5): a form from 四川省大英县, outside the regions the store
//! started with, is read with its region, confirmed through the drafts API, and its chain
//! (四川省 → 遂宁市 → 大英县) is learned from the national divisions; a name several counties
//! share (朝阳区) that the form does not resolve is left for a person to choose.

use fundlens_shared::account::Role;
use reqwest::Method;
use serde_json::Value;

use fundlens_tests::TestServer;

/// A small 自评表 as the text a Word copy gives, with `header` lines first.
fn form(header: &str) -> Vec<u8> {
    format!(
        "{header}\
         项目资金（万元）\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分\n\
         年度资金总额\t100\t100\t100\t10\t100%\t10\n\
         一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\n\
         产出指标\t数量指标\t扶持企业\t20家\t21家\t50\t50\n\
         效益指标\t社会效益指标\t带动就业\t成效明显\t成效明显\t40\t40\n"
    )
    .into_bytes()
}

fn draft_of(server: &TestServer, bytes: &[u8]) -> Value {
    let (status, upload) = server.upload("/api/drafts", "自评表.txt", bytes);
    assert_eq!(status, 201, "{upload}");
    upload["drafts"][0].clone()
}

fn confirm(server: &TestServer, draft: &Value) -> (u16, Value) {
    let id = draft["id"].as_i64().expect("draft id");
    server.post(
        &format!("/api/drafts/{id}/confirm"),
        "application/json",
        String::new(),
    )
}

#[test]
fn a_form_from_a_county_outside_hunan_is_confirmed_with_its_chain() {
    let server = TestServer::start();
    let draft = draft_of(
        &server,
        &form("项目名称\t双新工作专项资金\n主管部门\t四川省大英县经济和信息化局\n年度\t2023\n"),
    );
    assert_eq!(draft["region"], "大英县", "{draft}");
    let (status, confirmed) = confirm(&server, &draft);
    assert_eq!(status, 201, "{confirmed}");
    let (_, regions) = server.get("/api/regions");
    let parent_of = |name: &str| {
        regions
            .as_array()
            .expect("regions")
            .iter()
            .find(|r| r["name"] == name)
            .unwrap_or_else(|| panic!("{name} is known: {regions}"))["parent"]
            .clone()
    };
    assert_eq!(parent_of("大英县"), "遂宁市");
    let code_of = |name: &str| {
        regions
            .as_array()
            .expect("regions")
            .iter()
            .find(|r| r["name"] == name)
            .map(|r| r["code"].clone())
    };
    assert_eq!(code_of("大英县"), Some("510923".into()));
    assert_eq!(code_of("遂宁市"), Some("510900".into()));
    assert_eq!(code_of("四川省"), Some("510000".into()));
    assert_eq!(parent_of("遂宁市"), "四川省");
    assert!(parent_of("四川省").is_null());
    let (_, list) = server.get("/api/evaluations?region=四川省");
    assert_eq!(list["items"][0]["region"], "大英县", "{list}");
}

#[test]
fn a_county_name_shared_nationally_is_left_for_a_person_to_choose() {
    let server = TestServer::start();
    let draft = draft_of(
        &server,
        &form("项目名称\t社区服务专项资金\n地区\t朝阳区\n主管部门\t区民政局\n年度\t2023\n"),
    );
    let (status, refused) = confirm(&server, &draft);
    assert_eq!(status, 422, "{refused}");
    let message = refused["errors"][0]["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("北京市朝阳区") && message.contains("长春市朝阳区"),
        "{refused}"
    );
    let (_, regions) = server.get("/api/regions");
    assert!(
        !regions.to_string().contains("朝阳区"),
        "nothing learned: {regions}"
    );
    // the form's words name the city: resolved, stored under its qualified name
    let draft = draft_of(
        &server,
        &form(
            "项目名称\t社区服务专项资金\n地区\t朝阳区\n主管部门\t北京市朝阳区民政局\n年度\t2023\n",
        ),
    );
    let (status, confirmed) = confirm(&server, &draft);
    assert_eq!(status, 201, "{confirmed}");
    let (_, list) = server.get("/api/evaluations?region=北京市");
    assert_eq!(list["items"][0]["region"], "北京市朝阳区", "{list}");
}

#[test]
fn an_editor_s_form_from_outside_its_region_adds_no_region() {
    let server = TestServer::start();
    let (status, upload) = server.upload_as(
        Role::Editor,
        "/api/drafts",
        "自评表.txt",
        &form("项目名称\t双新工作专项资金\n主管部门\t四川省大英县经济和信息化局\n年度\t2023\n"),
    );
    assert_eq!(status, 201, "{upload}");
    let id = upload["drafts"][0]["id"].as_i64().expect("draft id");
    let (status, refused) = server.as_role(
        Role::Editor,
        Method::POST,
        &format!("/api/drafts/{id}/confirm"),
        String::new(),
    );
    assert_eq!(status, 403, "{refused}");
    let (_, regions) = server.get("/api/regions");
    assert!(
        !regions.to_string().contains("大英县") && !regions.to_string().contains("四川省"),
        "a refused confirmation learns nothing: {regions}"
    );
}
