//! The 项目资金 block as the form has it: four rows (年度资金总额 and its parts) by 年初预算数,
//! 全年预算数, 全年执行数, then 分值, 执行率 and 得分 (declared against computed), with the
//! execution score's explanation under it when `?row=execution`.

use fundlens_shared::api::EvaluationDetail;
use fundlens_shared::format;
use fundlens_shared::model::FundingRow;
use fundlens_shared::scoring::{differs, lost_points, rate_differs};
use fundlens_shared::value::Money;
use leptos::prelude::*;
use rust_decimal::Decimal;

use super::explain::ExplanationBox;
use crate::components::html::{Cell, HtmlTable, Row, head, mark, table};
use crate::query::use_set_query;
use crate::reactive::{dynamic, dynamic_text};

/// The `row` value that selects budget execution.
pub(crate) const EXECUTION_ROW: &str = "execution";

fn cell(value: Option<Money>) -> String {
    value.map_or_else(String::new, |m| format::money(m.value()))
}

/// The funding block and its score.
#[component]
pub(crate) fn FundingCard(detail: EvaluationDetail, row: Memo<Option<String>>) -> impl IntoView {
    let set_query = use_set_query();
    let funding = detail.record.funding;
    let tolerance = detail.assessment.score_tolerance;
    let execution = detail.assessment.execution;
    let selected = move || row.get().as_deref() == Some(EXECUTION_ROW);
    let rate = |value: Option<Decimal>| value.map_or_else(|| "—".to_owned(), format::percent);
    let score = |value: Option<Decimal>| value.map_or_else(|| "—".to_owned(), format::score);
    let score_mismatch = match (execution.declared_score, execution.computed_score) {
        (Some(declared), Some(computed)) => differs(declared, computed, tolerance),
        _ => false,
    };
    let rate_mismatch = match (execution.declared_rate, execution.rate) {
        (Some(declared), Some(rate)) => rate_differs(declared, rate),
        _ => false,
    };
    let line = |label: &str, part: &FundingRow| {
        Row::new(vec![
            Cell::text(label).heading(),
            Cell::num(&cell(part.year_start_budget)),
            Cell::num(&cell(part.full_year_budget)),
            Cell::num(&cell(part.executed)),
        ])
    };
    let mut rows = vec![line("年度资金总额", &funding.total).attr("class", "total")];
    rows.extend(
        funding
            .parts()
            .into_iter()
            .map(|(label, part)| line(label, part)),
    );
    let amounts = table(
        "data",
        &head(&[
            ("", false),
            ("年初预算数", true),
            ("全年预算数", true),
            ("全年执行数", true),
        ]),
        &rows,
    );
    let lost = lost_points(execution.weight, execution.score, tolerance)
        .map_or_else(String::new, |lost| {
            mark("mark lost", &format!("失分 {}", format::score(lost)))
        });
    let differs_mark = |show: bool| {
        if show {
            mark("mark differs", "不一致")
        } else {
            String::new()
        }
    };
    let scores = table(
        "data",
        &head(&[
            ("分值", true),
            ("执行率（填报）", true),
            ("执行率（核算）", true),
            ("得分（填报）", true),
            ("得分（核算）", true),
        ]),
        &[Row::new(vec![
            Cell::num(&format::score(execution.weight)),
            Cell::num(&rate(execution.declared_rate)),
            Cell::num(&rate(execution.rate)).then(&differs_mark(rate_mismatch)),
            Cell::num(&score(execution.declared_score)),
            Cell::num(&score(execution.computed_score))
                .then(&differs_mark(score_mismatch))
                .then(&lost),
        ])
        .attr("data-row", EXECUTION_ROW)],
    );
    let toggle = move |_| {
        let next = (!selected()).then(|| EXECUTION_ROW.to_owned());
        set_query(vec![("row", next)]);
    };
    let explanation = execution.explanation.clone();
    view! {
        <section class="card" id="funding">
            <h3>"项目资金"</h3>
            <div class="two-col">
                <HtmlTable html=amounts />
                <div>
                    <HtmlTable html=scores />
                    <p>
                        <button type="button" on:click=toggle>
                            {dynamic_text(move || {
                                if selected() { "收起计算过程" } else { "查看执行率计算过程" }.to_owned()
                            })}
                        </button>
                    </p>
                </div>
            </div>
            {dynamic(move || {
                selected()
                    .then(|| view! {
                        <ExplanationBox title="预算执行率".to_owned() explanation=explanation.clone() />
                    })
                    .into_any()
            })}
        </section>
    }
}
