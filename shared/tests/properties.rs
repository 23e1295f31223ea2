//! Invariants of scoring that must hold for any numbers: a score lies between 0 and its weight,
//! more achievement never lowers an "at least" score, and the total is the sum of its parts;
//! for any words: a negation of the target's own words, or words the reader does not know,
//! are never read as achieved; a zero or negative target is scored on the difference, closer
//! never scoring less.

use fundlens_shared::model::Evaluation;
use fundlens_shared::scoring::{Benchmarks, ScoringPolicy, score_evaluation};
use proptest::prelude::*;
use rust_decimal::Decimal;
use serde_json::json;

fn one_row(target: &str, actual: &str, level2: &str, weight: u32) -> Evaluation {
    let value = json!({
        "program": {"name": "性质测试"},
        "region": "益阳市",
        "year": 2024,
        "funding": {"total": {"full_year_budget": 100, "executed": 90}},
        "indicators": [{"level1": "产出指标", "level2": level2, "name": "行", "target": target,
                         "actual": actual, "weight": weight, "declared_score": 0}],
        "provenance": {"kind": "sample", "generator": "proptest"}
    });
    Evaluation::from_json(&value.to_string()).expect("valid")
}

fn decimal(cents: u32) -> Decimal {
    Decimal::new(i64::from(cents), 2)
}

fn operators() -> impl Strategy<Value = &'static str> {
    prop_oneof![
        Just(""),
        Just("≥"),
        Just(">"),
        Just("≤"),
        Just("<"),
        Just("=")
    ]
}

fn policies() -> impl Strategy<Value = ScoringPolicy> {
    (any::<bool>(), any::<bool>(), any::<bool>()).prop_map(|(hunan, linear, deduct)| {
        let mut policy = if hunan {
            ScoringPolicy::hunan()
        } else {
            ScoringPolicy::national()
        };
        if linear {
            policy.at_most_formula = fundlens_shared::scoring::AtMostFormula::Linear;
        }
        policy.overachievement_deduction = deduct;
        policy
    })
}

proptest! {
    #[test]
    fn a_score_lies_between_zero_and_its_weight(
        operator in operators(),
        target in 0u32..100_000,
        actual in 0u32..200_000,
        weight in 1u32..=30,
        cost in any::<bool>(),
        policy in policies(),
    ) {
        let level2 = if cost { "成本指标" } else { "数量指标" };
        let evaluation = one_row(
            &format!("{operator}{}万元", decimal(target)),
            &format!("{}万元", decimal(actual)),
            level2,
            weight,
        );
        let score = score_evaluation(&evaluation, &policy, &Benchmarks::none());
        let row = &score.indicators[0];
        let computed = row.computed_score.expect("numeric rows are computable");
        prop_assert!(computed >= Decimal::ZERO, "{computed}");
        prop_assert!(computed <= Decimal::from(weight), "{computed} > {weight}");
    }

    #[test]
    fn more_achievement_never_lowers_an_at_least_score(
        target in 1u32..100_000,
        actual in 0u32..100_000,
        more in 0u32..100_000,
        weight in 1u32..=30,
    ) {
        let policy = ScoringPolicy::national();
        let score = |actual: u32| {
            let evaluation = one_row(&format!("≥{}", decimal(target)), &decimal(actual).to_string(), "数量指标", weight);
            score_evaluation(&evaluation, &policy, &Benchmarks::none()).indicators[0]
                .computed_score
                .expect("computable")
        };
        prop_assert!(score(actual + more) >= score(actual));
    }

    #[test]
    fn the_total_is_the_sum_of_its_parts(
        rows in proptest::collection::vec((0u32..1000, 0u32..1000, 1u32..=20, 0u32..=20), 0..12),
        budget in 1u32..100_000,
        executed in 0u32..150_000,
    ) {
        let indicators: Vec<_> = rows.iter().enumerate().map(|(i, (target, actual, weight, declared))| json!({
            "level1": if i % 2 == 0 { "产出指标" } else { "效益指标" },
            "level2": "数量指标",
            "name": format!("行{i}"),
            "target": format!("{}家", target),
            "actual": format!("{}家", actual),
            "weight": weight,
            "declared_score": (*declared).min(*weight),
        })).collect();
        let value = json!({
            "program": {"name": "性质测试"}, "region": "益阳市", "year": 2024,
            "funding": {"total": {"full_year_budget": budget, "executed": executed}},
            "indicators": indicators,
            "provenance": {"kind": "sample", "generator": "proptest"}
        });
        let evaluation = Evaluation::from_json(&value.to_string()).expect("valid");
        let score = score_evaluation(&evaluation, &ScoringPolicy::national(), &Benchmarks::none());
        let parts: Decimal = score.execution.score + score.indicators.iter().map(|r| r.score).sum::<Decimal>();
        prop_assert_eq!(score.total, parts);
        let categories: Decimal = score.categories.iter().map(|c| c.score).sum();
        prop_assert_eq!(score.total, categories);
        // a record without indicator rows is not graded (issue 19.8)
        let graded = (!rows.is_empty())
            .then(|| fundlens_shared::scoring::grade::grade_of(score.total, score.scale));
        prop_assert_eq!(score.grade, graded);
    }
}

