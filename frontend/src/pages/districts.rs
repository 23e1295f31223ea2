//! 区县对比 (`/districts?year=&region=&measure=metric:<code>|score|execution_rate&program=`):
//! the regions one level below the chosen region (the cities of the province, the counties of
//! a city; by default the top of the data: the province's cities, or a city's counties) ranked on one measure (bar chart and table in the API's
//! order) with the province's and the city's value marked, and a region × indicator grid
//! coloured by score share (score ÷ weight) so weak spots stand out — by level-2 group over all
//! funds, or by indicator for one fund (`program`).
//!
//! The grid is the server's (`GET /api/compare/grid`), its rows in the ranking's order.

use fundlens_shared::api::{Comparison, ScoreGrid};
use fundlens_shared::chart::views;
use fundlens_shared::format;
use fundlens_shared::metric::MetricCode;
use fundlens_shared::query::{
    CompareQuery, DistrictsQuery, GridQuery, Measure, OverviewQuery, url,
};
use leptos::prelude::*;

use crate::api::{self, evaluation_link};
use crate::catalog::{Choice, scope_label, use_catalog};
use crate::components::chart::{ChartCard, ChartSpec};
use crate::components::downloads::Downloads;
use crate::components::filters::{SelectFilter, year_choices};
use crate::components::html::{
    Cell, HtmlTable, Row, escape, head, link as link_html, sample_badge, table,
};
use crate::components::program_chooser::ProgramChooser;
use crate::components::region_chooser::RegionChooser;
use crate::components::status::{Empty, SampleBadge, show};
use crate::components::unknown::UnknownChoice;
use crate::figures::{share_class, share_legend};
use crate::query::use_query;
use crate::reactive::{dynamic, dynamic_text, resource};

