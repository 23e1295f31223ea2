//! The value axis: "nice" decimal ticks (1, 2, 2.5 or 5 × 10ⁿ), the 万元 → 亿元 switch, tick
//! labels and the axis caption. All arithmetic is decimal; `f64` appears only in [`Axis::y`].

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use super::ValueUnit;
use crate::format;

/// 10,000 万元 = 1 亿元.
const WAN_PER_YI: Decimal = Decimal::from_parts(10_000, 0, 0, false, 0);

/// A vertical value axis.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Axis {
    /// The value at the bottom of the plot.
    pub(super) min: Decimal,
    /// The value at the top of the plot.
    pub(super) max: Decimal,
    /// Grid values with their labels, bottom to top.
    pub(super) ticks: Vec<(Decimal, String)>,
    /// The caption above the tick labels, e.g. `单位：亿元`.
    pub(super) caption: String,
}

impl Axis {
    /// Says in the caption where the axis starts when it does not start at zero, so a reader
    /// does not take a small difference for a large one: `单位：分（纵轴自92起）`.
    pub(super) fn name_baseline(&mut self) {
        self.name_start("纵轴");
    }

    /// As [`Axis::name_baseline`], for the axis called `which` (`横轴` when values run across).
    pub(super) fn name_start(&mut self, which: &str) {
        if self.min > Decimal::ZERO
            && let Some((_, lowest)) = self.ticks.first()
        {
            self.caption = format!("{}（{which}自{lowest}起）", self.caption);
        }
    }

    /// An axis covering `values` with about `target_ticks` intervals; zero is always inside when
    /// `include_zero`. `None` when there are no values.
    pub(super) fn new(
        values: &[Decimal],
        unit: &ValueUnit,
        y_label: &str,
        include_zero: bool,
        target_ticks: u32,
    ) -> Option<Self> {
        let mut lo = values.iter().copied().min()?;
        let mut hi = values.iter().copied().max()?;
        if include_zero {
            lo = lo.min(Decimal::ZERO);
            hi = hi.max(Decimal::ZERO);
        } else {
            (lo, hi) = widened(lo, hi, unit);
        }
        if lo == hi {
            let pad = (hi.abs() / Decimal::TEN).max(Decimal::ONE);
            if include_zero && hi > Decimal::ZERO {
                lo = Decimal::ZERO;
            } else if include_zero && hi < Decimal::ZERO {
                hi = Decimal::ZERO;
            } else {
                lo = lo.checked_sub(pad).unwrap_or(lo);
                hi = hi.checked_add(pad).unwrap_or(hi);
            }
        }
        let (min, max, step) =
            nice_range(lo, hi, target_ticks.max(1)).unwrap_or((lo, hi, Decimal::ZERO));

        let in_yi = matches!(unit, ValueUnit::WanYuan) && min.abs().max(max.abs()) >= WAN_PER_YI;
        let divisor = if in_yi { WAN_PER_YI } else { Decimal::ONE };
        let decimals = (step / divisor).normalize().scale().min(4);
        let suffix = if matches!(unit, ValueUnit::Percent) {
            "%"
        } else {
            ""
        };
        let label = |value: Decimal| {
            format!(
                "{}{suffix}",
                format::grouped(value / divisor, decimals, true)
            )
        };

        let mut ticks = Vec::new();
        if step > Decimal::ZERO {
            let mut value = min;
            while value <= max && ticks.len() < 50 {
                ticks.push((value, label(value)));
                match value.checked_add(step) {
                    Some(next) => value = next,
                    None => break,
                }
            }
        } else {
            ticks = vec![(min, label(min)), (max, label(max))];
        }

        let axis_unit = match unit {
            ValueUnit::WanYuan if in_yi => "亿元",
            ValueUnit::WanYuan => "万元",
            ValueUnit::Percent => "%",
            ValueUnit::Score => "分",
            ValueUnit::Count(unit) => unit.as_str(),
            ValueUnit::Plain => "",
        };
        Some(Self {
            min,
            max,
            ticks,
            caption: caption(y_label, axis_unit),
        })
    }

    /// The pixel row of `value` on a plot spanning `top` (at [`Axis::max`]) to `bottom`.
    pub(super) fn y(&self, value: Decimal, top: i32, bottom: i32) -> i32 {
        let span = self
            .max
            .checked_sub(self.min)
            .and_then(|span| span.to_f64())
            .unwrap_or(1.0);
        let offset = self
            .max
            .checked_sub(value)
            .and_then(|offset| offset.to_f64())
            .unwrap_or(0.0);
        let fraction = if span > 0.0 { offset / span } else { 0.0 };
        top + (fraction * f64::from(bottom - top)).round() as i32
    }

