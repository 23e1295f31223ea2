//! Every file format FundLens reads or writes. An uploaded or given file (.xlsx/.xls workbook,
//! .docx report, a saved web page, a PDF with a text layer, the text a copied report gives) is
//! *read* into draft records for a person to review ([`read`]); files that already are records (JSON, CSV) are read by [`records`], which
//! refuses what is invalid; tables, workbooks, the Word briefing and charts are written by
//! [`write`]. No HTTP, no SQL.
//!
//! A document has to be *found* in a file and read into a draft that may be incomplete, with
//! where each field came from, for the review step. A confirmed draft becomes a record through
//! the same `Evaluation::from_json` as every other import, and the cell texts are read by
//! `shared` ([`fundlens_shared::reading`], [`fundlens_shared::target`]) as `check` reads them.
//!
//! Hostile files are refused before anything is stored, each with a Chinese message naming the
//! sheet or cell where it applies: corrupt, encrypted or unrecognised files, packages that
//! unpack beyond [`limits::MAX_UNPACKED`] bytes (zip bombs), more than [`limits::MAX_SHEETS`]
//! sheets, sheets beyond [`limits::MAX_ROWS`] × [`limits::MAX_COLUMNS`] or together beyond
//! [`limits::MAX_CELLS`], texts beyond [`limits::MAX_LINES`] lines, formulas whose result the
//! file does not hold. Memory stays bounded by those limits.
//!
//! # Layout
//! - [`assemble`]: which tables hold forms (several in a file, a form split over two tables,
//!   two forms in one sheet), one draft each.
//! - [`grid`]: paragraphs and tables of cells with their locations, what every reader produces.
//! - [`form`] and [`indicators`]: the form read from a table by the roles of its labels
//!   (`fundlens_shared::reading::labels`), what no block took kept as unplaced.
//! - [`report`]: the report read from its paragraphs by its section headings.
//! - [`sheet_report`]: the report blocks FundLens writes into its workbooks.
//! - [`draft`]: the draft under construction; JSON paths for fields and corrections.
//! - [`finish`]: year, region and provenance from titles; what is missing.
//! - [`text`], [`xlsx`] (with [`numfmt`], number formats), [`docx`], [`html`], [`pdf`]: the
//!   readers of each format.
//! - [`limits`]: the bounds every reader keeps.
//! - [`batch`]: the files of a batch upload, a .zip of forms unpacked one level, bounded.
//! - [`review`]: corrections, the list's facts and the record a draft becomes.
//! - [`records`]: JSON and CSV files that already are records (evaluations, observations).
//! - [`write`]: files written: tables as CSV and .xlsx, the 自评表 workbook, the Word briefing,
//!   PNG charts.

mod assemble;
pub mod batch;
mod docx;
pub(crate) mod draft;
mod finish;
mod form;
mod grid;
mod html;
mod indicators;
pub mod limits;
mod numfmt;
mod pdf;
pub mod records;
mod report;
pub mod review;
mod sheet_report;
mod text;
pub mod write;
mod xlsx;

use fundlens_shared::draft::DraftContent;

use finish::FileContext;

/// Why a file could not be read at all. Messages are Chinese, for the person who uploaded it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DocumentError {
    /// Not a workbook, a Word document or text.
    #[error("无法识别文件格式：{0}")]
    Unsupported(String),
    /// The file is damaged.
    #[error("文件已损坏，无法读取：{0}")]
    Corrupt(String),
    /// The file is protected by a password.
    #[error("文件设有打开密码（已加密），无法读取；请在 Excel 或 Word 中去掉密码后另存再上传")]
    Encrypted,
    /// The file exceeds a limit (size, unpacked size, sheets, rows).
    #[error("{0}")]
    TooLarge(String),
    /// A cell holds a formula without its result.
    #[error("{0}")]
    Formula(String),
    /// A PDF without a text layer (a scan).
    #[error(
        "这是扫描件：PDF 中没有文字层，无法读取其中的文字；请上传 Excel、Word、网页或可复制文字的 PDF，或先用文字识别（OCR）转成文字"
    )]
    Scanned,
    /// No form and no report was found.
    #[error("文件中没有找到项目支出绩效自评表（“项目名称”“三级指标”等标签）或绩效自评报告的章节")]
    NoForm,
}

impl DocumentError {
    /// A stable English code for the API.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Unsupported(_) => "unsupported_document",
            Self::Corrupt(_) => "corrupt_document",
            Self::Encrypted => "encrypted_document",
            Self::TooLarge(_) => "document_too_large",
            Self::Formula(_) => "formula_without_value",
            Self::Scanned => "scanned_document",
            Self::NoForm => "no_form_found",
        }
    }
}

/// The formats read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Xlsx,
    Xls,
    Docx,
    Html,
    Pdf,
    Text,
}

fn format_of(bytes: &[u8]) -> Result<Format, DocumentError> {
    if bytes.starts_with(b"PK\x03\x04") {
        return limits::package_kind(bytes);
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        // An encrypted .xlsx or .docx is an OLE container holding an `EncryptedPackage` stream
        // (its directory names are UTF-16).
        let encrypted: Vec<u8> = "EncryptedPackage"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        if bytes
            .windows(encrypted.len())
            .any(|window| window == encrypted.as_slice())
        {
            return Err(DocumentError::Encrypted);
        }
        return Ok(Format::Xls);
    }
    if bytes.starts_with(b"%PDF") {
        return Ok(Format::Pdf);
    }
    if html::is_html(bytes) {
        return Ok(Format::Html);
    }
    Ok(Format::Text)
}

/// Reads a file into one draft per form found (with the report attached when the file holds
/// one form).
///
/// `name` is the file's name, `location` where it can be found again (it becomes the draft's
/// provenance location), `regions` the region names to recognise in titles.
///
/// # Errors
/// A [`DocumentError`] when the file is unreadable, hostile or holds no form.
pub fn read(
    bytes: &[u8],
    name: &str,
    location: &str,
    regions: &[String],
) -> Result<Vec<DraftContent>, DocumentError> {
    if bytes.len() > limits::MAX_FILE {
        return Err(limits::too_large_file(bytes.len()));
    }
    let file = FileContext {
        name,
        location,
        regions,
    };
    match format_of(bytes)? {
        Format::Xlsx => assemble::from_sheets(xlsx::read_xlsx(bytes)?, &file),
        Format::Xls => assemble::from_sheets(xlsx::read_xls(bytes)?, &file),
        Format::Docx => assemble::from_document(&docx::read(bytes)?, &file),
        Format::Html => {
            let page = html::decode(bytes)
                .ok_or_else(|| DocumentError::Unsupported("网页的文字编码无法识别".to_owned()))?;
            assemble::from_document(&html::read(&page)?, &file)
        }
        Format::Pdf => assemble::from_document(&text::read(&pdf::read(bytes)?)?, &file),
        Format::Text => {
            let text = text::decode(bytes).ok_or_else(|| {
                DocumentError::Unsupported(
                    "既不是 Excel、Word 文件，也不是可读的文本（UTF-8、GBK）".to_owned(),
                )
            })?;
            assemble::from_document(&text::read(&text)?, &file)
        }
    }
}
