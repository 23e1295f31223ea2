//! 区县对比 (`/districts?year=&measure=metric:<code>|score|execution_rate&program=`): the
//! city's regions ranked on one measure (bar chart and table in the API's order) with the
//! province's and the city's value marked, and a region × indicator grid coloured by score
//! share (score ÷ weight) so weak spots stand out — by level-2 group over all funds, or by
//! indicator for one fund (`program`).
//!
//! The grid is built from every evaluation's drill-down of the year (one request each); a
//! server-side grid endpoint would make it one request.

use fundlens_shared::api::{Comparison, EvaluationDetail};
use fundlens_shared::chart::views;
use fundlens_shared::format;
use fundlens_shared::metric::MetricCode;
use fundlens_shared::query::Measure;
use futures::future::join_all;
use leptos::prelude::*;

use crate::api::{self, ApiResult, ListFilter, evaluation_link};
use crate::catalog::{Choice, children_of, home_city, use_catalog};
use crate::components::chart::{ChartCard, ChartSpec};
use crate::components::filters::{SelectFilter, year_choices};
use crate::components::html::{Cell, HtmlTable, Row, escape, head, link, sample_badge, table};
use crate::components::status::{Empty, SampleBadge, show};
use crate::components::unknown::UnknownChoice;
use crate::compute::{Grid, GridColumns, grid, share_class};
use crate::query::{use_int_param, use_param};
use crate::reactive::{dynamic, dynamic_text, resource};

