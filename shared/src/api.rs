//! The JSON shapes of the HTTP API, shared by the server that writes them and the browser that
//! reads them, so the two cannot drift. Amounts are 万元, rates and changes percentages
//! (100 = 100%), scores points.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::assessment::Assessment;
use crate::model::Evaluation;
use crate::value::{Grade, option_decimal_number};

/// `GET /api/health`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Health {
    /// `ok`.
    pub status: String,
    /// Evaluations stored.
    pub evaluations: i64,
    /// Economic observations stored.
    pub observations: i64,
}

/// One region, `GET /api/regions`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegionInfo {
    /// Chinese name.
    pub name: String,
    /// Kind (`province`, `city`, `district`, …, `unknown`).
    pub kind: String,
    /// The region one level up.
    pub parent: Option<String>,
    /// The region whose statistics include this one's.
    pub statistics_merged_into: Option<String>,
    /// Evaluations stored for it.
    pub evaluations: i64,
    /// Its GB/T 2260 code, for a region of the national divisions (none for a 功能区 such as
    /// 益阳高新区): the division whose stored name it is ([`crate::divisions::by_stored_name`]).
    #[serde(default)]
    pub code: Option<String>,
}

impl RegionInfo {
    /// `self` with its GB/T 2260 code filled in from the national divisions.
    #[must_use]
    pub fn with_code(mut self) -> Self {
        self.code = crate::divisions::by_stored_name(&self.name).map(|d| d.code.to_owned());
        self
    }
}

/// One program (fund), `GET /api/programs`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgramInfo {
    /// 项目名称.
    pub name: String,
    /// 主管部门.
    pub department: Option<String>,
    /// Evaluations stored for it.
    pub evaluations: i64,
}

/// One metric of the catalogue, `GET /api/metrics`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MetricInfo {
    /// Stable code.
    pub code: String,
    /// Chinese name.
    pub name: String,
    /// Unit.
    pub unit: String,
    /// Observations stored.
    pub observations: i64,
    /// The years with at least one observation, oldest first (a comparison of a year without
    /// any is not offered).
    #[serde(default)]
    pub years: Vec<i32>,
}

/// One evaluation in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvaluationSummary {
    /// Id for the drill-down.
    pub id: i64,
    /// 项目名称.
    pub program: String,
    /// Region.
    pub region: String,
    /// Year.
    pub year: i32,
    /// Total (computed where possible).
    #[serde(with = "crate::value::decimal_number")]
    pub total: Decimal,
    /// Grade of the total; `None` (未评级) for a record without indicator rows or funding.
    pub grade: Option<Grade>,
    /// Whether every part of the total was verified.
    pub complete: bool,
    /// 年初预算数.
    #[serde(with = "option_decimal_number")]
    pub year_start_budget: Option<Decimal>,
    /// 全年预算数.
    #[serde(with = "option_decimal_number")]
    pub budget: Option<Decimal>,
    /// 全年执行数.
    #[serde(with = "option_decimal_number")]
    pub executed: Option<Decimal>,
    /// Executed ÷ budget, percent.
    #[serde(with = "option_decimal_number")]
    pub execution_rate: Option<Decimal>,
    /// Number of audit findings.
    pub finding_count: i64,
    /// True for generated sample data.
    pub sample: bool,
}

/// `GET /api/evaluations`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvaluationList {
    /// Matching evaluations in all (the page may hold fewer).
    pub total_count: i64,
    /// This page.
    pub items: Vec<EvaluationSummary>,
    /// The cursor of the next page (pass it as `after=`), absent on the last page.
    pub next: Option<String>,
}

/// `GET /api/catalogue`: what every page's filters need, in one answer from small tables.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Catalogue {
    /// Evaluations stored.
    pub evaluations: i64,
    /// Of those, generated sample data (示例数据).
    pub sample_evaluations: i64,
    /// Years with evaluations or observations, oldest first.
    pub years: Vec<i32>,
    /// Every region, as `GET /api/regions`.
    pub regions: Vec<RegionInfo>,
    /// Every program, as `GET /api/programs`.
    pub programs: Vec<ProgramInfo>,
    /// The metric catalogue, as `GET /api/metrics`.
    pub metrics: Vec<MetricInfo>,
    /// When the data last changed (UTC, `2026-12-02T03:31:13Z`): the newest import,
    /// replacement, deletion or restore in the audit log; absent for an empty database.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_as_of: Option<String>,
}

