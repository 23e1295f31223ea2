//! Validated scalars: money in 万元, percentages, weights, scores, years, ranks and grades.
//!
//! Each type has one fallible constructor; past the edge nothing re-checks them. On the wire a
//! number is a JSON number (`593.04`) or a numeric string (`"593.04"`, `"5分"`, `"95.8%"`). The
//! number is read from its literal text, so `593.040000000000000000000000001` is refused as
//! finer than the field keeps instead of being rounded, and `593,04` is refused instead of being
//! read as 59,304. Every value is bounded to a sane range here, so arithmetic downstream cannot
//! overflow. A decimal is written back as a number, exactly when it fits an integer and to 15
//! significant digits otherwise; a [`Percent`] is written back as `"95.8%"`.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::{NumberError, ValueError};

/// Serde helpers for a plain [`Decimal`] written as a JSON number and read from a number or a
/// numeric string. Use with `#[serde(with = "decimal_number")]`.
pub mod decimal_number {
    use super::*;

    /// Writes `value` as a JSON number.
    ///
    /// # Errors
    /// Only the serializer's own errors.
    pub fn serialize<S: Serializer>(value: &Decimal, serializer: S) -> Result<S::Ok, S::Error> {
        let normalized = value.normalize();
        if normalized.scale() == 0
            && let Some(integer) = normalized.to_i64()
        {
            return serializer.serialize_i64(integer);
        }
        serializer.serialize_f64(normalized.to_f64().unwrap_or(f64::NAN))
    }

    /// Reads a JSON number or numeric string.
    ///
    /// # Errors
    /// When the value is neither, or the text is not a decimal number.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Decimal, D::Error> {
        match NumberInput::read(deserializer)? {
            Some(input) => input.decimal().map_err(serde::de::Error::custom),
            None => Err(serde::de::Error::custom(NumberError::Empty)),
        }
    }
}

/// Serde helpers for an optional [`Decimal`], `null` or absent meaning `None`.
pub mod option_decimal_number {
    use super::*;

    /// Writes `Some` as a JSON number and `None` as `null`.
    ///
    /// # Errors
    /// Only the serializer's own errors.
    pub fn serialize<S: Serializer>(
        value: &Option<Decimal>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(value) => decimal_number::serialize(value, serializer),
            None => serializer.serialize_none(),
        }
    }

    /// Reads `null`, a JSON number or a numeric string.
    ///
    /// # Errors
    /// When the value is none of these.
    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Decimal>, D::Error> {
        NumberInput::read(deserializer)?
            .map(|input| input.decimal().map_err(serde::de::Error::custom))
            .transpose()
    }
}

/// Serde helpers for a figure the record supplies (a statistic, a benchmark, an observation):
/// written as [`decimal_number`] writes it, read bounded to ±10¹² with at most 6 decimals (the
/// precision the store keeps).
pub mod figure {
    use super::*;

    /// Writes `value` as a JSON number.
    ///
    /// # Errors
    /// Only the serializer's own errors.
    pub fn serialize<S: Serializer>(value: &Decimal, serializer: S) -> Result<S::Ok, S::Error> {
        decimal_number::serialize(value, serializer)
    }

    /// Reads a JSON number or numeric string within the bounds of a figure.
    ///
    /// # Errors
    /// When the value is not a number, too large, or finer than 6 decimals.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Decimal, D::Error> {
        let value = decimal_number::deserialize(deserializer)?;
        FIGURE.check(value).map_err(serde::de::Error::custom)
    }
}

/// A number as it arrives: the literal text of a JSON number, or a string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum NumberInput {
    /// A JSON number, exactly as written (`593.04`, `1e400`).
    Literal(String),
    /// A JSON string (`"593.04"`, `"95.8%"`, `"5分"`).
    Text(String),
}

impl NumberInput {
    /// Reads the text of a target or actual cell: a JSON string, or a JSON number taken as the
    /// text it is written with; `None` for `null`.
    pub(crate) fn read_cell<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<String>, D::Error> {
        let raw = Box::<serde_json::value::RawValue>::deserialize(deserializer)?;
        match Self::from_raw(raw.get()) {
            Ok(input) => Ok(input.map(|input| input.text().to_owned())),
            Err(kind) => Err(serde::de::Error::custom(format!("应为文本，实际为{kind}"))),
        }
    }

