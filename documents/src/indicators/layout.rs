//! Where the indicator table's columns are: its header found by the roles of its labels
//! (`shared::reading::labels`), one to three header rows merged into one (`年度指标值` over
//! `指标性质 | 指标值 | 度量单位`), a generic level label spanning two columns split into level 1
//! and 2, a value column of an earlier year set aside (`2021年实际实现值` beside
//! `预期2022年实现值`), and a label column lost by a text copy restored from the rows' width.

use fundlens_shared::reading::cells::year_in;
use fundlens_shared::reading::labels::{IndicatorColumn, indicator_column};

use crate::grid::{Cell, Table};

/// The indicator table's columns.
#[derive(Debug, Clone)]
pub(crate) struct Layout {
    /// The rows of its header (empty when the columns were inferred from the rows).
    pub(crate) header: std::ops::Range<usize>,
    /// Each column's role.
    pub(crate) columns: Vec<Option<IndicatorColumn>>,
    /// True when no header names the columns and they were inferred from what the rows hold.
    pub(crate) inferred: bool,
}

impl Layout {
    /// The column holding `column`'s field.
    pub(crate) fn position(&self, column: IndicatorColumn) -> Option<usize> {
        self.columns.iter().position(|c| *c == Some(column))
    }

    /// The layout's width in cells.
    pub(crate) fn width(&self) -> usize {
        self.columns.len()
    }

    /// The first row after the header.
    pub(crate) fn first_row(&self) -> usize {
        self.header.end
    }
}

/// The roles of a row's cells (a cell covered by a merged cell has none of its own).
fn roles(row: &[Cell]) -> Vec<Option<IndicatorColumn>> {
    row.iter()
        .map(|cell| {
            if cell.covered_by.is_some() {
                None
            } else {
                indicator_column(&cell.text)
            }
        })
        .collect()
}

/// How many cells of the row name a column (the table's title does not count).
fn named(roles: &[Option<IndicatorColumn>]) -> usize {
    roles
        .iter()
        .flatten()
        .filter(|c| **c != IndicatorColumn::Title)
        .count()
}

/// True when a merged set of roles makes an indicator header: the indicator's name and its
/// target or actual.
fn is_header(roles: &[Option<IndicatorColumn>]) -> bool {
    let has = |column| roles.contains(&Some(column));
    has(IndicatorColumn::Name) && (has(IndicatorColumn::Target) || has(IndicatorColumn::Actual))
}

/// Merges header rows: per column, the lowest row's role wins (`指标性质` under
/// `年度指标值`). A row shorter than the widest (a text copy gives a spanning cell once) is laid
/// over it first ([`lay_over`]).
fn merge(rows: &[Vec<Option<IndicatorColumn>>]) -> Vec<Option<IndicatorColumn>> {
    let Some(widest) = rows.iter().max_by_key(|row| row.len()) else {
        return Vec::new();
    };
    let laid: Vec<Vec<Option<IndicatorColumn>>> = rows
        .iter()
        .map(|row| {
            if row.len() == widest.len() {
                row.clone()
            } else {
                lay_over(row, widest)
            }
        })
        .collect();
    (0..widest.len())
        .map(|c| laid.iter().rev().find_map(|row| row[c]))
        .collect()
}

/// Lays a shorter header row's cells over the widest row's columns, in order, where they fit:
/// a role over a column the wide row leaves unnamed fits best; a label that spans columns
/// (the table's title, 年度指标值, a level) may stand over named ones; gaps go as far right as
/// the fit allows.
fn lay_over(
    row: &[Option<IndicatorColumn>],
    widest: &[Option<IndicatorColumn>],
) -> Vec<Option<IndicatorColumn>> {
    let score = |role: Option<IndicatorColumn>, under: Option<IndicatorColumn>| match (role, under)
    {
        (None, _) => 0,
        (Some(_), None) => 2,
        (
            Some(
                IndicatorColumn::Title
                | IndicatorColumn::Target
                | IndicatorColumn::Level
                | IndicatorColumn::Actual,
            ),
            Some(_),
        ) => 1,
        (Some(_), Some(_)) => -2,
    };
    let (n, m) = (row.len(), widest.len());
    const NONE: i32 = i32::MIN / 4;
    let mut best = vec![vec![NONE; m + 1]; n + 1];
    best[0].iter_mut().for_each(|b| *b = 0);
    for i in 1..=n {
        for j in i..=m {
            let skip = if j > i { best[i][j - 1] } else { NONE };
            best[i][j] = skip.max(best[i - 1][j - 1] + score(row[i - 1], widest[j - 1]));
        }
    }
    let mut laid = vec![None; m];
    let (mut i, mut j) = (n, m);
    while i > 0 {
        let skip = if j > i { best[i][j - 1] } else { NONE };
        if skip >= best[i][j] {
            j -= 1;
            continue;
        }
        laid[j - 1] = row[i - 1];
        i -= 1;
        j -= 1;
    }
    laid
}

