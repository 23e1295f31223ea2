//! The FundLens server: the `fundlens` command and the HTTP service. It wires the other crates
//! together — the store ([`fundlens_store`]), the file formats ([`fundlens_documents`]), the
//! sample ([`fundlens_sample`]) and the domain ([`fundlens_shared`]) — and adds what only a
//! server has: the command line, accounts and access, thin HTTP handlers, and the briefings
//! built from stored figures. `main.rs` only calls [`cli::main`].
//!
//! # Layout
//! - [`cli`]: the command line, its subcommands and their dispatch.
//! - [`serve`]: `fundlens serve`: the database, the listener, graceful shutdown.
//! - [`api`]: the HTTP API: routes with their access rules, handlers, errors, downloads.
//! - [`auth`]: passwords, secrets, sessions and the slowing of failed logins.
//! - [`seed_data`]: what a new database starts with.
//! - [`web_assets`]: the embedded frontend.
//! - [`year_comparison`]: two years side by side, every change computed once.
//! - [`briefing`]: 简报, sentences built from those figures, for a region's year or one fund.

pub mod api;
pub mod auth;
pub mod briefing;
pub mod cli;
pub mod seed_data;
pub mod serve;
pub(crate) mod web_assets;
pub(crate) mod year_comparison;
