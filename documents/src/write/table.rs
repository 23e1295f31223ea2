//! Tables as files: a table (its name, title, the page's column headings, rows of cells) and
//! its provenance line become a CSV (UTF-8 with a byte-order mark, through the `csv` crate) or
//! an .xlsx workbook (through rust_xlsxwriter). The first line of either file is the
//! provenance (示例数据, or the sources and data date), then the title, the headers and the rows.
//!
//! Numbers are written as the page shows them — rounded to its places (`shared::format`'s:
//! scores two, rates one, 万元 two) — and the workbook keeps every digit in a second sheet,
//! 完整精度, laid out as the first; the CSV says so in a note under its rows. Columns are as wide
//! as their longest text.

use fundlens_shared::api::TableProvenance;
use fundlens_shared::format;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

use super::WriteError;

/// The full-precision sheet of a workbook.
pub const FULL_SHEET: &str = "完整精度";

/// The note under a CSV's rows, and over the workbook's second sheet.
pub const ROUNDING_NOTE: &str = "注：数值按页面显示的位数四舍五入（得分两位小数，百分比一位小数，金额以万元计两位小数）；完整精度见 Excel 下载的“完整精度”工作表。";

/// One cell of a [`Table`].
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Text.
    Text(String),
    /// A number: its full value and the places the page shows it with.
    Number {
        /// The value as computed.
        value: Decimal,
        /// Places shown (rounded half away from zero, as the page rounds).
        decimals: u32,
    },
    /// Nothing.
    Empty,
}

impl From<String> for Cell {
    fn from(text: String) -> Self {
        Self::Text(text)
    }
}

impl From<&str> for Cell {
    fn from(text: &str) -> Self {
        Self::Text(text.to_owned())
    }
}

impl From<i64> for Cell {
    fn from(value: i64) -> Self {
        Self::whole(Some(value))
    }
}

impl Cell {
    /// `value` shown with `decimals` places; empty when `None`.
    pub fn number(value: Option<Decimal>, decimals: u32) -> Self {
        value.map_or(Self::Empty, |value| Self::Number {
            value: value.normalize(),
            decimals,
        })
    }

    /// A whole number (a year, a count, a rank).
    pub fn whole(value: Option<i64>) -> Self {
        Self::number(value.map(Decimal::from), 0)
    }

    /// A score, as the page shows it (two places at most).
    pub fn score(value: Option<Decimal>) -> Self {
        Self::number(value, format::SHOWN_SCORE_DECIMALS)
    }

    /// A percentage or a change in percentage points (one place).
    pub fn percent(value: Option<Decimal>) -> Self {
        Self::number(value, format::PERCENT_DECIMALS)
    }

    /// An amount in 万元 (two places).
    pub fn money(value: Option<Decimal>) -> Self {
        Self::number(value, format::MONEY_DECIMALS)
    }

    /// The number as the page shows it, rounded.
    pub fn shown(&self) -> Option<Decimal> {
        match self {
            Self::Number { value, decimals } => Some(format::round(*value, *decimals).normalize()),
            _ => None,
        }
    }

    /// The cell as the first sheet and the CSV write it: numbers rounded, no separators (a
    /// spreadsheet reads them as numbers).
    pub fn text(&self) -> String {
        match self {
            Self::Text(text) => text.clone(),
            Self::Number { .. } => self.shown().map(|v| v.to_string()).unwrap_or_default(),
            Self::Empty => String::new(),
        }
    }

    /// The cell with every digit (the 完整精度 sheet).
    pub fn full_text(&self) -> String {
        match self {
            Self::Number { value, .. } => value.to_string(),
            other => other.text(),
        }
    }

    /// The cell as a reader meets it on paper: rounded, with thousands separators (`127,114.35`).
    pub fn display(&self) -> String {
        match self {
            Self::Number { value, decimals } => format::grouped(*value, *decimals, false),
            other => other.text(),
        }
    }
}

/// A table to download.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// The file's name in ASCII without extension, for clients that read no other
    /// (`evaluations-2025`).
    pub file: String,
    /// The file's name without extension, by what it holds:
    /// `益阳市_2025_评价列表_得分最低15项`.
    pub name: String,
    /// The title written over the rows: `益阳市2025年评价列表（得分最低15项）`.
    pub title: String,
    /// Column headings, as the page names its columns (units in brackets).
    pub headers: Vec<String>,
    /// Rows of cells.
    pub rows: Vec<Vec<Cell>>,
}

/// The bytes of `table` as CSV: a BOM, the provenance line, the title, the headers, the rows
/// rounded as the page shows them, and the note saying so.
pub fn csv(table: &Table, provenance: &TableProvenance) -> Result<Vec<u8>, WriteError> {
    let mut writer = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(b"\xEF\xBB\xBF".to_vec());
    let failed = |e: csv::Error| WriteError(format!("CSV: {e}"));
    writer.write_record([provenance.line()]).map_err(failed)?;
    writer.write_record([&table.title]).map_err(failed)?;
    writer.write_record(&table.headers).map_err(failed)?;
    for row in &table.rows {
        writer
            .write_record(row.iter().map(Cell::text))
            .map_err(failed)?;
    }
    if rounded(table) {
        writer.write_record([ROUNDING_NOTE]).map_err(failed)?;
    }
    writer
        .into_inner()
        .map_err(|e| WriteError(format!("CSV: {e}")))
}

/// Whether any number of `table` loses digits when shown.
fn rounded(table: &Table) -> bool {
    table.rows.iter().flatten().any(|cell| match cell {
        Cell::Number { value, .. } => cell.shown() != Some(value.normalize()),
        _ => false,
    })
}

