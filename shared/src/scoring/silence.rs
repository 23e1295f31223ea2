//! A record that says nothing is not graded (issue 19.8): without indicator rows, or without
//! its funding block, a total is only a part of a score, and a grade on it (优 on the funding
//! score alone) would say what the document does not. Such a record is kept, with a finding
//! for each silence ([`crate::audit`]), and no grade.

use serde::{Deserialize, Serialize};

use crate::model::Evaluation;

/// What a record does not say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Silence {
    /// No 绩效指标 row.
    NoIndicators,
    /// No amount in the 项目资金 block (no row with a budget or an executed amount).
    NoFunding,
}

impl Silence {
    /// What is missing, in Chinese (`没有绩效指标`).
    pub fn label(self) -> &'static str {
        match self {
            Self::NoIndicators => "没有绩效指标",
            Self::NoFunding => "没有项目资金（预算执行）情况",
        }
    }
}

/// What `evaluation` does not say, in form order (funding first); empty for a record that can
/// be graded.
pub fn silences(evaluation: &Evaluation) -> Vec<Silence> {
    let mut silent = Vec::new();
    if evaluation.funding.is_missing() {
        silent.push(Silence::NoFunding);
    }
    if evaluation.indicators.is_empty() {
        silent.push(Silence::NoIndicators);
    }
    silent
}

/// The explanation of a record left ungraded (`未评级：没有绩效指标`).
pub fn ungraded_explanation(silent: &[Silence]) -> String {
    let what: Vec<&str> = silent.iter().map(|s| s.label()).collect();
    format!(
        "未评级：{}，总分只是部分得分，不据以评定等级",
        what.join("、")
    )
}
