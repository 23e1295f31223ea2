//! Figures in report sentences: the region's statistics of section 四(二) with their provincial
//! rank (`全市规模工业增加值增长6.8%，排名全省第9位`, `工业投资、工业技改投资分别增长28.5%、21.8%，
//! 均排名全省第3位`), the sub-project lines of 四(一) (`创客中国大赛专项经费64万元。主要用于…`), the
//! scores a report claims (`自评得分99分`, `产出指标类得分为49分`, `自评结论为“优秀”`) and the
//! enumerations reports are made of (`1.`, `（一）`, `一是`).
//!
//! A statistic is read only where a metric of the catalogue ([`crate::metric`]) is named right
//! before its number (its name, an indicator name that measures it, or its name split by a few
//! words: `5G基站…累计达3701个`) and the number carries the metric's unit; anything else in the
//! text stays text.

use rust_decimal::Decimal;

use crate::metric::{METRICS, Metric};
use crate::reading::cells::compact;
use crate::scoring::group::level1_of;
use crate::value::{Grade, fold_full_width, parse_decimal};

/// A statistic found in a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundStatistic {
    /// The metric named before the number.
    pub metric: &'static Metric,
    /// The number, in the metric's unit.
    pub value: Decimal,
    /// The provincial rank the sentence gives it, if any.
    pub rank: Option<u32>,
    /// The sentence (between `。` or `；`) the figure stands in.
    pub sentence: String,
}

impl FoundStatistic {
    fn unranked(metric: &'static Metric, value: Decimal, sentence: &str) -> Self {
        Self {
            metric,
            value,
            rank: None,
            sentence: sentence.to_owned(),
        }
    }
}

/// A sub-project line of section 四(一).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllocationLine {
    /// What the line names before its amount.
    pub name: String,
    /// The amount in 万元.
    pub amount: Decimal,
    /// What follows the amount (`主要用于…`), if anything.
    pub purpose: Option<String>,
}

/// The scores and grade a report's text claims.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Claims {
    /// The total (`自评得分99分`, `综合得分为99分`).
    pub total: Option<Decimal>,
    /// The grade (`自评结论为“优秀”`, `为“优”等级`).
    pub grade: Option<Grade>,
    /// Category scores, as written (`产出指标类得分为49分` → (`产出指标类`, 49)).
    pub categories: Vec<(String, Decimal)>,
}

const CHINESE_NUMERALS: &str = "一二三四五六七八九十";

/// Splits an enumeration marker off a paragraph: `1.`, `1、`, `1．`, `（1）`, `(1)`, `（一）`,
/// `一、`, `一是`. Returns the marker and the rest.
pub fn enumerated(paragraph: &str) -> Option<(&str, &str)> {
    let text = paragraph.trim_start();
    let digits = text
        .char_indices()
        .take_while(|(_, c)| fold_full_width(*c).is_ascii_digit())
        .last()
        .map(|(i, c)| i + c.len_utf8());
    let numerals = text
        .char_indices()
        .take_while(|(_, c)| CHINESE_NUMERALS.contains(*c))
        .last()
        .map(|(i, c)| i + c.len_utf8());
    let after = |end: usize, suffixes: &[&str]| {
        suffixes
            .iter()
            .find(|s| text[end..].starts_with(*s))
            .map(|s| (&text[..end + s.len()], text[end + s.len()..].trim_start()))
    };
    if let Some(end) = digits {
        return after(end, &[".", "、", "．", "）", ")"]).filter(|(_, rest)| !rest.is_empty());
    }
    if let Some(end) = numerals {
        return after(end, &["、", "是", "）", ")"]).filter(|(_, rest)| !rest.is_empty());
    }
    for open in ['（', '('] {
        if let Some(inner) = text.strip_prefix(open) {
            let close = inner.find(['）', ')'])?;
            let label = &inner[..close];
            let counted = !label.is_empty()
                && label
                    .chars()
                    .all(|c| CHINESE_NUMERALS.contains(c) || fold_full_width(c).is_ascii_digit());
            let end = open.len_utf8() + close + inner[close..].chars().next()?.len_utf8();
            return (counted && !text[end..].trim().is_empty())
                .then(|| (&text[..end], text[end..].trim_start()));
        }
    }
    None
}

