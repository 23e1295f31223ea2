//! Figures as the pages show them: a value in its unit, a change with its arrow and tone, the
//! overview's KPI cards and the rows of the 年度对比 tables. Every number comes from the server
//! (`GET /api/compare/years`) and every rule from shared (持平 is [`FigureKind::is_flat`], a
//! share's band [`share_band`]); nothing here subtracts, divides or compares, it only writes.

use fundlens_shared::comparison::{Better, FigureChange, FigureKind, GradeChange, YearComparison};
use fundlens_shared::format;
use fundlens_shared::scoring::grade::{ShareBand, share_band};
use fundlens_shared::value::Grade;
use rust_decimal::Decimal;

/// Whether a change is good news, bad news or neither.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tone {
    /// Better (more executed, higher score, fewer findings).
    Good,
    /// Worse.
    Bad,
    /// Neither, or no change.
    Neutral,
}

impl Tone {
    /// The CSS class of the tone.
    pub(crate) fn class(self) -> &'static str {
        match self {
            Self::Good => "delta good",
            Self::Bad => "delta bad",
            Self::Neutral => "delta neutral",
        }
    }

    /// The tone of a change of `sign` (positive: up) for a figure where `better` is good news.
    fn of(better: Better, up: bool) -> Self {
        match (better, up) {
            (Better::Neither, _) => Self::Neutral,
            (Better::Higher, true) | (Better::Lower, false) => Self::Good,
            _ => Self::Bad,
        }
    }
}

/// A change ready to show: `▲ 1.2%`, `▼ 0.5个百分点`, `持平`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Change {
    /// The text.
    pub(crate) text: String,
    /// Its tone.
    pub(crate) tone: Tone,
}

/// A value of `kind` as shown, `—` when missing.
pub(crate) fn value_text(kind: FigureKind, unit: &str, value: Option<Decimal>) -> String {
    let Some(value) = value else {
        return "—".to_owned();
    };
    match kind {
        FigureKind::Money => format::money(value),
        FigureKind::Percent => format::percent(value),
        FigureKind::Score => format!("{}分", format::score(value)),
        FigureKind::Count => format!("{}{unit}", format::grouped(value, 0, false)),
    }
}

/// The figure's change as shown, or `None` when the server gave none.
pub(crate) fn change_of(figure: &FigureChange) -> Option<Change> {
    change_text(figure.kind, &figure.unit, figure.better, figure.change?)
}

/// A score difference (an indicator's, say) as shown.
pub(crate) fn score_change(difference: Option<Decimal>) -> Option<Change> {
    change_text(FigureKind::Score, "分", Better::Higher, difference?)
}

fn change_text(
    kind: FigureKind,
    unit: &str,
    better: Better,
    difference: Decimal,
) -> Option<Change> {
    if kind.is_flat(difference) {
        return Some(Change {
            text: "持平".to_owned(),
            tone: Tone::Neutral,
        });
    }
    let magnitude = difference.abs();
    let body = match kind {
        FigureKind::Money => format::percent(magnitude),
        FigureKind::Percent => format!(
            "{}个百分点",
            format::percent(magnitude).trim_end_matches('%')
        ),
        FigureKind::Score => format!("{}分", format::score(magnitude)),
        FigureKind::Count => format!(
            "{}{unit}",
            format::grouped(magnitude, kind.change_decimals(), false)
        ),
    };
    let up = difference.is_sign_positive();
    Some(Change {
        text: format!("{} {body}", if up { "▲" } else { "▼" }),
        tone: Tone::of(better, up),
    })
}

/// `优 80 · 良 5 · 中 0 · 差 0`.
pub(crate) fn grade_summary(counts: &fundlens_shared::api::GradeCounts) -> String {
    Grade::ALL
        .iter()
        .map(|grade| format!("{} {}", grade.label(), format::count(counts.of(*grade))))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The grades that moved (`优▲2 良▼1`); good news when the average grade rose.
pub(crate) fn grade_change(grades: &GradeChange) -> Option<Change> {
    let differences = grades.differences.as_ref()?;
    let parts: Vec<String> = Grade::ALL
        .iter()
        .filter_map(|grade| {
            let difference = differences.of(*grade);
            (difference != 0).then(|| {
                let arrow = if difference > 0 { "▲" } else { "▼" };
                format!("{}{arrow}{}", grade.label(), difference.abs())
            })
        })
        .collect();
    if parts.is_empty() {
        return Some(Change {
            text: "持平".to_owned(),
            tone: Tone::Neutral,
        });
    }
    let tone = match grades.index_change {
        Some(change) if change.is_zero() => Tone::Neutral,
        Some(change) => Tone::of(Better::Higher, change.is_sign_positive()),
        None => Tone::Neutral,
    };
    Some(Change {
        text: parts.join(" "),
        tone,
    })
}

/// One KPI card of the overview.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Kpi {
    /// A stable key (`evaluations`, `budget`, `executed`, `execution_rate`, `average_total`,
    /// `grades`, `findings`).
    pub(crate) key: &'static str,
    /// The card's heading.
    pub(crate) label: String,
    /// The value as shown.
    pub(crate) value: String,
    /// A second line (e.g. the year-start budget), if any.
    pub(crate) note: Option<String>,
    /// The change against the previous year.
    pub(crate) change: Option<Change>,
}

