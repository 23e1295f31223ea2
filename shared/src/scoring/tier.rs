//! Tiers for qualitative targets and missed deadlines: how an actual text is judged (achieved,
//! largely, partly, not achieved) and which share of the weight each tier allows under the
//! policy's scale.

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

/// Phrases that say a target was not attained, whatever the target says.
const FAILURE_PHRASES: &[&str] = &[
    "未完成",
    "未达",
    "未实现",
    "未落实",
    "未开展",
    "未按",
    "未能",
    "未到位",
    "没有完成",
    "没有达",
    "没有实现",
    "没有落实",
    "没有按",
    "没能",
    "没完成",
    "没达",
    "没实现",
    "没落实",
    "较差",
    "不达标",
    "滞后",
    "逾期",
    "无成效",
    "无效果",
];

/// Negations that say a target was not attained (`未…`, `没有…`), unless the target is itself a
/// negation they answer (`无重大安全事故` against `没有发生安全事故`).
const NEGATIONS: &[&str] = &["没有", "未"];

/// Words that make a target a negation (`无重大安全事故`, `零投诉`, `杜绝…`).
const TARGET_NEGATIONS: &[&str] = &[
    "无",
    "没有",
    "未发生",
    "未出现",
    "零",
    "杜绝",
    "避免",
    "防止",
    "不发生",
    "不出现",
    "不得",
];

/// True for a target that is itself a negation (`无重大安全事故`, `零投诉`, `杜绝…`), which an
/// actual's negation answers rather than contradicts.
pub(crate) fn is_negation(target: &str) -> bool {
    TARGET_NEGATIONS.iter().any(|word| target.contains(word))
}

/// Words that say a target was partly attained.
const PARTLY_WORDS: &[&str] = &[
    "部分",
    "一定",
    "有所",
    "进行中",
    "推进中",
    "不明显",
    "不够",
    "不足",
];

/// Words that say a target was largely attained.
const LARGELY_WORDS: &[&str] = &["基本"];

/// The first generic negation in `actual` (`未` as in `未来` is no negation).
fn negation_in(actual: &str) -> Option<&'static str> {
    NEGATIONS.iter().copied().find(|word| {
        actual
            .match_indices(word)
            .any(|(at, _)| !actual[at..].starts_with("未来"))
    })
}

/// Judges the attainment of a qualitative target from its actual text, with the reason in words.
pub fn judge(target: &str, actual: &str) -> (Attainment, String) {
    if crate::target::same_wording(target, actual) {
        return (Attainment::Achieved, "实际完成值与指标值一致".to_owned());
    }
    let found = |words: &[&'static str]| words.iter().find(|word| actual.contains(**word)).copied();
    if let Some(word) = found(FAILURE_PHRASES) {
        return (
            Attainment::NotAchieved,
            format!("实际完成值含“{word}”，判为未达成"),
        );
    }
    let negation = negation_in(actual);
    let answers_target = is_negation(target);
    if let Some(word) = negation
        && !answers_target
    {
        return (
            Attainment::NotAchieved,
            format!("实际完成值含“{word}”，判为未达成"),
        );
    }
    if let Some(word) = found(PARTLY_WORDS) {
        (
            Attainment::Partly,
            format!("实际完成值含“{word}”，判为部分达成"),
        )
    } else if let Some(word) = found(LARGELY_WORDS) {
        (
            Attainment::Largely,
            format!("实际完成值含“{word}”，判为基本达成"),
        )
    } else if let Some(word) = negation {
        (
            Attainment::Achieved,
            format!("实际完成值的否定（“{word}”）与指标值本身的否定表述相符，判为达成"),
        )
    } else {
        (
            Attainment::Achieved,
            "实际完成值未述及未达成情形，判为达成".to_owned(),
        )
    }
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

    #[test]
    fn actual_texts_are_judged_by_their_words() {
        for (target, actual, attainment) in [
            ("成效明显", "成效明显", Attainment::Achieved),
            ("成效明显", "未完成", Attainment::NotAchieved),
            ("持续推动", "部分推动", Attainment::Partly),
            ("不断加强", "基本加强", Attainment::Largely),
            ("成效明显", "尚未见效", Attainment::NotAchieved),
            ("成效明显", "没有成效", Attainment::NotAchieved),
            ("按期推进", "进行中", Attainment::Partly),
            ("成效明显", "为未来发展奠定基础", Attainment::Achieved),
            ("成效明显", "达成预期指标", Attainment::Achieved),
            ("无重大安全事故", "没有发生安全事故", Attainment::Achieved),
            ("无重大安全事故", "未发生", Attainment::Achieved),
            ("无重大安全事故", "无", Attainment::Achieved),
            ("无重大安全事故", "未完成整改", Attainment::NotAchieved),
            ("不断加强", "没有加强", Attainment::NotAchieved),
            ("按期推进", "没完成", Attainment::NotAchieved),
        ] {
            assert_eq!(judge(target, actual).0, attainment, "{target} / {actual}");
        }
    }
}
