//! 简报: the server's sentences, each with links to the views its numbers come from, and 复制 to
//! copy the whole text — on the overview for the year and region (`GET /api/briefing`, with
//! 下载Word简报 beside it, `GET /api/briefing.docx`) and on the evaluation page for one fund
//! (`GET /api/evaluations/{id}/briefing`). Both cards show the same [`BriefingText`].

use fundlens_shared::api::Briefing;
use fundlens_shared::query::{BriefingQuery, Source, url};
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::js_sys::{Function, Reflect};

use crate::api;
use crate::components::status::{Empty, SampleBadge, show};
use crate::reactive::{Resource, dynamic, resource};

/// Puts `text` on the clipboard (`navigator.clipboard.writeText`); false when the browser
/// offers no clipboard here.
fn copy(text: &str) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let get = |from: &JsValue, key: &str| Reflect::get(from, &JsValue::from_str(key)).ok();
    let clipboard = get(window.as_ref(), "navigator").and_then(|n| get(&n, "clipboard"));
    let write = clipboard
        .as_ref()
        .and_then(|c| get(c, "writeText"))
        .and_then(|f| f.dyn_into::<Function>().ok());
    match (clipboard, write) {
        (Some(clipboard), Some(write)) => write.call1(&clipboard, &JsValue::from_str(text)).is_ok(),
        _ => false,
    }
}

/// The briefing card of `year` for `region` (the server's default without one: the top of the
/// data) of the records of `source`, with its Word download.
#[component]
pub(crate) fn BriefingCard(
    year: Memo<Option<i32>>,
    region: Memo<Option<String>>,
    source: Memo<Option<Source>>,
) -> impl IntoView {
    let briefing = resource(move || {
        let (year, region, source) = (year.get(), region.get(), source.get());
        async move {
            match year {
                Some(year) => {
                    let query = BriefingQuery {
                        year: Some(year),
                        region,
                        source,
                        ..BriefingQuery::default()
                    };
                    api::briefing(query).await.map(Some)
                }
                None => Ok(None),
            }
        }
    });
    view! { <Card briefing word=true source /> }
}

/// The briefing card of evaluation `id` (评价详情).
#[component]
pub(crate) fn FundBriefingCard(id: i64) -> impl IntoView {
    let briefing = resource(move || async move { api::evaluation_briefing(id).await.map(Some) });
    view! { <Card briefing word=false source=Memo::new(|_| None) /> }
}

/// The card: the briefing once loaded (with 下载Word简报 when `word`), or what is missing.
#[component]
fn Card(
    briefing: Resource<Option<Briefing>>,
    word: bool,
    source: Memo<Option<Source>>,
) -> impl IntoView {
    view! {
        <section class="card briefing" id="briefing">
            <h3>"简报"</h3>
            {dynamic(move || show(
                briefing.get(),
                "简报",
                |briefing| match briefing {
                    Some(briefing) if !briefing.sentences.is_empty() => {
                        let word = word.then(|| url(
                            "/api/briefing.docx",
                            &BriefingQuery {
                                year: Some(briefing.year),
                                region: briefing.region.clone(),
                                program: briefing.program.clone(),
                                source: source.get_untracked(),
                            },
                        ));
                        view! { <BriefingText briefing word /> }.into_any()
                    }
                    _ => view! { <Empty text="该年度、该地区没有评价记录" /> }.into_any(),
                },
            ))}
        </section>
    }
}

/// The sentences with their links, the copy button and, when given, the link to the Word file.
#[component]
fn BriefingText(briefing: Briefing, word: Option<String>) -> impl IntoView {
    let copied = RwSignal::new(None::<bool>);
    let text = briefing.text.clone();
    let sentences = briefing
        .sentences
        .into_iter()
        .map(|sentence| {
            let links = sentence
                .links
                .into_iter()
                .map(|href| view! { <a class="source-link" href=href>"［查看］"</a> })
                .collect_view();
            view! { <li>{sentence.text}" "{links}</li> }
        })
        .collect_view();
    view! {
        {briefing.sample.then(|| view! { <p class="sample-note"><SampleBadge />"简报所用数据含示例数据。"</p> })}
        <ol class="briefing-text">{sentences}</ol>
        <p class="briefing-tools">
            <button type="button" class="copy" on:click=move |_| copied.set(Some(copy(&text)))>
                "复制"
            </button>
            {move || match copied.get() {
                Some(true) => " 已复制到剪贴板",
                Some(false) => " 浏览器不允许复制，请手动选择文字",
                None => "",
            }}
            {word.map(|href| view! {
                " "
                <a class="button download word" href=href download="">"下载Word简报"</a>
            })}
        </p>
    }
}