    /// Whether zero lies strictly between the bottom and the top.
    pub(super) fn crosses_zero(&self) -> bool {
        self.min < Decimal::ZERO && self.max > Decimal::ZERO
    }
}

/// An axis that starts near the data still spans at least a twentieth of the largest value for
/// a score or a rate (about 5 points of a 100-point total) and a tenth for money and counts — so
/// 97.15 to 97.21 分 reads as the flat line it is, not as a swing. Widened around the middle,
/// not below zero nor above 100 when the data are not.
///
/// It also spans at least twice the data's own spread, the room going under the data: the
/// values fill at most the upper half of the plot, so 99.4% falling to 90.7% reads as the fall
/// of a tenth it is, not as a collapse to the floor (the axis then starts near 80%).
fn widened(lo: Decimal, hi: Decimal, unit: &ValueUnit) -> (Decimal, Decimal) {
    let hundred = Decimal::ONE_HUNDRED;
    let largest = lo.abs().max(hi.abs());
    let least = match unit {
        ValueUnit::Score | ValueUnit::Percent => largest / Decimal::from(20),
        _ => largest / Decimal::TEN,
    };
    let (mut low, mut high) = (lo, hi);
    if let Some(short) = least
        .checked_sub(hi - lo)
        .filter(|short| *short > Decimal::ZERO)
    {
        let half = short / Decimal::TWO;
        (low, high) = (lo - half, hi + half);
        if lo >= Decimal::ZERO && low < Decimal::ZERO {
            (low, high) = (Decimal::ZERO, high - low);
        } else if hi <= hundred
            && high > hundred
            && matches!(unit, ValueUnit::Score | ValueUnit::Percent)
        {
            (low, high) = (low - (high - hundred), hundred);
        }
    }
    if let Some(span) = (hi - lo).checked_mul(Decimal::TWO)
        && high - low < span
        && let Some(floor) = high.checked_sub(span)
    {
        low = if lo >= Decimal::ZERO {
            floor.max(Decimal::ZERO)
        } else {
            floor
        };
    }
    (low, high)
}

/// `lo..hi` widened to multiples of a nice step (1, 2, 2.5 or 5 × 10ⁿ), with the step: the
/// step giving the number of intervals closest to `target`, then the tighter range, then the
/// larger step.
fn nice_range(lo: Decimal, hi: Decimal, target: u32) -> Option<(Decimal, Decimal, Decimal)> {
    let raw = hi.checked_sub(lo)?.checked_div(Decimal::from(target))?;
    let magnitude = magnitude(raw)?;
    let factors = [
        Decimal::new(5, 1),
        Decimal::ONE,
        Decimal::TWO,
        Decimal::new(25, 1),
        Decimal::new(5, 0),
        Decimal::TEN,
        Decimal::new(20, 0),
    ];
    factors
        .into_iter()
        .filter_map(|factor| {
            let step = magnitude.checked_mul(factor)?;
            let min = lo.checked_div(step)?.floor().checked_mul(step)?;
            let max = hi.checked_div(step)?.ceil().checked_mul(step)?;
            let span = max.checked_sub(min)?;
            let intervals = span.checked_div(step)?.to_u64()?;
            let miss = intervals.abs_diff(u64::from(target));
            Some(((miss, span, std::cmp::Reverse(step)), (min, max, step)))
        })
        .min_by_key(|(key, _)| *key)
        .map(|(_, range)| range)
}

/// The power of ten at most `raw` (> 0) and above a tenth of it.
fn magnitude(raw: Decimal) -> Option<Decimal> {
    if raw <= Decimal::ZERO {
        return None;
    }
    let mut magnitude = Decimal::ONE;
    for _ in 0..40 {
        let next = magnitude.checked_mul(Decimal::TEN)?;
        if next > raw {
            break;
        }
        magnitude = next;
    }
    for _ in 0..40 {
        if magnitude <= raw {
            break;
        }
        magnitude /= Decimal::TEN;
    }
    (!magnitude.is_zero()).then_some(magnitude)
}

