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

#[test]
fn ingest_reads_a_folder_and_its_zips_and_prints_the_queue_as_a_table() {
    use std::io::Write;
    let folder = tempfile::tempdir().expect("temp dir");
    let out = tempfile::tempdir().expect("temp dir");
    let form = |name: &str| {
        std::fs::read(
            repository("tests/fixtures/forms")
                .join(name)
                .join("form.xlsx"),
        )
        .expect("fixture")
    };
    std::fs::write(
        folder.path().join("贵池区.xlsx"),
        form("04_anhui_guichi_tangxi_weituo"),
    )
    .expect("write");
    let inner = folder.path().join("县里报来");
    std::fs::create_dir(&inner).expect("folder");
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, fixture) in [
        ("中江县.xlsx", "07_sichuan_zhongjiang_shuibiaochi"),
        ("岳阳楼区.xlsx", "21_hunan_yueyanglou_jiagerending_fanti"),
    ] {
        zip.start_file(name, zip::write::SimpleFileOptions::default())
            .expect("entry");
        zip.write_all(&form(fixture)).expect("write");
    }
    std::fs::write(
        inner.join("两张.zip"),
        zip.finish().expect("zip").into_inner(),
    )
    .expect("write");
    std::fs::write(inner.join("坏.docx"), b"PK\x03\x04 broken").expect("write");
    std::fs::write(inner.join("说明.md"), "not a document").expect("write");

    let output = fundlens(&["ingest", text(folder.path()), "--out", text(out.path())]);
    assert_eq!(output.status.code(), Some(1), "a file could not be read");
    let printed = String::from_utf8_lossy(&output.stdout);
    let table: Vec<&str> = printed
        .lines()
        .skip_while(|line| !line.starts_with("导入队列"))
        .collect();
    assert_eq!(
        table.first().copied(),
        Some("导入队列（4 张自评表）"),
        "{printed}"
    );
    assert!(
        table[1].starts_with("文件") && table[1].contains("读到指标") && table[1].ends_with("状态"),
        "{printed}"
    );
    let row = |file: &str| {
        table
            .iter()
            .find(|line| line.contains(file))
            .unwrap_or_else(|| panic!("{file} in {printed}"))
    };
    assert!(row("贵池区.xlsx").contains(" 9 "), "{printed}");
    assert!(row("两张.zip/中江县.xlsx").contains(" 9 "), "{printed}");
    assert!(
        row("两张.zip/岳阳楼区.xlsx").contains("待核对"),
        "{printed}"
    );
    assert!(row("坏.docx").contains("无法读取"), "{printed}");
    assert!(!printed.contains("说明.md"), "only documents are read");
    assert!(
        table.last().is_some_and(|l| l.starts_with("可导入")),
        "{printed}"
    );
    assert!(out.path().join("中江县.json").exists());
}
