//! A chart card: the SVG drawn by `fundlens_shared::chart` (the same text the server's
//! `…/chart.svg` endpoints answer), a table view of the same numbers with the same data mark
//! (示例数据, or the source), and a 下载SVG link carrying exactly the SVG shown.
//!
//! The chart is drawn at the width its box has on the page (measured once it is there, and
//! again when the window is resized), never scaled down: its text is 12 px at every width.
//!
//! The first chart put on the page sets the performance mark [`FIRST_CHART_MARK`], which the
//! browser tests read to measure the time to the first drawn dashboard.

use std::sync::atomic::{AtomicBool, Ordering};

use fundlens_shared::chart::{
    BarChart, DataMark, LineChart, MIN_WIDTH, bar_chart_svg, line_chart_svg,
};
use fundlens_shared::query::percent_encode;
use leptos::prelude::*;

use crate::components::html::{self, Cell, Row, escape};
use crate::components::status::SampleBadge;
use crate::reactive::{dynamic, dynamic_text};

/// The `performance.mark` name set when the first chart is on the page.
pub(crate) const FIRST_CHART_MARK: &str = "fundlens-first-chart";

/// A chart to draw.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum ChartSpec {
    /// Lines over categories (years).
    Line(LineChart),
    /// Bars over categories (regions, allocations).
    Bar(BarChart),
}

/// A table of a chart's numbers: headings and formatted cells.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct DataTable {
    /// Column headings.
    pub(crate) head: Vec<String>,
    /// Rows of cells.
    pub(crate) rows: Vec<Vec<String>>,
}

impl ChartSpec {
    /// The chart's heading.
    pub(crate) fn title(&self) -> &str {
        match self {
            Self::Line(chart) => &chart.title,
            Self::Bar(chart) => &chart.title,
        }
    }

    /// What the chart says about its figures (示例数据, or the source and period).
    pub(crate) fn mark(&self) -> &DataMark {
        match self {
            Self::Line(chart) => &chart.mark,
            Self::Bar(chart) => &chart.mark,
        }
    }

    /// The SVG text at `width` × `height`.
    pub(crate) fn svg(&self, width: u32, height: u32) -> String {
        match self {
            Self::Line(chart) => line_chart_svg(chart, width, height),
            Self::Bar(chart) => bar_chart_svg(chart, width, height),
        }
    }

    /// The chart's numbers as a table, formatted as the chart labels them.
    pub(crate) fn table(&self) -> DataTable {
        match self {
            Self::Line(chart) => line_table(chart),
            Self::Bar(chart) => bar_table(chart),
        }
    }
}

/// Rows per x label (years), one column per line and the benchmark.
fn line_table(chart: &LineChart) -> DataTable {
    let lines: Vec<_> = chart.series.iter().chain(&chart.benchmark).collect();
    let mut labels: Vec<&str> = Vec::new();
    for line in &lines {
        for (label, _) in &line.points {
            if !labels.contains(&label.as_str()) {
                labels.push(label);
            }
        }
    }
    if labels.iter().all(|label| year_of(label).is_some()) {
        labels.sort_by_key(|label| year_of(label));
    }
    let mut head = vec!["年份".to_owned()];
    head.extend(lines.iter().map(|line| line.name.clone()));
    let rows = labels
        .iter()
        .map(|label| {
            let mut row = vec![(*label).to_owned()];
            row.extend(lines.iter().map(|line| {
                line.points
                    .iter()
                    .find(|(x, _)| x == label)
                    .and_then(|(_, value)| *value)
                    .map_or_else(|| "—".to_owned(), |value| chart.unit.format(value))
            }));
            row
        })
        .collect();
    DataTable { head, rows }
}

fn year_of(label: &str) -> Option<i64> {
    label.trim_end_matches('年').parse().ok()
}

