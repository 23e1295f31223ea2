//! Many forms at once through the API: a .zip of real forms becomes a queue of drafts (rows
//! read, fields 待核对), the clean ones confirmed in one step, each on its own; the .zip's
//! bounds (a zip bomb, a nested archive, too many files) refuse with nothing stored; every
//! upload, correction, confirmation and refused confirmation is in the audit log; a draft whose
//! evaluation exists shows the difference and replaces it, keeping the old version.

use fundlens_shared::account::Role;
use fundlens_tests::{FIVE_FORMS, TestServer, data_file, real_form, zip_of};
use reqwest::Method;
use serde_json::json;

fn five_forms_zip() -> Vec<u8> {
    let forms: Vec<(String, Vec<u8>)> = FIVE_FORMS
        .iter()
        .map(|name| (format!("自评表/{name}.xlsx"), real_form(name)))
        .collect();
    let entries: Vec<(&str, &[u8])> = forms
        .iter()
        .map(|(name, bytes)| (name.as_str(), bytes.as_slice()))
        .collect();
    zip_of(&entries)
}

fn actions(server: &TestServer) -> Vec<(String, String, String)> {
    let (status, log) = server.as_role(
        Role::Admin,
        Method::GET,
        "/api/audit?limit=500",
        String::new(),
    );
    assert_eq!(status, 200, "{log}");
    assert_eq!(log["chain_intact"], true);
    log["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .map(|entry| {
            let text = |key: &str| entry[key].as_str().unwrap_or_default().to_owned();
            (text("action"), text("target"), text("detail"))
        })
        .collect()
}

#[test]
fn a_zip_of_five_real_forms_becomes_a_queue_and_the_clean_drafts_confirm_in_one_step() {
    let server = TestServer::start_knowing_five_forms(false);
    let (status, batch) = server.upload_files(
        Role::Admin,
        "/api/drafts/batch",
        &[("五张自评表.zip", &five_forms_zip())],
    );
    assert_eq!(status, 201, "{batch}");
    let files = batch["files"].as_array().expect("files");
    assert_eq!(files.len(), 5, "{batch}");
    assert!(
        files.iter().all(|file| file["error"].is_null()
            && !file["drafts"].as_array().expect("drafts").is_empty()),
        "{batch}"
    );
    assert!(
        files[0]["name"]
            .as_str()
            .is_some_and(|n| n.starts_with("五张自评表.zip/自评表/04_")),
        "{}",
        files[0]["name"]
    );
    // The queue: each draft with its rows read and fields 待核对.
    let (_, queue) = server.as_role(Role::Admin, Method::GET, "/api/drafts", String::new());
    let queue = queue.as_array().expect("queue").clone();
    assert!(queue.len() >= 5, "{queue:?}");
    let rows: u64 = queue.iter().map(|d| d["rows"].as_u64().unwrap_or(0)).sum();
    assert_eq!(rows, 36, "rows read in all (9 + 9 + 7 + 6 + 5)");
    let clean: Vec<i64> = queue
        .iter()
        .filter(|d| d["missing"] == 0 && d["misfits"] == 0)
        .filter_map(|d| d["id"].as_i64())
        .collect();
    let uploads = actions(&server)
        .into_iter()
        .filter(|(action, _, _)| action == "draft_upload")
        .count();
    assert_eq!(uploads, 5, "one audit entry per file read");

    let before = server.query_count("SELECT count(*) FROM evaluations");
    let (status, answer) = server.as_role(
        Role::Admin,
        Method::POST,
        "/api/drafts/confirm",
        json!({"drafts": queue.iter().filter_map(|d| d["id"].as_i64()).collect::<Vec<_>>()})
            .to_string(),
    );
    assert_eq!(status, 200, "{answer}");
    let results = answer["results"].as_array().expect("results");
    assert_eq!(results.len(), queue.len());
    for result in results {
        let id = result["draft"].as_i64().expect("draft");
        if clean.contains(&id) {
            // Confirmed, or refused by the import for a reason it names (a region the
            // catalogue does not know yet).
            assert!(
                result["evaluation_id"].is_i64() || result["message"].is_string(),
                "{result}"
            );
        } else {
            assert_eq!(result["error"], "not_clean", "{result}");
        }
    }
    let confirmed = answer["confirmed"].as_u64().expect("count");
    assert_eq!(confirmed, 4, "the four complete forms: {answer}");
    assert_eq!(clean.len(), 4, "the fifth waits for a person: {queue:?}");
    assert_eq!(
        server.query_count("SELECT count(*) FROM evaluations"),
        before + i64::try_from(confirmed).expect("count")
    );
    let entries = actions(&server);
    let confirmations = entries
        .iter()
        .filter(|(action, _, _)| action == "draft_confirm")
        .count();
    assert_eq!(
        confirmations as u64, confirmed,
        "one entry per confirmation"
    );
    let refusals = entries
        .iter()
        .filter(|(action, _, _)| action == "draft_confirm_refused")
        .count() as u64;
    assert_eq!(
        refusals,
        answer["refused"].as_u64().expect("refused")
            - results.iter().filter(|r| r["error"] == "not_clean").count() as u64,
        "every refusal by the import is audited"
    );
}

