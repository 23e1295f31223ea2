//! Quantitative rules with their explanations: "at least", "at most" (two policy formulas),
//! "equal" and ranges, with negative actual values counted as 0 and over-achievement measured
//! against the threshold. The arithmetic is [`super::formula`]'s; this module says which
//! formula applied and writes it out with the numbers filled in.
//!
//! None of these decide which rule applies (that is [`super::indicator`]).

use rust_decimal::Decimal;

use super::explanation::{Explanation, Rule};
use super::formula;
use super::policy::{AtMostFormula, ScoringPolicy};
use crate::format;

/// A computed score with its explanation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Computed {
    pub(crate) score: Decimal,
    pub(crate) explanation: Explanation,
}

fn n(value: Decimal) -> String {
    format::round(value, 4).normalize().to_string()
}

fn points(value: Decimal) -> String {
    format!("{}分", format::score(value))
}

fn computed(score: Decimal, rule: Rule, rule_text: &str, formula: String) -> Computed {
    Computed {
        score,
        explanation: Explanation::new(rule, rule_text)
            .formula(formula)
            .result(points(score)),
    }
}

fn full(rule: Rule, rule_text: &str, weight: Decimal, check: String) -> Computed {
    computed(
        weight,
        rule,
        rule_text,
        format!("{check}，得满分 {}", n(weight)),
    )
}

/// A target of zero or below missed by `off`: compared on the difference (DOMAIN.md, "Edge
/// rules"), the score `score` written out.
fn on_difference(score: Decimal, weight: Decimal, target: Decimal, off: Decimal) -> Computed {
    let scale = target.abs().max(Decimal::ONE);
    let formula = if off > Decimal::ZERO {
        format!(
            "相差 {}，{} × max(0, 1 − {} ÷ {}) = {}",
            n(off),
            n(weight),
            n(off),
            n(scale),
            n(score)
        )
    } else {
        format!("恰在界限 {} 上，未达到严格的比较，得0分", n(target))
    };
    computed(
        score,
        Rule::DifferenceFromTarget,
        "指标值为0或负数，按差额计分：得分 = 分值 × max(0, 1 − 差额 ÷ |指标值|)（|指标值|至少按1计）",
        formula,
    )
}

/// "At least" (≥, >, a bare count, a benchmark): met → full weight; otherwise
/// weight × actual ÷ target. Over-achievement at or above the threshold is deducted only when
/// the policy says so.
pub(crate) fn at_least(
    weight: Decimal,
    target: Decimal,
    actual: Decimal,
    strict: bool,
    policy: &ScoringPolicy,
) -> Computed {
    let score = formula::at_least(weight, target, actual, strict);
    let symbol = if strict { ">" } else { "≥" };
    if score == weight && (actual > target || (!strict && actual == target)) {
        let ratio = formula::achievement(target, actual).map(|a| a / Decimal::ONE_HUNDRED);
        if policy.overachievement_deduction
            && let Some(ratio) = ratio.filter(|r| *r >= policy.overachievement_threshold)
        {
            let threshold = policy.overachievement_threshold;
            let score = formula::overachievement_deduction(weight, ratio, threshold);
            return computed(
                score,
                Rule::OverachievementDeduction,
                "完成值高于指标值较多（达到超额阈值），按偏离度调减：得分 = 分值 × (1 − (完成率 − 阈值))",
                format!(
                    "{} × (1 − ({} − {})) = {}",
                    n(weight),
                    n(ratio),
                    n(threshold),
                    n(score)
                ),
            );
        }
        return full(
            Rule::AtLeastMet,
            "定量指标（不低于）：实际完成值达到指标值，得满分",
            weight,
            format!("{} {symbol} {}", n(actual), n(target)),
        );
    }
    let rule_text =
        "定量指标（不低于）：未达到指标值，得分 = 分值 × 实际完成值 ÷ 指标值（负值按0计）";
    if target <= Decimal::ZERO {
        return on_difference(score, weight, target, target - actual);
    }
    let counted = actual.max(Decimal::ZERO);
    let written = format!(
        "{} × {} ÷ {} = {}",
        n(weight),
        n(counted),
        n(target),
        n(score)
    );
    computed(score, Rule::AtLeastProportional, rule_text, written)
}

