//! Display formatting shared by the server and the browser: amounts in 万元 or 亿元 with
//! thousands separators, percentages with one decimal, scores with two — and whether a figure
//! shows as zero at that precision, the one test of 持平 (no change).

use rust_decimal::{Decimal, RoundingStrategy};

/// Decimals an amount is shown with, in 万元 or 亿元: `593.04万元`.
pub const MONEY_DECIMALS: u32 = 2;

/// Decimals a percentage, and a change in percentage points, is shown with: `6.8%`.
pub const PERCENT_DECIMALS: u32 = 1;

/// Decimals a score is shown with at most: `4.72` (computed scores keep six,
/// [`crate::scoring::SCORE_DECIMALS`]).
pub const SHOWN_SCORE_DECIMALS: u32 = 2;

/// An amount given in 万元, shown in 万元 below 10,000 万元 and in 亿元 from there on:
/// `593.04万元`, `2.85亿元`, `12,345.68亿元`.
pub fn money(wan_yuan: Decimal) -> String {
    let ten_thousand = Decimal::from(10_000);
    if wan_yuan.abs() >= ten_thousand {
        format!(
            "{}亿元",
            grouped(wan_yuan / ten_thousand, MONEY_DECIMALS, false)
        )
    } else {
        format!("{}万元", grouped(wan_yuan, MONEY_DECIMALS, false))
    }
}

/// A percentage value (100 = 100%) with one decimal: `100.0%`.
pub fn percent(value: Decimal) -> String {
    format!("{}%", grouped(value, PERCENT_DECIMALS, true))
}

/// A stated figure with its unit, as written up to two decimals: a percentage with at least
/// one decimal, as percentages are shown (`7.0%`, `6.85%`), any other unit with trailing zeros
/// dropped (`120家`, `2.5亿元`). Two figures that differ never show alike at these places
/// unless they differ beyond the second decimal.
pub fn figure(value: Decimal, unit: &str) -> String {
    if unit == "%" {
        let places = value.normalize().scale().clamp(PERCENT_DECIMALS, 2);
        format!("{}%", grouped(value, places, true))
    } else {
        format!("{}{unit}", grouped(value, 2, false))
    }
}

/// A change of a rate in percentage points, unsigned, one decimal: `1.2个百分点`.
pub fn percentage_points(change: Decimal) -> String {
    format!("{}个百分点", grouped(change.abs(), PERCENT_DECIMALS, true))
}

/// A score with at most two decimals, trailing zeros dropped: `4.72`, `99`.
pub fn score(value: Decimal) -> String {
    round(value, SHOWN_SCORE_DECIMALS).normalize().to_string()
}

/// Whether `value` shows as zero at `decimals` places (rounded half away from zero, as every
/// figure here is): a change that does is 持平, never `增加0.0个百分点`.
pub fn shows_as_zero(value: Decimal, decimals: u32) -> bool {
    round(value, decimals).is_zero()
}

/// Rounds half away from zero to `decimals` places.
pub fn round(value: Decimal, decimals: u32) -> Decimal {
    value.round_dp_with_strategy(decimals, RoundingStrategy::MidpointAwayFromZero)
}

/// `value` rounded to `decimals` places — exactly that many when `fixed`, else trailing zeros
/// dropped — with thousands separators in the integer part; a value that rounds to zero has no
/// minus sign.
pub fn grouped(value: Decimal, decimals: u32, fixed: bool) -> String {
    let rounded = round(value, decimals);
    let rounded = if rounded.is_zero() {
        Decimal::ZERO
    } else {
        rounded
    };
    let text = if fixed {
        format!("{rounded:.prec$}", prec = decimals as usize)
    } else {
        rounded.normalize().to_string()
    };
    let (sign, unsigned) = text
        .strip_prefix('-')
        .map_or(("", text.as_str()), |rest| ("-", rest));
    let (integer, fraction) = unsigned
        .split_once('.')
        .map_or((unsigned, None), |(i, f)| (i, Some(f)));
    let mut out = String::with_capacity(text.len() + integer.len() / 3 + 1);
    out.push_str(sign);
    for (index, digit) in integer.chars().enumerate() {
        if index > 0 && (integer.len() - index) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    if let Some(fraction) = fraction {
        out.push('.');
        out.push_str(fraction);
    }
    out
}

/// A count with thousands separators: `41,040`.
pub fn count(value: impl Into<Decimal>) -> String {
    grouped(value.into(), 0, false)
}

/// What a briefing or a file covers, in words: `益阳市`, `赫山区先进制造业专项资金`, or just the
/// fund when its name already starts with the region (`桃江县中小企业纾困专项资金`, not
/// `桃江县桃江县…`); `全部地区` when neither is given.
pub fn scope_name(region: Option<&str>, program: Option<&str>) -> String {
    match (region, program) {
        (Some(region), Some(program)) if program.starts_with(region) => program.to_owned(),
        (Some(region), Some(program)) => format!("{region}{program}"),
        (None, Some(program)) => format!("全部地区{program}"),
        (Some(region), None) => region.to_owned(),
        (None, None) => "全部地区".to_owned(),
    }
}

/// The time zone every time is shown in: China Standard Time, UTC+8 all year (no summer time
/// since 1991), as 北京时间 names it.
pub const LOCAL_ZONE: &str = "北京时间";
/// Hours [`LOCAL_ZONE`] is ahead of UTC.
const LOCAL_OFFSET_HOURS: u32 = 8;

/// A stored UTC time (`2026-12-02T03:31:13Z`) as people in China read it, in Beijing time and
/// saying so: `2026-12-02 11:31（北京时间）` (`2026-12-31T20:05:00Z` is `2027-01-01 04:05`). Text
/// of another shape is returned as it is.
pub fn timestamp(text: &str) -> String {
    local_time(text).unwrap_or_else(|| text.to_owned())
}

fn local_time(text: &str) -> Option<String> {
    let (date, time) = text.strip_suffix('Z')?.split_once('T')?;
    let number = |part: &str| -> Option<u32> {
        (!part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()))
            .then(|| part.parse().ok())
            .flatten()
    };
    let mut parts = date.split('-');
    let (year, month, day) = (
        number(parts.next()?)?,
        number(parts.next()?)?,
        number(parts.next()?)?,
    );
    let (hour, minute) = (number(time.get(..2)?)?, number(time.get(3..5)?)?);
    if parts.next().is_some()
        || date.len() != 10
        || time.get(2..3) != Some(":")
        || !(1..=12).contains(&month)
        || day == 0
        || day > days_in(year, month)
        || hour > 23
        || minute > 59
    {
        return None;
    }
    let mut hour = hour + LOCAL_OFFSET_HOURS;
    let (mut year, mut month, mut day) = (year, month, day);
    if hour >= 24 {
        hour -= 24;
        day += 1;
        if day > days_in(year, month) {
            day = 1;
            month += 1;
            if month > 12 {
                month = 1;
                year += 1;
            }
        }
    }
    Some(format!(
        "{year:04}-{month:02}-{day:02} {hour:02}:{minute:02}（{LOCAL_ZONE}）"
    ))
}

