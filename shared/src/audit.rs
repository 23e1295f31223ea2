//! The audit a careful reader applies to a scored evaluation: each check yields findings with a
//! stable snake_case code, a severity, the row or part concerned, a message in Chinese and the
//! numbers involved.
//!
//! The audit reads the record and its [`EvaluationScore`]; it never rescores. Checks are
//! grouped by what they look at: rows, execution and funding, categories and totals, weights,
//! allocations.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::format;
use crate::model::{Evaluation, FundingRow, GroupWeight, Indicator};
use crate::scoring::grade::grade_of;
use crate::scoring::group::{group_key, same_level1};
use crate::scoring::silence::Silence;
use crate::scoring::{
    EvaluationScore, IndicatorScore, ScoringPolicy, Uncomputable, declared_group_weights,
    lost_points, rate_differs,
};
use crate::target::{ActualKind, TargetKind, Unit};
use crate::value::decimal_number;

/// What a finding is about; the serialized names are stable API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingCode {
    /// A declared score differs from the computed one beyond rounding.
    DeclaredScoreMismatch,
    /// A declared qualitative (or missed-deadline) score lies outside its tier.
    ScoreOutsideTier,
    /// A declared score exceeds the row's weight.
    DeclaredScoreExceedsWeight,
    /// A row has no declared score.
    DeclaredScoreMissing,
    /// The declared execution rate differs from executed ÷ adjusted budget.
    DeclaredRateMismatch,
    /// A category score claimed in the narrative differs from the table.
    NarrativeCategoryMismatch,
    /// A declared total (form or narrative) does not follow from the rows.
    DeclaredTotalMismatch,
    /// A declared grade does not follow from the total.
    DeclaredGradeMismatch,
    /// Level-3 weights do not add up to their group, or all weights not to 100.
    WeightSumMismatch,
    /// Sub-project amounts do not add up to the executed total.
    AllocationSumMismatch,
    /// The funding parts do not add up to the 年度资金总额 row.
    FundingPartsMismatch,
    /// A score below full weight, or an over-achievement, without a deviation note.
    MissingDeviationNote,
    /// Actual at or above the policy's over-achievement threshold of the target.
    Overachievement,
    /// Target and actual are in different units.
    UnitMismatch,
    /// A numeric target has an actual value that is not a number.
    ActualNotNumeric,
    /// A benchmark target without a benchmark figure.
    BenchmarkMissing,
    /// The target text could not be read; the row counts its declared score, unverified.
    TargetUnreadable,
    /// The actual text could not be read; the row counts its declared score, unverified.
    ActualUnreadable,
    /// The target or actual says the row does not apply (`/`, `—`, `无`); it is not scored.
    NotApplicable,
    /// Executed exceeds the adjusted budget.
    OverExecution,
    /// The adjusted budget is below the year-start budget by more than the policy's share.
    BudgetCut,
    /// The record has no indicator rows: it is kept, not graded.
    NoIndicators,
    /// The record has no funding block: it is kept, not graded.
    NoFunding,
}

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The document contradicts itself or the rules.
    Error,
    /// Doubtful; needs a look.
    Warning,
    /// Worth knowing.
    Info,
}

impl Severity {
    /// The severity in Chinese, as the pages and files label it: 错误, 警告, 提示.
    pub fn label(self) -> &'static str {
        match self {
            Self::Error => "错误",
            Self::Warning => "警告",
            Self::Info => "提示",
        }
    }
}

/// A named number of a finding (`declared`, `computed`, `weight`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NamedValue {
    /// What the number is.
    pub name: String,
    /// The number.
    #[serde(with = "decimal_number")]
    pub value: Decimal,
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// Stable code.
    pub code: FindingCode,
    /// Severity.
    pub severity: Severity,
    /// The indicator row concerned (0-based), when one is.
    pub indicator: Option<usize>,
    /// What the finding concerns, in words (an indicator name, `预算执行率`, `总分`).
    pub subject: String,
    /// What is wrong, in Chinese.
    pub message: String,
    /// The numbers involved.
    pub values: Vec<NamedValue>,
}

impl Finding {
    fn new(code: FindingCode, severity: Severity, subject: &str, message: String) -> Self {
        Self {
            code,
            severity,
            indicator: None,
            subject: subject.to_owned(),
            message,
            values: Vec::new(),
        }
    }

