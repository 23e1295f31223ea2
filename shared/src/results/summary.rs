//! What a view answers with: the stored rows counted by code, class and flag ([`Count`]), the
//! headline figures and sentence made of them ([`Summary`]), and the answer's shape
//! ([`ResultsAnswer`], [`ResultRow`]) — the same figures on the page, in the files, on 总览 and
//! in the briefings.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{ResultCode, ResultItem, View};
use crate::format;

/// Stored rows of one code, class and flag.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Count {
    /// The rows' code.
    pub code: ResultCode,
    /// Their class ([`ResultItem::class`]).
    pub class: String,
    /// Their flag ([`ResultItem::flag`]).
    pub flag: bool,
    /// How many.
    pub count: i64,
}

/// One headline figure: a count and what it counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figure {
    /// A stable key (`low_raised`).
    pub key: String,
    /// What it counts, in Chinese.
    pub label: String,
    /// How many.
    pub count: i64,
}

/// A view's headline figures and its sentence for `year`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    /// The figures, in the order they are shown.
    pub figures: Vec<Figure>,
    /// The sentence a briefing says (none without a year).
    pub sentence: Option<String>,
}

/// One row of a view's list: the evaluation it belongs to (the later year's, or the report
/// stating the differing figure), its fund, region and year, and what it says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResultRow {
    /// The evaluation the row opens.
    pub evaluation: i64,
    /// 项目名称.
    pub program: String,
    /// The region.
    pub region: String,
    /// The view's year (the later of the two compared).
    pub year: i32,
    /// Generated demonstration data.
    pub sample: bool,
    /// What the row says.
    pub item: ResultItem,
}

/// `GET /api/results/{view}`: the view's headline figures over everything the filters select,
/// and one page of its rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResultsAnswer {
    /// Which view.
    pub view: View,
    /// The year answered (the later year of the comparisons).
    pub year: Option<i32>,
    /// The region asked (the region and every region below it).
    pub region: Option<String>,
    /// The headline figures and sentence.
    pub summary: Summary,
    /// Rows the filters select in all.
    pub total: i64,
    /// Rows skipped before this page.
    pub offset: u32,
    /// This page's rows.
    pub rows: Vec<ResultRow>,
    /// True when some counted row is sample data.
    pub has_sample: bool,
}

fn sum(counts: &[Count], keep: impl Fn(&Count) -> bool) -> i64 {
    counts.iter().filter(|c| keep(c)).map(|c| c.count).sum()
}

fn figure(key: &str, label: &str, count: i64) -> Figure {
    Figure {
        key: key.to_owned(),
        label: label.to_owned(),
        count,
    }
}

impl Summary {
    /// The summary of `view` for `year` from its stored rows' counts.
    pub fn of(view: View, year: Option<i32>, counts: &[Count]) -> Self {
        match view {
            View::Budget => budget_summary(year, counts),
            View::Targets => targets_summary(year, counts),
            View::Rectification => rectification_summary(year, counts),
            View::Conflicts => conflicts_summary(year, counts),
        }
    }

    /// The figure under `key` (0 when absent).
    pub fn count(&self, key: &str) -> i64 {
        self.figures
            .iter()
            .find(|f| f.key == key)
            .map_or(0, |f| f.count)
    }
}

/// 交叉核对: the conflicting statements, against the official figure (flagged) and between
/// reports; the sentence names only the kinds found.
fn conflicts_summary(year: Option<i32>, counts: &[Count]) -> Summary {
    let all = sum(counts, |_| true);
    let official = sum(counts, |c| c.flag);
    let between = all - official;
    let sentence = year.map(|y| {
        let n = format::count;
        match (official, between) {
            (0, _) => format!("{y}年各自评报告之间统计数据不一致{}处", n(between)),
            (_, 0) => format!("{y}年自评报告所填统计数据与导入的统计数据不一致{}处", n(official)),
            _ => format!(
                "{y}年自评报告所填统计数据不一致{}处，其中与导入的统计数据不一致{}处、报告之间不一致{}处",
                n(all),
                n(official),
                n(between)
            ),
        }
    });
    Summary {
        figures: vec![
            figure("statistic_conflict", "统计数据不一致", all),
            figure("against_official", "与导入的统计数据不一致", official),
            figure("between_reports", "自评报告之间不一致", between),
        ],
        sentence,
    }
}

fn budget_summary(year: Option<i32>, counts: &[Count]) -> Summary {
    let of = |class: &str, code: ResultCode| sum(counts, |c| c.class == class && c.code == code);
    let mut figures = Vec::new();
    for (class, name) in [("low", "中、差"), ("high", "优、良")] {
        let all = sum(counts, |c| c.class == class);
        figures.push(figure(class, &format!("评价为{name}"), all));
        for (code, word) in [
            (ResultCode::BudgetCut, "核减"),
            (ResultCode::BudgetKept, "持平"),
            (ResultCode::BudgetRaised, "增加"),
        ] {
            figures.push(figure(
                &format!("{class}_{}", code.code().trim_start_matches("budget_")),
                &format!("评价为{name}、次年预算{word}"),
                of(class, code),
            ));
        }
    }
    figures.push(figure(
        "low_twice",
        "连续两年评价为中、差",
        sum(counts, |c| c.class == "low" && c.flag),
    ));
    let sentence = year.map(|y| {
        let low = sum(counts, |c| c.class == "low");
        if low == 0 {
            return format!("{}年没有评价为中、差且次年有预算可比的资金", y - 1);
        }
        format!(
            "{}年评价为中、差的{}项资金中，{y}年核减预算{}项，持平{}项，增加{}项",
            y - 1,
            format::count(low),
            format::count(of("low", ResultCode::BudgetCut)),
            format::count(of("low", ResultCode::BudgetKept)),
            format::count(of("low", ResultCode::BudgetRaised)),
        )
    });
    Summary { figures, sentence }
}