/// `GET /api/evaluations/{id}`: the whole form, its scores, explanations and findings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvaluationDetail {
    /// Id.
    pub id: i64,
    /// True for generated sample data.
    pub sample: bool,
    /// When it was imported (UTC).
    pub imported_at: String,
    /// The record as imported.
    pub record: Evaluation,
    /// Scores and findings computed at import.
    pub assessment: Assessment,
}

/// One year of a funding trend.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FundingPoint {
    /// Year.
    pub year: i32,
    /// Evaluations summed.
    pub evaluations: i64,
    /// Sum of 年初预算数.
    #[serde(with = "crate::value::decimal_number")]
    pub year_start_budget: Decimal,
    /// Sum of 全年预算数.
    #[serde(with = "crate::value::decimal_number")]
    pub budget: Decimal,
    /// Sum of 全年执行数.
    #[serde(with = "crate::value::decimal_number")]
    pub executed: Decimal,
    /// executed ÷ budget, percent.
    #[serde(with = "option_decimal_number")]
    pub execution_rate: Option<Decimal>,
    /// Change of `executed` against the previous year, percent.
    #[serde(with = "option_decimal_number")]
    pub executed_change: Option<Decimal>,
    /// Change of `budget` against the previous year, percent.
    #[serde(with = "option_decimal_number")]
    pub budget_change: Option<Decimal>,
    /// True when any evaluation summed is generated sample data.
    #[serde(default)]
    pub sample: bool,
}

/// Grade counts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GradeCounts {
    /// 优.
    pub excellent: i64,
    /// 良.
    pub good: i64,
    /// 中.
    pub fair: i64,
    /// 差.
    pub poor: i64,
    /// 未评级: records without indicator rows or funding, counted among the evaluations but
    /// in no grade (and in no average of totals).
    #[serde(default)]
    pub ungraded: i64,
}

impl GradeCounts {
    /// The counts of `evaluations` records of which `graded` (优, 良, 中, 差) have a grade; the
    /// rest are 未评级.
    pub fn of_evaluations(evaluations: i64, graded: [i64; 4]) -> Self {
        let [excellent, good, fair, poor] = graded;
        Self {
            excellent,
            good,
            fair,
            poor,
            ungraded: evaluations - excellent - good - fair - poor,
        }
    }

    /// The count of `grade`.
    pub fn of(&self, grade: Grade) -> i64 {
        match grade {
            Grade::Excellent => self.excellent,
            Grade::Good => self.good,
            Grade::Fair => self.fair,
            Grade::Poor => self.poor,
        }
    }

    /// Evaluations graded.
    pub fn total(&self) -> i64 {
        self.excellent + self.good + self.fair + self.poor
    }
}

/// Average score of one level-1 group in a year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupAverage {
    /// Group key (`execution`, `output`, `benefit`, `satisfaction`) or the label as written.
    pub group: String,
    /// Chinese label.
    pub label: String,
    /// Average score.
    #[serde(with = "crate::value::decimal_number")]
    pub average_score: Decimal,
    /// Average weight.
    #[serde(with = "crate::value::decimal_number")]
    pub average_weight: Decimal,
}

/// One year of a score trend.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScorePoint {
    /// Year.
    pub year: i32,
    /// Evaluations averaged.
    pub evaluations: i64,
    /// Average total.
    #[serde(with = "crate::value::decimal_number")]
    pub average_total: Decimal,
    /// Lowest total.
    #[serde(with = "crate::value::decimal_number")]
    pub min_total: Decimal,
    /// Highest total.
    #[serde(with = "crate::value::decimal_number")]
    pub max_total: Decimal,
    /// Change of the average total against the previous year, points.
    #[serde(with = "option_decimal_number")]
    pub change: Option<Decimal>,
    /// Grade counts.
    pub grades: GradeCounts,
    /// Audit findings in all.
    pub findings: i64,
    /// Per level-1 group.
    pub groups: Vec<GroupAverage>,
    /// True when any evaluation averaged is generated sample data.
    #[serde(default)]
    pub sample: bool,
}

