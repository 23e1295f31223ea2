//! Rows judged rather than computed: deadlines (met → full weight; missed → a tier) and
//! qualitative targets (the tier of the attainment the actual's wording states, the declared
//! score brought into it).

use rust_decimal::Decimal;

use super::explanation::{Explanation, Rule};
use super::outcome::{Outcome, Uncomputable};
use super::policy::ScoringPolicy;
use super::quantitative::Computed;
use super::tier::{self, Attainment, Tier};
use super::wording::{self, Judgement};
use crate::format;
use crate::model::Indicator;
use crate::target::{ActualKind, Due};

/// The actual's reading when it cannot be judged: unreadable, or not applicable (except a bare
/// `无` answering a negated target, which `tier::judge` reads as achievement).
fn unjudgeable(indicator: &Indicator) -> Option<Outcome> {
    match indicator.actual.kind() {
        ActualKind::Unreadable { reason } => Some(Outcome::not_computable(
            indicator,
            Uncomputable::ActualUnreadable {
                reason: reason.clone(),
            },
            "实际完成值无法识别，无法判断达成程度",
            &format!("实际完成值无法识别（{reason}），暂按填报得分计"),
        )),
        ActualKind::NotApplicable
            if !(matches!(indicator.actual.raw().trim(), "无" | "無")
                && wording::is_negation(indicator.target.raw())) =>
        {
            Some(Outcome::not_computable(
                indicator,
                Uncomputable::NotApplicable,
                "实际完成值为“/”“—”或“无”，该指标不适用，不计算得分",
                "实际完成值未填写内容（不适用），暂按填报得分计",
            ))
        }
        _ => None,
    }
}

/// A deadline: met by the date (or, without one, by the actual's wording) → full weight;
/// missed → the "partly" tier, or the lowest when the actual says it was not done.
pub(super) fn deadline(
    indicator: &Indicator,
    due: Due,
    record_year: i32,
    declared: Option<Decimal>,
    policy: &ScoringPolicy,
) -> Outcome {
    if let Some(outcome) = unjudgeable(indicator) {
        return outcome;
    }
    let weight = indicator.weight.value();
    let dated = match (due, indicator.actual.kind()) {
        (Due::By { day }, ActualKind::Date { on }) => {
            let Some(by) = day.in_year(record_year) else {
                let reason = format!("{record_year}年没有{day}");
                return no_such_day(indicator, Uncomputable::TargetUnreadable { reason }, "期限");
            };
            let Some(done) = on.in_year(day.year.unwrap_or(record_year)) else {
                let reason = format!("“{on}”不是有效日期");
                return no_such_day(
                    indicator,
                    Uncomputable::ActualUnreadable { reason },
                    "完成日期",
                );
            };
            Some((done <= by, format!("完成日期 {done}，期限 {by}")))
        }
        _ => None,
    };
    let judgement = wording::judge(indicator.target.raw(), indicator.actual.raw());
    let (met, reason) = match (dated, &judgement) {
        (Some(dated), _) => dated,
        (None, Judgement::Known(attainment, reason)) => {
            (*attainment == Attainment::Achieved, reason.clone())
        }
        (None, Judgement::Unknown(reason)) => return unknown_words(indicator, reason),
    };
    if met {
        return Outcome::computed(Computed {
            score: weight,
            explanation: Explanation::new(Rule::DeadlineMet, "时限指标：按期完成，得满分")
                .input("指标值", indicator.target.raw())
                .input("实际完成值", indicator.actual.raw())
                .formula(format!(
                    "{reason}，按期完成，得满分 {}",
                    format::score(weight)
                ))
                .result(format!("{}分", format::score(weight))),
        });
    }
    let attainment = match judgement {
        Judgement::Known(Attainment::NotAchieved, _) => Attainment::NotAchieved,
        _ => Attainment::Partly,
    };
    let tier = tier::tier_for(policy.qualitative_scale, attainment);
    in_tier(
        indicator,
        Rule::DeadlineMissedTier,
        "时限指标：未按期完成，由评价人在相应档次内打分",
        &reason,
        tier,
        declared,
    )
}

/// An actual in words the reader does not know: not computable (`actual_unreadable`), never
/// read as achieved.
fn unknown_words(indicator: &Indicator, reason: &str) -> Outcome {
    Outcome::not_computable(
        indicator,
        Uncomputable::ActualUnreadable {
            reason: reason.to_owned(),
        },
        "实际完成值的表述无法判断达成程度，不推定为达成",
        &format!("{reason}，暂按填报得分计"),
    )
}

/// A deadline row whose `what` (期限, 完成日期) is a day its year does not have (`2月29日`).
fn no_such_day(indicator: &Indicator, reason: Uncomputable, what: &str) -> Outcome {
    Outcome::not_computable(
        indicator,
        reason,
        &format!("时限指标的{what}不是有效日期，无法判断是否按期"),
        &format!("{what}不是有效日期，暂按填报得分计"),
    )
}

/// A qualitative target: the tier of the attainment the actual's wording states.
pub(super) fn qualitative(
    indicator: &Indicator,
    declared: Option<Decimal>,
    policy: &ScoringPolicy,
) -> Outcome {
    if let Some(outcome) = unjudgeable(indicator) {
        return outcome;
    }
    let (attainment, reason) = match wording::judge(indicator.target.raw(), indicator.actual.raw())
    {
        Judgement::Known(attainment, reason) => (attainment, reason),
        Judgement::Unknown(reason) => return unknown_words(indicator, &reason),
    };
    let tier = tier::tier_for(policy.qualitative_scale, attainment);
    in_tier(
        indicator,
        Rule::QualitativeTier,
        "定性指标：按达成程度确定档次，由评价人在档次内打分",
        &reason,
        tier,
        declared,
    )
}

/// A score chosen by the evaluator within `tier`: the declared score brought into the tier.
fn in_tier(
    indicator: &Indicator,
    rule: Rule,
    rule_text: &str,
    reason: &str,
    tier: Tier,
    declared: Option<Decimal>,
) -> Outcome {
    let weight = indicator.weight.value();
    let (low, high) = (tier.low_share * weight, tier.high_share * weight);
    let band = format!(
        "{}：{}–{}分（分值 {} 的 {}%–{}%{}）",
        tier.label,
        format::score(low),
        format::score(high),
        format::score(weight),
        format::score(tier.low_share * Decimal::ONE_HUNDRED),
        format::score(tier.high_share * Decimal::ONE_HUNDRED),
        if tier.high_inclusive {
            ""
        } else {
            "，不含上限"
        }
    );
    let explanation = Explanation::new(rule, rule_text)
        .input("指标值", indicator.target.raw())
        .input("实际完成值", indicator.actual.raw())
        .input("判定", reason)
        .input("档次", band);
    let Some(declared) = declared else {
        return Outcome {
            tier: Some(tier),
            ..Outcome::uncomputable(
                Uncomputable::NoDeclaredScore,
                explanation.result("无法计算：未填报得分，档次内得分须由评价人确定"),
            )
        };
    };
    let score = tier.clamp(declared, weight);
    let formula = if score == declared {
        format!(
            "填报得分 {} 在档次内，采用 {}",
            format::score(declared),
            format::score(score)
        )
    } else {
        format!(
            "填报得分 {} 不在档次内，按档次边界取 {}",
            format::score(declared),
            format::score(score)
        )
    };
    Outcome {
        computed: Some(score),
        comparison: None,
        achievement: None,
        tier: Some(tier),
        uncomputable: None,
        explanation: explanation
            .formula(formula)
            .result(format!("{}分", format::score(score))),
    }
}
