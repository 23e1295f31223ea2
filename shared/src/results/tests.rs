//! The definitions on small hand-made records: one row of each kind, and none where the rule
//! says there is none.

use serde_json::json;

use super::*;
use crate::assessment::assess;
use crate::scoring::{Benchmarks, ScoringPolicy};

fn record(year: i32, budget: f64, indicators: serde_json::Value, statistic: f64) -> Evaluation {
    let text = json!({
        "program": {"name": "测试专项资金"},
        "region": "赫山区",
        "year": year,
        "funding": {"total": {"year_start_budget": budget, "full_year_budget": budget, "executed": budget}, "weight": 10},
        "indicators": indicators,
        "statistics": [{"metric": "industrial_value_added_growth", "value": statistic, "unit": "%"}],
        "provenance": {"kind": "sample", "generator": "test"}
    });
    Evaluation::from_json(&text.to_string()).expect("valid record")
}

fn row(name: &str, target: &str, actual: &str, weight: u32, score: u32) -> serde_json::Value {
    json!({"level1": "产出指标", "level2": "数量指标", "name": name, "target": target,
           "actual": actual, "weight": weight, "declared_score": score})
}

fn assessed(e: &Evaluation) -> Assessment {
    assess(e, &ScoringPolicy::national(), &Benchmarks::from_record(e))
}

#[test]
fn budget_rows_follow_the_grade_and_the_tolerance() {
    assert_eq!(
        budget::response(100.into(), 100.5.try_into().expect("present")),
        ResultCode::BudgetKept
    );
    assert_eq!(
        budget::response(100.into(), 98.into()),
        ResultCode::BudgetCut
    );
    assert_eq!(
        budget::response(100.into(), 102.into()),
        ResultCode::BudgetRaised
    );
    // A poor year (one indicator far short) followed by a raised budget is a warning.
    let a = record(
        2023,
        100.0,
        json!([row("企业数", "100家", "10家", 90, 9)]),
        6.8,
    );
    let b = record(
        2024,
        120.0,
        json!([row("企业数", "100家", "10家", 90, 9)]),
        6.8,
    );
    let (sa, sb) = (assessed(&a), assessed(&b));
    let earlier = FundYear {
        id: 1,
        evaluation: &a,
        assessment: &sa,
    };
    let later = FundYear {
        id: 2,
        evaluation: &b,
        assessment: &sb,
    };
    let item = budget::item(earlier, later).expect("both budgets");
    assert_eq!(item.code, ResultCode::BudgetRaised);
    assert_eq!(item.class, "low");
    assert!(item.flag, "中/差 two years running");
    assert_eq!(item.severity, Severity::Warning);
    assert_eq!(item.change_percent, Some(20.into()));
    assert!(item.message.contains("2023年评价为差"), "{}", item.message);
}

#[test]
fn targets_rectification_and_conflicts() {
    let a = record(
        2023,
        100.0,
        json!([
            row("企业数", "100家", "200家", 45, 45),
            row("培训人次", "50人", "80人", 45, 45)
        ]),
        6.8,
    );
    let b = record(
        2024,
        100.0,
        json!([
            row("企业数", "150家", "300家", 45, 45),
            row("服务满意度", "达到预期", "达到预期", 45, 45)
        ]),
        7.1,
    );
    let (sa, sb) = (assessed(&a), assessed(&b));
    let earlier = FundYear {
        id: 1,
        evaluation: &a,
        assessment: &sa,
    };
    let later = FundYear {
        id: 2,
        evaluation: &b,
        assessment: &sb,
    };
    let codes: Vec<ResultCode> = targets::compared(earlier, later)
        .iter()
        .map(|i| i.code)
        .collect();
    assert_eq!(
        codes,
        [
            ResultCode::TargetBelowLastActual,
            ResultCode::TargetPersistentlyExceeded,
            ResultCode::IndicatorDropped
        ]
    );
    assert!(targets::without_quantities(later).is_none());
    let conflicts = conflicts::among(&[(1, &a), (2, &b)], &[]);
    assert_eq!(conflicts.len(), 1);
    assert_eq!(conflicts[0].0, 2);
    assert_eq!(conflicts[0].1.other, Some(1));
    assert!(!conflicts[0].1.flag);
    assert_eq!(indicator_key(" 企业 数\u{3000}"), "企业数");
}

#[test]
fn an_official_figure_is_the_reference_of_every_report_of_its_kind() {
    let reports: Vec<Evaluation> = [7.1, 6.8, 6.8]
        .iter()
        .map(|value| {
            record(
                2024,
                100.0,
                json!([row("企业数", "100家", "120家", 90, 90)]),
                *value,
            )
        })
        .collect();
    let years: Vec<(i64, &Evaluation)> = (1..).zip(&reports).collect();
    let metric = crate::metric::by_code("industrial_value_added_growth").expect("known");
    let official = |sample: bool| conflicts::Published {
        metric,
        value: rust_decimal::Decimal::new(68, 1),
        sample,
        source: "2024年统计公报".to_owned(),
    };
    // Against the official 6.8: only the first report (7.1) differs, flagged, naming the source.
    let rows = conflicts::among(&years, &[official(true)]);
    assert_eq!(rows.len(), 1, "{rows:?}");
    let (id, item) = &rows[0];
    assert_eq!(*id, 1);
    assert!(item.flag);
    assert_eq!(item.other, None);
    assert_eq!(item.before, Some(rust_decimal::Decimal::new(68, 1)));
    assert!(item.message.contains("2024年统计公报"), "{}", item.message);
    // A real figure is no reference for sample reports: the first report is, and both 6.8s differ.
    let rows = conflicts::among(&years, &[official(false)]);
    assert_eq!(rows.iter().map(|(id, _)| *id).collect::<Vec<_>>(), [2, 3]);
    assert!(
        rows.iter()
            .all(|(_, item)| item.other == Some(1) && !item.flag)
    );
}
