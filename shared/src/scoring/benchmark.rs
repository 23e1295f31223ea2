//! Benchmark figures (the province's or city's value of a metric for the record's year) that
//! resolve targets like `≥全省平均水平`. A benchmark from sample data is never used to score a
//! real record.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::metric::Metric;
use crate::model::Evaluation;
use crate::target::BenchmarkScope;

/// One benchmark figure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BenchmarkValue {
    /// The metric.
    pub metric: &'static Metric,
    /// Whose figure it is.
    pub scope: BenchmarkScope,
    /// The value, in the metric's unit.
    #[serde(with = "crate::value::decimal_number")]
    pub value: Decimal,
    /// Where it comes from, shown in explanations.
    pub source: String,
    /// True when the figure is generated sample data.
    pub sample: bool,
}

/// The benchmark figures available to one scoring run.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Benchmarks(Vec<BenchmarkValue>);

impl Benchmarks {
    /// No figures: every benchmark target is "not computable".
    pub fn none() -> Self {
        Self::default()
    }

    /// The figures a record carries in its own `benchmarks` list (same provenance as the
    /// record).
    pub fn from_record(evaluation: &Evaluation) -> Self {
        let sample = evaluation.provenance.is_sample();
        Self(
            evaluation
                .benchmarks
                .iter()
                .map(|benchmark| BenchmarkValue {
                    metric: benchmark.metric.metric(),
                    scope: benchmark.scope,
                    value: benchmark.value,
                    source: benchmark
                        .source
                        .clone()
                        .unwrap_or_else(|| "随记录提供".to_owned()),
                    sample,
                })
                .collect(),
        )
    }

    /// Adds a figure; a figure of the same metric and scope given earlier wins.
    pub fn add(&mut self, value: BenchmarkValue) {
        if self.find(value.metric, value.scope, true).is_none() {
            self.0.push(value);
        }
    }

    /// The figure for `metric` and `scope`; sample figures only when `allow_sample`.
    pub fn find(
        &self,
        metric: &Metric,
        scope: BenchmarkScope,
        allow_sample: bool,
    ) -> Option<&BenchmarkValue> {
        self.0.iter().find(|benchmark| {
            benchmark.metric.code == metric.code
                && benchmark.scope == scope
                && (allow_sample || !benchmark.sample)
        })
    }

    /// True when no figure is available.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}
