//! The line under a paged table: how many rows match in all, how many this page shows, and
//! buttons to the next page (the answer's `next` cursor put in the URL as `after`) and back to
//! the first. Pages are URL state like every filter, so back returns to the previous page.

use fundlens_shared::format;
use leptos::prelude::*;

use crate::query::{use_param, use_set_query};

/// "共 N 条，本页 x 条" with the next-page and first-page buttons.
#[component]
pub(crate) fn Pager(
    /// Rows matching in all.
    total: i64,
    /// Rows on this page.
    shown: usize,
    /// The cursor of the next page, if there is one.
    next: Option<String>,
) -> impl IntoView {
    let after = use_param("after");
    let set_query = use_set_query();
    let first = {
        let set_query = set_query.clone();
        move || {
            after.get().is_some().then(|| {
                let set_query = set_query.clone();
                view! {
                    <button type="button" data-page="first" on:click=move |_| set_query(vec![("after", None)])>
                        "回到第一页"
                    </button>
                }
            })
        }
    };
    let more = next.map(|cursor| {
        view! {
            <button
                type="button"
                data-page="next"
                on:click=move |_| set_query(vec![("after", Some(cursor.clone()))])
            >
                "下一页 →"
            </button>
        }
    });
    view! {
        <p class="pager muted" data-total=total>
            {format!("共 {} 条，本页 {} 条", format::count(total), format::count(shown))}
            {first}
            {more}
        </p>
    }
}
