//! What every browser test needs: a chromedriver on a free port, a fresh headless Chromium
//! session against a server with the default data, polling waits with a deadline (no fixed
//! sleeps), and full-page screenshots under `target/screenshots/`.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder};
use fundlens_tests::{TestServer, workspace_root};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{Value, json};

/// Where chromedriver is expected (Debian's `chromium-driver`); `FUNDLENS_CHROMEDRIVER`
/// overrides it.
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// Debian's Chromium; `FUNDLENS_CHROMIUM` overrides it.
const CHROMIUM: &str = "/usr/bin/chromium";
/// How long any wait may take before the test fails.
const TIMEOUT: Duration = Duration::from_secs(20);
/// How often a wait looks again.
const POLL: Duration = Duration::from_millis(50);
/// Names an existing database to serve instead of the default data (e.g. a province-scale
/// sample, to see the list pages' timings at scale; tests about the seed record then fail).
const BROWSER_DB: &str = "FUNDLENS_BROWSER_DB";
/// The browser window (a desktop screen).
const WINDOW: (u32, u32) = (1400, 1000);

fn chromedriver_path() -> PathBuf {
    std::env::var_os("FUNDLENS_CHROMEDRIVER")
        .map_or_else(|| PathBuf::from(CHROMEDRIVER), PathBuf::from)
}

/// The chromedriver to use, or `None` (after saying why) when it is not installed: the only
/// case in which a browser test is skipped.
fn available_chromedriver() -> Option<PathBuf> {
    let path = chromedriver_path();
    if path.is_file() {
        Some(path)
    } else {
        eprintln!(
            "SKIPPED: {} is missing, so the browser tests cannot run. Install Debian's \
             chromium and chromium-driver (`cargo xtask test` does) to run them.",
            path.display()
        );
        None
    }
}

