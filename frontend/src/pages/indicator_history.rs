//! 指标历史 (`/history?name=&region=&program=&after=` or `/history?metric=&region=`): one
//! indicator (三级指标, by name) or one economic metric across the years and regions, as a
//! chart and a table.
//!
//! An indicator's chart shows every matching row by year (the API's per-year figures); its
//! table shows one page of rows at a time with the number in all. The indicator is found by
//! typing part of its name: `GET /api/indicators` lists the matching names in the chosen region
//! and fund, most rows first, with their counts, asked once typing pauses; choosing one puts
//! it in the URL (`name`) beside the region (the region chooser) and the fund.

use fundlens_shared::api::{IndicatorCatalogue, IndicatorHistory, MetricPoint, Trend};
use fundlens_shared::chart::{DataMark, LineChart, METRIC_SOURCE, Series, views};
use fundlens_shared::format;
use fundlens_shared::metric::MetricCode;
use fundlens_shared::query::{CatalogueQuery, HistoryPageQuery, HistoryQuery, MetricQuery, url};
use futures::future::join_all;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::{self, ApiResult, evaluation_link};
use crate::catalog::{Choice, children_of, home_city, region_choices, use_catalog};
use crate::components::chart::{ChartCard, ChartSpec};
use crate::components::filters::SelectFilter;
use crate::components::html::{Cell, HtmlTable, Row, head, link, note, sample_badge, table};
use crate::components::pager::Pager;
use crate::components::program_chooser::ProgramChooser;
use crate::components::region_chooser::RegionChooser;
use crate::components::search::SearchBox;
use crate::components::status::{Empty, show};
use crate::query::{use_query, use_set_query};
use crate::reactive::{dynamic, resource};

/// The metric the 经济指标历史 tab opens with.
const FIRST_METRIC: &str = "industrial_value_added_growth";

/// The history page.
#[component]
pub(crate) fn IndicatorHistoryPage() -> impl IntoView {
    let query = use_query::<HistoryPageQuery>();
    let metric = Memo::new(move |_| query.with(|q| q.metric));
    let tabs = dynamic(move || {
        let region = query.with(|q| q.region.clone());
        let metric_mode = metric.get().is_some();
        let indicator_href = url(
            "/history",
            &HistoryPageQuery {
                region: region.clone(),
                ..HistoryPageQuery::default()
            },
        );
        let metric_href = url(
            "/history",
            &HistoryPageQuery {
                metric: MetricCode::parse(FIRST_METRIC).ok(),
                region,
                ..HistoryPageQuery::default()
            },
        );
        view! {
            <nav class="filters tabs">
                <A href=indicator_href attr:class=if metric_mode { "button" } else { "button active" }>
                    "绩效指标历史"
                </A>
                <A href=metric_href attr:class=if metric_mode { "button active" } else { "button" }>
                    "经济指标历史"
                </A>
            </nav>
        }
        .into_any()
    });
    view! {
        <section class="page-head">
            <h2>"指标历史"</h2>
            {tabs}
        </section>
        {dynamic(move || {
            if metric.get().is_some() {
                view! { <MetricHistory /> }.into_any()
            } else {
                view! { <IndicatorHistoryView /> }.into_any()
            }
        })}
    }
}

/// Rows of an indicator's history one page shows.
const LIMIT: u32 = 100;

/// Parameters that start the history again from its first page when changed.
const RESTARTS: &[&str] = &["after"];

/// Indicator names the search lists at once (the most common first).
const MATCHES: u32 = 12;

