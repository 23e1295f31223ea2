//! A record made ready to store, from the record and its benchmark figures alone: its cells
//! checked and turned into the integers they are stored as, scored and audited by `shared`, its
//! documents packed and its digest taken. No database is touched, so an import prepares its
//! records on every core (rayon) while one writer stores them, and both backends store the
//! same preparation.

use fundlens_shared::assessment::{Assessment, assess};
use fundlens_shared::audit::{Finding, FindingCode};
use fundlens_shared::model::{Evaluation, FundingRow};
use fundlens_shared::scoring::group::level1_of;
use fundlens_shared::scoring::{BenchmarkValue, Benchmarks, ScoringPolicy, Uncomputable};
use fundlens_shared::value::Grade;
use rayon::prelude::*;

use crate::sqlite::audit_log::sha256_hex;
use crate::sqlite::blob::{compress, pack};
use crate::sqlite::convert::{micro_to_db, money_to_db};

/// The findings an import lists beside the records it stores: the form as written could not be
/// fully read or does not add up.
pub(crate) const FORM_FINDINGS: [FindingCode; 4] = [
    FindingCode::WeightSumMismatch,
    FindingCode::TargetUnreadable,
    FindingCode::ActualUnreadable,
    FindingCode::NotApplicable,
];

/// Why a record cannot be stored as it is.
#[derive(Debug)]
pub(crate) enum Unstorable {
    /// A cell does not fit what it is stored as: the field and why, in Chinese.
    Invalid(String, String),
    /// A computed score or a document could not be put into its stored form.
    Unencodable(String),
}