#[test]
fn the_zip_s_bounds_refuse_bombs_and_too_many_files_whole_and_nested_archives_alone() {
    let server = TestServer::start();
    let before = server.counts();
    // A bomb: 8 entries of 15 MB of zeros, under 1 MB packed; refused by what it unpacks to.
    let zeros = vec![0u8; 15 * 1024 * 1024];
    let names: Vec<String> = (0..8).map(|i| format!("{i}.txt")).collect();
    let entries: Vec<(&str, &[u8])> = names
        .iter()
        .map(|n| (n.as_str(), zeros.as_slice()))
        .collect();
    let bomb = zip_of(&entries);
    assert!(bomb.len() < 1024 * 1024, "{} bytes packed", bomb.len());
    let (status, body) =
        server.upload_files(Role::Admin, "/api/drafts/batch", &[("炸弹.zip", &bomb)]);
    assert_eq!(
        (status, body["error"].as_str()),
        (413, Some("document_too_large")),
        "{body}"
    );
    assert!(
        body["message"]
            .as_str()
            .is_some_and(|m| m.contains("压缩炸弹")),
        "{body}"
    );
    // 201 files.
    let names: Vec<String> = (0..201).map(|i| format!("{i}.txt")).collect();
    let entries: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &b"x"[..])).collect();
    let (status, body) = server.upload_files(
        Role::Admin,
        "/api/drafts/batch",
        &[("多.zip", &zip_of(&entries))],
    );
    assert_eq!(status, 413, "{body}");
    assert!(
        body["message"].as_str().is_some_and(|m| m.contains("200")),
        "{body}"
    );
    assert_eq!(server.counts(), before, "nothing stored, nothing audited");
    // A nested archive and an unreadable file are named; the form beside them is read.
    let seed = std::fs::read(data_file("documents/000_d677b793e52480fc.txt")).expect("seed");
    let inner = zip_of(&[("a.txt", &seed)]);
    let outer = zip_of(&[
        ("内层.zip", &inner),
        ("报告.txt", &seed),
        ("坏.xlsx", b"PK\x03\x04broken"),
    ]);
    let (status, body) = server.upload_files(
        Role::Admin,
        "/api/drafts/batch",
        &[("外层.zip", &outer), ("另一份.docx", b"not a document")],
    );
    assert_eq!(status, 201, "{body}");
    let files = body["files"].as_array().expect("files");
    let outcome = |name: &str| {
        files
            .iter()
            .find(|f| f["name"] == name)
            .unwrap_or_else(|| panic!("{name} in {body}"))
    };
    assert!(
        outcome("外层.zip/内层.zip")["message"]
            .as_str()
            .is_some_and(|m| m.contains("只展开一层"))
    );
    assert_eq!(
        outcome("外层.zip/报告.txt")["drafts"]
            .as_array()
            .map(Vec::len),
        Some(1)
    );
    assert!(outcome("外层.zip/坏.xlsx")["error"].is_string());
    assert!(outcome("另一份.docx")["error"].is_string());
}

