//! 操作日志 (`/audit?before=`): the audit log for admins, newest first, a page at a time; each
//! write and login with who, when (Beijing time, saying so), from where, what, and the digests
//! before and after, all in Chinese (`shared::audit_log`'s labels). Says plainly when the log's
//! chain of digests does not verify.

use fundlens_shared::audit_log::{
    AuditEntry, AuditPage, action_label, actor_label, address_label, detail_label, target_label,
};
use fundlens_shared::format;
use fundlens_shared::query::AuditQuery;
use leptos::prelude::*;

use crate::api;
use crate::components::status::show;
use crate::query::{use_query, use_set_query};
use crate::reactive::{dynamic, resource};

/// The first 12 characters of a digest, or a dash.
fn short(hash: Option<&String>) -> String {
    hash.map_or_else(|| "—".to_owned(), |h| h.chars().take(12).collect())
}

/// The audit log page.
#[component]
pub(crate) fn AuditLog() -> impl IntoView {
    let query = use_query::<AuditQuery>();
    let set_query = use_set_query();
    let page = resource(move || {
        api::audit(AuditQuery {
            before: query.with(|q| q.before),
            ..AuditQuery::default()
        })
    });
    dynamic(move || {
        let set_query = set_query.clone();
        show(page.get(), "操作日志", move |page: AuditPage| {
            let older = page.entries.last().map(|e| e.id).filter(|id| *id > 1);
            let rows: Vec<AuditEntry> = page.entries;
            view! {
                <section class="card audit-log">
                    <h2>"操作日志"</h2>
                    {(!page.chain_intact).then(|| view! {
                        <p class="status error" role="alert" data-state="chain-broken">
                            "警告：日志的摘要链校验未通过，可能有记录在程序之外被改动。"
                        </p>
                    })}
                    <div class="table-scroll">
                    <table class="data cards">
                        <thead>
                            <tr>
                                <th>"序号"</th><th>"时间（北京时间）"</th><th>"操作人"</th><th>"来源地址"</th>
                                <th>"操作"</th><th>"对象"</th><th>"请求或命令"</th>
                                <th>"之前摘要"</th><th>"之后摘要"</th><th>"说明"</th>
                            </tr>
                        </thead>
                        <tbody>
                            {rows.into_iter().map(|entry| view! {
                                <tr data-action=entry.action.clone()>
                                    <td class="muted-on-phone">{entry.id}</td>
                                    <td class="lead" data-label="时间">{format::timestamp(&entry.at)}</td>
                                    <td data-label="操作人">{actor_label(&entry.actor)}</td>
                                    <td data-label="来源地址">{address_label(&entry.address)}</td>
                                    <td class="card-head">{action_label(&entry.action).to_owned()}</td>
                                    <td data-label="对象">{target_label(&entry.target)}</td>
                                    <td data-label="请求或命令"><code>{entry.origin.clone()}</code></td>
                                    <td data-label="之前摘要"><code>{short(entry.before_hash.as_ref())}</code></td>
                                    <td data-label="之后摘要"><code>{short(entry.after_hash.as_ref())}</code></td>
                                    <td data-label="说明">{detail_label(&entry.detail)}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                    </div>
                    {older.map(|id| {
                        let set_query = set_query.clone();
                        view! {
                            <button type="button" on:click=move |_| set_query(vec![("before", Some(id.to_string()))])>
                                "更早的记录"
                            </button>
                        }
                    })}
                </section>
            }
        })
    })
}
