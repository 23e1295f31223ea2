//! Property tests over arbitrary input: any text as a target or actual leaves the record valid
//! and scoring never panics; a readable target reads back as itself; any JSON number in any
//! numeric field of the seed is either read or refused with the field named.
//!
//! Each property runs `PROPTEST_CASES` cases (256 by default, the short version the normal
//! tests run); `cargo xtask fuzz -- --cases N` runs them long, in release.

mod support;

use fundlens_shared::assessment::assess;
use fundlens_shared::model::Evaluation;
use fundlens_shared::scoring::{Benchmarks, ScoringPolicy};
use fundlens_shared::target::{Actual, ActualKind, Target, TargetKind};
use proptest::prelude::*;
use rust_decimal::Decimal;
use serde_json::{Value, json};
use support::seed_value;

/// Pieces real cells are made of, so generated texts reach every branch of the reader.
fn piece() -> impl Strategy<Value = String> {
    let words = prop::sample::select(vec![
        "≥",
        "≧",
        ">=",
        "＞＝",
        "≤",
        "≦",
        "<=",
        "＜＝",
        ">",
        "＞",
        "<",
        "＜",
        "=",
        "＝",
        "═",
        "﹦",
        "不低于",
        "不低於",
        "不少于",
        "至少",
        "以上",
        "及以上",
        "不高于",
        "不超过",
        "以内",
        "以下",
        "小于",
        "小於",
        "低于",
        "高于",
        "达到",
        "约",
        "左右",
        "余",
        "且",
        "-",
        "—",
        "～",
        "至",
        "/",
        "／",
        "、",
        "*",
        "%",
        "％",
        "‰",
        "百分比",
        "家",
        "个",
        "人次",
        "元",
        "万元",
        "亿元",
        "元/人*月",
        "年",
        "月",
        "日",
        "底",
        "前",
        "以前",
        "完成",
        "到位",
        "年底",
        "上半年",
        "按期",
        "全省",
        "全市",
        "全国",
        "平均水平",
        "定性",
        "优良中低差",
        "提高",
        "较上年",
        "无",
        "未",
        "没有",
        "基本",
        "部分",
        "（",
        "）",
        "(",
        ")",
        "【",
        "】",
        "。",
        "，",
        ",",
        ".",
        " ",
        "　",
        "e",
        "E",
        "１２",
        "９０",
    ])
    .prop_map(str::to_owned);
    let numbers = prop_oneof![
        (0u64..100_000).prop_map(|n| n.to_string()),
        (0u64..10_000, 0u32..1000).prop_map(|(n, f)| format!("{n}.{f}")),
        "[0-9]{1,3}(,[0-9]{1,4}){0,3}(\\.[0-9]{0,3})?",
        "(19|20)[0-9]{2}",
        "[0-9]{20,40}",
    ];
    prop_oneof![4 => words, 2 => numbers, 1 => any::<char>().prop_map(String::from)]
}

/// A cell: arbitrary Unicode, or pieces joined as a form would join them.
fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        prop::collection::vec(piece(), 0..8).prop_map(|pieces| pieces.concat()),
    ]
}

/// The seed with its first rows' cells replaced.
fn seed_with_cells(cells: &[(String, String, String, String)]) -> Value {
    let mut record = seed_value();
    for (row, (level1, level2, target, actual)) in cells.iter().enumerate() {
        let indicator = &mut record["indicators"][row];
        if !level1.trim().is_empty() {
            indicator["level1"] = json!(level1);
        }
        if !level2.trim().is_empty() {
            indicator["level2"] = json!(level2);
        }
        indicator["target"] = json!(target);
        indicator["actual"] = json!(actual);
    }
    record
}

/// Assesses `record` under every policy, checking what must hold whatever the cells say.
fn assess_everywhere(record: &Value) -> Result<(), TestCaseError> {
    let evaluation = Evaluation::from_json(&record.to_string())
        .map_err(|error| TestCaseError::fail(format!("refused: {error}")))?;
    let mut deducting = ScoringPolicy::hunan();
    deducting.overachievement_deduction = true;
    deducting.at_most_formula = fundlens_shared::scoring::AtMostFormula::Linear;
    for policy in [ScoringPolicy::national(), deducting] {
        let assessment = assess(&evaluation, &policy, &Benchmarks::from_record(&evaluation));
        let parts = assessment.execution.score
            + assessment
                .indicators
                .iter()
                .map(|r| r.score)
                .sum::<Decimal>();
        prop_assert_eq!(assessment.total, parts);
        for row in &assessment.indicators {
            if let Some(computed) = row.computed_score {
                prop_assert!(
                    computed >= Decimal::ZERO && computed <= row.weight,
                    "{row:?}"
                );
            }
        }
        serde_json::to_string(&assessment).map_err(|e| TestCaseError::fail(e.to_string()))?;
    }
    Ok(())
}

