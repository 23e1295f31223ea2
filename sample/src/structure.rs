//! The shape of one region's fund, stable from year to year as a bureau's forms are: which
//! indicators it reports, their weights, which sub-project lines it funds, how large it is,
//! and the form's quirks (效益指标 40 with satisfaction inside, `生态指标`).
//!
//! Weights follow the national default: 产出 50, 效益 30, 满意度 10 (plus execution 10); each
//! group's level-3 weights add up to it, in multiples of 5 where the row count allows.

use super::Scale;
use super::programs::Program;
use super::rng::{Rng, Stream};
use super::templates::{self, Form, Level2, Template};
use super::topics::Kind;

/// One indicator row of the form, as every year of this fund writes it.
#[derive(Debug, Clone, Copy)]
pub(super) struct Slot {
    /// Level-2 group.
    pub(super) group: Level2,
    /// Name and target form.
    pub(super) template: Template,
    /// 分值.
    pub(super) weight: u32,
    /// This fund's target size against the template's typical one.
    pub(super) scale: f64,
}

/// The stable shape of one region's fund.
#[derive(Debug, Clone)]
pub(super) struct Layout {
    /// Indicator rows in form order.
    pub(super) slots: Vec<Slot>,
    /// Indices of the program's lines this fund pays, in order.
    pub(super) lines: Vec<usize>,
    /// Each chosen line's typical share of the money.
    pub(super) line_shares: Vec<f64>,
    /// The fund's size against the program's typical one.
    pub(super) budget_factor: f64,
    /// The seed's quirk: satisfaction rows under 效益指标, which then weighs 40.
    pub(super) satisfaction_in_benefit: bool,
    /// The seed's quirk: the ecological group written `生态指标`.
    pub(super) short_ecological: bool,
}

/// The stream that shapes the fund of `place` and `program` at `scale`.
pub(super) fn shape_rng(seed: u64, scale: Scale, place: usize, program: usize) -> Rng {
    Rng::keyed(
        seed,
        Stream::Structure,
        [place as u64, program as u64, scale as u64],
    )
}

/// The number of indicator rows: the first draw of the shape stream, so counts can be
/// predicted without building the layout.
pub(super) fn row_count(rng: &mut Rng) -> usize {
    10 + rng.below(11)
}

impl Layout {
    /// The shape of `program` in a region; `benchmarks` when the region has statistics of its
    /// own (so `≥全省平均水平` rows and 新入规企业 can refer to them).
    pub(super) fn new(mut rng: Rng, program: &Program, benchmarks: bool) -> Self {
        let total = row_count(&mut rng);
        let flagship = benchmarks && program.kind == Kind::Flagship;
        let line_count = rng.inclusive(2, program.lines.len().min(8));
        let lines = subset(&mut rng, program.lines.len(), line_count);
        let line_shares = lines.iter().map(|_| rng.between(0.4, 1.6)).collect();

        let satisfaction = if rng.chance(0.2) { 2 } else { 1 };
        let rest = total - satisfaction;
        let output = ((rest as f64 * rng.between(0.5, 0.65)).round() as usize).clamp(4, rest - 4);
        let benefit = rest - output;

        let quantity_pool = quantity_pool(&mut rng, program, flagship);
        let cost_pool = cost_pool(&mut rng, line_count);
        let economic_pool = economic_pool(&mut rng, flagship);
        let output_counts = spread(
            &mut rng,
            output,
            [1, 1, 1, 1],
            [
                quantity_pool.len(),
                templates::QUALITY.len(),
                3,
                cost_pool.len(),
            ],
            [3, 2, 1, 2],
        );
        let economic_minimum = if flagship && benefit >= 5 { 2 } else { 1 };
        let benefit_counts = spread(
            &mut rng,
            benefit,
            [economic_minimum, 1, 1, 1],
            [economic_pool.len(), templates::SOCIAL.len(), 3, 4],
            [3, 2, 1, 1],
        );

        let mut groups: Vec<(Level2, Vec<Template>, u32)> = vec![
            (Level2::Quantity, quantity_pool, 0),
            (Level2::Quality, shuffled(&mut rng, templates::QUALITY), 0),
            (
                Level2::Timeliness,
                shuffled(&mut rng, templates::TIMELINESS),
                0,
            ),
            (Level2::Cost, cost_pool, 0),
            (Level2::Economic, economic_pool, 0),
            (Level2::Social, shuffled(&mut rng, templates::SOCIAL), 0),
            (
                Level2::Ecological,
                shuffled(&mut rng, templates::ECOLOGICAL),
                0,
            ),
            (
                Level2::Sustainable,
                shuffled(&mut rng, templates::SUSTAINABLE),
                0,
            ),
            (
                Level2::Satisfaction,
                shuffled(&mut rng, templates::SATISFACTION),
                0,
            ),
        ];
        let counts = output_counts
            .into_iter()
            .chain(benefit_counts)
            .chain([satisfaction]);
        let mut slots = Vec::with_capacity(total);
        for ((group, pool, _), count) in groups.iter_mut().zip(counts) {
            for template in pool.iter().take(count) {
                slots.push(Slot {
                    group: *group,
                    template: *template,
                    weight: 0,
                    scale: rng.between(0.75, 1.3),
                });
            }
        }
        for (level1, points) in [
            (templates::Level1::Output, 50),
            (templates::Level1::Benefit, 30),
            (templates::Level1::Satisfaction, 10),
        ] {
            let members: Vec<usize> = (0..slots.len())
                .filter(|&i| slots[i].group.level1() == level1)
                .collect();
            for (index, weight) in members.iter().zip(split(&mut rng, points, members.len())) {
                slots[*index].weight = weight;
            }
        }
        Self {
            slots,
            lines,
            line_shares,
            budget_factor: rng.between(0.7, 1.4),
            satisfaction_in_benefit: rng.chance(0.08),
            short_ecological: rng.chance(0.15),
        }
    }
}

