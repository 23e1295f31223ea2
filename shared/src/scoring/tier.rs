//! Tiers for qualitative targets and missed deadlines: the attainments (achieved, largely,
//! partly, not achieved) and which share of the weight each tier allows under the policy's
//! scale. How an actual's wording is judged is [`super::wording`]'s.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::policy::QualitativeScale;

/// How far a qualitative target was attained, judged from the actual text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Attainment {
    /// 达成.
    Achieved,
    /// 基本达成.
    Largely,
    /// 部分达成并具有一定效果.
    Partly,
    /// 未达成且效果较差.
    NotAchieved,
}

/// A band of scores, as shares of the weight.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tier {
    /// The tier's name (`达成年度指标`).
    pub label: String,
    /// Lowest share of the weight (inclusive).
    #[serde(with = "crate::value::decimal_number")]
    pub low_share: Decimal,
    /// Highest share of the weight.
    #[serde(with = "crate::value::decimal_number")]
    pub high_share: Decimal,
    /// Whether the highest share itself belongs to the tier (only the top tier's does).
    pub high_inclusive: bool,
}

impl Tier {
    fn new(label: &str, low: i64, high: i64) -> Self {
        Self {
            label: label.to_owned(),
            low_share: Decimal::new(low, 2),
            high_share: Decimal::new(high, 2),
            high_inclusive: high == 100,
        }
    }

    /// Whether `score` lies in this tier for `weight`, allowing `tolerance` at the edges.
    pub fn contains(&self, score: Decimal, weight: Decimal, tolerance: Decimal) -> bool {
        let (low, high) = (self.low_share * weight, self.high_share * weight);
        let below_top = if self.high_inclusive {
            score <= high + tolerance
        } else {
            score < high
        };
        score >= low - tolerance && below_top
    }

    /// `score` brought into the tier for `weight` (an exclusive top is approached to 0.01).
    pub fn clamp(&self, score: Decimal, weight: Decimal) -> Decimal {
        let low = self.low_share * weight;
        let high = if self.high_inclusive {
            self.high_share * weight
        } else {
            self.high_share * weight - Decimal::new(1, 2)
        };
        score.max(low).min(high)
    }
}

/// The tier an attainment falls in under `scale`.
pub fn tier_for(scale: QualitativeScale, attainment: Attainment) -> Tier {
    match (scale, attainment) {
        (QualitativeScale::NationalThreeTier, Attainment::Achieved | Attainment::Largely) => {
            Tier::new("达成年度指标", 80, 100)
        }
        (QualitativeScale::NationalThreeTier, Attainment::Partly) => {
            Tier::new("部分达成年度指标并具有一定效果", 60, 80)
        }
        (QualitativeScale::NationalThreeTier, Attainment::NotAchieved) => {
            Tier::new("未达成年度指标且效果较差", 0, 60)
        }
        (QualitativeScale::HunanFourTier, Attainment::Achieved) => {
            Tier::new("达成年度指标", 90, 100)
        }
        (QualitativeScale::HunanFourTier, Attainment::Largely) => {
            Tier::new("基本达成年度指标", 80, 90)
        }
        (QualitativeScale::HunanFourTier, Attainment::Partly) => {
            Tier::new("部分达成年度指标并具有一定效果", 60, 80)
        }
        (QualitativeScale::HunanFourTier, Attainment::NotAchieved) => {
            Tier::new("未达成年度指标且效果较差", 0, 60)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn national_tiers_include_eighty_percent_in_the_top_tier() {
        let top = tier_for(QualitativeScale::NationalThreeTier, Attainment::Achieved);
        let middle = tier_for(QualitativeScale::NationalThreeTier, Attainment::Partly);
        assert!(top.contains(dec!(4), dec!(5), dec!(0)));
        assert!(top.contains(dec!(5), dec!(5), dec!(0)));
        assert!(!middle.contains(dec!(4), dec!(5), dec!(0)));
        assert!(middle.contains(dec!(3), dec!(5), dec!(0)));
        assert!(!top.contains(dec!(3.9), dec!(5), dec!(0)));
    }

    #[test]
    fn hunan_tiers_split_the_top_at_ninety_percent() {
        let achieved = tier_for(QualitativeScale::HunanFourTier, Attainment::Achieved);
        let largely = tier_for(QualitativeScale::HunanFourTier, Attainment::Largely);
        assert!(achieved.contains(dec!(9), dec!(10), dec!(0)));
        assert!(!achieved.contains(dec!(8.9), dec!(10), dec!(0)));
        assert!(largely.contains(dec!(8), dec!(10), dec!(0)));
        assert!(!largely.contains(dec!(9), dec!(10), dec!(0)));
    }
}
