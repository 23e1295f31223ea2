//! Files written: a table as CSV or .xlsx, the API's answers as tables, an evaluation as a
//! 自评表 workbook, the region briefing as a Word document, chart SVGs as PNG.
//!
//! # Layout
//! - [`table`]: a table (title, headers, cells) with its provenance line as CSV or .xlsx.
//! - [`tables`]: the list, trend, comparison and history answers as tables.
//! - [`workbook`]: an evaluation as a 自评表 workbook that reads back to the same record.
//! - [`word`]: the region briefing as a .docx with its table and charts.
//! - [`png`]: chart SVGs rendered to PNG with the machine's fonts.

pub mod png;
pub mod table;
pub mod tables;
pub mod word;
pub mod workbook;

/// A file could not be written (a library refused; not the caller's input).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("writing {0}")]
pub struct WriteError(pub String);
