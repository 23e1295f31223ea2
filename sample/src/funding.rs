//! The money of one evaluation: the year-start budget (a random walk per region and fund), the
//! 项目资金 block (current appropriation, sometimes carried-over or other funds, mid-year cuts
//! and additions, execution mostly 85–100%), and the sub-project allocations of section 四(一),
//! which add up to the executed amount.
//!
//! Amounts are handled in hundredths of 万元 (integers) and become decimals at the edge.

use fundlens_shared::model::{Allocation, Funding, FundingRow};
use fundlens_shared::value::{Money, Percent, Weight};
use rust_decimal::Decimal;

use super::Scale;
use super::performance::Performance;
use super::programs::{Line, Program};
use super::regions::Place;
use super::rng::{Rng, Stream};
use super::structure::Layout;

/// Province-wide budget climate per year from 2016: tight in 2020 and 2023.
const CLIMATE: [f64; 10] = [0.0, 0.02, 0.03, 0.02, -0.08, 0.0, -0.03, -0.05, 0.0, 0.01];

/// After a weak or poor year (graded 中 or 差 as a rule), the share of next budgets cut, and
/// the share kept as they were; the rest walk as usual (some of them up): budgets answer the
/// evaluation often, not always, as 财预〔2020〕10号's "as circumstances require" has it.
const CUT_AFTER_WEAK: f64 = 0.5;
const KEPT_AFTER_WEAK: f64 = 0.2;

/// The year-start budget of a region's fund in `year`, 万元, before rounding: the fund's size
/// walked from 2016 (or the fund's first year) with the region's drift and the year's climate,
/// and after a weak or poor year (`performance_of` the year before) often cut or held.
pub(super) fn budget_level(
    seed: u64,
    scale: Scale,
    (place_index, place): (usize, &Place),
    (program_index, program): (usize, &Program),
    layout: &Layout,
    (year, performance_of): (i32, &dyn Fn(i32) -> Performance),
) -> f64 {
    let mut level = program.budget * place.budget_scale() * layout.budget_factor;
    let parts = |year: i32| {
        [
            place_index as u64,
            (program_index as u64) << 1 | scale as u64,
            year as u64,
        ]
    };
    for walked in program.since.max(2016) + 1..=year {
        let climate = CLIMATE
            .get((walked - 2016) as usize)
            .copied()
            .unwrap_or_default();
        if performance_of(walked - 1) != Performance::Strong {
            let mut answer = Rng::keyed(seed, Stream::Response, parts(walked));
            let draw = answer.unit();
            if draw < CUT_AFTER_WEAK {
                level *= 1.0 - answer.between(0.08, 0.25);
                continue;
            }
            if draw < CUT_AFTER_WEAK + KEPT_AFTER_WEAK {
                continue;
            }
        }
        let shock = Rng::keyed(seed, Stream::Budget, parts(walked)).normal();
        level *= 1.0 + place.budget_drift() + climate + 0.06 * shock;
    }
    level.max(5.0)
}

/// The money of one evaluation.
#[derive(Debug, Clone)]
pub(super) struct Spending {
    /// The 项目资金 block, without the declared execution score (set once scores are settled).
    pub(super) funding: Funding,
    /// 年初预算数 of the total, 万元.
    pub(super) year_start: Decimal,
    /// 全年预算数 of the total, 万元.
    pub(super) budget: Decimal,
    /// 全年执行数 of the total, 万元.
    pub(super) executed: Decimal,
    /// One allocation per chosen line; they add up to `executed`.
    pub(super) allocations: Vec<Allocation>,
}

/// Rounds a budget level the way budgets are written: tens above 1,000 万元, whole 万元 above
/// 50, tenths below. Returns hundredths.
fn budget_cents(level: f64) -> i64 {
    let step = if level >= 1000.0 {
        1000
    } else if level >= 50.0 {
        100
    } else {
        10
    };
    ((level * 100.0 / step as f64).round() as i64 * step).max(step)
}

fn cents(amount: f64) -> i64 {
    (amount * 100.0).round() as i64
}

fn money(cents: i64) -> Money {
    Money::new(Decimal::new(cents.max(0), 2)).unwrap_or_default()
}

fn decimal(cents: i64) -> Decimal {
    Decimal::new(cents, 2)
}

/// A funding row in hundredths; `None` cells stay empty.
fn row(year_start: Option<i64>, full_year: Option<i64>, executed: Option<i64>) -> FundingRow {
    FundingRow {
        year_start_budget: year_start.map(money),
        full_year_budget: full_year.map(money),
        executed: executed.map(money),
    }
}

