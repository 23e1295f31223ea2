//! Line charts: one coloured line per series over shared x labels, an optional dashed
//! benchmark, a legend when there is more than one line, and each value beside its point.

use plotters::prelude::RGBColor;
use plotters::style::text_anchor::HPos;
use rust_decimal::Decimal;

use super::canvas::{About, Canvas, Px, TextStyle, draw_empty, draw_title, render, rgb};
use super::frame::{
    MARGIN, Narrow, Plot, XLabels, draw_caption, draw_grid, plot_left, target_ticks,
};
use super::layout::{LABEL_PX, VALUE_PX, common_size, fit_line, spread, text_width};
use super::scale::Axis;
use super::{BENCHMARK_COLOUR, LineChart, SERIES_COLOURS, Series};

/// Dot radius in pixels.
const DOT: u32 = 3;
const DOT_PX: i32 = DOT as i32;
/// Legend row height.
const LEGEND_ROW: i32 = 20;

/// `chart` as an SVG document.
pub(super) fn draw(chart: &LineChart, width: u32, height: u32) -> String {
    let desc = describe(chart);
    let about = About::new(&chart.title, &desc, &chart.mark);
    render(width, height, about, |canvas| draw_on(canvas, chart))
}

/// The chart in words for `<desc>`: its lines and the span of its categories.
fn describe(chart: &LineChart) -> String {
    let all: Vec<&Series> = chart.series.iter().chain(&chart.benchmark).collect();
    let names: Vec<&str> = all.iter().map(|series| series.name.trim()).collect();
    let categories = categories(all.iter().map(|series| series.points.as_slice()));
    let span = match (categories.first(), categories.last()) {
        (Some(first), Some(last)) if first != last => format!("，{first}至{last}"),
        (Some(only), _) => format!("，{only}"),
        _ => String::new(),
    };
    format!("折线图：{}{span}。", names.join("、"))
}

/// One line as drawn: its points placed on the category axis.
#[derive(Debug)]
struct Line<'a> {
    name: &'a str,
    colour: RGBColor,
    benchmark: bool,
    points: Vec<(usize, Option<Decimal>)>,
}

/// A value label waiting for its place.
#[derive(Debug)]
struct Label {
    category: usize,
    /// Which line the label belongs to (its own segments may pass under it).
    line: usize,
    point: Px,
    text: String,
    colour: RGBColor,
    /// The point is a trough of its line, so the label goes under it.
    below: bool,
}

