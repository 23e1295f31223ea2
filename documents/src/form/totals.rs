//! The annual goal (年度总体目标: 预期目标 and 实际完成情况, beside or below their labels), the
//! 总分 and the 等级. The total is the number under the indicator table's 得分 column in the total
//! row; a total row whose 得分 is empty (`合计` under 分值 only) declares no total; a number right
//! of a score label (`自评得分 | 98`, `总分(100分) | 100`) is the total.

use fundlens_shared::reading::cells::{grade, points};
use fundlens_shared::reading::labels::{self, GoalPart, IndicatorColumn};
use serde_json::json;

use super::Sheet;
use crate::draft::DraftBuilder;
use crate::grid::Cell;
use crate::indicators::Layout;

/// Reads the goal block into `draft`.
pub(super) fn read_goal(sheet: &mut Sheet<'_>, draft: &mut DraftBuilder) {
    let table = sheet.table;
    let title = table.rows.iter().enumerate().find_map(|(r, row)| {
        row.iter().enumerate().find_map(|(c, cell)| {
            (!sheet.is_used(r, c) && labels::goal_part(&cell.text) == Some(GoalPart::Title))
                .then_some((r, c))
        })
    });
    let Some((top, left)) = title else {
        return;
    };
    sheet.use_cell(top, left);
    let mut found_any = false;
    for r in top..(top + 3).min(table.rows.len()) {
        for (c, cell) in table.rows[r].iter().enumerate() {
            if sheet.is_used(r, c) {
                continue;
            }
            let part = match labels::goal_part(&cell.text) {
                Some(GoalPart::Expected | GoalPart::Title) if !draft.has("goal.expected") => {
                    ("goal.expected", "预期目标")
                }
                Some(GoalPart::Actual) if !draft.has("goal.actual") => {
                    ("goal.actual", "实际完成情况")
                }
                _ => continue,
            };
            found_any = true;
            sheet.use_cell(r, c);
            let value = sheet
                .value_right_of(r, c)
                .map(|(vc, cell)| ((r, vc), cell))
                .or_else(|| {
                    (r + 1..(r + 3).min(table.rows.len()))
                        .filter_map(|below| Some((below, table.rows[below].get(c)?)))
                        .find(|(_, cell)| !cell.is_empty() && !labels::is_label(&cell.text))
                        .map(|(below, cell)| ((below, c), cell))
                });
            if let Some(((vr, vc), cell)) = value {
                sheet.use_cell(vr, vc);
                draft.put(part.0, part.1, json!(cell.trimmed()), cell);
            }
        }
    }
    if !found_any && let Some((c, cell)) = sheet.value_right_of(top, left) {
        sheet.use_cell(top, c);
        draft.put("goal.expected", "年度总体目标", json!(cell.trimmed()), cell);
    }
}

/// Reads 总分 and 等级 from the rows not yet taken, from row `from` on (anywhere when the
/// form has no indicator table).
pub(super) fn read_total(
    sheet: &mut Sheet<'_>,
    layout: Option<&Layout>,
    from: usize,
    draft: &mut DraftBuilder,
) {
    let table = sheet.table;
    let total = table.rows.iter().enumerate().find_map(|(r, row)| {
        row.iter().enumerate().find_map(|(c, cell)| {
            (!sheet.is_used(r, c) && labels::is_total(&cell.text)).then_some((r, c))
        })
    });
    if let Some((r, c)) = total {
        let row = &table.rows[r];
        let in_table = layout.filter(|l| r >= from && row.len() == l.width());
        let column = |kind| in_table.and_then(|l| l.position(kind));
        // The 得分 column's cell, or the merged cell covering it.
        let declared = column(IndicatorColumn::Score)
            .and_then(|score| {
                let cell = row.get(score)?;
                match cell.covered_by {
                    Some((cr, cc)) if cr == r => Some((cc, row.get(cc)?)),
                    _ => Some((score, cell)),
                }
            })
            .filter(|(_, cell)| points(&cell.text).is_some());
        let ragged = layout.is_some_and(|l| r >= from && row.len() != l.width());
        let weight = column(IndicatorColumn::Weight);
        let numbers: Vec<(usize, &Cell)> = row
            .iter()
            .enumerate()
            .skip(c + 1)
            .filter(|(at, cell)| points(&cell.text).is_some() && Some(*at) != weight)
            .collect();
        let mut note = None;
        let declared = declared.or_else(|| {
            if ragged {
                // A copy that dropped cells: with the full marks and the score both written,
                // the score is the last; one number alone may be either.
                note =
                    Some("总分行的单元格数与表头不符，按行内最后一个数读作总分，请核对".to_owned());
                return (numbers.len() >= 2).then(|| numbers[numbers.len() - 1]);
            }
            // The last number after a label that names the score itself, not a column sum.
            let label = labels::key(&row[c].text);
            if matches!(label.as_str(), "合计" | "总计") {
                return None;
            }
            if in_table.is_some() {
                note = Some("总分不在得分栏，按总分行里最后一个数读入，请核对".to_owned());
            }
            numbers.last().copied()
        });
        sheet.use_cell(r, c);
        if let Some((at, cell)) = declared
            && let Some(value) = points(&cell.text)
        {
            sheet.use_cell(r, at);
            draft.put_with(
                "declared.total",
                "总分",
                json!(value.normalize().to_string()),
                cell,
                note,
            );
            // A grade word after the total in its row (`总分 | 100 | 96 | 优`).
            if let Some((g, found)) = row
                .iter()
                .enumerate()
                .skip(at + 1)
                .find(|(_, cell)| grade(&cell.text).is_some())
            {
                sheet.use_cell(r, g);
                if let Some(word) = grade(&found.text) {
                    draft.put_with(
                        "declared.grade",
                        "等级",
                        json!(word.label()),
                        found,
                        Some("总分行里没有“等级”标签，按总分后的等级字样读入".to_owned()),
                    );
                }
            }
        }
        // The weights' total beside it is the form's full marks, not a declared value.
        if let Some(weight) = column(IndicatorColumn::Weight) {
            sheet.use_cell(r, weight);
        }
    }
    let grade_label = table.rows.iter().enumerate().find_map(|(r, row)| {
        row.iter().enumerate().find_map(|(c, cell)| {
            (!sheet.is_used(r, c) && labels::is_grade(&cell.text)).then_some((r, c))
        })
    });
    if let Some((r, c)) = grade_label {
        sheet.use_cell(r, c);
        if let Some((at, cell)) = table.rows[r]
            .iter()
            .enumerate()
            .skip(c + 1)
            .find(|(_, cell)| !cell.is_empty())
        {
            sheet.use_cell(r, at);
            match grade(&cell.text) {
                Some(found) => draft.put("declared.grade", "等级", json!(found.label()), cell),
                None => draft.put_misfit(
                    "declared.grade",
                    "等级",
                    json!(cell.trimmed()),
                    cell,
                    format!("“{}”不是优、良、中、差之一", cell.trimmed()),
                ),
            }
        }
    }
}
