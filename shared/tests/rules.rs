//! Scoring rules and audit checks, one by one, on small records worked out by hand.

mod support;

use fundlens_shared::audit::FindingCode;
use fundlens_shared::model::Evaluation;
use fundlens_shared::scoring::{AtMostFormula, ScoringPolicy};
use fundlens_shared::value::Grade;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use serde_json::{Value, json};
use support::{assess_value, has, national, padded, record};

#[test]
fn at_least_missed_is_proportional_and_flagged() {
    // 5 × 120 ÷ 150 = 4
    let a = national(&padded(&[(
        "产出指标",
        "数量指标",
        "培训人次",
        "150人",
        "120人",
        5,
        json!(5),
    )]));
    assert_eq!(a.indicators[0].computed_score, Some(dec!(4)));
    assert!(has(&a, FindingCode::DeclaredScoreMismatch));
    assert!(has(&a, FindingCode::MissingDeviationNote));
    assert_eq!(a.total, dec!(99));
}

#[test]
fn a_bare_amount_under_cost_is_at_most_with_either_formula() {
    let rows = [(
        "产出指标",
        "成本指标",
        "补助标准",
        "64万元",
        "80万元",
        5,
        json!(4),
    )];
    let ratio = national(&padded(&rows));
    assert_eq!(ratio.indicators[0].computed_score, Some(dec!(4)));
    assert!(!has(&ratio, FindingCode::DeclaredScoreMismatch));
    let linear = assess_value(
        &padded(&rows),
        &ScoringPolicy {
            at_most_formula: AtMostFormula::Linear,
            ..ScoringPolicy::national()
        },
    );
    assert_eq!(linear.indicators[0].computed_score, Some(dec!(3.75)));
    assert!(has(&linear, FindingCode::DeclaredScoreMismatch));
}

#[test]
fn a_bare_amount_outside_cost_is_at_least() {
    let a = national(&padded(&[(
        "效益指标",
        "经济效益指标",
        "带动投资",
        "64万元",
        "80万元",
        5,
        json!(5),
    )]));
    assert_eq!(a.indicators[0].computed_score, Some(dec!(5)));
}

#[test]
fn money_units_convert_and_other_units_cannot_be_scored() {
    let a = national(&padded(&[(
        "效益指标",
        "经济效益指标",
        "带动投资",
        "≥1亿元",
        "12000万元",
        5,
        json!(5),
    )]));
    assert_eq!(a.indicators[0].computed_score, Some(dec!(5)));
    assert!(has(&a, FindingCode::UnitMismatch));
    let b = national(&padded(&[(
        "产出指标",
        "数量指标",
        "企业",
        "≥10家",
        "12个",
        5,
        json!(5),
    )]));
    assert_eq!(b.indicators[0].computed_score, None);
    assert!(has(&b, FindingCode::UnitMismatch));
}

#[test]
fn overachievement_at_the_threshold_is_flagged_and_needs_a_note() {
    let a = national(&padded(&[(
        "产出指标",
        "数量指标",
        "企业",
        "10家",
        "13家",
        5,
        json!(5),
    )]));
    assert!(has(&a, FindingCode::Overachievement));
    assert!(has(&a, FindingCode::MissingDeviationNote));
    let below = national(&padded(&[(
        "产出指标",
        "数量指标",
        "企业",
        "10家",
        "12.9家",
        5,
        json!(5),
    )]));
    assert!(!has(&below, FindingCode::Overachievement));
}

#[test]
fn qualitative_scores_must_lie_in_their_tier() {
    let inside = national(&padded(&[(
        "效益指标",
        "社会效益指标",
        "带动就业",
        "成效明显",
        "成效明显",
        5,
        json!(4),
    )]));
    assert!(!has(&inside, FindingCode::ScoreOutsideTier));
    let outside = national(&padded(&[(
        "效益指标",
        "社会效益指标",
        "带动就业",
        "成效明显",
        "成效明显",
        5,
        json!(3.5),
    )]));
    assert!(has(&outside, FindingCode::ScoreOutsideTier));
    assert_eq!(outside.indicators[0].computed_score, Some(dec!(4)));
    // Hunan: the top tier starts at 90%, so 4 of 5 is outside it.
    let hunan = assess_value(
        &padded(&[(
            "效益指标",
            "社会效益指标",
            "带动就业",
            "成效明显",
            "成效明显",
            5,
            json!(4),
        )]),
        &ScoringPolicy::hunan(),
    );
    assert!(has(&hunan, FindingCode::ScoreOutsideTier));
    let partly = national(&padded(&[(
        "效益指标",
        "社会效益指标",
        "带动就业",
        "成效明显",
        "部分达成",
        5,
        json!(3.5),
    )]));
    assert!(!has(&partly, FindingCode::ScoreOutsideTier));
}

