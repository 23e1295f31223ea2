//! Helpers shared by the end-to-end test binaries: where the workspace and its data live, a
//! real server on a free port with its own SQLite file and an account of each role, signing
//! in, and generated records.

pub mod chromium;

use std::path::PathBuf;
use std::sync::mpsc;

use fundlens_server::api::{AccessConfig, AppState};
use fundlens_server::auth::{password, secret};
use fundlens_shared::account::Role;
use fundlens_shared::scoring::ScoringPolicy;
use fundlens_store::Change;
use fundlens_store::{Location, Store};
use reqwest::Method;
use reqwest::blocking::Client;
use serde_json::{Value, json};

/// The accounts every test server has: name, role, an editor's region, password.
pub const ACCOUNTS: [(&str, Role, Option<&str>, &str); 3] = [
    ("管理员", Role::Admin, None, "admin-password-1"),
    (
        "赫山填报",
        Role::Editor,
        Some("赫山区"),
        "editor-password-1",
    ),
    ("市领导", Role::Viewer, None, "viewer-password-1"),
];

/// The name and password of the test account of `role`.
pub fn account(role: Role) -> (&'static str, &'static str) {
    ACCOUNTS
        .iter()
        .find(|(_, r, _, _)| *r == role)
        .map(|(name, _, _, password)| (*name, *password))
        .unwrap_or_else(|| panic!("no test account of {role:?}"))
}

/// The API token of the test account of `role` (made on the spot, like `fundlens token create`).
pub fn token(role: Role) -> String {
    format!("{}test-token-of-{}", secret::TOKEN_PREFIX, role.code())
}

/// Enters the test accounts and their tokens.
async fn add_accounts(store: &Store) {
    let change = Change::system("tests/lib.rs");
    for (name, role, region, pass) in ACCOUNTS {
        if store
            .account(name)
            .await
            .unwrap_or_else(|e| panic!("account {name}: {e}"))
            .is_some()
        {
            continue;
        }
        let hash = password::hash(pass).unwrap_or_else(|e| panic!("hash: {e}"));
        store
            .add_account(name, role, region, &hash, &change)
            .await
            .unwrap_or_else(|e| panic!("account {name}: {e}"));
        store
            .add_token(name, "tests", &secret::digest(&token(role)), &change)
            .await
            .unwrap_or_else(|e| panic!("token {name}: {e}"));
    }
}

