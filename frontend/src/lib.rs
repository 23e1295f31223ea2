//! FundLens browser app (专项资金绩效看板): Leptos client-side rendering compiled to WebAssembly.
//!
//! The binary (`main.rs`) only calls [`mount`]; everything else lives here so the pure parts
//! (e.g. reading the health answer) are unit-tested on the host.
//!
//! # Layout
//! - [`app`]: the root component, the router and the pages.
//! - [`health`]: `GET /api/health` and turning its answer into one line for the page.

pub mod app;
pub mod health;

/// Installs the panic hook (panics show in the browser console) and mounts the app on `<body>`.
pub fn mount() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
