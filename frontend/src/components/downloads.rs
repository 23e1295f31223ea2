//! 下载 CSV / 下载 Excel beside a table: links to the endpoint the table came from, with the
//! question the page asked it and `format=`, which answers the same rows as a file.

use fundlens_shared::query::{AsFile, TableFormat, url};
use leptos::prelude::*;
use serde::Serialize;

/// The download links of the table answered by `path` for `question`.
#[component]
pub(crate) fn Downloads<Q>(
    /// The endpoint (`/api/compare`).
    path: &'static str,
    /// Its question as the page asks it (a `shared::query` type).
    question: Memo<Q>,
) -> impl IntoView
where
    Q: Serialize + PartialEq + Send + Sync + 'static,
{
    let links = TableFormat::ALL
        .iter()
        .map(|&format| {
            let href = move || question.with(|question| url(path, &AsFile { question, format }));
            view! {
                <a class="button download" data-format=format.code() href=href download="">
                    {format.label()}
                </a>
            }
        })
        .collect_view();
    view! { <span class="downloads">{links}</span> }
}
