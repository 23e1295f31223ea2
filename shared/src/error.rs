//! The errors of the domain edge: what was wrong, and in which field. Messages are Chinese,
//! the sentences a person reads; field paths and variant names are the stable English part.
//!
//! Parsing never panics and never half-accepts a record: the first problem found is returned
//! as a [`FieldError`] with the JSON path of the field (`funding.total.executed`). The typed
//! errors below say what is wrong with one value before the path is known.

use serde::{Deserialize, Serialize};

/// A rejected value: the path of the field and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{}", self.describe())]
pub struct FieldError {
    /// JSON path of the offending field, e.g. `indicators[3].weight`; empty for the whole record.
    pub field: String,
    /// What is wrong, in Chinese.
    pub message: String,
}

impl FieldError {
    /// An error for `field` with `message`.
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }

    /// The same error, one level deeper: `prefix` is put in front of the field path.
    #[must_use]
    pub fn within(mut self, prefix: &str) -> Self {
        self.field = join_path(prefix, &self.field);
        self
    }

    fn describe(&self) -> String {
        if self.field.is_empty() {
            self.message.clone()
        } else {
            format!("{}: {}", self.field, self.message)
        }
    }
}

/// One problem with one record of a request, or with the request itself: the `errors[]` items
/// of every refusal the API answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordError {
    /// Position of the record in the request (0-based; 0 for the request as a whole).
    pub record: usize,
    /// The record's key (`program / region / year`) when it could be read.
    pub key: Option<String>,
    /// JSON path of the field within the record, or the parameter or header at fault (empty
    /// for the whole record).
    pub field: String,
    /// What is wrong, in Chinese.
    pub message: String,
}

impl RecordError {
    /// A problem with the request as a whole, named by its field, parameter or header.
    pub fn field(field: &str, message: impl Into<String>) -> Self {
        Self {
            record: 0,
            key: None,
            field: field.to_owned(),
            message: message.into(),
        }
    }
}

/// The body of every refusal the API answers: a stable English `error` code, a Chinese
/// `message` a person can act on (the pages show it as is), and for refused records or
/// parameters the list of what is at fault. The server writes it; the pages read it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// The stable code (`invalid`, `conflict`, `bad_parameter`…).
    pub error: String,
    /// What went wrong, in Chinese.
    pub message: String,
    /// The records, fields, parameters or headers at fault.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<RecordError>,
}

/// `prefix` and `path` joined as a JSON path (`indicators` + `[2].weight`, `funding` + `total`).
pub(crate) fn join_path(prefix: &str, path: &str) -> String {
    match (prefix.is_empty(), path.is_empty()) {
        (true, _) => path.to_owned(),
        (false, true) => prefix.to_owned(),
        (false, false) if path.starts_with('[') => format!("{prefix}{path}"),
        (false, false) => format!("{prefix}.{path}"),
    }
}

/// Why a text is not a number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NumberError {
    /// Nothing was written.
    #[error("应填数值，但未填写")]
    Empty,
    /// The text is not a decimal number.
    #[error("“{0}”不是数值")]
    NotANumber(String),
    /// Thousands separators that do not group three digits (`593,04`).
    #[error("“{0}”的千分位分隔不对：逗号只能每三位一组（如 72,890）")]
    Grouping(String),
    /// More digits than a decimal keeps exactly (28 significant digits).
    #[error("“{0}”的位数过多，无法精确保存")]
    TooPrecise(String),
    /// Larger than any decimal.
    #[error("“{0}”超出数值范围")]
    TooLarge(String),
}

/// Why a number is not acceptable for its field (a weight above 100, a negative amount).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ValueError {
    /// The text could not be read as a number.
    #[error(transparent)]
    Number(#[from] NumberError),
    /// The number lies outside the field's range.
    #[error("{what} {value} 超出允许范围：{range}")]
    OutOfRange {
        /// What the field holds (`金额`, `分值`).
        what: &'static str,
        /// The value as read.
        value: String,
        /// The allowed range in words.
        range: &'static str,
    },
    /// The number has more decimals than the field keeps.
    #[error("{what} {value} 的小数位过多：{precision}")]
    TooPrecise {
        /// What the field holds.
        what: &'static str,
        /// The value as read.
        value: String,
        /// The precision kept, in words.
        precision: &'static str,
    },
    /// A word that is not one of the allowed ones (a grade, a policy).
    #[error("“{value}”不是有效的{what}（可用：{allowed}）")]
    NotAllowed {
        /// What the field holds.
        what: &'static str,
        /// The text as written.
        value: String,
        /// The allowed values.
        allowed: &'static str,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_nest_and_messages_name_the_field() {
        let error = FieldError::new("weight", "必须大于0").within("indicators[2]");
        assert_eq!(error.field, "indicators[2].weight");
        assert_eq!(error.within("[1]").field, "[1].indicators[2].weight");
        assert_eq!(FieldError::new("", "x").within("funding").field, "funding");
        assert_eq!(FieldError::new("year", "超出").to_string(), "year: 超出");
    }
}
