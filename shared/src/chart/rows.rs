//! Bar charts in rows, and dot plots: one row per category in the order given (a ranking reads
//! top to bottom, as the table beside it), its name at the left — wrapped to two lines and
//! shortened with `…` beyond that, the row's tooltip and the table keeping it whole — then a bar
//! from zero to its value, or a dot.
//!
//! A dot plot replaces the bars where scores or rates sit so close together that bars from zero
//! would all look alike (the spread under a quarter of the highest, e.g. 14 cities within 0.43
//! points): the dots stand on an axis near the data that says where it starts (`横轴自95起`),
//! and the caption names the spread, so a reader sees both the order and how little separates
//! it. Reference values (the parent's, the province's) are dashed lines down the plot, named
//! above it; a value label never sits on one. The drawing is as tall as its rows need.

use plotters::style::text_anchor::HPos;
use rust_decimal::Decimal;

use super::canvas::{About, Canvas, TextStyle, draw_empty, draw_title, mark_height, render, rgb};
use super::frame::{MARGIN, draw_caption};
use super::layout::{LABEL_PX, VALUE_PX, text_width, wrap};
use super::scale::Axis;
use super::{
    AXIS_COLOUR, BAR_COLOUR, BAR_HIGHLIGHT_COLOUR, BarChart, GRID_COLOUR, MUTED_TEXT_COLOUR,
    REFERENCE_COLOURS, TEXT_COLOUR, ValueUnit,
};
use crate::format;

/// What a missing value's tooltip says.
const MISSING: &str = "无数据";
/// One line of text, in pixels.
const LINE: i32 = 15;
/// A row whose name is one line, and one whose name wraps to two.
const ROW_ONE: i32 = 26;
const ROW_TWO: i32 = 36;
/// The thickest a bar gets.
const MAX_BAR: i32 = 18;
/// A dot's radius (two more when highlighted).
const DOT: u32 = 5;
/// An ordinary dot: the first series colour, 5:1 on white.
const DOT_COLOUR: &str = super::SERIES_COLOURS[0];
/// The widest share of the drawing the names may take.
const NAMES_SHARE: f64 = 0.36;
/// A reference beyond this many times the largest bar is written as a number, not drawn.
const OFF_SCALE_FACTOR: Decimal = Decimal::from_parts(3, 0, 0, false, 0);

/// Whether `chart`'s values sit so close together that bars from zero would not tell them
/// apart: scores or rates, all above zero, spread over less than a quarter of the highest.
pub(super) fn as_dots(chart: &BarChart) -> bool {
    let values: Vec<Decimal> = chart.bars.iter().filter_map(|bar| bar.value).collect();
    close_together(&chart.unit, &values)
}

/// See [`as_dots`].
fn close_together(unit: &ValueUnit, values: &[Decimal]) -> bool {
    let (Some(low), Some(high)) = (values.iter().min(), values.iter().max()) else {
        return false;
    };
    values.len() > 1
        && matches!(unit, ValueUnit::Score | ValueUnit::Percent)
        && *low > Decimal::ZERO
        && (high - low) * Decimal::from(4) < *high
}

/// `chart` as an SVG document as high as its rows need (`height` is what was asked, and the
/// drawing's height when it cannot be worked out).
pub(super) fn draw(chart: &BarChart, width: u32, height: u32) -> String {
    let dots = as_dots(chart);
    let wide = i32::try_from(width).unwrap_or(i32::MAX);
    let frame = Frame::new(chart, wide, dots);
    // As tall as its rows need, whatever was asked: rows have a fixed height, so a taller
    // drawing would only add empty space, a shorter one crowd the names.
    let needed = frame.needed_height() + mark_height(&chart.mark, wide);
    let height = u32::try_from(needed)
        .unwrap_or(height)
        .max(super::MIN_HEIGHT);
    let desc = describe(chart, dots);
    let about = About::new(&chart.title, &desc, &chart.mark);
    render(width, height, about, |canvas| {
        draw_on(canvas, chart, &frame)
    })
}

