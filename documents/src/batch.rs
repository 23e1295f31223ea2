//! A batch of files brought in at once: the files of one upload, or the entries of a .zip of
//! forms, each then read on its own by [`crate::read`]. Only one level is unpacked (a .zip in
//! the .zip is refused, not opened), and every bound is measured by unpacking, never by the
//! sizes a package claims: at most [`MAX_BATCH_FILES`] files, each at most
//! [`limits::MAX_FILE`], all together at most [`limits::MAX_UNPACKED`] (a zip bomb is refused
//! whole, having cost no more than that). A file refused (too large, encrypted, a nested
//! archive) is named with its reason and does not hold back the others.

use std::io::{Cursor, Read};

use crate::{DocumentError, limits};

/// Most files one batch may hold: the files of an upload and the entries of its .zip together.
pub const MAX_BATCH_FILES: usize = 200;
/// Largest request body of a batch upload: 50 MiB (several files, each at most
/// [`limits::MAX_FILE`]).
pub const MAX_BATCH: usize = 50 * 1024 * 1024;

/// One file of a batch, with the name it is shown by (`批量.zip/桃江县.xlsx` for an entry).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchFile {
    /// The file's name.
    pub name: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// A file of the batch to read, or one refused with its reason.
pub type Entry = Result<BatchFile, (String, DocumentError)>;

/// True for a zip archive that is not itself a document (an .xlsx or .docx is a zip too, and
/// is read as the document it is).
fn is_plain_archive(bytes: &[u8]) -> bool {
    if !bytes.starts_with(b"PK\x03\x04") && !bytes.starts_with(b"PK\x05\x06") {
        return false;
    }
    zip::ZipArchive::new(Cursor::new(bytes)).is_ok_and(|archive| {
        !archive.file_names().filter_map(Result::ok).any(|name| {
            [
                "[Content_Types].xml",
                "xl/workbook.xml",
                "word/document.xml",
            ]
            .contains(&name.as_ref())
        })
    })
}

/// The files of one uploaded file: itself, or the entries of a .zip of forms.
///
/// # Errors
/// The whole file is refused when it is a damaged archive, holds more than
/// [`MAX_BATCH_FILES`] files (or [`limits::MAX_ENTRIES`] entries), or unpacks beyond
/// [`limits::MAX_UNPACKED`] bytes.
pub fn expand(name: &str, bytes: Vec<u8>) -> Result<Vec<Entry>, DocumentError> {
    if !is_plain_archive(&bytes) {
        return Ok(vec![Ok(BatchFile {
            name: name.to_owned(),
            bytes,
        })]);
    }
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes.as_slice()))
        .map_err(|e| DocumentError::Corrupt(format!("压缩包“{name}”结构有误（{e}）")))?;
    if archive.len() > limits::MAX_ENTRIES {
        return Err(DocumentError::TooLarge(format!(
            "压缩包“{name}”有 {} 个条目，超过上限 {} 个",
            archive.len(),
            limits::MAX_ENTRIES
        )));
    }
    let mut entries = Vec::new();
    let mut unpacked: u64 = 0;
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index).map_err(|e| {
            DocumentError::Corrupt(format!("压缩包“{name}”第 {} 项无法读取（{e}）", index + 1))
        })?;
        let inner = entry_name(entry.name_raw());
        if entry.is_dir() || skipped(&inner) {
            continue;
        }
        let shown = format!("{name}/{inner}");
        if entries.len() == MAX_BATCH_FILES {
            return Err(DocumentError::TooLarge(format!(
                "压缩包“{name}”中的文件超过上限 {MAX_BATCH_FILES} 个；请分批上传"
            )));
        }
        if entry.encrypted() {
            entries.push(Err((shown, DocumentError::Encrypted)));
            continue;
        }
        let mut content = Vec::new();
        let budget = (limits::MAX_UNPACKED - unpacked).min(limits::MAX_FILE as u64);
        let read = (&mut entry)
            .take(budget + 1)
            .read_to_end(&mut content)
            .map_err(|e| {
                DocumentError::Corrupt(format!("压缩包“{name}”中的“{inner}”解压失败（{e}）"))
            })?;
        unpacked += read as u64;
        if unpacked > limits::MAX_UNPACKED {
            return Err(DocumentError::TooLarge(format!(
                "压缩包“{name}”解压后超过 {} MB（到“{inner}”为止），疑似压缩炸弹，已全部拒绝",
                limits::MAX_UNPACKED / 1_048_576
            )));
        }
        if content.len() > limits::MAX_FILE {
            entries.push(Err((shown, limits::too_large_file(content.len()))));
            continue;
        }
        if inner.to_lowercase().ends_with(".zip") || is_plain_archive(&content) {
            entries.push(Err((
                shown,
                DocumentError::Unsupported(
                    "压缩包中的压缩包不再展开（只展开一层）；请解压后上传其中的文件".to_owned(),
                ),
            )));
            continue;
        }
        entries.push(Ok(BatchFile {
            name: shown,
            bytes: content,
        }));
    }
    Ok(entries)
}

