//! `GET /api/briefing.docx?year=&region=[&program=]`: the region's briefing as a Word document
//! to take into a meeting — the title, where the data comes from (示例数据 in red when any figure
//! is generated, else the source documents and the data date), the briefing's sentences, the
//! lowest-scoring funds (the overview table's first rows, as the list download writes them) and
//! the overview's charts as PNG images (the same SVGs as `…/chart.svg`, rendered by
//! [`crate::png`]). Written by docx-rs.
//!
//! The charts are embedded as PNG only: docx-rs writes no SVG image parts, and every Word
//! version shows a PNG.

use axum::extract::State;
use axum::response::Response;
use docx_rs::{
    AlignmentType, Docx, Header, Paragraph, Pic, Run, RunFonts, Table as WordTable, TableCell,
    TableRow,
};
use fundlens_shared::api::{Briefing, EvaluationList};
use fundlens_shared::chart::{line_chart_svg, views};
use fundlens_shared::format;
use fundlens_shared::metric::{self, KEY_METRICS};
use fundlens_shared::region::HUNAN;

use super::download::{Cell, Table, attachment};
use super::extract::ApiQuery;
use super::insights::{BriefingParams, region_briefing};
use super::{ApiError, AppState, blocking, tables};
use crate::png::{Png, render};
use crate::storage::list::{ListOrder, Start};
use crate::storage::provenance::Provenance;
use crate::storage::read::{EvaluationFilter, SourceFilter};
use crate::storage::{StorageError, Store};

/// The funds the table lists: the overview's short list.
const TABLE_ROWS: u32 = 15;
/// A chart's size in SVG pixels, as `…/chart.svg` draws it by default.
const CHART: (u32, u32) = (900, 420);
/// The width a chart takes on an A4 page (16 cm), in EMU.
const CHART_WIDTH_EMU: u32 = 16 * 360_000;
/// The mark's colour, as the charts draw it.
const SAMPLE_RED: &str = "C62828";

const CONTENT_TYPE: &str =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/// What the document shows besides the briefing.
struct Contents {
    provenance: Provenance,
    data_as_of: Option<String>,
    funds: EvaluationList,
    charts: Vec<Png>,
}

