//! Targets (年度指标值) and actual values (实际完成值) as written on the form, parsed into typed
//! forms with the raw text kept beside them.
//!
//! Grammar, in the order tried:
//! - benchmark: `≥全省平均水平`, `不低于全市平均水平` — at least a value from another series;
//! - deadline: `2022年年底以前`, `2022年6月底前`, `2022年12月31日前`, `2022-06-30`;
//! - range: `≥95%且≤105%`, `95%-105%`, `95%～105%`;
//! - quantity: an optional operator (`≥ > ≤ < = ＝ 不低于 不少于 不超过 不高于 达到`), a number
//!   and a unit (`135家`, `≥90%`, `64万元`, `>0`);
//! - qualitative: prose without a leading number (`成效明显`, `不断加强`, `持续推动`).
//!
//! Anything else — an operator with no number, a malformed number, a unit with stray
//! characters, an empty text — is rejected with a message quoting the text. This module does
//! not decide what a bare number means (at least, or at most for a cost): that depends on the
//! indicator's group and is decided in [`crate::scoring`].

use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::value::{fold_full_width, parse_decimal};

/// How a target compares the actual value with its number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Comparison {
    /// `≥`, `不低于`, `不少于`, `达到`.
    AtLeast,
    /// `>`, `高于`, `大于`.
    GreaterThan,
    /// `≤`, `不超过`, `不高于`.
    AtMost,
    /// `<`, `低于`, `小于`.
    LessThan,
    /// `=`, `＝`.
    Equal,
}

impl Comparison {
    /// The mathematical symbol shown in explanations.
    pub fn symbol(self) -> &'static str {
        match self {
            Self::AtLeast => "≥",
            Self::GreaterThan => ">",
            Self::AtMost => "≤",
            Self::LessThan => "<",
            Self::Equal => "=",
        }
    }
}

/// Operators as people type them, longest first so `>=` wins over `>`.
const OPERATORS: &[(&str, Comparison)] = &[
    (">=", Comparison::AtLeast),
    ("<=", Comparison::AtMost),
    ("≥", Comparison::AtLeast),
    ("≧", Comparison::AtLeast),
    ("⩾", Comparison::AtLeast),
    ("≤", Comparison::AtMost),
    ("≦", Comparison::AtMost),
    ("⩽", Comparison::AtMost),
    ("＞", Comparison::GreaterThan),
    (">", Comparison::GreaterThan),
    ("＜", Comparison::LessThan),
    ("<", Comparison::LessThan),
    ("＝", Comparison::Equal),
    ("=", Comparison::Equal),
    ("不低于", Comparison::AtLeast),
    ("不少于", Comparison::AtLeast),
    ("不小于", Comparison::AtLeast),
    ("达到", Comparison::AtLeast),
    ("高于", Comparison::GreaterThan),
    ("大于", Comparison::GreaterThan),
    ("超过", Comparison::GreaterThan),
    ("不超过", Comparison::AtMost),
    ("不高于", Comparison::AtMost),
    ("不大于", Comparison::AtMost),
    ("不多于", Comparison::AtMost),
    ("控制在", Comparison::AtMost),
    ("低于", Comparison::LessThan),
    ("小于", Comparison::LessThan),
    ("等于", Comparison::Equal),
];

/// Splits a leading operator off `text`.
fn split_operator(text: &str) -> (Option<Comparison>, &str) {
    OPERATORS
        .iter()
        .filter(|(symbol, _)| text.starts_with(symbol))
        .max_by_key(|(symbol, _)| symbol.len())
        .map_or((None, text), |(symbol, comparison)| {
            (Some(*comparison), text[symbol.len()..].trim_start())
        })
}

/// A unit of measure as written (`家`, `%`, `万元`); empty for a pure number.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Unit(String);

