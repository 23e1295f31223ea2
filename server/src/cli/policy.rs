//! The scoring policy as options every subcommand that scores shares (`--policy`,
//! `--at-most`, `--overachievement-threshold`, `--deduct-overachievement`), and the policy they
//! make.

use anyhow::{Result, anyhow, bail};
use clap::ValueEnum;
use fundlens_shared::scoring::{AtMostFormula, ScoringPolicy};
use fundlens_shared::value::parse_decimal;
use rust_decimal::Decimal;

/// The scoring policy, as options shared by every subcommand that scores.
#[derive(Debug, Clone, clap::Args)]
pub(super) struct PolicyArgs {
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
pub(super) enum PolicyPreset {
    /// The national rules (财预〔2020〕10号): three qualitative tiers.
    National,
    /// Hunan's 工信 practice: four qualitative tiers.
    Hunan,
}

/// `--at-most`: how an exceeded "at most" target scores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(super) enum AtMostChoice {
    /// weight × target ÷ actual.
    Ratio,
    /// weight × (1 − (actual − target) ÷ target), 0 at twice the target.
    Linear,
}

/// Builds the policy from a preset and overrides.
///
/// # Errors
/// When the preset, formula or threshold is not understood.
pub(super) fn policy_from_args(args: &PolicyArgs) -> Result<ScoringPolicy> {
    let mut policy = match args.policy {
        PolicyPreset::National => ScoringPolicy::national(),
        PolicyPreset::Hunan => ScoringPolicy::hunan(),
    };
    if let Some(formula) = args.at_most {
        policy.at_most_formula = match formula {
            AtMostChoice::Ratio => AtMostFormula::Ratio,
            AtMostChoice::Linear => AtMostFormula::Linear,
        };
    }
    if let Some(threshold) = &args.overachievement_threshold {
        let percent = parse_decimal(threshold.trim_end_matches('%'))
            .map_err(|e| anyhow!("--overachievement-threshold: {e}"))?;
        if percent <= Decimal::ONE_HUNDRED {
            bail!(
                "--overachievement-threshold: {percent} must be above 100 (percent of the target)"
            );
        }
        policy.overachievement_threshold = percent / Decimal::ONE_HUNDRED;
    }
    policy.overachievement_deduction = args.deduct_overachievement;
    Ok(policy)
}