/// One indicator by name across years and regions.
#[component]
fn IndicatorHistoryView() -> impl IntoView {
    let catalog = use_catalog();
    let page = use_query::<HistoryPageQuery>();
    let name = Memo::new(move |_| page.with(|q| q.name.clone()));
    let region = Memo::new(move |_| page.with(|q| q.region.clone()));
    // Without a region in the URL the history covers all the data: the chooser names its top.
    let shown_region = Memo::new(move |_| region.get().or_else(|| catalog.start_region()));
    let program = Memo::new(move |_| page.with(|q| q.program.clone()));
    // The search box starts with the indicator the URL names (a link from a fund's row), so
    // what is shown is what is searched.
    let typed = RwSignal::new(page.with_untracked(|q| q.name.clone()));
    let matches = resource(move || {
        api::indicator_catalogue(CatalogueQuery {
            q: typed.get(),
            region: region.get(),
            program: program.get(),
            limit: Some(MATCHES),
            ..CatalogueQuery::default()
        })
    });
    let history = resource(move || {
        let query = page.with(|page| {
            page.name.is_some().then(|| HistoryQuery {
                name: page.name.clone(),
                region: page.region.clone(),
                program: page.program.clone(),
                limit: Some(LIMIT),
                after: page.after.clone(),
                ..HistoryQuery::default()
            })
        });
        async move {
            match query {
                Some(query) => api::indicator_history(query).await.map(Some),
                None => Ok(None),
            }
        }
    });
    let set_query = use_set_query();
    let choose = move |chosen: String| set_query(vec![("after", None), ("name", Some(chosen))]);
    view! {
        <section class="card">
            <div class="filters">
                <RegionChooser value=shown_region clears=RESTARTS />
                <ProgramChooser value=program all_label="全部项目" clears=RESTARTS />
                <SearchBox
                    label="绩效指标"
                    placeholder="输入指标名称的一部分，如 企业"
                    name="indicator"
                    value=typed
                    on_settle=move |text| typed.set(text)
                />
            </div>
            <div id="indicator-matches">
                {dynamic(move || {
                    let choose = choose.clone();
                    show(
                        matches.get(),
                        "指标目录",
                        move |found| {
                            view! { <Matches found typed=typed.get_untracked() chosen=name.get() choose /> }
                        },
                    )
                })}
            </div>
        </section>
        <section class="card" id="history">
            {dynamic(move || show(
                history.get(),
                "指标历史",
                |history| match history {
                    None => {
                        view! { <Empty text="请选择一个绩效指标（三级指标），查看它历年在各地区的目标、完成值和得分。" /> }
                            .into_any()
                    }
                    Some(history) if history.rows.is_empty() => {
                        view! { <Empty text="所选条件下没有该指标的记录" /> }.into_any()
                    }
                    Some(history) => view! { <IndicatorRows history /> }.into_any(),
                },
            ))}
        </section>
    }
}

/// The names the search found, each with its rows, as buttons choosing it; the one shown is
/// marked.
#[component]
fn Matches<F>(
    found: IndicatorCatalogue,
    typed: Option<String>,
    chosen: Option<String>,
    choose: F,
) -> impl IntoView
where
    F: Fn(String) + Clone + 'static,
{
    if found.items.is_empty() {
        let text = match typed {
            Some(text) => format!(
                "所选地区和项目中没有名称含“{text}”的绩效指标；可换个词，或选择全部地区、全部项目"
            ),
            None => "所选地区和项目中没有绩效指标记录；可选择全部地区、全部项目".to_owned(),
        };
        return view! { <Empty text /> }.into_any();
    }
    let heading = match &typed {
        Some(text) => format!(
            "名称含“{text}”的绩效指标共 {} 个{}",
            format::count(found.total_count),
            if found.total_count > i64::from(MATCHES) {
                "，按记录条数列出前几个"
            } else {
                ""
            }
        ),
        None => format!(
            "共 {} 个绩效指标，记录最多的几个如下；输入名称可查找其他指标",
            format::count(found.total_count)
        ),
    };
    let buttons = found
        .items
        .into_iter()
        .map(|item| {
            let choose = choose.clone();
            let value = item.name.clone();
            let key = item.name.clone();
            let current = chosen.as_deref() == Some(item.name.as_str());
            view! {
                <li>
                    <button
                        type="button"
                        class=if current { "match active" } else { "match" }
                        data-indicator=key
                        aria-pressed=current.to_string()
                        on:click=move |_| choose(value.clone())
                    >
                        {item.name}
                        <span class="muted">{format!("{}条", format::count(item.rows))}</span>
                    </button>
                </li>
            }
        })
        .collect_view();
    view! {
        <p class="muted matches-heading">{heading}</p>
        <ul class="matches">{buttons}</ul>
    }
    .into_any()
}

