//! Grades against the next year's budget (财预〔2020〕10号, on the use of evaluation results:
//! funds graded 优 or 良 supported as circumstances allow, funds graded 中 or 差 improved and
//! their budget reduced as circumstances require). A fund's 年初预算数 (total row) of year
//! t + 1 is compared with its 年初预算数 of year t — both are what was arranged before the
//! year began, so the comparison is like for like (the mid-year adjustment is its own signal,
//! the audit's `budget_cut`).
//!
//! A change within ±[`KEPT_TOLERANCE_PERCENT`] % of year t's budget is 持平 (kept): budgets are
//! arranged in round figures and a fraction of a percent is not a decision. Without a
//! year-start budget in either year there is no row.

use rust_decimal::Decimal;

use super::{FundYear, ResultCode, ResultItem, blank};
use crate::api::EvaluationSummary;
use crate::audit::Severity;
use crate::format;
use crate::value::Grade;

/// The share of last year's budget within which a change is 持平, in percent.
pub const KEPT_TOLERANCE_PERCENT: Decimal = Decimal::ONE;

/// What the next year's budget did.
pub fn response(before: Decimal, after: Decimal) -> ResultCode {
    let change = after - before;
    let tolerance = before.abs() * KEPT_TOLERANCE_PERCENT / Decimal::ONE_HUNDRED;
    if change.abs() <= tolerance {
        ResultCode::BudgetKept
    } else if change < Decimal::ZERO {
        ResultCode::BudgetCut
    } else {
        ResultCode::BudgetRaised
    }
}

/// True for the grades 财预〔2020〕10号 asks to be followed by improvement and a reduced
/// budget (中, 差).
pub fn is_low(grade: Grade) -> bool {
    matches!(grade, Grade::Fair | Grade::Poor)
}

/// The class a budget row is counted in: `low` (中/差) or `high` (优/良).
pub fn class_of(grade: Grade) -> &'static str {
    if is_low(grade) { "low" } else { "high" }
}

/// What a budget row reads of one year of a fund: the same whether it comes from the stored
/// record (the views, kept at write time) or from a row of the list (评价详情's 历年概况).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BudgetYear {
    /// The year's evaluation.
    pub id: i64,
    /// The year.
    pub year: i32,
    /// Its grade (none for a record left ungraded).
    pub grade: Option<Grade>,
    /// Its total.
    pub total: Decimal,
    /// Its 年初预算数 (total row), in 万元.
    pub year_start_budget: Option<Decimal>,
}

impl From<FundYear<'_>> for BudgetYear {
    fn from(year: FundYear<'_>) -> Self {
        Self {
            id: year.id,
            year: year.evaluation.year.value(),
            grade: year.assessment.grade,
            total: year.assessment.total,
            year_start_budget: year
                .evaluation
                .funding
                .total
                .year_start_budget
                .map(|budget| budget.value()),
        }
    }
}

impl From<&EvaluationSummary> for BudgetYear {
    fn from(summary: &EvaluationSummary) -> Self {
        Self {
            id: summary.id,
            year: summary.year,
            grade: summary.grade,
            total: summary.total,
            year_start_budget: summary.year_start_budget,
        }
    }
}

/// The budget row of `later` against `earlier`'s grade, when both years state a year-start
/// budget. A fund graded 中 or 差 whose budget still rose is a warning; so is one graded 中 or
/// 差 two years running (`flag`) whose budget was not cut.
pub fn item(earlier: impl Into<BudgetYear>, later: impl Into<BudgetYear>) -> Option<ResultItem> {
    let (earlier, later): (BudgetYear, BudgetYear) = (earlier.into(), later.into());
    let before = earlier.year_start_budget?;
    let after = later.year_start_budget?;
    let code = response(before, after);
    // A year without a grade (a record that says nothing) has nothing a budget could follow.
    let grade = earlier.grade?;
    let later_grade = later.grade;
    let low_twice = is_low(grade) && later_grade.is_some_and(is_low);
    let severity = if is_low(grade) && code == ResultCode::BudgetRaised
        || low_twice && code != ResultCode::BudgetCut
    {
        Severity::Warning
    } else {
        Severity::Info
    };
    let change_percent = (!before.is_zero())
        .then(|| format::round((after - before) * Decimal::ONE_HUNDRED / before, 6));
    let (year, next) = (earlier.year, later.year);
    let change = match code {
        ResultCode::BudgetKept => "持平".to_owned(),
        ResultCode::BudgetCut => format!("核减{}", format::money(before - after)),
        _ => format!("增加{}", format::money(after - before)),
    };
    let percent = change_percent
        .filter(|_| code != ResultCode::BudgetKept)
        .map(|p| format!("（{}）", signed_percent(p)))
        .unwrap_or_default();
    let message = format!(
        "{year}年评价为{}（{}分），{next}年年初预算{}，较{year}年的{}{change}{percent}{}",
        grade.label(),
        format::score(earlier.total),
        format::money(after),
        format::money(before),
        if low_twice {
            format!(
                "；{next}年评价仍为{}",
                later_grade.map(Grade::label).unwrap_or_default()
            )
        } else {
            String::new()
        },
    );
    let mut row = blank(code, severity, message);
    row.before = Some(before);
    row.after = Some(after);
    row.unit = "万元".to_owned();
    row.grade_before = Some(grade);
    row.grade_after = later_grade;
    row.total_before = Some(earlier.total);
    row.change_percent = change_percent;
    row.class = class_of(grade).to_owned();
    row.flag = low_twice;
    row.other = Some(earlier.id);
    Some(row)
}

fn signed_percent(value: Decimal) -> String {
    if value > Decimal::ZERO {
        format!("+{}", format::percent(value))
    } else {
        format::percent(value)
    }
}
