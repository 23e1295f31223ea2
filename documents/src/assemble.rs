//! Which tables of a file hold forms, and one draft for each: a workbook's sheets, a document's
//! tables (a table right after a form that names no form of its own continues it), two forms
//! stacked in one sheet or table split apart at the second 项目名称, the report's paragraphs
//! attached when the file holds one form. A form that states no year takes the one the file's
//! other forms state, marked uncertain.

use fundlens_shared::draft::DraftContent;
use fundlens_shared::reading::cells::year_in;
use fundlens_shared::reading::labels::{self, HeaderField};
use serde_json::json;

use super::DocumentError;
use super::draft::DraftBuilder;
use super::finish::{self, FileContext};
use super::form;
use super::grid::{Block, Cell, Document, Table};
use super::report;
use super::sheet_report;

/// Rows above a form's first label searched for its title.
const TITLE_ROWS: usize = 8;

/// Workbooks: one draft per form in a sheet; a sheet of report blocks belongs to the form sheet
/// before it.
pub(crate) fn from_sheets(
    sheets: Vec<Table>,
    file: &FileContext<'_>,
) -> Result<Vec<DraftContent>, DocumentError> {
    let mut drafts: Vec<(DraftBuilder, Vec<Cell>)> = Vec::new();
    for sheet in &sheets {
        if sheet_report::is_report(sheet) {
            if let Some((builder, _)) = drafts.last_mut() {
                sheet_report::read(sheet, builder);
            }
            continue;
        }
        for part in split_forms(sheet) {
            if form::is_form(&part) {
                let mut builder = DraftBuilder::new(part.name.clone());
                form::read(&part, &mut builder);
                drafts.push((builder, title_cells(&part)));
            }
        }
    }
    if drafts.is_empty() {
        return Err(DocumentError::NoForm);
    }
    Ok(finish_all(drafts, file))
}

/// True for a row naming a program (`项目名称`), where a form starts.
fn names_program(row: &[Cell]) -> bool {
    row.iter().any(|cell| {
        labels::header_field(&cell.text).is_some_and(|(f, _)| f == HeaderField::ProgramName)
    })
}

/// A table holding two or more forms one under another, split before each further 项目名称
/// (with the title rows right above it), and before the first when the end of another form
/// stands above it.
fn split_forms(table: &Table) -> Vec<Table> {
    // A form starts at a further 项目名称, or at the first one when a form's end (its 合计 or
    // 总分) stands above it (the tail of a form continued from elsewhere).
    let mut starts: Vec<usize> = Vec::new();
    let mut ended = false;
    for (r, row) in table.rows.iter().enumerate() {
        if names_program(row) {
            if ended || !starts.is_empty() {
                starts.push(r);
            } else {
                starts.push(usize::MAX);
            }
            ended = false;
        } else if row.iter().any(|cell| labels::is_total(&cell.text)) {
            ended = true;
        }
    }
    starts.retain(|start| *start != usize::MAX);
    if starts.is_empty() {
        return vec![table.clone()];
    }
    let mut cuts: Vec<usize> = starts
        .iter()
        .map(|start| {
            let mut at = *start;
            while at > 0 && is_title_row(&table.rows[at - 1]) {
                at -= 1;
            }
            at
        })
        .collect();
    cuts.insert(0, 0);
    cuts.push(table.rows.len());
    cuts.dedup();
    cuts.windows(2)
        .enumerate()
        .map(|(n, window)| Table {
            name: format!("{}（第{}张）", table.name, n + 1),
            rows: table.rows[window[0]..window[1]].to_vec(),
        })
        .collect()
}

/// A row holding only a title (`部门预算项目支出绩效自评表(2023年度)`).
fn is_title_row(row: &[Cell]) -> bool {
    let filled: Vec<&Cell> = row.iter().filter(|c| !c.is_empty()).collect();
    filled.len() == 1 && is_title(&filled[0].label())
}

/// A text that may be a form's title or state its year.
fn is_title(text: &str) -> bool {
    text.contains("自评表")
        || text.contains("目标表")
        || text.contains("绩效")
        || text.contains("績效")
        || text.contains("年度")
}

