//! A fund's years side by side (评价详情's 历年概况): every year of the same fund in the same
//! region with its grade, total, budgets and execution, and how the next year's 年初预算
//! answered that year's grade — the strip a leader reads before the one year's form.
//!
//! The server lists the fund's evaluations; [`years_of`] keeps the fund's own and sets each
//! year beside the next by [`super::budget::item`], the rule the 结果应用 view keeps its rows
//! by, so the strip and the view say the same and the page decides nothing.

use serde::{Deserialize, Serialize};

use super::{ResultCode, budget};
use crate::api::EvaluationSummary;
use crate::audit::Severity;

/// `GET /api/evaluations/{id}/years`: the fund of one evaluation over its years.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FundYears {
    /// The evaluation asked about (its year is one of `years`).
    pub evaluation: i64,
    /// Every year of the fund, oldest first.
    pub years: Vec<FundYearRow>,
}

/// One year of the fund.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FundYearRow {
    /// The year's evaluation as the list shows it (grade, total, budgets, execution).
    pub summary: EvaluationSummary,
    /// What the next year's 年初预算 did after this year's grade (核减, 持平, 增加), with both
    /// budgets and the change; none for the latest year, a gap of a year, or without both
    /// budgets or a grade.
    pub next_budget: Option<NextBudget>,
}

/// The budget row of the year after, as the 结果应用 page's budget view lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NextBudget {
    /// The later year's evaluation.
    pub evaluation: i64,
    /// The later year.
    pub year: i32,
    /// 核减, 持平 or 增加.
    pub code: ResultCode,
    /// The row's sentence with both years' numbers.
    pub message: String,
    /// True when the row is one the view warns of (中/差 and still raised, or 中/差 twice).
    pub warning: bool,
}

/// True when two listed evaluations are years of the same fund: the same 项目名称 in the same
/// region (the definition every view of 结果应用 uses).
pub fn same_fund(a: &EvaluationSummary, b: &EvaluationSummary) -> bool {
    a.program == b.program && a.region == b.region
}

/// What the year after `this` (in `fund`) did with its 年初预算, by the budget view's rule.
fn next_budget(this: &EvaluationSummary, fund: &[EvaluationSummary]) -> Option<NextBudget> {
    let next = fund.iter().find(|e| e.year == this.year + 1)?;
    let item = budget::item(this, next)?;
    Some(NextBudget {
        evaluation: next.id,
        year: next.year,
        code: item.code,
        message: item.message,
        warning: item.severity != Severity::Info,
    })
}

/// The strip of the fund of evaluation `id` from a list of evaluations that holds it (others
/// of the same name elsewhere are left out); `None` when `listed` does not hold `id`.
pub fn years_of(id: i64, listed: Vec<EvaluationSummary>) -> Option<FundYears> {
    let anchor = listed.iter().find(|e| e.id == id)?.clone();
    let mut fund: Vec<EvaluationSummary> = listed
        .into_iter()
        .filter(|e| same_fund(e, &anchor))
        .collect();
    fund.sort_by_key(|e| (e.year, e.id));
    let years = fund
        .iter()
        .map(|this| FundYearRow {
            summary: this.clone(),
            next_budget: next_budget(this, &fund),
        })
        .collect();
    Some(FundYears {
        evaluation: id,
        years,
    })
}

#[cfg(test)]
mod tests {
    use rust_decimal::Decimal;

    use super::*;
    use crate::value::Grade;

    fn summary(id: i64, region: &str, year: i32, grade: Grade, budget: i64) -> EvaluationSummary {
        EvaluationSummary {
            id,
            program: "专项".to_owned(),
            region: region.to_owned(),
            year,
            total: Decimal::from(70),
            grade: Some(grade),
            complete: true,
            year_start_budget: Some(Decimal::from(budget)),
            budget: None,
            executed: None,
            execution_rate: None,
            finding_count: 0,
            sample: false,
        }
    }

    #[test]
    fn the_fund_s_years_come_oldest_first_without_the_same_name_elsewhere() {
        let mut other = summary(7, "赫山区", 2023, Grade::Good, 100);
        other.program = "其他".to_owned();
        let listed = vec![
            summary(3, "赫山区", 2024, Grade::Good, 100),
            summary(9, "赫山区（益阳市）", 2023, Grade::Good, 100),
            summary(1, "赫山区", 2022, Grade::Good, 100),
            other,
        ];
        let strip = years_of(3, listed).expect("the evaluation is listed");
        let ids: Vec<i64> = strip.years.iter().map(|y| y.summary.id).collect();
        assert_eq!(ids, vec![1, 3]);
        assert_eq!(strip.evaluation, 3);
        assert_eq!(strip.years[0].next_budget, None, "2023 is missing: no pair");
    }

    #[test]
    fn each_year_carries_what_the_next_budget_did_after_its_grade() {
        let listed = vec![
            summary(1, "赫山区", 2022, Grade::Fair, 100),
            summary(2, "赫山区", 2023, Grade::Poor, 120),
            summary(3, "赫山区", 2024, Grade::Excellent, 90),
        ];
        let strip = years_of(2, listed).expect("listed");
        let first = strip.years[0]
            .next_budget
            .as_ref()
            .expect("2023 answered 2022");
        assert_eq!((first.evaluation, first.year), (2, 2023));
        assert_eq!(first.code, ResultCode::BudgetRaised);
        assert!(first.warning, "raised after 中");
        let second = strip.years[1]
            .next_budget
            .as_ref()
            .expect("2024 answered 2023");
        assert_eq!(second.code, ResultCode::BudgetCut);
        assert!(!second.warning, "cut after 差");
        assert_eq!(strip.years[2].next_budget, None);
    }

    #[test]
    fn an_evaluation_missing_from_the_list_has_no_strip() {
        assert_eq!(
            years_of(5, vec![summary(1, "赫山区", 2022, Grade::Good, 100)]),
            None
        );
    }
}
