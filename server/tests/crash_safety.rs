//! A real `fundlens serve` process killed in the middle of a large import leaves all of it or
//! none of it; stopped with SIGTERM, it finishes the import first. The imports are sent with
//! an API token made by `fundlens user add` and `fundlens token create` while the server runs.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// Runs `fundlens ARGS…`, asserting success; returns its standard output.
fn fundlens(args: &[&str], db: &Path) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_fundlens"))
        .args(args)
        .arg("--db")
        .arg(db)
        .output()
        .expect("fundlens runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// An admin account and an API token for it, made on the command line; returns the token.
fn admin_token(db: &Path) -> String {
    fundlens(&["user", "add", "admin", "--role", "admin"], db);
    let printed = fundlens(&["token", "create", "admin"], db);
    printed
        .lines()
        .find(|line| line.starts_with("fl_"))
        .expect("the token is printed")
        .to_owned()
}

/// Starts `fundlens serve` on a free port with an empty database; returns the child, its URL
/// and an admin's API token.
fn start(db: &Path) -> (Child, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_fundlens"))
        .args([
            "serve",
            "--no-sample",
            "--bind",
            "127.0.0.1:0",
            "--data",
            "/nonexistent",
            "--db",
        ])
        .arg(db)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("fundlens serve starts");
    let stdout = child.stdout.take().expect("stdout");
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("a first line");
    let start = line.find("http://").expect("the address is printed");
    let url = line[start..]
        .split_whitespace()
        .next()
        .expect("url")
        .trim_end_matches('/')
        .trim_end_matches(';')
        .trim_end_matches('/')
        .to_owned();
    let token = admin_token(db);
    (child, url, token)
}

/// `count` copies of the seed record, each under its own program name.
fn large_import(count: usize) -> String {
    let seed = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../data/evaluations/yiyang-2022-advanced-manufacturing.json"
    ))
    .expect("seed");
    let template: serde_json::Value = serde_json::from_str(&seed).expect("json");
    let records: Vec<serde_json::Value> = (0..count)
        .map(|i| {
            let mut record = template.clone();
            record["program"]["name"] = serde_json::Value::from(format!("压力测试专项{i}"));
            record
        })
        .collect();
    serde_json::Value::Array(records).to_string()
}

fn evaluations_in(db: &Path) -> i64 {
    let connection = rusqlite::Connection::open(db).expect("open");
    let check: String = connection
        .query_row("PRAGMA integrity_check", [], |row| row.get(0))
        .expect("check");
    assert_eq!(check, "ok");
    connection
        .query_row("SELECT count(*) FROM evaluations", [], |row| row.get(0))
        .expect("count")
}

fn post_in_background(
    url: String,
    token: String,
    body: String,
) -> std::thread::JoinHandle<Option<u16>> {
    std::thread::spawn(move || {
        reqwest::blocking::Client::builder()
            .timeout(Duration::from_secs(120))
            .build()
            .ok()?
            .post(format!("{url}/api/evaluations"))
            .header("content-type", "application/json")
            .bearer_auth(token)
            .body(body)
            .send()
            .ok()
            .map(|response| response.status().as_u16())
    })
}

#[test]
fn a_killed_server_keeps_all_or_nothing_of_an_import() {
    const RECORDS: usize = 1500;
    let body = large_import(RECORDS);
    for delay_ms in [30_u64, 150, 400] {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("crash.sqlite");
        let (mut child, url, token) = start(&db);
        let request = post_in_background(url, token, body.clone());
        std::thread::sleep(Duration::from_millis(delay_ms));
        child.kill().expect("kill -9");
        child.wait().expect("reaped");
        let _ = request.join();
        let stored = evaluations_in(&db);
        assert!(
            stored == 0 || stored == RECORDS as i64,
            "after {delay_ms} ms: {stored} of {RECORDS} stored"
        );
    }
}

#[cfg(unix)]
#[test]
fn sigterm_lets_the_import_in_flight_finish() {
    const RECORDS: usize = 600;
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("graceful.sqlite");
    let (mut child, url, token) = start(&db);
    let request = post_in_background(url, token, large_import(RECORDS));
    std::thread::sleep(Duration::from_millis(100));
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill -TERM");
    assert!(status.success());
    let exit = child.wait().expect("exits");
    assert!(exit.success(), "graceful exit, got {exit}");
    assert_eq!(request.join().expect("joined"), Some(201));
    assert_eq!(evaluations_in(&db), RECORDS as i64);
}

/// Starts `fundlens serve` with the repository's real records and the city sample, as
/// `cargo xtask run` does on a new machine.
fn first_start(db: &Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_fundlens"))
        .args(["serve", "--bind", "127.0.0.1:0", "--data"])
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/../data"))
        .arg("--db")
        .arg(db)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("fundlens serve starts")
}

/// Evaluations in a finished database, split into real and sample.
fn real_and_sample(db: &Path) -> (i64, i64) {
    let connection = rusqlite::Connection::open(db).expect("open");
    connection
        .query_row(
            "SELECT count(*) FILTER (WHERE is_sample = 0), count(*) FILTER (WHERE is_sample = 1)
             FROM evaluations",
            [],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .expect("count")
}

#[test]
fn a_first_start_killed_half_way_leaves_no_database_and_the_next_builds_it_whole() {
    let spec = fundlens_sample::SampleSpec {
        scale: fundlens_sample::Scale::City,
        seed: fundlens_sample::DEFAULT_SEED,
    };
    let whole_sample = fundlens_sample::evaluations(&spec).count() as i64;
    let real_files = fundlens_server::seed_data::json_files(Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../data/evaluations"
    )))
    .expect("data folder");
    let real = fundlens_server::seed_data::read_evaluations(&real_files)
        .expect("real records")
        .len() as i64;
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("first.sqlite");
    // Killed at several moments of the first start: before the store opens, while the real
    // records load, while the sample loads.
    for delay_ms in [5_u64, 120, 400, 900] {
        let mut child = first_start(&db);
        std::thread::sleep(Duration::from_millis(delay_ms));
        child.kill().expect("kill -9");
        child.wait().expect("reaped");
        if db.exists() {
            // The start finished before the kill: then the database must be whole.
            assert_eq!(
                real_and_sample(&db),
                (real, whole_sample),
                "after {delay_ms} ms"
            );
            std::fs::remove_file(&db).expect("start over");
        }
    }
    let mut child = first_start(&db);
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("the address line, printed once the database is ready");
    assert!(line.contains("http://"), "{line}");
    child.kill().expect("stop");
    child.wait().expect("reaped");
    assert_eq!(real_and_sample(&db), (real, whole_sample));
    assert!(!fundlens_server::serve::building_path(&db).exists());
}
