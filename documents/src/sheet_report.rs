//! The report blocks FundLens writes into a workbook beside the form (sheet 自评报告, see
//! [`super::export`]): each section's text as a labelled row, categories, sub-project lines,
//! statistics, claimed scores and benchmarks as small tables under a labelled header row, and
//! the provenance. A person can fill the same sheet by hand.

use fundlens_shared::reading::cells::{compact, grade, points};
use serde_json::{Value, json};

use super::draft::DraftBuilder;
use super::grid::{Cell, Table};
use super::write::workbook::scope_of;

/// True when the sheet holds report blocks (its first cell says 自评报告).
pub(crate) fn is_report(table: &Table) -> bool {
    table
        .rows
        .first()
        .and_then(|row| row.first())
        .is_some_and(|cell| cell.label() == "自评报告")
}

/// Labelled rows holding one text field each.
const TEXTS: &[(&str, &str)] = &[
    ("报告标题", "provenance.title"),
    ("发布单位", "provenance.issuer"),
    ("日期", "provenance.date"),
    ("来源位置", "provenance.location"),
    ("生成方式", "provenance.generator"),
    ("一、项目概况", "narrative.overview"),
    ("二、自评工作开展情况", "narrative.process"),
    ("三、综合评价结论", "narrative.conclusion"),
    ("四(一)项目资金使用及管理情况", "narrative.fund_management"),
    ("四(二)总体绩效目标完成情况", "narrative.results"),
    ("四(三)绩效指标完成情况", "narrative.indicator_analysis"),
    ("六、绩效自评结果拟应用和公开情况", "narrative.publication"),
    ("七、其他需要说明的问题", "narrative.other"),
];

/// What a table's columns become, by table label: (list path, fields in column order).
const TABLES: &[(&str, &str, &[Column])] = &[
    (
        "项目类别",
        "program.categories",
        &[Column::Text("name"), Column::Text("description")],
    ),
    (
        "资金安排",
        "allocations",
        &[
            Column::Text("name"),
            Column::Text("category"),
            Column::Number("amount"),
            Column::Text("purpose"),
            Column::Text("recipient_region"),
        ],
    ),
    (
        "统计数据",
        "statistics",
        &[
            Column::Text("metric"),
            Column::Number("value"),
            Column::Text("unit"),
            Column::Integer("rank"),
            Column::Text("note"),
        ],
    ),
    (
        "报告所称分类得分",
        "narrative.claimed_categories",
        &[Column::Text("name"), Column::Number("score")],
    ),
    (
        "基准数据",
        "benchmarks",
        &[
            Column::Text("metric"),
            Column::Scope("scope"),
            Column::Number("value"),
            Column::Text("unit"),
            Column::Text("source"),
        ],
    ),
];

#[derive(Debug, Clone, Copy)]
enum Column {
    Text(&'static str),
    Number(&'static str),
    Integer(&'static str),
    Scope(&'static str),
}

/// Reads the report blocks into `draft`.
pub(crate) fn read(table: &Table, draft: &mut DraftBuilder) {
    let mut current: Option<(&str, &[Column], usize)> = None;
    let mut lists = [
        ("存在的问题", "narrative.problems", 0),
        ("改进措施", "narrative.measures", 0),
    ];
    for row in table.rows.iter().skip(1) {
        let Some(first) = row.first() else {
            continue;
        };
        let label = first.label();
        if label.is_empty() {
            if let Some((path, columns, count)) = current.as_mut() {
                read_table_row(row, path, columns, *count, draft);
                *count += 1;
            }
            continue;
        }
        current = None;
        let value = row.get(1).filter(|cell| !cell.is_empty());
        if let Some((_, path, columns)) = TABLES.iter().find(|(name, ..)| compact(name) == label) {
            current = Some((path, columns, 0));
            continue;
        }
        let Some(value) = value else {
            continue;
        };
        if label == "数据来源" {
            let kind = if value.label() == "示例数据" {
                "sample"
            } else {
                "document"
            };
            draft.put("provenance.kind", "数据来源", json!(kind), value);
        } else if let Some((_, path)) = TEXTS.iter().find(|(name, _)| compact(name) == label) {
            draft.put(path, first.trimmed(), json!(value.trimmed()), value);
        } else if label == "报告所称总分" {
            let total = points(&value.text)
                .map_or_else(|| json!(value.trimmed()), |v| json!(v.to_string()));
            draft.put("narrative.claimed_total", "报告所称总分", total, value);
        } else if label == "报告所称等级" {
            let found =
                grade(&value.text).map_or_else(|| json!(value.trimmed()), |g| json!(g.label()));
            draft.put("narrative.claimed_grade", "报告所称等级", found, value);
        } else if let Some((name, path, count)) = lists.iter_mut().find(|(name, ..)| *name == label)
        {
            draft.put(
                &format!("{path}[{count}]"),
                name,
                json!(value.trimmed()),
                value,
            );
            *count += 1;
        } else {
            draft.unplaced(value);
        }
    }
}

fn read_table_row(
    row: &[Cell],
    path: &str,
    columns: &[Column],
    index: usize,
    draft: &mut DraftBuilder,
) {
    for (offset, column) in columns.iter().enumerate() {
        let Some(cell) = row.get(offset + 1).filter(|cell| !cell.is_empty()) else {
            continue;
        };
        let (field, value): (&str, Value) = match column {
            Column::Text(field) => (field, json!(cell.trimmed())),
            Column::Number(field) => (field, json!(compact(&cell.text))),
            Column::Integer(field) => (
                field,
                compact(&cell.text)
                    .parse::<i64>()
                    .map_or_else(|_| json!(cell.trimmed()), |n| json!(n)),
            ),
            Column::Scope(field) => (
                field,
                scope_of(&cell.label()).map_or_else(|| json!(cell.trimmed()), |scope| json!(scope)),
            ),
        };
        draft.put(&format!("{path}[{index}].{field}"), field, value, cell);
    }
}
