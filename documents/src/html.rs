//! Saved web pages (.html, .htm) into paragraphs and tables, through a real HTML parser
//! (`scraper`, on html5ever): the page decoded by its byte-order mark, its `<meta charset>`, or
//! as UTF-8 and else GBK; each `<table>` laid out on a grid with its `rowspan` and `colspan`
//! (a covered cell empty and saying which cell covers it), a cell's `<br>` and paragraphs kept
//! as lines; the text outside tables as paragraphs, one per block element. Scripts and styles
//! are not text. Bounded by [`MAX_HTML_ELEMENTS`] elements and the sheet limits per table.

use ego_tree::iter::Edge;
use scraper::{ElementRef, Html, Node};

use super::DocumentError;
use super::grid::{Block, Cell, Document, Table, table_location};
use super::limits::{MAX_CELLS, MAX_COLUMNS, MAX_HTML_ELEMENTS, MAX_ROWS};

/// True when the bytes look like a web page (`<!DOCTYPE html`, `<html`, `<table` near the start).
pub(crate) fn is_html(bytes: &[u8]) -> bool {
    let head: String = String::from_utf8_lossy(&bytes[..bytes.len().min(2048)]).to_lowercase();
    let head = head.trim_start_matches('\u{feff}').trim_start();
    head.starts_with("<!doctype html")
        || head.starts_with("<html")
        || head.starts_with("<?xml") && head.contains("<html")
        || (head.starts_with('<') && (head.contains("<table") || head.contains("<body")))
}

/// The page's text: by its byte-order mark, else the charset its `<meta>` names, else UTF-8
/// when it is valid, else GB18030 (GBK).
pub(crate) fn decode(bytes: &[u8]) -> Option<String> {
    if let Some((encoding, _)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _, malformed) = encoding.decode(bytes);
        return (!malformed).then(|| text.into_owned());
    }
    let declared = declared_charset(&bytes[..bytes.len().min(4096)]);
    let encoding = match declared {
        Some(encoding) => encoding,
        None if std::str::from_utf8(bytes).is_ok() => encoding_rs::UTF_8,
        None => encoding_rs::GB18030,
    };
    let (text, _, _) = encoding.decode(bytes);
    Some(text.into_owned())
}

/// The encoding a page's head declares (`<meta charset="gbk">`, `content="text/html;
/// charset=gb2312"`); GBK and GB2312 are read as GB18030, which contains them.
fn declared_charset(head: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let text = String::from_utf8_lossy(head).to_ascii_lowercase();
    let at = text.find("charset=")? + "charset=".len();
    let label: String = text[at..]
        .trim_start_matches(['"', '\''])
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    let encoding = encoding_rs::Encoding::for_label(label.as_bytes())?;
    Some(if encoding == encoding_rs::GBK {
        encoding_rs::GB18030
    } else {
        encoding
    })
}

/// Elements whose end closes a paragraph of the text outside tables.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "tr",
    "br",
    "section",
    "article",
    "header",
    "footer",
    "title",
    "dt",
    "dd",
    "blockquote",
    "pre",
];

/// Elements whose content is not text.
const SKIPPED: &[&str] = &["script", "style", "noscript", "template", "head"];

/// Reads a page's text into paragraphs and tables.
///
/// # Errors
/// When the page holds more than [`MAX_HTML_ELEMENTS`] elements, or a table or all tables
/// together exceed the sheet limits.
pub(crate) fn read(text: &str) -> Result<Document, DocumentError> {
    let page = Html::parse_document(text);
    let elements = page.tree.values().filter(|node| node.is_element()).count();
    if elements > MAX_HTML_ELEMENTS {
        return Err(DocumentError::TooLarge(format!(
            "网页有 {elements} 个元素，超过上限 {MAX_HTML_ELEMENTS} 个"
        )));
    }
    let mut reader = PageReader {
        cells: MAX_CELLS,
        ..PageReader::default()
    };
    reader.walk(&page)?;
    reader.flush();
    Ok(Document {
        blocks: reader.blocks,
    })
}

