//! An assessment: one evaluation scored and audited under a policy, in the shape every consumer
//! shows it (the `fundlens check` report, the API's drill-down, the dashboard's detail page),
//! with the policy's tolerance so that whoever shows it marks a declared score as differing
//! exactly where the audit does ([`crate::scoring::tolerance`]).

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::audit::{Finding, audit};
use crate::model::Evaluation;
use crate::scoring::{
    Benchmarks, CategoryScore, ExecutionScore, IndicatorScore, ScoringPolicy, score_evaluation,
};
use crate::value::{Grade, decimal_number, option_decimal_number};

/// The scores and findings of one evaluation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assessment {
    /// The policy's name.
    pub policy: String,
    /// The policy's [`ScoringPolicy::score_tolerance`]: how far a declared score may lie from
    /// the computed one and still be the same score rounded. Stored assessments from before it
    /// existed read as the national policy's, the only tolerance any policy has had.
    #[serde(with = "decimal_number", default = "national_tolerance")]
    pub score_tolerance: Decimal,
    /// Execution score plus every row's counted score.
    #[serde(with = "decimal_number")]
    pub total: Decimal,
    /// The weights as written added up (100 on a tidy form); stored assessments from before it
    /// existed read as 100.
    #[serde(with = "decimal_number", default = "hundred")]
    pub scale: Decimal,
    /// The grade of `total`, on `scale` when it is not 100; `None` (未评级) for a record without
    /// indicator rows or without its funding block (findings `no_indicators`, `no_funding`).
    pub grade: Option<Grade>,
    /// How the grade follows from the total and the scale, in Chinese.
    #[serde(default)]
    pub grade_explanation: String,
    /// True when every part was computed; false when some declared score was taken unverified.
    pub complete: bool,
    /// Executed ÷ adjusted budget as a percentage (100 = 100%).
    #[serde(with = "option_decimal_number")]
    pub execution_rate: Option<Decimal>,
    /// Budget execution in full.
    pub execution: ExecutionScore,
    /// The form's 总分, else the total the narrative claims.
    #[serde(with = "option_decimal_number")]
    pub declared_total: Option<Decimal>,
    /// The grade the form or narrative claims.
    pub declared_grade: Option<Grade>,
    /// Budget execution and level-1 groups.
    pub categories: Vec<CategoryScore>,
    /// Every indicator row.
    pub indicators: Vec<IndicatorScore>,
    /// Sum of the sub-project allocations, 万元.
    #[serde(with = "decimal_number")]
    pub allocation_sum: Decimal,
    /// Audit findings.
    pub findings: Vec<Finding>,
}

fn hundred() -> Decimal {
    Decimal::ONE_HUNDRED
}

fn national_tolerance() -> Decimal {
    ScoringPolicy::national().score_tolerance
}

/// Scores and audits `evaluation`.
pub fn assess(
    evaluation: &Evaluation,
    policy: &ScoringPolicy,
    benchmarks: &Benchmarks,
) -> Assessment {
    let score = score_evaluation(evaluation, policy, benchmarks);
    let findings = audit(evaluation, &score, policy);
    Assessment {
        policy: policy.name.clone(),
        score_tolerance: policy.score_tolerance,
        total: score.total,
        scale: score.scale,
        grade: score.grade,
        grade_explanation: score.grade_explanation,
        complete: score.complete,
        execution_rate: score.execution.rate,
        declared_total: evaluation
            .declared
            .total
            .or(evaluation.narrative.claimed_total)
            .map(|s| s.value()),
        declared_grade: evaluation
            .declared
            .grade
            .or(evaluation.narrative.claimed_grade),
        allocation_sum: evaluation
            .allocations
            .iter()
            .map(|a| a.amount.value())
            .sum(),
        execution: score.execution,
        categories: score.categories,
        indicators: score.indicators,
        findings,
    }
}
