//! Targets (年度指标值) and actual values (实际完成值) as real forms write them, read into typed
//! forms with the raw text kept beside them.
//!
//! Reading never fails: a cell that cannot be read becomes [`TargetKind::Unreadable`] (or
//! [`ActualKind::Unreadable`]) with the reason, and the row is scored as unverified and flagged
//! by the audit. A target is read, in this order, as:
//! - not applicable: `/`, `／`, `—`, `-`, `无`, `不适用`;
//! - a benchmark: `≥全省平均水平`, `全省平均水平以上`, `不低于全市平均水平`;
//! - a deadline or period: `2022年年底以前`, `9月前`, `12月底到位`, `1-12月`, `2023.07-2024.01`,
//!   `按期完工`;
//! - a range: `≥95%且≤105%`, `95%-105%`, `95%～105%`;
//! - a quantity: an operator in any spelling before the number (`≥ ≧ >= ＞＝ 不低于 至少 达到 …`)
//!   or after it (`以上 及以上 以下 以内`), the number (full-width digits, thousands separators,
//!   `约`/`左右`), and a unit (`家`, `%`, `‰`, `百分比`, `元/人*月`); a bracketed remark and a
//!   trailing `。` are set aside, and cells written apart (`≥ 90 %`) are read together;
//! - qualitative: any other Chinese text, including a direction without a number (`较上年提高`,
//!   `=提高`) and scales (`定性 优良中低差`);
//! - unreadable: anything else (`≥abc`, `12..5%`, `593,04元`, an empty cell).
//!
//! This module does not decide what a bare number means (at least, or at most for a cost): that
//! depends on the indicator's group and is decided in [`crate::scoring`].
//!
//! # Layout
//! - `text`: normalising a cell for reading.
//! - [`operator`]: comparison operators and words.
//! - [`unit`]: units of measure.
//! - [`quantity`]: numbers with units, and ranges.
//! - [`deadline`]: deadlines, periods and reported dates.
//! - [`benchmark`]: `≥全省平均水平` and its spellings.
//! - [`reason`]: why a cell could not be read.

pub mod benchmark;
pub mod deadline;
pub mod operator;
pub mod quantity;
pub mod reason;
mod text;
pub mod unit;

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

pub use benchmark::BenchmarkScope;
pub use deadline::{Date, Day, Due};
pub use operator::Comparison;
pub use quantity::Quantity;
pub use unit::Unit;

use crate::value::NumberInput;
use quantity::{range_text, read_quantity, read_range, starts_numeric, without_remark};
pub use reason::ReadError;
use text::{has_cjk, is_not_applicable, normalise};

/// A target, read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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
    /// Done by a day, or on schedule.
    Deadline {
        /// When it is due.
        due: Due,
    },
    /// Prose (or a direction without a number) judged by the evaluator within a tier.
    Qualitative,
    /// `/`, `—`, `无`: the row does not apply; it is flagged and not scored.
    NotApplicable,
    /// A text that could not be read.
    Unreadable {
        /// Why, in Chinese.
        reason: String,
    },
}

impl fmt::Display for TargetKind {
    /// How the target was read, as a text that reads back the same (`≥90%`, `135家`,
    /// `2022年12月底前`, `定性`, `/`); an unreadable one says why.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Quantity {
                comparison,
                quantity,
            } => write!(f, "{}{quantity}", comparison.map_or("", Comparison::symbol)),
            Self::Range { low, high } => f.write_str(&range_text(low, high)),
            Self::Benchmark { comparison, scope } => {
                write!(f, "{}{}平均水平", comparison.symbol(), scope.label())
            }
            Self::Deadline { due } => write!(f, "{due}"),
            Self::Qualitative => f.write_str("定性"),
            Self::NotApplicable => f.write_str("/"),
            Self::Unreadable { reason } => write!(f, "无法识别（{reason}）"),
        }
    }
}