/// A sub-project line: a name, an amount in 元, 万元 or 亿元, then what it was for
/// (`1.全市工业新兴优势产业链专项经费100万元。主要用于助推…`).
pub fn allocation_line(paragraph: &str) -> Option<AllocationLine> {
    let text = enumerated(paragraph).map_or(paragraph.trim(), |(_, rest)| rest);
    let chars: Vec<char> = text.chars().collect();
    let (start, end, value) = numbers(&chars).into_iter().next()?;
    let unit_text: String = chars[end..].iter().take(2).collect();
    let (unit_len, in_wan) = if unit_text.starts_with("万元") {
        (2, Decimal::ONE)
    } else if unit_text.starts_with("亿元") {
        (2, Decimal::from(10_000))
    } else if unit_text.starts_with('元') {
        (1, Decimal::new(1, 4))
    } else {
        return None;
    };
    let name: String = chars[..start].iter().collect::<String>().trim().to_owned();
    if name.is_empty() || name.contains(['。', '；', '，']) || name.chars().count() > 60 {
        return None;
    }
    let rest: String = chars[end + unit_len..].iter().collect();
    let purpose = rest
        .trim_start_matches(['。', '，', ',', '；', ';', '：', ':'])
        .trim()
        .to_owned();
    Some(AllocationLine {
        name,
        amount: (value * in_wan).normalize(),
        purpose: (!purpose.is_empty()).then_some(purpose),
    })
}

/// A line naming a category and what it covers: `1.工业新兴优势产业链项目：《…》中明确的…`.
pub fn category_line(paragraph: &str) -> Option<(String, String)> {
    let (_, rest) = enumerated(paragraph)?;
    let (name, description) = rest.split_once(['：', ':'])?;
    let name = name.trim();
    (!name.is_empty() && name.chars().count() <= 30 && !name.contains(['。', '，']))
        .then(|| (name.to_owned(), description.trim().to_owned()))
}

/// The scores and grade a text claims.
pub fn claims(text: &str) -> Claims {
    let mut claims = Claims::default();
    let chars: Vec<char> = text.chars().collect();
    let mut from = 0;
    while let Some(at) = find(&chars, "得分", from) {
        from = at + 2;
        let mut cursor = at + 2;
        while cursor < chars.len() && matches!(chars[cursor], '为' | '：' | ':' | '是') {
            cursor += 1;
        }
        let Some((start, end, value)) = numbers(&chars[cursor..]).into_iter().next() else {
            continue;
        };
        if start != 0 || chars.get(cursor + end) != Some(&'分') {
            continue;
        }
        let name_start = chars[..at]
            .iter()
            .rposition(|c| matches!(c, '，' | '。' | '、' | '；' | '：' | ',' | ';'))
            .map_or(0, |p| p + 1);
        let name: String = chars[name_start..at].iter().collect();
        let name = name.trim().trim_start_matches("其中").trim().to_owned();
        if level1_of(&name).is_some() {
            claims.categories.push((name, value));
        } else if claims.total.is_none() {
            claims.total = Some(value);
        }
    }
    claims.grade = quoted(text)
        .into_iter()
        .find_map(|word| word.parse::<Grade>().ok())
        .or_else(|| {
            ["等级为", "结论为", "评价为"].iter().find_map(|lead| {
                let (_, after) = text.split_once(lead)?;
                let word: String = after
                    .chars()
                    .take_while(|c| "优良中差秀好等较".contains(*c))
                    .collect();
                word.parse().ok()
            })
        });
    claims
}

