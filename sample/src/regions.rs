//! The regions of the sample: Hunan, its 14 prefecture-level cities and their 122 county-level
//! divisions (real names), plus Yiyang's 大通湖区 and 益阳高新区, each with a stable character
//! (industrial size, growth bias, volatility, manufacturing share) that does not depend on the
//! seed, so districts differ the same way in every sample.
//!
//! Yiyang's kinds and statistical merges come from the shared catalogue
//! ([`fundlens_shared::region`]): 益阳高新区's statistics are merged into 赫山区 and 大通湖区's
//! into 南县, so those two have no economic observations of their own.

use fundlens_shared::region::{self, Region, RegionKind};

use super::rng::{text_hash, unit_of};

/// A region with its character.
#[derive(Debug, Clone)]
pub(super) struct Place {
    /// Name, parent, kind, merge.
    pub(super) region: Region,
    /// Index of its prefecture-level city in the place list (itself for a city, 0 for Hunan).
    pub(super) city: usize,
    /// Industrial size in units of roughly 4 亿元 of industrial tax (a city: its units' sum).
    pub(super) size: f64,
    /// Growth bias in percentage points against the province.
    pub(super) growth: f64,
    /// How strongly its figures move from year to year (1 = typical).
    pub(super) volatility: f64,
    /// The manufacturing share of GDP it tends to, in percent.
    pub(super) manufacturing_share: f64,
}

impl Place {
    /// The name.
    pub(super) fn name(&self) -> &'static str {
        self.region.name
    }

    /// True for Hunan itself.
    pub(super) fn is_province(&self) -> bool {
        self.region.kind == RegionKind::Province
    }

    /// True for a prefecture-level city.
    pub(super) fn is_city(&self) -> bool {
        self.region.kind == RegionKind::City
    }

    /// True when official statistics report this region on its own (not the province, not a
    /// city, not merged into another unit).
    pub(super) fn is_statistical_unit(&self) -> bool {
        !self.is_province() && !self.is_city() && self.region.statistics_merged_into.is_none()
    }

    /// True when economic observations exist for this region (the province, the cities and
    /// the county-level units that are not merged).
    pub(super) fn has_statistics(&self) -> bool {
        self.region.statistics_merged_into.is_none()
    }

    /// How large its special funds are against a typical prefecture-level city's.
    pub(super) fn budget_scale(&self) -> f64 {
        if self.is_city() {
            (self.size / 7.0).sqrt()
        } else {
            0.35 * self.size.sqrt()
        }
    }

    /// Yearly drift of its budgets (fast-growing places spend more each year).
    pub(super) fn budget_drift(&self) -> f64 {
        (0.02 + 0.015 * self.growth).clamp(-0.03, 0.06)
    }

    /// The character that names the place in the text: 市, 区, 县 or 州.
    pub(super) fn level_word(&self) -> &'static str {
        match self.region.kind {
            RegionKind::Province => "省",
            RegionKind::City if self.name().ends_with('州') => "州",
            RegionKind::City | RegionKind::CountyCity => "市",
            RegionKind::County => "县",
            RegionKind::District | RegionKind::ManagementZone | RegionKind::HighTechZone => "区",
        }
    }
}

/// One prefecture-level city and its county-level divisions, in the usual order.
struct CityDef {
    name: &'static str,
    /// How industrial its divisions are, against Hunan's typical city.
    industry: f64,
    units: &'static [&'static str],
}

