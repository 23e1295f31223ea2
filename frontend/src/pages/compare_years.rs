//! 年度对比 (`/compare-years?a=2023&b=2024&region=&program=`): two years side by side with the
//! change of every funding figure and category score; for one fund in one region, every
//! indicator too.

use fundlens_shared::comparison::{ComparedEvaluation, IndicatorComparison, IndicatorSide};
use fundlens_shared::format;
use fundlens_shared::query::YearsQuery;
use leptos::prelude::*;

use crate::api::{self, evaluation_link};
use crate::catalog::use_catalog;
use crate::components::downloads::Downloads;
use crate::components::filters::{SelectFilter, year_choices};
use crate::components::html::{
    Cell, HtmlTable, Row, escape, head, link, note, sample_badge, table,
};
use crate::components::program_chooser::ProgramChooser;
use crate::components::region_chooser::RegionChooser;
use crate::components::status::{Empty, Loading, show};
use crate::figures::{Change, YearRow, score_change, score_rows, year_rows};
use crate::query::use_query;
use crate::reactive::{dynamic, dynamic_text, resource};

/// The year-against-year page.
#[component]
pub(crate) fn CompareYears() -> impl IntoView {
    let catalog = use_catalog();
    let query = use_query::<YearsQuery>();
    let region = Memo::new(move |_| query.with(|q| q.region.clone()));
    // Without a region in the URL the API answers for all the data: the page names its top.
    let shown_region = Memo::new(move |_| region.get().or_else(|| catalog.start_region()));
    let program = Memo::new(move |_| query.with(|q| q.program.clone()));
    let b = Memo::new(move |_| query.with(|q| q.b).or_else(|| catalog.latest_year()));
    let a = Memo::new(move |_| query.with(|q| q.a).or_else(|| b.get().map(|b| b - 1)));
    // The two years of the region and fund, as the API and the downloads are asked them.
    let years_query = Memo::new(move |_| YearsQuery {
        a: a.get(),
        b: b.get(),
        region: region.get(),
        program: program.get(),
        ..YearsQuery::default()
    });

    let comparison = resource(move || {
        let query = years_query.get();
        async move {
            match (query.a, query.b) {
                (Some(_), Some(_)) => api::compare_years(query).await.map(Some),
                _ => Ok(None),
            }
        }
    });

    let years = Signal::derive(move || year_choices(&catalog.year_list()));
    let a_text = Signal::derive(move || a.get().map(|y| y.to_string()));
    let b_text = Signal::derive(move || b.get().map(|y| y.to_string()));
    let heading = dynamic_text(move || {
        let scope = match (shown_region.get(), program.get()) {
            (Some(r), Some(p)) => format!("{r} · {p}"),
            (Some(r), None) => r,
            (None, Some(p)) => p,
            (None, None) => "全部地区、全部项目".to_owned(),
        };
        format!(
            "年度对比 · {}年 与 {}年 · {scope}",
            a.get().unwrap_or_default(),
            b.get().unwrap_or_default()
        )
    });
    view! {
        <section class="page-head">
            <h2>{heading}</h2>
            <div class="filters">
                <SelectFilter label="对比年度" param="a" choices=years value=a_text />
                <SelectFilter label="本年度" param="b" choices=years value=b_text />
                <RegionChooser value=shown_region />
                <ProgramChooser value=program all_label="全部项目" />
            </div>
        </section>
        <Downloads path="/api/compare/years" question=years_query />
        <div class="year-compare">
            <section class="card" id="funding-compare">
                <h3>"资金规模与执行"</h3>
                {dynamic(move || show(
                    comparison.get(),
                    "资金数据",
                    |comparison| match comparison {
                        Some(c) => view! { <YearTable a=c.a b=c.b rows=year_rows(&c.funding) /> }
                            .into_any(),
                        None if !catalog.loaded() => view! { <Loading /> }.into_any(),
                        None => view! { <Empty text="暂无评价年度数据：请先导入自评表" /> }.into_any(),
                    },
                ))}
            </section>
            <section class="card" id="score-compare">
                <h3>"自评得分（各类别平均）"</h3>
                {dynamic(move || show(
                    comparison.get(),
                    "得分数据",
                    |comparison| match comparison {
                        Some(c) => view! { <YearTable a=c.a b=c.b rows=score_rows(&c) /> }
                            .into_any(),
                        None if !catalog.loaded() => view! { <Loading /> }.into_any(),
                        None => view! { <Empty text="暂无评价年度数据：请先导入自评表" /> }.into_any(),
                    },
                ))}
            </section>
        </div>
        <section class="card" id="indicator-compare">
            <h3>"逐项指标对比"</h3>
            {dynamic(move || show(
                comparison.get(),
                "指标对比",
                |comparison| match comparison.and_then(|c| c.indicators.map(|i| (c.a, c.b, i))) {
                    None => {
                        view! {
                            <Empty text="请选择一个地区和一个项目，即可逐项对比该项目两个年度的绩效指标。" />
                        }
                            .into_any()
                    }
                    Some((a, b, indicators)) => {
                        view! { <IndicatorCompare a b indicators /> }.into_any()
                    }
                },
            ))}
        </section>
    }
}

