//! Nothing is ever lost: a replace keeps the id and both versions stay readable and
//! comparable; a delete hides the evaluation from lists and rollups until an admin restores
//! it; every write is in the audit log with before and after digests.

use fundlens_shared::account::Role;
use fundlens_tests::{TestServer, generated, seed_text};
use reqwest::Method;
use serde_json::{Value, json};

/// The seed with its first indicator's actual changed to `actual`.
fn seed_with_actual(actual: &str) -> String {
    let mut record: Value = serde_json::from_str(&seed_text()).expect("seed json");
    record["indicators"][0]["actual"] = json!(actual);
    record.to_string()
}

#[test]
fn a_replace_keeps_the_id_and_both_versions_are_readable_and_compared() {
    let server = TestServer::start();
    let (status, first) = server.post("/api/evaluations", "application/json", seed_text());
    assert_eq!(status, 201, "{first}");
    let id = first["ids"][0].as_i64().expect("id");
    let (_, original) = server.get(&format!("/api/evaluations/{id}"));
    let (status, replaced) = server.post(
        "/api/evaluations?replace=true",
        "application/json",
        seed_with_actual("1家"),
    );
    assert_eq!(status, 201, "{replaced}");
    assert_eq!(replaced["ids"][0], id, "the id is kept");

    let (status, versions) = server.get(&format!("/api/evaluations/{id}/versions"));
    assert_eq!(status, 200, "{versions}");
    let list = versions["versions"].as_array().expect("versions");
    assert_eq!(list.len(), 2, "{versions}");
    assert_eq!(list[0]["current"], false);
    assert_eq!(list[1]["current"], true);
    assert_eq!(list[1]["actor"], "管理员");
    assert!(
        list[1]["origin"]
            .as_str()
            .unwrap_or_default()
            .contains("replace=true")
    );
    assert_ne!(list[0]["record_hash"], list[1]["record_hash"]);

    let (_, old) = server.get(&format!("/api/evaluations/{id}/versions/1"));
    assert_eq!(
        old["record"], original["record"],
        "version 1 is the record as first imported"
    );
    let (_, new) = server.get(&format!("/api/evaluations/{id}/versions/2"));
    assert_eq!(new["record"]["indicators"][0]["actual"], "1家");
    let (_, live) = server.get(&format!("/api/evaluations/{id}"));
    assert_eq!(live["record"], new["record"], "reads see the latest");

    let (status, diff) = server.get(&format!("/api/evaluations/{id}/diff?from=1&to=2"));
    assert_eq!(status, 200, "{diff}");
    let changes = diff["changes"].as_array().expect("changes");
    let actual = changes
        .iter()
        .find(|c| c["field"] == "实际完成值")
        .expect("the actual's change is listed");
    assert_eq!(
        actual["before"],
        original["record"]["indicators"][0]["actual"]
    );
    assert_eq!(actual["after"], "1家");
    assert!(
        changes.iter().any(|c| c["row"] == "总分"),
        "the total moved: {diff}"
    );

    let (_, audit) = server.as_role(Role::Admin, Method::GET, "/api/audit", String::new());
    let entry = &audit["entries"][0];
    assert_eq!(entry["action"], "replace");
    assert_eq!(entry["before_hash"], list[0]["record_hash"]);
    assert_eq!(entry["after_hash"], list[1]["record_hash"]);
}

#[test]
fn a_delete_hides_the_evaluation_everywhere_until_an_admin_restores_it() {
    let server = TestServer::start();
    let records = json!([
        generated("专项甲", "赫山区", 2023, 100, 90, 100),
        generated("专项乙", "赫山区", 2023, 200, 200, 50)
    ]);
    let (status, answer) = server.post("/api/evaluations", "application/json", records.to_string());
    assert_eq!(status, 201, "{answer}");
    let id = answer["ids"][1].as_i64().expect("id");
    let path = format!("/api/evaluations/{id}/versions");
    for (role, may) in [
        (Role::Viewer, false),
        (Role::Editor, true),
        (Role::Admin, true),
    ] {
        let (_, list) = server.as_role(role, Method::GET, &path, String::new());
        assert_eq!(list["may_delete"], may, "{role:?}: {list}");
    }
    let (_, trend_before) = server.get("/api/trends/funding?region=益阳市");
    let (_, scores_before) = server.get("/api/trends/scores?region=益阳市");

    let (status, body) = server.as_role(
        Role::Editor,
        Method::DELETE,
        &format!("/api/evaluations/{id}"),
        String::new(),
    );
    assert_eq!(status, 204, "an editor deletes within its region: {body}");
    let (status, _) = server.get(&format!("/api/evaluations/{id}"));
    assert_eq!(status, 404);
    let (_, list) = server.get("/api/evaluations");
    assert_eq!(list["total_count"], 1);
    let (_, trend) = server.get("/api/trends/funding?region=益阳市");
    assert_eq!(
        trend["points"][0]["budget"], 100,
        "rollups drop it: {trend}"
    );
    let (_, versions) = server.as_role(Role::Admin, Method::GET, &path, String::new());
    assert_eq!(versions["deleted"], true);
    assert_eq!(versions["may_restore"], true);

    let (status, _) = server.as_role(
        Role::Editor,
        Method::POST,
        &format!("/api/evaluations/{id}/restore"),
        "{}".to_owned(),
    );
    assert_eq!(status, 403, "only an admin undoes a delete");
    let (status, body) = server.as_role(
        Role::Admin,
        Method::POST,
        &format!("/api/evaluations/{id}/restore"),
        "{}".to_owned(),
    );
    assert_eq!(status, 204, "{body}");
    let (status, _) = server.get(&format!("/api/evaluations/{id}"));
    assert_eq!(status, 200, "back under the same id");
    let (_, trend) = server.get("/api/trends/funding?region=益阳市");
    assert_eq!(trend, trend_before, "rollups are whole again");
    let (_, scores) = server.get("/api/trends/scores?region=益阳市");
    assert_eq!(scores, scores_before);

    let (status, fresh) = server.post(
        "/api/evaluations",
        "application/json",
        generated("专项丙", "赫山区", 2023, 10, 10, 100).to_string(),
    );
    assert_eq!(status, 201);
    assert!(
        fresh["ids"][0].as_i64().expect("id") > id,
        "ids are never reused"
    );
    let (status, _) = server.as_role(
        Role::Admin,
        Method::POST,
        &format!("/api/evaluations/{id}/restore"),
        "{}".to_owned(),
    );
    assert_eq!(status, 404, "a live evaluation cannot be restored");
}

#[test]
fn a_deleted_slot_taken_again_blocks_the_restore_with_a_conflict() {
    let server = TestServer::start();
    let record = generated("专项甲", "赫山区", 2023, 100, 90, 100).to_string();
    let (_, first) = server.post("/api/evaluations", "application/json", record.clone());
    let id = first["ids"][0].as_i64().expect("id");
    let (status, _) = server.as_role(
        Role::Admin,
        Method::DELETE,
        &format!("/api/evaluations/{id}"),
        String::new(),
    );
    assert_eq!(status, 204);
    let (status, _) = server.post("/api/evaluations", "application/json", record);
    assert_eq!(status, 201, "the slot is free while deleted");
    let before = server.counts();
    let (status, body) = server.as_role(
        Role::Admin,
        Method::POST,
        &format!("/api/evaluations/{id}/restore"),
        "{}".to_owned(),
    );
    assert_eq!(status, 409, "{body}");
    assert_eq!(server.counts(), before);
}
