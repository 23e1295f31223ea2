//! Documents through the API: a workbook uploaded into a draft, a cell corrected (and the
//! correction recorded), the draft confirmed into an evaluation with the document as its
//! provenance; refusals that store nothing; the evaluation exported as a workbook.

use fundlens_shared::account::Role;
use fundlens_tests::{TestServer, data_file};
use reqwest::Method;
use serde_json::{Value, json};

fn seed_report() -> Vec<u8> {
    std::fs::read(data_file("documents/000_d677b793e52480fc.txt")).expect("the seed report text")
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        fundlens_tests::workspace_root()
            .join("documents/tests/fixtures")
            .join(name),
    )
    .expect("fixture")
}

/// Nothing was written since `before` but the refused confirmation's audit entry.
fn assert_refusal_only_audited(server: &TestServer, before: &[(&'static str, i64)]) {
    let expected: Vec<_> = before
        .iter()
        .map(|&(table, rows)| (table, rows + i64::from(table == "audit_log")))
        .collect();
    assert_eq!(
        server.counts(),
        expected,
        "nothing written but the refusal's audit entry"
    );
}

fn uploaded(server: &TestServer, name: &str, bytes: &[u8]) -> Value {
    let (status, body) = server.upload("/api/drafts", name, bytes);
    assert_eq!(status, 201, "{body}");
    body
}

#[test]
fn an_uploaded_report_is_corrected_confirmed_and_becomes_the_evaluation() {
    let server = TestServer::start();
    let upload = uploaded(&server, "益阳报告.txt", &seed_report());
    assert_eq!(upload["document"]["size"], seed_report().len());
    let draft = &upload["drafts"][0];
    assert_eq!(draft["state"], "open");
    assert_eq!(draft["region"], "益阳市");
    assert_eq!(draft["missing"], 0);
    let id = draft["id"].as_i64().expect("id");

    let (status, detail) = server.as_role(
        Role::Admin,
        Method::GET,
        &format!("/api/drafts/{id}"),
        String::new(),
    );
    assert_eq!(status, 200);
    assert_eq!(
        detail["assessment"]["total"], 99,
        "the audit runs on the draft"
    );
    assert_eq!(
        detail["content"]["record"]["indicators"][0]["target"],
        "135家"
    );

    let (status, corrected) = server.put(
        &format!("/api/drafts/{id}"),
        &json!({"changes": [{"field": "indicators[0].actual", "value": "140家"}]}),
    );
    assert_eq!(status, 200, "{corrected}");
    assert_eq!(corrected["corrections"][0]["before"], "136家");
    assert_eq!(corrected["corrections"][0]["after"], "140家");
    assert_eq!(corrected["summary"]["corrections"], 1);

    let (status, confirmed) = server.post(
        &format!("/api/drafts/{id}/confirm"),
        "application/json",
        String::new(),
    );
    assert_eq!(status, 201, "{confirmed}");
    let evaluation = confirmed["ids"][0].as_i64().expect("evaluation id");
    let (_, stored) = server.get(&format!("/api/evaluations/{evaluation}"));
    assert_eq!(stored["record"]["indicators"][0]["actual"], "140家");
    assert_eq!(
        stored["record"]["provenance"]["title"],
        "2022年度益阳市服务先进制造业高质量发展专项资金绩效自评报告"
    );
    assert!(
        stored["record"]["provenance"]["location"]
            .as_str()
            .is_some_and(|l| l.contains("益阳报告.txt")),
        "{}",
        stored["record"]["provenance"]
    );
    let (_, list) = server.as_role(Role::Admin, Method::GET, "/api/drafts", String::new());
    assert_eq!(list[0]["state"], "confirmed");
    assert_eq!(list[0]["evaluation_id"], evaluation);

    let (status, again) = server.put(&format!("/api/drafts/{id}"), &json!({"changes": []}));
    assert_eq!(status, 409, "a confirmed draft stays as it was: {again}");
    let (status, _, original) = server.get_bytes(&format!("/api/drafts/{id}/document"));
    assert_eq!(
        (status, original),
        (200, seed_report()),
        "the source is kept byte for byte"
    );
}

#[test]
fn a_draft_missing_a_required_field_is_refused_naming_it_and_writes_nothing() {
    let server = TestServer::start();
    let text = "项目名称\t专项资金\n一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\n产出指标\t数量指标\t扶持企业\t≥20家\t18家\t90\t81\n";
    let upload = uploaded(&server, "表.txt", text.as_bytes());
    let id = upload["drafts"][0]["id"].as_i64().expect("id");
    assert!(
        upload["drafts"][0]["missing"]
            .as_u64()
            .is_some_and(|m| m >= 2),
        "region and year"
    );
    let before = server.counts();
    let (status, refused) = server.post(
        &format!("/api/drafts/{id}/confirm"),
        "application/json",
        String::new(),
    );
    assert_eq!(status, 422, "{refused}");
    assert_eq!(refused["errors"][0]["field"], "region");
    assert!(
        refused["errors"][0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("地区"))
    );
    assert_refusal_only_audited(&server, &before);
    let (status, _) = server.put(
        &format!("/api/drafts/{id}"),
        &json!({"changes": [{"field": "region", "value": "赫山区"}, {"field": "year", "value": 2023}]}),
    );
    assert_eq!(status, 200);
    let (status, confirmed) = server.post(
        &format!("/api/drafts/{id}/confirm"),
        "application/json",
        String::new(),
    );
    assert_eq!(status, 201, "{confirmed}");
}

#[test]
fn a_row_whose_cells_do_not_fit_is_held_until_a_person_accepts_it() {
    let server = TestServer::start();
    let text = "项目名称\t专项资金\n地区\t赫山区\n年度\t2023\n一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\n产出指标\t数量指标\t扶持企业\t≥20家\t18家\t90\n产出指标\t质量指标\t验收合格率\t%\t100%\t10\n";
    let upload = uploaded(&server, "表.txt", text.as_bytes());
    let id = upload["drafts"][0]["id"].as_i64().expect("id");
    let before = server.counts();
    let (status, refused) = server.post(
        &format!("/api/drafts/{id}/confirm"),
        "application/json",
        String::new(),
    );
    assert_eq!(status, 422, "{refused}");
    assert_eq!(refused["errors"][0]["field"], "indicators[1].target");
    let message = refused["errors"][0]["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("第2行") && message.contains("待核对"),
        "{message}"
    );
    assert_refusal_only_audited(&server, &before);
    // 接受: the field set to the value it has.
    let (status, accepted) = server.put(
        &format!("/api/drafts/{id}"),
        &json!({"changes": [{"field": "indicators[1].target", "value": "%"}]}),
    );
    assert_eq!(status, 200, "{accepted}");
    let (status, confirmed) = server.post(
        &format!("/api/drafts/{id}/confirm"),
        "application/json",
        String::new(),
    );
    assert_eq!(status, 201, "{confirmed}");
}

#[test]
fn hostile_uploads_are_refused_and_nothing_is_stored() {
    let server = TestServer::start();
    let before = server.counts();
    let (status, body) = server.upload("/api/drafts", "加密.xlsx", &fixture("encrypted.xlsx"));
    assert_eq!(
        (status, body["error"].as_str()),
        (422, Some("encrypted_document")),
        "{body}"
    );
    assert!(body["message"].as_str().is_some_and(|m| m.contains("密码")));
    let (status, body) = server.upload(
        "/api/drafts",
        "公式.xlsx",
        &fixture("formula-without-result.xlsx"),
    );
    assert_eq!(
        (status, body["error"].as_str()),
        (422, Some("formula_without_value")),
        "{body}"
    );
    assert!(body["message"].as_str().is_some_and(|m| m.contains("G6")));
    assert_eq!(server.counts(), before);
}

#[test]
fn a_200_mb_upload_is_refused_without_being_stored() {
    let server = TestServer::start();
    let before = server.counts();
    let boundary = "b";
    let head = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.xlsx\"\r\n\r\n"
    );
    let tail = format!("\r\n--{boundary}--\r\n");
    let size: u64 = 200 * 1024 * 1024;
    let reader = std::io::Read::chain(
        std::io::Read::chain(
            std::io::Cursor::new(head.clone().into_bytes()),
            std::io::Read::take(std::io::repeat(b'x'), size),
        ),
        std::io::Cursor::new(tail.clone().into_bytes()),
    );
    let length = head.len() as u64 + size + tail.len() as u64;
    let answer = reqwest::blocking::Client::new()
        .post(server.url("/api/drafts"))
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(reqwest::blocking::Body::sized(reader, length))
        .send();
    if let Ok(response) = answer {
        assert_eq!(response.status().as_u16(), 413);
        let body: Value = response.json().unwrap_or(Value::Null);
        assert_eq!(body["error"], "document_too_large", "{body}");
        assert!(body["message"].as_str().is_some_and(|m| m.contains("MB")));
    }
    assert_eq!(server.counts(), before, "nothing stored");
    let (status, _) = server.get("/api/health");
    assert_eq!(status, 200, "the server is still serving");
}

#[test]
fn an_evaluation_exports_as_a_workbook_that_reads_back() {
    let server = TestServer::start();
    let upload = uploaded(&server, "报告.txt", &seed_report());
    let id = upload["drafts"][0]["id"].as_i64().expect("id");
    let (_, confirmed) = server.post(
        &format!("/api/drafts/{id}/confirm"),
        "application/json",
        String::new(),
    );
    let evaluation = confirmed["ids"][0].as_i64().expect("evaluation");
    let (status, content_type, workbook) =
        server.get_bytes(&format!("/api/evaluations/{evaluation}/export.xlsx"));
    assert_eq!(status, 200);
    assert!(content_type.contains("spreadsheetml"), "{content_type}");
    let again = uploaded(&server, "导出.xlsx", &workbook);
    let (_, detail) = server.as_role(
        Role::Admin,
        Method::GET,
        &format!("/api/drafts/{}", again["drafts"][0]["id"]),
        String::new(),
    );
    let (_, stored) = server.get(&format!("/api/evaluations/{evaluation}"));
    assert_eq!(
        detail["content"]["record"]["indicators"]
            .as_array()
            .map(Vec::len),
        Some(15)
    );
    assert_eq!(detail["assessment"]["total"], stored["assessment"]["total"]);
    assert_eq!(
        detail["assessment"]["findings"],
        stored["assessment"]["findings"]
    );
}

#[test]
fn uploads_are_for_editors_of_the_form_s_region_and_drafts_stay_with_their_owner() {
    let server = TestServer::start();
    let before = server.counts();
    // A viewer may not upload at all.
    let (status, body) =
        server.upload_as(Role::Viewer, "/api/drafts", "益阳报告.txt", &seed_report());
    assert_eq!(status, 403, "{body}");
    // The 赫山区 editor may not bring in 益阳市's form.
    let (status, body) =
        server.upload_as(Role::Editor, "/api/drafts", "益阳报告.txt", &seed_report());
    assert_eq!(status, 403, "{body}");
    assert!(
        fundlens_tests::fields(&body).contains(&"region".to_owned()),
        "{body}"
    );
    assert_eq!(server.counts(), before, "a refused upload stores nothing");
    // The admin's draft is not the editor's to see or confirm.
    let upload = uploaded(&server, "益阳报告.txt", &seed_report());
    let id = upload["drafts"][0]["id"].as_i64().expect("id");
    let (status, _) = server.as_role(
        Role::Editor,
        Method::GET,
        &format!("/api/drafts/{id}"),
        String::new(),
    );
    assert_eq!(status, 404);
    let (status, _) = server.as_role(
        Role::Editor,
        Method::POST,
        &format!("/api/drafts/{id}/confirm"),
        "{}".to_owned(),
    );
    assert_eq!(status, 404);
    let (_, mine) = server.as_role(Role::Editor, Method::GET, "/api/drafts", String::new());
    assert_eq!(mine, json!([]));
}