/// The overview's cards from the comparison of the year with the year before; `None` when the
/// year has no evaluations.
pub(crate) fn kpis(comparison: &YearComparison) -> Option<Vec<Kpi>> {
    let evaluations = comparison.figure("evaluations")?;
    if evaluations.b.is_none_or(|count| count.is_zero()) {
        return None;
    }
    let card = |key: &'static str, note: Option<String>| {
        comparison.figure(key).map(|figure| Kpi {
            key,
            label: figure.label.clone(),
            value: value_text(figure.kind, &figure.unit, figure.b),
            note,
            change: change_of(figure),
        })
    };
    let year_start = comparison.figure("year_start_budget").map(|figure| {
        format!(
            "年初预算 {}",
            value_text(figure.kind, &figure.unit, figure.b)
        )
    });
    let spread = match (
        comparison.figure("min_total"),
        comparison.figure("max_total"),
    ) {
        (Some(min), Some(max)) => Some(format!(
            "最低 {} · 最高 {}",
            value_text(min.kind, &min.unit, min.b),
            value_text(max.kind, &max.unit, max.b)
        )),
        _ => None,
    };
    let grades = Kpi {
        key: "grades",
        label: "等级分布".to_owned(),
        value: comparison
            .grades
            .b
            .as_ref()
            .map_or_else(|| "—".to_owned(), grade_summary),
        note: None,
        change: grade_change(&comparison.grades),
    };
    let mut cards: Vec<Kpi> = [
        card("evaluations", None),
        card("budget", year_start),
        card("executed", None),
        card("execution_rate", Some("全年执行数 ÷ 全年预算数".to_owned())),
        card("average_total", spread),
    ]
    .into_iter()
    .flatten()
    .collect();
    cards.push(grades);
    cards.extend(card("findings", None));
    Some(cards)
}

/// One row of a side-by-side comparison of two years.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct YearRow {
    /// What is compared.
    pub(crate) label: String,
    /// Year A's value as shown.
    pub(crate) a: String,
    /// Year B's value as shown.
    pub(crate) b: String,
    /// B against A.
    pub(crate) change: Option<Change>,
}

/// The rows of a list of figures.
pub(crate) fn year_rows(figures: &[FigureChange]) -> Vec<YearRow> {
    figures
        .iter()
        .map(|figure| YearRow {
            label: figure.label.clone(),
            a: value_text(figure.kind, &figure.unit, figure.a),
            b: value_text(figure.kind, &figure.unit, figure.b),
            change: change_of(figure),
        })
        .collect()
}

/// The score rows of a comparison with the grade mix as its last row.
pub(crate) fn score_rows(comparison: &YearComparison) -> Vec<YearRow> {
    let mut rows = year_rows(&comparison.scores);
    let summary = |counts: &Option<fundlens_shared::api::GradeCounts>| {
        counts
            .as_ref()
            .map_or_else(|| "—".to_owned(), grade_summary)
    };
    rows.push(YearRow {
        label: "等级分布".to_owned(),
        a: summary(&comparison.grades.a),
        b: summary(&comparison.grades.b),
        change: grade_change(&comparison.grades),
    });
    rows
}

/// The background class of a score share (percent, from the server) by its band: full marks
/// are calm, weak spots stand out.
pub(crate) fn share_class(share: Option<Decimal>) -> &'static str {
    band_class(share.map(share_band))
}

fn band_class(band: Option<ShareBand>) -> &'static str {
    match band {
        None => "share none",
        Some(ShareBand::Full) => "share full",
        Some(ShareBand::Short(Grade::Excellent)) => "share high",
        Some(ShareBand::Short(Grade::Good)) => "share mid",
        Some(ShareBand::Short(Grade::Fair)) => "share low",
        Some(ShareBand::Short(Grade::Poor)) => "share poor",
    }
}