    fn row(mut self, index: usize) -> Self {
        self.indicator = Some(index);
        self
    }

    fn value(mut self, name: &str, value: Decimal) -> Self {
        self.values.push(NamedValue {
            name: name.to_owned(),
            value,
        });
        self
    }
}

/// Audits a scored evaluation.
pub fn audit(
    evaluation: &Evaluation,
    score: &EvaluationScore,
    policy: &ScoringPolicy,
) -> Vec<Finding> {
    let mut findings = audit_silences(evaluation);
    for (row, indicator) in score.indicators.iter().zip(&evaluation.indicators) {
        audit_readings(row, indicator, &mut findings);
        audit_row(
            row,
            indicator.deviation_note.is_some(),
            policy,
            &mut findings,
        );
        audit_units(row, indicator, &mut findings);
    }
    audit_execution(evaluation, score, policy, &mut findings);
    audit_funding_parts(evaluation, &mut findings);
    audit_narrative_categories(evaluation, score, policy, &mut findings);
    audit_totals(evaluation, score, policy, &mut findings);
    audit_weights(evaluation, score, &mut findings);
    audit_allocations(evaluation, policy, &mut findings);
    findings
}

/// A finding for each thing the record does not say (no indicators, no funding), which leaves
/// it ungraded.
fn audit_silences(evaluation: &Evaluation) -> Vec<Finding> {
    crate::scoring::silence::silences(evaluation)
        .into_iter()
        .map(|silence| {
            let (code, subject) = match silence {
                Silence::NoIndicators => (FindingCode::NoIndicators, "绩效指标"),
                Silence::NoFunding => (FindingCode::NoFunding, "项目资金"),
            };
            Finding::new(
                code,
                Severity::Error,
                subject,
                format!("{}，该评价不评定等级（未评级）", silence.label()),
            )
        })
        .collect()
}

/// Whether two figures differ beyond the policy's tolerance ([`crate::scoring::differs`]).
fn differs(a: Decimal, b: Decimal, policy: &ScoringPolicy) -> bool {
    crate::scoring::differs(a, b, policy.score_tolerance)
}

