//! The seed report as a Word document (made by python-docx, `fixtures/make_report_docx.py`):
//! its paragraphs and its 自评表 table, with cells merged down and across, read into the
//! transcribed record.

use fundlens_documents::{self as documents, review};
use fundlens_shared::model::Evaluation;

#[test]
fn the_seed_report_as_a_word_document_reads_into_the_transcribed_record() {
    let root = format!("{}/..", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(format!(
        "{root}/documents/tests/fixtures/yiyang-2022-report.docx"
    ))
    .expect("fixture");
    let expected = Evaluation::from_json(
        &std::fs::read_to_string(format!(
            "{root}/data/evaluations/yiyang-2022-advanced-manufacturing.json"
        ))
        .expect("record"),
    )
    .expect("valid");
    let regions: Vec<String> = fundlens_shared::region::REGIONS
        .iter()
        .map(|r| r.name.to_owned())
        .collect();
    let location = "data/documents/000_d677b793e52480fc.txt";
    let drafts =
        documents::read(&bytes, "yiyang-2022-report.docx", location, &regions).expect("reads");
    assert_eq!(drafts.len(), 1);
    let read =
        review::record_of(&drafts[0]).unwrap_or_else(|e| panic!("{e}\n{}", drafts[0].record));
    assert_eq!(read.program, expected.program);
    for (index, (got, want)) in read.indicators.iter().zip(&expected.indicators).enumerate() {
        assert_eq!(got, want, "indicators[{index}]");
    }
    assert_eq!(read.indicators.len(), expected.indicators.len());
    assert_eq!(read.indicator_groups, expected.indicator_groups);
    assert_eq!(read.funding, expected.funding);
    assert_eq!(read.goal, expected.goal);
    assert_eq!(read.narrative, expected.narrative);
    assert_eq!(read.allocations, expected.allocations);
    assert_eq!(read.statistics, expected.statistics);
    assert_eq!(read, expected);
    let level1 = drafts[0]
        .sources
        .iter()
        .find(|s| s.field == "indicators[1].level1")
        .expect("source");
    assert_eq!(
        level1.location, "表1 第11行 第2列",
        "carried down from the merged cell"
    );
}
