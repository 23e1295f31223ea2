//! Rows with a numeric target — a quantity (`≥90%`, `135家`, `64万元`), a range, a benchmark
//! (`≥全省平均水平`) — scored against the actual value read as a number in the target's unit.
//!
//! An actual that copies the target's wording (`≥90%` against `≥90%`) reports the target as
//! reached. An actual that is no number, cannot be read, does not apply, or is in a unit that
//! does not convert leaves the row not computable, and says why.

use rust_decimal::Decimal;

use super::direction::BareReading;
use super::explanation::{Explanation, Rule};
use super::formula;
use super::outcome::{Outcome, RowContext, Uncomputable};
use super::policy::ScoringPolicy;
use super::quantitative::{self, Computed};
use crate::format;
use crate::model::Indicator;
use crate::target::{ActualKind, BenchmarkScope, Comparison, Quantity, Unit};

/// A bare number: "at most" for an amount of money under a cost group, something to avoid or
/// a zero target, "at least" otherwise ([`BareReading`]).
pub(super) fn bare_comparison(indicator: &Indicator, quantity: &Quantity) -> Comparison {
    BareReading::of(indicator, quantity).comparison()
}

/// The actual value as a number in `unit`, with the conversion written out (empty when none),
/// or why it is not one.
fn actual_in(indicator: &Indicator, unit: &Unit) -> Result<(Decimal, String), Box<Outcome>> {
    let not_computable = |reason, rule_text: &str, why: &str| {
        Box::new(Outcome::not_computable(indicator, reason, rule_text, why))
    };
    let quantity = match indicator.actual.kind() {
        ActualKind::Quantity { quantity } => quantity,
        ActualKind::NotApplicable => {
            return Err(not_computable(
                Uncomputable::NotApplicable,
                "实际完成值为“/”“—”或“无”，该指标不适用，不计算得分",
                "实际完成值未填数值（不适用），暂按填报得分计",
            ));
        }
        ActualKind::Unreadable { reason } => {
            return Err(not_computable(
                Uncomputable::ActualUnreadable {
                    reason: reason.clone(),
                },
                "实际完成值无法识别，无法按规则计算得分",
                &format!("实际完成值无法识别（{reason}），暂按填报得分计"),
            ));
        }
        ActualKind::Date { .. } | ActualKind::Text => {
            return Err(not_computable(
                Uncomputable::ActualNotNumeric,
                "指标值为数值，实际完成值不是数值，无法计算得分",
                "实际完成值不是数值",
            ));
        }
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

/// The full weight for an actual that copies the target: the evaluator reports it reached.
fn copied(indicator: &Indicator, rule: Rule, rule_text: &str) -> Outcome {
    let weight = indicator.weight.value();
    Outcome::computed(Computed {
        score: weight,
        explanation: Explanation::new(rule, rule_text)
            .input("指标值", indicator.target.raw())
            .input("实际完成值", indicator.actual.raw())
            .input("分值", format::score(weight))
            .formula(format!(
                "实际完成值照写指标值，按达到指标值计，得满分 {}",
                format::score(weight)
            ))
            .result(format!("{}分", format::score(weight))),
    })
}

/// A quantity target under `comparison`. A copy of the target (`≥90%` against `≥90%`) reads
/// as its number and is scored by the formula, except where that number alone would miss a
/// strict target (`>0` against `>0`): a copy reports the target reached.
pub(super) fn quantity(
    indicator: &Indicator,
    comparison: Comparison,
    target: &Quantity,
    policy: &ScoringPolicy,
) -> Outcome {
    let strict = matches!(comparison, Comparison::GreaterThan | Comparison::LessThan);
    let readable = matches!(indicator.actual.kind(), ActualKind::Quantity { .. });
    if indicator.actual.copies(&indicator.target) && (strict || !readable) {
        let (rule, text) = match comparison {
            Comparison::AtLeast | Comparison::GreaterThan => (
                Rule::AtLeastMet,
                "定量指标（不低于）：实际完成值达到指标值，得满分",
            ),
            Comparison::AtMost | Comparison::LessThan => (
                Rule::AtMostMet,
                "定量指标（不高于）：实际完成值未超过指标值，得满分",
            ),
            Comparison::Equal => (
                Rule::EqualMet,
                "定量指标（等于）：实际完成值等于指标值，得满分",
            ),
        };
        return Outcome {
            comparison: Some(comparison),
            ..copied(indicator, rule, text)
        };
    }
    compared(indicator, comparison, target, policy, None)
}

/// A numeric target scored by its formula, with the benchmark it came from when there is one.
fn compared(
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
        achievement: formula::achievement(target.value, actual),
        tier: None,
        uncomputable: None,
        explanation,
    }
}

/// A range target: full inside, "at least" its lower bound below, "at most" its upper above.
pub(super) fn range(
    indicator: &Indicator,
    low: &Quantity,
    high: &Quantity,
    policy: &ScoringPolicy,
) -> Outcome {
    if indicator.actual.copies(&indicator.target) {
        return copied(
            indicator,
            Rule::RangeInside,
            "区间指标：实际完成值在区间内，得满分",
        );
    }
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

/// A benchmark target: the province's (or city's) figure of the row's metric becomes the
/// target, then it is scored like a quantity; without the figure nothing is guessed.
pub(super) fn benchmark(
    indicator: &Indicator,
    comparison: Comparison,
    scope: BenchmarkScope,
    context: &RowContext<'_>,
) -> Outcome {
    let metric = indicator.measured_metric();
    let found = metric.and_then(|metric| {
        context
            .benchmarks
            .find(metric, scope, context.allow_sample_benchmarks)
    });
    let Some(found) = found else {
        let needed = format!("{}平均水平", scope.label());
        let why = match metric {
            Some(metric) => format!("缺少{}“{}”的数值", scope.label(), metric.name),
            None => "未能确定该指标对应的经济指标，无法查找基准值".to_owned(),
        };
        return Outcome::not_computable(
            indicator,
            Uncomputable::BenchmarkMissing {
                metric: metric.map(|m| m.code.to_owned()),
                scope,
            },
            &format!("基准类指标：以{needed}为指标值，按“不低于”规则计分；基准值缺失时不推测"),
            &why,
        );
    };
    let target = Quantity {
        value: found.value,
        unit: Unit::parse(found.metric.unit).unwrap_or_default(),
    };
    compared(
        indicator,
        comparison,
        &target,
        context.policy,
        Some((
            format!("{}平均水平（{}）", scope.label(), found.metric.name),
            format!("{target}（来源：{}）", found.source),
        )),
    )
}
