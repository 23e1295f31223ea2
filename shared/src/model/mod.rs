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
pub use indicator::{GroupWeight, Indicator, IndicatorGroupWeight};
pub use provenance::Provenance;
pub use report::{
    Allocation, CategoryClaim, DeclaredResult, Goal, Narrative, Program, ProgramCategory,
};
pub use statistics::{Benchmark, EconomicStatistic, Observation};

use crate::error::FieldError;
use crate::value::Year;
use crate::wire_error::in_chinese;

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
    /// Reads one evaluation from canonical JSON. A UTF-8 byte-order mark at the start is
    /// ignored; a key written twice in one object is refused.
    ///
    /// # Errors
    /// When the JSON is malformed or a field is missing, duplicated or invalid; the error names
    /// the field by its JSON path (`indicators[3].weight`) and says what is wrong in Chinese.
    pub fn from_json(text: &str) -> Result<Self, FieldError> {
        let text = without_bom(text);
        let mut deserializer = serde_json::Deserializer::from_str(text);
        let evaluation: Self = serde_path_to_error::deserialize(&mut deserializer)
            .map_err(|error| field_error_from_serde(&error))?;
        deserializer
            .end()
            .map_err(|error| FieldError::new("", json_error_message(&error)))?;
        evaluation.validate()?;
        Ok(evaluation)
    }

    /// Reads a JSON text that is one evaluation or a list of them, each record on its own: the
    /// outer error is for a text that is not JSON at all, the inner ones name the field within
    /// their record (without the record's index).
    ///
    /// # Errors
    /// When the text is not well-formed JSON.
    pub fn each_from_json(text: &str) -> Result<Vec<Result<Self, FieldError>>, FieldError> {
        let text = without_bom(text);
        if !text.trim_start().starts_with('[') {
            return Ok(vec![Self::from_json(text)]);
        }
        let items: Vec<Box<serde_json::value::RawValue>> = serde_json::from_str(text)
            .map_err(|error| FieldError::new("", json_error_message(&error)))?;
        Ok(items
            .iter()
            .map(|item| Self::from_json(item.get()))
            .collect())
    }

    /// Reads a JSON text that is one evaluation or a list of them.
    ///
    /// # Errors
    /// As [`Evaluation::from_json`], the path prefixed with the record's index for a list.
    pub fn many_from_json(text: &str) -> Result<Vec<Self>, FieldError> {
        let list = without_bom(text).trim_start().starts_with('[');
        Self::each_from_json(text)?
            .into_iter()
            .enumerate()
            .map(|(index, record)| {
                record.map_err(|error| {
                    if list {
                        error.within(&format!("[{index}]"))
                    } else {
                        error
                    }
                })
            })
            .collect()
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

/// `text` without a UTF-8 byte-order mark at its start.
fn without_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// Turns a serde error with its path into a [`FieldError`] with a Chinese message. A missing,
/// unknown or repeated key is named in the path (`funding.total.executed`).
pub fn field_error_from_serde(error: &serde_path_to_error::Error<serde_json::Error>) -> FieldError {
    let path = error.path().to_string();
    let path = if path == "." { String::new() } else { path };
    let inner = error.inner();
    if inner.is_syntax() || inner.is_eof() {
        return FieldError::new(path, json_error_message(inner));
    }
    let message = inner.to_string();
    let field = match named_key(&message) {
        Some(key) if path.rsplit('.').next().is_none_or(|last| last != key) => {
            crate::error::join_path(&path, &key)
        }
        _ => path,
    };
    FieldError::new(field, in_chinese(&message))
}

/// The key a serde message is about: a missing, unknown or repeated field.
fn named_key(message: &str) -> Option<String> {
    ["missing field `", "unknown field `", "duplicate field `"]
        .iter()
        .find_map(|prefix| message.strip_prefix(prefix))
        .and_then(|rest| rest.split_once('`'))
        .map(|(key, _)| key.to_owned())
}

/// A JSON syntax error in Chinese, with where it is.
fn json_error_message(error: &serde_json::Error) -> String {
    format!(
        "JSON 格式错误（第 {} 行第 {} 列）：{}",
        error.line(),
        error.column(),
        in_chinese(&error.to_string())
    )
}

/// A text that must not be empty.
pub(crate) fn required_text<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<String, D::Error> {
    let text = String::deserialize(deserializer)?;
    if text.trim().is_empty() {
        Err(serde::de::Error::custom("不能为空"))
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
