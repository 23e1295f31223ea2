//! Benchmark targets: the average of a wider area in the same metric and year, written with the
//! operator before or after it (`≥全省平均水平`, `不低于全市平均水平`, `全省平均水平以上`,
//! `高于全国平均`). Without an operator a benchmark is "at least".

use serde::{Deserialize, Serialize};

use super::operator::{Comparison, split_prefix, split_suffix};

/// Whose average a benchmark target refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BenchmarkScope {
    /// 全省 — the province (the parent of a city in the region tree).
    Province,
    /// 全市 — the city.
    City,
    /// 全国 — the country.
    Country,
}

impl BenchmarkScope {
    /// The Chinese word for the scope: 全省, 全市, 全国.
    pub fn label(self) -> &'static str {
        match self {
            Self::Province => "全省",
            Self::City => "全市",
            Self::Country => "全国",
        }
    }
}

/// The words for "average" after the scope.
const AVERAGES: &[&str] = &[
    "平均水平值",
    "平均水平",
    "平均值",
    "平均增速",
    "平均增幅",
    "平均数",
    "平均",
];

/// Reads a benchmark target; `None` when the text is not one.
pub(crate) fn read_benchmark(text: &str) -> Option<(Comparison, BenchmarkScope)> {
    let (before, rest) = split_prefix(text);
    let (after, rest) = split_suffix(rest);
    let (scope, rest) = [
        ("全省", BenchmarkScope::Province),
        ("全市", BenchmarkScope::City),
        ("全国", BenchmarkScope::Country),
    ]
    .into_iter()
    .find_map(|(word, scope)| rest.strip_prefix(word).map(|rest| (scope, rest)))?;
    AVERAGES
        .contains(&rest)
        .then(|| (before.or(after).unwrap_or(Comparison::AtLeast), scope))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn benchmarks_in_any_order() {
        for (text, comparison, scope) in [
            (
                "≥全省平均水平",
                Comparison::AtLeast,
                BenchmarkScope::Province,
            ),
            (
                "全省平均水平以上",
                Comparison::AtLeast,
                BenchmarkScope::Province,
            ),
            (
                "不低于全市平均水平",
                Comparison::AtLeast,
                BenchmarkScope::City,
            ),
            (
                "高于全国平均",
                Comparison::GreaterThan,
                BenchmarkScope::Country,
            ),
            (
                "全省平均水平",
                Comparison::AtLeast,
                BenchmarkScope::Province,
            ),
        ] {
            assert_eq!(read_benchmark(text), Some((comparison, scope)), "{text}");
        }
        assert_eq!(read_benchmark("全省领先"), None);
    }
}