fn audit_row(
    row: &IndicatorScore,
    has_note: bool,
    policy: &ScoringPolicy,
    findings: &mut Vec<Finding>,
) {
    let name = row.name.as_str();
    match row.declared_score {
        None => findings.push(
            Finding::new(
                FindingCode::DeclaredScoreMissing,
                Severity::Warning,
                name,
                format!("“{name}”未填报得分"),
            )
            .row(row.index)
            .value("weight", row.weight),
        ),
        Some(declared) if declared > row.weight => findings.push(
            Finding::new(
                FindingCode::DeclaredScoreExceedsWeight,
                Severity::Error,
                name,
                format!(
                    "“{name}”填报得分 {} 超过分值 {}",
                    format::score(declared),
                    format::score(row.weight)
                ),
            )
            .row(row.index)
            .value("declared", declared)
            .value("weight", row.weight),
        ),
        Some(_) => {}
    }
    if let (Some(declared), Some(tier)) = (row.declared_score, &row.tier) {
        if !tier.contains(declared, row.weight, policy.score_tolerance) {
            findings.push(
                Finding::new(
                    FindingCode::ScoreOutsideTier,
                    Severity::Error,
                    name,
                    format!(
                        "“{name}”填报得分 {} 不在“{}”档次（{}–{}分）内",
                        format::score(declared),
                        tier.label,
                        format::score(tier.low_share * row.weight),
                        format::score(tier.high_share * row.weight)
                    ),
                )
                .row(row.index)
                .value("declared", declared)
                .value("tier_low", tier.low_share * row.weight)
                .value("tier_high", tier.high_share * row.weight),
            );
        }
    } else if let (Some(declared), Some(computed)) = (row.declared_score, row.computed_score)
        && differs(declared, computed, policy)
    {
        findings.push(
            Finding::new(
                FindingCode::DeclaredScoreMismatch,
                Severity::Error,
                name,
                format!(
                    "“{name}”填报得分 {}，按规则计算为 {}（{}）",
                    format::score(declared),
                    format::score(computed),
                    row.explanation.formula
                ),
            )
            .row(row.index)
            .value("declared", declared)
            .value("computed", computed)
            .value("weight", row.weight),
        );
    }
    match &row.uncomputable {
        Some(Uncomputable::BenchmarkMissing { metric, scope }) => findings.push(
            Finding::new(
                FindingCode::BenchmarkMissing,
                Severity::Warning,
                name,
                format!(
                    "“{name}”以{}平均水平为指标值，但{}，得分无法核实，暂按填报得分计",
                    scope.label(),
                    metric.as_deref().map_or(
                        "无法确定对应的经济指标".to_owned(),
                        |code| format!(
                            "缺少{}“{}”的数值",
                            scope.label(),
                            crate::metric::by_code(code).map_or(code, |m| m.name)
                        )
                    )
                ),
            )
            .row(row.index),
        ),
        Some(Uncomputable::ActualNotNumeric) => findings.push(
            Finding::new(
                FindingCode::ActualNotNumeric,
                Severity::Warning,
                name,
                format!("“{name}”指标值为数值，实际完成值“{}”不是数值", row.actual),
            )
            .row(row.index),
        ),
        _ => {}
    }
    let at_least = row.comparison.is_some_and(|c| c.is_lower_bound());
    let overachieved = row
        .achievement
        .filter(|achievement| at_least && policy.overachieved(*achievement));
    if let Some(achievement) = overachieved {
        findings.push(
            Finding::new(
                FindingCode::Overachievement,
                Severity::Warning,
                name,
                format!(
                    "“{name}”完成率 {}，达到超额阈值 {}，需分析指标值是否设定偏低",
                    format::percent(achievement),
                    format::percent(policy.overachievement_threshold * Decimal::ONE_HUNDRED)
                ),
            )
            .row(row.index)
            .value("achievement", achievement)
            .value(
                "threshold",
                policy.overachievement_threshold * Decimal::ONE_HUNDRED,
            ),
        );
    }
    let lowest = [row.declared_score, row.computed_score]
        .into_iter()
        .flatten()
        .min();
    let below_full = lowest
        .is_some_and(|score| lost_points(row.weight, score, policy.score_tolerance).is_some());
    if !has_note && (below_full || overachieved.is_some()) {
        let why = if below_full {
            format!(
                "得分 {} 低于分值 {}",
                format::score(lowest.unwrap_or_default()),
                format::score(row.weight)
            )
        } else {
            "完成值超出指标值较多".to_owned()
        };
        findings.push(
            Finding::new(
                FindingCode::MissingDeviationNote,
                Severity::Warning,
                name,
                format!("“{name}”{why}，但未填写偏差原因分析及改进措施"),
            )
            .row(row.index)
            .value("score", lowest.unwrap_or(row.weight))
            .value("weight", row.weight),
        );
    }
}

/// Cells that could not be read, and rows that do not apply: each named with its reason.
fn audit_readings(row: &IndicatorScore, indicator: &Indicator, findings: &mut Vec<Finding>) {
    let name = row.name.as_str();
    let target_reason = match (indicator.target.kind(), &row.uncomputable) {
        (TargetKind::Unreadable { reason }, _)
        | (_, Some(Uncomputable::TargetUnreadable { reason })) => Some(reason),
        _ => None,
    };
    if let Some(reason) = target_reason {
        findings.push(
            Finding::new(
                FindingCode::TargetUnreadable,
                Severity::Warning,
                name,
                format!(
                    "“{name}”的指标值“{}”无法识别：{reason}；得分无法核实，暂按填报得分计",
                    row.target
                ),
            )
            .row(row.index)
            .value("weight", row.weight),
        );
    }
    let target_applies = !matches!(indicator.target.kind(), TargetKind::NotApplicable);
    let actual_reason = match (indicator.actual.kind(), &row.uncomputable) {
        (ActualKind::Unreadable { reason }, _) if target_applies => Some(reason),
        (_, Some(Uncomputable::ActualUnreadable { reason })) => Some(reason),
        _ => None,
    };
    if let Some(reason) = actual_reason {
        findings.push(
            Finding::new(
                FindingCode::ActualUnreadable,
                Severity::Warning,
                name,
                format!(
                    "“{name}”的实际完成值“{}”无法识别：{reason}；得分无法核实，暂按填报得分计",
                    row.actual
                ),
            )
            .row(row.index)
            .value("weight", row.weight),
        );
    }
    if row.uncomputable == Some(Uncomputable::NotApplicable) {
        let which = if target_applies {
            format!("实际完成值写作“{}”", row.actual)
        } else {
            format!("指标值写作“{}”", row.target)
        };
        findings.push(
            Finding::new(
                FindingCode::NotApplicable,
                Severity::Warning,
                name,
                format!("“{name}”{which}，视为不适用，不计算得分，暂按填报得分计"),
            )
            .row(row.index)
            .value("weight", row.weight),
        );
    }
}

