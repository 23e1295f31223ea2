//! The grade of a total: 90 (含) – 100 优, 80 (含) – 90 良, 60 (含) – 80 中, below 60 差. A form
//! whose weights add up to something other than 100 (real forms total 90 or 110) is graded on
//! its score as a share of the weights' sum; the total itself stays the sum of the rows as
//! written.

use rust_decimal::Decimal;

use crate::format;
use crate::value::Grade;

/// A grade with how it follows from the total.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Graded {
    /// The grade.
    pub(crate) grade: Grade,
    /// The reasoning in Chinese (`总分 99 分，评定为“优”…`).
    pub(crate) explanation: String,
}

/// The grade of `total` on a form whose weights add up to `scale`.
pub(crate) fn grade(total: Decimal, scale: Decimal) -> Graded {
    const BANDS: &str =
        "90 分（含）以上为优，80（含）至 90 分为良，60（含）至 80 分为中，60 分以下为差";
    if scale == Decimal::ONE_HUNDRED || scale <= Decimal::ZERO {
        let grade = Grade::for_total(total);
        return Graded {
            grade,
            explanation: format!(
                "总分 {} 分，评定为“{grade}”（{BANDS}）",
                format::score(total)
            ),
        };
    }
    let share = total
        .checked_div(scale)
        .and_then(|ratio| ratio.checked_mul(Decimal::ONE_HUNDRED))
        .unwrap_or(Decimal::MAX);
    let reaches = |points: i64| match (
        total.checked_mul(Decimal::ONE_HUNDRED),
        scale.checked_mul(Decimal::from(points)),
    ) {
        (Some(left), Some(right)) => left >= right,
        _ => share >= Decimal::from(points),
    };
    let grade = if reaches(90) {
        Grade::Excellent
    } else if reaches(80) {
        Grade::Good
    } else if reaches(60) {
        Grade::Fair
    } else {
        Grade::Poor
    };
    Graded {
        grade,
        explanation: format!(
            "各项分值合计 {} 分，不是 100 分：等级按得分占分值合计的比例评定，{} ÷ {} = {}，评定为“{grade}”（按百分制：{BANDS}）",
            format::score(scale),
            format::score(total),
            format::score(scale),
            format::percent(share)
        ),
    }
}

/// The share of full marks a score earned, in percent to 6 decimals (`score ÷ weight × 100`);
/// `None` when there were no marks to earn. Sums give the weighted share: Σ得分 ÷ Σ分值.
pub fn score_share(score: Decimal, weight: Decimal) -> Option<Decimal> {
    if weight.is_zero() {
        return None;
    }
    score
        .checked_div(weight)
        .and_then(|ratio| ratio.checked_mul(Decimal::ONE_HUNDRED))
        .map(|share| format::round(share, 6))
}

/// The grade alone (see [`grade`]).
pub fn grade_of(total: Decimal, scale: Decimal) -> Grade {
    grade(total, scale).grade
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn a_score_share_is_the_part_of_full_marks_earned() {
        assert_eq!(score_share(dec!(4), dec!(5)), Some(dec!(80)));
        assert_eq!(score_share(dec!(2), dec!(3)), Some(dec!(66.666667)));
        assert_eq!(score_share(dec!(1), dec!(0)), None);
    }

    #[test]
    fn a_form_out_of_105_is_graded_on_its_share() {
        assert_eq!(grade_of(dec!(99), dec!(100)), Grade::Excellent);
        assert_eq!(grade_of(dec!(89.99), dec!(100)), Grade::Good);
        assert_eq!(grade_of(dec!(94.5), dec!(105)), Grade::Excellent);
        assert_eq!(grade_of(dec!(94.4), dec!(105)), Grade::Good);
        assert_eq!(grade_of(dec!(81), dec!(90)), Grade::Excellent);
        let graded = grade(dec!(94.5), dec!(105));
        assert!(graded.explanation.contains("105"), "{}", graded.explanation);
    }
}
