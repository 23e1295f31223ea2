//! The FundLens server library: the `fundlens` command's subcommands live here; `main.rs` only
//! parses the command line.
//!
//! # Layout
//! - [`cli`]: the command line and its dispatch.
//! - [`storage`]: the SQLite store, imports and analytics queries.
//! - [`api`]: the HTTP API.
//! - [`intake`]: request bodies and files into records, every problem collected.
//! - [`serve`]: `fundlens serve`.
//! - [`seed_data`]: what a new database starts with.
//! - [`web_assets`]: the embedded frontend.
//! - [`check`]: `fundlens check`, one file validated, scored, audited and reported.
//! - [`sample`]: deterministic demonstration data at city and province scale.
//! - [`year_comparison`]: two years side by side, every change computed once.

pub mod api;
pub mod check;
pub mod cli;
pub mod intake;
pub mod sample;
pub mod seed_data;
pub mod serve;
pub mod storage;
pub mod web_assets;
pub mod year_comparison;
