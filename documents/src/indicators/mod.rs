//! The 绩效指标 table: its columns found by the roles of their labels ([`layout`]), or inferred
//! from the rows where the header is not in the file ([`infer`]); then one indicator per row,
//! merged 一级/二级 cells carried down (a level-2 label never across a change of level 1), a level-1 label's points (`产出指标(50分)`) as its group's
//! weight, numbering and marks before a name (`指标1:`, `★`) dropped, template placeholders
//! (`指标2:`, `……`, `≥**人`) skipped. A target written across 指标性质 | 指标值 | 度量单位 is read
//! as one (`≥` | `90` | `%` → `≥90%`) with its parts kept beside it. Rows whose cells were placed by
//! their content ([`align`]) are marked uncertain; a cell that does not fit its column is 待核对
//! with the reason (`shared::reading::fit`).

mod align;
mod infer;
mod layout;

use fundlens_shared::reading::cells::{compact, group_label, points};
use fundlens_shared::reading::fit::{is_bare_number, misfit};
use fundlens_shared::reading::labels::{self, IndicatorColumn as C};
use fundlens_shared::target::{Comparison, Target, TargetKind};
use serde_json::json;

use crate::draft::DraftBuilder;
use crate::form::Sheet;
use crate::grid::Cell;
pub(crate) use layout::Layout;

/// Finds the indicator header.
pub(crate) fn header(sheet: &Sheet<'_>) -> Option<Layout> {
    layout::find(sheet.table, 0)
}

/// True when the table's rows look like indicator rows without their header.
pub(crate) fn headerless(sheet: &Sheet<'_>) -> Option<Layout> {
    // Only rows before any row of labels: under a header of other columns the rows are not
    // indicator rows.
    let labelled = sheet
        .table
        .rows
        .iter()
        .position(|row| row.iter().filter(|c| labels::is_label(&c.text)).count() >= 2)
        .unwrap_or(sheet.table.rows.len());
    let end = end_of_rows(sheet, 0, None).min(labelled);
    infer::layout(sheet.table, 0..end)
}

/// The row where indicator rows starting at `from` end: a total, a closing part of the form
/// (评价结论, 说明), or the start of another form, in a label column (left of the name).
fn end_of_rows(sheet: &Sheet<'_>, from: usize, name: Option<usize>) -> usize {
    let rows = &sheet.table.rows;
    (from..rows.len())
        .find(|&r| {
            rows[r]
                .iter()
                .enumerate()
                .filter(|(c, cell)| {
                    !cell.is_empty() && name.is_none_or(|name| *c < name || *c == 0)
                })
                .take(1)
                .any(|(_, cell)| {
                    let text = &cell.text;
                    labels::is_total(text)
                        || labels::role(labels::Block::Totals, text) == Some(labels::Role::Known)
                        || labels::header_field(text)
                            .is_some_and(|(f, _)| f == labels::HeaderField::ProgramName)
                })
        })
        .unwrap_or(rows.len())
}

/// Marks and placeholders a name carries before its words: `★`, `指标1:`, `指标2`.
fn bare_name(text: &str) -> String {
    let joined: String = text.lines().map(str::trim).collect();
    let mut name = joined.trim_start_matches(['★', '☆', '*', '※', '△', ' ']);
    for prefix in ["指标", "指標"] {
        if let Some(rest) = name.strip_prefix(prefix)
            && rest.starts_with(|c: char| c.is_ascii_digit())
        {
            name = rest
                .trim_start_matches(|c: char| c.is_ascii_digit())
                .trim_start_matches([':', '：', '.', '、', ' ']);
        }
    }
    name.trim().to_owned()
}

/// True for a template's placeholder rather than a value (`……`, `…`, `≥**人`, `XX`).
fn is_placeholder(text: &str) -> bool {
    let compact = compact(text);
    compact.chars().all(|c| matches!(c, '…' | '.' | '。' | '-'))
        || compact.contains("**")
        || compact.contains("××")
        || compact.contains("XX")
        || compact.contains("xx")
}

/// One table row placed on the layout's columns.
struct Row<'l, 'c> {
    layout: &'l Layout,
    cells: Vec<Option<&'c Cell>>,
}

impl<'c> Row<'_, 'c> {
    /// The non-empty cell in `column`'s place.
    fn cell(&self, column: C) -> Option<&'c Cell> {
        self.layout
            .position(column)
            .and_then(|at| self.cells.get(at).copied().flatten())
            .filter(|cell| !cell.is_empty() && !is_placeholder(&cell.text))
    }

    /// Every non-empty cell of the columns in `columns`, with its column.
    fn all(&self, columns: &[C]) -> Vec<(C, &'c Cell)> {
        self.layout
            .columns
            .iter()
            .zip(&self.cells)
            .filter_map(|(column, cell)| Some(((*column)?, (*cell)?)))
            .filter(|(column, cell)| columns.contains(column) && !cell.is_empty())
            .collect()
    }
}

