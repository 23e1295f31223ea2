//! Query parameters as the API accepts them: typed structs read by [`super::extract::ApiQuery`]
//! (a wrong type or value is refused naming the parameter, with the allowed values), turned
//! into store filters with the checks a type cannot express.

use fundlens_shared::query::{Sort, Source};
use fundlens_shared::value::Grade;
use serde::Deserialize;

use super::ApiError;
use crate::storage::read::{EvaluationFilter, ListOrder, SourceFilter};

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
        }
    }
}

/// The most rows one page of the list may hold.
const MAX_LIMIT: u32 = 1000;

/// `sort` (newest | lowest | highest), `limit` (1–1000, default 100), `offset`.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct PageParams {
    pub(crate) sort: Option<Sort>,
    pub(crate) limit: Option<u32>,
    pub(crate) offset: Option<u32>,
}

impl PageParams {
    pub(crate) fn order(&self) -> ListOrder {
        match self.sort.unwrap_or_default() {
            Sort::Newest => ListOrder::Newest,
            Sort::Lowest => ListOrder::LowestTotal,
            Sort::Highest => ListOrder::HighestTotal,
        }
    }

    pub(crate) fn limit(&self) -> Result<u32, ApiError> {
        match self.limit.unwrap_or(100) {
            0 => Err(ApiError::parameter("limit", "至少为 1")),
            limit if limit > MAX_LIMIT => Err(ApiError::parameter(
                "limit",
                format!("{limit} 超过上限 {MAX_LIMIT}；请分页读取"),
            )),
            limit => Ok(limit),
        }
    }
}
