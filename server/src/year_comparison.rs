//! Two years side by side (`GET /api/compare/years`): the figures of the stored funding and
//! score trends for years A and B with their changes, computed once here through
//! `shared::comparison`, and for one fund in one region its indicators paired by name. The
//! pages show these figures; they do not subtract anything themselves.

use fundlens_shared::api::{EvaluationDetail, FundingPoint, ScorePoint};
use fundlens_shared::comparison::{
    Better, ComparedEvaluation, FigureChange, FigureKind, GradeChange, IndicatorChange,
    IndicatorComparison, IndicatorSide, YearComparison, grade_differences, grade_index,
};
use fundlens_shared::query::Sort;
use rust_decimal::Decimal;

use fundlens_store::{EvaluationFilter, Start};
use fundlens_store::{StorageError, Store};

/// Compares years `a` and `b` of the evaluations `filter` selects (its year is ignored).
///
/// # Errors
/// When the store fails.
pub(crate) async fn compare_years(
    store: &Store,
    a: i32,
    b: i32,
    filter: &EvaluationFilter,
) -> Result<YearComparison, StorageError> {
    let all_years = EvaluationFilter {
        year: None,
        ..filter.clone()
    };
    let (funding, scores) = tokio::try_join!(
        store.funding_trend(&all_years),
        store.score_trend(&all_years)
    )?;
    let (funding, scores) = (funding.points, scores.points);
    let funding_of = |year: i32| funding.iter().find(|p| p.year == year);
    let scores_of = |year: i32| scores.iter().find(|p| p.year == year);
    let (fa, fb, sa, sb) = (funding_of(a), funding_of(b), scores_of(a), scores_of(b));
    let indicators = match (&filter.region, &filter.program) {
        (Some(region), Some(program)) => {
            Some(indicator_comparison(store, a, b, region, program, filter).await?)
        }
        _ => None,
    };
    Ok(YearComparison {
        a,
        b,
        region: filter.region.clone(),
        program: filter.program.clone(),
        funding: funding_figures(fa, fb),
        scores: score_figures(sa, sb),
        grades: GradeChange {
            a: sa.map(|p| p.grades.clone()),
            b: sb.map(|p| p.grades.clone()),
            differences: sa
                .zip(sb)
                .map(|(sa, sb)| grade_differences(&sa.grades, &sb.grades)),
            index_change: fundlens_shared::comparison::change(
                FigureKind::Score,
                sa.and_then(|p| grade_index(&p.grades)),
                sb.and_then(|p| grade_index(&p.grades)),
            ),
        },
        indicators,
    })
}

fn funding_figures(a: Option<&FundingPoint>, b: Option<&FundingPoint>) -> Vec<FigureChange> {
    let figure = |names, kind, better, value: fn(&FundingPoint) -> Option<Decimal>| {
        FigureChange::new(names, kind, better, a.and_then(value), b.and_then(value))
    };
    let count = |p: &FundingPoint| Some(Decimal::from(p.evaluations));
    vec![
        figure(
            ("evaluations", "评价项目数", "个"),
            FigureKind::Count,
            Better::Neither,
            count,
        ),
        figure(
            ("year_start_budget", "年初预算数", "万元"),
            FigureKind::Money,
            Better::Neither,
            |p| Some(p.year_start_budget),
        ),
        figure(
            ("budget", "全年预算数", "万元"),
            FigureKind::Money,
            Better::Neither,
            |p| Some(p.budget),
        ),
        figure(
            ("executed", "全年执行数", "万元"),
            FigureKind::Money,
            Better::Neither,
            |p| Some(p.executed),
        ),
        figure(
            ("execution_rate", "预算执行率", "%"),
            FigureKind::Percent,
            Better::Higher,
            |p| p.execution_rate,
        ),
    ]
}

