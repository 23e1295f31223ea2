//! The values of 自评表 cells as forms write them: labels compared without their line breaks
//! and bracket widths, points (`10分`), amounts in the block's unit (`593.04`, `752万元`),
//! rates (`100%`), years (`2022年度项目支出绩效自评表`) and level-1 labels carrying their
//! weight (`产出指标\n(50分)`).

use rust_decimal::Decimal;

use crate::value::{fold_full_width, parse_decimal};

/// A label as compared: whitespace and line breaks removed, full-width brackets and colons
/// folded to ASCII (`年初\n预算数` → `年初预算数`, `项目资金（万元）` → `项目资金(万元)`).
pub fn compact(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match fold_full_width(c) {
            '（' => '(',
            '）' => ')',
            '：' => ':',
            other => other,
        })
        .collect()
}

/// The number of points a cell states: `10`, `10分`, `10.0 分`, `５分`.
pub fn points(text: &str) -> Option<Decimal> {
    let compact = compact(text);
    let number = compact.strip_suffix('分').unwrap_or(&compact);
    parse_decimal(number).ok()
}

/// The unit a funding block states its amounts in (`项目资金（万元）`, `（单位：元）`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AmountUnit {
    /// 万元, the form's standard unit.
    #[default]
    WanYuan,
    /// 元.
    Yuan,
    /// 亿元.
    YiYuan,
}

impl AmountUnit {
    /// The unit a label names, when it names one in brackets or after `单位`.
    pub fn stated_in(label: &str) -> Option<Self> {
        let compact = compact(label);
        if compact.contains("万元") {
            Some(Self::WanYuan)
        } else if compact.contains("亿元") {
            Some(Self::YiYuan)
        } else if compact.contains("(元)") || compact.contains("单位:元") {
            Some(Self::Yuan)
        } else {
            None
        }
    }

    fn in_wan_yuan(self) -> Decimal {
        match self {
            Self::WanYuan => Decimal::ONE,
            Self::Yuan => Decimal::new(1, 4),
            Self::YiYuan => Decimal::from(10_000),
        }
    }
}

/// An amount in 万元 from a cell of a block in `unit`: `593.04`, `1,000`, `752万元`, `150万`,
/// `7520000元` (a unit written in the cell wins over the block's); a remark in brackets after
/// the amount is set aside (`854万(高标准农田建设400万元,…)`).
pub fn amount_in_wan_yuan(text: &str, unit: AmountUnit) -> Option<Decimal> {
    let compact = without_remark(&compact(text));
    let (number, unit) = match unit_written(&compact) {
        Some((number, written)) => (number, written),
        None => (compact.as_str(), unit),
    };
    let value = parse_decimal(number).ok()?;
    (value >= Decimal::ZERO).then(|| (value * unit.in_wan_yuan()).normalize())
}

/// The unit an amount cell writes after its number (`752万元`, `150万`, `7520000元`), if any.
pub fn amount_unit_in_cell(text: &str) -> Option<AmountUnit> {
    unit_written(&without_remark(&compact(text))).map(|(_, unit)| unit)
}

/// The number and the unit written after it in a compact amount text.
fn unit_written(compact: &str) -> Option<(&str, AmountUnit)> {
    if let Some(number) = compact
        .strip_suffix("万元")
        .or_else(|| compact.strip_suffix('万'))
    {
        Some((number, AmountUnit::WanYuan))
    } else if let Some(number) = compact.strip_suffix("亿元") {
        Some((number, AmountUnit::YiYuan))
    } else {
        compact
            .strip_suffix('元')
            .map(|number| (number, AmountUnit::Yuan))
    }
}

/// `text` without a trailing remark in brackets (`854万(其中…)` → `854万`); a text that is only
/// a bracket stays as it is.
fn without_remark(text: &str) -> String {
    match text.find('(') {
        Some(at) if at > 0 => text[..at].to_owned(),
        _ => text.to_owned(),
    }
}

/// A rate as a cell writes it, returned as the text the record takes (`100%`, `95.8%`); a bare
/// number is passed on as written for the record's rate rules to read.
pub fn rate(text: &str) -> Option<String> {
    let compact = compact(text);
    let number = compact.trim_end_matches(['%', '％']);
    parse_decimal(number).ok()?;
    Some(compact)
}

