//! What the test binaries of `shared` share: the seed record's text, and small records made by
//! hand with the helpers that assess them. Each binary uses a part of it.
#![allow(dead_code)]

use fundlens_shared::assessment::{Assessment, assess};
use fundlens_shared::audit::FindingCode;
use fundlens_shared::model::Evaluation;
use fundlens_shared::scoring::{Benchmarks, ScoringPolicy};
use serde_json::{Value, json};

/// The seed record (Yiyang, 2022) as transcribed.
pub(crate) const SEED: &str =
    include_str!("../../../data/evaluations/yiyang-2022-advanced-manufacturing.json");

/// The seed record as JSON, to change before reading it.
pub(crate) fn seed_value() -> Value {
    serde_json::from_str(SEED).expect("the seed is JSON")
}

/// One indicator row: (level1, level2, name, target, actual, weight, declared score).
pub(crate) type Row<'a> = (&'a str, &'a str, &'a str, &'a str, &'a str, i64, Value);

/// A record with execution 10 of 10 (500 of 500 万元) and exactly `rows`.
pub(crate) fn record(rows: &[Row<'_>]) -> Value {
    let indicators: Vec<Value> = rows
        .iter()
        .map(|(l1, l2, name, target, actual, weight, declared)| {
            json!({"level1": l1, "level2": l2, "name": name, "target": target, "actual": actual,
                   "weight": weight, "declared_score": declared})
        })
        .collect();
    json!({
        "program": {"name": "测试专项资金"},
        "region": "赫山区",
        "year": 2023,
        "funding": {"total": {"year_start_budget": 500, "full_year_budget": 500, "executed": 500},
                    "weight": 10, "declared_score": 10},
        "indicators": indicators,
        "provenance": {"kind": "sample", "generator": "hand-worked test"}
    })
}

/// `rows` and, when they weigh less than 90, a qualitative row (scored in full) that brings the
/// weights to 100.
pub(crate) fn padded(rows: &[Row<'_>]) -> Value {
    let used: i64 = rows.iter().map(|r| r.5).sum();
    let mut all = rows.to_vec();
    if used < 90 {
        all.push((
            "效益指标",
            "社会效益指标",
            "其他",
            "成效明显",
            "成效明显",
            90 - used,
            json!(90 - used),
        ));
    }
    record(&all)
}

/// `value` read and assessed under `policy` with the benchmarks it carries.
pub(crate) fn assess_value(value: &Value, policy: &ScoringPolicy) -> Assessment {
    let evaluation = Evaluation::from_json(&value.to_string()).expect("valid record");
    assess(&evaluation, policy, &Benchmarks::from_record(&evaluation))
}

/// `value` assessed under the national policy.
pub(crate) fn national(value: &Value) -> Assessment {
    assess_value(value, &ScoringPolicy::national())
}

/// True when the assessment has a finding with `code`.
pub(crate) fn has(assessment: &Assessment, code: FindingCode) -> bool {
    assessment.findings.iter().any(|f| f.code == code)
}
