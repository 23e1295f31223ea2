//! The root component, the router and the pages (only `/` for now).

use fundlens_shared::value::Grade;
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::health::fetch_health;

/// The whole app: header, routed page, footer.
#[component]
pub fn App() -> impl IntoView {
    view! {
        <Router>
            <header class="topbar">
                <h1>"FundLens 专项资金绩效看板"</h1>
            </header>
            <main class="content">
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=Home />
                </Routes>
            </main>
            <footer class="footer">"专项资金绩效自评 · 评分 · 审核"</footer>
        </Router>
    }
}

/// The start page: the server's health and the grade scale.
#[component]
fn Home() -> impl IntoView {
    let health = LocalResource::new(fetch_health);
    let status = move || match health.get() {
        None => view! { <p class="status loading">"正在连接服务器…"</p> }.into_any(),
        Some(Ok(text)) => view! {
            <p class="status ok">"服务状态：" <strong>{text}</strong></p>
        }
        .into_any(),
        Some(Err(error)) => view! {
            <p class="status error" role="alert">"无法获取服务状态。" {error}</p>
        }
        .into_any(),
    };
    let grades = Grade::ALL
        .iter()
        .map(|grade| view! { <li class="grade">{grade.label()}</li> })
        .collect_view();
    view! {
        <section class="card" id="health">
            <h2>"服务器"</h2>
            {status}
            <button type="button" on:click=move |_| health.refetch()>"重新检测"</button>
        </section>
        <section class="card" id="grades">
            <h2>"评价等级"</h2>
            <ul class="grades">{grades}</ul>
        </section>
    }
}

/// Any path the router does not know.
#[component]
fn NotFound() -> impl IntoView {
    view! {
        <section class="card">
            <h2>"页面不存在"</h2>
            <p><a href="/">"返回首页"</a></p>
        </section>
    }
}
