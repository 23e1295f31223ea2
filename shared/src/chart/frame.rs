//! What line and bar charts share: the plot rectangle, grid lines with tick labels, the axis
//! caption and the category labels under the plot.

use plotters::style::text_anchor::HPos;

use super::canvas::{Canvas, TextStyle, rgb};
use super::layout::{LABEL_PX, VALUE_PX, common_size, ellipsize, text_width, wrap};
use super::scale::Axis;
use super::{AXIS_COLOUR, GRID_COLOUR, MUTED_TEXT_COLOUR, TEXT_COLOUR};

/// The left margin before the first tick label.
pub(super) const MARGIN: i32 = 12;

/// The rectangle values are plotted in, in pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Plot {
    pub(super) left: i32,
    pub(super) right: i32,
    pub(super) top: i32,
    pub(super) bottom: i32,
}

impl Plot {
    /// The pixel row of `value` on `axis`.
    pub(super) fn y(&self, axis: &Axis, value: rust_decimal::Decimal) -> i32 {
        axis.y(value, self.top, self.bottom)
    }

    /// The centre of each of `count` equal slots across the plot.
    pub(super) fn centres(&self, count: usize) -> Vec<i32> {
        let slot = self.slot(count);
        (0..count)
            .map(|index| self.left + (slot * (index as f64 + 0.5)).round() as i32)
            .collect()
    }

    /// The width of one of `count` equal slots.
    pub(super) fn slot(&self, count: usize) -> f64 {
        f64::from(self.right - self.left) / count.max(1) as f64
    }
}

/// The left edge of the plot: room for the widest tick label.
pub(super) fn plot_left(axis: &Axis) -> i32 {
    let widest = axis
        .ticks
        .iter()
        .map(|(_, label)| text_width(label, VALUE_PX))
        .max()
        .unwrap_or(0);
    MARGIN + widest + 8
}

/// How many grid intervals suit a chart `height` pixels high: about one per 45 pixels of plot.
pub(super) fn target_ticks(height: i32) -> u32 {
    u32::try_from((height - 140) / 45).unwrap_or(0).clamp(3, 6)
}

/// The axis caption, left-aligned above the tick labels with its centre at `y`; returns the
/// y below it.
pub(super) fn draw_caption(canvas: &mut Canvas<'_>, caption: &str, y: i32) -> i32 {
    if caption.is_empty() {
        return y;
    }
    let available = canvas.width - 2 * MARGIN;
    let (text, px) = super::layout::fit_line(caption, available, &[VALUE_PX]);
    let style = TextStyle::centred(px, rgb(MUTED_TEXT_COLOUR)).anchored(HPos::Left);
    canvas.text(&text, (MARGIN, y + 7), style);
    y + 16
}

/// Grid lines with their tick labels (thinned where the plot is too short for all), the base line, and a stronger zero line when the axis
/// crosses zero.
pub(super) fn draw_grid(canvas: &mut Canvas<'_>, axis: &Axis, plot: Plot) {
    let label_style = TextStyle::centred(VALUE_PX, rgb(MUTED_TEXT_COLOUR)).anchored(HPos::Right);
    let mut last_label: Option<i32> = None;
    for (value, label) in &axis.ticks {
        let y = plot.y(axis, *value);
        canvas.line(vec![(plot.left, y), (plot.right, y)], rgb(GRID_COLOUR), 1);
        // On a short plot, a tick too close to the one labelled before it keeps its grid line
        // only.
        if last_label.is_none_or(|last| last - y >= LINE_HEIGHT) {
            canvas.text(label, (plot.left - 8, y), label_style);
            last_label = Some(y);
        }
    }
    canvas.line(
        vec![(plot.left, plot.bottom), (plot.right, plot.bottom)],
        rgb(AXIS_COLOUR),
        1,
    );
    if axis.crosses_zero() {
        let zero = plot.y(axis, rust_decimal::Decimal::ZERO);
        canvas.line(
            vec![(plot.left, zero), (plot.right, zero)],
            rgb(AXIS_COLOUR),
            1,
        );
    }
}

/// What to do with category labels too wide for their slot even when wrapped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Narrow {
    /// Turn every label to read bottom to top.
    Upright,
    /// Label every n-th category only.
    Sparse,
}

