//! The briefing of one evaluation (`GET /api/evaluations/{id}/briefing`): its total and grade
//! against the same fund's evaluation of the year before in the same region, budget execution,
//! the mid-year budget cut, the indicators that lost the most points and why (the score's
//! explanation, or the reading that failed), and the findings that matter, errors first. Every
//! figure is the stored assessment's, as `GET /api/evaluations/{id}` gives it; each sentence
//! links the rows it speaks of (`/evaluations/{id}?row=N`, `?row=execution`).

use fundlens_shared::api::{Briefing, EvaluationDetail};
use fundlens_shared::audit::{Finding, FindingCode, Severity};
use fundlens_shared::comparison::{self, FigureKind};
use fundlens_shared::format;
use fundlens_shared::query::{YearsQuery, url};
use fundlens_shared::scoring::grade::graded_on_share;
use fundlens_shared::scoring::indicator::IndicatorScore;
use fundlens_shared::scoring::lost_points;
use rust_decimal::Decimal;

use super::{against_last_year, briefing, evaluation_url, sentences};
use crate::year_comparison::one_evaluation;
use fundlens_store::EvaluationFilter;
use fundlens_store::{StorageError, Store};

/// How many indicators and findings are named.
const NAMED: usize = 3;

fn optional_money(value: Option<Decimal>) -> String {
    value.map_or_else(|| "—".to_owned(), format::money)
}

/// Total and grade, against last year's evaluation of the fund when there is one.
fn total(detail: &EvaluationDetail, previous: Option<&EvaluationDetail>) -> String {
    let record = &detail.record;
    let assessment = &detail.assessment;
    let scale = if graded_on_share(assessment.scale) {
        format!("（满分按分值合计{}分计）", format::score(assessment.scale))
    } else {
        String::new()
    };
    let unverified = if assessment.complete {
        ""
    } else {
        "，部分得分未能核实"
    };
    let change = previous.map_or_else(String::new, |previous| {
        let earlier = &previous.assessment;
        let score = FigureKind::Score;
        let change = comparison::change(score, Some(earlier.total), Some(assessment.total));
        let change = against_last_year(score, change, |c| format!("{}分", format::score(c.abs())));
        format!(
            "{change}（{}年{}分，{}）",
            previous.record.year.value(),
            format::score(earlier.total),
            fundlens_shared::value::Grade::label_of(earlier.grade)
        )
    });
    format!(
        "{}年{}自评总分{}分{scale}，等级为“{}”{unverified}{change}。",
        record.year.value(),
        format::scope_name(Some(&record.region), Some(&record.program.name)),
        format::score(assessment.total),
        fundlens_shared::value::Grade::label_of(assessment.grade),
    )
}

/// Budget execution: budget, executed, rate and its score.
fn execution(detail: &EvaluationDetail) -> Option<String> {
    let funding = &detail.record.funding.total;
    let budget = funding.full_year_budget.map(|m| m.value());
    let executed = funding.executed.map(|m| m.value());
    if budget.is_none() && executed.is_none() {
        return None;
    }
    let execution = &detail.assessment.execution;
    let rate = execution
        .rate
        .map_or_else(|| "无法计算".to_owned(), format::percent);
    Some(format!(
        "全年预算{}，执行{}，预算执行率{rate}，预算执行得分{}分（分值{}分）。",
        optional_money(budget),
        optional_money(executed),
        format::score(execution.score),
        format::score(execution.weight),
    ))
}

/// The mid-year cut of the year-start budget, when the adjusted budget is lower.
fn budget_cut(detail: &EvaluationDetail) -> Option<String> {
    let funding = &detail.record.funding.total;
    let start = funding.year_start_budget?.value();
    let adjusted = funding.full_year_budget?.value();
    if adjusted >= start {
        return None;
    }
    let cut = start - adjusted;
    let share = if start > Decimal::ZERO {
        format!(
            "（{}）",
            format::percent(cut * Decimal::ONE_HUNDRED / start)
        )
    } else {
        String::new()
    };
    let flagged = if detail
        .assessment
        .findings
        .iter()
        .any(|f| f.code == FindingCode::BudgetCut)
    {
        "，审核提示年中调减幅度较大"
    } else {
        ""
    };
    Some(format!(
        "年初预算{}，年中调整为{}，调减{}{share}{flagged}。",
        format::money(start),
        format::money(adjusted),
        format::money(cut),
    ))
}

/// Why a row scored what it did: the formula with its numbers, else the result in words.
fn why(row: &IndicatorScore) -> String {
    let explanation = &row.explanation;
    if explanation.formula.is_empty() {
        explanation.result.clone()
    } else {
        explanation.formula.clone()
    }
}

