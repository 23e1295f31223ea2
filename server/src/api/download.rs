//! Tables as files: a table (title, headers, rows of cells) and its provenance line become a
//! CSV (UTF-8 with a byte-order mark, through the `csv` crate) or an .xlsx workbook (through
//! rust_xlsxwriter), answered with a `Content-Disposition` naming the file. The first line of
//! either file is the provenance (示例数据, or the sources and data date), then the headers, then
//! the rows — the rows the same endpoint answers as JSON.

use axum::Json;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use fundlens_shared::query::TableFormat;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{Format, Workbook};
use serde::{Deserialize, Serialize};

use super::{ApiError, AppState, blocking};
use crate::storage::provenance::Provenance;
use crate::storage::read::EvaluationFilter;
use fundlens_shared::query::percent_encode;

/// Which stored rows a table's figures come from, for its provenance line.
#[derive(Debug, Clone)]
pub(crate) enum Scope {
    /// The evaluations a filter matches.
    Evaluations(EvaluationFilter),
    /// A metric's observations of a region (and those below it, and the province).
    Observations {
        /// The region.
        region: String,
        /// The metric code.
        metric: String,
    },
}

/// `value` as JSON, or with `format` as a file of the table `table` makes of it, its
/// provenance read from `scope`.
pub(crate) async fn respond<T: Serialize>(
    state: AppState,
    value: T,
    format: Option<TableFormat>,
    scope: Scope,
    table: impl FnOnce(&T) -> Table,
) -> Result<Response, ApiError> {
    let Some(format) = format else {
        return Ok(Json(value).into_response());
    };
    let provenance = blocking(move || {
        Ok(match &scope {
            Scope::Evaluations(filter) => state.store.evaluation_provenance(filter)?,
            Scope::Observations { region, metric } => {
                state.store.observation_provenance(region, metric)?
            }
        })
    })
    .await?;
    file(&table(&value), &provenance, format)
}

/// `format=csv|xlsx`: the answer as a file.
#[derive(Debug, Deserialize)]
pub(crate) struct FormatParams {
    pub(crate) format: Option<TableFormat>,
}

/// One cell of a [`Table`].
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cell {
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
    pub(crate) fn text(&self) -> String {
        match self {
            Self::Text(text) => text.clone(),
            Self::Number(value) => value.to_string(),
            Self::Empty => String::new(),
        }
    }
}

/// A table to download.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Table {
    /// The file's name without extension (ASCII, `compare-grid-2023`).
    pub(crate) file: String,
    /// The sheet's title (Chinese).
    pub(crate) title: String,
    /// Column headings.
    pub(crate) headers: Vec<String>,
    /// Rows of cells.
    pub(crate) rows: Vec<Vec<Cell>>,
}

/// The bytes of `table` as CSV: a BOM, the provenance line, the title, the headers, the rows.
fn csv_bytes(table: &Table, provenance: &Provenance) -> Result<Vec<u8>, ApiError> {
    let mut writer = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(b"\xEF\xBB\xBF".to_vec());
    let failed = |e: csv::Error| ApiError::Internal(format!("writing CSV: {e}"));
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
        .map_err(|e| ApiError::Internal(format!("writing CSV: {e}")))
}

/// The bytes of `table` as a workbook of one sheet, laid out as the CSV.
fn xlsx_bytes(table: &Table, provenance: &Provenance) -> Result<Vec<u8>, ApiError> {
    let failed = |e: rust_xlsxwriter::XlsxError| ApiError::Internal(format!("writing xlsx: {e}"));
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

/// `table` as a file of `format`, named in `Content-Disposition`.
fn file(table: &Table, provenance: &Provenance, format: TableFormat) -> Result<Response, ApiError> {
    let (bytes, content_type) = match format {
        TableFormat::Csv => (csv_bytes(table, provenance)?, "text/csv; charset=utf-8"),
        TableFormat::Xlsx => (
            xlsx_bytes(table, provenance)?,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
    };
    Ok(attachment(
        bytes,
        content_type,
        (&table.file, &table.title),
        format.code(),
    ))
}

/// `bytes` as a download of `content_type`, named `file.extension` (ASCII) and, for browsers
/// that read it, `title.extension` (Chinese) in `Content-Disposition`.
pub(crate) fn attachment(
    bytes: Vec<u8>,
    content_type: &str,
    (file, title): (&str, &str),
    extension: &str,
) -> Response {
    let disposition = format!(
        "attachment; filename=\"{file}.{extension}\"; filename*=UTF-8''{}.{extension}",
        percent_encode(title)
    );
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response()
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
        let provenance = Provenance {
            sample: true,
            ..Provenance::default()
        };
        let bytes = csv_bytes(&table(), &provenance).expect("csv");
        let text = String::from_utf8(bytes).expect("utf-8");
        assert!(text.starts_with("\u{feff}示例数据"), "{text}");
        assert!(text.ends_with("赫山区,92.5\n"), "{text}");
    }
}