/// The funding block and allocations for a year-start budget level.
pub(super) fn spend(
    rng: &mut Rng,
    level: f64,
    lines: &[&Line],
    shares: &[f64],
    performance: Performance,
    over_execute: bool,
) -> Spending {
    let current_start = budget_cents(level);
    let adjustment = rng.unit();
    let factor = if adjustment < 0.72 {
        1.0
    } else if adjustment < 0.88 {
        rng.between(0.7, 0.97)
    } else {
        rng.between(1.03, 1.3)
    };
    let current_full = cents(current_start as f64 / 100.0 * factor);
    let carried = rng
        .chance(0.25)
        .then(|| cents(current_start as f64 / 100.0 * rng.between(0.05, 0.3)).max(1));
    let other = rng
        .chance(0.1)
        .then(|| (cents(current_start as f64 / 100.0 * rng.between(0.05, 0.2)) / 10 * 10).max(10));
    let rate = if over_execute {
        rng.between(1.01, 1.06)
    } else {
        performance.execution_rate(rng, factor < 1.0)
    };
    let spent = |amount: i64| cents(amount as f64 / 100.0 * rate);
    let current_spent = spent(current_full);
    let carried_spent = carried.map(|amount| if rate >= 0.85 { amount } else { spent(amount) });
    let other_spent = other.map(spent);

    let total_start = current_start + other.unwrap_or(0);
    let total_full = current_full + carried.unwrap_or(0) + other.unwrap_or(0);
    let total_spent = current_spent + carried_spent.unwrap_or(0) + other_spent.unwrap_or(0);
    let declared_rate = if total_full > 0 {
        let per_mille = (total_spent as f64 * 1000.0 / total_full as f64).round() as i64;
        Some(Percent::new(Decimal::new(per_mille, 1)))
    } else {
        None
    };
    let funding = Funding {
        total: row(Some(total_start), Some(total_full), Some(total_spent)),
        current_appropriation: row(Some(current_start), Some(current_full), Some(current_spent)),
        carried_over: carried.map_or_else(FundingRow::default, |amount| {
            row(None, Some(amount), carried_spent)
        }),
        other: other.map_or_else(FundingRow::default, |amount| {
            row(Some(amount), Some(amount), other_spent)
        }),
        weight: Weight::new(Decimal::TEN).unwrap_or_default(),
        declared_rate,
        declared_score: None,
    };
    let amounts = split_amount(rng, total_spent, shares);
    let allocations = lines
        .iter()
        .zip(amounts)
        .map(|(line, amount)| Allocation {
            name: line.name.clone(),
            category: Some(line.category.to_owned()),
            amount: money(amount),
            purpose: Some(line.purpose.clone()),
            recipient_region: None,
        })
        .collect();
    Spending {
        funding,
        year_start: decimal(total_start),
        budget: decimal(total_full),
        executed: decimal(total_spent),
        allocations,
    }
}

/// Splits `total` hundredths by `shares` (varied a little this year): round amounts for every
/// line but the last, which takes the remainder, as reports list them.
fn split_amount(rng: &mut Rng, total: i64, shares: &[f64]) -> Vec<i64> {
    let count = shares.len().max(1) as i64;
    let shares: Vec<f64> = shares.iter().map(|s| s * rng.between(0.8, 1.2)).collect();
    let sum: f64 = shares.iter().sum::<f64>().max(f64::MIN_POSITIVE);
    let step = if total >= 10_000 * count {
        100
    } else if total >= 1_000 * count {
        10
    } else {
        1
    };
    let mut amounts: Vec<i64> = shares[..shares.len().saturating_sub(1)]
        .iter()
        .map(|share| ((total as f64 * share / sum / step as f64).round() as i64 * step).max(step))
        .collect();
    let rest = total - amounts.iter().sum::<i64>();
    if rest > 0 {
        amounts.push(rest);
        return amounts;
    }
    let even = total / count;
    let mut amounts = vec![even; count as usize];
    if let Some(last) = amounts.last_mut() {
        *last += total - even * count;
    }
    amounts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::programs::Line;

    fn lines(count: usize) -> Vec<Line> {
        (0..count)
            .map(|i| Line {
                name: format!("子项目{i}"),
                category: "类别",
                purpose: "用途".to_owned(),
            })
            .collect()
    }

    #[test]
    fn parts_add_up_and_allocations_match_the_executed_amount() {
        let lines = lines(5);
        let refs: Vec<&Line> = lines.iter().collect();
        let shares = [1.0, 0.5, 1.5, 0.8, 1.2];
        for seed in 0..2_000 {
            let mut rng = Rng::new(seed);
            let level = rng.between(3.0, 5_000.0);
            let performance = if seed % 7 == 0 {
                Performance::Poor
            } else {
                Performance::Strong
            };
            let spending = spend(&mut rng, level, &refs, &shares, performance, seed % 50 == 0);
            let funding = &spending.funding;
            let parts = |cell: fn(&FundingRow) -> Option<Money>| -> Decimal {
                funding
                    .parts()
                    .iter()
                    .filter_map(|(_, row)| cell(row))
                    .map(Money::value)
                    .sum()
            };
            assert_eq!(parts(|r| r.year_start_budget), spending.year_start);
            assert_eq!(parts(|r| r.full_year_budget), spending.budget);
            assert_eq!(parts(|r| r.executed), spending.executed);
            let allocated: Decimal = spending.allocations.iter().map(|a| a.amount.value()).sum();
            assert_eq!(allocated, spending.executed);
            assert!(
                spending
                    .allocations
                    .iter()
                    .all(|a| a.amount.value() > Decimal::ZERO)
            );
        }
    }
}
