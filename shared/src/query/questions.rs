//! The questions themselves: each endpoint's query parameters and each page's URL state as a
//! struct of optional fields, read by [`super::read`] (the server's extractors, the pages) and
//! written by [`super::write`] (the pages' links and API requests, the briefing's links, the
//! bench). A field's name is its parameter's name; fields are in the order links write them.
//!
//! Structs stay flat (no nesting, no `serde(flatten)`): a query string has one level, and a
//! flattened struct would lose the name of the parameter a refusal is about. The common
//! filters recur in the structs that take them, and each gives them as one [`FilterQuery`].
//!
//! What a parameter means beyond its type (a page size's bounds, a cursor's order, which
//! parameter is required) is checked by the server, where the refusal is worded.

use serde::{Deserialize, Serialize};

use super::values::{Findings, Measure, Sort, Source, TableFormat};
use crate::metric::MetricCode;
use crate::value::Grade;

/// The common filters of a question about evaluations — `GET /api/trends/funding`,
/// `/api/trends/scores` and their charts take exactly these.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FilterQuery {
    /// `year`.
    pub year: Option<i32>,
    /// `region`: the region and every region below it.
    pub region: Option<String>,
    /// `program`: the fund's name.
    pub program: Option<String>,
    /// `grade` (优/良/中/差).
    pub grade: Option<Grade>,
    /// `source` (all | real | sample; absent: all).
    pub source: Option<Source>,
}

/// `GET /api/evaluations` and the 评价详情 list page (`/evaluations`): the common filters, the
/// list's own (`findings`, `q`), the order and where the page starts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListQuery {
    /// `year`.
    pub year: Option<i32>,
    /// `region`: the region and every region below it.
    pub region: Option<String>,
    /// `program`: the fund's name.
    pub program: Option<String>,
    /// `grade` (优/良/中/差).
    pub grade: Option<Grade>,
    /// `source` (absent: all).
    pub source: Option<Source>,
    /// `findings`: `with` lists only the evaluations the audit found something in.
    pub findings: Option<Findings>,
    /// `q`: funds whose name contains it, or whose name's pinyin initials do (`xjzz`).
    pub q: Option<String>,
    /// `sort` (absent: the API's newest first; the list page's lowest first).
    pub sort: Option<Sort>,
    /// `limit`: rows a page holds.
    pub limit: Option<u32>,
    /// `offset`: rows skipped before the page (small offsets only).
    pub offset: Option<u32>,
    /// `after`: the `next` cursor of the previous page, passed back unchanged.
    pub after: Option<String>,
}

/// `GET /api/indicators`: the indicator names containing `q` under the common filters, a page
/// of them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogueQuery {
    /// `q`: part of an indicator name (absent: every name).
    pub q: Option<String>,
    /// `year`.
    pub year: Option<i32>,
    /// `region`: the region and every region below it.
    pub region: Option<String>,
    /// `program`: the fund's name.
    pub program: Option<String>,
    /// `grade`: read and checked as everywhere, but a catalogue counts every grade's rows.
    pub grade: Option<Grade>,
    /// `source` (absent: all).
    pub source: Option<Source>,
    /// `limit`: names a page lists.
    pub limit: Option<u32>,
    /// `offset`: names skipped before the page.
    pub offset: Option<u32>,
}

/// `GET /api/indicators/history` and its chart: one indicator under the common filters, a page
/// of its rows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryQuery {
    /// `name`: the indicator (三级指标); required by the server.
    pub name: Option<String>,
    /// `year`.
    pub year: Option<i32>,
    /// `region`: the region and every region below it.
    pub region: Option<String>,
    /// `program`: the fund's name.
    pub program: Option<String>,
    /// `grade` (优/良/中/差).
    pub grade: Option<Grade>,
    /// `source` (absent: all).
    pub source: Option<Source>,
    /// `limit`: rows a page holds.
    pub limit: Option<u32>,
    /// `after`: the `next` cursor of the previous page.
    pub after: Option<String>,
}

