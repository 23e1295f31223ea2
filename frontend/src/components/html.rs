//! Read-only tables built as HTML text and put on the page with `inner_html`.
//!
//! Every body cell carries its column's heading as `data-label`: on a phone the table is a
//! stack of cards (`style.css`), each cell labelled with it; a cell classed `card-head` leads a
//! card across its width, one classed `lead` comes next (the answer: 总分, 等级, 得分).
//!
//! A table of dozens of rows written with `view!` costs a lot of WebAssembly (every cell is
//! typed code); as escaped text it costs a few string appends, and it renders faster. Links in
//! it are plain `<a href>`: the router still handles them in the page. Everything interactive
//! (rows that open explanations, filters, chart toggles) stays in `view!`.

use fundlens_shared::chart::optional_grade_colour;
use fundlens_shared::value::Grade;
use leptos::prelude::*;

/// `text` with `& < > " '` escaped, safe inside elements and quoted attributes.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The 示例数据 badge as HTML.
pub(crate) fn sample_badge() -> &'static str {
    r#"<span class="badge sample" title="系统生成的演示数据，不是官方统计或自评数据">示例数据</span>"#
}

/// A grade chip as HTML (未评级 in grey for a record left ungraded).
pub(crate) fn grade_badge(grade: Option<Grade>) -> String {
    format!(
        r#"<span class="grade-badge" style="background:{}" title="评价等级：{label}">{label}</span>"#,
        optional_grade_colour(grade),
        label = Grade::label_of(grade)
    )
}

