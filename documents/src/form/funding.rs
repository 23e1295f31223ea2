//! The funding block by its labels' roles: a header row naming any of 年初预算数 / 全年预算数
//! (调整后预算数) / 全年执行数 (预算执行数) / 执行率 / 分值 / 得分, and under it the rows
//! 年度资金总额 / 其中：当年财政拨款 / 上年结转资金 / 其他资金 in any wording; amounts in the unit the
//! block's title or a cell states (元, 万元, 亿元; `150万`), 执行率 as the form writes it. A
//! budget execution weight stated only in the title (`预算执行情况(万元)(20分)`) is the weight.
//! A block without a header row (`资金情况 | 年度资金总额: | 854万`) gives its amounts as the
//! year's budget, marked uncertain. A block that states no unit anywhere (not in its labels,
//! its title, the rows above it, nor the cell) is read in 万元, the form's usual unit, but marked
//! uncertain (请留意) so that a person confirms the unit: 元 read as 万元 is ten thousand times
//! too much.

use fundlens_shared::reading::cells::{
    AmountUnit, amount_in_wan_yuan, amount_unit_in_cell, points, rate,
};
use fundlens_shared::reading::labels::{self, FundingColumn, FundingRow};
use fundlens_shared::value::is_blank_cell;
use serde_json::json;

use super::Sheet;
use crate::draft::DraftBuilder;
use crate::grid::{Cell, Table};

/// Rows under the header read as the block's rows at most.
const MOST_ROWS: usize = 8;

/// The columns a row names.
fn columns(row: &[Cell]) -> Vec<(usize, FundingColumn)> {
    row.iter()
        .enumerate()
        .filter(|(_, cell)| cell.covered_by.is_none())
        .filter_map(|(at, cell)| labels::funding_column(&cell.text).map(|column| (at, column)))
        .collect()
}

/// The funding block's header row: two or more funding columns, one of them an amount.
pub(super) fn header_row(table: &Table) -> Option<usize> {
    table.rows.iter().position(|row| {
        let found = columns(row);
        found.len() >= 2
            && found.iter().any(|(_, c)| {
                matches!(
                    c,
                    FundingColumn::YearStart | FundingColumn::FullYear | FundingColumn::Executed
                )
            })
    })
}

/// The row a row's label names, with the label's column.
fn row_label(row: &[Cell], before: usize) -> Option<(usize, FundingRow)> {
    row.iter()
        .enumerate()
        .take(before)
        .find_map(|(at, cell)| labels::funding_row(&cell.text).map(|row| (at, row)))
}

/// The unit and the execution weight the block's title states.
fn title_of<'c>(
    cells: impl Iterator<Item = &'c Cell>,
) -> (Option<AmountUnit>, Option<(String, Cell)>) {
    let mut unit = None;
    let mut weight = None;
    for cell in cells {
        unit = unit.or_else(|| labels::amount_unit(&cell.text));
        if weight.is_none() && labels::is_funding_title(&cell.text) {
            weight = points_in_brackets(&cell.text).map(|w| (w, cell.clone()));
        }
    }
    (unit, weight)
}

/// The points a label states in brackets (`预算执行情况(万元)(20分)` → 20).
fn points_in_brackets(text: &str) -> Option<String> {
    let compact = fundlens_shared::reading::cells::compact(text);
    compact
        .split('(')
        .skip(1)
        .filter_map(|part| part.split(')').next())
        .filter(|inner| inner.ends_with('分'))
        .find_map(points)
        .map(|p| p.normalize().to_string())
}

/// Reads the funding block into `draft`.
pub(super) fn read(sheet: &mut Sheet<'_>, draft: &mut DraftBuilder) {
    let table = sheet.table;
    let Some(header) = header_row(table) else {
        read_without_header(sheet, draft);
        return;
    };
    let columns = columns(&table.rows[header]);
    let first = columns.first().map_or(0, |(at, _)| *at);
    let covering = table.rows[header]
        .iter()
        .filter_map(|cell| cell.covered_by)
        .filter_map(|(r, c)| table.rows.get(r)?.get(c));
    let (unit, title_weight) = title_of(table.rows[header].iter().chain(covering));
    // the unit may also be stated above the block (`单位：万元` in the table's title rows)
    let unit = unit.or_else(|| {
        table.rows[..header]
            .iter()
            .flatten()
            .find_map(|cell| labels::amount_unit(&cell.text))
    });
    sheet.use_row(header);
    // A header row naming the total (`项目资金 | 年度资金总额 | 年初预算数 …`) labels the row
    // under it.
    let mut pending = row_label(&table.rows[header], first).map(|(_, row)| row);
    for r in header + 1..table.rows.len().min(header + 1 + MOST_ROWS) {
        let row = &table.rows[r];
        let label = row_label(row, first)
            .map(|(_, found)| found)
            .or(pending.take());
        let Some(which) = label else {
            if row.iter().any(|cell| labels::is_label(&cell.text)) {
                break;
            }
            continue;
        };
        sheet.use_row(r);
        let key = which.key();
        if draft.has(&format!("funding.{key}")) {
            continue;
        }
        draft.put_plain(&format!("funding.{key}"), json!({}));
        // A text copy drops empty cells at a row's start: its cells line up with the header
        // from the right, and are marked uncertain.
        let width = table.rows[header].len();
        let shift = width.saturating_sub(row.len());
        let note = (row.len() != width).then(|| {
            "这一行的单元格数与表头不符（复制时丢了空单元格），已按右端对齐读入，请核对".to_owned()
        });
        for (at, column) in &columns {
            let Some(cell) = at
                .checked_sub(shift)
                .and_then(|at| row.get(at))
                .filter(|cell| !is_blank_cell(&cell.text))
            else {
                continue;
            };
            put(draft, which, *column, cell, unit, note.clone());
        }
    }
    if let Some((weight, cell)) = title_weight
        && !draft.has("funding.weight")
        && draft.has("funding.total")
    {
        draft.put("funding.weight", "预算执行率分值", json!(weight), &cell);
    }
}