impl Unit {
    /// Checks a unit text: empty, `%`, `‰`, up to six CJK characters (`家`, `万元`, `人次`), or up
    /// to five Latin letters (`km`, `MW`).
    ///
    /// # Errors
    /// When the text mixes digits, punctuation or scripts.
    pub fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim();
        let normalized = match text {
            "％" | "%" => "%",
            "个百分点" | "百分点" => "个百分点",
            other => other,
        };
        let cjk = !normalized.is_empty()
            && normalized.chars().count() <= 6
            && normalized.chars().all(is_cjk);
        let latin = !normalized.is_empty()
            && normalized.len() <= 5
            && normalized.chars().all(|c| c.is_ascii_alphabetic());
        if normalized.is_empty() || normalized == "%" || normalized == "‰" || cjk || latin {
            Ok(Self(normalized.to_owned()))
        } else {
            Err(format!("'{text}' is not a unit"))
        }
    }

    /// The unit text; empty for a pure number.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// For money units, how many 万元 one unit is (元 = 0.0001, 万元 = 1, 亿元 = 10000).
    pub fn in_wan_yuan(&self) -> Option<Decimal> {
        match self.0.as_str() {
            "元" => Some(Decimal::new(1, 4)),
            "万元" => Some(Decimal::ONE),
            "亿元" => Some(Decimal::from(10_000)),
            _ => None,
        }
    }

    /// True for 元, 万元 and 亿元.
    pub fn is_money(&self) -> bool {
        self.in_wan_yuan().is_some()
    }

    /// The factor that turns a value in `self` into a value in `other`, when the two measure
    /// the same thing: 1 for equal units, the money ratio for money units, `None` otherwise.
    pub fn conversion_to(&self, other: &Unit) -> Option<Decimal> {
        if self == other {
            return Some(Decimal::ONE);
        }
        match (self.in_wan_yuan(), other.in_wan_yuan()) {
            (Some(from), Some(to)) => Some(from / to),
            _ => None,
        }
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}')
}

/// A number with its unit, `135家`, `90%`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quantity {
    /// The number as written.
    #[serde(with = "crate::value::decimal_number")]
    pub value: Decimal,
    /// The unit as written; empty for a pure number.
    pub unit: Unit,
}

impl Quantity {
    /// This quantity's value expressed in `unit`, when the units are compatible.
    pub fn value_in(&self, unit: &Unit) -> Option<Decimal> {
        self.unit
            .conversion_to(unit)
            .map(|factor| self.value * factor)
    }
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.value.normalize(), self.unit)
    }
}

/// Parses `number unit` (`135家`, `43.74万元`, `-2.5%`).
fn parse_quantity(text: &str) -> Result<Quantity, String> {
    let folded: String = text.trim().chars().map(fold_full_width).collect();
    let number_end = folded
        .char_indices()
        .find(|(i, c)| {
            !(c.is_ascii_digit() || *c == '.' || *c == ',' || ((*c == '-' || *c == '+') && *i == 0))
        })
        .map_or(folded.len(), |(i, _)| i);
    let (number, unit) = folded.split_at(number_end);
    if !number.chars().any(|c| c.is_ascii_digit()) {
        return Err(format!("'{text}' has no number"));
    }
    Ok(Quantity {
        value: parse_decimal(number)?,
        unit: Unit::parse(unit).map_err(|problem| format!("in '{text}': {problem}"))?,
    })
}

/// Whose average a benchmark target refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BenchmarkScope {
    /// 全省 — the province (the parent of a city in the region tree).
    Province,
    /// 全市 — the city.
    City,
    /// 全国 — the country.
    Country,
}

impl BenchmarkScope {
    /// The Chinese word for the scope: 全省, 全市, 全国.
    pub fn label(self) -> &'static str {
        match self {
            Self::Province => "全省",
            Self::City => "全市",
            Self::Country => "全国",
        }
    }
}

/// Parses `全省平均水平`, `全市平均`, `全省平均值` after the operator.
fn parse_benchmark_scope(text: &str) -> Option<BenchmarkScope> {
    let scope = [
        ("全省", BenchmarkScope::Province),
        ("全市", BenchmarkScope::City),
        ("全国", BenchmarkScope::Country),
    ]
    .into_iter()
    .find(|(word, _)| text.starts_with(word))?;
    let rest = &text[scope.0.len()..];
    matches!(rest, "平均水平" | "平均" | "平均值" | "平均增速" | "平均数").then_some(scope.1)
}

/// A calendar date `year-month-day`, as far as a deadline needs one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Date {
    /// Calendar year.
    pub year: i32,
    /// Month, 1–12.
    pub month: u32,
    /// Day of month, 1–31.
    pub day: u32,
}

