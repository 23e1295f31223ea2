//! 总览 (`/?year=&region=&source=`): the chosen year of a region against the year before — KPI
//! cards, budget and execution over the years, the score trend, key economic metrics against
//! the province, and the year's funds sorted by score, lowest first, so laggards show. Without
//! a region it shows the top of the data (a city's data: the city). Where the data hold real
//! and sample records, 数据 offers 仅真实数据 (`source=real`) beside the sum of both.

use fundlens_shared::api::EvaluationList;
use fundlens_shared::audit::Severity;
use fundlens_shared::chart::{UNGRADED_COLOUR, views};
use fundlens_shared::comparison::YearComparison;
use fundlens_shared::format;
use fundlens_shared::metric::KEY_METRICS;
use fundlens_shared::query::{
    FilterQuery, Findings, ListQuery, OverviewQuery, ResultsPageQuery, ResultsQuery, Sort, Source,
    YearsQuery, url,
};
use fundlens_shared::results::View;
use fundlens_shared::value::{Grade, UNGRADED};
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api;
use crate::catalog::{Choice, root_region, use_catalog};
use crate::components::briefing::BriefingCard;
use crate::components::chart::{ChartCard, ChartSpec};
use crate::components::downloads::Downloads;
use crate::components::filters::{SelectFilter, year_choices};
use crate::components::funds::FundsTable;
use crate::components::html::HtmlTable;
use crate::components::region_chooser::RegionChooser;
use crate::components::status::{Delta, Empty, ErrorNote, GradeBadge, Loading, show};
use crate::components::unknown::UnknownChoice;
use crate::figures::{Kpi, kpis};
use crate::pages::results::rows_html;
use crate::query::use_query;
use crate::reactive::{dynamic, dynamic_text, resource};

/// How many of the lowest-scoring funds the overview lists; the whole list, paged, is on
/// 评价详情 (a province has tens of thousands: the overview never pulls them).
const SHORT_LIST: u32 = 15;

