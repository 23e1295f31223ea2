//! serde's and serde_json's messages in Chinese. serde words them in English
//! (`missing field \`region\``, `invalid type: string "x", expected u32`); a person importing a
//! record reads Chinese, so each known shape is translated and the key it names is returned to
//! be put into the field path. Messages FundLens writes itself are Chinese already and pass
//! through unchanged.

/// The Chinese message for a data error, and the key it names (a missing, unknown or repeated
/// field).
pub(super) fn translate(message: &str) -> (String, Option<String>) {
    if let Some(key) = quoted(message, "missing field `") {
        return (format!("缺少必填字段“{key}”"), Some(key));
    }
    if let Some(key) = quoted(message, "duplicate field `") {
        return (
            format!("字段“{key}”重复出现（同一对象中只能写一次）"),
            Some(key),
        );
    }
    if let Some(key) = quoted(message, "unknown field `") {
        let allowed = allowed_list(message);
        return (
            format!("不认识的字段“{key}”{allowed}（可能是拼写错误）"),
            Some(key),
        );
    }
    if let Some(value) = quoted(message, "unknown variant `") {
        return (
            format!("不认识的取值“{value}”{}", allowed_list(message)),
            None,
        );
    }
    for (prefix, what) in [
        ("invalid type: ", "类型不对"),
        ("invalid value: ", "取值不对"),
    ] {
        if let Some(rest) = message.strip_prefix(prefix)
            && let Some((found, expected)) = rest.split_once(", expected ")
        {
            return (
                format!(
                    "{what}：应为{}，实际为{}",
                    expected_zh(expected),
                    found_zh(found)
                ),
                None,
            );
        }
    }
    if let Some(rest) = message.strip_prefix("invalid length ")
        && let Some((found, expected)) = rest.split_once(", expected ")
    {
        return (
            format!("长度不对：应为{}，实际为 {found} 项", expected_zh(expected)),
            None,
        );
    }
    if message.starts_with("data did not match any variant") {
        return ("内容与任何一种允许的写法都不符".to_owned(), None);
    }
    (message.to_owned(), None)
}

/// The Chinese wording of a serde_json syntax error.
pub(super) fn syntax(message: &str) -> String {
    let zh = match message {
        "EOF while parsing a list" => "列表未结束",
        "EOF while parsing an object" => "对象未结束",
        "EOF while parsing a string" => "文本未结束（缺少右引号）",
        "EOF while parsing a value" => "内容不完整",
        "expected `:`" => "缺少冒号“:”",
        "expected `,` or `]`" => "缺少逗号“,”或右方括号“]”",
        "expected `,` or `}`" => "缺少逗号“,”或右花括号“}”",
        "expected ident" => "无法识别的关键字",
        "expected value" => "此处应为一个值",
        "expected `\"`" => "缺少引号",
        "invalid escape" => "无效的转义符",
        "invalid number" => "无效的数值",
        "number out of range" => "数值超出范围",
        "invalid unicode code point" => "无效的 Unicode 字符",
        "key must be a string" => "对象的键必须是文本",
        "trailing comma" => "多余的逗号",
        "trailing characters" => "末尾有多余的字符",
        "recursion limit exceeded" => "嵌套层数过多",
        "lone leading surrogate in hex escape" | "unexpected end of hex escape" => {
            "无效的 Unicode 转义"
        }
        other if other.starts_with("control character") => "文本中有控制字符",
        _ => "无法解析",
    };
    zh.to_owned()
}

/// The text between `prefix` and the next backtick.
fn quoted(message: &str, prefix: &str) -> Option<String> {
    let rest = message.strip_prefix(prefix)?;
    rest.split_once('`').map(|(key, _)| key.to_owned())
}

/// `（可用：a、b）` from serde's `expected one of \`a\`, \`b\`` or `expected \`a\``.
fn allowed_list(message: &str) -> String {
    let Some((_, allowed)) = message.split_once("expected ") else {
        return String::new();
    };
    let names: Vec<&str> = allowed
        .trim_start_matches("one of ")
        .split(", ")
        .map(|name| name.trim_matches('`'))
        .filter(|name| !name.is_empty())
        .collect();
    if names.is_empty() {
        String::new()
    } else {
        format!("（可用：{}）", names.join("、"))
    }
}

/// What serde found, in Chinese (`string "abc"` → `文本“abc”`).
fn found_zh(found: &str) -> String {
    if let Some(text) = found
        .strip_prefix("string \"")
        .and_then(|t| t.strip_suffix('"'))
    {
        return format!("文本“{text}”");
    }
    for (english, chinese) in [
        ("integer `", "整数 "),
        ("floating point `", "小数 "),
        ("boolean `", "布尔值 "),
    ] {
        if let Some(value) = found.strip_prefix(english) {
            return format!("{chinese}{}", value.trim_end_matches('`'));
        }
    }
    match found {
        "null" | "unit value" => "null".to_owned(),
        "map" => "对象".to_owned(),
        "sequence" => "列表".to_owned(),
        other => other.to_owned(),
    }
}

/// What serde expected, in Chinese (`a string` → `文本`, `u32` → `整数`).
fn expected_zh(expected: &str) -> String {
    let expected = expected.trim();
    let zh = if expected.starts_with("struct ")
        || expected.starts_with("internally tagged enum")
        || expected == "a map"
    {
        "对象"
    } else if expected.starts_with("a sequence") || expected.starts_with("a tuple") {
        "列表"
    } else if expected.contains("string") {
        "文本"
    } else if [
        "i8", "i16", "i32", "i64", "u8", "u16", "u32", "u64", "usize", "isize",
    ]
    .contains(&expected)
        || expected.contains("integer")
    {
        "整数"
    } else if expected.contains("boolean") {
        "布尔值"
    } else if expected.contains("f64") || expected.contains("f32") || expected.contains("float") {
        "数值"
    } else {
        return expected.to_owned();
    };
    zh.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_messages_read_in_chinese() {
        assert_eq!(
            translate("missing field `region`"),
            ("缺少必填字段“region”".to_owned(), Some("region".to_owned()))
        );
        let (message, key) = translate("unknown field `regoin`, expected one of `region`, `year`");
        assert_eq!(key.as_deref(), Some("regoin"));
        assert!(message.contains("region、year"), "{message}");
        assert_eq!(
            translate("invalid type: string \"x\", expected i64").0,
            "类型不对：应为整数，实际为文本“x”"
        );
        assert_eq!(
            translate("invalid type: sequence, expected struct Evaluation").0,
            "类型不对：应为对象，实际为列表"
        );
        assert_eq!(translate("金额 -1 超出允许范围").0, "金额 -1 超出允许范围");
        assert_eq!(syntax("expected value"), "此处应为一个值");
    }
}
