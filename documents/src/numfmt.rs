//! A spreadsheet number as its cell shows it, by the cell's number format (Excel's format codes):
//! `0.00%` shows 0.973 as `97.30%`, `#,##0.00` shows 1234.5 as `1,234.50`, `0.00"万元"` shows
//! 64 as `64.00万元`, `General` shows the number as written. Sections (`正;负;零;文本`), colours
//! and locales in brackets, quoted and escaped literals, `_x` spacing and `*x` fills are followed
//! as Excel follows them; rounding is half away from zero, on the decimal the file stores. Dates
//! are shown by the reader (calamine recognises date formats); a format this module does not
//! know how to draw (scientific, fractions) gives `None` and the number is shown as stored.

use rust_decimal::{Decimal, RoundingStrategy};

/// The text a cell holding `value` shows under `format`; `None` when the format is `General`
/// (the number is shown as stored) or one this module does not draw.
pub(crate) fn shown(value: f64, format: &str) -> Option<String> {
    let format = format.trim();
    if format.is_empty() || format.eq_ignore_ascii_case("general") || format == "@" {
        return None;
    }
    let stored: Decimal = super::xlsx::shortest(value).parse().ok()?;
    let sections = split_sections(format);
    let first = *sections.first()?;
    let negative = stored.is_sign_negative() && !stored.is_zero();
    let (section, magnitude, sign) = if negative {
        match sections.get(1) {
            Some(section) => (*section, -stored, ""),
            None => (first, -stored, "-"),
        }
    } else if stored.is_zero() {
        (sections.get(2).copied().unwrap_or(first), stored, "")
    } else {
        (first, stored, "")
    };
    let tokens = tokens(section)?;
    let body = draw(&tokens, magnitude)?;
    Some(format!("{sign}{body}"))
}

/// The format's sections, split at unquoted `;`.
fn split_sections(format: &str) -> Vec<&str> {
    let mut sections = Vec::new();
    let mut start = 0;
    let mut quoted = false;
    let mut escaped = false;
    for (at, c) in format.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => quoted = !quoted,
            ';' if !quoted => {
                sections.push(&format[start..at]);
                start = at + 1;
            }
            _ => {}
        }
    }
    sections.push(&format[start..]);
    sections
}

/// A piece of a format section.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    /// Text shown as it is.
    Literal(String),
    /// A digit placeholder (`0`, `#`, `?`), the decimal point or a thousands comma.
    Digit(char),
    /// `%`: the number is shown in hundredths.
    Percent,
}

/// The tokens of a section; `None` for a date, time, scientific or fraction format.
fn tokens(section: &str) -> Option<Vec<Token>> {
    let mut tokens = Vec::new();
    let mut chars = section.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                let literal: String = chars.by_ref().take_while(|c| *c != '"').collect();
                tokens.push(Token::Literal(literal));
            }
            '\\' => tokens.extend(chars.next().map(|c| Token::Literal(c.to_string()))),
            '[' => {
                let inside: String = chars.by_ref().take_while(|c| *c != ']').collect();
                // `[$¥-804]`: a currency sign before its locale; colours and conditions show
                // nothing.
                if let Some(currency) = inside.strip_prefix('$') {
                    let sign = currency.split('-').next().unwrap_or("");
                    tokens.push(Token::Literal(sign.to_owned()));
                }
            }
            '_' => {
                chars.next();
                tokens.push(Token::Literal(" ".to_owned()));
            }
            '*' => {
                chars.next();
            }
            '0' | '#' | '?' | '.' | ',' => tokens.push(Token::Digit(c)),
            '%' => tokens.push(Token::Percent),
            'E' | 'e' | '/' | 'y' | 'Y' | 'm' | 'M' | 'd' | 'D' | 'h' | 'H' | 's' | 'S' => {
                return None;
            }
            '@' => return None,
            other => tokens.push(Token::Literal(other.to_string())),
        }
    }
    Some(tokens)
}