/// The `field` of every entry of a JSON error's `errors`.
pub fn fields(body: &Value) -> Vec<String> {
    body["errors"]
        .as_array()
        .map(|errors| {
            errors
                .iter()
                .map(|e| e["field"].as_str().unwrap_or_default().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// A browser-like session: its cookie and CSRF token.
#[derive(Debug, Clone)]
pub struct Session {
    /// `fundlens_session=…`.
    pub cookie: String,
    /// The `X-CSRF-Token` value.
    pub csrf: String,
}

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

/// The environment variable naming a PostgreSQL server (a URL of its maintenance database,
/// e.g. `postgresql://postgres@/postgres?host=/tmp/pg`) on which every [`TestServer`] gets a
/// database of its own; without it they run on SQLite files. `cargo xtask test` runs the API
/// tests once each way.
pub const POSTGRES_VAR: &str = "FUNDLENS_TEST_POSTGRES";

/// The PostgreSQL server the tests run on, if any.
pub fn postgres_server() -> Option<String> {
    std::env::var(POSTGRES_VAR)
        .ok()
        .filter(|url| !url.trim().is_empty())
}

/// Runs `work` on a small runtime of its own (the tests are blocking; the PostgreSQL client is
/// async).
fn block_on<T>(work: impl std::future::Future<Output = T>) -> T {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap_or_else(|e| panic!("runtime: {e}"))
        .block_on(work)
}

/// A connection to the database at `url`, its connection task running on the caller's runtime.
async fn connect(url: &str) -> tokio_postgres::Client {
    try_connect(url)
        .await
        .unwrap_or_else(|e| panic!("connect to {url}: {e}"))
}

/// [`connect`], with the error returned.
async fn try_connect(url: &str) -> Result<tokio_postgres::Client, tokio_postgres::Error> {
    let (client, connection) = tokio_postgres::connect(url, tokio_postgres::NoTls).await?;
    tokio::spawn(connection);
    Ok(client)
}

/// A new database on the test server, made from a template that holds the migrated schema and
/// the region catalogue (built once per test process), so a test starts in milliseconds.
pub fn fresh_postgres_database(server: &str) -> String {
    static TEMPLATE: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let template = TEMPLATE.get_or_init(|| {
        let name = format!("fundlens_template_{}", std::process::id());
        block_on(async {
            let admin = connect(server).await;
            // Two statements: CREATE DATABASE cannot run inside a transaction block.
            for sql in [
                format!("DROP DATABASE IF EXISTS {name}"),
                format!("CREATE DATABASE {name}"),
            ] {
                admin
                    .batch_execute(&sql)
                    .await
                    .unwrap_or_else(|e| panic!("{sql}: {e:?}"));
            }
            let url = fundlens_store::postgres::url_with_database(server, &name);
            drop(
                Store::open_postgres(&url, None)
                    .await
                    .unwrap_or_else(|e| panic!("migrate {name}: {e}")),
            );
        });
        name
    });
    let name = format!(
        "fundlens_test_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    );
    block_on(async {
        // The template's last connections may still be closing. Each attempt connects anew: a
        // connection the server closed (it restarts after a crash) stays closed.
        for attempt in 0.. {
            let created = match try_connect(server).await {
                Ok(admin) => {
                    admin
                        .batch_execute(&format!("CREATE DATABASE {name} TEMPLATE {template}"))
                        .await
                }
                Err(error) => Err(error),
            };
            match created {
                Ok(()) => break,
                Err(error) if attempt < 50 => {
                    let _ = error;
                    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                }
                Err(error) => panic!("create {name}: {error}"),
            }
        }
    });
    fundlens_store::postgres::url_with_database(server, &name)
}

/// A server running on 127.0.0.1 with a fresh database — a SQLite file in a temporary folder,
/// or a database of its own on the PostgreSQL server [`POSTGRES_VAR`] names; stopped with the
/// test process.
#[derive(Debug)]
pub struct TestServer {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    /// The SQLite file (unused on PostgreSQL).
    pub db: PathBuf,
    /// Where the store is.
    pub location: Location,
    /// Stops the server when the test is done with it (dropped), closing its connections.
    _stop: tokio::sync::oneshot::Sender<()>,
    _dir: tempfile::TempDir,
}

impl TestServer {
    /// Starts a server on port 0 with an empty database.
    pub fn start() -> Self {
        Self::start_filled(async |_| {})
    }

    /// Starts a server on port 0 with a database holding what a new `fundlens serve` database
    /// gets: every real record under `data/` plus the city-scale sample data.
    pub fn start_with_default_data() -> Self {
        Self::start_filled(async |store| {
            let policy = ScoringPolicy::national();
            fundlens_server::seed_data::load_default(
                store,
                &workspace_root().join("data"),
                true,
                &policy,
            )
            .await
            .unwrap_or_else(|e| panic!("loading the default data: {e:#}"));
        })
    }

    /// Starts a server on port 0 whose fresh database also knows the regions of
    /// [`FIVE_FORMS`] (as the national catalogue will), with the default data when
    /// `default_data`.
    pub fn start_knowing_five_forms(default_data: bool) -> Self {
        Self::start_filled(async move |store| {
            if default_data {
                fundlens_server::seed_data::load_default(
                    store,
                    &workspace_root().join("data"),
                    true,
                    &ScoringPolicy::national(),
                )
                .await
                .unwrap_or_else(|e| panic!("loading the default data: {e:#}"));
            }
            store
                .add_regions(five_form_regions())
                .await
                .unwrap_or_else(|e| panic!("regions: {e}"));
        })
    }

    /// Starts a server on port 0 on the existing database `db` (migrated first if older), e.g.
    /// a province-scale sample built by `fundlens sample --scale province --db FILE`; the test
    /// [`ACCOUNTS`] are added when it lacks them.
    pub fn start_on(db: PathBuf) -> Self {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
        Self::start_at(Location::Sqlite(db), dir, async |_| {})
    }

    /// Starts a server on port 0 on the store at `location` as it is (a second server on the
    /// database of another, say); the test [`ACCOUNTS`] are added when it lacks them.
    pub fn start_at_location(location: Location) -> Self {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
        Self::start_at(location, dir, async |_| {})
    }

    /// Starts a server on port 0 after `fill` has written to its fresh database (which also
    /// gets the test [`ACCOUNTS`]).
    fn start_filled(fill: impl AsyncFnOnce(&Store) + Send + 'static) -> Self {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
        let location = match postgres_server() {
            Some(server) => Location::Postgres {
                url: fresh_postgres_database(&server),
                read_url: None,
            },
            None => Location::Sqlite(dir.path().join("fundlens.sqlite")),
        };
        Self::start_at(location, dir, fill)
    }

    fn start_at(
        location: Location,
        dir: tempfile::TempDir,
        fill: impl AsyncFnOnce(&Store) + Send + 'static,
    ) -> Self {
        let (ready, address) = mpsc::channel();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let for_server = location.clone();
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Runtime::new().unwrap_or_else(|e| panic!("runtime: {e}"));
            runtime.block_on(async move {
                let store = Store::open(&for_server)
                    .await
                    .unwrap_or_else(|e| panic!("store: {e}"));
                add_accounts(&store).await;
                fill(&store).await;
                let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                    .await
                    .unwrap_or_else(|e| panic!("bind: {e}"));
                let address = listener
                    .local_addr()
                    .unwrap_or_else(|e| panic!("addr: {e}"));
                let _ = ready.send(address);
                let access = AccessConfig::new(address, None, false)
                    .unwrap_or_else(|e| panic!("access: {e}"));
                let state = AppState::new(store, ScoringPolicy::national(), access);
                let stopped = async move {
                    let _ = stopped.await;
                };
                let _ = fundlens_server::serve::serve_until(listener, state, stopped).await;
            });
        });
        let address = address
            .recv()
            .unwrap_or_else(|e| panic!("server did not start: {e}"));
        Self {
            base: format!("http://{address}"),
            db: match &location {
                Location::Sqlite(path) => path.clone(),
                Location::Postgres { .. } => PathBuf::new(),
            },
            location,
            _stop: stop,
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

    /// POST `body` with `content_type` to `path` as the admin (with the admin's API token),
    /// returning status and JSON body.
    pub fn post(&self, path: &str, content_type: &str, body: String) -> (u16, Value) {
        let authorization = format!("Bearer {}", token(Role::Admin));
        self.send(
            Method::POST,
            path,
            &[
                ("content-type", content_type),
                ("authorization", &authorization),
            ],
            body,
        )
    }

    /// Sends a request with exactly these headers (and `body`), returning status and JSON body.
    pub fn send(
        &self,
        method: Method,
        path: &str,
        headers: &[(&str, &str)],
        body: String,
    ) -> (u16, Value) {
        let (status, _, body) = self.send_raw(method, path, headers, body);
        (status, serde_json::from_str(&body).unwrap_or(Value::Null))
    }

    /// As [`TestServer::send`], returning the response headers and the body as text.
    pub fn send_raw(
        &self,
        method: Method,
        path: &str,
        headers: &[(&str, &str)],
        body: String,
    ) -> (u16, reqwest::header::HeaderMap, String) {
        let mut request = Client::new().request(method.clone(), self.url(path));
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let response = request
            .body(body)
            .send()
            .unwrap_or_else(|e| panic!("{method} {path}: {e}"));
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        (status, headers, response.text().unwrap_or_default())
    }

    /// Signs in as `name`, returning the session's cookie and CSRF token.
    pub fn login(&self, name: &str, password: &str) -> Session {
        let (status, headers, body) = self.send_raw(
            Method::POST,
            "/api/login",
            &[("content-type", "application/json")],
            json!({"name": name, "password": password}).to_string(),
        );
        assert_eq!(status, 200, "login as {name}: {body}");
        let cookie = headers
            .get("set-cookie")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .unwrap_or_else(|| panic!("no session cookie: {headers:?}"))
            .to_owned();
        let me: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
        Session {
            cookie,
            csrf: me["csrf_token"].as_str().unwrap_or_default().to_owned(),
        }
    }

    /// A request as a signed-in browser would send it: the session cookie, its CSRF token,
    /// JSON, and this server as the origin.
    pub fn as_session(
        &self,
        session: &Session,
        method: Method,
        path: &str,
        body: String,
    ) -> (u16, Value) {
        self.send(
            method,
            path,
            &[
                ("cookie", &session.cookie),
                ("x-csrf-token", &session.csrf),
                ("content-type", "application/json"),
                ("origin", &self.base),
                ("sec-fetch-site", "same-origin"),
            ],
            body,
        )
    }

    /// A request with the API token of `role`.
    pub fn as_role(&self, role: Role, method: Method, path: &str, body: String) -> (u16, Value) {
        let authorization = format!("Bearer {}", token(role));
        self.send(
            method,
            path,
            &[
                ("authorization", &authorization),
                ("content-type", "application/json"),
            ],
            body,
        )
    }

    /// Uploads `bytes` as the file `name` in a multipart body to `path` (a draft upload) as the
    /// admin, returning status and JSON body.
    pub fn upload(&self, path: &str, name: &str, bytes: &[u8]) -> (u16, Value) {
        self.upload_as(Role::Admin, path, name, bytes)
    }

    /// As [`TestServer::upload`], with the API token of `role`.
    pub fn upload_as(&self, role: Role, path: &str, name: &str, bytes: &[u8]) -> (u16, Value) {
        self.upload_files(role, path, &[(name, bytes)])
    }

    /// Uploads `files` (name, bytes), one multipart part each, to `path` with the API token of
    /// `role`, returning status and JSON body.
    pub fn upload_files(&self, role: Role, path: &str, files: &[(&str, &[u8])]) -> (u16, Value) {
        let boundary = "fundlens-test-boundary";
        let mut body = Vec::new();
        for (name, bytes) in files {
            body.extend_from_slice(format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            ).as_bytes());
            body.extend_from_slice(bytes);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        let response = reqwest::blocking::Client::new()
            .post(self.url(path))
            .header(
                "content-type",
                format!("multipart/form-data; boundary={boundary}"),
            )
            .bearer_auth(token(role))
            .body(body)
            .send()
            .unwrap_or_else(|e| panic!("POST {path}: {e}"));
        let status = response.status().as_u16();
        (status, response.json().unwrap_or(Value::Null))
    }

    /// PUT `body` as JSON to `path` as the admin, returning status and JSON body.
    pub fn put(&self, path: &str, body: &Value) -> (u16, Value) {
        let response = reqwest::blocking::Client::new()
            .put(self.url(path))
            .bearer_auth(token(Role::Admin))
            .json(body)
            .send()
            .unwrap_or_else(|e| panic!("PUT {path}: {e}"));
        let status = response.status().as_u16();
        (status, response.json().unwrap_or(Value::Null))
    }

    /// GET `path` as a download without signing in (as a reader on the machine), checking it
    /// answers 200: content type, `Content-Disposition` and bytes.
    pub fn download(&self, path: &str) -> (String, String, Vec<u8>) {
        let response =
            reqwest::blocking::get(self.url(path)).unwrap_or_else(|e| panic!("GET {path}: {e}"));
        assert_eq!(response.status().as_u16(), 200, "{path}");
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_owned()
        };
        let (content_type, disposition) = (header("content-type"), header("content-disposition"));
        let bytes = response.bytes().map(|b| b.to_vec()).unwrap_or_default();
        (content_type, disposition, bytes)
    }

    /// GET `path` as bytes as the admin, returning status, content type and body.
    pub fn get_bytes(&self, path: &str) -> (u16, String, Vec<u8>) {
        let response = reqwest::blocking::Client::new()
            .get(self.url(path))
            .bearer_auth(token(Role::Admin))
            .send()
            .unwrap_or_else(|e| panic!("GET {path}: {e}"));
        let status = response.status().as_u16();
        let content_type = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        (
            status,
            content_type,
            response.bytes().map(|b| b.to_vec()).unwrap_or_default(),
        )
    }

    /// Row counts of every table, to show an import wrote all or nothing.
    pub fn counts(&self) -> Vec<(&'static str, i64)> {
        TABLES
            .iter()
            .map(|table| {
                (
                    *table,
                    self.query_count(&format!("SELECT count(*) FROM {table}")),
                )
            })
            .collect()
    }

    /// The one integer a SQL query of the store's database answers (both backends).
    pub fn query_count(&self, sql: &str) -> i64 {
        match &self.location {
            Location::Sqlite(path) => rusqlite::Connection::open(path)
                .and_then(|connection| connection.query_row(sql, [], |row| row.get(0)))
                .unwrap_or_else(|e| panic!("{sql}: {e}")),
            Location::Postgres { url, .. } => block_on(async {
                connect(url)
                    .await
                    .query_one(sql, &[])
                    .await
                    .unwrap_or_else(|e| panic!("{sql}: {e}"))
                    .get(0)
            }),
        }
    }

    /// Runs a SQL statement on the store's database behind the server's back (both backends),
    /// as an operator or an attacker with database access could; returns the rows changed.
    pub fn execute_sql(&self, sql: &str) -> u64 {
        match &self.location {
            Location::Sqlite(path) => rusqlite::Connection::open(path)
                .and_then(|connection| connection.execute(sql, []))
                .map(|changed| changed as u64)
                .unwrap_or_else(|e| panic!("{sql}: {e}")),
            Location::Postgres { url, .. } => block_on(async {
                connect(url)
                    .await
                    .execute(sql, &[])
                    .await
                    .unwrap_or_else(|e| panic!("{sql}: {e}"))
            }),
        }
    }
}

/// Every table of the schema that writes touch (evaluations, their history, documents).
pub const TABLES: [&str; 19] = [
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
    "deleted_evaluations",
    "evaluation_versions",
    "audit_log",
    "documents",
    "drafts",
    "draft_corrections",
];

/// A .zip holding `entries` (name, bytes), deflated, as a person packs forms to upload.
pub fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    use std::io::Write;
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in entries {
        writer.start_file(*name, options).expect("zip entry");
        writer.write_all(bytes).expect("zip write");
    }
    writer.finish().expect("zip").into_inner()
}

/// Five real forms of `tests/fixtures/forms/`, of five provinces: four complete (安徽 贵池区,
/// 四川 中江县, 云南 临翔区, 山西 稷山县) and one (湖南 岳阳楼区, a 目标表 in traditional
/// characters) with two cells 待核对 (`28.8萬元` and `應保盡保` as targets).
pub const FIVE_FORMS: [&str; 5] = [
    "04_anhui_guichi_tangxi_weituo",
    "07_sichuan_zhongjiang_shuibiaochi",
    "03_yunnan_linxiang_shourongsuo",
    "14_shanxi_jishan_jiandang_peitao",
    "21_hunan_yueyanglou_jiagerending_fanti",
];

/// The regions of [`FIVE_FORMS`] with their real parents, which the shipped catalogue (Hunan's
/// cities and Yiyang's counties) does not hold yet.
pub fn five_form_regions() -> Vec<fundlens_shared::region::Region> {
    use fundlens_shared::region::{Region, RegionKind};
    let region = |name, kind, parent| Region {
        name,
        kind,
        parent,
        statistics_merged_into: None,
    };
    vec![
        region("安徽省", RegionKind::Province, None),
        region("池州市", RegionKind::City, Some("安徽省")),
        region("贵池区", RegionKind::District, Some("池州市")),
        region("四川省", RegionKind::Province, None),
        region("德阳市", RegionKind::City, Some("四川省")),
        region("中江县", RegionKind::County, Some("德阳市")),
        region("云南省", RegionKind::Province, None),
        region("临沧市", RegionKind::City, Some("云南省")),
        region("临翔区", RegionKind::District, Some("临沧市")),
        region("山西省", RegionKind::Province, None),
        region("运城市", RegionKind::City, Some("山西省")),
        region("稷山县", RegionKind::County, Some("运城市")),
        region("岳阳楼区", RegionKind::District, Some("岳阳市")),
    ]
}

/// The .xlsx of real form `fixture` of `tests/fixtures/forms/` (`06_hunan_yueyangxian_gaobiaozhun`).
pub fn real_form(fixture: &str) -> Vec<u8> {
    std::fs::read(
        workspace_root()
            .join("tests/fixtures/forms")
            .join(fixture)
            .join("form.xlsx"),
    )
    .unwrap_or_else(|e| panic!("fixture {fixture}: {e}"))
}

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
