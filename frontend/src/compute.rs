//! Figures the pages derive from API answers: changes against another year with their
//! direction, the overview's KPI cards, year-against-year rows and the region × indicator
//! score-share grid. Pure functions over `shared` types, unit-tested on the host.
//!
//! All display text goes through `fundlens_shared::format`, so a number reads the same here as
//! in the charts and exports.

use fundlens_shared::api::{EvaluationDetail, FundingPoint, GradeCounts, ScorePoint};
use fundlens_shared::format;
use fundlens_shared::scoring::labels::level2_display;
use fundlens_shared::value::Grade;
use rust_decimal::Decimal;

/// Whether a change is good news, bad news or neither.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// Better (more executed, higher score, fewer findings).
    Good,
    /// Worse.
    Bad,
    /// Neither, or no change.
    Neutral,
}

impl Tone {
    /// The CSS class of the tone.
    pub fn class(self) -> &'static str {
        match self {
            Self::Good => "delta good",
            Self::Bad => "delta bad",
            Self::Neutral => "delta neutral",
        }
    }
}

/// Which direction is good for a figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Better {
    /// Higher is better (scores, execution).
    Higher,
    /// Lower is better (audit findings).
    Lower,
    /// Neither (budget size, number of funds).
    Neither,
}

/// A change against another year, ready to show: `▲ 1.2%`, `▼ 0.5个百分点`, `持平`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The text.
    pub text: String,
    /// Its tone.
    pub tone: Tone,
}

/// How a change is measured and written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    /// Relative change in percent (amounts): `▲ 1.2%`.
    Relative,
    /// Difference of percentages: `▲ 1.2个百分点`.
    Points,
    /// Difference of scores: `▲ 0.35分`.
    Score,
    /// Difference of counts with a unit: `▲ 3项`.
    Count(&'static str),
}

/// The change from `before` to `now`, or `None` when either is missing (or a relative change
/// has nothing to compare with).
pub fn change(
    before: Option<Decimal>,
    now: Option<Decimal>,
    kind: ChangeKind,
    better: Better,
) -> Option<Change> {
    let (before, now) = (before?, now?);
    let difference = match kind {
        ChangeKind::Relative => {
            if before.is_zero() {
                return None;
            }
            (now - before) / before.abs() * Decimal::ONE_HUNDRED
        }
        _ => now - before,
    };
    let magnitude = difference.abs();
    let body = match kind {
        ChangeKind::Relative => format::percent(magnitude),
        ChangeKind::Points => format!(
            "{}个百分点",
            format::percent(magnitude).trim_end_matches('%')
        ),
        ChangeKind::Score => format!("{}分", format::score(magnitude)),
        ChangeKind::Count(unit) => format!("{}{unit}", magnitude.normalize()),
    };
    let shown_zero = match kind {
        ChangeKind::Relative | ChangeKind::Points => format::round(magnitude, 1).is_zero(),
        ChangeKind::Score => format::round(magnitude, 2).is_zero(),
        ChangeKind::Count(_) => magnitude.is_zero(),
    };
    if shown_zero {
        return Some(Change {
            text: "持平".to_owned(),
            tone: Tone::Neutral,
        });
    }
    let up = difference.is_sign_positive();
    let tone = match (better, up) {
        (Better::Neither, _) => Tone::Neutral,
        (Better::Higher, true) | (Better::Lower, false) => Tone::Good,
        _ => Tone::Bad,
    };
    let arrow = if up { "▲" } else { "▼" };
    Some(Change {
        text: format!("{arrow} {body}"),
        tone,
    })
}

/// One KPI card of the overview.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kpi {
    /// A stable key (`funds`, `budget`, `executed`, `rate`, `score`, `grades`, `findings`).
    pub key: &'static str,
    /// The card's heading.
    pub label: &'static str,
    /// The value as shown.
    pub value: String,
    /// A second line (e.g. the year-start budget), if any.
    pub note: Option<String>,
    /// The change against the previous year.
    pub change: Option<Change>,
}