/// The indicators that lost the most points (counted score below the weight beyond the
/// assessment's tolerance, [`lost_points`]), most first, ties in form order, and their links.
fn losing_rows(detail: &EvaluationDetail) -> (Option<String>, Vec<String>) {
    let assessment = &detail.assessment;
    let indicators = &assessment.indicators;
    if indicators.is_empty() {
        return (None, Vec::new());
    }
    let mut losing: Vec<(Decimal, &IndicatorScore)> = indicators
        .iter()
        .filter_map(|row| {
            lost_points(row.weight, row.score, assessment.score_tolerance).map(|lost| (lost, row))
        })
        .collect();
    losing.sort_by_key(|(lost, _)| std::cmp::Reverse(*lost));
    let losing: Vec<&IndicatorScore> = losing.into_iter().take(NAMED).map(|(_, row)| row).collect();
    if losing.is_empty() {
        return (
            Some(format!("{}项绩效指标均得满分。", indicators.len())),
            Vec::new(),
        );
    }
    let named: Vec<String> = losing
        .iter()
        .map(|row| {
            format!(
                "{}得{}分（分值{}分；指标值“{}”，实际完成“{}”；{}）",
                row.name,
                format::score(row.score),
                format::score(row.weight),
                row.target,
                row.actual,
                why(row)
            )
        })
        .collect();
    let links = losing
        .iter()
        .map(|row| evaluation_url(detail.id, Some(row.index.to_string())))
        .collect();
    (
        Some(format!("失分最多的指标：{}。", named.join("；"))),
        links,
    )
}

/// Where a finding is shown: its indicator row, the execution row, or the evaluation.
fn finding_row(finding: &Finding) -> Option<String> {
    match (finding.indicator, finding.code) {
        (Some(index), _) => Some(index.to_string()),
        (
            None,
            FindingCode::DeclaredRateMismatch
            | FindingCode::OverExecution
            | FindingCode::BudgetCut
            | FindingCode::FundingPartsMismatch,
        ) => Some("execution".to_owned()),
        _ => None,
    }
}

/// The findings by severity, the first few named (errors first, then warnings, then notes,
/// each in the audit's order).
fn findings(detail: &EvaluationDetail) -> (Option<String>, Vec<String>) {
    let all = &detail.assessment.findings;
    if all.is_empty() {
        return (Some("审核未发现问题。".to_owned()), Vec::new());
    }
    let counts: Vec<String> = [Severity::Error, Severity::Warning, Severity::Info]
        .into_iter()
        .filter_map(|severity| {
            let count = all.iter().filter(|f| f.severity == severity).count();
            (count > 0).then(|| format!("{}{}条", severity.label(), count))
        })
        .collect();
    let mut ordered: Vec<&Finding> = all.iter().collect();
    ordered.sort_by_key(|f| f.severity);
    ordered.truncate(NAMED);
    let named: Vec<String> = ordered
        .iter()
        .map(|f| format!("【{}】{}：{}", f.severity.label(), f.subject, f.message))
        .collect();
    let mut links: Vec<String> = Vec::new();
    for finding in &ordered {
        let link = evaluation_url(detail.id, finding_row(finding));
        if !links.contains(&link) {
            links.push(link);
        }
    }
    (
        Some(format!(
            "审核发现{}条问题（{}），主要是：{}。",
            all.len(),
            counts.join("、"),
            named.join("；")
        )),
        links,
    )
}

/// The briefing of evaluation `id`; `None` when there is no such evaluation.
///
/// # Errors
/// When the store fails.
pub async fn fund_briefing(store: &Store, id: i64) -> Result<Option<Briefing>, StorageError> {
    let Some(detail) = store.evaluation(id).await? else {
        return Ok(None);
    };
    let record = &detail.record;
    let year = record.year.value();
    let program = record.program.name.clone();
    let previous = one_evaluation(
        store,
        year - 1,
        &record.region,
        &program,
        &EvaluationFilter::default(),
    )
    .await?;
    let here = evaluation_url(id, None);
    let execution_link = evaluation_url(id, Some("execution".to_owned()));
    let mut total_links = vec![here];
    if let Some(previous) = &previous {
        total_links.push(url(
            "/compare-years",
            &YearsQuery {
                a: Some(year - 1),
                b: Some(year),
                region: Some(record.region.clone()),
                program: Some(program.clone()),
                ..YearsQuery::default()
            },
        ));
        total_links.push(evaluation_url(previous.id, None));
    }
    let (lost, lost_links) = losing_rows(&detail);
    let (found, found_links) = findings(&detail);
    let parts = vec![
        (Some(total(&detail, previous.as_ref())), total_links),
        (execution(&detail), vec![execution_link.clone()]),
        (budget_cut(&detail), vec![execution_link]),
        (lost, lost_links),
        (found, found_links),
    ];
    Ok(Some(briefing(
        (year, Some(record.region.clone()), Some(program)),
        sentences(parts),
        detail.sample,
        "",
    )))
}
