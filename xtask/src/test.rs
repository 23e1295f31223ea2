//! `cargo xtask test`: every check in order, each under a header, stopping at the first failure
//! with the step's name.
//!
//! The browser tests are the `[[test]]` target named [`BROWSER_TEST`] of the `fundlens-tests`
//! package (`tests/`), declared with `test = false` so a plain `cargo test` (which may run where
//! no browser is installed) leaves it out; [`browser_tests`] makes sure Chromium and chromedriver
//! are installed and runs it after the built bundle and every other test.

use std::time::Instant;

use anyhow::{Context, Result};

use crate::{browser, cmd, frontend, postgres, workspace_root};

/// The name of the browser tests' `[[test]]` target in `tests/Cargo.toml`.
const BROWSER_TEST: &str = "browser";

type Step = (&'static str, fn() -> Result<()>);

/// Runs every step; the error names the step that failed.
pub(crate) fn all() -> Result<()> {
    let steps: [Step; 9] = [
        ("format", || cmd::cargo(["fmt", "--all", "--", "--check"])),
        ("clippy (host)", || {
            cmd::cargo([
                "clippy",
                "--workspace",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ])
        }),
        ("clippy (frontend, wasm32)", || {
            cmd::cargo([
                "clippy",
                "-p",
                "fundlens-frontend",
                "--target",
                "wasm32-unknown-unknown",
                "--",
                "-D",
                "warnings",
            ])
        }),
        ("shared builds for wasm32", || {
            cmd::cargo([
                "build",
                "-p",
                "fundlens-shared",
                "--target",
                "wasm32-unknown-unknown",
            ])
        }),
        ("build frontend (release)", || {
            frontend::build(frontend::Profile::Release)
        }),
        ("unit and integration tests", || {
            // The Word briefing's charts are drawn in the machine's fonts, and their tests read
            // the Chinese they draw: a fresh machine gets the font before them, not only before
            // the browser tests.
            browser::ensure_chinese_font();
            cmd::cargo(["test", "--workspace"])
        }),
        (
            "PostgreSQL: the store and the whole API suite",
            postgres_tests,
        ),
        ("browser available", browser_available),
        ("browser tests", browser_tests),
    ];
    let started = Instant::now();
    let count = steps.len();
    for (number, (name, step)) in steps.into_iter().enumerate() {
        cmd::header(&format!("[{}/{count}] {name}", number + 1));
        let step_started = Instant::now();
        step().with_context(|| format!("step `{name}` failed"))?;
        println!(
            "    ok: {name} ({:.0} s)",
            step_started.elapsed().as_secs_f64()
        );
    }
    println!(
        "\nxtask test: all {count} steps passed in {:.0} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Starts a throwaway PostgreSQL server and runs the store's PostgreSQL tests (its `postgres`
/// and `copy` modules) and the whole API suite (`tests/api/`) on it — every `TestServer` with a
/// database of its own, the tests that need two servers on one database included — after the
/// previous step ran them on SQLite.
///
/// Both commands keep `--workspace`, as the previous step does: selecting one package (`-p`)
/// resolves its dependencies' features on their own and rebuilds them all, minutes on a fresh
/// machine; with the workspace's features the built tests are reused.
fn postgres_tests() -> Result<()> {
    let server = postgres::Throwaway::start()?;
    for args in [
        &["test", "--workspace", "--lib", "--", "postgres::", "copy::"][..],
        &["test", "--workspace", "--test", "api"][..],
    ] {
        let mut command = cmd::cargo_command();
        command
            .args(args)
            .env("FUNDLENS_TEST_POSTGRES", server.url());
        if let Err(error) = cmd::run(&mut command) {
            println!("{}", server.diagnosis(40));
            return Err(error);
        }
    }
    Ok(())
}

/// Whether `tests/Cargo.toml` declares the browser tests' target.
fn browser_tests_declared() -> Result<bool> {
    let manifest = workspace_root().join("tests").join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest)
        .with_context(|| format!("reading {}", manifest.display()))?;
    let wanted = format!("name = \"{BROWSER_TEST}\"");
    Ok(text
        .split("[[test]]")
        .skip(1)
        .any(|section| section.lines().any(|line| line.trim() == wanted)))
}

/// Installs Chromium and chromedriver when missing; fatal only when browser tests exist.
fn browser_available() -> Result<()> {
    match browser::ensure_browser() {
        Ok(()) => Ok(()),
        Err(error) if !browser_tests_declared()? => {
            println!("    warning (no browser tests yet, so not fatal): {error:#}");
            Ok(())
        }
        Err(error) => Err(error),
    }
}

/// Hook for the browser tests: runs `tests/`'s `browser` test target, one test at a time (they
/// share one chromedriver), or says that there is none yet.
///
/// The tests get, in the environment: `FUNDLENS_BIN`, the `fundlens` binary (debug build, with
/// the bundle of step "build frontend" embedded); `FUNDLENS_CHROMEDRIVER` and `FUNDLENS_CHROMIUM`.
fn browser_tests() -> Result<()> {
    if !browser_tests_declared()? {
        println!("    skipped: tests/Cargo.toml declares no [[test]] named \"{BROWSER_TEST}\" yet");
        return Ok(());
    }
    cmd::cargo(["build", "-p", "fundlens-server", "--bin", "fundlens"])?;
    let binary = crate::target_dir()
        .join("debug")
        .join(format!("fundlens{}", std::env::consts::EXE_SUFFIX));
    let mut command = cmd::cargo_command();
    command
        .args([
            "test",
            "-p",
            "fundlens-tests",
            "--test",
            BROWSER_TEST,
            "--",
            "--test-threads=1",
        ])
        .env("FUNDLENS_BIN", &binary)
        .env("FUNDLENS_CHROMEDRIVER", browser::CHROMEDRIVER)
        .env("FUNDLENS_CHROMIUM", browser::CHROMIUM);
    cmd::run(&mut command)
}
