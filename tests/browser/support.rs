//! What every browser test needs: a fresh headless Chromium session (`fundlens_tests::chromium`)
//! against a server with the default data, polling waits with a deadline (no fixed
//! sleeps), and full-page screenshots under `target/screenshots/`.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use fantoccini::Client;
use fundlens_tests::chromium::{Chromium, available_chromedriver};
use fundlens_tests::{TestServer, workspace_root};
use serde_json::{Value, json};

/// How long any wait may take before the test fails.
const TIMEOUT: Duration = Duration::from_secs(20);
/// How often a wait looks again.
const POLL: Duration = Duration::from_millis(50);
/// Names an existing database to serve instead of the default data (e.g. a province-scale
/// sample, to see the list pages' timings at scale; tests about the seed record then fail).
const BROWSER_DB: &str = "FUNDLENS_BROWSER_DB";
/// The browser window (a desktop screen).
const WINDOW: (u32, u32) = (1400, 1000);

/// A headless Chromium session against a server with the default data.
#[derive(Debug)]
pub(crate) struct Browser {
    /// The WebDriver client.
    pub(crate) client: Client,
    /// The server (API and dashboard).
    pub(crate) server: TestServer,
    chromium: Chromium,
}

impl Browser {
    /// A new session, or `None` when chromedriver is not installed (the test then returns).
    pub(crate) async fn start() -> Option<Self> {
        Self::start_with(|| match std::env::var_os(BROWSER_DB) {
            Some(db) => TestServer::start_on(PathBuf::from(db)),
            None => TestServer::start_with_default_data(),
        })
        .await
    }

    /// A new session against the server `start` starts (`None` without chromedriver).
    pub(crate) async fn start_with(start: fn() -> TestServer) -> Option<Self> {
        available_chromedriver()?;
        let server = tokio::task::spawn_blocking(start)
            .await
            .unwrap_or_else(|e| panic!("starting the server: {e}"));
        let chromium = Chromium::start(WINDOW).await?;
        Some(Self {
            client: chromium.client.clone(),
            server,
            chromium,
        })
    }

    /// Opens `path` of the dashboard.
    pub(crate) async fn open(&self, path: &str) {
        self.client
            .goto(&self.server.url(path))
            .await
            .unwrap_or_else(|e| panic!("opening {path}: {e}"));
    }

    /// Goes back one step in the browser's history, as its back button does.
    pub(crate) async fn back(&self) {
        self.client
            .back()
            .await
            .unwrap_or_else(|e| panic!("back: {e}"));
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
    pub(crate) async fn element(&self, css: &str) -> fantoccini::elements::Element {
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

    /// Types `text` into the first element matching `css` (waiting for it), key by key as a
    /// person would, so every keystroke fires the page's input handler.
    pub(crate) async fn type_text(&self, css: &str, text: &str) {
        self.element(css)
            .await
            .send_keys(text)
            .await
            .unwrap_or_else(|e| panic!("typing into {css}: {e}"));
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

    /// The fund the fund chooser shows (empty for every fund), once the catalogue is loaded.
    pub(crate) async fn chosen_program(&self) -> String {
        let script = "const i = document.querySelector(\"input[data-param='program']\"); \
                      return i && i.value ? i.value : null;";
        self.wait_js("the chosen fund", script, vec![])
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
    pub(crate) async fn close(self) {
        self.chromium.close().await;
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
