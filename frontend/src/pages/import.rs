//! 导入 (`/import?draft=`): drop 自评表 workbooks, Word reports, copied report text — several
//! files or a .zip of them at once; the server reads them into drafts; the queue shows each
//! draft (file, form, region, year, rows read, 待核对, state) and confirms the clean ones in one
//! step; a draft opens beside the audit's findings for review ([`review`]).

pub(crate) mod review;

use fundlens_shared::batch::{BatchUpload, DraftConfirmation};
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
                "上传 Excel 自评表（.xlsx/.xls）、Word 自评报告（.docx）、网页、PDF 或复制出的报告文本（.txt），可一次多个或打包成一个 .zip。系统按表中的标签读出各栏，读不准的单元格标黄、没读到的标红；逐格核对、更正后确认导入，无误的草稿可一次全部确认。原文件原样保存。"
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

/// What became of a batch, in words: the forms read, and each file refused with why.
fn upload_message(result: &BatchUpload) -> String {
    let drafts = result.drafts().count();
    let mut message = format!(
        "已读出 {drafts} 张自评表（{} 个文件）。",
        result.files.len()
    );
    let refused: Vec<String> = result
        .refused()
        .map(|file| {
            format!(
                "“{}”：{}",
                file.name,
                file.message.as_deref().unwrap_or_default()
            )
        })
        .collect();
    if !refused.is_empty() {
        message.push_str(&format!(
            "{} 个文件未能读取：{}",
            refused.len(),
            refused.join("；")
        ));
    }
    message
}