/// The legend of the share classes, full marks first and no share last, each band's range
/// written from the grades' floors (`90%–100%`, `60%以下`).
pub(crate) fn share_legend() -> Vec<(&'static str, String)> {
    let short = Grade::ALL.into_iter().map(|grade| {
        let range = match grade.total_range() {
            (Some(from), None) => format!("{from}%–100%"),
            (Some(from), Some(below)) => format!("{from}%–{below}%"),
            (None, below) => format!("{}%以下", below.unwrap_or_default()),
        };
        (band_class(Some(ShareBand::Short(grade))), range)
    });
    std::iter::once((band_class(Some(ShareBand::Full)), "100%（满分）".to_owned()))
        .chain(short)
        .chain(std::iter::once((band_class(None), "— 无此项".to_owned())))
        .collect()
}

#[cfg(test)]
mod tests {
    use fundlens_shared::api::GradeCounts;
    use rust_decimal_macros::dec;

    use super::*;

    fn figure(kind: FigureKind, better: Better, a: Decimal, b: Decimal) -> FigureChange {
        let unit = if kind == FigureKind::Count { "条" } else { "" };
        FigureChange::new(("x", "x", unit), kind, better, Some(a), Some(b))
    }

    fn shown(kind: FigureKind, better: Better, a: Decimal, b: Decimal) -> (String, Tone) {
        let change = change_of(&figure(kind, better, a, b)).expect("a change");
        (change.text, change.tone)
    }

    #[test]
    fn a_change_is_written_the_way_its_kind_is_measured_with_its_tone() {
        assert_eq!(
            shown(FigureKind::Money, Better::Neither, dec!(100), dec!(112.3)),
            ("▲ 12.3%".to_owned(), Tone::Neutral)
        );
        assert_eq!(
            shown(FigureKind::Count, Better::Lower, dec!(3), dec!(5)),
            ("▲ 2条".to_owned(), Tone::Bad)
        );
        assert_eq!(
            shown(FigureKind::Percent, Better::Higher, dec!(92.5), dec!(90)),
            ("▼ 2.5个百分点".to_owned(), Tone::Bad)
        );
        assert_eq!(
            shown(
                FigureKind::Score,
                Better::Higher,
                dec!(97.001),
                dec!(97.002)
            )
            .0,
            "持平"
        );
        assert_eq!(
            change_of(&FigureChange::new(
                ("x", "x", ""),
                FigureKind::Score,
                Better::Higher,
                None,
                Some(dec!(1))
            )),
            None
        );
    }

    #[test]
    fn a_grade_mix_moving_down_is_bad_news() {
        let counts = |excellent, good| GradeCounts {
            excellent,
            good,
            fair: 0,
            poor: 0,
            ungraded: 0,
        };
        let moved = GradeChange {
            a: Some(counts(1, 0)),
            b: Some(counts(0, 1)),
            differences: Some(GradeCounts {
                excellent: -1,
                good: 1,
                fair: 0,
                poor: 0,
                ungraded: 0,
            }),
            index_change: Some(dec!(-1)),
        };
        let change = grade_change(&moved).expect("a change");
        assert_eq!(
            (change.text.as_str(), change.tone),
            ("优▼1 良▲1", Tone::Bad)
        );
    }

    #[test]
    fn counts_are_grouped_by_thousands() {
        assert_eq!(
            value_text(FigureKind::Count, "个", Some(dec!(41040))),
            "41,040个"
        );
    }

    #[test]
    fn shares_are_classed_by_how_much_is_missing() {
        assert_eq!(super::share_class(Some(dec!(100))), "share full");
        assert_eq!(super::share_class(Some(dec!(80))), "share mid");
        assert_eq!(super::share_class(Some(dec!(59.9))), "share poor");
        assert_eq!(super::share_class(None), "share none");
    }

    #[test]
    fn the_share_legend_names_every_class_with_its_range() {
        let legend = share_legend();
        let legend: Vec<(&str, &str)> = legend
            .iter()
            .map(|(class, text)| (*class, text.as_str()))
            .collect();
        assert_eq!(
            legend,
            [
                ("share full", "100%（满分）"),
                ("share high", "90%–100%"),
                ("share mid", "80%–90%"),
                ("share low", "60%–80%"),
                ("share poor", "60%以下"),
                ("share none", "— 无此项"),
            ]
        );
    }
}