const CITIES: &[CityDef] = &[
    CityDef {
        name: "长沙市",
        industry: 2.2,
        units: &[
            "芙蓉区",
            "天心区",
            "岳麓区",
            "开福区",
            "雨花区",
            "望城区",
            "长沙县",
            "浏阳市",
            "宁乡市",
        ],
    },
    CityDef {
        name: "株洲市",
        industry: 1.4,
        units: &[
            "荷塘区",
            "芦淞区",
            "石峰区",
            "天元区",
            "渌口区",
            "攸县",
            "茶陵县",
            "炎陵县",
            "醴陵市",
        ],
    },
    CityDef {
        name: "湘潭市",
        industry: 1.6,
        units: &["雨湖区", "岳塘区", "湘潭县", "湘乡市", "韶山市"],
    },
    CityDef {
        name: "衡阳市",
        industry: 0.9,
        units: &[
            "珠晖区",
            "雁峰区",
            "石鼓区",
            "蒸湘区",
            "南岳区",
            "衡阳县",
            "衡南县",
            "衡山县",
            "衡东县",
            "祁东县",
            "耒阳市",
            "常宁市",
        ],
    },
    CityDef {
        name: "邵阳市",
        industry: 0.6,
        units: &[
            "双清区",
            "大祥区",
            "北塔区",
            "新邵县",
            "邵阳县",
            "隆回县",
            "洞口县",
            "绥宁县",
            "新宁县",
            "城步苗族自治县",
            "武冈市",
            "邵东市",
        ],
    },
    CityDef {
        name: "岳阳市",
        industry: 1.4,
        units: &[
            "岳阳楼区",
            "云溪区",
            "君山区",
            "岳阳县",
            "华容县",
            "湘阴县",
            "平江县",
            "汨罗市",
            "临湘市",
        ],
    },
    CityDef {
        name: "常德市",
        industry: 1.2,
        units: &[
            "武陵区",
            "鼎城区",
            "安乡县",
            "汉寿县",
            "澧县",
            "临澧县",
            "桃源县",
            "石门县",
            "津市市",
        ],
    },
    CityDef {
        name: "张家界市",
        industry: 0.4,
        units: &["永定区", "武陵源区", "慈利县", "桑植县"],
    },
    CityDef {
        name: region::YIYANG,
        industry: 1.0,
        units: &[
            "赫山区",
            "资阳区",
            "南县",
            "桃江县",
            "安化县",
            "沅江市",
            "大通湖区",
            "益阳高新区",
        ],
    },
    CityDef {
        name: "郴州市",
        industry: 1.1,
        units: &[
            "北湖区",
            "苏仙区",
            "桂阳县",
            "宜章县",
            "永兴县",
            "嘉禾县",
            "临武县",
            "汝城县",
            "桂东县",
            "安仁县",
            "资兴市",
        ],
    },
    CityDef {
        name: "永州市",
        industry: 0.6,
        units: &[
            "零陵区",
            "冷水滩区",
            "东安县",
            "双牌县",
            "道县",
            "江永县",
            "宁远县",
            "蓝山县",
            "新田县",
            "江华瑶族自治县",
            "祁阳市",
        ],
    },
    CityDef {
        name: "怀化市",
        industry: 0.5,
        units: &[
            "鹤城区",
            "中方县",
            "沅陵县",
            "辰溪县",
            "溆浦县",
            "会同县",
            "麻阳苗族自治县",
            "新晃侗族自治县",
            "芷江侗族自治县",
            "靖州苗族侗族自治县",
            "通道侗族自治县",
            "洪江市",
        ],
    },
    CityDef {
        name: "娄底市",
        industry: 1.3,
        units: &["娄星区", "双峰县", "新化县", "冷水江市", "涟源市"],
    },
    CityDef {
        name: "湘西土家族苗族自治州",
        industry: 0.4,
        units: &[
            "吉首市",
            "泸溪县",
            "凤凰县",
            "花垣县",
            "保靖县",
            "古丈县",
            "永顺县",
            "龙山县",
        ],
    },
];

/// Places whose character is known rather than derived: (name, size, growth bias, share).
const KNOWN: &[(&str, f64, f64, f64)] = &[
    // Yiyang: 赫山区 and 高新区 industrial and fast-growing, 安化县 tea and slower, 大通湖区 tiny.
    ("赫山区", 2.0, 1.3, 42.0),
    ("资阳区", 0.9, 0.2, 30.0),
    ("南县", 1.0, -0.3, 28.0),
    ("桃江县", 1.1, 0.3, 36.0),
    ("安化县", 0.9, -0.9, 22.0),
    ("沅江市", 1.1, 0.0, 33.0),
    ("大通湖区", 0.12, -0.5, 18.0),
    ("益阳高新区", 0.8, 1.6, 55.0),
    // Elsewhere: the industrial heavyweights and a few places that are clearly not.
    ("长沙县", 6.0, 1.2, 50.0),
    ("浏阳市", 4.5, 1.0, 46.0),
    ("宁乡市", 4.0, 0.9, 45.0),
    ("望城区", 2.8, 1.3, 42.0),
    ("雨花区", 2.6, 0.6, 30.0),
    ("芙蓉区", 0.6, -0.8, 6.0),
    ("天心区", 0.8, -0.5, 10.0),
    ("醴陵市", 2.4, 0.6, 48.0),
    ("天元区", 2.2, 1.0, 42.0),
    ("云溪区", 2.0, 0.3, 55.0),
    ("汨罗市", 1.8, 0.8, 45.0),
    ("冷水江市", 1.5, -0.6, 52.0),
    ("资兴市", 1.4, 0.5, 44.0),
    ("武陵源区", 0.15, -0.5, 4.0),
    ("凤凰县", 0.25, -0.3, 6.0),
    ("南岳区", 0.15, -0.2, 5.0),
    ("韶山市", 0.4, 0.2, 20.0),
];