#[derive(Default)]
struct PageReader {
    blocks: Vec<Block>,
    text: String,
    paragraphs: usize,
    tables: usize,
    /// Cells the page's tables may still span.
    cells: usize,
}

impl PageReader {
    fn flush(&mut self) {
        let text = collapse(&self.text);
        self.text.clear();
        if !text.is_empty() {
            self.paragraphs += 1;
            self.blocks.push(Block::Paragraph(Cell::new(
                text,
                format!("网页第{}段", self.paragraphs),
            )));
        }
    }

    /// Walks the page in document order (an iterator, not recursion: a page may nest
    /// thousands of elements); a table is read whole and its content not walked again.
    fn walk(&mut self, page: &Html) -> Result<(), DocumentError> {
        let mut skipping = None;
        for edge in page.root_element().traverse() {
            match edge {
                Edge::Open(node) if skipping.is_none() => match node.value() {
                    Node::Text(text) => self.text.push_str(text),
                    Node::Element(element) if SKIPPED.contains(&element.name()) => {
                        skipping = Some(node.id());
                    }
                    Node::Element(element) if element.name() == "table" => {
                        self.flush();
                        if let Some(found) = ElementRef::wrap(node) {
                            self.tables += 1;
                            let read = table(found, self.tables, &mut self.cells)?;
                            self.blocks.push(Block::Table(read));
                        }
                        skipping = Some(node.id());
                    }
                    Node::Element(element) if element.name() == "br" => self.flush(),
                    _ => {}
                },
                Edge::Open(_) => {}
                Edge::Close(node) => {
                    if skipping == Some(node.id()) {
                        skipping = None;
                    } else if skipping.is_none()
                        && let Node::Element(element) = node.value()
                        && BLOCKS.contains(&element.name())
                    {
                        self.flush();
                    }
                }
            }
        }
        Ok(())
    }
}

