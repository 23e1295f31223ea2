//! FundLens browser app (专项资金绩效看板): Leptos client-side rendering compiled to WebAssembly.
//!
//! Every page's state (year, region, fund, metric, selected row…) lives in its URL, so a link
//! reproduces the view and the back button steps through changes. Data comes from the JSON API
//! as the `fundlens_shared::api` types; charts are drawn by `fundlens_shared::chart`, the same
//! code the server uses, and numbers are written by `fundlens_shared::format`.
//!
//! The binary (`main.rs`) only calls [`mount`]; the pure parts (URLs, derived figures, chart
//! tables) are unit-tested on the host.
//!
//! # Layout
//! - [`app`]: the root component, navigation and routes.
//! - [`pages`]: one component per page.
//! - [`components`]: shared views (states, badges, charts, filters, the funds table).
//! - [`api`]: fetch functions returning `shared` types.
//! - [`catalog`]: years, regions, programs and metrics, loaded once.
//! - [`session`]: who is signed in, asked once.
//! - [`query`]: the URL query as page state.
//! - [`compute`]: changes, KPI cards, year comparisons and the score-share grid.
//! - [`reactive`]: type-erased reactive views and resources (a smaller wasm).
//! - [`url`]: percent-encoding and query strings.

pub mod api;
pub mod app;
pub mod catalog;
pub mod components;
pub mod compute;
pub mod pages;
pub mod query;
pub mod reactive;
pub mod session;
pub mod url;

/// Installs the panic hook (panics show in the browser console) and mounts the app on `<body>`.
pub fn mount() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
