//! The first real record (Yiyang, 2022) scored and audited: every figure the issue names.

mod support;

use fundlens_shared::assessment::{Assessment, assess};
use fundlens_shared::audit::FindingCode;
use fundlens_shared::metric::by_code;
use fundlens_shared::model::Evaluation;
use fundlens_shared::scoring::{Basis, BenchmarkValue, Benchmarks, ScoringPolicy};
use fundlens_shared::target::BenchmarkScope;
use fundlens_shared::value::Grade;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

fn seed() -> Evaluation {
    Evaluation::from_json(support::SEED).expect("the seed record is valid")
}

fn codes(assessment: &Assessment, code: FindingCode) -> Vec<&fundlens_shared::audit::Finding> {
    assessment
        .findings
        .iter()
        .filter(|f| f.code == code)
        .collect()
}

fn value(finding: &fundlens_shared::audit::Finding, name: &str) -> Decimal {
    finding
        .values
        .iter()
        .find(|v| v.name == name)
        .map(|v| v.value)
        .expect(name)
}

fn province(metric: &str, value: Decimal) -> BenchmarkValue {
    BenchmarkValue {
        metric: by_code(metric).expect("known metric"),
        scope: BenchmarkScope::Province,
        value,
        source: "test".to_owned(),
        sample: false,
    }
}

#[test]
fn the_transcription_is_complete() {
    let record = seed();
    assert_eq!(record.indicators.len(), 15);
    assert_eq!(record.allocations.len(), 8);
    assert_eq!(record.narrative.claimed_categories.len(), 3);
    assert_eq!(record.program.categories.len(), 4);
    assert_eq!(record.narrative.problems.len(), 3);
    assert!(record.statistics.len() >= 8);
    assert!(!record.provenance.is_sample());
}

#[test]
fn execution_total_and_grade_reproduce_the_report() {
    let assessment = assess(&seed(), &ScoringPolicy::national(), &Benchmarks::none());
    assert_eq!(assessment.execution_rate, Some(dec!(100)));
    assert_eq!(assessment.execution.computed_score, Some(dec!(10)));
    assert_eq!(assessment.total, dec!(99));
    assert_eq!(assessment.grade, Some(Grade::Excellent));
    assert!(
        !assessment.complete,
        "two benchmark rows cannot be verified"
    );
    let table: Vec<(String, Decimal)> = assessment
        .categories
        .iter()
        .map(|c| (c.name.clone(), c.declared_score))
        .collect();
    assert_eq!(
        table,
        vec![
            ("预算执行率".to_owned(), dec!(10)),
            ("产出指标".to_owned(), dec!(50)),
            ("效益指标".to_owned(), dec!(39))
        ]
    );
}

#[test]
fn the_narrative_category_scores_disagree_with_the_table() {
    let assessment = assess(&seed(), &ScoringPolicy::national(), &Benchmarks::none());
    let mismatches = codes(&assessment, FindingCode::NarrativeCategoryMismatch);
    let pairs: Vec<(Decimal, Decimal)> = mismatches
        .iter()
        .map(|f| (value(f, "claimed"), value(f, "table")))
        .collect();
    assert_eq!(pairs, vec![(dec!(49), dec!(50)), (dec!(40), dec!(39))]);
    assert!(codes(&assessment, FindingCode::DeclaredTotalMismatch).is_empty());
}

#[test]
fn the_four_of_five_row_lacks_a_deviation_note() {
    let assessment = assess(&seed(), &ScoringPolicy::national(), &Benchmarks::none());
    let missing = codes(&assessment, FindingCode::MissingDeviationNote);
    assert_eq!(missing.len(), 1);
    assert_eq!(missing[0].subject, "规模以上工业增加值");
    assert_eq!(missing[0].indicator, Some(9));
}

#[test]
fn benchmark_rows_are_missing_without_provincial_figures() {
    let assessment = assess(&seed(), &ScoringPolicy::national(), &Benchmarks::none());
    let missing: Vec<Option<usize>> = codes(&assessment, FindingCode::BenchmarkMissing)
        .iter()
        .map(|f| f.indicator)
        .collect();
    assert_eq!(missing, vec![Some(9), Some(10)]);
    assert_eq!(assessment.indicators[9].basis, Basis::Declared);
    assert_eq!(assessment.indicators[9].computed_score, None);
}

