//! How an actual's wording is judged against its target's: achieved, largely, partly, not
//! achieved — or not known, which is never read as achieved (DOMAIN.md, "Edge rules").
//!
//! Failure is read from the actual's own words: a phrase of failure (`未完成`, `滞后`), the
//! negation of the target's own wording (`合规` → `不合规`, `是` → `否`), a lower grade on a
//! 优/良/中/低/差 scale, a direction against the target's (`提高` → `下降`), or an event the
//! target rules out (`无重大安全事故` → `发生1起重大安全事故`). Achievement is read from words
//! this module knows (`达到`, `已完成`, `符合`, `成效明显`…) or the target's own words repeated.
//! Anything else is [`Judgement::Unknown`]. The tiers themselves are [`super::tier`]'s.

use super::tier::Attainment;
use crate::target::same_wording;

/// What the actual's wording says about its target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Judgement {
    /// The attainment, with the reason in words.
    Known(Attainment, String),
    /// Words the reader does not know: the reason in words. Never read as achieved.
    Unknown(String),
}

/// Phrases that say a target was not attained, whatever the target says.
const FAILURE_PHRASES: &[&str] = &[
    "未完成",
    "未达",
    "未实现",
    "未落实",
    "未开展",
    "未按",
    "未能",
    "未到位",
    "没有完成",
    "没有达",
    "没有实现",
    "没有落实",
    "没有按",
    "没能",
    "没完成",
    "没达",
    "没实现",
    "没落实",
    "较差",
    "不达标",
    "不合格",
    "不符合",
    "不满意",
    "不及时",
    "不合规",
    "滞后",
    "逾期",
    "无成效",
    "无效果",
];

/// Negations that say a target was not attained (`未…`, `没有…`), unless the target is itself a
/// negation they answer (`无重大安全事故` against `没有发生安全事故`).
const NEGATIONS: &[&str] = &["没有", "未"];

/// Negations put in front of a target's own words (`合规` → `不合规`, `有效` → `无效`).
const NEGATING_PREFIXES: &[&str] = &["不", "未", "非", "无", "没有", "没"];

/// Words that make a target a negation (`无重大安全事故`, `零投诉`, `杜绝…`).
const TARGET_NEGATIONS: &[&str] = &[
    "无",
    "没有",
    "未发生",
    "未出现",
    "零",
    "杜绝",
    "避免",
    "防止",
    "不发生",
    "不出现",
    "不得",
];

/// Words that say a target was partly attained.
const PARTLY_WORDS: &[&str] = &[
    "部分",
    "一定",
    "有所",
    "进行中",
    "推进中",
    "不明显",
    "不够",
    "不足",
];

/// Words that say a target was largely attained.
const LARGELY_WORDS: &[&str] = &["基本"];

/// Words that say a target was attained. A bare `是` (or `有`, `好`, `优`) is one only alone.
const ACHIEVED_WORDS: &[&str] = &[
    "达到", "达成", "完成", "实现", "符合", "合格", "合规", "达标", "满意", "明显", "显著", "良好",
    "较好", "优秀", "有效", "及时", "到位", "落实", "提高", "提升", "增强", "加强", "改善", "优化",
    "推动", "推进", "促进", "健全", "完善", "发挥", "保障", "成效", "按时", "按期", "如期", "顺利",
    "稳步", "稳定", "持续", "逐步", "不断", "奠定", "带动", "规范", "已",
];

/// Single words that say a target was attained when they are the whole actual.
const ACHIEVED_ALONE: &[&str] = &["是", "有", "好", "优", "高", "良"];

/// Directions up and down: a target going one way answered by the other is not achieved.
const UP: &[&str] = &["提高", "提升", "增加", "增长", "上升", "增强", "扩大"];
const DOWN: &[&str] = &["下降", "降低", "减少", "下滑", "回落", "萎缩"];

/// True for a target that is itself a negation (`无重大安全事故`, `零投诉`, `杜绝…`), which an
/// actual's negation answers rather than contradicts.
pub(crate) fn is_negation(target: &str) -> bool {
    TARGET_NEGATIONS.iter().any(|word| target.contains(word))
}

/// The first generic negation in `actual` (`未` as in `未来` is no negation).
fn negation_in(actual: &str) -> Option<&'static str> {
    NEGATIONS.iter().copied().find(|word| {
        actual
            .match_indices(word)
            .any(|(at, _)| !actual[at..].starts_with("未来"))
    })
}

/// True when `word` occurs in `text` without a negation right before it.
fn affirmed(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(at, _)| {
        let before = &text[..at];
        !NEGATING_PREFIXES
            .iter()
            .any(|negation| before.ends_with(negation))
    })
}