fn draw_on(canvas: &mut Canvas<'_>, chart: &LineChart) {
    let all_series: Vec<&Series> = chart.series.iter().chain(&chart.benchmark).collect();
    let categories = categories(all_series.iter().map(|series| series.points.as_slice()));
    let lines: Vec<Line<'_>> = chart
        .series
        .iter()
        .zip(SERIES_COLOURS.iter().cycle())
        .map(|(series, colour)| place(series, rgb(colour), false, &categories))
        .chain(
            chart
                .benchmark
                .iter()
                .map(|series| place(series, rgb(BENCHMARK_COLOUR), true, &categories)),
        )
        .collect();
    let values: Vec<Decimal> = lines
        .iter()
        .flat_map(|line| line.points.iter().filter_map(|(_, value)| *value))
        .collect();
    // A line tells a change over the years: its axis starts near the data, money and counts
    // too (1.95 to 2.42 亿元 drawn from zero would look flat), and the caption says where.
    let target = target_ticks(canvas.height);
    let Some(mut axis) = Axis::new(&values, &chart.unit, &chart.y_label, false, target) else {
        draw_empty(canvas, &chart.title);
        return;
    };
    axis.name_baseline();

    let left = plot_left(&axis);
    let right = canvas.width - 24;
    let slot = f64::from(right - left) / categories.len().max(1) as f64;
    let x_labels = XLabels::new(&categories, slot, 2, Narrow::Sparse);

    let mut y = draw_title(canvas, &chart.title);
    if lines.len() > 1 {
        y = draw_legend(canvas, &lines, y);
    }
    y = draw_caption(canvas, &axis.caption, y);
    let top = y + 18;
    let bottom = (canvas.height - 10 - x_labels.height() - 8).max(top + 20);
    let plot = Plot {
        left,
        right,
        top,
        bottom,
    };
    draw_grid(canvas, &axis, plot);
    let centres = plot.centres(categories.len());
    x_labels.draw(canvas, &centres, plot.bottom + 8);

    let mut labels = Vec::new();
    let mut segments: Vec<Segment> = Vec::new();
    for (line_index, line) in lines
        .iter()
        .filter(|line| line.benchmark)
        .chain(lines.iter().filter(|line| !line.benchmark))
        .enumerate()
    {
        let placed: Vec<(usize, Option<Px>)> = line
            .points
            .iter()
            .map(|&(category, value)| {
                let at = value.map(|value| (centres[category], plot.y(&axis, value)));
                (category, at)
            })
            .collect();
        for run in placed.split(|(_, at)| at.is_none()) {
            let points: Vec<Px> = run.iter().filter_map(|(_, at)| *at).collect();
            segments.extend(points.windows(2).map(|pair| Segment {
                line: line_index,
                from: pair[0],
                to: pair[1],
            }));
            if line.benchmark {
                canvas.dashed(points, line.colour, 2);
            } else {
                canvas.line(points, line.colour, 2);
            }
        }
        for (index, (&(category, value), &(_, at))) in line.points.iter().zip(&placed).enumerate() {
            let (Some(value), Some(at)) = (value, at) else {
                continue;
            };
            let neighbours = [index.checked_sub(1), Some(index + 1)]
                .into_iter()
                .flatten()
                .filter_map(|neighbour| placed.get(neighbour).and_then(|(_, at)| *at));
            let mut neighbours = neighbours.peekable();
            let below = neighbours.peek().is_some() && neighbours.all(|(_, y)| y + 4 < at.1);
            canvas.dot(at, DOT, line.colour, line.benchmark);
            let text = chart.unit.format(value);
            let tooltip = if line.name.trim().is_empty() {
                format!("{}：{text}", categories[category])
            } else {
                format!("{} {}：{text}", line.name.trim(), categories[category])
            };
            canvas.tooltip_circle(at, 9, &tooltip);
            labels.push(Label {
                category,
                line: line_index,
                point: at,
                text,
                colour: line.colour,
                below,
            });
        }
    }
    draw_value_labels(canvas, &labels, &segments, plot, slot);
}

/// One straight piece of a drawn line, in pixels.
#[derive(Debug, Clone, Copy)]
struct Segment {
    line: usize,
    from: Px,
    to: Px,
}

impl Segment {
    /// Whether the segment passes through the box `left..right` × `top..bottom`.
    fn crosses(&self, (left, right): (i32, i32), (top, bottom): (i32, i32)) -> bool {
        let ((x0, y0), (x1, y1)) = if self.from.0 <= self.to.0 {
            (self.from, self.to)
        } else {
            (self.to, self.from)
        };
        let (from, to) = (x0.max(left), x1.min(right));
        if from > to {
            return false;
        }
        let y_at = |x: i32| {
            if x1 == x0 {
                f64::from(y0)
            } else {
                f64::from(y0) + f64::from(y1 - y0) * f64::from(x - x0) / f64::from(x1 - x0)
            }
        };
        let (a, b) = (y_at(from), y_at(to));
        a.min(b) <= f64::from(bottom) && a.max(b) >= f64::from(top)
    }
}

/// The x labels of all series, each once: in the first series' order, a label only a later
/// series has going before the next label that series shares, or at the end. When every label
/// is a number (`2022`, `2022年`) they are sorted.
fn categories<'a>(series: impl Iterator<Item = &'a [(String, Option<Decimal>)]>) -> Vec<String> {
    let mut merged: Vec<String> = Vec::new();
    for points in series {
        let mut previous: Option<usize> = None;
        for (index, (label, _)) in points.iter().enumerate() {
            if let Some(position) = merged.iter().position(|known| known == label) {
                previous = Some(position);
                continue;
            }
            let successor = points[index + 1..]
                .iter()
                .find_map(|(next, _)| merged.iter().position(|known| known == next));
            let at = match (successor, previous) {
                (Some(successor), Some(previous)) if successor <= previous => previous + 1,
                (Some(successor), _) => successor,
                (None, _) => merged.len(),
            };
            merged.insert(at, label.clone());
            previous = Some(at);
        }
    }
    let numbers: Option<Vec<Decimal>> = merged
        .iter()
        .map(|label| label.trim().trim_end_matches('年').parse::<Decimal>().ok())
        .collect();
    if let Some(numbers) = numbers {
        let mut keyed: Vec<(Decimal, String)> = numbers.into_iter().zip(merged).collect();
        keyed.sort_by_key(|(number, _)| *number);
        merged = keyed.into_iter().map(|(_, label)| label).collect();
    }
    merged
}