/// The overview page.
#[component]
pub(crate) fn Overview() -> impl IntoView {
    let catalog = use_catalog();
    let query = use_query::<OverviewQuery>();
    // The URL's region; without one the API answers for everything, which is the top of the
    // data (a city's data: the city), and the page names that region.
    let region = Memo::new(move |_| query.with(|q| q.region.clone()));
    let shown_region = Memo::new(move |_| region.get().or_else(|| catalog.start_region()));
    // 仅真实数据 (`source=real`) or every record, real and sample summed (absent).
    let source = Memo::new(move |_| query.with(|q| q.source));
    let year = Memo::new(move |_| query.with(|q| q.year).or_else(|| catalog.latest_year()));
    let in_region = move || FilterQuery {
        region: region.get(),
        source: source.get(),
        ..FilterQuery::default()
    };

    let funding = resource(move || api::funding_trend(in_region()));
    let scores = resource(move || api::score_trend(in_region()));
    let against_last_year = resource(move || {
        let (year, region, source) = (year.get(), region.get(), source.get());
        async move {
            match year {
                Some(year) => {
                    let query = YearsQuery {
                        a: Some(year - 1),
                        b: Some(year),
                        region,
                        source,
                        ..YearsQuery::default()
                    };
                    api::compare_years(query).await.map(Some)
                }
                None => Ok(None),
            }
        }
    });
    // The year's lowest-scoring funds, as the table lists them and its downloads ask.
    let funds_query = Memo::new(move |_| ListQuery {
        year: year.get(),
        region: region.get(),
        source: source.get(),
        sort: Some(Sort::Lowest),
        limit: Some(SHORT_LIST),
        ..ListQuery::default()
    });
    let funds = resource(move || {
        let query = funds_query.get();
        async move {
            if query.year.is_some() {
                api::evaluations(query).await
            } else {
                Ok(EvaluationList {
                    total_count: 0,
                    items: Vec::new(),
                    next: None,
                })
            }
        }
    });

    let years = Signal::derive(move || year_choices(&catalog.year_list()));
    let year_text = Signal::derive(move || year.get().map(|y| y.to_string()));
    let heading = dynamic_text(move || {
        let year = year.get().map(|y| format!("{y}年 · ")).unwrap_or_default();
        let scope = shown_region.get().unwrap_or_else(|| "全部地区".to_owned());
        format!("总览 · {year}{scope}")
    });

    view! {
        <div class="overview-page">
        <section class="page-head">
            <h2>{heading}</h2>
            <div class="filters">
                <RegionChooser value=shown_region />
                <SelectFilter label="年度" param="year" choices=years value=year_text />
                {move || (catalog.sample_count() > 0 && catalog.real_count() > 0).then(|| view! {
                    <SelectFilter
                        label="数据"
                        param="source"
                        choices=Signal::stored(vec![Choice {
                            value: Source::Real.to_string(),
                            label: "仅真实数据".to_owned(),
                        }])
                        value=Signal::derive(move || source.get().map(|s| s.to_string()))
                        all_label="含示例数据（真实与示例合计）"
                    />
                })}
            </div>
        </section>
        <UnknownChoice />
        <section class="kpis" aria-label="关键指标">
            {dynamic(move || {
                match against_last_year.get() {
                    Some(Ok(Some(comparison))) => kpi_cards(&comparison),
                    Some(Ok(None)) if !catalog.loaded() => view! { <Loading /> }.into_any(),
                    Some(Ok(None)) => view! { <Empty text="暂无评价年度数据：请先导入自评表" /> }.into_any(),
                    Some(Err(error)) => view! { <ErrorNote error what="关键指标" /> }.into_any(),
                    None => view! { <Loading /> }.into_any(),
                }
            })}
        </section>
        <section class="card lowest-funds">
            <h3>
                {dynamic_text(move || {
                    let year = year.get().map(|y| format!("{y}年")).unwrap_or_default();
                    format!("{year}各项目自评得分（由低到高，落后项目在前）")
                })}
            </h3>
            <Downloads path="/api/evaluations" question=funds_query />
            {dynamic(move || show(
                funds.get(),
                "项目列表",
                |list| {
                    if list.items.is_empty() && !catalog.loaded() {
                        return view! { <Loading /> }.into_any();
                    }
                    if list.items.is_empty() {
                        return view! { <Empty text=nothing_in(year.get(), shown_region.get()) /> }.into_any();
                    }
                    let shown = list.items.len();
                    let total = usize::try_from(list.total_count).unwrap_or(shown);
                    let items = list.items;
                    view! {
                        <FundsTable items />
                        <WholeList shown total year=year.get() region=region.get() />
                    }
                        .into_any()
                },
            ))}
        </section>
        <BriefingCard year region source />
        <ResultsCard year region=shown_region source />
        <section class="chart-grid">
            {dynamic(move || show(
                funding.get(),
                "资金趋势",
                |mut trend| {
                    // Asked without a region, the trend is the top of the data's: named so.
                    trend.region = trend.region.or_else(|| shown_region.get());
                    view! { <ChartCard spec=ChartSpec::Line(views::funding_chart(&trend)) /> }
                },
            ))}
            {dynamic(move || show(
                scores.get(),
                "得分趋势",
                |mut trend| {
                    trend.region = trend.region.or_else(|| shown_region.get());
                    view! {
                        <ChartCard spec=ChartSpec::Line(views::score_chart(&trend)) />
                        <ChartCard spec=ChartSpec::Line(views::group_share_chart(&trend)) />
                    }
                },
            ))}
        </section>
        <section class="card">
            <h3>"主要经济指标与全省平均水平"</h3>
            <KeyMetricCharts region=shown_region source />
        </section>
        </div>
    }
}

/// How many of the budget view's warned rows 总览 lists (the page has them all).
const WARNED_BUDGETS: u32 = 5;

