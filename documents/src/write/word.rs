//! The region's briefing as a Word document to take into a meeting (docx-rs): the title, where
//! the data comes from (示例数据 in red in the body and every page header when any figure is
//! generated, else the source documents and the data date), the briefing's sentences, the
//! lowest-scoring funds as a table and the charts as PNG images rendered from their SVGs.
//!
//! The charts are embedded as PNG only: docx-rs writes no SVG image parts, and every Word
//! version shows a PNG.

use docx_rs::{
    AlignmentType, Docx, Header, Paragraph, Pic, Run, RunFonts, Table as WordTable, TableCell,
    TableRow,
};
use fundlens_shared::api::{Briefing, EvaluationList, TableProvenance};
use fundlens_shared::format;
use fundlens_shared::query::{ListQuery, Sort};

use super::WriteError;
use super::png::{Png, render};
use super::table::Table;
use super::tables;

/// The width a chart takes on an A4 page (16 cm), in EMU.
const CHART_WIDTH_EMU: u32 = 16 * 360_000;
/// The mark's colour, as the charts draw it.
const SAMPLE_RED: &str = "C62828";

/// The media type of a .docx file.
pub const CONTENT_TYPE: &str =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/// What the document shows besides the briefing.
#[derive(Debug)]
pub struct Contents {
    /// Where the figures come from.
    pub provenance: TableProvenance,
    /// The newest write, as the footer of the pages shows it.
    pub data_as_of: Option<String>,
    /// The lowest-scoring funds (the overview's short list).
    pub funds: EvaluationList,
    /// The charts, as SVG text.
    pub charts: Vec<String>,
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
            .map(|row| TableRow::new(row.iter().map(|c| cell(&c.display(), false)).collect())),
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

/// The document's title: the region (the fund named once: `桃江县中小企业纾困专项资金`), the
/// year, 绩效简报 — `益阳市2025年绩效简报`.
pub fn title(briefing: &Briefing) -> String {
    format!(
        "{}{}年绩效简报",
        format::scope_name(briefing.region.as_deref(), briefing.program.as_deref()),
        briefing.year
    )
}

/// The .docx bytes of `briefing` with `contents`.
///
/// # Errors
/// When a chart cannot be rendered or the package written.
pub fn document(briefing: &Briefing, contents: &Contents) -> Result<Vec<u8>, WriteError> {
    let charts = contents
        .charts
        .iter()
        .map(|svg| render(svg).map_err(|e| WriteError(format!("chart: {e}"))))
        .collect::<Result<Vec<Png>, _>>()?;
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
        .add_table(table(&tables::evaluation_list(
            &contents.funds,
            &ListQuery {
                year: Some(briefing.year),
                region: briefing.region.clone(),
                program: briefing.program.clone(),
                sort: Some(Sort::Lowest),
                limit: u32::try_from(shown).ok(),
                ..ListQuery::default()
            },
            briefing.region.as_deref().unwrap_or("全部地区"),
        )))
        .add_paragraph(heading("三、图表"));
    for png in &charts {
        docx = docx.add_paragraph(chart(png));
    }
    let mut bytes = std::io::Cursor::new(Vec::new());
    docx.build()
        .pack(&mut bytes)
        .map_err(|e| WriteError(format!("docx: {e}")))?;
    Ok(bytes.into_inner())
}
