//! Scoring by the national rules under a [`ScoringPolicy`]: budget execution, every indicator
//! row with its explanation, category totals, total and grade.
//!
//! A row whose score cannot be computed (a missing benchmark, say) counts with its declared
//! score, marked [`Basis::Declared`], so the total stays the document's where the record cannot
//! be checked and [`EvaluationScore::complete`] says whether every part was verified.
//!
//! # Layout
//! - [`policy`]: the policy and its presets.
//! - [`group`]: what level-1 and level-2 labels mean.
//! - [`labels`]: how the groups are written (form labels, narrative names, short names).
//! - [`explanation`]: rule, inputs, formula, result.
//! - [`benchmark`]: figures that resolve `≥全省平均水平`.
//! - [`formula`]: the arithmetic of every rule, without explanations.
//! - [`quantitative`]: at least, at most, equal, range, explained.
//! - [`tier`]: qualitative and deadline tiers.
//! - [`wording`]: how an actual's wording is judged against its target's.
//! - [`indicator`]: one row: which rule, and the score or why there is none.
//! - `outcome`: what a rule makes of a row, and the context it scores in.
//! - `direction`: which way a bare number points (at least, or at most).
//! - `numeric`: rows with a quantity, range or benchmark target.
//! - `judged`: deadline and qualitative rows.
//! - `reading`: how a row's target and actual were read, in words.
//! - [`execution`]: budget execution.
//! - [`grade`]: the grade, on the form's own scale when its weights do not add up to 100.
//! - [`silence`]: a record without indicators or funding is not graded.
//! - [`tolerance`]: when a declared figure is the computed one as forms round them, and the
//!   points a score lost.

pub mod benchmark;
mod direction;
pub mod execution;
pub mod explanation;
pub mod formula;
pub mod grade;
pub mod group;
pub mod indicator;
mod judged;
pub mod labels;
mod numeric;
mod outcome;
pub mod policy;
mod quantitative;
mod reading;
pub mod silence;
pub mod tier;
pub mod tolerance;
pub mod wording;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

pub use benchmark::{BenchmarkValue, Benchmarks};
pub use execution::{ExecutionScore, score_execution};
pub use explanation::{Explanation, Rule};
pub use indicator::{Basis, IndicatorScore, score_indicator};
pub use outcome::{RowContext, Uncomputable};
pub use policy::{AtMostFormula, QualitativeScale, ScoringPolicy};
pub use tolerance::{differs, lost_points, rate_differs};

use crate::model::{Evaluation, GroupWeight};
use crate::value::{Grade, decimal_number};

/// Decimal places a computed score keeps. Six places are far below any rounding a report
/// shows (two), and a fixed precision makes sums exact whatever their order, so a total always
/// equals the sum of its categories.
pub const SCORE_DECIMALS: u32 = 6;

/// A computed score at [`SCORE_DECIMALS`] places.
pub fn stored_precision(score: Decimal) -> Decimal {
    crate::format::round(score, SCORE_DECIMALS)
}

/// The label budget execution carries among the categories.
pub const EXECUTION_CATEGORY: &str = "预算执行率";

/// One category's totals: budget execution, or a level-1 group as the table writes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryScore {
    /// The label (`预算执行率`, or the 一级指标 as written).
    pub name: String,
    /// Sum of the rows' weights.
    #[serde(with = "decimal_number")]
    pub weight: Decimal,
    /// The weight the form's label gives the group, when it states one.
    #[serde(with = "crate::value::option_decimal_number")]
    pub declared_weight: Option<Decimal>,
    /// Sum of the rows' declared scores (empty cells count 0).
    #[serde(with = "decimal_number")]
    pub declared_score: Decimal,
    /// Sum of the rows' counted scores.
    #[serde(with = "decimal_number")]
    pub score: Decimal,
}

impl CategoryScore {
    /// The weight the form's label states, when the rows under it add up to something else
    /// (`产出指标（50分）` over rows of 45), as the audit's weight check compares them.
    pub fn mislabelled_weight(&self) -> Option<Decimal> {
        self.declared_weight
            .filter(|declared| *declared != self.weight)
    }
}

/// The whole scoring of one evaluation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvaluationScore {
    /// The policy applied.
    pub policy: ScoringPolicy,
    /// Budget execution.
    pub execution: ExecutionScore,
    /// Every indicator row, in form order.
    pub indicators: Vec<IndicatorScore>,
    /// Budget execution first, then the level-1 groups in the order they appear.
    pub categories: Vec<CategoryScore>,
    /// Execution score plus every row's counted score.
    #[serde(with = "decimal_number")]
    pub total: Decimal,
    /// The weights as written added up: execution's plus every row's (100 on a tidy form).
    #[serde(with = "decimal_number")]
    pub scale: Decimal,
    /// The grade of `total`, on `scale` when it is not 100; `None` for a record that says
    /// nothing to grade ([`silence`]: no indicator rows, or no funding block).
    pub grade: Option<Grade>,
    /// How the grade follows from the total (and the scale), or why there is none, in Chinese.
    pub grade_explanation: String,
    /// True when every part was computed (no declared score taken unverified).
    pub complete: bool,
}

