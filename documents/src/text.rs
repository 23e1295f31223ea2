//! Plain text into a document: what copying a Word report gives (paragraphs as lines; a table's
//! cells each starting with a tab, a cell's own line breaks as lines without one, a blank line
//! ending a row) and what copying from a spreadsheet gives (a row per line, cells separated by
//! tabs). Text in UTF-8 (with or without BOM), UTF-16 with a BOM, or GB18030 (GBK) is read.

use super::DocumentError;
use super::grid::{Block, Cell, Document, Table};
use super::limits::MAX_LINES;

/// Decodes the bytes of a text file: UTF-8, UTF-16 with a byte-order mark, else GB18030.
/// Returns `None` when none of these gives text.
pub(crate) fn decode(bytes: &[u8]) -> Option<String> {
    if let Some((encoding, _)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _, malformed) = encoding.decode(bytes);
        return (!malformed).then(|| text.into_owned());
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Some(text.to_owned());
    }
    let (text, _, malformed) = encoding_rs::GB18030.decode(bytes);
    (!malformed).then(|| text.into_owned())
}

/// What one line of the text is.
enum Line<'a> {
    Blank,
    /// A line starting with a tab: a new cell of a Word table.
    Cell(&'a str),
    /// A line with tabs inside: a spreadsheet row.
    Row(Vec<&'a str>),
    Text(&'a str),
}

fn classify(line: &str) -> Line<'_> {
    if line.chars().all(|c| matches!(c, ' ' | '\u{3000}' | '\r')) {
        return Line::Blank;
    }
    let indented = line.trim_start_matches([' ', '\u{3000}']);
    if let Some(rest) = indented.strip_prefix('\t')
        && !rest.contains('\t')
    {
        return Line::Cell(rest);
    }
    if line.contains('\t') {
        return Line::Row(line.split('\t').collect());
    }
    Line::Text(line)
}

/// Reads text into paragraphs and tables; locations are line numbers (`第58行`).
///
/// # Errors
/// When the text has more than [`MAX_LINES`] lines.
pub(crate) fn read(text: &str) -> Result<Document, DocumentError> {
    let lines = text.lines().count();
    if lines > MAX_LINES {
        return Err(DocumentError::TooLarge(format!(
            "文本有 {lines} 行，超过上限 {MAX_LINES} 行"
        )));
    }
    let mut blocks = Vec::new();
    let mut table: Option<Table> = None;
    let mut row: Vec<Cell> = Vec::new();
    let mut after_blank = true;
    let finish_row = |table: &mut Option<Table>, row: &mut Vec<Cell>| {
        if !row.is_empty() {
            table
                .get_or_insert_with(Table::default)
                .rows
                .push(std::mem::take(row));
        }
    };
    for (number, line) in text.lines().enumerate() {
        let location = format!("第{}行", number + 1);
        match classify(line) {
            Line::Blank => {
                finish_row(&mut table, &mut row);
                after_blank = true;
                continue;
            }
            Line::Cell(rest) => row.push(Cell::new(rest, location)),
            Line::Row(cells) => {
                finish_row(&mut table, &mut row);
                let cells = cells
                    .into_iter()
                    .enumerate()
                    .map(|(column, text)| Cell::new(text, format!("{location}第{}列", column + 1)))
                    .collect();
                table.get_or_insert_with(Table::default).rows.push(cells);
            }
            Line::Text(text) => {
                if let Some(cell) = row.last_mut().filter(|_| !after_blank) {
                    cell.text.push('\n');
                    cell.text.push_str(text);
                } else {
                    finish_row(&mut table, &mut row);
                    if let Some(done) = table.take() {
                        blocks.push(Block::Table(named(done, &blocks)));
                    }
                    blocks.push(Block::Paragraph(Cell::new(text.trim(), location)));
                }
            }
        }
        after_blank = false;
    }
    finish_row(&mut table, &mut row);
    if let Some(done) = table.take() {
        blocks.push(Block::Table(named(done, &blocks)));
    }
    Ok(Document { blocks })
}

fn named(mut table: Table, blocks: &[Block]) -> Table {
    let count = blocks
        .iter()
        .filter(|b| matches!(b, Block::Table(_)))
        .count();
    table.name = format!("表格{}", count + 1);
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_ok(text: &str) -> Document {
        read(text).expect("reads")
    }

    #[test]
    fn word_tables_keep_multi_line_cells_and_rows() {
        let document = read_ok(
            "标题\n\n\t项目名称\n\t专项资金\n\n\t项目资金\n（万元）\n\t年初\n预算数\n\n正文",
        );
        let Block::Table(table) = &document.blocks[1] else {
            panic!("a table");
        };
        assert_eq!(table.rows.len(), 2);
        assert_eq!(table.rows[1][0].text, "项目资金\n（万元）");
        assert_eq!(table.rows[1][1].label(), "年初预算数");
        assert_eq!(table.rows[0][1].location, "第4行");
        assert!(matches!(&document.blocks[2], Block::Paragraph(p) if p.text == "正文"));
    }

    #[test]
    fn spreadsheet_rows_split_on_tabs() {
        let document = read_ok("项目名称\t专项资金\n主管部门\t工信局\t实施单位\t工信局\n");
        let Block::Table(table) = &document.blocks[0] else {
            panic!("a table");
        };
        assert_eq!(table.rows[1].len(), 4);
        assert_eq!(table.rows[1][3].text, "工信局");
    }

    #[test]
    fn a_text_of_too_many_lines_is_refused() {
        let text = "一行\n".repeat(MAX_LINES + 1);
        assert!(matches!(read(&text), Err(DocumentError::TooLarge(_))));
    }

    #[test]
    fn encodings_are_recognised() {
        let (gbk, _, _) = encoding_rs::GBK.encode("项目名称");
        assert_eq!(decode(&gbk).as_deref(), Some("项目名称"));
        assert_eq!(decode("\u{feff}项目".as_bytes()).as_deref(), Some("项目"));
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("项目".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(decode(&utf16).as_deref(), Some("项目"));
    }
}
