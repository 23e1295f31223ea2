//! The `fundlens` command line: subcommands, their options, and dispatch to the modules that do
//! the work. Nothing here computes anything.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use anyhow::{Context, Result, anyhow};

use crate::check::{self, CheckOptions, policy_from_args};
use crate::manage;
use crate::serve::ServeOptions;
use fundlens_shared::account::{NewRegion, Role};
use fundlens_shared::region::RegionKind;
use fundlens_store::Store;
use fundlens_store::audit_log::Change;

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
    /// Read 自评表 workbooks (.xlsx/.xls), Word reports (.docx) or report text (.txt) into one
    /// canonical JSON record per form found, with `<name>.sources.json` beside it saying where
    /// each field came from; prints what could not be read.
    Ingest(IngestArgs),
    /// Write a stored evaluation as a 自评表 workbook with computed scores, findings and
    /// explanations.
    Export(ExportArgs),
    /// Manage accounts: add, change a password, list, disable.
    #[command(subcommand)]
    User(UserCommand),
    /// Create API tokens for scripts (`Authorization: Bearer`).
    #[command(subcommand)]
    Token(TokenCommand),
    /// Add regions (with their parent) before records name them.
    #[command(subcommand)]
    Region(RegionCommand),
}

#[derive(Debug, clap::Args)]
struct IngestArgs {
    /// Documents to read.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Folder for the records and their sources.
    #[arg(long, default_value = ".")]
    out: PathBuf,
}

#[derive(Debug, clap::Args)]
struct ExportArgs {
    /// The evaluation's id (as in `GET /api/evaluations`).
    id: i64,
    /// The workbook to write.
    #[arg(long)]
    out: PathBuf,
    /// The database file.
    #[arg(long, default_value = "data/fundlens.sqlite")]
    db: PathBuf,
}

/// The database option of the administration commands.
#[derive(Debug, clap::Args)]
struct DbArg {
    /// The database file.
    #[arg(long, default_value = "data/fundlens.sqlite")]
    db: PathBuf,
}

/// A role on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum RoleArg {
    /// 查看: reads everything.
    Viewer,
    /// 填报: imports and edits for one region and the regions below it (needs --region).
    Editor,
    /// 管理: everything, including users and regions.
    Admin,
}

impl From<RoleArg> for Role {
    fn from(role: RoleArg) -> Self {
        match role {
            RoleArg::Viewer => Self::Viewer,
            RoleArg::Editor => Self::Editor,
            RoleArg::Admin => Self::Admin,
        }
    }
}

#[derive(Debug, Subcommand)]
enum UserCommand {
    /// Add an account; without --password-stdin a random password is made and printed once.
    Add {
        /// Account name.
        name: String,
        /// Role.
        #[arg(long, value_enum)]
        role: RoleArg,
        /// An editor's region (it also writes for every region below it).
        #[arg(long)]
        region: Option<String>,
        /// Read the password from one line of standard input.
        #[arg(long)]
        password_stdin: bool,
        #[command(flatten)]
        db: DbArg,
    },
    /// Set an account's password (its sessions end).
    Passwd {
        /// Account name.
        name: String,
        /// Read the password from one line of standard input.
        #[arg(long)]
        password_stdin: bool,
        #[command(flatten)]
        db: DbArg,
    },
    /// List the accounts.
    List {
        #[command(flatten)]
        db: DbArg,
    },
    /// Disable an account: no sign-in, its sessions and tokens stop working.
    Disable {
        /// Account name.
        name: String,
        #[command(flatten)]
        db: DbArg,
    },
}

#[derive(Debug, Subcommand)]
enum TokenCommand {
    /// Create a token acting as account NAME; it is printed once, only its digest is kept.
    Create {
        /// The account the token acts as.
        name: String,
        /// What the token is for.
        #[arg(long, default_value = "")]
        label: String,
        #[command(flatten)]
        db: DbArg,
    },
}

#[derive(Debug, Subcommand)]
enum RegionCommand {
    /// Add a region below an existing one.
    Add {
        /// Chinese name as reports write it.
        name: String,
        /// The existing region one level up.
        #[arg(long)]
        parent: String,
        /// province, city, district, county, county_city, management_zone or high_tech_zone.
        #[arg(long, value_parser = manage::kind_of)]
        kind: RegionKind,
        /// The existing region whose statistics include this one's.
        #[arg(long)]
        merged_into: Option<String>,
        #[command(flatten)]
        db: DbArg,
    },
}

