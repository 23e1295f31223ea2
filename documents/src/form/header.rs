//! The form's header fields (项目名称, 主管部门, 实施单位, 地区, 年度) by their labels' roles: the
//! value right of a label, or after the colon in the label's own cell (`单位名称:保山市退役军人
//! 事务局`). Where a form writes several labels of one field (`中央主管部门` and `地方主管部门`),
//! the label of the lower rank wins.

use fundlens_shared::reading::cells::{compact, year_in};
use fundlens_shared::reading::labels::{self, HeaderField};
use serde_json::json;

use super::Sheet;
use crate::draft::DraftBuilder;
use crate::grid::{Cell, Table};

/// True when a cell of the table is a 项目名称 label.
pub(super) fn names_a_program(table: &Table) -> bool {
    table.rows.iter().flatten().any(|cell| {
        labels::header_field(&cell.text).is_some_and(|(f, _)| f == HeaderField::ProgramName)
    })
}

/// A label written with its value in one cell (`部门:临沧市永德县明朗中学`): the field, its rank
/// and the value.
pub(crate) fn inline(text: &str) -> Option<(HeaderField, u8, String)> {
    let (label, value) = text.split_once([':', '：'])?;
    let (field, rank) = labels::header_field(label)?;
    // The value ends where the next `label:` starts (`单位名称:X 填报日期:Y`).
    let value = value.trim();
    let value = match value.find(char::is_whitespace) {
        Some(at) if value[at..].contains([':', '：']) => &value[..at],
        _ => value,
    };
    let value = compact(value);
    (!value.is_empty()).then_some((field, rank, value))
}

/// A field found: its rank, the value's cell, the value, and the label's and value's places.
struct Found {
    rank: u8,
    cell: Cell,
    value: String,
    at: (usize, usize),
    value_at: Option<(usize, usize)>,
}

/// Reads the header fields the table's unused cells label.
pub(super) fn read(sheet: &mut Sheet<'_>, draft: &mut DraftBuilder) {
    let mut best: Vec<(HeaderField, Found)> = Vec::new();
    for (r, row) in sheet.table.rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            if cell.is_empty() || sheet.is_used(r, c) {
                continue;
            }
            let found = match labels::header_field(&cell.text) {
                Some((field, rank)) => sheet.value_right_of(r, c).map(|(vc, value)| {
                    (
                        field,
                        Found {
                            rank,
                            cell: value.clone(),
                            value: value.joined(),
                            at: (r, c),
                            value_at: Some((r, vc)),
                        },
                    )
                }),
                None => inline(&cell.text).map(|(field, rank, value)| {
                    (
                        field,
                        Found {
                            rank,
                            cell: cell.clone(),
                            value,
                            at: (r, c),
                            value_at: None,
                        },
                    )
                }),
            };
            let Some((field, found)) = found else {
                continue;
            };
            match best.iter_mut().find(|(f, _)| *f == field) {
                Some((_, kept)) if kept.rank <= found.rank => {}
                Some((_, kept)) => *kept = found,
                None => best.push((field, found)),
            }
        }
    }
    for (field, found) in best {
        sheet.use_cell(found.at.0, found.at.1);
        if let Some((r, c)) = found.value_at {
            sheet.use_cell(r, c);
        }
        if draft.has(field.field()) {
            continue;
        }
        let value = match field {
            HeaderField::Year => year_in(&found.value).map_or(json!(found.value), |y| json!(y)),
            _ => json!(found.value),
        };
        draft.put(field.field(), field.label(), value, &found.cell);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_label_and_its_value_in_one_cell() {
        let (field, _, value) =
            inline("单位名称:保山市退役军人事务局 填报日期:2023年4月6日").expect("read");
        assert_eq!(field, HeaderField::Implementer);
        assert_eq!(value, "保山市退役军人事务局");
        assert_eq!(
            inline("部门:临沧市永德县明朗中学").map(|(f, _, v)| (f, v)),
            Some((HeaderField::Department, "临沧市永德县明朗中学".to_owned()))
        );
        assert_eq!(inline("实施单位:"), None);
    }
}
