//! Tables as files: a table (title, headers, rows of cells) and its provenance line become a
//! CSV (UTF-8 with a byte-order mark, through the `csv` crate) or an .xlsx workbook (through
//! rust_xlsxwriter), answered with a `Content-Disposition` naming the file. The first line of
//! either file is the provenance (示例数据, or the sources and data date), then the headers, then
//! the rows — the rows the same endpoint answers as JSON.

use axum::Json;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use fundlens_shared::query::TableFormat;
use serde::Serialize;

use super::{ApiError, AppState};
use fundlens_documents::write::table::{self, Table};
use fundlens_shared::api::TableProvenance;
use fundlens_shared::query::percent_encode;
use fundlens_shared::region::data_top;
use fundlens_store::EvaluationFilter;

/// Which stored rows a table's figures come from, for its provenance line.
#[derive(Debug, Clone)]
pub(crate) enum Scope {
    /// The evaluations a filter matches.
    Evaluations(EvaluationFilter),
    /// A metric's observations of a region (and those below it, and the province).
    Observations {
        /// The region.
        region: String,
        /// The metric code.
        metric: String,
    },
}

/// `value` as JSON, or with `format` as a file of the table `table` makes of it for the region
/// it is about (the one asked, else the top of the data, as the pages name it), its provenance
/// read from `scope`.
pub(crate) async fn respond<T: Serialize>(
    state: AppState,
    value: T,
    format: Option<TableFormat>,
    scope: Scope,
    table: impl FnOnce(&T, &str) -> Table,
) -> Result<Response, ApiError> {
    let Some(format) = format else {
        return Ok(Json(value).into_response());
    };
    let (provenance, place) = match &scope {
        Scope::Evaluations(filter) => {
            let place = match &filter.region {
                Some(region) => Some(region.clone()),
                None => data_top(&state.store.regions().await?),
            };
            (state.store.evaluation_provenance(filter).await?, place)
        }
        Scope::Observations { region, metric } => (
            state.store.observation_provenance(region, metric).await?,
            Some(region.clone()),
        ),
    };
    let place = place.unwrap_or_else(|| "全部地区".to_owned());
    file(&table(&value, &place), &provenance, format)
}

/// `table` as a file of `format`, named in `Content-Disposition`.
fn file(
    rows: &Table,
    provenance: &TableProvenance,
    format: TableFormat,
) -> Result<Response, ApiError> {
    let (bytes, content_type) = match format {
        TableFormat::Csv => (table::csv(rows, provenance)?, "text/csv; charset=utf-8"),
        TableFormat::Xlsx => (
            table::xlsx(rows, provenance)?,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
    };
    Ok(attachment(
        bytes,
        content_type,
        (&rows.file, &rows.name),
        format.code(),
    ))
}

/// `bytes` as a download of `content_type`, named `file.extension` (ASCII) and, for browsers
/// that read it (all current ones), `name.extension` (Chinese) in `Content-Disposition`.
pub(crate) fn attachment(
    bytes: Vec<u8>,
    content_type: &str,
    (file, title): (&str, &str),
    extension: &str,
) -> Response {
    let disposition = format!(
        "attachment; filename=\"{file}.{extension}\"; filename*=UTF-8''{}.{extension}",
        percent_encode(title)
    );
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response()
}