proptest! {
    #[test]
    fn any_target_text_is_read_and_a_readable_one_reads_back_as_itself(text in cell()) {
        let target = Target::parse(&text);
        prop_assert_eq!(target.raw(), text.as_str());
        if !matches!(target.kind(), TargetKind::Unreadable { .. }) {
            let canonical = target.kind().to_string();
            let again = Target::parse(&canonical);
            prop_assert_eq!(again.kind(), target.kind(), "{} → {}", text, canonical);
        }
        let json = serde_json::to_string(&target).expect("json");
        let back: Target = serde_json::from_str(&json).expect("reads back");
        prop_assert_eq!(back, target);
    }

    #[test]
    fn any_actual_text_is_read(text in cell()) {
        let actual = Actual::parse(&text);
        prop_assert_eq!(actual.raw(), text.as_str());
        if let ActualKind::Unreadable { reason } = actual.kind() {
            prop_assert!(!reason.is_empty());
        }
    }

    #[test]
    fn any_cells_leave_the_record_valid_and_scoring_total(
        cells in prop::collection::vec((cell(), cell(), cell(), cell()), 1..6),
    ) {
        assess_everywhere(&seed_with_cells(&cells))?;
    }

    #[test]
    fn any_group_weight_text_is_read_or_refused_naming_it(text in cell()) {
        let mut record = seed_value();
        record["indicator_groups"][0]["weight"] = json!(text);
        match Evaluation::from_json(&record.to_string()) {
            Ok(evaluation) => {
                let _ = assess(&evaluation, &ScoringPolicy::national(), &Benchmarks::none());
            }
            Err(error) => prop_assert_eq!(error.field, "indicator_groups[0].weight"),
        }
    }

    #[test]
    fn any_json_number_in_any_numeric_field_is_read_or_refused_naming_it(
        field in prop::sample::select(NUMERIC_FIELDS.to_vec()),
        number in "-?(0|[1-9][0-9]{0,40})(\\.[0-9]{1,40})?([eE][+-]?[0-9]{1,4})?",
    ) {
        let mut record = seed_value();
        *record.pointer_mut(field).expect("a field of the seed") = json!("@@number@@");
        let text = record.to_string().replacen("\"@@number@@\"", &number, 1);
        match Evaluation::from_json(&text) {
            Ok(evaluation) => {
                for policy in [ScoringPolicy::national(), ScoringPolicy::hunan()] {
                    let _ = assess(&evaluation, &policy, &Benchmarks::from_record(&evaluation));
                }
            }
            Err(error) => {
                let expected = field
                    .trim_start_matches('/')
                    .split('/')
                    .fold(String::new(), |path, part| match part.parse::<usize>() {
                        Ok(index) => format!("{path}[{index}]"),
                        Err(_) if path.is_empty() => part.to_owned(),
                        Err(_) => format!("{path}.{part}"),
                    });
                prop_assert_eq!(error.field, expected, "{}", number);
            }
        }
    }
}

/// Every numeric field of the seed, as JSON pointers.
const NUMERIC_FIELDS: &[&str] = &[
    "/year",
    "/funding/total/year_start_budget",
    "/funding/total/full_year_budget",
    "/funding/total/executed",
    "/funding/current_appropriation/executed",
    "/funding/weight",
    "/funding/declared_rate",
    "/funding/declared_score",
    "/indicator_groups/0/weight",
    "/indicators/0/weight",
    "/indicators/0/declared_score",
    "/indicators/0/target",
    "/indicators/0/actual",
    "/indicators/4/actual",
    "/indicators/9/actual",
    "/indicators/14/weight",
    "/declared/total",
    "/allocations/0/amount",
    "/narrative/claimed_total",
    "/narrative/claimed_categories/1/score",
    "/statistics/0/value",
    "/statistics/0/rank",
];