/// An entry's name: UTF-8 when it is (zips made on macOS and Linux, or marked UTF-8), else
/// GBK, as Windows in Chinese writes them.
fn entry_name(raw: &[u8]) -> String {
    match std::str::from_utf8(raw) {
        Ok(text) => text.to_owned(),
        Err(_) => encoding_rs::GBK.decode(raw).0.into_owned(),
    }
}

/// Entries that are not files a person put in: folders' metadata from macOS and Windows.
fn skipped(name: &str) -> bool {
    let last = name.rsplit('/').next().unwrap_or(name);
    name.starts_with("__MACOSX/") || last.starts_with('.') || last == "Thumbs.db"
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, bytes) in entries {
            writer.start_file(*name, options).expect("entry");
            writer.write_all(bytes).expect("write");
        }
        writer.finish().expect("zip").into_inner()
    }

    #[test]
    fn a_file_that_is_no_archive_is_itself() {
        let entries = expand("表.txt", b"text".to_vec()).expect("read");
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].as_ref().expect("file").name, "表.txt");
    }

    #[test]
    fn a_zip_gives_its_files_and_refuses_nested_ones_and_metadata_is_skipped() {
        let inner = zip_of(&[("a.txt", b"a")]);
        let bytes = zip_of(&[
            ("甲/一.txt", b"one"),
            ("__MACOSX/._一.txt", b"x"),
            (".DS_Store", b"x"),
            ("内.zip", &inner),
        ]);
        let entries = expand("批量.zip", bytes).expect("read");
        assert_eq!(entries.len(), 2, "{entries:?}");
        let first = entries[0].as_ref().expect("a file");
        assert_eq!(
            (first.name.as_str(), first.bytes.as_slice()),
            ("批量.zip/甲/一.txt", &b"one"[..])
        );
        let (name, error) = entries[1].as_ref().expect_err("nested");
        assert_eq!(name, "批量.zip/内.zip");
        assert!(error.to_string().contains("只展开一层"), "{error}");
    }

    #[test]
    fn a_zip_bomb_is_refused_whole_by_what_it_unpacks_to() {
        let zeros = vec![0u8; 15 * 1024 * 1024];
        let names: Vec<String> = (0..8).map(|i| format!("{i}.txt")).collect();
        let entries: Vec<(&str, &[u8])> = names
            .iter()
            .map(|name| (name.as_str(), zeros.as_slice()))
            .collect();
        let bytes = zip_of(&entries);
        assert!(bytes.len() < 2 * 1024 * 1024, "{} bytes", bytes.len());
        let error = expand("炸弹.zip", bytes).expect_err("refused");
        assert!(matches!(error, DocumentError::TooLarge(_)), "{error}");
        assert!(error.to_string().contains("压缩炸弹"), "{error}");
    }

    #[test]
    fn a_file_larger_than_the_limit_is_refused_alone() {
        let big = vec![b'x'; limits::MAX_FILE + 1];
        let bytes = zip_of(&[("大.txt", &big), ("小.txt", b"ok")]);
        let entries = expand("两个.zip", bytes).expect("read");
        assert!(matches!(entries[0], Err((_, DocumentError::TooLarge(_)))));
        assert!(entries[1].is_ok());
    }

    #[test]
    fn too_many_files_are_refused() {
        let names: Vec<String> = (0..=MAX_BATCH_FILES).map(|i| format!("{i}.txt")).collect();
        let entries: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &b"x"[..])).collect();
        let error = expand("多.zip", zip_of(&entries)).expect_err("refused");
        assert!(error.to_string().contains("200"), "{error}");
    }

    #[test]
    fn a_gbk_name_reads_as_chinese() {
        let (gbk, _, _) = encoding_rs::GBK.encode("桃江县.xlsx");
        assert_eq!(entry_name(&gbk), "桃江县.xlsx");
    }
}