/// Reads a target text; never fails.
fn read_target(raw: &str) -> TargetKind {
    let text = normalise(raw);
    match read_target_text(&text) {
        Ok(kind) => kind,
        Err(reason) => TargetKind::Unreadable {
            reason: reason.to_string(),
        },
    }
}

fn read_target_text(text: &str) -> Result<TargetKind, ReadError> {
    if text.is_empty() {
        return Err(ReadError::Empty);
    }
    if is_not_applicable(text) {
        return Ok(TargetKind::NotApplicable);
    }
    if let Some((comparison, scope)) = benchmark::read_benchmark(text) {
        return Ok(TargetKind::Benchmark { comparison, scope });
    }
    if let Some(due) = deadline::read_due(text) {
        return due.map(|due| TargetKind::Deadline { due });
    }
    if let Some(range) = read_range(text) {
        return range.map(|(low, high)| TargetKind::Range { low, high });
    }
    let (before, rest) = operator::split_prefix(text);
    let rest = operator::strip_leading_words(rest);
    if starts_numeric(rest) {
        let (after, number) = operator::split_suffix(without_remark(rest));
        let comparison = before.or(after);
        if comparison.is_none_or(Comparison::is_upper_bound)
            && let Some(due) = deadline::read_due(number)
        {
            return due.map(|due| TargetKind::Deadline { due });
        }
        return match read_quantity(number) {
            Ok(quantity) => match deadline::read_due(&quantity.to_string()) {
                Some(due) if comparison.is_none_or(Comparison::is_upper_bound) => {
                    due.map(|due| TargetKind::Deadline { due })
                }
                _ => Ok(TargetKind::Quantity {
                    comparison,
                    quantity,
                }),
            },
            Err(ReadError::NotAUnit(_)) if has_cjk(rest) => Ok(TargetKind::Qualitative),
            Err(problem) => Err(problem),
        };
    }
    if has_cjk(rest) {
        return Ok(TargetKind::Qualitative);
    }
    if before.is_some() && rest.is_empty() {
        return Err(ReadError::OperatorOnly);
    }
    Err(ReadError::NotProse)
}

/// A target as written (`raw`) and as read (`kind`). On the wire it is the raw text; a JSON
/// number is taken as the text it is written with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    raw: String,
    kind: TargetKind,
}

impl Target {
    /// Reads a target text; a text that cannot be read is kept as [`TargetKind::Unreadable`].
    pub fn parse(raw: &str) -> Self {
        Self {
            raw: raw.to_owned(),
            kind: read_target(raw),
        }
    }

    /// The text as written on the form.
    pub fn raw(&self) -> &str {
        &self.raw
    }

    /// The reading.
    pub fn kind(&self) -> &TargetKind {
        &self.kind
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.raw)
    }
}

impl Serialize for Target {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.raw)
    }
}

impl<'de> Deserialize<'de> for Target {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        cell_text(deserializer).map(|raw| Self::parse(&raw))
    }
}

/// The text of a target or actual cell: a JSON string, or a JSON number as written.
fn cell_text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    match NumberInput::read_cell(deserializer)? {
        Some(text) => Ok(text),
        None => Err(serde::de::Error::custom("应为文本，不能为 null")),
    }
}

/// A cell's text as it is read: widths, spaces, remarks and a trailing `。` set aside.
pub(crate) fn normalised(raw: &str) -> String {
    normalise(raw)
}

/// True when two cells say the same once widths, spaces, remarks and a trailing `。` are set
/// aside (`≥ 90 %` and `≥90％`).
pub(crate) fn same_wording(a: &str, b: &str) -> bool {
    normalise(a) == normalise(b)
}