/// Finds the indicator header from row `from` on.
pub(crate) fn find(table: &Table, from: usize) -> Option<Layout> {
    let all: Vec<Vec<Option<IndicatorColumn>>> = table.rows.iter().map(|r| roles(r)).collect();
    for top in from..table.rows.len() {
        if named(&all[top]) < 2 {
            continue;
        }
        for depth in 1..=3 {
            let end = top + depth;
            if end > table.rows.len() || (depth > 1 && named(&all[end - 1]) < 2) {
                break;
            }
            if is_header(&merge(&all[top..end])) {
                // Rows right under it that name columns too belong to the header.
                let mut end = end;
                while end < table.rows.len() && end - top < 3 && named(&all[end]) >= 2 {
                    end += 1;
                }
                let mut layout = Layout {
                    header: top..end,
                    columns: merge(&all[top..end]),
                    inferred: false,
                };
                settle(&mut layout, table);
                return Some(layout);
            }
        }
    }
    None
}

/// Settles what the labels alone leave open: the table's title column, generic level columns,
/// earlier years' values, and a spanning level label a text copy lost.
fn settle(layout: &mut Layout, table: &Table) {
    let header_row = &table.rows[layout.header.start];
    // A generic level label spanning two columns covers the next one too.
    for c in 0..layout.columns.len() {
        if layout.columns[c] == Some(IndicatorColumn::Level)
            && layout.columns.get(c + 1) == Some(&None)
            && header_row
                .get(c + 1)
                .is_some_and(|cell| cell.covered_by == Some((layout.header.start, c)))
        {
            layout.columns[c + 1] = Some(IndicatorColumn::Level);
        }
    }
    restore_lost_column(layout, table);
    let explicit = layout.position(IndicatorColumn::Level1).is_some();
    let mut next = if explicit {
        IndicatorColumn::Level2
    } else {
        IndicatorColumn::Level1
    };
    for column in &mut layout.columns {
        match column {
            Some(IndicatorColumn::Title) => *column = None,
            Some(IndicatorColumn::Level) => {
                *column = Some(next);
                next = IndicatorColumn::Level2;
            }
            _ => {}
        }
    }
    set_aside_earlier_years(layout, table);
}

/// A text copy drops the empty cell a spanning label covered: when most rows under the header
/// are wider than it by one or two cells and the header has one level column before the name,
/// the missing level columns are put back after it.
fn restore_lost_column(layout: &mut Layout, table: &Table) {
    let width = layout.columns.len();
    let mut widths: Vec<usize> = table
        .rows
        .iter()
        .skip(layout.header.end)
        .take(12)
        .map(Vec::len)
        .filter(|w| *w > width)
        .collect();
    widths.sort_unstable();
    let rows_below = table.rows.len().saturating_sub(layout.header.end).min(12);
    let Some(wider) = widths.get(widths.len() / 2).copied() else {
        return;
    };
    if widths.len() * 2 < rows_below || wider > width + 2 {
        return;
    }
    let Some(name) = layout.position(IndicatorColumn::Name) else {
        return;
    };
    let levels = layout.columns[..name]
        .iter()
        .filter(|c| {
            matches!(
                c,
                Some(IndicatorColumn::Level | IndicatorColumn::Level1 | IndicatorColumn::Level2)
            )
        })
        .count();
    if levels == 1 && wider == width + 1 {
        layout.columns.insert(name, Some(IndicatorColumn::Level));
    }
}

/// Of value columns naming different years (`2021年实际实现值`, `预期2022年实现值`), those of an
/// earlier year than the latest are history, not this year's actual or target.
fn set_aside_earlier_years(layout: &mut Layout, table: &Table) {
    let mut years = Vec::new();
    for (c, column) in layout.columns.iter().enumerate() {
        if !matches!(
            column,
            Some(IndicatorColumn::Actual | IndicatorColumn::Target)
        ) {
            continue;
        }
        let text: String = table.rows[layout.header.clone()]
            .iter()
            .filter_map(|row| row.get(c))
            .map(|cell| cell.text.as_str())
            .collect();
        if let Some(year) = year_in(&text) {
            years.push((c, year));
        }
    }
    let Some(latest) = years.iter().map(|(_, year)| *year).max() else {
        return;
    };
    for (c, year) in years {
        if year < latest {
            layout.columns[c] = Some(IndicatorColumn::History);
        }
    }
}