/// 结果应用 on 总览: how the budgets of last year's funds answered their grades — the budget
/// view's headline figures and sentence as the server counts them, the first funds graded 中 or
/// 差 whose budget was not cut, and the way to the page.
#[component]
fn ResultsCard(
    year: Memo<Option<i32>>,
    region: Memo<Option<String>>,
    source: Memo<Option<Source>>,
) -> impl IntoView {
    let answer = resource(move || {
        let question = ResultsQuery {
            year: year.get(),
            region: region.get(),
            source: source.get(),
            limit: Some(WARNED_BUDGETS),
            ..ResultsQuery::default()
        };
        async move { api::results(View::Budget, question).await }
    });
    let page = move || {
        url(
            "/results",
            &ResultsPageQuery {
                year: year.get(),
                region: region.get(),
                ..ResultsPageQuery::default()
            },
        )
    };
    view! {
        <section class="card results-card" id="results-card">
            <h3>"结果应用：评价结果与次年预算"</h3>
            {dynamic(move || show(answer.get(), "结果应用", |answer| {
                let figures = answer
                    .summary
                    .figures
                    .iter()
                    .filter(|f| f.key.starts_with("low"))
                    .map(|f| view! {
                        <div class="figure" data-key=f.key.clone()>
                            <dt>{f.label.clone()}</dt>
                            <dd>{format::count(f.count)}</dd>
                        </div>
                    })
                    .collect_view();
                // The view lists its most serious rows first: the funds graded 中 or 差 whose
                // next budget still rose, or 中/差 twice and not cut.
                let mut warned = answer.clone();
                warned.rows.retain(|row| row.item.severity != Severity::Info);
                let table = (!warned.rows.is_empty()).then(|| {
                    let html = rows_html(&warned);
                    view! {
                        <h4>"须关注：评价为中、差而次年预算未核减的资金"</h4>
                        <HtmlTable html />
                    }
                });
                view! {
                    <dl class="figures">{figures}</dl>
                    {answer.summary.sentence.map(|s| view! { <p class="sentence">{s}</p> })}
                    {table}
                }
            }))}
            <p class="show-all"><a href=page>"查看结果应用（预算安排、目标设定、问题整改、交叉核对）"</a></p>
        </section>
    }
}

/// What an empty funds table says: what was asked and how to widen it.
fn nothing_in(year: Option<i32>, region: Option<String>) -> String {
    let year = year.map(|y| format!("{y}年")).unwrap_or_default();
    match region {
        Some(region) => {
            format!("{year}{region}没有评价记录。可改选其他年度，或在地区中回到上一级。")
        }
        None => format!("{year}没有评价记录。可改选其他年度。"),
    }
}

