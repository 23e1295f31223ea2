//! How an evaluator fills in the scores: the engine's own formulas
//! (`fundlens_shared::scoring::formula`, the national policy) give the exact score, and the
//! evaluator declares it to two decimals.
//!
//! An evaluator who rounds every row half-up can end with a total a few hundredths away from
//! the exact one; [`Tally`] instead rounds each row down or up (both within the audit's 0.01
//! tolerance of the exact score) so that the declared total stays within 0.01 of the exact
//! total and on the same side of a grade boundary.
//!
//! The tolerance, the over-achievement threshold, the lost-points rule and the grade floors are
//! the national policy's and `Grade`'s own, never copies.

use std::sync::LazyLock;

use fundlens_shared::scoring::{AtMostFormula, ScoringPolicy, formula, lost_points};
use fundlens_shared::value::Grade;
use rust_decimal::{Decimal, RoundingStrategy};

/// The policy the generated forms are written under.
static NATIONAL: LazyLock<ScoringPolicy> = LazyLock::new(ScoringPolicy::national);

/// "At least": full weight when met, else weight × actual ÷ target.
pub(super) fn at_least(weight: Decimal, target: Decimal, actual: Decimal) -> Decimal {
    formula::at_least(weight, target, actual, false)
}

/// "At most" under the national (ratio) formula.
pub(super) fn at_most(weight: Decimal, target: Decimal, actual: Decimal) -> Decimal {
    formula::at_most(weight, target, actual, false, AtMostFormula::Ratio)
}

/// A range: full inside, "at least" the lower bound below it, "at most" the upper above it.
pub(super) fn range(weight: Decimal, low: Decimal, high: Decimal, actual: Decimal) -> Decimal {
    formula::range(weight, low, high, actual, AtMostFormula::Ratio)
}

/// Budget execution: weight × min(executed ÷ adjusted budget, 1).
pub(super) fn execution(weight: Decimal, budget: Decimal, executed: Decimal) -> Decimal {
    formula::execution(weight, budget, executed).unwrap_or(Decimal::ZERO)
}

/// Actual ÷ target as a percentage, for a positive target.
pub(super) fn achievement(target: Decimal, actual: Decimal) -> Option<Decimal> {
    formula::achievement(target, actual)
}

/// Whether an achievement (percent) reaches the national over-achievement threshold.
pub(super) fn overachieved(achievement: Option<Decimal>) -> bool {
    achievement.is_some_and(|a| NATIONAL.overachieved(a))
}

/// The tolerance the audit allows between a declared and a computed score.
fn tolerance() -> Decimal {
    NATIONAL.score_tolerance
}

/// Whether a row needs a deviation note: scored below its weight, or over-achieved.
pub(super) fn needs_note(
    weight: Decimal,
    declared: Decimal,
    computed: Decimal,
    achievement: Option<Decimal>,
) -> bool {
    lost_points(weight, declared.min(computed), tolerance()).is_some() || overachieved(achievement)
}

/// A score rounded to two decimals, half away from zero.
pub(super) fn two_decimals(score: Decimal) -> Decimal {
    score.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// Declares two-decimal scores for exact ones while keeping the running difference between
/// the declared and the exact total inside one hundredth, on one side.
#[derive(Debug)]
pub(super) struct Tally {
    residual: Decimal,
    declared_above: bool,
}

impl Tally {
    /// A tally for a form whose exact total is `exact_total`: declared totals stay at or above
    /// it, unless it lies just below a grade boundary, where they stay at or below it.
    pub(super) fn new(exact_total: Decimal) -> Self {
        let just_below_boundary = Grade::ALL
            .into_iter()
            .filter_map(Grade::lowest_total)
            .any(|boundary| exact_total < boundary && exact_total + tolerance() >= boundary);
        Self {
            residual: Decimal::ZERO,
            declared_above: !just_below_boundary,
        }
    }

    /// The declared score for an exact score.
    pub(super) fn declare(&mut self, exact: Decimal) -> Decimal {
        let down = exact.round_dp_with_strategy(2, RoundingStrategy::ToZero);
        if down == exact {
            return exact;
        }
        let up = exact.round_dp_with_strategy(2, RoundingStrategy::AwayFromZero);
        let (with_down, with_up) = (self.residual + down - exact, self.residual + up - exact);
        let declared = if self.declared_above {
            if with_down >= Decimal::ZERO { down } else { up }
        } else if with_up <= Decimal::ZERO {
            up
        } else {
            down
        };
        self.residual += declared - exact;
        declared
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn rules_give_the_seed_and_domain_examples() {
        assert_eq!(at_least(dec!(5), dec!(8), dec!(6.8)), dec!(4.25));
        assert_eq!(at_least(dec!(5), dec!(135), dec!(136)), dec!(5));
        assert_eq!(at_least(dec!(5), dec!(6), dec!(-2)), dec!(0));
        assert_eq!(at_most(dec!(5), dec!(64), dec!(64)), dec!(5));
        assert_eq!(at_most(dec!(5), dec!(64), dec!(80)), dec!(4));
        assert_eq!(range(dec!(5), dec!(95), dec!(105), dec!(100)), dec!(5));
        assert_eq!(execution(dec!(10), dec!(752), dec!(593.04)), dec!(7.886170));
        assert!(overachieved(achievement(dec!(10), dec!(13))));
    }

    #[test]
    fn a_tally_keeps_totals_within_a_hundredth_and_off_the_boundary() {
        let exact = [dec!(4.444444), dec!(3.336667), dec!(7.886170), dec!(2.005)];
        let total: Decimal = exact.iter().sum();
        let mut tally = Tally::new(total);
        let declared: Decimal = exact.iter().map(|&score| tally.declare(score)).sum();
        assert!((declared - total).abs() < tolerance());
        assert!(declared >= total);
        let mut below = Tally::new(dec!(89.995));
        let declared = below.declare(dec!(89.995));
        assert!(declared < dec!(90));
        assert_eq!(Grade::for_total(declared), Grade::Good);
    }
}
