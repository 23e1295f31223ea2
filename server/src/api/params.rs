//! Query parameters into store calls: the `shared::query` types read by
//! [`super::extract::ApiQuery`] (a wrong type or value is refused naming the parameter, with the
//! allowed values) become store filters, page sizes and starts, with the checks a type cannot
//! express.

use fundlens_shared::query::{Findings, ListQuery};

use super::ApiError;
use fundlens_store::{BadCursor, EvaluationFilter, ListPosition, Start};

/// The store's filter of the evaluation list: the common filters, `findings=with` (only
/// evaluations with audit findings) and `q` (funds whose name contains it, or whose name's
/// pinyin initials do: `xjzz` for 先进制造), trimmed.
pub(crate) fn list_filter(query: &ListQuery) -> EvaluationFilter {
    EvaluationFilter {
        with_findings: query.findings == Some(Findings::With),
        fund: query
            .q
            .as_deref()
            .map(str::trim)
            .filter(|q| !q.is_empty())
            .map(str::to_owned),
        ..query.filter().into()
    }
}

/// The most rows one page may hold.
const MAX_LIMIT: u32 = 1000;

/// Largest `offset` accepted; deeper pages are reached with `after` (a cursor), which costs
/// the same on page 8,000 as on page 1, where an offset makes SQLite step over every row before.
const MAX_OFFSET: u32 = 10_000;

/// Where a list page starts: `after` (the `next` cursor of the previous page, checked against
/// the list's `sort`) or `offset` (≤ 10,000), not both.
pub(crate) fn start(query: &ListQuery) -> Result<Start, ApiError> {
    match (&query.after, query.offset) {
        (Some(_), Some(_)) => Err(ApiError::parameter(
            "after",
            "不能与 offset 同时使用：请只用上一页答复中的 next 作为 after 翻页",
        )),
        (Some(after), None) => ListPosition::decode(after, query.sort.unwrap_or_default())
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
