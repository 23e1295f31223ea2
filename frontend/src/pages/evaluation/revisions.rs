//! 修订记录: every version of the evaluation (who, when, from which request or file), and the
//! row-by-row differences of scores and texts between a version and the one before it
//! (`?version=N`, the newest by default), as the server computed them. Also the actions the
//! signed-in account may take on the record: delete (editors of its region, admins) and, for a
//! deleted record, restore (admins).

use fundlens_shared::audit_log::actor_label;
use fundlens_shared::format;
use fundlens_shared::query::DetailQuery;
use fundlens_shared::revision::{FieldChange, RevisionDiff, VersionInfo, VersionList};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;
use crate::components::status::{ErrorNote, Loading, show};
use crate::query::{use_query, use_set_query};
use crate::reactive::{dynamic, resource};
use crate::session::use_session;

/// Loads the page again (after a delete or restore, so every part shows the new state).
fn reload() {
    if let Some(window) = web_sys::window() {
        let _ = window.location().reload();
    }
}

/// The 修订记录 card of evaluation `id`.
#[component]
pub(crate) fn Revisions(id: i64) -> impl IntoView {
    let session = use_session();
    let query = use_query::<DetailQuery>();
    let set_query = use_set_query();
    let versions = resource(move || {
        // Asked again when someone signs in or out: what they may do changes.
        let _ = session.account();
        async move { api::versions(id).await }
    });
    let diff = resource(move || {
        let newest = versions
            .with_value(|list| list.versions.last().map_or(1, |v| v.version))
            .and_then(Result::ok);
        let to = query.with(|q| q.version).or(newest).unwrap_or(1);
        async move {
            if to < 2 {
                Ok(None)
            } else {
                api::diff(id, to - 1, to).await.map(Some)
            }
        }
    });
    view! {
        <section class="card revisions" data-section="revisions">
            <h2>"修订记录"</h2>
            {dynamic(move || {
                let set_query = set_query.clone();
                show(versions.get(), "修订记录", move |list: VersionList| {
                    view! {
                        <VersionTable list=list.clone() set_query />
                        <DeleteButton id may=list.may_delete />
                    }
                })
            })}
            {dynamic(move || match diff.get() {
                None => view! { <Loading text="正在比较版本…" /> }.into_any(),
                Some(Err(error)) => view! { <ErrorNote error what="版本比较" /> }.into_any(),
                Some(Ok(None)) => view! {
                    <p class="status empty">"只有一个版本，没有修订。"</p>
                }
                .into_any(),
                Some(Ok(Some(diff))) => view! { <DiffTable diff /> }.into_any(),
            })}
        </section>
    }
}

/// The versions, oldest first, each linking to its differences from the one before.
#[component]
fn VersionTable(
    list: VersionList,
    set_query: impl Fn(crate::query::QueryChange) + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let rows = list.versions.into_iter().map(move |version: VersionInfo| {
        let set_query = set_query.clone();
        let number = version.version;
        view! {
            <tr data-version=number class:current=version.current>
                <td>{format!("第 {number} 版")}{version.current.then_some("（当前）")}</td>
                <td>{format::timestamp(&version.at)}</td>
                <td>{if version.actor.is_empty() { "—".to_owned() } else { actor_label(&version.actor) }}</td>
                <td><code>{version.origin}</code></td>
                <td><code title=version.record_hash.clone()>{version.record_hash.chars().take(12).collect::<String>()}</code></td>
                <td>
                    {(number > 1).then(|| view! {
                        <button type="button" class="link" on:click=move |_| set_query(vec![("version", Some(number.to_string()))])>
                            "与上一版比较"
                        </button>
                    })}
                </td>
            </tr>
        }
    });
    view! {
        {list.deleted.then(|| view! { <p class="status error">"该记录已删除，管理员可以恢复。"</p> })}
        <table class="data">
            <thead>
                <tr><th>"版本"</th><th>"时间（北京时间）"</th><th>"操作人"</th><th>"来源"</th><th>"记录摘要"</th><th></th></tr>
            </thead>
            <tbody>{rows.collect_view()}</tbody>
        </table>
    }
}

/// The differences between two versions, row by row.
#[component]
fn DiffTable(diff: RevisionDiff) -> impl IntoView {
    let heading = format!(
        "第 {} 版 → 第 {} 版：{} 处变化",
        diff.from.version,
        diff.to.version,
        diff.changes.len()
    );
    let cell = |text: Option<String>| text.unwrap_or_else(|| "（空）".to_owned());
    let rows = diff.changes.into_iter().map(move |change: FieldChange| {
        view! {
            <tr>
                <td>{change.row}</td>
                <td>{change.field}</td>
                <td class="before">{cell(change.before)}</td>
                <td class="after">{cell(change.after)}</td>
            </tr>
        }
    });
    view! {
        <h3 data-diff=format!("{}-{}", diff.from.version, diff.to.version)>{heading}</h3>
        <table class="data diff">
            <thead><tr><th>"行"</th><th>"栏目"</th><th>"修改前"</th><th>"修改后"</th></tr></thead>
            <tbody>{rows.collect_view()}</tbody>
        </table>
    }
}

/// 删除 for those who may; asks first, and says the record can be restored.
#[component]
fn DeleteButton(id: i64, may: bool) -> impl IntoView {
    let session = use_session();
    let problem = RwSignal::new(None::<String>);
    let delete = move |_| {
        let sure = web_sys::window()
            .and_then(|w| {
                w.confirm_with_message("确定删除这条评价记录吗？删除后管理员可以恢复。")
                    .ok()
            })
            .unwrap_or(false);
        if !sure {
            return;
        }
        let csrf = session.csrf();
        spawn_local(async move {
            match api::delete_evaluation(id, csrf).await {
                Ok(()) => reload(),
                Err(error) => problem.set(Some(error.to_string())),
            }
        });
    };
    may.then(|| {
        view! {
            <p class="actions">
                <button type="button" class="danger" data-action="delete" on:click=delete>"删除此记录"</button>
                {move || problem.get().map(|text| view! { <span class="status error" role="alert">{text}</span> })}
            </p>
        }
    })
}

/// For an evaluation that is not (or no longer) there: says it was deleted, and lets an admin
/// restore it.
#[component]
pub(crate) fn DeletedNote(id: i64) -> impl IntoView {
    let session = use_session();
    let versions = resource(move || {
        let _ = session.account();
        async move { api::versions(id).await }
    });
    let problem = RwSignal::new(None::<String>);
    let restore = move |_| {
        let csrf = session.csrf();
        spawn_local(async move {
            match api::restore_evaluation(id, csrf).await {
                Ok(()) => reload(),
                Err(error) => problem.set(Some(error.to_string())),
            }
        });
    };
    dynamic(move || {
        let deleted = versions.with_value(|l| (l.deleted, l.may_restore));
        match deleted {
            Some(Ok((true, may_restore))) => view! {
                <p data-state="deleted">"该记录已被删除（可恢复）。"</p>
                {may_restore.then(|| view! {
                    <button type="button" data-action="restore" on:click=restore>"恢复此记录"</button>
                })}
                {move || problem.get().map(|text| view! { <p class="status error" role="alert">{text}</p> })}
            }
            .into_any(),
            _ => ().into_any(),
        }
    })
}
