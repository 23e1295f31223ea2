//! Two years side by side: every figure of a fund scope in year A and year B and its change,
//! computed once by the server (`GET /api/compare/years`) and shown as is by the pages — the
//! overview's KPI cards are the year against the year before, the 年度对比 page any two years.
//!
//! How a change is measured depends on the figure ([`FigureKind`]): amounts change in percent
//! of the earlier amount, rates in percentage points, scores and counts by their difference;
//! a change too small to show at the precision it is written with is 持平
//! ([`FigureKind::is_flat`]), for the pages and the briefings alike.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::api::GradeCounts;
use crate::value::{Grade, option_decimal_number};

/// What a figure measures, which decides how its change is computed and written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FigureKind {
    /// A count (funds, findings): the change is the difference.
    Count,
    /// An amount in 万元: the change is in percent of the earlier amount.
    Money,
    /// A rate in percent: the change is in percentage points.
    Percent,
    /// A score in points: the change is the difference in points.
    Score,
}

impl FigureKind {
    /// Decimals a change of this kind is written with: one for a change in percent or in
    /// percentage points (`1.2%`, `0.5个百分点`), two for points of score, none for a count.
    pub fn change_decimals(self) -> u32 {
        match self {
            Self::Money | Self::Percent => crate::format::PERCENT_DECIMALS,
            Self::Score => crate::format::SHOWN_SCORE_DECIMALS,
            Self::Count => 0,
        }
    }

    /// Whether `change` (as [`change`] measures it) is 持平: zero at the precision it is written
    /// with, so 92.24% → 92.28% is no change rather than `增加0.0个百分点`.
    pub fn is_flat(self, change: Decimal) -> bool {
        crate::format::shows_as_zero(change, self.change_decimals())
    }
}

/// Which direction of a figure is good news.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Better {
    /// Higher is better (scores, execution, grades).
    Higher,
    /// Lower is better (audit findings).
    Lower,
    /// Neither (budget size, number of funds).
    Neither,
}

/// The change from `before` to `now` as `kind` measures it; `None` when either is missing or a
/// relative change has nothing to compare with.
pub fn change(kind: FigureKind, before: Option<Decimal>, now: Option<Decimal>) -> Option<Decimal> {
    let (before, now) = (before?, now?);
    match kind {
        FigureKind::Money => (!before.is_zero())
            .then(|| crate::format::round((now - before) * Decimal::ONE_HUNDRED / before.abs(), 6)),
        FigureKind::Count | FigureKind::Percent | FigureKind::Score => Some(now - before),
    }
}

/// Per grade, `now`'s count − `before`'s.
pub fn grade_differences(before: &GradeCounts, now: &GradeCounts) -> GradeCounts {
    GradeCounts {
        excellent: now.excellent - before.excellent,
        good: now.good - before.good,
        fair: now.fair - before.fair,
        poor: now.poor - before.poor,
        ungraded: now.ungraded - before.ungraded,
    }
}

/// The average grade of `counts` in points (优 3, 良 2, 中 1, 差 0); `None` without evaluations.
pub fn grade_index(counts: &GradeCounts) -> Option<Decimal> {
    let total = counts.total();
    let points: i64 = Grade::ALL
        .iter()
        .map(|grade| counts.of(*grade) * grade_points(*grade))
        .sum();
    (total > 0).then(|| crate::format::round(Decimal::from(points) / Decimal::from(total), 6))
}

fn grade_points(grade: Grade) -> i64 {
    match grade {
        Grade::Excellent => 3,
        Grade::Good => 2,
        Grade::Fair => 1,
        Grade::Poor => 0,
    }
}

/// One figure in two years.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FigureChange {
    /// A stable key: `evaluations`, `year_start_budget`, `budget`, `executed`, `execution_rate`,
    /// `average_total`, `min_total`, `max_total`, `group:<level-1 key>`, `findings`.
    pub key: String,
    /// The Chinese label (`全年预算数`, `产出指标平均得分`).
    pub label: String,
    /// What it measures.
    pub kind: FigureKind,
    /// Which direction is good news.
    pub better: Better,
    /// Year A's value.
    #[serde(with = "option_decimal_number")]
    pub a: Option<Decimal>,
    /// Year B's value.
    #[serde(with = "option_decimal_number")]
    pub b: Option<Decimal>,
    /// The unit its values are shown in (`个`, `条`, `万元`, `%`, `分`).
    pub unit: String,
    /// B against A, as [`change`] measures it for `kind`.
    #[serde(with = "option_decimal_number")]
    pub change: Option<Decimal>,
}

impl FigureChange {
    /// A figure with its change computed.
    pub fn new(
        (key, label, unit): (&str, &str, &str),
        kind: FigureKind,
        better: Better,
        a: Option<Decimal>,
        b: Option<Decimal>,
    ) -> Self {
        Self {
            key: key.to_owned(),
            label: label.to_owned(),
            kind,
            better,
            a,
            b,
            unit: unit.to_owned(),
            change: change(kind, a, b),
        }
    }
}