/// Scores an evaluation against the benchmark figures given. Sample figures are used only for
/// sample records.
pub fn score_evaluation(
    evaluation: &Evaluation,
    policy: &ScoringPolicy,
    benchmarks: &Benchmarks,
) -> EvaluationScore {
    let context = RowContext {
        year: evaluation.year.value(),
        policy,
        benchmarks,
        allow_sample_benchmarks: evaluation.provenance.is_sample(),
    };
    let execution = score_execution(&evaluation.funding);
    let indicators: Vec<IndicatorScore> = evaluation
        .indicators
        .iter()
        .enumerate()
        .map(|(index, indicator)| score_indicator(index, indicator, &context))
        .collect();
    let categories = categories(evaluation, &execution, &indicators);
    let total = execution.score + indicators.iter().map(|row| row.score).sum::<Decimal>();
    let scale = execution.weight + indicators.iter().map(|row| row.weight).sum::<Decimal>();
    let complete = execution.computed_score.is_some()
        && indicators.iter().all(|row| row.basis == Basis::Computed);
    let silent = silence::silences(evaluation);
    let (grade, grade_explanation) = if silent.is_empty() {
        let graded = grade::grade(total, scale);
        (Some(graded.grade), graded.explanation)
    } else {
        (None, silence::ungraded_explanation(&silent))
    };
    EvaluationScore {
        policy: policy.clone(),
        grade,
        grade_explanation,
        execution,
        indicators,
        categories,
        total,
        scale,
        complete,
    }
}

/// The weights the form states for its level-1 groups, by group key ([`group::group_key`]),
/// with the label as written: from `indicator_groups`, else from the points a row's level-1
/// label carries (`产出指标（50分）`).
pub(crate) fn declared_group_weights(
    evaluation: &Evaluation,
) -> Vec<(String, String, GroupWeight)> {
    let mut declared: Vec<(String, String, GroupWeight)> = Vec::new();
    let stated = evaluation
        .indicator_groups
        .iter()
        .map(|group| (group.level1.as_str(), Some(group.weight)));
    let labelled = evaluation
        .indicators
        .iter()
        .map(|row| (row.level1.as_str(), group::points_in_label(&row.level1)));
    for (label, weight) in stated.chain(labelled) {
        let key = group::group_key(label);
        if let Some(weight) = weight
            && !declared.iter().any(|(known, _, _)| *known == key)
        {
            declared.push((key, label.to_owned(), weight));
        }
    }
    declared
}

fn categories(
    evaluation: &Evaluation,
    execution: &ExecutionScore,
    indicators: &[IndicatorScore],
) -> Vec<CategoryScore> {
    let declared = declared_group_weights(evaluation);
    let mut categories = vec![CategoryScore {
        name: EXECUTION_CATEGORY.to_owned(),
        weight: execution.weight,
        declared_weight: Some(execution.weight),
        declared_score: execution.declared_score.unwrap_or(Decimal::ZERO),
        score: execution.score,
    }];
    let mut keys: Vec<Option<String>> = vec![None];
    for row in indicators {
        let key = group::group_key(&row.level1);
        let position = match keys.iter().position(|known| known.as_ref() == Some(&key)) {
            Some(position) => position,
            None => {
                let declared_weight = declared
                    .iter()
                    .find(|(known, _, _)| *known == key)
                    .and_then(|(_, _, weight)| weight.points());
                categories.push(CategoryScore {
                    name: row.level1.clone(),
                    weight: Decimal::ZERO,
                    declared_weight,
                    declared_score: Decimal::ZERO,
                    score: Decimal::ZERO,
                });
                keys.push(Some(key));
                categories.len() - 1
            }
        };
        let category = &mut categories[position];
        category.weight += row.weight;
        category.declared_score += row.declared_score.unwrap_or(Decimal::ZERO);
        category.score += row.score;
    }
    categories
}

#[cfg(test)]
mod tests {
    use rust_decimal_macros::dec;

    use super::*;

    fn category(weight: Decimal, declared_weight: Option<Decimal>) -> CategoryScore {
        CategoryScore {
            name: "产出指标".to_owned(),
            weight,
            declared_weight,
            declared_score: Decimal::ZERO,
            score: Decimal::ZERO,
        }
    }

    #[test]
    fn a_group_weight_is_mislabelled_only_when_its_rows_add_up_otherwise() {
        assert_eq!(
            category(dec!(45), Some(dec!(50))).mislabelled_weight(),
            Some(dec!(50))
        );
        assert_eq!(
            category(dec!(50), Some(dec!(50))).mislabelled_weight(),
            None
        );
        assert_eq!(category(dec!(45), None).mislabelled_weight(), None);
    }
}
