//! The scoring formulas as plain arithmetic, without explanations: the single definition the
//! explained rules ([`super::quantitative`], [`super::execution`]) and the sample generator
//! both use. Results are at [`super::SCORE_DECIMALS`] places.

use rust_decimal::Decimal;

use super::policy::AtMostFormula;
use super::stored_precision;

/// "At least" (`strict` for `>`): full weight when met, else weight × actual ÷ target with a
/// negative actual counted as 0, and 0 when the target is not positive.
pub fn at_least(weight: Decimal, target: Decimal, actual: Decimal, strict: bool) -> Decimal {
    let met = if strict {
        actual > target
    } else {
        actual >= target
    };
    if met {
        weight
    } else if target <= Decimal::ZERO {
        Decimal::ZERO
    } else {
        stored_precision((weight * actual.max(Decimal::ZERO) / target).min(weight))
    }
}

/// "At most" (`strict` for `<`): full weight when met, else the policy's formula, and 0 when
/// the limit is not positive.
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
        Decimal::ZERO
    } else {
        stored_precision(match formula {
            AtMostFormula::Ratio => weight * target / actual,
            AtMostFormula::Linear => {
                (weight * (Decimal::ONE - (actual - target) / target)).max(Decimal::ZERO)
            }
        })
    }
}

/// "Equal": full weight when met, else weight × (1 − |actual − target| ÷ |target|), not below 0.
pub fn equal(weight: Decimal, target: Decimal, actual: Decimal) -> Decimal {
    if actual == target {
        weight
    } else if target.is_zero() {
        Decimal::ZERO
    } else {
        stored_precision(
            (weight * (Decimal::ONE - (actual - target).abs() / target.abs())).max(Decimal::ZERO),
        )
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
    stored_precision((weight * (Decimal::ONE - (ratio - threshold))).max(Decimal::ZERO))
}

/// Budget execution: weight × min(executed ÷ budget, 1); `None` when the budget is not positive.
pub fn execution(weight: Decimal, budget: Decimal, executed: Decimal) -> Option<Decimal> {
    (budget > Decimal::ZERO)
        .then(|| stored_precision(weight * (executed / budget).min(Decimal::ONE)))
}

/// Actual ÷ target as a percentage, for a positive target.
pub fn achievement(target: Decimal, actual: Decimal) -> Option<Decimal> {
    (target > Decimal::ZERO).then(|| actual * Decimal::ONE_HUNDRED / target)
}
