//! The values of query parameters that have a fixed list (source, findings, sort, table format)
//! or a grammar (measure), each spelled once: the enum's code is its text in every URL, in the
//! server's refusal listing the allowed ones, and in the bench's report.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::metric::MetricCode;

/// Implements, for a query enum, its codes written once: `ALL`, `code()`, `Display`, `FromStr`
/// (a wrong text refused with serde's own message listing the codes, which
/// [`crate::wire_error::in_chinese`] says in Chinese), and the conversions serde uses with
/// `#[serde(try_from = "String", into = "&'static str")]` on the enum.
macro_rules! codes {
    ($name:ident { $($variant:ident => $code:literal),+ $(,)? }) => {
        impl $name {
            /// Every value, in the order the pages offer them.
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];

            /// The codes of [`Self::ALL`], as a refusal lists them.
            const CODES: &'static [&'static str] = &[$($code),+];

            /// The value as a query string writes it.
            pub fn code(self) -> &'static str {
                match self {
                    $(Self::$variant => $code),+
                }
            }
        }

        impl FromStr for $name {
            type Err = serde::de::value::Error;
            fn from_str(text: &str) -> Result<Self, Self::Err> {
                Self::ALL
                    .iter()
                    .copied()
                    .find(|value| value.code() == text)
                    .ok_or_else(|| {
                        <Self::Err as serde::de::Error>::unknown_variant(text, Self::CODES)
                    })
            }
        }

        impl TryFrom<String> for $name {
            type Error = serde::de::value::Error;
            fn try_from(text: String) -> Result<Self, Self::Error> {
                text.parse()
            }
        }

        impl From<$name> for &'static str {
            fn from(value: $name) -> Self {
                value.code()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.code())
            }
        }
    };
}

/// `source=`: which provenance a question covers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "&'static str")]
pub enum Source {
    /// Real and sample records.
    #[default]
    All,
    /// Only records transcribed from documents.
    Real,
    /// Only generated sample records.
    Sample,
}

codes!(Source {
    All => "all",
    Real => "real",
    Sample => "sample",
});

impl Source {
    /// What a filter box says for it (`全部来源`, `真实数据`, `示例数据`).
    pub fn label(self) -> &'static str {
        match self {
            Self::All => "全部来源",
            Self::Real => "真实数据",
            Self::Sample => "示例数据",
        }
    }
}

/// `findings=` of the evaluation list: every evaluation, or only those the audit found
/// something in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "&'static str")]
pub enum Findings {
    /// Every evaluation.
    #[default]
    Any,
    /// Only evaluations with at least one audit finding.
    With,
}

codes!(Findings {
    Any => "any",
    With => "with",
});

/// `format=` of a table endpoint: the same rows as a file instead of JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "&'static str")]
pub enum TableFormat {
    /// CSV, UTF-8 with a byte-order mark (so Excel reads it as UTF-8).
    Csv,
    /// An Excel workbook.
    Xlsx,
}

codes!(TableFormat {
    Csv => "csv",
    Xlsx => "xlsx",
});

impl TableFormat {
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
#[serde(try_from = "String", into = "&'static str")]
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

codes!(Sort {
    Newest => "newest",
    Lowest => "lowest",
    Highest => "highest",
    Program => "program",
    Region => "region",
    Findings => "findings",
});

impl Sort {
    /// What the 排序 box (and a downloaded list's title) says for it.
    pub fn label(self) -> &'static str {
        match self {
            Self::Lowest => "得分由低到高",
            Self::Highest => "得分由高到低",
            Self::Newest => "年度由近到远",
            Self::Program => "按项目",
            Self::Region => "按地区",
            Self::Findings => "审核发现由多到少",
        }
    }

    /// The first rows of a list in this order, in words: `得分最低15项`, `审核发现最多100项`.
    pub fn first(self, rows: usize) -> String {
        match self {
            Self::Lowest => format!("得分最低{rows}项"),
            Self::Highest => format!("得分最高{rows}项"),
            Self::Newest => format!("最近{rows}项"),
            Self::Findings => format!("审核发现最多{rows}项"),
            Self::Program | Self::Region => format!("{}前{rows}项", self.label()),
        }
    }
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
