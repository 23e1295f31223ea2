//! The query vocabulary: every question the API answers and every page's URL state as a typed
//! value, with one writer and one reader of query strings. The server's extractors read their
//! parameters into these types; the pages read their URL into them and write their links and
//! API requests from them; the briefing's links and the bench are written the same way. So a
//! value is spelled in one place, and a wrong one is refused naming the parameter, with the
//! allowed values in Chinese.
//!
//! Not here: what a question means in SQL (the store), the checks a type cannot express and
//! their refusals (the server), how a page labels a value (the pages).
//!
//! # Layout
//! - `values`: the parameters' values with a fixed list or a grammar — [`Source`],
//!   [`Findings`], [`Sort`], [`TableFormat`], [`Measure`].
//! - `questions`: each endpoint's and page's parameters — [`ListQuery`], [`FilterQuery`],
//!   [`YearsQuery`], [`CompareQuery`], [`HistoryPageQuery`]….
//! - `text`: [`write`] and [`url`], [`read`] and [`read_lenient`], and [`percent_encode`].

mod questions;
mod text;
mod values;

pub use questions::{
    AsFile, AuditQuery, BriefingQuery, CatalogueQuery, CompareQuery, DetailQuery, DiffQuery,
    DistrictsQuery, DraftQuery, FilterQuery, FormatQuery, GridQuery, HighlightQuery,
    HistoryPageQuery, HistoryQuery, ImportQuery, ListQuery, LoginQuery, MetricQuery,
    MetricSetQuery, OverviewQuery, ResultsPageQuery, ResultsQuery, SizeQuery, YearsQuery,
};
pub use text::{QueryError, percent_encode, read, read_lenient, url, write};
pub use values::{Findings, Measure, MeasureError, Sort, Source, TableFormat};

#[cfg(test)]
mod tests;