/// One funding row as stored: its kind and its three amounts in yuan.
pub(crate) type FundingCells = (&'static str, [Option<i64>; 3]);

/// Everything a writer stores of one record that does not depend on the database.
pub(crate) struct Prepared {
    /// The record's scores and findings.
    pub(crate) assessment: Assessment,
    /// The `evaluations` columns that come from the assessment, and the assessment packed.
    pub(crate) summary: Summary,
    /// The funding block (`total` first).
    pub(crate) money: Vec<FundingCells>,
    /// Each allocation line's amount in yuan.
    pub(crate) allocations: Vec<i64>,
    /// Each section 四(二) statistic's value in millionths.
    pub(crate) statistics: Vec<i64>,
    /// The record packed ([`pack`]).
    pub(crate) record: Vec<u8>,
    /// SHA-256 (hex) of the record's JSON, as the versions and the audit log name it.
    pub(crate) hash: String,
    /// The score rows' stored cells.
    pub(crate) scores: ScoreCells,
}

impl Prepared {
    /// The findings of [`FORM_FINDINGS`]' kinds among the assessment's.
    pub(crate) fn form_findings(&self) -> impl Iterator<Item = &Finding> {
        self.assessment
            .findings
            .iter()
            .filter(|finding| FORM_FINDINGS.contains(&finding.code))
    }
}

/// Prepares `evaluation` with the benchmark figures of its region's ancestors (`figures`).
/// The cells are checked in the order a person reads the form's errors: weights and declared
/// scores, the funding block, allocations, statistics.
///
/// # Errors
/// [`Unstorable::Invalid`] naming the first cell that does not fit; `Unencodable` when a
/// computed score or a document cannot be stored (never for a record that passed the checks).
pub(crate) fn prepare(
    evaluation: &Evaluation,
    policy: &ScoringPolicy,
    figures: &[BenchmarkValue],
) -> Result<Prepared, Unstorable> {
    let invalid = |(field, message)| Unstorable::Invalid(field, message);
    score_cells(evaluation).map_err(invalid)?;
    let assessment = assessed(evaluation, policy, figures);
    let money = funding_cells(evaluation).map_err(invalid)?;
    let allocations = evaluation
        .allocations
        .iter()
        .enumerate()
        .map(|(i, line)| {
            money_to_db(line.amount.value())
                .map_err(|m| Unstorable::Invalid(format!("allocations[{i}].amount"), m))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let statistics = evaluation
        .statistics
        .iter()
        .enumerate()
        .map(|(i, stat)| {
            micro_to_db(stat.value)
                .map_err(|m| Unstorable::Invalid(format!("statistics[{i}].value"), m))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let json =
        serde_json::to_vec(evaluation).map_err(|e| Unstorable::Unencodable(e.to_string()))?;
    Ok(Prepared {
        summary: Summary::of(&assessment).map_err(Unstorable::Unencodable)?,
        scores: ScoreCells::of(&assessment).map_err(Unstorable::Unencodable)?,
        assessment,
        money,
        allocations,
        statistics,
        record: compress(&json).map_err(Unstorable::Unencodable)?,
        hash: sha256_hex(&json),
    })
}

/// Prepares each of `records` (a record and its benchmark figures) on every core, in order.
pub(crate) fn prepare_all<'a>(
    records: impl Iterator<Item = (&'a Evaluation, &'a [BenchmarkValue])>,
    policy: &ScoringPolicy,
) -> Vec<Result<Prepared, Unstorable>> {
    let records: Vec<_> = records.collect();
    records
        .par_iter()
        .map(|(evaluation, figures)| prepare(evaluation, policy, figures))
        .collect()
}

/// `evaluation` scored and audited with its own figures and those of its region's ancestors
/// (`figures`).
pub(crate) fn assessed(
    evaluation: &Evaluation,
    policy: &ScoringPolicy,
    figures: &[BenchmarkValue],
) -> Assessment {
    let mut benchmarks = Benchmarks::from_record(evaluation);
    for figure in figures {
        benchmarks.add(figure.clone());
    }
    assess(evaluation, policy, &benchmarks)
}

/// Checks that every weight and declared score of the record fits the millionths it is stored
/// as; else the field and why not (a score such as `0.0000001` is refused, never rounded).
pub(crate) fn score_cells(evaluation: &Evaluation) -> Result<(), (String, String)> {
    let funding = &evaluation.funding;
    let mut cells = vec![
        ("funding.weight".to_owned(), Some(funding.weight.value())),
        (
            "funding.declared_score".to_owned(),
            funding.declared_score.map(|s| s.value()),
        ),
        (
            "declared.total".to_owned(),
            evaluation.declared.total.map(|s| s.value()),
        ),
    ];
    for (i, row) in evaluation.indicators.iter().enumerate() {
        cells.push((format!("indicators[{i}].weight"), Some(row.weight.value())));
        cells.push((
            format!("indicators[{i}].declared_score"),
            row.declared_score.map(|s| s.value()),
        ));
    }
    for (field, value) in cells {
        if let Some(value) = value {
            micro_to_db(value).map_err(|message| (field, message))?;
        }
    }
    Ok(())
}

/// The funding block as stored integers, or the field whose amount is too fine.
pub(crate) fn funding_cells(
    evaluation: &Evaluation,
) -> Result<Vec<FundingCells>, (String, String)> {
    let funding = &evaluation.funding;
    let rows: [(&'static str, &FundingRow); 4] = [
        ("total", &funding.total),
        ("current_appropriation", &funding.current_appropriation),
        ("carried_over", &funding.carried_over),
        ("other", &funding.other),
    ];
    rows.iter()
        .map(|(kind, row)| {
            let cells = [
                ("year_start_budget", row.year_start_budget),
                ("full_year_budget", row.full_year_budget),
                ("executed", row.executed),
            ];
            let mut stored = [None; 3];
            for (slot, (column, cell)) in stored.iter_mut().zip(cells) {
                *slot = cell
                    .map(|money| money_to_db(money.value()))
                    .transpose()
                    .map_err(|message| (format!("funding.{kind}.{column}"), message))?;
            }
            Ok((*kind, stored))
        })
        .collect()
}

/// The columns of `evaluations` that come from the assessment.
pub(crate) struct Summary {
    pub(crate) execution: i64,
    pub(crate) total: i64,
    /// `None` for a record left ungraded (stored as NULL).
    pub(crate) grade: Option<&'static str>,
    pub(crate) complete: bool,
    pub(crate) declared: Option<i64>,
    pub(crate) findings: usize,
    pub(crate) needs_benchmark: bool,
    pub(crate) packed: Vec<u8>,
}

impl Summary {
    /// The columns of `assessment`, or why a score cannot be stored.
    pub(crate) fn of(assessment: &Assessment) -> Result<Self, String> {
        Ok(Self {
            execution: micro_to_db(assessment.execution.score)?,
            total: micro_to_db(assessment.total)?,
            grade: assessment.grade.map(Grade::label),
            complete: assessment.complete,
            declared: assessment.declared_total.map(micro_to_db).transpose()?,
            findings: assessment.findings.len(),
            needs_benchmark: assessment.indicators.iter().any(|row| {
                matches!(
                    row.uncomputable,
                    Some(Uncomputable::BenchmarkMissing { .. })
                )
            }),
            packed: pack(assessment)?,
        })
    }
}

/// A category total's stored cells.
pub(crate) struct CategoryCells {
    /// The level-1 group it belongs to (`output`), when its name says.
    pub(crate) group: Option<String>,
    pub(crate) weight: i64,
    pub(crate) declared: i64,
    pub(crate) score: i64,
}

/// An indicator row's stored cells (its texts are read from the assessment).
pub(crate) struct IndicatorCells {
    pub(crate) weight: i64,
    pub(crate) declared: Option<i64>,
    pub(crate) computed: Option<i64>,
    pub(crate) score: i64,
    /// The scoring rule's code (`higher_is_better`).
    pub(crate) rule: String,
}

/// The stored cells of an assessment's category totals, indicator rows and findings (code and
/// severity), in the assessment's order.
pub(crate) struct ScoreCells {
    pub(crate) categories: Vec<CategoryCells>,
    pub(crate) indicators: Vec<IndicatorCells>,
    pub(crate) findings: Vec<(String, String)>,
}

impl ScoreCells {
    /// The cells of `assessment`, or why a score cannot be stored.
    pub(crate) fn of(assessment: &Assessment) -> Result<Self, String> {
        let categories = assessment
            .categories
            .iter()
            .map(|scored| {
                Ok(CategoryCells {
                    group: level1_of(&scored.name).map(code_of),
                    weight: micro_to_db(scored.weight)?,
                    declared: micro_to_db(scored.declared_score)?,
                    score: micro_to_db(scored.score)?,
                })
            })
            .collect::<Result<_, String>>()?;
        let indicators = assessment
            .indicators
            .iter()
            .map(|row| {
                Ok(IndicatorCells {
                    weight: micro_to_db(row.weight)?,
                    declared: row.declared_score.map(micro_to_db).transpose()?,
                    computed: row.computed_score.map(micro_to_db).transpose()?,
                    score: micro_to_db(row.score)?,
                    rule: code_of(row.explanation.rule),
                })
            })
            .collect::<Result<_, String>>()?;
        let findings = assessment
            .findings
            .iter()
            .map(|found| (code_of(found.code), code_of(found.severity)))
            .collect();
        Ok(Self {
            categories,
            indicators,
            findings,
        })
    }
}

/// The code a unit enum is written as in JSON (`higher_is_better`), or empty.
pub(crate) fn code_of(value: impl serde::Serialize) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}
