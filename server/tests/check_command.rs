//! `fundlens check` run as a user runs it: on the seed record, with and without provincial
//! figures, and on broken files.

use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::Value;

fn seed_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../data/evaluations/yiyang-2022-advanced-manufacturing.json")
}

fn fundlens(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fundlens"))
        .args(args)
        .output()
        .expect("fundlens runs")
}

fn check_json(extra: &[&str]) -> Value {
    let seed = seed_path();
    let mut args = vec![
        "check",
        seed.to_str().expect("utf-8 path"),
        "--format",
        "json",
    ];
    args.extend_from_slice(extra);
    let output = fundlens(&args);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("JSON output")
}

fn codes(report: &Value) -> Vec<String> {
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["code"].as_str().expect("code").to_owned())
        .collect()
}

#[test]
fn the_seed_reproduces_its_total_grade_and_execution() {
    let report = check_json(&[]);
    assert_eq!(report["total"], 99);
    assert_eq!(report["grade"], "优");
    assert_eq!(report["execution_rate"], 100);
    assert_eq!(report["execution"]["score"], 10);
    assert_eq!(report["allocation_sum"], 593.04);
    assert_eq!(report["indicators"].as_array().map(Vec::len), Some(15));
    assert_eq!(report["categories"][1]["declared_score"], 50);
    assert_eq!(report["categories"][2]["declared_score"], 39);
    let codes = codes(&report);
    for expected in [
        "narrative_category_mismatch",
        "missing_deviation_note",
        "benchmark_missing",
        "budget_cut",
    ] {
        assert!(
            codes.iter().any(|c| c == expected),
            "{expected} missing from {codes:?}"
        );
    }
    assert_eq!(
        codes.iter().filter(|c| *c == "benchmark_missing").count(),
        2
    );
    assert!(!codes.iter().any(|c| c == "allocation_sum_mismatch"));
}

#[test]
fn provincial_figures_on_the_command_line_score_the_benchmark_rows() {
    let report = check_json(&[
        "--benchmark",
        "industrial_value_added_growth=7.2",
        "--benchmark",
        "industrial_investment_growth=20.1",
    ]);
    let row = &report["indicators"][9];
    assert_eq!(row["computed_score"], 4.722222);
    assert_eq!(row["explanation"]["formula"], "5 × 6.8 ÷ 7.2 = 4.7222");
    let codes = codes(&report);
    assert!(!codes.iter().any(|c| c == "benchmark_missing"));
    assert!(codes.iter().any(|c| c == "declared_score_mismatch"));
    assert_eq!(report["complete"], true);
}

#[test]
fn a_benchmark_file_in_csv_works_like_the_options() {
    let dir = tempfile::tempdir().expect("temp dir");
    let csv = dir.path().join("hunan-2022.csv");
    std::fs::write(&csv, "metric,value,source\nindustrial_value_added_growth,6.0,湖南省统计公报\nindustrial_investment_growth,30,湖南省统计公报\n")
        .expect("write csv");
    let report = check_json(&["--benchmarks", csv.to_str().expect("utf-8")]);
    assert_eq!(report["indicators"][9]["computed_score"], 5);
    assert_eq!(report["indicators"][10]["computed_score"], 4.75);
    assert_eq!(report["total"], 99.75);
}

#[test]
fn a_benchmark_csv_saved_by_a_spreadsheet_reads_as_it_shows_and_a_ragged_row_names_its_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let csv = dir.path().join("hunan-2022-excel.csv");
    std::fs::write(&csv, "\u{feff}source,\"value\",metric\r\n\r\n\"湖南省统计公报, 2022\",\"6.0\",industrial_value_added_growth\r\n湖南省统计公报,30,industrial_investment_growth\r\n")
        .expect("write csv");
    let report = check_json(&["--benchmarks", csv.to_str().expect("utf-8")]);
    assert_eq!(report["indicators"][9]["computed_score"], 5);
    assert_eq!(report["total"], 99.75);

    std::fs::write(
        &csv,
        "metric,value\nindustrial_value_added_growth,6.0\n\nindustrial_investment_growth,30,extra\n",
    )
    .expect("write csv");
    let seed = seed_path();
    let output = fundlens(&[
        "check",
        "--benchmarks",
        csv.to_str().expect("utf-8"),
        seed.to_str().expect("utf-8"),
    ]);
    assert!(!output.status.success());
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(message.contains("第 4 行"), "{message}");
}

#[test]
fn the_text_report_shows_rows_and_findings() {
    let seed = seed_path();
    let output = fundlens(&["check", seed.to_str().expect("utf-8")]);
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).expect("utf-8");
    assert!(text.contains("总分 99  等级 优"), "{text}");
    assert!(text.contains("narrative_category_mismatch"));
    assert!(text.contains("规模以上工业增加值"));
}

/// `fundlens check --format json` on the seed with `change` applied to its JSON.
fn check_changed(change: impl FnOnce(&mut Value)) -> Output {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = std::fs::read_to_string(seed_path()).expect("seed");
    let mut record: Value = serde_json::from_str(&text).expect("seed JSON");
    change(&mut record);
    let path = dir.path().join("changed.json");
    std::fs::write(&path, record.to_string()).expect("write");
    fundlens(&["check", path.to_str().expect("utf-8"), "--format", "json"])
}

#[test]
fn an_unreadable_target_is_flagged_not_refused() {
    let output = check_changed(|record| record["indicators"][0]["target"] = "≥abc".into());
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON output");
    let finding = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["code"] == "target_unreadable")
        .expect("a target_unreadable finding");
    assert_eq!(finding["indicator"], 0);
    assert!(
        finding["message"]
            .as_str()
            .is_some_and(|m| m.contains("≥abc")),
        "{finding}"
    );
    assert_eq!(
        report["total"], 99,
        "the row counts its declared 5, unverified"
    );
    assert_eq!(report["complete"], false);
}

#[test]
fn weights_that_do_not_add_up_are_a_finding_with_the_numbers() {
    let output = check_changed(|record| record["indicators"][0]["weight"] = 10.into());
    assert!(output.status.success());
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON output");
    let total = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["code"] == "weight_sum_mismatch" && f["subject"] == "总分")
        .expect("the form's weights are 105");
    assert_eq!(total["severity"], "error");
    assert_eq!(
        total["values"][0],
        serde_json::json!({"name": "sum", "value": 105})
    );
    assert_eq!(
        total["values"][1],
        serde_json::json!({"name": "expected", "value": 100})
    );
    assert_eq!(report["scale"], 105);
    assert_eq!(report["total"], 104, "row 1 now scores its full 10");
    assert_eq!(report["grade"], "优");
}

#[test]
fn a_broken_file_fails_naming_the_field() {
    let output = check_changed(|record| record["indicators"][0]["weight"] = "五分".into());
    assert!(!output.status.success());
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(message.contains("indicators[0].weight"), "{message}");
    assert!(message.contains("五分"), "{message}");
    let missing = fundlens(&["check", "/no/such/file.json"]);
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("cannot read"));
}
