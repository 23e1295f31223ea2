//! The parts of the drill-down around the indicator table: the audit's findings, category
//! totals (declared, computed and what the narrative claims), the allocations (chart and
//! table) and the region's economic statistics of section 四(二).

use fundlens_shared::api::EvaluationDetail;
use fundlens_shared::audit::{Finding, Severity};
use fundlens_shared::chart::{Bar, BarChart, DataMark, Orientation, ValueUnit};
use fundlens_shared::format;
use fundlens_shared::scoring::differs;
use fundlens_shared::scoring::grade::graded_on_share;
use fundlens_shared::scoring::group::same_level1;
use leptos::prelude::*;
use rust_decimal::Decimal;

use crate::components::chart::{ChartCard, ChartSpec};
use crate::components::html::{Cell, HtmlTable, Row, grade_badge, head, mark, table};
use crate::components::status::Empty;
use crate::query::use_set_query;

fn severity_label(severity: Severity) -> (&'static str, &'static str) {
    match severity {
        Severity::Error => ("error", severity.label()),
        Severity::Warning => ("warning", severity.label()),
        Severity::Info => ("info", severity.label()),
    }
}

/// One finding: severity, subject, message, and (optionally) a button that opens its row.
#[component]
pub(crate) fn FindingItem(finding: Finding, with_link: bool) -> impl IntoView {
    let set_query = use_set_query();
    let (class, label) = severity_label(finding.severity);
    let code = serde_json::to_string(&finding.code)
        .unwrap_or_default()
        .trim_matches('"')
        .to_owned();
    let open = finding.indicator.filter(|_| with_link).map(|index| {
        let open_row = move |_| {
            set_query(vec![("row", Some(index.to_string()))]);
            request_animation_frame(move || {
                let selector = format!("tr[data-row='{index}']");
                if let Ok(Some(element)) = document().query_selector(&selector) {
                    element.scroll_into_view();
                }
            });
        };
        view! {
            <button type="button" on:click=open_row>
                {format!("查看第{}行", index + 1)}
            </button>
        }
    });
    view! {
        <li class=class data-code=code data-indicator=finding.indicator.map(|i| i.to_string())>
            <span class="severity">{label}</span>
            <span class="subject">{finding.subject}</span>
            <span class="message">{finding.message}</span>
            {open}
        </li>
    }
}

/// Every finding of the evaluation, errors first.
#[component]
pub(crate) fn Findings(detail: EvaluationDetail) -> impl IntoView {
    let mut findings = detail.assessment.findings;
    findings.sort_by_key(|f| f.severity);
    let count = findings.len();
    let body = if findings.is_empty() {
        view! { <Empty text="审核未发现问题。" /> }.into_any()
    } else {
        let items = findings
            .into_iter()
            .map(|finding| view! { <FindingItem finding with_link=true /> })
            .collect_view();
        view! { <ul class="findings-list">{items}</ul> }.into_any()
    };
    view! {
        <section class="card" id="findings">
            <h3>{format!("审核发现（{count}条）")}</h3>
            {body}
        </section>
    }
}

fn score_text(value: Option<Decimal>) -> String {
    value.map_or_else(|| "—".to_owned(), format::score)
}

/// Category totals: weight, declared, computed, the narrative's claim; then total and grade.
/// A figure is marked where it differs from the computed one beyond the assessment's tolerance.
#[component]
pub(crate) fn Categories(detail: EvaluationDetail) -> impl IntoView {
    let claims = detail.record.narrative.claimed_categories;
    let assessment = detail.assessment;
    let tolerance = assessment.score_tolerance;
    let marked = |shown: Option<Decimal>, against: Option<Decimal>| {
        let cell = Cell::num(&score_text(shown));
        if let (Some(shown), Some(against)) = (shown, against)
            && differs(shown, against, tolerance)
        {
            cell.then(&mark("mark differs", "不一致"))
        } else {
            cell
        }
    };
    let mut rows: Vec<Row> = assessment
        .categories
        .iter()
        .map(|category| {
            let claimed = claims
                .iter()
                .find(|claim| same_level1(&claim.name, &category.name))
                .map(|claim| claim.score.value());
            let weight = match category.mislabelled_weight() {
                Some(declared) => format!(
                    "{}（表头标 {}）",
                    format::score(category.weight),
                    format::score(declared)
                ),
                None => format::score(category.weight),
            };
            Row::new(vec![
                Cell::text(&category.name).heading(),
                Cell::num(&weight),
                Cell::num(&format::score(category.declared_score)),
                marked(Some(category.score), Some(category.declared_score)),
                marked(claimed, Some(category.score)),
            ])
        })
        .collect();
    let claimed_total = detail.record.narrative.claimed_total.map(|s| s.value());
    let form_total = detail.record.declared.total.map(|s| s.value());
    rows.push(
        Row::new(vec![
            Cell::text("总分").heading(),
            Cell::num(&format::score(assessment.scale)),
            Cell::num(&score_text(form_total)),
            marked(Some(assessment.total), form_total),
            marked(claimed_total, Some(assessment.total)),
        ])
        .attr("class", "total")
        .attr("data-field", "category-total"),
    );
    rows.push(Row::new(vec![
        Cell::text("等级").heading(),
        Cell::text(""),
        Cell::html(
            assessment
                .declared_grade
                .map(|grade| grade_badge(Some(grade)))
                .unwrap_or_default(),
        )
        .class("num"),
        Cell::html(grade_badge(assessment.grade)).class("num"),
        Cell::text(""),
    ]));
    let head = head(&[
        ("类别", false),
        ("分值", true),
        ("自评表填报", true),
        ("按规则核算", true),
        ("报告正文所述", true),
    ]);
    let complete = if assessment.complete {
        "全部得分均按规则核算。"
    } else {
        "部分指标无法按规则核算（如缺少全省平均水平，或指标值、实际完成值无法识别、不适用），总分中按填报得分计入，尚未完全核实。"
    };
    let scale = graded_on_share(assessment.scale).then(|| {
        view! { <p class="muted" data-field="grade-scale">{assessment.grade_explanation.clone()}</p> }
    });
    view! {
        <section class="card" id="categories">
            <h3>"分类得分与总分"</h3>
            <HtmlTable html=table("data", &head, &rows) />
            <p class="muted">{complete}</p>
            {scale}
        </section>
    }
}