/// Puts one cell of the block: an amount, or on the total row the weight, rate or score.
fn put(
    draft: &mut DraftBuilder,
    row: FundingRow,
    column: FundingColumn,
    cell: &Cell,
    unit: Option<AmountUnit>,
    note: Option<String>,
) {
    let key = row.key();
    let is_amount = matches!(
        column,
        FundingColumn::YearStart | FundingColumn::FullYear | FundingColumn::Executed
    );
    let note = if is_amount && unit.is_none() && amount_unit_in_cell(&cell.text).is_none() {
        let unstated = "表中未写金额单位（万元或元），已按万元读入，请核对单位".to_owned();
        Some(note.map_or(unstated.clone(), |note| format!("{note}；{unstated}")))
    } else {
        note
    };
    let unit = unit.unwrap_or_default();
    let label = format!("{}·{}", row.label(), column.label());
    let (field, parsed) = match column {
        FundingColumn::YearStart => ("year_start_budget", amount(cell, unit)),
        FundingColumn::FullYear => ("full_year_budget", amount(cell, unit)),
        FundingColumn::Executed => ("executed", amount(cell, unit)),
        _ if row != FundingRow::Total => return,
        FundingColumn::Weight | FundingColumn::Score => (
            if column == FundingColumn::Weight {
                "weight"
            } else {
                "declared_score"
            },
            points(&cell.text).map(|v| v.normalize().to_string()),
        ),
        FundingColumn::Rate => ("declared_rate", rate(&cell.text)),
    };
    let path = match column {
        FundingColumn::YearStart | FundingColumn::FullYear | FundingColumn::Executed => {
            format!("funding.{key}.{field}")
        }
        _ => format!("funding.{field}"),
    };
    match parsed {
        Some(value) => draft.put_with(&path, &label, json!(value), cell, note),
        None => draft.put_misfit(
            &path,
            &label,
            json!(cell.trimmed()),
            cell,
            format!("无法把“{}”读成{}", cell.trimmed(), column.label()),
        ),
    }
}

fn amount(cell: &Cell, unit: AmountUnit) -> Option<String> {
    amount_in_wan_yuan(&cell.text, unit).map(|v| v.to_string())
}

/// A block of labels and amounts without a header row (`年度资金总额: | 854万`, `项目金额 |
/// 164万元`): each amount is the year's budget as planned, marked uncertain.
fn read_without_header(sheet: &mut Sheet<'_>, draft: &mut DraftBuilder) {
    let table = sheet.table;
    for (r, row) in table.rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            if sheet.is_used(r, c) {
                continue;
            }
            let Some(which) = labels::funding_row(&cell.text) else {
                continue;
            };
            let Some((vc, value)) = sheet.value_right_of(r, c) else {
                continue;
            };
            let covering = row
                .iter()
                .filter_map(|cell| cell.covered_by)
                .filter_map(|(r, c)| table.rows.get(r)?.get(c));
            let (unit, _) = title_of(row.iter().chain(covering));
            let Some(amount) = amount(value, unit.unwrap_or_default()) else {
                continue;
            };
            let field = format!("funding.{}.year_start_budget", which.key());
            if draft.has(&field) {
                continue;
            }
            sheet.use_cell(r, c);
            sheet.use_cell(r, vc);
            draft.put_with(
                &field,
                &format!("{}·年初预算数", which.label()),
                json!(amount),
                value,
                Some(
                    "表中只有一个金额，没有“年初预算数/全年预算数”栏，按年初预算数读入".to_owned(),
                ),
            );
        }
    }
}