/// `GET /api/compare/years` and the 年度对比 page (`/compare-years`): years `a` and `b` under
/// the common filters.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearsQuery {
    /// `a`: the year compared against (absent: the year before `b`).
    pub a: Option<i32>,
    /// `b`: this year; required by the server.
    pub b: Option<i32>,
    /// `year`: read and checked as everywhere, but the years compared are `a` and `b`.
    pub year: Option<i32>,
    /// `region`: the region and every region below it.
    pub region: Option<String>,
    /// `program`: the fund's name (with a region: its indicators paired too).
    pub program: Option<String>,
    /// `grade` (优/良/中/差).
    pub grade: Option<Grade>,
    /// `source` (absent: all).
    pub source: Option<Source>,
}

/// `filter()` of the structs that carry the common filters among their own parameters.
macro_rules! common_filters {
    ($($query:ident),+) => {$(
        impl $query {
            /// Its common filters (`year`, `region`, `program`, `grade`, `source`).
            pub fn filter(&self) -> FilterQuery {
                FilterQuery {
                    year: self.year,
                    region: self.region.clone(),
                    program: self.program.clone(),
                    grade: self.grade,
                    source: self.source,
                }
            }
        }
    )+};
}

common_filters!(ListQuery, CatalogueQuery, HistoryQuery, YearsQuery);

/// `GET /api/trends/metrics` and its chart: one economic metric of one region.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MetricQuery {
    /// `region` (absent: 益阳市).
    pub region: Option<String>,
    /// `metric`: a code of `GET /api/metrics`; required by the server.
    pub metric: Option<MetricCode>,
    /// `source` (absent: all).
    pub source: Option<Source>,
}

/// `GET /api/trends/metric-set`: several metrics of one region in one answer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MetricSetQuery {
    /// `region` (absent: 益阳市).
    pub region: Option<String>,
    /// `metrics`: codes of `GET /api/metrics` separated by commas, checked by the server one by
    /// one; required.
    pub metrics: Option<String>,
    /// `source` (absent: all).
    pub source: Option<Source>,
}

/// `GET /api/compare` and its chart: the regions below `parent` ranked on a measure.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompareQuery {
    /// `year`; required by the server.
    pub year: Option<i32>,
    /// `parent` (absent: 益阳市).
    pub parent: Option<String>,
    /// `measure` (absent: score).
    pub measure: Option<Measure>,
    /// `source` (absent: all).
    pub source: Option<Source>,
}

/// `GET /api/compare/grid`: the regions below `parent` × score-share columns.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GridQuery {
    /// `year`; required by the server.
    pub year: Option<i32>,
    /// `parent` (absent: 益阳市).
    pub parent: Option<String>,
    /// `program`: one fund, its indicators as the columns.
    pub program: Option<String>,
}

/// `GET /api/briefing` and `/api/briefing.docx`: a year of a region, optionally one fund.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BriefingQuery {
    /// `year`; required by the server.
    pub year: Option<i32>,
    /// `region` (absent: every region).
    pub region: Option<String>,
    /// `program`: one fund.
    pub program: Option<String>,
    /// `source` (absent: all): `real` leaves generated sample data out of every figure.
    pub source: Option<Source>,
}

/// `w` and `h` of a chart, in pixels.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SizeQuery {
    /// `w`: width.
    pub w: Option<u32>,
    /// `h`: height.
    pub h: Option<u32>,
}

/// `highlight` of the comparison chart: the region whose bar is marked.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HighlightQuery {
    /// `highlight`.
    pub highlight: Option<String>,
}

/// `format` of a table endpoint: the answer as a file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormatQuery {
    /// `format` (csv | xlsx; absent: JSON).
    pub format: Option<TableFormat>,
}