/// The texts in “quotes” or 「brackets」.
fn quoted(text: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find(['“', '「', '"']) {
        let after = &rest[open + rest[open..].chars().next().map_or(1, char::len_utf8)..];
        let Some(close) = after.find(['”', '」', '"']) else {
            break;
        };
        found.push(&after[..close]);
        rest = &after[close..];
        rest = &rest[rest.chars().next().map_or(0, char::len_utf8)..];
    }
    found
}

/// Every statistic a text states with a metric of the catalogue, sentence by sentence.
pub fn statistics(text: &str) -> Vec<FoundStatistic> {
    text.split(['。', '；', ';', '\n', '！'])
        .map(str::trim)
        .filter(|sentence| !sentence.is_empty())
        .flat_map(statistics_in_sentence)
        .collect()
}

fn statistics_in_sentence(sentence: &str) -> Vec<FoundStatistic> {
    let chars: Vec<char> = sentence.chars().collect();
    let mut found: Vec<(usize, FoundStatistic)> = Vec::new();
    let mut grouped: Vec<usize> = Vec::new();
    let all_numbers = numbers(&chars);
    if let Some(at) = find(&chars, "分别", 0) {
        grouped = respectively(&chars, at, &all_numbers, &mut found, sentence);
    }
    for (start, end, value) in &all_numbers {
        if grouped.contains(start) {
            continue;
        }
        let Some(metric) = metric_before(&chars, *start, *end) else {
            continue;
        };
        found.push((*start, FoundStatistic::unranked(metric, *value, sentence)));
    }
    found.sort_by_key(|(start, _)| *start);
    for (rank_at, rank) in ranks(&chars) {
        let before: Vec<usize> = found
            .iter()
            .enumerate()
            .filter(|(_, (start, stat))| *start < rank_at && stat.rank.is_none())
            .map(|(index, _)| index)
            .collect();
        let Some(&last) = before.last() else {
            continue;
        };
        let shared = chars[..rank_at].iter().rev().take(3).any(|c| *c == '均');
        let targets = if shared {
            before
                .iter()
                .copied()
                .filter(|index| grouped.contains(&found[*index].0))
                .chain(std::iter::once(last))
                .collect()
        } else {
            vec![last]
        };
        for index in targets {
            found[index].1.rank = Some(rank);
        }
    }
    found.into_iter().map(|(_, stat)| stat).collect()
}

/// `A、B分别增长x%、y%`: pairs the subjects before `分别` with the numbers after it. Returns the
/// start positions of the numbers it placed.
fn respectively(
    chars: &[char],
    at: usize,
    numbers_found: &[(usize, usize, Decimal)],
    found: &mut Vec<(usize, FoundStatistic)>,
    sentence: &str,
) -> Vec<usize> {
    let clause_start = chars[..at]
        .iter()
        .rposition(|c| matches!(c, '，' | '：' | ',' | ':'))
        .map_or(0, |p| p + 1);
    let subjects: Vec<String> = chars[clause_start..at]
        .iter()
        .collect::<String>()
        .split('、')
        .map(|s| s.trim().to_owned())
        .collect();
    let mut group: Vec<&(usize, usize, Decimal)> = Vec::new();
    for number in numbers_found.iter().filter(|(start, _, _)| *start > at) {
        let separated = match group.last() {
            None => chars[at..number.0]
                .iter()
                .all(|c| !matches!(c, '，' | '；' | '、')),
            Some(previous) => {
                let between: String = chars[previous.1..number.0].iter().collect();
                let unit_then_comma = between.trim_start_matches(|c: char| c != '、');
                unit_then_comma == "、"
            }
        };
        if !separated {
            break;
        }
        group.push(number);
    }
    if subjects.len() != group.len() || subjects.len() < 2 {
        return Vec::new();
    }
    let verb: String = chars[at + 2..group[0].0].iter().collect();
    let mut placed = Vec::new();
    for (subject, (start, end, value)) in subjects.iter().zip(group) {
        let unit: String = chars[*end..].iter().take(3).collect();
        let phrase: Vec<char> = format!("{subject}{verb}").chars().collect();
        let Some(metric) =
            best_metric(|metric, name| unit.starts_with(metric.unit) && contains(&phrase, name))
        else {
            continue;
        };
        placed.push(*start);
        found.push((*start, FoundStatistic::unranked(metric, *value, sentence)));
    }
    placed
}

