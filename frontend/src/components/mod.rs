//! Building blocks the pages share: loading, empty and error states, badges, the chart card
//! with its table view and SVG download, the URL-bound filters and the table of funds.
//!
//! # Layout
//! - [`status`]: loading / empty / error notes, the 示例数据 badge, grades, changes.
//! - [`briefing`]: 简报 with its links and the copy button.
//! - [`chart`]: a chart drawn by `fundlens_shared::chart`, with a table view and a download.
//! - [`downloads`]: 下载 CSV / 下载 Excel links beside a table.
//! - [`filters`]: `<select>`s whose value is a query parameter.
//! - [`funds`]: the table of evaluations (one row per fund, linking to its drill-down).
//! - [`html`]: read-only tables as HTML text (much less WebAssembly than `view!`).
//! - [`pager`]: the count of a paged table and its next-page button.
//! - [`unknown`]: a year or region in the URL the data does not have, and the nearest view.
//! - [`region_chooser`]: the region breadcrumb and the choice one level down.
//! - [`program_chooser`]: the fund, found by typing part of its name.
//! - [`search`]: a search box that reports the text once typing pauses.

pub(crate) mod briefing;
pub(crate) mod chart;
pub(crate) mod downloads;
pub(crate) mod filters;
pub(crate) mod funds;
pub(crate) mod html;
pub(crate) mod pager;
pub(crate) mod program_chooser;
pub(crate) mod region_chooser;
pub(crate) mod search;
pub(crate) mod status;
pub(crate) mod unknown;
