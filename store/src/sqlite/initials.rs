//! `pinyin_initials(text)`, a SQL function on every connection: the first letter of each
//! character's pinyin (先进制造业 → `xjzzy`), so the fund search finds a fund by the initials a
//! person types. Computed when asked, over the programs table (hundreds of rows even at
//! province scale), rather than stored: nothing to keep in step when a fund is added.

use pinyin::ToPinyin;
use rusqlite::Connection;
use rusqlite::functions::FunctionFlags;

/// The lower-case pinyin initials of `text`; ASCII letters and digits are kept as they are
/// (lower-cased), anything else without a reading is left out.
/// The pinyin initials of `text` (ASCII letters and digits kept, lowercased).
pub(crate) fn initials(text: &str) -> String {
    text.chars()
        .zip(text.to_pinyin())
        .filter_map(|(character, reading)| match reading {
            Some(reading) => reading.first_letter().chars().next(),
            None if character.is_ascii_alphanumeric() => Some(character.to_ascii_lowercase()),
            None => None,
        })
        .collect()
}

/// Registers `pinyin_initials` on `connection`.
pub(super) fn register(connection: &Connection) -> rusqlite::Result<()> {
    connection.create_scalar_function(
        "pinyin_initials",
        1,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |context| Ok(initials(&context.get::<String>(0)?)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initials_of_fund_names() {
        assert_eq!(initials("先进制造业高质量发展专项资金"), "xjzzygzlfzzxzj");
        assert_eq!(initials("5G网络建设（2022年）"), "5gwljs2022n");
        let connection = Connection::open_in_memory().expect("memory");
        register(&connection).expect("register");
        let found: String = connection
            .query_row("SELECT pinyin_initials('中小企业发展')", [], |row| {
                row.get(0)
            })
            .expect("query");
        assert_eq!(found, "zxqyfz");
    }
}
