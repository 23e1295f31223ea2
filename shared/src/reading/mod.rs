//! Reading what documents write, for the readers of `.xlsx`, `.docx` and report text: the values
//! of form cells (`10分`, `593.04万元`, `产出指标（50分）`, `2022年度`) and the figures of report
//! sentences (`增长6.8%，排名全省第9位`, `创客中国大赛专项经费64万元。主要用于…`,
//! `产出指标类得分为49分`).
//!
//! Only the text is read here; where a block or a section is in a file is the server's reader's
//! business, and targets and actuals are read by [`crate::target`]. Nothing here guesses: a text
//! that does not say the thing plainly gives `None`.
//!
//! # Layout
//! - [`cells`]: form cells — labels, points, amounts, years, group labels.
//! - [`labels`]: the one table of the labels forms write and the role each plays.
//! - [`traditional`]: traditional characters as simplified, for comparing labels.
//! - [`fit`]: whether a cell fits its indicator column, and why not.
//! - [`sentences`]: report sentences — statistics with ranks, allocation lines, claimed scores,
//!   enumerations.

pub mod cells;
pub mod fit;
pub mod labels;
pub mod sentences;
pub mod traditional;
