//! Filters bound to the URL: a `<select>` shows the query parameter's value and choosing
//! another navigates (a new history entry), so the page's state is always its address.

use leptos::prelude::*;

use crate::catalog::Choice;
use crate::query::use_set_query;

/// A labelled `<select>` for the query parameter `param`.
///
/// `value` is the parameter as the page reads it (with its default applied); choosing the
/// empty `all_label` choice removes the parameter. Parameters named in `clears` are removed
/// with every change (e.g. the selected row when the fund changes).
#[component]
pub(crate) fn SelectFilter(
    /// The label before the box (`年度`).
    label: &'static str,
    /// The query parameter (`year`).
    param: &'static str,
    /// The choices.
    #[prop(into)]
    choices: Signal<Vec<Choice>>,
    /// The current value.
    #[prop(into)]
    value: Signal<Option<String>>,
    /// A first choice meaning "no filter" (`全部地区`), if the filter may be empty.
    #[prop(optional)]
    all_label: Option<&'static str>,
    /// Parameters to drop on change.
    #[prop(default = &[])]
    clears: &'static [&'static str],
) -> impl IntoView {
    let set_query = use_set_query();
    let on_change = move |event: leptos::ev::Event| {
        let chosen = event_target_value(&event);
        let mut changes: Vec<(&'static str, Option<String>)> =
            clears.iter().map(|key| (*key, None)).collect();
        changes.push((param, (!chosen.is_empty()).then_some(chosen)));
        set_query(changes);
    };
    let all = all_label.map(|text| {
        view! {
            <option value="" prop:selected=move || value.get().is_none()>
                {text}
            </option>
        }
    });
    view! {
        <label class="filter">
            <span class="filter-label">{label}</span>
            <select data-param=param on:change=on_change>
                {all}
                <For
                    each=move || choices.get()
                    key=|choice| choice.value.clone()
                    children=move |choice| {
                        let mine = choice.value.clone();
                        view! {
                            <option
                                value=choice.value
                                prop:selected=move || value.get().as_deref() == Some(mine.as_str())
                            >
                                {choice.label}
                            </option>
                        }
                    }
                />
            </select>
        </label>
    }
}

/// Years as choices, newest first (`2024年`).
pub(crate) fn year_choices(years: &[i32]) -> Vec<Choice> {
    years
        .iter()
        .rev()
        .map(|year| Choice {
            value: year.to_string(),
            label: format!("{year}年"),
        })
        .collect()
}
