//! Deterministic, realistic demonstration data: evaluations shaped like the seed report, the
//! economic statistics of section 四(二) with provincial ranks, and the regions they belong to.
//! Every record and observation carries `Provenance::Sample` naming the command that made it.
//!
//! - City scale: Yiyang (益阳市 and its eight county-level divisions) × 2018–2025 × the dozen
//!   funds of an industry and IT bureau: about 700 evaluations.
//! - Province scale: Hunan's 14 cities and 124 county-level divisions × 2016–2025 × 300
//!   programs: about 400,000 evaluations and 6 million indicator rows, generated lazily.
//!
//! The same seed gives byte-identical records; every record is a pure function of the seed,
//! its region, program and year, so nothing is held but the regions, the programs and the
//! simulated statistics (about 11,000 figures).
//!
//! The region's figures and the province's benchmark figures are [`observations`]; section
//! 四(二) of an industry fund's text quotes them, and the record states the region's
//! 规模工业增加值增速 (a few reports a figure differing from the published one, for 交叉核对);
//! evaluations carry no `benchmarks` of their own. 益阳高新区's statistics are merged into 赫山区 and 大通湖区's into 南县, so
//! those two have no observations and no `≥全省平均水平` rows.
//!
//! # Layout
//! - `rng`: SplitMix64 and the keyed streams.
//! - `regions`: the regions and their character.
//! - `economy`: the simulated statistics, ranks and observations.
//! - `topics`: the themes of spending, departments and funding instruments.
//! - `programs`: the funds and which region runs which in which year.
//! - `templates`: indicator names and target forms by group.
//! - `structure`: a fund's stable shape (rows, weights, lines, quirks).
//! - `funding`: budgets, the 项目资金 block and the allocations.
//! - `performance`: how well a fund did in a year (how often and how far targets fall short).
//! - `indicators`: one year's rows, scores and notes.
//! - `rules`: the scoring arithmetic and the rounding of declared scores.
//! - `phrases`: the sentences reports are made of.
//! - `narrative`: goals and the report's sections.
//! - `mistakes`: the errors planted in some records.
//! - `statements`: the statistic a report states, now and then misstated.
//! - `texts`: parsed target and actual texts, remembered.
//! - `record`: one evaluation, assembled.

mod economy;
mod funding;
mod indicators;
mod mistakes;
mod narrative;
mod performance;
mod phrases;
mod programs;
mod record;
mod regions;
mod rng;
mod rules;
mod statements;
mod structure;
mod templates;
#[cfg(test)]
mod tests;
mod texts;
mod topics;

use std::fmt;
use std::str::FromStr;

use fundlens_shared::model::{Evaluation, Observation, Provenance};
use fundlens_shared::region::{Region, YIYANG};
use fundlens_shared::value::Year;
use rust_decimal::Decimal;

use economy::Economy;
use programs::Program;
use regions::Place;

/// The seed of the sample a new database gets.
pub const DEFAULT_SEED: u64 = 2022;

/// How much data to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scale {
    /// Yiyang and its divisions, 2018–2025, a dozen funds.
    City,
    /// Hunan, 2016–2025, 300 programs.
    Province,
}

impl Scale {
    /// `city` or `province`, as the command line writes it.
    pub fn label(self) -> &'static str {
        match self {
            Self::City => "city",
            Self::Province => "province",
        }
    }

    /// The years generated.
    pub fn years(self) -> std::ops::RangeInclusive<i32> {
        match self {
            Self::City => 2018..=economy::LAST_YEAR,
            Self::Province => economy::FIRST_YEAR..=economy::LAST_YEAR,
        }
    }
}

impl fmt::Display for Scale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

impl FromStr for Scale {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, String> {
        match text.trim() {
            "city" => Ok(Self::City),
            "province" => Ok(Self::Province),
            other => Err(format!("unknown scale '{other}' (use city or province)")),
        }
    }
}

/// What to generate: a scale and a seed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SampleSpec {
    /// City or province.
    pub scale: Scale,
    /// The seed; the same seed gives the same data.
    pub seed: u64,
}

impl SampleSpec {
    /// The command that generates this data: `fundlens sample --scale city --seed 7`.
    pub fn generator(&self) -> String {
        format!(
            "fundlens sample --scale {} --seed {}",
            self.scale, self.seed
        )
    }

    /// The provenance every generated record and observation carries.
    pub fn provenance(&self) -> Provenance {
        Provenance::Sample {
            generator: self.generator(),
        }
    }
}

/// A simulated float as a written figure: rounded half away from zero to `decimals` places.
fn fixed(value: f64, decimals: u32) -> Decimal {
    let factor = f64::from(10_u32.pow(decimals));
    Decimal::new((value * factor).round() as i64, decimals)
}

