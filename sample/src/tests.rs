//! Tests of the sample as a whole: determinism, validity, weights, provenance, coverage,
//! smoothness of the statistics, what the audit finds, counts, and speed (ignored).

use std::collections::{BTreeMap, BTreeSet};

use fundlens_shared::assessment::assess;
use fundlens_shared::audit::Severity;
use fundlens_shared::metric::METRICS;
use fundlens_shared::model::{Evaluation, Observation};
use fundlens_shared::scoring::{BenchmarkValue, Benchmarks, ScoringPolicy};
use fundlens_shared::target::BenchmarkScope;
use fundlens_shared::value::Grade;
use rust_decimal::Decimal;

use super::*;

fn city(seed: u64) -> SampleSpec {
    SampleSpec {
        scale: Scale::City,
        seed,
    }
}

fn province(seed: u64) -> SampleSpec {
    SampleSpec {
        scale: Scale::Province,
        seed,
    }
}

fn json(evaluation: &Evaluation) -> String {
    serde_json::to_string(evaluation).unwrap_or_default()
}

/// The province's figures of each year as benchmarks, marked sample.
fn benchmarks_by_year(observations: &[Observation]) -> BTreeMap<i32, Benchmarks> {
    let mut by_year: BTreeMap<i32, Benchmarks> = BTreeMap::new();
    for observation in observations.iter().filter(|o| o.region == "湖南省") {
        by_year
            .entry(observation.year.value())
            .or_default()
            .add(BenchmarkValue {
                metric: observation.metric.metric(),
                scope: BenchmarkScope::Province,
                value: observation.value,
                source: "湖南省（样例数据）".to_owned(),
                sample: true,
            });
    }
    by_year
}

/// What the audit made of one record.
struct Checked {
    errors: usize,
    findings: usize,
    grade: Grade,
}

/// Checks one record: it round-trips through the canonical JSON edge, its weights add up, it
/// is marked sample, a clean record has no error under either policy and a planted mistake is
/// found.
fn check(built: &record::Built, benchmarks: &BTreeMap<i32, Benchmarks>) -> Checked {
    let evaluation = &built.evaluation;
    let text = json(evaluation);
    let parsed = Evaluation::from_json(&text);
    assert!(parsed.is_ok(), "{:?}\n{text}", parsed.err());
    assert_eq!(parsed.ok().as_ref(), Some(evaluation), "round trip");
    assert!(evaluation.provenance.is_sample());
    let weights: Decimal = evaluation.funding.weight.value()
        + evaluation
            .indicators
            .iter()
            .map(|i| i.weight.value())
            .sum::<Decimal>();
    assert_eq!(weights, Decimal::ONE_HUNDRED);
    for group in &evaluation.indicator_groups {
        let sum: Decimal = evaluation
            .indicators
            .iter()
            .filter(|i| i.level1 == group.level1)
            .map(|i| i.weight.value())
            .sum();
        assert_eq!(Some(sum), group.weight.points(), "{}", group.level1);
    }
    assert!((10..=20).contains(&evaluation.indicators.len()));
    let none = Benchmarks::none();
    let benchmarks = benchmarks.get(&evaluation.year.value()).unwrap_or(&none);
    let assessment = assess(evaluation, &ScoringPolicy::national(), benchmarks);
    assert!(assessment.complete, "{}", evaluation.program.name);
    let errors = assessment
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    if built.mistake.is_none() {
        let hunan = assess(evaluation, &ScoringPolicy::hunan(), benchmarks);
        assert!(
            hunan.findings.iter().all(|f| f.severity != Severity::Error),
            "{:#?}",
            hunan.findings
        );
        assert_eq!(
            errors, 0,
            "a clean record has errors: {:#?}\n{text}",
            assessment.findings
        );
        assert!(
            assessment
                .findings
                .iter()
                .all(|f| f.code != fundlens_shared::audit::FindingCode::MissingDeviationNote),
            "{:#?}",
            assessment.findings
        );
    } else {
        assert!(
            !assessment.findings.is_empty(),
            "{:?} not found",
            built.mistake
        );
    }
    Checked {
        errors,
        findings: assessment.findings.len(),
        grade: assessment
            .grade
            .expect("a sample record has indicators and funding"),
    }
}

fn built(spec: &SampleSpec) -> Vec<record::Built> {
    let mut evaluations = evaluations(spec);
    std::iter::from_fn(|| evaluations.next_built()).collect()
}

#[test]
fn the_same_seed_gives_the_same_records_and_another_seed_others() {
    let first = |seed| -> Vec<String> {
        evaluations(&city(seed))
            .take(40)
            .map(|e| json(&e))
            .collect()
    };
    assert_eq!(first(7), first(7));
    assert_ne!(first(7), first(8));
    assert_eq!(observations(&city(7)), observations(&city(7)));
    assert_ne!(observations(&city(7)), observations(&city(8)));
}

