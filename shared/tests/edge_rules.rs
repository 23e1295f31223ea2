//! The edge rules of DOMAIN.md ("where the national text is silent, FundLens reads it this
//! way"), one test each, on small records worked out by hand.

mod support;

use fundlens_shared::assessment::Assessment;
use fundlens_shared::audit::{Finding, FindingCode};
use fundlens_shared::model::Evaluation;
use fundlens_shared::scoring::ScoringPolicy;
use fundlens_shared::value::Grade;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use serde_json::{Value, json};
use support::{Row, assess_value, has, national, padded, record};

fn one(row: Row<'_>) -> Assessment {
    national(&padded(&[row]))
}

fn findings(assessment: &Assessment, code: FindingCode) -> Vec<&Finding> {
    assessment
        .findings
        .iter()
        .filter(|f| f.code == code)
        .collect()
}

fn named(finding: &Finding, name: &str) -> Decimal {
    finding
        .values
        .iter()
        .find(|v| v.name == name)
        .map(|v| v.value)
        .unwrap_or_else(|| panic!("{name} in {finding:?}"))
}

#[test]
fn overachievement_is_an_at_least_matter() {
    let at_least = [("≥10家", "13家"), ("10家", "13家"), (">10家", "20家")];
    for (target, actual) in at_least {
        let a = one(("产出指标", "数量指标", "企业", target, actual, 5, json!(5)));
        assert!(has(&a, FindingCode::Overachievement), "{target} / {actual}");
    }
    let beyond_is_a_deviation = [
        ("数量指标", "≤10%", "20%"),
        ("数量指标", "<10%", "20%"),
        ("数量指标", "=100%", "150%"),
        ("数量指标", "95%-105%", "150%"),
        ("成本指标", "64万元", "100万元"),
        ("经济成本指标", "≤64万元", "100万元"),
    ];
    for (level2, target, actual) in beyond_is_a_deviation {
        let a = one(("产出指标", level2, "行", target, actual, 5, json!(2)));
        assert!(
            !has(&a, FindingCode::Overachievement),
            "{level2} {target} / {actual}: {:?}",
            a.findings
        );
    }
}

#[test]
fn every_cost_group_makes_a_bare_amount_at_most() {
    for level2 in [
        "成本指标",
        "经济成本指标",
        "社会成本指标",
        "生态环境成本指标",
    ] {
        for (target, actual) in [
            ("64万元", "80万元"),
            ("640000元", "80万元"),
            ("1亿元", "12500万元"),
        ] {
            let a = one(("产出指标", level2, "补助", target, actual, 5, json!(4)));
            let row = &a.indicators[0];
            assert_eq!(
                row.comparison,
                Some(fundlens_shared::target::Comparison::AtMost),
                "{level2} {target}"
            );
            // 5 × 64 ÷ 80 = 4 (and 5 × 1 ÷ 1.25 = 4)
            assert_eq!(row.computed_score, Some(dec!(4)), "{level2} {target}");
        }
        let count = one(("产出指标", level2, "企业", "10家", "8家", 5, json!(4)));
        assert_eq!(
            count.indicators[0].computed_score,
            Some(dec!(4)),
            "{level2}"
        );
        assert_eq!(
            count.indicators[0].comparison,
            Some(fundlens_shared::target::Comparison::AtLeast)
        );
    }
    let outside = one((
        "效益指标",
        "经济效益指标",
        "带动投资",
        "64万元",
        "80万元",
        5,
        json!(5),
    ));
    assert_eq!(outside.indicators[0].computed_score, Some(dec!(5)));
}

/// The computed score of one 5-point row with `target` and `actual`.
fn computed(target: &str, actual: &str) -> Option<Decimal> {
    one(("产出指标", "质量指标", "行", target, actual, 5, json!(5))).indicators[0].computed_score
}

#[test]
fn equal_and_range_targets_missed() {
    for (target, actual, score) in [
        // 5 × (1 − |96 − 100| ÷ 100) = 4.8
        ("=100%", "96%", dec!(4.8)),
        ("=100%", "250%", dec!(0)),
        // below the range: as "at least" 95 — 5 × 90 ÷ 95
        ("95%-105%", "90%", dec!(4.736842)),
        // above: as "at most" 105 — 5 × 105 ÷ 120 = 4.375
        ("≥95%且≤105%", "120%", dec!(4.375)),
        ("≥95%且≤105%", "100%", dec!(5)),
    ] {
        assert_eq!(computed(target, actual), Some(score), "{target} / {actual}");
    }
}

