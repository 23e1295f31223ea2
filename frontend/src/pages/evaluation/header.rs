//! The form's header: 项目名称, 主管部门, 实施单位, region and year, where the record comes
//! from (document title, or 示例数据), and the total with its grade against what was declared.

use fundlens_shared::api::EvaluationDetail;
use fundlens_shared::chart::optional_grade_colour;
use fundlens_shared::format;
use fundlens_shared::model::Provenance;
use fundlens_shared::query::{YearsQuery, url};
use leptos::prelude::*;

use crate::components::html::{escape, link, sample_badge};

/// The source of a record as HTML: the document, or the 示例数据 badge.
fn provenance_html(provenance: &Provenance) -> String {
    match provenance {
        Provenance::Document {
            title,
            issuer,
            date,
            ..
        } => {
            let extra = [issuer.as_deref(), date.as_deref()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join("，");
            let extra = if extra.is_empty() {
                String::new()
            } else {
                format!("（{}）", escape(&extra))
            };
            format!(
                r#"<span class="badge real">真实数据</span>来源：《{}》{extra}"#,
                escape(title)
            )
        }
        Provenance::Sample { generator } => format!(
            r#"{}<span class="muted" title="{}">由演示数据生成器产生，不是官方数据</span>"#,
            sample_badge(),
            escape(generator)
        ),
    }
}

/// The scoring policy's name in Chinese.
fn policy_label(policy: &str) -> &str {
    match policy {
        "national" => "全国（财预〔2020〕10号）",
        "hunan" => "湖南省",
        other => other,
    }
}

/// The header's HTML.
fn header_html(detail: &EvaluationDetail) -> String {
    let record = &detail.record;
    let assessment = &detail.assessment;
    let program = &record.program;
    let year = record.year.value();
    let dash = "—";
    let declared = match (assessment.declared_total, assessment.declared_grade) {
        (Some(total), Some(grade)) => {
            format!("自评填报：{}分，{}", format::score(total), grade.label())
        }
        (Some(total), None) => format!("自评填报：{}分", format::score(total)),
        (None, Some(grade)) => format!("自评填报等级：{}", grade.label()),
        (None, None) => "自评未填报总分".to_owned(),
    };
    let completeness = if assessment.complete {
        r#"<div class="muted">各项得分均已按规则核算</div>"#
    } else {
        r#"<div class="mark unverified" data-complete="false">部分指标无法核算，按填报得分计入</div>"#
    };
    let compare = url(
        "/compare-years",
        &YearsQuery {
            a: Some(year - 1),
            b: Some(year),
            region: Some(record.region.clone()),
            program: Some(program.name.clone()),
            ..YearsQuery::default()
        },
    );
    let fields = [
        ("项目名称", escape(&program.name)),
        (
            "主管部门",
            escape(program.department.as_deref().unwrap_or(dash)),
        ),
        (
            "实施单位",
            escape(program.implementer.as_deref().unwrap_or(dash)),
        ),
        (
            "地区 · 年度",
            escape(&format!("{} · {year}年度", record.region)),
        ),
        ("数据来源", provenance_html(&record.provenance)),
        (
            "评分口径",
            format!(
                "{}规则 · {}",
                escape(policy_label(&assessment.policy)),
                link(&compare, "与上年对比")
            ),
        ),
    ];
    let list: String = fields
        .iter()
        .map(|(name, value)| {
            let field = if *name == "数据来源" {
                r#" data-field="provenance""#
            } else {
                ""
            };
            format!("<dt>{name}</dt><dd{field}>{value}</dd>")
        })
        .collect();
    format!(
        r#"<div><h2 data-field="program">{name}</h2><dl>{list}</dl></div>
<div class="total-box" data-field="total-box"><div class="muted">核算总分</div>
<div class="total" data-field="total">{total}</div>
<div data-field="grade"><span class="grade-badge large" style="background:{colour}">{grade}</span></div>
<div class="declared">{declared}</div>{completeness}</div>"#,
        name = escape(&program.name),
        total = format::score(assessment.total),
        colour = optional_grade_colour(assessment.grade),
        grade = fundlens_shared::value::Grade::label_of(assessment.grade),
        declared = escape(&declared),
    )
}

/// Header and total of one evaluation.
#[component]
pub(crate) fn FormHeader(detail: EvaluationDetail) -> impl IntoView {
    view! { <section class="card form-head" inner_html=header_html(&detail)></section> }
}