impl Date {
    fn new(year: i32, month: u32, day: u32) -> Option<Self> {
        let valid = (1949..=2100).contains(&year)
            && (1..=12).contains(&month)
            && (1..=days_in_month(year, month)).contains(&day);
        valid.then_some(Self { year, month, day })
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}年{}月{}日", self.year, self.month, self.day)
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Parses a deadline: `2022年年底以前`, `2022年底前`, `2022年6月底前`, `2022年12月31日前`,
/// `2022年内`, `2022-06-30`. The date is the last day the deadline allows.
fn parse_deadline(text: &str) -> Option<Date> {
    let folded: String = text.trim().chars().map(fold_full_width).collect();
    let body = ["以前", "之前", "前", "内", "完成"]
        .iter()
        .find_map(|suffix| folded.strip_suffix(suffix))
        .unwrap_or(&folded);
    if let Some(date) = parse_iso_date(body) {
        return Some(date);
    }
    let (year, rest) = body.split_once('年')?;
    let year: i32 = year.parse().ok()?;
    if matches!(rest, "" | "年底" | "底" | "年末" | "末" | "度" | "年度") {
        return Date::new(year, 12, 31);
    }
    if matches!(rest, "上半年" | "6月底" | "6月末" | "年中") {
        return Date::new(year, 6, 30);
    }
    let (month, rest) = rest.split_once('月')?;
    let month: u32 = month.parse().ok()?;
    if matches!(rest, "" | "底" | "末" | "份") {
        return Date::new(year, month, days_in_month(year, month));
    }
    let day: u32 = rest.strip_suffix(['日', '号'])?.parse().ok()?;
    Date::new(year, month, day)
}

fn parse_iso_date(text: &str) -> Option<Date> {
    let mut parts = text.split(['-', '/', '.']);
    let year = parts.next()?.parse().ok()?;
    let month = parts.next()?.parse().ok()?;
    let day = parts.next()?.parse().ok()?;
    if parts.next().is_some() {
        return None;
    }
    Date::new(year, month, day)
}

/// A target, parsed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TargetKind {
    /// A number with a unit and an optional operator; a bare number has `comparison: None`.
    Quantity {
        /// The operator as written, or `None` for a bare number.
        comparison: Option<Comparison>,
        /// The number and unit.
        quantity: Quantity,
    },
    /// Inside a closed range, `≥95%且≤105%`.
    Range {
        /// The lower bound (inclusive).
        low: Quantity,
        /// The upper bound (inclusive).
        high: Quantity,
    },
    /// At least (or at most) the average of a wider area in the same metric and year.
    Benchmark {
        /// The operator.
        comparison: Comparison,
        /// Whose average.
        scope: BenchmarkScope,
    },
    /// Done by a date.
    Deadline {
        /// The last day allowed.
        by: Date,
    },
    /// Prose judged by the evaluator within a tier.
    Qualitative,
}

/// A target as written (`raw`) and as understood (`kind`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Target {
    raw: String,
    kind: TargetKind,
}

impl Target {
    /// Parses a target text.
    ///
    /// # Errors
    /// When the text is empty, or reads like a number or an operator but is not one.
    pub fn parse(raw: &str) -> Result<Self, String> {
        let text = raw.trim();
        if text.is_empty() {
            return Err("the target is empty".to_owned());
        }
        let kind = parse_target_kind(text)?;
        Ok(Self {
            raw: raw.to_owned(),
            kind,
        })
    }

    /// The text as written on the form.
    pub fn raw(&self) -> &str {
        &self.raw
    }

    /// The parsed form.
    pub fn kind(&self) -> &TargetKind {
        &self.kind
    }
}

fn parse_target_kind(text: &str) -> Result<TargetKind, String> {
    if let Some(range) = parse_range(text)? {
        return Ok(range);
    }
    let (comparison, rest) = split_operator(text);
    if let Some(scope) = parse_benchmark_scope(rest) {
        return Ok(TargetKind::Benchmark {
            comparison: comparison.unwrap_or(Comparison::AtLeast),
            scope,
        });
    }
    if comparison.is_none()
        && let Some(by) = parse_deadline(text)
    {
        return Ok(TargetKind::Deadline { by });
    }
    let starts_numeric = rest
        .chars()
        .next()
        .map(fold_full_width)
        .is_some_and(|c| c.is_ascii_digit() || c == '-' || c == '+' || c == '.');
    if comparison.is_some() || starts_numeric {
        if rest.is_empty() {
            return Err(format!("'{text}' has an operator but no number"));
        }
        let quantity = parse_quantity(rest)
            .map_err(|problem| format!("'{text}' is not a valid target: {problem}"))?;
        return Ok(TargetKind::Quantity {
            comparison,
            quantity,
        });
    }
    if text.chars().any(is_cjk) {
        Ok(TargetKind::Qualitative)
    } else {
        Err(format!(
            "'{text}' is neither a number with a unit, a deadline, a benchmark nor a Chinese description"
        ))
    }
}

