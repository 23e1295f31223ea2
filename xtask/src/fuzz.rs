//! `cargo xtask fuzz [-- --cases N]`: the property tests of `shared/tests/fuzz.rs` run long, in
//! release — the target and actual readers on arbitrary and form-like text, whole records
//! scored with arbitrary cells, and arbitrary JSON numbers in every numeric field. The normal
//! tests run the same properties with proptest's default 256 cases; a failing case is shrunk,
//! printed, and saved in `shared/tests/fuzz.proptest-regressions` so every later run tries it
//! first.

use std::time::Instant;

use anyhow::Result;
use clap::Parser;

use crate::cmd;

/// Options after `--`.
#[derive(Debug, Parser)]
#[command(
    name = "cargo xtask fuzz --",
    about = "Long property-test run of the readers and scoring"
)]
struct FuzzOptions {
    /// Cases per property.
    #[arg(long, default_value_t = 200_000)]
    cases: u32,
}

/// Runs the fuzz properties with `--cases` cases each and reports how long it took.
pub(crate) fn run(args: &[String]) -> Result<()> {
    let options = FuzzOptions::try_parse_from(
        std::iter::once("fuzz").chain(args.iter().map(String::as_str)),
    )?;
    cmd::header(&format!(
        "fuzz: shared/tests/fuzz.rs, {} cases per property (release)",
        options.cases
    ));
    let started = Instant::now();
    let mut command = cmd::cargo_command();
    command
        .env("PROPTEST_CASES", options.cases.to_string())
        .args([
            "test",
            "--release",
            "-p",
            "fundlens-shared",
            "--test",
            "fuzz",
        ]);
    cmd::run(&mut command)?;
    println!(
        "\nfuzz: every property held for {} cases in {:.1} minutes",
        options.cases,
        started.elapsed().as_secs_f64() / 60.0
    );
    Ok(())
}
