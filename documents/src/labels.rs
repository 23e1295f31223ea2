//! The labels a 自评表 writes, as compared after [`fundlens_shared::reading::cells::compact`]:
//! the header, the funding block, the goal, the indicator table's columns and the total. One
//! list, so every reader recognises the same words and a value is never mistaken for a label.

/// Header fields: (JSON path, Chinese label, the labels forms write for it).
pub(crate) const HEADER: &[(&str, &str, &[&str])] = &[
    (
        "program.name",
        "项目名称",
        &["项目名称", "项目名", "专项资金名称"],
    ),
    (
        "program.department",
        "主管部门",
        &["主管部门", "主管单位", "预算部门"],
    ),
    (
        "program.implementer",
        "实施单位",
        &["实施单位", "项目实施单位"],
    ),
    (
        "region",
        "地区",
        &["地区", "所属地区", "行政区划", "区域", "地区名称"],
    ),
    (
        "year",
        "年度",
        &["年度", "评价年度", "所属年度", "预算年度"],
    ),
];

/// The funding block's rows: (record key, Chinese label, words that name the row).
pub(crate) const FUNDING_ROWS: &[(&str, &str, &[&str])] = &[
    (
        "total",
        "年度资金总额",
        &["资金总额", "年度资金总额", "资金合计"],
    ),
    (
        "current_appropriation",
        "当年财政拨款",
        &["当年财政拨款", "财政拨款"],
    ),
    ("carried_over", "上年结转资金", &["上年结转"]),
    ("other", "其他资金", &["其他资金", "其它资金"]),
];

/// A column of the funding block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FundingColumn {
    YearStart,
    FullYear,
    Executed,
    Weight,
    Rate,
    Score,
}

impl FundingColumn {
    pub(crate) fn of(label: &str) -> Option<Self> {
        if label.starts_with("年初预算") {
            Some(Self::YearStart)
        } else if label.starts_with("全年预算") || label.starts_with("调整后预算") {
            Some(Self::FullYear)
        } else if label.starts_with("全年执行")
            || label == "执行数"
            || label.starts_with("实际执行")
        {
            Some(Self::Executed)
        } else if label == "分值" || label == "权重" {
            Some(Self::Weight)
        } else if label == "执行率" || label == "预算执行率" {
            Some(Self::Rate)
        } else if label == "得分" || label == "自评得分" {
            Some(Self::Score)
        } else {
            None
        }
    }
}

/// A column of the indicator table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum IndicatorColumn {
    Level1,
    Level2,
    Name,
    Target,
    Operator,
    Unit,
    Actual,
    Weight,
    Score,
    Note,
    Metric,
}

impl IndicatorColumn {
    pub(crate) fn of(label: &str) -> Option<Self> {
        Some(match label {
            "一级指标" => Self::Level1,
            "二级指标" => Self::Level2,
            "三级指标" | "指标名称" | "三级指标名称" | "绩效指标名称" => {
                Self::Name
            }
            "年度指标值" | "指标值" | "年度目标值" | "目标值" | "预期指标值" | "计划指标值"
            | "年度指标值(A)" | "预期目标值" => Self::Target,
            "指标性质" | "指标方向" | "比较符" | "运算符" => Self::Operator,
            "度量单位" | "计量单位" | "单位" => Self::Unit,
            "实际完成值"
            | "完成值"
            | "实际值"
            | "全年实际完成值"
            | "实际完成值(B)"
            | "全年完成值"
            | "实际完成" => Self::Actual,
            "分值" | "权重" | "指标分值" => Self::Weight,
            "得分" | "自评得分" | "评分" => Self::Score,
            "对应统计指标" | "统计指标" => Self::Metric,
            other if other.starts_with("偏差原因") || other.starts_with("未完成原因") => {
                Self::Note
            }
            _ => return None,
        })
    }

    /// The Chinese label shown for the field.
    pub(crate) fn label(self) -> &'static str {
        match self {
            Self::Level1 => "一级指标",
            Self::Level2 => "二级指标",
            Self::Name => "三级指标",
            Self::Target => "年度指标值",
            Self::Operator => "指标性质",
            Self::Unit => "度量单位",
            Self::Actual => "实际完成值",
            Self::Weight => "分值",
            Self::Score => "得分",
            Self::Note => "偏差原因分析及改进措施",
            Self::Metric => "对应统计指标",
        }
    }
}

/// Labels of the goal block.
pub(crate) const GOAL: &[&str] = &["年度总体目标", "总体目标", "年度绩效目标"];
pub(crate) const GOAL_EXPECTED: &[&str] = &["预期目标", "年度预期目标"];
pub(crate) const GOAL_ACTUAL: &[&str] = &["实际完成情况", "实际完成", "全年实际完成情况"];

/// Labels of the total row and the grade.
pub(crate) const TOTAL: &[&str] = &["总分", "合计", "总计", "综合得分"];
pub(crate) const GRADE: &[&str] = &["等级", "自评等级", "评价等级", "绩效等级", "评价结果"];

/// True for any label of the form, so a value search stops at it.
pub(crate) fn is_label(label: &str) -> bool {
    HEADER.iter().any(|(_, _, words)| words.contains(&label))
        || FundingColumn::of(label).is_some()
        || IndicatorColumn::of(label).is_some()
        || GOAL.contains(&label)
        || GOAL_EXPECTED.contains(&label)
        || GOAL_ACTUAL.contains(&label)
        || TOTAL.contains(&label)
        || GRADE.contains(&label)
}