/// The caption above the value axis: a bare unit or nothing becomes `单位：亿元`, a name gets the
/// unit appended in full-width brackets unless it already names it, and `万元` in the name turns
/// into `亿元` when the axis counts in 亿元.
pub(super) fn caption(y_label: &str, axis_unit: &str) -> String {
    let label = y_label.trim();
    if axis_unit.is_empty() {
        return label.to_owned();
    }
    let bare = label
        .trim_start_matches("单位：")
        .trim_start_matches("单位:")
        .trim_matches(|c| matches!(c, '（' | '）' | '(' | ')' | ' '));
    if bare.is_empty() || ["万元", "亿元", "元", "%", "％", "分", axis_unit].contains(&bare)
    {
        return format!("单位：{axis_unit}");
    }
    let label = if axis_unit == "亿元" {
        label.replace("万元", "亿元")
    } else {
        label.to_owned()
    };
    if label.contains(axis_unit) {
        label
    } else {
        format!("{label}（{axis_unit}）")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn labels(axis: &Axis) -> Vec<&str> {
        axis.ticks.iter().map(|(_, label)| label.as_str()).collect()
    }

    #[test]
    fn money_ticks_are_round_and_switch_to_yi_yuan() {
        let axis = Axis::new(
            &[dec!(593.04), dec!(752)],
            &ValueUnit::WanYuan,
            "万元",
            true,
            4,
        )
        .expect("axis");
        assert_eq!(labels(&axis), ["0", "200", "400", "600", "800"]);
        assert_eq!(axis.caption, "单位：万元");

        let axis = Axis::new(
            &[dec!(28458)],
            &ValueUnit::WanYuan,
            "资金规模（万元）",
            true,
            5,
        )
        .expect("axis");
        assert_eq!(
            labels(&axis),
            ["0.0", "0.5", "1.0", "1.5", "2.0", "2.5", "3.0"]
        );
        assert_eq!(axis.caption, "资金规模（亿元）");
    }

    #[test]
    fn percent_ticks_cover_negative_values() {
        let axis = Axis::new(
            &[dec!(-21.14), dec!(6.8)],
            &ValueUnit::Percent,
            "%",
            true,
            5,
        )
        .expect("axis");
        assert_eq!(labels(&axis), ["-30%", "-20%", "-10%", "0%", "10%"]);
        assert!(axis.crosses_zero());
        assert_eq!(axis.y(dec!(10), 0, 400), 0);
        assert_eq!(axis.y(dec!(-30), 0, 400), 400);
        assert_eq!(axis.y(Decimal::ZERO, 0, 400), 100);
    }

    #[test]
    fn a_single_value_still_spans_an_axis() {
        let axis = Axis::new(&[dec!(92.5)], &ValueUnit::Score, "", false, 5).expect("axis");
        assert!(axis.min < dec!(92.5) && axis.max > dec!(92.5));
        let axis = Axis::new(&[Decimal::ZERO], &ValueUnit::Plain, "", true, 5).expect("axis");
        assert!(axis.min < axis.max);
        assert!(Axis::new(&[], &ValueUnit::Plain, "", true, 5).is_none());
    }

    #[test]
    fn extreme_values_do_not_panic() {
        let axis = Axis::new(
            &[Decimal::MAX, Decimal::MIN],
            &ValueUnit::WanYuan,
            "",
            true,
            5,
        )
        .expect("axis");
        assert!(axis.ticks.len() >= 2);
        let axis = Axis::new(
            &[dec!(0.0000000000000000000000000001)],
            &ValueUnit::Plain,
            "",
            false,
            5,
        )
        .expect("axis");
        assert!(!axis.ticks.is_empty());
    }

    #[test]
    fn captions_name_the_unit_once() {
        assert_eq!(caption("", "万元"), "单位：万元");
        assert_eq!(caption("%", "%"), "单位：%");
        assert_eq!(caption("增长率", "%"), "增长率（%）");
        assert_eq!(caption("增长率（%）", "%"), "增长率（%）");
        assert_eq!(caption("万元", "亿元"), "单位：亿元");
        assert_eq!(caption("企业数", ""), "企业数");
    }

    #[test]
    fn grouping_inserts_separators() {
        assert_eq!(format::grouped(dec!(1234567.891), 2, false), "1,234,567.89");
        assert_eq!(format::grouped(dec!(-1234.5), 1, true), "-1,234.5");
        assert_eq!(format::grouped(dec!(2), 1, true), "2.0");
        assert_eq!(format::grouped(dec!(-0.001), 1, true), "0.0");
        assert_eq!(format::grouped(dec!(12.00), 2, false), "12");
    }
}