#[derive(Debug, clap::Args)]
struct SampleArgs {
    /// city (Yiyang, 2018–2025, ~700 evaluations) or province (Hunan, 2016–2025, ~400,000).
    #[arg(long, default_value = "city")]
    scale: fundlens_sample::Scale,
    /// The seed; the same seed gives the same data.
    #[arg(long, default_value_t = fundlens_sample::DEFAULT_SEED)]
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
    /// The URL users reach the server at, when not the bind address (behind a proxy, or a
    /// DNS name): its host is accepted, and an https URL makes the session cookie Secure.
    #[arg(long)]
    public_url: Option<String>,
    /// Let anyone read without signing in on any address (loopback always does).
    #[arg(long)]
    public_read: bool,
    #[command(flatten)]
    policy: PolicyArgs,
}

#[derive(Debug, clap::Args)]
struct ImportArgs {
    /// Files to import: evaluations as JSON, observations as CSV, or documents (.xlsx, .xls,
    /// .docx, .txt) whose every required field can be read.
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
        Command::Ingest(args) => crate::ingest::ingest(&args.files, &args.out),
        Command::Export(args) => crate::ingest::export(args.id, &args.db, &args.out),
        Command::User(UserCommand::Add {
            name,
            role,
            region,
            password_stdin,
            db,
        }) => manage::add_user(
            &db.db,
            &name,
            role.into(),
            region.as_deref(),
            password_stdin,
        ),
        Command::User(UserCommand::Passwd {
            name,
            password_stdin,
            db,
        }) => manage::set_password(&db.db, &name, password_stdin),
        Command::User(UserCommand::List { db }) => manage::list_users(&db.db),
        Command::User(UserCommand::Disable { name, db }) => manage::disable_user(&db.db, &name),
        Command::Token(TokenCommand::Create { name, label, db }) => {
            manage::create_token(&db.db, &name, &label)
        }
        Command::Region(RegionCommand::Add {
            name,
            parent,
            kind,
            merged_into,
            db,
        }) => manage::add_region(
            &db.db,
            NewRegion {
                name,
                kind,
                parent,
                statistics_merged_into: merged_into,
            },
        ),
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
        public_url: args.public_url,
        public_read: args.public_read,
    };
    let runtime = tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
    runtime.block_on(crate::serve::run(options))?;
    Ok(ExitCode::SUCCESS)
}

fn import(args: &ImportArgs) -> Result<ExitCode> {
    let policy = policy_from_args(&args.policy)?;
    let store =
        Store::open(&args.db).with_context(|| format!("cannot open {}", args.db.display()))?;
    let (documents, files): (Vec<&PathBuf>, Vec<&PathBuf>) = args
        .files
        .iter()
        .partition(|f| crate::ingest::is_document(f));
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
    let mut evaluations = crate::ingest::records_of_documents(&documents, &store)?;
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
    let import_error = |error: fundlens_store::import::ImportError| -> anyhow::Error {
        match error {
            fundlens_store::import::ImportError::Invalid(errors)
            | fundlens_store::import::ImportError::Conflict(errors)
            | fundlens_store::import::ImportError::Forbidden(errors) => {
                report(&args.files[0], errors)
            }
            other => anyhow!(other),
        }
    };
    // One transaction for everything the command was given: a failure anywhere stores nothing.
    let (observed, summary) = store
        .import_together(&observations, &evaluations, &policy, args.replace, &change)
        .map_err(import_error)?;
    if !observations.is_empty() {
        println!(
            "imported {} observation(s); rescored {} evaluation(s)",
            observed.imported, observed.rescored
        );
    }
    if !evaluations.is_empty() {
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
    fundlens_store::backup_file(&args.db, &args.file)
        .with_context(|| format!("cannot write {}", args.file.display()))?;
    println!("backed up {} to {}", args.db.display(), args.file.display());
    Ok(ExitCode::SUCCESS)
}

fn sample(args: &SampleArgs) -> Result<ExitCode> {
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
    let store =
        Store::open(&args.db).with_context(|| format!("cannot open {}", args.db.display()))?;
    let imported = crate::seed_data::load_sample(&store, &spec, &policy, args.batch)?;
    println!(
        "imported {imported} sample evaluation(s) (marked 示例数据) into {}",
        args.db.display()
    );
    Ok(ExitCode::SUCCESS)
}