/// The number drawn into the section's tokens.
fn draw(tokens: &[Token], value: Decimal) -> Option<String> {
    let percent = tokens.iter().filter(|t| **t == Token::Percent).count();
    let digits: Vec<char> = tokens
        .iter()
        .filter_map(|t| match t {
            Token::Digit(c) => Some(*c),
            _ => None,
        })
        .collect();
    let point = digits.iter().position(|c| *c == '.');
    let (integer, fraction) = match point {
        Some(at) => (&digits[..at], &digits[at + 1..]),
        None => (&digits[..], &digits[digits.len()..]),
    };
    // Commas after the last integer placeholder divide by a thousand each; between
    // placeholders they group thousands.
    let trailing_commas = integer.iter().rev().take_while(|c| **c == ',').count();
    let grouped = integer[..integer.len() - trailing_commas].contains(&',');
    let mut scaled = value;
    for _ in 0..percent {
        scaled *= Decimal::ONE_HUNDRED;
    }
    for _ in 0..trailing_commas {
        scaled /= Decimal::from(1000);
    }
    let decimals = u32::try_from(
        fraction
            .iter()
            .filter(|c| matches!(c, '0' | '#' | '?'))
            .count(),
    )
    .ok()?;
    let required = fraction.iter().filter(|c| **c == '0').count();
    let rounded = scaled.round_dp_with_strategy(decimals, RoundingStrategy::MidpointAwayFromZero);
    let text = format!("{:.*}", decimals as usize, rounded);
    let (whole, part) = text.split_once('.').unwrap_or((&text, ""));
    let mut part = part.to_owned();
    while part.len() > required && part.ends_with('0') {
        part.pop();
    }
    let min_whole = integer.iter().filter(|c| **c == '0').count();
    let whole = if whole == "0" && min_whole == 0 {
        String::new()
    } else {
        format!("{whole:0>min_whole$}")
    };
    let whole = if grouped { group(&whole) } else { whole };
    let number = if part.is_empty() {
        whole
    } else {
        format!("{whole}.{part}")
    };
    let mut out = String::new();
    let mut drawn = false;
    for token in tokens {
        match token {
            Token::Literal(text) => out.push_str(text),
            Token::Percent => out.push('%'),
            Token::Digit(_) if !drawn => {
                out.push_str(&number);
                drawn = true;
            }
            Token::Digit(_) => {}
        }
    }
    if !drawn {
        return None;
    }
    Some(out.trim().to_owned())
}

/// `1234567` as `1,234,567`.
fn group(whole: &str) -> String {
    let digits: Vec<char> = whole.chars().collect();
    let mut out = String::new();
    for (at, c) in digits.iter().enumerate() {
        if at > 0 && (digits.len() - at).is_multiple_of(3) {
            out.push(',');
        }
        out.push(*c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_show_as_their_formats_draw_them() {
        assert_eq!(shown(0.973, "0.00%").as_deref(), Some("97.30%"));
        assert_eq!(shown(1.0, "0.00%").as_deref(), Some("100.00%"));
        assert_eq!(shown(0.978, "0%").as_deref(), Some("98%"));
        assert_eq!(shown(0.0, "0.00%").as_deref(), Some("0.00%"));
        assert_eq!(shown(10.0, "0.00").as_deref(), Some("10.00"));
        assert_eq!(shown(1234.5, "#,##0.00").as_deref(), Some("1,234.50"));
        assert_eq!(shown(64.0, "0.00\"万元\"").as_deref(), Some("64.00万元"));
        assert_eq!(shown(135.0, "0\"家\"").as_deref(), Some("135家"));
        assert_eq!(shown(2.5, "0").as_deref(), Some("3"));
        assert_eq!(shown(-3.0, "0.0;[Red]-0.0").as_deref(), Some("-3.0"));
        assert_eq!(shown(-3.0, "0.0").as_deref(), Some("-3.0"));
        assert_eq!(shown(7520000.0, "#,##0,").as_deref(), Some("7,520"));
        assert_eq!(shown(5.0, "[$¥-804]#,##0.00").as_deref(), Some("¥5.00"));
        assert_eq!(shown(95.8, "0.0_ ").as_deref(), Some("95.8"));
        assert_eq!(shown(3.0, "General"), None);
        assert_eq!(shown(44926.0, "yyyy\"年\"m\"月\"d\"日\""), None);
    }
}
