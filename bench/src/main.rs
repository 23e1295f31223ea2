//! `cargo xtask bench`: builds the province-scale sample into a temporary database, measures
//! import throughput (with scoring and audit), database size, every dashboard endpoint's median
//! and 99th-percentile latency under 1 and 32 concurrent clients over real HTTP beside the same
//! query run directly through the store, the server's peak memory, and the wasm bundle size;
//! writes `BENCHMARKS.md`.
//!
//! # Layout
//! - [`endpoints`]: the dashboard queries, as URLs and as direct store calls.
//! - [`load`]: latency measurement over HTTP and in-process.
//! - [`report`]: the machine and the Markdown report.

mod endpoints;
mod load;
mod report;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Instant;

use anyhow::{Context, Result, anyhow};
use clap::Parser;
use fundlens_server::sample::{SampleSpec, Scale};
use fundlens_server::seed_data::load_sample;
use fundlens_server::storage::Store;
use fundlens_shared::scoring::ScoringPolicy;

use crate::report::{Figures, Import};

/// Benchmarks FundLens at province (or city) scale.
#[derive(Debug, Parser)]
struct Args {
    /// Data set: province (~400,000 evaluations) or city (quick check).
    #[arg(long, default_value = "province")]
    scale: Scale,
    /// Sample seed.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// The fundlens binary to serve with (release build).
    #[arg(long, default_value = "target/release/fundlens")]
    server: PathBuf,
    /// Where to write the report.
    #[arg(long, default_value = "BENCHMARKS.md")]
    out: PathBuf,
    /// Requests per client per endpoint.
    #[arg(long, default_value_t = 40)]
    requests: usize,
}

fn main() -> Result<()> {
    let args = Args::parse();
    let dir = tempfile::Builder::new()
        .prefix("fundlens-bench")
        .tempdir()?;
    let db = dir.path().join("bench.sqlite");
    let (store, import) = import(&db, &args)?;
    // The bench's own store stays open from the import on: opening a store writes (migrations,
    // the region catalogue), which must not happen beside the server being measured.
    let (mut server, base) = start_server(&args.server, &db)?;
    let result = measure(&store, &base, &args, import, server.id());
    let _ = server.kill();
    let _ = server.wait();
    let figures = result?;
    std::fs::write(&args.out, report::markdown(&figures))
        .with_context(|| format!("cannot write {}", args.out.display()))?;
    println!("wrote {}", args.out.display());
    Ok(())
}

fn import(db: &Path, args: &Args) -> Result<(Store, Import)> {
    let store = Store::open(db)?;
    let spec = SampleSpec {
        scale: args.scale,
        seed: args.seed,
    };
    println!(
        "generating and importing the {} sample (seed {})…",
        args.scale, args.seed
    );
    let started = Instant::now();
    let evaluations = load_sample(&store, &spec, &ScoringPolicy::national(), 2000)?;
    let seconds = started.elapsed().as_secs_f64();
    store.checkpoint()?;
    let bytes = std::fs::metadata(db)?.len();
    println!("imported {evaluations} evaluations in {seconds:.1} s");
    let indicator_rows = store.indicator_rows()?;
    let import = Import {
        scale: args.scale,
        evaluations,
        seconds,
        bytes,
        indicator_rows,
    };
    Ok((store, import))
}

fn start_server(binary: &Path, db: &Path) -> Result<(Child, String)> {
    let mut child = Command::new(binary)
        .args(["serve", "--no-sample", "--bind", "127.0.0.1:0", "--db"])
        .arg(db)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .with_context(|| {
            format!(
                "cannot start {} (build it with cargo build --release)",
                binary.display()
            )
        })?;
    let stdout = child.stdout.take().ok_or_else(|| anyhow!("no stdout"))?;
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line)?;
    let start = line
        .find("http://")
        .ok_or_else(|| anyhow!("the server printed no address: {line}"))?;
    let url = line[start..]
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .trim_end_matches('/')
        .to_owned();
    Ok((child, url))
}

fn measure(store: &Store, base: &str, args: &Args, import: Import, pid: u32) -> Result<Figures> {
    let queries = endpoints::dashboard(store, args.scale)?;
    let mut rows = Vec::new();
    for query in &queries {
        println!("measuring {}…", query.name);
        rows.push(load::measure(base, query, store, args.requests)?);
    }
    Ok(Figures {
        import,
        endpoints: rows,
        peak_memory_kib: report::peak_memory_kib(pid),
        bundle: report::bundle_sizes(Path::new("frontend/dist")),
        machine: report::machine(),
        date: report::today(),
    })
}