    /// Reads a JSON number (keeping its literal text), a string, or `null` (as `None`).
    pub(crate) fn read<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Self>, D::Error> {
        let raw = Box::<serde_json::value::RawValue>::deserialize(deserializer)?;
        Self::from_raw(raw.get())
            .map_err(|kind| serde::de::Error::custom(format!("应为数值，实际为{kind}")))
    }

    /// The input a raw JSON value is, or what kind of value it is instead.
    fn from_raw(raw: &str) -> Result<Option<Self>, &'static str> {
        let text = raw.trim();
        match text.chars().next() {
            Some('"') => serde_json::from_str::<String>(text)
                .map(|text| Some(Self::Text(text)))
                .map_err(|_| "无效文本"),
            Some('-' | '0'..='9') => Ok(Some(Self::Literal(text.to_owned()))),
            Some('n') => Ok(None),
            Some('t' | 'f') => Err("布尔值"),
            Some('[') => Err("列表"),
            Some('{') => Err("对象"),
            _ => Err("无法识别的值"),
        }
    }

    /// The text to read the number from.
    fn text(&self) -> &str {
        match self {
            Self::Literal(text) | Self::Text(text) => text,
        }
    }

    /// True for a blank string or a dash or slash that marks an empty cell (`""`, `/`, `—`).
    fn is_blank(&self) -> bool {
        matches!(self, Self::Text(text) if is_blank_cell(text))
    }

    fn decimal(&self) -> Result<Decimal, NumberError> {
        parse_decimal(self.text())
    }
}

/// True for a cell that says "nothing here": blank, or only a dash or a slash (`/`, `—`, `-`,
/// `－`, `／`, `——`, `无`).
pub fn is_blank_cell(text: &str) -> bool {
    let text = text.trim();
    text.is_empty()
        || matches!(text, "无" | "無")
        || text
            .chars()
            .all(|c| matches!(c, '/' | '／' | '-' | '－' | '—' | '–' | '―' | '\\'))
}

/// Most significant digits a decimal holds exactly.
const MAX_DIGITS: usize = 28;

/// Parses a decimal number as people write it: `593.04`, `72,890`, `１２`, `1e3`, `-2.5`.
///
/// A comma must group three digits (`72,890`, `1,234,567.5`); full-width digits and signs are
/// their ASCII selves. Nothing is rounded: a text with more digits than a decimal holds is an
/// error, not a nearby number.
///
/// # Errors
/// When the text is empty, not a number, badly grouped, too precise or too large.
pub fn parse_decimal(text: &str) -> Result<Decimal, NumberError> {
    let folded: String = text.trim().chars().map(fold_full_width).collect();
    if folded.is_empty() {
        return Err(NumberError::Empty);
    }
    let not_a_number = || NumberError::NotANumber(text.trim().to_owned());
    let (sign, unsigned) = match folded.as_bytes()[0] {
        b'-' => ("-", &folded[1..]),
        b'+' => ("", &folded[1..]),
        _ => ("", folded.as_str()),
    };
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(at) => (&unsigned[..at], Some(&unsigned[at + 1..])),
        None => (unsigned, None),
    };
    let (integer, fraction) = match mantissa.split_once('.') {
        Some((integer, fraction)) => (integer, Some(fraction)),
        None => (mantissa, None),
    };
    let integer = ungrouped(integer).ok_or_else(|| {
        if integer.contains(',') {
            NumberError::Grouping(text.trim().to_owned())
        } else {
            not_a_number()
        }
    })?;
    let fraction = fraction.unwrap_or("");
    if !fraction.chars().all(|c| c.is_ascii_digit())
        || (integer.is_empty() && fraction.is_empty())
        || (mantissa.ends_with('.') && integer.is_empty())
    {
        return Err(not_a_number());
    }
    let integer = integer.trim_start_matches('0');
    let fraction = fraction.trim_end_matches('0');
    let significant = format!("{integer}{fraction}");
    let significant = significant.trim_start_matches('0');
    let too_precise = || NumberError::TooPrecise(text.trim().to_owned());
    if significant.len() > MAX_DIGITS {
        return Err(if integer.len() > MAX_DIGITS {
            NumberError::TooLarge(text.trim().to_owned())
        } else {
            too_precise()
        });
    }
    let digits = if significant.is_empty() {
        "0".to_owned()
    } else {
        format!("{integer}{fraction}")
    };
    let mut value =
        Decimal::from_str_exact(&format!("{sign}{digits}")).map_err(|_| too_precise())?;
    let mut scale = i64::try_from(fraction.len()).map_err(|_| too_precise())?;
    if let Some(exponent) = exponent {
        let exponent: i64 = exponent
            .strip_prefix('+')
            .unwrap_or(exponent)
            .parse()
            .map_err(|_| not_a_number())?;
        scale -= exponent;
    }
    if value.is_zero() {
        return Ok(Decimal::ZERO);
    }
    if scale < 0 {
        let power =
            u32::try_from(-scale).map_err(|_| NumberError::TooLarge(text.trim().to_owned()))?;
        for _ in 0..power {
            value = value
                .checked_mul(Decimal::TEN)
                .ok_or_else(|| NumberError::TooLarge(text.trim().to_owned()))?;
        }
        scale = 0;
    }
    let scale = u32::try_from(scale)
        .ok()
        .filter(|scale| *scale <= Decimal::MAX_SCALE)
        .ok_or_else(too_precise)?;
    value.set_scale(scale).map_err(|_| too_precise())?;
    Ok(value)
}

