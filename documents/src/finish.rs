//! What a draft needs beyond the cells it read: the year and region when the form does not state
//! them in cells of their own (read from its titles and the names of its departments — a region
//! the store knows, else any division of China, `shared::divisions` — marked
//! uncertain when inferred), the provenance (the document itself), and the list of what is still
//! missing.

use fundlens_shared::divisions;
use fundlens_shared::reading::cells::{compact, year_in};
use serde_json::{Value, json};

use super::draft::{DraftBuilder, get};
use super::grid::Cell;

/// What the reader knows about the file beyond its contents.
#[derive(Debug, Clone)]
pub(crate) struct FileContext<'a> {
    /// The file's name as given.
    pub(crate) name: &'a str,
    /// Where the document can be found again (a path, or the stored upload).
    pub(crate) location: &'a str,
    /// Region names the reader may recognise in titles and department names.
    pub(crate) regions: &'a [String],
}

/// Completes `draft`; `titles` are the lines around the form (its title row, the paragraphs
/// before its table).
pub(crate) fn complete(draft: &mut DraftBuilder, titles: &[Cell], file: &FileContext<'_>) {
    let text_of = |draft: &DraftBuilder, field: &str| -> Option<Cell> {
        let value = get(draft.record(), field)?.as_str()?.to_owned();
        Some(Cell::new(value, field))
    };
    let report_title = text_of(draft, "provenance.title");
    let mut candidates: Vec<Cell> = titles.to_vec();
    candidates.extend(report_title.clone());
    if !draft.has("year")
        && let Some((year, cell)) = candidates
            .iter()
            .find_map(|cell| year_in(&cell.text).map(|year| (year, cell)))
    {
        draft.put("year", "年度", json!(year), cell);
    }
    if !draft.has("region") {
        let mut sources = candidates.clone();
        for field in ["program.department", "program.implementer", "program.name"] {
            sources.extend(text_of(draft, field));
        }
        // the store's regions first, then every division of China (`shared::divisions`)
        let texts: Vec<String> = sources.iter().map(|cell| compact(&cell.text)).collect();
        let context: Vec<&str> = texts.iter().map(String::as_str).collect();
        let found = sources
            .iter()
            .find_map(|cell| region_in(&cell.text, file.regions).map(|r| (r, cell)))
            .or_else(|| {
                sources.iter().zip(&texts).find_map(|(cell, text)| {
                    divisions::named_in(text, &context)
                        .map(|d| (divisions::stored_name(d).to_owned(), cell))
                })
            });
        if let Some((region, cell)) = found {
            let note = format!("表中没有“地区”，由“{}”推断", compact(&cell.text));
            let mut from = cell.clone();
            if from.location.contains('.') {
                from.location = format!("字段 {}", from.location);
            }
            draft.put_with("region", "地区", json!(region), &from, Some(note));
        }
    }
    if !draft.has("provenance.kind") {
        draft.put_plain("provenance.kind", json!("document"));
        if !draft.has("provenance.title") {
            let title = titles
                .iter()
                .find(|cell| compact(&cell.text).contains("自评表"))
                .map(|cell| compact(&cell.text))
                .unwrap_or_else(|| file.name.to_owned());
            let cell = Cell::new(title.clone(), file.name);
            draft.put_with(
                "provenance.title",
                "来源标题",
                json!(title),
                &cell,
                Some("文件中没有报告标题，用表名或文件名".to_owned()),
            );
        }
        draft.put_plain("provenance.location", json!(file.location));
    }
    for (field, label, required) in [
        ("program.name", "项目名称", true),
        ("region", "地区", true),
        ("year", "年度", true),
        ("program.department", "主管部门", false),
        ("program.implementer", "实施单位", false),
        (
            "funding.total.year_start_budget",
            "年度资金总额·年初预算数",
            false,
        ),
        (
            "funding.total.full_year_budget",
            "年度资金总额·全年预算数",
            false,
        ),
        ("funding.total.executed", "年度资金总额·全年执行数", false),
        ("goal.expected", "预期目标", false),
        ("goal.actual", "实际完成情况", false),
        ("declared.total", "总分", false),
    ] {
        draft.missing(field, label, required);
    }
    if !draft.has("program") {
        draft.put_plain("program", Value::Object(serde_json::Map::new()));
    }
}

/// The most specific known region a text names: among the names it contains, the one that
/// stands last (`益阳市赫山区工信局` → 赫山区), the longest on a tie.
pub(crate) fn region_in(text: &str, regions: &[String]) -> Option<String> {
    let text = compact(text);
    regions
        .iter()
        .filter_map(|name| text.rfind(name.as_str()).map(|at| (at, name.len(), name)))
        .max_by_key(|(at, length, _)| (*at, *length))
        .map(|(_, _, name)| name.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_most_specific_region_named_wins() {
        let regions = vec![
            "益阳市".to_owned(),
            "赫山区".to_owned(),
            "湖南省".to_owned(),
        ];
        assert_eq!(
            region_in("益阳市赫山区工信局", &regions).as_deref(),
            Some("赫山区")
        );
        assert_eq!(
            region_in("益阳市工业和信息化局", &regions).as_deref(),
            Some("益阳市")
        );
        assert_eq!(region_in("市工信局", &regions), None);
    }
}
