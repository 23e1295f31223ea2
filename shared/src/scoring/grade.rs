//! The grade of a total: 90 (含) – 100 优, 80 (含) – 90 良, 60 (含) – 80 中, below 60 差, on the
//! floors [`Grade::lowest_total`] holds. A form whose weights add up to something other than
//! 100 (real forms total 90 or 110) is graded on its score as a share of the weights' sum; the
//! total itself stays the sum of the rows as written. A score share (a row's or a group's
//! score ÷ weight) is banded on the same floors.

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

/// Whether a form whose weights add up to `scale` is graded on its share of them: they do not
/// add up to 100, and there are some. Whoever shows a grade explains it exactly then.
pub fn graded_on_share(scale: Decimal) -> bool {
    scale != Decimal::ONE_HUNDRED && scale > Decimal::ZERO
}

/// The grade of `total` on a form whose weights add up to `scale`.
pub(crate) fn grade(total: Decimal, scale: Decimal) -> Graded {
    let bands = bands();
    if !graded_on_share(scale) {
        let grade = Grade::for_total(total);
        return Graded {
            grade,
            explanation: format!(
                "总分 {} 分，评定为“{grade}”（{bands}）",
                format::score(total)
            ),
        };
    }
    let share = total
        .checked_div(scale)
        .and_then(|ratio| ratio.checked_mul(Decimal::ONE_HUNDRED))
        .unwrap_or(Decimal::MAX);
    let reaches = |points: Decimal| match (
        total.checked_mul(Decimal::ONE_HUNDRED),
        scale.checked_mul(points),
    ) {
        (Some(left), Some(right)) => left >= right,
        _ => share >= points,
    };
    let grade = Grade::best_reached(reaches);
    Graded {
        grade,
        explanation: format!(
            "各项分值合计 {} 分，不是 100 分：等级按得分占分值合计的比例评定，{} ÷ {} = {}，评定为“{grade}”（按百分制：{bands}）",
            format::score(scale),
            format::score(total),
            format::score(scale),
            format::percent(share)
        ),
    }
}

/// The grades' bands in words, from their own lowest totals ([`Grade::total_range`]):
/// `90 分（含）以上为优，80（含）至 90 分为良，60（含）至 80 分为中，60 分以下为差`.
fn bands() -> String {
    let band = |grade: Grade| match grade.total_range() {
        (Some(from), None) => format!("{from} 分（含）以上为{grade}"),
        (Some(from), Some(below)) => format!("{from}（含）至 {below} 分为{grade}"),
        (None, below) => format!("{} 分以下为{grade}", below.unwrap_or_default()),
    };
    Grade::ALL.map(band).join("，")
}

/// How a score share (percent of full marks) reads at a glance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShareBand {
    /// Full marks (100% or more).
    Full,
    /// Short of full marks: the grade the share would earn as a total out of 100.
    Short(Grade),
}

/// The band of a score share in percent ([`score_share`]): full marks, else the grade it
/// reaches on the grades' own floors (95% → 优, 59.9% → 差).
pub fn share_band(share: Decimal) -> ShareBand {
    if share >= Decimal::ONE_HUNDRED {
        ShareBand::Full
    } else {
        ShareBand::Short(Grade::for_total(share))
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
    fn the_bands_are_written_from_the_grades_floors() {
        assert_eq!(
            bands(),
            "90 分（含）以上为优，80（含）至 90 分为良，60（含）至 80 分为中，60 分以下为差"
        );
    }

    #[test]
    fn a_share_is_full_or_in_a_grade_band() {
        assert_eq!(share_band(dec!(100)), ShareBand::Full);
        assert_eq!(share_band(dec!(120)), ShareBand::Full);
        assert_eq!(share_band(dec!(99.99)), ShareBand::Short(Grade::Excellent));
        assert_eq!(share_band(dec!(90)), ShareBand::Short(Grade::Excellent));
        assert_eq!(share_band(dec!(80)), ShareBand::Short(Grade::Good));
        assert_eq!(share_band(dec!(60)), ShareBand::Short(Grade::Fair));
        assert_eq!(share_band(dec!(59.9)), ShareBand::Short(Grade::Poor));
    }

    #[test]
    fn only_a_form_with_weights_other_than_100_is_graded_on_its_share() {
        assert!(!graded_on_share(dec!(100)));
        assert!(!graded_on_share(dec!(100.00)));
        assert!(graded_on_share(dec!(105)));
        assert!(graded_on_share(dec!(90)));
        assert!(!graded_on_share(dec!(0)));
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