/// What the reader knows about a row while it reads it.
struct Reading<'d> {
    draft: &'d mut DraftBuilder,
    index: usize,
    note: Option<String>,
}

impl Reading<'_> {
    fn path(&self, field: &str) -> String {
        format!("indicators[{}].{field}", self.index)
    }

    /// Puts a field: 待核对 when its text does not fit `column`, else read (uncertain with the
    /// row's note).
    fn put(
        &mut self,
        field: &str,
        column: C,
        value: serde_json::Value,
        cell: &Cell,
        fits: Option<String>,
    ) {
        let path = self.path(field);
        match fits {
            Some(reason) => self
                .draft
                .put_misfit(&path, column.label(), value, cell, reason),
            None => self
                .draft
                .put_with(&path, column.label(), value, cell, self.note.clone()),
        }
    }
}

/// Reads the indicator rows under `layout` into `draft`, marking the rows it reads; returns the
/// row after the table.
pub(crate) fn read(sheet: &mut Sheet<'_>, layout: &Layout, draft: &mut DraftBuilder) -> usize {
    let name_column = layout.position(C::Name);
    let end = end_of_rows(sheet, layout.first_row(), name_column);
    for r in layout.header.clone() {
        sheet.use_row(r);
    }
    let mut level1: Option<&Cell> = None;
    let mut level2: Option<&Cell> = None;
    let mut groups: Vec<String> = Vec::new();
    let mut index = draft_rows(draft);
    let table = sheet.table;
    for r in layout.first_row()..end {
        let mut row = table.rows[r].as_slice();
        // Empty cells past the columns (a copy's trailing separator) are not cells of the row.
        while row.len() > layout.width() && row.last().is_some_and(Cell::is_empty) {
            row = &row[..row.len() - 1];
        }
        if row.iter().all(Cell::is_empty) {
            continue;
        }
        let placements = if row.len() == layout.width() {
            vec![(row.iter().map(Some).collect::<Vec<_>>(), false)]
        } else {
            align::split(&layout.columns, row)
                .into_iter()
                .map(|cells| (cells, true))
                .collect()
        };
        let mut read_any = false;
        for (cells, realigned) in placements {
            let placed = Row { layout, cells };
            if let Some(found) = placed.cell(C::Level1) {
                // A level-2 label is never carried across a change of level 1: a row of a new
                // group with its level-2 cell empty has no level 2 (missing, for a person).
                if level1.is_none_or(|before| before.joined() != found.joined()) {
                    level2 = None;
                }
                level1 = Some(found);
            }
            if let Some(found) = placed.cell(C::Level2) {
                level2 = Some(found);
            }
            let Some(name) = placed
                .cell(C::Name)
                .filter(|c| !bare_name(&c.text).is_empty())
            else {
                read_any = true;
                continue;
            };
            let values = [C::Target, C::Actual, C::Weight, C::Score];
            if values.iter().all(|column| placed.cell(*column).is_none()) {
                continue;
            }
            read_any = true;
            let note = if layout.inferred {
                Some("表中没有这张表的表头，各栏按内容推断，请核对".to_owned())
            } else if realigned {
                Some("这一行的单元格数与表头不符（复制时丢了合并单元格或换行），已按内容对齐，请核对".to_owned())
            } else {
                None
            };
            let mut reading = Reading { draft, index, note };
            read_levels(&mut reading, level1, level2, &mut groups);
            let text = bare_name(&name.text);
            let fits = misfit(C::Name, &text);
            reading.put("name", C::Name, json!(text), name, fits);
            for (column, cell) in placed.all(&[C::Criteria]) {
                reading
                    .draft
                    .beside(&reading.path("name"), column.label(), cell);
            }
            read_target(&mut reading, &placed);
            read_actual(&mut reading, &placed);
            read_points(&mut reading, &placed);
            for (column, field) in [(C::Note, "deviation_note"), (C::Metric, "metric")] {
                if let Some(found) = placed.cell(column) {
                    let text = if column == C::Note {
                        found.trimmed().to_owned()
                    } else {
                        found.joined()
                    };
                    reading.put(field, column, json!(text), found, None);
                }
            }
            index += 1;
        }
        if read_any {
            sheet.use_row(r);
        }
    }
    if index == 0 {
        draft.missing("indicators", "绩效指标", true);
    }
    end
}

/// How many indicator rows the draft holds already (a table continued from an earlier one).
fn draft_rows(draft: &DraftBuilder) -> usize {
    crate::draft::get(draft.record(), "indicators")
        .and_then(serde_json::Value::as_array)
        .map_or(0, Vec::len)
}

