//! The briefing of one year of a region (and every region below it; optionally one program):
//! execution and its change, scores and grades ([`compare_years`], the figures of 年度对比 and
//! the KPI cards), the lowest-scoring funds (the list, lowest first), mid-year budget cuts
//! ([`Store::budget_cuts`], the list's budgets of the same funds), how the budgets answered
//! last year's grades (结果应用, [`Store::results`]), the findings, and the key
//! economic metrics against the province with their ranks ([`Store::metric_trend`], the
//! figures of the overview's metric charts).

use fundlens_shared::api::{Briefing, EvaluationList, MetricPoint};
use fundlens_shared::chart::views::unit_of;
use fundlens_shared::comparison::{FigureChange, YearComparison};
use fundlens_shared::format;
use fundlens_shared::metric::{KEY_METRICS, Metric, MetricCode};
use fundlens_shared::query::{
    HistoryPageQuery, ListQuery, OverviewQuery, ResultsPageQuery, Sort, Source, YearsQuery, url,
};
use fundlens_shared::region::{HUNAN, data_top};
use fundlens_shared::results::View;
use fundlens_shared::results::summary::Summary;
use fundlens_shared::value::Grade;
use rust_decimal::Decimal;

use super::{against_last_year, briefing, evaluation_url, sentences};
use crate::year_comparison::compare_years;
use fundlens_store::{BudgetCuts, EvaluationFilter, Start};
use fundlens_store::{StorageError, Store};

/// The metrics sentence, its links, and whether it quotes sample data.
type Metrics = (Option<String>, Vec<String>, bool);

/// How many of the lowest-scoring funds are named.
const LOWEST: u32 = 3;

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
    let change = against_last_year(rate.kind, rate.change, |c| {
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
    let change = against_last_year(average.kind, average.change, |c| {
        format!("{}分", format::score(c.abs()))
    });
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
                fundlens_shared::value::Grade::label_of(item.grade)
            )
        })
        .collect();
    Some(format!(
        "得分最低的{}个项目：{}。",
        list.items.len(),
        named.join("；")
    ))
}

/// The budget-cut sentence: how many funds were cut mid-year, the cuts added up and their share
/// of the year-start budget, and the largest cut; `None` when no fund was evaluated.
fn budget_cuts(cuts: &BudgetCuts, comparison: &YearComparison) -> Option<String> {
    figure(comparison, "evaluations")?.b?;
    let Some(largest) = &cuts.largest else {
        return Some("年内没有项目年中调减预算。".to_owned());
    };
    let share = figure(comparison, "year_start_budget")
        .and_then(|f| f.b)
        .filter(|start| *start > Decimal::ZERO)
        .map(|start| {
            format!(
                "，占年初预算的{}",
                format::percent(cuts.total * Decimal::ONE_HUNDRED / start)
            )
        })
        .unwrap_or_default();
    let cut = largest.year_start_budget - largest.budget;
    let cut_share = if largest.year_start_budget > Decimal::ZERO {
        format!(
            "，调减{}",
            format::percent(cut * Decimal::ONE_HUNDRED / largest.year_start_budget)
        )
    } else {
        String::new()
    };
    Some(format!(
        "{}个项目年中调减预算，合计调减{}{share}；调减最多的是{}（{}），年初预算{}调整为{}，减少{}{cut_share}。",
        format::count(cuts.funds),
        format::money(cuts.total),
        largest.program,
        largest.region,
        format::money(largest.year_start_budget),
        format::money(largest.budget),
        format::money(cut),
    ))
}

/// The findings sentence.
fn findings(comparison: &YearComparison) -> Option<String> {
    let found = figure(comparison, "findings")?;
    let count = found.b?;
    let change = against_last_year(found.kind, found.change, |c| {
        format!("{}条", format::count(c.abs()))
    });
    Some(format!(
        "审核共发现{}条问题{change}。",
        format::count(count)
    ))
}

/// A metric's value as the metric charts label it (`6.8%`, `12家`).
fn metric_value(value: Decimal, metric: &Metric) -> String {
    unit_of(metric.unit).format(value)
}

