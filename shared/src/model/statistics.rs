//! Economic statistics of the evaluated region (section 四(二): value, unit, provincial rank)
//! and benchmark figures of the province or city supplied to resolve `≥全省平均水平`.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::optional_text;
use crate::error::FieldError;
use crate::metric::MetricCode;
use crate::target::{BenchmarkScope, Unit};
use crate::value::Rank;

/// One statistic of the evaluated region and year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EconomicStatistic {
    /// Which metric (a catalogue code).
    pub metric: MetricCode,
    /// The value, in `unit`.
    #[serde(with = "crate::value::figure")]
    pub value: Decimal,
    /// The unit as written; must match the metric's unit.
    #[serde(default)]
    pub unit: Option<Unit>,
    /// Rank within the province, when stated.
    #[serde(default)]
    pub rank: Option<Rank>,
    /// The sentence the figure was taken from, or a remark.
    #[serde(default, deserialize_with = "optional_text")]
    pub note: Option<String>,
}

impl EconomicStatistic {
    pub(crate) fn validate(&self) -> Result<(), FieldError> {
        check_unit(self.metric, self.unit.as_ref())
    }
}

/// A figure of a wider area (province, city) for the record's year, used as a benchmark.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Benchmark {
    /// Which metric (a catalogue code).
    pub metric: MetricCode,
    /// Whose figure: `province` (default), `city` or `country`.
    #[serde(default = "province")]
    pub scope: BenchmarkScope,
    /// The value, in the metric's unit.
    #[serde(with = "crate::value::figure")]
    pub value: Decimal,
    /// The unit as written; must match the metric's unit.
    #[serde(default)]
    pub unit: Option<Unit>,
    /// Where the figure comes from.
    #[serde(default, deserialize_with = "optional_text")]
    pub source: Option<String>,
}

fn province() -> BenchmarkScope {
    BenchmarkScope::Province
}

impl Benchmark {
    pub(crate) fn validate(&self) -> Result<(), FieldError> {
        check_unit(self.metric, self.unit.as_ref())
    }
}

fn check_unit(metric: MetricCode, unit: Option<&Unit>) -> Result<(), FieldError> {
    let expected = metric.metric().unit;
    match unit {
        Some(unit) if unit.as_str() != expected => Err(FieldError::new(
            "unit",
            format!(
                "单位“{unit}”与指标“{}”的单位“{expected}”不一致",
                metric.metric().name
            ),
        )),
        _ => Ok(()),
    }
}

/// One economic observation as the store keeps it: a region's value of a metric in a year,
/// with its provincial rank and its source. The province's own observations are the
/// benchmarks for its regions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Observation {
    /// The region, in Chinese (`赫山区`, `湖南省`).
    #[serde(deserialize_with = "super::required_text")]
    pub region: String,
    /// The year.
    pub year: crate::value::Year,
    /// Which metric (a catalogue code).
    pub metric: MetricCode,
    /// The value, in the metric's unit.
    #[serde(with = "crate::value::figure")]
    pub value: Decimal,
    /// The unit as written; must match the metric's unit.
    #[serde(default)]
    pub unit: Option<Unit>,
    /// Rank within the province, when known.
    #[serde(default)]
    pub rank: Option<Rank>,
    /// Where the figure comes from.
    pub source: super::Provenance,
}

impl Observation {
    /// Checks rules that span fields (the unit against the metric).
    ///
    /// # Errors
    /// When the unit does not match the metric's unit.
    pub fn validate(&self) -> Result<(), FieldError> {
        check_unit(self.metric, self.unit.as_ref())
    }
}
