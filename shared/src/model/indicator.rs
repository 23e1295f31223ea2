//! Indicator rows (一级 / 二级 / 三级指标, target, actual, weight, declared score, deviation
//! note) and the level-1 group weights the form's labels state, as points (`50`) or as a range
//! (`(40-50)分`).

use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::optional_text;
use crate::error::{FieldError, ValueError};
use crate::metric::MetricCode;
use crate::target::{Actual, Target};
use crate::value::{Bounded, NumberInput, Score, Weight, parse_decimal};

/// One 绩效指标 row, as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    /// 一级指标 as written (`产出指标`, `产出指标（50分）`).
    pub level1: String,
    /// 二级指标 as written (`数量指标`, `生态指标`).
    pub level2: String,
    /// 三级指标: the indicator's name.
    pub name: String,
    /// 年度指标值, as written and as read.
    pub target: Target,
    /// 实际完成值, as written and as read.
    pub actual: Actual,
    /// 分值.
    pub weight: Weight,
    /// 得分 as the form states it; `None` when the cell is empty (or `/`).
    #[serde(default, deserialize_with = "crate::value::optional")]
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
                return Err(FieldError::new(field, "不能为空"));
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
    /// The points the label gives the group: `50`, `"50分"`, or a range `"(40-50)分"`.
    pub weight: GroupWeight,
}

/// The points a level-1 label gives its group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GroupWeight {
    /// A number of points (`50`, `(50分)`): the group's level-3 weights must add up to it.
    Points(Weight),
    /// A range (`(0-20)分`, `(40-50)分`): the group's level-3 weights must add up to a value
    /// inside it (bounds included).
    Range {
        /// The lower bound.
        low: Decimal,
        /// The upper bound.
        high: Decimal,
    },
}

impl GroupWeight {
    /// Reads `50`, `50分`, `(50分)`, `（40-50）分`, `0-20`.
    ///
    /// # Errors
    /// When the text is no number or range of points from 0 to 100.
    pub fn parse(text: &str) -> Result<Self, ValueError> {
        let compact: String = text
            .chars()
            .map(crate::value::fold_full_width)
            .filter(|c| !c.is_whitespace() && !matches!(c, '(' | ')'))
            .collect();
        let compact = compact.strip_suffix('分').unwrap_or(&compact);
        let range = ["-", "~", "—", "–", "至"]
            .iter()
            .find_map(|dash| compact.split_once(dash))
            .filter(|(low, _)| !low.is_empty());
        let Some((low, high)) = range else {
            return compact.parse().map(Self::Points);
        };
        let low = parse_decimal(low.strip_suffix('分').unwrap_or(low))?;
        let high = parse_decimal(high)?;
        let out_of_range = || ValueError::OutOfRange {
            what: "分值区间",
            value: text.trim().to_owned(),
            range: "两端须在 0 到 100 之间，且下限不大于上限",
        };
        let points = |value: Decimal| {
            ((Decimal::ZERO..=Decimal::ONE_HUNDRED).contains(&value) && value.scale() <= 6)
                .then_some(value)
                .ok_or_else(out_of_range)
        };
        let (low, high) = (points(low)?, points(high)?);
        if low > high {
            return Err(out_of_range());
        }
        Ok(Self::Range { low, high })
    }

    /// True when `sum` is the group's points, or lies inside its range.
    pub fn admits(self, sum: Decimal) -> bool {
        match self {
            Self::Points(points) => sum == points.value(),
            Self::Range { low, high } => (low..=high).contains(&sum),
        }
    }

    /// The points, when the label gives a single number.
    pub fn points(self) -> Option<Decimal> {
        match self {
            Self::Points(points) => Some(points.value()),
            Self::Range { .. } => None,
        }
    }
}

impl fmt::Display for GroupWeight {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Points(points) => write!(f, "{points}"),
            Self::Range { low, high } => write!(f, "{}-{}", low.normalize(), high.normalize()),
        }
    }
}

impl Serialize for GroupWeight {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Points(points) => points.serialize(serializer),
            Self::Range { .. } => serializer.collect_str(self),
        }
    }
}

impl<'de> Deserialize<'de> for GroupWeight {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match NumberInput::read(deserializer)? {
            Some(NumberInput::Text(text)) => Self::parse(&text),
            Some(literal) => Weight::from_input(&literal).map(Self::Points),
            None => Err(crate::error::NumberError::Empty.into()),
        }
        .map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn group_weights_as_points_or_ranges() {
        assert_eq!(
            GroupWeight::parse("50").map(GroupWeight::points),
            Ok(Some(dec!(50)))
        );
        assert_eq!(
            GroupWeight::parse("（50分）").map(GroupWeight::points),
            Ok(Some(dec!(50)))
        );
        let range = GroupWeight::parse("(0-20)分").expect("a range");
        assert_eq!(
            range,
            GroupWeight::Range {
                low: dec!(0),
                high: dec!(20)
            }
        );
        assert!(range.admits(dec!(15)) && range.admits(dec!(20)) && !range.admits(dec!(25)));
        assert_eq!(
            GroupWeight::parse("(40-50)分").map(|w| w.to_string()),
            Ok("40-50".to_owned())
        );
        assert!(GroupWeight::parse("(50-40)分").is_err());
        assert!(GroupWeight::parse("abc").is_err());
    }
}
