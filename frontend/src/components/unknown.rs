//! A year or region in the URL that the data does not have: the page says so and offers the
//! nearest valid view (the nearest year with data, or every region) in one click.

use leptos::prelude::*;

use crate::catalog::use_catalog;
use crate::query::{QueryChange, use_param, use_set_query};
use crate::reactive::dynamic;

/// The year of `years` nearest to `year` (the later one on a tie).
fn nearest_year(years: &[i32], year: i32) -> Option<i32> {
    years
        .iter()
        .copied()
        .min_by_key(|known| ((known - year).abs(), -known))
}

/// What is wrong with the URL's `year` and `region`, each with the fix offered:
/// `(says, offer, change)`.
fn problems(
    years: &[i32],
    regions: &[String],
    year: Option<&str>,
    region: Option<&str>,
) -> Vec<(String, String, QueryChange)> {
    let mut found = Vec::new();
    if let Some(text) = year {
        let wanted = text.parse::<i32>().ok();
        if wanted.is_none_or(|wanted| !years.contains(&wanted)) {
            let nearest = wanted
                .and_then(|wanted| nearest_year(years, wanted))
                .or_else(|| years.last().copied());
            if let Some(nearest) = nearest {
                found.push((
                    format!("没有{text}年的数据（已有数据的年度：{}）。", span(years)),
                    format!("查看{nearest}年"),
                    vec![("year", Some(nearest.to_string()))],
                ));
            }
        }
    }
    if let Some(name) = region
        && !regions.iter().any(|known| known == name)
    {
        found.push((
            format!("没有名为“{name}”的地区的数据。"),
            "查看全部地区".to_owned(),
            vec![("region", None)],
        ));
    }
    found
}

/// `2021—2024年`, or the one year.
fn span(years: &[i32]) -> String {
    match (years.first(), years.last()) {
        (Some(first), Some(last)) if first != last => format!("{first}—{last}年"),
        (Some(only), _) => format!("{only}年"),
        _ => String::new(),
    }
}

/// The notice, shown once the catalogue is loaded and only when the URL asks for a year or a
/// region the data does not have.
#[component]
pub(crate) fn UnknownChoice() -> impl IntoView {
    let catalog = use_catalog();
    let year = use_param("year");
    let region = use_param("region");
    let set_query = use_set_query();
    dynamic(move || {
        let years = catalog.year_list();
        if years.is_empty() {
            return ().into_any();
        }
        let regions: Vec<String> = catalog
            .region_list()
            .into_iter()
            .map(|region| region.name)
            .collect();
        let notes = problems(
            &years,
            &regions,
            year.get().as_deref(),
            region.get().as_deref(),
        );
        notes
            .into_iter()
            .map(|(says, offer, change)| {
                let set_query = set_query.clone();
                view! {
                    <p class="status unknown-choice" role="alert">
                        {says}
                        <button type="button" on:click=move |_| set_query(change.clone())>
                            {offer}
                        </button>
                    </p>
                }
            })
            .collect_view()
            .into_any()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_year_offers_the_nearest_one() {
        let years = [2021, 2022, 2023];
        assert_eq!(nearest_year(&years, 1999), Some(2021));
        assert_eq!(nearest_year(&years, 2030), Some(2023));
        let found = problems(&years, &[], Some("2030"), None);
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].0,
            "没有2030年的数据（已有数据的年度：2021—2023年）。"
        );
        assert_eq!(found[0].1, "查看2023年");
        assert_eq!(found[0].2, vec![("year", Some("2023".to_owned()))]);
        assert_eq!(problems(&years, &[], Some("明年"), None)[0].1, "查看2023年");
        assert!(problems(&years, &[], Some("2022"), None).is_empty());
    }

    #[test]
    fn an_unknown_region_offers_every_region() {
        let regions = ["益阳市".to_owned(), "赫山区".to_owned()];
        let found = problems(&[2023], &regions, None, Some("火星区"));
        assert_eq!(found[0].1, "查看全部地区");
        assert_eq!(found[0].2, vec![("region", None)]);
        assert!(problems(&[2023], &regions, None, Some("赫山区")).is_empty());
    }
}