fn score_figures(a: Option<&ScorePoint>, b: Option<&ScorePoint>) -> Vec<FigureChange> {
    let score = |key: &str, label: &str, value: fn(&ScorePoint) -> Decimal| {
        FigureChange::new(
            (key, label, "分"),
            FigureKind::Score,
            Better::Higher,
            a.map(value),
            b.map(value),
        )
    };
    let mut figures = vec![
        score("average_total", "平均总分", |p| p.average_total),
        score("min_total", "最低总分", |p| p.min_total),
        score("max_total", "最高总分", |p| p.max_total),
    ];
    let mut groups: Vec<(&str, &str)> = Vec::new();
    for group in a.iter().chain(b.iter()).flat_map(|p| &p.groups) {
        if !groups.iter().any(|(key, _)| *key == group.group) {
            groups.push((&group.group, &group.label));
        }
    }
    for (key, label) in groups {
        let average = |point: Option<&ScorePoint>| {
            point
                .and_then(|p| p.groups.iter().find(|g| g.group == key))
                .map(|g| g.average_score)
        };
        figures.push(FigureChange::new(
            (&format!("group:{key}"), &format!("{label}平均得分"), "分"),
            FigureKind::Score,
            Better::Higher,
            average(a),
            average(b),
        ));
    }
    figures.push(FigureChange::new(
        ("findings", "审核发现", "条"),
        FigureKind::Count,
        Better::Lower,
        a.map(|p| Decimal::from(p.findings)),
        b.map(|p| Decimal::from(p.findings)),
    ));
    figures
}

/// The one evaluation of `program` in exactly `region` (not a region below it) in `year`.
pub(crate) async fn one_evaluation(
    store: &Store,
    year: i32,
    region: &str,
    program: &str,
    filter: &EvaluationFilter,
) -> Result<Option<EvaluationDetail>, StorageError> {
    let list = store
        .list_evaluations(
            &EvaluationFilter {
                year: Some(year),
                region: Some(region.to_owned()),
                program: Some(program.to_owned()),
                ..filter.clone()
            },
            Sort::Newest,
            1000,
            &Start::Offset(0),
        )
        .await?;
    match list.items.iter().find(|item| item.region == region) {
        Some(item) => store.evaluation(item.id).await,
        None => Ok(None),
    }
}

async fn indicator_comparison(
    store: &Store,
    a: i32,
    b: i32,
    region: &str,
    program: &str,
    filter: &EvaluationFilter,
) -> Result<IndicatorComparison, StorageError> {
    let first = one_evaluation(store, a, region, program, filter).await?;
    let second = one_evaluation(store, b, region, program, filter).await?;
    let compared = |detail: &Option<EvaluationDetail>| {
        detail.as_ref().map(|d| ComparedEvaluation {
            id: d.id,
            total: d.assessment.total,
            sample: d.sample,
        })
    };
    let rows = match (&first, &second) {
        (Some(first), Some(second)) => paired_rows(first, second),
        _ => Vec::new(),
    };
    Ok(IndicatorComparison {
        a: compared(&first),
        b: compared(&second),
        rows,
    })
}

/// The indicators of two evaluations paired by name: year B's form order, then rows only A has.
fn paired_rows(a: &EvaluationDetail, b: &EvaluationDetail) -> Vec<IndicatorChange> {
    let side = |detail: &EvaluationDetail, name: &str| {
        detail
            .assessment
            .indicators
            .iter()
            .find(|row| row.name == name)
            .map(|row| IndicatorSide {
                target: row.target.clone(),
                actual: row.actual.clone(),
                score: row.score,
                weight: row.weight,
            })
    };
    let mut names: Vec<(&str, String)> = Vec::new();
    for row in b
        .assessment
        .indicators
        .iter()
        .chain(&a.assessment.indicators)
    {
        if !names.iter().any(|(name, _)| *name == row.name) {
            names.push((&row.name, format!("{} / {}", row.level1, row.level2)));
        }
    }
    names
        .into_iter()
        .map(|(name, group)| {
            let (side_a, side_b) = (side(a, name), side(b, name));
            IndicatorChange {
                name: name.to_owned(),
                group,
                change: fundlens_shared::comparison::change(
                    FigureKind::Score,
                    side_a.as_ref().map(|s| s.score),
                    side_b.as_ref().map(|s| s.score),
                ),
                a: side_a,
                b: side_b,
            }
        })
        .collect()
}
