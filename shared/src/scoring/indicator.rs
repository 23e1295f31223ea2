//! Scores one indicator row: decides which rule its target calls for (given its group and the
//! policy), resolves benchmarks, converts units, and returns the score with its explanation —
//! or says why no score can be computed.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::benchmark::Benchmarks;
use super::explanation::{Explanation, Rule};
use super::group::{Level2, level2_of};
use super::policy::ScoringPolicy;
use super::quantitative::{self, Computed};
use super::tier::{self, Attainment, Tier};
use crate::format;
use crate::model::Indicator;
use crate::target::{ActualKind, BenchmarkScope, Comparison, Quantity, TargetKind, Unit};
use crate::value::decimal_number;

/// Why a row's score could not be computed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Uncomputable {
    /// A benchmark target without a benchmark figure (or without a metric to look it up by).
    BenchmarkMissing {
        /// The metric code looked up, when one is known.
        metric: Option<String>,
        /// Whose average was needed.
        scope: BenchmarkScope,
    },
    /// Target and actual carry units that cannot be converted.
    UnitMismatch {
        /// The target's unit.
        target_unit: String,
        /// The actual value's unit.
        actual_unit: String,
    },
    /// A numeric target with an actual value that is not a number.
    ActualNotNumeric,
    /// A qualitative or missed-deadline row with no declared score to check against its tier.
    NoDeclaredScore,
}

/// Which score a row contributes to the totals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// The computed score.
    Computed,
    /// The declared score, taken unverified because nothing could be computed.
    Declared,
    /// Nothing: neither computed nor declared; counts as 0.
    Missing,
}

/// The score of one indicator row with everything needed to show and audit it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndicatorScore {
    /// Position of the row in the form (0-based).
    pub index: usize,
    /// 一级指标 as written.
    pub level1: String,
    /// 二级指标 as written.
    pub level2: String,
    /// 三级指标.
    pub name: String,
    /// The target text as written.
    pub target: String,
    /// The actual text as written.
    pub actual: String,
    /// 分值.
    #[serde(with = "decimal_number")]
    pub weight: Decimal,
    /// The form's 得分.
    #[serde(with = "crate::value::option_decimal_number")]
    pub declared_score: Option<Decimal>,
    /// The score the rules give; `None` when not computable.
    #[serde(with = "crate::value::option_decimal_number")]
    pub computed_score: Option<Decimal>,
    /// The score counted in the totals (computed, else declared, else 0).
    #[serde(with = "decimal_number")]
    pub score: Decimal,
    /// Where `score` comes from.
    pub basis: Basis,
    /// The comparison applied to a numeric target (a bare count is "at least", a bare amount
    /// under 成本指标 "at most").
    pub comparison: Option<Comparison>,
    /// Actual ÷ target as a percentage, for numeric targets with a positive target.
    #[serde(with = "crate::value::option_decimal_number")]
    pub achievement: Option<Decimal>,
    /// The tier of a qualitative or missed-deadline row.
    pub tier: Option<Tier>,
    /// Why no score could be computed.
    pub uncomputable: Option<Uncomputable>,
    /// How the score came about.
    pub explanation: Explanation,
}

/// What the rules made of a row before it is packed into an [`IndicatorScore`].
struct Outcome {
    computed: Option<Decimal>,
    comparison: Option<Comparison>,
    achievement: Option<Decimal>,
    tier: Option<Tier>,
    uncomputable: Option<Uncomputable>,
    explanation: Explanation,
}

impl Outcome {
    fn computed(computed: Computed) -> Self {
        Self {
            computed: Some(computed.score),
            comparison: None,
            achievement: None,
            tier: None,
            uncomputable: None,
            explanation: computed.explanation,
        }
    }

    fn uncomputable(reason: Uncomputable, explanation: Explanation) -> Self {
        Self {
            computed: None,
            comparison: None,
            achievement: None,
            tier: None,
            uncomputable: Some(reason),
            explanation,
        }
    }
}

/// Scores the row at `index`.
pub fn score_indicator(
    index: usize,
    indicator: &Indicator,
    policy: &ScoringPolicy,
    benchmarks: &Benchmarks,
    allow_sample_benchmarks: bool,
) -> IndicatorScore {
    let weight = indicator.weight.value();
    let declared = indicator.declared_score.map(|s| s.value());
    let outcome = match indicator.target.kind() {
        TargetKind::Quantity {
            comparison,
            quantity,
        } => {
            let comparison = comparison.unwrap_or_else(|| bare_comparison(indicator, quantity));
            numeric(indicator, comparison, quantity, policy, None)
        }
        TargetKind::Range { low, high } => range(indicator, low, high, policy),
        TargetKind::Benchmark { comparison, scope } => benchmark(
            indicator,
            *comparison,
            *scope,
            policy,
            benchmarks,
            allow_sample_benchmarks,
        ),
        TargetKind::Deadline { by } => deadline(indicator, *by, declared, policy),
        TargetKind::Qualitative => qualitative(indicator, declared, policy),
    };
    let computed = outcome.computed.map(super::stored_precision);
    let (score, basis) = match (computed, declared) {
        (Some(computed), _) => (computed, Basis::Computed),
        (None, Some(declared)) => (declared, Basis::Declared),
        (None, None) => (Decimal::ZERO, Basis::Missing),
    };
    IndicatorScore {
        index,
        level1: indicator.level1.clone(),
        level2: indicator.level2.clone(),
        name: indicator.name.clone(),
        target: indicator.target.raw().to_owned(),
        actual: indicator.actual.raw().to_owned(),
        weight,
        declared_score: declared,
        computed_score: computed,
        score,
        basis,
        comparison: outcome.comparison,
        achievement: outcome.achievement,
        tier: outcome.tier,
        uncomputable: outcome.uncomputable,
        explanation: outcome.explanation,
    }
}

