//! 评价详情 (`/evaluations/:id?row=N`): one evaluation as leadership knows the form — header
//! and source, its 简报 (the server's sentences with their row links, and 复制), funding block,
//! goals, the indicator table with declared against computed scores — and what the audit found.
//! Clicking a row (`?row=N`, or `?row=execution` for budget execution) opens its explanation
//! and its history over the years.
//!
//! An unknown or malformed id shows a friendly note, never a blank page.
//!
//! # Layout
//! - [`header`]: 项目名称 / 主管部门 / 实施单位, region, year, source, total and grade.
//! - [`funding`]: the 项目资金 block and budget execution.
//! - [`indicators`]: the 绩效指标 table with its inline explanation row.
//! - [`explain`]: one row's explanation and history.
//! - [`summary`]: findings, category totals, allocations and statistics.
//! - [`narrative`]: goals and the report's narrative sections.
//! - [`revisions`]: 修订记录 (versions and their differences), delete and restore.
//! - [`years`]: 历年概况, the fund's years side by side and what each next budget did.

pub(crate) mod explain;
pub(crate) mod funding;
pub(crate) mod header;
pub(crate) mod indicators;
pub(crate) mod narrative;
pub(crate) mod revisions;
pub(crate) mod summary;
pub(crate) mod years;

use fundlens_shared::api::EvaluationDetail;
use fundlens_shared::query::DetailQuery;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api::{self, ApiError};
use crate::components::briefing::FundBriefingCard;
use crate::components::status::{ErrorNote, Loading};
use crate::query::use_query;
use crate::reactive::{dynamic, resource};

/// The drill-down page of one evaluation.
#[component]
pub(crate) fn EvaluationPage() -> impl IntoView {
    let params = use_params_map();
    let id_text = Memo::new(move |_| params.with(|p| p.get("id")).unwrap_or_default());
    let query = use_query::<DetailQuery>();
    let row = Memo::new(move |_| query.with(|q| q.row.clone()));
    let detail = resource(move || {
        let text = id_text.get();
        async move {
            match text.trim().parse::<i64>() {
                Ok(id) if id > 0 => api::evaluation(id).await,
                _ => Err(ApiError::not_found(format!(
                    "'{text}' is not an evaluation id"
                ))),
            }
        }
    });
    dynamic(move || match detail.get() {
        None => view! { <Loading text="正在加载评价记录…" /> }.into_any(),
        Some(Err(ApiError::NotFound(_))) => {
            view! { <NotFoundNote id=id_text.get_untracked() /> }.into_any()
        }
        Some(Err(ApiError::Status(401, _))) => view! { <SignInNote /> }.into_any(),
        Some(Err(error)) => view! { <ErrorNote error what="评价记录" /> }.into_any(),
        Some(Ok(detail)) => view! { <EvaluationView detail row /> }.into_any(),
    })
}

/// The note for a reader who must sign in first.
#[component]
pub(crate) fn SignInNote() -> impl IntoView {
    view! {
        <section class="card notice" role="alert" data-state="sign-in">
            <h2>"需要登录"</h2>
            <p>"本服务器要求登录后才能查看数据。"</p>
            <p><a href=crate::session::login_here()>"前往登录"</a></p>
        </section>
    }
}

/// The friendly note for an id with no evaluation (and, for a deleted one, its restore).
#[component]
fn NotFoundNote(id: String) -> impl IntoView {
    let deleted = id
        .trim()
        .parse::<i64>()
        .ok()
        .map(|id| view! { <revisions::DeletedNote id /> });
    view! {
        <section class="card notice" role="alert" data-state="not-found">
            <h2>"未找到该评价记录"</h2>
            <p>
                {format!("编号为“{id}”的评价记录不存在，可能链接有误，或该记录已被删除。")}
            </p>
            {deleted}
            <p>
                <a href="/evaluations">"查看全部评价记录"</a>
                " · "
                <a href="/">"返回总览"</a>
            </p>
        </section>
    }
}

/// The whole form of a loaded evaluation.
#[component]
fn EvaluationView(detail: EvaluationDetail, row: Memo<Option<String>>) -> impl IntoView {
    let id = detail.id;
    let region = detail.record.region.clone();
    let detail = StoredValue::new(detail);
    view! {
        <header::FormHeader detail=detail.get_value() />
        <FundBriefingCard id />
        <years::FundYearsCard id region />
        <summary::Findings detail=detail.get_value() />
        <funding::FundingCard detail=detail.get_value() row />
        <indicators::IndicatorTable detail=detail.get_value() row />
        <summary::Categories detail=detail.get_value() />
        <narrative::Goals detail=detail.get_value() />
        <summary::Allocations detail=detail.get_value() />
        <summary::Statistics detail=detail.get_value() />
        <narrative::Narrative detail=detail.get_value() />
        <revisions::Revisions id />
    }
}