#[test]
fn a_missed_deadline_falls_to_a_lower_tier() {
    let a = national(&padded(&[(
        "产出指标",
        "时效指标",
        "完成时间",
        "2023年6月底前",
        "2023年9月30日",
        5,
        json!(5),
    )]));
    assert!(has(&a, FindingCode::ScoreOutsideTier));
    let met = national(&padded(&[(
        "产出指标",
        "时效指标",
        "完成时间",
        "2023年6月底前",
        "2023年5月20日",
        5,
        json!(5),
    )]));
    assert_eq!(met.indicators[0].computed_score, Some(dec!(5)));
}

#[test]
fn totals_grades_and_weights_are_checked() {
    let mut value = padded(&[("产出指标", "数量指标", "企业", "10家", "10家", 5, json!(5))]);
    value["declared"] = json!({"total": 95, "grade": "良"});
    value["indicator_groups"] = json!([{"level1": "产出指标", "weight": 50}]);
    let a = national(&value);
    assert!(has(&a, FindingCode::DeclaredTotalMismatch));
    assert!(has(&a, FindingCode::DeclaredGradeMismatch));
    assert!(has(&a, FindingCode::WeightSumMismatch));
    assert_eq!(a.total, dec!(100));
    assert_eq!(a.grade, Some(Grade::Excellent));
    // A form whose weights add up to 15: the total is the rows as written (10 + 3), the
    // grade is taken on 13 ÷ 15 = 86.7%.
    let mut short = record(&[("产出指标", "数量指标", "企业", "10家", "6家", 5, json!(3))]);
    short["declared"] = json!({"total": 13});
    let b = national(&short);
    assert!(has(&b, FindingCode::WeightSumMismatch));
    assert!(!has(&b, FindingCode::DeclaredTotalMismatch));
    assert_eq!(b.total, dec!(13));
    assert_eq!(b.scale, dec!(15));
    assert_eq!(b.grade, Some(Grade::Good));
    assert!(
        b.grade_explanation.contains("13 ÷ 15"),
        "{}",
        b.grade_explanation
    );
}

#[test]
fn execution_uses_the_adjusted_budget_and_flags_over_execution_and_cuts() {
    let mut value = padded(&[]);
    value["funding"] = json!({"total": {"year_start_budget": 1000, "full_year_budget": 800, "executed": 600},
                             "weight": 10, "declared_rate": "75%", "declared_score": 7.5});
    let a = national(&value);
    assert_eq!(a.execution_rate, Some(dec!(75)));
    assert_eq!(a.execution.computed_score, Some(dec!(7.5)));
    assert!(has(&a, FindingCode::BudgetCut));
    assert!(!has(&a, FindingCode::DeclaredRateMismatch));
    value["funding"]["total"]["executed"] = json!(900);
    let over = national(&value);
    assert!(has(&over, FindingCode::OverExecution));
    assert!(has(&over, FindingCode::DeclaredScoreMismatch));
    assert_eq!(over.execution.computed_score, Some(dec!(10)));
}

#[test]
fn allocations_must_add_up_to_the_executed_total() {
    let mut value = padded(&[]);
    value["allocations"] = json!([{"name": "甲", "amount": 300}, {"name": "乙", "amount": 150}]);
    let a = national(&value);
    assert!(has(&a, FindingCode::AllocationSumMismatch));
    assert_eq!(a.allocation_sum, dec!(450));
}

