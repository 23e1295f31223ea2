//! Helpers shared by the end-to-end test binaries: where the workspace and its data live, a
//! real server on a free port with its own SQLite file, and generated records.

use std::path::PathBuf;
use std::sync::mpsc;

use fundlens_server::storage::Store;
use fundlens_shared::scoring::ScoringPolicy;
use serde_json::{Value, json};

/// The workspace root (the folder holding `Cargo.toml`, `data/`, `shared/`).
pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(PathBuf::from)
        .unwrap_or_default()
}

/// The path of a file under `data/`.
pub fn data_file(relative: &str) -> PathBuf {
    workspace_root().join("data").join(relative)
}

/// The seed record's JSON text.
pub fn seed_text() -> String {
    std::fs::read_to_string(data_file(
        "evaluations/yiyang-2022-advanced-manufacturing.json",
    ))
    .unwrap_or_else(|e| panic!("the seed record is readable: {e}"))
}

/// A server running on 127.0.0.1 with a fresh database in a temporary folder; stopped with the
/// test process.
#[derive(Debug)]
pub struct TestServer {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    /// The database file.
    pub db: PathBuf,
    _dir: tempfile::TempDir,
}

impl TestServer {
    /// Starts a server on port 0 with an empty database.
    pub fn start() -> Self {
        Self::start_filled(|_| {})
    }

    /// Starts a server on port 0 with a database holding what a new `fundlens serve` database
    /// gets: every real record under `data/` plus the city-scale sample data.
    pub fn start_with_default_data() -> Self {
        Self::start_filled(|store| {
            let policy = ScoringPolicy::national();
            fundlens_server::seed_data::load_default(
                store,
                &workspace_root().join("data"),
                true,
                &policy,
            )
            .unwrap_or_else(|e| panic!("loading the default data: {e:#}"));
        })
    }

    /// Starts a server on port 0 on the existing database `db` (migrated first if older), e.g.
    /// a province-scale sample built by `fundlens sample --scale province --db FILE`.
    pub fn start_on(db: PathBuf) -> Self {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
        Self::start_at(db, dir, |_| {})
    }

    /// Starts a server on port 0 after `fill` has written to its fresh database.
    fn start_filled(fill: impl FnOnce(&Store) + Send + 'static) -> Self {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
        let db = dir.path().join("fundlens.sqlite");
        Self::start_at(db, dir, fill)
    }

    fn start_at(
        db: PathBuf,
        dir: tempfile::TempDir,
        fill: impl FnOnce(&Store) + Send + 'static,
    ) -> Self {
        let (ready, address) = mpsc::channel();
        let db_for_server = db.clone();
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Runtime::new().unwrap_or_else(|e| panic!("runtime: {e}"));
            runtime.block_on(async move {
                let store = Store::open(&db_for_server).unwrap_or_else(|e| panic!("store: {e}"));
                fill(&store);
                let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                    .await
                    .unwrap_or_else(|e| panic!("bind: {e}"));
                let _ = ready.send(
                    listener
                        .local_addr()
                        .unwrap_or_else(|e| panic!("addr: {e}")),
                );
                let _ =
                    fundlens_server::serve::serve_on(listener, store, ScoringPolicy::national())
                        .await;
            });
        });
        let address = address
            .recv()
            .unwrap_or_else(|e| panic!("server did not start: {e}"));
        Self {
            base: format!("http://{address}"),
            db,
            _dir: dir,
        }
    }

    /// The full URL of `path`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// GET `path`, returning status and JSON body.
    pub fn get(&self, path: &str) -> (u16, Value) {
        let response =
            reqwest::blocking::get(self.url(path)).unwrap_or_else(|e| panic!("GET {path}: {e}"));
        let status = response.status().as_u16();
        (status, response.json().unwrap_or(Value::Null))
    }

    /// POST `body` with `content_type` to `path`, returning status and JSON body.
    pub fn post(&self, path: &str, content_type: &str, body: String) -> (u16, Value) {
        let response = reqwest::blocking::Client::new()
            .post(self.url(path))
            .header("content-type", content_type)
            .body(body)
            .send()
            .unwrap_or_else(|e| panic!("POST {path}: {e}"));
        let status = response.status().as_u16();
        (status, response.json().unwrap_or(Value::Null))
    }

    /// Row counts of every table, to show an import wrote all or nothing.
    pub fn counts(&self) -> Vec<(&'static str, i64)> {
        let connection =
            rusqlite::Connection::open(&self.db).unwrap_or_else(|e| panic!("open: {e}"));
        TABLES
            .iter()
            .map(|table| {
                let count = connection
                    .query_row(&format!("SELECT count(*) FROM {table}"), [], |row| {
                        row.get(0)
                    })
                    .unwrap_or_else(|e| panic!("count {table}: {e}"));
                (*table, count)
            })
            .collect()
    }
}

/// Every table of the schema.
pub const TABLES: [&str; 13] = [
    "regions",
    "sources",
    "programs",
    "evaluations",
    "evaluation_documents",
    "funding_rows",
    "category_scores",
    "indicators",
    "allocations",
    "findings",
    "observations",
    "program_year_rollups",
    "indicator_year_rollups",
];

/// A valid evaluation: execution `executed` of `budget`, one quantitative row "新增企业" (target
/// 100家, actual `actual`, weight 50) and one qualitative row (weight 40).
pub fn generated(
    program: &str,
    region: &str,
    year: i32,
    budget: u32,
    executed: u32,
    actual: u32,
) -> Value {
    let score = (50 * actual.min(100)) / 100;
    json!({
        "program": {"name": program, "department": "测试局"},
        "region": region,
        "year": year,
        "funding": {"total": {"year_start_budget": budget, "full_year_budget": budget, "executed": executed},
                    "weight": 10},
        "indicators": [
            {"level1": "产出指标", "level2": "数量指标", "name": "新增企业", "target": "100家",
             "actual": format!("{actual}家"), "weight": 50, "declared_score": score,
             "deviation_note": if actual < 100 { "未完成" } else { "" }},
            {"level1": "效益指标", "level2": "社会效益指标", "name": "促进就业", "target": "成效明显",
             "actual": "成效明显", "weight": 40, "declared_score": 40}
        ],
        "provenance": {"kind": "sample", "generator": "tests/lib.rs"}
    })
}
