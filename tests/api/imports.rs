//! Imports: one transaction each; bad input is refused with the record and field named, and
//! the database is left exactly as it was.

use fundlens_tests::{TestServer, fields, generated, seed_text};
use serde_json::{Value, json};

/// Posts `body` and asserts it is refused with `status`, naming `field`, writing nothing.
fn refused(
    server: &TestServer,
    path: &str,
    content_type: &str,
    body: String,
    status: u16,
    field: &str,
) -> Value {
    let before = server.counts();
    let (got, answer) = server.post(path, content_type, body);
    assert_eq!(got, status, "{answer}");
    assert!(
        fields(&answer).iter().any(|f| f.contains(field)),
        "{field} not in {answer}"
    );
    assert_eq!(server.counts(), before, "the database changed");
    answer
}

#[test]
fn malformed_json_is_refused() {
    let server = TestServer::start();
    refused(
        &server,
        "/api/evaluations",
        "application/json",
        "{not json".to_owned(),
        422,
        "",
    );
}

#[test]
fn invalid_records_are_refused_naming_record_and_field() {
    let server = TestServer::start();
    let good = generated("专项甲", "赫山区", 2023, 100, 90, 100);
    let mut unknown_metric = generated("专项乙", "赫山区", 2023, 100, 90, 100);
    unknown_metric["statistics"] = json!([{"metric": "no_such_metric", "value": 1}]);
    let answer = refused(
        &server,
        "/api/evaluations",
        "application/json",
        json!([good.clone(), unknown_metric]).to_string(),
        422,
        "statistics[0].metric",
    );
    assert_eq!(answer["errors"][0]["record"], 1);

    let mut negative = generated("专项丙", "赫山区", 2023, 100, 90, 100);
    negative["funding"]["total"]["executed"] = json!(-5);
    refused(
        &server,
        "/api/evaluations",
        "application/json",
        json!([good.clone(), negative]).to_string(),
        422,
        "funding.total.executed",
    );

    let mut weights = generated("专项丁", "赫山区", 2023, 100, 90, 100);
    weights["indicators"][0]["weight"] = json!("五十分");
    refused(
        &server,
        "/api/evaluations",
        "application/json",
        json!([good.clone(), weights]).to_string(),
        422,
        "indicators[0].weight",
    );

    let twice = json!([good.clone(), good.clone()]).to_string();
    refused(
        &server,
        "/api/evaluations",
        "application/json",
        twice,
        422,
        "",
    );

    let mut fine_money = generated("专项戊", "赫山区", 2023, 100, 90, 100);
    fine_money["funding"]["total"]["executed"] = json!(90.00001);
    refused(
        &server,
        "/api/evaluations",
        "application/json",
        fine_money.to_string(),
        422,
        "funding.total.executed",
    );
}

#[test]
fn a_form_whose_weights_add_up_to_105_is_stored_and_shows_its_finding() {
    let server = TestServer::start();
    let mut record: Value = serde_json::from_str(&seed_text()).expect("seed JSON");
    record["indicators"][0]["weight"] = json!(10);
    let (status, summary) = server.post("/api/evaluations", "application/json", record.to_string());
    assert_eq!(status, 201, "{summary}");
    assert!(
        summary["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .any(|f| f["code"] == "weight_sum_mismatch" && f["record"] == 0),
        "{summary}"
    );
    let id = summary["ids"][0].as_i64().expect("id");
    let (status, detail) = server.get(&format!("/api/evaluations/{id}"));
    assert_eq!(status, 200);
    let assessment = &detail["assessment"];
    let total = assessment["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["code"] == "weight_sum_mismatch" && f["subject"] == "总分")
        .expect("the form's weights add up to 105");
    assert_eq!(total["values"][0], json!({"name": "sum", "value": 105}));
    assert_eq!(
        total["values"][1],
        json!({"name": "expected", "value": 100})
    );
    assert_eq!(assessment["scale"], 105);
    assert_eq!(assessment["total"], 104);
    assert_eq!(assessment["grade"], "优");
    assert_eq!(detail["record"]["indicators"][0]["weight"], 10);
}

#[test]
fn rows_written_as_real_forms_write_them_are_stored_and_flagged() {
    let server = TestServer::start();
    let mut record: Value = serde_json::from_str(&seed_text()).expect("seed JSON");
    record["indicators"][0]["target"] = json!("≥abc");
    record["indicators"][1]["actual"] = json!("/");
    record["indicators"][2]["target"] = json!("＞＝ 95 ％");
    let (status, summary) = server.post("/api/evaluations", "application/json", record.to_string());
    assert_eq!(status, 201, "{summary}");
    let codes: Vec<(String, i64)> = summary["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap_or_default().to_owned(),
                f["indicator"].as_i64().unwrap_or(-1),
            )
        })
        .collect();
    assert!(
        codes.contains(&("target_unreadable".to_owned(), 0)),
        "{codes:?}"
    );
    assert!(
        codes.contains(&("not_applicable".to_owned(), 1)),
        "{codes:?}"
    );
    assert!(!codes.iter().any(|(_, row)| *row == 2), "{codes:?}");
    let id = summary["ids"][0].as_i64().expect("id");
    let (_, detail) = server.get(&format!("/api/evaluations/{id}"));
    assert_eq!(detail["record"]["indicators"][0]["target"], "≥abc");
    assert_eq!(detail["assessment"]["indicators"][2]["computed_score"], 5);
}