/// The funding and score points of `year` and of the year before, if present.
fn pair<P>(points: &[P], year: i32, year_of: impl Fn(&P) -> i32) -> (Option<&P>, Option<&P>) {
    let now = points.iter().find(|p| year_of(p) == year);
    let before = points.iter().find(|p| year_of(p) == year - 1);
    (now, before)
}

/// The overview's KPI cards for `year`, or `None` when the year has no evaluations.
pub fn kpis(year: i32, funding: &[FundingPoint], scores: &[ScorePoint]) -> Option<Vec<Kpi>> {
    let (f_now, f_before) = pair(funding, year, |p| p.year);
    let (s_now, s_before) = pair(scores, year, |p| p.year);
    let (f_now, s_now) = (f_now?, s_now?);
    let count = |p: Option<&ScorePoint>| p.map(|p| Decimal::from(p.evaluations));
    let findings = |p: Option<&ScorePoint>| p.map(|p| Decimal::from(p.findings));
    Some(vec![
        Kpi {
            key: "funds",
            label: "评价项目数",
            value: format!("{}个", s_now.evaluations),
            note: None,
            change: change(
                count(s_before),
                count(Some(s_now)),
                ChangeKind::Count("个"),
                Better::Neither,
            ),
        },
        Kpi {
            key: "budget",
            label: "全年预算数",
            value: format::money(f_now.budget),
            note: Some(format!(
                "年初预算 {}",
                format::money(f_now.year_start_budget)
            )),
            change: change(
                f_before.map(|p| p.budget),
                Some(f_now.budget),
                ChangeKind::Relative,
                Better::Neither,
            ),
        },
        Kpi {
            key: "executed",
            label: "全年执行数",
            value: format::money(f_now.executed),
            note: None,
            change: change(
                f_before.map(|p| p.executed),
                Some(f_now.executed),
                ChangeKind::Relative,
                Better::Neither,
            ),
        },
        Kpi {
            key: "rate",
            label: "预算执行率",
            value: f_now
                .execution_rate
                .map_or_else(|| "—".to_owned(), format::percent),
            note: Some("全年执行数 ÷ 全年预算数".to_owned()),
            change: change(
                f_before.and_then(|p| p.execution_rate),
                f_now.execution_rate,
                ChangeKind::Points,
                Better::Higher,
            ),
        },
        Kpi {
            key: "score",
            label: "平均自评得分",
            value: format!("{}分", format::score(s_now.average_total)),
            note: Some(format!(
                "最低 {} · 最高 {}",
                format::score(s_now.min_total),
                format::score(s_now.max_total)
            )),
            change: change(
                s_before.map(|p| p.average_total),
                Some(s_now.average_total),
                ChangeKind::Score,
                Better::Higher,
            ),
        },
        Kpi {
            key: "grades",
            label: "等级分布",
            value: grade_summary(&s_now.grades),
            note: None,
            change: s_before.map(|before| grade_change(&before.grades, &s_now.grades)),
        },
        Kpi {
            key: "findings",
            label: "审核发现",
            value: format!("{}条", s_now.findings),
            note: None,
            change: change(
                findings(s_before),
                findings(Some(s_now)),
                ChangeKind::Count("条"),
                Better::Lower,
            ),
        },
    ])
}

/// The count of `grade` in `counts`.
pub fn grade_count(counts: &GradeCounts, grade: Grade) -> i64 {
    match grade {
        Grade::Excellent => counts.excellent,
        Grade::Good => counts.good,
        Grade::Fair => counts.fair,
        Grade::Poor => counts.poor,
    }
}

