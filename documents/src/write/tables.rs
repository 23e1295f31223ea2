//! The API's answers as tables to download: one row per item the JSON lists, the columns its
//! fields, in Chinese. Figures are copied as the server computed them, never recomputed.

use fundlens_shared::api::{
    Comparison, EvaluationList, FundingPoint, IndicatorHistory, MetricPoint, ScoreGrid, ScorePoint,
    Trend,
};
use fundlens_shared::comparison::YearComparison;

use super::table::{Cell, Table};

fn headers(names: &[&str]) -> Vec<String> {
    names.iter().map(|n| (*n).to_owned()).collect()
}

fn sample(flag: bool) -> Cell {
    Cell::from(if flag { "示例数据" } else { "" })
}

/// What a trend covers (`赫山区 · 专项甲`, `全部地区`).
fn scope<P>(trend: &Trend<P>) -> String {
    let parts: Vec<&str> = [trend.region.as_deref(), trend.program.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    if parts.is_empty() {
        "全部地区".to_owned()
    } else {
        parts.join(" · ")
    }
}

/// `GET /api/evaluations`: one page of the list.
pub fn evaluation_list(list: &EvaluationList) -> Table {
    Table {
        file: "evaluations".to_owned(),
        title: "评价列表".to_owned(),
        headers: headers(&[
            "编号",
            "项目",
            "地区",
            "年度",
            "总分",
            "等级",
            "年初预算（万元）",
            "调整后预算（万元）",
            "执行数（万元）",
            "执行率（%）",
            "问题数",
            "数据性质",
        ]),
        rows: list
            .items
            .iter()
            .map(|item| {
                vec![
                    Cell::from(item.id),
                    Cell::from(item.program.as_str()),
                    Cell::from(item.region.as_str()),
                    Cell::from(i64::from(item.year)),
                    Cell::from(item.total),
                    Cell::from(item.grade.label()),
                    Cell::from(item.year_start_budget),
                    Cell::from(item.budget),
                    Cell::from(item.executed),
                    Cell::from(item.execution_rate),
                    Cell::from(item.finding_count),
                    sample(item.sample),
                ]
            })
            .collect(),
    }
}

/// `GET /api/trends/funding`.
pub fn funding_trend(trend: &Trend<FundingPoint>) -> Table {
    Table {
        file: "trend-funding".to_owned(),
        title: format!("资金趋势（{}）", scope(trend)),
        headers: headers(&[
            "年度",
            "评价数",
            "年初预算（万元）",
            "调整后预算（万元）",
            "执行数（万元）",
            "执行率（%）",
            "执行数同比（%）",
            "预算同比（%）",
        ]),
        rows: trend
            .points
            .iter()
            .map(|p| {
                vec![
                    Cell::from(i64::from(p.year)),
                    Cell::from(p.evaluations),
                    Cell::from(p.year_start_budget),
                    Cell::from(p.budget),
                    Cell::from(p.executed),
                    Cell::from(p.execution_rate),
                    Cell::from(p.executed_change),
                    Cell::from(p.budget_change),
                ]
            })
            .collect(),
    }
}

/// `GET /api/trends/scores`.
pub fn score_trend(trend: &Trend<ScorePoint>) -> Table {
    Table {
        file: "trend-scores".to_owned(),
        title: format!("得分趋势（{}）", scope(trend)),
        headers: headers(&[
            "年度",
            "评价数",
            "平均分",
            "最低分",
            "最高分",
            "同比变化",
            "优",
            "良",
            "中",
            "差",
            "问题数",
        ]),
        rows: trend
            .points
            .iter()
            .map(|p| {
                vec![
                    Cell::from(i64::from(p.year)),
                    Cell::from(p.evaluations),
                    Cell::from(p.average_total),
                    Cell::from(p.min_total),
                    Cell::from(p.max_total),
                    Cell::from(p.change),
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

/// `GET /api/trends/metrics`.
pub fn metric_trend(trend: &Trend<MetricPoint>, name: &str) -> Table {
    Table {
        file: "trend-metric".to_owned(),
        title: format!("{name}（{}，{}）", scope(trend), trend.unit),
        headers: headers(&[
            "年度",
            "数值",
            "全省排名",
            "全省数值",
            "同比变化",
            "数据性质",
        ]),
        rows: trend
            .points
            .iter()
            .map(|p| {
                vec![
                    Cell::from(i64::from(p.year)),
                    Cell::from(p.value),
                    Cell::from(p.rank.map(i64::from)),
                    Cell::from(p.benchmark),
                    Cell::from(p.change),
                    sample(p.sample),
                ]
            })
            .collect(),
    }
}

/// `GET /api/compare`: the ranking, then the parent's and the province's values.
pub fn comparison(comparison: &Comparison) -> Table {
    let mut rows: Vec<Vec<Cell>> = comparison
        .rows
        .iter()
        .map(|r| {
            vec![
                Cell::from(i64::from(r.position)),
                Cell::from(r.region.as_str()),
                Cell::from(r.value),
                Cell::from(r.provincial_rank.map(i64::from)),
                Cell::from(r.evaluations),
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
                Cell::from(reference.value),
                Cell::Empty,
                Cell::Empty,
                Cell::Empty,
            ]);
        }
    }
    Table {
        file: format!("compare-{}", comparison.year),
        title: format!(
            "{}年{}下级地区{}（{}）",
            comparison.year, comparison.parent, comparison.label, comparison.unit
        ),
        headers: headers(&[
            "名次",
            "地区",
            &comparison.label,
            "全省排名",
            "评价项目数",
            "数据性质",
        ]),
        rows,
    }
}

/// `GET /api/compare/grid`: one row per region, a share (%) per column.
pub fn grid(grid: &ScoreGrid) -> Table {
    let mut names = vec!["地区".to_owned(), "评价数".to_owned()];
    names.extend(grid.columns.iter().map(|c| format!("{c}得分率（%）")));
    Table {
        file: format!("compare-grid-{}", grid.year),
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
                        .map(|c| Cell::from(c.as_ref().and_then(|c| c.share))),
                );
                cells
            })
            .collect(),
    }
}

/// `GET /api/compare/years`: every funding and score figure of the two years.
pub fn years(comparison: &YearComparison) -> Table {
    Table {
        file: format!("compare-years-{}-{}", comparison.a, comparison.b),
        title: format!(
            "{}年与{}年对比（{}）",
            comparison.b,
            comparison.a,
            [comparison.region.as_deref(), comparison.program.as_deref()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" · ")
        ),
        headers: vec![
            "指标".to_owned(),
            format!("{}年", comparison.a),
            format!("{}年", comparison.b),
            "变化".to_owned(),
            "单位".to_owned(),
        ],
        rows: comparison
            .funding
            .iter()
            .chain(&comparison.scores)
            .map(|f| {
                vec![
                    Cell::from(f.label.as_str()),
                    Cell::from(f.a),
                    Cell::from(f.b),
                    Cell::from(f.change),
                    Cell::from(f.unit.as_str()),
                ]
            })
            .collect(),
    }
}

/// `GET /api/indicators/history`: one page of rows.
pub fn history(history: &IndicatorHistory) -> Table {
    Table {
        file: "indicator-history".to_owned(),
        title: format!("指标历史：{}", history.name),
        headers: headers(&[
            "评价编号",
            "年度",
            "地区",
            "项目",
            "指标值",
            "实际完成值",
            "分值",
            "自评得分",
            "计算得分",
            "得分",
            "数据性质",
        ]),
        rows: history
            .rows
            .iter()
            .map(|r| {
                vec![
                    Cell::from(r.evaluation_id),
                    Cell::from(i64::from(r.year)),
                    Cell::from(r.region.as_str()),
                    Cell::from(r.program.as_str()),
                    Cell::from(r.target.as_str()),
                    Cell::from(r.actual.as_str()),
                    Cell::from(r.weight),
                    Cell::from(r.declared_score),
                    Cell::from(r.computed_score),
                    Cell::from(r.score),
                    sample(r.sample),
                ]
            })
            .collect(),
    }
}
