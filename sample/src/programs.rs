//! The special funds (专项资金) of the sample and which region runs which fund in which year.
//!
//! City scale: the dozen funds of an industry and IT bureau (工信局). Province scale: the 60
//! topics of 14 departments, each funded through five instruments (专项资金, 奖补资金,
//! 引导资金, 贴息资金, 工作经费), 300 programs in all. Names are unique within a region and
//! year.

use super::Scale;
use super::regions::Place;
use super::rng::{Rng, Stream, key, unit_of};
use super::topics::{
    Count, GENERIC_CATEGORIES, INDUSTRY_TOPICS, INSTRUMENTS, Kind, OTHER_TOPICS, OtherTopic, Topic,
};

/// One sub-project line of a program.
#[derive(Debug, Clone)]
pub(super) struct Line {
    /// The line's name (`创客中国大赛专项经费`).
    pub(super) name: String,
    /// The category it belongs to.
    pub(super) category: &'static str,
    /// What it is for.
    pub(super) purpose: String,
}

/// One program of the sample.
#[derive(Debug, Clone)]
pub(super) struct Program {
    /// Its name, unique in the catalogue.
    pub(super) name: String,
    /// Department after the region's name.
    pub(super) department: &'static str,
    /// What the money is for.
    pub(super) purpose: &'static str,
    /// The first year it exists.
    pub(super) since: i32,
    /// Year-start budget at a typical city, 万元.
    pub(super) budget: f64,
    /// Relation to the statistics.
    pub(super) kind: Kind,
    /// Specific 数量 indicators.
    pub(super) counts: &'static [Count],
    /// Categories (section 一).
    pub(super) categories: &'static [(&'static str, &'static str)],
    /// Sub-project lines.
    pub(super) lines: Vec<Line>,
}

impl Program {
    fn detailed(topic: &'static Topic, name: String, share: f64) -> Self {
        Self {
            name,
            department: topic.department,
            purpose: topic.purpose,
            since: topic.since,
            budget: topic.budget * share,
            kind: topic.kind,
            counts: topic.counts,
            categories: topic.categories,
            lines: topic
                .lines
                .iter()
                .map(|&(name, category, purpose)| Line {
                    name: name.to_owned(),
                    category: topic.categories[category].0,
                    purpose: purpose.to_owned(),
                })
                .collect(),
        }
    }

    fn generic(topic: &'static OtherTopic, name: String, share: f64) -> Self {
        let &(stem, department, purpose, budget, since, ref count) = topic;
        let line = |name: String, category: usize, purpose: String| Line {
            name,
            category: GENERIC_CATEGORIES[category].0,
            purpose,
        };
        Self {
            name,
            department,
            purpose,
            since,
            budget: budget * share,
            kind: Kind::Other,
            counts: std::slice::from_ref(count),
            categories: GENERIC_CATEGORIES,
            lines: vec![
                line(
                    format!("{stem}项目补助资金"),
                    0,
                    format!("主要用于对符合条件的{stem}项目给予补助。"),
                ),
                line(
                    format!("{stem}考核奖励资金"),
                    1,
                    format!("主要用于对{stem}工作考核优秀的单位给予奖励。"),
                ),
                line(
                    format!("{stem}工作经费"),
                    2,
                    format!("主要用于{stem}工作的组织实施和督导检查。"),
                ),
                line(
                    "第三方评审及绩效评价服务费".to_owned(),
                    2,
                    "主要用于项目第三方评审和绩效评价。".to_owned(),
                ),
            ],
        }
    }
}

/// The programs of a scale.
pub(super) fn catalogue(scale: Scale) -> Vec<Program> {
    match scale {
        Scale::City => INDUSTRY_TOPICS
            .iter()
            .map(|topic| Program::detailed(topic, topic.city_name.to_owned(), 1.0))
            .collect(),
        Scale::Province => {
            let mut programs = Vec::with_capacity(300);
            for &(suffix, share) in INSTRUMENTS {
                for topic in INDUSTRY_TOPICS {
                    let name = if suffix == "专项资金" {
                        topic.city_name.to_owned()
                    } else {
                        format!("{}{suffix}", topic.stem)
                    };
                    programs.push(Program::detailed(topic, name, share));
                }
                for topic in OTHER_TOPICS {
                    programs.push(Program::generic(
                        topic,
                        format!("{}{suffix}", topic.0),
                        share,
                    ));
                }
            }
            programs
        }
    }
}

/// How often a region runs a program at all, starts it late, or skips a year.
struct Density {
    member: f64,
    late_start: f64,
    gap: f64,
}

fn density(scale: Scale, place: &Place) -> Density {
    match scale {
        Scale::City if place.is_city() => Density {
            member: 1.0,
            late_start: 0.0,
            gap: 0.0,
        },
        Scale::City => Density {
            member: if place.size < 0.2 {
                0.5
            } else {
                (0.7 + 0.15 * place.size.min(2.0)).min(0.97)
            },
            late_start: 0.1,
            gap: 0.05,
        },
        Scale::Province => Density {
            member: if place.size < 0.2 && !place.is_city() {
                0.9
            } else {
                0.998
            },
            late_start: 0.01,
            gap: 0.003,
        },
    }
}

/// Whether the region at `place` (index and place) runs `program` (index and program) in
/// `year`: a pure function of the seed, so any record can be generated on its own.
pub(super) fn runs(
    seed: u64,
    scale: Scale,
    (place_index, place): (usize, &Place),
    (program_index, program): (usize, &Program),
    year: i32,
) -> bool {
    if year < program.since {
        return false;
    }
    let density = density(scale, place);
    let pair = [place_index as u64, program_index as u64, scale as u64];
    let mut rng = Rng::keyed(seed, Stream::Membership, pair);
    if !rng.chance(density.member) {
        return false;
    }
    if rng.chance(density.late_start) && year < program.since.max(2016) + 1 + rng.below(4) as i32 {
        return false;
    }
    let gap = key(
        seed,
        Stream::Gap,
        [place_index as u64, program_index as u64, year as u64],
    );
    unit_of(gap) >= density.gap
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_the_scales_have_their_sizes() {
        for (scale, size) in [(Scale::City, 12), (Scale::Province, 300)] {
            let programs = catalogue(scale);
            assert_eq!(programs.len(), size);
            let mut names: Vec<&str> = programs.iter().map(|p| p.name.as_str()).collect();
            names.sort_unstable();
            names.dedup();
            assert_eq!(names.len(), size, "{scale:?}");
            for program in &programs {
                assert!(program.lines.len() >= 2, "{}", program.name);
                assert!(!program.counts.is_empty(), "{}", program.name);
                assert!(program.budget > 0.0);
            }
        }
    }
}
