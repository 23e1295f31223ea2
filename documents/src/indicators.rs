//! The 绩效指标 table: its header found by its labels (columns in any order, the operator and
//! unit in columns of their own, a second header row under a merged 年度指标值), then one
//! indicator per row, merged 一级/二级 cells carried down. Rows copied from Word can lose their
//! empty merged cells or their row break; such rows are placed on the columns their contents fit
//! best, and the fields read that way are marked uncertain.

use fundlens_shared::reading::cells::{compact, group_label, points};
use fundlens_shared::scoring::group::{level1_of, level2_of};
use serde_json::json;

use super::draft::DraftBuilder;
use super::grid::{Cell, Table};
use super::labels::{IndicatorColumn, TOTAL};

/// The header: its row (the last header row when there are two) and the column of each field.
#[derive(Debug, Clone)]
pub(crate) struct Header {
    row: usize,
    columns: Vec<Option<IndicatorColumn>>,
}

impl Header {
    /// The column holding `column`'s field.
    pub(crate) fn position(&self, column: IndicatorColumn) -> Option<usize> {
        self.columns.iter().position(|c| *c == Some(column))
    }

    /// The header's width in cells.
    pub(crate) fn width(&self) -> usize {
        self.columns.len()
    }
}

/// Finds the indicator header: a row naming the indicator (三级指标) and its actual value.
pub(crate) fn header(table: &Table) -> Option<Header> {
    let row = table.rows.iter().position(|row| {
        let columns: Vec<IndicatorColumn> = row
            .iter()
            .filter_map(|c| IndicatorColumn::of(&c.label()))
            .collect();
        columns.contains(&IndicatorColumn::Name) && columns.contains(&IndicatorColumn::Actual)
    })?;
    let mut columns: Vec<Option<IndicatorColumn>> = table.rows[row]
        .iter()
        .map(|cell| IndicatorColumn::of(&cell.label()))
        .collect();
    let mut last = row;
    if let Some(sub) = table.rows.get(row + 1) {
        let sub_columns: Vec<Option<IndicatorColumn>> = sub
            .iter()
            .map(|cell| IndicatorColumn::of(&cell.label()))
            .collect();
        if sub_columns
            .iter()
            .any(|c| matches!(c, Some(IndicatorColumn::Operator | IndicatorColumn::Unit)))
        {
            if columns.len() < sub_columns.len() {
                columns.resize(sub_columns.len(), None);
            }
            for (at, column) in sub_columns.into_iter().enumerate() {
                if column.is_some() {
                    columns[at] = column;
                }
            }
            last = row + 1;
        }
    }
    Some(Header { row: last, columns })
}

/// How well a cell fits a column: higher is better.
fn fit(column: Option<IndicatorColumn>, cell: Option<&Cell>) -> i32 {
    let text = cell.map(Cell::joined).unwrap_or_default();
    let empty = text.is_empty();
    let numeric = points(&text).is_some();
    let level2 = level2_of(&text).is_some() && text.chars().count() <= 12;
    match column {
        Some(IndicatorColumn::Weight) => match (empty, numeric) {
            (_, true) => 3,
            (true, _) => -1,
            _ => -3,
        },
        Some(IndicatorColumn::Score) => match (empty, numeric) {
            (_, true) => 2,
            (true, _) => 0,
            _ => -2,
        },
        Some(IndicatorColumn::Level1) => match (empty, level1_of(&text).is_some()) {
            (true, _) => 0,
            (_, true) => 2,
            _ => -1,
        },
        Some(IndicatorColumn::Level2) => match (empty, level2) {
            (true, _) => 0,
            (_, true) => 2,
            _ => -1,
        },
        Some(IndicatorColumn::Name) => match (empty, numeric, level2) {
            (true, ..) => -2,
            (_, true, _) | (_, _, true) => -1,
            _ => 1,
        },
        Some(IndicatorColumn::Target | IndicatorColumn::Actual) => {
            if empty || level2 {
                -1
            } else {
                1
            }
        }
        Some(IndicatorColumn::Note) if level2 => -2,
        _ => 0,
    }
}

