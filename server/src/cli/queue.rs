//! The queue `fundlens ingest` prints after reading a folder: one line per form found (or file
//! that could not be read) with its file, form, region, year, indicator rows read, fields
//! 待核对 and state — the columns of the 导入 page's queue — aligned for a terminal, Chinese
//! characters counting two columns.

use fundlens_documents::review;
use fundlens_shared::draft::DraftContent;

/// One line of the queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct QueueRow {
    file: String,
    form: String,
    region: String,
    year: String,
    rows: String,
    misfits: String,
    state: String,
}

impl QueueRow {
    /// A form read from `file`.
    pub(super) fn of(file: &str, draft: &DraftContent) -> Self {
        let facts = review::facts(draft);
        let state = if review::record_of(draft).is_ok() {
            "可导入"
        } else if facts.misfits > 0 {
            "待核对"
        } else if facts.missing > 0 {
            "缺必填项"
        } else {
            "有误，见上"
        };
        Self {
            file: file.to_owned(),
            form: draft.form.clone(),
            region: facts.region.unwrap_or_else(|| "—".to_owned()),
            year: facts.year.map_or_else(|| "—".to_owned(), |y| y.to_string()),
            rows: facts.rows.to_string(),
            misfits: facts.misfits.to_string(),
            state: state.to_owned(),
        }
    }

    /// A file that could not be read, and why.
    pub(super) fn unreadable(file: &str, why: &dyn std::fmt::Display) -> Self {
        Self {
            file: file.to_owned(),
            form: "—".to_owned(),
            region: "—".to_owned(),
            year: "—".to_owned(),
            rows: "0".to_owned(),
            misfits: "0".to_owned(),
            state: format!("无法读取：{why}"),
        }
    }

    fn cells(&self) -> [&str; 7] {
        [
            &self.file,
            &self.form,
            &self.region,
            &self.year,
            &self.rows,
            &self.misfits,
            &self.state,
        ]
    }
}

const HEADINGS: [&str; 7] = ["文件", "表", "地区", "年度", "读到指标", "待核对", "状态"];

/// Columns a text takes in a terminal: two for a wide (CJK, full-width) character.
fn width(text: &str) -> usize {
    text.chars()
        .map(|c| {
            let wide = matches!(c as u32,
                0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF
                | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD);
            if wide { 2 } else { 1 }
        })
        .sum()
}

/// The queue as a table: a heading line, one line per row and a count of the forms ready.
pub(super) fn queue_table(rows: &[QueueRow]) -> String {
    let mut widths = HEADINGS.map(width);
    for row in rows {
        for (column, cell) in row.cells().into_iter().enumerate() {
            widths[column] = widths[column].max(width(cell));
        }
    }
    let line = |cells: [&str; 7]| {
        let mut text = String::new();
        for (column, cell) in cells.into_iter().enumerate() {
            text.push_str(cell);
            if column + 1 < cells.len() {
                text.push_str(&" ".repeat(widths[column] - width(cell) + 2));
            }
        }
        text.push('\n');
        text
    };
    let mut table = format!("导入队列（{} 张自评表）\n", rows.len());
    table.push_str(&line(HEADINGS));
    for row in rows {
        table.push_str(&line(row.cells()));
    }
    let ready = rows.iter().filter(|row| row.state == "可导入").count();
    table.push_str(&format!(
        "可导入 {ready} 张，需人工核对或补全 {} 张\n",
        rows.len() - ready
    ));
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_line_up_with_chinese_text_counting_two() {
        assert_eq!(width("桃江县"), 6);
        assert_eq!(width("2023"), 4);
        let rows = [
            QueueRow::unreadable("a.txt", &"坏"),
            QueueRow {
                file: "桃江县.xlsx".to_owned(),
                form: "表格1".to_owned(),
                region: "桃江县".to_owned(),
                year: "2023".to_owned(),
                rows: "12".to_owned(),
                misfits: "0".to_owned(),
                state: "可导入".to_owned(),
            },
        ];
        let table = queue_table(&rows);
        let lines: Vec<&str> = table.lines().collect();
        let column = |line: &str| {
            width(
                &line[..line
                    .find("年度")
                    .or(line.find("2023"))
                    .or(line.find('—'))
                    .unwrap_or(0)],
            )
        };
        assert_eq!(lines.len(), 5, "{table}");
        assert_eq!(column(lines[1]), column(lines[3]), "{table}");
        assert!(lines[4].contains("可导入 1 张"), "{table}");
    }
}
