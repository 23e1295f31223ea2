//! The 绩效自评报告 read from its paragraphs by section headings (一、项目概况 … 七、其他需要说明的
//! 问题, sub-sections （一）…（三） of 四), in whatever order and numbering they come: the title,
//! the sections' texts, the categories of 一, the sub-project lines of 四(一), the ranked
//! statistics of 四(二), the claimed scores of 三 and 四(三), the problems and measures of 五, and
//! the issuing body under the text. Reading the sentences is `shared`'s
//! ([`fundlens_shared::reading::sentences`]); this module only says which paragraph is what.

use fundlens_shared::reading::cells::compact;
use fundlens_shared::reading::sentences::{
    allocation_line, category_line, claims, enumerated, heading_text, statistics,
};
use serde_json::json;

use super::draft::DraftBuilder;
use super::grid::Cell;

/// The sections a report has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Preface,
    Overview,
    Process,
    Conclusion,
    Performance,
    FundManagement,
    Results,
    IndicatorAnalysis,
    Problems,
    ProblemList,
    MeasureList,
    Publication,
    Other,
}

const TOP: &[(Section, &[&str])] = &[
    (Section::Overview, &["项目概况", "项目基本情况", "基本情况"]),
    (
        Section::Process,
        &[
            "自评工作开展情况",
            "评价工作开展情况",
            "自评工作",
            "工作开展情况",
        ],
    ),
    (
        Section::Conclusion,
        &["综合评价结论", "评价结论", "自评结论"],
    ),
    (
        Section::Performance,
        &["绩效目标实现情况", "绩效目标完成情况", "目标实现情况"],
    ),
    (
        Section::Problems,
        &["存在的问题", "问题和改进措施", "主要问题"],
    ),
    (
        Section::Publication,
        &["结果拟应用", "应用和公开", "公开情况", "结果应用"],
    ),
    (
        Section::Other,
        &["其他需要说明", "其他问题", "其它需要说明"],
    ),
];

const SUB: &[(Section, &[&str])] = &[
    (Section::FundManagement, &["资金使用", "资金管理"]),
    (
        Section::IndicatorAnalysis,
        &["绩效指标完成情况", "指标完成情况"],
    ),
    (Section::Results, &["总体绩效目标", "总体目标"]),
    (Section::ProblemList, &["存在的问题", "主要问题"]),
    (
        Section::MeasureList,
        &["改进措施", "整改措施", "措施", "建议"],
    ),
];

/// The section a paragraph opens, if it is a heading.
fn heading(paragraph: &str) -> Option<Section> {
    let (marker, _) = enumerated(paragraph)?;
    let text = heading_text(paragraph);
    if text.chars().count() > 30 || text.ends_with('。') {
        return None;
    }
    let sub = marker.starts_with(['（', '(']);
    let table = if sub { SUB } else { TOP };
    let top_level =
        marker.ends_with('、') && !marker.chars().next().is_some_and(|c| c.is_ascii_digit());
    if !sub && !top_level {
        return None;
    }
    table
        .iter()
        .find(|(_, words)| words.iter().any(|w| text.contains(w)))
        .map(|(section, _)| *section)
}

/// True for a line that names an organisation (the body signing the report).
fn is_signature(text: &str) -> bool {
    let text = compact(text);
    let length = text.chars().count();
    (4..=30).contains(&length)
        && !text.contains(['。', '，', '：', ':', '；'])
        && [
            "局",
            "委",
            "厅",
            "办",
            "办公室",
            "中心",
            "政府",
            "公司",
            "委员会",
            "院",
            "所",
            "处",
            "站",
        ]
        .iter()
        .any(|suffix| text.ends_with(suffix))
}

fn is_date(text: &str) -> bool {
    let text = compact(text);
    text.chars().count() <= 14 && text.contains('年') && text.ends_with('日')
}

