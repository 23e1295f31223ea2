//! Query parameters as the API accepts them, turned into store filters with clear errors for
//! values that make no sense.

use fundlens_shared::value::Grade;
use serde::Deserialize;

use super::ApiError;
use crate::storage::cursor::BadCursor;
use crate::storage::list::{ListOrder, ListPosition, Start};
use crate::storage::read::{EvaluationFilter, SourceFilter};

/// `year`, `region`, `program`, `grade`, `source` (all | real | sample).
#[derive(Debug, Default, Deserialize)]
pub(crate) struct FilterParams {
    pub(crate) year: Option<i32>,
    pub(crate) region: Option<String>,
    pub(crate) program: Option<String>,
    pub(crate) grade: Option<String>,
    pub(crate) source: Option<String>,
}

pub(crate) fn source(text: Option<&str>) -> Result<SourceFilter, ApiError> {
    match text.unwrap_or("all") {
        "all" | "" => Ok(SourceFilter::All),
        "real" => Ok(SourceFilter::Real),
        "sample" => Ok(SourceFilter::Sample),
        other => Err(ApiError::BadRequest(format!(
            "source '{other}' is not all, real or sample"
        ))),
    }
}

fn non_empty(text: &Option<String>) -> Option<String> {
    text.as_ref()
        .map(|t| t.trim().to_owned())
        .filter(|t| !t.is_empty())
}

impl FilterParams {
    pub(crate) fn filter(&self) -> Result<EvaluationFilter, ApiError> {
        Ok(EvaluationFilter {
            year: self.year,
            region: non_empty(&self.region),
            program: non_empty(&self.program),
            grade: non_empty(&self.grade)
                .map(|g| {
                    g.parse::<Grade>()
                        .map_err(|e| ApiError::BadRequest(format!("grade: {e}")))
                })
                .transpose()?,
            source: source(self.source.as_deref())?,
        })
    }
}

/// Largest `offset` accepted; deeper pages are reached with `after` (a cursor), which costs
/// the same on page 8,000 as on page 1, where an offset makes SQLite step over every row before.
pub(crate) const MAX_OFFSET: u32 = 10_000;

/// `sort` (newest | lowest | highest | program | region), `limit` (≤ 1000), and where the
/// page starts: `after` (the `next` cursor of the previous page) or `offset` (≤ 10,000).
#[derive(Debug, Default, Deserialize)]
pub(crate) struct PageParams {
    pub(crate) sort: Option<String>,
    pub(crate) limit: Option<u32>,
    pub(crate) offset: Option<u32>,
    pub(crate) after: Option<String>,
}

impl PageParams {
    pub(crate) fn order(&self) -> Result<ListOrder, ApiError> {
        match self.sort.as_deref().unwrap_or("newest") {
            "newest" => Ok(ListOrder::Newest),
            "lowest" => Ok(ListOrder::LowestTotal),
            "highest" => Ok(ListOrder::HighestTotal),
            "program" => Ok(ListOrder::Program),
            "region" => Ok(ListOrder::Region),
            other => Err(ApiError::BadRequest(format!(
                "sort：“{other}”不是可用的排序（newest、lowest、highest、program、region）"
            ))),
        }
    }

    pub(crate) fn limit(&self) -> Result<u32, ApiError> {
        limit(self.limit, 100)
    }

    /// Where the page starts, the cursor checked against the order.
    pub(crate) fn start(&self, order: ListOrder) -> Result<Start, ApiError> {
        match (&self.after, self.offset) {
            (Some(_), Some(_)) => Err(ApiError::BadRequest(
                "after 与 offset 不能同时使用：请只用上一页答复中的 next 作为 after 翻页"
                    .to_owned(),
            )),
            (Some(after), None) => ListPosition::decode(after, order)
                .map(Start::After)
                .map_err(bad_cursor),
            (None, Some(offset)) if offset > MAX_OFFSET => Err(ApiError::BadRequest(format!(
                "offset：{offset} 超过上限 {MAX_OFFSET}；更深的页请用上一页答复中的 next 作为 after 继续翻页"
            ))),
            (None, offset) => Ok(Start::Offset(offset.unwrap_or(0))),
        }
    }
}

/// A page size between 1 and 1000, `default` when absent.
pub(crate) fn limit(limit: Option<u32>, default: u32) -> Result<u32, ApiError> {
    match limit.unwrap_or(default) {
        0 => Err(ApiError::BadRequest("limit：每页至少 1 条".to_owned())),
        limit if limit > 1000 => Err(ApiError::BadRequest(format!(
            "limit：{limit} 超过每页上限 1000"
        ))),
        limit => Ok(limit),
    }
}

/// The 400 for a cursor this server did not give out for this question.
pub(crate) fn bad_cursor(error: BadCursor) -> ApiError {
    ApiError::BadRequest(format!(
        "after：“{}”不是本列表答复中的 next 游标（排序或筛选改变后请从第一页开始）",
        error.0
    ))
}
