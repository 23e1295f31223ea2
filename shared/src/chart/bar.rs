//! Bar charts in columns: one bar per category from the zero line (downwards for negative
//! values) — always from zero, a bar's length is its value — the highlighted ones stronger,
//! dashed reference lines labelled at the right, each value at the end of its bar and moved off
//! any reference line that would cross it. Charts in rows and dot plots are [`super::rows`].

use plotters::style::text_anchor::HPos;
use rust_decimal::Decimal;

use super::canvas::{About, Canvas, TextStyle, draw_empty, draw_title, render, rgb};
use super::frame::{Narrow, Plot, XLabels, draw_caption, draw_grid, plot_left, target_ticks};
use super::layout::{VALUE_PX, common_size, fit_line, spread, text_width};
use super::scale::Axis;
use super::{
    AXIS_COLOUR, BAR_COLOUR, BAR_HIGHLIGHT_COLOUR, BarChart, REFERENCE_COLOURS, TEXT_COLOUR,
};

/// What a missing value's tooltip says.
const MISSING: &str = "无数据";
/// The widest a bar gets, in pixels.
const MAX_BAR: f64 = 56.0;

/// `chart` as an SVG document.
pub(super) fn draw(chart: &BarChart, width: u32, height: u32) -> String {
    let desc = describe(chart);
    let about = About::new(&chart.title, &desc, &chart.mark);
    render(width, height, about, |canvas| draw_on(canvas, chart))
}

/// The chart in words for `<desc>`: how many bars, the highest and the lowest.
fn describe(chart: &BarChart) -> String {
    let valued = || {
        chart
            .bars
            .iter()
            .filter_map(|bar| bar.value.map(|value| (bar.label.trim(), value)))
    };
    let highest = valued().max_by_key(|(_, value)| *value);
    let lowest = valued().min_by_key(|(_, value)| *value);
    let extremes = match (highest, lowest) {
        (Some((high, high_value)), Some((low, low_value))) => format!(
            "，最高为{high}（{}），最低为{low}（{}）",
            chart.unit.format(high_value),
            chart.unit.format(low_value)
        ),
        _ => String::new(),
    };
    format!("柱状图：{}项{extremes}。", chart.bars.len())
}

/// A reference line's label at the right of the plot.
#[derive(Debug)]
struct Reference {
    name: String,
    tooltip: String,
    value: Decimal,
    text: String,
    colour: plotters::prelude::RGBColor,
    /// Too far from the bars to share their scale: written as a number, no line.
    off_scale: bool,
}

/// A reference more than this many times the largest bar is written as a number at the top
/// instead of squashing the bars.
const OFF_SCALE_FACTOR: Decimal = Decimal::from_parts(3, 0, 0, false, 0);

/// Whether the reference `value` is too far from the bars `values` to be drawn on their scale.
fn off_scale(value: Decimal, values: &[Decimal]) -> bool {
    let largest = values
        .iter()
        .map(|v| v.abs())
        .max()
        .unwrap_or(Decimal::ZERO);
    largest > Decimal::ZERO && value.abs() > largest * OFF_SCALE_FACTOR
}