proptest! {
    /// A list filtered by grade is a range of totals: every total lies in its grade's range and
    /// in no other grade's.
    #[test]
    fn a_total_lies_in_the_range_of_its_grade_only(cents in 0u32..=10_000) {
        use fundlens_shared::value::Grade;
        let total = decimal(cents);
        for grade in Grade::ALL {
            let (from, below) = grade.total_range();
            let inside = from.is_none_or(|f| total >= f) && below.is_none_or(|b| total < b);
            prop_assert_eq!(inside, Grade::for_total(total) == grade, "{} {:?}", total, grade);
        }
    }
}

proptest! {
    /// What the pages mark — a declared score differing from the computed one by more than the
    /// tolerance the assessment carries, points lost — is what the audit finds, row by row.
    #[test]
    fn the_pages_marks_are_the_audits_findings(
        target in 1u32..1_000,
        actual in 0u32..2_000,
        weight in 1u32..=30,
        declared in 0u32..=3_000,
    ) {
        use fundlens_shared::assessment::assess;
        use fundlens_shared::audit::FindingCode;
        use fundlens_shared::scoring::{differs, lost_points};
        let declared = decimal(declared).min(Decimal::from(weight));
        let value = json!({
            "program": {"name": "性质测试"}, "region": "益阳市", "year": 2024,
            "funding": {"total": {"full_year_budget": 100, "executed": 100}},
            "indicators": [{"level1": "产出指标", "level2": "数量指标", "name": "行",
                            "target": format!("{target}家"), "actual": format!("{actual}家"),
                            "weight": weight, "declared_score": declared.to_string()}],
            "provenance": {"kind": "sample", "generator": "proptest"}
        });
        let evaluation = Evaluation::from_json(&value.to_string()).expect("valid");
        let assessment = assess(&evaluation, &ScoringPolicy::national(), &Benchmarks::none());
        let row = &assessment.indicators[0];
        let computed = row.computed_score.expect("an at-least row is computed");
        let found = |code| assessment.findings.iter().any(|f| f.code == code && f.indicator == Some(0));
        prop_assert_eq!(
            differs(declared, computed, assessment.score_tolerance),
            found(FindingCode::DeclaredScoreMismatch)
        );
        let lost = lost_points(row.weight, declared.min(computed), assessment.score_tolerance);
        let overachieved = row.achievement.is_some_and(|a| ScoringPolicy::national().overachieved(a));
        prop_assert_eq!(
            lost.is_some() || overachieved,
            found(FindingCode::MissingDeviationNote)
        );
    }
}

/// Words a target is written in, and how a form negates each.
fn negated_words() -> impl Strategy<Value = (&'static str, &'static str)> {
    prop_oneof![
        Just(("合规", "不合规")),
        Just(("及时", "不及时")),
        Just(("满意", "不满意")),
        Just(("有效", "无效")),
        Just(("是", "否")),
        Just(("达标", "未达标")),
        Just(("无重大安全事故", "发生重大安全事故")),
    ]
}

proptest! {
    #[test]
    fn a_negation_of_the_targets_own_words_is_never_achieved(
        (target, negated) in negated_words(),
        before in "[资金使用项目]{0,4}",
        after in "[情况问题]{0,2}",
    ) {
        use fundlens_shared::scoring::tier::Attainment;
        use fundlens_shared::scoring::wording::{Judgement, judge};
        let actual = format!("{before}{negated}{after}");
        let judged = judge(target, &actual);
        prop_assert!(
            !matches!(judged, Judgement::Known(Attainment::Achieved | Attainment::Largely, _)),
            "{target} / {actual}: {judged:?}"
        );
    }

    #[test]
    fn words_without_chinese_are_never_achieved(
        target in prop_oneof![Just("合规"), Just("成效明显"), Just("是"), Just("满意")],
        actual in "[a-zA-Z#@ ]{1,12}",
    ) {
        use fundlens_shared::scoring::tier::Attainment;
        use fundlens_shared::scoring::wording::{Judgement, judge};
        let judged = judge(target, &actual);
        prop_assert!(
            !matches!(judged, Judgement::Known(Attainment::Achieved, _)),
            "{target} / {actual}: {judged:?}"
        );
    }

    #[test]
    fn a_zero_or_negative_target_scores_on_the_difference_and_closer_never_scores_less(
        operator in prop_oneof![Just("≥"), Just("≤"), Just("=")],
        target in -500i32..=0,
        actual in -1000i32..1000,
        step in 0i32..200,
        weight in 1u32..=30,
    ) {
        let score = |actual: i32| {
            let evaluation = one_row(
                &format!("{operator}{}%", Decimal::new(i64::from(target), 1)),
                &format!("{}%", Decimal::new(i64::from(actual), 1)),
                "质量指标",
                weight,
            );
            let scored = score_evaluation(&evaluation, &ScoringPolicy::national(), &Benchmarks::none());
            scored.indicators[0].computed_score.expect("computed")
        };
        let here = score(actual);
        prop_assert!(here >= Decimal::ZERO && here <= Decimal::from(weight));
        // one step nearer the target (never past it)
        let nearer = if actual < target {
            (actual + step).min(target)
        } else {
            (actual - step).max(target)
        };
        prop_assert!(score(nearer) >= here, "{operator}{target} / {actual} → {nearer}");
    }
}
