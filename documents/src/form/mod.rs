//! The 项目支出绩效自评表 read from a table by the roles of its labels, wherever they stand: the
//! indicator table ([`crate::indicators`]), the funding block ([`funding`]), the header fields
//! ([`header`]), the annual goal, the total and the grade ([`totals`]). Every cell a block takes
//! is marked; what no block took is listed under the draft's `unplaced`, row by row, with its
//! text and place, so nothing is dropped in silence.

mod funding;
mod header;
mod totals;

use fundlens_shared::reading::labels;

use crate::draft::DraftBuilder;
use crate::grid::{Cell, Table};
use crate::indicators;

/// A table being read, with the cells its blocks have taken.
pub(crate) struct Sheet<'t> {
    pub(crate) table: &'t Table,
    used: Vec<Vec<bool>>,
}

impl<'t> Sheet<'t> {
    pub(crate) fn new(table: &'t Table) -> Self {
        Self {
            table,
            used: table
                .rows
                .iter()
                .map(|row| vec![false; row.len()])
                .collect(),
        }
    }

    /// Marks the cell at (`row`, `column`) as taken.
    pub(crate) fn use_cell(&mut self, row: usize, column: usize) {
        if let Some(used) = self.used.get_mut(row).and_then(|r| r.get_mut(column)) {
            *used = true;
        }
    }

    /// Marks a whole row as taken.
    pub(crate) fn use_row(&mut self, row: usize) {
        if let Some(used) = self.used.get_mut(row) {
            used.iter_mut().for_each(|u| *u = true);
        }
    }

    /// True when the cell at (`row`, `column`) was taken.
    pub(crate) fn is_used(&self, row: usize, column: usize) -> bool {
        self.used
            .get(row)
            .and_then(|r| r.get(column))
            .copied()
            .unwrap_or(false)
    }

    /// The first non-empty cell right of (`row`, `column`) in the same row that is not a label
    /// of the form, with its column; `None` when a label comes first.
    pub(crate) fn value_right_of(&self, row: usize, column: usize) -> Option<(usize, &'t Cell)> {
        self.table.rows[row]
            .iter()
            .enumerate()
            .skip(column + 1)
            .find(|(_, cell)| !cell.is_empty())
            .filter(|(_, cell)| !labels::is_label(&cell.text))
    }

    /// The rows' cells no block took, row by row.
    fn leftovers(&self) -> Vec<Vec<&'t Cell>> {
        self.table
            .rows
            .iter()
            .enumerate()
            .map(|(r, row)| {
                row.iter()
                    .enumerate()
                    .filter(|(c, cell)| !cell.is_empty() && !self.is_used(r, *c))
                    .map(|(_, cell)| cell)
                    .collect::<Vec<_>>()
            })
            .filter(|cells| !cells.is_empty())
            .collect()
    }
}

/// True when the table holds a form: a 项目名称, an indicator header, a funding block, or
/// indicator rows without their header.
pub(crate) fn is_form(table: &Table) -> bool {
    let sheet = Sheet::new(table);
    header::names_a_program(table)
        || indicators::header(&sheet).is_some()
        || funding::header_row(table).is_some()
        || indicators::headerless(&sheet).is_some()
}

/// True when the table starts a form of its own: a 项目名称, an indicator header or a funding
/// block (rows without a header continue the form before them).
pub(crate) fn starts_a_form(table: &Table) -> bool {
    header::names_a_program(table)
        || indicators::header(&Sheet::new(table)).is_some()
        || funding::header_row(table).is_some()
}

/// Reads every block of the form that the table holds into `draft`; what no block took is
/// kept under `unplaced`.
pub(crate) fn read(table: &Table, draft: &mut DraftBuilder) {
    let mut sheet = Sheet::new(table);
    let layout = indicators::header(&sheet).or_else(|| indicators::headerless(&sheet));
    let end = match &layout {
        Some(layout) => indicators::read(&mut sheet, layout, draft),
        None => {
            draft.missing("indicators", "绩效指标", true);
            0
        }
    };
    funding::read(&mut sheet, draft);
    header::read(&mut sheet, draft);
    totals::read_goal(&mut sheet, draft);
    totals::read_total(&mut sheet, layout.as_ref(), end, draft);
    for cells in sheet.leftovers() {
        draft.unplaced_cells(&cells);
    }
}