/// One metric of the year against the province (持平 when the gap does not show at the
/// metric's precision), with the region's provincial rank.
fn metric_clause(metric: &Metric, point: &MetricPoint, province: bool) -> Option<String> {
    let value = point.value?;
    let mut clause = format!("{}{}", metric.name, metric_value(value, metric));
    if let (Some(benchmark), false) = (point.benchmark, province) {
        let difference = value - benchmark;
        let gap = if metric.unit == "%" {
            format::percentage_points(difference)
        } else {
            metric_value(difference.abs(), metric)
        };
        let average = metric_value(benchmark, metric);
        let side = if format::shows_as_zero(difference, unit_of(metric.unit).decimals()) {
            format!("与全省平均水平（{average}）持平")
        } else if difference > Decimal::ZERO {
            format!("高于全省平均水平（{average}）{gap}")
        } else {
            format!("低于全省平均水平（{average}）{gap}")
        };
        clause.push('，');
        clause.push_str(&side);
    }
    if let Some(rank) = point.rank {
        clause.push_str(&format!("，居全省第{rank}位"));
    }
    Some(clause)
}

/// The economic-metrics sentence of `place` (the region, or the province for 全部地区), the
/// links to each metric's history, and whether any figure quoted is sample data; no sentence
/// when no key metric has a figure for the year.
async fn metrics(
    store: &Store,
    year: i32,
    place: &str,
    source: Source,
) -> Result<Metrics, StorageError> {
    let mut clauses = Vec::new();
    let mut links = Vec::new();
    let mut sample = false;
    let mut shown = place.to_owned();
    let codes = KEY_METRICS
        .iter()
        .filter_map(|code| MetricCode::parse(code).ok());
    let trends = futures::future::try_join_all(codes.map(|code| async move {
        Ok::<_, StorageError>((
            code,
            store.metric_trend(place, code.metric(), source).await?,
        ))
    }))
    .await?;
    for (code, trend) in trends {
        let metric = code.metric();
        let Some(trend) = trend else {
            continue;
        };
        let province = trend.region.as_deref() == Some(HUNAN);
        if let Some(region) = &trend.region {
            region.clone_into(&mut shown);
        }
        let Some((clause, point)) = trend
            .points
            .iter()
            .find(|p| p.year == year)
            .and_then(|point| Some((metric_clause(metric, point, province)?, point)))
        else {
            continue;
        };
        sample |= point.sample;
        clauses.push(clause);
        links.push(url(
            "/history",
            &HistoryPageQuery {
                metric: Some(code),
                region: Some(shown.clone()),
                ..HistoryPageQuery::default()
            },
        ));
    }
    if clauses.is_empty() {
        return Ok((None, links, sample));
    }
    let merged = if shown == place {
        String::new()
    } else {
        format!("（{place}的统计数据并入{shown}）")
    };
    Ok((
        Some(format!(
            "{year}年{shown}主要经济指标{merged}：{}。",
            clauses.join("；")
        )),
        links,
        sample,
    ))
}

/// The 结果应用 sentence (财预〔2020〕10号's use of results): each view's headline as the
/// 结果应用 page says it — how the budgets of the funds graded 中 or 差 the year before
/// answered, last year's findings rectified or not, targets set too low, statistics that
/// disagree — for the views with something to say, with a link to each.
async fn results_sentence(
    store: &Store,
    this_year: &EvaluationFilter,
    year: i32,
    region: Option<String>,
) -> Result<(Option<String>, Vec<String>), StorageError> {
    let mut clauses = Vec::new();
    let mut links = Vec::new();
    let pages = futures::future::try_join_all(View::ALL.iter().map(|&view| async move {
        Ok::<_, StorageError>((view, store.results(view, this_year, 1, 0).await?))
    }))
    .await?;
    for (view, page) in pages {
        let summary = Summary::of(view, Some(year), &page.counts);
        let worth_saying = match view {
            View::Budget => summary.count("low") > 0,
            _ => summary.figures.iter().any(|f| f.count > 0),
        };
        if let Some(sentence) = summary.sentence.filter(|_| worth_saying) {
            clauses.push(sentence);
            links.push(url(
                "/results",
                &ResultsPageQuery {
                    year: Some(year),
                    region: region.clone(),
                    view: Some(view),
                    ..ResultsPageQuery::default()
                },
            ));
        }
    }
    let text = (!clauses.is_empty()).then(|| format!("{}。", clauses.join("；")));
    Ok((text, links))
}