/// The grade mix of the two years and whether it moved up or down.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GradeChange {
    /// Year A's grade counts.
    pub a: Option<GradeCounts>,
    /// Year B's grade counts.
    pub b: Option<GradeCounts>,
    /// Per grade, B's count − A's (both years present).
    pub differences: Option<GradeCounts>,
    /// Change of the average grade (优 3 … 差 0): positive when the mix moved up.
    #[serde(with = "option_decimal_number")]
    pub index_change: Option<Decimal>,
}

/// One side of a compared indicator row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndicatorSide {
    /// Target as written.
    pub target: String,
    /// Actual as written.
    pub actual: String,
    /// Score counted.
    #[serde(with = "crate::value::decimal_number")]
    pub score: Decimal,
    /// Weight.
    #[serde(with = "crate::value::decimal_number")]
    pub weight: Decimal,
}

/// One indicator of one fund in the two years, matched by its name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndicatorChange {
    /// 三级指标.
    pub name: String,
    /// `一级 / 二级` as written (year B's where both have the row).
    pub group: String,
    /// Year A's row, if it has one.
    pub a: Option<IndicatorSide>,
    /// Year B's row, if it has one.
    pub b: Option<IndicatorSide>,
    /// Score B − score A.
    #[serde(with = "option_decimal_number")]
    pub change: Option<Decimal>,
}

/// One evaluation behind an indicator comparison.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComparedEvaluation {
    /// Its id, for the drill-down.
    pub id: i64,
    /// Its total.
    #[serde(with = "crate::value::decimal_number")]
    pub total: Decimal,
    /// True for generated sample data.
    pub sample: bool,
}

/// One fund in one region, indicator by indicator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndicatorComparison {
    /// Year A's evaluation, if the fund was evaluated there that year.
    pub a: Option<ComparedEvaluation>,
    /// Year B's evaluation.
    pub b: Option<ComparedEvaluation>,
    /// The rows, in year B's form order, then rows only year A has.
    pub rows: Vec<IndicatorChange>,
}

/// `GET /api/compare/years?a=&b=&region=&program=`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearComparison {
    /// The earlier year (the one compared against).
    pub a: i32,
    /// The later year.
    pub b: i32,
    /// Region filter (the region and every region below it), if any.
    pub region: Option<String>,
    /// Program filter, if any.
    pub program: Option<String>,
    /// Funds, budgets, execution.
    pub funding: Vec<FigureChange>,
    /// Totals, level-1 group averages, findings.
    pub scores: Vec<FigureChange>,
    /// The grade mix.
    pub grades: GradeChange,
    /// Indicator by indicator, when one fund in one region is chosen.
    pub indicators: Option<IndicatorComparison>,
}

impl YearComparison {
    /// The figure with `key`, from funding or scores.
    pub fn figure(&self, key: &str) -> Option<&FigureChange> {
        self.funding
            .iter()
            .chain(&self.scores)
            .find(|figure| figure.key == key)
    }
}

#[cfg(test)]
mod tests {
    use rust_decimal_macros::dec;

    use super::*;

    #[test]
    fn each_kind_measures_its_change_its_own_way() {
        assert_eq!(
            change(FigureKind::Money, Some(dec!(752)), Some(dec!(593.04))),
            Some(dec!(-21.138298))
        );
        assert_eq!(
            change(FigureKind::Percent, Some(dec!(95.5)), Some(dec!(100))),
            Some(dec!(4.5))
        );
        assert_eq!(
            change(FigureKind::Score, Some(dec!(99)), Some(dec!(97.5))),
            Some(dec!(-1.5))
        );
        assert_eq!(
            change(FigureKind::Money, Some(dec!(0)), Some(dec!(5))),
            None
        );
        assert_eq!(change(FigureKind::Count, None, Some(dec!(5))), None);
    }

    #[test]
    fn a_change_too_small_to_write_is_flat() {
        assert!(FigureKind::Percent.is_flat(dec!(0.04)));
        assert!(FigureKind::Percent.is_flat(dec!(-0.04)));
        assert!(!FigureKind::Percent.is_flat(dec!(0.05)));
        assert!(FigureKind::Money.is_flat(dec!(-0.049999)));
        assert!(!FigureKind::Money.is_flat(dec!(0.1)));
        assert!(FigureKind::Score.is_flat(dec!(0.001)));
        assert!(!FigureKind::Score.is_flat(dec!(0.005)));
        assert!(FigureKind::Count.is_flat(dec!(0)));
        assert!(!FigureKind::Count.is_flat(dec!(-1)));
    }

    #[test]
    fn the_grade_index_rises_when_the_mix_moves_up() {
        let before = GradeCounts {
            excellent: 1,
            good: 1,
            fair: 0,
            poor: 0,
            ungraded: 0,
        };
        let after = GradeCounts {
            excellent: 2,
            good: 0,
            fair: 0,
            poor: 0,
            ungraded: 0,
        };
        assert_eq!(grade_index(&before), Some(dec!(2.5)));
        assert_eq!(grade_index(&after), Some(dec!(3)));
        assert_eq!(grade_index(&GradeCounts::default()), None);
    }
}
