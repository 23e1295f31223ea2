//! Targets set too low (目标设定), for the same fund and indicator in consecutive years:
//! - `target_below_last_actual`: an "at least" target (≥, >, or a bare number read as at least)
//!   materially below what the same indicator achieved the year before, in the target's unit:
//!   more than [`BELOW_LAST_PERCENT`] % under last year's actual. A target a few percent under
//!   last year's result is ordinary prudence (a satisfaction rate of ≥90% after 94%); one far
//!   under it asks for nothing the fund has not already done;
//! - `target_persistently_exceeded`: an "at least" target achieved at
//!   [`EXCEEDED_PERCENT`] % or more in both years (exceeded by half or more two years running:
//!   the target keeps being set below what the fund does);
//! - `indicator_dropped`: an indicator of the year before the form no longer has (dropped or
//!   replaced by another), so its progress can no longer be followed;
//! - `no_quantitative_indicator`: a form whose every indicator is qualitative (no number,
//!   range or benchmark to check).

use std::collections::BTreeSet;

use rust_decimal::Decimal;

use super::{FundYear, ResultCode, ResultItem, blank, indicator_key};
use crate::audit::Severity;
use crate::format;
use crate::scoring::IndicatorScore;
use crate::target::{ActualKind, TargetKind};

/// How far under last year's actual (percent of it) a target must lie to be set too low.
pub const BELOW_LAST_PERCENT: Decimal = Decimal::from_parts(10, 0, 0, false, 0);

/// Achievement (actual ÷ target, percent) from which a target counts as exceeded by half.
pub const EXCEEDED_PERCENT: Decimal = Decimal::from_parts(150, 0, 0, false, 0);

/// The rows comparing `later`'s indicators with the same fund's the year before.
pub fn compared(earlier: FundYear<'_>, later: FundYear<'_>) -> Vec<ResultItem> {
    let (year, next) = (
        earlier.evaluation.year.value(),
        later.evaluation.year.value(),
    );
    let mut items = Vec::new();
    let mut seen = BTreeSet::new();
    for (index, row) in later.evaluation.indicators.iter().enumerate() {
        let key = indicator_key(&row.name);
        if !seen.insert(key.clone()) {
            continue;
        }
        let Some((before_index, before_row)) = earlier
            .evaluation
            .indicators
            .iter()
            .enumerate()
            .find(|(_, r)| indicator_key(&r.name) == key)
        else {
            continue;
        };
        let scored = later.assessment.indicators.get(index);
        let scored_before = earlier.assessment.indicators.get(before_index);
        if !at_least(scored) {
            continue;
        }
        if let (TargetKind::Quantity { quantity, .. }, ActualKind::Quantity { quantity: achieved }) =
            (row.target.kind(), before_row.actual.kind())
            && let Some(last) = achieved.value_in(&quantity.unit)
            && quantity.value * Decimal::ONE_HUNDRED
                < last * (Decimal::ONE_HUNDRED - BELOW_LAST_PERCENT)
        {
            let mut found = blank(
                ResultCode::TargetBelowLastActual,
                Severity::Warning,
                format!(
                    "“{}”{next}年指标值为{}，低于{year}年实际完成值{}一成以上",
                    row.name,
                    row.target.raw(),
                    before_row.actual.raw()
                ),
            );
            found.subject = Some(row.name.clone());
            found.before = Some(last);
            found.after = Some(quantity.value);
            found.unit = quantity.unit.as_str().to_owned();
            found.other = Some(earlier.id);
            items.push(found);
        }
        if let (Some(now), Some(then)) = (achievement(scored), achievement(scored_before))
            && at_least(scored_before)
            && now >= EXCEEDED_PERCENT
            && then >= EXCEEDED_PERCENT
        {
            let mut found = blank(
                ResultCode::TargetPersistentlyExceeded,
                Severity::Warning,
                format!(
                    "“{}”连续两年超额完成五成以上：{year}年完成指标值的{}，{next}年完成{}",
                    row.name,
                    format::percent(then),
                    format::percent(now)
                ),
            );
            found.subject = Some(row.name.clone());
            found.before = Some(then);
            found.after = Some(now);
            found.unit = "%".to_owned();
            found.other = Some(earlier.id);
            items.push(found);
        }
    }
    let kept: BTreeSet<String> = later
        .evaluation
        .indicators
        .iter()
        .map(|r| indicator_key(&r.name))
        .collect();
    let mut dropped = BTreeSet::new();
    for row in &earlier.evaluation.indicators {
        let key = indicator_key(&row.name);
        if kept.contains(&key) || !dropped.insert(key) {
            continue;
        }
        let mut found = blank(
            ResultCode::IndicatorDropped,
            Severity::Info,
            format!(
                "{year}年的指标“{}”（{}）在{next}年的自评表中不再出现（删除或替换）",
                row.name,
                row.target.raw()
            ),
        );
        found.subject = Some(row.name.clone());
        found.other = Some(earlier.id);
        items.push(found);
    }
    items
}

/// The row of a form whose indicators are all qualitative (none when it has no indicator).
pub fn without_quantities(later: FundYear<'_>) -> Option<ResultItem> {
    let rows = &later.evaluation.indicators;
    let qualitative = rows
        .iter()
        .all(|row| matches!(row.target.kind(), TargetKind::Qualitative));
    (!rows.is_empty() && qualitative).then(|| {
        blank(
            ResultCode::NoQuantitativeIndicator,
            Severity::Warning,
            format!(
                "{}年自评表的{}项绩效指标均为定性指标，没有可量化、可核验的指标值",
                later.evaluation.year.value(),
                rows.len()
            ),
        )
    })
}

/// True when the row was scored against an "at least" numeric target.
fn at_least(scored: Option<&IndicatorScore>) -> bool {
    scored
        .and_then(|s| s.comparison)
        .is_some_and(|c| c.is_lower_bound())
}

fn achievement(scored: Option<&IndicatorScore>) -> Option<Decimal> {
    scored.and_then(|s| s.achievement)
}
