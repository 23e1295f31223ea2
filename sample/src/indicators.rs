//! One year's indicator rows of a fund: target and actual texts in every form the parser
//! accepts, the score the rules give, and the deviation note an evaluator writes.
//!
//! Targets grow with the fund's budget, so they move with it from year to year; most targets
//! are met, some fall short (a note), a few are exceeded by 30% or more (a note, and the audit's
//! over-achievement warning). Benchmark rows (`≥全省平均水平`) take the region's statistic as
//! the actual value and are scored against the province's figure of the same year.

use fundlens_shared::metric::MetricCode;
use fundlens_shared::model::{Allocation, Indicator};
use fundlens_shared::value::{Score, Weight};
use rust_decimal::Decimal;

use super::economy::{Economy, Stat};
use super::fixed;
use super::performance::{Attained, Performance};
use super::phrases::{self, Reason};
use super::rng::Rng;
use super::rules;
use super::structure::{Layout, Slot};
use super::templates::{Form, Level1, Level2};
use super::texts::Texts;

/// What a year's rows depend on besides the layout.
#[derive(Debug)]
pub(super) struct Context<'a> {
    /// The evaluated year.
    pub(super) year: i32,
    /// The region's place index.
    pub(super) place: usize,
    /// The province's place index (the benchmark).
    pub(super) province: usize,
    /// The simulated statistics.
    pub(super) economy: &'a Economy,
    /// The fund's size this year against the program's typical one (targets scale with it).
    pub(super) size: f64,
    /// How well the fund did this year.
    pub(super) performance: Performance,
    /// The sub-project allocations, one per chosen line, before any mistake.
    pub(super) allocations: &'a [Allocation],
}

/// One indicator row before it becomes an [`Indicator`].
#[derive(Debug, Clone)]
pub(super) struct Row {
    /// Level-2 group.
    pub(super) group: Level2,
    /// 三级指标.
    pub(super) name: String,
    /// 年度指标值.
    pub(super) target: String,
    /// 实际完成值.
    pub(super) actual: String,
    /// 分值.
    pub(super) weight: Decimal,
    /// The metric of a benchmark row.
    pub(super) metric: Option<MetricCode>,
    /// The score the rules give, at the engine's precision.
    pub(super) computed: Decimal,
    /// 得分 as the evaluator writes it.
    pub(super) declared: Decimal,
    /// True when the evaluator chose the score (a tier) rather than computing it.
    pub(super) chosen: bool,
    /// Actual ÷ target in percent, for numeric targets.
    pub(super) achievement: Option<Decimal>,
    /// Which note fits when one is needed.
    pub(super) reason: Reason,
    /// The note.
    pub(super) note: Option<&'static str>,
    /// True when the evaluator forgot the note (a planted mistake).
    pub(super) note_forgotten: bool,
}

impl Row {
    /// True for a qualitative row judged achieved, which a mistake may turn into a partial one.
    pub(super) fn is_qualitative_full(&self) -> bool {
        self.chosen && self.reason == Reason::Partial && self.declared == self.weight
    }

    /// Whether the row needs a deviation note.
    pub(super) fn needs_note(&self) -> bool {
        rules::needs_note(self.weight, self.declared, self.computed, self.achievement)
    }

    /// Makes a qualitative row partly or largely attained with a declared score in `share` of
    /// its weight.
    pub(super) fn judge_partial(&mut self, actual: &str, share: f64) {
        self.actual = actual.to_owned();
        self.declared = rules::two_decimals(self.weight * fixed(share, 4));
        self.computed = self.declared;
        self.reason = Reason::Partial;
    }

    /// The row on the form: level-1 label as written, level-2 label as written.
    pub(super) fn indicator(self, layout: &Layout, texts: &mut Texts) -> Indicator {
        let level1 = match self.group.level1() {
            Level1::Satisfaction if layout.satisfaction_in_benefit => Level1::Benefit,
            other => other,
        };
        Indicator {
            level1: level1.label().to_owned(),
            // Some forms write the ecological group `生态指标`, as the seed does.
            level2: if layout.short_ecological && self.group == Level2::Ecological {
                "生态指标"
            } else {
                self.group.label()
            }
            .to_owned(),
            name: self.name,
            target: texts.target(self.target),
            actual: texts.actual(self.actual),
            weight: Weight::new(self.weight).unwrap_or_default(),
            declared_score: Score::new(self.declared).ok(),
            deviation_note: self.note.map(str::to_owned),
            metric: self.metric,
        }
    }
}