/// One year of an economic metric for a region.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MetricPoint {
    /// Year.
    pub year: i32,
    /// The region's value.
    #[serde(with = "option_decimal_number")]
    pub value: Option<Decimal>,
    /// Rank within the province.
    pub rank: Option<u32>,
    /// The province's value (the benchmark).
    #[serde(with = "option_decimal_number")]
    pub benchmark: Option<Decimal>,
    /// value − previous year's value (percentage points for rates).
    #[serde(with = "option_decimal_number")]
    pub change: Option<Decimal>,
    /// True when the value is sample data.
    pub sample: bool,
}

/// A trend over years.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trend<P> {
    /// Region filter, if any.
    pub region: Option<String>,
    /// Program filter, if any.
    pub program: Option<String>,
    /// Metric code, for metric trends.
    pub metric: Option<String>,
    /// Unit of the values.
    pub unit: String,
    /// One point per year, oldest first.
    pub points: Vec<P>,
}

/// One region's row in a comparison.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComparisonRow {
    /// Position in this ranking (1 = best).
    pub position: u32,
    /// Region.
    pub region: String,
    /// Value.
    #[serde(with = "crate::value::decimal_number")]
    pub value: Decimal,
    /// Provincial rank as reported (metrics only).
    pub provincial_rank: Option<u32>,
    /// Evaluations behind the value (scores and execution only).
    pub evaluations: Option<i64>,
    /// True when the value is sample data.
    pub sample: bool,
}

/// A reference value beside a comparison (the city's own, the province's).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferenceValue {
    /// Whose value.
    pub region: String,
    /// The value.
    #[serde(with = "crate::value::decimal_number")]
    pub value: Decimal,
}

/// `GET /api/compare`: regions ranked on one measure for one year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comparison {
    /// Year.
    pub year: i32,
    /// The measure (`metric:<code>`, `score`, `execution_rate`).
    pub measure: crate::query::Measure,
    /// Chinese label of the measure.
    pub label: String,
    /// Unit.
    pub unit: String,
    /// The region whose children are compared.
    pub parent: String,
    /// Ranked rows, best first.
    pub rows: Vec<ComparisonRow>,
    /// The parent's own value.
    pub city: Option<ReferenceValue>,
    /// The province's value.
    pub benchmark: Option<ReferenceValue>,
}

/// `GET /api/compare/grid`: the children of `parent` × score-share columns for one year —
/// budget execution and the level-2 groups over every fund, or each indicator of one fund.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoreGrid {
    /// Year.
    pub year: i32,
    /// The region whose children are compared.
    pub parent: String,
    /// The fund whose indicators are the columns; `None` for the level-2 groups of every fund.
    pub program: Option<String>,
    /// Column headings (`预算执行`, `数量`, … or indicator names).
    pub columns: Vec<String>,
    /// One row per child (its whole subtree) with evaluations, then the parent's own funds.
    pub rows: Vec<ScoreGridRow>,
    /// True when any cell counts sample data.
    pub sample: bool,
}

/// One region's row of a [`ScoreGrid`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoreGridRow {
    /// The region.
    pub region: String,
    /// True for the parent's own funds (本级), not a child's.
    pub own: bool,
    /// Evaluations behind the row.
    pub evaluations: i64,
    /// One per column; `None` where no row was scored.
    pub cells: Vec<Option<ScoreGridCell>>,
}

/// One cell of a [`ScoreGrid`]: sums of scores and weights and their share.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoreGridCell {
    /// Σ score.
    #[serde(with = "crate::value::decimal_number")]
    pub score: Decimal,
    /// Σ weight.
    #[serde(with = "crate::value::decimal_number")]
    pub weight: Decimal,
    /// Score ÷ weight in percent (`None` for a zero weight).
    #[serde(with = "option_decimal_number")]
    pub share: Option<Decimal>,
    /// Rows summed.
    pub rows: i64,
    /// The evaluation and its row, when exactly one indicator row is behind the cell.
    pub link: Option<GridLink>,
}

/// Where a one-row cell of a [`ScoreGrid`] opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct GridLink {
    /// The evaluation.
    pub evaluation_id: i64,
    /// Its indicator row (`?row=`).
    pub row: i64,
}

