//! Latency measurement: sequential HTTP requests and 32 concurrent connections driven by one
//! event loop against the running server, and the same question asked of the store
//! in-process, as medians and 99th percentiles.

use std::time::{Duration, Instant};

use anyhow::{Result, anyhow};
use fundlens_store::Store;

use crate::endpoints::Query;

/// Concurrent clients of the loaded measurement.
pub(crate) const CLIENTS: usize = 32;

/// Median and 99th percentile of a set of durations, in milliseconds.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Stats {
    pub(crate) median_ms: f64,
    pub(crate) p99_ms: f64,
}

fn stats(mut samples: Vec<Duration>) -> Stats {
    samples.sort_unstable();
    let at = |q: f64| {
        let index = ((samples.len() as f64 - 1.0) * q).round() as usize;
        samples.get(index).map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    };
    Stats {
        median_ms: at(0.5),
        p99_ms: at(0.99),
    }
}

/// One endpoint's figures.
#[derive(Debug, Clone)]
pub(crate) struct EndpointFigures {
    pub(crate) name: String,
    pub(crate) path: String,
    pub(crate) one_client: Stats,
    /// [`CLIENTS`] connections all asking the same URL (the meeting: everyone opens the same
    /// page).
    pub(crate) many_clients: Stats,
    /// [`CLIENTS`] connections each asking other questions of the same endpoint (other regions
    /// and years), and how many distinct URLs they asked; none for an endpoint without a region
    /// or year to vary.
    pub(crate) cold_mix: Option<(Stats, usize)>,
    pub(crate) raw: Stats,
}

fn timed_get(client: &reqwest::blocking::Client, url: &str) -> Result<Duration> {
    let started = Instant::now();
    let response = client.get(url).send()?;
    let status = response.status();
    let _ = response.bytes()?;
    if !status.is_success() {
        return Err(anyhow!("{url} answered {status}"));
    }
    Ok(started.elapsed())
}

/// One async GET, timed to the last byte of the body.
async fn timed_get_async(client: &reqwest::Client, url: &str) -> Result<Duration> {
    let started = Instant::now();
    let response = client.get(url).send().await?;
    let status = response.status();
    let _ = response.bytes().await?;
    if !status.is_success() {
        return Err(anyhow!("{url} answered {status}"));
    }
    Ok(started.elapsed())
}

/// [`CLIENTS`] connections, each asking `requests` URLs back to back — connection `c`'s `k`-th
/// request asks `urls[(k × CLIENTS + c) mod len]`, so with enough URLs no two requests ask the
/// same — all driven by one event loop on one thread: the client takes one core at most and
/// leaves the server the rest (32 blocking threads would compete with the server for this
/// machine's two cores).
fn concurrently(urls: &[String], requests: usize) -> Result<Vec<Duration>> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let mut clients = tokio::task::JoinSet::new();
        for connection in 0..CLIENTS {
            // One client per connection, so the 32 are 32 keep-alive connections.
            let client = reqwest::Client::new();
            let asked: Vec<String> = (0..requests)
                .map(|k| urls[(k * CLIENTS + connection) % urls.len()].clone())
                .collect();
            clients.spawn(async move {
                let mut samples = Vec::with_capacity(requests);
                for url in &asked {
                    samples.push(timed_get_async(&client, url).await?);
                }
                Ok::<_, anyhow::Error>(samples)
            });
        }
        let mut all = Vec::with_capacity(CLIENTS * requests);
        while let Some(joined) = clients.join_next().await {
            all.extend(joined.map_err(|e| anyhow!("a client task failed: {e}"))??);
        }
        Ok(all)
    })
}

/// Measures `query` over HTTP at `base` with 1 and [`CLIENTS`] clients asking its URL, with
/// [`CLIENTS`] clients asking its `variants` (other regions and years, never asked before:
/// each a first answer, unless there are fewer variants than requests), and directly.
pub(crate) fn measure(
    base: &str,
    query: &Query,
    variants: &[String],
    store: &Store,
    requests: usize,
) -> Result<EndpointFigures> {
    let url = format!("{base}{}", query.path);
    let client = reqwest::blocking::Client::new();
    for _ in 0..5 {
        timed_get(&client, &url)?;
        (query.raw)(store)?;
    }
    let sequential = (0..requests * 2)
        .map(|_| timed_get(&client, &url))
        .collect::<Result<Vec<_>>>()?;
    let concurrent = concurrently(std::slice::from_ref(&url), requests)?;
    let cold_mix = if variants.is_empty() {
        None
    } else {
        let urls: Vec<String> = variants
            .iter()
            .map(|path| format!("{base}{path}"))
            .collect();
        let distinct = urls.len().min(CLIENTS * requests);
        Some((stats(concurrently(&urls, requests)?), distinct))
    };
    let raw = (0..requests * 2)
        .map(|_| {
            let started = Instant::now();
            (query.raw)(store).map(|()| started.elapsed())
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(EndpointFigures {
        name: query.name.clone(),
        path: query.path.clone(),
        one_client: stats(sequential),
        many_clients: stats(concurrent),
        cold_mix,
        raw: stats(raw),
    })
}