/// A change as HTML, coloured by its tone.
fn delta_html(change: Option<&Change>) -> String {
    match change {
        Some(change) => format!(
            r#"<span class="{}">{}</span>"#,
            change.tone.class(),
            escape(&change.text)
        ),
        None => r#"<span class="delta none">—</span>"#.to_owned(),
    }
}

/// Rows of figures for two years and the change.
#[component]
fn YearTable(a: i32, b: i32, rows: Vec<YearRow>) -> impl IntoView {
    let (ya, yb, change) = (format!("{a}年"), format!("{b}年"), format!("{b}年较{a}年"));
    let head = head(&[("", false), (&ya, true), (&yb, true), (&change, true)]);
    let rows: Vec<Row> = rows
        .iter()
        .map(|row| {
            Row::new(vec![
                Cell::text(&row.label).heading(),
                Cell::num(&row.a),
                Cell::num(&row.b),
                Cell::html(delta_html(row.change.as_ref())).class("num lead"),
            ])
        })
        .collect();
    view! { <HtmlTable html=table("data year-table", &head, &rows) /> }
}

/// One fund's indicators in two years, side by side.
#[component]
fn IndicatorCompare(a: i32, b: i32, indicators: IndicatorComparison) -> impl IntoView {
    let (Some(first), Some(second)) = (&indicators.a, &indicators.b) else {
        return view! {
            <Empty text="所选地区和项目在其中一个年度没有评价记录，无法逐项对比。" />
        }
        .into_any();
    };
    let link_to = |detail: &ComparedEvaluation, year: i32| {
        let mut html = link(
            &evaluation_link(detail.id, None),
            &format!("查看{year}年评价详情"),
        );
        if detail.sample {
            html.push_str(sample_badge());
        }
        html
    };
    let header = format!(
        "<p>{} · {} · 总分 <b>{}</b> → <b>{}</b></p>",
        link_to(first, a),
        link_to(second, b),
        format::score(first.total),
        format::score(second.total)
    );
    let side = |side: &Option<IndicatorSide>| match side {
        Some(side) => [
            Cell::text(&side.target),
            Cell::text(&side.actual),
            Cell::num(&format!(
                "{} / {}",
                format::score(side.score),
                format::score(side.weight)
            )),
        ],
        None => [Cell::text("—"), Cell::text("（无此指标）"), Cell::num("—")],
    };
    let rows: Vec<Row> = indicators
        .rows
        .iter()
        .map(|row| {
            let mut cells = vec![Cell::text(&row.name).heading().then(&note(&row.group))];
            cells.extend(side(&row.a));
            cells.extend(side(&row.b));
            let change = score_change(row.change);
            cells.push(Cell::html(delta_html(change.as_ref())).class("num lead"));
            Row::new(cells)
        })
        .collect();
    let heads = vec![
        vec![
            Cell::text("三级指标").span("rowspan", 2),
            Cell::text(&format!("{a}年"))
                .class("center")
                .span("colspan", 3),
            Cell::text(&format!("{b}年"))
                .class("center")
                .span("colspan", 3),
            Cell::text("得分变化").class("num").span("rowspan", 2),
        ],
        [
            "指标值",
            "实际完成值",
            "得分/分值",
            "指标值",
            "实际完成值",
            "得分/分值",
        ]
        .iter()
        .enumerate()
        .map(|(i, text)| {
            if i % 3 == 2 {
                Cell::text(text).class("num")
            } else {
                Cell::text(text)
            }
        })
        .collect(),
    ];
    let html = header + &table("data", &heads, &rows);
    view! { <HtmlTable html /> }.into_any()
}
