//! The 项目支出绩效自评表 read from a table by its labels, wherever they stand: the header
//! (项目名称, 主管部门, 实施单位, and 地区/年度 where a form states them), the funding block, the
//! annual goal and the 总分 row. The indicator table is [`super::indicators`]'s.

use fundlens_shared::reading::cells::{AmountUnit, amount_in_wan_yuan, grade, points, rate};
use serde_json::{Value, json};

use super::draft::DraftBuilder;
use super::grid::{Cell, Table};
use super::indicators;
use super::labels::{
    FUNDING_ROWS, FundingColumn, GOAL, GOAL_ACTUAL, GOAL_EXPECTED, GRADE, HEADER, IndicatorColumn,
    TOTAL, is_label,
};

/// True when the table holds a form (its 项目名称 or its indicator header).
pub(crate) fn is_form(table: &Table) -> bool {
    table
        .find(0, |label| HEADER[0].2.contains(&label))
        .is_some()
        || indicators::header(table).is_some()
}

/// Reads every block of the form that the table holds into `draft`.
pub(crate) fn read(table: &Table, draft: &mut DraftBuilder) {
    read_header(table, draft);
    read_funding(table, draft);
    read_goal(table, draft);
    let end = indicators::read(table, draft);
    read_total(table, end, draft);
}

fn read_header(table: &Table, draft: &mut DraftBuilder) {
    for (field, label, words) in HEADER {
        if draft.has(field) {
            continue;
        }
        let Some(at) = table.find(0, |text| words.contains(&text)) else {
            continue;
        };
        let Some(cell) = table.right_of(at, is_label) else {
            continue;
        };
        let value = if *field == "year" {
            match fundlens_shared::reading::cells::year_in(&cell.joined()) {
                Some(year) => json!(year),
                None => json!(cell.joined()),
            }
        } else {
            json!(cell.joined())
        };
        draft.put(field, label, value, cell);
    }
}

/// A number the record takes as a numeric string, or the raw text (which the record then
/// refuses, naming the field) with a note saying what could not be read.
fn number_or_raw(parsed: Option<String>, cell: &Cell, what: &str) -> (Value, Option<String>) {
    match parsed {
        Some(text) => (json!(text), None),
        None => (
            json!(cell.trimmed()),
            Some(format!("无法把“{}”读成{what}", cell.trimmed())),
        ),
    }
}

fn read_funding(table: &Table, draft: &mut DraftBuilder) {
    let header = table.rows.iter().position(|row| {
        let columns: Vec<FundingColumn> = row
            .iter()
            .filter_map(|c| FundingColumn::of(&c.label()))
            .collect();
        columns.contains(&FundingColumn::YearStart) && columns.contains(&FundingColumn::Executed)
    });
    let Some(header) = header else {
        return;
    };
    let columns: Vec<(usize, FundingColumn)> = table.rows[header]
        .iter()
        .enumerate()
        .filter_map(|(at, cell)| FundingColumn::of(&cell.label()).map(|column| (at, column)))
        .collect();
    let unit = table.rows[header]
        .iter()
        .chain(table.rows.get(header + 1).into_iter().flatten())
        .find_map(|cell| AmountUnit::stated_in(&cell.text))
        .unwrap_or_default();
    for row in table.rows.iter().skip(header + 1).take(8) {
        let Some((key, label)) = row.iter().find_map(|cell| {
            let text = cell.label();
            FUNDING_ROWS
                .iter()
                .find(|(_, _, words)| words.iter().any(|w| text.contains(w)))
                .map(|(key, label, _)| (*key, *label))
        }) else {
            continue;
        };
        if draft.has(&format!("funding.{key}")) {
            continue;
        }
        draft.put_plain(&format!("funding.{key}"), json!({}));
        for (at, column) in &columns {
            let Some(cell) = row.get(*at).filter(|cell| !cell.is_empty()) else {
                continue;
            };
            let (field, what, parsed) = match column {
                FundingColumn::YearStart => (
                    format!("funding.{key}.year_start_budget"),
                    "年初预算数",
                    amount_in_wan_yuan(&cell.text, unit).map(|v| v.to_string()),
                ),
                FundingColumn::FullYear => (
                    format!("funding.{key}.full_year_budget"),
                    "全年预算数",
                    amount_in_wan_yuan(&cell.text, unit).map(|v| v.to_string()),
                ),
                FundingColumn::Executed => (
                    format!("funding.{key}.executed"),
                    "全年执行数",
                    amount_in_wan_yuan(&cell.text, unit).map(|v| v.to_string()),
                ),
                FundingColumn::Weight if key == "total" => (
                    "funding.weight".to_owned(),
                    "预算执行率分值",
                    points(&cell.text).map(|v| v.normalize().to_string()),
                ),
                FundingColumn::Rate if key == "total" => (
                    "funding.declared_rate".to_owned(),
                    "执行率",
                    rate(&cell.text),
                ),
                FundingColumn::Score if key == "total" => (
                    "funding.declared_score".to_owned(),
                    "预算执行率得分",
                    points(&cell.text).map(|v| v.normalize().to_string()),
                ),
                _ => continue,
            };
            let (value, note) = number_or_raw(parsed, cell, "数字");
            draft.put_with(&field, &format!("{label}·{what}"), value, cell, note);
        }
    }
}

