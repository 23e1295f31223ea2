//! The fund chooser: a search box over the catalogue's funds instead of a `<select>` (a
//! province has hundreds of funds: 301 options are no way to find one). Typing lists the funds
//! whose name contains the text, with how many there are; choosing one puts it in the URL's
//! `program` like every filter, and 全部项目 takes it out. Enter chooses the first match, Escape
//! goes back to the fund shown.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::catalog::use_catalog;
use crate::query::use_set_query;

/// Funds a search lists at once.
const SHOWN: usize = 12;

/// The chooser of the `program` parameter; `value` is the fund the page shows.
#[component]
pub(crate) fn ProgramChooser(
    /// The fund shown (`None`: every fund).
    #[prop(into)]
    value: Signal<Option<String>>,
    /// What no fund means here (`全部项目`).
    all_label: &'static str,
    /// Parameters to drop on change (a page cursor).
    #[prop(default = &[])]
    clears: &'static [&'static str],
) -> impl IntoView {
    let catalog = use_catalog();
    let set_query = use_set_query();
    // What is typed while searching; `None` when the box shows the fund chosen.
    let typed = RwSignal::new(None::<String>);
    let choose = move |program: Option<String>| {
        let mut changes: Vec<(&'static str, Option<String>)> =
            clears.iter().map(|key| (*key, None)).collect();
        changes.push(("program", program));
        typed.set(None);
        set_query(changes);
    };
    // The funds whose name contains the text typed, with how many there are.
    let found = Memo::new(move |_| {
        typed.get().map(|text| {
            let text = text.trim().to_owned();
            let names: Vec<String> = catalog
                .program_list()
                .into_iter()
                .map(|program| program.name)
                .filter(|name| name.contains(&text))
                .collect();
            (text, names)
        })
    });
    let on_key = {
        let choose = choose.clone();
        move |event: leptos::ev::KeyboardEvent| match event.key().as_str() {
            "Enter" => {
                event.prevent_default();
                if let Some((_, names)) = found.get_untracked()
                    && let Some(first) = names.first()
                {
                    choose(Some(first.clone()));
                }
            }
            "Escape" => typed.set(None),
            _ => {}
        }
    };
    let clear = {
        let choose = choose.clone();
        move || {
            value.get().is_some().then(|| {
                let choose = choose.clone();
                view! {
                    <button type="button" class="clear-program" on:click=move |_| choose(None)>
                        {all_label}
                    </button>
                }
            })
        }
    };
    let list = move || {
        let choose = choose.clone();
        found.get().map(|(text, names)| {
            let count = names.len();
            let heading = if text.is_empty() {
                format!("共 {count} 个项目，输入名称的一部分查找")
            } else if count == 0 {
                format!("没有名称含“{text}”的项目")
            } else if count > SHOWN {
                format!("名称含“{text}”的项目共 {count} 个，列出前 {SHOWN} 个")
            } else {
                format!("名称含“{text}”的项目共 {count} 个")
            };
            let buttons = names
                .into_iter()
                .take(SHOWN)
                .map(|name| {
                    let choose = choose.clone();
                    let key = name.clone();
                    let label = name.clone();
                    view! {
                        <li>
                            <button
                                type="button"
                                class="match"
                                data-program=key
                                on:click=move |_| choose(Some(name.clone()))
                            >
                                {label}
                            </button>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <div class="program-matches" role="listbox" aria-label="项目">
                    <p class="muted matches-heading">{heading}</p>
                    <ul class="matches">{buttons}</ul>
                </div>
            }
        })
    };
    let container = NodeRef::<leptos::html::Div>::new();
    // Leaving the chooser (not for one of its own matches) ends the search.
    let on_focus_out = move |event: leptos::ev::FocusEvent| {
        let inside = event
            .related_target()
            .and_then(|target| target.dyn_into::<web_sys::Node>().ok())
            .is_some_and(|node| {
                container
                    .get_untracked()
                    .is_some_and(|own| own.contains(Some(&node)))
            });
        if !inside {
            typed.set(None);
        }
    };
    view! {
        <div
            class="program-chooser"
            data-chooser="program"
            node_ref=container
            on:focusout=on_focus_out
        >
            <label class="filter search">
                <span class="filter-label">"项目"</span>
                <input
                    type="search"
                    data-param="program"
                    placeholder=format!("{all_label}（输入名称查找）")
                    autocomplete="off"
                    aria-autocomplete="list"
                    prop:value=move || typed.get().or_else(|| value.get()).unwrap_or_default()
                    on:focus=move |event| {
                        if typed.get_untracked().is_none() {
                            typed.set(Some(value.get_untracked().unwrap_or_default()));
                            if let Some(input) = event
                                .target()
                                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
                            {
                                input.select();
                            }
                        }
                    }
                    on:input=move |event| typed.set(Some(event_target_value(&event)))
                    on:keydown=on_key
                />
            </label>
            {clear}
            {list}
        </div>
    }
}