/// `优 80 · 良 5 · 中 0 · 差 0`.
pub fn grade_summary(counts: &GradeCounts) -> String {
    Grade::ALL
        .iter()
        .map(|grade| format!("{} {}", grade.label(), grade_count(counts, *grade)))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The average grade in points (优 3, 良 2, 中 1, 差 0), `None` without evaluations.
fn grade_points(counts: &GradeCounts) -> Option<Decimal> {
    let total = counts.excellent + counts.good + counts.fair + counts.poor;
    let points = 3 * counts.excellent + 2 * counts.good + counts.fair;
    (total > 0).then(|| Decimal::from(points) / Decimal::from(total))
}

/// The grades that changed (`优▲2 良▼1`); good news when the average grade rose.
pub fn grade_change(before: &GradeCounts, now: &GradeCounts) -> Change {
    let mut parts = Vec::new();
    for grade in Grade::ALL {
        let difference = grade_count(now, grade) - grade_count(before, grade);
        if difference != 0 {
            let arrow = if difference > 0 { "▲" } else { "▼" };
            parts.push(format!("{}{arrow}{}", grade.label(), difference.abs()));
        }
    }
    if parts.is_empty() {
        return Change {
            text: "持平".to_owned(),
            tone: Tone::Neutral,
        };
    }
    let tone = match (grade_points(before), grade_points(now)) {
        (Some(before), Some(now)) if now > before => Tone::Good,
        (Some(before), Some(now)) if now < before => Tone::Bad,
        _ => Tone::Neutral,
    };
    Change {
        text: parts.join(" "),
        tone,
    }
}

/// One row of a side-by-side comparison of two years.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearRow {
    /// What is compared.
    pub label: String,
    /// Year A's value as shown.
    pub a: String,
    /// Year B's value as shown.
    pub b: String,
    /// B against A.
    pub change: Option<Change>,
}

fn money_or_dash(value: Option<Decimal>) -> String {
    value.map_or_else(|| "—".to_owned(), format::money)
}

fn percent_or_dash(value: Option<Decimal>) -> String {
    value.map_or_else(|| "—".to_owned(), format::percent)
}

fn score_or_dash(value: Option<Decimal>) -> String {
    value.map_or_else(|| "—".to_owned(), |v| format!("{}分", format::score(v)))
}

/// Funding figures of years `a` and `b` side by side.
pub fn funding_rows(a: i32, b: i32, points: &[FundingPoint]) -> Vec<YearRow> {
    let pa = points.iter().find(|p| p.year == a);
    let pb = points.iter().find(|p| p.year == b);
    let count = |p: Option<&FundingPoint>| p.map(|p| Decimal::from(p.evaluations));
    let money_row = |label: &str, get: fn(&FundingPoint) -> Decimal| YearRow {
        label: label.to_owned(),
        a: money_or_dash(pa.map(get)),
        b: money_or_dash(pb.map(get)),
        change: change(
            pa.map(get),
            pb.map(get),
            ChangeKind::Relative,
            Better::Neither,
        ),
    };
    vec![
        YearRow {
            label: "评价项目数".to_owned(),
            a: count(pa).map_or_else(|| "—".to_owned(), |c| format!("{c}个")),
            b: count(pb).map_or_else(|| "—".to_owned(), |c| format!("{c}个")),
            change: change(
                count(pa),
                count(pb),
                ChangeKind::Count("个"),
                Better::Neither,
            ),
        },
        money_row("年初预算数", |p| p.year_start_budget),
        money_row("全年预算数", |p| p.budget),
        money_row("全年执行数", |p| p.executed),
        YearRow {
            label: "预算执行率".to_owned(),
            a: percent_or_dash(pa.and_then(|p| p.execution_rate)),
            b: percent_or_dash(pb.and_then(|p| p.execution_rate)),
            change: change(
                pa.and_then(|p| p.execution_rate),
                pb.and_then(|p| p.execution_rate),
                ChangeKind::Points,
                Better::Higher,
            ),
        },
    ]
}

