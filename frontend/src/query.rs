//! The URL as each page's state: the query string read into the page's `shared::query` type
//! as a reactive value, and changed by navigating, so every view is a link and the back button
//! steps through the changes.
//!
//! Pages never keep a selection (year, region, row…) in a signal of their own; they read it
//! here ([`use_query`]) and write it with [`use_set_query`]. Both go through `shared::query`'s
//! one reader and one writer, as the server's extractors and links do.

use fundlens_shared::query;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_location, use_navigate, use_query_map};
use serde::de::DeserializeOwned;

/// The page's query string read into `T` (its `shared::query` type); a parameter `T` refuses
/// is left out, so a mistyped link shows that parameter's default.
pub(crate) fn use_query<T>() -> Memo<T>
where
    T: DeserializeOwned + Default + PartialEq + Send + Sync + 'static,
{
    let location = use_location();
    Memo::new(move |_| location.search.with(|search| query::read_lenient(search)))
}

/// The query parameter `key` as written, trimmed; `None` when absent or empty. For what is not
/// a page's state: the text of a value the page could not read (to name it), a component's own
/// parameter (a pager's cursor).
pub(crate) fn use_param(key: &'static str) -> Memo<Option<String>> {
    let query = use_query_map();
    Memo::new(move |_| {
        query
            .with(|map| map.get(key))
            .map(|value| value.trim().to_owned())
            .filter(|value| !value.is_empty())
    })
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
        let given: Vec<(String, String)> = pairs
            .into_iter()
            .filter_map(|(key, value)| Some((key, value?)))
            .collect();
        navigate(
            &query::url(&path, &given),
            NavigateOptions {
                scroll: false,
                ..NavigateOptions::default()
            },
        );
    }
}