/// The year a title or cell names: `2022年度项目支出绩效自评表`, `2022年`, `（2022年度）` → 2022.
/// A bare four-digit number counts only when it is the whole text; spaces do not part a year
/// from its `年` (`( 2021 年度)`).
pub fn year_in(text: &str) -> Option<i32> {
    let folded = compact(text);
    let trimmed = folded.clone();
    if trimmed.len() == 4
        && let Ok(year) = trimmed.parse::<i32>()
    {
        return plausible_year(year);
    }
    let chars: Vec<char> = folded.chars().collect();
    chars.windows(5).enumerate().find_map(|(at, window)| {
        let starts_clean = at == 0 || !chars[at - 1].is_ascii_digit();
        let digits: String = window[..4].iter().collect();
        (starts_clean && window[4] == '年' && window[..4].iter().all(char::is_ascii_digit))
            .then(|| digits.parse().ok().and_then(plausible_year))
            .flatten()
    })
}

fn plausible_year(year: i32) -> Option<i32> {
    crate::value::Year::RANGE.contains(&year).then_some(year)
}

/// A level-1 label and the weight it states: `产出指标\n(50分)` → (`产出指标`, 50);
/// `效益指标（40分）` → (`效益指标`, 40); `满意度指标` → (`满意度指标`, none).
pub fn group_label(text: &str) -> (String, Option<Decimal>) {
    let compact = compact(text);
    if let Some(open) = compact.rfind('(')
        && let Some(inner) = compact[open + 1..].strip_suffix(')')
        && let Some(weight) = points(inner)
    {
        return (compact[..open].to_owned(), Some(weight));
    }
    (compact, None)
}

/// A grade word as forms and reports write it (`优`, `优秀`, `“良好”`), via [`crate::value::Grade`].
pub fn grade(text: &str) -> Option<crate::value::Grade> {
    compact(text).parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn labels_compare_without_breaks_and_bracket_widths() {
        assert_eq!(compact("年初\n预算数"), "年初预算数");
        assert_eq!(compact("项目资金\n（万元）"), "项目资金(万元)");
        assert_eq!(compact(" 其中：当年财政拨款"), "其中:当年财政拨款");
    }

    #[test]
    fn points_amounts_and_rates_read_as_forms_write_them() {
        assert_eq!(points("10分"), Some(dec!(10)));
        assert_eq!(points(" 4.5 分"), Some(dec!(4.5)));
        assert_eq!(points("十分"), None);
        assert_eq!(
            amount_in_wan_yuan("593.04", AmountUnit::WanYuan),
            Some(dec!(593.04))
        );
        assert_eq!(
            amount_in_wan_yuan("1,000万元", AmountUnit::Yuan),
            Some(dec!(1000))
        );
        assert_eq!(
            amount_in_wan_yuan("5930400", AmountUnit::Yuan),
            Some(dec!(593.04))
        );
        assert_eq!(amount_in_wan_yuan("-3", AmountUnit::WanYuan), None);
        assert_eq!(
            amount_in_wan_yuan("125.25万", AmountUnit::Yuan),
            Some(dec!(125.25))
        );
        assert_eq!(
            amount_in_wan_yuan("854万(高标准农田建设400万元)", AmountUnit::WanYuan),
            Some(dec!(854))
        );
        assert_eq!(amount_in_wan_yuan("约600", AmountUnit::WanYuan), None);
        assert_eq!(
            AmountUnit::stated_in("项目资金\n（万元）"),
            Some(AmountUnit::WanYuan)
        );
        assert_eq!(
            AmountUnit::stated_in("项目资金（元）"),
            Some(AmountUnit::Yuan)
        );
        assert_eq!(rate("100%").as_deref(), Some("100%"));
        assert_eq!(rate("0.958").as_deref(), Some("0.958"));
        assert_eq!(rate("全部"), None);
    }

    #[test]
    fn years_and_group_labels() {
        assert_eq!(year_in("2022年度项目支出绩效自评表"), Some(2022));
        assert_eq!(year_in("（2021年度）"), Some(2021));
        assert_eq!(year_in("( 2021 年度)"), Some(2021));
        assert_eq!(year_in("2023"), Some(2023));
        assert_eq!(year_in("12022年"), None);
        assert_eq!(year_in("项目支出绩效自评表"), None);
        assert_eq!(
            group_label("产出指标\n(50分)"),
            ("产出指标".to_owned(), Some(dec!(50)))
        );
        assert_eq!(
            group_label("效益指标\n（40分）"),
            ("效益指标".to_owned(), Some(dec!(40)))
        );
        assert_eq!(group_label("满意度指标"), ("满意度指标".to_owned(), None));
        assert_eq!(grade("“优秀”"), Some(crate::value::Grade::Excellent));
    }
}