/// How a numeric target turned out this year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Met,
    Short,
    Over,
}

fn outcome(rng: &mut Rng, performance: Performance) -> Outcome {
    let draw = rng.unit();
    let short = performance.shortfall_chance();
    if draw < short {
        Outcome::Short
    } else if draw < short + 0.01 {
        Outcome::Over
    } else {
        Outcome::Met
    }
}

/// A decimal as written on a form: no trailing zeros.
fn text(value: Decimal) -> String {
    value.normalize().to_string()
}

/// An actual value for an "at least" target under `outcome`, within its band (met: below
/// 130%; short: below the target; over: at least 130%), with `decimals` places.
fn at_least_actual(
    rng: &mut Rng,
    performance: Performance,
    target: Decimal,
    outcome: Outcome,
    decimals: u32,
    cap: Option<Decimal>,
) -> Decimal {
    let step = Decimal::new(1, decimals);
    let target_f = decimal_to_f64(target);
    let ceiling = cap.unwrap_or(Decimal::MAX);
    let over_floor = target * Decimal::new(13, 1);
    match outcome {
        Outcome::Short if target > step => {
            // Percentages (capped at 100%) rarely fall far: a 30% satisfaction rate is absurd.
            let ratio = performance.shortfall_ratio(rng);
            let ratio = if cap.is_some() {
                ratio.max(0.75)
            } else {
                ratio
            };
            let actual = fixed(target_f * ratio, decimals);
            actual.min(target - step).max(Decimal::ZERO)
        }
        Outcome::Over if over_floor <= ceiling && target > Decimal::ZERO => {
            let actual = fixed(target_f * rng.between(1.3, 1.6), decimals);
            let floor = (over_floor / step).ceil() * step;
            actual.max(floor).min(ceiling)
        }
        _ => {
            let actual = fixed(target_f * rng.between(1.0, 1.15), decimals);
            let below_over = ((target * Decimal::new(129, 2)) / step).floor() * step;
            actual.min(below_over).min(ceiling).max(target)
        }
    }
}

fn decimal_to_f64(value: Decimal) -> f64 {
    use rust_decimal::prelude::ToPrimitive;
    value.to_f64().unwrap_or_default()
}

/// The rows of one year.
pub(super) fn rows(rng: &mut Rng, layout: &Layout, context: &Context<'_>) -> Vec<Row> {
    layout
        .slots
        .iter()
        .map(|slot| row(rng, slot, context))
        .collect()
}

/// A numeric row scored by a rule.
struct Numeric {
    target: String,
    actual: String,
    computed: Decimal,
    achievement: Option<Decimal>,
    reason: Reason,
}

fn numeric_at_least(
    rng: &mut Rng,
    performance: Performance,
    weight: Decimal,
    target: Decimal,
    decimals: u32,
    (prefix, unit): (&str, &str),
    cap: Option<Decimal>,
) -> Numeric {
    let outcome = outcome(rng, performance);
    let actual = at_least_actual(rng, performance, target, outcome, decimals, cap);
    let achievement = rules::achievement(target, actual);
    Numeric {
        target: format!("{prefix}{}{unit}", text(target)),
        actual: format!("{}{unit}", text(actual)),
        computed: rules::at_least(weight, target, actual),
        achievement,
        reason: if rules::overachieved(achievement) {
            Reason::Overachieved
        } else {
            Reason::Shortfall
        },
    }
}