/// `series` with each point's label replaced by its category index.
fn place<'a>(
    series: &'a Series,
    colour: RGBColor,
    benchmark: bool,
    categories: &[String],
) -> Line<'a> {
    let points = series
        .points
        .iter()
        .filter_map(|(label, value)| {
            let category = categories.iter().position(|known| known == label)?;
            Some((category, *value))
        })
        .collect();
    Line {
        name: &series.name,
        colour,
        benchmark,
        points,
    }
}

/// The legend under the title: a line sample and the name per line, wrapped into centred rows.
/// Returns the y below it.
fn draw_legend(canvas: &mut Canvas<'_>, lines: &[Line<'_>], top: i32) -> i32 {
    const SAMPLE: i32 = 20;
    const GAP: i32 = 18;
    let available = canvas.width - 2 * MARGIN;
    let entries: Vec<(String, i32, &Line<'_>)> = lines
        .iter()
        .map(|line| {
            let (name, _) = fit_line(
                line.name.trim(),
                (available - SAMPLE - 6).min(220),
                &[LABEL_PX],
            );
            let width = SAMPLE + 6 + text_width(&name, LABEL_PX);
            (name, width, line)
        })
        .collect();
    let mut rows: Vec<Vec<&(String, i32, &Line<'_>)>> = vec![Vec::new()];
    let mut row_width = 0;
    for entry in &entries {
        let needed = if row_width == 0 {
            entry.1
        } else {
            row_width + GAP + entry.1
        };
        if needed > available && row_width > 0 {
            rows.push(Vec::new());
            row_width = entry.1;
        } else {
            row_width = needed;
        }
        if let Some(row) = rows.last_mut() {
            row.push(entry);
        }
    }
    let style = TextStyle::centred(LABEL_PX, rgb(super::TEXT_COLOUR)).anchored(HPos::Left);
    let mut y = top;
    for row in rows {
        let width: i32 = row.iter().map(|entry| entry.1).sum::<i32>()
            + GAP * (i32::try_from(row.len()).unwrap_or(1) - 1).max(0);
        let mut x = (canvas.width - width) / 2;
        let middle = y + LEGEND_ROW / 2;
        for (name, entry_width, line) in row {
            let sample = vec![(x, middle), (x + SAMPLE, middle)];
            if line.benchmark {
                canvas.dashed(sample, line.colour, 2);
            } else {
                canvas.line(sample, line.colour, 2);
            }
            canvas.dot((x + SAMPLE / 2, middle), DOT, line.colour, line.benchmark);
            canvas.text(name, (x + SAMPLE + 6, middle), style);
            x += entry_width + GAP;
        }
        y += LEGEND_ROW;
    }
    y + 4
}

/// Label geometry shared by the placement steps.
#[derive(Debug, Clone, Copy)]
struct Metrics {
    /// Label text size.
    px: u32,
    /// Label line height.
    height: i32,
    /// Distance from a point to the centre of a label right above or below it.
    offset: i32,
    /// Labels may rise this far above the plot, into the room left for them.
    top: i32,
    bottom: i32,
}

/// Writes the values beside their points, category by category, labels in the order of their
/// points from top to bottom:
/// 1. above each point (below a trough), or right on the other side when that would cover a
///    label or point of the same category or another line;
/// 2. failing that, when the slot is wide enough, as a column beside the points (one another
///    line crosses there is left out);
/// 3. failing that, each where it fits, and a label that fits nowhere is left out (the table
///    view keeps every number): no label sits on another or under another line.
///
/// When labels are wider than a slot, every other category swaps sides so neighbours do not
/// collide.
fn draw_value_labels(
    canvas: &mut Canvas<'_>,
    labels: &[Label],
    segments: &[Segment],
    plot: Plot,
    slot: f64,
) {
    let room = (slot.floor() as i32 - 4).max(1);
    let texts = labels.iter().map(|label| label.text.as_str());
    let px = VALUE_PX;
    let crowded = common_size(texts, room, &[px]).is_none();
    let height = i32::try_from(px).unwrap_or(11) + 3;
    let metrics = Metrics {
        px,
        height,
        offset: height / 2 + DOT_PX + 2,
        top: plot.top - 18,
        bottom: plot.bottom + 2,
    };
    let widest = labels
        .iter()
        .map(|label| text_width(&label.text, px))
        .max()
        .unwrap_or(0);
    let column_fits = slot >= f64::from(widest) * 1.5 + f64::from(DOT_PX) + 12.0;
    let categories = labels
        .iter()
        .map(|label| label.category)
        .max()
        .map_or(0, |max| max + 1);
    for category in 0..categories {
        let mut here: Vec<&Label> = labels
            .iter()
            .filter(|label| label.category == category)
            .collect();
        here.sort_by_key(|label| label.point.1);
        let swap = crowded && category % 2 == 1;
        let placed = stack(&here, segments, metrics, swap);
        if placed.iter().all(Option::is_some) || !column_fits {
            for (label, centre) in here.iter().zip(placed) {
                if let Some(centre) = centre {
                    let style = TextStyle::centred(px, label.colour);
                    canvas.halo_text(&label.text, (label.point.0, centre), style);
                }
            }
        } else {
            let rows: Vec<i32> = here.iter().map(|label| label.point.1).collect();
            let centres = spread(
                &rows,
                height,
                metrics.top + height / 2,
                metrics.bottom - height / 2,
            );
            let leftwards = category + 1 == categories && categories > 1;
            for (label, centre) in here.iter().zip(centres) {
                let width = text_width(&label.text, px);
                let (x, anchor, span) = if leftwards {
                    let x = label.point.0 - DOT_PX - 5;
                    (x, HPos::Right, (x - width - 1, x + 1))
                } else {
                    let x = label.point.0 + DOT_PX + 5;
                    (x, HPos::Left, (x - 1, x + width + 1))
                };
                let rows = (centre - height / 2, centre + height / 2);
                let under_a_line = segments
                    .iter()
                    .any(|segment| segment.line != label.line && segment.crosses(span, rows));
                if !under_a_line {
                    let style = TextStyle::centred(px, label.colour).anchored(anchor);
                    canvas.halo_text(&label.text, (x, centre), style);
                }
            }
        }
    }
}

/// Label centres for the points of one category (sorted top to bottom), keeping the labels in
/// the points' order: each goes right above its point (below a trough) or right below it,
/// clear of the other labels and points of the category and of the other lines' segments;
/// `None` for a label that fits neither side.
fn stack(here: &[&Label], segments: &[Segment], metrics: Metrics, swap: bool) -> Vec<Option<i32>> {
    let Metrics {
        px,
        height,
        offset,
        top,
        bottom,
    } = metrics;
    let points: Vec<i32> = here.iter().map(|label| label.point.1).collect();
    let mut last: Option<i32> = None;
    here.iter()
        .map(|label| {
            let (x, y) = label.point;
            let half = text_width(&label.text, px) / 2 + 1;
            let floor = last.map_or(i32::MIN, |last| last + height);
            let fits = |centre: i32| {
                let rows = (centre - height / 2, centre + height / 2);
                centre >= floor
                    && rows.0 >= top
                    && rows.1 <= bottom
                    && points
                        .iter()
                        .all(|point| *point == y || (centre - point).abs() >= height / 2 + DOT_PX)
                    && !segments.iter().any(|segment| {
                        segment.line != label.line && segment.crosses((x - half, x + half), rows)
                    })
            };
            let (above, below) = (y - offset, y + offset);
            let candidates = if label.below != swap {
                [below, above]
            } else {
                [above, below]
            };
            let centre = candidates.into_iter().find(|&centre| fits(centre));
            if centre.is_some() {
                last = centre;
            }
            centre
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn series(labels: &[&str]) -> Vec<(String, Option<Decimal>)> {
        labels
            .iter()
            .map(|label| ((*label).to_owned(), None))
            .collect()
    }

    #[test]
    fn categories_merge_in_order() {
        let a = series(&["2021", "2022", "2023"]);
        let b = series(&["2020", "2021", "2024"]);
        let merged = categories([a.as_slice(), b.as_slice()].into_iter());
        assert_eq!(merged, ["2020", "2021", "2022", "2023", "2024"]);

        let a = series(&["2023年", "2021年"]);
        let b = series(&["2022年"]);
        let merged = categories([a.as_slice(), b.as_slice()].into_iter());
        assert_eq!(merged, ["2021年", "2022年", "2023年"]);

        let a = series(&["一季度", "二季度", "四季度"]);
        let b = series(&["二季度", "三季度", "四季度", "全年"]);
        let merged = categories([a.as_slice(), b.as_slice()].into_iter());
        assert_eq!(merged, ["一季度", "二季度", "三季度", "四季度", "全年"]);
    }
}
