//! Why a target or actual cell could not be read. The reason is kept beside the raw text, shown
//! in the audit's `target_unreadable` / `actual_unreadable` findings, and never rejects the
//! record.

use crate::error::NumberError;

/// What made a cell unreadable, in words a finance officer can act on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    /// Nothing was written.
    #[error("未填写")]
    Empty,
    /// An operator with nothing after it.
    #[error("只有比较符号，没有数值")]
    OperatorOnly,
    /// The number itself is malformed.
    #[error(transparent)]
    Number(#[from] NumberError),
    /// A number beyond what a form's cell can mean.
    #[error("数值 {0} 超出可读范围（绝对值不超过 1,000,000,000,000，最多 10 位小数）")]
    OutOfRange(String),
    /// Characters after the number that are no unit.
    #[error("“{0}”不是计量单位")]
    NotAUnit(String),
    /// A range whose lower bound exceeds its upper bound.
    #[error("区间下限 {low} 大于上限 {high}")]
    InvertedRange {
        /// The lower bound as read.
        low: String,
        /// The upper bound as read.
        high: String,
    },
    /// A range whose bounds are in different units.
    #[error("区间两端的单位不同（“{0}”与“{1}”）")]
    RangeUnits(String, String),
    /// A date that does not exist (`2022年13月底前`).
    #[error("“{0}”不是有效日期")]
    BadDate(String),
    /// Neither a number, a date, a benchmark nor Chinese prose.
    #[error("既不是数值、日期或基准，也不是中文文字描述")]
    NotProse,
}
