//! The API's query parameters as typed values, shared by the server that reads them and the
//! pages that write them into URLs, so a value is spelled in one place and a wrong one is
//! refused by the parser with the allowed values listed.

use std::fmt;
use std::str::FromStr;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::{Deserialize, Serialize};

use crate::metric::MetricCode;

/// Every byte but the unreserved characters of RFC 3986 (`A–Z a–z 0–9 - _ . ~`).
const RESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// `text` percent-encoded as UTF-8 for a query value, a path segment or a download's file name
/// (Chinese region and fund names): `区 a-1` → `%E5%8C%BA%20a-1`. The pages, the server's links
/// and the tests all encode through this one function.
pub fn percent_encode(text: &str) -> String {
    utf8_percent_encode(text, RESERVED).to_string()
}

/// `source=`: which provenance a question covers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// Real and sample records.
    #[default]
    All,
    /// Only records transcribed from documents.
    Real,
    /// Only generated sample records.
    Sample,
}

/// `findings=` of the evaluation list: every evaluation, or only those the audit found
/// something in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Findings {
    /// Every evaluation.
    #[default]
    Any,
    /// Only evaluations with at least one audit finding.
    With,
}

/// `format=` of a table endpoint: the same rows as a file instead of JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TableFormat {
    /// CSV, UTF-8 with a byte-order mark (so Excel reads it as UTF-8).
    Csv,
    /// An Excel workbook.
    Xlsx,
}

impl TableFormat {
    /// Both formats, in the order the pages offer them.
    pub const ALL: [Self; 2] = [Self::Csv, Self::Xlsx];

    /// The query value and file extension (`csv`, `xlsx`).
    pub fn code(self) -> &'static str {
        match self {
            Self::Csv => "csv",
            Self::Xlsx => "xlsx",
        }
    }

    /// What a download link says (`下载 CSV`, `下载 Excel`).
    pub fn label(self) -> &'static str {
        match self {
            Self::Csv => "下载 CSV",
            Self::Xlsx => "下载 Excel",
        }
    }
}

/// `sort=` of the evaluation list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sort {
    /// Newest year first, best total first within a year.
    #[default]
    Newest,
    /// Lowest total first (who lags).
    Lowest,
    /// Highest total first.
    Highest,
    /// By program name, then newest year first.
    Program,
    /// By region, then newest year first.
    Region,
    /// Most audit findings first, lowest total first among equals.
    Findings,
}

/// `measure=` of a comparison: what regions are ranked on. Written `score`, `execution_rate`
/// or `metric:<code>` (a code of `GET /api/metrics`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Measure {
    /// The average evaluation total.
    Score,
    /// Executed ÷ adjusted budget over all evaluations.
    ExecutionRate,
    /// An economic metric of the catalogue.
    Metric(MetricCode),
}

/// Why a `measure` text was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MeasureError {
    /// Neither `score`, `execution_rate` nor `metric:<code>`.
    #[error("取值 {0} 无效，可选：score、execution_rate、metric:<指标代码>")]
    Unknown(String),
    /// `metric:` with a code the catalogue does not know.
    #[error(transparent)]
    UnknownMetric(#[from] crate::metric::UnknownMetric),
}

impl Measure {
    /// The Chinese label shown above a ranking.
    pub fn label(self) -> &'static str {
        match self {
            Self::Score => "平均自评得分",
            Self::ExecutionRate => "预算执行率",
            Self::Metric(code) => code.metric().name,
        }
    }

    /// The unit of its values.
    pub fn unit(self) -> &'static str {
        match self {
            Self::Score => "分",
            Self::ExecutionRate => "%",
            Self::Metric(code) => code.metric().unit,
        }
    }

    /// The metric, for an economic-metric measure.
    pub fn metric(self) -> Option<MetricCode> {
        match self {
            Self::Metric(code) => Some(code),
            Self::Score | Self::ExecutionRate => None,
        }
    }
}

impl FromStr for Measure {
    type Err = MeasureError;
    fn from_str(text: &str) -> Result<Self, MeasureError> {
        match text.trim() {
            "score" => Ok(Self::Score),
            "execution_rate" => Ok(Self::ExecutionRate),
            other => match other.strip_prefix("metric:") {
                Some(code) => MetricCode::parse(code)
                    .map(Self::Metric)
                    .map_err(MeasureError::UnknownMetric),
                None => Err(MeasureError::Unknown(other.to_owned())),
            },
        }
    }
}

impl fmt::Display for Measure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Score => f.write_str("score"),
            Self::ExecutionRate => f.write_str("execution_rate"),
            Self::Metric(code) => write!(f, "metric:{}", code.metric().code),
        }
    }
}

impl TryFrom<String> for Measure {
    type Error = MeasureError;
    fn try_from(text: String) -> Result<Self, MeasureError> {
        text.parse()
    }
}

impl From<Measure> for String {
    fn from(measure: Measure) -> String {
        measure.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_reserved_and_spaces_are_encoded_unreserved_kept() {
        assert_eq!(percent_encode("赫山区"), "%E8%B5%AB%E5%B1%B1%E5%8C%BA");
        assert_eq!(percent_encode("metric:a_b c&d"), "metric%3Aa_b%20c%26d");
        assert_eq!(percent_encode("区 a-1.~"), "%E5%8C%BA%20a-1.~");
    }

    #[test]
    fn measures_round_trip_through_their_text() {
        for text in [
            "score",
            "execution_rate",
            "metric:industrial_value_added_growth",
        ] {
            let measure: Measure = text.parse().expect(text);
            assert_eq!(measure.to_string(), text);
        }
        let by_name: Measure = "metric:规模工业增加值增速".parse().expect("a Chinese name");
        assert_eq!(by_name.to_string(), "metric:industrial_value_added_growth");
    }

    #[test]
    fn a_wrong_measure_lists_the_allowed_forms_in_chinese() {
        let error = "bogus".parse::<Measure>().expect_err("refused");
        assert!(error.to_string().contains("execution_rate"), "{error}");
        assert!("metric:nope".parse::<Measure>().is_err());
    }
}