/// The drop zone and file chooser: several files or a .zip at once; a single form read opens
/// for review, more join the queue below.
#[component]
fn Upload(uploads: RwSignal<u32>) -> impl IntoView {
    let navigate = use_navigate();
    let message = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let session = use_session();
    let send = move |files: Vec<web_sys::File>| {
        let navigate = navigate.clone();
        let csrf = session.csrf();
        busy.set(true);
        let names: Vec<String> = files.iter().map(web_sys::File::name).collect();
        message.set(Some(format!("正在读取“{}”…", names.join("”“"))));
        leptos::task::spawn_local(async move {
            match api::upload(files, csrf).await {
                Ok(result) => {
                    message.set(Some(upload_message(&result)));
                    uploads.update(|n| *n += 1);
                    let mut drafts = result.drafts();
                    if let (Some(only), None) = (drafts.next(), drafts.next()) {
                        navigate(&draft_link(only.id), Default::default());
                    }
                }
                Err(error) => message.set(Some(format!("未能导入：{}", error.detail()))),
            }
            busy.set(false);
        });
    };
    let listed = |files: Option<web_sys::FileList>| -> Vec<web_sys::File> {
        files.map_or_else(Vec::new, |files| {
            (0..files.length()).filter_map(|i| files.get(i)).collect()
        })
    };
    let chosen = {
        let send = send.clone();
        move |event: web_sys::Event| {
            let files = listed(
                event
                    .target()
                    .and_then(|target| target.dyn_into::<web_sys::HtmlInputElement>().ok())
                    .and_then(|input| input.files()),
            );
            if !files.is_empty() {
                send(files);
            }
        }
    };
    let dropped = move |event: web_sys::DragEvent| {
        event.prevent_default();
        let files = listed(event.data_transfer().and_then(|transfer| transfer.files()));
        if !files.is_empty() {
            send(files);
        }
    };
    view! {
        <section
            class="card dropzone"
            on:dragover=|event: web_sys::DragEvent| event.prevent_default()
            on:drop=dropped
        >
            <label>
                "把文件拖到这里（可一次多个，或一个 .zip 压缩包），或 "
                <input
                    type="file"
                    name="file"
                    multiple=true
                    accept=".xlsx,.xls,.docx,.txt,.html,.htm,.pdf,.zip"
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

/// The queue: every draft with its file, form, region, year, rows read, fields 待核对 and
/// state, newest first; 确认全部无误草稿 confirms the clean ones (each on its own) and says
/// what became of each.
#[component]
fn DraftList(uploads: RwSignal<u32>) -> impl IntoView {
    let list = resource(move || {
        uploads.get();
        api::drafts()
    });
    let outcome = RwSignal::new(Vec::<DraftConfirmation>::new());
    let message = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let session = use_session();
    let confirm_all = move |ids: Vec<i64>| {
        let csrf = session.csrf();
        busy.set(true);
        message.set(Some(format!("正在确认 {} 份草稿…", ids.len())));
        leptos::task::spawn_local(async move {
            match api::confirm_all(ids, csrf).await {
                Ok(answer) => {
                    message.set(Some(if answer.refused == 0 {
                        format!("已导入 {} 份。", answer.confirmed)
                    } else {
                        format!(
                            "已导入 {} 份；{} 份未导入，原因见下表“状态”栏。",
                            answer.confirmed, answer.refused
                        )
                    }));
                    outcome.set(answer.results);
                    uploads.update(|n| *n += 1);
                }
                Err(error) => message.set(Some(format!("未能确认：{}", error.detail()))),
            }
            busy.set(false);
        });
    };
    view! {
        <section class="card" data-field="queue">
            <h3>"导入队列"</h3>
            {dynamic(move || show(
                list.get(),
                "草稿列表",
                move |drafts: Vec<DraftSummary>| {
                    if drafts.is_empty() {
                        return view! { <Empty text="还没有上传过文件" /> }.into_any();
                    }
                    let clean: Vec<i64> = drafts
                        .iter()
                        .filter(|draft| draft.is_clean())
                        .map(|draft| draft.id)
                        .collect();
                    let count = clean.len();
                    let confirm = move |_| confirm_all(clean.clone());
                    let rows = drafts
                        .into_iter()
                        .map(|draft| {
                            let result = outcome.with(|all| {
                                all.iter().find(|r| r.draft == draft.id).cloned()
                            });
                            view! { <DraftRow draft result /> }
                        })
                        .collect_view();
                    view! {
                        <p class="queue-actions">
                            <button
                                type="button"
                                data-action="confirm-clean"
                                disabled=move || busy.get() || count == 0
                                on:click=confirm
                            >
                                {format!("确认全部无误草稿（{count} 份）")}
                            </button>
                            " 无误：没有缺项、没有待核对的字段；每份各自导入，一份未导入不影响其他。"
                        </p>
                        <table class="drafts">
                            <thead>
                                <tr>
                                    <th>"文件"</th>
                                    <th>"表"</th>
                                    <th>"项目"</th>
                                    <th>"地区"</th>
                                    <th>"年度"</th>
                                    <th>"读到指标"</th>
                                    <th>"待核对"</th>
                                    <th>"状态"</th>
                                </tr>
                            </thead>
                            <tbody>{rows}</tbody>
                        </table>
                    }
                        .into_any()
                },
            ))}
            <p class="status" data-field="queue-message" role="status">
                {move || message.get()}
            </p>
        </section>
    }
}

/// One draft of the queue; after 确认全部, why it was not imported (with the evaluation that
/// exists, for a conflict).
#[component]
fn DraftRow(draft: DraftSummary, result: Option<DraftConfirmation>) -> impl IntoView {
    let link = match draft.evaluation_id {
        Some(evaluation) => format!("/evaluations/{evaluation}"),
        None => draft_link(draft.id),
    };
    let unknown = || "—".to_owned();
    let state = draft.queue_label();
    let refusal = result.and_then(|result| {
        let message = result.message?;
        Some(match result.existing {
            Some(existing) => view! {
                <span class="status error">
                    {message} " " <a href=format!("/evaluations/{existing}")>"现有记录"</a>
                    " · " <a href=draft_link(draft.id)>"查看差异并替换"</a>
                </span>
            }
            .into_any(),
            None => view! { <span class="status error">{message}</span> }.into_any(),
        })
    });
    view! {
        <tr data-draft=draft.id.to_string()>
            <td class="card-head">
                <a href=link>{draft.document.name}</a>
            </td>
            <td data-label="表">{draft.form}</td>
            <td data-label="项目">{draft.program.unwrap_or_else(unknown)}</td>
            <td data-label="地区">{draft.region.unwrap_or_else(unknown)}</td>
            <td data-label="年度">{draft.year.map_or_else(unknown, |y| y.to_string())}</td>
            <td class="num" data-label="读到指标">{draft.rows}</td>
            <td class="num" data-field="misfits" data-label="待核对">{draft.misfits}</td>
            <td data-field="state" data-label="状态">{state} " " {refusal}</td>
        </tr>
    }
}
