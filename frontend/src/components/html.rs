//! Read-only tables built as HTML text and put on the page with `inner_html`.
//!
//! A table of dozens of rows written with `view!` costs a lot of WebAssembly (every cell is
//! typed code); as escaped text it costs a few string appends, and it renders faster. Links in
//! it are plain `<a href>`: the router still handles them in the page. Everything interactive
//! (rows that open explanations, filters, chart toggles) stays in `view!`.

use fundlens_shared::chart::grade_colour;
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

/// A grade chip as HTML.
pub(crate) fn grade_badge(grade: Grade) -> String {
    format!(
        r#"<span class="grade-badge" style="background:{}" title="评价等级：{label}">{label}</span>"#,
        grade_colour(grade),
        label = grade.label()
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

    fn write(&self, out: &mut String, in_head: bool) {
        let tag = if self.heading || in_head { "th" } else { "td" };
        out.push('<');
        out.push_str(tag);
        if self.heading && !in_head {
            out.push_str(r#" scope="row""#);
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

/// A whole table as HTML: `class`, heading rows, body rows.
pub(crate) fn table(class: &str, head: &[Vec<Cell>], rows: &[Row]) -> String {
    let mut out = format!(r#"<table class="{}"><thead>"#, escape(class));
    for line in head {
        out.push_str("<tr>");
        for cell in line {
            cell.write(&mut out, true);
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
        for cell in &row.cells {
            cell.write(&mut out, false);
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
             <tbody><tr data-region=\"赫山区\"><th scope=\"row\">赫山区</th>\
             <td class=\"num\">9.6%</td></tr></tbody></table>"
        );
    }
}