/// A chromedriver process, killed when dropped, after ending the browser session it still
/// drives (a test that fails before [`Browser::close`] would otherwise leave Chromium running).
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
        let deadline = Instant::now() + TIMEOUT;
        while reqwest::blocking::get(format!("{}/status", driver.url)).is_err() {
            assert!(
                Instant::now() < deadline,
                "chromedriver did not answer on port {port}"
            );
            std::thread::sleep(POLL);
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

/// A headless Chromium session against a server with the default data.
#[derive(Debug)]
pub(crate) struct Browser {
    /// The WebDriver client.
    pub(crate) client: Client,
    /// The server (API and dashboard).
    pub(crate) server: TestServer,
    _profile: tempfile::TempDir,
    _driver: Driver,
}

impl Browser {
    /// A new session, or `None` when chromedriver is not installed (the test then returns).
    pub(crate) async fn start() -> Option<Self> {
        let path = available_chromedriver()?;
        let server = tokio::task::spawn_blocking(|| match std::env::var_os(BROWSER_DB) {
            Some(db) => TestServer::start_on(PathBuf::from(db)),
            None => TestServer::start_with_default_data(),
        })
        .await
        .unwrap_or_else(|e| panic!("starting the server: {e}"));
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
            format!("--window-size={},{}", WINDOW.0, WINDOW.1),
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
            server,
            _profile: profile,
            _driver: driver,
        })
    }

    /// Opens `path` of the dashboard.
    pub(crate) async fn open(&self, path: &str) {
        self.client
            .goto(&self.server.url(path))
            .await
            .unwrap_or_else(|e| panic!("opening {path}: {e}"));
    }

    /// Runs `script` (a function body; `arguments[i]` are `args`) and returns its value.
    pub(crate) async fn js(&self, script: &str, args: Vec<Value>) -> Value {
        self.client
            .execute(script, args)
            .await
            .unwrap_or_else(|e| panic!("running script: {e}\n{script}"))
    }

    /// Polls `script` until it returns something other than `null`/`undefined`/`false`, and
    /// returns that; fails after [`TIMEOUT`] naming `what` it waited for.
    pub(crate) async fn wait_js(&self, what: &str, script: &str, args: Vec<Value>) -> Value {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let value = self.js(script, args.clone()).await;
            if !matches!(value, Value::Null | Value::Bool(false)) {
                return value;
            }
            if Instant::now() > deadline {
                let text = self
                    .js("return document.body.innerText.slice(0, 1500);", vec![])
                    .await;
                panic!("timed out waiting for {what}; the page says:\n{text}");
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// Waits for an element matching `css` and returns its visible text.
    pub(crate) async fn text_of(&self, css: &str) -> String {
        let script = "const e = document.querySelector(arguments[0]); \
                      return e ? (e.innerText ?? e.textContent ?? '').trim() : null;";
        self.wait_js(css, script, vec![json!(css)])
            .await
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// Waits until `css` matches an element whose text contains `needle`; returns the text.
    pub(crate) async fn wait_text(&self, css: &str, needle: &str) -> String {
        let script = "for (const e of document.querySelectorAll(arguments[0])) { \
                        if (e.innerText.includes(arguments[1])) return e.innerText; } \
                      return null;";
        self.wait_js(
            &format!("{css} containing “{needle}”"),
            script,
            vec![json!(css), json!(needle)],
        )
        .await
        .as_str()
        .unwrap_or_default()
        .to_owned()
    }

    /// The first element matching `css`, once there is one.
    async fn element(&self, css: &str) -> fantoccini::elements::Element {
        self.client
            .wait()
            .at_most(TIMEOUT)
            .every(POLL)
            .for_element(fantoccini::Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("waiting for {css}: {e}"))
    }

    /// Clicks the first element matching `css` (waiting for it).
    pub(crate) async fn click(&self, css: &str) {
        self.element(css)
            .await
            .click()
            .await
            .unwrap_or_else(|e| panic!("clicking {css}: {e}"));
    }

    /// The current URL's path and query, decoded (`/?year=2024&region=赫山区`).
    pub(crate) async fn location(&self) -> String {
        self.js(
            "return decodeURIComponent(location.pathname + location.search);",
            vec![],
        )
        .await
        .as_str()
        .unwrap_or_default()
        .to_owned()
    }

    /// Waits until the decoded URL contains `part`.
    pub(crate) async fn wait_location(&self, part: &str) {
        let script = "const here = decodeURIComponent(location.pathname + location.search); \
                      return here.includes(arguments[0]) ? here : null;";
        self.wait_js(
            &format!("the URL to contain {part}"),
            script,
            vec![json!(part)],
        )
        .await;
    }

    /// The value of the filter `<select>` bound to query parameter `param`.
    pub(crate) async fn select_value(&self, param: &str) -> String {
        let script = "const s = document.querySelector(`select[data-param='${arguments[0]}']`); \
                      return s && s.options.length > 1 ? s.value : null;";
        self.wait_js(&format!("the {param} filter"), script, vec![json!(param)])
            .await
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// The region the region chooser shows as chosen (the breadcrumb's last step).
    pub(crate) async fn chosen_region(&self) -> String {
        let script = "const b = document.querySelector('.region-chooser li[aria-current] b'); \
                      return b ? b.innerText : null;";
        self.wait_js("the chosen region", script, vec![])
            .await
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// Waits until no loading note is left on the page.
    pub(crate) async fn wait_loaded(&self) {
        self.wait_js(
            "every part of the page to load",
            "return document.querySelector('main .status.loading') === null \
                    && document.querySelector('main section') !== null;",
            vec![],
        )
        .await;
    }

    /// Saves a screenshot of the whole page as `target/screenshots/<name>.png`.
    pub(crate) async fn screenshot(&self, name: &str) -> PathBuf {
        let folder = workspace_root().join("target").join("screenshots");
        self.screenshot_at(&folder, name, WINDOW, true).await
    }

    /// Sets the window to `width` × `height` and waits until the page's viewport is that wide.
    pub(crate) async fn resize(&self, (width, height): (u32, u32)) {
        self.client
            .set_window_size(width, height)
            .await
            .unwrap_or_else(|e| panic!("resizing to {width}×{height}: {e}"));
        self.wait_js(
            &format!("a viewport {width} px wide"),
            "return window.innerWidth === arguments[0];",
            vec![json!(width)],
        )
        .await;
    }

    /// Saves a screenshot as wide as `window` — of the whole page when `whole`, else of what
    /// the window shows (above the fold) — as `<folder>/<name>.png`, then sets the window back
    /// to `window`.
    pub(crate) async fn screenshot_at(
        &self,
        folder: &Path,
        name: &str,
        window: (u32, u32),
        whole: bool,
    ) -> PathBuf {
        let page = self
            .js(
                "return Math.max(document.body.scrollHeight, document.documentElement.scrollHeight);",
                vec![],
            )
            .await
            .as_u64()
            .unwrap_or(u64::from(window.1));
        let height = if whole {
            u32::try_from(page.clamp(600, 8000)).unwrap_or(window.1)
        } else {
            window.1
        };
        self.js("window.scrollTo(0, 0);", vec![]).await;
        let _ = self.client.set_window_size(window.0, height).await;
        let png = self
            .client
            .screenshot()
            .await
            .unwrap_or_else(|e| panic!("screenshot {name}: {e}"));
        let _ = self.client.set_window_size(window.0, window.1).await;
        std::fs::create_dir_all(folder).unwrap_or_else(|e| panic!("creating {folder:?}: {e}"));
        let path = folder.join(format!("{name}.png"));
        std::fs::write(&path, png).unwrap_or_else(|e| panic!("writing {path:?}: {e}"));
        path
    }

    /// Ends the session (and with it the browser).
    pub(crate) async fn close(mut self) {
        if self.client.clone().close().await.is_ok() {
            self._driver.session = None;
        }
    }
}

impl Browser {
    /// Signs in through the login page as the test account of `role`, typing like a person,
    /// and waits for the header to show it.
    pub(crate) async fn sign_in(&self, role: fundlens_shared::account::Role) {
        let (name, password) = fundlens_tests::account(role);
        self.open("/login").await;
        for (css, text) in [
            ("input[name='name']", name),
            ("input[name='password']", password),
        ] {
            self.element(css)
                .await
                .send_keys(text)
                .await
                .unwrap_or_else(|e| panic!("typing into {css}: {e}"));
        }
        self.click("form[data-form='login'] button[type='submit']")
            .await;
        self.wait_js(
            "the header to show the signed-in account",
            "const who = document.querySelector('.who'); \
             return who && who.dataset.role === arguments[0] ? who.innerText : null;",
            vec![json!(role.code())],
        )
        .await;
    }

    /// Clicks the briefing's 复制 and waits for the page to say what happened (headless
    /// Chromium may refuse the clipboard; either way the page says so).
    pub(crate) async fn copy_briefing(&self) {
        self.click("#briefing button.copy").await;
        self.wait_js(
            "the copy's outcome",
            "const t = document.querySelector('#briefing .briefing-tools').innerText; \
             return t.includes('已复制') || t.includes('手动选择');",
            vec![],
        )
        .await;
    }

    /// GET `path` of the API as the test admin (off the async runtime: what the pages show is
    /// checked against what the API answers, drafts included) and decode it as `T`.
    pub(crate) async fn api<T: serde::de::DeserializeOwned + Send + 'static>(
        &self,
        path: &str,
    ) -> T {
        let url = self.server.url(path);
        let shown = path.to_owned();
        // As the admin, so drafts (which only their owner or an admin sees) read too.
        let token = fundlens_tests::token(fundlens_shared::account::Role::Admin);
        let value = tokio::task::spawn_blocking(move || {
            reqwest::blocking::Client::new()
                .get(&url)
                .bearer_auth(token)
                .send()
                .and_then(reqwest::blocking::Response::json::<Value>)
                .unwrap_or_else(|e| panic!("GET {url}: {e}"))
        })
        .await
        .unwrap_or_else(|e| panic!("GET {shown}: {e}"));
        serde_json::from_value(value).unwrap_or_else(|e| panic!("decoding {shown}: {e}"))
    }
}

/// `text` percent-encoded for a URL query value, as the pages encode it.
pub(crate) use fundlens_shared::query::percent_encode as encode;
