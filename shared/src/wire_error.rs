//! Serde's English error messages, said in Chinese for the person who sent the data.
//!
//! `serde` and its formats (JSON, URL query strings) report a wrong value in English
//! ("unknown variant `x`, expected one of `a`, `b`", "invalid digit found in string"). Every
//! message a user reads is Chinese, so the edges (the record's JSON, the API's query
//! parameters) pass serde's text through [`in_chinese`]; the allowed values and the offending
//! text are kept as they were written.

/// The Chinese form of a serde error message; text it does not recognise is kept, prefixed
/// with 格式错误 so the reader still sees what the parser said. A message FundLens wrote itself
/// (already Chinese, from a field's own check) is kept as it is.
pub fn in_chinese(message: &str) -> String {
    let message = strip_position(message);
    if let Some(rest) = message.strip_prefix("unknown variant ") {
        return match rest.split_once(", expected one of ") {
            Some((value, allowed)) => {
                format!("取值 {} 无效，可选：{}", unquote(value), list(allowed))
            }
            None => match rest.split_once(", expected ") {
                Some((value, allowed)) => {
                    format!("取值 {} 无效，应为 {}", unquote(value), list(allowed))
                }
                None => format!("取值 {} 无效", unquote(rest)),
            },
        };
    }
    if let Some(rest) = message.strip_prefix("unknown field ") {
        let field = rest.split(", expected").next().unwrap_or(rest);
        return format!("未知字段 {}（拼写错误？）", unquote(field));
    }
    if let Some(field) = message.strip_prefix("missing field ") {
        return format!("缺少必填字段 {}", unquote(field));
    }
    if let Some(field) = message.strip_prefix("duplicate field ") {
        return format!("字段 {} 重复出现", unquote(field));
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        return match rest.split_once(", expected ") {
            Some((found, expected)) => {
                format!("类型错误：收到 {}，应为 {}", kind(found), kind(expected))
            }
            None => format!("类型错误：{rest}"),
        };
    }
    if let Some(rest) = message.strip_prefix("invalid value: ") {
        return match rest.split_once(", expected ") {
            Some((found, expected)) => {
                format!("取值无效：收到 {}，应为 {}", kind(found), kind(expected))
            }
            None => format!("取值无效：{rest}"),
        };
    }
    match message {
        "invalid digit found in string" => "不是有效的整数".to_owned(),
        "cannot parse integer from empty string" => "不能为空，应为整数".to_owned(),
        "number too large to fit in target type" => "数值过大".to_owned(),
        "number too small to fit in target type" => "数值过小".to_owned(),
        "invalid float literal" => "不是有效的数字".to_owned(),
        "provided string was not `true` or `false`" => "应为 true 或 false".to_owned(),
        "EOF while parsing a value"
        | "EOF while parsing an object"
        | "EOF while parsing a list"
        | "EOF while parsing a string" => "JSON 不完整（意外结束）".to_owned(),
        "expected value" => "此处应为一个值".to_owned(),
        "expected `,` or `}`" => "此处应为“,”或“}”".to_owned(),
        "expected `,` or `]`" => "此处应为“,”或“]”".to_owned(),
        "expected `:`" => "此处应为“:”".to_owned(),
        "key must be a string" => "对象的键必须是带引号的文本".to_owned(),
        "trailing comma" => "多余的逗号".to_owned(),
        "trailing characters" => "JSON 之后还有多余的字符".to_owned(),
        "invalid number" => "不是有效的数字".to_owned(),
        "invalid escape" => "无效的转义字符".to_owned(),
        "number out of range" => "数值超出范围".to_owned(),
        "recursion limit exceeded" => "嵌套层数过多".to_owned(),
        "invalid unicode code point"
        | "lone leading surrogate in hex escape"
        | "unexpected end of hex escape" => "无效的 Unicode 字符".to_owned(),
        "expected ident" => "无法识别的关键字".to_owned(),
        "expected `\"`" => "此处应为引号".to_owned(),
        other if other.starts_with("control character") => "文本中有控制字符".to_owned(),
        other
            if other
                .chars()
                .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)) =>
        {
            other.to_owned()
        }
        other => format!("格式错误：{other}"),
    }
}

/// Drops serde_json's ` at line L column C` suffix.
fn strip_position(message: &str) -> &str {
    message
        .rfind(" at line ")
        .map_or(message, |at| &message[..at])
}

/// `` `a`, `b` `` → `a、b`; `` `a` or `b` `` → `a 或 b`.
fn list(allowed: &str) -> String {
    allowed
        .split(", ")
        .flat_map(|part| part.split(" or "))
        .map(unquote)
        .collect::<Vec<_>>()
        .join("、")
}

fn unquote(text: &str) -> &str {
    text.trim().trim_matches('`')
}

/// serde's names of JSON kinds in Chinese (`a string` → 文本), values in quotes kept.
fn kind(text: &str) -> String {
    let text = text.trim();
    let known = [
        ("a string", "文本"),
        ("string", "文本"),
        ("a map", "对象"),
        ("map", "对象"),
        ("a sequence", "列表"),
        ("sequence", "列表"),
        ("a boolean", "布尔值"),
        ("boolean", "布尔值"),
        ("null", "null"),
        ("unit value", "空值"),
        ("i32", "整数"),
        ("u32", "非负整数"),
        ("i64", "整数"),
        ("u64", "非负整数"),
        ("u16", "非负整数"),
        ("u8", "非负整数"),
        ("a number", "数字"),
        ("a year", "年份"),
        ("struct ", "对象"),
    ];
    for (english, chinese) in known {
        if text == english || (english.ends_with(' ') && text.starts_with(english)) {
            return chinese.to_owned();
        }
    }
    if let Some(value) = text.strip_prefix("string ") {
        return format!("文本 {value}");
    }
    if let Some(value) = text
        .strip_prefix("integer ")
        .or_else(|| text.strip_prefix("floating point "))
    {
        return format!("数字 {value}");
    }
    if let Some(value) = text.strip_prefix("boolean ") {
        return format!("布尔值 {value}");
    }
    text.to_owned()
}

#[cfg(test)]
mod tests {
    use super::in_chinese;

    #[test]
    fn the_common_serde_messages_read_in_chinese_with_the_values_kept() {
        let cases = [
            (
                "unknown variant `bogus`, expected one of `all`, `real`, `sample`",
                "取值 bogus 无效，可选：all、real、sample",
            ),
            (
                "unknown variant `x`, expected `a` or `b`",
                "取值 x 无效，应为 a、b",
            ),
            ("missing field `region`", "缺少必填字段 region"),
            (
                "unknown field `regoin`, expected one of `region`, `year`",
                "未知字段 regoin（拼写错误？）",
            ),
            ("invalid digit found in string", "不是有效的整数"),
            (
                "invalid type: string \"abc\", expected i32 at line 1 column 9",
                "类型错误：收到 文本 \"abc\"，应为 整数",
            ),
        ];
        for (english, chinese) in cases {
            assert_eq!(in_chinese(english), chinese, "{english}");
        }
    }

    #[test]
    fn an_unknown_message_is_kept_behind_a_chinese_prefix() {
        assert_eq!(in_chinese("something new"), "格式错误：something new");
    }

    #[test]
    fn a_message_already_in_chinese_is_kept() {
        assert_eq!(
            in_chinese("金额 -1 超出允许范围 at line 3 column 7"),
            "金额 -1 超出允许范围"
        );
    }
}