/// One row per bar, then one per reference line.
fn bar_table(chart: &BarChart) -> DataTable {
    let mut rows: Vec<Vec<String>> = chart
        .bars
        .iter()
        .map(|bar| {
            vec![
                bar.label.clone(),
                bar.value
                    .map_or_else(|| "—".to_owned(), |value| chart.unit.format(value)),
            ]
        })
        .collect();
    rows.extend(
        chart
            .reference_lines
            .iter()
            .map(|(label, value)| vec![format!("参考线：{label}"), chart.unit.format(*value)]),
    );
    DataTable {
        head: vec!["项目".to_owned(), "数值".to_owned()],
        rows,
    }
}

/// A file name from a chart title: characters a file system dislikes become `_`.
fn file_name(title: &str) -> String {
    let name: String = title
        .chars()
        .map(|c| {
            if matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect();
    format!("{}.svg", name.trim())
}

/// `width`, or narrower on a small screen: the first guess before the chart's box is measured.
fn fitted_width(width: u32) -> u32 {
    let screen = web_sys::window()
        .and_then(|window| window.inner_width().ok())
        .and_then(|inner| inner.as_f64());
    match screen {
        // The page's side padding and the card's.
        Some(screen) if screen > 0.0 => {
            width.min((screen as u32).saturating_sub(48).max(MIN_WIDTH))
        }
        _ => width,
    }
}

/// The width to draw at in a box `room` pixels wide: the box's, at most `width`.
fn drawn_width(room: i32, width: u32) -> Option<u32> {
    u32::try_from(room)
        .ok()
        .filter(|room| *room > 0)
        .map(|room| room.min(width).max(MIN_WIDTH))
}

/// The table view's mark as HTML: the 示例数据 badge with what it means, or the source.
fn mark_html(mark: &DataMark) -> String {
    if mark.is_sample() {
        format!(
            r#"<p class="chart-mark sample-note">{}{}</p>"#,
            html::sample_badge(),
            escape(&mark.line())
        )
    } else {
        format!(
            r#"<p class="chart-mark muted">{}</p>"#,
            escape(&mark.line())
        )
    }
}

static MARKED: AtomicBool = AtomicBool::new(false);

/// Sets [`FIRST_CHART_MARK`] once per page load.
fn mark_first_chart() {
    if MARKED.swap(true, Ordering::Relaxed) {
        return;
    }
    if let Some(performance) = web_sys::window().and_then(|window| window.performance()) {
        let _ = performance.mark(FIRST_CHART_MARK);
    }
}

/// A chart with a 表格视图 toggle and a 下载SVG link.
#[component]
pub(crate) fn ChartCard(
    spec: ChartSpec,
    /// Drawing width in pixels (the SVG shrinks to a narrower box, never grows past this).
    #[prop(default = 640)]
    width: u32,
    /// Drawing height in pixels.
    #[prop(default = 320)]
    height: u32,
    /// Shows the 示例数据 badge (the numbers are generated).
    #[prop(default = false)]
    sample: bool,
    /// A note under the chart (a data caveat); empty for none.
    #[prop(into, default = String::new())]
    note: String,
) -> impl IntoView {
    let as_table = RwSignal::new(false);
    let drawn = RwSignal::new(fitted_width(width));
    let title = spec.title().to_owned();
    let download = file_name(&title);
    let table = spec.table();
    let mark = mark_html(spec.mark());
    let spec = StoredValue::new(spec);
    let svg = Memo::new(move |_| spec.with_value(|spec| spec.svg(drawn.get(), height)));
    let href = move || {
        format!(
            "data:image/svg+xml;charset=utf-8,{}",
            percent_encode(&svg.get())
        )
    };
    let max_width = format!("max-width:{width}px");
    let frame = NodeRef::<leptos::html::Div>::new();
    // Measure the box once it is on the page, and again whenever the window changes size.
    let measure = move || {
        if let Some(room) = frame
            .get_untracked()
            .and_then(|element| drawn_width(element.client_width(), width))
            && room != drawn.get_untracked()
        {
            drawn.set(room);
        }
    };
    Effect::new(move |_| {
        if frame.get().is_some() {
            measure();
        }
    });
    let resized = window_event_listener(leptos::ev::resize, move |_| measure());
    on_cleanup(move || resized.remove());
    Effect::new(move |_| mark_first_chart());
    let table_html = {
        let mut rows = Vec::new();
        for row in &table.rows {
            let mut cells = Vec::new();
            for (index, cell) in row.iter().enumerate() {
                cells.push(if index == 0 {
                    Cell::text(cell).heading()
                } else {
                    Cell::num(cell)
                });
            }
            rows.push(Row::new(cells));
        }
        let head: Vec<Cell> = table.head.iter().map(|h| Cell::text(h)).collect();
        format!(
            r#"<p class="chart-caption">{}</p>{}{mark}"#,
            escape(&title),
            html::table("data", &[head], &rows)
        )
    };
    let chart_view = dynamic(move || {
        if as_table.get() {
            view! { <div class="chart-table" inner_html=table_html.clone()></div> }.into_any()
        } else {
            view! {
                <div class="chart-svg" style=max_width.clone() node_ref=frame inner_html=move || svg.get()></div>
            }
            .into_any()
        }
    });
    view! {
        <figure class="chart-card">
            {chart_view}
            <figcaption class="chart-tools">
                {sample.then(|| view! { <SampleBadge /> })}
                {(!note.is_empty()).then(|| view! { <span class="chart-note">{note}</span> })}
                <span class="spacer"></span>
                <button
                    type="button"
                    class="chart-toggle"
                    aria-pressed=move || as_table.get().to_string()
                    on:click=move |_| as_table.update(|shown| *shown = !*shown)
                >
                    {dynamic_text(move || {
                        if as_table.get() { "图表视图" } else { "表格视图" }.to_owned()
                    })}
                </button>
                <a class="button chart-download" href=href download=download>
                    "下载SVG"
                </a>
            </figcaption>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fundlens_shared::chart::{Bar, DataMark, Orientation, Series, ValueUnit};
    use rust_decimal_macros::dec;

    #[test]
    fn line_tables_have_a_row_per_year_and_a_column_per_line() {
        let chart = LineChart {
            title: "测试".to_owned(),
            y_label: "%".to_owned(),
            unit: ValueUnit::Percent,
            series: vec![Series {
                name: "赫山区".to_owned(),
                points: vec![
                    ("2023".to_owned(), Some(dec!(6.5))),
                    ("2022".to_owned(), None),
                ],
            }],
            benchmark: Some(Series {
                name: "全省平均".to_owned(),
                points: vec![("2023".to_owned(), Some(dec!(5.7)))],
            }),
            mark: DataMark::Sample,
        };
        let table = ChartSpec::Line(chart).table();
        assert_eq!(table.head, ["年份", "赫山区", "全省平均"]);
        assert_eq!(table.rows, [["2022", "—", "—"], ["2023", "6.5%", "5.7%"]]);
    }

    #[test]
    fn bar_tables_list_bars_then_reference_lines() {
        let chart = BarChart {
            title: "测试".to_owned(),
            y_label: "万元".to_owned(),
            unit: ValueUnit::WanYuan,
            bars: vec![Bar {
                label: "真抓实干奖励资金".to_owned(),
                value: Some(dec!(160)),
                highlight: false,
            }],
            reference_lines: vec![("益阳市".to_owned(), dec!(12345))],
            mark: DataMark::Sample,
            orientation: Orientation::Columns,
        };
        let table = ChartSpec::Bar(chart).table();
        assert_eq!(
            table.rows,
            [
                ["真抓实干奖励资金", "160万元"],
                ["参考线：益阳市", "1.23亿元"]
            ]
        );
    }

    #[test]
    fn file_names_keep_chinese_and_drop_separators() {
        assert_eq!(
            file_name("预算与执行（益阳市/全部）"),
            "预算与执行（益阳市_全部）.svg"
        );
    }
}