fn draw_on(canvas: &mut Canvas<'_>, chart: &BarChart) {
    let values: Vec<Decimal> = chart.bars.iter().filter_map(|bar| bar.value).collect();
    let mut axis_values = values.clone();
    axis_values.extend(
        chart
            .reference_lines
            .iter()
            .map(|(_, value)| *value)
            .filter(|value| !off_scale(*value, &values)),
    );
    let target = target_ticks(canvas.height);
    let axis = Axis::new(&axis_values, &chart.unit, &chart.y_label, true, target);
    let Some(mut axis) = axis.filter(|_| !values.is_empty()) else {
        draw_empty(canvas, &chart.title);
        return;
    };
    axis.name_baseline();

    let references: Vec<Reference> = chart
        .reference_lines
        .iter()
        .zip(REFERENCE_COLOURS.iter().cycle())
        .map(|((name, value), colour)| {
            let off_scale = off_scale(*value, &values);
            let text = chart.unit.format(*value);
            Reference {
                name: fit_line(name.trim(), (canvas.width / 5).max(48), &[VALUE_PX]).0,
                tooltip: if off_scale {
                    format!("{}：{text}（远超各柱，未按刻度画线）", name.trim())
                } else {
                    format!("{}：{text}", name.trim())
                },
                value: *value,
                text: if off_scale {
                    format!("↑{text}")
                } else {
                    text
                },
                colour: rgb(colour),
                off_scale,
            }
        })
        .collect();
    let reference_width = references
        .iter()
        .map(|reference| {
            text_width(&reference.name, VALUE_PX).max(text_width(&reference.text, VALUE_PX))
        })
        .max()
        .map_or(0, |width| width + 12);

    let left = plot_left(&axis);
    let right = canvas.width - 16 - reference_width;
    let count = chart.bars.len();
    let slot = f64::from(right - left) / count.max(1) as f64;
    let bar_width = (slot * 0.62).clamp(1.0, MAX_BAR).round() as i32;

    let texts: Vec<Option<String>> = chart
        .bars
        .iter()
        .map(|bar| bar.value.map(|value| chart.unit.format(value)))
        .collect();
    let room = (slot.floor() as i32 - 2).max(1);
    let fitted = common_size(
        texts.iter().flatten().map(String::as_str),
        room,
        &[VALUE_PX],
    );
    let (value_px, upright) = fitted.map_or((VALUE_PX, true), |px| (px, false));
    let value_room = if upright {
        texts
            .iter()
            .flatten()
            .map(|text| text_width(text, value_px))
            .max()
            .unwrap_or(0)
            + 8
    } else {
        18
    };
    let categories: Vec<String> = chart.bars.iter().map(|bar| bar.label.clone()).collect();
    let x_labels = XLabels::new(&categories, slot, 3, Narrow::Upright);

    let y = draw_title(canvas, &chart.title);
    let y = draw_caption(canvas, &axis.caption, y);
    let any_positive = values.iter().any(|value| *value >= Decimal::ZERO);
    let any_negative = values.iter().any(|value| *value < Decimal::ZERO);
    let top = y + if any_positive { value_room } else { 10 };
    let foot = if any_negative { value_room } else { 0 };
    let bottom = (canvas.height - 10 - x_labels.height() - 8 - foot).max(top + 20);
    let plot = Plot {
        left,
        right,
        top,
        bottom,
    };
    draw_grid(canvas, &axis, plot);
    let centres = plot.centres(count);
    x_labels.draw(canvas, &centres, plot.bottom + 8 + foot);

    let base = Decimal::ZERO.clamp(axis.min, axis.max);
    let zero = plot.y(&axis, base);
    // The rows of the reference lines drawn across the plot: no value label sits on one.
    let lines: Vec<i32> = references
        .iter()
        .filter(|reference| !reference.off_scale)
        .map(|reference| plot.y(&axis, reference.value))
        .collect();
    for (index, ((bar, text), &centre)) in chart.bars.iter().zip(&texts).zip(&centres).enumerate() {
        let slot_left = plot.left + (slot * index as f64).round() as i32;
        let slot_right = plot.left + (slot * (index + 1) as f64).round() as i32;
        let label = bar.label.trim();
        let (Some(value), Some(text)) = (bar.value, text) else {
            canvas.tooltip_rect(
                (slot_left, plot.top),
                (slot_right, plot.bottom),
                &format!("{label}：{MISSING}"),
            );
            continue;
        };
        let end = plot.y(&axis, value);
        let x0 = centre - bar_width / 2;
        let (colour, text_colour) = if bar.highlight {
            (rgb(BAR_HIGHLIGHT_COLOUR), rgb(BAR_HIGHLIGHT_COLOUR))
        } else {
            (rgb(BAR_COLOUR), rgb(TEXT_COLOUR))
        };
        let far = if end == zero {
            if value < Decimal::ZERO {
                zero + 1
            } else {
                zero - 1
            }
        } else {
            end
        };
        canvas.fill_rect((x0, zero), (x0 + bar_width, far), colour);
        let style = TextStyle::centred(value_px, text_colour)
            .bold(bar.highlight)
            .upright(upright);
        let negative = value < Decimal::ZERO;
        // How far the label reaches from its anchor along the bar: its width when upright, one
        // line when level; moved past a reference line it would sit on.
        let reach = if upright {
            text_width(text, value_px)
        } else {
            i32::try_from(value_px).unwrap_or(12)
        };
        match (upright, negative) {
            (false, false) => {
                let y = off_lines(end.min(zero) - 9, reach, &lines, true);
                canvas.halo_text(text, (centre, y), style);
            }
            (false, true) => {
                let y = off_lines(end + 9, reach, &lines, false);
                canvas.halo_text(text, (centre, y), style);
            }
            (true, false) => {
                let from = off_lines(end.min(zero) - 4 - reach / 2, reach, &lines, true);
                canvas.halo_text(text, (centre, from + reach / 2), style.anchored(HPos::Left));
            }
            (true, true) => {
                let from = off_lines(end + 4 + reach / 2, reach, &lines, false);
                canvas.halo_text(
                    text,
                    (centre, from - reach / 2),
                    style.anchored(HPos::Right),
                );
            }
        }
        canvas.tooltip_rect(
            (slot_left, plot.top),
            (slot_right, plot.bottom),
            &format!("{label}：{text}"),
        );
    }
    canvas.line(
        vec![(plot.left, zero), (plot.right, zero)],
        rgb(AXIS_COLOUR),
        1,
    );

    draw_references(canvas, &axis, plot, &references);
}

