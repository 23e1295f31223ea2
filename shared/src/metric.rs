//! The catalogue of economic metrics a report states in section 四(二): code, Chinese name,
//! unit, and the indicator names that measure the same thing (so `≥全省平均水平` on the
//! indicator 规模以上工业增加值 finds its benchmark in 规模工业增加值增速).
//!
//! Codes are stable English snake_case; they key the stored time series. Adding a metric is
//! adding a line here.

use serde::Serialize;

/// One economic metric.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Metric {
    /// Stable code, e.g. `industrial_value_added_growth`.
    pub code: &'static str,
    /// Chinese name as reports write it.
    pub name: &'static str,
    /// Unit of the value (`%`, `家`, `亿元`).
    pub unit: &'static str,
    /// True when a larger value is better (growth, counts); false for e.g. costs.
    pub higher_is_better: bool,
    /// Indicator names (三级指标) that measure this metric.
    pub indicator_names: &'static [&'static str],
}

/// The economic metrics the overview charts and the briefing sets against the province.
pub const KEY_METRICS: [&str; 4] = [
    "industrial_value_added_growth",
    "industrial_investment_growth",
    "technical_renovation_investment_growth",
    "manufacturing_share_of_gdp",
];

/// Every metric FundLens knows, in the order section 四(二) of a report lists them.
pub const METRICS: &[Metric] = &[
    metric(
        "industrial_value_added_growth",
        "规模工业增加值增速",
        "%",
        &[
            "规模以上工业增加值",
            "规模以上工业增加值增速",
            "规模工业增加值",
            "规模工业增加值增速",
            "规模以上工业增加值增长",
        ],
    ),
    metric(
        "small_industry_value_added_growth",
        "规下工业增加值增速",
        "%",
        &["规下工业增加值", "规下工业增加值增速"],
    ),
    metric(
        "industrial_investment_growth",
        "工业投资增速",
        "%",
        &["工业投资增速", "工业投资增长", "工业投资"],
    ),
    metric(
        "technical_renovation_investment_growth",
        "工业技改投资增速",
        "%",
        &["工业技改投资增速", "技改投资增速", "工业技改投资"],
    ),
    metric(
        "new_scale_enterprises",
        "新增规模工业企业",
        "家",
        &["新入规企业", "新增规模工业企业", "新增规模以上工业企业"],
    ),
    metric(
        "manufacturing_share_of_gdp",
        "制造业增加值占GDP比重",
        "%",
        &["制造业增加值占GDP比重"],
    ),
    metric("industrial_tax_revenue", "工业税收", "亿元", &["工业税收"]),
    metric(
        "industrial_tax_growth",
        "工业税收增速",
        "%",
        &["工业税收增速", "工业税收增长"],
    ),
    metric(
        "industrial_chain_output",
        "十大产业链产值",
        "亿元",
        &["十大产业链产值"],
    ),
    metric(
        "industrial_chain_output_share",
        "十大产业链产值占规模工业总产值比重",
        "%",
        &[],
    ),
    metric(
        "problem_resolution_rate",
        "联企问题解决率",
        "%",
        &["问题解决率"],
    ),
    metric(
        "enterprise_subsidies_paid",
        "兑现先进制造业高质量发展奖补资金",
        "万元",
        &[],
    ),
    metric(
        "provincial_manufacturing_funds",
        "争取省级制造业发展资金",
        "亿元",
        &[],
    ),
    metric(
        "tax_relief_for_manufacturers",
        "制造业企业退免减降缓税金",
        "亿元",
        &[],
    ),
    metric("new_enterprise_financing", "新增融资", "亿元", &[]),
    metric(
        "new_doctorates_in_industry",
        "工业企业新引进博士",
        "名",
        &[],
    ),
    metric("grid_investment", "新型电网系统建设投资", "亿元", &[]),
    metric("data_centers", "数据中心", "个", &[]),
    metric("data_center_racks", "数据中心机架", "个", &[]),
    metric("new_5g_base_stations", "新建5G基站", "个", &[]),
    metric("total_5g_base_stations", "5G基站累计", "个", &[]),
];

const fn metric(
    code: &'static str,
    name: &'static str,
    unit: &'static str,
    indicator_names: &'static [&'static str],
) -> Metric {
    Metric {
        code,
        name,
        unit,
        higher_is_better: true,
        indicator_names,
    }
}

/// The metric with this code.
pub fn by_code(code: &str) -> Option<&'static Metric> {
    METRICS.iter().find(|metric| metric.code == code)
}

/// The metric an indicator name measures: by its listed indicator names, then by the metric's
/// own name.
pub fn for_indicator_name(name: &str) -> Option<&'static Metric> {
    let name = name.trim();
    METRICS
        .iter()
        .find(|metric| metric.indicator_names.contains(&name))
        .or_else(|| METRICS.iter().find(|metric| metric.name == name))
}

/// A metric code (or name) the catalogue does not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("未知的经济指标 {0}（已知指标见 GET /api/metrics）")]
pub struct UnknownMetric(pub String);

/// A code that names a metric of the catalogue; read from the code string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct MetricCode(&'static Metric);

impl MetricCode {
    /// Looks a code up in the catalogue; the metric's Chinese name (`规模工业增加值增速`) or an
    /// indicator name that measures it (`规模以上工业增加值`) is accepted too and read as its code.
    ///
    /// # Errors
    /// When the code is unknown; the message lists where to find the known ones.
    pub fn parse(code: &str) -> Result<Self, UnknownMetric> {
        let text = code.trim();
        by_code(text)
            .or_else(|| for_indicator_name(text))
            .map(Self)
            .ok_or_else(|| UnknownMetric(code.to_owned()))
    }

    /// The catalogue entry.
    pub fn metric(self) -> &'static Metric {
        self.0
    }
}

impl std::hash::Hash for Metric {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.code.hash(state);
    }
}

impl TryFrom<String> for MetricCode {
    type Error = UnknownMetric;
    fn try_from(code: String) -> Result<Self, UnknownMetric> {
        Self::parse(&code)
    }
}

impl From<MetricCode> for String {
    fn from(code: MetricCode) -> String {
        code.0.code.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_indicator_names_resolve() {
        for (i, metric) in METRICS.iter().enumerate() {
            assert!(
                METRICS[i + 1..]
                    .iter()
                    .all(|other| other.code != metric.code),
                "{} twice",
                metric.code
            );
        }
        assert_eq!(
            for_indicator_name("规模以上工业增加值").map(|m| m.code),
            Some("industrial_value_added_growth")
        );
        assert_eq!(
            for_indicator_name("工业投资增速").map(|m| m.code),
            Some("industrial_investment_growth")
        );
        assert!(MetricCode::parse("no_such_metric").is_err());
        assert_eq!(
            MetricCode::parse("规模工业增加值增速").map(|m| m.metric().code),
            Ok("industrial_value_added_growth")
        );
    }
}
