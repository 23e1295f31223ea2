//! Section 四(二) as a record states it: an industry fund's report (the ones whose text quotes
//! the region's statistics) carries the region's 规模工业增加值增速 with its provincial rank, as
//! published — and now and then, in [`MISSTATED`] of the reports that are not the region's
//! last of the year to state it, a figure that differs from the published one by a few tenths
//! (a draft's number kept, a typo), so 交叉核对 has conflicts to find against the published
//! figure, which the sample imports as the official observation. The region's last statement
//! of the year is always the published figure, so a database given only the reports (their
//! figures fill a region's series where no official one was imported) still carries the
//! published series.

use fundlens_shared::model::EconomicStatistic;
use fundlens_shared::target::Unit;
use fundlens_shared::value::{Rank, Year};
use rust_decimal::Decimal;

use super::World;
use super::economy::Stat;
use super::rng::{Rng, Stream};
use super::topics::Kind;

/// The share of reports (not the last of their region and year) stating a figure that differs
/// from the published one.
const MISSTATED: f64 = 0.06;

/// Whether `program` in `place` quotes the region's statistics in `year`'s report.
fn states(world: &World, place: usize, program: usize) -> bool {
    world.places[place].has_statistics() && world.programs[program].kind != Kind::Other
}

/// The statistics `program_index` in `place_index` states for `year` (none for a fund that
/// does not quote them, or a region without figures of its own).
pub(super) fn stated(
    world: &World,
    (place_index, program_index): (usize, usize),
    year: Year,
) -> Vec<EconomicStatistic> {
    let (year_value, year) = (year, year.value());
    if !states(world, place_index, program_index) {
        return Vec::new();
    }
    let stat = Stat::IndustrialGrowth;
    let (Some(cell), Some(metric)) = (world.economy.get(place_index, year, stat), stat.metric())
    else {
        return Vec::new();
    };
    let later_statement = (program_index + 1..world.programs.len()).any(|other| {
        states(world, place_index, other) && world.runs(place_index, other, year_value)
    });
    let mut rng = Rng::keyed(
        world.spec.seed,
        Stream::Statement,
        [
            place_index as u64,
            (program_index as u64) << 1 | world.spec.scale as u64,
            year as u64,
        ],
    );
    let mut value = cell.value;
    if later_statement && rng.chance(MISSTATED) {
        let tenths = 2 + i64::from(rng.unit() < 0.5) + (rng.unit() * 8.0) as i64;
        let sign = if rng.chance(0.5) { 1 } else { -1 };
        value += Decimal::new(sign * tenths, 1);
    }
    vec![EconomicStatistic {
        metric,
        value,
        unit: Unit::parse(metric.metric().unit).ok(),
        rank: cell.rank.and_then(|r| Rank::new(i64::from(r)).ok()),
        note: Some(format!(
            "{}年{}规模工业增加值增长{}%",
            year,
            world.places[place_index].name(),
            value.normalize()
        )),
    }]
}
