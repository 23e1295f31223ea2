//! Chart drawing shared by the server and the browser: line and bar charts as SVG text.
//!
//! Plain data in, an SVG `String` out, no I/O: the server answers `…/chart.svg` and embeds the
//! same text in exports, the WebAssembly frontend inlines it. Drawing goes through plotters'
//! SVG backend only (no font files, no bitmaps), so it builds for `wasm32-unknown-unknown`.
//!
//! - Text is written as SVG `<text>` in [`FONT_FAMILY`]; the viewer's own CJK fonts render it.
//!   Text widths are estimated from character classes, never measured, so the server and the
//!   browser produce byte-identical SVG for the same input (plotters' own estimator would reach
//!   for the DOM under wasm). Value labels sit on a white halo so lines do not cut through them.
//! - Amounts stay [`Decimal`]: axis ticks are chosen and printed as decimals and every value
//!   label goes through [`crate::format`]; a decimal becomes an `f64` only to place a pixel.
//! - Every point and bar carries its formatted value beside the mark and a `<title>` tooltip
//!   (transparent hit areas appended after the drawing; plotters cannot nest `<title>`).
//! - A missing value (`None`) leaves a gap: no mark, no label, no line through it.
//! - A chart without a single value says [`NO_DATA`] under its title instead of failing.
//! - Every chart has a `<title>` and a `<desc>` (what it shows, in words) and, on its last
//!   row, its [`DataMark`]: [`SAMPLE_MARK`] when any figure is generated, else the source and
//!   period, so a downloaded or embedded SVG cannot pass sample figures off as official.
//! - Sizes below [`MIN_WIDTH`] × [`MIN_HEIGHT`] are raised to that minimum. No text is set
//!   under 12 px: the browser draws each chart at the width it is shown at, so that is what a
//!   reader sees at every screen width.
//! - Bars start at zero; values too close together for bars to tell apart are a dot plot on an
//!   axis near the data with the spread named ([`BarChart`]). An axis near the data (lines,
//!   dots) says where it starts and leaves room under the data, so a fall never looks like a
//!   collapse to the floor. Labels never sit on a reference line.

mod bar;
mod canvas;
mod frame;
mod layout;
mod line;
mod mark;
mod rows;
mod scale;
#[cfg(test)]
mod tests;
pub mod views;
mod wire;

pub use mark::{DataMark, EVALUATION_SOURCE, METRIC_SOURCE, SAMPLE_MARK};

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::format;
use crate::value::{Grade, option_decimal_number};

/// The font stack every `<text>` asks for: CJK first, then the platform's sans-serif.
pub const FONT_FAMILY: &str =
    "'Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', 'PingFang SC', sans-serif";

/// What an empty chart says under its title.
pub const NO_DATA: &str = "暂无数据";

/// The smallest width drawn; narrower requests are widened to it.
pub const MIN_WIDTH: u32 = 240;
/// The smallest height drawn; lower requests are raised to it.
pub const MIN_HEIGHT: u32 = 200;

/// Line colours, one per series in order (wrapping around after the last); each at least
/// 4.5:1 on white, as value labels are written in them.
pub const SERIES_COLOURS: [&str; 8] = [
    "#1F6FB2", "#C05621", "#1E7A50", "#8E5BB5", "#C23B3B", "#0E7490", "#8C6D46", "#BE185D",
];
/// The dashed benchmark line of a line chart (e.g. 全省平均).
pub const BENCHMARK_COLOUR: &str = "#6B7280";
/// An ordinary bar.
pub const BAR_COLOUR: &str = "#9CBEE0";
/// A highlighted bar (the region or fund the reader is looking at).
pub const BAR_HIGHLIGHT_COLOUR: &str = "#1F5FA8";
/// Dashed reference lines of a bar chart, in order (wrapping around after the last).
pub const REFERENCE_COLOURS: [&str; 4] = ["#C2410C", "#4B5563", "#7C3AED", "#0F766E"];
/// Titles, labels and values.
pub const TEXT_COLOUR: &str = "#1F2937";
/// Axis captions, tick labels and the empty-chart notice.
pub const MUTED_TEXT_COLOUR: &str = "#6B7280";
/// Horizontal grid lines.
pub const GRID_COLOUR: &str = "#E5E7EB";
/// The base line and the zero line.
pub const AXIS_COLOUR: &str = "#9CA3AF";
/// The 示例数据 mark at the foot of a chart of sample data (6.5:1 on white).
pub const SAMPLE_MARK_COLOUR: &str = "#B91C1C";
/// The chart background.
pub const BACKGROUND_COLOUR: &str = "#FFFFFF";