/// The chart in words for `<desc>`: how many rows, the highest and the lowest, and for a dot
/// plot how far apart they are.
fn describe(chart: &BarChart, dots: bool) -> String {
    let valued = || {
        chart
            .bars
            .iter()
            .filter_map(|bar| bar.value.map(|value| (bar.label.trim(), value)))
    };
    let highest = valued().max_by_key(|(_, value)| *value);
    let lowest = valued().min_by_key(|(_, value)| *value);
    let kind = if dots { "点图" } else { "条形图" };
    let extremes = match (highest, lowest) {
        (Some((high, high_value)), Some((low, low_value))) => format!(
            "，最高为{high}（{}），最低为{low}（{}），相差{}",
            chart.unit.format(high_value),
            chart.unit.format(low_value),
            difference(&chart.unit, high_value - low_value)
        ),
        _ => String::new(),
    };
    format!("{kind}：{}项{extremes}。", chart.bars.len())
}

/// A difference of values in the unit's words: `0.43分`, `1.2个百分点`, `35万元`.
fn difference(unit: &ValueUnit, value: Decimal) -> String {
    match unit {
        ValueUnit::Score => format!("{}分", format::score(value)),
        ValueUnit::Percent => format::percentage_points(value),
        other => other.format(value),
    }
}

/// A reference value as drawn: its line, or only its number when far off the bars' scale.
#[derive(Debug)]
struct Reference {
    /// `名称 数值`, as named above the plot.
    text: String,
    tooltip: String,
    value: Decimal,
    colour: plotters::prelude::RGBColor,
    off_scale: bool,
}

/// What can be laid out before drawing: the names, the rows, the references' legend, and so
/// the height the chart needs.
#[derive(Debug)]
struct Frame {
    dots: bool,
    /// Each name as drawn: one or two lines.
    names: Vec<Vec<String>>,
    names_width: i32,
    row: i32,
    references: Vec<Reference>,
    /// The references' legend, in lines of entries.
    legend: Vec<Vec<usize>>,
    /// Extra caption lines (the spread of a dot plot).
    spread: Option<String>,
}

impl Frame {
    fn new(chart: &BarChart, width: i32, dots: bool) -> Self {
        let values: Vec<Decimal> = chart.bars.iter().filter_map(|bar| bar.value).collect();
        let most = (f64::from(width) * NAMES_SHARE) as i32;
        let names: Vec<Vec<String>> = chart
            .bars
            .iter()
            .map(|bar| wrap(bar.label.trim(), most, LABEL_PX, 2))
            .collect();
        let names_width = names
            .iter()
            .flatten()
            .map(|line| text_width(line, LABEL_PX))
            .max()
            .unwrap_or(0)
            .min(most);
        let row = if names.iter().any(|lines| lines.len() > 1) {
            ROW_TWO
        } else {
            ROW_ONE
        };
        let largest = values.iter().map(|v| v.abs()).max().unwrap_or_default();
        let references: Vec<Reference> = chart
            .reference_lines
            .iter()
            .zip(REFERENCE_COLOURS.iter().cycle())
            .map(|((name, value), colour)| {
                let off_scale =
                    !dots && largest > Decimal::ZERO && value.abs() > largest * OFF_SCALE_FACTOR;
                let shown = chart.unit.format(*value);
                let name = name.trim();
                Reference {
                    text: if off_scale {
                        format!("{name} {shown}（远超各条，未按刻度画线）")
                    } else {
                        format!("{name} {shown}")
                    },
                    tooltip: format!("{name}：{shown}"),
                    value: *value,
                    colour: rgb(colour),
                    off_scale,
                }
            })
            .collect();
        let legend = legend_lines(&references, width - 2 * MARGIN);
        let spread = match (dots, values.iter().max(), values.iter().min()) {
            (true, Some(high), Some(low)) => Some(format!(
                "各项最高{}、最低{}，相差{}",
                chart.unit.format(*high),
                chart.unit.format(*low),
                difference(&chart.unit, high - low)
            )),
            _ => None,
        };
        Self {
            dots,
            names,
            names_width,
            row,
            references,
            legend,
            spread,
        }
    }