/// Reads the report's paragraphs into `draft`. Returns the report's title, when it has one.
pub(crate) fn read(paragraphs: &[Cell], draft: &mut DraftBuilder) -> Option<String> {
    let (title, start) = title(paragraphs);
    if let Some((title, cell)) = &title {
        draft.put("provenance.title", "报告标题", json!(title), cell);
    }
    let mut bodies: Vec<(Section, Vec<&Cell>)> = vec![(Section::Preface, Vec::new())];
    let mut signed = false;
    for paragraph in &paragraphs[start..] {
        let text = paragraph.trimmed();
        if compact(text).starts_with("附件") {
            break;
        }
        if let Some(section) = heading(text) {
            bodies.push((section, Vec::new()));
            continue;
        }
        if bodies.len() > 1 && is_signature(text) && !signed {
            draft.put(
                "provenance.issuer",
                "发布单位",
                json!(compact(text)),
                paragraph,
            );
            signed = true;
            continue;
        }
        if signed && is_date(text) {
            draft.put("provenance.date", "日期", json!(compact(text)), paragraph);
            continue;
        }
        if signed {
            draft.unplaced(paragraph);
            continue;
        }
        if let Some((_, body)) = bodies.last_mut() {
            body.push(paragraph);
        }
    }
    for (section, body) in &bodies {
        read_section(*section, body, draft);
    }
    infer_categories(draft);
    title.map(|(title, _)| title)
}

/// The title: the leading lines up to one ending in 报告 (a title broken over two lines is
/// joined). Returns it and where the body starts.
fn title(paragraphs: &[Cell]) -> (Option<(String, Cell)>, usize) {
    let mut joined = String::new();
    for (at, paragraph) in paragraphs.iter().take(3).enumerate() {
        if heading(paragraph.trimmed()).is_some() || paragraph.trimmed().contains(['。', '，']) {
            break;
        }
        joined.push_str(&compact(&paragraph.text));
        if joined.ends_with("报告") {
            let mut cell = paragraphs[0].clone();
            cell.text = paragraphs[..=at]
                .iter()
                .map(|p| p.trimmed())
                .collect::<Vec<_>>()
                .join("\n");
            if at > 0 {
                cell.location = format!("{}–{}", paragraphs[0].location, paragraph.location);
            }
            return (Some((joined, cell)), at + 1);
        }
    }
    (None, 0)
}

/// One cell standing for several paragraphs: their texts joined by line breaks, their span.
fn span(body: &[&Cell]) -> Option<Cell> {
    let first = body.first()?;
    let last = body.last()?;
    let location = if body.len() == 1 {
        first.location.clone()
    } else {
        format!("{}–{}", first.location, last.location)
    };
    Some(Cell::new(
        body.iter()
            .map(|c| c.trimmed())
            .collect::<Vec<_>>()
            .join("\n"),
        location,
    ))
}

fn put_text(draft: &mut DraftBuilder, field: &str, label: &str, body: &[&Cell]) {
    if let Some(cell) = span(body) {
        draft.put(field, label, json!(cell.text), &cell);
    }
}

