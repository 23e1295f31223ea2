//! One evaluation, assembled: the fund's stable layout, this year's money and indicator rows,
//! scores declared the way the rules give them (with notes where an evaluator writes one), the
//! report's text, and at times a planted mistake.

use fundlens_shared::model::{
    DeclaredResult, Evaluation, GroupWeight, IndicatorGroupWeight, Program as FormProgram,
    ProgramCategory,
};
use fundlens_shared::region::RegionKind;
use fundlens_shared::value::{Score, Weight, Year};
use rust_decimal::Decimal;

use super::World;
use super::funding::{self, Spending};
use super::indicators::{self, Context, Row};
use super::mistakes::{self, Mistake};
use super::narrative::{self, Facts, Scores};
use super::performance::Performance;
use super::programs::{Line, Program};
use super::regions::Place;
use super::rng::{Rng, Stream};
use super::rules::{self, Tally};
use super::statements;
use super::structure::{Layout, shape_rng};
use super::templates::Level1;
use super::texts::Texts;
use super::topics::GIT;

/// An evaluation with the mistake planted in it, if any.
#[derive(Debug, Clone)]
pub(super) struct Built {
    /// The record.
    pub(super) evaluation: Evaluation,
    /// The planted mistake (the tests check the audit finds it).
    #[cfg_attr(not(test), allow(dead_code))]
    pub(super) mistake: Option<Mistake>,
}

/// The stable shape of `program_index` in `place_index`.
pub(super) fn layout(world: &World, place_index: usize, program_index: usize) -> Layout {
    Layout::new(
        shape_rng(
            world.spec.seed,
            world.spec.scale,
            place_index,
            program_index,
        ),
        &world.programs[program_index],
        world.places[place_index].has_statistics(),
    )
}

/// The record's stream for `year` and its first two draws: the planted mistake and how the
/// fund did. The budget of the next year reads the second (a pure function of the year).
fn year_opening(
    world: &World,
    (place_index, program_index): (usize, usize),
    year: i32,
) -> (Rng, Option<Mistake>, Performance) {
    let mut rng = Rng::keyed(
        world.spec.seed,
        Stream::Record,
        [
            place_index as u64,
            (program_index as u64) << 1 | world.spec.scale as u64,
            year as u64,
        ],
    );
    let mistake = Mistake::draw(&mut rng);
    let performance = Performance::draw(&mut rng, world.places[place_index].growth);
    (rng, mistake, performance)
}

