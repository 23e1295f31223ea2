//! The scoring policy: the choices DOMAIN.md leaves to a province or a vendor, with the national
//! default and the Hunan preset.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The scale evaluators pick qualitative scores from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QualitativeScale {
    /// 达成 80–100% (80 inclusive), 部分达成 60–80%, 未达成 0–60%.
    NationalThreeTier,
    /// Hunan 工信: 100–90 (含), 90–80 (含), 80–60 (含), 60–0.
    HunanFourTier,
}

/// How an "at most" target scores when the actual value exceeds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AtMostFormula {
    /// weight × target ÷ actual.
    Ratio,
    /// weight × (1 − (actual − target) ÷ target), 0 at actual ≥ 2 × target.
    Linear,
}

/// Every choice scoring and audit depend on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoringPolicy {
    /// Name shown in explanations (`national`, `hunan`).
    pub name: String,
    /// Qualitative and missed-deadline tiers.
    pub qualitative_scale: QualitativeScale,
    /// Formula for an exceeded "at most" target.
    pub at_most_formula: AtMostFormula,
    /// Achievement (actual ÷ target) at or above which over-achievement is flagged; 1.3 = 130%.
    pub overachievement_threshold: Decimal,
    /// Whether over-achievement at or above the threshold lowers the score
    /// (weight × max(0, 1 − (achievement − threshold))).
    pub overachievement_deduction: bool,
    /// Share of the year-start budget whose mid-year cut is flagged; 0.1 = 10%.
    pub budget_cut_threshold: Decimal,
    /// Largest difference between a declared and a computed score still taken as rounding.
    pub score_tolerance: Decimal,
}

impl ScoringPolicy {
    /// The national rules (财预〔2020〕10号): three qualitative tiers, the ratio formula for an
    /// exceeded "at most" target, over-achievement flagged at 130% without deduction.
    pub fn national() -> Self {
        Self {
            name: "national".to_owned(),
            qualitative_scale: QualitativeScale::NationalThreeTier,
            at_most_formula: AtMostFormula::Ratio,
            overachievement_threshold: Decimal::new(13, 1),
            overachievement_deduction: false,
            budget_cut_threshold: Decimal::new(1, 1),
            score_tolerance: Decimal::new(1, 2),
        }
    }

    /// Hunan's 工信 practice: the national rules with the four-tier qualitative scale.
    pub fn hunan() -> Self {
        Self {
            name: "hunan".to_owned(),
            qualitative_scale: QualitativeScale::HunanFourTier,
            ..Self::national()
        }
    }

    /// Whether an achievement (actual ÷ target, in percent) reaches the over-achievement
    /// threshold (130 against the default 1.3).
    pub fn overachieved(&self, achievement: Decimal) -> bool {
        achievement >= self.overachievement_threshold * Decimal::ONE_HUNDRED
    }
}

impl Default for ScoringPolicy {
    fn default() -> Self {
        Self::national()
    }
}

#[cfg(test)]
mod tests {
    use rust_decimal_macros::dec;

    use super::*;

    #[test]
    fn over_achievement_starts_at_the_threshold() {
        let policy = ScoringPolicy::national();
        assert!(!policy.overachieved(dec!(129.99)));
        assert!(policy.overachieved(dec!(130)));
        assert!(policy.overachieved(dec!(250)));
    }
}