#[test]
fn units_convert_only_between_amounts_of_money() {
    for (target, actual) in [
        ("≥1亿元", "12000万元"),
        ("≥95百分比", "96％"),
        ("≥90%", "96"),
    ] {
        assert_eq!(
            computed(target, actual),
            Some(dec!(5)),
            "{target} / {actual}"
        );
    }
    let percent = one((
        "产出指标",
        "质量指标",
        "合格率",
        "≥95百分比",
        "96％",
        5,
        json!(5),
    ));
    assert!(!has(&percent, FindingCode::UnitMismatch));
    for (target, actual) in [("≥10家", "12个"), ("≤3‰", "0.2%"), ("≥400元/人", "400元")]
    {
        let a = one(("产出指标", "数量指标", "行", target, actual, 5, json!(5)));
        assert_eq!(a.indicators[0].computed_score, None, "{target} / {actual}");
        assert!(has(&a, FindingCode::UnitMismatch), "{target} / {actual}");
    }
}

/// A record whose 工业投资增速 row has `target` and `actual` (declared 4 of 5), with the
/// province's 10% when `benchmark` is set.
fn investment_growth(target: &str, actual: &str, benchmark: bool) -> Assessment {
    let mut value = padded(&[(
        "效益指标",
        "经济效益指标",
        "工业投资增速",
        target,
        actual,
        5,
        json!(4),
    )]);
    if benchmark {
        value["benchmarks"] = json!([{"metric": "industrial_investment_growth", "value": 10}]);
    }
    national(&value)
}

#[test]
fn a_benchmark_row_with_an_incomparable_unit_is_a_unit_mismatch() {
    let without = investment_growth("≥全省平均水平", "28.5家", false);
    assert!(has(&without, FindingCode::UnitMismatch));
    assert!(has(&without, FindingCode::BenchmarkMissing));
    let with = investment_growth("≥全省平均水平", "28.5家", true);
    assert!(has(&with, FindingCode::UnitMismatch));
    assert_eq!(with.indicators[0].computed_score, None);
    assert!(!has(&with, FindingCode::BenchmarkMissing));
}

#[test]
fn a_benchmark_written_after_its_operator_or_before_it_scores_the_same() {
    for target in ["≥全省平均水平", "全省平均水平以上", "不低于全省平均水平"]
    {
        let scored = investment_growth(target, "8%", true);
        assert_eq!(
            scored.indicators[0].computed_score,
            Some(dec!(4)),
            "{target}"
        );
    }
}

#[test]
fn qualitative_attainment_from_the_actuals_wording() {
    let tier_of = |target: &str, actual: &str, policy: &ScoringPolicy| {
        let a = assess_value(
            &padded(&[(
                "效益指标",
                "社会效益指标",
                "行",
                target,
                actual,
                10,
                json!(10),
            )]),
            policy,
        );
        let tier = a.indicators[0].tier.clone().expect("a tier");
        (tier.low_share * dec!(100), tier.high_share * dec!(100))
    };
    let national = ScoringPolicy::national();
    let hunan = ScoringPolicy::hunan();
    for (target, actual, low, high) in [
        ("成效明显", "成效明显", 80, 100),
        ("成效明显", "效果显著", 80, 100),
        ("成效明显", "基本达到", 80, 100),
        ("成效明显", "部分完成", 60, 80),
        ("成效明显", "取得一定成效", 60, 80),
        ("成效明显", "有所提高", 60, 80),
        ("成效明显", "进行中", 60, 80),
        ("成效明显", "未达到", 0, 60),
        ("成效明显", "尚未见效", 0, 60),
        ("成效明显", "没有成效", 0, 60),
        ("按计划推进", "进度滞后", 0, 60),
        ("成效明显", "效果较差", 0, 60),
        ("按计划推进", "逾期", 0, 60),
        ("无重大安全事故", "没有发生安全事故", 80, 100),
        ("无重大安全事故", "未发生", 80, 100),
        ("无重大安全事故", "无", 80, 100),
    ] {
        assert_eq!(
            tier_of(target, actual, &national),
            (Decimal::from(low), Decimal::from(high)),
            "{target} / {actual}"
        );
    }
    assert_eq!(
        tier_of("成效明显", "成效明显", &hunan),
        (dec!(90), dec!(100))
    );
    assert_eq!(
        tier_of("成效明显", "基本达到", &hunan),
        (dec!(80), dec!(90))
    );
}

