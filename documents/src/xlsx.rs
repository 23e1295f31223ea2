//! Workbooks (.xlsx through calamine's streaming cell reader, .xls through its ranges) into one
//! table per sheet, each cell as the sheet shows it: a number by its number format (`97.30%`,
//! `64.00万元`, the stored number kept beside it), a formula by the result the file holds (the
//! cell says so; a formula without a result refuses the file, naming the cell, unless it is
//! text a program stored as a formula, `=300天`, read as written), a date cell as
//! the date it shows, not its serial number, and the cells a merged cell covers pointing at it.
//! An .xls workbook's number formats are not read (its cells show the stored number).

use std::collections::BTreeMap;
use std::io::Cursor;

use calamine::{Data, DataRef, Reader, Xls, Xlsx, XlsxError};

use super::DocumentError;
use super::grid::{Cell, Table, column_letters};
use super::limits::{MAX_CELLS, MAX_COLUMNS, MAX_ROWS, MAX_SHEETS};
use super::numfmt;

/// Reads every sheet of an .xlsx workbook: each cell as its number format shows it, the cells a
/// merged cell covers pointing at it.
pub(crate) fn read_xlsx(bytes: &[u8]) -> Result<Vec<Table>, DocumentError> {
    let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(xlsx_error)?;
    let names = workbook.sheet_names();
    check_sheet_count(names.len())?;
    let mut tables = Vec::new();
    let mut budget = MAX_CELLS;
    for name in names {
        let mut cells = BTreeMap::new();
        let mut numbers = BTreeMap::new();
        let mut reader = workbook.worksheet_cells_reader(&name).map_err(xlsx_error)?;
        while let Some(found) = reader.next_cell_with_formula().map_err(xlsx_error)? {
            let (row, column) = found.pos;
            check_bounds(&name, row, column)?;
            let text = match &found.value {
                DataRef::SharedString(text) => Some(((*text).to_owned(), None)),
                DataRef::Float(number) => {
                    numbers.insert((row, column), *number);
                    value_text(&data_of(&found.value))
                }
                DataRef::Int(number) => {
                    numbers.insert((row, column), *number as f64);
                    value_text(&data_of(&found.value))
                }
                other => value_text(&data_of(other)),
            };
            let location = format!("{name}!{}{}", column_letters(column), row + 1);
            let cell = match (text, found.formula.filter(|f| !f.is_empty())) {
                (None, Some(formula)) if is_text(&formula) => Cell {
                    text: format!("={formula}"),
                    location,
                    note: Some(format!(
                        "单元格写的是“={formula}”，文件把它存成了公式，但这不是能计算的公式，按原文读入"
                    )),
                    ..Cell::default()
                },
                (None, Some(formula)) => {
                    return Err(DocumentError::Formula(format!(
                        "工作表“{name}”的单元格 {}{} 是公式（={formula}），文件里没有保存计算结果；请在 Excel 或 WPS 中打开并保存后再上传，或把公式改为数值",
                        column_letters(column),
                        row + 1
                    )));
                }
                (None, None) => continue,
                (Some((text, note)), formula) => Cell {
                    text,
                    location,
                    note: formula.map(|f| format!("公式 ={f} 的计算结果")).or(note),
                    ..Cell::default()
                },
            };
            cells.insert((row, column), cell);
        }
        drop(reader);
        show_formatted(&mut workbook, &name, &numbers, &mut cells)?;
        let merges = workbook
            .merge_cells_by_sheet_name(&name)
            .map_err(xlsx_error)?;
        let mut table = table(name, cells, &mut budget)?;
        cover_merged(&mut table, &merges);
        tables.push(table);
    }
    Ok(tables)
}

/// Shows each number as its cell's number format draws it (`97.30%`, not `0.973`), keeping
/// the stored number beside the text.
fn show_formatted(
    workbook: &mut Xlsx<Cursor<&[u8]>>,
    name: &str,
    numbers: &BTreeMap<(u32, u32), f64>,
    cells: &mut BTreeMap<(u32, u32), Cell>,
) -> Result<(), DocumentError> {
    if numbers.is_empty() {
        return Ok(());
    }
    let mut reader = workbook.worksheet_cells_reader(name).map_err(xlsx_error)?;
    let formats: Vec<Option<String>> = reader
        .styles()
        .iter()
        .map(|style| {
            style
                .number_format
                .as_ref()
                .map(|format| format.format_code.clone())
        })
        .collect();
    while let Some((found, style)) = reader.next_cell_with_style_id().map_err(xlsx_error)? {
        let position = found.get_position();
        let Some(number) = numbers.get(&position) else {
            continue;
        };
        let Some(Some(format)) = formats.get(style) else {
            continue;
        };
        if let Some(text) = numfmt::shown(*number, format)
            && let Some(cell) = cells.get_mut(&position)
            && cell.text != text
        {
            cell.stored = Some(std::mem::replace(&mut cell.text, text));
        }
    }
    Ok(())
}

