//! The columns of indicator rows that come without their header (a table continued from a page
//! or an excerpt cut above it), inferred from what the rows hold: level labels by the national
//! tree's words, an operator column, a unit column, the name as the text column before the
//! target, and the numbers after the target as actual, weight and score by how many there are
//! (one is the weight every form gives, two the actual and the weight, three the score too).
//! Everything read through an inferred layout is marked uncertain.

use fundlens_shared::reading::labels::IndicatorColumn;

use super::align::{Kind, kind};
use super::layout::Layout;
use crate::grid::{Cell, Table};

/// Fewest rows that make a headerless table's rows an indicator table.
const FEWEST_ROWS: usize = 2;

/// The layout of `rows` (the table's rows up to where its indicator rows end), when they look
/// like indicator rows: a name column and an operator or level column beside it.
pub(crate) fn layout(table: &Table, rows: std::ops::Range<usize>) -> Option<Layout> {
    let body = &table.rows[rows.clone()];
    let width = body.iter().map(Vec::len).max()?;
    // A text copy drops empty cells: the widest rows show every column.
    let model: Vec<&Vec<Cell>> = body.iter().filter(|row| row.len() == width).collect();
    let kinds: Vec<Vec<Kind>> = (0..width)
        .map(|c| {
            model
                .iter()
                .filter_map(|row| row.get(c))
                .map(|cell| kind(&cell.text))
                .filter(|k| *k != Kind::Empty)
                .collect()
        })
        .collect();
    let mostly = |c: usize, wanted: &[Kind]| {
        let found = &kinds[c];
        !found.is_empty() && found.iter().filter(|k| wanted.contains(k)).count() * 2 > found.len()
    };
    let mut columns: Vec<Option<IndicatorColumn>> = vec![None; width];
    let operator = (0..width).find(|c| mostly(*c, &[Kind::Operator, Kind::Nature]));
    let unit = (0..width).find(|c| mostly(*c, &[Kind::Unit]));
    let name = (0..operator.unwrap_or(width))
        .rev()
        .find(|c| mostly(*c, &[Kind::Text]))?;
    for (c, column) in columns.iter_mut().enumerate().take(name) {
        if mostly(c, &[Kind::Level2]) {
            *column = Some(IndicatorColumn::Level2);
        } else if mostly(c, &[Kind::Level1, Kind::Level2, Kind::Text]) {
            *column = Some(IndicatorColumn::Level1);
        }
    }
    let levels = columns.iter().flatten().count();
    if operator.is_none() && levels == 0 {
        return None;
    }
    columns[name] = Some(IndicatorColumn::Name);
    let target = match operator {
        Some(at) => {
            columns[at] = Some(IndicatorColumn::Operator);
            at + 1
        }
        None => name + 1,
    };
    if target >= width {
        return None;
    }
    columns[target] = Some(IndicatorColumn::Target);
    let mut after = target + 1;
    if let Some(at) = unit.filter(|at| *at == after) {
        columns[at] = Some(IndicatorColumn::Unit);
        after += 1;
    }
    let filled: Vec<usize> = (after..width).filter(|c| !kinds[*c].is_empty()).collect();
    let roles: &[IndicatorColumn] = match filled.len() {
        0 => &[],
        1 => &[IndicatorColumn::Weight],
        2 => &[IndicatorColumn::Actual, IndicatorColumn::Weight],
        _ => &[
            IndicatorColumn::Actual,
            IndicatorColumn::Weight,
            IndicatorColumn::Score,
            IndicatorColumn::Note,
        ],
    };
    for (c, role) in filled.iter().zip(roles) {
        columns[*c] = Some(*role);
    }
    let named_rows = body
        .iter()
        .filter(|row| row.iter().any(|cell| kind(&cell.text) == Kind::Text))
        .count();
    (named_rows >= FEWEST_ROWS).then_some(Layout {
        header: rows.start..rows.start,
        columns,
        inferred: true,
    })
}