/// The digits of an integer part without its thousands separators, when every comma groups
/// three digits; `None` when the part has something other than digits and well-placed commas.
fn ungrouped(integer: &str) -> Option<String> {
    let groups: Vec<&str> = integer.split(',').collect();
    let well_grouped = groups.len() == 1
        || (matches!(groups[0].len(), 1..=3) && groups[1..].iter().all(|g| g.len() == 3));
    let digits = groups.iter().all(|g| g.chars().all(|c| c.is_ascii_digit()));
    (well_grouped && digits).then(|| groups.concat())
}

/// Maps full-width forms (`１２．５`, `％`, `（`, `＝`) to their ASCII selves, the ideographic
/// space to a space, and the minus sign to a hyphen.
pub(crate) fn fold_full_width(c: char) -> char {
    match c {
        '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
        '\u{3000}' => ' ',
        '−' => '-',
        _ => c,
    }
}

/// The bounds and precision of one kind of number.
#[derive(Debug)]
struct Bounds {
    /// What the field holds, in Chinese (`金额`).
    what: &'static str,
    /// Smallest value allowed.
    min: Decimal,
    /// Whether `min` itself is allowed.
    min_inclusive: bool,
    /// Largest value allowed (inclusive).
    max: Decimal,
    /// The range in words.
    range: &'static str,
    /// Most decimals kept.
    decimals: u32,
    /// The precision in words.
    precision: &'static str,
    /// Unit words the text may end with (`分`, `万元`).
    suffixes: &'static [&'static str],
}

impl Bounds {
    fn check(&self, value: Decimal) -> Result<Decimal, ValueError> {
        let above_min = if self.min_inclusive {
            value >= self.min
        } else {
            value > self.min
        };
        if !above_min || value > self.max {
            return Err(ValueError::OutOfRange {
                what: self.what,
                value: value.normalize().to_string(),
                range: self.range,
            });
        }
        if value.normalize().scale() > self.decimals {
            return Err(ValueError::TooPrecise {
                what: self.what,
                value: value.normalize().to_string(),
                precision: self.precision,
            });
        }
        Ok(value)
    }

    fn read(&self, input: &NumberInput) -> Result<Decimal, ValueError> {
        let text = input.text().trim();
        let number = match input {
            NumberInput::Text(_) => self
                .suffixes
                .iter()
                .find_map(|suffix| text.strip_suffix(suffix))
                .unwrap_or(text),
            NumberInput::Literal(_) => text,
        };
        let value = parse_decimal(number).map_err(|error| match error {
            NumberError::NotANumber(_) => NumberError::NotANumber(text.to_owned()),
            other => other,
        })?;
        self.check(value)
    }
}