/// The target's own words negated in the actual (`不合规` for `合规`, `无效` for `有效`, `否`
/// for `是`): the negated words, if any.
fn negated_target(target: &str, actual: &str) -> Option<String> {
    if target == "是" && actual.contains('否') {
        return Some("否".to_owned());
    }
    let chars: Vec<char> = target.chars().collect();
    let shortest = chars.len().min(2);
    // every tail of the target's words, longest first (`资金使用合规` → `合规`)
    for start in 0..=chars.len().saturating_sub(shortest) {
        let tail: String = chars[start..].iter().collect();
        for prefix in NEGATING_PREFIXES {
            let negated = format!("{prefix}{tail}");
            if actual.contains(&negated) {
                return Some(negated);
            }
        }
        if let Some(rest) = tail.strip_prefix('有')
            && !rest.is_empty()
            && actual.contains(&format!("无{rest}"))
        {
            return Some(format!("无{rest}"));
        }
    }
    None
}

/// A grade word's rank, best first, when the whole text is one (`优`, `良好`, `等级为中`).
fn grade_rank(text: &str) -> Option<u8> {
    let word = ["等级为", "评价为", "评定为", "评为", "达到", "为"]
        .iter()
        .find_map(|lead| text.strip_prefix(lead))
        .unwrap_or(text);
    match word {
        "优" | "优秀" | "高" => Some(0),
        "良" | "良好" | "较高" | "较好" => Some(1),
        "中" | "中等" | "一般" | "合格" => Some(2),
        "低" | "较低" => Some(3),
        "差" => Some(4),
        _ => None,
    }
}

/// The numbers written in `text` (`发生1起` → 1).
fn numbers_in(text: &str) -> Vec<u64> {
    text.split(|c: char| !c.is_ascii_digit())
        .filter(|digits| !digits.is_empty())
        .filter_map(|digits| digits.parse().ok())
        .collect()
}

/// Whether an actual reports the event a negated target rules out (`发生1起重大安全事故`
/// against `无重大安全事故`): `Some(true)` when it happened, `Some(false)` when the actual says
/// none did (`0起`), `None` when it does not say.
fn ruled_out_event(actual: &str) -> Option<bool> {
    let numbers = numbers_in(actual);
    if !numbers.is_empty() {
        return Some(numbers.iter().any(|n| *n > 0));
    }
    if actual.starts_with('零') || actual.contains("为零") || actual.contains("为0") {
        return Some(false);
    }
    ["发生", "出现"]
        .iter()
        .any(|word| affirmed(actual, word))
        .then_some(true)
}

/// The longest run of two or more characters the two texts share.
fn shared_words(target: &str, actual: &str) -> Option<String> {
    let chars: Vec<char> = target.chars().collect();
    (2..=chars.len()).rev().find_map(|len| {
        chars
            .windows(len)
            .map(|w| w.iter().collect::<String>())
            .find(|w| actual.contains(w.as_str()))
    })
}

fn known(attainment: Attainment, reason: String) -> Judgement {
    Judgement::Known(attainment, reason)
}