/// The unit a numeric target is in: its own, or for a benchmark its metric's.
fn target_unit(indicator: &Indicator) -> Option<Unit> {
    match indicator.target.kind() {
        TargetKind::Quantity { quantity, .. } => Some(quantity.unit.clone()),
        TargetKind::Range { low, .. } => Some(low.unit.clone()),
        TargetKind::Benchmark { .. } => indicator
            .measured_metric()
            .and_then(|metric| Unit::parse(metric.unit).ok()),
        _ => None,
    }
}

fn audit_units(row: &IndicatorScore, indicator: &Indicator, findings: &mut Vec<Finding>) {
    let Some(target_unit) = target_unit(indicator) else {
        return;
    };
    let ActualKind::Quantity { quantity } = indicator.actual.kind() else {
        return;
    };
    if target_unit.as_str().is_empty()
        || quantity.unit.as_str().is_empty()
        || target_unit == quantity.unit
    {
        return;
    }
    let convertible = quantity.unit.conversion_to(&target_unit).is_some();
    let name = row.name.as_str();
    findings.push(
        Finding::new(
            FindingCode::UnitMismatch,
            if convertible { Severity::Info } else { Severity::Warning },
            name,
            if convertible {
                format!("“{name}”指标值单位“{target_unit}”与实际完成值单位“{}”不同，已换算后计分", quantity.unit)
            } else {
                format!(
                    "“{name}”指标值单位“{target_unit}”与实际完成值单位“{}”不同且无法换算，得分无法核实",
                    quantity.unit
                )
            },
        )
        .row(row.index),
    );
}

fn audit_execution(
    evaluation: &Evaluation,
    score: &EvaluationScore,
    policy: &ScoringPolicy,
    findings: &mut Vec<Finding>,
) {
    let subject = crate::scoring::EXECUTION_CATEGORY;
    let execution = &score.execution;
    if let (Some(declared), Some(computed)) = (execution.declared_score, execution.computed_score)
        && differs(declared, computed, policy)
    {
        findings.push(
            Finding::new(
                FindingCode::DeclaredScoreMismatch,
                Severity::Error,
                subject,
                format!(
                    "预算执行率填报得分 {}，按规则计算为 {}（{}）",
                    format::score(declared),
                    format::score(computed),
                    execution.explanation.formula
                ),
            )
            .value("declared", declared)
            .value("computed", computed),
        );
    }
    if let (Some(declared), Some(rate)) = (execution.declared_rate, execution.rate)
        && rate_differs(declared, rate)
    {
        findings.push(
            Finding::new(
                FindingCode::DeclaredRateMismatch,
                Severity::Error,
                subject,
                format!(
                    "填报执行率 {}，按全年执行数 ÷ 全年预算数计算为 {}",
                    format::percent(declared),
                    format::percent(rate)
                ),
            )
            .value("declared", declared)
            .value("computed", rate),
        );
    }
    let total = &evaluation.funding.total;
    if let (Some(budget), Some(executed)) = (total.full_year_budget, total.executed)
        && executed > budget
    {
        findings.push(
            Finding::new(
                FindingCode::OverExecution,
                Severity::Error,
                subject,
                format!(
                    "全年执行数 {} 超过全年预算数 {}",
                    format::money(executed.value()),
                    format::money(budget.value())
                ),
            )
            .value("budget", budget.value())
            .value("executed", executed.value()),
        );
    }
    if let (Some(start), Some(adjusted)) = (total.year_start_budget, total.full_year_budget) {
        let (start, adjusted) = (start.value(), adjusted.value());
        if start > Decimal::ZERO {
            let cut = (start - adjusted) / start;
            if cut > policy.budget_cut_threshold {
                findings.push(
                    Finding::new(
                        FindingCode::BudgetCut,
                        Severity::Warning,
                        subject,
                        format!(
                            "年初预算数 {} 调整为全年预算数 {}，年中调减 {}（{}）",
                            format::money(start),
                            format::money(adjusted),
                            format::money(start - adjusted),
                            format::percent(cut * Decimal::ONE_HUNDRED)
                        ),
                    )
                    .value("year_start_budget", start)
                    .value("full_year_budget", adjusted)
                    .value("cut", start - adjusted)
                    .value("cut_percent", cut * Decimal::ONE_HUNDRED),
                );
            }
        }
    }
}

