//! The explicit mapping from level-1 and level-2 labels as written to the national framework's
//! groups. Labels are never rewritten; this mapping only says what a label means
//! (`生态指标` is the 生态效益 group; `产出指标类` in a narrative is 产出指标; `产出指标(50分)`
//! and `产出指标（50分）` are one group, whose label gives it 50 points).

use serde::{Deserialize, Serialize};

use crate::model::GroupWeight;

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

/// The label without its bracketed points and spaces (`产出指标（50分）` → `产出指标`): two
/// labels with the same key are the same group.
pub fn group_key(label: &str) -> String {
    let mut key = String::with_capacity(label.len());
    let mut depth = 0usize;
    for c in label.chars() {
        match c {
            '(' | '（' => depth += 1,
            ')' | '）' => depth = depth.saturating_sub(1),
            c if depth == 0 && !c.is_whitespace() => key.push(c),
            _ => {}
        }
    }
    key
}

/// The points a level-1 label states in brackets (`产出指标(50分)`, `满意度指标（0-20）分`).
pub fn points_in_label(label: &str) -> Option<GroupWeight> {
    let open = label.find(['(', '（'])?;
    let inside = &label[open..];
    let close = inside.find([')', '）'])?;
    let points = &inside[..close];
    let after = inside[close..].trim_start_matches([')', '）']).trim();
    let text = if after.starts_with('分') {
        format!("{points}分")
    } else {
        points.to_owned()
    };
    GroupWeight::parse(&text).ok()
}

/// True for a level-2 label that is a cost (`成本指标`, `经济成本指标`, `社会成本指标`,
/// `生态环境成本指标`): a bare amount of money under it is "at most".
pub fn is_cost(label: &str) -> bool {
    compact(label).contains("成本")
}

/// What a level-2 label means, if anything known.
pub fn level2_of(label: &str) -> Option<Level2> {
    if is_cost(label) {
        return Some(Level2::Cost);
    }
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
/// group: equal without their bracketed points, or both mapped to the same known group.
pub fn same_level1(a: &str, b: &str) -> bool {
    group_key(a) == group_key(b) || level1_of(a).is_some_and(|group| level1_of(b) == Some(group))
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

    #[test]
    fn every_cost_label_is_a_cost() {
        for label in [
            "成本指标",
            "经济成本指标",
            "社会成本指标",
            "生态环境成本指标",
        ] {
            assert!(is_cost(label), "{label}");
            assert_eq!(level2_of(label), Some(Level2::Cost), "{label}");
        }
        assert_eq!(level2_of("经济效益指标"), Some(Level2::Economic));
    }

    #[test]
    fn labels_with_points_in_any_bracket_are_one_group() {
        assert_eq!(group_key("产出指标(50分)"), "产出指标");
        assert_eq!(group_key("产出指标（50分）"), "产出指标");
        assert!(same_level1("产出指标(50分)", "产出指标（50分）"));
        assert_eq!(
            points_in_label("产出指标（50分）").and_then(GroupWeight::points),
            Some(rust_decimal::Decimal::from(50))
        );
        assert_eq!(
            points_in_label("满意度指标(0-20)分"),
            GroupWeight::parse("0-20").ok()
        );
        assert_eq!(points_in_label("产出指标"), None);
        assert_eq!(points_in_label("效益指标（社会）"), None);
    }
}