fn row(rng: &mut Rng, slot: &Slot, context: &Context<'_>) -> Row {
    let weight = Decimal::from(slot.weight);
    let scale = slot.scale * context.size;
    let mut metric = None;
    let mut name = slot.template.name.to_owned();
    let hundred = Decimal::ONE_HUNDRED;
    let performance = context.performance;
    let numeric = match slot.template.form {
        Form::Count { unit, base } => {
            let target = Decimal::from(((base * scale).round() as i64).max(1));
            numeric_at_least(rng, performance, weight, target, 0, ("", unit), None)
        }
        Form::Amount { unit, base } => {
            let decimals = if unit == "亿元" { 2 } else { 0 };
            let target = fixed(base * scale, decimals).max(Decimal::new(1, decimals));
            numeric_at_least(rng, performance, weight, target, decimals, ("", unit), None)
        }
        Form::AtLeastPercent(percent) => {
            let target = Decimal::from(percent);
            numeric_at_least(
                rng,
                performance,
                weight,
                target,
                1,
                ("≥", "%"),
                Some(hundred),
            )
        }
        Form::FullPercent => {
            let short = outcome(rng, performance) == Outcome::Short;
            let actual = if short {
                fixed(100.0 * performance.shortfall_ratio(rng).max(0.8), 1)
                    .min(Decimal::new(999, 1))
            } else {
                hundred
            };
            Numeric {
                target: "100%".to_owned(),
                actual: format!("{}%", text(actual)),
                computed: rules::at_least(weight, hundred, actual),
                achievement: rules::achievement(hundred, actual),
                reason: Reason::Shortfall,
            }
        }
        Form::AtMostPercent(percent) => {
            let limit = Decimal::from(percent);
            let limit_f = f64::from(percent);
            let actual = if outcome(rng, performance) == Outcome::Short {
                fixed(limit_f * rng.between(1.04, 1.25), 1).max(limit + Decimal::new(1, 1))
            } else {
                fixed(limit_f * rng.between(0.0, 0.95), 1)
            };
            Numeric {
                target: format!("≤{percent}%"),
                actual: format!("{}%", text(actual)),
                computed: rules::at_most(weight, limit, actual),
                achievement: rules::achievement(limit, actual),
                reason: Reason::CostOverrun,
            }
        }
        Form::RangePercent => {
            let (low, high) = (Decimal::from(95), Decimal::from(105));
            let actual = if outcome(rng, performance) == Outcome::Short {
                fixed(95.0 * performance.shortfall_ratio(rng).max(0.6), 1).min(Decimal::new(949, 1))
            } else {
                fixed(rng.between(96.0, 104.0), 1)
            };
            Numeric {
                target: "≥95%且≤105%".to_owned(),
                actual: format!("{}%", text(actual)),
                computed: rules::range(weight, low, high, actual),
                achievement: None,
                reason: Reason::Shortfall,
            }
        }
        Form::Benchmark(stat) => {
            metric = stat.metric();
            let statistic = |place| context.economy.get(place, context.year, stat);
            match (statistic(context.place), statistic(context.province)) {
                (Some(own), Some(province)) => {
                    let achievement = rules::achievement(province.value, own.value);
                    Numeric {
                        target: "≥全省平均水平".to_owned(),
                        actual: format!("{}%", text(own.value)),
                        computed: rules::at_least(weight, province.value, own.value),
                        achievement,
                        reason: if own.value < province.value {
                            Reason::BelowAverage
                        } else {
                            Reason::AboveAverage
                        },
                    }
                }
                _ => {
                    metric = None;
                    name = "绩效目标完成率".to_owned();
                    numeric_at_least(
                        rng,
                        performance,
                        weight,
                        Decimal::from(90),
                        1,
                        ("≥", "%"),
                        Some(hundred),
                    )
                }
            }
        }
        Form::NewEnterprises => {
            let entered = context
                .economy
                .get(context.place, context.year, Stat::NewEnterprises)
                .map_or(Decimal::ONE, |cell| cell.value);
            let entered_f = decimal_to_f64(entered);
            let target = if outcome(rng, performance) == Outcome::Short {
                let ratio = performance.shortfall_ratio(rng);
                fixed(entered_f / ratio, 0).max(entered + Decimal::ONE)
            } else {
                let floor = (entered / Decimal::new(129, 2)).ceil();
                fixed(entered_f * rng.between(0.85, 1.0), 0)
                    .max(floor)
                    .max(Decimal::ONE)
            };
            let achievement = rules::achievement(target, entered);
            Numeric {
                target: format!("{}家", text(target)),
                actual: format!("{}家", text(entered)),
                computed: rules::at_least(weight, target, entered),
                achievement,
                reason: Reason::Shortfall,
            }
        }
        Form::LineCost(line) => {
            let allocation = context.allocations.get(line);
            let spent = allocation.map_or(Decimal::ONE, |a| a.amount.value());
            name = allocation.map_or_else(|| "项目支出".to_owned(), |a| a.name.clone());
            let draw = rng.unit();
            let overrun = if performance == Performance::Strong {
                0.05
            } else {
                0.15
            };
            let planned = if draw < 0.6 * (1.0 - overrun) {
                spent
            } else if draw < 1.0 - overrun {
                let step = if spent >= Decimal::from(20) {
                    Decimal::from(5)
                } else {
                    Decimal::ONE
                };
                (spent / step).ceil() * step
            } else {
                fixed(decimal_to_f64(spent) / rng.between(1.03, 1.08), 1)
                    .min(spent - Decimal::new(1, 2))
                    .max(Decimal::new(1, 2))
            };
            Numeric {
                target: format!("{}万元", text(planned)),
                actual: format!("{}万元", text(spent)),
                computed: rules::at_most(weight, planned, spent),
                achievement: rules::achievement(planned, spent),
                reason: Reason::CostOverrun,
            }
        }
        Form::Deadline { year_end } => {
            return deadline(rng, performance, slot, weight, context.year, year_end);
        }
        Form::Qualitative(target) => return qualitative(rng, performance, slot, weight, target),
    };
    Row {
        group: slot.group,
        name,
        target: numeric.target,
        actual: numeric.actual,
        weight,
        metric,
        computed: numeric.computed,
        declared: numeric.computed,
        chosen: false,
        achievement: numeric.achievement,
        reason: numeric.reason,
        note: None,
        note_forgotten: false,
    }
}

