//! 结果应用: what the evaluations led to, read across a fund's consecutive years and across the
//! reports of one region and year — grades against the next year's budget, targets set too low,
//! findings rectified or not, and statistics stated differently by two reports or differently
//! from the official figure.
//!
//! Every definition is decided here once (the store keeps the items at write time, the server
//! answers them, the pages and files show them):
//! - *the same fund* across years is the same 项目名称 in the same region;
//! - *the same indicator* is the same 三级指标 name, compared without spaces
//!   ([`indicator_key`]);
//! - a view's year is the *later* year of the two it compares (the budget of 2025 against the
//!   grade of 2024 is a row of 2025), the year the result shows in.
//!
//! Not here: SQL (the store), the HTTP answer's paging (the server), labels of pages.
//!
//! # Layout
//! - [`budget`]: grades in year t against the 年初预算数 of t + 1 (cut, kept, raised).
//! - [`targets`]: targets below last year's actual, persistently exceeded, dropped indicators,
//!   forms without a quantitative indicator.
//! - [`rectification`]: a finding of year t recurring in t + 1 (未整改) or gone (已整改).
//! - [`conflicts`]: a region-year statistic stated differently from the official figure, or by
//!   two reports.
//! - [`summary`]: the counts a view answers with, its headline figures and sentence.
//! - [`fund`]: one fund's years side by side, with what each next budget did.

pub mod budget;
pub mod conflicts;
pub mod fund;
pub mod rectification;
pub mod summary;
pub mod targets;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::assessment::Assessment;
use crate::audit::{FindingCode, Severity};
use crate::model::Evaluation;
use crate::value::Grade;

/// The four views of 结果应用.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum View {
    /// 预算安排: grades against the next year's budget.
    Budget,
    /// 目标设定: targets set too low.
    Targets,
    /// 问题整改: findings fixed or not.
    Rectification,
    /// 交叉核对: figures that disagree across reports.
    Conflicts,
}

impl View {
    /// Every view, in the page's order.
    pub const ALL: [Self; 4] = [
        Self::Budget,
        Self::Targets,
        Self::Rectification,
        Self::Conflicts,
    ];

    /// The view's code, as stored and as the API's path names it (`budget`).
    pub fn code(self) -> &'static str {
        match self {
            Self::Budget => "budget",
            Self::Targets => "targets",
            Self::Rectification => "rectification",
            Self::Conflicts => "conflicts",
        }
    }

    /// The view's endpoint (`/api/results/budget`).
    pub fn api_path(self) -> &'static str {
        match self {
            Self::Budget => "/api/results/budget",
            Self::Targets => "/api/results/targets",
            Self::Rectification => "/api/results/rectification",
            Self::Conflicts => "/api/results/conflicts",
        }
    }

    /// The view read from its code.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|view| view.code() == code)
    }

    /// The view's name in Chinese, as the page's tab and a file's title say it.
    pub fn label(self) -> &'static str {
        match self {
            Self::Budget => "评价结果与预算安排",
            Self::Targets => "目标设定",
            Self::Rectification => "问题整改",
            Self::Conflicts => "交叉核对",
        }
    }
}

/// What a row of a view says (its code).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResultCode {
    /// The next year's 年初预算数 is lower than this year's beyond the tolerance (核减).
    BudgetCut,
    /// Within the tolerance (持平).
    BudgetKept,
    /// Higher beyond the tolerance (增加).
    BudgetRaised,
    /// A target below the same indicator's actual of the year before.
    TargetBelowLastActual,
    /// A target exceeded by half or more two years running.
    TargetPersistentlyExceeded,
    /// An indicator of the year before that the form no longer has (dropped or replaced).
    IndicatorDropped,
    /// A form whose indicators are all qualitative.
    NoQuantitativeIndicator,
    /// A finding of the year before that does not recur (已整改).
    FindingFixed,
    /// A finding of the year before that recurs (未整改).
    FindingUnfixed,
    /// A statistic of the region and year stated differently from the official figure or by
    /// two reports.
    StatisticConflict,
}