fn targets_summary(year: Option<i32>, counts: &[Count]) -> Summary {
    let figures: Vec<Figure> = [
        ResultCode::TargetBelowLastActual,
        ResultCode::TargetPersistentlyExceeded,
        ResultCode::IndicatorDropped,
        ResultCode::NoQuantitativeIndicator,
    ]
    .into_iter()
    .map(|code| figure(code.code(), code.label(), sum(counts, |c| c.code == code)))
    .collect();
    // The figures beside it show every count; the sentence names those that are not zero.
    let sentence = year.map(|y| {
        let clauses: Vec<String> = [
            ("绩效目标低于上年实际完成值", "项"),
            ("连续两年超额五成以上", "项"),
            ("较上年删除或替换指标", "项"),
            ("无量化指标的自评表", "份"),
        ]
        .iter()
        .zip(&figures)
        .filter(|(_, figure)| figure.count > 0)
        .map(|((what, unit), figure)| format!("{what}{}{unit}", format::count(figure.count)))
        .collect();
        if clauses.is_empty() {
            format!("{y}年未发现绩效目标设定偏低或指标删减")
        } else {
            format!("{y}年{}", clauses.join("，"))
        }
    });
    Summary { figures, sentence }
}

fn rectification_summary(year: Option<i32>, counts: &[Count]) -> Summary {
    let fixed = sum(counts, |c| c.code == ResultCode::FindingFixed);
    let unfixed = sum(counts, |c| c.code == ResultCode::FindingUnfixed);
    let all = fixed + unfixed;
    let figures = vec![
        figure("findings", "上年审核发现", all),
        figure(ResultCode::FindingFixed.code(), "已整改", fixed),
        figure(ResultCode::FindingUnfixed.code(), "未整改", unfixed),
    ];
    let sentence = year.map(|y| {
        let rate = if all > 0 {
            let rate = Decimal::from(fixed) * Decimal::ONE_HUNDRED / Decimal::from(all);
            format!("（整改率{}）", format::percent(rate))
        } else {
            String::new()
        };
        format!(
            "{}年审核发现的{}个问题中，{y}年已整改{}个，未整改{}个{rate}",
            y - 1,
            format::count(all),
            format::count(fixed),
            format::count(unfixed),
        )
    });
    Summary { figures, sentence }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(code: ResultCode, class: &str, count: i64) -> Count {
        Count {
            code,
            class: class.to_owned(),
            flag: false,
            count,
        }
    }

    #[test]
    fn the_targets_sentence_names_only_what_it_found() {
        let counts = [
            count(ResultCode::TargetBelowLastActual, "", 61),
            count(ResultCode::NoQuantitativeIndicator, "", 2),
        ];
        let summary = Summary::of(View::Targets, Some(2025), &counts);
        assert_eq!(
            summary.sentence.as_deref(),
            Some("2025年绩效目标低于上年实际完成值61项，无量化指标的自评表2份")
        );
        assert_eq!(
            summary.count("indicator_dropped"),
            0,
            "every figure is kept"
        );
        assert_eq!(summary.figures.len(), 4);
        let none = Summary::of(View::Targets, Some(2025), &[]);
        assert_eq!(
            none.sentence.as_deref(),
            Some("2025年未发现绩效目标设定偏低或指标删减")
        );
    }

    #[test]
    fn the_budget_sentence_says_so_when_no_fund_was_graded_low() {
        let counts = [count(ResultCode::BudgetRaised, "high", 5)];
        let summary = Summary::of(View::Budget, Some(2025), &counts);
        assert_eq!(
            summary.sentence.as_deref(),
            Some("2024年没有评价为中、差且次年有预算可比的资金")
        );
        let low = [
            count(ResultCode::BudgetCut, "low", 2),
            count(ResultCode::BudgetRaised, "low", 1),
        ];
        assert_eq!(
            Summary::of(View::Budget, Some(2025), &low)
                .sentence
                .as_deref(),
            Some("2024年评价为中、差的3项资金中，2025年核减预算2项，持平0项，增加1项")
        );
    }

    #[test]
    fn the_conflicts_sentence_tells_official_figures_from_other_reports() {
        let official = Count {
            flag: true,
            ..count(
                ResultCode::StatisticConflict,
                "industrial_value_added_growth",
                3,
            )
        };
        let between = count(
            ResultCode::StatisticConflict,
            "industrial_value_added_growth",
            2,
        );
        let sentence = |counts: &[Count]| Summary::of(View::Conflicts, Some(2024), counts).sentence;
        assert_eq!(
            sentence(&[official.clone(), between.clone()]).as_deref(),
            Some(
                "2024年自评报告所填统计数据不一致5处，其中与导入的统计数据不一致3处、报告之间不一致2处"
            )
        );
        assert_eq!(
            sentence(std::slice::from_ref(&official)).as_deref(),
            Some("2024年自评报告所填统计数据与导入的统计数据不一致3处")
        );
        assert_eq!(
            sentence(&[between]).as_deref(),
            Some("2024年各自评报告之间统计数据不一致2处")
        );
        let summary = Summary::of(View::Conflicts, Some(2024), &[official]);
        assert_eq!(
            (
                summary.count("statistic_conflict"),
                summary.count("against_official")
            ),
            (3, 3)
        );
    }
}
