//! The economic statistics of section 四(二), simulated for every county-level statistical unit
//! of Hunan from 2015 (the base year, not published) to 2025, then added up into the cities and
//! the province, and ranked within the province.
//!
//! Growth rates follow Hunan's real path of recent years (the 2020 dip included) plus a
//! province-wide shock of the seed, plus a mean-reverting walk per unit biased by the unit's
//! character; levels (tax revenue, manufacturing share) walk with drift. Nothing is white noise:
//! each year starts from the last. A city's growth is the revenue-weighted mean of its units',
//! its counts and revenue their sums; the province is built the same way from its cities.
//! Cities are ranked among the 14 cities, county-level units among the 122 units.

use fundlens_shared::metric::MetricCode;
use fundlens_shared::model::{Observation, Provenance};
use fundlens_shared::target::Unit;
use fundlens_shared::value::{Rank, Year};
use rust_decimal::Decimal;

use super::fixed;
use super::regions::Place;
use super::rng::{Rng, Stream};

/// A metric of section 四(二) the sample simulates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Stat {
    /// 规模工业增加值增速, %.
    IndustrialGrowth,
    /// 规下工业增加值增速, %.
    SmallIndustryGrowth,
    /// 工业投资增速, %.
    InvestmentGrowth,
    /// 工业技改投资增速, %.
    RenovationGrowth,
    /// 新增规模工业企业, 家.
    NewEnterprises,
    /// 制造业增加值占GDP比重, %.
    ManufacturingShare,
    /// 工业税收, 亿元.
    TaxRevenue,
    /// 工业税收增速, %.
    TaxGrowth,
}

/// Every simulated metric, in the order section 四(二) lists them.
pub(super) const STATS: [Stat; 8] = [
    Stat::IndustrialGrowth,
    Stat::SmallIndustryGrowth,
    Stat::InvestmentGrowth,
    Stat::RenovationGrowth,
    Stat::NewEnterprises,
    Stat::ManufacturingShare,
    Stat::TaxRevenue,
    Stat::TaxGrowth,
];

