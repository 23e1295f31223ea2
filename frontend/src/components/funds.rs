//! The table of evaluations (one fund in one region and year per row): score and grade,
//! execution, budget, findings and source, each row linking to its drill-down. On a phone each
//! row is a card led by the fund, then 总分, 等级 and 执行率.

use fundlens_shared::api::EvaluationSummary;
use fundlens_shared::format;
use leptos::prelude::*;
use rust_decimal::Decimal;

use crate::api::evaluation_link;
use crate::components::html::{
    Cell, HtmlTable, Row, grade_badge, head, link, mark, sample_badge, table,
};

/// An amount in 万元/亿元, or a dash where the form states none.
pub(crate) fn money(value: Option<Decimal>) -> String {
    value.map_or_else(|| "—".to_owned(), format::money)
}

/// The cells that answer for one evaluation, in the order a card leads with them: 总分 (marked
/// where not every part was verified), 等级 and 执行率.
pub(crate) fn answer_cells(item: &EvaluationSummary) -> [Cell; 3] {
    let mut score = Cell::num(&format::score(item.total)).class("score lead");
    if !item.complete {
        score = score.then(&mark("mark unverified", "未全部核实"));
    }
    let rate = item
        .execution_rate
        .map_or_else(|| "—".to_owned(), format::percent);
    [
        score,
        Cell::html(grade_badge(item.grade)).class("center lead grade"),
        Cell::num(&rate).class("lead rate"),
    ]
}

/// The table's HTML.
fn funds_html(items: &[EvaluationSummary], with_year: bool) -> String {
    let mut columns = vec![("序号", true), ("项目名称", false), ("地区", false)];
    if with_year {
        columns.push(("年度", true));
    }
    columns.extend([
        ("总分", true),
        ("等级", false),
        ("执行率", true),
        ("全年预算数", true),
        ("全年执行数", true),
        ("审核发现", true),
    ]);
    let rows: Vec<Row> = items
        .iter()
        .enumerate()
        .map(|(index, item)| {
            let mut name = link(&evaluation_link(item.id, None), &item.program);
            name.push_str(if item.sample {
                sample_badge()
            } else {
                r#"<span class="badge real" title="据公开发布的自评报告录入">真实数据</span>"#
            });
            let mut cells = vec![
                Cell::num(&(index + 1).to_string()).class("muted muted-on-phone"),
                Cell::html(name).class("fund-name card-head"),
                Cell::text(&item.region).class("region"),
            ];
            if with_year {
                cells.push(Cell::num(&item.year.to_string()));
            }
            let findings = Cell::num(&item.finding_count.to_string()).class("findings");
            cells.extend(answer_cells(item));
            cells.extend([
                Cell::num(&money(item.budget)),
                Cell::num(&money(item.executed)),
                if item.finding_count > 0 {
                    findings.class("has")
                } else {
                    findings
                },
            ]);
            Row::new(cells).attr("data-evaluation", item.id.to_string())
        })
        .collect();
    table("data funds", &head(&columns), &rows)
}

/// The evaluations in the order given.
#[component]
pub(crate) fn FundsTable(
    items: Vec<EvaluationSummary>,
    /// Shows the year column (lists across years).
    #[prop(default = false)]
    with_year: bool,
) -> impl IntoView {
    view! { <HtmlTable html=funds_html(&items, with_year) /> }
}