/// 10¹², the magnitude no figure of a special fund reaches.
const FIGURE_LIMIT: Decimal = Decimal::from_parts(0xD4A5_1000, 0xE8, 0, false, 0);

const FIGURE: Bounds = Bounds {
    what: "数值",
    min: Decimal::from_parts(0xD4A5_1000, 0xE8, 0, true, 0),
    min_inclusive: true,
    max: FIGURE_LIMIT,
    range: "绝对值不超过 1,000,000,000,000",
    decimals: 6,
    precision: "最多 6 位小数",
    suffixes: &[],
};

/// A type read from a JSON number or numeric string through its [`Bounds`].
pub(crate) trait Bounded: Sized {
    /// Reads the value.
    fn from_input(input: &NumberInput) -> Result<Self, ValueError>;
}

/// Reads an optional number where `null`, a blank string or a dash (`/`, `—`) means the cell is
/// empty. Use with `#[serde(default, deserialize_with = "crate::value::optional")]`.
pub(crate) fn optional<'de, D: Deserializer<'de>, T: Bounded>(
    deserializer: D,
) -> Result<Option<T>, D::Error> {
    match NumberInput::read(deserializer)? {
        Some(input) if !input.is_blank() => T::from_input(&input)
            .map(Some)
            .map_err(serde::de::Error::custom),
        _ => Ok(None),
    }
}

macro_rules! bounded_decimal {
    ($(#[$doc:meta])* $name:ident, $bounds:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
        pub struct $name(Decimal);

        impl $name {
            const BOUNDS: Bounds = $bounds;

            /// Checks `value` and wraps it.
            ///
            /// # Errors
            /// When the value lies outside the type's range or has more decimals than it keeps.
            pub fn new(value: Decimal) -> Result<Self, ValueError> {
                Self::BOUNDS.check(value).map(Self)
            }

            /// The checked value.
            pub fn value(self) -> Decimal {
                self.0
            }
        }

        impl Bounded for $name {
            fn from_input(input: &NumberInput) -> Result<Self, ValueError> {
                Self::BOUNDS.read(input).map(Self)
            }
        }

        impl TryFrom<Decimal> for $name {
            type Error = ValueError;
            fn try_from(value: Decimal) -> Result<Self, ValueError> {
                Self::new(value)
            }
        }

        impl FromStr for $name {
            type Err = ValueError;
            fn from_str(text: &str) -> Result<Self, ValueError> {
                Self::from_input(&NumberInput::Text(text.to_owned()))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.0.normalize(), f)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                decimal_number::serialize(&self.0, serializer)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                match NumberInput::read(deserializer)? {
                    Some(input) => Self::from_input(&input).map_err(serde::de::Error::custom),
                    None => Err(serde::de::Error::custom(NumberError::Empty)),
                }
            }
        }
    };
}

bounded_decimal!(
    /// An amount of money in 万元 (ten thousand yuan): from 0 to 10¹⁰ 万元, to the yuan (4
    /// decimals).
    Money,
    Bounds {
        what: "金额",
        min: Decimal::ZERO,
        min_inclusive: true,
        max: Decimal::from_parts(0x540B_E400, 0x2, 0, false, 0),
        range: "不得为负，且不超过 10,000,000,000 万元",
        decimals: 4,
        precision: "金额以万元计，最多 4 位小数（精确到元）",
        suffixes: &["万元"],
    }
);

bounded_decimal!(
    /// A weight (分值) in points: more than 0 and at most 100, to 6 decimals.
    Weight,
    Bounds {
        what: "分值",
        min: Decimal::ZERO,
        min_inclusive: false,
        max: Decimal::ONE_HUNDRED,
        range: "须大于 0 且不超过 100",
        decimals: 6,
        precision: "最多 6 位小数",
        suffixes: &["分"],
    }
);