/// Places a row of `cells` on the header's columns: as it stands when the widths agree,
/// otherwise on the contiguous run of columns the cells fit best. Returns the cells by column.
fn align<'c>(header: &Header, cells: &'c [Cell]) -> (Vec<Option<&'c Cell>>, i32) {
    let width = header.columns.len();
    if cells.len() >= width {
        let placed: Vec<Option<&Cell>> = cells.iter().take(width).map(Some).collect();
        let score = placed
            .iter()
            .zip(&header.columns)
            .map(|(cell, column)| fit(*column, *cell))
            .sum();
        return (placed, score);
    }
    (0..=width - cells.len())
        .map(|offset| {
            let placed: Vec<Option<&Cell>> = (0..width)
                .map(|at| at.checked_sub(offset).and_then(|i| cells.get(i)))
                .collect();
            let score = placed
                .iter()
                .zip(&header.columns)
                .map(|(cell, column)| fit(*column, *cell))
                .sum();
            (placed, score)
        })
        .max_by_key(|(_, score)| *score)
        .unwrap_or_default()
}

/// Splits a row longer than the header (a lost row break) where both parts fit best.
fn split_rows<'c>(header: &Header, cells: &'c [Cell]) -> Vec<(Vec<Option<&'c Cell>>, bool)> {
    let width = header.columns.len();
    if cells.len() <= width {
        let (placed, _) = align(header, cells);
        return vec![(placed, cells.len() != width)];
    }
    let best = (1..cells.len())
        .filter(|split| *split <= width)
        .map(|split| {
            let (left, left_score) = align(header, &cells[..split]);
            let right = split_rows(header, &cells[split..]);
            let right_score: i32 = right
                .iter()
                .map(|(placed, _)| {
                    placed
                        .iter()
                        .zip(&header.columns)
                        .map(|(cell, column)| fit(*column, *cell))
                        .sum::<i32>()
                })
                .sum();
            (left_score + right_score, left, right)
        })
        .max_by_key(|(score, ..)| *score);
    match best {
        Some((_, left, right)) => {
            let mut rows = vec![(left, true)];
            rows.extend(right.into_iter().map(|(placed, _)| (placed, true)));
            rows
        }
        None => vec![(align(header, cells).0, true)],
    }
}

/// One table row placed on the header's columns.
struct Placed<'h, 'c> {
    header: &'h Header,
    cells: Vec<Option<&'c Cell>>,
}

impl<'c> Placed<'_, 'c> {
    /// The non-empty cell in `column`'s place.
    fn cell(&self, column: IndicatorColumn) -> Option<&'c Cell> {
        self.header
            .position(column)
            .and_then(|at| self.cells.get(at).copied().flatten())
            .filter(|cell| !cell.is_empty())
    }
}

