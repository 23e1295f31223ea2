//! The routed pages, one component per file; each reads its state from the URL.
//!
//! # Layout
//! - [`overview`]: 总览 `/`.
//! - [`compare_years`]: 年度对比 `/compare-years`.
//! - [`districts`]: 区县对比 `/districts`.
//! - [`evaluations`]: 评价列表 `/evaluations` (the way into the drill-down).
//! - [`evaluation`]: 评价详情 `/evaluations/:id`.
//! - [`indicator_history`]: 指标历史 `/history` (one indicator over the years).
//! - [`results`]: 结果应用 `/results` (budgets against grades, targets, rectification, conflicts).
//! - [`import`]: 导入 `/import` (upload, review, confirm).
//! - [`login`]: 登录 `/login`.
//! - [`audit`]: 操作日志 `/audit` (admins).

pub(crate) mod audit;
pub(crate) mod compare_years;
pub(crate) mod districts;
pub(crate) mod evaluation;
pub(crate) mod evaluations;
pub(crate) mod import;
pub(crate) mod indicator_history;
pub(crate) mod login;
pub(crate) mod overview;
pub(crate) mod results;