/// The province, then each city followed by its divisions.
pub(super) fn hunan() -> Vec<Place> {
    let mut places = vec![Place {
        region: Region {
            name: region::HUNAN,
            parent: None,
            kind: RegionKind::Province,
            statistics_merged_into: None,
        },
        city: 0,
        size: 0.0,
        growth: 0.0,
        volatility: 1.0,
        manufacturing_share: 0.0,
    }];
    for city in CITIES {
        let city_index = places.len();
        places.push(Place {
            region: Region {
                name: city.name,
                parent: Some(region::HUNAN),
                kind: RegionKind::City,
                statistics_merged_into: None,
            },
            city: city_index,
            size: 0.0,
            growth: 0.0,
            volatility: 1.0,
            manufacturing_share: 0.0,
        });
        for name in city.units {
            places.push(unit(name, city, city_index));
        }
        let size = places[city_index + 1..]
            .iter()
            .filter(|place| place.is_statistical_unit())
            .map(|place| place.size)
            .sum();
        places[city_index].size = size;
    }
    places
}

/// A county-level division with its character.
fn unit(name: &'static str, city: &CityDef, city_index: usize) -> Place {
    let catalogue = region::by_name(name);
    let kind = catalogue.map_or_else(|| kind_from_name(name), |known| known.kind);
    let hash = text_hash(name);
    let draw = |shift: u32| unit_of(hash.rotate_left(shift));
    let autonomous = name.contains("自治");
    let (size, growth, share) = KNOWN.iter().find(|(known, ..)| *known == name).map_or_else(
        || {
            let kind_factor = match kind {
                RegionKind::CountyCity => 1.3,
                RegionKind::County if autonomous => 0.5,
                RegionKind::County => 0.8,
                _ => 1.0,
            };
            let growth = -1.0 + 2.0 * draw(17) - if autonomous { 0.3 } else { 0.0 };
            (
                (0.5 + draw(0)) * kind_factor * city.industry,
                growth,
                15.0 + 25.0 * draw(31),
            )
        },
        |&(_, size, growth, share)| (size, growth, share),
    );
    let tiny = size < 0.2;
    Place {
        region: Region {
            name,
            parent: Some(city.name),
            kind,
            statistics_merged_into: catalogue.and_then(|known| known.statistics_merged_into),
        },
        city: city_index,
        size,
        growth,
        volatility: 0.7 + 0.6 * draw(43) + if tiny { 0.5 } else { 0.0 },
        manufacturing_share: share,
    }
}

fn kind_from_name(name: &str) -> RegionKind {
    if name.ends_with('区') {
        RegionKind::District
    } else if name.ends_with('市') {
        RegionKind::CountyCity
    } else {
        RegionKind::County
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hunan_has_its_cities_and_county_level_divisions() {
        let places = hunan();
        assert_eq!(places.iter().filter(|p| p.is_city()).count(), 14);
        assert_eq!(
            places.iter().filter(|p| p.is_statistical_unit()).count(),
            122
        );
        assert_eq!(places.len(), 1 + 14 + 122 + 2);
        let mut names: Vec<_> = places.iter().map(Place::name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), places.len(), "names are unique");
        for place in &places[1..] {
            let parent = place.region.parent.unwrap_or_default();
            assert!(
                places.iter().any(|p| p.name() == parent),
                "{}",
                place.name()
            );
            assert!(place.is_province() || place.is_city() || place.size > 0.0);
        }
    }

    #[test]
    fn yiyang_merges_come_from_the_shared_catalogue() {
        let places = hunan();
        let find = |name: &str| places.iter().find(|p| p.name() == name);
        let zone = find("益阳高新区").map(|p| p.region);
        assert_eq!(zone.map(|r| r.kind), Some(RegionKind::HighTechZone));
        assert_eq!(zone.and_then(|r| r.statistics_merged_into), Some("赫山区"));
        let lake = find("大通湖区").map(|p| p.region);
        assert_eq!(lake.and_then(|r| r.statistics_merged_into), Some("南县"));
        assert_eq!(lake.map(|r| r.kind), Some(RegionKind::ManagementZone));
        assert!(find("安化县").is_some_and(|p| p.growth < 0.0));
        assert!(find("赫山区").is_some_and(|p| p.growth > 1.0));
    }
}
