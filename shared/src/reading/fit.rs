//! Whether a cell's text fits the indicator column it stands in, and why not: a name that is an
//! operator or a number, a target that is only a unit, a weight that is not a number or carries
//! a unit (an actual in the weight column). A reader places a cell that does not fit as 待核对
//! with the reason, never as read.

use crate::target::{Comparison, Unit};
use crate::value::parse_decimal;

use super::cells::{compact, points};
use super::labels::IndicatorColumn;

/// Largest weight a row can carry.
const MOST_POINTS: u32 = 100;

/// Longest text a unit column holds (`万千瓦时`, `元/人·月`).
const LONGEST_UNIT: usize = 6;

/// True when `text` is a number and nothing else (`90`, `1,000`, `４５`).
pub fn is_bare_number(text: &str) -> bool {
    parse_decimal(&compact(text)).is_ok()
}

/// True when `text` is only a unit of measure (`%`, `万元`, `人次`), with no number.
pub fn is_only_unit(text: &str) -> bool {
    let compact = compact(text);
    !compact.is_empty()
        && compact.chars().count() <= LONGEST_UNIT
        && !compact.chars().any(|c| c.is_ascii_digit())
        && (compact.chars().any(|c| "%‰％℃㎡".contains(c)) || is_unit_word(&compact))
        && Unit::parse(&compact).is_ok()
}

/// Units forms write on their own in a value column, by their characters.
fn is_unit_word(text: &str) -> bool {
    const UNITS: &[&str] = &[
        "元",
        "万元",
        "亿元",
        "个",
        "家",
        "人",
        "人次",
        "次",
        "户",
        "亩",
        "米",
        "公里",
        "千米",
        "平方米",
        "吨",
        "件",
        "套",
        "台",
        "所",
        "座",
        "天",
        "日",
        "月",
        "年",
        "项",
        "批",
        "场",
        "本",
        "份",
        "册",
        "处",
        "条",
        "辆",
        "株",
        "头",
        "只",
        "百分比",
        "元/人",
        "元/亩",
    ];
    UNITS.contains(&text)
}

/// Why `text` does not fit `column`, in Chinese; `None` when it fits (an empty cell fits
/// everywhere: it is missing, not misplaced).
pub fn misfit(column: IndicatorColumn, text: &str) -> Option<String> {
    let compact = compact(text);
    if compact.is_empty() {
        return None;
    }
    let operator = Comparison::alone(&compact).is_some();
    match column {
        IndicatorColumn::Name | IndicatorColumn::Level1 | IndicatorColumn::Level2 => {
            if operator {
                Some(format!("“{compact}”是运算符，不是{}", column.label()))
            } else if is_bare_number(&compact) {
                Some(format!("“{compact}”是数字，不是{}", column.label()))
            } else if is_only_unit(&compact) {
                Some(format!("“{compact}”是计量单位，不是{}", column.label()))
            } else {
                None
            }
        }
        IndicatorColumn::Target | IndicatorColumn::Actual => {
            if operator {
                Some(format!("{}只有运算符“{compact}”，没有数值", column.label()))
            } else if is_only_unit(&compact) {
                Some(format!("{}只有单位“{compact}”，没有数值", column.label()))
            } else {
                None
            }
        }
        IndicatorColumn::Weight | IndicatorColumn::Score => match points(&compact) {
            Some(value) if value > rust_decimal::Decimal::from(MOST_POINTS) => Some(format!(
                "{}“{compact}”超过 {MOST_POINTS} 分",
                column.label()
            )),
            Some(value) if value.is_sign_negative() => {
                Some(format!("{}“{compact}”是负数", column.label()))
            }
            Some(_) => None,
            None if compact.chars().any(|c| c.is_ascii_digit()) => Some(format!(
                "{}“{compact}”带有单位或文字，像是完成值，不是分数",
                column.label()
            )),
            None => Some(format!("{}“{compact}”不是数字", column.label())),
        },
        IndicatorColumn::Unit => {
            if is_bare_number(&compact) {
                Some(format!("度量单位“{compact}”是数字"))
            } else if compact.chars().count() > LONGEST_UNIT {
                Some(format!("度量单位“{compact}”不像单位"))
            } else {
                None
            }
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_that_do_not_fit_say_why() {
        assert!(misfit(IndicatorColumn::Name, "≥").is_some());
        assert!(misfit(IndicatorColumn::Name, "12").is_some());
        assert!(misfit(IndicatorColumn::Name, "新入规企业").is_none());
        assert!(misfit(IndicatorColumn::Target, "%").is_some());
        assert!(misfit(IndicatorColumn::Target, "万元").is_some());
        assert!(misfit(IndicatorColumn::Target, "135家").is_none());
        assert!(misfit(IndicatorColumn::Target, "成效明显").is_none());
        assert!(misfit(IndicatorColumn::Weight, "五分").is_some());
        assert!(misfit(IndicatorColumn::Weight, "96%").is_some());
        assert!(misfit(IndicatorColumn::Weight, "10分").is_none());
        assert!(misfit(IndicatorColumn::Weight, "150").is_some());
        assert!(misfit(IndicatorColumn::Unit, "100").is_some());
        assert!(misfit(IndicatorColumn::Weight, "").is_none());
    }
}