/// The districts page.
#[component]
pub(crate) fn Districts() -> impl IntoView {
    let catalog = use_catalog();
    let year_param = use_int_param("year");
    let measure_param = use_param("measure");
    let program = use_param("program");
    let year = Memo::new(move |_| year_param.get().or_else(|| catalog.latest_year()));
    // A measure the URL does not name (or names wrongly) shows the average score.
    let measure = Memo::new(move |_| {
        measure_param
            .get()
            .and_then(|text| text.parse::<Measure>().ok())
            .unwrap_or(Measure::Score)
    });
    let comparison = resource(move || {
        let (year, measure) = (year.get(), measure.get());
        async move {
            match year {
                Some(year) => api::compare(year, measure).await.map(Some),
                None => Ok(None),
            }
        }
    });
    let details = resource(move || {
        let (year, program) = (year.get(), program.get());
        async move {
            match year {
                Some(year) => year_details(year, program).await.map(Some),
                None => Ok(None),
            }
        }
    });

    let years = Signal::derive(move || year_choices(&catalog.year_list()));
    let measures = Signal::derive(move || {
        let mut choices: Vec<Choice> = [Measure::Score, Measure::ExecutionRate]
            .into_iter()
            .map(|measure| Choice {
                value: measure.to_string(),
                label: measure.label().to_owned(),
            })
            .collect();
        choices.extend(
            catalog
                .metric_list()
                .into_iter()
                .filter_map(|m| MetricCode::parse(&m.code).ok())
                .map(|code| Choice {
                    value: Measure::Metric(code).to_string(),
                    label: format!("经济指标：{}", code.metric().name),
                }),
        );
        choices
    });
    let programs = Signal::derive(move || {
        catalog
            .program_list()
            .into_iter()
            .map(|p| Choice::plain(p.name))
            .collect::<Vec<_>>()
    });
    let year_text = Signal::derive(move || year.get().map(|y| y.to_string()));
    let measure_value = Signal::derive(move || Some(measure.get().to_string()));
    let grid_regions = Memo::new(move |_| {
        let regions = catalog.region_list();
        let Some(city) = home_city(&regions) else {
            return Vec::new();
        };
        let ranked: Vec<String> = comparison
            .get()
            .and_then(Result::ok)
            .flatten()
            .map(|c| c.rows.into_iter().map(|r| r.region).collect())
            .unwrap_or_default();
        let mut order = ranked;
        for child in children_of(&regions, &city).filter(|r| r.evaluations > 0) {
            if !order.contains(&child.name) {
                order.push(child.name.clone());
            }
        }
        order.push(city);
        order
    });

    view! {
        <section class="page-head">
            <h2>
                {dynamic_text(move || {
                    format!("区县对比 · {}", year.get().map(|y| format!("{y}年")).unwrap_or_default())
                })}
            </h2>
            <div class="filters">
                <SelectFilter label="年度" param="year" choices=years value=year_text />
                <SelectFilter
                    label="比较口径"
                    param="measure"
                    choices=measures
                    value=measure_value
                />
            </div>
        </section>
        <UnknownChoice />
        <section class="card" id="ranking">
            {dynamic(move || show(
                comparison.get(),
                "区县排名",
                |comparison| match comparison {
                    Some(comparison) if !comparison.rows.is_empty() => {
                        let merged = merged_note(&catalog.region_list(), &comparison);
                        view! {
                            <Ranking comparison />
                            {merged.map(|note| view! { <p class="muted">{note}</p> })}
                        }
                            .into_any()
                    }
                    _ => view! {
                        <Empty text="该年度、该口径没有可比较的区县数据。可改选其他年度或比较口径。" />
                    }
                        .into_any(),
                },
            ))}
        </section>
        <section class="card" id="grid">
            <div class="page-head">
                <h3>
                    {dynamic_text(move || match program.get() {
                        Some(p) => format!("各地区 × 指标得分率（{p}）"),
                        None => "各地区 × 指标类别得分率（全部项目）".to_owned(),
                    })}
                </h3>
                <div class="filters">
                    <SelectFilter
                        label="项目"
                        param="program"
                        choices=programs
                        value=program
                        all_label="全部项目（按二级指标汇总）"
                    />
                </div>
            </div>
            <p class="muted">
                "得分率 = 得分 ÷ 分值。颜色越深，失分越多；满分为浅绿色。点击单项指标的格子可打开该评价的对应指标。"
            </p>
            {dynamic(move || {
                let regions = grid_regions.get();
                let columns = if program.get().is_some() {
                    GridColumns::Indicator
                } else {
                    GridColumns::Level2
                };
                show(
                    details.get(),
                    "得分率矩阵",
                    move |details| {
                        let details = details.unwrap_or_default();
                        if details.is_empty() {
                            return view! { <Empty text="该年度没有评价记录" /> }.into_any();
                        }
                        let sample = details.iter().any(|d| d.sample);
                        let grid = grid(&details, &regions, columns);
                        let city = home_city(&catalog.region_list());
                        view! { <ShareGrid grid sample city /> }.into_any()
                    },
                )
            })}
        </section>
    }
}

/// For a metric, which regions report under another (they have no row of their own).
fn merged_note(
    regions: &[fundlens_shared::api::RegionInfo],
    comparison: &Comparison,
) -> Option<String> {
    comparison.measure.metric()?;
    let notes: Vec<String> = regions
        .iter()
        .filter(|r| r.parent.as_deref() == Some(comparison.parent.as_str()))
        .filter_map(|r| {
            r.statistics_merged_into
                .as_ref()
                .map(|into| format!("{}的统计数据并入{into}", r.name))
        })
        .collect();
    (!notes.is_empty()).then(|| format!("{}，不单独排名。", notes.join("；")))
}

/// Every evaluation of `year` (of one program, if given) in full.
async fn year_details(year: i32, program: Option<String>) -> ApiResult<Vec<EvaluationDetail>> {
    let list = api::evaluations(ListFilter {
        year: Some(year),
        program,
        limit: Some(1000),
        ..ListFilter::default()
    })
    .await?;
    join_all(list.items.iter().map(|item| api::evaluation(item.id)))
        .await
        .into_iter()
        .collect()
}