/// The chart and the table of one indicator's history.
#[component]
fn IndicatorRows(history: IndicatorHistory) -> impl IntoView {
    let sample = history.rows.iter().any(|row| row.sample);
    let spec = ChartSpec::Line(views::history_chart(&history));
    let rows: Vec<Row> = history
        .rows
        .iter()
        .map(|row| {
            Row::new(vec![
                Cell::html(link(
                    &evaluation_link(row.evaluation_id, None),
                    &row.year.to_string(),
                ))
                .class("num"),
                Cell::text(&row.region),
                Cell::text(&row.program),
                Cell::text(&row.target).class("lead"),
                Cell::text(&row.actual).class("lead"),
                Cell::num(&format::score(row.weight)),
                Cell::num(
                    &row.declared_score
                        .map_or_else(|| "—".to_owned(), format::score),
                ),
                Cell::num(
                    &row.computed_score
                        .map_or_else(|| "无法核算".to_owned(), format::score),
                ),
                Cell::html(format!("<b>{}</b>", format::score(row.score))).class("num lead"),
                Cell::html(if row.sample { sample_badge() } else { "" }),
            ])
        })
        .collect();
    let head = head(&[
        ("年度", true),
        ("地区", false),
        ("项目", false),
        ("指标值", false),
        ("实际完成值", false),
        ("分值", true),
        ("填报得分", true),
        ("核算得分", true),
        ("计入得分", true),
        ("", false),
    ]);
    let shown = history.rows.len();
    view! {
        <ChartCard spec sample width=1000 height=380 note="图中为各年度全部符合条件记录的得分率（得分合计 ÷ 分值合计），不限于本页：各项目同一指标分值不同，按得分率才可比" />
        <Pager total=history.total_count shown next=history.next />
        <HtmlTable html=table("data", &head, &rows) />
    }
}

/// One economic metric: one region against the province, or every region of the city.
#[component]
fn MetricHistory() -> impl IntoView {
    let catalog = use_catalog();
    let page = use_query::<HistoryPageQuery>();
    let metric = Memo::new(move |_| page.with(|q| q.metric));
    let region = Memo::new(move |_| page.with(|q| q.region.clone()));
    let places = Memo::new(move |_| {
        let regions = catalog.region_list();
        match region.get() {
            Some(region) => vec![region],
            None => {
                let Some(city) = home_city(&regions) else {
                    return Vec::new();
                };
                let mut places = vec![city.clone()];
                places.extend(
                    children_of(&regions, &city)
                        .filter(|r| r.statistics_merged_into.is_none())
                        .map(|r| r.name.clone()),
                );
                places
            }
        }
    });
    let trends = resource(move || {
        let (metric, places) = (metric.get(), places.get());
        async move {
            join_all(places.into_iter().map(|place| {
                api::metric_trend(MetricQuery {
                    region: Some(place),
                    metric,
                    ..MetricQuery::default()
                })
            }))
            .await
            .into_iter()
            .collect::<ApiResult<Vec<_>>>()
        }
    });
    let metrics = Signal::derive(move || {
        catalog
            .metric_list()
            .into_iter()
            .map(|m| Choice {
                value: m.code,
                label: format!("{}（{}）", m.name, m.unit),
            })
            .collect::<Vec<_>>()
    });
    let regions = Signal::derive(move || region_choices(&catalog.region_list()));
    let metric_code = Signal::derive(move || metric.get().map(|m| m.metric().code.to_owned()));
    let merged_note = dynamic(move || {
        let notes: Vec<String> = catalog
            .region_list()
            .into_iter()
            .filter_map(|r| {
                r.statistics_merged_into
                    .map(|into| format!("{}的统计数据并入{into}", r.name))
            })
            .collect();
        (!notes.is_empty())
            .then(|| view! { <p class="muted">{notes.join("；")}"。"</p> })
            .into_any()
    });
    view! {
        <section class="card">
            <div class="filters">
                <SelectFilter label="经济指标" param="metric" choices=metrics value=metric_code />
                <SelectFilter
                    label="地区"
                    param="region"
                    choices=regions
                    value=region
                    all_label="全市各区县"
                />
            </div>
            {merged_note}
        </section>
        <section class="card" id="history">
            {dynamic(move || {
                let name = catalog.metric_name(&metric_code.get().unwrap_or_default());
                show(
                    trends.get(),
                    "经济指标历史",
                    move |trends| {
                        if trends.iter().all(|t| t.points.iter().all(|p| p.value.is_none())) {
                            return view! { <Empty text="所选地区没有该指标的数据" /> }.into_any();
                        }
                        view! { <MetricRows trends name /> }.into_any()
                    },
                )
            })}
        </section>
    }
}

