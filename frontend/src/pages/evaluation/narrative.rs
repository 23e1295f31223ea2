//! The report's text: 年度总体目标 (expected and achieved) and the narrative sections 一 to 七,
//! problems and measures as lists. Shown as written.

use fundlens_shared::api::EvaluationDetail;
use leptos::prelude::*;

use crate::components::html::escape;

/// A titled paragraph as HTML.
fn section(title: &str, body: &str) -> String {
    format!("<section><h4>{title}</h4><p>{}</p></section>", escape(body))
}

/// A titled numbered list as HTML.
fn list(title: &str, items: &[String]) -> String {
    let items: String = items
        .iter()
        .map(|item| format!("<li>{}</li>", escape(item)))
        .collect();
    format!("<section><h4>{title}</h4><ol>{items}</ol></section>")
}

/// 年度总体目标: expected and actual.
#[component]
pub(crate) fn Goals(detail: EvaluationDetail) -> impl IntoView {
    let goal = detail.record.goal;
    let missing = "（报告未填写）";
    let html = section("预期目标", goal.expected.as_deref().unwrap_or(missing))
        + &section("实际完成情况", goal.actual.as_deref().unwrap_or(missing));
    view! {
        <section class="card" id="goals">
            <h3>"年度总体目标"</h3>
            <div class="two-col narrative" inner_html=html></div>
        </section>
    }
}

/// The narrative sections that are present, in the report's order.
#[component]
pub(crate) fn Narrative(detail: EvaluationDetail) -> impl IntoView {
    let narrative = detail.record.narrative;
    let categories = detail.record.program.categories;
    let mut html = String::new();
    if !categories.is_empty() {
        let items: Vec<String> = categories
            .iter()
            .map(|c| match &c.description {
                Some(d) => format!("{}：{d}", c.name),
                None => c.name.clone(),
            })
            .collect();
        html.push_str(&list("项目类别", &items));
    }
    let texts = [
        ("一、项目概况", &narrative.overview),
        ("二、绩效自评工作开展情况", &narrative.process),
        ("三、综合评价结论", &narrative.conclusion),
        (
            "四（一）、项目资金使用及管理情况",
            &narrative.fund_management,
        ),
        ("四（二）、总体绩效目标完成情况分析", &narrative.results),
        (
            "四（三）、绩效指标完成情况分析",
            &narrative.indicator_analysis,
        ),
    ];
    for (title, body) in texts {
        if let Some(body) = body {
            html.push_str(&section(title, body));
        }
    }
    for (title, items) in [
        ("五、存在的问题", &narrative.problems),
        ("五、改进措施", &narrative.measures),
    ] {
        if !items.is_empty() {
            html.push_str(&list(title, items));
        }
    }
    for (title, body) in [
        ("六、绩效自评结果拟应用和公开情况", &narrative.publication),
        ("七、其他需要说明的问题", &narrative.other),
    ] {
        if let Some(body) = body {
            html.push_str(&section(title, body));
        }
    }
    if html.is_empty() {
        html = r#"<p class="status empty">该记录没有报告正文。</p>"#.to_owned();
    }
    view! {
        <section class="card narrative" id="narrative">
            <h3>"自评报告正文"</h3>
            <div inner_html=html></div>
        </section>
    }
}