fn read_levels(
    reading: &mut Reading<'_>,
    level1: Option<&Cell>,
    level2: Option<&Cell>,
    groups: &mut Vec<String>,
) {
    match level1 {
        Some(found) => {
            let (label, weight) =
                group_label(&fundlens_shared::reading::cells::compact(&found.joined()));
            let fits = misfit(C::Level1, &label);
            reading.put("level1", C::Level1, json!(label), found, fits);
            if let Some(weight) = weight
                && !groups.contains(&label)
            {
                let at = groups.len();
                reading.draft.put(
                    &format!("indicator_groups[{at}]"),
                    "一级指标分值",
                    json!({"level1": label, "weight": weight.normalize().to_string()}),
                    found,
                );
                groups.push(label);
            }
        }
        None => reading
            .draft
            .missing(&reading.path("level1"), "一级指标", true),
    }
    match level2 {
        Some(found) => {
            let text = found.joined();
            let fits = misfit(C::Level2, &text);
            reading.put("level2", C::Level2, json!(text), found, fits);
        }
        None => reading
            .draft
            .missing(&reading.path("level2"), "二级指标", true),
    }
}

/// The target: the 年度指标值 cell as written, or operator + value + unit where the form gives
/// them columns of their own (`≥` | `90` | `%` → `≥90%`), the parts kept beside it. A value whose
/// own unit contradicts the unit column, or an operator column holding something else, is
/// 待核对.
fn read_target(reading: &mut Reading<'_>, row: &Row<'_, '_>) {
    let Some(value) = row.cell(C::Target) else {
        reading
            .draft
            .missing(&reading.path("target"), "年度指标值", true);
        return;
    };
    let operator = row.cell(C::Operator);
    let unit = row.cell(C::Unit).map(Cell::joined);
    let text = value.joined();
    let mut problem = misfit(C::Target, &text);
    let mut composed = text.clone();
    let starts_with_operator = {
        let first: String = compact(&text).chars().take(2).collect();
        (1..=first.chars().count())
            .any(|n| Comparison::alone(&first.chars().take(n).collect::<String>()).is_some())
    };
    if let Some(op) = operator {
        let written = op.joined();
        if Comparison::alone(&written).is_some() {
            // The operator goes before a number (`90`, `90%`); a date or words keep their own
            // wording, the operator cell beside them.
            let quantity = matches!(
                Target::parse(&format!("{composed}{}", unit.as_deref().unwrap_or(""))).kind(),
                TargetKind::Quantity { .. }
            );
            if !starts_with_operator && quantity {
                composed = format!("{written}{composed}");
            }
        } else if !align::NATURES
            .iter()
            .any(|nature| compact(&written).starts_with(nature))
        {
            problem = problem.or(Some(format!("指标性质“{written}”不是运算符")));
        }
    }
    if let Some(unit) = unit.as_deref() {
        let number = composed
            .trim_start_matches(|c: char| !c.is_ascii_digit() && c != '-' && c != '.')
            .to_owned();
        if is_bare_number(&number) {
            composed.push_str(unit);
        } else if !compact(&text).ends_with(&compact(unit)) {
            problem = problem.or(Some(format!("指标值“{text}”与度量单位“{unit}”对不上")));
        }
    }
    let path = reading.path("target");
    reading.put("target", C::Target, json!(composed), value, problem);
    for (column, cell) in row.all(&[C::Operator, C::Unit, C::OtherTarget]) {
        reading.draft.beside(&path, column.label(), cell);
    }
}

/// The actual: the 实际完成值 cell as written (a bare number stays bare: it is in the target's
/// unit), an earlier year's value kept beside it.
fn read_actual(reading: &mut Reading<'_>, row: &Row<'_, '_>) {
    let Some(value) = row.cell(C::Actual) else {
        reading
            .draft
            .missing(&reading.path("actual"), "实际完成值", true);
        return;
    };
    let text = value.joined();
    let fits = misfit(C::Actual, &text);
    reading.put("actual", C::Actual, json!(text), value, fits);
    let path = reading.path("actual");
    for (column, cell) in row.all(&[C::History]) {
        reading.draft.beside(&path, column.label(), cell);
    }
}

/// 分值 and 得分: numbers (`5`, `5分`); anything else is 待核对.
fn read_points(reading: &mut Reading<'_>, row: &Row<'_, '_>) {
    for (column, field, required) in [
        (C::Weight, "weight", true),
        (C::Score, "declared_score", false),
    ] {
        match row.cell(column) {
            Some(found) => {
                let fits = misfit(column, &found.text);
                let value = match (&fits, points(&found.text)) {
                    (None, Some(value)) => json!(value.normalize().to_string()),
                    _ => json!(found.joined()),
                };
                reading.put(field, column, value, found, fits);
            }
            None => reading
                .draft
                .missing(&reading.path(field), column.label(), required),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_lose_their_numbering_and_placeholders_are_seen() {
        assert_eq!(bare_name("指标1:全县参合人数"), "全县参合人数");
        assert_eq!(bare_name("指标1工程资金金额"), "工程资金金额");
        assert_eq!(bare_name("★补助鱼塘面积"), "补助鱼塘面积");
        assert_eq!(bare_name("指标2:"), "");
        assert_eq!(bare_name("其中桃树种植面积"), "其中桃树种植面积");
        assert!(is_placeholder("……"));
        assert!(is_placeholder("≥**人"));
        assert!(!is_placeholder("≥90%"));
    }
}