/// An actual value (实际完成值), read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ActualKind {
    /// A number with a unit (`136家`, `96%`); a leading operator (a copy of the target, `≥90%`),
    /// `约`, `左右` or a verb (`已完成96%`) is read past.
    Quantity {
        /// The number and unit.
        quantity: Quantity,
    },
    /// A day (`2022年年底以前`, `2022年11月30日`, `7月`).
    Date {
        /// The day the work was done by.
        on: Day,
    },
    /// Prose (`成效明显`, `已完成`, `没有发生安全事故`).
    Text,
    /// `/`, `—`, `无`: nothing to report.
    NotApplicable,
    /// A text that could not be read.
    Unreadable {
        /// Why, in Chinese.
        reason: String,
    },
}

fn read_actual(raw: &str) -> ActualKind {
    let text = normalise(raw);
    match read_actual_text(&text) {
        Ok(kind) => kind,
        Err(reason) => ActualKind::Unreadable {
            reason: reason.to_string(),
        },
    }
}

fn read_actual_text(text: &str) -> Result<ActualKind, ReadError> {
    if text.is_empty() {
        return Err(ReadError::Empty);
    }
    if is_not_applicable(text) {
        return Ok(ActualKind::NotApplicable);
    }
    if let Some(on) = deadline::read_actual_day(text) {
        return Ok(ActualKind::Date { on });
    }
    let (before, rest) = operator::split_prefix(text);
    let rest = operator::strip_leading_words(rest);
    if starts_numeric(rest) {
        let (_, number) = operator::split_suffix(without_remark(rest));
        return match read_quantity(number) {
            Ok(quantity) => Ok(ActualKind::Quantity { quantity }),
            Err(ReadError::NotAUnit(_)) if has_cjk(rest) => Ok(ActualKind::Text),
            Err(problem) => Err(problem),
        };
    }
    if has_cjk(rest) {
        return Ok(ActualKind::Text);
    }
    if before.is_some() && rest.is_empty() && has_cjk(text) {
        // a bare `达到` / `已达到`: words saying the target was reached, judged as wording
        return Ok(ActualKind::Text);
    }
    if before.is_some() && rest.is_empty() {
        return Err(ReadError::OperatorOnly);
    }
    Err(ReadError::NotProse)
}

/// An actual value as written (`raw`) and as read (`kind`). On the wire it is the raw text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actual {
    raw: String,
    kind: ActualKind,
}

impl Actual {
    /// Reads an actual value; a text that cannot be read is kept as
    /// [`ActualKind::Unreadable`].
    pub fn parse(raw: &str) -> Self {
        Self {
            raw: raw.to_owned(),
            kind: read_actual(raw),
        }
    }

    /// The text as written on the form.
    pub fn raw(&self) -> &str {
        &self.raw
    }

    /// The reading.
    pub fn kind(&self) -> &ActualKind {
        &self.kind
    }

    /// True when the actual repeats the target's own wording (`≥90%` against `≥90%`, spaces,
    /// widths and remarks aside): the evaluator reports the target as reached.
    pub fn copies(&self, target: &Target) -> bool {
        same_wording(&self.raw, &target.raw)
    }
}

impl fmt::Display for Actual {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.raw)
    }
}

impl Serialize for Actual {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.raw)
    }
}

impl<'de> Deserialize<'de> for Actual {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        cell_text(deserializer).map(|raw| Self::parse(&raw))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_target_of_the_seed_reads_back_as_itself() {
        for text in [
            "135家",
            "12家",
            "100%",
            "1个",
            "2022年年底以前",
            "64万元",
            "43.74万元",
            "≥全省平均水平",
            "成效明显",
            "不断加强",
            "持续推动",
            "≥90%",
        ] {
            let target = Target::parse(text);
            assert!(
                !matches!(target.kind(), TargetKind::Unreadable { .. }),
                "{text}"
            );
            assert_eq!(
                Target::parse(&target.kind().to_string()).kind(),
                target.kind()
            );
            assert_eq!(target.raw(), text);
        }
    }

    #[test]
    fn a_copy_of_the_target_is_recognised() {
        let target = Target::parse("≥ 90 %");
        assert!(Actual::parse("≥90％").copies(&target));
        assert!(!Actual::parse("96%").copies(&target));
    }
}
