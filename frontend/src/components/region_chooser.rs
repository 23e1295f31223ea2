//! The region chooser: a breadcrumb from the province down to the chosen region (湖南省 ›
//! 益阳市 › 赫山区), each step a button back up, and a `<select>` of the regions one level
//! below that have evaluations. The choice is the URL's `region` parameter like every filter;
//! a region whose statistics are merged into another says so. A page whose URL names no region
//! shows the top of the data ([`crate::catalog::Catalog::start_region`]), its breadcrumb
//! leading there.

use leptos::prelude::*;

use crate::catalog::{children_of, has_data_below, path_to, root_region, use_catalog};
use crate::query::use_set_query;

/// The chooser of the `region` parameter. `value` is the region the page shows (the parameter
/// with the page's default applied); `None` is 全部地区, whose breadcrumb is the province's.
#[component]
pub(crate) fn RegionChooser(
    /// The region shown (the URL's, else the top of the data; `None` only without data).
    #[prop(into)]
    value: Signal<Option<String>>,
    /// Parameters to drop on change (a page cursor, a selected row).
    #[prop(default = &[])]
    clears: &'static [&'static str],
) -> impl IntoView {
    let catalog = use_catalog();
    let set_query = use_set_query();
    let choose = move |region: Option<String>| {
        let mut changes: Vec<(&'static str, Option<String>)> =
            clears.iter().map(|key| (*key, None)).collect();
        changes.push(("region", region));
        set_query(changes);
    };
    let crumbs = {
        let choose = choose.clone();
        move || {
            let regions = catalog.region_list();
            let chosen = value.get();
            let mut path = match &chosen {
                Some(name) => path_to(&regions, name),
                None => Vec::new(),
            };
            let last = path.pop();
            let mut items: Vec<AnyView> = Vec::new();
            if chosen.is_none() {
                let root = root_region(&regions).unwrap_or_default();
                items.push(
                    view! { <li aria-current="true"><b>{format!("全部地区（{root}）")}</b></li> }
                        .into_any(),
                );
            }
            for step in path {
                let choose = choose.clone();
                let name = step.name.clone();
                let key = step.name.clone();
                items.push(
                    view! {
                        <li>
                            <button
                                type="button"
                                class="crumb"
                                data-region=key
                                on:click=move |_| choose(Some(name.clone()))
                            >
                                {step.name}
                            </button>
                        </li>
                    }
                    .into_any(),
                );
            }
            if let Some(region) = last {
                let merged = region
                    .statistics_merged_into
                    .map(|into| format!("（统计数据并入{into}）"));
                items.push(
                    view! {
                        <li aria-current="true">
                            <b>{region.name}</b>
                            {merged.map(|m| view! { <span class="muted">{m}</span> })}
                        </li>
                    }
                    .into_any(),
                );
            }
            items
        }
    };
    let below = move || {
        let regions = catalog.region_list();
        let at = value.get().or_else(|| root_region(&regions));
        at.map(|at| {
            children_of(&regions, &at)
                .filter(|r| has_data_below(&regions, &r.name))
                .map(|r| r.name.clone())
                .collect::<Vec<_>>()
        })
        .unwrap_or_default()
    };
    let on_change = move |event: leptos::ev::Event| {
        let chosen = event_target_value(&event);
        if !chosen.is_empty() {
            choose(Some(chosen));
        }
    };
    view! {
        <nav class="region-chooser filter" aria-label="地区">
            <span class="filter-label">"地区"</span>
            <ol class="breadcrumb">{crumbs}</ol>
            {move || {
                let children = below();
                (!children.is_empty())
                    .then(|| {
                        view! {
                            <select data-param="region" on:change=on_change.clone() aria-label="下一级地区">
                                <option value="" selected=true>
                                    "下一级…"
                                </option>
                                {children
                                    .into_iter()
                                    .map(|name| {
                                        let label = name.clone();
                                        view! { <option value=name>{label}</option> }
                                    })
                                    .collect_view()}
                            </select>
                        }
                    })
            }}
        </nav>
    }
}
