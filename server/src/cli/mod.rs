//! The `fundlens` command line: subcommands, their options, and dispatch to the modules that do
//! the work. Nothing here computes anything.
//!
//! # Layout
//! - [`policy`]: the scoring options every scoring subcommand shares.
//! - [`check`]: `fundlens check`, one file validated, scored, audited and reported.
//! - [`ingest`]: `fundlens ingest` and `export`, and the documents `import` takes.
//! - [`import`]: `fundlens import`, `backup` and `sample`.
//! - [`manage`]: `fundlens user`, `token` and `region`.
//! - [`database`]: where the store is (`--database`, `--db`, `FUNDLENS_DATABASE_URL`).

mod check;
pub mod database;
mod import;
mod ingest;
mod manage;
mod policy;
mod queue;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use anyhow::{Context, Result};

use crate::serve::ServeOptions;
use check::CheckOptions;
use database::DatabaseArgs;
use fundlens_shared::account::{NewRegion, Role};
use fundlens_shared::region::RegionKind;
use policy::{PolicyArgs, policy_from_args};

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
    /// Move everything — evaluations, documents, versions, the audit log, accounts, sessions,
    /// drafts — from one database to another (SQLite ↔ PostgreSQL), then verify every table's
    /// row count and checksum. Refuses a target that holds data unless --force.
    Copy(CopyArgs),
    /// Generate deterministic demonstration data (marked as sample) into the database, or as
    /// JSON into a file.
    Sample(SampleArgs),
    /// Read 自评表 workbooks (.xlsx/.xls), Word reports (.docx) or report text (.txt) into one
    /// canonical JSON record per form found, with `<name>.sources.json` beside it saying where
    /// each field came from; prints what could not be read, then the queue of every form (a
    /// folder or .zip reads every document in it).
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
    /// Documents to read: files, .zip files of them, or folders (every document and .zip
    /// below them).
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
    #[command(flatten)]
    db: DatabaseArgs,
}

/// The database option of the administration commands.
#[derive(Debug, clap::Args)]
struct DbArg {
    #[command(flatten)]
    db: DatabaseArgs,
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
    #[command(flatten)]
    db: DatabaseArgs,
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
    #[command(flatten)]
    db: DatabaseArgs,
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
    #[command(flatten)]
    db: DatabaseArgs,
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
struct CopyArgs {
    /// The database to copy from: a SQLite file or a PostgreSQL URL.
    #[arg(long, value_name = "URL|FILE")]
    from: String,
    /// The database to copy into: a SQLite file or a PostgreSQL URL (created or migrated).
    #[arg(long, value_name = "URL|FILE")]
    to: String,
    /// Empty the target first when it holds data (a SQLite file is removed; a PostgreSQL
    /// database loses FundLens's tables, its audit log included).
    #[arg(long)]
    force: bool,
}

#[derive(Debug, clap::Args)]
struct BackupArgs {
    /// Where to write the copy.
    file: PathBuf,
    #[command(flatten)]
    db: DatabaseArgs,
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
    let result = tokio::runtime::Runtime::new()
        .context("cannot start the async runtime")
        .and_then(|runtime| runtime.block_on(run(cli.command)));
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("fundlens: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// Runs one subcommand.
async fn run(command: Command) -> Result<ExitCode> {
    match command {
        Command::Check(args) => check::run(&CheckOptions {
            file: args.file,
            format: args.format,
            policy: args.policy,
            benchmarks: args.benchmarks,
            benchmark_file: args.benchmark_file,
        }),
        Command::Serve(args) => serve(args).await,
        Command::Import(args) => import::import(&args).await,
        Command::Backup(args) => import::backup(&args),
        Command::Copy(args) => import::copy(&args).await,
        Command::Sample(args) => import::sample(&args).await,
        Command::Ingest(args) => ingest::ingest(&args.files, &args.out),
        Command::Export(args) => ingest::export(args.id, &args.db, &args.out).await,
        Command::User(UserCommand::Add {
            name,
            role,
            region,
            password_stdin,
            db,
        }) => {
            manage::add_user(
                &db.db,
                &name,
                role.into(),
                region.as_deref(),
                password_stdin,
            )
            .await
        }
        Command::User(UserCommand::Passwd {
            name,
            password_stdin,
            db,
        }) => manage::set_password(&db.db, &name, password_stdin).await,
        Command::User(UserCommand::List { db }) => manage::list_users(&db.db).await,
        Command::User(UserCommand::Disable { name, db }) => {
            manage::disable_user(&db.db, &name).await
        }
        Command::Token(TokenCommand::Create { name, label, db }) => {
            manage::create_token(&db.db, &name, &label).await
        }
        Command::Region(RegionCommand::Add {
            name,
            parent,
            kind,
            merged_into,
            db,
        }) => {
            manage::add_region(
                &db.db,
                NewRegion {
                    name,
                    kind,
                    parent,
                    statistics_merged_into: merged_into,
                },
            )
            .await
        }
    }
}

async fn serve(args: ServeArgs) -> Result<ExitCode> {
    let options = ServeOptions {
        location: args.db.location(),
        bind: args.bind,
        data_dir: args.data,
        with_sample: !args.no_sample,
        policy: policy_from_args(&args.policy)?,
        public_url: args.public_url,
        public_read: args.public_read,
    };
    crate::serve::run(options).await?;
    Ok(ExitCode::SUCCESS)
}