/// The districts page.
#[component]
pub(crate) fn Districts() -> impl IntoView {
    let catalog = use_catalog();
    let query = use_query::<DistrictsQuery>();
    let program = Memo::new(move |_| query.with(|q| q.program.clone()));
    let year = Memo::new(move |_| query.with(|q| q.year).or_else(|| catalog.latest_year()));
    // The URL's region, else the top of the data: the province's cities on a province's data,
    // the city's counties on a city's.
    let parent = Memo::new(move |_| {
        query
            .with(|q| q.region.clone())
            .or_else(|| catalog.start_region())
    });
    // A measure the URL does not name (or names wrongly) shows the average score.
    let measure = Memo::new(move |_| query.with(|q| q.measure).unwrap_or(Measure::Score));
    // The ranking's and the grid's questions, as the API and the downloads are asked them.
    let ranking_query = Memo::new(move |_| CompareQuery {
        year: year.get(),
        parent: parent.get(),
        measure: Some(measure.get()),
        ..CompareQuery::default()
    });
    let grid_query = Memo::new(move |_| GridQuery {
        year: year.get(),
        parent: parent.get(),
        program: program.get(),
    });
    let comparison = resource(move || {
        let query = ranking_query.get();
        async move {
            match query.year {
                Some(_) => api::compare(query).await.map(Some),
                None => Ok(None),
            }
        }
    });
    let score_grid = resource(move || {
        let query = grid_query.get();
        async move {
            match query.year {
                Some(_) => api::compare_grid(query).await.map(Some),
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
        // A metric with no statistics for the year is not offered; the one the URL names stays
        // (the select agrees with the heading) and says why it shows nothing.
        let (year, chosen) = (year.get(), measure.get());
        choices.extend(catalog.metric_list().into_iter().filter_map(|m| {
            let code = MetricCode::parse(&m.code).ok()?;
            let value = Measure::Metric(code);
            let has_data = year.is_none_or(|year| m.years.contains(&year));
            let label = format!("经济指标：{}", code.metric().name);
            match (has_data, value == chosen) {
                (true, _) => Some(Choice {
                    value: value.to_string(),
                    label,
                }),
                (false, true) => Some(Choice {
                    value: value.to_string(),
                    label: format!("{label}（{}年无统计数据）", year.unwrap_or_default()),
                }),
                (false, false) => None,
            }
        }));
        choices
    });
    let year_text = Signal::derive(move || year.get().map(|y| y.to_string()));
    let measure_value = Signal::derive(move || Some(measure.get().to_string()));
    let ranked = Memo::new(move |_| {
        comparison
            .get()
            .and_then(Result::ok)
            .flatten()
            .map(|c| c.rows.into_iter().map(|r| r.region).collect::<Vec<_>>())
            .unwrap_or_default()
    });

    view! {
        <section class="page-head">
            <h2>
                {dynamic_text(move || {
                    let year = year.get().map(|y| format!("{y}年")).unwrap_or_default();
                    let parent = parent.get().unwrap_or_default();
                    format!("区县对比 · {year} · {parent}下级地区")
                })}
            </h2>
            <div class="filters">
                <RegionChooser value=parent />
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
            <Downloads path="/api/compare" question=ranking_query />
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
                        <Empty text="该年度、该口径没有可比较的下级地区数据。可改选其他年度、比较口径或地区。" />
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
                    <Downloads path="/api/compare/grid" question=grid_query />
                    <ProgramChooser value=program all_label="全部项目（按二级指标汇总）" />
                </div>
            </div>
            <p class="muted">
                "得分率 = 得分 ÷ 分值。颜色越深，失分越多；满分为浅绿色。点击单项指标的格子可打开该评价的对应指标。"
            </p>
            {dynamic(move || {
                let ranked = ranked.get();
                show(
                    score_grid.get(),
                    "得分率矩阵",
                    move |grid| match grid {
                        Some(grid) if !grid.rows.is_empty() => {
                            view! { <ShareGrid grid ranked /> }.into_any()
                        }
                        _ => view! { <Empty text="该年度没有评价记录" /> }.into_any(),
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

/// The ranking as a bar chart and a table, with the reference values.
#[component]
fn Ranking(comparison: Comparison) -> impl IntoView {
    let unit = views::unit_of(&comparison.unit);
    let sample = comparison.rows.iter().any(|r| r.sample);
    let is_metric = comparison.measure.metric().is_some();
    let regions = use_catalog().region_list();
    // A region in the ranking opens its own view: the comparison of its children when it has
    // any (same year and measure), else its overview for the year.
    let view_of = |region: &str| {
        let (year, region) = (Some(comparison.year), Some(region.to_owned()));
        if regions.iter().any(|r| r.parent == region) {
            url(
                "/districts",
                &DistrictsQuery {
                    year,
                    region,
                    measure: Some(comparison.measure),
                    ..DistrictsQuery::default()
                },
            )
        } else {
            url(
                "/",
                &OverviewQuery {
                    year,
                    region,
                    ..OverviewQuery::default()
                },
            )
        }
    };
    let mut rows: Vec<Row> = comparison
        .rows
        .iter()
        .map(|row| {
            let detail = if is_metric {
                row.provincial_rank.map(|r| format!("第{r}位"))
            } else {
                row.evaluations.map(|n| format!("{}个", format::count(n)))
            };
            Row::new(vec![
                Cell::num(&row.position.to_string()),
                Cell::html(link_html(&view_of(&row.region), &row.region)).heading(),
                Cell::num(&unit.format(row.value)).class("lead"),
                Cell::num(&detail.unwrap_or_else(|| "—".to_owned())),
                Cell::html(if row.sample { sample_badge() } else { "" }),
            ])
            .attr("data-region", row.region.clone())
        })
        .collect();
    let scope = scope_label(&regions, &comparison.parent);
    let references = [
        comparison
            .city
            .as_ref()
            .map(|c| (format!("{}（{scope}）", c.region), c.value)),
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

/// The score-share grid with its legend, children in the ranking's order (`ranked`), those
/// not ranked after them, the parent's own funds last.
#[component]
fn ShareGrid(grid: ScoreGrid, ranked: Vec<String>) -> impl IntoView {
    let mut heads = vec![Cell::text("地区")];
    heads.extend(grid.columns.iter().map(|c| Cell::text(c).class("center")));
    let mut ordered: Vec<_> = grid.rows.iter().collect();
    ordered.sort_by_key(|row| {
        (
            row.own,
            ranked
                .iter()
                .position(|r| *r == row.region)
                .unwrap_or(usize::MAX),
        )
    });
    let rows: Vec<Row> = ordered
        .into_iter()
        .map(|row| {
            let label = if row.own {
                format!("{}（本级）", row.region)
            } else {
                row.region.clone()
            };
            let mut cells = vec![Cell::text(&label).heading().class("region")];
            cells.extend(row.cells.iter().map(|cell| match cell {
                None => Cell::text("—").class("share none"),
                Some(cell) => {
                    let text = cell.share.map_or_else(|| "—".to_owned(), format::percent);
                    let content = match cell.link {
                        Some(link) => link_html(
                            &evaluation_link(link.evaluation_id, Some(&link.row.to_string())),
                            &text,
                        ),
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
                    .class(share_class(cell.share))
                }
            }));
            Row::new(cells).attr("data-region", row.region.clone())
        })
        .collect();
    let sample = grid.sample;
    let html = table("data grid-table", &[heads], &rows);
    let legend = share_legend()
        .into_iter()
        .map(|(class, text)| view! { <span class=class>{text}</span> })
        .collect_view();
    view! {
        {sample.then(|| view! { <p class="sample-note"><SampleBadge />"矩阵含示例数据。"</p> })}
        <HtmlTable html />
        <div class="legend">"图例：" {legend}</div>
    }
}
