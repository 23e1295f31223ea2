//! The dashboard in a real headless Chromium driven through chromedriver, against an
//! in-process server whose database holds the seed record and the city-scale sample data.
//!
//! Every expectation is computed from the API's answer for the same filters, never copied
//! from the sample. Each test saves full-page screenshots under `target/screenshots/`. The
//! tests skip, saying so, only when chromedriver is not installed.

mod accounts;
mod districts;
mod evaluation;
mod hands;
mod import;
mod lists;
mod overview;
mod place;
mod results;
mod screens;
mod states;
mod support;
mod ungraded;
mod urls;
