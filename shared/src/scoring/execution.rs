//! Budget execution: rate = 全年执行数 ÷ 全年预算数 (the adjusted budget, not the year-start
//! one); score = weight × min(rate, 1).

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::explanation::{Explanation, Rule};
use crate::format;
use crate::model::Funding;
use crate::value::{decimal_number, option_decimal_number};

/// The budget-execution part of the score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExecutionScore {
    /// 分值.
    #[serde(with = "decimal_number")]
    pub weight: Decimal,
    /// Executed ÷ adjusted budget as a percentage (100 = 100%); `None` without both numbers.
    #[serde(with = "option_decimal_number")]
    pub rate: Option<Decimal>,
    /// The form's 执行率.
    #[serde(with = "option_decimal_number")]
    pub declared_rate: Option<Decimal>,
    /// The form's 得分.
    #[serde(with = "option_decimal_number")]
    pub declared_score: Option<Decimal>,
    /// weight × min(rate, 1); `None` when the rate cannot be computed.
    #[serde(with = "option_decimal_number")]
    pub computed_score: Option<Decimal>,
    /// The score counted in the total (computed, else declared, else 0).
    #[serde(with = "decimal_number")]
    pub score: Decimal,
    /// How the score came about.
    pub explanation: Explanation,
}

/// Scores budget execution.
pub fn score_execution(funding: &Funding) -> ExecutionScore {
    let weight = funding.weight.value();
    let budget = funding.total.full_year_budget.map(|m| m.value());
    let executed = funding.total.executed.map(|m| m.value());
    let declared_score = funding.declared_score.map(|s| s.value());
    let rule_text = "预算执行率 = 全年执行数 ÷ 全年预算数；得分 = 分值 × min(执行率, 100%)";
    let mut explanation = Explanation::new(Rule::ExecutionRate, rule_text)
        .input(
            "全年预算数",
            budget.map_or("未填".to_owned(), format::money),
        )
        .input(
            "全年执行数",
            executed.map_or("未填".to_owned(), format::money),
        )
        .input("分值", format::score(weight));
    let (rate, computed_score) = match (budget, executed) {
        (Some(budget), Some(executed)) if budget > Decimal::ZERO => {
            let ratio = executed / budget;
            let score = super::formula::execution(weight, budget, executed).unwrap_or_default();
            explanation = explanation
                .formula(format!(
                    "执行率 = {} ÷ {} = {}；得分 = {} × {} = {}",
                    executed.normalize(),
                    budget.normalize(),
                    format::percent(ratio * Decimal::ONE_HUNDRED),
                    format::score(weight),
                    format::round(ratio.min(Decimal::ONE), 4).normalize(),
                    format::score(score)
                ))
                .result(format!("{}分", format::score(score)));
            (Some(ratio * Decimal::ONE_HUNDRED), Some(score))
        }
        _ => {
            explanation =
                explanation.result("无法计算：缺少全年预算数或全年执行数，或全年预算数为0");
            (None, None)
        }
    };
    ExecutionScore {
        weight,
        rate,
        declared_rate: funding.declared_rate.map(|r| r.value()),
        declared_score,
        computed_score,
        score: computed_score.or(declared_score).unwrap_or(Decimal::ZERO),
        explanation,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FundingRow;
    use crate::value::Money;
    use rust_decimal_macros::dec;

    fn funding(budget: Decimal, executed: Decimal) -> Funding {
        Funding {
            total: FundingRow {
                year_start_budget: Some(Money::new(dec!(752)).expect("money")),
                full_year_budget: Some(Money::new(budget).expect("money")),
                executed: Some(Money::new(executed).expect("money")),
            },
            ..Funding::default()
        }
    }

    #[test]
    fn the_seed_executes_all_of_its_adjusted_budget() {
        let score = score_execution(&funding(dec!(593.04), dec!(593.04)));
        assert_eq!(score.rate, Some(dec!(100)));
        assert_eq!(score.computed_score, Some(dec!(10)));
    }

    #[test]
    fn execution_uses_the_adjusted_budget_and_caps_at_the_weight() {
        let half = score_execution(&funding(dec!(600), dec!(450)));
        assert_eq!(half.rate, Some(dec!(75)));
        assert_eq!(half.computed_score, Some(dec!(7.5)));
        let over = score_execution(&funding(dec!(500), dec!(550)));
        assert_eq!(over.computed_score, Some(dec!(10)));
        assert_eq!(over.rate, Some(dec!(110)));
    }
}
