//! 导入 (`/import?draft=`): drop a 自评表 workbook, a Word report or copied report text; the
//! file is read into drafts on the server; the drafts list shows each with its state; a draft
//! opens beside the audit's findings for review ([`review`]).

pub(crate) mod review;

use fundlens_shared::draft::DraftSummary;
use fundlens_shared::query::{DraftQuery, LoginQuery, url};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use wasm_bindgen::JsCast;

use crate::api;
use crate::components::status::{Empty, show};
use crate::query::use_query;
use crate::reactive::{dynamic, resource};
use crate::session::use_session;

/// This page with draft `id` under review.
fn draft_link(id: i64) -> String {
    url("/import", &DraftQuery { draft: Some(id) })
}

/// The sign-in page, coming back here.
fn sign_in() -> String {
    url(
        "/login",
        &LoginQuery {
            next: Some("/import".to_owned()),
        },
    )
}

/// The page: upload, the draft under review (when one is chosen), the drafts list.
#[component]
pub(crate) fn ImportPage() -> impl IntoView {
    let query = use_query::<DraftQuery>();
    let draft = Memo::new(move |_| query.with(|q| q.draft));
    let uploads = RwSignal::new(0u32);
    view! {
        <section class="page-head">
            <h2>"导入自评表"</h2>
            <p class="muted">
                "上传 Excel 自评表（.xlsx/.xls）、Word 自评报告（.docx）或复制出的报告文本（.txt）。系统按表中的标签读出各栏，读不准的单元格标黄、没读到的标红；逐格核对、更正后确认导入。原文件原样保存。"
            </p>
        </section>
        {move || {
            let session = use_session();
            if !session.known() {
                return view! { <p class="muted">"加载中…"</p> }.into_any();
            }
            if !session.can_edit() {
                return view! {
                    <section class="card" data-field="import-sign-in">
                        <p>
                            "导入自评表需要填报或管理账号。"
                            <a href=sign_in()>"请先登录"</a>
                            "；查看账号只能阅读已导入的评价。"
                        </p>
                    </section>
                }
                    .into_any();
            }
            view! {
                <Upload uploads />
                {dynamic(move || match draft.get() {
                    Some(id) => view! { <review::Review id /> }.into_any(),
                    None => ().into_any(),
                })}
                <DraftList uploads />
            }
                .into_any()
        }}
    }
}

/// The drop zone and file chooser; an upload opens its first draft.
#[component]
fn Upload(uploads: RwSignal<u32>) -> impl IntoView {
    let navigate = use_navigate();
    let message = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let session = use_session();
    let send = move |file: web_sys::File| {
        let navigate = navigate.clone();
        let csrf = session.csrf();
        busy.set(true);
        message.set(Some(format!("正在读取“{}”…", file.name())));
        leptos::task::spawn_local(async move {
            match api::upload(file, csrf).await {
                Ok(result) => {
                    message.set(Some(format!("已读出 {} 张自评表。", result.drafts.len())));
                    uploads.update(|n| *n += 1);
                    if let Some(first) = result.drafts.first() {
                        navigate(&draft_link(first.id), Default::default());
                    }
                }
                Err(error) => message.set(Some(format!("未能导入：{}", error.detail()))),
            }
            busy.set(false);
        });
    };
    let chosen = {
        let send = send.clone();
        move |event: web_sys::Event| {
            let file = event
                .target()
                .and_then(|target| target.dyn_into::<web_sys::HtmlInputElement>().ok())
                .and_then(|input| input.files())
                .and_then(|files| files.get(0));
            if let Some(file) = file {
                send(file);
            }
        }
    };
    let dropped = move |event: web_sys::DragEvent| {
        event.prevent_default();
        let file = event
            .data_transfer()
            .and_then(|transfer| transfer.files())
            .and_then(|files| files.get(0));
        if let Some(file) = file {
            send(file);
        }
    };
    view! {
        <section
            class="card dropzone"
            on:dragover=|event: web_sys::DragEvent| event.prevent_default()
            on:drop=dropped
        >
            <label>
                "把文件拖到这里，或 "
                <input
                    type="file"
                    name="file"
                    accept=".xlsx,.xls,.docx,.txt"
                    data-field="upload"
                    disabled=move || busy.get()
                    on:change=chosen
                />
            </label>
            <p class="status" data-field="upload-message" role="status">
                {move || message.get()}
            </p>
        </section>
    }
}

/// Every draft with its state, newest first.
#[component]
fn DraftList(uploads: RwSignal<u32>) -> impl IntoView {
    let list = resource(move || {
        uploads.get();
        api::drafts()
    });
    view! {
        <section class="card">
            <h3>"草稿"</h3>
            {dynamic(move || show(
                list.get(),
                "草稿列表",
                |drafts: Vec<DraftSummary>| {
                    if drafts.is_empty() {
                        return view! { <Empty text="还没有上传过文件" /> }.into_any();
                    }
                    view! {
                        <table class="drafts">
                            <thead>
                                <tr>
                                    <th>"文件"</th>
                                    <th>"表"</th>
                                    <th>"项目"</th>
                                    <th>"地区"</th>
                                    <th>"年度"</th>
                                    <th>"状态"</th>
                                    <th>"缺项"</th>
                                    <th>"需核对"</th>
                                    <th>"更正"</th>
                                </tr>
                            </thead>
                            <tbody>
                                {drafts
                                    .into_iter()
                                    .map(|draft| view! { <DraftRow draft /> })
                                    .collect_view()}
                            </tbody>
                        </table>
                    }
                        .into_any()
                },
            ))}
        </section>
    }
}

#[component]
fn DraftRow(draft: DraftSummary) -> impl IntoView {
    let link = match draft.evaluation_id {
        Some(evaluation) => format!("/evaluations/{evaluation}"),
        None => draft_link(draft.id),
    };
    let unknown = || "—".to_owned();
    view! {
        <tr data-draft=draft.id.to_string()>
            <td>
                <a href=link>{draft.document.name}</a>
            </td>
            <td>{draft.form}</td>
            <td>{draft.program.unwrap_or_else(unknown)}</td>
            <td>{draft.region.unwrap_or_else(unknown)}</td>
            <td>{draft.year.map_or_else(unknown, |y| y.to_string())}</td>
            <td data-field="state">{draft.state.label()}</td>
            <td class="num">{draft.missing}</td>
            <td class="num">{draft.uncertain}</td>
            <td class="num">{draft.corrections}</td>
        </tr>
    }
}
