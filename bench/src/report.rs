//! The report: the machine it ran on, the figures, and the Markdown table of `BENCHMARKS.md`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use fundlens_sample::Scale;

use crate::cold::{ColdFigures, STARTS};
use crate::load::{CLIENTS, EndpointFigures};
use crate::pages::{OPENINGS, PageFigures, RESTARTS};

/// The goals of issue 12: a page settled within this many milliseconds (warm median)…
const PAGE_GOAL_MS: f64 = 1500.0;
/// …with at most this many API requests…
const REQUEST_GOAL: usize = 10;
/// …and the list, detail, trend and compare endpoints' p99 at 32 connections within this.
const P99_GOAL_MS: f64 = 50.0;
/// The cold mix's goal: p99 ≤ 200 ms at 32 connections, each asking another question.
const COLD_MIX_GOAL_MS: f64 = 200.0;

/// Where the measured data came from.
#[derive(Debug, Clone)]
pub(crate) enum Origin {
    /// Generated and imported by this run.
    Generated { scale: Scale, seconds: f64 },
    /// An existing database (`--db`), opened and migrated if older.
    Reused { path: PathBuf, open_seconds: f64 },
}

/// The data set's figures.
#[derive(Debug, Clone)]
pub(crate) struct Data {
    pub(crate) origin: Origin,
    pub(crate) evaluations: usize,
    /// The region briefings written after the import or the opening: how many, seconds.
    pub(crate) briefings: (usize, f64),
    pub(crate) indicator_rows: i64,
    pub(crate) bytes: u64,
}

/// Everything one run measured.
#[derive(Debug, Clone)]
pub(crate) struct Figures {
    pub(crate) data: Data,
    pub(crate) endpoints: Vec<EndpointFigures>,
    pub(crate) pages: Vec<PageFigures>,
    pub(crate) cold: Vec<ColdFigures>,
    /// The first page's settled times after each restart ([`crate::pages::after_restart`]).
    pub(crate) first_page: Vec<f64>,
    pub(crate) peak_memory_kib: Option<u64>,
    pub(crate) bundle: Option<Bundle>,
    pub(crate) machine: String,
    pub(crate) date: String,
}

fn command_output(program: &str, args: &[&str]) -> Option<String> {
    let output = Command::new(program).args(args).output().ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).trim().to_owned())
}

/// CPU model, cores and memory.
pub(crate) fn machine() -> String {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find_map(|line| {
            line.strip_prefix("model name")
                .map(|rest| rest.trim_start_matches([' ', '\t', ':']).to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".to_owned());
    let cores = std::thread::available_parallelism().map_or(0, usize::from);
    let memory = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|m| {
            m.lines().next().map(|l| {
                l.split_whitespace()
                    .nth(1)
                    .unwrap_or("0")
                    .parse::<u64>()
                    .unwrap_or(0)
            })
        })
        .unwrap_or(0);
    format!(
        "{model}, {cores} cores, {:.0} GiB RAM",
        memory as f64 / 1024.0 / 1024.0
    )
}

/// Today's date (UTC).
pub(crate) fn today() -> String {
    command_output("date", &["-u", "+%Y-%m-%d"]).unwrap_or_default()
}

/// The server's peak resident memory (VmHWM) in KiB.
pub(crate) fn peak_memory_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
}

/// The page's bundle goal over the wire, in bytes (400 KB).
const BUNDLE_GOAL_BYTES: u64 = 400_000;

/// The bundle's sizes in bytes: the wasm raw, and what a browser accepting `br` downloads for
/// the page (the HTML, script, style sheet and wasm, each in the smallest copy the server has,
/// as `cargo xtask build-frontend` wrote them).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Bundle {
    wasm_raw: u64,
    over_the_wire: u64,
}

pub(crate) fn bundle_sizes(dist: &Path) -> Option<Bundle> {
    let size = |path: &Path| std::fs::metadata(path).ok().map(|m| m.len());
    let smallest = |path: &Path| -> Option<u64> {
        let copies = ["br", "gz"].map(|suffix| {
            let mut name = path.as_os_str().to_owned();
            name.push(format!(".{suffix}"));
            size(Path::new(&name))
        });
        copies.into_iter().flatten().chain(size(path)).min()
    };
    let served: Vec<_> = std::fs::read_dir(dist.join("pkg"))
        .ok()?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| {
            path.extension()
                .is_some_and(|e| e == "wasm" || e == "js" || e == "css")
        })
        .collect();
    let wasm = served
        .iter()
        .find(|path| path.extension().is_some_and(|e| e == "wasm"))?;
    let mut over_the_wire = smallest(&dist.join("index.html"))?;
    for path in &served {
        over_the_wire += smallest(path)?;
    }
    Some(Bundle {
        wasm_raw: size(wasm)?,
        over_the_wire,
    })
}

fn ms(value: f64) -> String {
    if value < 10.0 {
        format!("{value:.2}")
    } else {
        format!("{value:.1}")
    }
}