#[test]
fn uploads_corrections_confirmations_and_refusals_are_audited() {
    let server = TestServer::start();
    let text = "项目名称\t专项资金\n地区\t赫山区\n年度\t2023\n一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\n产出指标\t数量指标\t扶持企业\t≥20家\t18家\t90\n产出指标\t质量指标\t验收合格率\t%\t100%\t10\n";
    let (status, upload) = server.upload("/api/drafts", "表.txt", text.as_bytes());
    assert_eq!(status, 201, "{upload}");
    let draft = &upload["drafts"][0];
    assert_eq!(
        (draft["rows"].as_u64(), draft["misfits"].as_u64()),
        (Some(2), Some(1))
    );
    let id = draft["id"].as_i64().expect("id");
    let confirm = |server: &TestServer| {
        server.post(
            &format!("/api/drafts/{id}/confirm"),
            "application/json",
            String::new(),
        )
    };
    let (status, _) = confirm(&server);
    assert_eq!(status, 422, "a row 待核对 holds it");
    let (status, corrected) = server.put(
        &format!("/api/drafts/{id}"),
        &json!({"changes": [{"field": "indicators[1].target", "value": "≥95%"}]}),
    );
    assert_eq!(status, 200, "{corrected}");
    assert_eq!(corrected["summary"]["misfits"], 0);
    let (status, confirmed) = confirm(&server);
    assert_eq!(status, 201, "{confirmed}");
    let evaluation = confirmed["ids"][0].as_i64().expect("id");
    // The same form again: its record exists.
    let (_, again) = server.upload(
        "/api/drafts",
        "表（再次）.txt",
        text.replace("≥20家", "≥25家").as_bytes(),
    );
    let second = again["drafts"][0]["id"].as_i64().expect("id");
    server.put(
        &format!("/api/drafts/{second}"),
        &json!({"changes": [{"field": "indicators[1].target", "value": "≥95%"}]}),
    );
    let (status, refused) = server.post(
        &format!("/api/drafts/{second}/confirm"),
        "application/json",
        String::new(),
    );
    assert_eq!(status, 409, "{refused}");
    assert!(
        refused["errors"][0]["message"]
            .as_str()
            .is_some_and(|m| m.contains(&format!("评价 {evaluation}"))),
        "the refusal names the evaluation that exists: {refused}"
    );
    let entries = actions(&server);
    let find = |action: &str, target: &str| {
        entries
            .iter()
            .find(|(a, t, _)| a == action && t == target)
            .unwrap_or_else(|| panic!("{action} {target} in {entries:?}"))
            .clone()
    };
    assert!(find("draft_upload", "document 1").2.contains("表.txt"));
    assert!(
        find("draft_correct", &format!("draft {id}"))
            .2
            .contains("indicators[1].target")
    );
    assert_eq!(
        find("draft_confirm", &format!("draft {id}")).2,
        format!("evaluation {evaluation}")
    );
    let refusals: Vec<_> = entries
        .iter()
        .filter(|(a, _, _)| a == "draft_confirm_refused")
        .collect();
    assert_eq!(refusals.len(), 2, "{refusals:?}");
    assert!(
        refusals
            .iter()
            .any(|(_, t, d)| *t == format!("draft {id}") && d.contains("invalid"))
    );
    assert!(
        refusals
            .iter()
            .any(|(_, t, d)| *t == format!("draft {second}") && d.contains("conflict"))
    );
    assert!(
        entries.iter().any(|(a, _, _)| a == "import"),
        "the import's own entry stays"
    );
}

#[test]
fn a_draft_whose_evaluation_exists_shows_the_difference_and_replaces_it_keeping_the_old_version() {
    let server = TestServer::start();
    let seed = std::fs::read(data_file("documents/000_d677b793e52480fc.txt")).expect("seed");
    let (_, first) = server.upload("/api/drafts", "报告.txt", &seed);
    let first = first["drafts"][0]["id"].as_i64().expect("id");
    let (status, confirmed) = server.post(
        &format!("/api/drafts/{first}/confirm"),
        "application/json",
        String::new(),
    );
    assert_eq!(status, 201, "{confirmed}");
    let evaluation = confirmed["ids"][0].as_i64().expect("id");

    let (_, second) = server.upload(
        "/api/drafts",
        "报告（更正）.txt",
        &[seed.as_slice(), b"\n"].concat(),
    );
    let second = second["drafts"][0]["id"].as_i64().expect("id");
    server.put(
        &format!("/api/drafts/{second}"),
        &json!({"changes": [{"field": "indicators[0].actual", "value": "140家"}]}),
    );
    let (status, conflict) = server.as_role(
        Role::Admin,
        Method::GET,
        &format!("/api/drafts/{second}/conflict"),
        String::new(),
    );
    assert_eq!(status, 200, "{conflict}");
    assert_eq!(conflict["evaluation_id"], evaluation);
    assert_eq!(conflict["version"], 1);
    assert_eq!(conflict["may_replace"], true);
    let changes = conflict["changes"].as_array().expect("changes");
    assert!(
        changes
            .iter()
            .any(|c| c["field"] == "实际完成值" && c["before"] == "136家" && c["after"] == "140家"),
        "{conflict}"
    );
    let (status, replaced) = server.post(
        &format!("/api/drafts/{second}/confirm?replace=true"),
        "application/json",
        String::new(),
    );
    assert_eq!(status, 201, "{replaced}");
    assert_eq!(replaced["ids"][0], evaluation, "the id is kept");
    assert_eq!(replaced["replaced"], 1);
    let (_, versions) = server.get(&format!("/api/evaluations/{evaluation}/versions"));
    assert_eq!(
        versions["versions"].as_array().map(Vec::len),
        Some(2),
        "{versions}"
    );
    let (_, old) = server.get(&format!("/api/evaluations/{evaluation}/versions/1"));
    assert_eq!(old["record"]["indicators"][0]["actual"], "136家");
    let (_, now) = server.get(&format!("/api/evaluations/{evaluation}"));
    assert_eq!(now["record"]["indicators"][0]["actual"], "140家");
}
