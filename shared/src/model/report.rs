//! The report around the form: the program, its goals, the sub-project allocations of section
//! 四(一), the totals the narrative claims (三, 四(三)), its sections, problems and measures.

use serde::{Deserialize, Serialize};

use super::{optional_text, required_text};
use crate::value::{Grade, Money, Score};

/// The special fund (项目).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Program {
    /// 项目名称.
    #[serde(deserialize_with = "required_text")]
    pub name: String,
    /// 主管部门.
    #[serde(default, deserialize_with = "optional_text")]
    pub department: Option<String>,
    /// 实施单位.
    #[serde(default, deserialize_with = "optional_text")]
    pub implementer: Option<String>,
    /// The project categories section 一 lists.
    #[serde(default)]
    pub categories: Vec<ProgramCategory>,
}

/// One project category of section 一 (`工业新兴优势产业链项目`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProgramCategory {
    /// The category's name.
    #[serde(deserialize_with = "required_text")]
    pub name: String,
    /// What it covers, as written.
    #[serde(default, deserialize_with = "optional_text")]
    pub description: Option<String>,
}

/// 年度总体目标.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Goal {
    /// 预期目标.
    #[serde(default, deserialize_with = "optional_text")]
    pub expected: Option<String>,
    /// 实际完成情况.
    #[serde(default, deserialize_with = "optional_text")]
    pub actual: Option<String>,
}

/// One sub-project line of section 四(一): name, amount, purpose.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Allocation {
    /// The line's name (`创客中国大赛专项经费`).
    #[serde(deserialize_with = "required_text")]
    pub name: String,
    /// The program category it belongs to.
    #[serde(default, deserialize_with = "optional_text")]
    pub category: Option<String>,
    /// Amount in 万元.
    pub amount: Money,
    /// What the money was for, as written.
    #[serde(default, deserialize_with = "optional_text")]
    pub purpose: Option<String>,
    /// The region that received it, when the report says.
    #[serde(default, deserialize_with = "optional_text")]
    pub recipient_region: Option<String>,
}

/// The form's own 总分 (and grade, when the form states one).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeclaredResult {
    /// 总分 as the form states it.
    #[serde(default, deserialize_with = "crate::value::optional")]
    pub total: Option<Score>,
    /// Grade as the form states it.
    #[serde(default)]
    pub grade: Option<Grade>,
}

/// A category score as the narrative states it (`产出指标类得分为49分`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CategoryClaim {
    /// The category as written (`预算执行率`, `产出指标类`).
    #[serde(deserialize_with = "required_text")]
    pub name: String,
    /// The claimed score.
    pub score: Score,
}

/// The report's text: what it claims and what it says.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Narrative {
    /// The total the text claims (三 综合评价结论, 四(三)).
    #[serde(default, deserialize_with = "crate::value::optional")]
    pub claimed_total: Option<Score>,
    /// The grade the text claims.
    #[serde(default)]
    pub claimed_grade: Option<Grade>,
    /// Per-category scores the text claims (四(三)).
    #[serde(default)]
    pub claimed_categories: Vec<CategoryClaim>,
    /// 一 项目概况.
    #[serde(default, deserialize_with = "optional_text")]
    pub overview: Option<String>,
    /// 二 绩效自评工作开展情况.
    #[serde(default, deserialize_with = "optional_text")]
    pub process: Option<String>,
    /// 三 综合评价结论.
    #[serde(default, deserialize_with = "optional_text")]
    pub conclusion: Option<String>,
    /// 四(一) 项目资金使用及管理情况, the text beyond the allocation lines.
    #[serde(default, deserialize_with = "optional_text")]
    pub fund_management: Option<String>,
    /// 四(二) 总体绩效目标完成情况分析.
    #[serde(default, deserialize_with = "optional_text")]
    pub results: Option<String>,
    /// 四(三) 绩效指标完成情况分析.
    #[serde(default, deserialize_with = "optional_text")]
    pub indicator_analysis: Option<String>,
    /// 五 存在的问题, one entry per problem.
    #[serde(default)]
    pub problems: Vec<String>,
    /// 五 改进措施, one entry per measure.
    #[serde(default)]
    pub measures: Vec<String>,
    /// 六 绩效自评结果拟应用和公开情况.
    #[serde(default, deserialize_with = "optional_text")]
    pub publication: Option<String>,
    /// 七 其他需要说明的问题.
    #[serde(default, deserialize_with = "optional_text")]
    pub other: Option<String>,
}