/// The metric named right before the number at `start..end`, whose unit follows the number.
fn metric_before(chars: &[char], start: usize, end: usize) -> Option<&'static Metric> {
    let unit: String = chars[end..].iter().take(3).collect();
    best_metric(|metric, name| unit.starts_with(metric.unit) && named_before(chars, start, name))
}

/// Picks the metric whose longest matching name is longest; `None` when two metrics tie.
fn best_metric(matches: impl Fn(&Metric, &[char]) -> bool) -> Option<&'static Metric> {
    let mut best: Option<(usize, &'static Metric)> = None;
    let mut tied = false;
    for metric in METRICS {
        let length = std::iter::once(metric.name)
            .chain(metric.indicator_names.iter().copied())
            .map(|name| name.chars().collect::<Vec<char>>())
            .filter(|name| matches(metric, name))
            .map(|name| name.len())
            .max();
        match (length, best) {
            (Some(length), Some((best_length, _))) if length == best_length => tied = true,
            (Some(length), Some((best_length, _))) if length < best_length => {}
            (Some(length), _) => {
                best = Some((length, metric));
                tied = false;
            }
            (None, _) => {}
        }
    }
    if tied {
        None
    } else {
        best.map(|(_, metric)| metric)
    }
}

/// Most characters allowed between a metric's name and its number (`达`, `为`, `增长`, `的`).
const GAP: usize = 3;

/// True when `name` stands before `number_start` in `chars`: whole, ending at most [`GAP`]
/// characters before the number within its clause; or split in two, its tail so placed and its
/// head earlier in the sentence (`5G基站1210个、累计达` names `5G基站累计`); or as a share
/// `X占Y比重` written `X…，占全市Y的`.
fn named_before(chars: &[char], number_start: usize, name: &[char]) -> bool {
    let clause_start = chars[..number_start]
        .iter()
        .rposition(|c| matches!(c, '，' | '、' | '：' | ',' | ':'))
        .map_or(0, |p| p + 1);
    let ends_near = |tail: &[char]| {
        (0..=GAP.min(number_start - clause_start)).any(|gap| {
            let end = number_start - gap;
            end >= clause_start + tail.len()
                && &chars[end - tail.len()..end] == tail
                && chars[end..number_start].iter().all(|c| !c.is_ascii_digit())
        })
    };
    if name.len() <= number_start - clause_start && ends_near(name) {
        return true;
    }
    if let Some(share) = name.iter().position(|c| *c == '占')
        && name.ends_with(&['比', '重'])
    {
        let (subject, object) = (&name[..share], &name[share + 1..name.len() - 2]);
        let clause: Vec<char> = chars[clause_start..number_start]
            .iter()
            .copied()
            .filter(|c| !matches!(c, '全' | '市' | '省' | '县' | '的'))
            .collect();
        let mut expected = vec!['占'];
        expected.extend(
            object
                .iter()
                .filter(|c| !matches!(c, '全' | '市' | '省' | '县' | '的')),
        );
        return clause == expected && contains(&chars[..clause_start], subject);
    }
    (2..name.len().saturating_sub(1)).any(|split| {
        let (head, tail) = name.split_at(split);
        tail.len() >= 2 && ends_near(tail) && {
            let tail_start = (0..=GAP)
                .map(|gap| number_start.saturating_sub(gap + tail.len()))
                .find(|start| chars.get(*start..*start + tail.len()) == Some(tail))
                .unwrap_or(0);
            contains(&chars[..tail_start], head)
        }
    })
}