/// The ranking as a bar chart and a table, with the reference values.
#[component]
fn Ranking(comparison: Comparison) -> impl IntoView {
    let unit = views::unit_of(&comparison.unit);
    let sample = comparison.rows.iter().any(|r| r.sample);
    let is_metric = comparison.measure.metric().is_some();
    let mut rows: Vec<Row> = comparison
        .rows
        .iter()
        .map(|row| {
            let detail = if is_metric {
                row.provincial_rank.map(|r| format!("第{r}位"))
            } else {
                row.evaluations.map(|n| format!("{n}个"))
            };
            Row::new(vec![
                Cell::num(&row.position.to_string()),
                Cell::text(&row.region).heading(),
                Cell::num(&unit.format(row.value)),
                Cell::num(&detail.unwrap_or_else(|| "—".to_owned())),
                Cell::html(if row.sample { sample_badge() } else { "" }),
            ])
            .attr("data-region", row.region.clone())
        })
        .collect();
    let references = [
        comparison
            .city
            .as_ref()
            .map(|c| (format!("{}（全市）", c.region), c.value)),
        comparison
            .benchmark
            .as_ref()
            .map(|b| (format!("{}（全省）", b.region), b.value)),
    ];
    rows.extend(references.into_iter().flatten().map(|(label, value)| {
        Row::new(vec![
            Cell::text(""),
            Cell::text(&label).heading(),
            Cell::num(&unit.format(value)),
            Cell::text(""),
            Cell::text(""),
        ])
        .attr("class", "reference")
    }));
    let detail_head = if is_metric {
        "全省排名"
    } else {
        "评价项目数"
    };
    let head = head(&[
        ("名次", true),
        ("地区", false),
        (&comparison.label, true),
        (detail_head, true),
        ("", false),
    ]);
    let html = table("data ranking", &head, &rows);
    let spec = ChartSpec::Bar(views::comparison_chart(&comparison, None));
    view! {
        <div class="two-col">
            <ChartCard spec sample height=380 />
            <HtmlTable html />
        </div>
    }
}

/// The score-share grid with its legend.
#[component]
fn ShareGrid(grid: Grid, sample: bool, city: Option<String>) -> impl IntoView {
    let mut heads = vec![Cell::text("地区")];
    heads.extend(grid.columns.iter().map(|c| Cell::text(c).class("center")));
    let rows: Vec<Row> = grid
        .rows
        .iter()
        .filter(|row| row.cells.iter().any(Option::is_some))
        .map(|row| {
            let label = if city.as_deref() == Some(row.region.as_str()) {
                format!("{}（市本级）", row.region)
            } else {
                row.region.clone()
            };
            let mut cells = vec![Cell::text(&label).heading().class("region")];
            cells.extend(row.cells.iter().map(|cell| match cell {
                None => Cell::text("—").class("share none"),
                Some(cell) => {
                    let share = cell.share();
                    let text = share.map_or_else(|| "—".to_owned(), format::percent);
                    let content = match cell.link {
                        Some((id, index)) => {
                            link(&evaluation_link(id, Some(&index.to_string())), &text)
                        }
                        None => escape(&text),
                    };
                    let rows = if cell.rows > 1 {
                        format!("（{}项合计）", cell.rows)
                    } else {
                        String::new()
                    };
                    let title = format!(
                        "得分 {} ÷ 分值 {}{rows}",
                        format::score(cell.score),
                        format::score(cell.weight)
                    );
                    Cell::html(format!(
                        r#"<span title="{}">{content}</span>"#,
                        escape(&title)
                    ))
                    .class(share_class(share))
                }
            }));
            Row::new(cells)
        })
        .collect();
    let html = table("data grid-table", &[heads], &rows);
    view! {
        {sample.then(|| view! { <p class="sample-note"><SampleBadge />"矩阵含示例数据。"</p> })}
        <HtmlTable html />
        <div class="legend">
            "图例："
            <span class="share full">"100%（满分）"</span>
            <span class="share high">"90%–100%"</span>
            <span class="share mid">"80%–90%"</span>
            <span class="share low">"60%–80%"</span>
            <span class="share poor">"60%以下"</span>
            <span class="share none">"— 无此项"</span>
        </div>
    }
}
