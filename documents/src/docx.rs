//! Word documents (.docx) into paragraphs and tables, read from the package's
//! `word/document.xml` with roxmltree: a paragraph's runs joined (tabs and breaks kept), a
//! table's cells with their paragraphs as lines, a cell spanning columns (`gridSpan`) followed by
//! covered cells so columns stay aligned, a cell merged down (`vMerge`) left empty and pointing
//! at the cell that covers it, for the form reader to carry down.

use std::io::{Cursor, Read};

use roxmltree::Node;

use super::DocumentError;
use super::grid::{Block, Cell, Document, Table, table_location};
use super::limits::MAX_DOCUMENT_XML;

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// Reads a .docx package (already checked by [`super::limits::package_kind`]).
pub(crate) fn read(bytes: &[u8]) -> Result<Document, DocumentError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| DocumentError::Corrupt(e.to_string()))?;
    let mut entry = archive
        .by_name("word/document.xml")
        .map_err(|e| DocumentError::Corrupt(e.to_string()))?;
    let mut xml = String::new();
    (&mut entry)
        .take(MAX_DOCUMENT_XML + 1)
        .read_to_string(&mut xml)
        .map_err(|e| DocumentError::Corrupt(format!("正文不是有效的文本（{e}）")))?;
    if xml.len() as u64 > MAX_DOCUMENT_XML {
        return Err(DocumentError::TooLarge(format!(
            "Word 正文超过 {} MB",
            MAX_DOCUMENT_XML / 1_048_576
        )));
    }
    let tree = roxmltree::Document::parse(&xml)
        .map_err(|e| DocumentError::Corrupt(format!("正文 XML 有误（{e}）")))?;
    let body = tree
        .root_element()
        .children()
        .find(|n| is(n, "body"))
        .ok_or_else(|| DocumentError::Corrupt("没有正文（w:body）".to_owned()))?;
    let mut reader = BodyReader::default();
    reader.blocks_of(body);
    Ok(Document {
        blocks: reader.blocks,
    })
}

fn is(node: &Node<'_, '_>, name: &str) -> bool {
    node.is_element() && node.tag_name().name() == name && node.tag_name().namespace() == Some(W)
}

#[derive(Default)]
struct BodyReader {
    blocks: Vec<Block>,
    paragraphs: usize,
    tables: usize,
}

impl BodyReader {
    fn blocks_of(&mut self, parent: Node<'_, '_>) {
        for node in parent.children().filter(Node::is_element) {
            if is(&node, "p") {
                self.paragraphs += 1;
                let text = paragraph_text(node);
                if !text.trim().is_empty() {
                    self.blocks.push(Block::Paragraph(Cell::new(
                        text,
                        format!("第{}段", self.paragraphs),
                    )));
                }
            } else if is(&node, "tbl") {
                self.tables += 1;
                self.blocks.push(Block::Table(table(node, self.tables)));
            } else if is(&node, "sdt") || is(&node, "sdtContent") || is(&node, "customXml") {
                self.blocks_of(node);
            }
        }
    }
}

/// A paragraph's text: its runs' texts, `w:tab` as a tab, `w:br` as a line break.
fn paragraph_text(paragraph: Node<'_, '_>) -> String {
    let mut text = String::new();
    for node in paragraph.descendants().filter(Node::is_element) {
        if is(&node, "t") {
            text.push_str(node.text().unwrap_or(""));
        } else if is(&node, "tab") && node.parent().is_some_and(|p| is(&p, "r")) {
            text.push('\t');
        } else if is(&node, "br") || is(&node, "cr") {
            text.push('\n');
        }
    }
    text
}

fn table(node: Node<'_, '_>, number: usize) -> Table {
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    for (r, row) in node.children().filter(|n| is(n, "tr")).enumerate() {
        let mut cells = Vec::new();
        for cell in row.children().filter(|n| is(n, "tc")) {
            let properties = cell.children().find(|n| is(n, "tcPr"));
            let span = properties
                .and_then(|p| p.children().find(|n| is(n, "gridSpan")))
                .and_then(|g| g.attribute((W, "val")))
                .and_then(|v| v.parse::<usize>().ok())
                .unwrap_or(1)
                .clamp(1, 100);
            let merged_down = properties
                .and_then(|p| p.children().find(|n| is(n, "vMerge")))
                .is_some_and(|m| m.attribute((W, "val")).is_none_or(|v| v == "continue"));
            let column = cells.len();
            let location = table_location(number, r, column);
            let above = r
                .checked_sub(1)
                .and_then(|up| rows.get(up))
                .and_then(|line| line.get(column))
                .map(|cell: &Cell| cell.covered_by.unwrap_or((r - 1, column)));
            let first = match above.filter(|_| merged_down) {
                Some((top, left)) => Cell::covered(location, top, left),
                None => Cell::new(
                    cell.descendants()
                        .filter(|n| is(n, "p"))
                        .map(paragraph_text)
                        .collect::<Vec<_>>()
                        .join("\n"),
                    location,
                ),
            };
            let origin = first.covered_by.unwrap_or((r, column));
            cells.push(first);
            for extra in 1..span {
                cells.push(Cell::covered(
                    table_location(number, r, column + extra),
                    origin.0,
                    origin.1,
                ));
            }
        }
        rows.push(cells);
    }
    Table {
        name: format!("表{number}"),
        rows,
    }
}