/// The sub-project allocations as a bar chart and a table, with their sum against executed
/// (agreeing within the assessment's tolerance, as the audit's allocation check has it).
#[component]
pub(crate) fn Allocations(detail: EvaluationDetail) -> impl IntoView {
    let allocations = detail.record.allocations;
    if allocations.is_empty() {
        return view! {
            <section class="card" id="allocations">
                <h3>"资金使用情况"</h3>
                <Empty text="报告未列出分项目资金使用情况。" />
            </section>
        }
        .into_any();
    }
    let chart = BarChart {
        title: "资金使用情况（分项目）".to_owned(),
        y_label: "万元".to_owned(),
        unit: ValueUnit::WanYuan,
        bars: allocations
            .iter()
            .map(|a| Bar {
                label: a.name.clone(),
                value: Some(a.amount.value()),
                highlight: false,
            })
            .collect(),
        reference_lines: Vec::new(),
        mark: DataMark::of_record(&detail.record.provenance, detail.record.year.value()),
        orientation: Orientation::Columns,
    };
    let sum = detail.assessment.allocation_sum;
    let tolerance = detail.assessment.score_tolerance;
    let executed = detail.record.funding.total.executed.map(|m| m.value());
    let check = match executed {
        Some(executed) if !differs(sum, executed, tolerance) => {
            format!("合计 {}，与全年执行数一致。", format::money(sum))
        }
        Some(executed) => format!(
            "合计 {}，与全年执行数 {} 相差 {}。",
            format::money(sum),
            format::money(executed),
            format::money(sum - executed)
        ),
        None => format!("合计 {}。", format::money(sum)),
    };
    let mut rows: Vec<Row> = allocations
        .iter()
        .enumerate()
        .map(|(index, a)| {
            Row::new(vec![
                Cell::num(&(index + 1).to_string()).class("muted"),
                Cell::text(&a.name),
                Cell::text(a.category.as_deref().unwrap_or_default()),
                Cell::num(&format::money(a.amount.value())),
                Cell::text(a.purpose.as_deref().unwrap_or_default()),
            ])
        })
        .collect();
    rows.push(
        Row::new(vec![
            Cell::text(""),
            Cell::text("合计").heading(),
            Cell::text(""),
            Cell::num(&format::money(sum)),
            Cell::text(""),
        ])
        .attr("class", "total"),
    );
    let head = head(&[
        ("序号", true),
        ("项目", false),
        ("类别", false),
        ("金额", true),
        ("用途", false),
    ]);
    view! {
        <section class="card" id="allocations">
            <h3>"资金使用情况"</h3>
            <ChartCard spec=ChartSpec::Bar(chart) width=1000 height=380 />
            <HtmlTable html=table("data", &head, &rows) />
            <p class="muted">{check}</p>
        </section>
    }
    .into_any()
}

/// The region's economic statistics as the report states them (section 四(二)).
#[component]
pub(crate) fn Statistics(detail: EvaluationDetail) -> impl IntoView {
    let statistics = detail.record.statistics;
    if statistics.is_empty() {
        return ().into_any();
    }
    let rows: Vec<Row> = statistics
        .iter()
        .map(|statistic| {
            let metric = statistic.metric.metric();
            let value = fundlens_shared::chart::views::unit_of(metric.unit).format(statistic.value);
            Row::new(vec![
                Cell::text(metric.name).heading(),
                Cell::num(&value),
                Cell::num(
                    &statistic
                        .rank
                        .map(|r| format!("第{}位", r.value()))
                        .unwrap_or_default(),
                ),
                Cell::text(statistic.note.as_deref().unwrap_or_default()).class("muted"),
            ])
        })
        .collect();
    let head = head(&[
        ("指标", false),
        ("数值", true),
        ("全省排名", true),
        ("原文", false),
    ]);
    view! {
        <section class="card" id="statistics">
            <h3>"报告所列经济指标（四（二））"</h3>
            <HtmlTable html=table("data", &head, &rows) />
        </section>
    }
    .into_any()
}
