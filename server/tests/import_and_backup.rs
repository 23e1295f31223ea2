//! `fundlens import` and `fundlens backup` as an operator runs them: all or nothing, duplicates
//! refused unless replacing, and a backup that is a consistent, complete copy.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

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

fn count(db: &Path, table: &str) -> i64 {
    let connection = rusqlite::Connection::open(db).expect("open");
    connection
        .query_row(&format!("SELECT count(*) FROM {table}"), [], |row| {
            row.get(0)
        })
        .expect("count")
}

fn text(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

#[test]
fn import_is_all_or_nothing_and_refuses_duplicates() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("fundlens.sqlite");
    let seed = seed_path();
    let first = fundlens(&["import", "--db", text(&db), text(&seed)]);
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    assert_eq!(count(&db, "evaluations"), 1);
    assert_eq!(count(&db, "indicators"), 15);

    let again = fundlens(&["import", "--db", text(&db), text(&seed)]);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("已存在"));
    let replaced = fundlens(&["import", "--replace", "--db", text(&db), text(&seed)]);
    assert!(replaced.status.success());
    assert_eq!(count(&db, "evaluations"), 1);

    let broken = dir.path().join("two.json");
    let record: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&seed).expect("seed")).expect("json");
    let mut other = record.clone();
    other["program"]["name"] = serde_json::Value::from("另一个专项");
    let mut bad = record.clone();
    bad["program"]["name"] = serde_json::Value::from("第三个专项");
    bad["indicators"][2]["weight"] = serde_json::Value::from(0);
    std::fs::write(&broken, serde_json::json!([other, bad]).to_string()).expect("write");
    let refused = fundlens(&["import", "--db", text(&db), text(&broken)]);
    assert!(!refused.status.success());
    let message = String::from_utf8_lossy(&refused.stderr);
    assert!(
        message.contains("record 1") && message.contains("indicators[2].weight"),
        "{message}"
    );
    assert_eq!(
        count(&db, "evaluations"),
        1,
        "the valid record of the refused file was not written"
    );

    let csv = dir.path().join("hunan.csv");
    std::fs::write(&csv, "region,year,metric,value,source\n湖南省,2022,industrial_value_added_growth,7.2,湖南省统计公报\n").expect("write");
    let observations_before = count(&db, "observations");
    // The seed is stored already: the evaluation is refused when it is written, after the
    // observations were.
    let mixed = fundlens(&["import", "--db", text(&db), text(&csv), text(&seed)]);
    assert!(!mixed.status.success());
    assert_eq!(
        count(&db, "observations"),
        observations_before,
        "the observations given beside a refused evaluation were not written either"
    );
    let observations = fundlens(&["import", "--db", text(&db), text(&csv)]);
    assert!(observations.status.success());
    assert!(String::from_utf8_lossy(&observations.stdout).contains("rescored 1"));
}

#[test]
fn a_backup_is_a_complete_consistent_copy() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("live.sqlite");
    let copy = dir.path().join("copy.sqlite");
    assert!(
        fundlens(&["import", "--db", text(&db), text(&seed_path())])
            .status
            .success()
    );
    let backup = fundlens(&["backup", "--db", text(&db), text(&copy)]);
    assert!(
        backup.status.success(),
        "{}",
        String::from_utf8_lossy(&backup.stderr)
    );
    for table in [
        "evaluations",
        "indicators",
        "findings",
        "allocations",
        "region_year_rollups",
    ] {
        assert_eq!(count(&copy, table), count(&db, table), "{table}");
    }
    let connection = rusqlite::Connection::open(&copy).expect("open copy");
    let check: String = connection
        .query_row("PRAGMA integrity_check", [], |row| row.get(0))
        .expect("check");
    assert_eq!(check, "ok");
    let missing = fundlens(&[
        "backup",
        "--db",
        text(&dir.path().join("none.sqlite")),
        text(&copy),
    ]);
    assert!(!missing.status.success());
}

#[test]
fn a_form_whose_weights_add_up_to_105_is_stored_with_its_finding() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("fundlens.sqlite");
    let mut record: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(seed_path()).expect("seed")).expect("json");
    record["indicators"][0]["weight"] = serde_json::Value::from(10);
    let file = dir.path().join("105.json");
    std::fs::write(&file, record.to_string()).expect("write");
    let imported = fundlens(&["import", "--db", text(&db), text(&file)]);
    assert!(
        imported.status.success(),
        "{}",
        String::from_utf8_lossy(&imported.stderr)
    );
    let said = String::from_utf8_lossy(&imported.stdout);
    assert!(said.contains("weight_sum_mismatch"), "{said}");
    assert!(said.contains("105"), "{said}");
    assert_eq!(count(&db, "evaluations"), 1);
    assert_eq!(count(&db, "indicators"), 15);
    let connection = rusqlite::Connection::open(&db).expect("open");
    let findings: i64 = connection
        .query_row(
            "SELECT count(*) FROM findings WHERE code = 'weight_sum_mismatch' AND severity = 'error'",
            [],
            |row| row.get(0),
        )
        .expect("findings");
    assert_eq!(
        findings, 2,
        "the form's 105 and 产出指标's 55 against its 50"
    );
}

/// Holds the write lock of `db` (an open `BEGIN IMMEDIATE` that has written a row) for
/// `seconds` on another thread, as a long `fundlens import` does; returns once it holds it.
fn hold_write_lock(db: &Path, seconds: u64) -> std::thread::JoinHandle<()> {
    let db = db.to_owned();
    let (held, wait) = std::sync::mpsc::channel();
    let holder = std::thread::spawn(move || {
        let connection = rusqlite::Connection::open(&db).expect("open");
        connection
            .execute_batch(
                "BEGIN IMMEDIATE; INSERT INTO programs (name) VALUES ('长事务中的专项');",
            )
            .expect("lock taken");
        held.send(()).expect("told");
        std::thread::sleep(std::time::Duration::from_secs(seconds));
        connection.execute_batch("COMMIT").expect("commit");
    });
    wait.recv().expect("the lock is held");
    holder
}

#[test]
fn an_import_waits_for_another_writer_and_a_backup_steps_around_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("busy.sqlite");
    let copy = dir.path().join("copy.sqlite");
    assert!(
        fundlens(&["import", "--db", text(&db), text(&seed_path())])
            .status
            .success()
    );
    // Longer than the 5 s busy timeout readers have: a writer that gave up after it fails.
    let holder = hold_write_lock(&db, 7);
    let started = std::time::Instant::now();
    let backup = fundlens(&["backup", "--db", text(&db), text(&copy)]);
    assert!(
        backup.status.success(),
        "a backup during a long write completes: {}",
        String::from_utf8_lossy(&backup.stderr)
    );
    assert!(
        started.elapsed() < std::time::Duration::from_secs(5),
        "the backup stepped around the writer instead of waiting for it"
    );
    assert_eq!(count(&copy, "evaluations"), 1);
    assert_eq!(
        count(&copy, "programs"),
        1,
        "the copy is the last committed state"
    );
    let replaced = fundlens(&["import", "--replace", "--db", text(&db), text(&seed_path())]);
    assert!(
        replaced.status.success(),
        "the import waited for the lock instead of failing: {}",
        String::from_utf8_lossy(&replaced.stderr)
    );
    holder.join().expect("holder");
    assert_eq!(count(&db, "programs"), 2, "both writes are in");
}