/// `GET /api/briefing` (a year of a region) and `GET /api/evaluations/{id}/briefing` (one
/// fund): a few sentences built from the figures alone, each with links to the dashboard views
/// its numbers come from. The same data gives the same text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Briefing {
    /// Year.
    pub year: i32,
    /// Region (`None`: 全部地区).
    pub region: Option<String>,
    /// Program (项目名称): the one fund of an evaluation's briefing, or the program a region's
    /// briefing is limited to.
    #[serde(default)]
    pub program: Option<String>,
    /// The sentences, in reading order.
    pub sentences: Vec<BriefingSentence>,
    /// The whole text (the sentences joined), as the copy button copies it.
    pub text: String,
    /// True when the figures count sample data.
    pub sample: bool,
}

/// One sentence of a [`Briefing`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BriefingSentence {
    /// The sentence.
    pub text: String,
    /// Dashboard URLs of the views its numbers come from (`/compare-years?a=2022&b=2023`).
    pub links: Vec<String>,
}

/// One row of an indicator's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndicatorHistoryRow {
    /// The evaluation.
    pub evaluation_id: i64,
    /// Year.
    pub year: i32,
    /// Region.
    pub region: String,
    /// Program.
    pub program: String,
    /// Target as written.
    pub target: String,
    /// Actual as written.
    pub actual: String,
    /// Weight.
    #[serde(with = "crate::value::decimal_number")]
    pub weight: Decimal,
    /// Declared score.
    #[serde(with = "option_decimal_number")]
    pub declared_score: Option<Decimal>,
    /// Computed score.
    #[serde(with = "option_decimal_number")]
    pub computed_score: Option<Decimal>,
    /// Score counted.
    #[serde(with = "crate::value::decimal_number")]
    pub score: Decimal,
    /// The rule applied.
    pub rule: String,
    /// True for sample data.
    pub sample: bool,
}

/// One year of an indicator's history, over every matching row (not only the page shown).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndicatorYear {
    /// Year.
    pub year: i32,
    /// Rows of the indicator that year.
    pub rows: i64,
    /// Average score counted.
    #[serde(with = "crate::value::decimal_number")]
    pub average_score: Decimal,
    /// Average weight (full marks).
    #[serde(with = "crate::value::decimal_number")]
    pub average_weight: Decimal,
    /// True when any row averaged is generated sample data.
    #[serde(default)]
    pub sample: bool,
}

/// `GET /api/indicators`: the indicator names (三级指标) matching a search, most rows first,
/// one page of them with the number of names in all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndicatorCatalogue {
    /// Names matching in all (the page may hold fewer).
    pub total_count: i64,
    /// This page, most rows first, then by name.
    pub items: Vec<IndicatorCount>,
}

/// One indicator name of the catalogue and how many rows carry it under the filters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndicatorCount {
    /// The indicator name.
    pub name: String,
    /// Indicator rows with this name (what its history counts under the same filters).
    pub rows: i64,
    /// Whether any of them is sample data.
    pub sample: bool,
}

/// `GET /api/indicators/history`: one page of rows, with the per-year figures of all of them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndicatorHistory {
    /// The indicator name.
    pub name: String,
    /// Matching rows in all (the page may hold fewer).
    pub total_count: i64,
    /// By year, oldest first: every matching row counted (what the chart draws).
    pub years: Vec<IndicatorYear>,
    /// This page of rows, by region (catalogue order), then year.
    pub rows: Vec<IndicatorHistoryRow>,
    /// The cursor of the next page (pass it as `after=`), absent on the last page.
    pub next: Option<String>,
}

/// The provenance of a table's rows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TableProvenance {
    /// True when any row counts sample data.
    pub sample: bool,
    /// The real sources (`《title》（issuer，date）`), at most five.
    pub sources: Vec<String>,
    /// The latest day a real row was stored (`YYYY-MM-DD`).
    pub data_date: Option<String>,
}

impl TableProvenance {
    /// The line a downloaded file carries.
    pub fn line(&self) -> String {
        if self.sample {
            return "示例数据：本表含系统生成的示例数据，仅供演示，不代表官方数据。".to_owned();
        }
        let sources = if self.sources.is_empty() {
            "无".to_owned()
        } else {
            self.sources.join("；")
        };
        let date = self.data_date.as_deref().unwrap_or("—");
        format!("数据来源：{sources}。数据日期：{date}。")
    }
}