/// Grade colours, best first as in [`Grade::ALL`]: 优 green, 良 blue, 中 amber, 差 red; white
/// text on each is at least 4.5:1.
pub const GRADE_COLOURS: [(&str, &str); 4] = [
    ("优", "#2E7D32"),
    ("良", "#1565C0"),
    ("中", "#B45309"),
    ("差", "#C62828"),
];

/// The colour of a record left ungraded (未评级): grey, white text at least 4.5:1.
pub const UNGRADED_COLOUR: &str = "#616161";

/// The colour of a grade that may be missing: [`grade_colour`], or [`UNGRADED_COLOUR`].
pub fn optional_grade_colour(grade: Option<Grade>) -> &'static str {
    grade.map_or(UNGRADED_COLOUR, grade_colour)
}

/// The colour of `grade` from [`GRADE_COLOURS`].
pub fn grade_colour(grade: Grade) -> &'static str {
    match grade {
        Grade::Excellent => GRADE_COLOURS[0].1,
        Grade::Good => GRADE_COLOURS[1].1,
        Grade::Fair => GRADE_COLOURS[2].1,
        Grade::Poor => GRADE_COLOURS[3].1,
    }
}

/// What the numbers of a chart measure; decides the axis unit and how values are written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ValueUnit {
    /// Money in 万元; the axis switches to 亿元 from 10,000 万元, labels read `593.04万元`.
    WanYuan,
    /// A percentage (100 = 100%), labels with one decimal: `6.8%`.
    Percent,
    /// A score, labels with at most two decimals: `4.72`.
    Score,
    /// A count of things in the given unit, e.g. `家`: `12家`.
    Count(String),
    /// A bare number.
    Plain,
}

/// Decimals a count or a bare number is labelled with at most: `12.5家`, `1,234.57`.
const COUNT_DECIMALS: u32 = 2;

impl ValueUnit {
    /// `value` as a value label: `593.04万元`, `2.85亿元`, `6.8%`, `4.72`, `12家`, `1,234.5`.
    pub fn format(&self, value: Decimal) -> String {
        match self {
            Self::WanYuan => format::money(value),
            Self::Percent => format::percent(value),
            Self::Score => format::score(value),
            Self::Count(unit) => {
                format!("{}{unit}", format::grouped(value, self.decimals(), false))
            }
            Self::Plain => format::grouped(value, self.decimals(), false),
        }
    }

    /// Decimals a label of this unit is written with (at most): one for a percentage, two for
    /// the rest (an amount's in 万元, or in 亿元 from 10,000 万元 on).
    pub fn decimals(&self) -> u32 {
        match self {
            Self::WanYuan => format::MONEY_DECIMALS,
            Self::Percent => format::PERCENT_DECIMALS,
            Self::Score => format::SHOWN_SCORE_DECIMALS,
            Self::Count(_) | Self::Plain => COUNT_DECIMALS,
        }
    }
}

/// One line of a line chart: a name for the legend and a value per x label.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Series {
    /// The legend entry, e.g. `益阳市`.
    pub name: String,
    /// `(x label, value)` in drawing order, e.g. `("2022", Some(593.04))`; `None` leaves a gap.
    /// On the wire: `[["2022", 593.04], ["2023", null]]`.
    #[serde(with = "wire::points")]
    pub points: Vec<(String, Option<Decimal>)>,
}