    /// Where the rows start: under the title, the caption, the spread and the legend.
    fn plot_top(&self, title: &str) -> i32 {
        let title = if title.trim().is_empty() { 16 } else { 42 };
        let spread = if self.spread.is_some() { 16 } else { 0 };
        let legend = i32::try_from(self.legend.len()).unwrap_or(0) * LINE;
        title + 16 + spread + legend + 8
    }

    /// The drawing's height for every row and the tick labels (the mark's row comes on top).
    fn needed_height(&self) -> i32 {
        // The title's height is the larger one; a chart without a title only has more room.
        self.plot_top("·") + i32::try_from(self.names.len()).unwrap_or(0) * self.row + 8 + LINE + 8
    }
}

/// The references' legend entries (a dash and `名称 数值`), in lines no wider than `width`.
fn legend_lines(references: &[Reference], width: i32) -> Vec<Vec<usize>> {
    let mut lines: Vec<Vec<usize>> = Vec::new();
    let mut used = 0;
    for (index, reference) in references.iter().enumerate() {
        let entry = 22 + text_width(&reference.text, VALUE_PX);
        match lines.last_mut() {
            Some(line) if used + 16 + entry <= width => {
                line.push(index);
                used += 16 + entry;
            }
            _ => {
                lines.push(vec![index]);
                used = entry;
            }
        }
    }
    lines
}