/// The evaluation of `program_index` in `place_index` for `year`; `layout` is the pair's
/// [`layout`], `texts` the parse memory.
pub(super) fn build(
    world: &World,
    layout: &Layout,
    texts: &mut Texts,
    (place_index, program_index): (usize, usize),
    year: Year,
) -> Built {
    let (seed, scale) = (world.spec.seed, world.spec.scale);
    let place = &world.places[place_index];
    let program = &world.programs[program_index];
    let (mut rng, mut mistake, performance) =
        year_opening(world, (place_index, program_index), year.value());
    let performance_of = |year: i32| year_opening(world, (place_index, program_index), year).2;
    let level = funding::budget_level(
        seed,
        scale,
        (place_index, place),
        (program_index, program),
        layout,
        (year.value(), &performance_of),
    );
    let lines: Vec<&Line> = layout.lines.iter().map(|&i| &program.lines[i]).collect();
    let mut spending = funding::spend(
        &mut rng,
        level,
        &lines,
        &layout.line_shares,
        performance,
        mistake == Some(Mistake::OverExecution),
    );
    let context = Context {
        year: year.value(),
        place: place_index,
        province: world.province,
        economy: &world.economy,
        size: level / program.budget,
        performance,
        allocations: &spending.allocations,
    };
    let mut rows = indicators::rows(&mut rng, layout, &context);
    let planted = match mistake {
        Some(Mistake::ScoreOutsideTier) => mistakes::score_outside_tier(&mut rng, &mut rows),
        Some(Mistake::MissingNote) => mistakes::forget_note(&mut rng, &mut rows),
        _ => true,
    };
    if !planted {
        mistake = Some(Mistake::ScoreOffByOne);
    }
    let execution = declare(&mut rows, &spending);
    indicators::annotate(&mut rng, &mut rows);
    if mistake == Some(Mistake::ScoreOffByOne) && !mistakes::score_off_by_one(&mut rng, &mut rows) {
        mistake = None;
    }
    spending.funding.declared_score = Score::new(execution).ok();
    let scores = scores(&rows, execution, layout.satisfaction_in_benefit);
    let mut claims = scores.claims();
    if mistake == Some(Mistake::CategorySwap) && !mistakes::swap_categories(&mut claims) {
        mistake = None;
    }
    let department = department(place, program);
    let facts = Facts {
        place,
        place_index,
        program,
        year: year.value(),
        department: &department,
        spending: &spending,
        economy: &world.economy,
        all_met: rows.iter().all(|row| row.declared >= row.weight),
    };
    let goal = narrative::goal(&facts);
    let narrative = narrative::narrative(&mut rng, &facts, scores, claims);
    let mut allocations = spending.allocations;
    if mistake == Some(Mistake::AllocationGap)
        && !mistakes::allocation_gap(&mut rng, &mut allocations)
    {
        mistake = None;
    }
    let evaluation = Evaluation {
        program: FormProgram {
            name: program.name.clone(),
            department: Some(department.clone()),
            implementer: Some(department),
            categories: program
                .categories
                .iter()
                .map(|&(name, description)| ProgramCategory {
                    name: name.to_owned(),
                    description: Some(description.to_owned()),
                })
                .collect(),
        },
        region: place.name().to_owned(),
        year,
        funding: spending.funding,
        goal,
        indicator_groups: group_weights(layout.satisfaction_in_benefit),
        declared: DeclaredResult {
            total: Score::new(scores.total()).ok(),
            grade: None,
        },
        indicators: rows
            .into_iter()
            .map(|row| row.indicator(layout, texts))
            .collect(),
        allocations,
        narrative,
        statistics: statements::stated(world, (place_index, program_index), year),
        benchmarks: Vec::new(),
        provenance: world.provenance.clone(),
    };
    Built {
        evaluation,
        mistake,
    }
}

/// Declares every computed score (rows the evaluator scored in a tier keep theirs) and
/// returns the declared execution score.
fn declare(rows: &mut [Row], spending: &Spending) -> Decimal {
    let execution = rules::execution(Decimal::TEN, spending.budget, spending.executed);
    let exact_total = execution + rows.iter().map(|row| row.computed).sum::<Decimal>();
    let mut tally = Tally::new(exact_total);
    let declared = tally.declare(execution);
    for row in rows.iter_mut().filter(|row| !row.chosen) {
        row.declared = tally.declare(row.computed);
    }
    declared
}

/// The declared scores by category.
fn scores(rows: &[Row], execution: Decimal, satisfaction_in_benefit: bool) -> Scores {
    let sum = |level: Level1| -> Decimal {
        rows.iter()
            .filter(|row| row.group.level1() == level)
            .map(|row| row.declared)
            .sum()
    };
    let satisfaction = sum(Level1::Satisfaction);
    Scores {
        execution,
        output: sum(Level1::Output),
        benefit: sum(Level1::Benefit)
            + if satisfaction_in_benefit {
                satisfaction
            } else {
                Decimal::ZERO
            },
        satisfaction: (!satisfaction_in_benefit).then_some(satisfaction),
    }
}

/// The form's level-1 labels with their points.
fn group_weights(satisfaction_in_benefit: bool) -> Vec<IndicatorGroupWeight> {
    let group = |level: Level1, points: i64| IndicatorGroupWeight {
        level1: level.label().to_owned(),
        weight: GroupWeight::Points(Weight::new(Decimal::from(points)).unwrap_or_default()),
    };
    if satisfaction_in_benefit {
        vec![group(Level1::Output, 50), group(Level1::Benefit, 40)]
    } else {
        vec![
            group(Level1::Output, 50),
            group(Level1::Benefit, 30),
            group(Level1::Satisfaction, 10),
        ]
    }
}

/// 主管部门: the region's department (a zone's industry fund is run by its 经济发展局).
fn department(place: &Place, program: &Program) -> String {
    let zone = matches!(
        place.region.kind,
        RegionKind::HighTechZone | RegionKind::ManagementZone
    );
    if zone && program.department == GIT {
        format!("{}经济发展局", place.name())
    } else {
        format!("{}{}", place.name(), program.department)
    }
}
