//! The FundLens server library: the `fundlens` command's subcommands live here; `main.rs` only
//! parses the command line.
//!
//! # Layout
//! - [`cli`]: the command line and its dispatch.
//! - [`check`]: `fundlens check`, one file validated, scored, audited and reported.

pub mod check;
pub mod cli;