/// Reads the indicator rows into `draft`; returns the row after the table (where the 总分 row
/// is looked for).
pub(crate) fn read(table: &Table, draft: &mut DraftBuilder) -> usize {
    let Some(header) = header(table) else {
        draft.missing("indicators", "绩效指标", true);
        return 0;
    };
    let mut level1: Option<&Cell> = None;
    let mut level2: Option<&Cell> = None;
    let mut groups: Vec<String> = Vec::new();
    let mut index = 0;
    let mut end = table.rows.len();
    for (row_at, row) in table.rows.iter().enumerate().skip(header.row + 1) {
        if row
            .iter()
            .any(|cell| TOTAL.contains(&cell.label().as_str()))
        {
            end = row_at;
            break;
        }
        for (cells, realigned) in split_rows(&header, row) {
            let placed = Placed {
                header: &header,
                cells,
            };
            let cell = |column: IndicatorColumn| placed.cell(column);
            if let Some(found) = cell(IndicatorColumn::Level1) {
                level1 = Some(found);
            }
            if let Some(found) = cell(IndicatorColumn::Level2) {
                level2 = Some(found);
            }
            let Some(name) = cell(IndicatorColumn::Name) else {
                continue;
            };
            let note = realigned.then(|| {
                "这一行的单元格数与表头不符（复制时丢了合并单元格或换行），已按内容对齐，请核对"
                    .to_owned()
            });
            let path = |field: &str| format!("indicators[{index}].{field}");
            let put = |draft: &mut DraftBuilder,
                       field: &str,
                       column: IndicatorColumn,
                       value,
                       cell: &Cell| {
                draft.put_with(&path(field), column.label(), value, cell, note.clone());
            };
            match level1 {
                Some(found) => {
                    let (label, weight) = group_label(&found.text);
                    put(
                        draft,
                        "level1",
                        IndicatorColumn::Level1,
                        json!(label),
                        found,
                    );
                    if let Some(weight) = weight
                        && !groups.contains(&label)
                    {
                        let at = groups.len();
                        draft.put(
                            &format!("indicator_groups[{at}]"),
                            "一级指标分值",
                            json!({"level1": label, "weight": weight.normalize().to_string()}),
                            found,
                        );
                        groups.push(label);
                    }
                }
                None => draft.missing(&path("level1"), "一级指标", true),
            }
            match level2 {
                Some(found) => put(
                    draft,
                    "level2",
                    IndicatorColumn::Level2,
                    json!(found.joined()),
                    found,
                ),
                None => draft.missing(&path("level2"), "二级指标", true),
            }
            put(
                draft,
                "name",
                IndicatorColumn::Name,
                json!(name.joined()),
                name,
            );
            read_target(&placed, draft, &path("target"), note.as_deref());
            read_actual(&placed, draft, &path("actual"), note.as_deref());
            for (column, field, required) in [
                (IndicatorColumn::Weight, "weight", true),
                (IndicatorColumn::Score, "declared_score", false),
            ] {
                match cell(column) {
                    Some(found) => match points(&found.text) {
                        Some(value) => put(
                            draft,
                            field,
                            column,
                            json!(value.normalize().to_string()),
                            found,
                        ),
                        None => draft.put_with(
                            &path(field),
                            column.label(),
                            json!(found.joined()),
                            found,
                            Some(format!("无法把“{}”读成分数", found.trimmed())),
                        ),
                    },
                    None => draft.missing(&path(field), column.label(), required),
                }
            }
            if let Some(found) = cell(IndicatorColumn::Note) {
                put(
                    draft,
                    "deviation_note",
                    IndicatorColumn::Note,
                    json!(found.trimmed()),
                    found,
                );
            }
            if let Some(found) = cell(IndicatorColumn::Metric) {
                put(
                    draft,
                    "metric",
                    IndicatorColumn::Metric,
                    json!(found.joined()),
                    found,
                );
            }
            index += 1;
        }
    }
    if index == 0 {
        draft.missing("indicators", "绩效指标", true);
    }
    end
}

/// The target: the 年度指标值 cell as written, or operator + value + unit where the form gives
/// them columns of their own and the value is a bare number (`≥` | `90` | `%` → `≥90%`); a
/// value in words or a date (`2023年12月31日`) is taken as written, its operator cell kept in the
/// field's source.
fn read_target(placed: &Placed<'_, '_>, draft: &mut DraftBuilder, field: &str, note: Option<&str>) {
    let cell = |column| placed.cell(column);
    let Some(value) = cell(IndicatorColumn::Target) else {
        draft.missing(field, "年度指标值", true);
        return;
    };
    let operator = cell(IndicatorColumn::Operator)
        .map(|c| c.joined())
        .filter(|op| !op.starts_with("定性") && !op.starts_with("定量") && !op.contains("指标"));
    let unit = cell(IndicatorColumn::Unit).map(|c| c.joined());
    let mut text = value.joined();
    let mut parts = Vec::new();
    let bare_number = fundlens_shared::value::parse_decimal(&compact(&text)).is_ok();
    if bare_number {
        if let Some(op) = &operator {
            text = format!("{op}{text}");
            parts.push(format!("指标性质“{op}”"));
        }
        if let Some(unit) = &unit {
            text.push_str(unit);
            parts.push(format!("度量单位“{unit}”"));
        }
    }
    let composed = (!parts.is_empty()).then(|| format!("由指标值与{}组合", parts.join("、")));
    let note = note.map(str::to_owned).or(composed);
    let mut source = value.clone();
    if let Some(extra) = cell(IndicatorColumn::Operator) {
        source.text = format!("{} | {}", extra.text, source.text);
    }
    draft.put_with(field, "年度指标值", json!(text), &source, note);
}