/// `BENCHMARKS.md`.
pub(crate) fn markdown(figures: &Figures) -> String {
    let data = &figures.data;
    let mut out = String::new();
    let _ = writeln!(out, "# FundLens benchmarks\n");
    let _ = writeln!(
        out,
        "Measured by `cargo xtask bench` on {} — {}.",
        figures.date, figures.machine
    );
    let _ = writeln!(
        out,
        "One run; absolute times on this shared machine are noisy, the ratios matter more.\n"
    );
    let _ = writeln!(out, "## Data and import\n");
    let _ = writeln!(out, "| figure | value |\n|---|---|");
    match &data.origin {
        Origin::Generated { scale, seconds } => {
            let _ = writeln!(out, "| data set | `fundlens sample --scale {scale}` |");
            let _ = writeln!(
                out,
                "| import time (generate + parse + score + audit + store) | {seconds:.1} s |"
            );
            let _ = writeln!(
                out,
                "| import throughput | {:.0} evaluations/s |",
                data.evaluations as f64 / seconds.max(1e-9)
            );
        }
        Origin::Reused { path, open_seconds } => {
            let _ = writeln!(
                out,
                "| data set | existing database `{}` (`--db`; import not measured) |",
                path.file_name().unwrap_or_default().to_string_lossy()
            );
            let _ = writeln!(
                out,
                "| opening it (migrating it when older) | {open_seconds:.1} s |"
            );
        }
    }
    let (briefings, briefing_seconds) = data.briefings;
    let _ = writeln!(
        out,
        "| region briefings written after it (each region with evaluations in a year, the regions above it, the top of the data; on every core), so no briefing is a first computation when asked | {briefings} in {briefing_seconds:.1} s |"
    );
    let _ = writeln!(out, "| evaluations | {} |", data.evaluations);
    let _ = writeln!(out, "| indicator rows | {} |", data.indicator_rows);
    let _ = writeln!(
        out,
        "| database size | {:.1} MiB |",
        data.bytes as f64 / 1024.0 / 1024.0
    );
    if let Some(kib) = figures.peak_memory_kib {
        let _ = writeln!(
            out,
            "| server peak memory (VmHWM) while serving the runs below | {:.1} MiB |",
            kib as f64 / 1024.0
        );
    }
    if let Some(bundle) = figures.bundle {
        let mark = if bundle.over_the_wire > BUNDLE_GOAL_BYTES {
            " ✗"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "| the page's bundle (HTML, script, style, wasm) over the wire with `Accept-Encoding: br` (goal ≤ 400 KB) | {:.0} KB{mark} (wasm {:.0} KiB raw) |",
            bundle.over_the_wire as f64 / 1000.0,
            bundle.wasm_raw as f64 / 1024.0
        );
    }
    let _ = writeln!(out, "\n## Dashboard endpoints\n");
    let _ = writeln!(
        out,
        "Latency over real HTTP on loopback (median / p99, ms) with 1 client and with {CLIENTS} concurrent connections, beside the same question asked of the store in-process (rusqlite plus conversion to the API types). Ratio = HTTP median with 1 client ÷ direct median. The {CLIENTS} connections are driven by one event loop on one thread (tokio, current-thread runtime), so the client takes at most one of the machine's cores and leaves the server the rest. Two loads at {CLIENTS} connections: *same URL* — every connection asks the endpoint's URL (the meeting: everyone opens the same overview; goal p99 ≤ {P99_GOAL_MS:.0} ms); *cold mix* — each request asks the same endpoint for another region (or parent) and year of the data, never asked before while there are enough of them (the distinct URLs are counted), so most answers are first answers (goal p99 ≤ {COLD_MIX_GOAL_MS:.0} ms); — where the endpoint has no region or year to vary. ✗ marks a miss.\n"
    );
    let _ = writeln!(
        out,
        "| endpoint | 1 client median | 1 client p99 | {CLIENTS} same URL median | {CLIENTS} same URL p99 | {CLIENTS} cold mix median | {CLIENTS} cold mix p99 (distinct URLs) | direct median | ratio |"
    );
    let _ = writeln!(out, "|---|---|---|---|---|---|---|---|---|");
    for row in &figures.endpoints {
        let miss = |p99: f64, goal: f64| if p99 <= goal { "" } else { " ✗" };
        let (mix_median, mix_p99) = match row.cold_mix {
            Some((mix, distinct)) => (
                ms(mix.median_ms),
                format!(
                    "{}{} ({distinct})",
                    ms(mix.p99_ms),
                    miss(mix.p99_ms, COLD_MIX_GOAL_MS)
                ),
            ),
            None => ("—".to_owned(), "—".to_owned()),
        };
        let _ = writeln!(
            out,
            "| {} <br>`{}` | {} | {} | {} | {}{} | {mix_median} | {mix_p99} | {} | {:.2}× |",
            row.name,
            short(&row.path),
            ms(row.one_client.median_ms),
            ms(row.one_client.p99_ms),
            ms(row.many_clients.median_ms),
            ms(row.many_clients.p99_ms),
            miss(row.many_clients.p99_ms, P99_GOAL_MS),
            ms(row.raw.median_ms),
            row.one_client.median_ms / row.raw.median_ms.max(1e-9)
        );
    }
    let _ = writeln!(out, "\n{QUEUEING}");
    pages_section(&mut out, &figures.pages);
    first_page_section(&mut out, figures);
    if !figures.cold.is_empty() {
        let _ = writeln!(out, "\n## Cold starts\n");
        let _ = writeln!(
            out,
            "Each question asked once of a freshly started server after the database file, its WAL and shared memory were dropped from the page cache with `posix_fadvise(POSIX_FADV_DONTNEED)` (SQLite's own cache starts empty with the new process). Start = spawning `fundlens serve` until it listens; first answer = the first request's round trip over HTTP.\n"
        );
        let _ = writeln!(
            out,
            "{STARTS} cold starts per question; each cell lists them in order.\n"
        );
        let _ = writeln!(
            out,
            "| question | start (ms) | first answer (ms) |\n|---|---|---|"
        );
        let list = |values: &[f64]| {
            values
                .iter()
                .map(|v| ms(*v))
                .collect::<Vec<_>>()
                .join(" / ")
        };
        for row in &figures.cold {
            let _ = writeln!(
                out,
                "| {} <br>`{}` | {} | {} |",
                row.name,
                short(&row.path),
                list(&row.start_ms),
                list(&row.first_ms)
            );
        }
    }
    out
}

