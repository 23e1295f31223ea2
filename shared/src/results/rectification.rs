//! Findings rectified or not (问题整改): a finding of year t recurs for the same fund in t + 1
//! when t + 1 has a finding of the same code on the same indicator (by [`indicator_key`]), or
//! of the same code without an indicator when it had none — 未整改; one that does not recur is
//! 已整改. Errors and warnings are followed; notes (提示) are not problems to rectify.
//! 财预〔2020〕10号 asks that a fund which does not rectify what was found have its budget
//! reduced or withheld until it does.

use std::collections::BTreeSet;

use super::{FundYear, ResultCode, ResultItem, blank, indicator_key};
use crate::audit::{FindingCode, Severity};

/// A finding as it is matched across years: its code and the indicator it concerns.
type Key = (FindingCode, Option<String>);

fn keys(year: FundYear<'_>) -> Vec<(Key, Severity, String)> {
    let mut seen = BTreeSet::new();
    year.assessment
        .findings
        .iter()
        .filter(|f| f.severity != Severity::Info)
        .filter_map(|f| {
            let indicator = f
                .indicator
                .and_then(|i| year.evaluation.indicators.get(i))
                .map(|row| indicator_key(&row.name));
            let key = (f.code, indicator);
            seen.insert(key.clone())
                .then(|| (key, f.severity, f.message.clone()))
        })
        .collect()
}

/// The rows of the findings of `earlier`, each fixed or not in `later`.
pub fn items(earlier: FundYear<'_>, later: FundYear<'_>) -> Vec<ResultItem> {
    let (year, next) = (
        earlier.evaluation.year.value(),
        later.evaluation.year.value(),
    );
    let recurring: BTreeSet<Key> = keys(later).into_iter().map(|(key, _, _)| key).collect();
    keys(earlier)
        .into_iter()
        .map(|((code, indicator), severity, message)| {
            let unfixed = recurring.contains(&(code, indicator.clone()));
            let (result, severity, outcome) = if unfixed {
                (ResultCode::FindingUnfixed, severity, "再次出现，未整改")
            } else {
                (ResultCode::FindingFixed, Severity::Info, "不再出现，已整改")
            };
            let mut row = blank(
                result,
                severity,
                format!("{year}年审核发现：{message}；{next}年{outcome}"),
            );
            row.subject = indicator;
            row.finding = Some(code);
            row.class = serde_json::to_value(code)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default();
            row.flag = unfixed;
            row.other = Some(earlier.id);
            row
        })
        .collect()
}