/// A funding column: its Chinese label, its field name, and how to read it from a row.
type FundingColumn = (
    &'static str,
    &'static str,
    fn(&FundingRow) -> Option<Decimal>,
);

fn audit_funding_parts(evaluation: &Evaluation, findings: &mut Vec<Finding>) {
    let funding = &evaluation.funding;
    let parts: Vec<&FundingRow> = funding
        .parts()
        .into_iter()
        .map(|(_, row)| row)
        .filter(|row| !row.is_empty())
        .collect();
    if parts.is_empty() {
        return;
    }
    let columns: [FundingColumn; 3] = [
        ("年初预算数", "year_start_budget", |r| {
            r.year_start_budget.map(|m| m.value())
        }),
        ("全年预算数", "full_year_budget", |r| {
            r.full_year_budget.map(|m| m.value())
        }),
        ("全年执行数", "executed", |r| {
            r.executed.map(|m| m.value())
        }),
    ];
    for (label, key, cell) in columns {
        let Some(total) = cell(&funding.total) else {
            continue;
        };
        let sum: Decimal = parts.iter().filter_map(|row| cell(row)).sum();
        if sum != total {
            findings.push(
                Finding::new(
                    FindingCode::FundingPartsMismatch,
                    Severity::Warning,
                    "项目资金",
                    format!(
                        "{label}：各资金来源合计 {}，与年度资金总额 {} 不符",
                        format::money(sum),
                        format::money(total)
                    ),
                )
                .value(&format!("{key}_parts"), sum)
                .value(key, total),
            );
        }
    }
}

fn audit_narrative_categories(
    evaluation: &Evaluation,
    score: &EvaluationScore,
    policy: &ScoringPolicy,
    findings: &mut Vec<Finding>,
) {
    for claim in &evaluation.narrative.claimed_categories {
        let claimed = claim.score.value();
        let table = score
            .categories
            .iter()
            .find(|category| same_level1(&category.name, &claim.name));
        match table {
            Some(category) if differs(claimed, category.declared_score, policy) => findings.push(
                Finding::new(
                    FindingCode::NarrativeCategoryMismatch,
                    Severity::Error,
                    &category.name,
                    format!(
                        "报告正文称“{}”得分 {}，自评表中“{}”各项得分合计为 {}",
                        claim.name,
                        format::score(claimed),
                        category.name,
                        format::score(category.declared_score)
                    ),
                )
                .value("claimed", claimed)
                .value("table", category.declared_score),
            ),
            Some(_) => {}
            None => findings.push(
                Finding::new(
                    FindingCode::NarrativeCategoryMismatch,
                    Severity::Error,
                    &claim.name,
                    format!(
                        "报告正文称“{}”得分 {}，自评表中没有这一类指标",
                        claim.name,
                        format::score(claimed)
                    ),
                )
                .value("claimed", claimed),
            ),
        }
    }
}