fn read_section(section: Section, body: &[&Cell], draft: &mut DraftBuilder) {
    match section {
        Section::Preface | Section::Performance => {
            for cell in body {
                draft.unplaced(cell);
            }
        }
        Section::Overview => {
            put_text(draft, "narrative.overview", "一、项目概况", body);
            let mut count = 0;
            for cell in body {
                if let Some((name, description)) = category_line(cell.trimmed()) {
                    let path = format!("program.categories[{count}]");
                    draft.put(&format!("{path}.name"), "项目类别", json!(name), cell);
                    if !description.is_empty() {
                        draft.put(
                            &format!("{path}.description"),
                            "类别说明",
                            json!(description),
                            cell,
                        );
                    }
                    count += 1;
                }
            }
        }
        Section::Process => put_text(draft, "narrative.process", "二、自评工作开展情况", body),
        Section::Conclusion => {
            put_text(draft, "narrative.conclusion", "三、综合评价结论", body);
            read_claims(body, draft, false);
        }
        Section::FundManagement => {
            let mut count = 0;
            let mut rest = Vec::new();
            for cell in body {
                match enumerated(cell.trimmed()).and_then(|_| allocation_line(cell.trimmed())) {
                    Some(line) => {
                        let path = format!("allocations[{count}]");
                        draft.put(&format!("{path}.name"), "资金安排", json!(line.name), cell);
                        draft.put(
                            &format!("{path}.amount"),
                            "金额（万元）",
                            json!(line.amount.to_string()),
                            cell,
                        );
                        if let Some(purpose) = line.purpose {
                            draft.put(&format!("{path}.purpose"), "用途", json!(purpose), cell);
                        }
                        count += 1;
                    }
                    None => rest.push(*cell),
                }
            }
            put_text(
                draft,
                "narrative.fund_management",
                "四（一）项目资金使用及管理情况",
                &rest,
            );
        }
        Section::Results => {
            put_text(
                draft,
                "narrative.results",
                "四（二）总体绩效目标完成情况",
                body,
            );
            let mut count = 0;
            for cell in body {
                for found in statistics(cell.trimmed()) {
                    let path = format!("statistics[{count}]");
                    let mut value = json!({
                        "metric": found.metric.code,
                        "value": found.value.to_string(),
                        "unit": found.metric.unit,
                        "note": found.sentence,
                    });
                    if let Some(rank) = found.rank {
                        value["rank"] = json!(rank);
                    }
                    let note = found.rank.is_none().then(|| {
                        format!(
                            "“{}”未写全省排名，按指标名称“{}”读出",
                            found.sentence, found.metric.name
                        )
                    });
                    draft.put_with(&path, found.metric.name, value, cell, note);
                    count += 1;
                }
            }
        }
        Section::IndicatorAnalysis => {
            put_text(
                draft,
                "narrative.indicator_analysis",
                "四（三）绩效指标完成情况",
                body,
            );
            read_claims(body, draft, true);
        }
        Section::Problems | Section::ProblemList | Section::MeasureList => {
            read_problems(section, body, draft);
        }
        Section::Publication => put_text(
            draft,
            "narrative.publication",
            "六、绩效自评结果拟应用和公开情况",
            body,
        ),
        Section::Other => put_text(draft, "narrative.other", "七、其他需要说明的问题", body),
    }
}

fn read_claims(body: &[&Cell], draft: &mut DraftBuilder, categories: bool) {
    for cell in body {
        let found = claims(cell.trimmed());
        if let Some(total) = found
            .total
            .filter(|_| !draft.has("narrative.claimed_total"))
        {
            draft.put(
                "narrative.claimed_total",
                "报告所称总分",
                json!(total.to_string()),
                cell,
            );
        }
        if let Some(grade) = found
            .grade
            .filter(|_| !draft.has("narrative.claimed_grade"))
        {
            draft.put(
                "narrative.claimed_grade",
                "报告所称等级",
                json!(grade.label()),
                cell,
            );
        }
        if categories && !draft.has("narrative.claimed_categories") && !found.categories.is_empty()
        {
            for (at, (name, score)) in found.categories.iter().enumerate() {
                draft.put(
                    &format!("narrative.claimed_categories[{at}]"),
                    "报告所称分类得分",
                    json!({"name": name, "score": score.to_string()}),
                    cell,
                );
            }
        }
    }
}

