//! Comparison operators as forms write them: symbols in every width and spelling, and the words
//! in front of a number (`不低于`, `不超过`, `达到`) or after it (`以上`, `以内`).
//!
//! `以上`, `以下` and `以内` include the number itself (as 《民法典》第一千二百五十九条 reads
//! them): `90%以上` is "at least 90%". `高于` and `低于` exclude it.

use serde::{Deserialize, Serialize};

/// How a target compares the actual value with its number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Comparison {
    /// `≥`, `不低于`, `不少于`, `至少`, `达到`, `…以上`.
    AtLeast,
    /// `>`, `高于`, `大于`, `超过`.
    GreaterThan,
    /// `≤`, `不高于`, `不超过`, `…以内`, `…以下`.
    AtMost,
    /// `<`, `低于`, `小于`, `不足`.
    LessThan,
    /// `=`, `＝`, `﹦`, `═`, `等于`.
    Equal,
}

impl Comparison {
    /// The comparison a cell written to hold only an operator states (a 指标性质 column:
    /// `≥`, `＞＝`, `≧`, `﹦`, `不低于`, `以上`); `None` when the cell says anything more.
    pub fn alone(text: &str) -> Option<Self> {
        let text = super::text::normalise(text);
        match split_prefix(&text) {
            (Some(comparison), "") => Some(comparison),
            (None, rest) => match split_suffix(rest) {
                (Some(comparison), "") => Some(comparison),
                _ => None,
            },
            _ => None,
        }
    }

    /// The mathematical symbol shown in explanations (and read back by the parser).
    pub fn symbol(self) -> &'static str {
        match self {
            Self::AtLeast => "≥",
            Self::GreaterThan => ">",
            Self::AtMost => "≤",
            Self::LessThan => "<",
            Self::Equal => "=",
        }
    }

    /// The comparison in words (`不低于`, `高于`, `不高于`, `低于`, `等于`).
    pub fn words(self) -> &'static str {
        match self {
            Self::AtLeast => "不低于",
            Self::GreaterThan => "高于",
            Self::AtMost => "不高于",
            Self::LessThan => "低于",
            Self::Equal => "等于",
        }
    }

    /// True for a lower bound (`≥`, `>`).
    pub fn is_lower_bound(self) -> bool {
        matches!(self, Self::AtLeast | Self::GreaterThan)
    }

    /// True for an upper bound (`≤`, `<`).
    pub fn is_upper_bound(self) -> bool {
        matches!(self, Self::AtMost | Self::LessThan)
    }
}

/// Operators in front of a number, on normalised text (full-width forms already folded and
/// `>=` already `≥`).
const PREFIXES: &[(&str, Comparison)] = &[
    ("≥", Comparison::AtLeast),
    ("≤", Comparison::AtMost),
    (">", Comparison::GreaterThan),
    ("<", Comparison::LessThan),
    ("=", Comparison::Equal),
    ("不低于", Comparison::AtLeast),
    ("不低於", Comparison::AtLeast),
    ("不少于", Comparison::AtLeast),
    ("不少於", Comparison::AtLeast),
    ("不小于", Comparison::AtLeast),
    ("不小於", Comparison::AtLeast),
    ("大于等于", Comparison::AtLeast),
    ("大于或等于", Comparison::AtLeast),
    ("高于或等于", Comparison::AtLeast),
    ("至少", Comparison::AtLeast),
    ("最少", Comparison::AtLeast),
    ("达到", Comparison::AtLeast),
    ("达", Comparison::AtLeast),
    ("高于", Comparison::GreaterThan),
    ("高於", Comparison::GreaterThan),
    ("大于", Comparison::GreaterThan),
    ("大於", Comparison::GreaterThan),
    ("超过", Comparison::GreaterThan),
    ("超過", Comparison::GreaterThan),
    ("多于", Comparison::GreaterThan),
    ("不高于", Comparison::AtMost),
    ("不高於", Comparison::AtMost),
    ("不超过", Comparison::AtMost),
    ("不超過", Comparison::AtMost),
    ("不大于", Comparison::AtMost),
    ("不大於", Comparison::AtMost),
    ("不多于", Comparison::AtMost),
    ("小于等于", Comparison::AtMost),
    ("小于或等于", Comparison::AtMost),
    ("低于或等于", Comparison::AtMost),
    ("至多", Comparison::AtMost),
    ("最多", Comparison::AtMost),
    ("控制在", Comparison::AtMost),
    ("低于", Comparison::LessThan),
    ("低於", Comparison::LessThan),
    ("小于", Comparison::LessThan),
    ("小於", Comparison::LessThan),
    ("少于", Comparison::LessThan),
    ("不足", Comparison::LessThan),
    ("等于", Comparison::Equal),
    ("等於", Comparison::Equal),
];