/// `≥95%且≤105%`, `95%-105%`, `95%～105%`, `95%至105%`.
fn parse_range(text: &str) -> Result<Option<TargetKind>, String> {
    for separator in ["且", "并且", "，", ","] {
        if let Some((left, right)) = text.split_once(separator) {
            let (Some(lower_op), lower) = split_operator(left.trim()) else {
                continue;
            };
            let (Some(upper_op), upper) = split_operator(right.trim()) else {
                continue;
            };
            let lower_is_low = matches!(lower_op, Comparison::AtLeast | Comparison::GreaterThan);
            let upper_is_high = matches!(upper_op, Comparison::AtMost | Comparison::LessThan);
            if lower_is_low && upper_is_high {
                return range_of(text, parse_quantity(lower)?, parse_quantity(upper)?).map(Some);
            }
        }
    }
    for separator in ["～", "~", "至", "—", "-"] {
        let Some((left, right)) = text.split_once(separator) else {
            continue;
        };
        let (left, right) = (left.trim(), right.trim());
        let numeric = |s: &str| {
            s.chars()
                .next()
                .is_some_and(|c| fold_full_width(c).is_ascii_digit())
        };
        if left.is_empty() || !numeric(left) || !numeric(right) {
            continue;
        }
        let (Ok(mut low), Ok(high)) = (parse_quantity(left), parse_quantity(right)) else {
            continue;
        };
        if low.unit.as_str().is_empty() {
            low.unit = high.unit.clone();
        }
        return range_of(text, low, high).map(Some);
    }
    Ok(None)
}

fn range_of(text: &str, low: Quantity, high: Quantity) -> Result<TargetKind, String> {
    if low.unit != high.unit {
        return Err(format!("the bounds of '{text}' have different units"));
    }
    if low.value > high.value {
        return Err(format!(
            "in '{text}' the lower bound exceeds the upper bound"
        ));
    }
    Ok(TargetKind::Range { low, high })
}

impl TryFrom<String> for Target {
    type Error = String;
    fn try_from(raw: String) -> Result<Self, String> {
        Self::parse(&raw)
    }
}

impl From<Target> for String {
    fn from(target: Target) -> String {
        target.raw
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.raw)
    }
}

/// An actual value (实际完成值), parsed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ActualKind {
    /// A number with a unit (`136家`, `96%`); a leading operator (`≥`) or `约` is ignored.
    Quantity {
        /// The number and unit.
        quantity: Quantity,
    },
    /// A date (`2022年年底以前`, `2022年11月30日`).
    Date {
        /// The date the work was done by.
        on: Date,
    },
    /// Prose (`成效明显`).
    Text,
}

/// An actual value as written (`raw`) and as understood (`kind`). An empty text means the
/// evaluator reported nothing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Actual {
    raw: String,
    kind: ActualKind,
}

impl Actual {
    /// Parses an actual value.
    ///
    /// # Errors
    /// When the text is empty or starts like a number but is not one.
    pub fn parse(raw: &str) -> Result<Self, String> {
        let text = raw.trim();
        if text.is_empty() {
            return Err("the actual value is empty".to_owned());
        }
        let (_, rest) = split_operator(text);
        let rest = rest.strip_prefix('约').unwrap_or(rest).trim_start();
        let kind = if let Some(on) = parse_deadline(rest) {
            ActualKind::Date { on }
        } else if rest
            .chars()
            .next()
            .map(fold_full_width)
            .is_some_and(|c| c.is_ascii_digit() || c == '-' || c == '+' || c == '.')
        {
            ActualKind::Quantity {
                quantity: parse_quantity(rest)?,
            }
        } else if text.chars().any(is_cjk) {
            ActualKind::Text
        } else {
            return Err(format!(
                "'{text}' is neither a number with a unit, a date nor a Chinese description"
            ));
        };
        Ok(Self {
            raw: raw.to_owned(),
            kind,
        })
    }

    /// The text as written on the form.
    pub fn raw(&self) -> &str {
        &self.raw
    }

    /// The parsed form.
    pub fn kind(&self) -> &ActualKind {
        &self.kind
    }
}

impl TryFrom<String> for Actual {
    type Error = String;
    fn try_from(raw: String) -> Result<Self, String> {
        Self::parse(&raw)
    }
}

impl From<Actual> for String {
    fn from(actual: Actual) -> String {
        actual.raw
    }
}

