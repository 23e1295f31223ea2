//! Plain text into a document: what copying a Word report gives (paragraphs as lines; a table's
//! cells each starting with a tab, a cell's own line breaks as lines without one, a blank line
//! ending a row), and a row per line with its cells separated by tabs (a spreadsheet copy),
//! ` | ` or `｜` (a web page copy), runs of two or more spaces (a PDF copy), or the pipes of a
//! Markdown table or the lines of a box-drawing one (their rule lines skipped). Text in UTF-8
//! (with or without BOM), UTF-16 with a BOM, or GB18030 (GBK) is read.

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
    /// A rule line of a Markdown (`|---|:--|`) or box-drawing (`├──┼──┤`) table.
    Rule,
    /// A line starting with a tab: a new cell of a Word table.
    Cell(&'a str),
    /// A line of cells: a table row.
    Row(Vec<&'a str>),
    Text(&'a str),
}

/// Characters of box-drawing tables' rule lines.
const RULES: &str = "─━│┃┄┅┆┇┈┉┊┋┌┍┎┏┐┑┒┓└┕┖┗┘┙┚┛├┝┞┟┠┡┢┣┤┥┦┧┨┩┪┫┬┭┮┯┰┱┲┳┴┵┶┷┸┹┺┻┼┽┾┿╀╁╂╃╄╅╆╇╈╉╊╋═║╒╓╔╕╖╗╘╙╚╛╜╝╞╟╠╡╢╣╤╥╦╧╨╩╪╫╬+-:=| ";

/// Cell separators other than the tab, strongest first.
const SEPARATORS: &[char] = &['│', '┃', '║', '｜', '|'];

fn classify(line: &str) -> Line<'_> {
    let line = line.trim_end_matches('\r');
    if line.chars().all(|c| matches!(c, ' ' | '\u{3000}')) {
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
    let trimmed = line.trim();
    if trimmed.chars().all(|c| RULES.contains(c))
        && trimmed.chars().any(|c| !matches!(c, ' ' | '|' | ':' | '+'))
    {
        return Line::Rule;
    }
    if let Some(separator) = SEPARATORS.iter().find(|s| line.contains(**s)) {
        let cells = split_on(line, *separator);
        if cells.len() > 1 {
            return Line::Row(cells);
        }
    }
    let cells = split_on_spaces(trimmed);
    if cells.len() > 1 {
        return Line::Row(cells);
    }
    Line::Text(line)
}

/// The cells of a line separated by `separator`; a line opening and closing with it (a
/// Markdown or box-drawing row) loses those outer separators, a line opening with a space
/// before it keeps its empty first cell.
fn split_on(line: &str, separator: char) -> Vec<&str> {
    // A Markdown or box-drawing row starts with its separator; a row whose first cell is empty
    // starts with a space before it.
    let inner = match line
        .strip_prefix(separator)
        .and_then(|rest| rest.trim_end().strip_suffix(separator))
    {
        Some(inner) => inner,
        None => line,
    };
    inner.split(separator).map(str::trim).collect()
}

/// The cells of a line separated by runs of two or more spaces (a full-width space counts as
/// two).
fn split_on_spaces(line: &str) -> Vec<&str> {
    let mut cells = Vec::new();
    let mut start = 0;
    let mut run = 0;
    let mut run_start = 0;
    for (at, c) in line.char_indices() {
        let width = match c {
            ' ' => 1,
            '\u{3000}' => 2,
            _ => 0,
        };
        if width > 0 {
            if run == 0 {
                run_start = at;
            }
            run += width;
        } else {
            if run >= 2 {
                cells.push(&line[start..run_start]);
                start = at;
            }
            run = 0;
        }
    }
    cells.push(line[start..].trim_end());
    cells
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
    let mut last_tabbed = false;
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
                last_tabbed = false;
                continue;
            }
            Line::Rule => {
                finish_row(&mut table, &mut row);
                continue;
            }
            Line::Cell(rest) => row.push(Cell::new(rest, location)),
            Line::Row(cells) => {
                finish_row(&mut table, &mut row);
                let tabbed = line.contains('\t');
                let current = table.get_or_insert_with(Table::default);
                let width = current.rows.iter().map(Vec::len).max().unwrap_or(0);
                // A Word table copied row by row breaks a row where a cell held a line break:
                // the two short lines together make the row.
                if tabbed
                    && last_tabbed
                    && let Some(previous) = current.rows.last_mut()
                    && previous.len() < width
                    && previous.len() + cells.len() == width + 1
                {
                    let mut rest = cells.into_iter();
                    if let (Some(first), Some(last)) = (rest.next(), previous.last_mut()) {
                        last.text.push('\n');
                        last.text.push_str(first);
                    }
                    for text in rest {
                        let column = previous.len() + 1;
                        previous.push(Cell::new(text, format!("{location} 第{column}列")));
                    }
                } else {
                    let cells = cells
                        .into_iter()
                        .enumerate()
                        .map(|(column, text)| {
                            Cell::new(text, format!("{location} 第{}列", column + 1))
                        })
                        .collect();
                    current.rows.push(cells);
                }
                last_tabbed = tabbed;
                after_blank = false;
                continue;
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
        last_tabbed = false;
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
    fn web_pdf_markdown_and_box_drawing_copies_split_into_cells() {
        let rows = |text: &str| -> Vec<Vec<String>> {
            let document = read_ok(text);
            let Block::Table(table) = &document.blocks[0] else {
                panic!("a table in {text}");
            };
            table
                .rows
                .iter()
                .map(|row| row.iter().map(|c| c.text.clone()).collect())
                .collect()
        };
        assert_eq!(
            rows(" | 年度资金总额 | 150万 | "),
            [["", "年度资金总额", "150万", ""]]
        );
        assert_eq!(
            rows("成本指标｜资助标准｜｜100%"),
            [["成本指标", "资助标准", "", "100%"]]
        );
        assert_eq!(
            rows("清理垃圾成本预算    =    4    万元"),
            [["清理垃圾成本预算", "=", "4", "万元"]]
        );
        assert_eq!(
            rows("| 三级指标 | 指标值 |\n|---|:--:|\n| 新入规企业 | 135家 |"),
            [["三级指标", "指标值"], ["新入规企业", "135家"]]
        );
        assert_eq!(
            rows("┌──┬──┐\n│三级指标│指标值│\n├──┼──┤\n│新入规企业│135家│\n└──┴──┘"),
            [["三级指标", "指标值"], ["新入规企业", "135家"]]
        );
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