fn read_goal(table: &Table, draft: &mut DraftBuilder) {
    let Some(goal) = table.find(0, |label| GOAL.contains(&label)) else {
        return;
    };
    let parts = [
        ("goal.expected", "预期目标", GOAL_EXPECTED),
        ("goal.actual", "实际完成情况", GOAL_ACTUAL),
    ];
    let mut found_any = false;
    for (field, label, words) in parts {
        let Some(at) = table
            .find(goal.0, |text| words.contains(&text))
            .filter(|(row, _)| *row <= goal.0 + 2)
        else {
            continue;
        };
        found_any = true;
        let value = table.right_of(at, is_label).or_else(|| {
            (at.0 + 1..(at.0 + 4).min(table.rows.len()))
                .filter_map(|row| table.at(row, at.1))
                .find(|cell| !cell.is_empty() && !is_label(&cell.label()))
        });
        if let Some(cell) = value {
            draft.put(field, label, json!(cell.trimmed()), cell);
        }
    }
    if !found_any && let Some(cell) = table.right_of(goal, is_label) {
        draft.put("goal.expected", "年度总体目标", json!(cell.trimmed()), cell);
    }
}

fn read_total(table: &Table, from: usize, draft: &mut DraftBuilder) {
    let header = indicators::header(table);
    if let Some(at) = table.find(from, |label| TOTAL.contains(&label)) {
        let row = &table.rows[at.0];
        let column = |kind| header.as_ref().and_then(|h| h.position(kind));
        let width = header.as_ref().map_or(row.len(), |h| h.width());
        let in_score_column = column(IndicatorColumn::Score)
            .and_then(|c| row.get(c))
            .filter(|cell| points(&cell.text).is_some());
        // Otherwise the last number after the label within the form's columns: not one under
        // 分值 (the full marks, 100), nor one in columns added right of the form.
        let declared = in_score_column.or_else(|| {
            row.iter()
                .enumerate()
                .skip(at.1 + 1)
                .take_while(|(c, cell)| *c < width && !GRADE.contains(&cell.label().as_str()))
                .filter(|(c, _)| row.len() < width || Some(*c) != column(IndicatorColumn::Weight))
                .map(|(_, cell)| cell)
                .filter(|cell| points(&cell.text).is_some())
                .last()
        });
        if let Some(cell) = declared
            && let Some(value) = points(&cell.text)
        {
            draft.put(
                "declared.total",
                "总分",
                json!(value.normalize().to_string()),
                cell,
            );
        }
    }
    if let Some(at) = table.find(from, |label| GRADE.contains(&label))
        && let Some(cell) = table.right_of(at, |_| false)
    {
        match grade(&cell.text) {
            Some(found) => draft.put("declared.grade", "等级", json!(found.label()), cell),
            None => draft.put_with(
                "declared.grade",
                "等级",
                json!(cell.trimmed()),
                cell,
                Some(format!("“{}”不是优、良、中、差之一", cell.trimmed())),
            ),
        }
    }
}