/// A bare number: "at most" for an amount of money under 成本指标, "at least" otherwise.
fn bare_comparison(indicator: &Indicator, quantity: &Quantity) -> Comparison {
    if quantity.unit.is_money() && level2_of(&indicator.level2) == Some(Level2::Cost) {
        Comparison::AtMost
    } else {
        Comparison::AtLeast
    }
}

/// The actual value as a number in `unit`, or why it is not one.
fn actual_in(indicator: &Indicator, unit: &Unit) -> Result<(Decimal, String), Box<Outcome>> {
    let ActualKind::Quantity { quantity } = indicator.actual.kind() else {
        return Err(Box::new(Outcome::uncomputable(
            Uncomputable::ActualNotNumeric,
            Explanation::new(
                Rule::NotComputable,
                "指标值为数值，实际完成值不是数值，无法计算得分",
            )
            .input("指标值", indicator.target.raw())
            .input("实际完成值", indicator.actual.raw())
            .result("无法计算：实际完成值不是数值"),
        )));
    };
    if quantity.unit.as_str().is_empty() || unit.as_str().is_empty() {
        return Ok((quantity.value, String::new()));
    }
    match quantity.value_in(unit) {
        Some(value) if quantity.unit == *unit => Ok((value, String::new())),
        Some(value) => Ok((
            value,
            format!(
                "{} 换算为 {}{}",
                quantity,
                format::round(value, 4).normalize(),
                unit
            ),
        )),
        None => Err(Box::new(Outcome::uncomputable(
            Uncomputable::UnitMismatch {
                target_unit: unit.to_string(),
                actual_unit: quantity.unit.to_string(),
            },
            Explanation::new(
                Rule::NotComputable,
                "指标值与实际完成值的计量单位不同且无法换算，无法计算得分",
            )
            .input("指标值", indicator.target.raw())
            .input("实际完成值", indicator.actual.raw())
            .result(format!("无法计算：单位“{unit}”与“{}”不一致", quantity.unit)),
        ))),
    }
}

fn numeric(
    indicator: &Indicator,
    comparison: Comparison,
    target: &Quantity,
    policy: &ScoringPolicy,
    benchmark_input: Option<(String, String)>,
) -> Outcome {
    let weight = indicator.weight.value();
    let (actual, conversion) = match actual_in(indicator, &target.unit) {
        Ok(found) => found,
        Err(outcome) => return *outcome,
    };
    let computed = match comparison {
        Comparison::AtLeast => quantitative::at_least(weight, target.value, actual, false, policy),
        Comparison::GreaterThan => {
            quantitative::at_least(weight, target.value, actual, true, policy)
        }
        Comparison::AtMost => quantitative::at_most(weight, target.value, actual, false, policy),
        Comparison::LessThan => quantitative::at_most(weight, target.value, actual, true, policy),
        Comparison::Equal => quantitative::equal(weight, target.value, actual),
    };
    let mut explanation = computed.explanation.input("指标值", indicator.target.raw());
    if let Some((name, value)) = benchmark_input {
        explanation = explanation.input(name, value);
    }
    explanation = explanation
        .input("实际完成值", indicator.actual.raw())
        .input("分值", format::score(weight));
    if !conversion.is_empty() {
        explanation = explanation.input("单位换算", conversion);
    }
    Outcome {
        computed: Some(computed.score),
        comparison: Some(comparison),
        achievement: (target.value > Decimal::ZERO)
            .then(|| actual * Decimal::ONE_HUNDRED / target.value),
        tier: None,
        uncomputable: None,
        explanation,
    }
}

fn range(
    indicator: &Indicator,
    low: &Quantity,
    high: &Quantity,
    policy: &ScoringPolicy,
) -> Outcome {
    let weight = indicator.weight.value();
    match actual_in(indicator, &low.unit) {
        Ok((actual, _)) => {
            let computed = quantitative::range(weight, low.value, high.value, actual, policy);
            let mut outcome = Outcome::computed(computed);
            outcome.explanation = outcome
                .explanation
                .input("指标值", indicator.target.raw())
                .input("实际完成值", indicator.actual.raw())
                .input("分值", format::score(weight));
            outcome
        }
        Err(outcome) => *outcome,
    }
}

