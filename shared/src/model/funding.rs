//! The 项目资金 block: four rows (年度资金总额, 当年财政拨款, 上年结转资金, 其他资金) by three
//! columns (年初预算数, 全年预算数, 全年执行数), plus the weight, declared rate and score. An
//! empty cell (`null`, `""`, `/`, `—`) is `None`.

use serde::{Deserialize, Serialize};

use crate::value::{Money, Percent, Score, Weight};

/// One row of the funding block; an empty cell is `None`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FundingRow {
    /// 年初预算数: budget at the start of the year, 万元.
    #[serde(default, deserialize_with = "crate::value::optional")]
    pub year_start_budget: Option<Money>,
    /// 全年预算数: the adjusted full-year budget, 万元.
    #[serde(default, deserialize_with = "crate::value::optional")]
    pub full_year_budget: Option<Money>,
    /// 全年执行数: executed, 万元.
    #[serde(default, deserialize_with = "crate::value::optional")]
    pub executed: Option<Money>,
}

impl FundingRow {
    /// True when no cell is filled.
    pub fn is_empty(&self) -> bool {
        self.year_start_budget.is_none()
            && self.full_year_budget.is_none()
            && self.executed.is_none()
    }
}

/// The whole funding block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Funding {
    /// 年度资金总额.
    #[serde(default)]
    pub total: FundingRow,
    /// 其中：当年财政拨款.
    #[serde(default)]
    pub current_appropriation: FundingRow,
    /// 上年结转资金.
    #[serde(default)]
    pub carried_over: FundingRow,
    /// 其他资金.
    #[serde(default)]
    pub other: FundingRow,
    /// 分值 of budget execution (normally 10).
    #[serde(default = "default_execution_weight")]
    pub weight: Weight,
    /// 执行率 as the form states it (`"95.8%"`, `95.8`, `0.958`).
    #[serde(default, deserialize_with = "crate::value::optional")]
    pub declared_rate: Option<Percent>,
    /// 得分 as the form states it.
    #[serde(default, deserialize_with = "crate::value::optional")]
    pub declared_score: Option<Score>,
}

impl Default for Funding {
    fn default() -> Self {
        Self {
            total: FundingRow::default(),
            current_appropriation: FundingRow::default(),
            carried_over: FundingRow::default(),
            other: FundingRow::default(),
            weight: default_execution_weight(),
            declared_rate: None,
            declared_score: None,
        }
    }
}

fn default_execution_weight() -> Weight {
    Weight::new(rust_decimal::Decimal::TEN).unwrap_or_default()
}

impl Funding {
    /// True when the block states no amount at all (the form has no 项目资金 block).
    pub fn is_missing(&self) -> bool {
        self.total.is_empty() && self.parts().iter().all(|(_, row)| row.is_empty())
    }

    /// The parts of the total, with their Chinese labels, in form order.
    pub fn parts(&self) -> [(&'static str, &FundingRow); 3] {
        [
            ("当年财政拨款", &self.current_appropriation),
            ("上年结转资金", &self.carried_over),
            ("其他资金", &self.other),
        ]
    }
}