#[test]
fn benchmarks_carried_by_the_record_resolve_its_targets() {
    let mut value = padded(&[(
        "效益指标",
        "经济效益指标",
        "工业投资增速",
        "≥全省平均水平",
        "8%",
        5,
        json!(4),
    )]);
    value["benchmarks"] = json!([{"metric": "industrial_investment_growth", "value": 10}]);
    let a = national(&value);
    assert_eq!(a.indicators[0].computed_score, Some(dec!(4)));
    assert!(!has(&a, FindingCode::BenchmarkMissing));
}

/// `value` with the field at `path` (`indicators[0].weight`) set to `bad`.
fn with_field(mut value: Value, path: &str, bad: Value) -> Value {
    let mut slot = &mut value;
    for part in path.split('.') {
        slot = match part.split_once('[') {
            Some((name, index)) => {
                &mut slot[name][index.trim_end_matches(']').parse::<usize>().expect("index")]
            }
            None => &mut slot[part],
        };
    }
    *slot = bad;
    value
}

#[test]
fn structurally_broken_records_are_rejected_with_the_field_named() {
    let cases: [(&str, Value, &str); 7] = [
        ("indicators[0].weight", json!(-5), "分值"),
        ("indicators[0].weight", json!("五分"), "数值"),
        ("indicators[0].target", json!({"text": "x"}), "文本"),
        ("funding.total.executed", json!(-1), "金额"),
        ("funding.total.executed", json!("593,04"), "千分位"),
        ("allocations[0].amount", json!("一百万"), "数值"),
        ("year", json!(1800), "1949"),
    ];
    for (path, bad, words) in cases {
        let mut value = padded(&[("产出指标", "数量指标", "企业", "10家", "10家", 5, json!(5))]);
        value["allocations"] = json!([{"name": "甲", "amount": 500}]);
        let value = with_field(value, path, bad);
        let error = Evaluation::from_json(&value.to_string()).expect_err(path);
        assert_eq!(error.field, path, "{error}");
        assert!(error.message.contains(words), "{error}");
    }
    let unknown = Evaluation::from_json(r#"{"program": {"name": "x"}, "region": "r", "year": 2022, "provenance": {"kind": "sample", "generator": "g"}, "statistics": [{"metric": "nope", "value": 1}]}"#)
        .expect_err("unknown metric");
    assert_eq!(unknown.field, "statistics[0].metric");
    assert!(Evaluation::from_json("{not json").is_err());
}

#[test]
fn the_wording_of_a_cell_never_rejects_a_record() {
    for (field, text, code) in [
        ("target", "≥abc", FindingCode::TargetUnreadable),
        ("target", "", FindingCode::TargetUnreadable),
        ("target", "12..5%", FindingCode::TargetUnreadable),
        ("actual", "", FindingCode::ActualUnreadable),
        ("actual", "90%abc", FindingCode::ActualUnreadable),
        ("target", "/", FindingCode::NotApplicable),
        ("actual", "—", FindingCode::NotApplicable),
    ] {
        let value = with_field(
            padded(&[("产出指标", "数量指标", "企业", "10家", "10家", 5, json!(4))]),
            &format!("indicators[0].{field}"),
            json!(text),
        );
        let a = national(&value);
        let row = &a.indicators[0];
        assert_eq!(row.computed_score, None, "{text}");
        assert_eq!(
            row.score,
            dec!(4),
            "{text}: the declared score counts, unverified"
        );
        assert!(!a.complete, "{text}");
        let finding = a
            .findings
            .iter()
            .find(|f| f.code == code)
            .unwrap_or_else(|| panic!("{text}: no {code:?} in {:?}", a.findings));
        assert_eq!(finding.indicator, Some(0));
        assert!(finding.message.contains("企业"), "{}", finding.message);
    }
}

#[test]
fn score_exceeding_weight_and_missing_scores_are_reported() {
    let a = national(&padded(&[(
        "产出指标",
        "数量指标",
        "企业",
        "10家",
        "10家",
        5,
        json!(6),
    )]));
    assert!(has(&a, FindingCode::DeclaredScoreExceedsWeight));
    let b = national(&padded(&[(
        "产出指标",
        "数量指标",
        "企业",
        "10家",
        "10家",
        5,
        Value::Null,
    )]));
    assert!(has(&b, FindingCode::DeclaredScoreMissing));
    assert_eq!(b.total, dec!(100));
    let _: Decimal = b.total;
}
