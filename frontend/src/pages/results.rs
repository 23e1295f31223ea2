//! 结果应用 (`/results?year=&region=&view=&offset=`): what the evaluations led to — grades
//! against the next year's budget, targets set too low, findings rectified or not, statistics
//! that disagree across reports. Each view shows the server's headline figures, its sentence
//! and its rows, each row opening its fund's evaluation; without `view` the four are shown with
//! their first rows, with `view` one of them a page at a time. The page computes nothing.

use fundlens_shared::format;
use fundlens_shared::query::{ResultsPageQuery, ResultsQuery, url};
use fundlens_shared::results::View;
use fundlens_shared::results::summary::ResultsAnswer;
use leptos::prelude::*;

use crate::api::{self, evaluation_link};
use crate::catalog::use_catalog;
use crate::components::downloads::Downloads;
use crate::components::filters::{SelectFilter, year_choices};
use crate::components::html::{Cell, HtmlTable, Row, head, link, note, sample_badge, table};
use crate::components::region_chooser::RegionChooser;
use crate::components::status::{Empty, show};
use crate::query::use_query;
use crate::reactive::{dynamic, dynamic_text, resource};

/// Rows of each view when the four are shown together.
const FIRST_ROWS: u32 = 10;
/// Rows of a page of one view.
const PAGE_ROWS: u32 = 50;

/// The 结果应用 page.
#[component]
pub(crate) fn Results() -> impl IntoView {
    let catalog = use_catalog();
    let query = use_query::<ResultsPageQuery>();
    let region = Memo::new(move |_| {
        query
            .with(|q| q.region.clone())
            .or_else(|| catalog.start_region())
    });
    let year = Memo::new(move |_| query.with(|q| q.year).or_else(|| catalog.latest_year()));
    let only = Memo::new(move |_| query.with(|q| q.view));
    let offset = Memo::new(move |_| query.with(|q| q.offset));
    let years = Signal::derive(move || year_choices(&catalog.year_list()));
    let year_text = Signal::derive(move || year.get().map(|y| y.to_string()));
    let heading = dynamic_text(move || {
        format!(
            "结果应用 · {}{}",
            region.get().unwrap_or_else(|| "全部地区".to_owned()),
            year.get().map(|y| format!(" · {y}年")).unwrap_or_default()
        )
    });
    view! {
        <section class="page-head">
            <h2>{heading}</h2>
            <div class="filters">
                <SelectFilter label="年度" param="year" choices=years value=year_text />
                <RegionChooser value=Signal::derive(move || region.get()) clears=&["offset"] />
            </div>
            <p class="note">
                "依据《项目支出绩效评价管理办法》（财预〔2020〕10号）关于评价结果应用的规定：原则上，对评价等级为优、良的，根据情况予以支持；对评价等级为中、差的，要完善政策、改进管理，根据情况核减预算；对不进行整改或整改不到位的，根据情况相应调减预算或整改到位后再予安排。各项比较均为本年度与上一年度（同一地区的同一项目、同一指标）。"
            </p>
        </section>
        {move || {
            let views: Vec<View> = match only.get() {
                Some(view) => vec![view],
                None => View::ALL.to_vec(),
            };
            views
                .into_iter()
                .map(|view| view! { <ViewSection view region year only offset /> })
                .collect_view()
        }}
    }
}

/// One view: its figures, sentence, rows and downloads.
#[component]
fn ViewSection(
    view: View,
    region: Memo<Option<String>>,
    year: Memo<Option<i32>>,
    only: Memo<Option<View>>,
    offset: Memo<Option<u32>>,
) -> impl IntoView {
    let question = Memo::new(move |_| ResultsQuery {
        year: year.get(),
        region: region.get(),
        limit: Some(if only.get().is_some() {
            PAGE_ROWS
        } else {
            FIRST_ROWS
        }),
        offset: only.get().and(offset.get()),
        ..ResultsQuery::default()
    });
    let answer = resource(move || {
        let question = question.get();
        async move { api::results(view, question).await }
    });
    let id = format!("results-{}", view.code());
    view! {
        <section class="card results-view" id=id data-view=view.code()>
            <h3>{view.label()}</h3>
            {dynamic(move || show(answer.get(), view.label(), move |answer| {
                view! { <ViewBody answer only=only.get().is_some() /> }
            }))}
            <Downloads path=view.api_path() question />
        </section>
    }
}

