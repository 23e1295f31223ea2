//! 历年概况: the fund's years side by side under the 简报 — grade, total, budgets and execution
//! of every year of the same fund in the same region, and what the next year's 年初预算 did
//! after each grade (by 结果应用's budget rule, as the server answers it).

use fundlens_shared::query::{ResultsPageQuery, url};
use fundlens_shared::results::fund::{FundYearRow, FundYears};
use leptos::prelude::*;

use crate::api::{self, evaluation_link};
use crate::components::funds::{answer_cells, money};
use crate::components::html::{Cell, HtmlTable, Row, head, link, mark, note, sample_badge, table};
use crate::components::status::SampleBadge;
use crate::reactive::{dynamic, resource};

/// The cell saying what the next year's budget did.
fn next_budget_cell(row: &FundYearRow) -> Cell {
    let Some(next) = &row.next_budget else {
        return Cell::text("—").class("muted");
    };
    // Amber where the view warns (中/差 and not cut); a cut after 优 is no merit, so the rest
    // stay neutral.
    let class = if next.warning {
        "mark warn"
    } else {
        "mark neutral"
    };
    let label = format!("{}年{}", next.year, next.code.label());
    Cell::html(mark(class, &label))
        .then(&note(&next.message))
        .class("next-budget")
}

fn all_sample(strip: &FundYears) -> bool {
    strip.years.iter().all(|row| row.summary.sample)
}

fn years_html(strip: &FundYears) -> String {
    let columns = [
        ("年度", true),
        ("总分", true),
        ("等级", false),
        ("执行率", true),
        ("年初预算数", true),
        ("全年预算数", true),
        ("次年预算安排", false),
    ];
    let all_sample = all_sample(strip);
    let rows: Vec<Row> = strip
        .years
        .iter()
        .map(|row| {
            let item = &row.summary;
            let this = item.id == strip.evaluation;
            let mut year = if this {
                Cell::html(format!("<b>{}</b>", item.year)).then(&note("本年"))
            } else {
                Cell::html(link(
                    &evaluation_link(item.id, None),
                    &item.year.to_string(),
                ))
            };
            // All sample: one badge in the heading; mixed: each sample year marked.
            if item.sample && !all_sample {
                year = year.then(sample_badge());
            }
            let mut cells = vec![year.class("num card-head")];
            cells.extend(answer_cells(item));
            cells.extend([
                Cell::num(&money(item.year_start_budget)),
                Cell::num(&money(item.budget)),
                next_budget_cell(row),
            ]);
            let row = Row::new(cells).attr("data-year", item.year.to_string());
            if this {
                row.attr("class", "current")
            } else {
                row
            }
        })
        .collect();
    table("data fund-years", &head(&columns), &rows)
}

/// The strip, shown when the fund has more than this year in its region.
#[component]
pub(crate) fn FundYearsCard(id: i64, region: String) -> impl IntoView {
    let strip = resource(move || api::fund_years(id));
    let results = url(
        "/results",
        &ResultsPageQuery {
            region: Some(region),
            ..ResultsPageQuery::default()
        },
    );
    dynamic(move || {
        // A fund with one year has nothing to set side by side; a failed strip is not worth
        // an error box above the form, which is what the reader came for.
        let Some(Ok(strip)) = strip.get() else {
            return ().into_any();
        };
        if strip.years.len() < 2 {
            return ().into_any();
        }
        let html = years_html(&strip);
        let sample = all_sample(&strip).then(|| view! { <SampleBadge /> });
        let results = results.clone();
        view! {
            <section class="card fund-years" data-section="fund-years">
                <h3>"历年概况（同一地区同一项目）" {sample}</h3>
                <HtmlTable html />
                <p class="muted small">
                    "次年预算安排：次年年初预算数与本年年初预算数相比（±1%以内为持平），依据财预〔2020〕10号关于评价结果应用的要求。"
                    <a href=results>"查看结果应用 →"</a>
                </p>
            </section>
        }
        .into_any()
    })
}