/// Section 五: enumerated paragraphs are problems until the measures start (a paragraph
/// beginning 下一步/改进措施, or the sub-section of measures); the lead-in before the first
/// problem is kept as unplaced text.
fn read_problems(section: Section, body: &[&Cell], draft: &mut DraftBuilder) {
    let count = |draft: &DraftBuilder, list: &str| {
        draft
            .record()
            .pointer(&format!("/narrative/{list}"))
            .and_then(|v| v.as_array())
            .map_or(0, Vec::len)
    };
    let mut measures = section == Section::MeasureList;
    for cell in body {
        let text = cell.trimmed();
        let starts_measures = ["下一步", "改进措施", "整改措施", "针对"]
            .iter()
            .any(|w| text.starts_with(w));
        if section == Section::Problems && starts_measures {
            measures = true;
        }
        let is_item = enumerated(text).is_some() || section != Section::Problems;
        let list = if measures { "measures" } else { "problems" };
        if !measures && !is_item {
            draft.unplaced(cell);
            continue;
        }
        let at = count(draft, list);
        let label = if measures {
            "改进措施"
        } else {
            "存在的问题"
        };
        draft.put(&format!("narrative.{list}[{at}]"), label, json!(text), cell);
    }
}

/// Each allocation's category, when one category of section 一 shares a clearly longest run
/// of words with the allocation's name (`创客中国大赛专项经费` ↔ `其它类项目：…创客中国大赛专项`).
/// Inferred, so marked uncertain.
fn infer_categories(draft: &mut DraftBuilder) {
    let record = draft.record().clone();
    let categories: Vec<(String, String)> = record
        .pointer("/program/categories")
        .and_then(|v| v.as_array())
        .map(|list| {
            list.iter()
                .filter_map(|c| {
                    Some((
                        c.get("name")?.as_str()?.to_owned(),
                        c.get("description")
                            .and_then(|d| d.as_str())
                            .unwrap_or("")
                            .to_owned(),
                    ))
                })
                .collect()
        })
        .unwrap_or_default();
    let Some(allocations) = record.get("allocations").and_then(|v| v.as_array()) else {
        return;
    };
    for (at, allocation) in allocations.iter().enumerate() {
        let Some(name) = allocation.get("name").and_then(|v| v.as_str()) else {
            continue;
        };
        let scores: Vec<usize> = categories
            .iter()
            .map(|(category, description)| {
                std::iter::once(category.as_str())
                    .chain(description.split(['，', '、', '。', ',', '；']))
                    .map(|item| common_run(name, item))
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let best = scores.iter().copied().max().unwrap_or(0);
        if best < 4 || scores.iter().filter(|s| **s == best).count() > 1 {
            continue;
        }
        let Some(index) = scores.iter().position(|s| *s == best) else {
            continue;
        };
        let (category, description) = &categories[index];
        let cell = Cell::new(format!("{category}：{description}"), "一、项目概况");
        draft.put_with(
            &format!("allocations[{at}].category"),
            "所属类别",
            json!(category),
            &cell,
            Some(format!("按名称与第一部分的“{category}”相符推断")),
        );
    }
}

/// The length, in characters, of the longest run two texts share.
fn common_run(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut best = 0;
    let mut previous = vec![0usize; b.len() + 1];
    for x in &a {
        let mut current = vec![0usize; b.len() + 1];
        for (j, y) in b.iter().enumerate() {
            if x == y {
                current[j + 1] = previous[j] + 1;
                best = best.max(current[j + 1]);
            }
        }
        previous = current;
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_are_known_by_their_words_not_their_numbers() {
        assert_eq!(heading("一、项目概况"), Some(Section::Overview));
        assert_eq!(heading("3、项目概况"), None);
        assert_eq!(
            heading("（三）绩效指标完成情况分析"),
            Some(Section::IndicatorAnalysis)
        );
        assert_eq!(
            heading("（二）总体绩效目标完成情况分析"),
            Some(Section::Results)
        );
        assert_eq!(
            heading("四、绩效目标实现情况分析"),
            Some(Section::Performance)
        );
        assert_eq!(heading("五、存在的问题和改进措施"), Some(Section::Problems));
        assert_eq!(heading("二、专项不专。"), None);
    }

    #[test]
    fn signatures_and_runs() {
        assert!(is_signature(" 益阳市工业和信息化局"));
        assert!(!is_signature("无。"));
        assert_eq!(common_run("万人联万企工作经费", "万人联万企工作专项"), 7);
    }
}
