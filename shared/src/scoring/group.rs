//! The explicit mapping from level-1 and level-2 labels as written to the national framework's
//! groups. Labels are never rewritten; this mapping only says what a label means
//! (`生态指标` is the 生态效益 group; `产出指标类` in a narrative is 产出指标).

use serde::{Deserialize, Serialize};

/// The level-1 groups of the national framework, plus budget execution.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level1 {
    /// 预算执行率.
    Execution,
    /// 产出指标.
    Output,
    /// 效益指标.
    Benefit,
    /// 满意度指标.
    Satisfaction,
}

/// The level-2 groups of the national framework.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level2 {
    /// 数量指标.
    Quantity,
    /// 质量指标.
    Quality,
    /// 时效指标.
    Timeliness,
    /// 成本指标.
    Cost,
    /// 经济效益指标.
    Economic,
    /// 社会效益指标.
    Social,
    /// 生态效益指标.
    Ecological,
    /// 可持续影响指标.
    Sustainable,
    /// 服务对象满意度指标.
    Satisfaction,
}

fn compact(label: &str) -> String {
    label
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '（' | '）' | '(' | ')'))
        .collect()
}

/// What a level-1 label (or a narrative's category name) means, if anything known.
pub fn level1_of(label: &str) -> Option<Level1> {
    let label = compact(label);
    if label.starts_with("预算执行") || label.starts_with("资金执行") || label == "项目资金"
    {
        Some(Level1::Execution)
    } else if label.starts_with("产出") {
        Some(Level1::Output)
    } else if label.starts_with("效益") {
        Some(Level1::Benefit)
    } else if label.starts_with("满意度") || label.starts_with("服务对象满意度") {
        Some(Level1::Satisfaction)
    } else {
        None
    }
}

/// What a level-2 label means, if anything known.
pub fn level2_of(label: &str) -> Option<Level2> {
    let label = compact(label);
    let table = [
        ("数量", Level2::Quantity),
        ("质量", Level2::Quality),
        ("时效", Level2::Timeliness),
        ("成本", Level2::Cost),
        ("经济", Level2::Economic),
        ("社会", Level2::Social),
        ("生态", Level2::Ecological),
        ("可持续", Level2::Sustainable),
        ("服务对象满意", Level2::Satisfaction),
        ("满意度", Level2::Satisfaction),
    ];
    table
        .into_iter()
        .find(|(prefix, _)| label.starts_with(prefix))
        .map(|(_, group)| group)
}

/// True when two labels (from the table and from the narrative, say) name the same level-1
/// group: equal as written, or both mapped to the same known group.
pub fn same_level1(a: &str, b: &str) -> bool {
    compact(a) == compact(b) || level1_of(a).is_some_and(|group| level1_of(b) == Some(group))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_of_the_seed_map_to_their_groups() {
        assert_eq!(level1_of("产出指标"), Some(Level1::Output));
        assert_eq!(level1_of("产出指标类"), Some(Level1::Output));
        assert_eq!(level1_of("效益指标（40分）"), Some(Level1::Benefit));
        assert_eq!(level1_of("预算执行率"), Some(Level1::Execution));
        assert_eq!(level2_of("生态指标"), Some(Level2::Ecological));
        assert_eq!(level2_of("经济效\n益指标"), Some(Level2::Economic));
        assert_eq!(level2_of("服务对象满意度指标"), Some(Level2::Satisfaction));
        assert_eq!(level2_of("成本指标"), Some(Level2::Cost));
        assert!(same_level1("效益指标", "效益指标类"));
        assert!(!same_level1("产出指标", "效益指标"));
    }
}
