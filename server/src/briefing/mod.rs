//! 简报: short Chinese texts built only from figures the server already computes, formatted as
//! the dashboard formats them (`shared::format`), each sentence with links to the views its
//! numbers come from. No clock, no randomness: the same data gives the same text.
//!
//! # Layout
//! - [`region`]: a year of a region (and its funds): execution, scores, the lowest funds,
//!   mid-year budget cuts, findings, the economic metrics against the province.
//! - [`kept`]: region briefings kept at write time and filled after every write.
//! - [`fund`]: one evaluation: total and grade against last year, execution, its budget cut,
//!   the indicators that lost the most points and why, the findings that matter.

mod fund;
pub mod kept;
mod region;

use fundlens_shared::api::{Briefing, BriefingSentence};
use fundlens_shared::comparison::FigureKind;
use fundlens_shared::query::{DetailQuery, url};
use rust_decimal::Decimal;

pub use fund::fund_briefing;
pub use region::region_briefing;

/// The drill-down of one evaluation, optionally with a row open (`execution` or an indicator's
/// 0-based index), as the pages link it.
fn evaluation_url(id: i64, row: Option<String>) -> String {
    url(
        &format!("/evaluations/{id}"),
        &DetailQuery {
            row,
            ..DetailQuery::default()
        },
    )
}

/// `较上年增加/减少 …` for a change of a figure of `kind`, or `与上年持平` when it is too small to
/// show at the figure's precision ([`FigureKind::is_flat`]: 92.24% → 92.28% is no change, not
/// `增加0.0个百分点`); nothing without a year before.
fn against_last_year(
    kind: FigureKind,
    change: Option<Decimal>,
    written: impl Fn(Decimal) -> String,
) -> String {
    let Some(change) = change else {
        return String::new();
    };
    if kind.is_flat(change) {
        return "，与上年持平".to_owned();
    }
    let text = written(change);
    if change > Decimal::ZERO {
        format!("，较上年增加{text}")
    } else {
        format!("，较上年减少{text}")
    }
}

/// The sentences that have a text, each with its links.
fn sentences(parts: Vec<(Option<String>, Vec<String>)>) -> Vec<BriefingSentence> {
    parts
        .into_iter()
        .filter_map(|(text, links)| text.map(|text| BriefingSentence { text, links }))
        .collect()
}

/// A briefing of `sentences`, its text the sentences joined (after 【示例数据】 when sample data
/// is counted), or `empty` when there is no sentence.
fn briefing(
    (year, region, program): (i32, Option<String>, Option<String>),
    sentences: Vec<BriefingSentence>,
    sample: bool,
    empty: &str,
) -> Briefing {
    let mut text = String::new();
    if sample {
        text.push_str("【示例数据】");
    }
    if sentences.is_empty() {
        text.push_str(empty);
    }
    for sentence in &sentences {
        text.push_str(&sentence.text);
    }
    Briefing {
        year,
        region,
        program,
        sentences,
        text,
        sample,
    }
}

#[cfg(test)]
mod tests {
    use rust_decimal_macros::dec;

    use super::*;

    #[test]
    fn a_change_too_small_to_show_is_no_change() {
        let points = |c: Decimal| format!("{}个百分点", fundlens_shared::format::round(c.abs(), 1));
        let percent = |change| against_last_year(FigureKind::Percent, change, points);
        assert_eq!(percent(Some(dec!(0.04))), "，与上年持平");
        assert_eq!(percent(Some(dec!(-0.04))), "，与上年持平");
        assert_eq!(percent(Some(dec!(0.05))), "，较上年增加0.1个百分点");
        assert_eq!(percent(Some(dec!(-1.3))), "，较上年减少1.3个百分点");
        assert_eq!(percent(None), "");
    }
}
