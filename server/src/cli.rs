//! The `fundlens` command line: subcommands, their options, and dispatch to the modules that do
//! the work. Nothing here computes anything.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::check::{self, CheckOptions};

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
    /// Policy preset: national (three qualitative tiers) or hunan (four tiers).
    #[arg(long, default_value = "national")]
    pub policy: String,
    /// Formula for an exceeded "at most" target: ratio (weight × target ÷ actual) or linear.
    #[arg(long, value_name = "ratio|linear")]
    pub at_most: Option<String>,
    /// Achievement, in percent of the target, at which over-achievement is flagged.
    #[arg(long, value_name = "PERCENT")]
    pub overachievement_threshold: Option<String>,
    /// Lower the score of an over-achievement at or above the threshold.
    #[arg(long)]
    pub deduct_overachievement: bool,
}

/// Parses the command line and runs the subcommand; errors are printed and give exit code 1,
/// usage errors exit code 2.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check(args) => check::run(&CheckOptions {
            file: args.file,
            format: args.format,
            policy: args.policy,
            benchmarks: args.benchmarks,
            benchmark_file: args.benchmark_file,
        }),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("fundlens: {error:#}");
            ExitCode::FAILURE
        }
    }
}
