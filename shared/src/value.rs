//! Validated scalars: money in 万元, percentages, weights, scores, years, ranks and grades.
//!
//! Each type has one fallible constructor; past the edge nothing re-checks them. On the wire a
//! decimal is a JSON number (`593.04`) or a numeric string (`"593.04"`); it is written back as a
//! number, exactly when it fits an integer and to 15 significant digits otherwise.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

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
        let input = DecimalInput::deserialize(deserializer)?;
        input.to_decimal().map_err(serde::de::Error::custom)
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
        Option::<DecimalInput>::deserialize(deserializer)?
            .map(|input| input.to_decimal().map_err(serde::de::Error::custom))
            .transpose()
    }
}

/// A decimal as it arrives: a JSON number or a string.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
enum DecimalInput {
    Number(serde_json::Number),
    Text(String),
}

impl DecimalInput {
    fn to_decimal(&self) -> Result<Decimal, String> {
        match self {
            Self::Number(number) => parse_decimal(&number.to_string()),
            Self::Text(text) => parse_decimal(text),
        }
    }
}

/// Parses a decimal number as people write it: `593.04`, `1,000`, `１２`, `1e3`.
///
/// # Errors
/// When the text is empty or not a number; the message quotes the text.
pub fn parse_decimal(text: &str) -> Result<Decimal, String> {
    let cleaned: String = text
        .trim()
        .chars()
        .filter(|c| *c != ',' && *c != '，' && *c != '_')
        .map(fold_full_width)
        .collect();
    if cleaned.is_empty() {
        return Err("a number is required, found nothing".to_owned());
    }
    Decimal::from_str(&cleaned)
        .or_else(|_| Decimal::from_scientific(&cleaned))
        .map_err(|_| format!("'{text}' is not a number"))
}

/// Maps full-width digits and signs (`１２．５`) to their ASCII forms.
pub(crate) fn fold_full_width(c: char) -> char {
    match c {
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
        '．' => '.',
        '－' | '−' => '-',
        '＋' => '+',
        _ => c,
    }
}

macro_rules! bounded_decimal {
    ($(#[$doc:meta])* $name:ident, $what:literal, $check:expr, $problem:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
        pub struct $name(Decimal);

        impl $name {
            /// Checks `value` and wraps it.
            ///
            /// # Errors
            #[doc = concat!("When the value ", $problem, ".")]
            pub fn new(value: Decimal) -> Result<Self, String> {
                let check: fn(Decimal) -> bool = $check;
                if check(value) {
                    Ok(Self(value))
                } else {
                    Err(format!(concat!($what, " {} ", $problem), value.normalize()))
                }
            }

            /// The checked value.
            pub fn value(self) -> Decimal {
                self.0
            }
        }

        impl TryFrom<Decimal> for $name {
            type Error = String;
            fn try_from(value: Decimal) -> Result<Self, String> {
                Self::new(value)
            }
        }

        impl FromStr for $name {
            type Err = String;
            fn from_str(text: &str) -> Result<Self, String> {
                Self::new(parse_decimal(text)?)
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
                let value = decimal_number::deserialize(deserializer)?;
                Self::new(value).map_err(serde::de::Error::custom)
            }
        }
    };
}

bounded_decimal!(
    /// An amount of money in 万元 (ten thousand yuan); never negative.
    Money,
    "amount",
    |v| v >= Decimal::ZERO,
    "must not be negative"
);

bounded_decimal!(
    /// A weight (分值) in points: more than 0 and at most 100.
    Weight,
    "weight",
    |v| v > Decimal::ZERO && v <= Decimal::ONE_HUNDRED,
    "must be more than 0 and at most 100"
);

bounded_decimal!(
    /// A declared score (得分) in points: from 0 to 100.
    Score,
    "score",
    |v| v >= Decimal::ZERO && v <= Decimal::ONE_HUNDRED,
    "must be between 0 and 100"
);

/// A percentage as written on the form, `100%` being 100. Read from `100`, `"100%"` or `"100"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Percent(Decimal);

impl Percent {
    /// Wraps a percentage value (100 = 100%).
    pub fn new(value: Decimal) -> Self {
        Self(value)
    }

    /// The percentage value (100 = 100%).
    pub fn value(self) -> Decimal {
        self.0
    }
}

impl FromStr for Percent {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, String> {
        let trimmed = text.trim().trim_end_matches(['%', '％']);
        parse_decimal(trimmed).map(Self)
    }
}

impl fmt::Display for Percent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}%", self.0.normalize())
    }
}

impl Serialize for Percent {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        decimal_number::serialize(&self.0, serializer)
    }
}

impl<'de> Deserialize<'de> for Percent {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match DecimalInput::deserialize(deserializer)? {
            DecimalInput::Number(number) => parse_decimal(&number.to_string()).map(Self),
            DecimalInput::Text(text) => text.parse(),
        }
        .map_err(serde::de::Error::custom)
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
    pub fn new(year: i64) -> Result<Self, String> {
        i32::try_from(year)
            .ok()
            .filter(|y| Self::RANGE.contains(y))
            .map(Self)
            .ok_or_else(|| format!("year {year} is outside 1949–2100"))
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
    type Error = String;
    fn try_from(year: i64) -> Result<Self, String> {
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
    pub fn new(rank: i64) -> Result<Self, String> {
        u32::try_from(rank)
            .ok()
            .filter(|r| (1..=10_000).contains(r))
            .map(Self)
            .ok_or_else(|| format!("rank {rank} must be between 1 and 10000"))
    }

    /// The rank as a number.
    pub fn value(self) -> u32 {
        self.0
    }
}

impl TryFrom<i64> for Rank {
    type Error = String;
    fn try_from(rank: i64) -> Result<Self, String> {
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

impl Grade {
    /// Every grade, best first.
    pub const ALL: [Self; 4] = [Self::Excellent, Self::Good, Self::Fair, Self::Poor];

    /// The grade a total earns: 90 (含) – 100 优, 80 (含) – 90 良, 60 (含) – 80 中, below 60 差.
    pub fn for_total(total: Decimal) -> Self {
        Self::ALL
            .into_iter()
            .find(|grade| grade.lowest_total().is_none_or(|lowest| total >= lowest))
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
    type Err = String;
    fn from_str(text: &str) -> Result<Self, String> {
        match text.trim().trim_matches(['“', '”', '"', '「', '」']) {
            "优" | "优秀" => Ok(Self::Excellent),
            "良" | "良好" => Ok(Self::Good),
            "中" | "中等" | "合格" => Ok(Self::Fair),
            "差" | "较差" | "不合格" => Ok(Self::Poor),
            other => Err(format!(
                "grade '{other}' is not one of 优, 良, 中, 差 (or 优秀, 良好, 中等, 较差)"
            )),
        }
    }
}

impl TryFrom<String> for Grade {
    type Error = String;
    fn try_from(text: String) -> Result<Self, String> {
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
