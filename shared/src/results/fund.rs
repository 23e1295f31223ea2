//! A fund's years side by side (评价详情's 历年概况): every year of the same fund in the same
//! region with its grade, total, budgets and execution, and how the next year's 年初预算
//! answered that year's grade — the strip a leader reads before the one year's form.
//!
//! The server lists the fund's evaluations and its budget rows (kept at write time by
//! [`super::budget`]); [`years_of`] puts them together, so the page shows and decides nothing.

use serde::{Deserialize, Serialize};

use super::ResultCode;
use super::summary::ResultRow;
use crate::api::EvaluationSummary;

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
    /// budgets and the change; none for the latest year or without both budgets or a grade.
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

/// The strip of the fund of evaluation `id` from a list of evaluations that holds it (others
/// of the same name elsewhere are left out) and the budget rows of its region and name; `None`
/// when `listed` does not hold `id`.
pub fn years_of(
    id: i64,
    listed: Vec<EvaluationSummary>,
    budget_rows: &[ResultRow],
) -> Option<FundYears> {
    let anchor = listed.iter().find(|e| e.id == id)?.clone();
    let mut years: Vec<FundYearRow> = listed
        .into_iter()
        .filter(|e| same_fund(e, &anchor))
        .map(|summary| {
            let next_budget = budget_rows
                .iter()
                .find(|row| {
                    row.item.code.view() == super::View::Budget
                        && row.item.other == Some(summary.id)
                })
                .map(|row| NextBudget {
                    evaluation: row.evaluation,
                    year: row.year,
                    code: row.item.code,
                    message: row.item.message.clone(),
                    warning: row.item.severity != crate::audit::Severity::Info,
                });
            FundYearRow {
                summary,
                next_budget,
            }
        })
        .collect();
    years.sort_by_key(|row| (row.summary.year, row.summary.id));
    Some(FundYears {
        evaluation: id,
        years,
    })
}

#[cfg(test)]
mod tests {
    use rust_decimal::Decimal;

    use super::*;
    use crate::audit::Severity;
    use crate::results::blank;

    fn summary(id: i64, program: &str, region: &str, year: i32) -> EvaluationSummary {
        EvaluationSummary {
            id,
            program: program.to_owned(),
            region: region.to_owned(),
            year,
            total: Decimal::from(80),
            grade: None,
            complete: true,
            year_start_budget: None,
            budget: None,
            executed: None,
            execution_rate: None,
            finding_count: 0,
            sample: false,
        }
    }

    fn budget_row(evaluation: i64, year: i32, other: i64, code: ResultCode) -> ResultRow {
        let mut item = blank(code, Severity::Warning, format!("{year}年预算"));
        item.other = Some(other);
        ResultRow {
            evaluation,
            program: "专项".to_owned(),
            region: "赫山区".to_owned(),
            year,
            sample: false,
            item,
        }
    }

    #[test]
    fn the_fund_s_years_come_oldest_first_without_the_same_name_elsewhere() {
        let listed = vec![
            summary(3, "专项", "赫山区", 2024),
            summary(9, "专项", "赫山区（益阳市）", 2023),
            summary(1, "专项", "赫山区", 2022),
            summary(7, "其他", "赫山区", 2023),
        ];
        let strip = years_of(3, listed, &[]).expect("the evaluation is listed");
        let ids: Vec<i64> = strip.years.iter().map(|y| y.summary.id).collect();
        assert_eq!(ids, vec![1, 3]);
        assert_eq!(strip.evaluation, 3);
    }

    #[test]
    fn each_year_carries_the_budget_row_of_the_year_after_it() {
        let listed = vec![
            summary(1, "专项", "赫山区", 2022),
            summary(2, "专项", "赫山区", 2023),
        ];
        let rows = [
            budget_row(2, 2023, 1, ResultCode::BudgetRaised),
            budget_row(2, 2023, 8, ResultCode::BudgetCut),
        ];
        let strip = years_of(2, listed, &rows).expect("listed");
        let first = strip.years[0]
            .next_budget
            .as_ref()
            .expect("2023 answered 2022");
        assert_eq!((first.evaluation, first.year), (2, 2023));
        assert_eq!(first.code, ResultCode::BudgetRaised);
        assert!(first.warning);
        assert_eq!(strip.years[1].next_budget, None);
    }

    #[test]
    fn an_evaluation_missing_from_the_list_has_no_strip() {
        assert_eq!(
            years_of(5, vec![summary(1, "专项", "赫山区", 2022)], &[]),
            None
        );
    }
}
