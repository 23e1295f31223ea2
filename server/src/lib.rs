//! The FundLens server library: the `fundlens` command's subcommands live here; `main.rs` only
//! parses the command line.
//!
//! # Layout
//! - [`cli`]: the command line and its dispatch.
//! - [`storage`]: the SQLite store, imports and analytics queries.
//! - [`api`]: the HTTP API and the access layer in front of it.
//! - [`auth`]: passwords, secrets, sessions and the slowing of failed logins.
//! - [`manage`]: `fundlens user`, `token` and `region`.
//! - [`intake`]: request bodies and files into records, every problem collected.
//! - [`documents`]: workbooks, Word reports and report text read into drafts; workbooks out.
//! - [`serve`]: `fundlens serve`.
//! - [`seed_data`]: what a new database starts with.
//! - [`web_assets`]: the embedded frontend.
//! - [`ingest`]: `fundlens ingest` and `export`, and documents for `fundlens import`.
//! - [`check`]: `fundlens check`, one file validated, scored, audited and reported.
//! - [`sample`]: deterministic demonstration data at city and province scale.
//! - [`year_comparison`]: two years side by side, every change computed once.
//! - [`briefing`]: 简报, sentences built from those figures, for a region's year or one fund.
//! - `png`: chart SVGs rendered to PNG for the Word briefing.

pub mod api;
pub mod auth;
pub mod briefing;
pub mod check;
pub mod cli;
pub mod ingest;
pub mod manage;
pub mod seed_data;
pub mod serve;
pub mod web_assets;
pub mod year_comparison;
