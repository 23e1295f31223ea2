//! A search box that reports what was typed once typing pauses (debounced): a page asks the
//! server once per pause, not once per keystroke.

use std::time::Duration;

use leptos::prelude::*;

/// How long typing must pause before the text is reported.
const PAUSE: Duration = Duration::from_millis(300);

/// A labelled search box; `on_settle` gets the trimmed text (`None` when empty) once typing
/// has paused for [`PAUSE`].
#[component]
pub(crate) fn SearchBox<F>(
    /// The label before the box (`项目名称`).
    label: &'static str,
    /// The hint inside the empty box.
    placeholder: &'static str,
    /// `data-search` of the input, naming what it searches.
    name: &'static str,
    /// The text the box shows (the URL's parameter, when the search is part of the address).
    #[prop(into)]
    value: Signal<Option<String>>,
    /// What to do with the text once typing pauses.
    on_settle: F,
) -> impl IntoView
where
    F: Fn(Option<String>) + Clone + 'static,
{
    let pending: StoredValue<Option<TimeoutHandle>> = StoredValue::new(None);
    let on_input = move |event: leptos::ev::Event| {
        let text = event_target_value(&event);
        if let Some(handle) = pending.get_value() {
            handle.clear();
        }
        let settle = on_settle.clone();
        let handle = set_timeout_with_handle(
            move || {
                let text = text.trim().to_owned();
                settle((!text.is_empty()).then_some(text));
            },
            PAUSE,
        )
        .ok();
        pending.set_value(handle);
    };
    view! {
        <label class="filter search">
            <span class="filter-label">{label}</span>
            <input
                type="search"
                data-search=name
                placeholder=placeholder
                prop:value=move || value.get().unwrap_or_default()
                on:input=on_input
            />
        </label>
    }
}