/// Score figures (average, lowest, highest, each level-1 group, findings) of years `a` and `b`.
pub fn score_rows(a: i32, b: i32, points: &[ScorePoint]) -> Vec<YearRow> {
    let pa = points.iter().find(|p| p.year == a);
    let pb = points.iter().find(|p| p.year == b);
    let score_row = |label: String, va: Option<Decimal>, vb: Option<Decimal>| YearRow {
        label,
        a: score_or_dash(va),
        b: score_or_dash(vb),
        change: change(va, vb, ChangeKind::Score, Better::Higher),
    };
    let mut rows = vec![
        score_row(
            "平均总分".to_owned(),
            pa.map(|p| p.average_total),
            pb.map(|p| p.average_total),
        ),
        score_row(
            "最低总分".to_owned(),
            pa.map(|p| p.min_total),
            pb.map(|p| p.min_total),
        ),
        score_row(
            "最高总分".to_owned(),
            pa.map(|p| p.max_total),
            pb.map(|p| p.max_total),
        ),
    ];
    let mut groups: Vec<(String, String)> = Vec::new();
    for group in pa.iter().chain(pb.iter()).flat_map(|p| &p.groups) {
        if !groups.iter().any(|(key, _)| *key == group.group) {
            groups.push((group.group.clone(), group.label.clone()));
        }
    }
    for (key, label) in groups {
        let average = |p: Option<&ScorePoint>| {
            p.and_then(|p| p.groups.iter().find(|g| g.group == key))
                .map(|g| g.average_score)
        };
        rows.push(score_row(
            format!("{label}平均得分"),
            average(pa),
            average(pb),
        ));
    }
    let findings = |p: Option<&ScorePoint>| p.map(|p| Decimal::from(p.findings));
    rows.push(YearRow {
        label: "审核发现".to_owned(),
        a: findings(pa).map_or_else(|| "—".to_owned(), |c| format!("{c}条")),
        b: findings(pb).map_or_else(|| "—".to_owned(), |c| format!("{c}条")),
        change: change(
            findings(pa),
            findings(pb),
            ChangeKind::Count("条"),
            Better::Lower,
        ),
    });
    rows.push(YearRow {
        label: "等级分布".to_owned(),
        a: pa.map_or_else(|| "—".to_owned(), |p| grade_summary(&p.grades)),
        b: pb.map_or_else(|| "—".to_owned(), |p| grade_summary(&p.grades)),
        change: pa
            .zip(pb)
            .map(|(pa, pb)| grade_change(&pa.grades, &pb.grades)),
    });
    rows
}

/// One indicator of one fund compared between two years (matched by name).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndicatorPair {
    /// 三级指标.
    pub name: String,
    /// 一级 / 二级 as written (from the later year when both have it).
    pub group: String,
    /// Year A: target, actual, score (counted) and weight, when the row exists.
    pub a: Option<IndicatorSide>,
    /// Year B.
    pub b: Option<IndicatorSide>,
    /// Score B against A.
    pub change: Option<Change>,
}

/// One side of an [`IndicatorPair`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndicatorSide {
    /// Target as written.
    pub target: String,
    /// Actual as written.
    pub actual: String,
    /// Score counted.
    pub score: Decimal,
    /// Weight.
    pub weight: Decimal,
}

/// The indicators of two evaluations of the same fund, paired by name in form order (B's order,
/// then rows only A has).
pub fn indicator_pairs(a: &EvaluationDetail, b: &EvaluationDetail) -> Vec<IndicatorPair> {
    let side = |detail: &EvaluationDetail, name: &str| {
        detail
            .assessment
            .indicators
            .iter()
            .find(|row| row.name == name)
            .map(|row| IndicatorSide {
                target: row.target.clone(),
                actual: row.actual.clone(),
                score: row.score,
                weight: row.weight,
            })
    };
    let mut names: Vec<(String, String)> = Vec::new();
    for row in b
        .assessment
        .indicators
        .iter()
        .chain(&a.assessment.indicators)
    {
        if !names.iter().any(|(name, _)| *name == row.name) {
            names.push((row.name.clone(), format!("{} / {}", row.level1, row.level2)));
        }
    }
    names
        .into_iter()
        .map(|(name, group)| {
            let (sa, sb) = (side(a, &name), side(b, &name));
            let change = change(
                sa.as_ref().map(|s| s.score),
                sb.as_ref().map(|s| s.score),
                ChangeKind::Score,
                Better::Higher,
            );
            IndicatorPair {
                name,
                group,
                a: sa,
                b: sb,
                change,
            }
        })
        .collect()
}

/// Score ÷ weight as a percentage, `None` for a zero weight.
pub fn share(score: Decimal, weight: Decimal) -> Option<Decimal> {
    (!weight.is_zero()).then(|| score / weight * Decimal::ONE_HUNDRED)
}

