//! What the rules make of one row: its score with the explanation, or why no score can be
//! computed ([`Uncomputable`]), and the context every rule scores a row in ([`RowContext`]).
//! Shared by the rules of [`super::numeric`] and [`super::judged`] and by
//! [`super::indicator`], which dispatches to them.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::benchmark::Benchmarks;
use super::explanation::{Explanation, Rule};
use super::policy::ScoringPolicy;
use super::quantitative::Computed;
use super::tier::Tier;
use crate::model::Indicator;
use crate::target::{BenchmarkScope, Comparison};

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
    /// The target text could not be read.
    TargetUnreadable {
        /// Why, in Chinese.
        reason: String,
    },
    /// The actual text could not be read.
    ActualUnreadable {
        /// Why, in Chinese.
        reason: String,
    },
    /// The target or the actual says the row does not apply (`/`, `—`, `无`).
    NotApplicable,
}

/// What a row is scored with besides the row itself.
#[derive(Debug, Clone, Copy)]
pub struct RowContext<'a> {
    /// The year of the record: a deadline written without a year (`9月前`) falls in it.
    pub year: i32,
    /// The policy.
    pub policy: &'a ScoringPolicy,
    /// Benchmark figures for `≥全省平均水平` targets.
    pub benchmarks: &'a Benchmarks,
    /// Whether sample benchmark figures may score this row (only for sample records).
    pub allow_sample_benchmarks: bool,
}

/// What the rules made of a row before it is packed into an [`IndicatorScore`].
#[derive(Debug)]
pub(super) struct Outcome {
    pub(super) computed: Option<Decimal>,
    pub(super) comparison: Option<Comparison>,
    pub(super) achievement: Option<Decimal>,
    pub(super) tier: Option<Tier>,
    pub(super) uncomputable: Option<Uncomputable>,
    pub(super) explanation: Explanation,
}

impl Outcome {
    pub(super) fn computed(computed: Computed) -> Self {
        Self {
            computed: Some(computed.score),
            comparison: None,
            achievement: None,
            tier: None,
            uncomputable: None,
            explanation: computed.explanation,
        }
    }

    pub(super) fn uncomputable(reason: Uncomputable, explanation: Explanation) -> Self {
        Self {
            computed: None,
            comparison: None,
            achievement: None,
            tier: None,
            uncomputable: Some(reason),
            explanation,
        }
    }

    /// Not computable, with the rule text and the reason written into the explanation.
    pub(super) fn not_computable(
        indicator: &Indicator,
        reason: Uncomputable,
        rule_text: &str,
        why: &str,
    ) -> Self {
        Self::uncomputable(
            reason,
            Explanation::new(Rule::NotComputable, rule_text)
                .input("指标值", indicator.target.raw())
                .input("实际完成值", indicator.actual.raw())
                .result(format!("无法计算：{why}")),
        )
    }
}
