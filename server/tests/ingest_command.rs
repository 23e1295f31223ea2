//! `fundlens ingest`, `import` of documents and `export`, run as an operator runs them.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use fundlens_shared::model::Evaluation;

fn repository(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(path)
}

fn fundlens(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fundlens"))
        .args(args)
        .output()
        .expect("fundlens runs")
}

fn text(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

#[test]
fn ingest_writes_the_record_and_its_sources_and_says_what_it_inferred() {
    let out = tempfile::tempdir().expect("temp dir");
    let seed = repository("data/documents/000_d677b793e52480fc.txt");
    let output = fundlens(&["ingest", text(&seed), "--out", text(out.path())]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let printed = String::from_utf8_lossy(&output.stdout);
    assert!(
        printed.contains("找到 1 张自评表")
            && printed.contains("读到指标 15 行，待核对 0 行")
            && printed.contains("需核对"),
        "{printed}"
    );
    let record = std::fs::read_to_string(out.path().join("000_d677b793e52480fc.json"))
        .expect("record written");
    let read = Evaluation::from_json(&record).expect("a record check and import take");
    assert_eq!(read.indicators.len(), 15);
    let sources: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out.path().join("000_d677b793e52480fc.sources.json"))
            .expect("sources written"),
    )
    .expect("JSON");
    let region = sources["sources"]
        .as_array()
        .and_then(|all| all.iter().find(|s| s["field"] == "region"))
        .expect("the region's source");
    assert_eq!(region["confidence"], "uncertain");
}

#[test]
fn import_takes_a_complete_document_and_refuses_an_incomplete_one_whole() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("fundlens.sqlite");
    let incomplete = dir.path().join("form.txt");
    std::fs::write(
        &incomplete,
        "项目名称\t专项资金\n一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\n产出指标\t数量指标\t扶持企业\t≥20家\t18家\t90\n",
    )
    .expect("write");
    let seed = repository("data/documents/000_d677b793e52480fc.txt");
    let refused = fundlens(&["import", text(&seed), text(&incomplete), "--db", text(&db)]);
    assert!(!refused.status.success());
    let message = String::from_utf8_lossy(&refused.stderr);
    assert!(
        message.contains("未导入任何记录") && message.contains("地区"),
        "{message}"
    );
    let imported = fundlens(&["import", text(&seed), "--db", text(&db)]);
    assert!(
        imported.status.success(),
        "{}",
        String::from_utf8_lossy(&imported.stderr)
    );
    assert!(String::from_utf8_lossy(&imported.stdout).contains("imported 1 evaluation"));

    let workbook = dir.path().join("export.xlsx");
    let exported = fundlens(&["export", "1", "--db", text(&db), "--out", text(&workbook)]);
    assert!(
        exported.status.success(),
        "{}",
        String::from_utf8_lossy(&exported.stderr)
    );
    let out = dir.path().join("again");
    let again = fundlens(&["ingest", text(&workbook), "--out", text(&out)]);
    assert!(again.status.success());
    let round =
        Evaluation::from_json(&std::fs::read_to_string(out.join("export.json")).expect("record"))
            .expect("valid");
    let original = Evaluation::from_json(
        &std::fs::read_to_string(repository(
            "data/evaluations/yiyang-2022-advanced-manufacturing.json",
        ))
        .expect("record"),
    )
    .expect("valid");
    assert_eq!(round.indicators, original.indicators);
    assert_eq!(round.funding, original.funding);
}

#[test]
fn an_unreadable_file_is_reported_and_fails_the_run() {
    let dir = tempfile::tempdir().expect("temp dir");
    let broken = dir.path().join("broken.xlsx");
    std::fs::write(&broken, b"PK\x03\x04 not really a workbook").expect("write");
    let output = fundlens(&["ingest", text(&broken), "--out", text(dir.path())]);
    assert!(!output.status.success());
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("损坏"),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
