//! Hostile files: each refused with a Chinese message (naming the sheet or cell where it
//! applies) before anything is kept, within bounded memory.

use std::io::Write;

use fundlens_documents::{self as documents, DocumentError, limits};
use rust_xlsxwriter::Workbook;

fn read(bytes: &[u8]) -> DocumentError {
    documents::read(bytes, "hostile", "hostile", &[]).expect_err("refused")
}

fn is_chinese(message: &str) -> bool {
    message
        .chars()
        .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

fn form_workbook() -> Vec<u8> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "项目名称").expect("cell");
    sheet.write_string(0, 1, "专项资金").expect("cell");
    book.save_to_buffer().expect("saves")
}

#[test]
fn a_truncated_workbook_is_corrupt() {
    let bytes = form_workbook();
    let error = read(&bytes[..bytes.len() / 2]);
    assert!(matches!(error, DocumentError::Corrupt(_)), "{error:?}");
    assert!(is_chinese(&error.to_string()));
}

#[test]
fn an_encrypted_workbook_is_refused_as_such() {
    let bytes = std::fs::read(format!(
        "{}/tests/fixtures/encrypted.xlsx",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("fixture");
    let error = read(&bytes);
    assert_eq!(error, DocumentError::Encrypted);
    assert!(error.to_string().contains("密码"));
}

#[test]
fn a_zip_bomb_is_refused_after_unpacking_no_more_than_the_limit() {
    let mut packed = Vec::new();
    {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(&mut packed));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        zip.start_file("xl/workbook.xml", options).expect("entry");
        zip.write_all(b"<workbook/>").expect("write");
        zip.start_file("xl/worksheets/sheet1.xml", options)
            .expect("entry");
        let zeros = vec![0u8; 1 << 20];
        for _ in 0..(limits::MAX_UNPACKED >> 20) + 8 {
            zip.write_all(&zeros).expect("write");
        }
        zip.finish().expect("finish");
    }
    assert!(
        packed.len() < 1 << 20,
        "a small file: {} bytes",
        packed.len()
    );
    let error = read(&packed);
    assert!(matches!(error, DocumentError::TooLarge(_)), "{error:?}");
    assert!(error.to_string().contains("压缩炸弹"), "{error}");
}

#[test]
fn a_workbook_of_ten_thousand_sheets_is_refused() {
    let mut book = Workbook::new();
    for _ in 0..10_000 {
        book.add_worksheet();
    }
    let bytes = book.save_to_buffer().expect("saves");
    let error = read(&bytes);
    assert!(error.to_string().contains("10000 个工作表"), "{error}");
}

#[test]
fn a_sheet_reaching_beyond_the_readable_range_names_the_cell() {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("自评表").expect("name");
    sheet.write_string(0, 0, "项目名称").expect("cell");
    sheet.write_string(1_000_000, 3, "x").expect("cell");
    let error = read(&book.save_to_buffer().expect("saves"));
    assert!(matches!(error, DocumentError::TooLarge(_)));
    assert!(
        error.to_string().contains("自评表") && error.to_string().contains("D1000001"),
        "{error}"
    );
}

#[test]
fn a_file_over_the_size_limit_is_refused_unread() {
    let bytes = vec![b' '; limits::MAX_FILE + 1];
    let error = read(&bytes);
    assert!(matches!(error, DocumentError::TooLarge(_)));
    assert!(error.to_string().contains("MB"));
}

#[test]
fn files_that_are_no_document_say_what_they_are_not() {
    let error = read(&(0..=255u8).cycle().take(4096).collect::<Vec<u8>>());
    assert!(matches!(error, DocumentError::Unsupported(_)), "{error:?}");
    assert!(is_chinese(&error.to_string()));
    // A PDF is read for its text layer now; a damaged one says it is damaged.
    let error = read(b"%PDF-1.7 ...");
    assert!(matches!(error, DocumentError::Corrupt(_)), "{error:?}");
    assert!(is_chinese(&error.to_string()));
    let error = read("一些与自评无关的文字。\n第二行。".as_bytes());
    assert_eq!(error, DocumentError::NoForm);
}

#[test]
fn sheets_spanning_too_many_cells_together_are_refused() {
    let mut book = Workbook::new();
    for _ in 0..6 {
        let sheet = book.add_worksheet();
        sheet.write_string(0, 0, "项目名称").expect("cell");
        sheet
            .write_string(limits::MAX_ROWS - 1, (limits::MAX_COLUMNS - 1) as u16, "x")
            .expect("cell");
    }
    let error = read(&book.save_to_buffer().expect("saves"));
    assert!(matches!(error, DocumentError::TooLarge(_)), "{error:?}");
    assert!(error.to_string().contains("单元格"), "{error}");
}