#[test]
fn benchmark_rows_are_scored_by_the_formula_when_figures_are_given() {
    let mut benchmarks = Benchmarks::none();
    benchmarks.add(province("industrial_value_added_growth", dec!(7.2)));
    benchmarks.add(province("industrial_investment_growth", dec!(20)));
    let assessment = assess(&seed(), &ScoringPolicy::national(), &benchmarks);
    let growth = &assessment.indicators[9];
    assert_eq!(growth.computed_score, Some(dec!(4.722222)));
    assert_eq!(growth.explanation.formula, "5 × 6.8 ÷ 7.2 = 4.7222");
    assert_eq!(assessment.indicators[10].computed_score, Some(dec!(5)));
    assert!(codes(&assessment, FindingCode::BenchmarkMissing).is_empty());
    let mismatch = codes(&assessment, FindingCode::DeclaredScoreMismatch);
    assert_eq!(mismatch.len(), 1);
    assert_eq!(mismatch[0].indicator, Some(9));
    assert!(assessment.complete);
    assert_eq!(assessment.total, dec!(99.722222));
}

#[test]
fn sample_benchmarks_never_score_a_real_record() {
    let mut benchmarks = Benchmarks::none();
    benchmarks.add(BenchmarkValue {
        sample: true,
        ..province("industrial_value_added_growth", dec!(7.2))
    });
    let assessment = assess(&seed(), &ScoringPolicy::national(), &benchmarks);
    assert_eq!(assessment.indicators[9].computed_score, None);
}

#[test]
fn allocations_add_up_and_the_mid_year_cut_is_reported() {
    let assessment = assess(&seed(), &ScoringPolicy::national(), &Benchmarks::none());
    assert_eq!(assessment.allocation_sum, dec!(593.04));
    assert!(codes(&assessment, FindingCode::AllocationSumMismatch).is_empty());
    let cut = codes(&assessment, FindingCode::BudgetCut);
    assert_eq!(cut.len(), 1);
    assert_eq!(value(cut[0], "year_start_budget"), dec!(752));
    assert_eq!(value(cut[0], "full_year_budget"), dec!(593.04));
    assert_eq!(value(cut[0], "cut"), dec!(158.96));
}

#[test]
fn the_seed_weights_add_up() {
    let assessment = assess(&seed(), &ScoringPolicy::national(), &Benchmarks::none());
    assert!(codes(&assessment, FindingCode::WeightSumMismatch).is_empty());
    assert!(codes(&assessment, FindingCode::ScoreOutsideTier).is_empty());
}

#[test]
fn the_seed_with_one_weight_doubled_is_out_of_105() {
    let mut record = support::seed_value();
    record["indicators"][0]["weight"] = serde_json::Value::from(10);
    let evaluation = Evaluation::from_json(&record.to_string()).expect("kept as written");
    let assessment = assess(&evaluation, &ScoringPolicy::national(), &Benchmarks::none());
    let weights = codes(&assessment, FindingCode::WeightSumMismatch);
    let form = weights
        .iter()
        .find(|f| f.subject == "总分")
        .expect("the form's 105");
    assert_eq!(value(form, "sum"), dec!(105));
    assert_eq!(value(form, "expected"), dec!(100));
    let output = weights
        .iter()
        .find(|f| f.subject == "产出指标")
        .expect("产出指标's 55 against its 50");
    assert_eq!(
        (value(output, "stated"), value(output, "sum")),
        (dec!(50), dec!(55))
    );
    assert_eq!(assessment.total, dec!(104));
    assert_eq!(assessment.scale, dec!(105));
    assert_eq!(assessment.grade, Some(Grade::Excellent));
}

#[test]
fn the_assessment_carries_the_tolerance_the_pages_mark_with() {
    let assessment = assess(&seed(), &ScoringPolicy::national(), &Benchmarks::none());
    assert_eq!(
        assessment.score_tolerance,
        ScoringPolicy::national().score_tolerance
    );
    let text = serde_json::to_string(&assessment).expect("JSON");
    let stored = text.replacen(r#""score_tolerance":0.01,"#, "", 1);
    assert_ne!(stored, text);
    let read = |text: &str| serde_json::from_str::<Assessment>(text).expect("an assessment");
    assert_eq!(read(&stored), read(&text));
}