/// The program's own 数量 indicators first (新入规企业 leading a flagship's), then generic ones.
fn quantity_pool(rng: &mut Rng, program: &Program, flagship: bool) -> Vec<Template> {
    let own: Vec<Template> = program
        .counts
        .iter()
        .map(|&(name, unit, base)| Template {
            name,
            form: Form::Count { unit, base },
        })
        .collect();
    let mut pool = Vec::new();
    if flagship {
        pool.push(templates::NEW_ENTERPRISES);
    }
    pool.extend(shuffled(rng, &own));
    pool.extend(shuffled(rng, templates::QUANTITY));
    pool
}

/// Costs of some of the fund's lines (all of them when there is room), then the overrun rate.
fn cost_pool(rng: &mut Rng, lines: usize) -> Vec<Template> {
    let mut pool: Vec<Template> = (0..lines)
        .map(|line| Template {
            name: "",
            form: Form::LineCost(line),
        })
        .collect();
    let overrun = templates::COST[0];
    if rng.chance(0.3) {
        pool.insert(rng.below(pool.len()), overrun);
    } else {
        pool.push(overrun);
    }
    pool
}

/// A flagship's benchmark rows first (like the seed), then the others.
fn economic_pool(rng: &mut Rng, flagship: bool) -> Vec<Template> {
    let mut pool = if flagship {
        templates::BENCHMARKS.to_vec()
    } else {
        Vec::new()
    };
    pool.extend(shuffled(rng, templates::ECONOMIC));
    pool
}

/// A shuffled copy.
fn shuffled<T: Copy>(rng: &mut Rng, items: &[T]) -> Vec<T> {
    let mut items = items.to_vec();
    for i in (1..items.len()).rev() {
        items.swap(i, rng.below(i + 1));
    }
    items
}

/// `count` of `0..len`, in order.
fn subset(rng: &mut Rng, len: usize, count: usize) -> Vec<usize> {
    let mut chosen = shuffled(rng, &(0..len).collect::<Vec<_>>());
    chosen.truncate(count);
    chosen.sort_unstable();
    chosen
}

/// Spreads `total` rows over four groups: each its minimum, the rest by preference within caps.
fn spread(
    rng: &mut Rng,
    total: usize,
    minimum: [usize; 4],
    cap: [usize; 4],
    preference: [usize; 4],
) -> [usize; 4] {
    let mut counts = minimum;
    let mut left = total.saturating_sub(minimum.iter().sum());
    while left > 0 {
        let open: Vec<usize> = (0..4).filter(|&g| counts[g] < cap[g]).collect();
        if open.is_empty() {
            break;
        }
        let weight: usize = open.iter().map(|&g| preference[g]).sum();
        let mut draw = rng.below(weight);
        let group = open
            .iter()
            .copied()
            .find(|&g| {
                let hit = draw < preference[g];
                draw = draw.saturating_sub(preference[g]);
                hit
            })
            .unwrap_or(open[0]);
        counts[group] += 1;
        left -= 1;
    }
    counts
}

/// Splits `points` over `rows` rows, at least 1 each; in multiples of 5 when there are at most
/// `points / 5` rows, as forms usually do.
fn split(rng: &mut Rng, points: u32, rows: usize) -> Vec<u32> {
    let rows_u32 = rows as u32;
    if points.is_multiple_of(5) && rows > 1 && rows_u32 <= points / 5 {
        split_evenly(rng, points / 5, rows)
            .into_iter()
            .map(|units| units * 5)
            .collect()
    } else {
        split_evenly(rng, points, rows)
    }
}

/// Splits `units` over `rows` rows near-evenly, then moves a few units between rows.
fn split_evenly(rng: &mut Rng, units: u32, rows: usize) -> Vec<u32> {
    if rows == 0 {
        return Vec::new();
    }
    let rows_u32 = rows as u32;
    let mut weights = vec![units / rows_u32; rows];
    for _ in 0..units % rows_u32 {
        let index = rng.below(rows);
        weights[index] += 1;
    }
    for _ in 0..rows / 2 {
        let (from, to) = (rng.below(rows), rng.below(rows));
        if from != to && weights[from] > 2 {
            weights[from] -= 1;
            weights[to] += 1;
        }
    }
    weights
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::programs::catalogue;

    #[test]
    fn every_layout_covers_all_groups_and_weights_add_up() {
        for (index, program) in catalogue(Scale::Province).iter().enumerate() {
            for place in 0..20 {
                let rng = shape_rng(5, Scale::Province, place, index);
                let expected_rows = row_count(&mut rng.clone());
                let layout = Layout::new(rng, program, place % 2 == 0);
                assert_eq!(layout.slots.len(), expected_rows, "{}", program.name);
                assert!((10..=20).contains(&layout.slots.len()));
                let total: u32 = layout.slots.iter().map(|s| s.weight).sum();
                assert_eq!(total, 90, "{}", program.name);
                for group in [
                    Level2::Quantity,
                    Level2::Quality,
                    Level2::Timeliness,
                    Level2::Cost,
                    Level2::Economic,
                    Level2::Social,
                    Level2::Ecological,
                    Level2::Sustainable,
                    Level2::Satisfaction,
                ] {
                    assert!(layout.slots.iter().any(|s| s.group == group), "{group:?}");
                }
                assert!(layout.slots.iter().all(|s| s.weight >= 1));
                assert!(layout.lines.len() >= 2);
            }
        }
    }
}
