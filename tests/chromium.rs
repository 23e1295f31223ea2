//! A headless Chromium driven over WebDriver — chromedriver on a free port, a fresh profile,
//! the flags every run uses — shared by the browser tests and the bench's page step.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;

/// Where chromedriver is expected (Debian's `chromium-driver`); `FUNDLENS_CHROMEDRIVER`
/// overrides it.
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// Debian's Chromium; `FUNDLENS_CHROMIUM` overrides it.
const CHROMIUM: &str = "/usr/bin/chromium";
/// How long chromedriver may take to answer after it starts.
const STARTUP: Duration = Duration::from_secs(20);

fn chromedriver_path() -> PathBuf {
    std::env::var_os("FUNDLENS_CHROMEDRIVER")
        .map_or_else(|| PathBuf::from(CHROMEDRIVER), PathBuf::from)
}

/// The chromedriver to use, or `None` (after saying why) when it is not installed.
pub fn available_chromedriver() -> Option<PathBuf> {
    let path = chromedriver_path();
    if path.is_file() {
        Some(path)
    } else {
        eprintln!(
            "SKIPPED: {} is missing, so the browser cannot run. Install Debian's chromium and \
             chromium-driver (`cargo xtask test` does).",
            path.display()
        );
        None
    }
}

/// A chromedriver process, killed when dropped, after ending the browser session it still
/// drives (a run that fails before [`Chromium::close`] would otherwise leave Chromium running).
#[derive(Debug)]
struct Driver {
    child: Child,
    url: String,
    session: Option<String>,
}

impl Driver {
    fn start(path: &Path) -> Self {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .map(|address| address.port())
            .unwrap_or_else(|e| panic!("no free port for chromedriver: {e}"));
        let child = Command::new(path)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("starting {}: {e}", path.display()));
        let driver = Self {
            child,
            url: format!("http://127.0.0.1:{port}"),
            session: None,
        };
        let deadline = Instant::now() + STARTUP;
        while reqwest::blocking::get(format!("{}/status", driver.url)).is_err() {
            assert!(
                Instant::now() < deadline,
                "chromedriver did not answer on port {port}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        driver
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        if let Some(session) = self.session.take() {
            let url = format!("{}/session/{session}", self.url);
            // Off the async runtime: a blocking client may not run inside it.
            let _ = std::thread::spawn(move || {
                reqwest::blocking::Client::builder()
                    .timeout(Duration::from_secs(10))
                    .build()
                    .and_then(|client| client.delete(url).send())
            })
            .join();
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A headless Chromium session with its own profile, `window` pixels large.
#[derive(Debug)]
pub struct Chromium {
    /// The WebDriver client.
    pub client: Client,
    _profile: tempfile::TempDir,
    driver: Driver,
}

impl Chromium {
    /// A new session, or `None` when chromedriver is not installed.
    pub async fn start((width, height): (u32, u32)) -> Option<Self> {
        let path = available_chromedriver()?;
        let mut driver = tokio::task::spawn_blocking(move || Driver::start(&path))
            .await
            .unwrap_or_else(|e| panic!("starting chromedriver: {e}"));
        let profile = tempfile::tempdir().unwrap_or_else(|e| panic!("profile dir: {e}"));
        let mut args = vec![
            "--headless".to_owned(),
            "--no-sandbox".to_owned(),
            "--disable-gpu".to_owned(),
            "--disable-background-networking".to_owned(),
            "--disable-component-update".to_owned(),
            "--no-first-run".to_owned(),
            "--disable-dev-shm-usage".to_owned(),
            "--hide-scrollbars".to_owned(),
            "--lang=zh-CN".to_owned(),
            format!("--window-size={width},{height}"),
            format!("--user-data-dir={}", profile.path().display()),
        ];
        args.sort();
        let mut options = json!({ "args": args });
        let chromium = std::env::var_os("FUNDLENS_CHROMIUM")
            .map_or_else(|| PathBuf::from(CHROMIUM), PathBuf::from);
        if chromium.is_file() {
            options["binary"] = json!(chromium.display().to_string());
        }
        let mut capabilities = serde_json::Map::new();
        capabilities.insert("goog:chromeOptions".to_owned(), options);
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities)
            .connect(&driver.url)
            .await
            .unwrap_or_else(|e| panic!("opening a Chromium session: {e}"));
        driver.session = client.session_id().await.ok().flatten();
        Some(Self {
            client,
            _profile: profile,
            driver,
        })
    }

    /// Ends the session (and with it the browser).
    pub async fn close(mut self) {
        if self.client.clone().close().await.is_ok() {
            self.driver.session = None;
        }
    }
}