/// A link as HTML.
pub(crate) fn link(href: &str, text: &str) -> String {
    format!(r#"<a href="{}">{}</a>"#, escape(href), escape(text))
}

/// A small coloured mark (`不一致`) as HTML.
pub(crate) fn mark(class: &str, text: &str) -> String {
    format!(r#"<span class="{class}">{}</span>"#, escape(text))
}

/// A second, muted line under a cell's text.
pub(crate) fn note(text: &str) -> String {
    format!(r#"<div class="muted small">{}</div>"#, escape(text))
}

/// One table cell: its HTML, its class, and whether it is a row heading.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Cell {
    html: String,
    class: String,
    heading: bool,
    span: Option<(&'static str, u32)>,
}

impl Cell {
    /// Plain text.
    pub(crate) fn text(text: &str) -> Self {
        Self::html(escape(text))
    }

    /// Ready HTML (already escaped).
    pub(crate) fn html(html: impl Into<String>) -> Self {
        Self {
            html: html.into(),
            ..Self::default()
        }
    }

    /// A number (right-aligned).
    pub(crate) fn num(text: &str) -> Self {
        Self::text(text).class("num")
    }

    /// Adds a class.
    #[must_use]
    pub(crate) fn class(mut self, class: &str) -> Self {
        if !self.class.is_empty() {
            self.class.push(' ');
        }
        self.class.push_str(class);
        self
    }

    /// Makes it a `<th scope="row">` (or a column heading in the head).
    #[must_use]
    pub(crate) fn heading(mut self) -> Self {
        self.heading = true;
        self
    }

    /// Spans `count` rows (`rowspan`) or columns (`colspan`).
    #[must_use]
    pub(crate) fn span(mut self, kind: &'static str, count: u32) -> Self {
        self.span = Some((kind, count));
        self
    }

    /// Appends more HTML to the cell.
    #[must_use]
    pub(crate) fn then(mut self, html: &str) -> Self {
        self.html.push_str(html);
        self
    }

    /// The cell's text without markup (a heading's, for the labels of its column).
    fn plain(&self) -> String {
        let mut out = String::new();
        let mut in_tag = false;
        for c in self.html.chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => out.push(c),
                _ => {}
            }
        }
        out.trim().to_owned()
    }

    fn write(&self, out: &mut String, in_head: bool, label: Option<&str>) {
        let tag = if self.heading || in_head { "th" } else { "td" };
        out.push('<');
        out.push_str(tag);
        if self.heading && !in_head {
            out.push_str(r#" scope="row""#);
        }
        if let Some(label) = label.filter(|label| !label.is_empty() && !in_head) {
            // Already escaped: it comes from a heading's HTML.
            out.push_str(&format!(
                r#" data-label="{}""#,
                label.replace('"', "&quot;")
            ));
        }
        if !self.class.is_empty() {
            out.push_str(&format!(r#" class="{}""#, escape(&self.class)));
        }
        if let Some((kind, count)) = self.span {
            out.push_str(&format!(r#" {kind}="{count}""#));
        }
        out.push('>');
        out.push_str(&self.html);
        out.push_str("</");
        out.push_str(tag);
        out.push('>');
    }
}

/// One body row: its attributes (`data-region`, `class`) and cells.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Row {
    attributes: Vec<(&'static str, String)>,
    cells: Vec<Cell>,
}

impl Row {
    /// A row of `cells`.
    pub(crate) fn new(cells: Vec<Cell>) -> Self {
        Self {
            attributes: Vec::new(),
            cells,
        }
    }

    /// Adds an attribute (the value is escaped).
    #[must_use]
    pub(crate) fn attr(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.attributes.push((name, value.into()));
        self
    }
}

/// The label of each column from the heading rows: a cell spanning two rows names its
/// column; a cell spanning columns over a second row prefixes the names under it
/// (`2024年` over `指标值` labels `2024年指标值`).
fn column_labels(head: &[Vec<Cell>]) -> Vec<String> {
    let span = |cell: &Cell, kind: &str| match cell.span {
        Some((k, count)) if k == kind => usize::try_from(count).unwrap_or(1).max(1),
        _ => 1,
    };
    let Some(first) = head.first() else {
        return Vec::new();
    };
    let mut labels: Vec<(String, bool)> = Vec::new();
    for cell in first {
        let whole = head.len() == 1 || span(cell, "rowspan") > 1;
        for _ in 0..span(cell, "colspan") {
            labels.push((cell.plain(), whole));
        }
    }
    let mut under = head.get(1).map(|row| row.iter()).into_iter().flatten();
    labels
        .into_iter()
        .map(|(label, whole)| {
            if whole {
                label
            } else {
                let sub = under.next().map(Cell::plain).unwrap_or_default();
                format!("{label}{sub}")
            }
        })
        .collect()
}

/// A whole table as HTML: `class`, heading rows, body rows; every body cell labelled with its
/// column's heading (`data-label`).
pub(crate) fn table(class: &str, head: &[Vec<Cell>], rows: &[Row]) -> String {
    let labels = column_labels(head);
    let mut out = format!(r#"<table class="{}"><thead>"#, escape(class));
    for line in head {
        out.push_str("<tr>");
        for cell in line {
            cell.write(&mut out, true, None);
        }
        out.push_str("</tr>");
    }
    out.push_str("</thead><tbody>");
    for row in rows {
        out.push_str("<tr");
        for (name, value) in &row.attributes {
            out.push_str(&format!(r#" {name}="{}""#, escape(value)));
        }
        out.push('>');
        let mut column = 0;
        for cell in &row.cells {
            cell.write(&mut out, false, labels.get(column).map(String::as_str));
            column += match cell.span {
                Some(("colspan", count)) => usize::try_from(count).unwrap_or(1),
                _ => 1,
            };
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>");
    out
}

/// Column headings: plain texts, numeric columns (`num`) right-aligned.
pub(crate) fn head(columns: &[(&str, bool)]) -> Vec<Vec<Cell>> {
    vec![
        columns
            .iter()
            .map(|(text, numeric)| {
                let cell = Cell::text(text);
                if *numeric { cell.class("num") } else { cell }
            })
            .collect(),
    ]
}

/// HTML text on the page inside a scrolling wrapper.
#[component]
pub(crate) fn HtmlTable(html: String) -> impl IntoView {
    view! { <div class="table-wrap" inner_html=html></div> }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            escape(r#"<b>“A&B”</b> 'x'"#),
            "&lt;b&gt;“A&amp;B”&lt;/b&gt; &#39;x&#39;"
        );
    }

    #[test]
    fn tables_have_head_body_rows_and_attributes() {
        let html = table(
            "data",
            &head(&[("地区", false), ("数值", true)]),
            &[
                Row::new(vec![Cell::text("赫山区").heading(), Cell::num("9.6%")])
                    .attr("data-region", "赫山区"),
            ],
        );
        assert_eq!(
            html,
            "<table class=\"data\"><thead><tr><th>地区</th><th class=\"num\">数值</th></tr></thead>\
             <tbody><tr data-region=\"赫山区\"><th scope=\"row\" data-label=\"地区\">赫山区</th>\
             <td data-label=\"数值\" class=\"num\">9.6%</td></tr></tbody></table>"
        );
    }

    #[test]
    fn grouped_headings_label_the_columns_under_them() {
        let head = vec![
            vec![
                Cell::text("三级指标").span("rowspan", 2),
                Cell::text("2024年").span("colspan", 2),
                Cell::text("得分变化").span("rowspan", 2),
            ],
            vec![Cell::text("指标值"), Cell::text("得分")],
        ];
        assert_eq!(
            column_labels(&head),
            ["三级指标", "2024年指标值", "2024年得分", "得分变化"]
        );
    }
}
