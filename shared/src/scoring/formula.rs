//! The scoring formulas as plain arithmetic, without explanations: the single definition the
//! explained rules ([`super::quantitative`], [`super::execution`]) and the sample generator
//! both use. Results are at [`super::SCORE_DECIMALS`] places.
//!
//! Quotients are checked: an actual a trillion times its target gives the full weight (or 0,
//! or the largest achievement), never an overflow.

use rust_decimal::Decimal;

use super::policy::AtMostFormula;
use super::stored_precision;

/// `numerator ÷ denominator`, or `None` when the quotient overflows (or the denominator is 0).
fn quotient(numerator: Decimal, denominator: Decimal) -> Option<Decimal> {
    numerator.checked_div(denominator)
}

/// weight × `share`, with `share` first clamped to 0..=1.
fn share_of(weight: Decimal, share: Decimal) -> Decimal {
    stored_precision(weight * share.clamp(Decimal::ZERO, Decimal::ONE))
}

/// A target of zero or below, missed by `off` (≥ 0): compared on the difference, not the ratio —
/// weight × max(0, 1 − off ÷ |target|), with |target| taken as at least 1 (one percentage point
/// for a rate). An `off` of 0 is a strict target (`>0`) missed at its bound: 0.
pub fn on_difference(weight: Decimal, target: Decimal, off: Decimal) -> Decimal {
    if off <= Decimal::ZERO {
        return Decimal::ZERO;
    }
    let scale = target.abs().max(Decimal::ONE);
    quotient(off, scale).map_or(Decimal::ZERO, |share| {
        share_of(weight, Decimal::ONE - share.min(Decimal::ONE))
    })
}

/// "At least" (`strict` for `>`): full weight when met, else weight × actual ÷ target with a
/// negative actual counted as 0; a target of zero or below is compared on the difference.
pub fn at_least(weight: Decimal, target: Decimal, actual: Decimal, strict: bool) -> Decimal {
    let met = if strict {
        actual > target
    } else {
        actual >= target
    };
    if met {
        weight
    } else if target <= Decimal::ZERO {
        on_difference(weight, target, target - actual)
    } else {
        quotient(actual.max(Decimal::ZERO), target).map_or(weight, |share| share_of(weight, share))
    }
}

/// "At most" (`strict` for `<`): full weight when met, else the policy's formula; a limit of
/// zero or below is compared on the difference.
pub fn at_most(
    weight: Decimal,
    target: Decimal,
    actual: Decimal,
    strict: bool,
    formula: AtMostFormula,
) -> Decimal {
    let met = if strict {
        actual < target
    } else {
        actual <= target
    };
    if met {
        weight
    } else if target <= Decimal::ZERO {
        on_difference(weight, target, actual - target)
    } else {
        let share = match formula {
            AtMostFormula::Ratio => quotient(target, actual),
            AtMostFormula::Linear => {
                quotient(actual - target, target).map(|over| Decimal::ONE - over.min(Decimal::ONE))
            }
        };
        share.map_or(Decimal::ZERO, |share| share_of(weight, share))
    }
}

/// "Equal": full weight when met, else weight × (1 − |actual − target| ÷ |target|), not below 0;
/// a target of zero or below is compared on the difference.
pub fn equal(weight: Decimal, target: Decimal, actual: Decimal) -> Decimal {
    if actual == target {
        weight
    } else if target <= Decimal::ZERO {
        on_difference(weight, target, (actual - target).abs())
    } else {
        quotient((actual - target).abs(), target.abs()).map_or(Decimal::ZERO, |off| {
            share_of(weight, Decimal::ONE - off.min(Decimal::ONE))
        })
    }
}

/// A range: full inside, "at least" the lower bound below it, "at most" the upper bound above.
pub fn range(
    weight: Decimal,
    low: Decimal,
    high: Decimal,
    actual: Decimal,
    formula: AtMostFormula,
) -> Decimal {
    if actual < low {
        at_least(weight, low, actual, false)
    } else if actual > high {
        at_most(weight, high, actual, false, formula)
    } else {
        weight
    }
}

/// Over-achievement deduction: weight × max(0, 1 − (achievement ratio − threshold ratio)).
pub fn overachievement_deduction(weight: Decimal, ratio: Decimal, threshold: Decimal) -> Decimal {
    let beyond = (ratio - threshold).min(Decimal::ONE);
    share_of(weight, Decimal::ONE - beyond)
}

/// Budget execution: weight × min(executed ÷ budget, 1); `None` when the budget is not positive.
pub fn execution(weight: Decimal, budget: Decimal, executed: Decimal) -> Option<Decimal> {
    (budget > Decimal::ZERO)
        .then(|| quotient(executed, budget).map_or(weight, |rate| share_of(weight, rate)))
}

/// Actual ÷ target as a percentage, for a positive target; the largest decimal when the
/// quotient overflows.
pub fn achievement(target: Decimal, actual: Decimal) -> Option<Decimal> {
    (target > Decimal::ZERO).then(|| {
        quotient(actual, target)
            .and_then(|ratio| ratio.checked_mul(Decimal::ONE_HUNDRED))
            .unwrap_or(if actual.is_sign_negative() {
                Decimal::MIN
            } else {
                Decimal::MAX
            })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn extreme_numbers_never_overflow() {
        let tiny = dec!(0.0000000001);
        let huge = dec!(100000000000000000000);
        assert_eq!(at_least(dec!(5), tiny, huge, false), dec!(5));
        assert_eq!(at_least(dec!(5), huge, tiny, false), dec!(0));
        assert_eq!(
            at_most(dec!(5), tiny, huge, false, AtMostFormula::Linear),
            dec!(0)
        );
        assert_eq!(
            at_most(dec!(5), tiny, huge, false, AtMostFormula::Ratio),
            dec!(0)
        );
        assert_eq!(equal(dec!(5), tiny, huge), dec!(0));
        assert_eq!(achievement(tiny, huge), Some(Decimal::MAX));
        assert_eq!(
            overachievement_deduction(dec!(5), Decimal::MAX, dec!(1.3)),
            dec!(0)
        );
    }
}