#[test]
fn deadlines_met_and_missed() {
    let row = |target: &str, actual: &str, declared: Value| {
        one((
            "产出指标",
            "时效指标",
            "完成时间",
            target,
            actual,
            10,
            declared,
        ))
    };
    for (target, actual) in [
        ("9月前", "7月"),
        ("2023年9月前", "7月"),
        ("2023年年底以前", "2023年12月31日"),
        ("12月底到位", "已完成"),
        ("按期完工", "按时完成"),
        ("1-12月", "1-12月"),
        ("2023年12月底前完成", "2023年11月30日"),
    ] {
        let a = row(target, actual, json!(10));
        assert_eq!(
            a.indicators[0].computed_score,
            Some(dec!(10)),
            "{target} / {actual}: {}",
            a.indicators[0].explanation.formula
        );
    }
    // late: the "partly" tier (60–80%); not done: the lowest (0–60%)
    let late = row("9月前", "10月", json!(10));
    assert!(has(&late, FindingCode::ScoreOutsideTier));
    assert_eq!(late.indicators[0].computed_score, Some(dec!(7.99)));
    let undone = row("2023年年底以前", "未完成", json!(5));
    assert_eq!(undone.indicators[0].computed_score, Some(dec!(5)));
    let tier = undone.indicators[0].tier.clone().expect("tier");
    assert_eq!(tier.high_share, dec!(0.6));
}

#[test]
fn weights_that_do_not_add_up_are_a_finding_and_grade_on_the_share() {
    let mut rows: Vec<Row<'_>> = vec![(
        "产出指标",
        "数量指标",
        "企业",
        "10家",
        "10家",
        50,
        json!(50),
    )];
    rows.push((
        "效益指标",
        "社会效益指标",
        "就业",
        "成效明显",
        "成效明显",
        50,
        json!(45),
    ));
    // 10 + 50 + 50 = 110; total 10 + 50 + 45 = 105; 105 ÷ 110 = 95.5% → 优
    let mut value = padded(&rows);
    value["declared"] = json!({"total": 105, "grade": "优"});
    value["narrative"] = json!({"claimed_total": 105});
    let a = national(&value);
    assert!(
        !has(&a, FindingCode::DeclaredTotalMismatch),
        "105 is the rows' sum"
    );
    assert!(
        !has(&a, FindingCode::DeclaredGradeMismatch),
        "105 of 110 is 优"
    );
    let all = findings(&a, FindingCode::WeightSumMismatch);
    assert_eq!(all.len(), 1);
    assert_eq!(named(all[0], "sum"), dec!(110));
    assert_eq!(named(all[0], "expected"), dec!(100));
    assert_eq!(a.total, dec!(105));
    assert_eq!(a.scale, dec!(110));
    assert_eq!(a.grade, Some(Grade::Excellent));
    // 90 in all: 10 + 40 + 40, scoring 10 + 40 + 32 = 82 → 91.1% → 优, though 82 < 90
    let ninety = national(&record(&[
        (
            "产出指标",
            "数量指标",
            "企业",
            "10家",
            "10家",
            40,
            json!(40),
        ),
        (
            "效益指标",
            "社会效益指标",
            "就业",
            "成效明显",
            "成效明显",
            40,
            json!(32),
        ),
    ]));
    assert_eq!(ninety.total, dec!(82));
    assert_eq!(ninety.grade, Some(Grade::Excellent));
    assert!(
        ninety.grade_explanation.contains("82 ÷ 90"),
        "{}",
        ninety.grade_explanation
    );
}

#[test]
fn level_1_weights_as_ranges_bound_their_groups() {
    let mut value = padded(&[(
        "产出指标",
        "数量指标",
        "企业",
        "10家",
        "10家",
        50,
        json!(50),
    )]);
    value["indicator_groups"] = json!([
        {"level1": "产出指标", "weight": "(40-50)分"},
        {"level1": "效益指标", "weight": "（0-20）分"}
    ]);
    let a = national(&value);
    let groups: Vec<&Finding> = findings(&a, FindingCode::WeightSumMismatch);
    assert_eq!(groups.len(), 1, "{groups:?}");
    assert_eq!(groups[0].subject, "效益指标");
    assert_eq!(named(groups[0], "sum"), dec!(40));
    assert_eq!(named(groups[0], "stated_high"), dec!(20));
    let stored = Evaluation::from_json(&value.to_string()).expect("valid");
    let written = serde_json::to_value(&stored).expect("json");
    assert_eq!(written["indicator_groups"][0]["weight"], "40-50");
}

