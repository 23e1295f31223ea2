//! The seed report, as the text a copy of the Word report gives, read into a draft: it must be
//! the transcribed record on every field, and score 99 with the same findings.

use fundlens_documents as documents;
use fundlens_shared::assessment::assess;
use fundlens_shared::draft::Confidence;
use fundlens_shared::model::Evaluation;
use fundlens_shared::scoring::{Benchmarks, ScoringPolicy};
use rust_decimal_macros::dec;

const SEED_TEXT: &str = "data/documents/000_d677b793e52480fc.txt";

fn repository_file(path: &str) -> String {
    format!("{}/../{path}", env!("CARGO_MANIFEST_DIR"))
}

fn regions() -> Vec<String> {
    fundlens_shared::region::REGIONS
        .iter()
        .map(|region| region.name.to_owned())
        .collect()
}

fn transcribed() -> Evaluation {
    let text = std::fs::read_to_string(repository_file(
        "data/evaluations/yiyang-2022-advanced-manufacturing.json",
    ))
    .expect("the transcribed record");
    Evaluation::from_json(&text).expect("valid")
}

fn ingested() -> (Evaluation, fundlens_shared::draft::DraftContent) {
    let bytes = std::fs::read(repository_file(SEED_TEXT)).expect("the seed text");
    let mut drafts = documents::read(&bytes, "000_d677b793e52480fc.txt", SEED_TEXT, &regions())
        .expect("the seed text reads");
    assert_eq!(drafts.len(), 1, "one form in the report");
    let draft = drafts.remove(0);
    let record =
        Evaluation::from_json(&draft.record.to_string()).expect("the draft is a valid record");
    (record, draft)
}

#[test]
fn the_seed_text_reads_into_the_transcribed_record_field_by_field() {
    let (read, draft) = ingested();
    let expected = transcribed();
    assert_eq!(read.program, expected.program, "program");
    assert_eq!(read.region, expected.region, "region");
    assert_eq!(read.year, expected.year, "year");
    assert_eq!(read.funding, expected.funding, "funding");
    assert_eq!(read.goal, expected.goal, "goal");
    assert_eq!(
        read.indicator_groups, expected.indicator_groups,
        "indicator_groups"
    );
    assert_eq!(read.indicators.len(), expected.indicators.len());
    for (index, (got, want)) in read.indicators.iter().zip(&expected.indicators).enumerate() {
        assert_eq!(got, want, "indicators[{index}]");
    }
    assert_eq!(read.declared, expected.declared, "declared");
    assert_eq!(read.allocations, expected.allocations, "allocations");
    assert_eq!(read.narrative, expected.narrative, "narrative");
    for (index, (got, want)) in read.statistics.iter().zip(&expected.statistics).enumerate() {
        assert_eq!(got, want, "statistics[{index}]");
    }
    assert_eq!(
        read.statistics.len(),
        expected.statistics.len(),
        "statistics"
    );
    assert_eq!(read.provenance, expected.provenance, "provenance");
    assert_eq!(read, expected);
    assert!(
        draft.missing_required().next().is_none(),
        "{:?}",
        draft.missing
    );
}

#[test]
fn the_seed_text_scores_99_with_the_transcriptions_findings() {
    let (read, _) = ingested();
    let policy = ScoringPolicy::national();
    let from_text = assess(&read, &policy, &Benchmarks::from_record(&read));
    let transcribed = transcribed();
    let from_record = assess(
        &transcribed,
        &policy,
        &Benchmarks::from_record(&transcribed),
    );
    assert_eq!(from_text.total, dec!(99));
    assert_eq!(from_text.findings, from_record.findings);
}

#[test]
fn the_reader_says_what_it_inferred_and_where_each_field_stands() {
    let (_, draft) = ingested();
    let source = |field: &str| {
        draft
            .sources
            .iter()
            .find(|s| s.field == field)
            .unwrap_or_else(|| panic!("{field} has a source"))
    };
    assert_eq!(source("program.name").location, "第59行");
    assert_eq!(source("program.name").confidence, Confidence::Read);
    assert_eq!(source("indicators[0].target").raw, "135家");
    let region = source("region");
    assert_eq!(
        region.confidence,
        Confidence::Uncertain,
        "the form has no 地区 cell"
    );
    assert!(region.note.as_deref().is_some_and(|n| n.contains("推断")));
    let rows_realigned: Vec<&str> = draft
        .uncertain()
        .filter(|s| s.field.ends_with(".name") && s.field.starts_with("indicators"))
        .map(|s| s.raw.as_str())
        .collect();
    assert_eq!(
        rows_realigned,
        ["促进就业", "工业领域生态环境保护"],
        "the row that lost its break"
    );
    assert!(
        draft
            .unplaced
            .iter()
            .any(|u| u.text.starts_with("根据《益阳市财政局")),
        "the preface is kept, not dropped"
    );
}
