//! FundLens browser app (专项资金绩效看板): Leptos client-side rendering compiled to WebAssembly.
//!
//! Every page's state (year, region, fund, metric, selected row…) lives in its URL, so a link
//! reproduces the view and the back button steps through changes. Data comes from the JSON API
//! as the `fundlens_shared::api` types; charts are drawn by `fundlens_shared::chart`, the same
//! code the server uses, and numbers are written by `fundlens_shared::format`.
//!
//! The binary (`main.rs`) only calls [`mount`]; the pure parts (derived figures, chart tables)
//! are unit-tested on the host. URLs are read and written by `fundlens_shared::query`, as the
//! server reads and writes them.
//!
//! # Layout
//! - [`app`]: the root component, navigation and routes.
//! - [`pages`]: one component per page.
//! - [`components`]: shared views (states, badges, charts, filters, the funds table).
//! - [`api`]: fetch functions returning `shared` types.
//! - [`catalog`]: years, regions, programs and metrics, loaded once.
//! - [`session`]: who is signed in, asked once.
//! - [`place`]: back lands where the page was left (scroll position per address).
//! - [`query`]: the URL query as page state (`shared::query`'s types, reader and writer).
//! - [`figures`]: the server's figures and changes as shown (KPI cards, year rows).
//! - [`reactive`]: type-erased reactive views and resources (a smaller wasm).

mod api;
// Leptos's #[component] emits each component's body as a hidden function that it always makes
// `pub` (leptos_macro 0.8, `component_macro`), which `unreachable_pub` reports in a private
// module. The lint is allowed for the three modules that hold components; every item written
// there by hand is `pub(crate)` or private like the rest of the crate.
#[allow(unreachable_pub)]
mod app;
mod catalog;
#[allow(unreachable_pub)]
mod components;
mod figures;
#[allow(unreachable_pub)]
mod pages;
mod place;
mod query;
mod reactive;
mod session;

/// Installs the panic hook (panics show in the browser console) and mounts the app on `<body>`.
pub fn mount() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
