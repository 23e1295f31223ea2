//! How a row's target and actual were read, in words a finance officer checks against the form
//! (`不低于 135家（未写比较符号：数量按“不低于”）`, `2022年12月底前完成`, `无法识别：“abc”不是计量单位`).
//! Every explanation carries both readings, so a surprising score can be traced to its reading.

use super::direction::BareReading;
use super::explanation::Explanation;
use crate::model::Indicator;
use crate::target::{ActualKind, Comparison, Due, TargetKind};

/// `explanation` with the readings of the row's target and actual added as inputs.
pub(super) fn annotate(
    explanation: Explanation,
    indicator: &Indicator,
    comparison: Option<Comparison>,
) -> Explanation {
    explanation
        .input("指标值解读", target_reading(indicator, comparison))
        .input("实际完成值解读", actual_reading(indicator))
}

fn target_reading(indicator: &Indicator, applied: Option<Comparison>) -> String {
    match indicator.target.kind() {
        TargetKind::Quantity {
            comparison: Some(comparison),
            quantity,
        } => format!("{} {quantity}", comparison.words()),
        TargetKind::Quantity {
            comparison: None,
            quantity,
        } => {
            let reading = BareReading::of(indicator, quantity);
            let applied = applied.unwrap_or(reading.comparison());
            format!(
                "{} {quantity}（未写比较符号：{}）",
                applied.words(),
                reading.why()
            )
        }
        TargetKind::Range { low, high } => format!("在 {low} 至 {high} 之间（含两端）"),
        TargetKind::Benchmark { comparison, scope } => format!(
            "{}{}平均水平（以{}同一指标、同一年度的数值为指标值）",
            comparison.words(),
            scope.label(),
            scope.label()
        ),
        TargetKind::Deadline {
            due: Due::By { day },
        } => {
            let year = if day.year.is_none() {
                "（未写年份，按评价年度）"
            } else {
                ""
            };
            format!("{day}前完成{year}")
        }
        TargetKind::Deadline {
            due: Due::OnSchedule,
        } => "按期完成（未写具体日期，按实际完成值的表述判断）".to_owned(),
        TargetKind::Qualitative => {
            "定性指标（文字描述，按实际完成值的表述判断达成程度）".to_owned()
        }
        TargetKind::NotApplicable => "不适用（写作“/”“—”或“无”），不计算得分".to_owned(),
        TargetKind::Unreadable { reason } => format!("无法识别：{reason}"),
    }
}

fn actual_reading(indicator: &Indicator) -> String {
    let copy = if indicator.actual.copies(&indicator.target) {
        "（与指标值写法相同）"
    } else {
        ""
    };
    let reading = match indicator.actual.kind() {
        ActualKind::Quantity { quantity } => format!("数值 {quantity}"),
        ActualKind::Date { on } => format!("完成时间 {on}"),
        ActualKind::Text => "文字表述".to_owned(),
        ActualKind::NotApplicable => "未填写内容（写作“/”“—”或“无”）".to_owned(),
        ActualKind::Unreadable { reason } => format!("无法识别：{reason}"),
    };
    format!("{reading}{copy}")
}
