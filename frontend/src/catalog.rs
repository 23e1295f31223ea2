//! The catalogues every page's filters need (years, regions, programs, metrics, how many
//! evaluations are sample data), fetched in one request (`GET /api/catalogue`) when the app
//! starts and shared through the context; plus the choices built from them.
//!
//! The region choices follow the tree the API reports: a city first (its figures include its
//! districts), then its districts and counties; regions with no evaluations are left out.

use fundlens_shared::api::{Catalogue, MetricInfo, ProgramInfo, RegionInfo};
use fundlens_shared::format;
use fundlens_shared::region::data_top;
use leptos::prelude::*;

use crate::api;
use crate::reactive::{Resource, resource};

/// The catalogues, loaded once (all together) and read through the methods below, which give
/// empty lists while loading or after an error.
#[derive(Clone, Copy)]
pub(crate) struct Catalog {
    lists: Resource<Catalogue>,
}

impl std::fmt::Debug for Catalog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Catalog")
    }
}

impl Catalog {
    fn read<T>(&self, part: impl FnOnce(&Catalogue) -> T) -> Option<T> {
        self.lists.with_value(part).and_then(Result::ok)
    }

    /// Whether the catalogue has arrived (until then a page has nothing to say is missing).
    pub(crate) fn loaded(&self) -> bool {
        self.read(|_| ()).is_some()
    }

    /// Where a page starts when its URL names no region: the top of what the data holds
    /// (`shared::region::data_top`): the province on a province's data, the city on a city's.
    /// `None` until known, or when there are no evaluations.
    pub(crate) fn start_region(&self) -> Option<String> {
        self.read(|l| data_top(&l.regions)).flatten()
    }

    /// The latest year with evaluations, once known.
    pub(crate) fn latest_year(&self) -> Option<i32> {
        self.read(|l| l.years.last().copied()).flatten()
    }

    /// The years.
    pub(crate) fn year_list(&self) -> Vec<i32> {
        self.read(|l| l.years.clone()).unwrap_or_default()
    }

    /// The regions.
    pub(crate) fn region_list(&self) -> Vec<RegionInfo> {
        self.read(|l| l.regions.clone()).unwrap_or_default()
    }

    /// The programs with evaluations.
    pub(crate) fn program_list(&self) -> Vec<ProgramInfo> {
        self.read(|l| {
            l.programs
                .iter()
                .filter(|program| program.evaluations > 0)
                .cloned()
                .collect()
        })
        .unwrap_or_default()
    }

    /// The metrics with observations.
    pub(crate) fn metric_list(&self) -> Vec<MetricInfo> {
        self.read(|l| {
            l.metrics
                .iter()
                .filter(|metric| metric.observations > 0)
                .cloned()
                .collect()
        })
        .unwrap_or_default()
    }

    /// When the data last changed, as people read it (`None` until known or when empty).
    pub(crate) fn data_as_of(&self) -> Option<String> {
        self.read(|l| l.data_as_of.as_deref().map(format::timestamp))
            .flatten()
    }

    /// How many evaluations are real records, transcribed from documents (0 until known).
    pub(crate) fn real_count(&self) -> i64 {
        self.read(|l| l.evaluations - l.sample_evaluations)
            .unwrap_or(0)
    }

    /// How many evaluations are sample data (0 until known).
    pub(crate) fn sample_count(&self) -> i64 {
        self.read(|l| l.sample_evaluations).unwrap_or(0)
    }

    /// The Chinese name of metric `code` (the code itself until the catalogue is loaded).
    pub(crate) fn metric_name(&self, code: &str) -> String {
        self.read(|l| {
            l.metrics
                .iter()
                .find(|metric| metric.code == code)
                .map(|metric| metric.name.clone())
        })
        .flatten()
        .unwrap_or_else(|| code.to_owned())
    }
}

/// Loads the catalogues and puts them in the context.
pub(crate) fn provide_catalog() {
    provide_context(Catalog {
        lists: resource(api::catalogue),
    });
}

/// The catalogues of the context.
///
/// # Panics
/// Outside the app (no [`provide_catalog`] above).
pub(crate) fn use_catalog() -> Catalog {
    use_context::<Catalog>().unwrap_or_else(|| panic!("provide_catalog() was not called"))
}

/// A choice of a `<select>`: the value put in the URL and the label shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Choice {
    /// The URL value.
    pub(crate) value: String,
    /// What the reader sees.
    pub(crate) label: String,
}

impl Choice {
    /// A choice whose label is its value.
    pub(crate) fn plain(value: impl Into<String>) -> Self {
        let value = value.into();
        Self {
            label: value.clone(),
            value,
        }
    }
}

