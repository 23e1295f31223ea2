//! The page step: each dashboard page opened in headless Chromium against the served data —
//! the time from navigation until the page has settled (no loading note left, its charts
//! drawn, nothing in the document changing for half a second) and how many API requests it
//! made. The first opening has an empty browser cache; the median is over the openings after.
//! And the first page after a restart: a new server on a database dropped from the page cache,
//! opened by a new browser.

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Result, anyhow};
use fundlens_tests::chromium::Chromium;
use serde_json::Value;

/// Openings of each page: the first with an empty cache, then the warm ones.
pub(crate) const OPENINGS: usize = 6;
/// The window: a desktop screen (the 1440 × 900).
const WINDOW: (u32, u32) = (1440, 900);
/// How long the document must stay unchanged to count as settled.
const QUIET_MS: f64 = 500.0;
/// How long one opening may take before the step fails.
const TIMEOUT: Duration = Duration::from_secs(60);

/// One page to open.
#[derive(Debug, Clone)]
pub(crate) struct Page {
    /// Its name in the report.
    pub(crate) name: String,
    /// Path and query of the dashboard.
    pub(crate) path: String,
}

/// One page's figures.
#[derive(Debug, Clone)]
pub(crate) struct PageFigures {
    pub(crate) name: String,
    pub(crate) path: String,
    /// Navigation to settled, per opening, in milliseconds (the first with an empty cache).
    pub(crate) settled_ms: Vec<f64>,
    /// API requests of the last opening.
    pub(crate) requests: usize,
    /// Charts (`svg` in the main part) drawn when settled.
    pub(crate) charts: usize,
}

impl PageFigures {
    /// The median of the warm openings.
    pub(crate) fn warm_median_ms(&self) -> f64 {
        let mut warm: Vec<f64> = self.settled_ms.iter().skip(1).copied().collect();
        warm.sort_by(f64::total_cmp);
        warm.get(warm.len() / 2).copied().unwrap_or(f64::NAN)
    }
}

/// Records the moment of every change to the document from now on (`performance.now()`, whose
/// origin is the navigation's start).
const WATCH: &str = "window.__fundlensLast = performance.now(); \
    new MutationObserver(() => { window.__fundlensLast = performance.now(); }) \
      .observe(document.documentElement, \
               { subtree: true, childList: true, attributes: true, characterData: true }); \
    return true;";

/// `null` until the page has settled; then when it did, its API requests and its charts.
const SETTLED: &str = "const busy = document.querySelector('main .status.loading') !== null; \
    const shown = document.querySelector('main section') !== null; \
    const quiet = performance.now() - window.__fundlensLast > arguments[0]; \
    if (busy || !shown || !quiet) return null; \
    const api = performance.getEntriesByType('resource') \
      .filter(e => new URL(e.name).pathname.startsWith('/api/')); \
    return { settled: window.__fundlensLast, requests: api.length, \
             charts: document.querySelectorAll('main svg').length };";

/// Opens every page [`OPENINGS`] times in one Chromium against `base`.
pub(crate) fn measure(base: &str, pages: &[Page]) -> Result<Vec<PageFigures>> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let chromium = Chromium::start(WINDOW)
            .await
            .ok_or_else(|| anyhow!("chromedriver is missing: the page step needs Chromium"))?;
        let mut figures = Vec::with_capacity(pages.len());
        for page in pages {
            println!("opening {} in Chromium…", page.name);
            let mut settled_ms = Vec::with_capacity(OPENINGS);
            let mut last = (0, 0);
            for _ in 0..OPENINGS {
                let (ms, requests, charts) =
                    open(&chromium, &format!("{base}{}", page.path)).await?;
                settled_ms.push(ms);
                last = (requests, charts);
            }
            figures.push(PageFigures {
                name: page.name.clone(),
                path: page.path.clone(),
                settled_ms,
                requests: last.0,
                charts: last.1,
            });
        }
        chromium.close().await;
        Ok(figures)
    })
}

/// Restarts of the first-page measure.
pub(crate) const RESTARTS: usize = 3;

/// The first opening of `page` after a restart, [`RESTARTS`] times: the database dropped from
/// the page cache ([`crate::cold::evict`]), a new `fundlens serve` (nothing computed, nothing
/// in memory) and, once it listens, a new Chromium (an empty cache) opening the page; each
/// navigation to settled, in milliseconds.
pub(crate) fn after_restart(binary: &Path, db: &Path, page: &Page) -> Result<Vec<f64>> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let mut settled = Vec::with_capacity(RESTARTS);
    for _ in 0..RESTARTS {
        let chromium = runtime
            .block_on(Chromium::start(WINDOW))
            .ok_or_else(|| anyhow!("chromedriver is missing: the page step needs Chromium"))?;
        crate::cold::evict(db)?;
        let (mut server, base) = crate::start_server(binary, db)?;
        let opened = runtime.block_on(open(&chromium, &format!("{base}{}", page.path)));
        runtime.block_on(chromium.close());
        let _ = server.kill();
        let _ = server.wait();
        settled.push(opened?.0);
    }
    Ok(settled)
}

/// One opening: navigation to settled (ms), API requests, charts.
async fn open(chromium: &Chromium, url: &str) -> Result<(f64, usize, usize)> {
    let client = &chromium.client;
    // A blank page first, so every opening is a whole new document and timeline.
    client.goto("about:blank").await?;
    client.goto(url).await?;
    client.execute(WATCH, vec![]).await?;
    let deadline = Instant::now() + TIMEOUT;
    loop {
        let value = client.execute(SETTLED, vec![Value::from(QUIET_MS)]).await?;
        if let Some(settled) = value.get("settled").and_then(Value::as_f64) {
            let count = |key: &str| {
                value
                    .get(key)
                    .and_then(Value::as_u64)
                    .and_then(|n| usize::try_from(n).ok())
                    .unwrap_or(0)
            };
            return Ok((settled, count("requests"), count("charts")));
        }
        if Instant::now() > deadline {
            return Err(anyhow!("{url} did not settle within {TIMEOUT:?}"));
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
