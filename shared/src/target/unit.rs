//! Units of measure as forms write them: `家`, `%`, `‰`, `万元`, `km`, `m²`, and compound ones
//! (`元/人*月`, `元/户`, `人/天`, `400元/人、天`). `百分比` is `%`; the marks that multiply two
//! units (`*`, `×`, `·`, `、`) are all written `·`. Only 元, 万元 and 亿元 convert into each
//! other; any other difference of units makes two quantities incomparable.

use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::reason::ReadError;
use super::text::is_cjk;

/// A unit of measure, in its canonical spelling; empty for a pure number.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Unit(String);

/// Signs that are a unit on their own.
const SYMBOLS: &[char] = &['%', '‰', '‱', '℃', '㎡', '㎥', '㎞', '㎏', '°'];

/// Longest CJK word taken as one unit (`万千瓦时`, `平方公里`, `个百分点`).
const LONGEST_CJK: usize = 4;

/// Longest run of Latin letters taken as one unit (`kWh`, `km`).
const LONGEST_LATIN: usize = 5;

/// Most units a compound unit joins (`元/人·月` joins three).
const MOST_PARTS: usize = 4;

impl Unit {
    /// Reads a unit text (`家`, `％`, `百分比`, `元/人*月`) into its canonical spelling.
    ///
    /// # Errors
    /// When the text mixes scripts or signs in a way no unit is written.
    pub fn parse(text: &str) -> Result<Self, ReadError> {
        let folded: String = text
            .chars()
            .map(crate::value::fold_full_width)
            .filter(|c| !c.is_whitespace())
            .collect();
        let text = folded.as_str();
        let canonical = match text {
            "百分比" | "%" => "%".to_owned(),
            "百分点" | "个百分点" => "个百分点".to_owned(),
            other => other
                .chars()
                .map(|c| match c {
                    '*' | '×' | '·' | '、' | '•' | '・' => '·',
                    other => other,
                })
                .collect(),
        };
        if canonical.is_empty() || well_formed(&canonical) {
            Ok(Self(canonical))
        } else {
            Err(ReadError::NotAUnit(text.to_owned()))
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

/// True when `text` is units joined by `/` or `·`, each a CJK word, a Latin word (with an
/// optional power, `m2`, `m³`) or a sign.
fn well_formed(text: &str) -> bool {
    let parts: Vec<&str> = text.split(['/', '·']).collect();
    parts.len() <= MOST_PARTS && parts.iter().all(|part| is_unit_word(part))
}

fn is_unit_word(word: &str) -> bool {
    let count = word.chars().count();
    let mut chars = word.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    if count == 1 && SYMBOLS.contains(&first) {
        return true;
    }
    if word == "°C" {
        return true;
    }
    if word.chars().all(is_cjk) {
        return count <= LONGEST_CJK;
    }
    let letters = word.trim_end_matches(['2', '3', '²', '³']);
    !letters.is_empty()
        && letters.len() <= LONGEST_LATIN
        && letters.chars().all(|c| c.is_ascii_alphabetic())
        && word.len() - letters.len() <= 2
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn unit(text: &str) -> String {
        Unit::parse(text).expect(text).0
    }

    #[test]
    fn units_as_forms_write_them() {
        assert_eq!(unit("家"), "家");
        assert_eq!(unit("百分比"), "%");
        assert_eq!(unit("‰"), "‰");
        assert_eq!(unit("元/人*月"), "元/人·月");
        assert_eq!(unit("元/人、天"), "元/人·天");
        assert_eq!(unit("元/户"), "元/户");
        assert_eq!(unit("人/天"), "人/天");
        assert_eq!(unit("km"), "km");
        assert_eq!(unit("m2"), "m2");
        assert_eq!(unit("万千瓦时"), "万千瓦时");
        for nonsense in ["%abc", "abc123", "家企业入规模", "a/b/c/d/e", "$"] {
            assert!(Unit::parse(nonsense).is_err(), "{nonsense}");
        }
    }

    #[test]
    fn money_units_convert_and_others_do_not() {
        let wan = unit("万元");
        let yi = Unit::parse("亿元").expect("unit");
        assert_eq!(yi.conversion_to(&Unit(wan)), Some(dec!(10000)));
        let percent = Unit::parse("%").expect("unit");
        let per_mille = Unit::parse("‰").expect("unit");
        assert_eq!(percent.conversion_to(&per_mille), None);
    }
}
