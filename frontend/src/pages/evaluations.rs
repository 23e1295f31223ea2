//! 评价列表 (`/evaluations?year=&region=&program=&grade=&source=&findings=&q=&sort=&after=`):
//! the evaluations that match the filters and the fund search (`q`: part of the fund's name or
//! its pinyin initials), a page at a time with the number in all, each linking to its
//! drill-down — the way into 评价详情. Pages follow the API's cursor (`after`), so a deep page
//! costs what the first does.

use fundlens_shared::query::{Findings, ListQuery, Sort, Source};
use fundlens_shared::value::Grade;
use leptos::prelude::*;

use crate::api;
use crate::catalog::{Choice, use_catalog};
use crate::components::downloads::Downloads;
use crate::components::filters::{SelectFilter, year_choices};
use crate::components::funds::FundsTable;
use crate::components::pager::Pager;
use crate::components::program_chooser::ProgramChooser;
use crate::components::region_chooser::RegionChooser;
use crate::components::search::SearchBox;
use crate::components::status::{Empty, show};
use crate::query::{use_query, use_set_query};
use crate::reactive::{dynamic, resource};

/// Rows one page lists.
const LIMIT: u32 = 100;

/// Filter parameters that start the list again from its first page when changed.
const RESTARTS: &[&str] = &["after"];

/// The list's order when the URL names none: who lags first.
const DEFAULT_SORT: Sort = Sort::Lowest;

/// What the 排序 box says for each order.
fn sort_label(sort: Sort) -> &'static str {
    sort.label()
}

/// What the 来源 box says for each source.
fn source_label(source: Source) -> &'static str {
    source.label()
}

/// `value` as the `<select>` of its parameter shows it.
fn select_value<T: ToString>(value: Option<T>) -> Option<String> {
    value.as_ref().map(ToString::to_string)
}

/// The list of evaluations.
#[component]
pub(crate) fn Evaluations() -> impl IntoView {
    let catalog = use_catalog();
    let page = use_query::<ListQuery>();
    // The page's question as the API is asked it: its order always named, a page of `LIMIT`.
    let list_query = Memo::new(move |_| {
        let page = page.get();
        ListQuery {
            sort: Some(page.sort.unwrap_or(DEFAULT_SORT)),
            limit: Some(LIMIT),
            offset: None,
            ..page
        }
    });
    let list = resource(move || api::evaluations(list_query.get()));
    // Without a region in the URL the list holds all the data: the chooser names its top.
    let region = Memo::new(move |_| {
        page.with(|q| q.region.clone())
            .or_else(|| catalog.start_region())
    });
    let program = Signal::derive(move || page.with(|q| q.program.clone()));
    let grade = Signal::derive(move || page.with(|q| select_value(q.grade)));
    let source = Signal::derive(move || page.with(|q| select_value(q.source)));
    let findings = Signal::derive(move || page.with(|q| select_value(q.findings)));
    let sort = Signal::derive(move || page.with(|q| select_value(q.sort)));
    let fund = Memo::new(move |_| page.with(|q| q.q.clone()));
    let years = Signal::derive(move || year_choices(&catalog.year_list()));
    let grades = Signal::stored(
        Grade::ALL
            .iter()
            .map(|g| Choice::plain(g.label()))
            .collect::<Vec<_>>(),
    );
    let sources = Signal::stored(
        [Source::Real, Source::Sample]
            .into_iter()
            .map(|source| Choice {
                value: source.to_string(),
                label: source_label(source).to_owned(),
            })
            .collect::<Vec<_>>(),
    );
    let finding_choices = Signal::stored(vec![Choice {
        value: Findings::With.to_string(),
        label: "有审核发现".to_owned(),
    }]);
    // The default order is the box's empty choice; the others follow.
    let sorts = Signal::stored(
        [
            Sort::Highest,
            Sort::Newest,
            Sort::Program,
            Sort::Region,
            Sort::Findings,
        ]
        .into_iter()
        .map(|sort| Choice {
            value: sort.to_string(),
            label: sort_label(sort).to_owned(),
        })
        .collect::<Vec<_>>(),
    );
    let set_query = use_set_query();
    let search = move |text: Option<String>| set_query(vec![("after", None), ("q", text)]);
    let year_text = Signal::derive(move || page.with(|q| select_value(q.year)));
    view! {
        <section class="page-head">
            <h2>"评价详情 · 选择评价记录"</h2>
            <div class="filters">
                <SearchBox
                    label="项目名称"
                    placeholder="名称或拼音首字母，如 xjzz"
                    name="fund"
                    value=fund
                    on_settle=search
                />
                <SelectFilter
                    label="年度"
                    param="year"
                    choices=years
                    value=year_text
                    all_label="全部年度"
                    clears=RESTARTS
                />
                <RegionChooser value=region clears=RESTARTS />
                <ProgramChooser value=program all_label="全部项目" clears=RESTARTS />
                <SelectFilter
                    label="等级"
                    param="grade"
                    choices=grades
                    value=grade
                    all_label="全部等级"
                    clears=RESTARTS
                />
                <SelectFilter
                    label="来源"
                    param="source"
                    choices=sources
                    value=source
                    all_label=source_label(Source::All)
                    clears=RESTARTS
                />
                <SelectFilter
                    label="审核发现"
                    param="findings"
                    choices=finding_choices
                    value=findings
                    all_label="不限"
                    clears=RESTARTS
                />
                <SelectFilter
                    label="排序"
                    param="sort"
                    choices=sorts
                    value=sort
                    all_label=sort_label(DEFAULT_SORT)
                    clears=RESTARTS
                />
            </div>
        </section>
        <section class="card">
            <Downloads path="/api/evaluations" question=list_query />
            {dynamic(move || show(
                list.get(),
                "评价列表",
                move |list| {
                    if list.items.is_empty() {
                        let text = match fund.get_untracked() {
                            Some(q) => format!("没有名称或拼音首字母含“{q}”的项目的评价记录；可换个写法，或放宽年度、地区等条件"),
                            None => "没有符合条件的评价记录".to_owned(),
                        };
                        return view! { <Empty text /> }.into_any();
                    }
                    let shown = list.items.len();
                    view! {
                        <Pager total=list.total_count shown next=list.next />
                        <FundsTable items=list.items with_year=true />
                    }
                        .into_any()
                },
            ))}
        </section>
    }
}
