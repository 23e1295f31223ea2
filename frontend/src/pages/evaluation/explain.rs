//! Why a row scored what it did: the rule in words, its inputs, the formula with the numbers
//! filled in and the result; for an indicator also what counted in the total, the audit's
//! findings on it and its history over the years (same fund and region).

use fundlens_shared::api::IndicatorHistory;
use fundlens_shared::audit::Finding;
use fundlens_shared::chart::views;
use fundlens_shared::format;
use fundlens_shared::query::{HistoryPageQuery, HistoryQuery, url};
use fundlens_shared::scoring::{Basis, Explanation, IndicatorScore};
use leptos::prelude::*;
use leptos_router::components::A;

use super::summary::FindingItem;
use crate::api::{self, evaluation_link};
use crate::components::chart::{ChartCard, ChartSpec};
use crate::components::html::{Cell, HtmlTable, Row, head, link, sample_badge, table};
use crate::components::status::{Empty, show};
use crate::reactive::{dynamic, resource};

/// Rule, inputs, formula and result of one score.
#[component]
pub(crate) fn ExplanationBox(title: String, explanation: Explanation) -> impl IntoView {
    let inputs = explanation
        .inputs
        .into_iter()
        .map(|input| view! { <li>{input.name}"："<b>{input.value}</b></li> })
        .collect_view();
    let formula = (!explanation.formula.is_empty()).then(|| {
        view! {
            <dt>"计算过程"</dt>
            <dd>
                <code class="formula">{explanation.formula}</code>
            </dd>
        }
    });
    let key = title.clone();
    view! {
        <div class="card explain" data-explanation=key>
            <h3>"得分说明：" {title}</h3>
            <dl>
                <dt>"适用规则"</dt>
                <dd data-field="rule">{explanation.rule_text}</dd>
                <dt>"计算依据"</dt>
                <dd>
                    <ul class="inputs">{inputs}</ul>
                </dd>
                {formula}
                <dt>"结果"</dt>
                <dd data-field="result">
                    <b>{explanation.result}</b>
                </dd>
            </dl>
        </div>
    }
}

/// Everything about one indicator row, shown under it when selected.
#[component]
pub(crate) fn IndicatorDetail(
    score: IndicatorScore,
    deviation_note: Option<String>,
    findings: Vec<Finding>,
    region: String,
    program: String,
) -> impl IntoView {
    let counted = match score.basis {
        Basis::Computed => format!("按核算得分 {} 分计入总分", format::score(score.score)),
        Basis::Declared => format!(
            "无法按规则核算，暂按填报得分 {} 分计入总分（未核实）",
            format::score(score.score)
        ),
        Basis::Missing => "既无法核算也未填报，按 0 分计入总分".to_owned(),
    };
    let extra = [
        score
            .achievement
            .map(|value| format!("完成率（实际 ÷ 指标值）：{}", format::percent(value))),
        score.tier.as_ref().map(|tier| {
            format!(
                "档次：{}（分值的 {}–{}）",
                tier.label,
                format::percent(tier.low_share * rust_decimal::Decimal::ONE_HUNDRED),
                format::percent(tier.high_share * rust_decimal::Decimal::ONE_HUNDRED)
            )
        }),
    ]
    .into_iter()
    .flatten()
    .map(|line| view! { <li>{line}</li> })
    .collect_view();
    let findings_view = if findings.is_empty() {
        view! { <p class="muted">"审核未发现该指标的问题。"</p> }.into_any()
    } else {
        let items = findings
            .into_iter()
            .map(|finding| view! { <FindingItem finding with_link=false /> })
            .collect_view();
        view! { <ul class="findings-list">{items}</ul> }.into_any()
    };
    view! {
        <div class="indicator-detail" data-detail=score.index.to_string()>
            <ExplanationBox title=score.name.clone() explanation=score.explanation.clone() />
            <div class="two-col">
                <div>
                    <h4>"计入总分"</h4>
                    <p>{counted}</p>
                    <ul>{extra}</ul>
                    <h4>"偏差原因分析及改进措施"</h4>
                    <p>{deviation_note.unwrap_or_else(|| "（表中未填写）".to_owned())}</p>
                    <h4>"该指标的审核发现"</h4>
                    {findings_view}
                </div>
                <div>
                    <RowHistory name=score.name region program />
                </div>
            </div>
        </div>
    }
}

/// The indicator's history for the same fund and region, as a chart and a table.
#[component]
fn RowHistory(name: String, region: String, program: String) -> impl IntoView {
    let history = {
        let (name, region, program) = (name.clone(), region.clone(), program.clone());
        resource(move || {
            api::indicator_history(HistoryQuery {
                name: Some(name.clone()),
                region: Some(region.clone()),
                program: Some(program.clone()),
                ..HistoryQuery::default()
            })
        })
    };
    // 指标历史 opens on this indicator of this fund in this region (its search box filled, its
    // breadcrumb on the region): one step up the breadcrumb or to 全部项目 widens it.
    let everywhere = url(
        "/history",
        &HistoryPageQuery {
            name: Some(name.clone()),
            region: Some(region.clone()),
            program: Some(program.clone()),
            ..HistoryPageQuery::default()
        },
    );
    view! {
        <h4>"历年情况（" {region} " · " {program} "）"</h4>
        {dynamic(move || show(history.get(), "指标历史", history_view))}
        <p>
            <A href=everywhere.clone()>"在指标历史中查看该指标（可改选地区、项目）→"</A>
        </p>
    }
}

fn history_view(history: IndicatorHistory) -> impl IntoView {
    if history.total_count <= 1 {
        return view! {
            <Empty text="该项目在该地区只有本年度这一条记录，暂无历年数据可比。" />
        }
        .into_any();
    }
    let sample = history.rows.iter().any(|row| row.sample);
    let rows: Vec<Row> = history
        .rows
        .iter()
        .map(|row| {
            Row::new(vec![
                Cell::html(link(
                    &evaluation_link(row.evaluation_id, None),
                    &row.year.to_string(),
                ))
                .class("num"),
                Cell::text(&row.target),
                Cell::text(&row.actual),
                Cell::num(&format::score(row.weight)),
                Cell::num(&format::score(row.score)),
                Cell::html(if row.sample { sample_badge() } else { "" }),
            ])
        })
        .collect();
    let head = head(&[
        ("年度", true),
        ("指标值", false),
        ("实际完成值", false),
        ("分值", true),
        ("得分", true),
        ("", false),
    ]);
    view! {
        <ChartCard spec=ChartSpec::Line(views::history_chart(&history)) sample height=260 />
        <HtmlTable html=table("data", &head, &rows) />
    }
    .into_any()
}
