//! The root component: the navigation bar, the router with one route per page, and the page
//! for unknown addresses. The catalogues (years, regions, …) are loaded here, once.

use leptos::prelude::*;
use leptos_router::components::{A, Route, Router, Routes};
use leptos_router::path;

use crate::catalog::{provide_catalog, use_catalog};
use crate::components::status::SampleBadge;
use crate::pages::audit::AuditLog;
use crate::pages::compare_years::CompareYears;
use crate::pages::districts::Districts;
use crate::pages::evaluation::EvaluationPage;
use crate::pages::evaluation::SignInNote;
use crate::pages::evaluations::Evaluations;
use crate::pages::import::ImportPage;
use crate::pages::indicator_history::IndicatorHistoryPage;
use crate::pages::login::Login;
use crate::pages::overview::Overview;
use crate::pages::results::Results;
use crate::query::use_query;
use crate::reactive::dynamic;
use crate::session::{login_here, provide_session, use_session};
use fundlens_shared::format;
use fundlens_shared::query::{
    DistrictsQuery, HistoryPageQuery, ListQuery, OverviewQuery, ResultsPageQuery, YearsQuery, url,
};

/// The whole app: header with navigation, the routed page, footer.
#[component]
pub(crate) fn App() -> impl IntoView {
    // Before the router: its click handler must not navigate before the place is saved.
    crate::place::keep_places();
    provide_catalog();
    provide_session();
    view! {
        <Router>
            <header class="topbar">
                <h1>
                    <a href="/">"FundLens 专项资金绩效看板"</a>
                </h1>
                <NavBar />
                <Who />
            </header>
            <main class="content">
                <SignInFirst />
                <SampleBanner />
                <Routes fallback=NotFound>
                    <Route path=path!("/login") view=Login />
                    <Route path=path!("/audit") view=AuditLog />
                    <Route path=path!("/") view=Overview />
                    <Route path=path!("/compare-years") view=CompareYears />
                    <Route path=path!("/districts") view=Districts />
                    <Route path=path!("/evaluations") view=Evaluations />
                    <Route path=path!("/evaluations/:id") view=EvaluationPage />
                    <Route path=path!("/history") view=IndicatorHistoryPage />
                    <Route path=path!("/results") view=Results />
                    <Route path=path!("/import") view=ImportPage />
                </Routes>
            </main>
            <footer class="footer">
                "专项资金绩效自评 · 评分 · 审核 —— 评分规则依据《项目支出绩效评价管理办法》（财预〔2020〕10号）"
                <DataAsOf />
            </footer>
        </Router>
    }
}

/// The seven pages; each link carries the year and region being looked at where that page
/// has them, so switching pages keeps the context.
#[component]
fn NavBar() -> impl IntoView {
    let here = use_query::<OverviewQuery>();
    let year = move || here.with(|q| q.year);
    let region = move || here.with(|q| q.region.clone());
    let overview = move || {
        let (year, region) = (year(), region());
        url(
            "/",
            &OverviewQuery {
                year,
                region,
                ..OverviewQuery::default()
            },
        )
    };
    let years = move || {
        let region = region();
        url(
            "/compare-years",
            &YearsQuery {
                region,
                ..YearsQuery::default()
            },
        )
    };
    let districts = move || {
        let year = year();
        url(
            "/districts",
            &DistrictsQuery {
                year,
                ..DistrictsQuery::default()
            },
        )
    };
    let evaluations = move || {
        let (year, region) = (year(), region());
        url(
            "/evaluations",
            &ListQuery {
                year,
                region,
                ..ListQuery::default()
            },
        )
    };
    let history = move || {
        let region = region();
        url(
            "/history",
            &HistoryPageQuery {
                region,
                ..HistoryPageQuery::default()
            },
        )
    };
    let results = move || {
        let (year, region) = (year(), region());
        url(
            "/results",
            &ResultsPageQuery {
                year,
                region,
                ..ResultsPageQuery::default()
            },
        )
    };
    view! {
        <nav class="nav" aria-label="页面">
            <A href=overview exact=true>
                "总览"
            </A>
            <A href=years>"年度对比"</A>
            <A href=districts>"区县对比"</A>
            <A href=evaluations>"评价详情"</A>
            <A href=history>"指标历史"</A>
            <A href=results>"结果应用"</A>
            {move || use_session().can_edit().then(|| view! { <A href="/import">"导入"</A> })}
            {move || use_session().is_admin().then(|| view! { <A href="/audit">"操作日志"</A> })}
        </nav>
    }
}

/// The signed-in account's name and role with 退出, or 登录 (which comes back to this page).
#[component]
fn Who() -> impl IntoView {
    let session = use_session();
    dynamic(move || match session.account() {
        Some(account) => {
            let role = account.role.label();
            let region = account.region.map(|r| format!("·{r}")).unwrap_or_default();
            view! {
                <p class="who" data-role=account.role.code()>
                    <span class="who-name">{account.name}</span>
                    <span class="badge role">{format!("{role}{region}")}</span>
                    <button type="button" class="link" on:click=move |_| session.sign_out()>"退出"</button>
                </p>
            }
            .into_any()
        }
        None => view! {
            <p class="who" data-role="anonymous"><a href=login_here()>"登录"</a></p>
        }
        .into_any(),
    })
}

/// On a server where reading needs an account, a note pointing to the login page.
#[component]
fn SignInFirst() -> impl IntoView {
    let session = use_session();
    dynamic(move || {
        let on_login = leptos_router::hooks::use_location().pathname.get() == "/login";
        (session.known() && !session.may_read() && !on_login)
            .then(|| view! { <SignInNote /> })
            .into_any()
    })
}

/// When the data last changed, on every page (and on every printed page's end).
#[component]
fn DataAsOf() -> impl IntoView {
    let catalog = use_catalog();
    dynamic(move || {
        catalog
            .data_as_of()
            .map(|at| view! { <span class="data-as-of">{format!(" · 数据更新于 {at}")}</span> })
            .into_any()
    })
}

/// A notice on every page while the database holds generated sample data.
#[component]
fn SampleBanner() -> impl IntoView {
    let catalog = use_catalog();
    dynamic(move || {
        let count = catalog.sample_count();
        (count > 0).then(|| {
            view! {
                <p class="sample-banner" role="note">
                    <SampleBadge />
                    {format!(
                        "当前数据库含 {} 条系统生成的示例评价（标有“示例数据”），仅供演示，不代表官方数据；真实记录注明来源文件。",
                        format::count(count),
                    )}
                </p>
            }
        })
        .into_any()
    })
}

/// Any address the router does not know.
#[component]
fn NotFound() -> impl IntoView {
    view! {
        <section class="card notice" role="alert">
            <h2>"页面不存在"</h2>
            <p>"您访问的地址没有对应的页面，可能链接有误或页面已调整。"</p>
            <p>
                <a href="/">"返回总览"</a>
            </p>
        </section>
    }
}
