//! 简报: a few Chinese sentences for one year and region, built only from figures the server
//! already computes — execution and its change, scores and grades ([`compare_years`]), the
//! lowest-scoring funds (the list, lowest first) and the findings — formatted as the dashboard
//! formats them (`shared::format`). No clock, no randomness: the same data gives the same text.

use fundlens_shared::api::{Briefing, BriefingSentence, EvaluationList};
use fundlens_shared::comparison::{FigureChange, YearComparison};
use fundlens_shared::format;
use fundlens_shared::value::Grade;
use rust_decimal::Decimal;

use crate::storage::list::{ListOrder, Start};
use crate::storage::read::EvaluationFilter;
use crate::storage::{StorageError, Store};
use crate::year_comparison::compare_years;
use fundlens_shared::query::percent_encode;

/// How many of the lowest-scoring funds are named.
const LOWEST: u32 = 3;

/// A dashboard URL with its query (values percent-encoded).
fn url(path: &str, pairs: &[(&str, Option<String>)]) -> String {
    let query: Vec<String> = pairs
        .iter()
        .filter_map(|(key, value)| {
            value
                .as_ref()
                .map(|v| format!("{key}={}", percent_encode(v)))
        })
        .collect();
    if query.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{}", query.join("&"))
    }
}

/// `较上年增加/减少 …` for a change, or `与上年持平`; `None` without a year before.
fn against_last_year(change: Option<Decimal>, written: impl Fn(Decimal) -> String) -> String {
    match change {
        Some(c) if c > Decimal::ZERO => format!("，较上年增加{}", written(c)),
        Some(c) if c < Decimal::ZERO => format!("，较上年减少{}", written(c)),
        Some(_) => "，与上年持平".to_owned(),
        None => String::new(),
    }
}

fn figure<'a>(comparison: &'a YearComparison, key: &str) -> Option<&'a FigureChange> {
    comparison.figure(key)
}

/// The execution sentence: budget, executed, rate and the rate's change in points.
fn execution(comparison: &YearComparison, scope: &str) -> Option<String> {
    let count = figure(comparison, "evaluations")?.b?;
    let budget = figure(comparison, "budget")?.b?;
    let executed = figure(comparison, "executed")?.b?;
    let rate = figure(comparison, "execution_rate")?;
    let rate_text = rate.b.map_or_else(|| "—".to_owned(), format::percent);
    let change = against_last_year(rate.change, |c| {
        format!(
            "{}（{}年为{}）",
            format::percentage_points(c),
            comparison.a,
            rate.a.map_or_else(|| "—".to_owned(), format::percent)
        )
    });
    Some(format!(
        "{}年{scope}共{}个项目开展绩效自评，全年预算{}，执行{}，预算执行率{rate_text}{change}。",
        comparison.b,
        format::count(count),
        format::money(budget),
        format::money(executed),
    ))
}

/// The score sentence: average total and its change, the grade mix.
fn scores(comparison: &YearComparison) -> Option<String> {
    let average = figure(comparison, "average_total")?;
    let value = average.b?;
    let change = against_last_year(average.change, |c| format!("{}分", format::score(c.abs())));
    let grades = comparison.grades.b.as_ref().map(|counts| {
        let parts: Vec<String> = Grade::ALL
            .iter()
            .map(|g| format!("{}{}个", g.label(), format::count(counts.of(*g))))
            .collect();
        format!("；等级分布：{}", parts.join("、"))
    });
    Some(format!(
        "自评平均得分{}分{change}{}。",
        format::score(value),
        grades.unwrap_or_default()
    ))
}

/// The lowest-scoring funds and why (grade, findings).
fn lowest(list: &EvaluationList) -> Option<String> {
    if list.items.is_empty() {
        return None;
    }
    let named: Vec<String> = list
        .items
        .iter()
        .map(|item| {
            let findings = if item.finding_count > 0 {
                format!("，审核发现{}条问题", item.finding_count)
            } else {
                String::new()
            };
            format!(
                "{}（{}，{}分，{}{findings}）",
                item.program,
                item.region,
                format::score(item.total),
                item.grade.label()
            )
        })
        .collect();
    Some(format!(
        "得分最低的{}个项目：{}。",
        list.items.len(),
        named.join("；")
    ))
}

/// The findings sentence.
fn findings(comparison: &YearComparison) -> Option<String> {
    let found = figure(comparison, "findings")?;
    let count = found.b?;
    let change = against_last_year(found.change, |c| format!("{}条", format::count(c.abs())));
    Some(format!(
        "审核共发现{}条问题{change}。",
        format::count(count)
    ))
}

/// The briefing of `year` for `region` (and every region below it; `None`: all).
///
/// # Errors
/// When the store fails.
pub fn briefing(store: &Store, year: i32, region: Option<&str>) -> Result<Briefing, StorageError> {
    let filter = EvaluationFilter {
        region: region.map(str::to_owned),
        ..EvaluationFilter::default()
    };
    let comparison = compare_years(store, year - 1, year, &filter)?;
    let list = store.list_evaluations(
        &EvaluationFilter {
            year: Some(year),
            ..filter.clone()
        },
        ListOrder::LowestTotal,
        LOWEST,
        &Start::Offset(0),
    )?;
    let scope = region.unwrap_or("全部地区");
    let region_value = region.map(str::to_owned);
    let years_link = url(
        "/compare-years",
        &[
            ("a", Some((year - 1).to_string())),
            ("b", Some(year.to_string())),
            ("region", region_value.clone()),
        ],
    );
    let overview_link = url(
        "/",
        &[
            ("year", Some(year.to_string())),
            ("region", region_value.clone()),
        ],
    );
    let list_link = url(
        "/evaluations",
        &[
            ("year", Some(year.to_string())),
            ("region", region_value),
            ("sort", Some("lowest".to_owned())),
        ],
    );
    let sentences: Vec<BriefingSentence> = [
        (
            execution(&comparison, scope),
            vec![overview_link.clone(), years_link.clone()],
        ),
        (scores(&comparison), vec![years_link.clone()]),
        (lowest(&list), vec![list_link.clone()]),
        (findings(&comparison), vec![years_link, list_link]),
    ]
    .into_iter()
    .filter_map(|(text, links)| text.map(|text| BriefingSentence { text, links }))
    .collect();
    let sample = store
        .evaluation_provenance(&EvaluationFilter {
            year: Some(year),
            ..filter
        })?
        .sample;
    let mut text = String::new();
    if sample {
        text.push_str("【示例数据】");
    }
    if sentences.is_empty() {
        text.push_str(&format!("{year}年{scope}没有评价记录。"));
    }
    for sentence in &sentences {
        text.push_str(&sentence.text);
    }
    Ok(Briefing {
        year,
        region: region.map(str::to_owned),
        sentences,
        text,
        sample,
    })
}
