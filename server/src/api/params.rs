//! Query parameters as the API accepts them, turned into store filters with clear errors for
//! values that make no sense.

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

/// `sort` (newest | lowest | highest), `limit` (≤ 1000), `offset`.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct PageParams {
    pub(crate) sort: Option<String>,
    pub(crate) limit: Option<u32>,
    pub(crate) offset: Option<u32>,
}

impl PageParams {
    pub(crate) fn order(&self) -> Result<ListOrder, ApiError> {
        match self.sort.as_deref().unwrap_or("newest") {
            "newest" => Ok(ListOrder::Newest),
            "lowest" => Ok(ListOrder::LowestTotal),
            "highest" => Ok(ListOrder::HighestTotal),
            other => Err(ApiError::BadRequest(format!(
                "sort '{other}' is not newest, lowest or highest"
            ))),
        }
    }

    pub(crate) fn limit(&self) -> Result<u32, ApiError> {
        match self.limit.unwrap_or(100) {
            0 => Err(ApiError::BadRequest("limit must be at least 1".to_owned())),
            limit if limit > 1000 => Err(ApiError::BadRequest(format!(
                "limit {limit} is above the maximum 1000"
            ))),
            limit => Ok(limit),
        }
    }
}
