//! `cargo xtask bench`: builds the province-scale sample into a temporary database (or takes
//! an existing one with `--db`), measures import throughput (with scoring and audit), database
//! size, every dashboard endpoint's median and 99th-percentile latency under 1 client and 32
//! concurrent connections (one event loop) over real HTTP beside the same query run directly
//! through the store, each dashboard page's time to settled in headless Chromium and its API
//! requests, the whole-data questions (catalogue, unfiltered list in every order, deep pages, an indicator's
//! history everywhere) warm and after a cold start, the server's peak memory, and the wasm
//! bundle size; writes `BENCHMARKS.md`.
//!
//! # Layout
//! - [`endpoints`]: the dashboard queries, as URLs and as direct store calls.
//! - [`load`]: latency measurement over HTTP and in-process.
//! - [`pages`]: each dashboard page in headless Chromium, navigation to settled, and its API
//!   requests.
//! - [`cold`]: first answers of a fresh server on a database evicted from the page cache.
//! - [`report`]: the machine and the Markdown report.
//! - [`backends`]: `--database URL`: SQLite and PostgreSQL side by side.

mod backends;
mod cold;
mod endpoints;
mod load;
mod pages;
mod report;

use crate::endpoints::wait;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Instant;

use anyhow::{Context, Result, anyhow};
use clap::Parser;
use fundlens_sample::{SampleSpec, Scale};
use fundlens_server::seed_data::load_sample;
use fundlens_shared::scoring::ScoringPolicy;
use fundlens_store::Store;

use crate::report::{Data, Figures, Origin};

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
    /// Measure this existing database instead of building one (it is migrated first when it
    /// is older; building the province sample takes minutes). Its import is not measured.
    #[arg(long)]
    db: Option<PathBuf>,
    /// A PostgreSQL server (`postgres://…`): measure the same sample on SQLite and on a new
    /// database there, side by side (import and every dashboard endpoint), and write that
    /// section of the report only.
    #[arg(long)]
    database: Option<String>,
}

fn main() -> Result<()> {
    let args = Args::parse();
    let dir = tempfile::Builder::new()
        .prefix("fundlens-bench")
        .tempdir()?;
    if let Some(database) = &args.database {
        return side_by_side(&args, database, dir.path());
    }
    let (db, store, data) = match &args.db {
        Some(db) => {
            let (store, data) = reuse(db)?;
            (db.clone(), store, data)
        }
        None => {
            let db = dir.path().join("bench.sqlite");
            let (store, data) = import(&db, &args)?;
            (db, store, data)
        }
    };
    // The bench's own store stays open from the import on: opening a store writes (migrations,
    // the region catalogue), which must not happen beside the server being measured.
    let figures = measure(&store, &db, &args, data)?;
    // The side-by-side section of an earlier `--database` run is kept: this run does not
    // measure it.
    let earlier = std::fs::read_to_string(&args.out).unwrap_or_default();
    let mut written = report::markdown(&figures);
    if let Some(section) = backends::section_of(&earlier) {
        written = backends::splice(&written, section);
    }
    std::fs::write(&args.out, written)
        .with_context(|| format!("cannot write {}", args.out.display()))?;
    println!("wrote {}", args.out.display());
    Ok(())
}

/// `--database`: both backends, one section of the report.
fn side_by_side(args: &Args, database: &str, dir: &Path) -> Result<()> {
    let spec = SampleSpec {
        scale: args.scale,
        seed: args.seed,
    };
    let (db, store, imported) = match &args.db {
        Some(db) => (db.clone(), reuse(db)?.0, None),
        None => {
            let db = dir.join("bench.sqlite");
            let (store, data) = import(&db, args)?;
            let seconds = match data.origin {
                Origin::Generated { seconds, .. } => seconds,
                Origin::Reused { .. } => 0.0,
            };
            (db, store, Some((data.evaluations, seconds)))
        }
    };
    let comparison = backends::compare(
        &args.server,
        &db,
        &store,
        imported,
        database,
        &spec,
        args.requests,
    )?;
    let report = std::fs::read_to_string(&args.out).unwrap_or_default();
    std::fs::write(
        &args.out,
        backends::splice(&report, &backends::markdown(&comparison)),
    )
    .with_context(|| format!("cannot write {}", args.out.display()))?;
    println!("wrote the side-by-side section of {}", args.out.display());
    Ok(())
}