/// The cells above a form's first label that may state its year or title
/// (`2022年度项目支出绩效自评表`, `(2023年度)`).
fn title_cells(table: &Table) -> Vec<Cell> {
    table
        .rows
        .iter()
        .take(TITLE_ROWS)
        .take_while(|row| !row.iter().any(|cell| labels::is_label(&cell.text)))
        .flatten()
        .chain(table.rows.iter().take(2).flatten())
        .filter(|cell| is_title(&cell.label()) && year_in(&cell.text).is_some())
        .cloned()
        .collect()
}

/// Word documents, web pages and text: tables holding forms (a table right after a form that
/// names no form, indicator header or funding block of its own continues it), paragraphs
/// making the report.
pub(crate) fn from_document(
    document: &Document,
    file: &FileContext<'_>,
) -> Result<Vec<DraftContent>, DocumentError> {
    let mut forms: Vec<(Table, Vec<Cell>)> = Vec::new();
    let mut paragraphs: Vec<Cell> = Vec::new();
    let mut since_table: Vec<Cell> = Vec::new();
    let mut last_was_form = false;
    for block in &document.blocks {
        match block {
            Block::Paragraph(cell) => {
                paragraphs.push(cell.clone());
                since_table.push(cell.clone());
                last_was_form = false;
            }
            Block::Table(table) => {
                let continues =
                    last_was_form && since_table.is_empty() && !form::starts_a_form(table);
                if continues && let Some((form, _)) = forms.last_mut() {
                    form.rows.extend(table.rows.iter().cloned());
                    continue;
                }
                if form::is_form(table) {
                    let titles: Vec<Cell> =
                        since_table.iter().rev().take(3).rev().cloned().collect();
                    for part in split_forms(table) {
                        forms.push((part, titles.clone()));
                    }
                    last_was_form = true;
                } else {
                    last_was_form = false;
                }
                since_table.clear();
            }
        }
    }
    let mut drafts = Vec::new();
    let single = forms.len() == 1;
    for (table, titles) in &forms {
        let mut builder = DraftBuilder::new(table.name.clone());
        form::read(table, &mut builder);
        if single {
            report::read(&paragraphs, &mut builder);
        }
        let mut titles: Vec<Cell> = titles
            .iter()
            .filter(|cell| is_title(&cell.label()))
            .cloned()
            .collect();
        titles.extend(title_cells(table));
        drafts.push((builder, titles));
    }
    if drafts.is_empty() {
        let mut builder = DraftBuilder::new("报告");
        if report::read(&paragraphs, &mut builder).is_none() && !builder.has("narrative") {
            return Err(DocumentError::NoForm);
        }
        builder.missing("indicators", "绩效指标", true);
        drafts.push((builder, Vec::new()));
    }
    Ok(finish_all(drafts, file))
}

/// Completes every draft; a form that states no year takes the one year the file's other forms
/// state.
fn finish_all(drafts: Vec<(DraftBuilder, Vec<Cell>)>, file: &FileContext<'_>) -> Vec<DraftContent> {
    let mut done: Vec<DraftBuilder> = drafts
        .into_iter()
        .map(|(mut builder, titles)| {
            finish::complete(&mut builder, &titles, file);
            builder
        })
        .collect();
    let years: Vec<(i64, String)> = done
        .iter()
        .filter_map(|draft| {
            let year = super::draft::get(draft.record(), "year")?.as_i64()?;
            Some((year, draft.form().to_owned()))
        })
        .collect();
    let mut distinct: Vec<i64> = years.iter().map(|(year, _)| *year).collect();
    distinct.sort_unstable();
    distinct.dedup();
    if let [year] = distinct.as_slice() {
        let from = &years[0].1;
        for draft in done.iter_mut().filter(|d| !d.has("year")) {
            let cell = Cell::new(year.to_string(), from.clone());
            draft.put_with(
                "year",
                "年度",
                json!(year),
                &cell,
                Some(format!("表中没有年度，按同一文件中“{from}”的年度读入")),
            );
        }
    }
    done.into_iter().map(DraftBuilder::finish).collect()
}