#[test]
fn level_1_labels_with_points_in_any_bracket_are_one_group() {
    let a = national(&padded(&[
        (
            "产出指标(50分)",
            "数量指标",
            "企业",
            "10家",
            "10家",
            25,
            json!(25),
        ),
        (
            "产出指标（50分）",
            "质量指标",
            "合格率",
            "100%",
            "100%",
            20,
            json!(20),
        ),
    ]));
    let names: Vec<&str> = a.categories.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, vec!["预算执行率", "产出指标(50分)", "效益指标"]);
    assert_eq!(a.categories[1].weight, dec!(45));
    assert_eq!(a.categories[1].declared_weight, Some(dec!(50)));
    let groups = findings(&a, FindingCode::WeightSumMismatch);
    assert!(
        groups
            .iter()
            .any(|f| named(f, "stated") == dec!(50) && named(f, "sum") == dec!(45)),
        "{groups:?}"
    );
}

#[test]
fn the_declared_execution_rate_is_read_as_the_percentage_it_means() {
    for (declared, executed, mismatch) in [
        (json!(0.958), "479", false),
        (json!(95.8), "479", false),
        (json!("95.8%"), "479", false),
        (json!("0.958"), "479", false),
        (json!("102.59%"), "512.95", false),
        (json!(1.0259), "512.95", false),
        (json!("95.8%"), "400", true),
    ] {
        let mut value = padded(&[]);
        value["funding"]["total"]["executed"] = json!(executed);
        value["funding"]["declared_rate"] = declared.clone();
        value["funding"]["declared_score"] = Value::Null;
        let a = national(&value);
        assert_eq!(
            has(&a, FindingCode::DeclaredRateMismatch),
            mismatch,
            "{declared} with {executed} executed: {:?}",
            a.execution
        );
    }
}

#[test]
fn unreadable_and_not_applicable_rows_count_their_declared_score_unverified() {
    for (target, actual, code) in [
        ("≥abc", "96%", FindingCode::TargetUnreadable),
        ("≥90%", "九十六", FindingCode::ActualNotNumeric),
        ("≥90%", "12..5%", FindingCode::ActualUnreadable),
        ("/", "/", FindingCode::NotApplicable),
        ("≥90%", "—", FindingCode::NotApplicable),
        ("成效明显", "", FindingCode::ActualUnreadable),
    ] {
        let a = one(("产出指标", "质量指标", "行", target, actual, 10, json!(7)));
        let row = &a.indicators[0];
        assert_eq!(row.computed_score, None, "{target} / {actual}");
        assert_eq!(row.score, dec!(7), "{target} / {actual}");
        assert_eq!(a.total, dec!(97), "{target} / {actual}");
        assert!(!a.complete);
        assert!(has(&a, code), "{target} / {actual}: {:?}", a.findings);
    }
}

#[test]
fn negative_actuals_count_as_zero() {
    let a = one(("产出指标", "数量指标", "增速", "≥5%", "-2%", 5, json!(0)));
    assert_eq!(a.indicators[0].computed_score, Some(dec!(0)));
}

/// One row under 质量指标 with weight 10 and `declared`, assessed nationally.
fn worded(name: &str, target: &str, actual: &str, declared: Value) -> Assessment {
    one(("产出指标", "质量指标", name, target, actual, 10, declared))
}

#[test]
fn failure_is_read_from_the_negation_of_the_targets_own_words() {
    for (target, actual) in [
        ("合规", "不合规"),
        ("资金使用合规", "资金使用存在不合规情况"),
        ("是", "否"),
        ("满意", "不满意"),
        ("及时", "不及时"),
        ("有效", "无效"),
        ("优", "良"),
        ("较上年提高", "较上年下降"),
        ("无重大安全事故", "发生1起重大安全事故"),
        ("无重大安全事故", "1起"),
    ] {
        // declared full marks: the row is brought into the lowest tier and the audit says so
        let a = worded("行", target, actual, json!(10));
        let row = &a.indicators[0];
        let tier = row
            .tier
            .clone()
            .unwrap_or_else(|| panic!("{target} / {actual}: a tier"));
        assert_eq!(tier.high_share, dec!(0.6), "{target} / {actual}");
        assert!(row.computed_score < Some(dec!(6)), "{target} / {actual}");
        assert!(
            has(&a, FindingCode::ScoreOutsideTier),
            "{target} / {actual}: {:?}",
            a.findings
        );
    }
}