/// The chart and table of a metric for one or more regions: a row per year, a column per
/// region (value and provincial rank) and the province's value.
#[component]
fn MetricRows(trends: Vec<Trend<MetricPoint>>, name: String) -> impl IntoView {
    let sample = trends.iter().any(|t| t.points.iter().any(|p| p.sample));
    let spec = match trends.as_slice() {
        [one] => ChartSpec::Line(views::metric_chart(one, &name)),
        _ => ChartSpec::Line(regions_chart(&trends, &name)),
    };
    let unit_text = trends.first().map(|t| t.unit.clone()).unwrap_or_default();
    let unit = views::unit_of(&unit_text);
    let mut years: Vec<i32> = trends
        .iter()
        .flat_map(|t| t.points.iter().map(|p| p.year))
        .collect();
    years.sort_unstable();
    years.dedup();
    let single = trends.len() == 1;
    let mut heads = vec![Cell::text("年度").class("num")];
    heads.extend(
        trends
            .iter()
            .map(|t| Cell::text(&t.region.clone().unwrap_or_default()).class("num")),
    );
    heads.push(Cell::text("全省平均").class("num"));
    if single {
        heads.push(Cell::text("较上年").class("num"));
    }
    let rows: Vec<Row> = years
        .into_iter()
        .map(|year| {
            fn point(trend: &Trend<MetricPoint>, year: i32) -> Option<&MetricPoint> {
                trend.points.iter().find(|p| p.year == year)
            }
            let mut cells = vec![Cell::num(&year.to_string()).heading()];
            cells.extend(trends.iter().map(|trend| {
                let point = point(trend, year);
                let value = point
                    .and_then(|p| p.value)
                    .map_or_else(|| "—".to_owned(), |v| unit.format(v));
                let rank = point
                    .and_then(|p| p.rank)
                    .map(|r| note(&format!("全省第{r}位")))
                    .unwrap_or_default();
                Cell::num(&value).then(&rank)
            }));
            let first = trends.first().and_then(|trend| point(trend, year));
            cells.push(
                Cell::num(
                    &first
                        .and_then(|p| p.benchmark)
                        .map_or_else(|| "—".to_owned(), |v| unit.format(v)),
                )
                .class("reference"),
            );
            if single {
                cells.push(Cell::num(
                    &first
                        .and_then(|p| p.change)
                        .map_or_else(|| "—".to_owned(), |c| signed_change(&unit_text, c)),
                ));
            }
            Row::new(cells)
        })
        .collect();
    view! {
        <ChartCard spec sample width=1000 height=380 />
        <HtmlTable html=table("data", &[heads], &rows) />
    }
}

/// A change of a metric: percentage points for rates (`+0.4个百分点`), else the unit.
fn signed_change(unit: &str, change: rust_decimal::Decimal) -> String {
    let sign = if change.is_sign_negative() { "-" } else { "+" };
    let magnitude = change.abs();
    if unit == "%" {
        format!(
            "{sign}{}个百分点",
            format::percent(magnitude).trim_end_matches('%')
        )
    } else {
        format!("{sign}{}", views::unit_of(unit).format(magnitude))
    }
}

/// Several regions' series of one metric with the province's as the benchmark line.
fn regions_chart(trends: &[Trend<MetricPoint>], name: &str) -> LineChart {
    let unit = trends.first().map(|t| t.unit.clone()).unwrap_or_default();
    let series = trends
        .iter()
        .map(|trend| Series {
            name: trend.region.clone().unwrap_or_default(),
            points: trend
                .points
                .iter()
                .map(|p| (p.year.to_string(), p.value))
                .collect(),
        })
        .collect();
    let benchmark = trends.first().map(|trend| Series {
        name: "全省平均".to_owned(),
        points: trend
            .points
            .iter()
            .map(|p| (p.year.to_string(), p.benchmark))
            .collect(),
    });
    LineChart {
        title: format!("{name}（各区县）"),
        y_label: unit.clone(),
        unit: views::unit_of(&unit),
        series,
        benchmark,
        mark: DataMark::of(
            trends.iter().any(|t| t.points.iter().any(|p| p.sample)),
            METRIC_SOURCE,
            trends.iter().flat_map(|t| t.points.iter().map(|p| p.year)),
        ),
    }
}