/// A row whose score the evaluator chooses within a tier.
fn chosen(
    slot: &Slot,
    weight: Decimal,
    target: String,
    actual: String,
    declared: Decimal,
    reason: Reason,
) -> Row {
    Row {
        group: slot.group,
        name: slot.template.name.to_owned(),
        target,
        actual,
        weight,
        metric: None,
        computed: declared,
        declared,
        chosen: true,
        achievement: None,
        reason,
        note: None,
        note_forgotten: false,
    }
}

fn deadline(
    rng: &mut Rng,
    performance: Performance,
    slot: &Slot,
    weight: Decimal,
    year: i32,
    year_end: bool,
) -> Row {
    let target = if year_end {
        format!("{year}年年底以前")
    } else {
        format!("{year}年12月31日前")
    };
    if performance.deadline_met(rng) {
        let actual = if rng.chance(0.6) {
            target.clone()
        } else {
            let day = rng.pick(&[10, 15, 20, 25, 28]);
            format!("{year}年{}月{day}日", rng.inclusive(9, 12))
        };
        return chosen(slot, weight, target, actual, weight, Reason::Late);
    }
    let actual = format!("{}年{}月底", year + 1, rng.inclusive(1, 3));
    let declared = rules::two_decimals(weight * fixed(rng.between(0.62, 0.78), 4));
    chosen(slot, weight, target, actual, declared, Reason::Late)
}

fn qualitative(
    rng: &mut Rng,
    performance: Performance,
    slot: &Slot,
    weight: Decimal,
    target: &str,
) -> Row {
    let mut row = chosen(
        slot,
        weight,
        target.to_owned(),
        target.to_owned(),
        weight,
        Reason::Partial,
    );
    match performance.qualitative(rng) {
        Attained::Fully => {}
        Attained::Largely => {
            let actual = *rng.pick(phrases::LARGELY);
            row.judge_partial(actual, rng.between(0.80, 0.88));
        }
        Attained::Partly => {
            let actual = *rng.pick(phrases::PARTLY);
            row.judge_partial(actual, rng.between(0.62, 0.78));
        }
    }
    row
}

/// Writes the deviation notes the rows need (unless forgotten).
pub(super) fn annotate(rng: &mut Rng, rows: &mut [Row]) {
    for row in rows {
        if !row.note_forgotten && row.needs_note() {
            row.note = Some(*rng.pick(row.reason.notes()));
        }
    }
}
