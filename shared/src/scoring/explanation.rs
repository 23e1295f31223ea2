//! The explanation every computed score carries: the rule applied, its inputs, the formula with
//! the numbers filled in, and the result — what leadership reads when they drill into one row.

use serde::{Deserialize, Serialize};

/// The rules a score can come from; stable snake_case codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// Budget execution: weight × min(executed ÷ adjusted budget, 1).
    ExecutionRate,
    /// "At least" target met: full weight.
    AtLeastMet,
    /// "At least" target missed: weight × actual ÷ target.
    AtLeastProportional,
    /// Over-achievement deduction (policy option).
    OverachievementDeduction,
    /// "At most" target met: full weight.
    AtMostMet,
    /// "At most" target exceeded: weight × target ÷ actual.
    AtMostRatio,
    /// "At most" target exceeded: weight × (1 − (actual − target) ÷ target).
    AtMostLinear,
    /// "Equal" target met: full weight.
    EqualMet,
    /// "Equal" target missed: weight × (1 − |actual − target| ÷ target).
    EqualCloseness,
    /// A target of zero or below missed: weight × max(0, 1 − difference ÷ |target|), |target|
    /// at least 1.
    DifferenceFromTarget,
    /// Range target: inside → full weight.
    RangeInside,
    /// Deadline met: full weight.
    DeadlineMet,
    /// Deadline missed: a score within a tier.
    DeadlineMissedTier,
    /// Qualitative target: a score within the tier of the attainment.
    QualitativeTier,
    /// The score cannot be computed from the record (missing benchmark, units, numbers).
    NotComputable,
}

/// One named input of a computation, formatted for display.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Input {
    /// What the value is (`指标值`, `实际完成值`, `全省平均水平`).
    pub name: String,
    /// The value with its unit, as shown to users.
    pub value: String,
}

/// How one score came about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Explanation {
    /// The rule applied.
    pub rule: Rule,
    /// The rule in words (Chinese, as the UI shows it).
    pub rule_text: String,
    /// The inputs.
    pub inputs: Vec<Input>,
    /// The formula with the numbers filled in (`5 × 6.8 ÷ 7.2 = 4.72`); empty when nothing was
    /// computed.
    pub formula: String,
    /// The result in words (`4.72分`, `无法计算：缺少全省平均水平`).
    pub result: String,
}

impl Explanation {
    /// Starts an explanation for `rule`, described by `rule_text`.
    pub(crate) fn new(rule: Rule, rule_text: impl Into<String>) -> Self {
        Self {
            rule,
            rule_text: rule_text.into(),
            inputs: Vec::new(),
            formula: String::new(),
            result: String::new(),
        }
    }

    /// Adds an input.
    #[must_use]
    pub(crate) fn input(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.inputs.push(Input {
            name: name.into(),
            value: value.into(),
        });
        self
    }

    /// Sets the formula.
    #[must_use]
    pub(crate) fn formula(mut self, formula: impl Into<String>) -> Self {
        self.formula = formula.into();
        self
    }

    /// Sets the result.
    #[must_use]
    pub(crate) fn result(mut self, result: impl Into<String>) -> Self {
        self.result = result.into();
        self
    }
}
