//! The URL as each page's state: reading query parameters as reactive values and changing them
//! by navigating, so every view is a link and the back button steps through the changes.
//!
//! Pages never keep a selection (year, region, row…) in a signal of their own; they read it
//! here and write it with [`use_set_query`].

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_location, use_navigate, use_query_map};

use crate::url::with_query;

/// The query parameter `key`, trimmed; `None` when absent or empty.
pub(crate) fn use_param(key: &'static str) -> Memo<Option<String>> {
    let query = use_query_map();
    Memo::new(move |_| {
        query
            .with(|map| map.get(key))
            .map(|value| value.trim().to_owned())
            .filter(|value| !value.is_empty())
    })
}

/// The query parameter `key` read as a year (or any whole number); `None` when absent or not a
/// number.
pub(crate) fn use_int_param(key: &'static str) -> Memo<Option<i32>> {
    let text = use_param(key);
    Memo::new(move |_| text.get().and_then(|value| value.parse().ok()))
}

/// A change of query parameters: `(key, Some(value))` sets, `(key, None)` removes.
pub(crate) type QueryChange = Vec<(&'static str, Option<String>)>;

/// A function that navigates to the current path with some query parameters changed (a new
/// history entry, so back undoes it; the page keeps its scroll position).
pub(crate) fn use_set_query() -> impl Fn(QueryChange) + Clone + Send + Sync + 'static {
    let navigate = use_navigate();
    let location = use_location();
    move |changes: QueryChange| {
        let path = location.pathname.get_untracked();
        let current = location.query.get_untracked();
        let mut pairs: Vec<(String, Option<String>)> = current
            .latest_values()
            .map(|(key, value)| (key.to_string(), Some(value.to_owned())))
            .collect();
        for (key, value) in changes {
            match pairs.iter_mut().find(|(existing, _)| existing == key) {
                Some(pair) => pair.1 = value,
                None => pairs.push((key.to_owned(), value)),
            }
        }
        let url = with_query(&path, &pairs);
        navigate(
            &url,
            NavigateOptions {
                scroll: false,
                ..NavigateOptions::default()
            },
        );
    }
}