impl Stat {
    /// The catalogue code.
    pub(super) fn code(self) -> &'static str {
        match self {
            Self::IndustrialGrowth => "industrial_value_added_growth",
            Self::SmallIndustryGrowth => "small_industry_value_added_growth",
            Self::InvestmentGrowth => "industrial_investment_growth",
            Self::RenovationGrowth => "technical_renovation_investment_growth",
            Self::NewEnterprises => "new_scale_enterprises",
            Self::ManufacturingShare => "manufacturing_share_of_gdp",
            Self::TaxRevenue => "industrial_tax_revenue",
            Self::TaxGrowth => "industrial_tax_growth",
        }
    }

    /// The catalogue entry (`None` only if the catalogue lost the code).
    pub(super) fn metric(self) -> Option<MetricCode> {
        MetricCode::parse(self.code()).ok()
    }

    /// Decimal places the published figure keeps.
    fn decimals(self) -> u32 {
        match self {
            Self::NewEnterprises => 0,
            Self::TaxRevenue => 2,
            _ => 1,
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// The first year of published figures and the last.
pub(super) const FIRST_YEAR: i32 = 2016;
/// The last year simulated.
pub(super) const LAST_YEAR: i32 = 2025;
/// The unpublished base year the walks start from.
const BASE_YEAR: i32 = 2015;
const YEARS: usize = (LAST_YEAR - BASE_YEAR + 1) as usize;

/// Hunan's path, 2015–2025, of the four growth rates (percent).
const GROWTH_PATHS: [[f64; YEARS]; 4] = [
    [7.8, 6.9, 7.3, 7.4, 8.3, 4.8, 8.4, 7.2, 5.1, 7.0, 6.6],
    [5.5, 5.0, 5.5, 5.8, 6.2, 2.5, 6.8, 5.5, 4.5, 5.2, 5.0],
    [
        15.0, 12.0, 13.5, 20.7, 17.8, 5.0, 15.2, 15.1, 9.0, 10.5, 8.0,
    ],
    [
        20.0, 18.0, 20.1, 35.4, 28.0, 6.0, 19.0, 21.0, 10.0, 12.0, 9.5,
    ],
];
/// How strongly a unit's growth bias shows in each growth rate.
const BIAS_SCALE: [f64; 4] = [1.0, 0.7, 3.0, 4.0];
/// The yearly shock of each growth rate at volatility 1.
const SHOCK: [f64; 4] = [0.6, 0.5, 3.0, 4.0];
/// Hunan's industrial tax growth path (percent).
const TAX_PATH: [f64; YEARS] = [5.0, 6.0, 9.5, 10.0, 3.5, -2.0, 12.0, 8.0, 2.0, 4.5, 5.0];
/// New enterprises entering the statistics, against a typical year.
const NEW_ENTERPRISE_PATH: [f64; YEARS] =
    [0.8, 0.8, 0.85, 0.9, 1.0, 0.9, 1.15, 1.2, 1.1, 1.05, 1.0];
/// How much of a growth rate's deviation carries into the next year.
const PERSISTENCE: f64 = 0.6;

/// One unit's raw figures per year, in `STATS` order.
type Series = [[f64; 8]; YEARS];

/// A published figure and its rank within the province.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Cell {
    /// The value as published (rounded), in the metric's unit.
    pub(super) value: Decimal,
    /// Rank among the cities or among the county-level units; `None` for the province.
    pub(super) rank: Option<u32>,
}

/// Every published figure of every region with statistics, 2016–2025.
#[derive(Debug, Clone)]
pub(super) struct Economy {
    /// `[place][year - FIRST_YEAR][stat]`.
    cells: Vec<Option<Cell>>,
}

const PUBLISHED: usize = (LAST_YEAR - FIRST_YEAR + 1) as usize;

impl Economy {
    /// Simulates the province for `seed`.
    pub(super) fn simulate(seed: u64, places: &[Place]) -> Self {
        let shocks = province_shocks(seed);
        let mut series: Vec<Option<Series>> = places
            .iter()
            .enumerate()
            .map(|(index, place)| {
                place
                    .is_statistical_unit()
                    .then(|| simulate_unit(seed, index, place, &shocks))
            })
            .collect();
        for (index, place) in places.iter().enumerate() {
            if place.is_city() {
                let parts: Vec<&Series> = places
                    .iter()
                    .zip(&series)
                    .filter(|(unit, _)| unit.city == index && unit.is_statistical_unit())
                    .filter_map(|(_, s)| s.as_ref())
                    .collect();
                series[index] = Some(aggregate(&parts));
            }
        }
        let cities: Vec<&Series> = places
            .iter()
            .zip(&series)
            .filter(|(place, _)| place.is_city())
            .filter_map(|(_, s)| s.as_ref())
            .collect();
        let province = aggregate(&cities);
        if let Some(first) = places.iter().position(Place::is_province) {
            series[first] = Some(province);
        }
        Self::publish(places, &series)
    }

    /// Rounds the raw series to published figures and ranks them.
    fn publish(places: &[Place], series: &[Option<Series>]) -> Self {
        let offset = (FIRST_YEAR - BASE_YEAR) as usize;
        let mut cells = vec![None; places.len() * PUBLISHED * STATS.len()];
        for (place, raw) in series.iter().enumerate() {
            let Some(raw) = raw else { continue };
            for year in 0..PUBLISHED {
                for stat in STATS {
                    let value = fixed(raw[year + offset][stat.index()], stat.decimals());
                    cells[slot(place, year, stat)] = Some(Cell { value, rank: None });
                }
            }
        }
        let peer_groups: [fn(&Place) -> bool; 2] = [Place::is_city, Place::is_statistical_unit];
        for peers in peer_groups {
            let members: Vec<usize> = (0..places.len())
                .filter(|&index| peers(&places[index]))
                .collect();
            for year in 0..PUBLISHED {
                for stat in STATS {
                    let value = |place: usize| cells[slot(place, year, stat)].map(|c| c.value);
                    let mut order = members.clone();
                    order.sort_by(|&a, &b| value(b).cmp(&value(a)).then(a.cmp(&b)));
                    for (rank, place) in order.into_iter().enumerate() {
                        if let Some(cell) = cells[slot(place, year, stat)].as_mut() {
                            cell.rank = Some(rank as u32 + 1);
                        }
                    }
                }
            }
        }
        Self { cells }
    }

    /// The published figure of a region (by place index) in a year, when it has one.
    pub(super) fn get(&self, place: usize, year: i32, stat: Stat) -> Option<Cell> {
        if !(FIRST_YEAR..=LAST_YEAR).contains(&year) {
            return None;
        }
        let year = (year - FIRST_YEAR) as usize;
        self.cells.get(slot(place, year, stat)).copied().flatten()
    }

    /// Observations of the places `include` accepts, for `years`, with the sample provenance.
    pub(super) fn observations(
        &self,
        places: &[Place],
        include: impl Fn(usize) -> bool,
        years: &[Year],
        source: &Provenance,
    ) -> Vec<Observation> {
        let metrics: Vec<(Stat, MetricCode)> = STATS
            .iter()
            .filter_map(|&stat| stat.metric().map(|metric| (stat, metric)))
            .collect();
        let mut observations = Vec::new();
        for (index, place) in places.iter().enumerate() {
            if !include(index) {
                continue;
            }
            for &year in years {
                for &(stat, metric) in &metrics {
                    let Some(cell) = self.get(index, year.value(), stat) else {
                        continue;
                    };
                    observations.push(Observation {
                        region: place.name().to_owned(),
                        year,
                        metric,
                        value: cell.value,
                        unit: Unit::parse(metric.metric().unit).ok(),
                        rank: cell.rank.and_then(|rank| Rank::new(i64::from(rank)).ok()),
                        source: source.clone(),
                    });
                }
            }
        }
        observations
    }
}

fn slot(place: usize, year: usize, stat: Stat) -> usize {
    (place * PUBLISHED + year) * STATS.len() + stat.index()
}

/// Province-wide shocks per year: the four growth rates and tax growth, each a persistent walk.
fn province_shocks(seed: u64) -> [[f64; YEARS]; 5] {
    let mut rng = Rng::keyed(seed, Stream::Macro, [0, 0, 0]);
    let scale = [0.5, 0.4, 2.0, 3.0, 1.5];
    let mut shocks = [[0.0; YEARS]; 5];
    for (metric, row) in shocks.iter_mut().enumerate() {
        let mut level = 0.0;
        for value in row.iter_mut() {
            level = 0.5 * level + scale[metric] * rng.normal();
            *value = level;
        }
    }
    shocks
}

/// The raw figures of one county-level unit.
fn simulate_unit(seed: u64, index: usize, place: &Place, shocks: &[[f64; YEARS]; 5]) -> Series {
    let mut rng = Rng::keyed(seed, Stream::Economy, [index as u64, 0, 0]);
    let (bias, volatility) = (place.growth, place.volatility);
    let mut deviation = [0.0; 4];
    for (metric, value) in deviation.iter_mut().enumerate() {
        *value = bias * BIAS_SCALE[metric] + SHOCK[metric] * volatility * rng.normal();
    }
    let mut enterprise_deviation = 0.05 * bias + 0.1 * rng.normal();
    let mut tax_deviation = 1.2 * bias + 2.0 * volatility * rng.normal();
    let mut share = place.manufacturing_share + 2.0 * rng.normal();
    let mut revenue = place.size * 4.2 * (1.0 + 0.1 * rng.normal());
    let mut series = [[0.0; 8]; YEARS];
    for (year, figures) in series.iter_mut().enumerate() {
        if year > 0 {
            for (metric, value) in deviation.iter_mut().enumerate() {
                *value = PERSISTENCE * *value
                    + (1.0 - PERSISTENCE) * bias * BIAS_SCALE[metric]
                    + SHOCK[metric] * volatility * rng.normal();
            }
            enterprise_deviation =
                PERSISTENCE * enterprise_deviation + 0.02 * bias + 0.1 * volatility * rng.normal();
            tax_deviation =
                PERSISTENCE * tax_deviation + 0.5 * bias + 2.0 * volatility * rng.normal();
            share = (share
                + 0.2 * (place.manufacturing_share - share)
                + 0.05 * bias
                + 0.35 * volatility * rng.normal())
            .clamp(3.0, 65.0);
        }
        for metric in 0..4 {
            figures[metric] = GROWTH_PATHS[metric][year] + shocks[metric][year] + deviation[metric];
        }
        let tax_growth = TAX_PATH[year] + shocks[4][year] + tax_deviation;
        if year > 0 {
            revenue *= 1.0 + tax_growth / 100.0;
        }
        figures[Stat::NewEnterprises.index()] =
            (place.size * 20.0 * NEW_ENTERPRISE_PATH[year] * (1.0 + enterprise_deviation))
                .max(0.0)
                .round();
        figures[Stat::ManufacturingShare.index()] = share;
        figures[Stat::TaxRevenue.index()] = revenue;
        figures[Stat::TaxGrowth.index()] = tax_growth;
    }
    series
}

/// A wider area's figures from its parts: revenue-weighted means of rates and shares (weights
/// of the year before), sums of counts and revenue, tax growth from the summed revenue.
fn aggregate(parts: &[&Series]) -> Series {
    let revenue = Stat::TaxRevenue.index();
    let mut series = [[0.0; 8]; YEARS];
    for (year, figures) in series.iter_mut().enumerate() {
        let weight_year = year.saturating_sub(1);
        let total_weight: f64 = parts.iter().map(|p| p[weight_year][revenue]).sum();
        let weighted = |stat: usize| {
            parts
                .iter()
                .map(|p| p[weight_year][revenue] * p[year][stat])
                .sum::<f64>()
                / total_weight.max(f64::MIN_POSITIVE)
        };
        for stat in STATS {
            let index = stat.index();
            figures[index] = match stat {
                Stat::NewEnterprises | Stat::TaxRevenue => {
                    parts.iter().map(|p| p[year][index]).sum()
                }
                _ => weighted(index),
            };
        }
        if year > 0 {
            let before: f64 = parts.iter().map(|p| p[year - 1][revenue]).sum();
            figures[Stat::TaxGrowth.index()] =
                (figures[revenue] / before.max(f64::MIN_POSITIVE) - 1.0) * 100.0;
        }
    }
    series
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::regions::hunan;

    #[test]
    fn every_region_with_statistics_has_every_figure_and_peers_are_ranked() {
        let places = hunan();
        let economy = Economy::simulate(3, &places);
        for (index, place) in places.iter().enumerate() {
            for stat in STATS {
                let cell = economy.get(index, 2022, stat);
                assert_eq!(cell.is_some(), place.has_statistics(), "{}", place.name());
                let rank = cell.and_then(|c| c.rank);
                match rank {
                    Some(rank) if place.is_city() => assert!((1..=14).contains(&rank)),
                    Some(rank) => assert!((1..=122).contains(&rank)),
                    None => assert!(!place.has_statistics() || place.is_province()),
                }
            }
        }
        assert!(STATS.iter().all(|stat| stat.metric().is_some()));
    }

    #[test]
    fn a_city_adds_up_its_units() {
        let places = hunan();
        let economy = Economy::simulate(11, &places);
        let yiyang = places
            .iter()
            .position(|p| p.name() == "益阳市")
            .unwrap_or(0);
        let units: Decimal = (0..places.len())
            .filter(|&i| places[i].city == yiyang && places[i].is_statistical_unit())
            .filter_map(|i| economy.get(i, 2020, Stat::NewEnterprises))
            .map(|c| c.value)
            .sum();
        let city = economy
            .get(yiyang, 2020, Stat::NewEnterprises)
            .map(|c| c.value);
        assert_eq!(city, Some(units));
    }
}
