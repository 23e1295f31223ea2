//! Which way a bare number points (a target without an operator): "at least", except for an
//! amount of money under a cost group, an indicator measuring something to avoid (its name says
//! 事故, 受害, 投诉…), or a target of zero — those are "at most" (DOMAIN.md, "Edge rules").
//! The words that decided it go into the row's explanation.

use super::group::is_cost;
use crate::model::Indicator;
use crate::target::{Comparison, Quantity};

/// Words in an indicator's name that say it measures something to avoid.
const TO_AVOID: &[&str] = &[
    "事故",
    "受害",
    "成灾",
    "发生率",
    "投诉",
    "差错",
    "失误",
    "违规",
    "违纪",
    "超标",
    "死亡",
    "伤亡",
    "损失",
    "逾期",
    "返工",
    "事件",
    "隐患",
    "上访",
    "信访",
    "故障",
    "不合格",
    "不良",
    "污染",
    "返贫",
    "流失",
    "滞留",
    "退回",
    "扣分",
    "漏报",
    "误报",
];

/// Words that turn such a name into something to increase (`投诉处理率`, `事故下降率`).
const MEASURES_THE_REMEDY: &[&str] = &[
    "处理", "办结", "解决", "回复", "答复", "整改", "查处", "结案", "处置", "满意", "下降", "降低",
    "减少", "防治", "防控", "预防", "排查", "覆盖", "培训", "响应", "消除", "治理", "监测", "救治",
    "挽回", "减损",
];

/// How a bare number was read and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum BareReading {
    /// A count or share: at least.
    AtLeast,
    /// An amount of money under a cost group: at most.
    CostAmount,
    /// Something to avoid, named by this word: at most.
    ToAvoid(&'static str),
    /// A target of zero: at most.
    Zero,
}

impl BareReading {
    /// The reading of `indicator`'s bare `quantity`.
    pub(super) fn of(indicator: &Indicator, quantity: &Quantity) -> Self {
        if quantity.unit.is_money() && is_cost(&indicator.level2) {
            Self::CostAmount
        } else if let Some(word) = avoided(&indicator.name) {
            Self::ToAvoid(word)
        } else if quantity.value.is_zero() {
            Self::Zero
        } else {
            Self::AtLeast
        }
    }

    /// The comparison the reading applies.
    pub(super) fn comparison(self) -> Comparison {
        match self {
            Self::AtLeast => Comparison::AtLeast,
            Self::CostAmount | Self::ToAvoid(_) | Self::Zero => Comparison::AtMost,
        }
    }

    /// Why, in the words the explanation shows.
    pub(super) fn why(self) -> String {
        match self {
            Self::AtLeast => "数值按“不低于”".to_owned(),
            Self::CostAmount => "成本类指标下的金额按“不高于”".to_owned(),
            Self::ToAvoid(word) => {
                format!("指标名称含“{word}”，衡量应避免的情形，按“不高于”")
            }
            Self::Zero => "指标值为0，按“不高于”".to_owned(),
        }
    }
}

/// The word of `name` that says it measures something to avoid, unless the name measures the
/// remedy (`投诉处理率`).
fn avoided(name: &str) -> Option<&'static str> {
    if MEASURES_THE_REMEDY.iter().any(|word| name.contains(word)) {
        return None;
    }
    TO_AVOID.iter().copied().find(|word| name.contains(word))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_of_things_to_avoid() {
        assert_eq!(avoided("森林火灾受害率"), Some("受害"));
        assert_eq!(avoided("重大安全事故发生数"), Some("事故"));
        assert_eq!(avoided("群众投诉次数"), Some("投诉"));
        assert_eq!(avoided("投诉处理率"), None);
        assert_eq!(avoided("安全事故下降率"), None);
        assert_eq!(avoided("新增企业数"), None);
    }
}