/// The category labels under the plot, laid out for slots `slot` pixels wide.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum XLabels {
    /// Horizontal labels, each one or more lines.
    Rows { px: u32, lines: Vec<Vec<String>> },
    /// Labels reading bottom to top, hanging from the axis.
    Upright { px: u32, texts: Vec<String> },
    /// Horizontal labels under every `every`-th category only.
    Sparse {
        px: u32,
        every: usize,
        texts: Vec<String>,
    },
}

const LINE_HEIGHT: i32 = 15;

impl XLabels {
    /// Lays out `categories` for slots `slot` pixels wide, wrapping to `max_lines` at most.
    pub(super) fn new(categories: &[String], slot: f64, max_lines: usize, narrow: Narrow) -> Self {
        let room = (slot.floor() as i32 - 4).max(1);
        let texts = || categories.iter().map(|text| text.trim());
        if let Some(px) = common_size(texts(), room, &[LABEL_PX, VALUE_PX]) {
            let lines = texts().map(|text| vec![text.to_owned()]).collect();
            return Self::Rows { px, lines };
        }
        // Wrapped: the size needing the fewest lines in all, the larger on a tie; not when
        // labels would average more than one and a half lines.
        let wrapped = [LABEL_PX, VALUE_PX]
            .into_iter()
            .filter(|&px| max_lines > 1 && room >= 2 * text_width("中", px))
            .map(|px| {
                let lines: Vec<Vec<String>> = texts()
                    .map(|text| wrap(text, room, px, max_lines))
                    .collect();
                (lines.iter().map(Vec::len).sum::<usize>(), px, lines)
            })
            .filter(|(total, _, _)| 2 * *total <= 3 * categories.len())
            .min_by_key(|(total, px, _)| (*total, std::cmp::Reverse(*px)));
        if let Some((_, px, lines)) = wrapped {
            return Self::Rows { px, lines };
        }
        match narrow {
            Narrow::Upright => Self::Upright {
                px: VALUE_PX,
                texts: texts().map(|text| fit(text, 96, VALUE_PX)).collect(),
            },
            Narrow::Sparse => {
                let widest = texts()
                    .map(|text| text_width(text, VALUE_PX))
                    .max()
                    .unwrap_or(0);
                let every = ((f64::from(widest + 8) / slot.max(1.0)).ceil() as usize).max(1);
                let room = ((slot * every as f64).floor() as i32 - 8).max(1);
                Self::Sparse {
                    px: VALUE_PX,
                    every,
                    texts: texts().map(|text| fit(text, room, VALUE_PX)).collect(),
                }
            }
        }
    }

    /// The height the labels take under the plot.
    pub(super) fn height(&self) -> i32 {
        match self {
            Self::Rows { lines, .. } => {
                let rows = lines.iter().map(Vec::len).max().unwrap_or(1).max(1);
                i32::try_from(rows).unwrap_or(1) * LINE_HEIGHT
            }
            Self::Upright { px, texts } => {
                texts
                    .iter()
                    .map(|text| text_width(text, *px))
                    .max()
                    .unwrap_or(0)
                    + 4
            }
            Self::Sparse { .. } => LINE_HEIGHT,
        }
    }

    /// Draws the labels under the slots centred at `centres`, starting at row `top`.
    pub(super) fn draw(&self, canvas: &mut Canvas<'_>, centres: &[i32], top: i32) {
        let colour = rgb(TEXT_COLOUR);
        match self {
            Self::Rows { px, lines } => {
                let style = TextStyle::centred(*px, colour);
                for (lines, &x) in lines.iter().zip(centres) {
                    for (row, line) in (0..).zip(lines) {
                        canvas.text(line, (x, top + LINE_HEIGHT / 2 + row * LINE_HEIGHT), style);
                    }
                }
            }
            Self::Upright { px, texts } => {
                let style = TextStyle::centred(*px, colour)
                    .anchored(HPos::Right)
                    .upright(true);
                for (text, &x) in texts.iter().zip(centres) {
                    canvas.text(text, (x, top), style);
                }
            }
            Self::Sparse { px, every, texts } => {
                let style = TextStyle::centred(*px, colour);
                for (text, &x) in texts.iter().zip(centres).step_by(*every) {
                    canvas.text(text, (x, top + LINE_HEIGHT / 2), style);
                }
            }
        }
    }
}

/// `text` whole when it fits in `room`, else shortened with `…`.
fn fit(text: &str, room: i32, px: u32) -> String {
    if text_width(text, px) <= room {
        text.to_owned()
    } else {
        ellipsize(text, room, px)
    }
}