fn audit_totals(
    evaluation: &Evaluation,
    score: &EvaluationScore,
    policy: &ScoringPolicy,
    findings: &mut Vec<Finding>,
) {
    let rows_sum = score.execution.declared_score.unwrap_or(Decimal::ZERO)
        + score
            .indicators
            .iter()
            .filter_map(|row| row.declared_score)
            .sum::<Decimal>();
    let declared_totals = [
        ("自评表总分", evaluation.declared.total),
        ("报告正文自评得分", evaluation.narrative.claimed_total),
    ];
    for (source, declared) in declared_totals {
        let Some(declared) = declared.map(|s| s.value()) else {
            continue;
        };
        let rows_differ = differs(declared, rows_sum, policy);
        let computed_differs = score.complete && differs(declared, score.total, policy);
        if rows_differ || computed_differs {
            let mut finding = Finding::new(
                FindingCode::DeclaredTotalMismatch,
                Severity::Error,
                "总分",
                format!(
                    "{source} {}，各项填报得分合计 {}{}",
                    format::score(declared),
                    format::score(rows_sum),
                    if score.complete {
                        format!("，按规则计算 {}", format::score(score.total))
                    } else {
                        String::new()
                    }
                ),
            )
            .value("declared", declared)
            .value("rows_sum", rows_sum);
            if score.complete {
                finding = finding.value("computed", score.total);
            }
            findings.push(finding);
        }
    }
    let reference_total = evaluation
        .declared
        .total
        .or(evaluation.narrative.claimed_total)
        .map_or(rows_sum, |s| s.value());
    let declared_grades = [
        ("自评表等级", evaluation.declared.grade),
        ("报告正文等级", evaluation.narrative.claimed_grade),
    ];
    for (source, grade) in declared_grades {
        let Some(grade) = grade else { continue };
        let follows = grade_of(reference_total, score.scale);
        let computed_grade = score.grade.filter(|_| score.complete);
        if grade != follows || computed_grade.is_some_and(|computed| computed != grade) {
            findings.push(
                Finding::new(
                    FindingCode::DeclaredGradeMismatch,
                    Severity::Error,
                    "等级",
                    format!(
                        "{source}为“{grade}”，总分 {} 对应“{follows}”{}",
                        format::score(reference_total),
                        computed_grade.map_or(String::new(), |g| format!("，按规则计算为“{g}”"))
                    ),
                )
                .value("declared_total", reference_total),
            );
        }
    }
}

fn audit_weights(evaluation: &Evaluation, score: &EvaluationScore, findings: &mut Vec<Finding>) {
    for (key, label, stated) in declared_group_weights(evaluation) {
        let sum: Decimal = score
            .indicators
            .iter()
            .filter(|row| group_key(&row.level1) == key)
            .map(|row| row.weight)
            .sum();
        if stated.admits(sum) {
            continue;
        }
        let finding = match stated {
            GroupWeight::Points(points) => Finding::new(
                FindingCode::WeightSumMismatch,
                Severity::Error,
                &label,
                format!(
                    "“{label}”标注 {} 分，其下三级指标分值合计 {}",
                    format::score(points.value()),
                    format::score(sum)
                ),
            )
            .value("stated", points.value())
            .value("sum", sum),
            GroupWeight::Range { low, high } => Finding::new(
                FindingCode::WeightSumMismatch,
                Severity::Error,
                &label,
                format!(
                    "“{label}”标注 {}–{} 分，其下三级指标分值合计 {}，不在该区间内",
                    format::score(low),
                    format::score(high),
                    format::score(sum)
                ),
            )
            .value("stated_low", low)
            .value("stated_high", high)
            .value("sum", sum),
        };
        findings.push(finding);
    }
    if score.scale != Decimal::ONE_HUNDRED {
        findings.push(
            Finding::new(
                FindingCode::WeightSumMismatch,
                Severity::Error,
                "总分",
                format!(
                    "预算执行率与全部指标分值合计 {}，应为 100：本表满分不是 100 分，总分按各行得分如实相加，等级按得分占分值合计 {} 的比例评定",
                    format::score(score.scale),
                    format::score(score.scale)
                ),
            )
            .value("sum", score.scale)
            .value("expected", Decimal::ONE_HUNDRED),
        );
    }
}

fn audit_allocations(evaluation: &Evaluation, policy: &ScoringPolicy, findings: &mut Vec<Finding>) {
    if evaluation.allocations.is_empty() {
        return;
    }
    let sum: Decimal = evaluation
        .allocations
        .iter()
        .map(|a| a.amount.value())
        .sum();
    let Some(executed) = evaluation.funding.total.executed.map(|m| m.value()) else {
        return;
    };
    if differs(sum, executed, policy) {
        findings.push(
            Finding::new(
                FindingCode::AllocationSumMismatch,
                Severity::Error,
                "资金安排",
                format!(
                    "{} 个子项目金额合计 {}，与全年执行数 {} 相差 {}",
                    evaluation.allocations.len(),
                    format::money(sum),
                    format::money(executed),
                    format::money(sum - executed)
                ),
            )
            .value("allocations_sum", sum)
            .value("executed", executed),
        );
    }
}