fn benchmark(
    indicator: &Indicator,
    comparison: Comparison,
    scope: BenchmarkScope,
    policy: &ScoringPolicy,
    benchmarks: &Benchmarks,
    allow_sample: bool,
) -> Outcome {
    let metric = indicator.measured_metric();
    let found = metric.and_then(|metric| benchmarks.find(metric, scope, allow_sample));
    let Some(found) = found else {
        let needed = format!("{}平均水平", scope.label());
        let why = match metric {
            Some(metric) => format!("缺少{}“{}”{}", scope.label(), metric.name, "的数值"),
            None => "未能确定该指标对应的经济指标，无法查找基准值".to_owned(),
        };
        return Outcome::uncomputable(
            Uncomputable::BenchmarkMissing {
                metric: metric.map(|m| m.code.to_owned()),
                scope,
            },
            Explanation::new(
                Rule::NotComputable,
                format!("基准类指标：以{needed}为指标值，按“不低于”规则计分；基准值缺失时不推测"),
            )
            .input("指标值", indicator.target.raw())
            .input("实际完成值", indicator.actual.raw())
            .result(format!("无法计算：{why}")),
        );
    };
    let target = Quantity {
        value: found.value,
        unit: Unit::parse(found.metric.unit).unwrap_or_default(),
    };
    numeric(
        indicator,
        comparison,
        &target,
        policy,
        Some((
            format!("{}平均水平（{}）", scope.label(), found.metric.name),
            format!("{target}（来源：{}）", found.source),
        )),
    )
}

fn deadline(
    indicator: &Indicator,
    by: crate::target::Date,
    declared: Option<Decimal>,
    policy: &ScoringPolicy,
) -> Outcome {
    let weight = indicator.weight.value();
    let (met, reason) = match indicator.actual.kind() {
        ActualKind::Date { on } => (*on <= by, format!("完成日期 {on}，期限 {by}")),
        _ => {
            let (attainment, reason) = tier::judge(indicator.target.raw(), indicator.actual.raw());
            (attainment == Attainment::Achieved, reason)
        }
    };
    if met {
        return Outcome::computed(Computed {
            score: weight,
            explanation: Explanation::new(Rule::DeadlineMet, "时限指标：按期完成，得满分")
                .input("指标值", indicator.target.raw())
                .input("实际完成值", indicator.actual.raw())
                .formula(format!(
                    "{reason}，按期完成，得满分 {}",
                    format::score(weight)
                ))
                .result(format!("{}分", format::score(weight))),
        });
    }
    let attainment = match tier::judge(indicator.target.raw(), indicator.actual.raw()).0 {
        Attainment::NotAchieved => Attainment::NotAchieved,
        _ => Attainment::Partly,
    };
    let tier = tier::tier_for(policy.qualitative_scale, attainment);
    in_tier(
        indicator,
        Rule::DeadlineMissedTier,
        "时限指标：未按期完成，由评价人在相应档次内打分",
        &reason,
        tier,
        declared,
    )
}

fn qualitative(
    indicator: &Indicator,
    declared: Option<Decimal>,
    policy: &ScoringPolicy,
) -> Outcome {
    let (attainment, reason) = tier::judge(indicator.target.raw(), indicator.actual.raw());
    let tier = tier::tier_for(policy.qualitative_scale, attainment);
    in_tier(
        indicator,
        Rule::QualitativeTier,
        "定性指标：按达成程度确定档次，由评价人在档次内打分",
        &reason,
        tier,
        declared,
    )
}

/// A score chosen by the evaluator within `tier`: the declared score brought into the tier.
fn in_tier(
    indicator: &Indicator,
    rule: Rule,
    rule_text: &str,
    reason: &str,
    tier: Tier,
    declared: Option<Decimal>,
) -> Outcome {
    let weight = indicator.weight.value();
    let (low, high) = (tier.low_share * weight, tier.high_share * weight);
    let band = format!(
        "{}：{}–{}分（分值 {} 的 {}%–{}%{}）",
        tier.label,
        format::score(low),
        format::score(high),
        format::score(weight),
        format::score(tier.low_share * Decimal::ONE_HUNDRED),
        format::score(tier.high_share * Decimal::ONE_HUNDRED),
        if tier.high_inclusive {
            ""
        } else {
            "，不含上限"
        }
    );
    let explanation = Explanation::new(rule, rule_text)
        .input("指标值", indicator.target.raw())
        .input("实际完成值", indicator.actual.raw())
        .input("判定", reason)
        .input("档次", band);
    let Some(declared) = declared else {
        return Outcome {
            tier: Some(tier),
            ..Outcome::uncomputable(
                Uncomputable::NoDeclaredScore,
                explanation.result("无法计算：未填报得分，档次内得分须由评价人确定"),
            )
        };
    };
    let score = tier.clamp(declared, weight);
    let formula = if score == declared {
        format!(
            "填报得分 {} 在档次内，采用 {}",
            format::score(declared),
            format::score(score)
        )
    } else {
        format!(
            "填报得分 {} 不在档次内，按档次边界取 {}",
            format::score(declared),
            format::score(score)
        )
    };
    Outcome {
        computed: Some(score),
        comparison: None,
        achievement: None,
        tier: Some(tier),
        uncomputable: None,
        explanation: explanation
            .formula(formula)
            .result(format!("{}分", format::score(score))),
    }
}