/// The centre row for a label `reach` pixels tall that wants to be centred at `y`, moved away
/// from every row in `lines` its box would touch — upwards (`up`) or downwards, so that it stays
/// off its bar.
fn off_lines(mut y: i32, reach: i32, lines: &[i32], up: bool) -> i32 {
    let half = reach / 2 + 2;
    for _ in 0..=lines.len() {
        let Some(&line) = lines.iter().find(|&&line| (line - y).abs() <= half) else {
            break;
        };
        y = if up { line - half - 1 } else { line + half + 1 };
    }
    y
}

/// Dashed lines across the plot with name and value stacked at the right, nudged apart.
fn draw_references(canvas: &mut Canvas<'_>, axis: &Axis, plot: Plot, references: &[Reference]) {
    let rows: Vec<i32> = references
        .iter()
        .map(|reference| {
            if reference.off_scale {
                plot.top.min(plot.y(axis, reference.value))
            } else {
                plot.y(axis, reference.value)
            }
        })
        .collect();
    let centres = spread(&rows, 30, plot.top - 6, plot.bottom + 6);
    for ((reference, &row), &centre) in references.iter().zip(&rows).zip(&centres) {
        let style = TextStyle::centred(VALUE_PX, reference.colour).anchored(HPos::Left);
        canvas.halo_text(&reference.name, (plot.right + 8, centre - 7), style);
        canvas.halo_text(
            &reference.text,
            (plot.right + 8, centre + 7),
            style.bold(true),
        );
        if reference.off_scale {
            canvas.tooltip_rect(
                (plot.right, centre - 14),
                (canvas.width, centre + 14),
                &reference.tooltip,
            );
            continue;
        }
        canvas.dashed(
            vec![(plot.left, row), (plot.right, row)],
            reference.colour,
            2,
        );
        canvas.tooltip_rect(
            (plot.left, row - 3),
            (plot.right, row + 3),
            &reference.tooltip,
        );
    }
}