bounded_decimal!(
    /// A declared score (得分) or total in points: from 0 to 1000, to 6 decimals. A score above
    /// its row's weight, or a total above 100 on a form whose weights add up to more, is the
    /// audit's to report, not a reason to refuse the form.
    Score,
    Bounds {
        what: "得分",
        min: Decimal::ZERO,
        min_inclusive: true,
        max: Decimal::from_parts(1000, 0, 0, false, 0),
        range: "须在 0 到 1000 之间",
        decimals: 6,
        precision: "最多 6 位小数",
        suffixes: &["分"],
    }
);

/// A percentage as the form states it, `100%` being 100: from 0 to 1000%, to 6 decimals.
///
/// Read from `"95.8%"`, `95.8`, `"95.8"`, or a fraction `0.958`: a number without a `%` sign
/// up to 1.5 is a fraction of one (`1.0259` is 102.59%), anything above is already a
/// percentage. Written back as `"95.8%"`, which reads the same whatever its size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Percent(Decimal);

impl Percent {
    const BOUNDS: Bounds = Bounds {
        what: "执行率",
        min: Decimal::ZERO,
        min_inclusive: true,
        max: Decimal::from_parts(1000, 0, 0, false, 0),
        range: "须在 0% 到 1000% 之间",
        decimals: 6,
        precision: "最多 6 位小数",
        suffixes: &[],
    };

    /// The largest number without a `%` sign that is read as a fraction of one.
    const LARGEST_FRACTION: Decimal = Decimal::from_parts(15, 0, 0, false, 1);

    /// Wraps a percentage value (100 = 100%).
    pub fn new(value: Decimal) -> Self {
        Self(value)
    }

    /// The percentage value (100 = 100%).
    pub fn value(self) -> Decimal {
        self.0
    }
}

impl Bounded for Percent {
    fn from_input(input: &NumberInput) -> Result<Self, ValueError> {
        let text = input.text().trim();
        let percent = match text.strip_suffix(['%', '％']) {
            Some(number) => parse_decimal(number)?,
            None => {
                let number = parse_decimal(text)?;
                if number <= Self::LARGEST_FRACTION {
                    number.checked_mul(Decimal::ONE_HUNDRED).ok_or_else(|| {
                        ValueError::OutOfRange {
                            what: Self::BOUNDS.what,
                            value: text.to_owned(),
                            range: Self::BOUNDS.range,
                        }
                    })?
                } else {
                    number
                }
            }
        };
        Self::BOUNDS.check(percent).map(Self)
    }
}

impl FromStr for Percent {
    type Err = ValueError;
    fn from_str(text: &str) -> Result<Self, ValueError> {
        Self::from_input(&NumberInput::Text(text.to_owned()))
    }
}

impl fmt::Display for Percent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}%", self.0.normalize())
    }
}

impl Serialize for Percent {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Percent {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match NumberInput::read(deserializer)? {
            Some(input) => Self::from_input(&input).map_err(serde::de::Error::custom),
            None => Err(serde::de::Error::custom(NumberError::Empty)),
        }
    }
}

/// A calendar year of a report, 1949 to 2100.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "i64", into = "i32")]
pub struct Year(i32);

impl Year {
    /// First and last year accepted.
    pub const RANGE: std::ops::RangeInclusive<i32> = 1949..=2100;

    /// Checks and wraps a calendar year.
    ///
    /// # Errors
    /// When the year lies outside 1949–2100.
    pub fn new(year: i64) -> Result<Self, ValueError> {
        i32::try_from(year)
            .ok()
            .filter(|y| Self::RANGE.contains(y))
            .map(Self)
            .ok_or_else(|| ValueError::OutOfRange {
                what: "年度",
                value: year.to_string(),
                range: "须在 1949 到 2100 之间",
            })
    }

    /// The year as a number.
    pub fn value(self) -> i32 {
        self.0
    }

    /// The year before this one.
    #[must_use]
    pub fn previous(self) -> Self {
        Self(self.0 - 1)
    }
}

impl TryFrom<i64> for Year {
    type Error = ValueError;
    fn try_from(year: i64) -> Result<Self, ValueError> {
        Self::new(year)
    }
}