/// Marks the cells each merged range covers (all but its first) as covered by it.
fn cover_merged(table: &mut Table, merges: &[calamine::Dimensions]) {
    for merge in merges {
        let (top, left) = (merge.start.0 as usize, merge.start.1 as usize);
        for row in top..=(merge.end.0 as usize).min(table.rows.len().saturating_sub(1)) {
            let Some(line) = table.rows.get_mut(row) else {
                continue;
            };
            for column in left..=(merge.end.1 as usize).min(line.len().saturating_sub(1)) {
                if (row, column) != (top, left) && line[column].is_empty() {
                    line[column].covered_by = Some((top, left));
                }
            }
        }
    }
}

/// Reads every sheet of an .xls (BIFF) workbook.
pub(crate) fn read_xls(bytes: &[u8]) -> Result<Vec<Table>, DocumentError> {
    let mut workbook: Xls<_> = Xls::new(Cursor::new(bytes)).map_err(|e| match e {
        calamine::XlsError::Password => DocumentError::Encrypted,
        calamine::XlsError::Cfb(_) => DocumentError::Unsupported(
            "这是旧版 Office 文件，但不是 Excel 工作簿（旧版 Word .doc 请另存为 .docx）".to_owned(),
        ),
        other => DocumentError::Corrupt(other.to_string()),
    })?;
    let names = workbook.sheet_names();
    check_sheet_count(names.len())?;
    let mut tables = Vec::new();
    let mut budget = MAX_CELLS;
    for name in names {
        let range = workbook
            .worksheet_range(&name)
            .map_err(|e| DocumentError::Corrupt(e.to_string()))?;
        let formulas = workbook.worksheet_formula(&name).ok();
        let mut cells = BTreeMap::new();
        for (row, column, value) in range.used_cells() {
            let (row, column) = (
                range.start().map_or(0, |s| s.0) + u32::try_from(row).unwrap_or(u32::MAX),
                range.start().map_or(0, |s| s.1) + u32::try_from(column).unwrap_or(u32::MAX),
            );
            check_bounds(&name, row, column)?;
            let formula = formulas
                .as_ref()
                .and_then(|f| f.get_value((row, column)))
                .filter(|f| !f.is_empty());
            let Some((text, note)) = value_text(value) else {
                continue;
            };
            cells.insert(
                (row, column),
                Cell {
                    text,
                    location: format!("{name}!{}{}", column_letters(column), row + 1),
                    note: formula.map(|f| format!("公式 ={f} 的计算结果")).or(note),
                    ..Cell::default()
                },
            );
        }
        tables.push(table(name, cells, &mut budget)?);
    }
    Ok(tables)
}

/// True for a "formula" that is text a program stored as a formula because it starts with `=`
/// (`=300天`, a target with its operator): it holds Chinese outside quotes, which no formula
/// Excel computes can.
fn is_text(formula: &str) -> bool {
    let mut quoted = false;
    formula.chars().any(|c| {
        if c == '"' {
            quoted = !quoted;
        }
        !quoted && ('\u{4e00}'..='\u{9fff}').contains(&c)
    })
}

fn xlsx_error(error: XlsxError) -> DocumentError {
    match error {
        XlsxError::Password => DocumentError::Encrypted,
        other => DocumentError::Corrupt(other.to_string()),
    }
}

fn check_sheet_count(count: usize) -> Result<(), DocumentError> {
    if count > MAX_SHEETS {
        return Err(DocumentError::TooLarge(format!(
            "工作簿有 {count} 个工作表，超过上限 {MAX_SHEETS} 个"
        )));
    }
    Ok(())
}

