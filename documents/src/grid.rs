//! What every reader turns a file into before the form and report readers look at it: a
//! sequence of paragraphs and tables of cells, each cell with the text a person sees in it and
//! where it stands in the file, in words (`自评表!B3`, `表1 第3行 第2列`, `第58行`). A cell
//! covered by a merged cell (Excel merges, HTML `rowspan`/`colspan`, Word `gridSpan`/`vMerge`)
//! is empty and says which cell covers it.

use fundlens_shared::reading::cells::compact;

/// One cell (or paragraph) of a document.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Cell {
    /// The text as read, line breaks kept.
    pub(crate) text: String,
    /// Where it stands, in Chinese for people (`自评表!B3`).
    pub(crate) location: String,
    /// What the reader had to do to read it (a formula's cached value, a date cell), in Chinese.
    pub(crate) note: Option<String>,
    /// The value the file stores when it differs from the text shown (a spreadsheet number
    /// `0.973` shown as `97.30%`).
    pub(crate) stored: Option<String>,
    /// For a cell covered by a merged cell: the (row, column) of the cell that covers it.
    pub(crate) covered_by: Option<(usize, usize)>,
}

impl Cell {
    pub(crate) fn new(text: impl Into<String>, location: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            location: location.into(),
            ..Self::default()
        }
    }

    /// An empty cell covered by the merged cell at (`row`, `column`).
    pub(crate) fn covered(location: impl Into<String>, row: usize, column: usize) -> Self {
        Self {
            location: location.into(),
            covered_by: Some((row, column)),
            ..Self::default()
        }
    }

    /// The text as labels are compared: no whitespace, ASCII brackets.
    pub(crate) fn label(&self) -> String {
        compact(&self.text)
    }

    /// The text trimmed, line breaks kept.
    pub(crate) fn trimmed(&self) -> &str {
        self.text.trim()
    }

    /// The text with line breaks inside the cell removed (a label or a value broken over lines
    /// in a narrow column: `经济效\n益指标`).
    pub(crate) fn joined(&self) -> String {
        self.text.lines().map(str::trim).collect::<String>()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.text.trim().is_empty()
    }
}

/// A table: rows of cells. Rows may differ in length (text copied from Word loses empty merged
/// cells); spreadsheet rows all have the sheet's width.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Table {
    /// The sheet's name, or `表格N`.
    pub(crate) name: String,
    pub(crate) rows: Vec<Vec<Cell>>,
}

/// Where a cell of the `number`th table stands, in words: `表1 第3行 第2列` (1-based).
pub(crate) fn table_location(number: usize, row: usize, column: usize) -> String {
    format!("表{number} 第{}行 第{}列", row + 1, column + 1)
}

/// A paragraph or a table, in document order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Block {
    Paragraph(Cell),
    Table(Table),
}

/// A document as the readers see it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Document {
    pub(crate) blocks: Vec<Block>,
}

/// `A`, `B`, …, `Z`, `AA` for a 0-based column.
pub(crate) fn column_letters(column: u32) -> String {
    let mut letters = Vec::new();
    let mut n = column + 1;
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + u8::try_from(rem).unwrap_or(0)));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_count_like_a_spreadsheet() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(701), "ZZ");
    }

    #[test]
    fn cells_join_broken_lines_and_compare_compacted() {
        let cell = Cell::new("经济效\n益指标", "A1");
        assert_eq!(cell.joined(), "经济效益指标");
        assert_eq!(
            Cell::new("项目资金\n（万元）", "A1").label(),
            "项目资金(万元)"
        );
    }
}
