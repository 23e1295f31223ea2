//! A cell's text made readable: full-width forms folded to ASCII, operator spellings unified
//! (`＞＝`, `>=`, `≧` → `≥`), spaces between cells written apart closed (`≥ 90 %` → `≥90%`),
//! bracketed remarks (`（含新增）`, `(其中新增3家)`) and approximation words (`约`, `左右`) set
//! aside, a trailing full stop dropped. The raw text is kept elsewhere; this is only for
//! reading it.

use crate::value::{fold_full_width, is_blank_cell};

/// The text of a cell, normalised for reading.
pub(crate) fn normalise(raw: &str) -> String {
    let folded: String = raw
        .chars()
        .map(fold_full_width)
        .map(|c| match c {
            '﹦' | '═' | '〓' => '=',
            '≧' | '⩾' => '≥',
            '≦' | '⩽' => '≤',
            '〜' => '~',
            '【' | '〔' | '［' => '[',
            '】' | '〕' | '］' => ']',
            other => other,
        })
        .filter(|c| !c.is_whitespace())
        .collect();
    let unified = folded
        .replace(">=", "≥")
        .replace("=>", "≥")
        .replace("<=", "≤")
        .replace("=<", "≤")
        .replace("==", "=");
    let without_remarks = drop_brackets(&unified);
    let mut text = without_remarks.as_str();
    loop {
        let trimmed =
            strip_approximation(text.trim_end_matches(['。', '.', ';', ',', '、', '!', '?']));
        if trimmed.len() == text.len() {
            break;
        }
        text = trimmed;
    }
    text.to_owned()
}

/// `text` without the words that make its number approximate: `约100万元`, `大约3家`,
/// `100万元左右` (only around a number, so `约束机制` stays as written).
fn strip_approximation(text: &str) -> &str {
    let numeric = |rest: &str| rest.starts_with(|c: char| c.is_ascii_digit());
    if let Some(rest) = ["大约", "约", "≈"]
        .iter()
        .find_map(|word| text.strip_prefix(word))
        .filter(|rest| numeric(rest))
    {
        return rest;
    }
    text.strip_suffix("左右")
        .filter(|rest| rest.contains(|c: char| c.is_ascii_digit()))
        .unwrap_or(text)
}

/// `text` without its bracketed remarks (`108家(含新增)` → `108家`); an unbalanced bracket is
/// kept as written.
fn drop_brackets(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    let mut pending = String::new();
    for c in text.chars() {
        match c {
            '(' | '[' => {
                depth += 1;
                pending.push(c);
            }
            ')' | ']' if depth > 0 => {
                depth -= 1;
                pending.push(c);
                if depth == 0 {
                    pending.clear();
                }
            }
            _ if depth > 0 => pending.push(c),
            _ => out.push(c),
        }
    }
    out.push_str(&pending);
    out
}

/// True for a CJK ideograph.
pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}' | '\u{f900}'..='\u{faff}')
}

/// True when the text has a CJK ideograph.
pub(crate) fn has_cjk(text: &str) -> bool {
    text.chars().any(is_cjk)
}

/// True for a (normalised, non-empty) cell that says the row does not apply: `/`, `—`, `无`,
/// `不适用`, `不涉及`, `N/A`.
pub(crate) fn is_not_applicable(text: &str) -> bool {
    is_blank_cell(text) || matches!(text, "不适用" | "不涉及" | "N/A" | "n/a" | "NA")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_normalised_for_reading() {
        for (raw, read) in [
            ("≥ 90 %", "≥90%"),
            ("﹦ 72890 元", "=72890元"),
            ("＞＝９０％", "≥90%"),
            ("≧90%", "≥90%"),
            ("108家（含新增）", "108家"),
            ("12家(其中新增3家)", "12家"),
            ("100%。", "100%"),
            ("约100万元", "100万元"),
            ("100万元左右", "100万元"),
            ("定性 优良中低差", "定性优良中低差"),
            ("约束机制健全", "约束机制健全"),
            ("(含", "(含"),
        ] {
            assert_eq!(normalise(raw), read, "{raw}");
        }
    }

    #[test]
    fn slashes_dashes_and_none_do_not_apply() {
        for text in ["/", "—", "——", "-", "无", "不适用", "N/A"] {
            assert!(is_not_applicable(text), "{text}");
        }
        assert!(!is_not_applicable("无重大安全事故"));
    }
}