fn check_bounds(sheet: &str, row: u32, column: u32) -> Result<(), DocumentError> {
    if row >= MAX_ROWS || column >= MAX_COLUMNS {
        return Err(DocumentError::TooLarge(format!(
            "工作表“{sheet}”在 {}{} 有内容，超出可读范围（{MAX_ROWS} 行 × {MAX_COLUMNS} 列）",
            column_letters(column),
            row + 1
        )));
    }
    Ok(())
}

fn data_of(value: &DataRef<'_>) -> Data {
    match value {
        DataRef::Int(v) => Data::Int(*v),
        DataRef::Float(v) => Data::Float(*v),
        DataRef::String(v) => Data::String(v.clone()),
        DataRef::SharedString(v) => Data::String((*v).to_owned()),
        DataRef::Bool(v) => Data::Bool(*v),
        DataRef::DateTime(v) => Data::DateTime(*v),
        DataRef::DateTimeIso(v) => Data::DateTimeIso(v.clone()),
        DataRef::DurationIso(v) => Data::DurationIso(v.clone()),
        DataRef::Error(v) => Data::Error(v.clone()),
        DataRef::Empty => Data::Empty,
    }
}

/// A cell's value as the text the form readers take, with a note when it had to be converted;
/// `None` for an empty cell.
fn value_text(value: &Data) -> Option<(String, Option<String>)> {
    Some(match value {
        Data::Empty => return None,
        Data::String(text) => (text.clone(), None),
        Data::Int(number) => (number.to_string(), None),
        Data::Float(number) => (shortest(*number), None),
        Data::Bool(flag) => ((if *flag { "是" } else { "否" }).to_owned(), None),
        Data::DateTime(date) if date.is_datetime() => {
            let text = date_text(date.as_f64());
            let note = format!(
                "日期格式的单元格（序号 {}），已读作“{text}”",
                shortest(date.as_f64())
            );
            (text, Some(note))
        }
        Data::DateTime(duration) => (
            shortest(duration.as_f64()),
            Some("时长格式的单元格".to_owned()),
        ),
        Data::DateTimeIso(text) | Data::DurationIso(text) => (text.clone(), None),
        Data::Error(error) => (String::new(), Some(format!("单元格显示错误 {error}"))),
    })
}

/// The shortest decimal text that reads back as the same float (`593.04`, not `593.039999…`).
pub(crate) fn shortest(number: f64) -> String {
    let text = format!("{number}");
    text.strip_suffix(".0").map_or(text.clone(), str::to_owned)
}

/// A spreadsheet date serial (1900 system, days since 1899-12-30) as `2022年12月31日`.
fn date_text(serial: f64) -> String {
    let days = serial.floor() as i64 - 25_569; // days from 1970-01-01
    let (year, month, day) = civil_from_days(days);
    format!("{year}年{month}月{day}日")
}

/// Howard Hinnant's days-to-civil algorithm.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = u32::try_from(doy - (153 * mp + 2) / 5 + 1).unwrap_or(1);
    let month = u32::try_from(if mp < 10 { mp + 3 } else { mp - 9 }).unwrap_or(1);
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// The sheet's cells as a table spanning them, its size taken from `budget` (the cells all
/// sheets may span together).
fn table(
    name: String,
    cells: BTreeMap<(u32, u32), Cell>,
    budget: &mut usize,
) -> Result<Table, DocumentError> {
    let rows = cells.keys().map(|(row, _)| *row).max().map_or(0, |r| r + 1);
    let columns = cells
        .keys()
        .map(|(_, column)| *column)
        .max()
        .map_or(0, |c| c + 1);
    let span = rows as usize * columns as usize;
    *budget = budget.checked_sub(span).ok_or_else(|| {
        DocumentError::TooLarge(format!(
            "工作簿的各工作表合计超过 {MAX_CELLS} 个单元格（到工作表“{name}”为止）"
        ))
    })?;
    let mut grid: Vec<Vec<Cell>> = (0..rows)
        .map(|row| {
            (0..columns)
                .map(|column| {
                    Cell::new("", format!("{name}!{}{}", column_letters(column), row + 1))
                })
                .collect()
        })
        .collect();
    for ((row, column), cell) in cells {
        grid[row as usize][column as usize] = cell;
    }
    Ok(Table { name, rows: grid })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serials_become_the_dates_a_spreadsheet_shows() {
        assert_eq!(date_text(44_926.0), "2022年12月31日");
        assert_eq!(date_text(25_569.0), "1970年1月1日");
        assert_eq!(shortest(593.04), "593.04");
        assert_eq!(shortest(10.0), "10");
    }
}
