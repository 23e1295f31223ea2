//! Export → ingest round trip: every sample record (and the real one) written as a 自评表
//! workbook and read back is the same record.

use fundlens_documents as documents;
use fundlens_sample::{self as sample, SampleSpec, Scale};
use fundlens_shared::assessment::assess;
use fundlens_shared::model::Evaluation;
use fundlens_shared::scoring::{Benchmarks, ScoringPolicy};
use proptest::prelude::*;

fn regions() -> Vec<String> {
    fundlens_shared::region::REGIONS
        .iter()
        .map(|region| region.name.to_owned())
        .collect()
}

/// Exports `evaluation` and reads the workbook back; panics naming the first field that differs.
fn round_trip(evaluation: &Evaluation) -> Evaluation {
    let assessment = assess(
        evaluation,
        &ScoringPolicy::national(),
        &Benchmarks::from_record(evaluation),
    );
    let bytes = documents::write::workbook::workbook(evaluation, &assessment).expect("exports");
    let mut drafts =
        documents::read(&bytes, "export.xlsx", "export.xlsx", &regions()).expect("reads back");
    assert_eq!(drafts.len(), 1, "one form per exported workbook");
    let draft = drafts.remove(0);
    Evaluation::from_json(&draft.record.to_string()).unwrap_or_else(|e| {
        panic!(
            "{} / {} / {}: {e}\n{}",
            evaluation.program.name, evaluation.region, evaluation.year, draft.record
        )
    })
}

fn assert_same(read: &Evaluation, expected: &Evaluation) {
    let key = format!(
        "{} / {} / {}",
        expected.program.name, expected.region, expected.year
    );
    let fields = |e: &Evaluation| -> Vec<(&'static str, serde_json::Value)> {
        let value = serde_json::to_value(e).expect("serializes");
        [
            "program",
            "region",
            "year",
            "funding",
            "goal",
            "indicator_groups",
            "indicators",
            "declared",
            "allocations",
            "narrative",
            "statistics",
            "benchmarks",
            "provenance",
        ]
        .into_iter()
        .map(|field| (field, value[field].clone()))
        .collect()
    };
    for ((field, got), (_, want)) in fields(read).into_iter().zip(fields(expected)) {
        assert_eq!(got, want, "{key}: {field}");
    }
    assert_eq!(read, expected, "{key}");
}

#[test]
fn every_city_sample_record_round_trips_through_a_workbook() {
    let spec = SampleSpec {
        scale: Scale::City,
        seed: 2022,
    };
    let mut count = 0;
    for evaluation in sample::evaluations(&spec) {
        assert_same(&round_trip(&evaluation), &evaluation);
        count += 1;
    }
    assert!(count > 600, "the whole city sample: {count}");
}

#[test]
fn the_real_record_round_trips_through_a_workbook() {
    let text = std::fs::read_to_string(format!(
        "{}/../data/evaluations/yiyang-2022-advanced-manufacturing.json",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("the real record");
    let evaluation = Evaluation::from_json(&text).expect("valid");
    assert_same(&round_trip(&evaluation), &evaluation);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]
    #[test]
    fn sample_records_of_any_seed_round_trip(seed in any::<u64>(), index in 0usize..600) {
        let spec = SampleSpec { scale: Scale::City, seed };
        if let Some(evaluation) = sample::evaluations(&spec).nth(index) {
            assert_same(&round_trip(&evaluation), &evaluation);
        }
    }
}
