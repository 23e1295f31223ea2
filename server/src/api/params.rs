//! Query parameters as the API accepts them: typed structs read by [`super::extract::ApiQuery`]
//! (a wrong type or value is refused naming the parameter, with the allowed values), turned
//! into store filters with the checks a type cannot express.

use fundlens_shared::query::{Findings, Sort, Source};
use fundlens_shared::value::Grade;
use serde::Deserialize;

use super::ApiError;
use fundlens_store::BadCursor;
use fundlens_store::{EvaluationFilter, SourceFilter};
use fundlens_store::{ListOrder, ListPosition, Start};

/// `year`, `region`, `program`, `grade`, `source` (all | real | sample).
#[derive(Debug, Default, Deserialize)]
pub(crate) struct FilterParams {
    pub(crate) year: Option<i32>,
    pub(crate) region: Option<String>,
    pub(crate) program: Option<String>,
    pub(crate) grade: Option<Grade>,
    pub(crate) source: Option<Source>,
}

/// The store's provenance filter for a `source` parameter (absent: all).
pub(crate) fn source_filter(source: Option<Source>) -> SourceFilter {
    match source.unwrap_or_default() {
        Source::All => SourceFilter::All,
        Source::Real => SourceFilter::Real,
        Source::Sample => SourceFilter::Sample,
    }
}

impl FilterParams {
    pub(crate) fn filter(&self) -> EvaluationFilter {
        EvaluationFilter {
            year: self.year,
            region: self.region.clone(),
            program: self.program.clone(),
            grade: self.grade,
            source: source_filter(self.source),
            with_findings: false,
            fund: None,
        }
    }
}

/// `findings` (any | with) of the evaluation list: only evaluations with audit findings; `q`:
/// funds whose name contains it, or whose name's pinyin initials do (`xjzz` for 先进制造).
#[derive(Debug, Default, Deserialize)]
pub(crate) struct ListParams {
    pub(crate) findings: Option<Findings>,
    pub(crate) q: Option<String>,
}

/// The most rows one page may hold.
const MAX_LIMIT: u32 = 1000;

/// Largest `offset` accepted; deeper pages are reached with `after` (a cursor), which costs
/// the same on page 8,000 as on page 1, where an offset makes SQLite step over every row before.
pub(crate) const MAX_OFFSET: u32 = 10_000;

/// `sort` (newest | lowest | highest | program | region | findings), `limit` (1–1000, default 100), and
/// where the page starts: `after` (the `next` cursor of the previous page) or `offset`
/// (≤ 10,000).
#[derive(Debug, Default, Deserialize)]
pub(crate) struct PageParams {
    pub(crate) sort: Option<Sort>,
    pub(crate) limit: Option<u32>,
    pub(crate) offset: Option<u32>,
    pub(crate) after: Option<String>,
}

impl PageParams {
    pub(crate) fn order(&self) -> ListOrder {
        match self.sort.unwrap_or_default() {
            Sort::Newest => ListOrder::Newest,
            Sort::Lowest => ListOrder::LowestTotal,
            Sort::Highest => ListOrder::HighestTotal,
            Sort::Program => ListOrder::Program,
            Sort::Region => ListOrder::Region,
            Sort::Findings => ListOrder::Findings,
        }
    }

    pub(crate) fn limit(&self) -> Result<u32, ApiError> {
        limit(self.limit, 100)
    }

    /// Where the page starts, the cursor checked against the order.
    pub(crate) fn start(&self, order: ListOrder) -> Result<Start, ApiError> {
        match (&self.after, self.offset) {
            (Some(_), Some(_)) => Err(ApiError::parameter(
                "after",
                "不能与 offset 同时使用：请只用上一页答复中的 next 作为 after 翻页",
            )),
            (Some(after), None) => ListPosition::decode(after, order)
                .map(Start::After)
                .map_err(bad_cursor),
            (None, Some(offset)) if offset > MAX_OFFSET => Err(ApiError::parameter(
                "offset",
                format!(
                    "{offset} 超过上限 {MAX_OFFSET}；更深的页请用上一页答复中的 next 作为 after 继续翻页"
                ),
            )),
            (None, offset) => Ok(Start::Offset(offset.unwrap_or(0))),
        }
    }
}

/// A page size between 1 and 1000, `default` when absent.
pub(crate) fn limit(limit: Option<u32>, default: u32) -> Result<u32, ApiError> {
    limit_within(limit, default, MAX_LIMIT)
}

/// A page size between 1 and `max`, `default` when absent.
pub(crate) fn limit_within(limit: Option<u32>, default: u32, max: u32) -> Result<u32, ApiError> {
    match limit.unwrap_or(default) {
        0 => Err(ApiError::parameter("limit", "每页至少 1 条")),
        limit if limit > max => Err(ApiError::parameter(
            "limit",
            format!("{limit} 超过每页上限 {max}；请分页读取"),
        )),
        limit => Ok(limit),
    }
}

/// The 400 for a cursor this server did not give out for this question.
pub(crate) fn bad_cursor(error: BadCursor) -> ApiError {
    ApiError::parameter(
        "after",
        format!(
            "“{}”不是本列表答复中的 next 游标（排序或筛选改变后请从第一页开始）",
            error.0
        ),
    )
}
