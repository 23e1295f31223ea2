//! The bounds every reader keeps, so a hostile file is refused before it costs memory: the
//! upload's size, what a zip package unpacks to (measured by unpacking, not by the sizes the
//! package claims), its number of entries and sheets, a sheet's rows and columns (a web page's
//! tables too), a web page's elements and a PDF's pages.

use std::io::{Cursor, Read};

use super::{DocumentError, Format};

/// Largest file read (and accepted by `POST /api/drafts`): 20 MiB. Real 自评表 workbooks and
/// reports are well under 1 MiB; an upload beyond this is refused before it is stored.
pub const MAX_FILE: usize = 20 * 1024 * 1024;
/// Most bytes a package may unpack to, all entries together: 100 MiB.
pub const MAX_UNPACKED: u64 = 100 * 1024 * 1024;
/// Most entries a package may hold.
pub const MAX_ENTRIES: usize = 5_000;
/// Largest Word document body (word/document.xml) parsed: 10 MiB (real reports are under 2).
pub const MAX_DOCUMENT_XML: u64 = 10 * 1024 * 1024;
/// Most sheets a workbook may hold.
pub const MAX_SHEETS: usize = 200;
/// Most lines a text may have (a report and its form have a few hundred).
pub const MAX_LINES: usize = 50_000;
/// Most cells all sheets of a workbook may span together (about 70 MB as the readers hold them).
pub const MAX_CELLS: usize = 1_000_000;
/// Most rows a sheet may use (a form has under a hundred; the grid a sheet becomes stays
/// under about 15 MB).
pub const MAX_ROWS: u32 = 2_000;
/// Most columns a sheet may use.
pub const MAX_COLUMNS: u32 = 100;
/// Most elements a web page may hold (a saved 自评表 page has a few thousand).
pub const MAX_HTML_ELEMENTS: usize = 200_000;
/// Most pages a PDF may have (a report with its form has a few dozen).
pub const MAX_PDF_PAGES: usize = 500;

pub(crate) fn too_large_file(size: usize) -> DocumentError {
    DocumentError::TooLarge(format!(
        "文件大小 {:.1} MB，超过上限 {} MB",
        size as f64 / 1_048_576.0,
        MAX_FILE / 1_048_576
    ))
}

/// Checks a zip package by unpacking every entry into nothing, counting bytes up to the limit,
/// and says whether it is a workbook or a Word document.
pub(crate) fn package_kind(bytes: &[u8]) -> Result<Format, DocumentError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| DocumentError::Corrupt(format!("压缩包结构有误（{e}）")))?;
    let sheets = archive
        .file_names()
        .filter_map(Result::ok)
        .filter(|name| name.starts_with("xl/worksheets/") && name.ends_with(".xml"))
        .count();
    if sheets > MAX_SHEETS {
        return Err(DocumentError::TooLarge(format!(
            "工作簿有 {sheets} 个工作表，超过上限 {MAX_SHEETS} 个"
        )));
    }
    if archive.len() > MAX_ENTRIES {
        return Err(DocumentError::TooLarge(format!(
            "文件内含 {} 个部件，超过上限 {MAX_ENTRIES} 个",
            archive.len()
        )));
    }
    let mut unpacked: u64 = 0;
    let mut kind = None;
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index).map_err(|e| match e {
            zip::result::ZipError::UnsupportedArchive(m)
                if m.contains("ncrypt") || m.contains("assword") =>
            {
                DocumentError::Encrypted
            }
            other => DocumentError::Corrupt(format!("第 {} 个部件无法读取（{other}）", index + 1)),
        })?;
        if entry.encrypted() {
            return Err(DocumentError::Encrypted);
        }
        let name = entry.name().map(|n| n.to_string()).unwrap_or_default();
        if name == "xl/workbook.xml" {
            kind = Some(Format::Xlsx);
        } else if name == "word/document.xml" {
            kind = Some(Format::Docx);
        }
        let budget = MAX_UNPACKED - unpacked;
        let read = std::io::copy(&mut (&mut entry).take(budget + 1), &mut std::io::sink())
            .map_err(|e| DocumentError::Corrupt(format!("部件 {name} 解压失败（{e}）")))?;
        unpacked += read;
        if unpacked > MAX_UNPACKED {
            return Err(DocumentError::TooLarge(format!(
                "文件解压后超过 {} MB（部件 {name}），疑似压缩炸弹，已拒绝",
                MAX_UNPACKED / 1_048_576
            )));
        }
    }
    kind.ok_or_else(|| {
        DocumentError::Unsupported(
            "这是一个压缩包，但不是 Excel（.xlsx）或 Word（.docx）文件".to_owned(),
        )
    })
}