/// The overview's charts of the scope: funding, the average total and the groups' score
/// shares over the years, and the key economic metrics of the region (the province's own for
/// 全部地区).
fn chart_svgs(store: &Store, filter: &EvaluationFilter) -> Result<Vec<String>, StorageError> {
    let all_years = EvaluationFilter {
        year: None,
        ..filter.clone()
    };
    let (w, h) = CHART;
    let scores = store.score_trend(&all_years)?;
    let mut svgs = vec![
        line_chart_svg(
            &views::funding_chart(&store.funding_trend(&all_years)?),
            w,
            h,
        ),
        line_chart_svg(&views::score_chart(&scores), w, h),
        line_chart_svg(&views::group_share_chart(&scores), w, h),
    ];
    let place = filter.region.as_deref().unwrap_or(HUNAN);
    for metric in KEY_METRICS.iter().filter_map(|code| metric::by_code(code)) {
        if let Some(trend) = store.metric_trend(place, metric, SourceFilter::All)?
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

fn contents(store: &Store, filter: &EvaluationFilter) -> Result<Contents, ApiError> {
    let funds = store.list_evaluations(
        filter,
        ListOrder::LowestTotal,
        TABLE_ROWS,
        &Start::Offset(0),
    )?;
    let charts = chart_svgs(store, filter)?
        .iter()
        .map(|svg| render(svg).map_err(|e| ApiError::Internal(format!("rendering a chart: {e}"))))
        .collect::<Result<_, _>>()?;
    Ok(Contents {
        provenance: store.evaluation_provenance(filter)?,
        data_as_of: store.data_as_of()?,
        funds,
        charts,
    })
}

fn text(text: &str) -> Paragraph {
    Paragraph::new().add_run(Run::new().add_text(text))
}

fn heading(text: &str) -> Paragraph {
    Paragraph::new().add_run(Run::new().add_text(text).bold().size(28))
}

/// Where the data comes from: the 示例数据 mark in red, or the sources and their date.
fn provenance(briefing: &Briefing, contents: &Contents) -> Vec<Paragraph> {
    let mut lines = Vec::new();
    if briefing.sample || contents.provenance.sample {
        lines.push(
            Paragraph::new().add_run(
                Run::new()
                    .add_text("示例数据：本简报含系统生成的示例数据，仅供演示，不代表官方数据。")
                    .bold()
                    .color(SAMPLE_RED),
            ),
        );
    } else {
        lines.push(text(&contents.provenance.line()));
    }
    if let Some(at) = &contents.data_as_of {
        lines.push(text(&format!(
            "数据更新于{}",
            fundlens_shared::format::timestamp(at)
        )));
    }
    lines
}

/// A cell as a reader meets it on paper: a whole number (an id, a year, a count) as written, any
/// other number to two places with thousands separators (73.24, 127,114.35), as the dashboard
/// writes scores and 万元; the workbook and CSV keep every digit.
fn shown(cell: &Cell) -> String {
    match cell {
        Cell::Number(value) if !value.fract().is_zero() => format::grouped(*value, 2, false),
        other => other.text(),
    }
}

fn table(table: &Table) -> WordTable {
    let cell = |text: &str, bold: bool| {
        let run = Run::new().add_text(text).size(18);
        TableCell::new().add_paragraph(Paragraph::new().add_run(if bold {
            run.bold()
        } else {
            run
        }))
    };
    let mut rows = vec![TableRow::new(
        table.headers.iter().map(|h| cell(h, true)).collect(),
    )];
    rows.extend(
        table
            .rows
            .iter()
            .map(|row| TableRow::new(row.iter().map(|c| cell(&shown(c), false)).collect())),
    );
    WordTable::new(rows)
}

fn chart(png: &Png) -> Paragraph {
    let height = u64::from(CHART_WIDTH_EMU) * u64::from(png.height) / u64::from(png.width.max(1));
    let picture = Pic::new_with_dimensions(png.bytes.clone(), png.width * 2, png.height * 2)
        .size(CHART_WIDTH_EMU, u32::try_from(height).unwrap_or(u32::MAX));
    Paragraph::new()
        .align(AlignmentType::Center)
        .add_run(Run::new().add_image(picture))
}

/// The document's title: region (or 全部地区), program, year, 简报.
fn title(briefing: &Briefing) -> String {
    format!(
        "{}{}{}年绩效简报",
        briefing.region.as_deref().unwrap_or("全部地区"),
        briefing.program.as_deref().unwrap_or_default(),
        briefing.year
    )
}

/// The .docx bytes.
fn document(briefing: &Briefing, contents: &Contents) -> Result<Vec<u8>, ApiError> {
    let sample = briefing.sample || contents.provenance.sample;
    let mut docx = Docx::new().default_fonts(
        RunFonts::new()
            .east_asia("宋体")
            .ascii("Times New Roman")
            .hi_ansi("Times New Roman"),
    );
    if sample {
        docx = docx.header(
            Header::new().add_paragraph(
                Paragraph::new()
                    .align(AlignmentType::Right)
                    .add_run(Run::new().add_text("示例数据").bold().color(SAMPLE_RED)),
            ),
        );
    }
    docx = docx.add_paragraph(
        Paragraph::new()
            .align(AlignmentType::Center)
            .add_run(Run::new().add_text(title(briefing)).bold().size(36)),
    );
    for line in provenance(briefing, contents) {
        docx = docx.add_paragraph(line);
    }
    docx = docx.add_paragraph(heading("一、简报"));
    if briefing.sentences.is_empty() {
        docx = docx.add_paragraph(text(&briefing.text));
    }
    for (number, sentence) in (1..).zip(&briefing.sentences) {
        docx = docx.add_paragraph(text(&format!("{number}．{}", sentence.text)));
    }
    let shown = contents.funds.items.len();
    docx = docx
        .add_paragraph(heading("二、得分最低的项目"))
        .add_paragraph(text(&format!(
            "共{}个项目，按得分由低到高列出前{}个（总览表格的前{}行）。",
            fundlens_shared::format::count(contents.funds.total_count),
            shown,
            shown
        )))
        .add_table(table(&tables::evaluation_list(&contents.funds)))
        .add_paragraph(heading("三、图表"));
    for png in &contents.charts {
        docx = docx.add_paragraph(chart(png));
    }
    let mut bytes = std::io::Cursor::new(Vec::new());
    docx.build()
        .pack(&mut bytes)
        .map_err(|e| ApiError::Internal(format!("writing docx: {e}")))?;
    Ok(bytes.into_inner())
}

pub(crate) async fn briefing_docx(
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<BriefingParams>,
) -> Result<Response, ApiError> {
    let (year, region, program) = params.scope()?;
    let briefing = region_briefing(&state, (year, region.clone(), program.clone())).await?;
    let filter = EvaluationFilter {
        year: Some(year),
        region,
        program,
        ..EvaluationFilter::default()
    };
    let (bytes, name) = blocking(move || {
        let contents = contents(&state.store, &filter)?;
        Ok((document(&briefing, &contents)?, title(&briefing)))
    })
    .await?;
    Ok(attachment(
        bytes,
        CONTENT_TYPE,
        (&format!("briefing-{year}"), &name),
        "docx",
    ))
}
