//! The report: the machine it ran on, the figures, and the Markdown table of `BENCHMARKS.md`.

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

use fundlens_server::sample::Scale;

use crate::load::{CLIENTS, EndpointFigures};

/// The import's figures.
#[derive(Debug, Clone)]
pub(crate) struct Import {
    pub(crate) scale: Scale,
    pub(crate) evaluations: usize,
    pub(crate) indicator_rows: i64,
    pub(crate) seconds: f64,
    pub(crate) bytes: u64,
}

/// Everything one run measured.
#[derive(Debug, Clone)]
pub(crate) struct Figures {
    pub(crate) import: Import,
    pub(crate) endpoints: Vec<EndpointFigures>,
    pub(crate) peak_memory_kib: Option<u64>,
    pub(crate) bundle: Option<(u64, u64)>,
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

/// The wasm bundle's size raw and gzip-compressed (level 9), in bytes.
pub(crate) fn bundle_sizes(dist: &Path) -> Option<(u64, u64)> {
    let wasm = std::fs::read_dir(dist.join("pkg"))
        .ok()?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .find(|path| path.extension().is_some_and(|e| e == "wasm"))?;
    let raw = std::fs::metadata(&wasm).ok()?.len();
    let gzip = command_output(
        "sh",
        &["-c", &format!("gzip -9 -c '{}' | wc -c", wasm.display())],
    )?
    .parse()
    .ok()?;
    Some((raw, gzip))
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
    let import = &figures.import;
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
    let _ = writeln!(
        out,
        "| data set | `fundlens sample --scale {}` |",
        import.scale
    );
    let _ = writeln!(out, "| evaluations | {} |", import.evaluations);
    let _ = writeln!(out, "| indicator rows | {} |", import.indicator_rows);
    let _ = writeln!(
        out,
        "| import time (generate + parse + score + audit + store) | {:.1} s |",
        import.seconds
    );
    let _ = writeln!(
        out,
        "| import throughput | {:.0} evaluations/s |",
        import.evaluations as f64 / import.seconds.max(1e-9)
    );
    let _ = writeln!(
        out,
        "| database size | {:.1} MiB |",
        import.bytes as f64 / 1024.0 / 1024.0
    );
    if let Some(kib) = figures.peak_memory_kib {
        let _ = writeln!(
            out,
            "| server peak memory (VmHWM) while serving the runs below | {:.1} MiB |",
            kib as f64 / 1024.0
        );
    }
    if let Some((raw, gzip)) = figures.bundle {
        let _ = writeln!(
            out,
            "| wasm bundle | {:.0} KiB raw, {:.0} KiB gzip |",
            raw as f64 / 1024.0,
            gzip as f64 / 1024.0
        );
    }
    let _ = writeln!(out, "\n## Dashboard endpoints\n");
    let _ = writeln!(
        out,
        "Latency over real HTTP on loopback (median / p99, ms) with 1 client and with {CLIENTS} concurrent clients, beside the same question asked of the store in-process (rusqlite plus conversion to the API types). Ratio = HTTP median with 1 client ÷ direct median.\n"
    );
    let _ = writeln!(
        out,
        "| endpoint | 1 client median | 1 client p99 | {CLIENTS} clients median | {CLIENTS} clients p99 | direct median | ratio |"
    );
    let _ = writeln!(out, "|---|---|---|---|---|---|---|");
    for row in &figures.endpoints {
        let _ = writeln!(
            out,
            "| {} <br>`{}` | {} | {} | {} | {} | {} | {:.2}× |",
            row.name,
            row.path,
            ms(row.one_client.median_ms),
            ms(row.one_client.p99_ms),
            ms(row.many_clients.median_ms),
            ms(row.many_clients.p99_ms),
            ms(row.raw.median_ms),
            row.one_client.median_ms / row.raw.median_ms.max(1e-9)
        );
    }
    out
}