/// Everything a record is generated from.
#[derive(Debug)]
struct World {
    spec: SampleSpec,
    provenance: Provenance,
    places: Vec<Place>,
    /// Indices of the places with evaluations at this scale.
    members: Vec<usize>,
    programs: Vec<Program>,
    years: Vec<Year>,
    economy: Economy,
    /// Index of Hunan among the places.
    province: usize,
}

impl World {
    fn new(spec: &SampleSpec) -> Self {
        let places = regions::hunan();
        let economy = Economy::simulate(spec.seed, &places);
        let members = (0..places.len())
            .filter(|&index| in_scale(spec.scale, &places[index]) && !places[index].is_province())
            .collect();
        Self {
            spec: *spec,
            provenance: spec.provenance(),
            members,
            programs: programs::catalogue(spec.scale),
            years: spec
                .scale
                .years()
                .filter_map(|year| Year::new(i64::from(year)).ok())
                .collect(),
            province: places.iter().position(Place::is_province).unwrap_or(0),
            economy,
            places,
        }
    }

    /// Whether the place runs the program in the year.
    fn runs(&self, place: usize, program: usize, year: Year) -> bool {
        programs::runs(
            self.spec.seed,
            self.spec.scale,
            (place, &self.places[place]),
            (program, &self.programs[program]),
            year.value(),
        )
    }
}

/// Whether a place belongs to a scale: Hunan and Yiyang's regions for the city, all for the
/// province.
fn in_scale(scale: Scale, place: &Place) -> bool {
    match scale {
        Scale::City => {
            place.is_province() || place.name() == YIYANG || place.region.parent == Some(YIYANG)
        }
        Scale::Province => true,
    }
}

/// The evaluations of a sample, generated one at a time in the order region, program, year.
#[derive(Debug)]
pub struct Evaluations {
    world: World,
    member: usize,
    program: usize,
    year: usize,
    /// The layout of the current (place, program) pair, shared by its years.
    layout: Option<((usize, usize), structure::Layout)>,
    texts: texts::Texts,
}

impl Evaluations {
    /// The next record with its planted mistake.
    fn next_built(&mut self) -> Option<record::Built> {
        let world = &self.world;
        while self.member < world.members.len() {
            let (member, program, year) = (self.member, self.program, self.year);
            self.year += 1;
            if self.year == world.years.len() {
                self.year = 0;
                self.program += 1;
                if self.program == world.programs.len() {
                    self.program = 0;
                    self.member += 1;
                }
            }
            let place = world.members[member];
            let year = world.years[year];
            if world.runs(place, program, year) {
                let pair = (place, program);
                let layout = match &mut self.layout {
                    Some((cached, layout)) if *cached == pair => layout,
                    slot => &mut slot.insert((pair, record::layout(world, place, program))).1,
                };
                return Some(record::build(world, layout, &mut self.texts, pair, year));
            }
        }
        None
    }
}

impl Iterator for Evaluations {
    type Item = Evaluation;

    fn next(&mut self) -> Option<Evaluation> {
        self.next_built().map(|built| built.evaluation)
    }
}

/// The sample's evaluations, lazily (the province scale is about 400,000 records: stream them).
pub fn evaluations(spec: &SampleSpec) -> Evaluations {
    Evaluations {
        world: World::new(spec),
        member: 0,
        program: 0,
        year: 0,
        layout: None,
        texts: texts::Texts::default(),
    }
}

/// Every economic observation of the scale: each region with statistics of its own and Hunan
/// itself (the benchmark, without a rank), for every year of the scale.
pub fn observations(spec: &SampleSpec) -> Vec<Observation> {
    let world = World::new(spec);
    let years = world.years.clone();
    world.economy.observations(
        &world.places,
        |index| in_scale(spec.scale, &world.places[index]),
        &years,
        &world.provenance,
    )
}

/// The regions of the scale, Hunan first, each city before its divisions.
pub fn regions(spec: &SampleSpec) -> Vec<Region> {
    regions::hunan()
        .into_iter()
        .filter(|place| in_scale(spec.scale, place))
        .map(|place| place.region)
        .collect()
}

/// How many evaluations and indicator rows [`evaluations`] yields (both exact), computed
/// without generating them.
pub fn expected_counts(spec: &SampleSpec) -> (usize, usize) {
    let world = World::new(spec);
    let (mut evaluations, mut rows) = (0, 0);
    for &place in &world.members {
        for program in 0..world.programs.len() {
            let years = world
                .years
                .iter()
                .filter(|&&year| world.runs(place, program, year))
                .count();
            if years > 0 {
                let mut shape = structure::shape_rng(spec.seed, spec.scale, place, program);
                evaluations += years;
                rows += years * structure::row_count(&mut shape);
            }
        }
    }
    (evaluations, rows)
}