#[test]
fn a_duplicate_is_refused_unless_replacing_is_asked_for() {
    let server = TestServer::start();
    let (status, first) = server.post("/api/evaluations", "application/json", seed_text());
    assert_eq!(status, 201);
    assert_eq!(first["imported"], 1);
    let before = server.counts();
    let (status, conflict) = server.post("/api/evaluations", "application/json", seed_text());
    assert_eq!(status, 409, "{conflict}");
    assert_eq!(server.counts(), before);
    let (status, replaced) = server.post(
        "/api/evaluations?replace=true",
        "application/json",
        seed_text(),
    );
    assert_eq!(status, 201, "{replaced}");
    assert_eq!(replaced["replaced"], 1);
    assert_eq!(replaced["ids"], first["ids"], "replacing keeps the id");
    let after = server.counts();
    for ((table, was), (_, is)) in before.iter().zip(&after) {
        let grew = match *table {
            "evaluation_versions" | "audit_log" => 1,
            _ => 0,
        };
        assert_eq!(*is, was + grew, "{table}: one copy live, one more version");
    }
}

#[test]
fn observations_import_as_csv_and_json_and_bad_ones_change_nothing() {
    let server = TestServer::start();
    let csv = "region,year,metric,value,rank,source\n赫山区,2022,industrial_value_added_growth,8.1,3,赫山区统计局\n";
    let (status, answer) = server.post("/api/observations", "text/csv", csv.to_owned());
    assert_eq!(status, 201, "{answer}");
    assert_eq!(answer["imported"], 1);
    let json_body = json!([{"region": "湖南省", "year": 2022, "metric": "industrial_value_added_growth", "value": 7.2,
                            "source": {"kind": "document", "title": "湖南省统计公报"}}]);
    let (status, _) = server.post(
        "/api/observations",
        "application/json",
        json_body.to_string(),
    );
    assert_eq!(status, 201);
    refused(
        &server,
        "/api/observations",
        "text/csv",
        "region,year,metric,value\n赫山区,2022,nope,1\n".to_owned(),
        422,
        "metric",
    );
    refused(
        &server,
        "/api/observations",
        "text/csv",
        "region,year,value\n赫山区,2022,1\n".to_owned(),
        422,
        "header",
    );
    let wrong_unit = json!([{"region": "湖南省", "year": 2023, "metric": "industrial_value_added_growth", "value": 7,
                             "unit": "家", "source": {"kind": "sample", "generator": "test"}}]);
    refused(
        &server,
        "/api/observations",
        "application/json",
        wrong_unit.to_string(),
        422,
        "unit",
    );
}

#[test]
fn provincial_figures_rescore_the_waiting_seed() {
    let server = TestServer::start();
    server.post("/api/evaluations", "application/json", seed_text());
    let csv = "region,year,metric,value,source\n湖南省,2022,industrial_value_added_growth,7.2,湖南省统计公报\n湖南省,2022,industrial_investment_growth,20,湖南省统计公报\n";
    let (status, answer) = server.post("/api/observations", "text/csv", csv.to_owned());
    assert_eq!(status, 201);
    assert_eq!(answer["rescored"], 1);
    let (_, detail) = server.get("/api/evaluations/1");
    assert_eq!(
        detail["assessment"]["indicators"][9]["computed_score"],
        4.722222
    );
    assert_eq!(detail["assessment"]["total"], 99.722222);
    let (_, list) = server.get("/api/evaluations");
    assert_eq!(list["items"][0]["total"], 99.722222);
}

#[test]
fn sample_observations_never_score_a_real_record() {
    let server = TestServer::start();
    server.post("/api/evaluations", "application/json", seed_text());
    let sample = json!([{"region": "湖南省", "year": 2022, "metric": "industrial_value_added_growth", "value": 7.2,
                         "source": {"kind": "sample", "generator": "test"}}]);
    server.post("/api/observations", "application/json", sample.to_string());
    let (_, detail) = server.get("/api/evaluations/1");
    assert_eq!(
        detail["assessment"]["indicators"][9]["computed_score"],
        Value::Null
    );
    assert_eq!(detail["assessment"]["total"], 99);
}