#[test]
fn city_scale_is_valid_covers_yiyang_and_the_audit_finds_some_things() {
    let spec = city(7);
    let observations = observations(&spec);
    let benchmarks = benchmarks_by_year(&observations);
    let records = built(&spec);
    assert!(
        (600..=900).contains(&records.len()),
        "{} evaluations",
        records.len()
    );
    let (mut with_errors, mut with_findings, mut mistakes) = (0, 0, 0);
    let mut grades: BTreeMap<Grade, usize> = BTreeMap::new();
    for record in &records {
        let checked = check(record, &benchmarks);
        with_errors += usize::from(checked.errors > 0);
        with_findings += usize::from(checked.findings > 0);
        mistakes += usize::from(record.mistake.is_some());
        *grades.entry(checked.grade).or_default() += 1;
    }
    let excellent = grades.get(&Grade::Excellent).copied().unwrap_or_default();
    assert!(
        excellent > records.len() * 3 / 4 && excellent < records.len(),
        "grades {grades:?}"
    );
    let share = |count: usize| count as f64 / records.len() as f64;
    assert!(
        (0.03..0.12).contains(&share(mistakes)),
        "{mistakes} mistakes"
    );
    assert!(
        (0.03..0.5).contains(&share(with_findings)),
        "{with_findings} of {} records have findings ({with_errors} with errors)",
        records.len()
    );

    let covered: BTreeSet<(&str, i32)> = records
        .iter()
        .map(|r| (r.evaluation.region.as_str(), r.evaluation.year.value()))
        .collect();
    let regions = regions(&spec);
    assert_eq!(regions.len(), 10);
    for region in regions.iter().filter(|r| r.name != "湖南省") {
        for year in 2018..=2025 {
            assert!(
                covered.contains(&(region.name, year)),
                "{} {year}",
                region.name
            );
        }
    }
    let keys: BTreeSet<_> = records.iter().map(|r| r.evaluation.key()).collect();
    assert_eq!(keys.len(), records.len(), "keys are unique");

    let (count, rows) = expected_counts(&spec);
    assert_eq!(count, records.len());
    let actual_rows: usize = records.iter().map(|r| r.evaluation.indicators.len()).sum();
    assert_eq!(rows, actual_rows);
}

#[test]
fn observations_are_sample_in_catalogue_units_ranked_and_smooth() {
    let spec = city(7);
    let observations = observations(&spec);
    let regions: BTreeSet<&str> = observations.iter().map(|o| o.region.as_str()).collect();
    let expected: BTreeSet<&str> = [
        "湖南省",
        "益阳市",
        "赫山区",
        "资阳区",
        "南县",
        "桃江县",
        "安化县",
        "沅江市",
    ]
    .into_iter()
    .collect();
    assert_eq!(regions, expected, "merged units have no observations");
    assert_eq!(observations.len(), 8 * 8 * 8);
    let mut series: BTreeMap<(&str, &str), Vec<(i32, Decimal)>> = BTreeMap::new();
    for observation in &observations {
        assert!(observation.source.is_sample());
        assert!(observation.validate().is_ok());
        let metric = observation.metric.metric();
        assert_eq!(
            observation.unit.as_ref().map(|u| u.as_str()),
            Some(metric.unit)
        );
        assert!(METRICS.iter().any(|m| m.code == metric.code));
        let rank = observation.rank.map(|r| r.value());
        match observation.region.as_str() {
            "湖南省" => assert_eq!(rank, None),
            "益阳市" => assert!(rank.is_some_and(|r| (1..=14).contains(&r))),
            _ => assert!(rank.is_some_and(|r| (1..=122).contains(&r))),
        }
        series
            .entry((observation.region.as_str(), metric.code))
            .or_default()
            .push((observation.year.value(), observation.value));
    }
    let mut largest = Decimal::ZERO;
    for ((region, code), values) in &series {
        if *code != "industrial_value_added_growth" {
            continue;
        }
        for pair in values.windows(2) {
            let change = (pair[1].1 - pair[0].1).abs();
            largest = largest.max(change);
            assert!(change <= Decimal::from(8), "{region} {code} {pair:?}");
        }
    }
    assert!(largest > Decimal::ONE, "values move");
    for observations in [observations, super::observations(&province(7))] {
        assert!(observations.iter().all(|o| o.source.is_sample()));
    }
}

#[test]
fn province_scale_streams_valid_records() {
    let spec = province(11);
    let benchmarks = benchmarks_by_year(&observations(&spec));
    let mut evaluations = evaluations(&spec);
    let records: Vec<record::Built> = std::iter::from_fn(|| evaluations.next_built())
        .take(2_000)
        .collect();
    assert_eq!(records.len(), 2_000);
    for record in &records {
        check(record, &benchmarks);
    }
    assert_eq!(regions(&spec).len(), 139);
}

#[test]
#[ignore = "generates all 400,000 province records; run with --release -- --ignored --nocapture"]
fn province_scale_speed_and_counts() {
    let spec = province(1);
    let started = std::time::Instant::now();
    let (count, rows) = expected_counts(&spec);
    let counted = started.elapsed();
    let started = std::time::Instant::now();
    let (mut generated, mut indicator_rows) = (0_usize, 0_usize);
    for evaluation in evaluations(&spec) {
        generated += 1;
        indicator_rows += evaluation.indicators.len();
    }
    let elapsed = started.elapsed().as_secs_f64();
    println!(
        "province scale: expected {count} evaluations and {rows} indicator rows (counted in \
         {counted:?}); generated {generated} ({indicator_rows} rows) in {elapsed:.1} s = {:.0} \
         evaluations/s",
        generated as f64 / elapsed
    );
    assert_eq!((generated, indicator_rows), (count, rows));
}
