//! The 绩效指标 table: 一级 / 二级 / 三级指标, target, actual, weight, declared and computed
//! score, with a mark where the two differ or the score cannot be computed, rows the audit
//! flags highlighted, and the selected row's explanation opened right under it. On a phone
//! each indicator is a card led by its name, then target, actual, score and 失分.

use fundlens_shared::api::EvaluationDetail;
use fundlens_shared::format;
use fundlens_shared::scoring::{Basis, IndicatorScore, Uncomputable, differs, lost_points};
use leptos::prelude::*;
use rust_decimal::Decimal;

use super::explain::IndicatorDetail;
use crate::query::use_set_query;
use crate::reactive::dynamic;

/// Columns of the table (for the explanation row's `colspan`).
const COLUMNS: u32 = 10;

/// The marks of one row: declared ≠ computed, not computable, declared score missing, points
/// lost against the weight — each decided by shared with the assessment's `tolerance`.
fn marks(row: &IndicatorScore, tolerance: Decimal) -> Vec<(&'static str, String)> {
    let mut marks = Vec::new();
    match (row.declared_score, row.computed_score) {
        (Some(declared), Some(computed)) if differs(declared, computed, tolerance) => {
            marks.push((
                "mark differs",
                format!("不一致（差 {}）", format::score(computed - declared)),
            ));
        }
        (_, None) => marks.push(("mark unverified", unverified(row).to_owned())),
        _ => {}
    }
    if row.declared_score.is_none() {
        marks.push(("mark differs", "未填报得分".to_owned()));
    }
    if let Some(lost) = lost_points(row.weight, row.score, tolerance) {
        marks.push(("mark lost", format!("失分 {}", format::score(lost))));
    }
    marks
}

/// Why a row has no computed score, in two words.
fn unverified(row: &IndicatorScore) -> &'static str {
    match row.uncomputable {
        Some(Uncomputable::TargetUnreadable { .. } | Uncomputable::ActualUnreadable { .. }) => {
            "无法识别"
        }
        Some(Uncomputable::NotApplicable) => "不适用",
        _ => "无法核算",
    }
}

/// The indicator table of one evaluation.
#[component]
pub(crate) fn IndicatorTable(detail: EvaluationDetail, row: Memo<Option<String>>) -> impl IntoView {
    let set_query = use_set_query();
    let selected = Memo::new(move |_| row.get().and_then(|r| r.parse::<usize>().ok()));
    let region = detail.record.region.clone();
    let program = detail.record.program.name.clone();
    let findings = detail.assessment.findings.clone();
    let tolerance = detail.assessment.score_tolerance;
    let notes: Vec<Option<String>> = detail
        .record
        .indicators
        .iter()
        .map(|indicator| indicator.deviation_note.clone())
        .collect();
    let rows = detail
        .assessment
        .indicators
        .into_iter()
        .map(|score| {
            let index = score.index;
            let row_findings: Vec<_> = findings
                .iter()
                .filter(|f| f.indicator == Some(index))
                .cloned()
                .collect();
            let flagged = !row_findings.is_empty();
            let class = move || {
                let mut class = String::new();
                if flagged {
                    class.push_str("has-finding");
                }
                if selected.get() == Some(index) {
                    class.push_str(" selected");
                }
                class
            };
            let finding_mark = flagged.then(|| {
                let text = format!("审核发现 {}", row_findings.len());
                view! { <span class="mark finding">"⚠ " {text}</span> }
            });
            let mark_views = marks(&score, tolerance)
                .into_iter()
                .map(|(class, text)| view! { <span class=class>{text}</span> })
                .collect_view();
            let set_query = set_query.clone();
            let toggle = move || {
                let next = (selected.get_untracked() != Some(index)).then(|| index.to_string());
                set_query(vec![("row", next)]);
            };
            let on_key = {
                let toggle = toggle.clone();
                move |event: leptos::ev::KeyboardEvent| {
                    if event.key() == "Enter" || event.key() == " " {
                        event.prevent_default();
                        toggle();
                    }
                }
            };
            let detail_view = {
                let (score, region, program) = (score.clone(), region.clone(), program.clone());
                let note = notes.get(index).cloned().flatten();
                dynamic(move || {
                    (selected.get() == Some(index))
                        .then(|| {
                            view! {
                                <tr class="detail-row">
                                    <td colspan=COLUMNS>
                                        <IndicatorDetail
                                            score=score.clone()
                                            deviation_note=note.clone()
                                            findings=row_findings.clone()
                                            region=region.clone()
                                            program=program.clone()
                                        />
                                    </td>
                                </tr>
                            }
                        })
                        .into_any()
                })
            };
            let computed = score
                .computed_score
                .map_or_else(|| "—".to_owned(), format::score);
            let declared = score
                .declared_score
                .map_or_else(|| "—".to_owned(), format::score);
            let counted_note = (score.basis == Basis::Declared)
                .then(|| view! { <div class="muted small">"按填报计入"</div> });
            view! {
                <tr
                    class=class
                    data-row=index.to_string()
                    data-name=score.name.clone()
                    on:click=move |_| toggle()
                    on:keydown=on_key
                    tabindex="0"
                    aria-expanded=move || (selected.get() == Some(index)).to_string()
                    title="点击查看得分说明和历年情况"
                >
                    <td class="num muted muted-on-phone">{index + 1}</td>
                    <td class="level" data-label="一级指标">{score.level1.clone()}</td>
                    <td class="level" data-label="二级指标">{score.level2.clone()}</td>
                    <td class="card-head">
                        <b>{score.name.clone()}</b>
                    </td>
                    <td class="lead target" data-label="年度指标值">{score.target.clone()}</td>
                    <td class="lead actual" data-label="实际完成值">{score.actual.clone()}</td>
                    <td class="num" data-label="分值">{format::score(score.weight)}</td>
                    <td class="num" data-label="填报得分">{declared}</td>
                    <td class="num lead score" data-label="核算得分">{computed} {counted_note}</td>
                    <td class="lead marks">{mark_views} {finding_mark}</td>
                </tr>
                {detail_view}
            }
        })
        .collect_view();
    view! {
        <section class="card" id="indicators">
            <h3>"绩效指标"</h3>
            <p class="muted">
                "点击任一指标行，查看评分规则、计算过程和历年情况；黄色底色的行有审核发现。"
            </p>
            <div class="table-wrap">
                <table class="data indicators">
                    <thead>
                        <tr>
                            <th class="num">"序号"</th>
                            <th>"一级指标"</th>
                            <th>"二级指标"</th>
                            <th>"三级指标"</th>
                            <th>"年度指标值"</th>
                            <th>"实际完成值"</th>
                            <th class="num">"分值"</th>
                            <th class="num">"填报得分"</th>
                            <th class="num">"核算得分"</th>
                            <th>"核查"</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}