/// The regions to filter by: each city with evaluations (`益阳市（全市）`), then its
/// districts with evaluations (indented), then any other region with evaluations.
pub(crate) fn region_choices(regions: &[RegionInfo]) -> Vec<Choice> {
    let mut choices = Vec::new();
    let mut listed: Vec<&str> = Vec::new();
    for city in regions
        .iter()
        .filter(|r| r.kind == "city" && has_evaluations_below(regions, &r.name))
    {
        choices.push(Choice {
            value: city.name.clone(),
            label: format!("{}（全市）", city.name),
        });
        listed.push(&city.name);
        for child in children_of(regions, &city.name).filter(|r| r.evaluations > 0) {
            choices.push(Choice {
                value: child.name.clone(),
                label: format!("　{}", child.name),
            });
            listed.push(&child.name);
        }
    }
    for region in regions
        .iter()
        .filter(|r| r.evaluations > 0 && !listed.contains(&r.name.as_str()))
    {
        choices.push(Choice::plain(region.name.clone()));
    }
    choices
}

/// The regions one level below `parent`, in catalogue order.
pub(crate) fn children_of<'a>(
    regions: &'a [RegionInfo],
    parent: &'a str,
) -> impl Iterator<Item = &'a RegionInfo> + 'a {
    regions
        .iter()
        .filter(move |r| r.parent.as_deref() == Some(parent))
}

/// True when `name` or a region below it has evaluations.
fn has_evaluations_below(regions: &[RegionInfo], name: &str) -> bool {
    regions
        .iter()
        .any(|r| r.evaluations > 0 && (r.name == name || r.parent.as_deref() == Some(name)))
}

/// The first city with evaluations (the dashboard's home region), if any.
pub(crate) fn home_city(regions: &[RegionInfo]) -> Option<String> {
    regions
        .iter()
        .find(|r| r.kind == "city" && has_evaluations_below(regions, &r.name))
        .map(|r| r.name.clone())
}

/// The root of the region tree (the province): the first region without a parent.
pub(crate) fn root_region(regions: &[RegionInfo]) -> Option<String> {
    regions
        .iter()
        .find(|r| r.parent.is_none())
        .map(|r| r.name.clone())
}

/// `name` and its ancestors, the root first (湖南省, 益阳市, 赫山区); empty for an unknown name.
pub(crate) fn path_to(regions: &[RegionInfo], name: &str) -> Vec<RegionInfo> {
    let mut path = Vec::new();
    let mut at = regions.iter().find(|r| r.name == name);
    while let Some(region) = at {
        if path.iter().any(|p: &RegionInfo| p.name == region.name) {
            break;
        }
        path.push(region.clone());
        at = region
            .parent
            .as_deref()
            .and_then(|parent| regions.iter().find(|r| r.name == parent));
    }
    path.reverse();
    path
}

/// How a region's own figure is named beside its children's (`全省`, `全市`, `本级`).
pub(crate) fn scope_label(regions: &[RegionInfo], name: &str) -> &'static str {
    match regions
        .iter()
        .find(|r| r.name == name)
        .map(|r| r.kind.as_str())
    {
        Some("province") => "全省",
        Some("city") => "全市",
        _ => "本级",
    }
}

/// True when `name` or any region below it (at any depth) has evaluations.
pub(crate) fn has_data_below(regions: &[RegionInfo], name: &str) -> bool {
    regions
        .iter()
        .any(|r| r.evaluations > 0 && path_to(regions, &r.name).iter().any(|p| p.name == name))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn region(name: &str, kind: &str, parent: Option<&str>, evaluations: i64) -> RegionInfo {
        RegionInfo {
            name: name.to_owned(),
            kind: kind.to_owned(),
            parent: parent.map(str::to_owned),
            statistics_merged_into: None,
            evaluations,
            code: None,
        }
    }

    #[test]
    fn cities_come_first_with_their_districts() {
        let regions = vec![
            region("湖南省", "province", None, 0),
            region("益阳市", "city", Some("湖南省"), 1),
            region("长沙市", "city", Some("湖南省"), 0),
            region("赫山区", "district", Some("益阳市"), 3),
            region("资阳区", "district", Some("益阳市"), 0),
        ];
        let choices = region_choices(&regions);
        let values: Vec<&str> = choices.iter().map(|c| c.value.as_str()).collect();
        assert_eq!(values, ["益阳市", "赫山区"]);
        assert_eq!(choices[0].label, "益阳市（全市）");
        assert_eq!(home_city(&regions).as_deref(), Some("益阳市"));
    }

    #[test]
    fn a_region_has_its_path_from_the_root_and_data_below_at_any_depth() {
        let regions = vec![
            region("湖南省", "province", None, 0),
            region("益阳市", "city", Some("湖南省"), 0),
            region("长沙市", "city", Some("湖南省"), 0),
            region("赫山区", "district", Some("益阳市"), 3),
        ];
        let path: Vec<String> = path_to(&regions, "赫山区")
            .into_iter()
            .map(|r| r.name)
            .collect();
        assert_eq!(path, ["湖南省", "益阳市", "赫山区"]);
        assert_eq!(root_region(&regions).as_deref(), Some("湖南省"));
        assert!(has_data_below(&regions, "湖南省"));
        assert!(!has_data_below(&regions, "长沙市"));
        assert!(path_to(&regions, "火星").is_empty());
    }
}