/// The background class of a score share: full marks are calm, weak spots stand out.
pub fn share_class(share: Option<Decimal>) -> &'static str {
    let Some(share) = share else {
        return "share none";
    };
    let at_least = |n: i64| share >= Decimal::from(n);
    if at_least(100) {
        "share full"
    } else if at_least(90) {
        "share high"
    } else if at_least(80) {
        "share mid"
    } else if at_least(60) {
        "share low"
    } else {
        "share poor"
    }
}

/// A region × column grid of score shares.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Grid {
    /// Column headings.
    pub columns: Vec<String>,
    /// One row per region, in the order asked for.
    pub rows: Vec<GridRow>,
}

/// One region's row of a [`Grid`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GridRow {
    /// The region.
    pub region: String,
    /// Per column: Σ score, Σ weight and the evaluation (when a single one) behind it.
    pub cells: Vec<Option<GridCell>>,
}

/// One cell of a [`Grid`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GridCell {
    /// Sum of the scores counted.
    pub score: Decimal,
    /// Sum of the weights.
    pub weight: Decimal,
    /// Rows summed.
    pub rows: usize,
    /// The evaluation and row, when exactly one row is behind the cell (for a link).
    pub link: Option<(i64, usize)>,
}

impl GridCell {
    /// Score ÷ weight, percent.
    pub fn share(&self) -> Option<Decimal> {
        share(self.score, self.weight)
    }
}

/// How a grid's columns are chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GridColumns {
    /// Budget execution and the level-2 groups as written (all funds).
    Level2,
    /// Each indicator by name (one fund).
    Indicator,
}