/// A line chart over categories such as years.
///
/// The x axis lists each label once, in the order the series give them (a label only a later
/// series has goes before the next label it shares, or at the end); labels that are all numbers
/// (`2022`, `2022年`) are sorted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LineChart {
    /// The heading, e.g. `专项资金规模趋势`.
    pub title: String,
    /// The y axis caption; a bare unit (`万元`, `%`) or empty becomes `单位：万元`, a name gets
    /// the unit appended (`资金规模（亿元）`), and `万元` in it turns into `亿元` when the axis does.
    pub y_label: String,
    /// What the values measure.
    pub unit: ValueUnit,
    /// The lines, coloured in [`SERIES_COLOURS`] order.
    pub series: Vec<Series>,
    /// A dashed comparison line, e.g. `全省平均`.
    #[serde(default)]
    pub benchmark: Option<Series>,
    /// 示例数据 or the source and period, written at the foot of the drawing.
    #[serde(default)]
    pub mark: DataMark,
}

/// One bar of a bar chart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bar {
    /// The category under the bar, e.g. `赫山区`; long labels wrap and may be shortened with `…`
    /// (the tooltip keeps them whole).
    pub label: String,
    /// The value; `None` leaves an empty slot.
    #[serde(default, with = "option_decimal_number")]
    pub value: Option<Decimal>,
    /// Drawn in [`BAR_HIGHLIGHT_COLOUR`] with a bold label.
    #[serde(default)]
    pub highlight: bool,
}

/// How a bar chart lays out its categories.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Orientation {
    /// Upright bars side by side, the names under them (sub-projects' amounts).
    #[default]
    Columns,
    /// One row per category, its name at the left (a ranking of regions: long names stay
    /// readable on a phone, and the order reads top to bottom as the table beside it).
    Rows,
}

/// A bar chart over categories such as regions or funds, in the order given.
///
/// Bars always start at zero. Scores or rates so close together that bars from zero would all
/// look the same (the spread under a quarter of the highest: 14 cities within 0.43 points) are
/// drawn as a dot plot instead, in rows, on an axis near the data that says where it starts,
/// the caption naming the spread.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BarChart {
    /// The heading, e.g. `各区县资金执行率`.
    pub title: String,
    /// The y axis caption, as for [`LineChart::y_label`].
    pub y_label: String,
    /// What the values measure.
    pub unit: ValueUnit,
    /// The bars, left to right.
    pub bars: Vec<Bar>,
    /// Dashed horizontal lines with a label at the right, e.g. `("全省平均", 6.8)`.
    /// On the wire: `[["全省平均", 6.8]]`.
    #[serde(default, with = "wire::reference_lines")]
    pub reference_lines: Vec<(String, Decimal)>,
    /// 示例数据 or the source and period, written at the foot of the drawing.
    #[serde(default)]
    pub mark: DataMark,
    /// Columns (the default) or rows.
    #[serde(default)]
    pub orientation: Orientation,
}

/// `chart` drawn as an SVG document of `width` × `height` pixels.
pub fn line_chart_svg(chart: &LineChart, width: u32, height: u32) -> String {
    line::draw(chart, width.max(MIN_WIDTH), height.max(MIN_HEIGHT))
}

/// `chart` drawn as an SVG document of `width` × `height` pixels; a chart in rows (or a dot
/// plot) is as tall as its rows need instead.
pub fn bar_chart_svg(chart: &BarChart, width: u32, height: u32) -> String {
    let (width, height) = (width.max(MIN_WIDTH), height.max(MIN_HEIGHT));
    if chart.orientation == Orientation::Rows || rows::as_dots(chart) {
        rows::draw(chart, width, height)
    } else {
        bar::draw(chart, width, height)
    }
}