/// Judges the attainment of a target from its actual text, with the reason in words.
pub fn judge(target: &str, actual: &str) -> Judgement {
    use Attainment::{Achieved, Largely, NotAchieved, Partly};
    if same_wording(target, actual) {
        return known(Achieved, "实际完成值与指标值一致".to_owned());
    }
    let target = crate::target::normalised(target);
    let actual = crate::target::normalised(actual);
    let (target, actual) = (target.as_str(), actual.as_str());
    let found = |words: &[&'static str]| words.iter().find(|word| actual.contains(**word)).copied();
    if let Some(word) = found(FAILURE_PHRASES) {
        return known(NotAchieved, format!("实际完成值含“{word}”，判为未达成"));
    }
    let answers_target = is_negation(target);
    if answers_target {
        match ruled_out_event(actual) {
            Some(true) => {
                return known(
                    NotAchieved,
                    "指标值排除的情形在实际完成值中发生，判为未达成".to_owned(),
                );
            }
            Some(false) => {
                return known(
                    Achieved,
                    "实际完成值表明指标值排除的情形未发生，判为达成".to_owned(),
                );
            }
            None => {
                if let Some(word) = TARGET_NEGATIONS.iter().find(|w| actual.starts_with(**w)) {
                    return known(
                        Achieved,
                        format!("实际完成值“{word}”与指标值本身的否定表述相符，判为达成"),
                    );
                }
            }
        }
    } else if let Some(negated) =
        negated_target(target, actual).filter(|negated| !PARTLY_WORDS.contains(&negated.as_str()))
    {
        return known(
            NotAchieved,
            format!("实际完成值“{negated}”否定了指标值的表述，判为未达成"),
        );
    }
    if let (Some(wanted), Some(got)) = (grade_rank(target), grade_rank(actual)) {
        return if got > wanted {
            known(
                NotAchieved,
                "实际完成值的等级低于指标值的等级，判为未达成".to_owned(),
            )
        } else {
            known(
                Achieved,
                "实际完成值的等级不低于指标值的等级，判为达成".to_owned(),
            )
        };
    }
    for (wanted, against) in [(UP, DOWN), (DOWN, UP)] {
        if wanted.iter().any(|w| target.contains(w))
            && let Some(word) = against.iter().find(|w| affirmed(actual, w))
        {
            return known(
                NotAchieved,
                format!("实际完成值“{word}”与指标值的方向相反，判为未达成"),
            );
        }
    }
    let negation = negation_in(actual);
    if let Some(word) = negation
        && !answers_target
    {
        return known(NotAchieved, format!("实际完成值含“{word}”，判为未达成"));
    }
    if let Some(word) = found(PARTLY_WORDS) {
        return known(Partly, format!("实际完成值含“{word}”，判为部分达成"));
    }
    if let Some(word) = found(LARGELY_WORDS) {
        return known(Largely, format!("实际完成值含“{word}”，判为基本达成"));
    }
    if let Some(word) = negation {
        return known(
            Achieved,
            format!("实际完成值的否定（“{word}”）与指标值本身的否定表述相符，判为达成"),
        );
    }
    if let Some(word) = found(ACHIEVED_WORDS)
        .or_else(|| ACHIEVED_ALONE.iter().copied().find(|word| actual == *word))
    {
        return known(Achieved, format!("实际完成值含“{word}”，判为达成"));
    }
    if let Some(words) = shared_words(target, actual) {
        return known(
            Achieved,
            format!("实际完成值重述指标值的“{words}”，判为达成"),
        );
    }
    Judgement::Unknown(format!("实际完成值“{actual}”的表述无法判断是否达成"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attainment(target: &str, actual: &str) -> Option<Attainment> {
        match judge(target, actual) {
            Judgement::Known(attainment, _) => Some(attainment),
            Judgement::Unknown(_) => None,
        }
    }

    #[test]
    fn actual_texts_are_judged_by_their_words() {
        use Attainment::*;
        for (target, actual, expected) in [
            ("成效明显", "成效明显", Some(Achieved)),
            ("成效明显", "未完成", Some(NotAchieved)),
            ("持续推动", "部分推动", Some(Partly)),
            ("不断加强", "基本加强", Some(Largely)),
            ("成效明显", "尚未见效", Some(NotAchieved)),
            ("成效明显", "没有成效", Some(NotAchieved)),
            ("按期推进", "进行中", Some(Partly)),
            ("成效明显", "为未来发展奠定基础", Some(Achieved)),
            ("成效明显", "达成预期指标", Some(Achieved)),
            ("无重大安全事故", "没有发生安全事故", Some(Achieved)),
            ("无重大安全事故", "未发生", Some(Achieved)),
            ("无重大安全事故", "无", Some(Achieved)),
            ("无重大安全事故", "0起", Some(Achieved)),
            ("无重大安全事故", "发生1起重大安全事故", Some(NotAchieved)),
            ("无重大安全事故", "1起", Some(NotAchieved)),
            ("无重大安全事故", "未完成整改", Some(NotAchieved)),
            ("不断加强", "没有加强", Some(NotAchieved)),
            ("按期推进", "没完成", Some(NotAchieved)),
            ("合规", "不合规", Some(NotAchieved)),
            ("资金使用合规", "资金使用存在不合规情况", Some(NotAchieved)),
            ("是", "否", Some(NotAchieved)),
            ("是", "是", Some(Achieved)),
            ("满意", "不满意", Some(NotAchieved)),
            ("及时", "不及时", Some(NotAchieved)),
            ("有效", "无效", Some(NotAchieved)),
            ("优", "良", Some(NotAchieved)),
            ("良", "优", Some(Achieved)),
            ("较上年提高", "较上年下降", Some(NotAchieved)),
            ("成效明显", "达到", Some(Achieved)),
            ("成效明显", "已完成", Some(Achieved)),
            ("合规", "abc", None),
            ("成效明显", "详见附件", None),
            ("合规", "96%", None),
        ] {
            assert_eq!(attainment(target, actual), expected, "{target} / {actual}");
        }
    }
}
