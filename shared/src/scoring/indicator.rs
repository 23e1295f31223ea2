//! Scores one indicator row: decides which rule its target calls for (given its group and the
//! policy), and returns the score with its explanation — or says why no score can be computed
//! (a missing benchmark, units that do not convert, a cell that cannot be read, a row that does
//! not apply), in which case the row counts its declared score, unverified.
//!
//! Numeric targets are scored in [`super::numeric`], deadlines and qualitative targets in
//! [`super::judged`].

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::explanation::Explanation;
use super::outcome::{Outcome, RowContext, Uncomputable};
use super::tier::Tier;
use super::{judged, numeric, reading};
use crate::model::Indicator;
use crate::target::{Comparison, TargetKind};
use crate::value::decimal_number;

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
    /// under a cost group "at most").
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

/// Scores the row at `index`.
pub fn score_indicator(
    index: usize,
    indicator: &Indicator,
    context: &RowContext<'_>,
) -> IndicatorScore {
    let weight = indicator.weight.value();
    let declared = indicator.declared_score.map(|s| s.value());
    let mut outcome = match indicator.target.kind() {
        TargetKind::Quantity {
            comparison,
            quantity,
        } => {
            let comparison =
                comparison.unwrap_or_else(|| numeric::bare_comparison(indicator, quantity));
            numeric::quantity(indicator, comparison, quantity, context.policy)
        }
        TargetKind::Range { low, high } => numeric::range(indicator, low, high, context.policy),
        TargetKind::Benchmark { comparison, scope } => {
            numeric::benchmark(indicator, *comparison, *scope, context)
        }
        TargetKind::Deadline { due } => {
            judged::deadline(indicator, *due, context.year, declared, context.policy)
        }
        TargetKind::Qualitative => judged::qualitative(indicator, declared, context.policy),
        TargetKind::NotApplicable => Outcome::not_computable(
            indicator,
            Uncomputable::NotApplicable,
            "指标值为“/”“—”或“无”，该指标不适用，不计算得分",
            "该指标不适用，暂按填报得分计",
        ),
        TargetKind::Unreadable { reason } => Outcome::not_computable(
            indicator,
            Uncomputable::TargetUnreadable {
                reason: reason.clone(),
            },
            "指标值无法识别，无法按规则计算得分",
            &format!("指标值无法识别（{reason}），暂按填报得分计"),
        ),
    };
    outcome.explanation = reading::annotate(outcome.explanation, indicator, outcome.comparison);
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
