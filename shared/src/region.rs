//! The region catalogue: Hunan province, its prefecture-level cities, and Yiyang's county-level
//! divisions with the statistical merges reports use (益阳高新区 into 赫山区, 大通湖区 into 南县).
//!
//! Evaluations name their region in Chinese. The store starts with this catalogue; a region
//! outside it is added by an admin, with its parent, before records name it.

use serde::{Deserialize, Serialize};

/// What kind of administrative unit a region is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RegionKind {
    /// 省.
    Province,
    /// 地级市 / 自治州.
    City,
    /// 市辖区.
    District,
    /// 县.
    County,
    /// 县级市.
    CountyCity,
    /// 管理区 (e.g. 大通湖区).
    ManagementZone,
    /// 国家级高新区.
    HighTechZone,
}

/// One region of the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Region {
    /// Chinese name as reports write it.
    pub name: &'static str,
    /// Administrative kind.
    pub kind: RegionKind,
    /// The region one level up (`None` for the province).
    pub parent: Option<&'static str>,
    /// The region whose statistics include this one's, when official statistics merge them.
    pub statistics_merged_into: Option<&'static str>,
}

const fn region(
    name: &'static str,
    kind: RegionKind,
    parent: &'static str,
    merged_into: Option<&'static str>,
) -> Region {
    Region {
        name,
        kind,
        parent: Some(parent),
        statistics_merged_into: merged_into,
    }
}

/// The province every benchmark refers to.
pub const HUNAN: &str = "湖南省";
/// The city of the seed report.
pub const YIYANG: &str = "益阳市";

/// The regions FundLens knows, province first, then Yiyang and its divisions, then the other
/// prefecture-level cities of Hunan.
pub const REGIONS: &[Region] = &[
    Region {
        name: HUNAN,
        kind: RegionKind::Province,
        parent: None,
        statistics_merged_into: None,
    },
    region(YIYANG, RegionKind::City, HUNAN, None),
    region("赫山区", RegionKind::District, YIYANG, None),
    region("资阳区", RegionKind::District, YIYANG, None),
    region("南县", RegionKind::County, YIYANG, None),
    region("桃江县", RegionKind::County, YIYANG, None),
    region("安化县", RegionKind::County, YIYANG, None),
    region("沅江市", RegionKind::CountyCity, YIYANG, None),
    region("大通湖区", RegionKind::ManagementZone, YIYANG, Some("南县")),
    region(
        "益阳高新区",
        RegionKind::HighTechZone,
        YIYANG,
        Some("赫山区"),
    ),
    region("长沙市", RegionKind::City, HUNAN, None),
    region("株洲市", RegionKind::City, HUNAN, None),
    region("湘潭市", RegionKind::City, HUNAN, None),
    region("衡阳市", RegionKind::City, HUNAN, None),
    region("邵阳市", RegionKind::City, HUNAN, None),
    region("岳阳市", RegionKind::City, HUNAN, None),
    region("常德市", RegionKind::City, HUNAN, None),
    region("张家界市", RegionKind::City, HUNAN, None),
    region("郴州市", RegionKind::City, HUNAN, None),
    region("永州市", RegionKind::City, HUNAN, None),
    region("怀化市", RegionKind::City, HUNAN, None),
    region("娄底市", RegionKind::City, HUNAN, None),
    region("湘西土家族苗族自治州", RegionKind::City, HUNAN, None),
];

/// The catalogue entry of a region name.
pub fn by_name(name: &str) -> Option<&'static Region> {
    REGIONS.iter().find(|region| region.name == name.trim())
}

/// The province a known region belongs to (itself for a province).
pub fn province_of(name: &str) -> Option<&'static str> {
    let mut current = by_name(name)?;
    while let Some(parent) = current.parent {
        current = by_name(parent)?;
    }
    Some(current.name)
}

/// Where the dashboard starts when no region is asked for: the top of what the data holds —
/// the lowest region that every region with evaluations lies in (or is). On a province's data
/// that is the province (its cities are compared); on one city's data, the city — never the
/// province above it, whose figures would be the city's own passed off as a province's. `None`
/// when there are no evaluations.
///
/// `regions` are the store's (`GET /api/regions`: each with its parent and its own evaluations).
pub fn data_top(regions: &[crate::api::RegionInfo]) -> Option<String> {
    let path = |name: &str| {
        let mut path: Vec<&str> = Vec::new();
        let mut at = regions.iter().find(|r| r.name == name);
        while let Some(region) = at {
            if path.contains(&region.name.as_str()) {
                break;
            }
            path.push(&region.name);
            at = region
                .parent
                .as_deref()
                .and_then(|parent| regions.iter().find(|r| r.name == parent));
        }
        path.reverse();
        path
    };
    let mut common: Option<Vec<&str>> = None;
    for region in regions.iter().filter(|r| r.evaluations > 0) {
        let here = path(&region.name);
        common = Some(match common {
            None => here,
            Some(common) => common
                .iter()
                .zip(&here)
                .take_while(|(a, b)| a == b)
                .map(|(a, _)| *a)
                .collect(),
        });
    }
    common?.last().map(|name| (*name).to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::RegionInfo;

    fn info(name: &str, parent: Option<&str>, evaluations: i64) -> RegionInfo {
        RegionInfo {
            name: name.to_owned(),
            kind: String::new(),
            parent: parent.map(str::to_owned),
            statistics_merged_into: None,
            evaluations,
            code: None,
        }
    }

    #[test]
    fn the_start_is_the_top_of_the_data() {
        let mut regions = vec![
            info(HUNAN, None, 0),
            info(YIYANG, Some(HUNAN), 1),
            info("赫山区", Some(YIYANG), 30),
            info("南县", Some(YIYANG), 12),
            info("长沙市", Some(HUNAN), 0),
        ];
        assert_eq!(data_top(&regions).as_deref(), Some(YIYANG), "a city's data");
        regions[1].evaluations = 0;
        assert_eq!(
            data_top(&regions).as_deref(),
            Some(YIYANG),
            "its counties only"
        );
        regions[2].evaluations = 0;
        assert_eq!(data_top(&regions).as_deref(), Some("南县"), "one county");
        regions[4].evaluations = 5;
        assert_eq!(data_top(&regions).as_deref(), Some(HUNAN), "two cities");
        for region in &mut regions {
            region.evaluations = 0;
        }
        assert_eq!(data_top(&regions), None, "no data");
    }

    #[test]
    fn yiyang_districts_lead_to_hunan_and_merges_are_modelled() {
        assert_eq!(province_of("安化县"), Some(HUNAN));
        assert_eq!(province_of(YIYANG), Some(HUNAN));
        assert_eq!(
            by_name("益阳高新区").and_then(|r| r.statistics_merged_into),
            Some("赫山区")
        );
        assert_eq!(
            by_name("大通湖区").and_then(|r| r.statistics_merged_into),
            Some("南县")
        );
        assert!(
            REGIONS
                .iter()
                .all(|r| r.parent.is_none_or(|p| by_name(p).is_some()))
        );
    }
}