/// "At most" (≤, <, a bare amount under 成本指标): met → full weight; otherwise the policy's
/// formula.
pub(crate) fn at_most(
    weight: Decimal,
    target: Decimal,
    actual: Decimal,
    strict: bool,
    policy: &ScoringPolicy,
) -> Computed {
    let met = if strict {
        actual < target
    } else {
        actual <= target
    };
    let score = formula::at_most(weight, target, actual, strict, policy.at_most_formula);
    if met {
        let symbol = if strict { "<" } else { "≤" };
        return full(
            Rule::AtMostMet,
            "定量指标（不高于）：实际完成值未超过指标值，得满分",
            weight,
            format!("{} {symbol} {}", n(actual), n(target)),
        );
    }
    if target <= Decimal::ZERO {
        return on_difference(score, weight, target, actual - target);
    }
    match policy.at_most_formula {
        AtMostFormula::Ratio => computed(
            score,
            Rule::AtMostRatio,
            "定量指标（不高于）：超过指标值，得分 = 分值 × 指标值 ÷ 实际完成值",
            format!(
                "{} × {} ÷ {} = {}",
                n(weight),
                n(target),
                n(actual),
                n(score)
            ),
        ),
        AtMostFormula::Linear => computed(
            score,
            Rule::AtMostLinear,
            "定量指标（不高于）：超过指标值，得分 = 分值 × (1 − (实际完成值 − 指标值) ÷ 指标值)，超过一倍及以上得0分",
            format!(
                "{} × (1 − ({} − {}) ÷ {}) = {}",
                n(weight),
                n(actual),
                n(target),
                n(target),
                n(score)
            ),
        ),
    }
}

/// "Equal" (=): met → full weight; otherwise weight × (1 − |actual − target| ÷ |target|), not
/// below 0.
pub(crate) fn equal(weight: Decimal, target: Decimal, actual: Decimal) -> Computed {
    let score = formula::equal(weight, target, actual);
    if actual == target {
        return full(
            Rule::EqualMet,
            "定量指标（等于）：实际完成值等于指标值，得满分",
            weight,
            format!("{} = {}", n(actual), n(target)),
        );
    }
    let rule_text = "定量指标（等于）：未达到指标值，按接近程度得分 = 分值 × (1 − |实际完成值 − 指标值| ÷ 指标值)";
    if target <= Decimal::ZERO {
        return on_difference(score, weight, target, (actual - target).abs());
    }
    let written = {
        format!(
            "{} × (1 − |{} − {}| ÷ {}) = {}",
            n(weight),
            n(actual),
            n(target),
            n(target.abs()),
            n(score)
        )
    };
    computed(score, Rule::EqualCloseness, rule_text, written)
}