/// `排名全省第9位`, `居全省第2位`, `全省排名第3`: the rank and where it stands.
fn ranks(chars: &[char]) -> Vec<(usize, u32)> {
    let mut found = Vec::new();
    for lead in ["全省第", "全省排名第", "排名全省第"] {
        let mut from = 0;
        while let Some(at) = find(chars, lead, from) {
            from = at + 1;
            let digits_start = at + lead.chars().count();
            let digits: String = chars[digits_start..]
                .iter()
                .take_while(|c| fold_full_width(**c).is_ascii_digit())
                .map(|c| fold_full_width(*c))
                .collect();
            if let Ok(rank) = digits.parse::<u32>()
                && !found
                    .iter()
                    .any(|(_, r)| *r == rank && at.abs_diff(digits_start) < 6)
            {
                found.push((at, rank));
            }
        }
    }
    found.sort_unstable();
    found.dedup_by_key(|(at, _)| *at);
    let mut distinct: Vec<(usize, u32)> = Vec::new();
    for (at, rank) in found {
        if distinct.last().is_none_or(|(last, _)| at > last + 3) {
            distinct.push((at, rank));
        }
    }
    distinct
}

/// Every decimal number in `chars`: (start, end, value).
fn numbers(chars: &[char]) -> Vec<(usize, usize, Decimal)> {
    let mut found = Vec::new();
    let mut index = 0;
    while index < chars.len() {
        if !fold_full_width(chars[index]).is_ascii_digit() {
            index += 1;
            continue;
        }
        let start = index;
        while index < chars.len()
            && (fold_full_width(chars[index]).is_ascii_digit()
                || (matches!(fold_full_width(chars[index]), '.' | ',')
                    && chars
                        .get(index + 1)
                        .is_some_and(|c| fold_full_width(*c).is_ascii_digit())))
        {
            index += 1;
        }
        let text: String = chars[start..index].iter().collect();
        let preceded_by_letter = start > 0 && chars[start - 1].is_ascii_alphabetic();
        if !preceded_by_letter && let Ok(value) = parse_decimal(&text) {
            found.push((start, index, value));
        }
    }
    found
}

fn find(chars: &[char], needle: &str, from: usize) -> Option<usize> {
    let needle: Vec<char> = needle.chars().collect();
    (from..chars.len().saturating_sub(needle.len() - 1))
        .find(|at| chars[*at..].starts_with(&needle))
}

fn contains(haystack: &[char], needle: &[char]) -> bool {
    !needle.is_empty()
        && haystack
            .windows(needle.len())
            .any(|window| window == needle)
}