#[test]
fn a_word_the_reader_does_not_know_is_never_achieved() {
    for (target, actual) in [("合规", "详见附件"), ("成效明显", "abc"), ("合规", "96%")]
    {
        let a = worded("行", target, actual, json!(10));
        let row = &a.indicators[0];
        assert_eq!(row.computed_score, None, "{target} / {actual}");
        assert!(
            has(&a, FindingCode::ActualUnreadable),
            "{target} / {actual}: {:?}",
            a.findings
        );
        assert!(!a.complete);
    }
}

#[test]
fn a_bare_attainment_word_is_achieved() {
    for actual in ["达到", "已达到", "完成", "已完成", "符合", "是"] {
        for target in ["合规", "成效明显", "是"] {
            let a = worded("行", target, actual, json!(10));
            assert_eq!(
                a.indicators[0].computed_score,
                Some(dec!(10)),
                "{target} / {actual}: {}",
                a.indicators[0].explanation.formula
            );
        }
    }
}

#[test]
fn a_bare_number_for_something_to_avoid_or_a_zero_target_is_at_most() {
    use fundlens_shared::target::Comparison;
    for (name, target, actual, score) in [
        ("森林火灾受害率", "0.9‰", "0‰", dec!(10)),
        ("森林火灾受害率", "0.9", "0", dec!(10)),
        ("重大安全事故", "0起", "0起", dec!(10)),
        ("群众投诉", "5件", "3件", dec!(10)),
        ("安全生产", "0", "0", dec!(10)),
    ] {
        let a = worded(name, target, actual, json!(10));
        let row = &a.indicators[0];
        assert_eq!(row.comparison, Some(Comparison::AtMost), "{name} {target}");
        assert_eq!(
            row.computed_score,
            Some(score),
            "{name} {target} / {actual}"
        );
        let reading = &row.explanation.inputs;
        assert!(
            reading.iter().any(|i| i.value.contains("不高于")),
            "{name}: {reading:?}"
        );
    }
    // the remedy is something to increase
    let handled = worded("投诉处理率", "95%", "96%", json!(10));
    assert_eq!(handled.indicators[0].comparison, Some(Comparison::AtLeast));
    // a zero limit exceeded: on the difference, 10 × (1 − 1 ÷ 1) = 0
    let one_accident = worded("安全生产", "0", "1", json!(0));
    assert_eq!(one_accident.indicators[0].computed_score, Some(dec!(0)));
}

#[test]
fn a_stated_completion_date_is_a_deadline() {
    for (target, actual, met) in [
        ("完成时间为2022年12月30日", "2022年12月20日", true),
        ("完成时间为2022年12月30日", "2023年1月5日", false),
        ("2022年12月底前完工", "2022年11月30日", true),
        ("于6月30日前", "7月15日", false),
    ] {
        let a = one((
            "产出指标",
            "时效指标",
            "完成时间",
            target,
            actual,
            10,
            json!(10),
        ));
        let row = &a.indicators[0];
        assert_eq!(
            row.computed_score == Some(dec!(10)),
            met,
            "{target} / {actual}: {}",
            row.explanation.formula
        );
        if !met {
            assert!(
                has(&a, FindingCode::ScoreOutsideTier),
                "{target} / {actual}"
            );
        }
    }
}

#[test]
fn zero_or_negative_targets_are_compared_on_the_difference() {
    for (target, actual, score) in [
        // a growth rate of −2%: −1% is beyond it, −3% short by 1 point of 2: 10 × (1 − 1 ÷ 2)
        ("≥-2%", "-1%", dec!(10)),
        ("≥-2%", "-3%", dec!(5)),
        ("≥-2%", "-5%", dec!(0)),
        // |target| at least one percentage point: 10 × (1 − 0.5 ÷ 1)
        ("≥0%", "-0.5%", dec!(5)),
        ("≤0%", "0.2%", dec!(8)),
        ("=0%", "0.5%", dec!(5)),
        ("≤-1%", "-1.5%", dec!(10)),
    ] {
        let a = worded("增速", target, actual, json!(0));
        assert_eq!(
            a.indicators[0].computed_score,
            Some(score),
            "{target} / {actual}: {}",
            a.indicators[0].explanation.formula
        );
    }
}