/// A table question asked as a file, as a download link writes it: the question's parameters,
/// then `format`. The server reads the two apart (the question's type and [`FormatQuery`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AsFile<'a, Q> {
    /// The question.
    #[serde(flatten)]
    pub question: &'a Q,
    /// `format`.
    pub format: TableFormat,
}

/// `replace` of an import (`POST /api/evaluations`, `POST /api/drafts/{id}/confirm`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportQuery {
    /// `replace=true`: an evaluation that exists is replaced (keeping its id and versions).
    #[serde(default)]
    pub replace: bool,
}

/// `GET /api/evaluations/{id}/diff`: the two versions compared.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiffQuery {
    /// `from` (absent: the version before `to`).
    pub from: Option<u32>,
    /// `to` (absent: the newest).
    pub to: Option<u32>,
}

/// `GET /api/audit` and the 操作日志 page (`/audit`): a page of the log, newest first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditQuery {
    /// `before`: entries older than this id (the next page).
    pub before: Option<i64>,
    /// `limit`: entries a page holds.
    pub limit: Option<u32>,
}

/// 总览 (`/?year=&region=&source=`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OverviewQuery {
    /// `year` (absent: the latest with data).
    pub year: Option<i32>,
    /// `region` (absent: every region — the top of the data).
    pub region: Option<String>,
    /// `source` (absent: all): `real` shows only the figures of real records (仅真实数据).
    pub source: Option<Source>,
}

/// 区县对比 (`/districts?year=&region=&measure=&program=`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DistrictsQuery {
    /// `year` (absent: the latest with data).
    pub year: Option<i32>,
    /// `region`: the region whose children are compared (absent: the home city).
    pub region: Option<String>,
    /// `measure` the ranking is on (absent: score).
    pub measure: Option<Measure>,
    /// `program`: the grid's fund (absent: every fund, by level-2 group).
    pub program: Option<String>,
}

/// 评价详情 of one evaluation (`/evaluations/{id}?row=&version=`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DetailQuery {
    /// `row`: the row open — `execution`, or an indicator's 0-based index.
    pub row: Option<String>,
    /// `version`: the version whose changes 修订记录 shows.
    pub version: Option<u32>,
}

/// 指标历史 (`/history?name=&region=&program=&after=`, or `?metric=&region=`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryPageQuery {
    /// `name`: the indicator shown (三级指标).
    pub name: Option<String>,
    /// `metric`: the economic metric shown instead of an indicator.
    pub metric: Option<MetricCode>,
    /// `region`: the region and every region below it.
    pub region: Option<String>,
    /// `program`: the fund's name.
    pub program: Option<String>,
    /// `after`: the `next` cursor of the indicator's previous page of rows.
    pub after: Option<String>,
}

/// 导入 (`/import?draft=`): the draft under review.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftQuery {
    /// `draft`: its id.
    pub draft: Option<i64>,
}

/// 登录 (`/login?next=`): where to go once signed in.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginQuery {
    /// `next`: a path of this site.
    pub next: Option<String>,
}

/// `GET /api/results/{budget|targets|rectification|conflicts}`: a view of 结果应用 under the
/// common filters, one page of its rows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResultsQuery {
    /// `year`: the later year of the two compared (absent: the latest with data).
    pub year: Option<i32>,
    /// `region`: the region and every region below it.
    pub region: Option<String>,
    /// `program`: the fund's name.
    pub program: Option<String>,
    /// `source` (absent: all).
    pub source: Option<Source>,
    /// `limit`: rows a page holds.
    pub limit: Option<u32>,
    /// `offset`: rows skipped before the page.
    pub offset: Option<u32>,
}

/// 结果应用 (`/results?year=&region=&view=&offset=`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResultsPageQuery {
    /// `year` (absent: the latest with data).
    pub year: Option<i32>,
    /// `region` (absent: the top of the data).
    pub region: Option<String>,
    /// `view` shown (absent: all four, each its first rows).
    pub view: Option<crate::results::View>,
    /// `offset`: rows of the view skipped before the page.
    pub offset: Option<u32>,
}
