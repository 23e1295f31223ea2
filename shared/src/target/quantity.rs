//! Numbers with their units (`135家`, `72,890元`, `-2.5%`, `100余家`) and ranges of them
//! (`≥95%且≤105%`, `95%-105%`, `95%～105%`), read from normalised cell text.
//!
//! A number is read exactly (see [`crate::value::parse_decimal`]: a comma groups three digits)
//! and bounded to what a cell can mean, so scoring arithmetic never overflows.

use std::fmt;

use rust_decimal::Decimal;
use serde::Serialize;

use super::operator::{Comparison, split_prefix};
use super::reason::ReadError;
use super::unit::Unit;
use crate::value::parse_decimal;

/// A number with its unit, `135家`, `90%`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Quantity {
    /// The number as written.
    #[serde(with = "crate::value::decimal_number")]
    pub value: Decimal,
    /// The unit, in its canonical spelling; empty for a pure number.
    pub unit: Unit,
}

impl Quantity {
    /// This quantity's value expressed in `unit`, when the units are compatible.
    pub fn value_in(&self, unit: &Unit) -> Option<Decimal> {
        self.unit
            .conversion_to(unit)
            .and_then(|factor| self.value.checked_mul(factor))
    }
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.value.normalize(), self.unit)
    }
}

/// 10¹², beyond any figure a form's cell means.
const LARGEST: Decimal = Decimal::from_parts(0xD4A5_1000, 0xE8, 0, false, 0);

/// Most decimals a cell's number keeps.
const MOST_DECIMALS: u32 = 10;

/// Marks that end the quantity and start a remark (`96%,较上年提高2个百分点`).
const CLAUSE_ENDS: &[char] = &[',', ';', ':'];

/// `text` up to a remark after a comma, semicolon or colon (`96%,较上年提高` → `96%`); a comma
/// between two digits (`72,890`, and the malformed `593,04`) is part of the number.
pub(crate) fn without_remark(text: &str) -> &str {
    let bytes = text.as_bytes();
    for (at, c) in text.char_indices() {
        let in_number = c == ','
            && at > 0
            && bytes[at - 1].is_ascii_digit()
            && bytes.get(at + 1).is_some_and(u8::is_ascii_digit);
        if CLAUSE_ENDS.contains(&c) && !in_number {
            return &text[..at];
        }
    }
    text
}

/// True when `text` starts like a number (`12`, `-3`, `.5`).
pub(crate) fn starts_numeric(text: &str) -> bool {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) if c.is_ascii_digit() => true,
        Some('-' | '+' | '.') => chars.next().is_some_and(|c| c.is_ascii_digit()),
        _ => false,
    }
}

/// Splits the number at the start of `text` from what follows (`72,890元` → `72,890`, `元`).
fn split_number(text: &str) -> (&str, &str) {
    let bytes = text.as_bytes();
    let mut end = usize::from(matches!(bytes.first(), Some(b'-' | b'+')));
    while let Some(&byte) = bytes.get(end) {
        let grouping = byte == b',' && bytes.get(end + 1).is_some_and(u8::is_ascii_digit);
        if byte.is_ascii_digit() || byte == b'.' || grouping {
            end += 1;
        } else {
            break;
        }
    }
    text.split_at(end)
}

/// Reads the number at the start of `text`, bounded to what a cell can mean.
fn read_number(number: &str) -> Result<Decimal, ReadError> {
    let value = parse_decimal(number)?;
    if value.abs() > LARGEST || value.normalize().scale() > MOST_DECIMALS {
        return Err(ReadError::OutOfRange(number.to_owned()));
    }
    Ok(value)
}

/// Reads `number unit` (`135家`, `43.74万元`, `-2.5%`, `100余家`).
pub(crate) fn read_quantity(text: &str) -> Result<Quantity, ReadError> {
    let (number, rest) = split_number(text);
    let value = read_number(number)?;
    let unit = rest.trim_start_matches(['余', '多']);
    Ok(Quantity {
        value,
        unit: Unit::parse(unit)?,
    })
}

