//! FundLens domain: the performance self-evaluation form as typed Rust, the national scoring
//! rules, the audit a careful reader applies, and the formatting every screen shares.
//!
//! Pure Rust without I/O, so the server and the WebAssembly frontend compute a score the same way.
//!
//! # Layout
//! - [`error`]: the errors of the edge, with the offending field and a Chinese message.
//! - [`value`]: validated scalars (money, percentages, weights, scores, years, grades).
//! - [`target`]: targets and actual values as real forms write them (`≥ 90 %`, `64万元`,
//!   `9月前`, `成效明显`, `/`), read without ever refusing a record.
//! - [`metric`]: the catalogue of economic metrics (section 四(二)) and their units.
//! - [`region`]: the region catalogue (Hunan, Yiyang and its districts, statistical merges).
//! - [`divisions`]: every division of China (GB/T 2260, in force and retired since 2016), names
//!   matched with and without their suffix, a nationally shared name resolved by the form's
//!   words or left for a person.
//! - [`model`]: the evaluation record (form, report, statistics, provenance) and its JSON edge.
//! - [`scoring`]: the scoring policy, per-row scores with explanations, total and grade.
//! - [`audit`]: findings with stable codes, severities and the numbers involved.
//! - [`assessment`]: scoring and audit together, as every consumer shows them.
//! - [`format`]: 万元/亿元 and percentage display.
//! - [`reading`]: form cells and report sentences as documents write them (points, amounts,
//!   ranked statistics, allocation lines, claimed scores).
//! - [`draft`]: a document read into a draft record, with where each field came from.
//! - [`batch`]: many forms at once: a batch upload, confirming every clean draft, a draft
//!   whose evaluation exists.
//! - [`chart`]: line and bar charts as SVG text, for server exports and the browser alike.
//! - [`api`]: the JSON shapes of the HTTP API.
//! - [`comparison`]: two years side by side, each figure's change computed once.
//! - [`query`]: the query vocabulary: every endpoint's and page's parameters as typed values,
//!   with the one writer and the one reader of query strings.
//! - [`wire_error`]: serde's error messages in Chinese.
//! - [`account`]: roles and the shapes of login, `me` and user administration.
//! - [`results`]: 结果应用 — grades against the next budget, targets set too low, findings
//!   rectified or not, statistics that disagree across reports.
//! - [`revision`]: evaluation versions and the row-by-row diff between two of them.
//! - [`audit_log`]: the shape of the audit log of writes and logins.

pub mod account;
pub mod api;
pub mod assessment;
pub mod audit;
pub mod audit_log;
pub mod batch;
pub mod chart;
pub mod comparison;
pub mod divisions;
pub mod draft;
pub mod error;
pub mod format;
pub mod metric;
pub mod model;
pub mod query;
pub mod reading;
pub mod region;
pub mod results;
pub mod revision;
pub mod scoring;
pub mod target;
pub mod value;
pub mod wire_error;

pub use error::FieldError;