/// A range: inside → full weight; below → as "at least" the lower bound; above → as "at most"
/// the upper bound.
pub(crate) fn range(
    weight: Decimal,
    low: Decimal,
    high: Decimal,
    actual: Decimal,
    policy: &ScoringPolicy,
) -> Computed {
    if actual < low {
        at_least(weight, low, actual, false, policy)
    } else if actual > high {
        at_most(weight, high, actual, false, policy)
    } else {
        full(
            Rule::RangeInside,
            "区间指标：实际完成值在区间内，得满分",
            weight,
            format!("{} ≤ {} ≤ {}", n(low), n(actual), n(high)),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn policy() -> ScoringPolicy {
        ScoringPolicy::national()
    }

    #[test]
    fn at_least_met_gives_full_weight() {
        assert_eq!(
            at_least(dec!(5), dec!(135), dec!(136), false, &policy()).score,
            dec!(5)
        );
        assert_eq!(
            at_least(dec!(10), dec!(90), dec!(96), false, &policy()).score,
            dec!(10)
        );
    }

    #[test]
    fn at_least_missed_is_proportional() {
        // 5 × 6.8 ÷ 8 = 4.25
        let computed = at_least(dec!(5), dec!(8), dec!(6.8), false, &policy());
        assert_eq!(computed.score, dec!(4.25));
        assert_eq!(computed.explanation.formula, "5 × 6.8 ÷ 8 = 4.25");
        assert_eq!(computed.explanation.rule, Rule::AtLeastProportional);
    }

    #[test]
    fn negative_actual_counts_as_zero() {
        assert_eq!(
            at_least(dec!(5), dec!(6), dec!(-2), false, &policy()).score,
            dec!(0)
        );
    }

    #[test]
    fn strictly_greater_than_zero_needs_a_positive_actual() {
        assert_eq!(
            at_least(dec!(5), dec!(0), dec!(0), true, &policy()).score,
            dec!(0)
        );
        assert_eq!(
            at_least(dec!(5), dec!(0), dec!(3), true, &policy()).score,
            dec!(5)
        );
    }

    #[test]
    fn overachievement_is_deducted_only_when_the_policy_says_so() {
        assert_eq!(
            at_least(dec!(10), dec!(100), dec!(160), false, &policy()).score,
            dec!(10)
        );
        let deducting = ScoringPolicy {
            overachievement_deduction: true,
            ..policy()
        };
        // 10 × (1 − (1.6 − 1.3)) = 7
        assert_eq!(
            at_least(dec!(10), dec!(100), dec!(160), false, &deducting).score,
            dec!(7)
        );
        assert_eq!(
            at_least(dec!(10), dec!(100), dec!(120), false, &deducting).score,
            dec!(10)
        );
    }

    #[test]
    fn at_most_met_and_both_exceeded_formulas() {
        assert_eq!(
            at_most(dec!(5), dec!(64), dec!(64), false, &policy()).score,
            dec!(5)
        );
        // ratio: 5 × 64 ÷ 80 = 4
        assert_eq!(
            at_most(dec!(5), dec!(64), dec!(80), false, &policy()).score,
            dec!(4)
        );
        let linear = ScoringPolicy {
            at_most_formula: AtMostFormula::Linear,
            ..policy()
        };
        // linear: 5 × (1 − 16 ÷ 64) = 3.75; 0 at twice the target
        assert_eq!(
            at_most(dec!(5), dec!(64), dec!(80), false, &linear).score,
            dec!(3.75)
        );
        assert_eq!(
            at_most(dec!(5), dec!(64), dec!(128), false, &linear).score,
            dec!(0)
        );
        assert_eq!(
            at_most(dec!(5), dec!(64), dec!(200), false, &linear).score,
            dec!(0)
        );
    }

    #[test]
    fn equal_scores_by_closeness() {
        assert_eq!(equal(dec!(5), dec!(100), dec!(100)).score, dec!(5));
        // 5 × (1 − 4 ÷ 100) = 4.8
        assert_eq!(equal(dec!(5), dec!(100), dec!(96)).score, dec!(4.8));
        assert_eq!(equal(dec!(5), dec!(100), dec!(104)).score, dec!(4.8));
        assert_eq!(equal(dec!(5), dec!(100), dec!(250)).score, dec!(0));
    }

    #[test]
    fn range_inside_is_full_and_outside_uses_the_nearest_bound() {
        assert_eq!(
            range(dec!(5), dec!(95), dec!(105), dec!(100), &policy()).score,
            dec!(5)
        );
        // below: 5 × 90 ÷ 95
        assert_eq!(
            range(dec!(5), dec!(95), dec!(105), dec!(90), &policy()).score,
            dec!(4.736842)
        );
        // above: 5 × 105 ÷ 120 = 4.375
        assert_eq!(
            range(dec!(5), dec!(95), dec!(105), dec!(120), &policy()).score,
            dec!(4.375)
        );
    }
}