impl From<Year> for i32 {
    fn from(year: Year) -> i32 {
        year.0
    }
}

impl fmt::Display for Year {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// A rank within the province (1 = first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "i64", into = "u32")]
pub struct Rank(u32);

impl Rank {
    /// Checks and wraps a rank.
    ///
    /// # Errors
    /// When the rank is below 1 or absurdly large.
    pub fn new(rank: i64) -> Result<Self, ValueError> {
        u32::try_from(rank)
            .ok()
            .filter(|r| (1..=10_000).contains(r))
            .map(Self)
            .ok_or_else(|| ValueError::OutOfRange {
                what: "排名",
                value: rank.to_string(),
                range: "须在 1 到 10000 之间",
            })
    }

    /// The rank as a number.
    pub fn value(self) -> u32 {
        self.0
    }
}

impl TryFrom<i64> for Rank {
    type Error = ValueError;
    fn try_from(rank: i64) -> Result<Self, ValueError> {
        Self::new(rank)
    }
}

impl From<Rank> for u32 {
    fn from(rank: Rank) -> u32 {
        rank.0
    }
}

/// The grade of an evaluation: 优 (≥ 90), 良 (≥ 80), 中 (≥ 60), 差.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Grade {
    /// 优 (excellent): 90 and above.
    Excellent,
    /// 良 (good): 80 to below 90.
    Good,
    /// 中 (fair): 60 to below 80.
    Fair,
    /// 差 (poor): below 60.
    Poor,
}

/// How a record without a grade is labelled (no indicator rows, or no funding block).
pub const UNGRADED: &str = "未评级";

impl Grade {
    /// Every grade, best first.
    pub const ALL: [Self; 4] = [Self::Excellent, Self::Good, Self::Fair, Self::Poor];

    /// The grade a total out of 100 earns: 90 (含) – 100 优, 80 (含) – 90 良, 60 (含) – 80 中,
    /// below 60 差. A form whose weights do not add up to 100 is graded on its share
    /// ([`crate::scoring::grade`]).
    pub fn for_total(total: Decimal) -> Self {
        Self::best_reached(|lowest| total >= lowest)
    }

    /// The best grade whose lowest total `reaches` says is reached; 差 when none is.
    pub(crate) fn best_reached(reaches: impl Fn(Decimal) -> bool) -> Self {
        Self::ALL
            .into_iter()
            .find(|grade| grade.lowest_total().is_none_or(&reaches))
            .unwrap_or(Self::Poor)
    }

    /// The lowest total that earns this grade (`None` for 差, which has no floor).
    pub fn lowest_total(self) -> Option<Decimal> {
        match self {
            Self::Excellent => Some(Decimal::from(90)),
            Self::Good => Some(Decimal::from(80)),
            Self::Fair => Some(Decimal::from(60)),
            Self::Poor => None,
        }
    }

    /// The totals that earn this grade: at least the first bound, below the second (the next
    /// better grade's floor); `None` where the range is open.
    pub fn total_range(self) -> (Option<Decimal>, Option<Decimal>) {
        let better = Self::ALL
            .into_iter()
            .take_while(|grade| *grade != self)
            .last();
        (self.lowest_total(), better.and_then(Self::lowest_total))
    }

    /// The label of a grade that may be missing: 优, 良, 中, 差, or 未评级 for a record left
    /// ungraded ([`crate::scoring::silence`]).
    pub fn label_of(grade: Option<Self>) -> &'static str {
        grade.map_or(UNGRADED, Self::label)
    }

    /// The one-character Chinese label: 优, 良, 中 or 差.
    pub fn label(self) -> &'static str {
        match self {
            Self::Excellent => "优",
            Self::Good => "良",
            Self::Fair => "中",
            Self::Poor => "差",
        }
    }
}

