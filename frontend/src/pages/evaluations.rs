//! 评价列表 (`/evaluations?year=&region=&program=&grade=&source=&findings=&q=&sort=&after=`):
//! the evaluations that match the filters and the fund search (`q`: part of the fund's name or
//! its pinyin initials), a page at a time with the number in all, each linking to its
//! drill-down — the way into 评价详情. Pages follow the API's cursor (`after`), so a deep page
//! costs what the first does.

use fundlens_shared::value::Grade;
use leptos::prelude::*;

use crate::api::{self, ListFilter};
use crate::catalog::{Choice, use_catalog};
use crate::components::downloads::Downloads;
use crate::components::filters::{SelectFilter, year_choices};
use crate::components::funds::FundsTable;
use crate::components::pager::Pager;
use crate::components::region_chooser::RegionChooser;
use crate::components::search::SearchBox;
use crate::components::status::{Empty, show};
use crate::query::{use_int_param, use_param, use_set_query};
use crate::reactive::{dynamic, resource};

/// Rows one page lists.
const LIMIT: u32 = 100;

/// Filter parameters that start the list again from its first page when changed.
const RESTARTS: &[&str] = &["after"];

/// The list of evaluations.
#[component]
pub(crate) fn Evaluations() -> impl IntoView {
    let catalog = use_catalog();
    let year = use_int_param("year");
    let region = use_param("region");
    let program = use_param("program");
    let grade = use_param("grade");
    let source = use_param("source");
    let sort = use_param("sort");
    let findings = use_param("findings");
    let fund = use_param("q");
    let after = use_param("after");
    let list = resource(move || {
        api::evaluations(ListFilter {
            year: year.get(),
            region: region.get(),
            program: program.get(),
            grade: grade.get(),
            source: source.get(),
            sort: Some(sort.get().unwrap_or_else(|| "lowest".to_owned())),
            findings: findings.get(),
            fund: fund.get(),
            limit: Some(LIMIT),
            after: after.get(),
        })
    });
    let list_query = Signal::derive(move || {
        vec![
            ("year", year.get().map(|y| y.to_string())),
            ("region", region.get()),
            ("program", program.get()),
            ("grade", grade.get()),
            ("source", source.get()),
            (
                "sort",
                Some(sort.get().unwrap_or_else(|| "lowest".to_owned())),
            ),
            ("findings", findings.get()),
            ("q", fund.get()),
            ("limit", Some(LIMIT.to_string())),
            ("after", after.get()),
        ]
    });
    let years = Signal::derive(move || year_choices(&catalog.year_list()));
    let programs = Signal::derive(move || {
        catalog
            .program_list()
            .into_iter()
            .map(|p| Choice::plain(p.name))
            .collect::<Vec<_>>()
    });
    let grades = Signal::stored(
        Grade::ALL
            .iter()
            .map(|g| Choice::plain(g.label()))
            .collect::<Vec<_>>(),
    );
    let sources = Signal::stored(vec![
        Choice {
            value: "real".to_owned(),
            label: "真实数据".to_owned(),
        },
        Choice {
            value: "sample".to_owned(),
            label: "示例数据".to_owned(),
        },
    ]);
    let finding_choices = Signal::stored(vec![Choice {
        value: "with".to_owned(),
        label: "有审核发现".to_owned(),
    }]);
    let sorts = Signal::stored(vec![
        Choice {
            value: "highest".to_owned(),
            label: "得分由高到低".to_owned(),
        },
        Choice {
            value: "newest".to_owned(),
            label: "年度由近到远".to_owned(),
        },
        Choice {
            value: "program".to_owned(),
            label: "按项目".to_owned(),
        },
        Choice {
            value: "region".to_owned(),
            label: "按地区".to_owned(),
        },
        Choice {
            value: "findings".to_owned(),
            label: "审核发现由多到少".to_owned(),
        },
    ]);
    let set_query = use_set_query();
    let search = move |text: Option<String>| set_query(vec![("after", None), ("q", text)]);
    let year_text = Signal::derive(move || year.get().map(|y| y.to_string()));
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
                <SelectFilter
                    label="项目"
                    param="program"
                    choices=programs
                    value=program
                    all_label="全部项目"
                    clears=RESTARTS
                />
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
                    all_label="全部来源"
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
                    all_label="得分由低到高"
                    clears=RESTARTS
                />
            </div>
        </section>
        <section class="card">
            <Downloads path="/api/evaluations" query=list_query />
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