/// Whitespace runs (and `&nbsp;`) as one space, each line trimmed, empty lines dropped.
fn collapse(text: &str) -> String {
    text.lines()
        .map(|line| {
            line.split(|c: char| c.is_whitespace() && c != '\u{3000}')
                .filter(|part| !part.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// A cell's text: its text runs, `<br>` and block elements as line breaks.
fn cell_text(cell: ElementRef<'_>) -> String {
    let mut text = String::new();
    for edge in cell.traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Text(run) => text.push_str(run),
                Node::Element(element) if element.name() == "br" => text.push('\n'),
                _ => {}
            },
            Edge::Close(node) => {
                if let Node::Element(element) = node.value()
                    && matches!(element.name(), "p" | "div" | "li")
                {
                    text.push('\n');
                }
            }
        }
    }
    collapse(&text)
}

/// The rows of `table` (its own, not a nested table's).
fn rows_of(table: ElementRef<'_>) -> Vec<ElementRef<'_>> {
    let mut rows = Vec::new();
    for child in table.children().filter_map(ElementRef::wrap) {
        match child.value().name() {
            "tr" => rows.push(child),
            "thead" | "tbody" | "tfoot" => rows.extend(
                child
                    .children()
                    .filter_map(ElementRef::wrap)
                    .filter(|row| row.value().name() == "tr"),
            ),
            _ => {}
        }
    }
    rows
}

fn span(cell: ElementRef<'_>, attribute: &str, most: usize) -> usize {
    cell.value()
        .attr(attribute)
        .and_then(|value| value.trim().parse::<usize>().ok())
        .unwrap_or(1)
        .clamp(1, most)
}

/// A table laid out on its grid: each cell at its place, the places its spans cover empty and
/// pointing at it.
fn table(
    element: ElementRef<'_>,
    number: usize,
    budget: &mut usize,
) -> Result<Table, DocumentError> {
    let max_rows = MAX_ROWS as usize;
    let max_columns = MAX_COLUMNS as usize;
    let rows = rows_of(element);
    if rows.len() > max_rows {
        return Err(DocumentError::TooLarge(format!(
            "网页表{number}有 {} 行，超出可读范围（{MAX_ROWS} 行）",
            rows.len()
        )));
    }
    let mut grid: Vec<Vec<Option<Cell>>> = vec![Vec::new(); rows.len()];
    for (r, row) in rows.iter().enumerate() {
        let mut c = 0;
        for cell in row
            .children()
            .filter_map(ElementRef::wrap)
            .filter(|cell| matches!(cell.value().name(), "td" | "th"))
        {
            while grid[r].get(c).is_some_and(Option::is_some) {
                c += 1;
            }
            let down = span(cell, "rowspan", rows.len() - r);
            let across = span(cell, "colspan", max_columns);
            if c + across > max_columns {
                return Err(DocumentError::TooLarge(format!(
                    "网页表{number}第{}行超出可读范围（{MAX_COLUMNS} 列）",
                    r + 1
                )));
            }
            for dr in 0..down {
                for dc in 0..across {
                    let line = &mut grid[r + dr];
                    if line.len() <= c + dc {
                        line.resize(c + dc + 1, None);
                    }
                    let location = table_location(number, r + dr, c + dc);
                    line[c + dc] = Some(if dr == 0 && dc == 0 {
                        Cell::new(cell_text(cell), location)
                    } else {
                        Cell::covered(location, r, c)
                    });
                }
            }
            c += across;
        }
    }
    let width = grid.iter().map(Vec::len).max().unwrap_or(0);
    *budget = budget.checked_sub(width * grid.len()).ok_or_else(|| {
        DocumentError::TooLarge(format!("网页的表格合计超过 {MAX_CELLS} 个单元格"))
    })?;
    let rows = grid
        .into_iter()
        .enumerate()
        .map(|(r, line)| {
            (0..width)
                .map(|c| {
                    line.get(c)
                        .cloned()
                        .flatten()
                        .unwrap_or_else(|| Cell::new("", table_location(number, r, c)))
                })
                .collect()
        })
        .collect();
    Ok(Table {
        name: format!("表{number}"),
        rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tables(page: &str) -> Vec<Table> {
        read(page)
            .expect("reads")
            .blocks
            .into_iter()
            .filter_map(|block| match block {
                Block::Table(table) => Some(table),
                Block::Paragraph(_) => None,
            })
            .collect()
    }

    #[test]
    fn spans_lay_cells_on_their_grid() {
        let page = "<html><body><p>附件</p><table>\
            <tr><td rowspan=2>绩效指标</td><td colspan=2>年度指标值</td><td>得分</td></tr>\
            <tr><td>指标性质</td><td>指标值<br>（数值）</td><td>5</td></tr>\
            </table><script>var x = '<td>';</script></body></html>";
        let found = tables(page);
        assert_eq!(found.len(), 1);
        let rows = &found[0].rows;
        assert_eq!(rows[0][1].text, "年度指标值");
        assert_eq!(rows[0][2].covered_by, Some((0, 1)));
        assert_eq!(rows[1][0].covered_by, Some((0, 0)));
        assert_eq!(rows[1][2].text, "指标值\n（数值）");
        assert_eq!(rows[1][3].location, "表1 第2行 第4列");
    }

    #[test]
    fn pages_decode_by_bom_meta_or_guess() {
        let (gbk, _, _) =
            encoding_rs::GBK.encode("<html><head><meta charset=\"gbk\"></head><p>项目名称</p>");
        assert!(decode(&gbk).is_some_and(|t| t.contains("项目名称")));
        let (undeclared, _, _) = encoding_rs::GBK.encode("<html><p>项目名称</p></html>");
        assert!(decode(&undeclared).is_some_and(|t| t.contains("项目名称")));
        assert!(is_html(b"<!DOCTYPE html><html>"));
        assert!(!is_html("项目名称\t专项资金".as_bytes()));
    }
}
