//! 操作日志 (`/audit?before=`): the audit log for admins, newest first, a page at a time; each
//! write and login with who, when, from where, what, and the digests before and after. Says
//! plainly when the log's chain of digests does not verify.

use fundlens_shared::audit_log::{AuditEntry, AuditPage, action_label};
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
                    <table class="data">
                        <thead>
                            <tr>
                                <th>"序号"</th><th>"时间（UTC）"</th><th>"操作人"</th><th>"来源地址"</th>
                                <th>"操作"</th><th>"对象"</th><th>"请求或命令"</th>
                                <th>"之前摘要"</th><th>"之后摘要"</th><th>"说明"</th>
                            </tr>
                        </thead>
                        <tbody>
                            {rows.into_iter().map(|entry| view! {
                                <tr data-action=entry.action.clone()>
                                    <td>{entry.id}</td>
                                    <td>{format::timestamp(&entry.at)}</td>
                                    <td>{entry.actor.clone()}</td>
                                    <td>{entry.address.clone()}</td>
                                    <td>{action_label(&entry.action).to_owned()}</td>
                                    <td>{entry.target.clone()}</td>
                                    <td><code>{entry.origin.clone()}</code></td>
                                    <td><code>{short(entry.before_hash.as_ref())}</code></td>
                                    <td><code>{short(entry.after_hash.as_ref())}</code></td>
                                    <td>{entry.detail.clone()}</td>
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