/// The KPI cards, or a note when the year has no evaluations.
fn kpi_cards(comparison: &YearComparison) -> AnyView {
    let year = comparison.b;
    let Some(cards) = kpis(comparison) else {
        return view! { <Empty text=format!("{year}年在所选地区没有评价记录") /> }.into_any();
    };
    let grades = comparison.grades.b.clone().unwrap_or_default();
    cards
        .into_iter()
        .map(|card| {
            let Kpi {
                key,
                label,
                value,
                note,
                change,
            } = card;
            let body = if key == "grades" {
                let chips = Grade::ALL
                    .iter()
                    .map(|grade| {
                        let count = grades.of(*grade);
                        view! {
                            <span class="grade-count">
                                <GradeBadge grade=*grade />
                                <b>{format::count(count)}</b>
                            </span>
                        }
                    })
                    .collect_view();
                // records without indicators or funding are counted in no grade: 未评级
                let ungraded = (grades.ungraded > 0).then(|| {
                    view! {
                        <span class="grade-count" data-grade="ungraded">
                            <span
                                class="grade-badge"
                                style=format!("background:{UNGRADED_COLOUR}")
                                title="未评级：没有绩效指标或没有项目资金情况的评价，不评定等级"
                            >
                                {UNGRADED}
                            </span>
                            <b>{format::count(grades.ungraded)}</b>
                        </span>
                    }
                });
                view! { <div class="kpi-value grades" title=value>{chips}{ungraded}</div> }
                    .into_any()
            } else if key == "findings" {
                // The findings card opens the list of the funds the audit found something in.
                let funds_with_findings = url(
                    "/evaluations",
                    &ListQuery {
                        year: Some(year),
                        region: comparison.region.clone(),
                        findings: Some(Findings::With),
                        ..ListQuery::default()
                    },
                );
                view! {
                    <a class="kpi-value kpi-link" href=funds_with_findings title="查看有审核发现的项目">
                        {value}
                    </a>
                }
                    .into_any()
            } else {
                view! { <div class="kpi-value">{value}</div> }.into_any()
            };
            view! {
                <div class="kpi" data-kpi=key>
                    <div class="kpi-label">{label}</div>
                    {body}
                    {note.map(|note| view! { <div class="kpi-note">{note}</div> })}
                    <div class="kpi-change">
                        <span class="muted" title=format!("与{}年相比", comparison.a)>"同比 "</span>
                        <Delta change />
                    </div>
                </div>
            }
        })
        .collect_view()
        .into_any()
}

/// The key economic metrics of the region shown (the top of the data when the URL names none:
/// a city's own on a city's data, never the province's) against the province, asked in one
/// request.
#[component]
fn KeyMetricCharts(region: Memo<Option<String>>, source: Memo<Option<Source>>) -> impl IntoView {
    let catalog = use_catalog();
    let place = Memo::new(move |_| region.get().or_else(|| root_region(&catalog.region_list())));
    let trends = resource(move || {
        let (place, source) = (place.get(), source.get());
        async move {
            match place {
                Some(place) => api::metric_set(place, &KEY_METRICS, source).await.map(Some),
                None => Ok(None),
            }
        }
    });
    dynamic(move || {
        show(trends.get(), "经济指标", move |trends| match trends {
            None => view! { <Empty text="暂无地区数据" /> }.into_any(),
            Some(trends) => {
                let asked = place.get().unwrap_or_default();
                let charts = KEY_METRICS
                    .into_iter()
                    .zip(trends)
                    .map(|(metric, trend)| {
                        let name = catalog.metric_name(metric);
                        let sample = trend.points.iter().any(|p| p.sample);
                        let note = trend
                            .region
                            .as_ref()
                            .filter(|shown| **shown != asked)
                            .map(|shown| format!("{asked}的统计数据并入{shown}"));
                        let spec = ChartSpec::Line(views::metric_chart(&trend, &name));
                        view! {
                            <ChartCard spec sample note=note.unwrap_or_default() height=280 />
                        }
                    })
                    .collect_view();
                view! { <div class="chart-grid">{charts}</div> }.into_any()
            }
        })
    })
}

/// Under the funds table: how many there are in all and, when the table shows only the
/// lowest, the link to the whole list (paged, same year, region and order) on 评价详情.
#[component]
fn WholeList(
    shown: usize,
    total: usize,
    year: Option<i32>,
    region: Option<String>,
) -> impl IntoView {
    if total <= shown {
        return view! { <p class="muted">{format!("共 {} 项", format::count(total))}</p> }
            .into_any();
    }
    let href = url(
        "/evaluations",
        &ListQuery {
            year,
            region,
            sort: Some(Sort::Lowest),
            ..ListQuery::default()
        },
    );
    view! {
        <p class="show-all">
            <span class="muted">
                {format!("共 {} 项，此处列出得分最低的 {} 项。", format::count(total), format::count(shown))}
            </span>
            <A href=href>{format!("在评价详情中查看全部 {} 项 →", format::count(total))}</A>
        </p>
    }
    .into_any()
}
