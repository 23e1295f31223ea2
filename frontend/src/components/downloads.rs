//! 下载 CSV / 下载 Excel beside a table: links to the endpoint the table came from, with the
//! page's current query and `format=`, which answers the same rows as a file.

use fundlens_shared::query::TableFormat;
use leptos::prelude::*;

use crate::url::with_query;

/// The query of a table's endpoint: `(key, value)` pairs, `None` left out.
pub(crate) type TableQuery = Vec<(&'static str, Option<String>)>;

/// The download links of the table answered by `path` with `query`.
#[component]
pub(crate) fn Downloads(
    /// The endpoint (`/api/compare`).
    path: &'static str,
    /// Its query as the page asks it.
    #[prop(into)]
    query: Signal<TableQuery>,
) -> impl IntoView {
    let links = TableFormat::ALL
        .into_iter()
        .map(|format| {
            let href = move || {
                let mut pairs = query.get();
                pairs.push(("format", Some(format.code().to_owned())));
                with_query(path, &pairs)
            };
            view! {
                <a class="button download" data-format=format.code() href=href download="">
                    {format.label()}
                </a>
            }
        })
        .collect_view();
    view! { <span class="downloads">{links}</span> }
}
