//! Indicator rows (一级 / 二级 / 三级指标, target, actual, weight, declared score, deviation
//! note) and the level-1 group weights the form's labels state.

use serde::{Deserialize, Serialize};

use super::optional_text;
use crate::error::FieldError;
use crate::metric::MetricCode;
use crate::target::{Actual, Target};
use crate::value::{Score, Weight};

/// One 绩效指标 row, as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    /// 一级指标 as written (`产出指标`).
    pub level1: String,
    /// 二级指标 as written (`数量指标`, `生态指标`).
    pub level2: String,
    /// 三级指标: the indicator's name.
    pub name: String,
    /// 年度指标值.
    pub target: Target,
    /// 实际完成值.
    pub actual: Actual,
    /// 分值.
    pub weight: Weight,
    /// 得分 as the form states it; `None` when the cell is empty.
    #[serde(default)]
    pub declared_score: Option<Score>,
    /// 偏差原因分析及改进措施; `None` when the cell is empty.
    #[serde(default, deserialize_with = "optional_text")]
    pub deviation_note: Option<String>,
    /// The economic metric this indicator measures, when its name alone does not say
    /// (benchmark targets look their benchmark up by it).
    #[serde(default)]
    pub metric: Option<MetricCode>,
}

impl Indicator {
    pub(crate) fn validate(&self) -> Result<(), FieldError> {
        for (field, text) in [
            ("level1", &self.level1),
            ("level2", &self.level2),
            ("name", &self.name),
        ] {
            if text.trim().is_empty() {
                return Err(FieldError::new(field, "must not be empty"));
            }
        }
        Ok(())
    }

    /// The metric this indicator measures: the explicit one, else the one its name names.
    pub fn measured_metric(&self) -> Option<&'static crate::metric::Metric> {
        self.metric
            .map(MetricCode::metric)
            .or_else(|| crate::metric::for_indicator_name(&self.name))
    }
}

/// A level-1 group's weight as the form's label states it (`产出指标(50分)`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorGroupWeight {
    /// 一级指标 as written.
    pub level1: String,
    /// The points the label gives the group.
    pub weight: Weight,
}
