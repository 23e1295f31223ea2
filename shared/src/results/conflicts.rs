//! Figures that disagree across reports (交叉核对): the same region-year statistic of section
//! 四(二) (规模工业增加值增速 and the others) stated by a report differently from the official
//! figure imported for the region and year ([`Published`]), or, where none was imported,
//! differently from the report of the region and year first stored (the lowest evaluation id).
//! Each such report is a `statistic_conflict` naming both sources and values; one against the
//! official figure is flagged (`flag`), one against another report names it (`other`). Values
//! are compared exactly as written (6.8 and 6.80 are the same value): a statistic has one true
//! figure, and any difference is worth a look. A report is compared only with figures of its
//! own kind (sample with sample, real with real).
//!
//! Why the official figure is the reference when there is one: it is what the statistics
//! bureau published, and it stays in the store whatever the reports say (a report's figures
//! fill a region's series only where no official figure was imported). Comparing each report
//! with it, instead of with the first report as well, gives one row per misstated report.
//!
//! Not compared: a fund's 全年预算数 against what its next report states for it (the form does
//! not state the year before's budget).

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::{ResultCode, ResultItem, blank};
use crate::audit::Severity;
use crate::format;
use crate::metric::Metric;
use crate::model::Evaluation;

/// An official figure of the region and year, imported as an observation (not from a report).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Published {
    /// The metric.
    pub metric: &'static Metric,
    /// Its value.
    pub value: Decimal,
    /// Generated demonstration data.
    pub sample: bool,
    /// The source's name (a document's title; 示例数据 for the sample), empty when it has none.
    pub source: String,
}

/// The conflicts among the reports of one region and year (`reports`, each with its
/// evaluation id, in any order) and against the official figures of that region and year
/// (`published`). Only the records are read: neither their scores nor the year before.
pub fn among(reports: &[(i64, &Evaluation)], published: &[Published]) -> Vec<(i64, ResultItem)> {
    let mut ordered: Vec<(i64, &Evaluation)> = reports.to_vec();
    ordered.sort_by_key(|(id, _)| *id);
    let mut first_stated = BTreeMap::new();
    let mut rows = Vec::new();
    for (id, evaluation) in ordered {
        let sample = evaluation.provenance.is_sample();
        for statistic in &evaluation.statistics {
            let metric = statistic.metric.metric();
            let stated = |value: Decimal| format::figure(value, metric.unit);
            let official = published
                .iter()
                .find(|p| p.metric.code == metric.code && p.sample == sample);
            let (reference, other, against) = if let Some(official) = official {
                let source = match official.source.trim() {
                    "" => String::new(),
                    title => format!("（{title}）"),
                };
                let against = format!("导入的统计数据{source}为{}", stated(official.value));
                (official.value, None, against)
            } else if let Some(&(first, first_program, value)) =
                first_stated.get(&(metric.code, sample))
            {
                let against = format!("《{first_program}》自评报告填报{}", stated(value));
                (value, Some(first), against)
            } else {
                first_stated.insert(
                    (metric.code, sample),
                    (id, evaluation.program.name.as_str(), statistic.value),
                );
                continue;
            };
            if reference == statistic.value {
                continue;
            }
            let mut row = blank(
                ResultCode::StatisticConflict,
                Severity::Warning,
                format!(
                    "{}{}年“{}”：《{}》自评报告填报{}，{}",
                    evaluation.region,
                    evaluation.year.value(),
                    metric.name,
                    evaluation.program.name,
                    stated(statistic.value),
                    against,
                ),
            );
            row.subject = Some(metric.name.to_owned());
            row.before = Some(reference);
            row.after = Some(statistic.value);
            row.unit = metric.unit.to_owned();
            row.class = metric.code.to_owned();
            row.flag = other.is_none();
            row.other = other;
            rows.push((id, row));
        }
    }
    rows
}