/// Opens (and if need be migrates) an existing database.
fn reuse(db: &Path) -> Result<(Store, Data)> {
    println!("opening {}…", db.display());
    let started = Instant::now();
    let store = Store::open_sqlite(db)?;
    let open_seconds = started.elapsed().as_secs_f64();
    let briefings = write_briefings(&store)?;
    checkpoint(&store)?;
    let data = Data {
        origin: Origin::Reused {
            path: db.to_owned(),
            open_seconds,
        },
        briefings,
        evaluations: usize::try_from(wait(store.health())?.evaluations)?,
        indicator_rows: indicator_rows(&store)?,
        bytes: std::fs::metadata(db)?.len(),
    };
    Ok((store, data))
}

/// Writes the region briefings the data lacks, as `fundlens sample` and `fundlens import` do
/// after an import (on an older database: all of them); how many, in how many seconds.
pub(crate) fn write_briefings(store: &Store) -> Result<(usize, f64)> {
    println!("writing the region briefings…");
    let started = Instant::now();
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let filled = wait(fundlens_server::briefing::kept::fill(store, cores))?;
    Ok((filled.kept, started.elapsed().as_secs_f64()))
}

/// Folds the write-ahead log into the file, so its size is the database's.
fn checkpoint(store: &Store) -> Result<()> {
    if let Some(database) = store.as_sqlite() {
        database.checkpoint()?;
    }
    Ok(())
}

/// The number of indicator rows stored.
fn indicator_rows(store: &Store) -> Result<i64> {
    let database = store
        .as_sqlite()
        .ok_or_else(|| anyhow::anyhow!("the bench measures a SQLite database"))?;
    Ok(database.indicator_rows()?)
}

fn import(db: &Path, args: &Args) -> Result<(Store, Data)> {
    let store = Store::open_sqlite(db)?;
    let spec = SampleSpec {
        scale: args.scale,
        seed: args.seed,
    };
    println!(
        "generating and importing the {} sample (seed {})…",
        args.scale, args.seed
    );
    let started = Instant::now();
    let evaluations = wait(load_sample(&store, &spec, &ScoringPolicy::national(), 2000))?;
    let seconds = started.elapsed().as_secs_f64();
    let briefings = write_briefings(&store)?;
    checkpoint(&store)?;
    let bytes = std::fs::metadata(db)?.len();
    println!("imported {evaluations} evaluations in {seconds:.1} s");
    let indicator_rows = indicator_rows(&store)?;
    let data = Data {
        origin: Origin::Generated {
            scale: args.scale,
            seconds,
        },
        evaluations,
        briefings,
        bytes,
        indicator_rows,
    };
    Ok((store, data))
}

/// Starts `fundlens serve` on `db` at a free port; returns the process and its base URL once
/// it listens.
pub(crate) fn start_server(binary: &Path, db: &Path) -> Result<(Child, String)> {
    start_server_with(binary, &["--db", &db.to_string_lossy()])
}

/// Starts `fundlens serve` with `database` options (`--db FILE` or `--database URL`) at a free
/// port; returns the process and its base URL once it listens.
pub(crate) fn start_server_with(binary: &Path, database: &[&str]) -> Result<(Child, String)> {
    let mut child = Command::new(binary)
        .args(["serve", "--no-sample", "--bind", "127.0.0.1:0"])
        .args(database)
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

fn measure(store: &Store, db: &Path, args: &Args, data: Data) -> Result<Figures> {
    let queries = endpoints::dashboard(store, args.scale)?;
    let whole = endpoints::whole_data(store)?;
    let page_list = endpoints::pages(store, args.scale)?;
    let places = endpoints::Places::of(store)?;
    let (mut server, base) = start_server(&args.server, db)?;
    let mut rows = Vec::new();
    let mut warm = || -> Result<()> {
        for query in queries.iter().chain(&whole) {
            println!("measuring {}…", query.name);
            let variants = places.variants(&query.path);
            rows.push(load::measure(
                &base,
                query,
                &variants,
                store,
                args.requests,
            )?);
        }
        Ok(())
    };
    let measured = warm().and_then(|()| pages::measure(&base, &page_list));
    let peak_memory_kib = report::peak_memory_kib(server.id());
    let _ = server.kill();
    let _ = server.wait();
    let pages = measured?;
    let mut cold = Vec::new();
    for query in &whole {
        println!("cold start: {}…", query.name);
        cold.push(cold::measure(&args.server, db, query)?);
    }
    let first = page_list
        .first()
        .ok_or_else(|| anyhow!("no page to open after a restart"))?;
    println!("{} after a restart…", first.name);
    let first_page = pages::after_restart(&args.server, db, first)?;
    Ok(Figures {
        data,
        endpoints: rows,
        pages,
        cold,
        first_page,
        peak_memory_kib,
        bundle: report::bundle_sizes(Path::new("frontend/dist")),
        machine: report::machine(),
        date: report::today(),
    })
}