/// The actual: the 实际完成值 cell; a bare number takes the unit column's unit.
fn read_actual(placed: &Placed<'_, '_>, draft: &mut DraftBuilder, field: &str, note: Option<&str>) {
    let Some(value) = placed.cell(IndicatorColumn::Actual) else {
        draft.missing(field, "实际完成值", true);
        return;
    };
    let mut text = value.joined();
    let unit = placed.cell(IndicatorColumn::Unit).map(Cell::joined);
    let bare_number = fundlens_shared::value::parse_decimal(&compact(&text)).is_ok();
    let mut note = note.map(str::to_owned);
    if let Some(unit) = unit.filter(|_| bare_number) {
        text.push_str(&unit);
        note = note.or_else(|| Some(format!("完成值未写单位，已按度量单位“{unit}”补上")));
    }
    draft.put_with(field, "实际完成值", json!(text), value, note);
}

/// Counts how often each column kind appears (a header naming two 得分 columns is ambiguous).
#[cfg(test)]
fn column_counts(header: &Header) -> std::collections::HashMap<IndicatorColumn, usize> {
    let mut counts = std::collections::HashMap::new();
    for column in header.columns.iter().flatten() {
        *counts.entry(*column).or_insert(0) += 1;
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(texts: &[&str]) -> Vec<Cell> {
        texts.iter().map(|t| Cell::new(*t, "")).collect()
    }

    fn table(rows: &[&[&str]]) -> Table {
        Table {
            name: "t".to_owned(),
            rows: rows.iter().map(|r| row(r)).collect(),
        }
    }

    const HEAD: &[&str] = &[
        "绩效指标",
        "一级指标",
        "二级指标",
        "三级指标",
        "年度\n指标值",
        "实际\n完成值",
        "分值",
        "得分",
        "偏差原因\n分析及改进措施",
    ];

    #[test]
    fn the_header_maps_every_column() {
        let t = table(&[HEAD]);
        let found = header(&t).expect("header");
        let counts = column_counts(&found);
        assert_eq!(counts.len(), 8);
        assert_eq!(found.position(IndicatorColumn::Weight), Some(6));
    }

    #[test]
    fn short_rows_are_placed_where_their_contents_fit() {
        let t = table(&[HEAD]);
        let head = header(&t).expect("header");
        let cells = row(&[
            "生态指标",
            "工业领域生态环境保护",
            "不断加强",
            "不断加强",
            "5",
            "5",
            "",
        ]);
        let (placed, _) = align(&head, &cells);
        assert_eq!(placed[2].map(|c| c.text.as_str()), Some("生态指标"));
        assert_eq!(placed[6].map(|c| c.text.as_str()), Some("5"));
        let cells = row(&[
            "",
            "",
            "社会效\n益指标",
            "促进就业",
            "成效明显",
            "成效明显",
            "5",
            "5",
        ]);
        let (placed, _) = align(&head, &cells);
        assert_eq!(placed[3].map(|c| c.text.as_str()), Some("促进就业"));
    }

    #[test]
    fn a_row_that_lost_its_break_is_split_in_two() {
        let t = table(&[HEAD]);
        let head = header(&t).expect("header");
        let cells = row(&[
            "",
            "",
            "社会效\n益指标",
            "促进就业",
            "成效明显",
            "成效明显",
            "5",
            "5",
            "生态指标",
            "工业领域生态环境保护",
            "不断加强",
            "不断加强",
            "5",
            "5",
            "",
        ]);
        let rows = split_rows(&head, &cells);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].0[3].map(|c| c.text.as_str()), Some("促进就业"));
        assert_eq!(rows[1].0[2].map(|c| c.text.as_str()), Some("生态指标"));
        assert_eq!(
            rows[1].0[3].map(|c| c.text.as_str()),
            Some("工业领域生态环境保护")
        );
    }
}