impl fmt::Display for Actual {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.raw)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn quantity(value: Decimal, unit: &str) -> Quantity {
        Quantity {
            value,
            unit: Unit::parse(unit).expect("unit"),
        }
    }

    fn kind(text: &str) -> TargetKind {
        Target::parse(text).expect(text).kind().clone()
    }

    #[test]
    fn every_target_of_the_seed_parses_to_its_kind() {
        assert_eq!(
            kind("135家"),
            TargetKind::Quantity {
                comparison: None,
                quantity: quantity(dec!(135), "家")
            }
        );
        assert_eq!(
            kind("≥90%"),
            TargetKind::Quantity {
                comparison: Some(Comparison::AtLeast),
                quantity: quantity(dec!(90), "%")
            }
        );
        assert_eq!(
            kind("43.74万元"),
            TargetKind::Quantity {
                comparison: None,
                quantity: quantity(dec!(43.74), "万元")
            }
        );
        assert_eq!(
            kind("≥全省平均水平"),
            TargetKind::Benchmark {
                comparison: Comparison::AtLeast,
                scope: BenchmarkScope::Province
            }
        );
        assert_eq!(
            kind("2022年年底以前"),
            TargetKind::Deadline {
                by: Date {
                    year: 2022,
                    month: 12,
                    day: 31
                }
            }
        );
        for prose in ["成效明显", "不断加强", "持续推动"] {
            assert_eq!(kind(prose), TargetKind::Qualitative, "{prose}");
        }
        assert_eq!(Target::parse("64万元").expect("parses").raw(), "64万元");
    }

    #[test]
    fn operators_ranges_and_full_width_forms_parse() {
        assert_eq!(
            kind("≤5%"),
            TargetKind::Quantity {
                comparison: Some(Comparison::AtMost),
                quantity: quantity(dec!(5), "%")
            }
        );
        assert_eq!(
            kind("＝100％"),
            TargetKind::Quantity {
                comparison: Some(Comparison::Equal),
                quantity: quantity(dec!(100), "%")
            }
        );
        assert_eq!(
            kind(">0"),
            TargetKind::Quantity {
                comparison: Some(Comparison::GreaterThan),
                quantity: quantity(dec!(0), "")
            }
        );
        assert_eq!(
            kind("≥95%且≤105%"),
            TargetKind::Range {
                low: quantity(dec!(95), "%"),
                high: quantity(dec!(105), "%")
            }
        );
        assert_eq!(
            kind("95-105%"),
            TargetKind::Range {
                low: quantity(dec!(95), "%"),
                high: quantity(dec!(105), "%")
            }
        );
        assert_eq!(
            kind("不低于全市平均水平"),
            TargetKind::Benchmark {
                comparison: Comparison::AtLeast,
                scope: BenchmarkScope::City
            }
        );
        assert_eq!(
            kind("2022年6月底前"),
            TargetKind::Deadline {
                by: Date {
                    year: 2022,
                    month: 6,
                    day: 30
                }
            }
        );
    }

    #[test]
    fn nonsense_is_rejected_with_the_text_quoted() {
        for nonsense in [
            "",
            "  ",
            "≥",
            "≥abc",
            "12..5%",
            "90%abc",
            "abc",
            "≥95%且≤85%",
            "2022年13月底前x",
        ] {
            let error = Target::parse(nonsense).expect_err(nonsense);
            assert!(!error.is_empty(), "{nonsense}");
        }
        assert!(Target::parse("≥abc").expect_err("rejects").contains("≥abc"));
    }

    #[test]
    fn actual_values_parse_to_numbers_dates_or_text() {
        let actual = |text: &str| Actual::parse(text).expect(text).kind().clone();
        assert_eq!(
            actual("136家"),
            ActualKind::Quantity {
                quantity: quantity(dec!(136), "家")
            }
        );
        assert_eq!(
            actual("6.8%"),
            ActualKind::Quantity {
                quantity: quantity(dec!(6.8), "%")
            }
        );
        assert_eq!(actual("成效明显"), ActualKind::Text);
        assert!(matches!(actual("2022年年底以前"), ActualKind::Date { .. }));
        assert!(Actual::parse("12..5%").is_err());
    }

    #[test]
    fn money_units_convert_and_others_do_not() {
        let wan = Unit::parse("万元").expect("unit");
        let yi = Unit::parse("亿元").expect("unit");
        assert_eq!(yi.conversion_to(&wan), Some(dec!(10000)));
        assert_eq!(Unit::parse("家").expect("unit").conversion_to(&wan), None);
    }
}
