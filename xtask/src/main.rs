//! `cargo xtask …`: FundLens build orchestration (the alias lives in `.cargo/config.toml`).
//!
//! - `cargo xtask build-frontend [--release | --dev]`: the wasm bundle in `frontend/dist/`.
//! - `cargo xtask run [-- ARGS…]`: builds the bundle and the server (release) and runs
//!   `fundlens serve ARGS…`.
//! - `cargo xtask test`: every check, in order, failing fast with the step's name.
//! - `cargo xtask bench [--database URL|throwaway] [-- ARGS…]`: province-scale benchmarks into
//!   `BENCHMARKS.md`; with `--database`, SQLite and PostgreSQL side by side.
//! - `cargo xtask fuzz [-- --cases N]`: a long property-test run of the readers and scoring.
//!
//! # Layout
//! - [`cmd`]: running commands and printing what runs.
//! - [`fuzz`]: the long property-test run.
//! - [`frontend`]: the wasm build, `wasm-bindgen`, the HTML shell, optional `wasm-opt` and gzip.
//! - [`tools`]: `wasm-bindgen-cli` installed at the exact version of `Cargo.lock`.
//! - [`browser`]: Chromium and chromedriver from Debian's packages.
//! - [`test`]: the steps of `cargo xtask test`.
//! - [`toolchain`]: the pinned toolchain's components and targets, installed before any build.

mod browser;
mod cmd;
mod frontend;
mod fuzz;
mod postgres;
mod test;
mod toolchain;
mod tools;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;
use clap::{Parser, Subcommand};

/// FundLens build orchestration.
#[derive(Debug, Parser)]
#[command(
    name = "xtask",
    bin_name = "cargo xtask",
    about = "FundLens build orchestration"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build the frontend (wasm32) into frontend/dist/: small release build by default.
    BuildFrontend {
        /// Optimised, small build (profile `wasm-release`); this is the default.
        #[arg(long, conflicts_with = "dev")]
        release: bool,
        /// Fast, unoptimised build (profile `dev`) with debug assertions.
        #[arg(long)]
        dev: bool,
    },
    /// Build the frontend and the server (release), then run `fundlens serve [ARGS…]`.
    Run {
        /// Arguments passed to `fundlens serve` (write them after `--`).
        #[arg(last = true)]
        args: Vec<String>,
    },
    /// Every check: fmt, clippy (host and wasm32), frontend build, tests, browser tests.
    Test,
    /// Benchmarks at province scale (not part of `test`): writes BENCHMARKS.md.
    Bench {
        /// Also measure PostgreSQL side by side: a server's URL (`postgres://…`), or
        /// `throwaway` for a new cluster from Debian's package for the run.
        #[arg(long)]
        database: Option<String>,
        /// Arguments passed to the bench (e.g. `-- --scale city` for a quick run).
        #[arg(last = true)]
        args: Vec<String>,
    },
    /// Long property-test run of the target and actual readers and of scoring (not part of
    /// `test`, which runs the same properties briefly).
    Fuzz {
        /// `--cases N`: cases per property (default 200000), after `--`.
        #[arg(last = true)]
        args: Vec<String>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = toolchain::ensure().and_then(|()| match cli.command {
        Command::BuildFrontend { release: _, dev } => {
            let profile = if dev {
                frontend::Profile::Dev
            } else {
                frontend::Profile::Release
            };
            frontend::build(profile).map(|_| ())
        }
        Command::Run { args } => run(&args),
        Command::Test => test::all(),
        Command::Bench { database, args } => bench(database.as_deref(), &args),
        Command::Fuzz { args } => fuzz::run(&args),
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("\nxtask: error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root: the parent of this crate's folder.
pub(crate) fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// Cargo's target folder (`CARGO_TARGET_DIR` when set, else `target/` in the workspace).
pub(crate) fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) if !dir.is_empty() => {
            let dir = PathBuf::from(dir);
            if dir.is_absolute() {
                dir
            } else {
                workspace_root().join(dir)
            }
        }
        _ => workspace_root().join("target"),
    }
}

/// `cargo xtask bench`: the release bundle (its size is reported), the release server and the
/// bench, then the bench itself, which writes `BENCHMARKS.md`.
fn bench(database: Option<&str>, args: &[String]) -> Result<()> {
    frontend::build(frontend::Profile::Release)?;
    // The page step opens the dashboard in headless Chromium.
    browser::ensure_browser()?;
    let throwaway = match database {
        Some("throwaway") => {
            cmd::header("PostgreSQL (throwaway)");
            Some(postgres::Throwaway::start()?)
        }
        _ => None,
    };
    let database = throwaway
        .as_ref()
        .map(postgres::Throwaway::url)
        .or_else(|| database.map(str::to_owned));
    cmd::header("server and bench (release)");
    // No `--bin` filter: it applies to every package named, and would leave the bench out.
    cmd::cargo([
        "build",
        "--release",
        "-p",
        "fundlens-server",
        "-p",
        "fundlens-bench",
    ])?;
    let release = target_dir().join("release");
    cmd::header("fundlens-bench");
    let mut command = std::process::Command::new(
        release.join(format!("fundlens-bench{}", std::env::consts::EXE_SUFFIX)),
    );
    command
        .current_dir(workspace_root())
        .arg("--server")
        .arg(release.join(format!("fundlens{}", std::env::consts::EXE_SUFFIX)))
        .env("FUNDLENS_CHROMEDRIVER", browser::CHROMEDRIVER)
        .env("FUNDLENS_CHROMIUM", browser::CHROMIUM)
        .args(args);
    if let Some(database) = &database {
        command.arg("--database").arg(database);
    }
    cmd::run(&mut command)
}

/// `cargo xtask run`: the release bundle, the release server, then `fundlens serve ARGS…`.
fn run(args: &[String]) -> Result<()> {
    frontend::build(frontend::Profile::Release)?;
    cmd::header("Chinese font");
    browser::ensure_chinese_font();
    cmd::header("server (release)");
    cmd::cargo([
        "build",
        "--release",
        "-p",
        "fundlens-server",
        "--bin",
        "fundlens",
    ])?;
    let binary = target_dir()
        .join("release")
        .join(format!("fundlens{}", std::env::consts::EXE_SUFFIX));
    cmd::header("fundlens serve");
    let mut command = std::process::Command::new(&binary);
    command
        .current_dir(workspace_root())
        .arg("serve")
        .args(args);
    cmd::run(&mut command)
}