/// Words and marks that join the two bounds of a range.
const BOUND_JOINS: &[&str] = &["并且", "且", "和", "与", ",", ";", "、"];

/// Marks between the two numbers of a range written `95%-105%`.
const DASHES: &[&str] = &["~", "至", "到", "—", "–", "-"];

/// Reads a range: two bounds with operators joined by `且` (`≥95%且≤105%`), or two numbers
/// joined by a dash (`95%-105%`, `95-105%`). `None` when the text is no range; an error when
/// it is one that cannot be read (bounds inverted, units differing).
pub(crate) fn read_range(text: &str) -> Option<Result<(Quantity, Quantity), ReadError>> {
    for join in BOUND_JOINS {
        for (at, _) in text.match_indices(join) {
            let (left, right) = (&text[..at], &text[at + join.len()..]);
            let (Some(low_op), low) = split_prefix(left) else {
                continue;
            };
            let (Some(high_op), high) = split_prefix(right) else {
                continue;
            };
            let (low_op, high_op, low, high) = if low_op.is_upper_bound() {
                (high_op, low_op, high, low)
            } else {
                (low_op, high_op, low, high)
            };
            if low_op.is_lower_bound()
                && high_op.is_upper_bound()
                && let (Ok(low), Ok(high)) = (read_quantity(low), read_quantity(high))
            {
                return Some(bounded(low, high));
            }
        }
    }
    for dash in DASHES {
        for (at, _) in text.match_indices(dash) {
            let (left, right) = (&text[..at], &text[at + dash.len()..]);
            if !starts_numeric(left) || !starts_numeric(right) || left.starts_with(['-', '+']) {
                continue;
            }
            let (Ok(mut low), Ok(high)) = (read_quantity(left), read_quantity(right)) else {
                continue;
            };
            if low.unit.as_str().is_empty() {
                low.unit = high.unit.clone();
            }
            return Some(bounded(low, high));
        }
    }
    None
}

fn bounded(low: Quantity, high: Quantity) -> Result<(Quantity, Quantity), ReadError> {
    if low.unit != high.unit {
        return Err(ReadError::RangeUnits(
            low.unit.to_string(),
            high.unit.to_string(),
        ));
    }
    if low.value > high.value {
        return Err(ReadError::InvertedRange {
            low: low.to_string(),
            high: high.to_string(),
        });
    }
    Ok((low, high))
}

/// The comparison a range's bounds are shown with.
pub(crate) fn range_text(low: &Quantity, high: &Quantity) -> String {
    format!(
        "{}{low}且{}{high}",
        Comparison::AtLeast.symbol(),
        Comparison::AtMost.symbol()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn numbers_units_and_remarks() {
        let q = read_quantity("72,890元").expect("reads");
        assert_eq!((q.value, q.unit.as_str()), (dec!(72890), "元"));
        let q = read_quantity("100余家").expect("reads");
        assert_eq!((q.value, q.unit.as_str()), (dec!(100), "家"));
        assert_eq!(without_remark("96%,较上年提高"), "96%");
        assert_eq!(without_remark("72,890元,其中"), "72,890元");
        assert_eq!(without_remark("593,04元"), "593,04元");
        assert!(read_quantity("593,04元").is_err());
        assert!(read_quantity("12..5%").is_err());
        assert!(read_quantity("10000000000000家").is_err());
    }

    #[test]
    fn ranges_in_either_spelling() {
        let (low, high) = read_range("≥95%且≤105%")
            .expect("a range")
            .expect("readable");
        assert_eq!((low.value, high.value), (dec!(95), dec!(105)));
        let (low, high) = read_range("95-105%").expect("a range").expect("readable");
        assert_eq!((low.unit.as_str(), high.value), ("%", dec!(105)));
        assert!(read_range("≥95%且≤85%").expect("a range").is_err());
        assert!(read_range("-5%").is_none());
        assert!(read_range("≥90%").is_none());
    }
}