/// A view's answer: the headline figures, the sentence, the rows and the way to more.
#[component]
fn ViewBody(answer: ResultsAnswer, only: bool) -> impl IntoView {
    let figures = answer
        .summary
        .figures
        .iter()
        .map(|figure| {
            view! {
                <div class="figure" data-key=figure.key.clone()>
                    <dt>{figure.label.clone()}</dt>
                    <dd>{format::count(figure.count)}</dd>
                </div>
            }
        })
        .collect_view();
    let sentence = answer.summary.sentence.clone();
    let rows = rows_html(&answer);
    let shown = answer.rows.len();
    let first = answer.offset;
    let more = move || {
        let question = |view: Option<View>, offset: Option<u32>| ResultsPageQuery {
            year: answer.year,
            region: answer.region.clone(),
            view,
            offset,
        };
        let count = format!("共 {} 条", format::count(answer.total));
        if !only {
            let all = (answer.total > i64::try_from(shown).unwrap_or(i64::MAX)).then(|| {
                view! { <a href=url("/results", &question(Some(answer.view), None))>"查看全部"</a> }
            });
            return view! { <p class="pager">{count}" "{all}</p> }.into_any();
        }
        let end = u64::from(first) + shown as u64;
        let next = (i64::try_from(end).unwrap_or(i64::MAX) < answer.total).then(|| {
            let offset = u32::try_from(end).ok();
            view! { <a data-page="next" href=url("/results", &question(Some(answer.view), offset))>"下一页"</a> }
        });
        let back = view! { <a href=url("/results", &question(None, None))>"返回四项总览"</a> };
        view! { <p class="pager">{count}" "{next}" "{back}</p> }.into_any()
    };
    view! {
        <dl class="figures">{figures}</dl>
        {sentence.map(|s| view! { <p class="sentence">{s}</p> })}
        {if shown == 0 {
            view! { <Empty text="所选地区和年度没有此类情况" /> }.into_any()
        } else {
            view! { <HtmlTable html=rows /> }.into_any()
        }}
        {more()}
    }
}

/// The rows as a table: each fund linked to its evaluation, sample rows marked.
pub(crate) fn rows_html(answer: &ResultsAnswer) -> String {
    let head = head(&[
        ("项目", false),
        ("地区", false),
        ("类型", false),
        ("指标或统计", false),
        ("上年或对照", true),
        ("本年或本报告", true),
        ("说明", false),
    ]);
    let figure = |value: Option<rust_decimal::Decimal>, unit: &str| match value {
        Some(v) if unit == "万元" => format::money(v),
        Some(v) => format::figure(v, unit),
        None => "—".to_owned(),
    };
    let rows: Vec<Row> = answer
        .rows
        .iter()
        .map(|row| {
            let item = &row.item;
            let mut fund = link(&evaluation_link(row.evaluation, None), &row.program);
            if row.sample {
                fund.push_str(sample_badge());
            }
            Row::new(vec![
                Cell::html(fund).heading(),
                Cell::text(&row.region),
                Cell::text(item.code.label()).then(&note(item.severity.label())),
                Cell::text(item.subject.as_deref().unwrap_or("—")),
                Cell::num(&figure(item.before, &item.unit)),
                Cell::num(&figure(item.after, &item.unit)),
                Cell::text(&item.message),
            ])
            .attr("data-code", item.code.code())
            .attr("data-evaluation", row.evaluation.to_string())
        })
        .collect();
    table("data results-table", &head, &rows)
}