impl ResultCode {
    /// The code as stored and as the API writes it (`budget_cut`).
    pub fn code(self) -> &'static str {
        match self {
            Self::BudgetCut => "budget_cut",
            Self::BudgetKept => "budget_kept",
            Self::BudgetRaised => "budget_raised",
            Self::TargetBelowLastActual => "target_below_last_actual",
            Self::TargetPersistentlyExceeded => "target_persistently_exceeded",
            Self::IndicatorDropped => "indicator_dropped",
            Self::NoQuantitativeIndicator => "no_quantitative_indicator",
            Self::FindingFixed => "finding_fixed",
            Self::FindingUnfixed => "finding_unfixed",
            Self::StatisticConflict => "statistic_conflict",
        }
    }

    /// Every code, in the order views list them.
    pub const ALL: [Self; 10] = [
        Self::BudgetCut,
        Self::BudgetKept,
        Self::BudgetRaised,
        Self::TargetBelowLastActual,
        Self::TargetPersistentlyExceeded,
        Self::IndicatorDropped,
        Self::NoQuantitativeIndicator,
        Self::FindingFixed,
        Self::FindingUnfixed,
        Self::StatisticConflict,
    ];

    /// The code read back from its stored spelling.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.code() == code)
    }

    /// The view the code belongs to.
    pub fn view(self) -> View {
        match self {
            Self::BudgetCut | Self::BudgetKept | Self::BudgetRaised => View::Budget,
            Self::TargetBelowLastActual
            | Self::TargetPersistentlyExceeded
            | Self::IndicatorDropped
            | Self::NoQuantitativeIndicator => View::Targets,
            Self::FindingFixed | Self::FindingUnfixed => View::Rectification,
            Self::StatisticConflict => View::Conflicts,
        }
    }

    /// The code in Chinese, as a row's 类型 column says it.
    pub fn label(self) -> &'static str {
        match self {
            Self::BudgetCut => "核减预算",
            Self::BudgetKept => "预算持平",
            Self::BudgetRaised => "增加预算",
            Self::TargetBelowLastActual => "目标低于上年实际",
            Self::TargetPersistentlyExceeded => "连续两年大幅超额",
            Self::IndicatorDropped => "指标删除或替换",
            Self::NoQuantitativeIndicator => "无量化指标",
            Self::FindingFixed => "已整改",
            Self::FindingUnfixed => "未整改",
            Self::StatisticConflict => "统计数据不一致",
        }
    }
}

/// One row of a view, as computed from the stored evaluations: what it says, how serious it
/// is, the indicator or statistic concerned and the two figures compared, and a sentence in
/// Chinese naming both years' numbers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResultItem {
    /// What the row says.
    pub code: ResultCode,
    /// How serious it is.
    pub severity: Severity,
    /// The indicator (三级指标) or statistic concerned, when one is.
    pub subject: Option<String>,
    /// The finding a rectification row follows.
    pub finding: Option<FindingCode>,
    /// The earlier figure (the year before's budget, actual, achievement; the other report's
    /// value).
    #[serde(with = "crate::value::option_decimal_number")]
    pub before: Option<Decimal>,
    /// The later figure (this year's budget, target, achievement; this report's value).
    #[serde(with = "crate::value::option_decimal_number")]
    pub after: Option<Decimal>,
    /// The unit of `before` and `after` (`万元`, `%`, `家`).
    pub unit: String,
    /// The grade of the year before (budget rows).
    pub grade_before: Option<Grade>,
    /// This year's grade (budget rows).
    pub grade_after: Option<Grade>,
    /// The total of the year before (budget rows).
    #[serde(with = "crate::value::option_decimal_number")]
    pub total_before: Option<Decimal>,
    /// `after − before` as a percentage of `before` (budget rows with a budget before).
    #[serde(with = "crate::value::option_decimal_number")]
    pub change_percent: Option<Decimal>,
    /// The class the view counts the row in: a budget row's grade class (`high` 优/良, `low`
    /// 中/差), a rectification row's finding code, else empty.
    pub class: String,
    /// A budget row graded 中 or 差 in both years; a statistic that differs from the official
    /// figure (not from another report).
    pub flag: bool,
    /// The evaluation of the other year or the other report.
    pub other: Option<i64>,
    /// What the row says, with both years' numbers, in Chinese.
    pub message: String,
}

impl ResultItem {
    /// The order rows are listed in: errors, then warnings, then the rest.
    pub fn rank(&self) -> i64 {
        match self.severity {
            Severity::Error => 0,
            Severity::Warning => 1,
            Severity::Info => 2,
        }
    }
}

/// One stored evaluation as the views read it: its ids, the record and its assessment.
#[derive(Debug, Clone, Copy)]
pub struct FundYear<'a> {
    /// The evaluation's id.
    pub id: i64,
    /// The record.
    pub evaluation: &'a Evaluation,
    /// Its scores and findings.
    pub assessment: &'a Assessment,
}

/// The name an indicator is matched by across years: its 三级指标 without spaces (ASCII or
/// full-width).
pub fn indicator_key(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{3000}')
        .collect()
}

/// The rows of `later`'s year that compare it with `earlier` (the same fund the year before):
/// budget, targets and rectification.
pub fn across_years(earlier: FundYear<'_>, later: FundYear<'_>) -> Vec<ResultItem> {
    let mut items = Vec::new();
    items.extend(budget::item(earlier, later));
    items.extend(targets::compared(earlier, later));
    items.extend(rectification::items(earlier, later));
    items
}

/// The rows of one evaluation on its own (a form without a quantitative indicator).
pub fn on_its_own(later: FundYear<'_>) -> Vec<ResultItem> {
    targets::without_quantities(later).into_iter().collect()
}

/// A row with everything but its code, severity and message empty.
pub(crate) fn blank(code: ResultCode, severity: Severity, message: String) -> ResultItem {
    ResultItem {
        code,
        severity,
        subject: None,
        finding: None,
        before: None,
        after: None,
        unit: String::new(),
        grade_before: None,
        grade_after: None,
        total_before: None,
        change_percent: None,
        class: String::new(),
        flag: false,
        other: None,
        message,
    }
}

#[cfg(test)]
mod tests;
