//! The `fundlens` command line: subcommands, their options, and dispatch to the modules that do
//! the work. Nothing here computes anything.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use anyhow::{Context, Result, anyhow};

use crate::check::{self, CheckOptions, policy_from_args};
use crate::serve::ServeOptions;
use crate::storage::Store;

/// FundLens: performance self-evaluations of special funds, scored, audited and compared.
#[derive(Debug, Parser)]
#[command(name = "fundlens", version, about)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Validate one evaluation file, score and audit it, and print the result.
    Check(CheckArgs),
    /// Serve the API and the dashboard; creates the database with the real records and the
    /// city sample when it does not exist yet.
    Serve(ServeArgs),
    /// Import evaluation files (JSON) or observation files (CSV, or JSON with --observations)
    /// into the database, all in one transaction.
    Import(ImportArgs),
    /// Copy the live database into FILE (SQLite online backup: consistent while serving).
    Backup(BackupArgs),
    /// Generate deterministic demonstration data (marked as sample) into the database, or as
    /// JSON into a file.
    Sample(SampleArgs),
}

#[derive(Debug, clap::Args)]
struct SampleArgs {
    /// city (Yiyang, 2018–2025, ~700 evaluations) or province (Hunan, 2016–2025, ~400,000).
    #[arg(long, default_value = "city")]
    scale: crate::sample::Scale,
    /// The seed; the same seed gives the same data.
    #[arg(long, default_value_t = crate::seed_data::DEFAULT_SAMPLE_SEED)]
    seed: u64,
    /// The database to import into.
    #[arg(long, default_value = "data/fundlens.sqlite")]
    db: PathBuf,
    /// Write the evaluations and observations as JSON into this file instead of importing.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Evaluations per import transaction.
    #[arg(long, default_value_t = 2000)]
    batch: usize,
    #[command(flatten)]
    policy: PolicyArgs,
}

#[derive(Debug, clap::Args)]
struct ServeArgs {
    /// The database file.
    #[arg(long, default_value = "data/fundlens.sqlite")]
    db: PathBuf,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    bind: std::net::SocketAddr,
    /// Folder of real records loaded into a new database.
    #[arg(long, default_value = "data")]
    data: PathBuf,
    /// Do not add the city-scale sample to a new database.
    #[arg(long)]
    no_sample: bool,
    #[command(flatten)]
    policy: PolicyArgs,
}

#[derive(Debug, clap::Args)]
struct ImportArgs {
    /// Files to import.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// The database file.
    #[arg(long, default_value = "data/fundlens.sqlite")]
    db: PathBuf,
    /// Replace evaluations of the same program, region and year.
    #[arg(long)]
    replace: bool,
    /// Treat JSON files as observations rather than evaluations.
    #[arg(long)]
    observations: bool,
    #[command(flatten)]
    policy: PolicyArgs,
}

#[derive(Debug, clap::Args)]
struct BackupArgs {
    /// Where to write the copy.
    file: PathBuf,
    /// The database file.
    #[arg(long, default_value = "data/fundlens.sqlite")]
    db: PathBuf,
}

/// How `check` prints its result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// A readable report.
    Text,
    /// The assessment as JSON.
    Json,
}

#[derive(Debug, clap::Args)]
struct CheckArgs {
    /// The evaluation file (canonical JSON, see README "The record format").
    file: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    format: OutputFormat,
    #[command(flatten)]
    policy: PolicyArgs,
    /// A benchmark figure, `metric=value` (e.g. `industrial_value_added_growth=7.2`), for the
    /// province unless prefixed `city:` or `country:`. Repeatable.
    #[arg(long = "benchmark", value_name = "METRIC=VALUE")]
    benchmarks: Vec<String>,
    /// A file of benchmark figures: a JSON list of {metric, value, scope?, source?} or CSV with a
    /// header `metric,value[,scope][,source]`.
    #[arg(long = "benchmarks", value_name = "FILE")]
    benchmark_file: Option<PathBuf>,
}

/// The scoring policy, as options shared by every subcommand that scores.
#[derive(Debug, Clone, clap::Args)]
pub struct PolicyArgs {
    /// Policy preset.
    #[arg(long, value_enum, default_value_t = PolicyPreset::National)]
    pub policy: PolicyPreset,
    /// Formula for an exceeded "at most" target (the preset's when not given).
    #[arg(long, value_enum)]
    pub at_most: Option<AtMostChoice>,
    /// Achievement, in percent of the target, at which over-achievement is flagged.
    #[arg(long, value_name = "PERCENT")]
    pub overachievement_threshold: Option<String>,
    /// Lower the score of an over-achievement at or above the threshold.
    #[arg(long)]
    pub deduct_overachievement: bool,
}