/// Days in `month` of `year` (Gregorian).
fn days_in(year: u32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn a_figure_shows_a_percentage_with_one_decimal_at_least() {
        let figure = |text: &str, unit: &str| figure(text.parse().expect("a number"), unit);
        assert_eq!(figure("7", "%"), "7.0%");
        assert_eq!(figure("6.80", "%"), "6.8%");
        assert_eq!(figure("6.85", "%"), "6.85%");
        assert_eq!(figure("6.854", "%"), "6.85%");
        assert_eq!(figure("1200", "家"), "1,200家");
        assert_eq!(figure("2.50", "亿元"), "2.5亿元");
    }

    #[test]
    fn a_scope_names_its_region_once() {
        assert_eq!(
            scope_name(Some("桃江县"), Some("桃江县中小企业纾困专项资金")),
            "桃江县中小企业纾困专项资金"
        );
        assert_eq!(scope_name(Some("赫山区"), Some("专项甲")), "赫山区专项甲");
        assert_eq!(scope_name(Some("益阳市"), None), "益阳市");
        assert_eq!(scope_name(None, None), "全部地区");
    }

    #[test]
    fn stored_times_read_as_minutes_in_beijing_time() {
        assert_eq!(
            timestamp("2026-12-02T03:31:13Z"),
            "2026-12-02 11:31（北京时间）"
        );
        assert_eq!(
            timestamp("2026-12-31T20:05:00Z"),
            "2027-01-01 04:05（北京时间）"
        );
        assert_eq!(
            timestamp("2028-02-28T16:00:00Z"),
            "2028-02-29 00:00（北京时间）"
        );
        assert_eq!(
            timestamp("2027-02-28T16:00:00Z"),
            "2027-03-01 00:00（北京时间）"
        );
        assert_eq!(timestamp("昨天"), "昨天");
        assert_eq!(timestamp("2026-12-02T0Z"), "2026-12-02T0Z");
        assert_eq!(timestamp("2026-13-02T03:31Z"), "2026-13-02T03:31Z");
    }

    #[test]
    fn amounts_switch_to_yi_yuan_at_ten_thousand_wan() {
        assert_eq!(money(dec!(593.04)), "593.04万元");
        assert_eq!(money(dec!(752)), "752万元");
        assert_eq!(money(dec!(9999.5)), "9,999.5万元");
        assert_eq!(money(dec!(28458)), "2.85亿元");
        assert_eq!(money(dec!(123456789)), "12,345.68亿元");
    }

    #[test]
    fn percentages_have_one_decimal_and_scores_two() {
        assert_eq!(percent(dec!(100)), "100.0%");
        assert_eq!(percent(dec!(78.55)), "78.6%");
        assert_eq!(percent(dec!(-21.14)), "-21.1%");
        assert_eq!(score(dec!(4.7222)), "4.72");
        assert_eq!(score(dec!(99.00)), "99");
    }

    #[test]
    fn a_value_shows_as_zero_when_it_rounds_to_zero_at_its_precision() {
        assert!(shows_as_zero(dec!(0.04), PERCENT_DECIMALS));
        assert!(shows_as_zero(dec!(-0.049), PERCENT_DECIMALS));
        assert!(!shows_as_zero(dec!(0.05), PERCENT_DECIMALS));
        assert!(!shows_as_zero(dec!(-0.05), PERCENT_DECIMALS));
        assert!(shows_as_zero(dec!(0.001), SHOWN_SCORE_DECIMALS));
        assert!(!shows_as_zero(dec!(0.005), SHOWN_SCORE_DECIMALS));
        assert!(shows_as_zero(Decimal::ZERO, 0));
        assert!(!shows_as_zero(dec!(1), 0));
    }

    #[test]
    fn counts_have_thousands_separators() {
        assert_eq!(count(41_040), "41,040");
        assert_eq!(count(999), "999");
        assert_eq!(count(-1_234_567_i64), "-1,234,567");
        assert_eq!(count(12_usize), "12");
    }
}