/// Compacts a heading for comparison with section names (`四、绩效目标实现情况分析`).
pub fn heading_text(paragraph: &str) -> String {
    compact(enumerated(paragraph).map_or(paragraph, |(_, rest)| rest))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn found(text: &str) -> Vec<(&'static str, Decimal, Option<u32>)> {
        statistics(text)
            .into_iter()
            .map(|s| (s.metric.code, s.value, s.rank))
            .collect()
    }

    #[test]
    fn ranked_figures_of_the_seed_are_read_with_their_ranks() {
        let text = "1.主要指标基本完成。全市规模工业增加值增长6.8%，排名全省第9位；规下工业增加值增长5.3%，排名全省第2位；工业投资、工业技改投资分别增长28.5%、21.8%，均排名全省第3位；新增规模工业企业136家，排名全省第8位；制造业增加值占GDP比重36.3%，排名全省第2位。全市工业税收43.5亿元，增长8.0%，排名全省第7位。";
        assert_eq!(
            found(text),
            vec![
                ("industrial_value_added_growth", dec!(6.8), Some(9)),
                ("small_industry_value_added_growth", dec!(5.3), Some(2)),
                ("industrial_investment_growth", dec!(28.5), Some(3)),
                (
                    "technical_renovation_investment_growth",
                    dec!(21.8),
                    Some(3)
                ),
                ("new_scale_enterprises", dec!(136), Some(8)),
                ("manufacturing_share_of_gdp", dec!(36.3), Some(2)),
                ("industrial_tax_revenue", dec!(43.5), None),
                ("industrial_tax_growth", dec!(8.0), Some(7)),
            ]
        );
    }

    #[test]
    fn unranked_figures_need_their_metric_named_before_them() {
        assert_eq!(
            found("全市十大产业链产值达2845.8亿元，占全市规模工业总产值的78.5%。"),
            vec![
                ("industrial_chain_output", dec!(2845.8), None),
                ("industrial_chain_output_share", dec!(78.5), None),
            ]
        );
        assert_eq!(
            found(
                "算力方面：全市数据中心达6个，建成机架1122个；新建5G基站1210个、累计达3701个，5G网络实现连续覆盖。"
            ),
            vec![
                ("data_centers", dec!(6), None),
                ("data_center_racks", dec!(1122), None),
                ("new_5g_base_stations", dec!(1210), None),
                ("total_5g_base_stations", dec!(3701), None),
            ]
        );
        assert_eq!(
            found("工业企业全年新引进博士18名，博士总数达到82名。"),
            vec![("new_doctorates_in_industry", dec!(18), None)]
        );
        assert!(
            found("信维通信5G产业园等54个投资10亿元以上项目均超额完成年度投资计划。").is_empty()
        );
        assert!(
            found("全市规模工业增加值增长6.8家").is_empty(),
            "the unit must be the metric's"
        );
    }

    #[test]
    fn allocation_lines_and_categories() {
        assert_eq!(
            allocation_line(
                "4.创客中国大赛专项经费64万元。主要用于2022年“创客中国”益阳市中小微企业创新创业大赛奖励。"
            ),
            Some(AllocationLine {
                name: "创客中国大赛专项经费".to_owned(),
                amount: dec!(64),
                purpose: Some(
                    "主要用于2022年“创客中国”益阳市中小微企业创新创业大赛奖励。".to_owned()
                ),
            })
        );
        assert_eq!(
            allocation_line("2.万人联万企工作经费300000元").map(|l| l.amount),
            Some(dec!(30))
        );
        assert_eq!(
            allocation_line("专项资金管理、使用严格按照办法执行。"),
            None
        );
        assert_eq!(
            category_line("3.奖励类项目：真抓实干奖励资金，“三型两网”建设奖励资金。"),
            Some((
                "奖励类项目".to_owned(),
                "真抓实干奖励资金，“三型两网”建设奖励资金。".to_owned()
            ))
        );
    }

    #[test]
    fn claimed_scores_and_grades() {
        let claims = claims(
            "根据基础数据分析计算，市工信局2022年度专项支出自评综合得分为99分，其中预算执行率得分为10分、产出指标类得分为49分、效益指标类得分为40分，为“优”等级。",
        );
        assert_eq!(claims.total, Some(dec!(99)));
        assert_eq!(claims.grade, Some(Grade::Excellent));
        assert_eq!(
            claims.categories,
            vec![
                ("预算执行率".to_owned(), dec!(10)),
                ("产出指标类".to_owned(), dec!(49)),
                ("效益指标类".to_owned(), dec!(40)),
            ]
        );
        let conclusion = super::claims("基本上达到绩效年度目标，自评得分99分，自评结论为“优秀”。");
        assert_eq!(
            (conclusion.total, conclusion.grade),
            (Some(dec!(99)), Some(Grade::Excellent))
        );
    }

    #[test]
    fn enumeration_markers() {
        assert_eq!(enumerated("1.工业"), Some(("1.", "工业")));
        assert_eq!(enumerated("（一）项目资金"), Some(("（一）", "项目资金")));
        assert_eq!(enumerated("二是专项不专。"), Some(("二是", "专项不专。")));
        assert_eq!(enumerated("四、绩效目标"), Some(("四、", "绩效目标")));
        assert_eq!(enumerated("2022年，市级"), None);
        assert_eq!(
            heading_text("五、存在的问题和改进措施"),
            "存在的问题和改进措施"
        );
    }
}