/// The grid of `details` for `regions` (rows in that order; evaluations of other regions are
/// left out).
pub fn grid(details: &[EvaluationDetail], regions: &[String], columns: GridColumns) -> Grid {
    let mut grid = Grid {
        columns: Vec::new(),
        rows: regions
            .iter()
            .map(|region| GridRow {
                region: region.clone(),
                cells: Vec::new(),
            })
            .collect(),
    };
    let mut add = |region: &str, column: &str, score: Decimal, weight: Decimal, link| {
        let Some(row) = grid.rows.iter().position(|r| r.region == region) else {
            return;
        };
        let column = match grid.columns.iter().position(|c| c == column) {
            Some(position) => position,
            None => {
                grid.columns.push(column.to_owned());
                grid.columns.len() - 1
            }
        };
        let cells = &mut grid.rows[row].cells;
        if cells.len() <= column {
            cells.resize(column + 1, None);
        }
        match &mut cells[column] {
            Some(cell) => {
                cell.score += score;
                cell.weight += weight;
                cell.rows += 1;
                cell.link = None;
            }
            empty => {
                *empty = Some(GridCell {
                    score,
                    weight,
                    rows: 1,
                    link,
                });
            }
        }
    };
    for detail in details {
        let region = detail.record.region.as_str();
        let assessment = &detail.assessment;
        if columns == GridColumns::Level2 {
            add(
                region,
                "预算执行",
                assessment.execution.score,
                assessment.execution.weight,
                None,
            );
        }
        for row in &assessment.indicators {
            let column = match columns {
                GridColumns::Level2 => level2_display(&row.level2),
                GridColumns::Indicator => row.name.clone(),
            };
            add(
                region,
                &column,
                row.score,
                row.weight,
                Some((detail.id, row.index)),
            );
        }
    }
    let width = grid.columns.len();
    for row in &mut grid.rows {
        row.cells.resize(width, None);
    }
    grid
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn funding(year: i32, budget: Decimal, executed: Decimal) -> FundingPoint {
        FundingPoint {
            year,
            evaluations: 10,
            year_start_budget: budget,
            budget,
            executed,
            execution_rate: Some(executed / budget * dec!(100)),
            executed_change: None,
            budget_change: None,
        }
    }

    fn scores(year: i32, average: Decimal, findings: i64) -> ScorePoint {
        ScorePoint {
            year,
            evaluations: 10,
            average_total: average,
            min_total: average,
            max_total: average,
            change: None,
            grades: GradeCounts {
                excellent: 9,
                good: 1,
                fair: 0,
                poor: 0,
            },
            findings,
            groups: Vec::new(),
        }
    }

    #[test]
    fn changes_carry_direction_and_tone() {
        let up = change(
            Some(dec!(100)),
            Some(dec!(112.34)),
            ChangeKind::Relative,
            Better::Neither,
        );
        assert_eq!(
            up.map(|c| (c.text, c.tone)),
            Some(("▲ 12.3%".to_owned(), Tone::Neutral))
        );
        let worse = change(
            Some(dec!(3)),
            Some(dec!(5)),
            ChangeKind::Count("条"),
            Better::Lower,
        );
        assert_eq!(
            worse.map(|c| (c.text, c.tone)),
            Some(("▲ 2条".to_owned(), Tone::Bad))
        );
        let down = change(
            Some(dec!(92.5)),
            Some(dec!(90.0)),
            ChangeKind::Points,
            Better::Higher,
        );
        assert_eq!(
            down.map(|c| (c.text, c.tone)),
            Some(("▼ 2.5个百分点".to_owned(), Tone::Bad))
        );
        let flat = change(
            Some(dec!(97.001)),
            Some(dec!(97.002)),
            ChangeKind::Score,
            Better::Higher,
        );
        assert_eq!(flat.map(|c| c.text), Some("持平".to_owned()));
        assert_eq!(
            change(None, Some(dec!(1)), ChangeKind::Score, Better::Higher),
            None
        );
        assert_eq!(
            change(
                Some(dec!(0)),
                Some(dec!(1)),
                ChangeKind::Relative,
                Better::Higher
            ),
            None
        );
    }

    #[test]
    fn kpis_compare_with_the_year_before() {
        let funding = [
            funding(2023, dec!(200), dec!(180)),
            funding(2024, dec!(250), dec!(240)),
        ];
        let scores = [scores(2023, dec!(95), 4), scores(2024, dec!(96.5), 2)];
        let cards = kpis(2024, &funding, &scores).unwrap_or_default();
        let find = |key: &str| cards.iter().find(|k| k.key == key).cloned();
        assert_eq!(find("budget").map(|k| k.value), Some("250万元".to_owned()));
        assert_eq!(
            find("budget").and_then(|k| k.change).map(|c| c.text),
            Some("▲ 25.0%".to_owned())
        );
        assert_eq!(find("rate").map(|k| k.value), Some("96.0%".to_owned()));
        assert_eq!(
            find("rate").and_then(|k| k.change).map(|c| c.text),
            Some("▲ 6.0个百分点".to_owned())
        );
        assert_eq!(find("score").map(|k| k.value), Some("96.5分".to_owned()));
        assert_eq!(
            find("findings")
                .and_then(|k| k.change)
                .map(|c| (c.text, c.tone)),
            Some(("▼ 2条".to_owned(), Tone::Good))
        );
        assert!(kpis(2020, &funding, &scores).is_none());
        let first = kpis(2023, &funding, &scores).unwrap_or_default();
        assert!(first.iter().all(|k| k.change.is_none()));
    }

    #[test]
    fn grade_shifts_are_judged_by_the_average_grade() {
        let counts = |excellent, good| GradeCounts {
            excellent,
            good,
            fair: 0,
            poor: 0,
        };
        let worse = grade_change(&counts(1, 0), &counts(0, 1));
        assert_eq!((worse.text.as_str(), worse.tone), ("优▼1 良▲1", Tone::Bad));
        let better = grade_change(&counts(8, 2), &counts(10, 1));
        assert_eq!(better.tone, Tone::Good);
        assert_eq!(grade_change(&counts(3, 1), &counts(3, 1)).text, "持平");
    }

    #[test]
    fn shares_are_classed_by_how_much_is_missing() {
        assert_eq!(share(dec!(4), dec!(5)), Some(dec!(80)));
        assert_eq!(share(dec!(4), dec!(0)), None);
        assert_eq!(share_class(Some(dec!(100))), "share full");
        assert_eq!(share_class(Some(dec!(80))), "share mid");
        assert_eq!(share_class(Some(dec!(59.9))), "share poor");
        assert_eq!(share_class(None), "share none");
    }
}
