//! Small views every page uses: loading, empty and error notes, the 示例数据 badge, a grade in
//! its colour and a change against another year.

use fundlens_shared::chart::grade_colour;
use fundlens_shared::value::Grade;
use leptos::prelude::*;

use crate::api::{ApiError, ApiResult};
use crate::figures::Change;

/// "Loading" while an answer is on its way.
#[component]
pub(crate) fn Loading(#[prop(default = "加载中…")] text: &'static str) -> impl IntoView {
    view! { <p class="status loading" role="status">{text}</p> }
}

/// Nothing to show (no data for the filters chosen).
#[component]
pub(crate) fn Empty(#[prop(into)] text: String) -> impl IntoView {
    view! { <p class="status empty">{text}</p> }
}

/// An API failure in words, with the technical detail folded away.
#[component]
pub(crate) fn ErrorNote(
    error: ApiError,
    /// What was being loaded, e.g. `资金趋势`.
    #[prop(optional)]
    what: Option<&'static str>,
) -> impl IntoView {
    let heading = what.map(|what| format!("{what}加载失败："));
    let detail = error.detail().to_owned();
    view! {
        <div class="status error" role="alert">
            <p>{heading}{error.to_string()}</p>
            <details>
                <summary>"技术信息"</summary>
                <code>{detail}</code>
            </details>
        </div>
    }
}

/// Renders a loaded answer with `render`, or the loading note, or the error.
pub(crate) fn show<T: Clone + Send + Sync + 'static, V: IntoView + 'static>(
    answer: Option<ApiResult<T>>,
    what: &'static str,
    render: impl FnOnce(T) -> V,
) -> AnyView {
    match answer {
        None => view! { <Loading /> }.into_any(),
        Some(Err(error)) => view! { <ErrorNote error what /> }.into_any(),
        Some(Ok(value)) => render(value).into_any(),
    }
}

/// The visible mark of generated demonstration data.
#[component]
pub(crate) fn SampleBadge() -> impl IntoView {
    view! {
        <span class="badge sample" title="系统生成的演示数据，不是官方统计或自评数据">
            "示例数据"
        </span>
    }
}

/// A grade as a coloured chip (优 green, 良 blue, 中 amber, 差 red).
#[component]
pub(crate) fn GradeBadge(
    grade: Grade,
    /// Drawn large (the total of a form).
    #[prop(default = false)]
    large: bool,
) -> impl IntoView {
    let style = format!("background:{}", grade_colour(grade));
    let class = if large {
        "grade-badge large"
    } else {
        "grade-badge"
    };
    view! {
        <span class=class style=style title=format!("评价等级：{}", grade.label())>
            {grade.label()}
        </span>
    }
}

/// A change against another year, coloured by whether it is good news; a dash when unknown.
#[component]
pub(crate) fn Delta(change: Option<Change>) -> impl IntoView {
    match change {
        Some(change) => view! { <span class=change.tone.class()>{change.text}</span> }.into_any(),
        None => view! { <span class="delta none">"—"</span> }.into_any(),
    }
}
