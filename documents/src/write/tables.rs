//! The API's answers as tables to download: one row per item the JSON lists, under the
//! column names the page gives them, numbers at the page's places ([`Cell`]), no internal ids.
//! Each file is named and titled by what it holds — the region, the year, the view and the
//! selection (`益阳市_2025_评价列表_得分最低15项`) — from the question asked and `place`, the
//! region the answer is for (the one asked, else the top of the data, as the pages name it).
//! Figures are copied as the server computed them, never recomputed.

use fundlens_shared::api::{
    Comparison, EvaluationList, FundingPoint, IndicatorHistory, MetricPoint, ScoreGrid, ScorePoint,
    Trend,
};
use fundlens_shared::chart::views::unit_of;
use fundlens_shared::comparison::{FigureKind, YearComparison};
use fundlens_shared::format::scope_name;
use fundlens_shared::query::{Findings, HistoryQuery, ListQuery, Source};
use fundlens_shared::results::summary::ResultsAnswer;

use super::table::{Cell, Table};

fn headers(names: &[&str]) -> Vec<String> {
    names.iter().map(|n| (*n).to_owned()).collect()
}

fn sample(flag: bool) -> Cell {
    Cell::from(if flag { "示例数据" } else { "真实数据" })
}

/// A file name's parts joined by `_`, characters a file system refuses replaced by `_`.
fn file_name(parts: &[String]) -> String {
    parts
        .iter()
        .map(|part| part.trim())
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("_")
        .chars()
        .map(|c| {
            if matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect()
}

/// `title（a，b）`, or the bare title without parts.
fn titled(title: String, parts: &[String]) -> String {
    if parts.is_empty() {
        title
    } else {
        format!("{title}（{}）", parts.join("，"))
    }
}

/// The year in a name (`2025`) and in a title (`2025年`); every year when none.
fn year_words(year: Option<i32>) -> (String, String) {
    match year {
        Some(year) => (year.to_string(), format!("{year}年")),
        None => ("各年度".to_owned(), "各年度".to_owned()),
    }
}

/// What a list's filters and rows are, in words: the fund, the grade, findings, the search,
/// the source, then which rows (`得分最低15项`, `共693项`, `得分由低到高第101至200项`).
fn list_selection(list: &EvaluationList, question: &ListQuery) -> Vec<String> {
    let mut parts = Vec::new();
    if let Some(program) = &question.program {
        parts.push(program.clone());
    }
    if let Some(grade) = question.grade {
        parts.push(format!("{}等", grade.label()));
    }
    if question.findings == Some(Findings::With) {
        parts.push("有审核发现".to_owned());
    }
    if let Some(text) = &question.q {
        parts.push(format!("名称含{text}"));
    }
    match question.source {
        Some(Source::Real) => parts.push("仅真实数据".to_owned()),
        Some(Source::Sample) => parts.push("仅示例数据".to_owned()),
        _ => {}
    }
    let shown = list.items.len();
    let sort = question.sort.unwrap_or_default();
    let start = question.offset.unwrap_or(0);
    let first_page = start == 0 && question.after.is_none();
    parts.push(
        if first_page && i64::try_from(shown).unwrap_or(i64::MAX) >= list.total_count {
            format!("共{shown}项")
        } else if first_page {
            sort.first(shown)
        } else if question.after.is_some() {
            format!("{}续{shown}项", sort.label())
        } else {
            let from = u64::from(start) + 1;
            format!("{}第{from}至{}项", sort.label(), from + shown as u64 - 1)
        },
    );
    parts
}

/// `GET /api/evaluations`: one page of the list, as 总览 and 评价详情 show it (序号 in the
/// list's order, counting from where the page starts).
pub fn evaluation_list(list: &EvaluationList, question: &ListQuery, place: &str) -> Table {
    let selection = list_selection(list, question);
    let (year, year_title) = year_words(question.year);
    let mut name = vec![place.to_owned(), year, "评价列表".to_owned()];
    name.extend(selection.iter().cloned());
    // 序号 counts from where an offset page starts (a cursor's page cannot say: from 1).
    let first = if question.after.is_none() {
        i64::from(question.offset.unwrap_or(0))
    } else {
        0
    };
    Table {
        file: question
            .year
            .map_or_else(|| "evaluations".to_owned(), |y| format!("evaluations-{y}")),
        name: file_name(&name),
        title: titled(format!("{place}{year_title}评价列表"), &selection),
        headers: headers(&[
            "序号",
            "项目名称",
            "地区",
            "年度",
            "总分",
            "等级",
            "执行率（%）",
            "年初预算数（万元）",
            "全年预算数（万元）",
            "全年执行数（万元）",
            "审核发现",
            "数据性质",
        ]),
        rows: (1..)
            .zip(&list.items)
            .map(|(number, item)| {
                vec![
                    Cell::from(first + number),
                    Cell::from(item.program.as_str()),
                    Cell::from(item.region.as_str()),
                    Cell::from(i64::from(item.year)),
                    Cell::score(Some(item.total)),
                    Cell::from(fundlens_shared::value::Grade::label_of(item.grade)),
                    Cell::percent(item.execution_rate),
                    Cell::money(item.year_start_budget),
                    Cell::money(item.budget),
                    Cell::money(item.executed),
                    Cell::from(item.finding_count),
                    sample(item.sample),
                ]
            })
            .collect(),
    }
}

/// What a trend covers: its region (else `place`) and fund, named once.
fn trend_scope<P>(trend: &Trend<P>, place: &str) -> String {
    scope_name(
        Some(trend.region.as_deref().unwrap_or(place)),
        trend.program.as_deref(),
    )
}

/// `GET /api/trends/funding`.
pub fn funding_trend(trend: &Trend<FundingPoint>, place: &str) -> Table {
    let scope = trend_scope(trend, place);
    Table {
        file: "trend-funding".to_owned(),
        name: file_name(&[scope.clone(), "资金趋势".to_owned()]),
        title: format!("{scope}资金趋势"),
        headers: headers(&[
            "年度",
            "评价项目数",
            "年初预算数（万元）",
            "全年预算数（万元）",
            "全年执行数（万元）",
            "执行率（%）",
            "执行数较上年（%）",
            "预算较上年（%）",
        ]),
        rows: trend
            .points
            .iter()
            .map(|p| {
                vec![
                    Cell::from(i64::from(p.year)),
                    Cell::from(p.evaluations),
                    Cell::money(Some(p.year_start_budget)),
                    Cell::money(Some(p.budget)),
                    Cell::money(Some(p.executed)),
                    Cell::percent(p.execution_rate),
                    Cell::percent(p.executed_change),
                    Cell::percent(p.budget_change),
                ]
            })
            .collect(),
    }
}

/// `GET /api/trends/scores`.
pub fn score_trend(trend: &Trend<ScorePoint>, place: &str) -> Table {
    let scope = trend_scope(trend, place);
    Table {
        file: "trend-scores".to_owned(),
        name: file_name(&[scope.clone(), "得分趋势".to_owned()]),
        title: format!("{scope}自评得分趋势"),
        headers: headers(&[
            "年度",
            "评价项目数",
            "平均总分",
            "最低总分",
            "最高总分",
            "较上年（分）",
            "优",
            "良",
            "中",
            "差",
            "审核发现",
        ]),
        rows: trend
            .points
            .iter()
            .map(|p| {
                vec![
                    Cell::from(i64::from(p.year)),
                    Cell::from(p.evaluations),
                    Cell::score(Some(p.average_total)),
                    Cell::score(Some(p.min_total)),
                    Cell::score(Some(p.max_total)),
                    Cell::score(p.change),
                    Cell::from(p.grades.excellent),
                    Cell::from(p.grades.good),
                    Cell::from(p.grades.fair),
                    Cell::from(p.grades.poor),
                    Cell::from(p.findings),
                ]
            })
            .collect(),
    }
}

/// `GET /api/trends/metrics`: values at the places the metric charts label them with.
pub fn metric_trend(trend: &Trend<MetricPoint>, name: &str) -> Table {
    let region = trend.region.clone().unwrap_or_default();
    let decimals = unit_of(&trend.unit).decimals();
    Table {
        file: "trend-metric".to_owned(),
        name: file_name(&[region.clone(), name.to_owned()]),
        title: format!("{region}{name}（{}）", trend.unit),
        headers: vec![
            "年度".to_owned(),
            format!("{name}（{}）", trend.unit),
            "全省排名".to_owned(),
            format!("全省平均（{}）", trend.unit),
            "较上年".to_owned(),
            "数据性质".to_owned(),
        ],
        rows: trend
            .points
            .iter()
            .map(|p| {
                vec![
                    Cell::from(i64::from(p.year)),
                    Cell::number(p.value, decimals),
                    Cell::whole(p.rank.map(i64::from)),
                    Cell::number(p.benchmark, decimals),
                    Cell::number(p.change, decimals),
                    sample(p.sample),
                ]
            })
            .collect(),
    }
}

/// `GET /api/compare`: the ranking as 区县对比's table has it, then the parent's and the
/// province's values.
pub fn comparison(comparison: &Comparison) -> Table {
    let decimals = unit_of(&comparison.unit).decimals();
    let metric = comparison.measure.metric().is_some();
    let mut rows: Vec<Vec<Cell>> = comparison
        .rows
        .iter()
        .map(|r| {
            vec![
                Cell::from(i64::from(r.position)),
                Cell::from(r.region.as_str()),
                Cell::number(Some(r.value), decimals),
                if metric {
                    Cell::whole(r.provincial_rank.map(i64::from))
                } else {
                    Cell::whole(r.evaluations)
                },
                sample(r.sample),
            ]
        })
        .collect();
    for (label, reference) in [
        ("本级", comparison.city.as_ref()),
        ("全省", comparison.benchmark.as_ref()),
    ] {
        if let Some(reference) = reference {
            rows.push(vec![
                Cell::Empty,
                Cell::from(format!("{}（{label}）", reference.region)),
                Cell::number(Some(reference.value), decimals),
                Cell::Empty,
                Cell::Empty,
            ]);
        }
    }
    let year = comparison.year;
    Table {
        file: format!("compare-{year}"),
        name: file_name(&[
            comparison.parent.clone(),
            year.to_string(),
            "区县对比".to_owned(),
            comparison.label.clone(),
        ]),
        title: format!(
            "{year}年{}各下级地区{}（{}）",
            comparison.parent, comparison.label, comparison.unit
        ),
        headers: vec![
            "名次".to_owned(),
            "地区".to_owned(),
            format!("{}（{}）", comparison.label, comparison.unit),
            if metric {
                "全省排名"
            } else {
                "评价项目数"
            }
            .to_owned(),
            "数据性质".to_owned(),
        ],
        rows,
    }
}

/// `GET /api/compare/grid`: one row per region, a share (%) per column, as the grid shows it.
pub fn grid(grid: &ScoreGrid) -> Table {
    let mut names = vec!["地区".to_owned(), "评价项目数".to_owned()];
    names.extend(grid.columns.iter().map(|c| format!("{c}（%）")));
    let which = grid.program.as_deref().unwrap_or("全部项目");
    Table {
        file: format!("compare-grid-{}", grid.year),
        name: file_name(&[
            grid.parent.clone(),
            grid.year.to_string(),
            "得分率矩阵".to_owned(),
            which.to_owned(),
        ]),
        title: format!(
            "{}年{}各地区得分率（{}）",
            grid.year,
            grid.parent,
            grid.program.as_deref().unwrap_or("全部项目，按二级指标")
        ),
        headers: names,
        rows: grid
            .rows
            .iter()
            .map(|row| {
                let region = if row.own {
                    format!("{}（本级）", row.region)
                } else {
                    row.region.clone()
                };
                let mut cells = vec![Cell::from(region), Cell::from(row.evaluations)];
                cells.extend(
                    row.cells
                        .iter()
                        .map(|c| Cell::percent(c.as_ref().and_then(|c| c.share))),
                );
                cells
            })
            .collect(),
    }
}

/// Places a figure of `kind` is shown with, and its change.
fn figure_decimals(kind: FigureKind) -> u32 {
    match kind {
        FigureKind::Count => 0,
        FigureKind::Money => fundlens_shared::format::MONEY_DECIMALS,
        FigureKind::Percent => fundlens_shared::format::PERCENT_DECIMALS,
        FigureKind::Score => fundlens_shared::format::SHOWN_SCORE_DECIMALS,
    }
}

/// What a change of `kind` is measured in: percent of the earlier amount, percentage points,
/// points, or the count's unit.
fn change_unit(kind: FigureKind, unit: &str) -> String {
    match kind {
        FigureKind::Money => "%".to_owned(),
        FigureKind::Percent => "个百分点".to_owned(),
        FigureKind::Score => "分".to_owned(),
        FigureKind::Count => unit.to_owned(),
    }
}

/// `GET /api/compare/years`: every funding and score figure of the two years, as 年度对比
/// shows them.
pub fn years(comparison: &YearComparison, place: &str) -> Table {
    let (a, b) = (comparison.a, comparison.b);
    let scope = scope_name(
        Some(comparison.region.as_deref().unwrap_or(place)),
        comparison.program.as_deref(),
    );
    Table {
        file: format!("compare-years-{a}-{b}"),
        name: file_name(&[scope.clone(), format!("{a}与{b}年对比")]),
        title: format!("{scope}{b}年与{a}年对比"),
        headers: vec![
            "指标".to_owned(),
            format!("{a}年"),
            format!("{b}年"),
            "单位".to_owned(),
            format!("{b}年较{a}年"),
            "变化单位".to_owned(),
        ],
        rows: comparison
            .funding
            .iter()
            .chain(&comparison.scores)
            .map(|f| {
                let decimals = figure_decimals(f.kind);
                vec![
                    Cell::from(f.label.as_str()),
                    Cell::number(f.a, decimals),
                    Cell::number(f.b, decimals),
                    Cell::from(f.unit.as_str()),
                    Cell::number(f.change, f.kind.change_decimals()),
                    Cell::from(change_unit(f.kind, &f.unit)),
                ]
            })
            .collect(),
    }
}

/// `GET /api/indicators/history`: one page of rows, as 指标历史's table has them.
pub fn history(history: &IndicatorHistory, question: &HistoryQuery, place: &str) -> Table {
    let scope = scope_name(Some(place), question.program.as_deref());
    Table {
        file: "indicator-history".to_owned(),
        name: file_name(&[scope.clone(), "指标历史".to_owned(), history.name.clone()]),
        title: format!("{scope}指标历史：{}", history.name),
        headers: headers(&[
            "年度",
            "地区",
            "项目",
            "指标值",
            "实际完成值",
            "分值",
            "填报得分",
            "核算得分",
            "计入得分",
            "数据性质",
        ]),
        rows: history
            .rows
            .iter()
            .map(|r| {
                vec![
                    Cell::from(i64::from(r.year)),
                    Cell::from(r.region.as_str()),
                    Cell::from(r.program.as_str()),
                    Cell::from(r.target.as_str()),
                    Cell::from(r.actual.as_str()),
                    Cell::score(Some(r.weight)),
                    Cell::score(r.declared_score),
                    Cell::score(r.computed_score),
                    Cell::score(Some(r.score)),
                    sample(r.sample),
                ]
            })
            .collect(),
    }
}

/// `GET /api/results/{view}`: one page of a 结果应用 view, as the page lists it (序号 counting
/// from where the page starts), the view's sentence over the rows in the title's place.
pub fn results(answer: &ResultsAnswer, place: &str) -> Table {
    let (year, year_title) = year_words(answer.year);
    let view = answer.view.label();
    let first = i64::from(answer.offset);
    Table {
        file: answer.year.map_or_else(
            || format!("results-{}", answer.view.code()),
            |y| format!("results-{}-{y}", answer.view.code()),
        ),
        name: file_name(&[
            place.to_owned(),
            year,
            "结果应用".to_owned(),
            view.to_owned(),
        ]),
        title: format!("{place}{year_title}结果应用：{view}"),
        headers: headers(&[
            "序号",
            "项目名称",
            "地区",
            "年度",
            "类型",
            "严重程度",
            "指标或统计",
            "上年或对照值",
            "本年或本报告值",
            "单位",
            "说明",
            "数据性质",
        ]),
        rows: (1..)
            .zip(&answer.rows)
            .map(|(number, row)| {
                let item = &row.item;
                vec![
                    Cell::from(first + number),
                    Cell::from(row.program.as_str()),
                    Cell::from(row.region.as_str()),
                    Cell::from(i64::from(row.year)),
                    Cell::from(item.code.label()),
                    Cell::from(item.severity.label()),
                    Cell::from(item.subject.as_deref().unwrap_or("")),
                    Cell::number(item.before, 2),
                    Cell::number(item.after, 2),
                    Cell::from(item.unit.as_str()),
                    Cell::from(item.message.as_str()),
                    sample(row.sample),
                ]
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fundlens_shared::api::EvaluationSummary;
    use fundlens_shared::query::Sort;
    use fundlens_shared::value::Grade;
    use rust_decimal_macros::dec;

    fn item(total: rust_decimal::Decimal) -> EvaluationSummary {
        EvaluationSummary {
            id: 4711,
            program: "桃江县中小企业纾困专项资金".to_owned(),
            region: "桃江县".to_owned(),
            year: 2025,
            total,
            grade: Some(Grade::Fair),
            complete: true,
            year_start_budget: Some(dec!(752)),
            budget: Some(dec!(593.04)),
            executed: Some(dec!(580.123)),
            execution_rate: Some(dec!(97.8225)),
            finding_count: 2,
            sample: true,
        }
    }

    #[test]
    fn a_list_is_named_by_region_year_and_selection_without_ids() {
        let list = EvaluationList {
            total_count: 693,
            items: vec![item(dec!(76.040934)); 15],
            next: None,
        };
        let question = ListQuery {
            year: Some(2025),
            region: None,
            sort: Some(Sort::Lowest),
            limit: Some(15),
            ..ListQuery::default()
        };
        let table = evaluation_list(&list, &question, "益阳市");
        assert_eq!(table.name, "益阳市_2025_评价列表_得分最低15项");
        assert_eq!(table.title, "益阳市2025年评价列表（得分最低15项）");
        assert_eq!(table.headers[0], "序号");
        assert!(table.headers.iter().all(|h| !h.contains("编号")));
        assert!(table.headers.contains(&"审核发现".to_owned()));
        assert!(table.headers.contains(&"全年预算数（万元）".to_owned()));
        let first = &table.rows[0];
        assert_eq!(first[0].text(), "1");
        assert_eq!(first[4].text(), "76.04", "the total as the page shows it");
        assert_eq!(first[4].full_text(), "76.040934", "every digit kept");
        assert_eq!(first[6].text(), "97.8");
        assert!(
            first.iter().all(|cell| cell.text() != "4711"),
            "no internal id"
        );
        let whole = EvaluationList {
            total_count: 2,
            items: vec![item(dec!(80)); 2],
            next: None,
        };
        let graded = ListQuery {
            grade: Some(Grade::Fair),
            ..ListQuery::default()
        };
        assert_eq!(
            evaluation_list(&whole, &graded, "湖南省").name,
            "湖南省_各年度_评价列表_中等_共2项"
        );
    }
}
