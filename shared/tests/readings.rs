//! Targets and actuals as real forms write them: one table per family, raw text → reading.
//! A target's reading is written as the text it reads back as (`≥90%`, `12月底前`, `定性`, `/`);
//! an unreadable one as `?`.

use fundlens_shared::target::{Actual, ActualKind, Target, TargetKind};

/// The reading of a target: its canonical text, or `?` when it cannot be read.
fn read(text: &str) -> String {
    match Target::parse(text).kind() {
        TargetKind::Unreadable { .. } => "?".to_owned(),
        kind => kind.to_string(),
    }
}

/// The reading of an actual: `136家`, `date 7月底`, `text`, `/`, `?`.
fn actual(text: &str) -> String {
    match Actual::parse(text).kind() {
        ActualKind::Quantity { quantity } => quantity.to_string(),
        ActualKind::Date { on } => format!("date {on}"),
        ActualKind::Text => "text".to_owned(),
        ActualKind::NotApplicable => "/".to_owned(),
        ActualKind::Unreadable { .. } => "?".to_owned(),
    }
}

fn check(table: &[(&str, &str)], reader: fn(&str) -> String) {
    let wrong: Vec<String> = table
        .iter()
        .filter(|(raw, expected)| reader(raw) != *expected)
        .map(|(raw, expected)| format!("{raw:?}: expected {expected:?}, read {:?}", reader(raw)))
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn operators_in_every_spelling() {
    check(
        &[
            ("≥90%", "≥90%"),
            ("≧90%", "≥90%"),
            (">=90%", "≥90%"),
            ("＞＝90%", "≥90%"),
            ("⩾90%", "≥90%"),
            ("≤5%", "≤5%"),
            ("≦5%", "≤5%"),
            ("<=5%", "≤5%"),
            ("＜＝5%", "≤5%"),
            (">0", ">0"),
            ("＞0", ">0"),
            ("<3天", "<3天"),
            ("＜3天", "<3天"),
            ("=100%", "=100%"),
            ("＝100%", "=100%"),
            ("═100%", "=100%"),
            ("﹦100%", "=100%"),
        ],
        read,
    );
}

#[test]
fn operator_words_before_and_after_the_number() {
    check(
        &[
            ("不低于90%", "≥90%"),
            ("不低於90%", "≥90%"),
            ("不少于3家", "≥3家"),
            ("至少3家", "≥3家"),
            ("达到95%", "≥95%"),
            ("90%以上", "≥90%"),
            ("90%及以上", "≥90%"),
            ("不高于5%", "≤5%"),
            ("不超过64万元", "≤64万元"),
            ("5%以内", "≤5%"),
            ("5%以下", "≤5%"),
            ("30日内完成", "≤30日"),
            ("小于3天", "<3天"),
            ("小於3天", "<3天"),
            ("低于2%", "<2%"),
            ("高于80%", ">80%"),
            ("等于100%", "=100%"),
        ],
        read,
    );
}

#[test]
fn cells_written_apart_are_read_together() {
    check(
        &[
            ("≥ 90 %", "≥90%"),
            ("﹦ 72890 元", "=72890元"),
            ("≥　90　％", "≥90%"),
            ("不低于 90 %", "≥90%"),
            ("135 家", "135家"),
        ],
        read,
    );
}

#[test]
fn units_as_forms_write_them() {
    check(
        &[
            ("400元/人*月", "400元/人·月"),
            ("300元/户", "300元/户"),
            ("50人/天", "50人/天"),
            ("800元/亩", "800元/亩"),
            ("400元/人、天", "400元/人·天"),
            ("≤3‰", "≤3‰"),
            ("≥95百分比", "≥95%"),
            ("≥95％", "≥95%"),
            ("64万元", "64万元"),
            ("1.2亿元", "1.2亿元"),
            ("72890元", "72890元"),
            ("5km", "5km"),
            ("2000m2", "2000m2"),
            ("≥2个百分点", "≥2个百分点"),
        ],
        read,
    );
}

#[test]
fn numbers_as_forms_write_them() {
    check(
        &[
            ("１３５家", "135家"),
            ("≥９０％", "≥90%"),
            ("72,890元", "72890元"),
            ("1,234,567.5元", "1234567.5元"),
            ("100%。", "100%"),
            ("108家（含新增）", "108家"),
            ("12家(其中新增3家)", "12家"),
            ("≥90%【抽样】", "≥90%"),
            ("约100万元", "100万元"),
            ("100万元左右", "100万元"),
            ("100余家", "100家"),
            ("完成135家", "135家"),
            ("-2.5%", "-2.5%"),
            ("1,000年", "1000年"),
            ("≥-5%", "≥-5%"),
        ],
        read,
    );
}

#[test]
fn deadlines_and_periods() {
    check(
        &[
            ("9月前", "9月底前"),
            ("2021年底", "2021年12月底前"),
            ("12月底到位", "12月底前"),
            ("2021年12月31日", "2021年12月31日前"),
            ("2022年12月底前完成", "2022年12月底前"),
            ("2022年年底前完成", "2022年12月底前"),
            ("2022年年底以前", "2022年12月底前"),
            ("1-12月", "12月底前"),
            ("2021年1月-12月", "2021年12月底前"),
            ("2023.07-2024.01", "2024年1月底前"),
            ("2022-06-30", "2022年6月30日前"),
            ("2022年6月30日前", "2022年6月30日前"),
            ("2022年上半年", "2022年6月底前"),
            ("年底前", "12月底前"),
            ("按期完工", "按期完成"),
            ("在项目计划完成时间内完成", "按期完成"),
            ("按时完成", "按期完成"),
            ("不超过9月", "9月底前"),
            ("9月以下", "9月底前"),
            ("≤2022年12月31日", "2022年12月31日前"),
            ("2,022年", "2022年12月底前"),
        ],
        read,
    );
}

#[test]
fn actuals_of_deadlines() {
    check(
        &[
            ("7月", "date 7月底"),
            ("2021年12月31日", "date 2021年12月31日"),
            ("2022年年底以前", "date 2022年12月底"),
            ("12月底前完成", "date 12月底"),
            ("已完成", "text"),
            ("按时完成", "text"),
            ("未完成", "text"),
        ],
        actual,
    );
}

#[test]
fn benchmarks_in_any_order() {
    check(
        &[
            ("≥全省平均水平", "≥全省平均水平"),
            ("全省平均水平以上", "≥全省平均水平"),
            ("不低于全市平均水平", "≥全市平均水平"),
            ("高于全国平均水平", ">全国平均水平"),
            ("全省平均水平", "≥全省平均水平"),
            ("≥ 全省平均增速", "≥全省平均水平"),
        ],
        read,
    );
}

#[test]
fn directions_and_scales_are_qualitative() {
    check(
        &[
            ("较上年提高", "定性"),
            ("=提高", "定性"),
            ("逐步提高", "定性"),
            ("≥上年", "定性"),
            ("定性 优良中低差", "定性"),
            ("定性 高中低", "定性"),
            ("成效明显", "定性"),
            ("约束机制健全", "定性"),
            ("3项制度建立健全并有效运行", "定性"),
            ("无重大安全事故", "定性"),
        ],
        read,
    );
}

#[test]
fn slashes_dashes_and_none_do_not_apply() {
    check(
        &[
            ("/", "/"),
            ("／", "/"),
            ("—", "/"),
            ("——", "/"),
            ("-", "/"),
            ("无", "/"),
            ("不适用", "/"),
        ],
        read,
    );
    check(&[("/", "/"), ("—", "/"), ("无", "/")], actual);
}

#[test]
fn actuals_that_copy_the_target_boilerplate_and_negations() {
    check(
        &[
            ("136家", "136家"),
            ("≥90%", "90%"),
            ("约96%", "96%"),
            ("96%左右", "96%"),
            ("已完成100%", "100%"),
            ("96%，较上年提高2个百分点", "96%"),
            ("达成预期指标", "text"),
            ("完成", "text"),
            ("没有发生安全事故", "text"),
            ("成效明显", "text"),
            ("1,200人次", "1200人次"),
            ("１２家", "12家"),
        ],
        actual,
    );
}

#[test]
fn what_cannot_be_read_is_kept_with_its_reason() {
    for text in [
        "",
        "   ",
        "≥",
        "≥abc",
        "12..5%",
        "90%abc",
        "abc",
        "≥95%且≤85%",
        "2022年13月底前",
        "2022年13月底前x",
        "593,04元",
        "1e400",
        "12345678901234567890123456789家",
        "😀",
    ] {
        let target = Target::parse(text);
        let TargetKind::Unreadable { reason } = target.kind() else {
            panic!("{text:?} read as {:?}", target.kind());
        };
        assert!(!reason.is_empty(), "{text:?}");
        assert_eq!(target.raw(), text, "the raw text is kept");
    }
    for text in ["", "12..5%", "abc", "≥"] {
        assert_eq!(actual(text), "?", "{text:?}");
    }
    let TargetKind::Unreadable { reason } = Target::parse("593,04元").kind().clone() else {
        panic!("unreadable");
    };
    assert!(reason.contains("千分位"), "{reason}");
}