impl FromStr for Grade {
    type Err = ValueError;
    fn from_str(text: &str) -> Result<Self, ValueError> {
        match text.trim().trim_matches(['“', '”', '"', '「', '」']) {
            "优" | "优秀" => Ok(Self::Excellent),
            "良" | "良好" => Ok(Self::Good),
            "中" | "中等" | "合格" => Ok(Self::Fair),
            "差" | "较差" | "不合格" => Ok(Self::Poor),
            other => Err(ValueError::NotAllowed {
                what: "等级",
                value: other.to_owned(),
                allowed: "优、良、中、差，或优秀、良好、中等、较差",
            }),
        }
    }
}

impl TryFrom<String> for Grade {
    type Error = ValueError;
    fn try_from(text: String) -> Result<Self, ValueError> {
        text.parse()
    }
}

impl From<Grade> for String {
    fn from(grade: Grade) -> String {
        grade.label().to_owned()
    }
}

impl fmt::Display for Grade {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn numbers_read_as_people_write_them() {
        for (text, value) in [
            ("593.04", dec!(593.04)),
            ("72,890", dec!(72890)),
            ("1,234,567.5", dec!(1234567.5)),
            ("１２．５", dec!(12.5)),
            ("－3", dec!(-3)),
            ("+7", dec!(7)),
            ("1e3", dec!(1000)),
            ("2.5E-2", dec!(0.025)),
            ("0.000", dec!(0)),
            ("007", dec!(7)),
            (".5", dec!(0.5)),
        ] {
            assert_eq!(parse_decimal(text), Ok(value), "{text}");
        }
    }

    #[test]
    fn numbers_that_would_be_misread_are_refused() {
        for (text, error) in [
            ("", NumberError::Empty),
            ("593,04", NumberError::Grouping("593,04".to_owned())),
            ("1,0000", NumberError::Grouping("1,0000".to_owned())),
            (
                "593.040000000000000000000000001",
                NumberError::TooPrecise("593.040000000000000000000000001".to_owned()),
            ),
            ("1e400", NumberError::TooLarge("1e400".to_owned())),
            (
                "12345678901234567890123456789",
                NumberError::TooLarge("12345678901234567890123456789".to_owned()),
            ),
            ("12..5", NumberError::NotANumber("12..5".to_owned())),
            ("abc", NumberError::NotANumber("abc".to_owned())),
            ("1e", NumberError::NotANumber("1e".to_owned())),
            (".", NumberError::NotANumber(".".to_owned())),
        ] {
            assert_eq!(parse_decimal(text), Err(error), "{text}");
        }
    }

    #[test]
    fn typed_values_are_bounded_and_say_why_in_chinese() {
        assert!(Money::new(dec!(593.04)).is_ok());
        let fine = Money::new(dec!(90.00001)).expect_err("finer than a yuan");
        assert!(fine.to_string().contains("精确到元"), "{fine}");
        assert!(Money::new(dec!(1e27)).is_err());
        assert!(Weight::new(dec!(0)).is_err());
        assert_eq!("5分".parse::<Weight>().map(Weight::value), Ok(dec!(5)));
        assert!(Score::new(dec!(105)).is_ok(), "a total out of 110");
        assert!(Score::new(dec!(1000.5)).is_err());
        assert!(
            Year::new(1800)
                .expect_err("too early")
                .to_string()
                .contains("1949")
        );
    }

    #[test]
    fn execution_rates_read_as_the_percentage_they_mean() {
        for (text, percent) in [
            ("0.958", dec!(95.8)),
            ("95.8", dec!(95.8)),
            ("95.8%", dec!(95.8)),
            ("102.59%", dec!(102.59)),
            ("1.0259", dec!(102.59)),
            ("１００％", dec!(100)),
            ("100", dec!(100)),
        ] {
            assert_eq!(
                text.parse::<Percent>().map(Percent::value),
                Ok(percent),
                "{text}"
            );
        }
        assert!("-5%".parse::<Percent>().is_err());
        assert_eq!(
            serde_json::to_string(&Percent::new(dec!(95.8))).expect("json"),
            "\"95.8%\""
        );
    }

    #[test]
    fn blank_cells_are_recognised() {
        for blank in ["", "  ", "/", "／", "—", "——", "-", "无"] {
            assert!(is_blank_cell(blank), "{blank}");
        }
        assert!(!is_blank_cell("0"));
    }
}
