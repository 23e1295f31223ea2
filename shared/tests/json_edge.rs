//! The JSON edge of a record (`Evaluation::from_json`, `each_from_json`, `many_from_json`):
//! what is refused names the field and says why in Chinese; numbers are read exactly and
//! bounded; a byte-order mark is accepted and a key written twice is not.

mod support;

use fundlens_shared::assessment::assess;
use fundlens_shared::audit::FindingCode;
use fundlens_shared::model::Evaluation;
use fundlens_shared::scoring::{Benchmarks, ScoringPolicy};
use rust_decimal_macros::dec;

fn seed_text() -> String {
    support::SEED.to_owned()
}

/// The seed's text with its first `"key": old` replaced by `"key": new` (number literals kept
/// exactly as written).
fn seed_with(old: &str, new: &str) -> String {
    let text = seed_text();
    assert!(text.contains(old), "{old} is in the seed");
    text.replacen(old, new, 1)
}

fn refused(text: &str) -> fundlens_shared::FieldError {
    Evaluation::from_json(text).expect_err("refused")
}

/// True when `message` is written in Chinese (some CJK ideograph, no English sentence).
fn chinese(message: &str) -> bool {
    message
        .chars()
        .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
        && !["missing", "unknown", "invalid", "expected", "duplicate"]
            .iter()
            .any(|word| message.contains(word))
}

#[test]
fn a_byte_order_mark_is_accepted() {
    let text = format!("\u{feff}{}", seed_text());
    assert!(Evaluation::from_json(&text).is_ok());
    assert_eq!(
        Evaluation::many_from_json(&format!("\u{feff}[{}]", seed_text()))
            .expect("a list")
            .len(),
        1
    );
}

#[test]
fn a_key_written_twice_is_refused_naming_it() {
    let top = seed_with(
        "\"region\": \"益阳市\",",
        "\"region\": \"益阳市\", \"region\": \"赫山区\",",
    );
    let error = refused(&top);
    assert_eq!(error.field, "region");
    assert!(chinese(&error.message), "{error}");
    let nested = seed_with(
        "\"executed\": 593.04",
        "\"executed\": 593.04, \"executed\": 1",
    );
    let error = refused(&nested);
    assert_eq!(error.field, "funding.total.executed");
    let in_a_list = format!("[{}, {}]", seed_text(), top);
    let error = Evaluation::many_from_json(&in_a_list).expect_err("the second record");
    assert_eq!(error.field, "[1].region");
    let each = Evaluation::each_from_json(&in_a_list).expect("a list");
    assert!(each[0].is_ok());
    assert_eq!(each[1].as_ref().expect_err("refused").field, "region");
}

#[test]
fn numbers_too_large_too_fine_or_badly_grouped_are_refused_naming_the_field() {
    for (old, new, field) in [
        (
            "\"executed\": 593.04",
            "\"executed\": 1e27",
            "funding.total.executed",
        ),
        (
            "\"executed\": 593.04",
            "\"executed\": 1e400",
            "funding.total.executed",
        ),
        (
            "\"executed\": 593.04",
            "\"executed\": 593.040000000000000000000000001",
            "funding.total.executed",
        ),
        (
            "\"executed\": 593.04",
            "\"executed\": \"593,04\"",
            "funding.total.executed",
        ),
        (
            "\"executed\": 593.04",
            "\"executed\": 90.00001",
            "funding.total.executed",
        ),
        (
            "\"weight\": 5,",
            "\"weight\": 1e400,",
            "indicators[0].weight",
        ),
        (
            "\"weight\": 5,",
            "\"weight\": 12345678901234567890123456789,",
            "indicators[0].weight",
        ),
        (
            "\"declared_score\": 5",
            "\"declared_score\": -0.5",
            "indicators[0].declared_score",
        ),
        (
            "\"amount\": 100,",
            "\"amount\": 1e27,",
            "allocations[0].amount",
        ),
        (
            "\"value\": 6.8,",
            "\"value\": 1e400,",
            "statistics[0].value",
        ),
        (
            "\"declared_rate\": \"100%\"",
            "\"declared_rate\": 1e27",
            "funding.declared_rate",
        ),
    ] {
        let error = refused(&seed_with(old, new));
        assert_eq!(error.field, field, "{new}: {error}");
        assert!(chinese(&error.message), "{new}: {error}");
    }
}

#[test]
fn a_huge_actual_is_unreadable_not_a_crash() {
    for actual in [
        "12345678901234567890123456789",
        "1e400",
        "\"99999999999999999999999999999家\"",
    ] {
        let text = seed_with("\"actual\": \"136家\"", &format!("\"actual\": {actual}"));
        let evaluation = Evaluation::from_json(&text).expect("the record is kept");
        let assessment = assess(&evaluation, &ScoringPolicy::national(), &Benchmarks::none());
        assert!(
            assessment
                .findings
                .iter()
                .any(|f| f.code == FindingCode::ActualUnreadable && f.indicator == Some(0)),
            "{actual}: {:?} {:?}",
            evaluation.indicators[0].actual,
            assessment.findings
        );
        assert_eq!(assessment.total, dec!(99));
    }
}

#[test]
fn serdes_own_messages_are_translated_and_name_the_key() {
    let missing = refused(&seed_with("\"region\": \"益阳市\",", ""));
    assert_eq!(missing.field, "region");
    assert!(missing.message.contains("缺少"), "{missing}");
    let unknown = refused(&seed_with(
        "\"region\": \"益阳市\",",
        "\"regoin\": \"益阳市\",",
    ));
    assert_eq!(unknown.field, "regoin");
    assert!(unknown.message.contains("regoin"), "{unknown}");
    assert!(chinese(&unknown.message), "{unknown}");
    let wrong_type = refused(&seed_with("\"year\": 2022", "\"year\": \"二〇二二\""));
    assert_eq!(wrong_type.field, "year");
    assert!(chinese(&wrong_type.message), "{wrong_type}");
    let syntax = refused("{\"program\": ");
    assert!(chinese(&syntax.message), "{syntax}");
    let trailing = refused(&format!("{} x", seed_text()));
    assert!(chinese(&trailing.message), "{trailing}");
}

#[test]
fn empty_and_dashed_optional_cells_are_empty() {
    let text = seed_with("\"declared_score\": 5", "\"declared_score\": \"/\"");
    let evaluation = Evaluation::from_json(&text).expect("valid");
    assert_eq!(evaluation.indicators[0].declared_score, None);
    let text = seed_with(
        "\"carried_over\": {}",
        "\"carried_over\": {\"executed\": \"—\"}",
    );
    assert!(Evaluation::from_json(&text).is_ok());
}

#[test]
fn a_record_round_trips_through_its_json() {
    let evaluation = Evaluation::from_json(&seed_text()).expect("valid");
    let written = serde_json::to_string(&evaluation).expect("json");
    assert_eq!(
        Evaluation::from_json(&written).expect("reads back"),
        evaluation
    );
}
