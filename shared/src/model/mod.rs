//! The evaluation record: the self-evaluation form (自评表) and its report (自评报告) as typed
//! Rust, with the JSON edge that turns a canonical file into it.
//!
//! Field names on the wire are the ones documented in the README ("The record format"). Every
//! text field keeps what the document says; nothing here normalises labels (that is
//! [`crate::scoring::group`]'s explicit mapping) or computes scores.
//!
//! # Layout
//! - [`funding`]: the 项目资金 block.
//! - [`indicator`]: indicator rows and declared level-1 group weights.
//! - [`report`]: program, goals, allocations, narrative claims and sections.
//! - [`statistics`]: the region's economic statistics and provincial benchmarks.
//! - [`provenance`]: where the record came from.

pub mod funding;
pub mod indicator;
pub mod provenance;
pub mod report;
pub mod statistics;

use serde::{Deserialize, Deserializer, Serialize};

pub use funding::{Funding, FundingRow};
pub use indicator::{Indicator, IndicatorGroupWeight};
pub use provenance::Provenance;
pub use report::{
    Allocation, CategoryClaim, DeclaredResult, Goal, Narrative, Program, ProgramCategory,
};
pub use statistics::{Benchmark, EconomicStatistic, Observation};

use crate::error::FieldError;
use crate::value::Year;

/// One performance self-evaluation of one special fund, in one region, for one year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Evaluation {
    /// The fund (项目名称, 主管部门, 实施单位, categories).
    pub program: Program,
    /// The region whose fund this is, in Chinese (`益阳市`, `赫山区`).
    #[serde(deserialize_with = "required_text")]
    pub region: String,
    /// The year evaluated.
    pub year: Year,
    /// The 项目资金 block.
    #[serde(default)]
    pub funding: Funding,
    /// 年度总体目标: expected and actual.
    #[serde(default)]
    pub goal: Goal,
    /// Level-1 group weights as the form's labels state them (`产出指标(50分)`).
    #[serde(default)]
    pub indicator_groups: Vec<IndicatorGroupWeight>,
    /// The 绩效指标 rows in form order.
    #[serde(default)]
    pub indicators: Vec<Indicator>,
    /// The form's own 总分 row (and grade, when the form states one).
    #[serde(default)]
    pub declared: DeclaredResult,
    /// Sub-project allocations of section 四(一).
    #[serde(default)]
    pub allocations: Vec<Allocation>,
    /// The report's text: claimed totals, sections, problems and measures.
    #[serde(default)]
    pub narrative: Narrative,
    /// The region's economic statistics of section 四(二).
    #[serde(default)]
    pub statistics: Vec<EconomicStatistic>,
    /// Provincial (or city) figures supplied with the record to resolve benchmark targets.
    #[serde(default)]
    pub benchmarks: Vec<Benchmark>,
    /// Where the record came from.
    pub provenance: Provenance,
}

impl Evaluation {
    /// Reads one evaluation from canonical JSON.
    ///
    /// # Errors
    /// When the JSON is malformed or a field is missing or invalid; the error names the field
    /// by its JSON path (`indicators[3].target`).
    pub fn from_json(text: &str) -> Result<Self, FieldError> {
        let mut deserializer = serde_json::Deserializer::from_str(text);
        let evaluation: Self = serde_path_to_error::deserialize(&mut deserializer)
            .map_err(|error| field_error_from_serde(&error))?;
        deserializer.end().map_err(|error| {
            FieldError::new("", format!("trailing characters after the record: {error}"))
        })?;
        evaluation.validate()?;
        Ok(evaluation)
    }

    /// Reads a JSON value that is one evaluation or a list of them.
    ///
    /// # Errors
    /// As [`Evaluation::from_json`], the path prefixed with the record's index for a list.
    pub fn many_from_json(text: &str) -> Result<Vec<Self>, FieldError> {
        let value: serde_json::Value = serde_json::from_str(text)
            .map_err(|error| FieldError::new("", format!("malformed JSON: {error}")))?;
        match value {
            serde_json::Value::Array(items) => items
                .into_iter()
                .enumerate()
                .map(|(index, item)| {
                    Self::from_json(&item.to_string()).map_err(|e| e.within(&format!("[{index}]")))
                })
                .collect(),
            single => Self::from_json(&single.to_string()).map(|evaluation| vec![evaluation]),
        }
    }

    /// Checks rules that span fields and cannot be expressed by one field's type.
    fn validate(&self) -> Result<(), FieldError> {
        for (index, indicator) in self.indicators.iter().enumerate() {
            indicator
                .validate()
                .map_err(|e| e.within(&format!("indicators[{index}]")))?;
        }
        for (index, statistic) in self.statistics.iter().enumerate() {
            statistic
                .validate()
                .map_err(|e| e.within(&format!("statistics[{index}]")))?;
        }
        for (index, benchmark) in self.benchmarks.iter().enumerate() {
            benchmark
                .validate()
                .map_err(|e| e.within(&format!("benchmarks[{index}]")))?;
        }
        Ok(())
    }

    /// The key that identifies this evaluation: program name, region, year.
    pub fn key(&self) -> (&str, &str, Year) {
        (&self.program.name, &self.region, self.year)
    }
}

/// Turns a serde error with its path into a [`FieldError`].
pub fn field_error_from_serde(error: &serde_path_to_error::Error<serde_json::Error>) -> FieldError {
    let path = error.path().to_string();
    let field = if path == "." { String::new() } else { path };
    let inner = error.inner();
    let message = if inner.is_syntax() || inner.is_eof() {
        format!("malformed JSON: {inner}")
    } else {
        strip_position(&inner.to_string())
    };
    FieldError::new(field, message)
}

/// Drops serde_json's ` at line L column C` suffix, which points into the record's text rather
/// than naming the field.
fn strip_position(message: &str) -> String {
    message
        .rfind(" at line ")
        .map_or(message, |at| &message[..at])
        .to_owned()
}

/// A text that must not be empty.
pub(crate) fn required_text<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<String, D::Error> {
    let text = String::deserialize(deserializer)?;
    if text.trim().is_empty() {
        Err(serde::de::Error::custom("must not be empty"))
    } else {
        Ok(text)
    }
}

/// An optional text where an empty or blank string means "not stated".
pub(crate) fn optional_text<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    Ok(Option::<String>::deserialize(deserializer)?.filter(|text| !text.trim().is_empty()))
}