/// The bytes of `table` as a workbook: the table as the page shows it (laid out as the CSV,
/// numbers rounded and formatted to their places), then the same table with every digit on
/// the sheet [`FULL_SHEET`].
pub fn xlsx(table: &Table, provenance: &TableProvenance) -> Result<Vec<u8>, WriteError> {
    let failed = |e: XlsxError| WriteError(format!("xlsx: {e}"));
    let mut book = Workbook::new();
    let shown = book.add_worksheet();
    sheet(shown, table, provenance, false).map_err(failed)?;
    shown.set_name(sheet_name(&table.title)).map_err(failed)?;
    let full = book.add_worksheet();
    sheet(full, table, provenance, true).map_err(failed)?;
    full.set_name(FULL_SHEET).map_err(failed)?;
    book.save_to_buffer().map_err(failed)
}

/// A sheet name Excel accepts: at most 31 characters, none of `[]:*?/\`.
fn sheet_name(title: &str) -> String {
    let name: String = title
        .chars()
        .filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\'))
        .take(31)
        .collect();
    if name.trim().is_empty() {
        "表格".to_owned()
    } else {
        name
    }
}

/// Writes `table` on `sheet`: provenance, title, headers, rows (rounded and formatted unless
/// `full`), the column widths, and the panes frozen under the headings.
fn sheet(
    sheet: &mut Worksheet,
    table: &Table,
    provenance: &TableProvenance,
    full: bool,
) -> Result<(), XlsxError> {
    let bold = Format::new().set_bold();
    sheet.write_string(0, 0, provenance.line())?;
    let title = if full {
        format!("{}（完整精度）", table.title)
    } else {
        table.title.clone()
    };
    sheet.write_string_with_format(1, 0, &title, &bold)?;
    for (column, header) in (0u16..).zip(&table.headers) {
        sheet.write_string_with_format(2, column, header, &bold)?;
    }
    let mut last = 2u32;
    for (row, cells) in (3u32..).zip(&table.rows) {
        last = row;
        for (column, cell) in (0u16..).zip(cells) {
            match cell {
                Cell::Text(text) => {
                    sheet.write_string(row, column, text)?;
                }
                Cell::Number { value, decimals } if !full => {
                    let shown = format::round(*value, *decimals);
                    let places = "0".repeat(usize::try_from(*decimals).unwrap_or(0));
                    let pattern = if places.is_empty() {
                        "0".to_owned()
                    } else {
                        format!("0.{places}")
                    };
                    let number = Format::new().set_num_format(&pattern);
                    sheet.write_number_with_format(
                        row,
                        column,
                        shown.to_f64().unwrap_or_default(),
                        &number,
                    )?;
                }
                Cell::Number { value, .. } => {
                    sheet.write_number(row, column, value.to_f64().unwrap_or_default())?;
                }
                Cell::Empty => {}
            }
        }
    }
    if full {
        sheet.write_string(
            last + 1,
            0,
            "注：本表为各数值的完整精度；页面与第一张工作表按显示位数四舍五入。",
        )?;
    }
    for (column, width) in (0u16..).zip(widths(table, full)) {
        sheet.set_column_width(column, width)?;
    }
    sheet.set_freeze_panes(3, 0)?;
    Ok(())
}

/// Each column's width in Excel's units (a Latin character is one, a Chinese character two):
/// its longest heading or cell, at least 6 and at most 48.
fn widths(table: &Table, full: bool) -> Vec<f64> {
    let width = |text: &str| -> f64 {
        text.chars()
            .map(|c| if c.is_ascii() { 1.1 } else { 2.1 })
            .sum::<f64>()
            + 2.0
    };
    (0..table.headers.len())
        .map(|column| {
            let cells = table
                .rows
                .iter()
                .filter_map(|row| row.get(column))
                .map(|cell| {
                    if full {
                        width(&cell.full_text())
                    } else {
                        width(&cell.text())
                    }
                });
            cells
                .chain(std::iter::once(width(&table.headers[column])))
                .fold(6.0, f64::max)
                .min(48.0)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn table() -> Table {
        Table {
            file: "t".to_owned(),
            name: "益阳市_2025_区县对比".to_owned(),
            title: "区县对比".to_owned(),
            headers: vec!["地区".to_owned(), "得分".to_owned()],
            rows: vec![vec![
                Cell::from("赫山区"),
                Cell::score(Some(dec!(76.040934))),
            ]],
        }
    }

    #[test]
    fn csv_starts_with_a_bom_and_the_sample_mark_and_rounds_as_the_page() {
        let provenance = TableProvenance {
            sample: true,
            ..TableProvenance::default()
        };
        let bytes = csv(&table(), &provenance).expect("csv");
        let text = String::from_utf8(bytes).expect("utf-8");
        assert!(text.starts_with("\u{feff}示例数据"), "{text}");
        assert!(text.contains("\n赫山区,76.04\n"), "{text}");
        assert!(text.ends_with(&format!("{ROUNDING_NOTE}\n")), "{text}");
    }

    #[test]
    fn cells_round_half_away_from_zero_and_keep_every_digit() {
        let cell = Cell::percent(Some(dec!(92.25)));
        assert_eq!(cell.text(), "92.3");
        assert_eq!(cell.full_text(), "92.25");
        assert_eq!(Cell::money(Some(dec!(127114.349))).display(), "127,114.35");
        assert_eq!(Cell::whole(Some(2025)).text(), "2025");
        assert_eq!(Cell::score(None), Cell::Empty);
    }

    #[test]
    fn sheet_names_are_what_excel_takes() {
        assert_eq!(
            sheet_name("益阳市2025年评价列表（得分最低15项）"),
            "益阳市2025年评价列表（得分最低15项）"
        );
        assert_eq!(sheet_name("a/b:c"), "abc");
        assert_eq!(sheet_name(&"长".repeat(40)).chars().count(), 31);
    }
}