/// Operators after a number, longest first.
const SUFFIXES: &[(&str, Comparison)] = &[
    ("及以上", Comparison::AtLeast),
    ("以上", Comparison::AtLeast),
    ("及以下", Comparison::AtMost),
    ("以下", Comparison::AtMost),
    ("及以内", Comparison::AtMost),
    ("以内", Comparison::AtMost),
    ("之内", Comparison::AtMost),
    ("内", Comparison::AtMost),
];

/// Verbs in front of a number that say nothing about the comparison (`完成135家`, `累计12家`);
/// an actual value may also say it was done (`已完成96%`).
const LEADING_WORDS: &[&str] = &[
    "实际完成",
    "已完成",
    "已达到",
    "完成了",
    "完成",
    "实现",
    "累计",
    "共计",
    "合计",
    "共",
    "全年",
    "年度",
    "实际",
    "计",
    "为",
];

/// Words after a number that complete the sentence without changing it (`30日内完成`, `96%左右`).
const TRAILING_WORDS: &[&str] = &["完成", "办结", "到位", "左右"];

/// Splits the operator in front of `text`, longest spelling first.
pub(crate) fn split_prefix(text: &str) -> (Option<Comparison>, &str) {
    PREFIXES
        .iter()
        .filter(|(spelling, _)| text.starts_with(spelling))
        .max_by_key(|(spelling, _)| spelling.len())
        .map_or((None, text), |(spelling, comparison)| {
            (Some(*comparison), &text[spelling.len()..])
        })
}

/// Splits the operator after `text` (`90%以上` → at least, `90%`); a word written twice
/// (`90%以上以上`) is read once, the one nearest the number deciding.
pub(crate) fn split_suffix(text: &str) -> (Option<Comparison>, &str) {
    let mut rest = text;
    let mut found = None;
    loop {
        let before = rest;
        rest = TRAILING_WORDS
            .iter()
            .find_map(|word| rest.strip_suffix(word))
            .unwrap_or(rest);
        if let Some((comparison, shorter)) = SUFFIXES.iter().find_map(|(spelling, comparison)| {
            rest.strip_suffix(spelling)
                .map(|shorter| (*comparison, shorter))
        }) {
            found = Some(comparison);
            rest = shorter;
        }
        if rest.len() == before.len() {
            return (found, rest);
        }
    }
}

/// `text` without a leading verb (`完成135家` → `135家`), when a number follows it.
pub(crate) fn strip_leading_words(text: &str) -> &str {
    LEADING_WORDS
        .iter()
        .find_map(|word| {
            text.strip_prefix(word)
                .filter(|rest| rest.starts_with(|c: char| c.is_ascii_digit() || c == '-'))
        })
        .unwrap_or(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_operator_cell_is_read_alone() {
        assert_eq!(Comparison::alone("≧"), Some(Comparison::AtLeast));
        assert_eq!(Comparison::alone("﹦"), Some(Comparison::Equal));
        assert_eq!(Comparison::alone(" >= "), Some(Comparison::AtLeast));
        assert_eq!(Comparison::alone("不高于"), Some(Comparison::AtMost));
        assert_eq!(Comparison::alone("≥90%"), None);
        assert_eq!(Comparison::alone("定性"), None);
    }

    #[test]
    fn longest_spelling_wins() {
        assert_eq!(
            split_prefix("不低于90%"),
            (Some(Comparison::AtLeast), "90%")
        );
        assert_eq!(split_prefix("低于5%"), (Some(Comparison::LessThan), "5%"));
        assert_eq!(
            split_prefix("不少于3家"),
            (Some(Comparison::AtLeast), "3家")
        );
        assert_eq!(split_prefix("135家"), (None, "135家"));
        assert_eq!(
            split_suffix("90%及以上"),
            (Some(Comparison::AtLeast), "90%")
        );
        assert_eq!(
            split_suffix("30日内完成"),
            (Some(Comparison::AtMost), "30日")
        );
        assert_eq!(strip_leading_words("已完成96%"), "96%");
        assert_eq!(strip_leading_words("完成情况良好"), "完成情况良好");
    }
}