fn draw_on(canvas: &mut Canvas<'_>, chart: &BarChart, frame: &Frame) {
    let values: Vec<Decimal> = chart.bars.iter().filter_map(|bar| bar.value).collect();
    if values.is_empty() {
        draw_empty(canvas, &chart.title);
        return;
    }
    let texts: Vec<Option<String>> = chart
        .bars
        .iter()
        .map(|bar| bar.value.map(|value| chart.unit.format(value)))
        .collect();
    let value_room = texts
        .iter()
        .flatten()
        .map(|text| text_width(text, VALUE_PX))
        .max()
        .unwrap_or(0)
        + 10;
    let left = MARGIN + frame.names_width + 10;
    let right = (canvas.width - MARGIN - value_room).max(left + 40);
    let target = u32::try_from((right - left) / 80).unwrap_or(2).clamp(2, 6);
    let mut axis_values = values.clone();
    axis_values.extend(
        frame
            .references
            .iter()
            .filter(|reference| !reference.off_scale)
            .map(|reference| reference.value),
    );
    let Some(mut axis) = Axis::new(
        &axis_values,
        &chart.unit,
        &chart.y_label,
        !frame.dots,
        target,
    ) else {
        draw_empty(canvas, &chart.title);
        return;
    };
    axis.name_start("横轴");
    let x = |value: Decimal| axis.y(value, right, left);

    let mut y = draw_title(canvas, &chart.title);
    y = draw_caption(canvas, &axis.caption, y);
    if let Some(spread) = &frame.spread {
        y = draw_caption(canvas, spread, y);
    }
    let legend_style = TextStyle::centred(VALUE_PX, rgb(TEXT_COLOUR)).anchored(HPos::Left);
    for line in &frame.legend {
        let mut at = MARGIN;
        let middle = y + LINE / 2;
        for &index in line {
            let reference = &frame.references[index];
            if reference.off_scale {
                canvas.text("→", (at, middle), legend_style.bold(true));
            } else {
                canvas.dashed(vec![(at, middle), (at + 16, middle)], reference.colour, 2);
            }
            let style = TextStyle {
                colour: reference.colour,
                ..legend_style
            };
            canvas.text(&reference.text, (at + 22, middle), style);
            let entry = 22 + text_width(&reference.text, VALUE_PX);
            canvas.tooltip_rect(
                (at, middle - LINE / 2),
                (at + entry, middle + LINE / 2),
                &reference.tooltip,
            );
            at += entry + 16;
        }
        y += LINE;
    }
    let top = frame.plot_top(&chart.title).max(y + 8);
    let count = i32::try_from(chart.bars.len()).unwrap_or(0);
    let bottom = top + count * frame.row;

    // Grid lines down the plot with their tick labels under it, thinned where they would touch.
    let tick_style = TextStyle::centred(VALUE_PX, rgb(MUTED_TEXT_COLOUR));
    let mut last_right: Option<i32> = None;
    for (value, label) in &axis.ticks {
        let at = x(*value);
        canvas.line(vec![(at, top), (at, bottom)], rgb(GRID_COLOUR), 1);
        let half = text_width(label, VALUE_PX) / 2;
        if last_right.is_none_or(|edge| at - half >= edge + 6) && at + half <= canvas.width {
            canvas.text(label, (at, bottom + 8 + LINE / 2), tick_style);
            last_right = Some(at + half);
        }
    }
    let zero = x(Decimal::ZERO.clamp(axis.min, axis.max));
    if !frame.dots {
        canvas.line(vec![(zero, top), (zero, bottom)], rgb(AXIS_COLOUR), 1);
    }
    canvas.line(vec![(left, bottom), (right, bottom)], rgb(AXIS_COLOUR), 1);

    // The reference lines first, so that nothing drawn after passes under them unseen.
    let lines: Vec<i32> = frame
        .references
        .iter()
        .filter(|reference| !reference.off_scale)
        .map(|reference| {
            let at = x(reference.value);
            canvas.dashed(vec![(at, top - 4), (at, bottom)], reference.colour, 2);
            at
        })
        .collect();

    let name_style = TextStyle::centred(LABEL_PX, rgb(TEXT_COLOUR)).anchored(HPos::Right);
    let thickness = (frame.row * 3 / 5).min(MAX_BAR);
    for (index, ((bar, text), names)) in chart.bars.iter().zip(&texts).zip(&frame.names).enumerate()
    {
        let row_top = top + i32::try_from(index).unwrap_or(0) * frame.row;
        let middle = row_top + frame.row / 2;
        let style = name_style.bold(bar.highlight);
        let first = middle - (i32::try_from(names.len()).unwrap_or(1) - 1) * LINE / 2;
        for (line, name) in (0..).zip(names) {
            canvas.text(name, (left - 10, first + line * LINE), style);
        }
        let label = bar.label.trim();
        let (Some(value), Some(text)) = (bar.value, text) else {
            canvas.tooltip_rect(
                (MARGIN, row_top),
                (canvas.width - MARGIN, row_top + frame.row),
                &format!("{label}：{MISSING}"),
            );
            continue;
        };
        let (colour, text_colour) = match (bar.highlight, frame.dots) {
            (true, _) => (rgb(BAR_HIGHLIGHT_COLOUR), rgb(BAR_HIGHLIGHT_COLOUR)),
            (false, true) => (rgb(DOT_COLOUR), rgb(TEXT_COLOUR)),
            (false, false) => (rgb(BAR_COLOUR), rgb(TEXT_COLOUR)),
        };
        let end = x(value);
        // Where the mark ends on each side, for the label beside it.
        let (start, finish) = if frame.dots {
            canvas.line(vec![(left, middle), (right, middle)], rgb(GRID_COLOUR), 1);
            let radius = if bar.highlight { DOT + 2 } else { DOT };
            canvas.dot((end, middle), radius, colour, false);
            let reach = i32::try_from(radius).unwrap_or(5);
            (end - reach, end + reach)
        } else {
            let tip = if end == zero {
                if value < Decimal::ZERO {
                    zero - 1
                } else {
                    zero + 1
                }
            } else {
                end
            };
            canvas.fill_rect(
                (zero.min(tip), middle - thickness / 2),
                (zero.max(tip), middle + thickness - thickness / 2),
                colour,
            );
            (zero.min(tip), zero.max(tip))
        };
        let width = text_width(text, VALUE_PX);
        let style = TextStyle::centred(VALUE_PX, text_colour).bold(bar.highlight);
        let wants_left = value < Decimal::ZERO && !frame.dots;
        if let Some(from) = place_label(
            (start, finish),
            width,
            &lines,
            (left, canvas.width - 4),
            wants_left,
        ) {
            canvas.halo_text(text, (from, middle), style.anchored(HPos::Left));
        }
        canvas.tooltip_rect(
            (MARGIN, row_top),
            (canvas.width - MARGIN, row_top + frame.row),
            &format!("{label}：{text}"),
        );
    }
}

