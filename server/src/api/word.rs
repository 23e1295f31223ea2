//! `GET /api/briefing.docx?year=&region=[&program=]`: the region's briefing as a Word document
//! to take into a meeting — the title, where the data comes from (示例数据 in red when any figure
//! is generated, else the source documents and the data date), the briefing's sentences, the
//! lowest-scoring funds (the overview table's first rows, as the list download writes them) and
//! the overview's charts (the same SVGs as `…/chart.svg`). This module gathers them; the
//! document is written by [`fundlens_documents::write::word`].

use axum::extract::State;
use axum::response::Response;
use fundlens_documents::write::word::{self, Contents};
use fundlens_shared::chart::{line_chart_svg, views};
use fundlens_shared::metric::{self, KEY_METRICS};
use fundlens_shared::query::{BriefingQuery, Sort};
use fundlens_shared::region::HUNAN;

use super::download::attachment;
use super::extract::ApiQuery;
use super::insights::{briefing_scope, region_briefing};
use super::{ApiError, AppState, blocking};
use fundlens_store::{EvaluationFilter, Start};
use fundlens_store::{StorageError, Store};

/// The funds the table lists: the overview's short list.
const TABLE_ROWS: u32 = 15;
/// A chart's size in SVG pixels, as `…/chart.svg` draws it by default.
const CHART: (u32, u32) = (900, 420);

/// The overview's charts of the scope: funding, the average total and the groups' score
/// shares over the years, and the key economic metrics of the region (the briefing's: the top
/// of the data when none was asked).
async fn chart_svgs(store: &Store, filter: &EvaluationFilter) -> Result<Vec<String>, StorageError> {
    let all_years = EvaluationFilter {
        year: None,
        ..filter.clone()
    };
    let (w, h) = CHART;
    let scores = store.score_trend(&all_years).await?;
    let mut svgs = vec![
        line_chart_svg(
            &views::funding_chart(&store.funding_trend(&all_years).await?),
            w,
            h,
        ),
        line_chart_svg(&views::score_chart(&scores), w, h),
        line_chart_svg(&views::group_share_chart(&scores), w, h),
    ];
    let place = filter.region.as_deref().unwrap_or(HUNAN);
    for metric in KEY_METRICS.iter().filter_map(|code| metric::by_code(code)) {
        if let Some(trend) = store.metric_trend(place, metric, filter.source).await?
            && trend.points.iter().any(|p| p.value.is_some())
        {
            svgs.push(line_chart_svg(
                &views::metric_chart(&trend, metric.name),
                w,
                h,
            ));
        }
    }
    Ok(svgs)
}

async fn contents(store: &Store, filter: &EvaluationFilter) -> Result<Contents, ApiError> {
    let funds = store
        .list_evaluations(filter, Sort::Lowest, TABLE_ROWS, &Start::Offset(0))
        .await?;
    let charts = chart_svgs(store, filter).await?;
    Ok(Contents {
        provenance: store.evaluation_provenance(filter).await?,
        data_as_of: store.data_as_of().await?,
        funds,
        charts,
    })
}

pub(crate) async fn briefing_docx(
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<BriefingQuery>,
) -> Result<Response, ApiError> {
    let (year, region, program, source) = briefing_scope(params)?;
    let briefing = region_briefing(&state, (year, region, program.clone(), source)).await?;
    // The briefing's region: the one asked, else the top of the data it was written for.
    let filter = EvaluationFilter {
        year: Some(year),
        region: briefing.region.clone(),
        program,
        source,
        ..EvaluationFilter::default()
    };
    let contents = contents(&state.store, &filter).await?;
    let (bytes, name) = blocking(move || {
        Ok((
            word::document(&briefing, &contents)?,
            word::title(&briefing),
        ))
    })
    .await?;
    Ok(attachment(
        bytes,
        word::CONTENT_TYPE,
        (&format!("briefing-{year}"), &name),
        "docx",
    ))
}
