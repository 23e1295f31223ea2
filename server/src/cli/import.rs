//! `fundlens import` (records, observations and documents into the database, all in one
//! transaction), `fundlens backup` and `fundlens sample`.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, anyhow};
use fundlens_store::{Change, Location};

use super::policy::policy_from_args;
use super::{BackupArgs, CopyArgs, ImportArgs, SampleArgs};

/// Runs `import`.
///
/// # Errors
/// When a file cannot be read, a record is refused (nothing is imported then), or the store
/// fails.
pub(super) async fn import(args: &ImportArgs) -> Result<ExitCode> {
    let policy = policy_from_args(&args.policy)?;
    let store = args.db.open().await?;
    let (documents, files): (Vec<&PathBuf>, Vec<&PathBuf>) = args
        .files
        .iter()
        .partition(|f| super::ingest::is_document(f));
    let (csv, json): (Vec<&PathBuf>, Vec<&PathBuf>) = files
        .into_iter()
        .partition(|f| f.extension().is_some_and(|e| e == "csv"));
    let report = |file: &PathBuf, errors: Vec<fundlens_shared::error::RecordError>| {
        let lines: Vec<String> = errors
            .iter()
            .map(|e| {
                format!(
                    "  record {} {}{}: {}",
                    e.record,
                    e.key.as_deref().unwrap_or(""),
                    if e.field.is_empty() {
                        String::new()
                    } else {
                        format!(" field {}", e.field)
                    },
                    e.message
                )
            })
            .collect();
        anyhow!("{}: nothing imported\n{}", file.display(), lines.join("\n"))
    };
    let mut observations = Vec::new();
    let mut evaluations = super::ingest::records_of_documents(&documents, &store).await?;
    for file in csv.iter().chain(&json) {
        let text = std::fs::read_to_string(file)
            .with_context(|| format!("cannot read {}", file.display()))?;
        if csv.contains(file) {
            observations.extend(
                fundlens_documents::records::observations_csv(&text)
                    .map_err(|e| report(file, e))?,
            );
        } else if args.observations {
            observations.extend(
                fundlens_documents::records::observations_json(&text)
                    .map_err(|e| report(file, e))?,
            );
        } else {
            evaluations.extend(
                fundlens_documents::records::evaluations(&text).map_err(|e| report(file, e))?,
            );
        }
    }
    let names: Vec<String> = args.files.iter().map(|f| f.display().to_string()).collect();
    let change = Change::command_line(format!("fundlens import {}", names.join(" ")));
    let import_error = |error: fundlens_store::ImportError| -> anyhow::Error {
        match error {
            fundlens_store::ImportError::Invalid(errors)
            | fundlens_store::ImportError::Conflict(errors)
            | fundlens_store::ImportError::Forbidden(errors) => report(&args.files[0], errors),
            other => anyhow!(other),
        }
    };
    // One transaction for everything the command was given: a failure anywhere stores nothing.
    let (observation_count, evaluation_count) = (observations.len(), evaluations.len());
    let (observed, summary) = store
        .import_together(observations, evaluations, &policy, args.replace, &change)
        .await
        .map_err(import_error)?;
    if observation_count > 0 {
        println!(
            "imported {} observation(s); rescored {} evaluation(s)",
            observed.imported, observed.rescored
        );
    }
    if evaluation_count > 0 {
        println!(
            "imported {} evaluation(s) ({} replaced)",
            summary.imported, summary.replaced
        );
        for finding in &summary.findings {
            println!(
                "  record {} {}: {}: {}",
                finding.record,
                finding.key,
                serde_json::to_value(finding.code)
                    .ok()
                    .and_then(|code| code.as_str().map(str::to_owned))
                    .unwrap_or_default(),
                finding.message
            );
        }
    }
    write_briefings(&store).await?;
    Ok(ExitCode::SUCCESS)
}

/// Computes the region briefings the import left missing, on every core, so a server's first
/// answers are already written (a running server would fill them too, one at a time).
async fn write_briefings(store: &fundlens_store::Store) -> Result<()> {
    let Some(_turn) = store.briefing_fill_turn().await? else {
        println!("a running server is writing the region briefings");
        return Ok(());
    };
    let started = std::time::Instant::now();
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let filled = crate::briefing::kept::fill(store, cores).await?;
    println!(
        "wrote {} region briefing(s) in {:.1} s",
        filled.kept,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Runs `backup`.
///
/// # Errors
/// When the database is missing or the copy cannot be written.
pub(super) fn backup(args: &BackupArgs) -> Result<ExitCode> {
    let db = match args.db.location() {
        Location::Sqlite(path) => path,
        Location::Postgres { .. } => {
            return Err(anyhow!(
                "backup copies a SQLite file; for PostgreSQL use the server's own tools \
                 (pg_dump), or `fundlens copy --from URL --to FILE` for a SQLite copy"
            ));
        }
    };
    if !db.exists() {
        return Err(anyhow!("{} does not exist", db.display()));
    }
    fundlens_store::backup_file(&db, &args.file)
        .with_context(|| format!("cannot write {}", args.file.display()))?;
    println!("backed up {} to {}", db.display(), args.file.display());
    Ok(ExitCode::SUCCESS)
}

/// Runs `copy`: prints each table's rows and checksum as verified.
///
/// # Errors
/// When a database cannot be opened, the target holds data without `--force`, or a table does
/// not verify (the target's transaction is rolled back, or the mismatch named).
pub(super) async fn copy(args: &CopyArgs) -> Result<ExitCode> {
    let (from, to) = (Location::parse(&args.from), Location::parse(&args.to));
    if from == to {
        return Err(anyhow!("--from and --to name the same database"));
    }
    let started = std::time::Instant::now();
    let report = fundlens_store::copy::copy(&from, &to, args.force)
        .await
        .with_context(|| format!("copying {} to {}", from.describe(), to.describe()))?;
    for table in &report {
        println!(
            "{:<28} {:>10} rows  sha256 {}",
            table.table, table.rows, table.checksum
        );
    }
    println!(
        "copied {} table(s) from {} to {} in {:.1} s; every table's rows and checksum verified",
        report.len(),
        from.describe(),
        to.describe(),
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}

/// Runs `sample`.
///
/// # Errors
/// When the file or database cannot be written or the store refuses a batch.
pub(super) async fn sample(args: &SampleArgs) -> Result<ExitCode> {
    let spec = fundlens_sample::SampleSpec {
        scale: args.scale,
        seed: args.seed,
    };
    if let Some(out) = &args.out {
        let document = serde_json::json!({
            "evaluations": fundlens_sample::evaluations(&spec).collect::<Vec<_>>(),
            "observations": fundlens_sample::observations(&spec),
        });
        std::fs::write(out, serde_json::to_string_pretty(&document)?)
            .with_context(|| format!("cannot write {}", out.display()))?;
        println!(
            "wrote the {} sample (seed {}) to {}",
            spec.scale,
            spec.seed,
            out.display()
        );
        return Ok(ExitCode::SUCCESS);
    }
    let policy = policy_from_args(&args.policy)?;
    let store = args.db.open().await?;
    let imported = crate::seed_data::load_sample(&store, &spec, &policy, args.batch).await?;
    println!(
        "imported {imported} sample evaluation(s) (marked 示例数据) into {}",
        args.db.location().describe()
    );
    write_briefings(&store).await?;
    Ok(ExitCode::SUCCESS)
}
