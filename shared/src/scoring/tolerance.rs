//! Rounding, decided once: whether a figure a form declares is the one the rules compute, as
//! forms round them, and how many points a score lost against its weight. The audit, the
//! briefings and the pages all ask here, with the tolerance of the policy that scored the
//! record ([`super::ScoringPolicy::score_tolerance`], carried by
//! [`crate::assessment::Assessment::score_tolerance`]).

use rust_decimal::Decimal;

use crate::format::PERCENT_DECIMALS;

/// Whether two figures that should agree (a declared and a computed score, a claimed total and
/// the rows' sum) differ by more than `tolerance`.
pub fn differs(a: Decimal, b: Decimal, tolerance: Decimal) -> bool {
    (a - b).abs() > tolerance
}

/// The points `score` lost against `weight` (weight − score), or `None` when it is full marks
/// within `tolerance` — a score above its weight lost nothing.
pub fn lost_points(weight: Decimal, score: Decimal, tolerance: Decimal) -> Option<Decimal> {
    let lost = weight - score;
    (lost > tolerance.max(Decimal::ZERO)).then_some(lost)
}

/// Whether a declared execution rate differs from the computed one (both in percent) by more
/// than the rounding of a percentage written with [`PERCENT_DECIMALS`] decimals (0.1 point).
pub fn rate_differs(declared: Decimal, computed: Decimal) -> bool {
    differs(declared, computed, Decimal::new(1, PERCENT_DECIMALS))
}

#[cfg(test)]
mod tests {
    use rust_decimal_macros::dec;

    use super::*;

    #[test]
    fn scores_differ_only_beyond_the_tolerance() {
        let tolerance = dec!(0.01);
        assert!(!differs(dec!(4.25), dec!(4.25), tolerance));
        assert!(!differs(dec!(4.72), dec!(4.722222), tolerance));
        assert!(!differs(dec!(4.73), dec!(4.72), tolerance));
        assert!(differs(dec!(4.74), dec!(4.72), tolerance));
        assert!(differs(dec!(4.70), dec!(4.72), tolerance));
    }

    #[test]
    fn lost_points_are_the_weight_not_earned_beyond_rounding() {
        let tolerance = dec!(0.01);
        assert_eq!(
            lost_points(dec!(5), dec!(4.25), tolerance),
            Some(dec!(0.75))
        );
        assert_eq!(lost_points(dec!(5), dec!(4.995), tolerance), None);
        assert_eq!(lost_points(dec!(5), dec!(4.99), tolerance), None);
        assert_eq!(
            lost_points(dec!(5), dec!(4.989), tolerance),
            Some(dec!(0.011))
        );
        assert_eq!(lost_points(dec!(5), dec!(5), tolerance), None);
        assert_eq!(lost_points(dec!(5), dec!(6), tolerance), None);
        assert_eq!(lost_points(dec!(5), dec!(6), dec!(-1)), None);
    }

    #[test]
    fn rates_differ_beyond_a_tenth_of_a_point() {
        assert!(!rate_differs(dec!(78.9), dec!(78.86)));
        assert!(!rate_differs(dec!(79.0), dec!(78.9)));
        assert!(rate_differs(dec!(79.0), dec!(78.86)));
        assert!(rate_differs(dec!(100), dec!(78.86)));
    }
}