/// `--policy`: the presets of `shared::scoring::ScoringPolicy`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PolicyPreset {
    /// The national rules (财预〔2020〕10号): three qualitative tiers.
    National,
    /// Hunan's 工信 practice: four qualitative tiers.
    Hunan,
}

/// `--at-most`: how an exceeded "at most" target scores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AtMostChoice {
    /// weight × target ÷ actual.
    Ratio,
    /// weight × (1 − (actual − target) ÷ target), 0 at twice the target.
    Linear,
}

/// Parses the command line and runs the subcommand; errors are printed and give exit code 1,
/// usage errors exit code 2.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,tower_http=info")),
        )
        .with_writer(std::io::stderr)
        .init();
    let result = match cli.command {
        Command::Check(args) => check::run(&CheckOptions {
            file: args.file,
            format: args.format,
            policy: args.policy,
            benchmarks: args.benchmarks,
            benchmark_file: args.benchmark_file,
        }),
        Command::Serve(args) => serve(args),
        Command::Import(args) => import(&args),
        Command::Backup(args) => backup(&args),
        Command::Sample(args) => sample(&args),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("fundlens: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn serve(args: ServeArgs) -> Result<ExitCode> {
    let options = ServeOptions {
        db: args.db,
        bind: args.bind,
        data_dir: args.data,
        with_sample: !args.no_sample,
        policy: policy_from_args(&args.policy)?,
    };
    let runtime = tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
    runtime.block_on(crate::serve::run(options))?;
    Ok(ExitCode::SUCCESS)
}

fn import(args: &ImportArgs) -> Result<ExitCode> {
    let policy = policy_from_args(&args.policy)?;
    let store =
        Store::open(&args.db).with_context(|| format!("cannot open {}", args.db.display()))?;
    let (csv, json): (Vec<&PathBuf>, Vec<&PathBuf>) = args
        .files
        .iter()
        .partition(|f| f.extension().is_some_and(|e| e == "csv"));
    let report = |file: &PathBuf, errors: Vec<crate::storage::import::RecordError>| {
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
    let mut evaluations = Vec::new();
    for file in csv.iter().chain(&json) {
        let text = std::fs::read_to_string(file)
            .with_context(|| format!("cannot read {}", file.display()))?;
        if csv.contains(file) {
            observations
                .extend(crate::intake::observations_csv(&text).map_err(|e| report(file, e))?);
        } else if args.observations {
            observations
                .extend(crate::intake::observations_json(&text).map_err(|e| report(file, e))?);
        } else {
            evaluations.extend(crate::intake::evaluations(&text).map_err(|e| report(file, e))?);
        }
    }
    let import_error = |error: crate::storage::import::ImportError| -> anyhow::Error {
        match error {
            crate::storage::import::ImportError::Invalid(errors)
            | crate::storage::import::ImportError::Conflict(errors) => {
                report(&args.files[0], errors)
            }
            other => anyhow!(other),
        }
    };
    if !observations.is_empty() {
        let summary = store
            .import_observations(&observations, &policy)
            .map_err(import_error)?;
        println!(
            "imported {} observation(s); rescored {} evaluation(s)",
            summary.imported, summary.rescored
        );
    }
    if !evaluations.is_empty() {
        let summary = store
            .import_evaluations(&evaluations, &policy, args.replace)
            .map_err(import_error)?;
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
    Ok(ExitCode::SUCCESS)
}

fn backup(args: &BackupArgs) -> Result<ExitCode> {
    if !args.db.exists() {
        return Err(anyhow!("{} does not exist", args.db.display()));
    }
    let store =
        Store::open(&args.db).with_context(|| format!("cannot open {}", args.db.display()))?;
    store
        .backup(&args.file)
        .with_context(|| format!("cannot write {}", args.file.display()))?;
    println!("backed up {} to {}", args.db.display(), args.file.display());
    Ok(ExitCode::SUCCESS)
}

fn sample(args: &SampleArgs) -> Result<ExitCode> {
    let spec = crate::sample::SampleSpec {
        scale: args.scale,
        seed: args.seed,
    };
    if let Some(out) = &args.out {
        let document = serde_json::json!({
            "evaluations": crate::sample::evaluations(&spec).collect::<Vec<_>>(),
            "observations": crate::sample::observations(&spec),
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
    let store =
        Store::open(&args.db).with_context(|| format!("cannot open {}", args.db.display()))?;
    let imported = crate::seed_data::load_sample(&store, &spec, &policy, args.batch)?;
    println!(
        "imported {imported} sample evaluation(s) (marked 示例数据) into {}",
        args.db.display()
    );
    Ok(ExitCode::SUCCESS)
}
