//! Figures that disagree across reports (交叉核对): the same region-year statistic of section
//! 四(二) (规模工业增加值增速 and the others) stated with different values by two reports of
//! the region and year. The report first stored (the lowest evaluation id) is the reference;
//! every other report stating the metric with a different value is a `statistic_conflict`
//! naming both reports and values. Values are compared exactly as written (6.8 and 6.80 are
//! the same value): a statistic has one true figure, and any difference is worth a look.
//!
//! Not yet compared: a report's figure against an official observation imported separately
//! (a report's figures are themselves stored as the region's observations), and a fund's
//! 全年预算数 against what its next report states for it (the form does not state it).

use std::collections::BTreeMap;

use super::{FundYear, ResultCode, ResultItem, blank};
use crate::audit::Severity;
use crate::format;

/// The conflicts among the reports of one region and year (`reports` in any order).
pub fn among(reports: &[FundYear<'_>]) -> Vec<(i64, ResultItem)> {
    let mut ordered: Vec<&FundYear<'_>> = reports.iter().collect();
    ordered.sort_by_key(|r| r.id);
    let mut reference = BTreeMap::new();
    let mut rows = Vec::new();
    for report in ordered {
        for statistic in &report.evaluation.statistics {
            let metric = statistic.metric.metric();
            let Some((first, value)) = reference.get(metric.code).copied() else {
                reference.insert(metric.code, (*report, statistic.value));
                continue;
            };
            let first: FundYear<'_> = first;
            if value == statistic.value {
                continue;
            }
            let mut row = blank(
                ResultCode::StatisticConflict,
                Severity::Warning,
                format!(
                    "{}{}年“{}”：《{}》自评报告填报{}{}，《{}》自评报告填报{}{}",
                    report.evaluation.region,
                    report.evaluation.year.value(),
                    metric.name,
                    report.evaluation.program.name,
                    format::grouped(statistic.value, 2, false),
                    metric.unit,
                    first.evaluation.program.name,
                    format::grouped(value, 2, false),
                    metric.unit,
                ),
            );
            row.subject = Some(metric.name.to_owned());
            row.before = Some(value);
            row.after = Some(statistic.value);
            row.unit = metric.unit.to_owned();
            row.class = metric.code.to_owned();
            row.other = Some(first.id);
            rows.push((report.id, row));
        }
    }
    rows
}