/// What limits the 32-connection figures, under their table.
const QUEUEING: &str = "What limits p99 at 32 connections. Same URL: the answer was computed when first asked (the 1-client run asks first) and comes from the answer cache (one computation per data generation), so each request costs about a millisecond of HTTP and copying. Cold mix: every request is a first answer, computed; the client's event loop keeps one of the two cores, so the server answers on about one, and 32 first answers in flight wait behind one another — p99 comes to roughly 32 × the CPU of the costliest of them. The trends, comparisons, grid, indicator history, catalogue, a year's list and 结果应用's views (counted from per-region counts kept at write time; a county's few rows looked up by region) cost a few milliseconds for any region and come near the 200 ms goal or meet it; a region's briefing gathers a dozen of these questions (two years compared, the lowest funds, budget cuts, four views, the key metrics with their ranks; 5–20 ms of CPU for a city or the province), so it is computed at write time and kept in the store (the briefings written after the import, above): a first briefing is one row read.";

/// The page step's table.
fn pages_section(out: &mut String, pages: &[PageFigures]) {
    if pages.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n## Pages in headless Chromium\n");
    let _ = writeln!(
        out,
        "Each page opened {OPENINGS} times at 1440 × 900 from a blank tab. Settled = from the start of the navigation until no loading note is left, the page's content is shown and the document has not changed for 500 ms (the last change is the moment counted: the last chart or table drawn). The first opening has an empty browser cache (the wasm bundle is fetched and compiled); the median is over the other {}. Requests = the page's API calls (Resource Timing). Goals: settled ≤ {PAGE_GOAL_MS:.0} ms, ≤ {REQUEST_GOAL} requests; ✗ marks a miss.\n",
        OPENINGS - 1
    );
    let _ = writeln!(
        out,
        "| page | first (empty cache) ms | warm median ms | every opening ms | API requests | charts |\n|---|---|---|---|---|---|"
    );
    for page in pages {
        let median = page.warm_median_ms();
        let slow = if median <= PAGE_GOAL_MS { "" } else { " ✗" };
        let many = if page.requests <= REQUEST_GOAL {
            ""
        } else {
            " ✗"
        };
        let every = each_opening(&page.settled_ms);
        let _ = writeln!(
            out,
            "| {} <br>`{}` | {:.0} | {median:.0}{slow} | {every} | {}{many} | {} |",
            page.name,
            page.path,
            page.settled_ms.first().copied().unwrap_or(f64::NAN),
            page.requests,
            page.charts
        );
    }
}

/// Openings' times in whole milliseconds, in order: `363 / 429 / 427`.
fn each_opening(settled_ms: &[f64]) -> String {
    settled_ms
        .iter()
        .map(|v| format!("{v:.0}"))
        .collect::<Vec<_>>()
        .join(" / ")
}

/// The first page after a restart.
fn first_page_section(out: &mut String, figures: &Figures) {
    let (Some(page), false) = (figures.pages.first(), figures.first_page.is_empty()) else {
        return;
    };
    let worst = figures.first_page.iter().copied().fold(0.0, f64::max);
    let slow = if worst <= PAGE_GOAL_MS { "" } else { " ✗" };
    let every = each_opening(&figures.first_page);
    let _ = writeln!(
        out,
        "\nThe first page after a restart, {RESTARTS} times: the database dropped from the page cache, a new `fundlens serve` (nothing in memory, no answer computed), and as soon as it listens a new Chromium (an empty cache) opening the page; navigation to settled as above (goal ≤ {PAGE_GOAL_MS:.0} ms, the slowest counted).\n\n| page | after each restart ms |\n|---|---|\n| {} <br>`{}` | {every}{slow} |",
        page.name, page.path
    );
}

/// A path with a long cursor cut short for the table.
fn short(path: &str) -> String {
    match path.find("after=") {
        Some(at) if path.len() > at + 18 => format!("{}…", &path[..at + 18]),
        _ => path.to_owned(),
    }
}