/// The briefing of `year` for `region` (and every region below it) and, when given, one
/// `program`, of the records of `source` (`Source::Real`: no generated figure counted). Without
/// a region it is the briefing of the top of the data
/// (`shared::region::data_top`): a city's own on a city's data, named so and quoting the
/// city's metrics — never the province's figures for what is one city's data.
///
/// # Errors
/// When the store fails.
pub async fn region_briefing(
    store: &Store,
    year: i32,
    region: Option<&str>,
    program: Option<&str>,
    source: Source,
) -> Result<Briefing, StorageError> {
    let top = match region {
        Some(_) => None,
        None => data_top(&store.regions().await?),
    };
    let region = region.or(top.as_deref());
    let filter = EvaluationFilter {
        region: region.map(str::to_owned),
        program: program.map(str::to_owned),
        source,
        ..EvaluationFilter::default()
    };
    // A link keeps the choice of real records only; all records is every page's default.
    let source_value = (source != Source::All).then_some(source);
    let this_year = EvaluationFilter {
        year: Some(year),
        ..filter.clone()
    };
    let place = region.unwrap_or(HUNAN);
    // The briefing's questions are independent: asked at once, they wait for the store's
    // readers side by side instead of one after another, which is what a briefing's latency
    // is made of when many first answers are being computed together.
    let (
        comparison,
        list,
        cuts,
        results,
        provenance,
        (metric_text, mut metric_links, metric_sample),
    ) = tokio::try_join!(
        compare_years(store, year - 1, year, &filter),
        store.list_evaluations(&this_year, Sort::Lowest, LOWEST, &Start::Offset(0)),
        store.budget_cuts(&this_year),
        results_sentence(store, &this_year, year, region.map(str::to_owned)),
        store.evaluation_provenance(&this_year),
        metrics(store, year, place, source),
    )?;
    let scope = format::scope_name(region, program);
    let (region_value, program_value) = (region.map(str::to_owned), program.map(str::to_owned));
    let years_link = url(
        "/compare-years",
        &YearsQuery {
            a: Some(year - 1),
            b: Some(year),
            region: region_value.clone(),
            program: program_value.clone(),
            source: source_value,
            ..YearsQuery::default()
        },
    );
    let overview_link = url(
        "/",
        &OverviewQuery {
            year: Some(year),
            region: region_value.clone(),
            source: source_value,
        },
    );
    let list_link = url(
        "/evaluations",
        &ListQuery {
            year: Some(year),
            region: region_value.clone(),
            program: program_value,
            source: source_value,
            sort: Some(Sort::Lowest),
            ..ListQuery::default()
        },
    );
    let mut cut_links = vec![list_link.clone()];
    if let Some(largest) = &cuts.largest {
        cut_links.push(evaluation_url(largest.id, Some("execution".to_owned())));
    }
    // Without evaluations the briefing says only that: no metrics are quoted.
    let has_evaluations = figure(&comparison, "evaluations")
        .and_then(|f| f.b)
        .is_some();
    let (metric_text, metric_sample) = if has_evaluations {
        (metric_text, metric_sample)
    } else {
        metric_links.clear();
        (None, false)
    };
    metric_links.insert(0, overview_link.clone());
    let parts = vec![
        (
            execution(&comparison, &scope),
            vec![overview_link, years_link.clone()],
        ),
        (scores(&comparison), vec![years_link.clone()]),
        (lowest(&list), vec![list_link.clone()]),
        (budget_cuts(&cuts, &comparison), cut_links),
        results,
        (findings(&comparison), vec![years_link, list_link]),
        (metric_text, metric_links),
    ];
    let sample = metric_sample || provenance.sample;
    Ok(briefing(
        (year, region_value, program.map(str::to_owned)),
        sentences(parts),
        sample,
        &format!("{year}年{scope}没有评价记录。"),
    ))
}

#[cfg(test)]
mod tests {
    use rust_decimal_macros::dec;

    use super::*;

    fn point(value: Decimal, benchmark: Decimal) -> MetricPoint {
        MetricPoint {
            year: 2023,
            value: Some(value),
            rank: None,
            benchmark: Some(benchmark),
            change: None,
            sample: false,
        }
    }

    #[test]
    fn a_gap_too_small_to_show_is_level_with_the_province() {
        let growth = MetricCode::parse("industrial_value_added_growth")
            .expect("a metric")
            .metric();
        let clause = |value, benchmark| {
            metric_clause(growth, &point(value, benchmark), false).expect("a clause")
        };
        assert!(clause(dec!(6.82), dec!(6.8)).ends_with("与全省平均水平（6.8%）持平"));
        assert!(clause(dec!(6.8), dec!(6.8)).ends_with("持平"));
        assert!(clause(dec!(6.85), dec!(6.8)).ends_with("高于全省平均水平（6.8%）0.1个百分点"));
        assert!(clause(dec!(6.2), dec!(6.8)).ends_with("低于全省平均水平（6.8%）0.6个百分点"));
    }
}