/// Where a value label `width` pixels wide starts: beside its mark (`start..finish`) — after
/// it, or before it when `wants_left` or when there is no room after — and clear of every
/// reference line in `lines` by a few pixels, within `bounds`. `None` when it fits nowhere
/// (the row's tooltip and the table still give the number).
fn place_label(
    (start, finish): (i32, i32),
    width: i32,
    lines: &[i32],
    (low, high): (i32, i32),
    wants_left: bool,
) -> Option<i32> {
    const GAP: i32 = 5;
    let clear = |from: i32| {
        lines
            .iter()
            .all(|&line| line < from - 3 || line > from + width + 3)
    };
    let after = |mut from: i32| {
        for _ in 0..=lines.len() {
            match lines
                .iter()
                .find(|&&line| line >= from - 3 && line <= from + width + 3)
            {
                Some(&line) => from = line + GAP,
                None => break,
            }
        }
        (from + width <= high && clear(from)).then_some(from)
    };
    let before = |mut to: i32| {
        for _ in 0..=lines.len() {
            match lines
                .iter()
                .find(|&&line| line >= to - width - 3 && line <= to + 3)
            {
                Some(&line) => to = line - GAP,
                None => break,
            }
        }
        (to - width >= low && clear(to - width)).then_some(to - width)
    };
    if wants_left {
        before(start - GAP).or_else(|| after(finish + GAP))
    } else {
        after(finish + GAP).or_else(|| before(start - GAP))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn only_scores_and_rates_bunched_above_zero_become_dots() {
        let bunched = [dec!(97.92), dec!(98.35), dec!(98.1)];
        assert!(close_together(&ValueUnit::Score, &bunched));
        assert!(close_together(&ValueUnit::Percent, &bunched));
        assert!(!close_together(&ValueUnit::WanYuan, &bunched));
        assert!(!close_together(&ValueUnit::Score, &[dec!(40), dec!(98)]));
        assert!(!close_together(&ValueUnit::Score, &[dec!(-1), dec!(-1.1)]));
        assert!(!close_together(&ValueUnit::Score, &[dec!(98)]));
    }

    #[test]
    fn a_label_steps_off_a_reference_line() {
        // After the mark, with a line where the label would start: moved past it.
        assert_eq!(
            place_label((0, 100), 40, &[110], (0, 400), false),
            Some(115)
        );
        // No line in the way.
        assert_eq!(
            place_label((0, 100), 40, &[300], (0, 400), false),
            Some(105)
        );
        // No room after: before the mark, clear of its line.
        assert_eq!(place_label((300, 380), 40, &[], (0, 400), false), Some(255));
        assert_eq!(
            place_label((300, 380), 40, &[290], (0, 400), false),
            Some(245)
        );
        // Nowhere.
        assert_eq!(place_label((0, 100), 40, &[], (90, 120), false), None);
    }
}
