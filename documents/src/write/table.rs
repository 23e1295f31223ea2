//! Tables as files: a table (title, headers, rows of cells) and its provenance line become a
//! CSV (UTF-8 with a byte-order mark, through the `csv` crate) or an .xlsx workbook (through
//! rust_xlsxwriter). The first line of either file is the provenance (示例数据, or the sources and
//! data date), then the title, the headers and the rows.

use fundlens_shared::api::TableProvenance;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{Format, Workbook};

use super::WriteError;

/// One cell of a [`Table`].
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Text.
    Text(String),
    /// A number (written as a number in the workbook, as its exact digits in CSV).
    Number(Decimal),
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

impl From<Decimal> for Cell {
    fn from(value: Decimal) -> Self {
        Self::Number(value.normalize())
    }
}

impl From<Option<Decimal>> for Cell {
    fn from(value: Option<Decimal>) -> Self {
        value.map_or(Self::Empty, Self::from)
    }
}

impl From<i64> for Cell {
    fn from(value: i64) -> Self {
        Self::Number(Decimal::from(value))
    }
}

impl From<Option<i64>> for Cell {
    fn from(value: Option<i64>) -> Self {
        value.map_or(Self::Empty, Self::from)
    }
}

impl Cell {
    pub fn text(&self) -> String {
        match self {
            Self::Text(text) => text.clone(),
            Self::Number(value) => value.to_string(),
            Self::Empty => String::new(),
        }
    }
}

/// A table to download.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// The file's name without extension (ASCII, `compare-grid-2023`).
    pub file: String,
    /// The sheet's title (Chinese).
    pub title: String,
    /// Column headings.
    pub headers: Vec<String>,
    /// Rows of cells.
    pub rows: Vec<Vec<Cell>>,
}

/// The bytes of `table` as CSV: a BOM, the provenance line, the title, the headers, the rows.
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
    writer
        .into_inner()
        .map_err(|e| WriteError(format!("CSV: {e}")))
}

/// The bytes of `table` as a workbook of one sheet, laid out as the CSV.
pub fn xlsx(table: &Table, provenance: &TableProvenance) -> Result<Vec<u8>, WriteError> {
    let failed = |e: rust_xlsxwriter::XlsxError| WriteError(format!("xlsx: {e}"));
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let bold = Format::new().set_bold();
    sheet
        .write_string(0, 0, provenance.line())
        .map_err(failed)?;
    sheet
        .write_string_with_format(1, 0, &table.title, &bold)
        .map_err(failed)?;
    for (column, header) in (0u16..).zip(&table.headers) {
        sheet
            .write_string_with_format(2, column, header, &bold)
            .map_err(failed)?;
        sheet.set_column_width(column, 14).map_err(failed)?;
    }
    for (row, cells) in (3u32..).zip(&table.rows) {
        for (column, cell) in (0u16..).zip(cells) {
            match cell {
                Cell::Text(text) => sheet.write_string(row, column, text).map(|_| ()),
                Cell::Number(value) => sheet
                    .write_number(row, column, value.to_f64().unwrap_or_default())
                    .map(|_| ()),
                Cell::Empty => Ok(()),
            }
            .map_err(failed)?;
        }
    }
    book.save_to_buffer().map_err(failed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn table() -> Table {
        Table {
            file: "t".to_owned(),
            title: "区县对比".to_owned(),
            headers: vec!["地区".to_owned(), "得分".to_owned()],
            rows: vec![vec![Cell::from("赫山区"), Cell::from(dec!(92.50))]],
        }
    }

    #[test]
    fn csv_starts_with_a_bom_and_the_sample_mark() {
        let provenance = TableProvenance {
            sample: true,
            ..TableProvenance::default()
        };
        let bytes = csv(&table(), &provenance).expect("csv");
        let text = String::from_utf8(bytes).expect("utf-8");
        assert!(text.starts_with("\u{feff}示例数据"), "{text}");
        assert!(text.ends_with("赫山区,92.5\n"), "{text}");
    }
}
