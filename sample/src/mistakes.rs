//! The mistakes real reports make, planted in about 7% of the records so the audit has
//! something to find: a declared score off by one, a missing deviation note, narrative
//! category scores swapped by a point (like the seed's 49/40 against the table's 50/39), sub-
//! project amounts that do not add up, a qualitative score outside its tier, and a budget
//! executed beyond the adjusted amount. Each is a small edit of an otherwise correct record.

use fundlens_shared::model::{Allocation, CategoryClaim};
use fundlens_shared::value::{Money, Score};
use rust_decimal::Decimal;

use super::indicators::Row;
use super::phrases;
use super::rng::Rng;
use super::templates::Level1;

/// Share of records with a planted mistake.
const RATE: f64 = 0.07;

/// A planted mistake.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Mistake {
    /// One row's declared score is one point below what the rules give.
    ScoreOffByOne,
    /// A row that needs a deviation note has none.
    MissingNote,
    /// The narrative moves a point from 产出 to 效益.
    CategorySwap,
    /// One sub-project amount is mistyped or a line is left out.
    AllocationGap,
    /// A partly attained qualitative row is given its full weight.
    ScoreOutsideTier,
    /// More is executed than the adjusted budget.
    OverExecution,
}

impl Mistake {
    /// The mistake of one record, if any.
    pub(super) fn draw(rng: &mut Rng) -> Option<Self> {
        if !rng.chance(RATE) {
            return None;
        }
        Some(*rng.pick(&[
            Self::ScoreOffByOne,
            Self::MissingNote,
            Self::CategorySwap,
            Self::AllocationGap,
            Self::ScoreOutsideTier,
            Self::OverExecution,
        ]))
    }
}

/// Gives a qualitative row a partly-attained actual value but keeps its full score and leaves
/// out the note. False when the form has no fully attained qualitative row.
pub(super) fn score_outside_tier(rng: &mut Rng, rows: &mut [Row]) -> bool {
    let Some(index) = pick_index(rng, rows, Row::is_qualitative_full) else {
        return false;
    };
    let row = &mut rows[index];
    let weight = row.weight;
    let actual = *rng.pick(phrases::PARTLY);
    row.judge_partial(actual, 0.78);
    row.declared = weight;
    // The engine brings the declared score into the tier: just below 80% of the weight.
    row.computed = weight * Decimal::new(8, 1) - Decimal::new(1, 2);
    row.note_forgotten = true;
    true
}

/// Marks a row that needs a note as forgotten; without one, turns a qualitative row into a
/// largely attained one first. False when neither exists.
pub(super) fn forget_note(rng: &mut Rng, rows: &mut [Row]) -> bool {
    if let Some(index) = pick_index(rng, rows, Row::needs_note) {
        rows[index].note_forgotten = true;
        return true;
    }
    let Some(index) = pick_index(rng, rows, Row::is_qualitative_full) else {
        return false;
    };
    let row = &mut rows[index];
    let actual = *rng.pick(phrases::LARGELY);
    row.judge_partial(actual, 0.85);
    row.note_forgotten = true;
    true
}

/// Lowers one declared score by a point. False when no row has a point to lose.
pub(super) fn score_off_by_one(rng: &mut Rng, rows: &mut [Row]) -> bool {
    let Some(index) = pick_index(rng, rows, |row| row.declared >= Decimal::ONE) else {
        return false;
    };
    rows[index].declared -= Decimal::ONE;
    true
}

/// Moves a point from the 产出 claim to the 效益 claim.
pub(super) fn swap_categories(claims: &mut [CategoryClaim]) -> bool {
    let find = |claims: &[CategoryClaim], level: Level1| {
        claims
            .iter()
            .position(|claim| claim.name == level.narrative_label())
    };
    let (Some(output), Some(benefit)) =
        (find(claims, Level1::Output), find(claims, Level1::Benefit))
    else {
        return false;
    };
    let shifted =
        |claim: &CategoryClaim, by: i64| Score::new(claim.score.value() + Decimal::from(by)).ok();
    match (shifted(&claims[output], -1), shifted(&claims[benefit], 1)) {
        (Some(lower), Some(higher)) => {
            claims[output].score = lower;
            claims[benefit].score = higher;
            true
        }
        _ => false,
    }
}

/// Mistypes one amount (by 5–20%, at least 0.1 万元) or leaves the smallest line out.
pub(super) fn allocation_gap(rng: &mut Rng, allocations: &mut Vec<Allocation>) -> bool {
    if allocations.len() < 2 {
        return false;
    }
    if rng.chance(0.3) {
        let smallest = (0..allocations.len())
            .min_by_key(|&i| allocations[i].amount)
            .unwrap_or(0);
        allocations.remove(smallest);
        return true;
    }
    let index = rng.below(allocations.len());
    let amount = allocations[index].amount.value();
    let change = (amount * Decimal::new(rng.inclusive(5, 20) as i64, 2))
        .round_dp(1)
        .max(Decimal::new(1, 1));
    let changed = if rng.chance(0.5) || change >= amount {
        amount + change
    } else {
        amount - change
    };
    match Money::new(changed) {
        Ok(money) => {
            allocations[index].amount = money;
            true
        }
        Err(_) => false,
    }
}

fn pick_index(rng: &mut Rng, rows: &[Row], accept: impl Fn(&Row) -> bool) -> Option<usize> {
    let candidates: Vec<usize> = (0..rows.len()).filter(|&i| accept(&rows[i])).collect();
    (!candidates.is_empty()).then(|| candidates[rng.below(candidates.len())])
}
