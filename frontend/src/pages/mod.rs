//! The routed pages, one component per file; each reads its state from the URL.
//!
//! # Layout
//! - [`overview`]: 总览 `/`.
//! - [`compare_years`]: 年度对比 `/compare-years`.
//! - [`districts`]: 区县对比 `/districts`.
//! - [`evaluations`]: 评价列表 `/evaluations` (the way into the drill-down).
//! - [`evaluation`]: 评价详情 `/evaluations/:id`.
//! - [`history`]: 指标历史 `/history`.
//! - [`import`]: 导入 `/import` (upload, review, confirm).
//! - [`login`]: 登录 `/login`.
//! - [`audit`]: 操作日志 `/audit` (admins).

pub(crate) mod audit;
pub(crate) mod compare_years;
pub(crate) mod districts;
pub(crate) mod evaluation;
pub(crate) mod evaluations;
pub(crate) mod history;
pub(crate) mod import;
pub(crate) mod login;
pub(crate) mod overview;
